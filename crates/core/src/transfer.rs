//! Which region holds a worker, and the explicit move between regions (*pemindahan*).
//!
//! **The rule** (docs/transfers.md): a worker's active enrolment belongs to the region that
//! registered it — the region of the worker's recorded village (the registry keeps one village
//! per worker, and every period counts there). An import may change such a worker only when the
//! importing account's scope contains that village. Otherwise the row is refused
//! ([`Custody::RegisteredElsewhere`], code `registered_elsewhere`) and the receiving region asks
//! for a transfer, which the holding region (or a scope covering it) approves or refuses.
//! A worker with no active enrolment belongs to nobody: any region may enrol them again.
//! An importer whose scope covers both the old and the new village (a province, an
//! administrator, the console) may move the worker directly; the move is recorded as a transfer
//! ([`Custody::AcceptAsTransfer`]).
//!
//! This module decides; it stores nothing. The store applies [`plan_move`] on approval.

use crate::auth::Scope;
use crate::coverage::Deltas;
use crate::lang::{Lang, Localized};
use crate::region::{Level, RegionCode};
use crate::worker::Enrolment;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whether the worker has a period that has not ended by `today` (running or planned).
pub fn is_active(periods: &[Enrolment], today: NaiveDate) -> bool {
    periods.iter().any(|p| p.end.is_none_or(|e| e >= today))
}

/// The region named as the holder of a worker living in `village`, for an importer of `scope`
/// that does not contain it: the widest region holding the village and not the importer's —
/// the kab/kota, or the kecamatan when the importer works in a neighbouring kecamatan of the
/// same kab/kota.
pub fn holder_region(village: RegionCode, scope: Scope) -> RegionCode {
    let diverges = [
        Level::Province,
        Level::Regency,
        Level::District,
        Level::Village,
    ]
    .into_iter()
    .find(|&l| {
        scope
            .region()
            .is_none_or(|r| r.ancestor(l) != village.ancestor(l))
    })
    .unwrap_or(Level::Village);
    village
        .ancestor(diverges.max(Level::Regency))
        .unwrap_or(village)
}

/// Whether two villages lie in different kab/kota (a move that is a transfer).
pub fn crosses_regency(a: RegionCode, b: RegionCode) -> bool {
    a.ancestor(Level::Regency) != b.ancestor(Level::Regency)
}

/// What an imported row may do to a worker already in the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Custody {
    /// The importer holds the worker, or nobody does: apply the registry rule.
    Accept,
    /// The importer's scope covers both villages and the row moves an actively enrolled worker
    /// to another kab/kota: apply it, and record it as a transfer.
    AcceptAsTransfer { from: RegionCode, to: RegionCode },
    /// The worker is actively enrolled in a region outside the importer's scope.
    RegisteredElsewhere { holder: RegionCode },
}

/// Decides [`Custody`] for a row of an existing worker. `recorded` is the worker's village,
/// `periods` their recorded periods, `incoming` the row's village (already checked to lie in
/// `importer`'s scope by row validation).
pub fn custody(
    recorded: RegionCode,
    periods: &[Enrolment],
    incoming: RegionCode,
    importer: Scope,
    today: NaiveDate,
) -> Custody {
    if !is_active(periods, today) {
        return Custody::Accept;
    }
    if !importer.contains(recorded) {
        return Custody::RegisteredElsewhere {
            holder: holder_region(recorded, importer),
        };
    }
    if crosses_regency(recorded, incoming) {
        Custody::AcceptAsTransfer {
            from: recorded,
            to: incoming,
        }
    } else {
        Custody::Accept
    }
}

/// The state of a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferStatus {
    /// Asked by the receiving region, waiting for the holding region.
    Pending,
    /// Approved: the worker was moved.
    Approved,
    /// Refused by the holding region.
    Refused,
    /// Withdrawn by the receiving region.
    Cancelled,
    /// Made directly by an import whose scope covered both regions.
    Imported,
}

impl TransferStatus {
    pub const ALL: [TransferStatus; 5] = [
        TransferStatus::Pending,
        TransferStatus::Approved,
        TransferStatus::Refused,
        TransferStatus::Cancelled,
        TransferStatus::Imported,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            TransferStatus::Pending => "pending",
            TransferStatus::Approved => "approved",
            TransferStatus::Refused => "refused",
            TransferStatus::Cancelled => "cancelled",
            TransferStatus::Imported => "imported",
        }
    }

    pub fn parse(s: &str) -> Option<TransferStatus> {
        TransferStatus::ALL
            .into_iter()
            .find(|t| t.code() == s.trim())
    }

    /// The status as shown on pages.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (TransferStatus::Pending, Lang::Id) => "menunggu",
            (TransferStatus::Approved, Lang::Id) => "disetujui",
            (TransferStatus::Refused, Lang::Id) => "ditolak",
            (TransferStatus::Cancelled, Lang::Id) => "dibatalkan",
            (TransferStatus::Imported, Lang::Id) => "lewat impor",
            (TransferStatus::Pending, Lang::En) => "pending",
            (TransferStatus::Approved, Lang::En) => "approved",
            (TransferStatus::Refused, Lang::En) => "refused",
            (TransferStatus::Cancelled, Lang::En) => "cancelled",
            (TransferStatus::Imported, Lang::En) => "by import",
        }
    }
}

/// A decision on a pending transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The holding region agrees: the worker moves.
    Approve,
    /// The holding region does not agree.
    Refuse,
    /// The receiving region withdraws its request.
    Cancel,
}

impl Decision {
    /// The status a pending transfer takes.
    pub fn outcome(self) -> TransferStatus {
        match self {
            Decision::Approve => TransferStatus::Approved,
            Decision::Refuse => TransferStatus::Refused,
            Decision::Cancel => TransferStatus::Cancelled,
        }
    }

    /// The audit action (`transfer.approve`, …).
    pub fn audit_action(self) -> &'static str {
        match self {
            Decision::Approve => "transfer.approve",
            Decision::Refuse => "transfer.refuse",
            Decision::Cancel => "transfer.cancel",
        }
    }
}

/// Why a transfer cannot be asked for or decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TransferProblem {
    /// The NIK is not in the registry: import the worker instead.
    NotRegistered,
    /// The worker has no active enrolment: any region may import them.
    NotActive,
    /// The worker already lives in the requester's scope: import the change directly.
    AlreadyInScope,
    /// The new village is not a desa/kelurahan.
    NotAVillage { village: RegionCode },
    /// The reason is empty or too long.
    Reason,
    /// A transfer of this NIK is already waiting.
    AlreadyPending { id: i64 },
    /// The transfer was already decided.
    NotPending { status: TransferStatus },
    /// The worker moved, or ended their enrolment, since the request: it no longer describes
    /// the registry. Refuse or cancel it and ask again.
    Stale,
}

/// Longest reason accepted, in characters.
pub const MAX_REASON_CHARS: usize = 500;

impl Localized for TransferProblem {
    fn message(&self, lang: Lang) -> String {
        use TransferProblem::*;
        let id = matches!(lang, Lang::Id);
        match self {
            NotRegistered if id => "NIK ini belum terdaftar; impor pekerja ini langsung".into(),
            NotRegistered => "this NIK is not registered; import the worker directly".into(),
            NotActive if id => "pekerja ini tidak punya kepesertaan aktif; impor langsung tanpa pemindahan".into(),
            NotActive => "this worker has no active enrolment; import them directly, no transfer is needed".into(),
            AlreadyInScope if id => "pekerja ini sudah terdaftar di wilayah Anda; ubah lewat impor".into(),
            AlreadyInScope => "this worker is already registered in your region; change them by import".into(),
            NotAVillage { village } if id => format!("{village} bukan kode desa/kelurahan"),
            NotAVillage { village } => format!("{village} is not a desa/kelurahan code"),
            Reason if id => format!("alasan pemindahan wajib diisi (paling banyak {MAX_REASON_CHARS} karakter)"),
            Reason => format!("a reason for the transfer is required (at most {MAX_REASON_CHARS} characters)"),
            AlreadyPending { id: n } if id => format!("sudah ada permintaan pemindahan NIK ini yang menunggu (#{n})"),
            AlreadyPending { id: n } => format!("a transfer of this NIK is already pending (#{n})"),
            NotPending { status } if id => format!("pemindahan ini sudah {}", status.label(lang)),
            NotPending { status } => format!("this transfer is already {}", status.label(lang)),
            Stale if id => "data pekerja berubah sejak permintaan (pindah atau kepesertaan berakhir); tolak atau batalkan lalu ajukan lagi".into(),
            Stale => "the worker changed since the request (moved or enrolment ended); refuse or cancel it and ask again".into(),
        }
    }
}

/// Checks a request to move the worker recorded in `recorded` with `periods` to `to`, asked by
/// an account of `requester` scope (which must contain `to`: that is the authorisation's job).
pub fn check_request(
    worker: Option<(RegionCode, &[Enrolment])>,
    to: RegionCode,
    requester: Scope,
    reason: &str,
    today: NaiveDate,
) -> Result<(), TransferProblem> {
    if to.level() != Level::Village {
        return Err(TransferProblem::NotAVillage { village: to });
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(TransferProblem::Reason);
    }
    let Some((recorded, periods)) = worker else {
        return Err(TransferProblem::NotRegistered);
    };
    if !is_active(periods, today) {
        return Err(TransferProblem::NotActive);
    }
    if requester.contains(recorded) {
        return Err(TransferProblem::AlreadyInScope);
    }
    Ok(())
}

/// Checks that a transfer asked for when the worker lived in `from` may still be approved now
/// that the worker lives in `recorded` with `periods`.
pub fn check_approval(
    from: RegionCode,
    worker: Option<(RegionCode, &[Enrolment])>,
    today: NaiveDate,
) -> Result<(), TransferProblem> {
    match worker {
        Some((recorded, periods)) if recorded == from && is_active(periods, today) => Ok(()),
        _ => Err(TransferProblem::Stale),
    }
}

/// The periods of a worker after an approved move on `today` (the first day in the new region):
/// the period running on `today` is closed on the day before and continued, with the same
/// details, from `today`; periods that start later are kept as they are. Every period then
/// counts in the new village (the registry rule).
pub fn plan_move(periods: &[Enrolment], today: NaiveDate) -> Vec<Enrolment> {
    let mut out = Vec::with_capacity(periods.len() + 1);
    for p in periods {
        match today.pred_opt() {
            Some(yesterday) if p.start < today && p.covers(today) => {
                out.push(Enrolment {
                    end: Some(yesterday),
                    ..p.clone()
                });
                out.push(Enrolment {
                    start: today,
                    ..p.clone()
                });
            }
            _ => out.push(p.clone()),
        }
    }
    out
}

/// Everything an approved move writes to the registry, decided once for every backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovePlan {
    /// Periods whose end changes, by start date, with their new end. The backend keeps the
    /// former version in the period history.
    pub revised: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// New periods: the continuation, from the first day in the new village, of the period
    /// running on that day.
    pub added: Vec<Enrolment>,
    /// The coverage aggregates' change: every period leaves the former village, every planned
    /// period counts in the new one.
    pub deltas: Deltas,
}

/// The plan of moving a worker living in `village`, with `periods`, to `to` on `today`
/// ([`plan_move`]). The worker's own record changes village; the backend keeps the former one
/// in the worker history.
pub fn move_plan(
    village: RegionCode,
    periods: &[Enrolment],
    to: RegionCode,
    today: NaiveDate,
) -> MovePlan {
    let planned = plan_move(periods, today);
    let mut plan = MovePlan {
        revised: Vec::new(),
        added: Vec::new(),
        deltas: Deltas::new(),
    };
    for p in &planned {
        match periods.iter().find(|o| o.start == p.start) {
            Some(o) if o == p => {}
            Some(_) => plan.revised.push((p.start, p.end)),
            None => plan.added.push(p.clone()),
        }
    }
    for p in periods {
        plan.deltas.remove(village, p);
    }
    for p in &planned {
        plan.deltas.add(to, p);
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Category, Funding, ProgrammeSet, Sector, Segment};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    fn scope(s: &str) -> Scope {
        Scope::parse(s).unwrap()
    }

    fn period(start: NaiveDate, end: Option<NaiveDate>) -> Enrolment {
        Enrolment {
            segment: Segment::Bpu,
            category: Category::PekerjaRentan,
            sector: Some(Sector::Petani),
            funding: Funding::ApbdKabkota,
            csr_company: None,
            programmes: ProgrammeSet::parse("JKK,JKM").unwrap(),
            start,
            end,
            wage: None,
        }
    }

    const TODAY: (i32, u32, u32) = (2024, 6, 1);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn a_paser_operator_cannot_take_a_worker_active_in_kutai_kartanegara() {
        let kukar_village = code("64.02.01.2001");
        let paser_village = code("64.01.04.2010");
        let open = [period(d(2023, 1, 1), None)];
        assert_eq!(
            custody(kukar_village, &open, paser_village, scope("64.01"), today()),
            Custody::RegisteredElsewhere {
                holder: code("64.02")
            }
        );
        // A period ending in the future is active too.
        let running = [period(d(2023, 1, 1), Some(d(2024, 12, 31)))];
        assert!(matches!(
            custody(
                kukar_village,
                &running,
                paser_village,
                scope("64.01"),
                today()
            ),
            Custody::RegisteredElsewhere { .. }
        ));
    }

    #[test]
    fn a_worker_whose_enrolment_ended_may_be_enrolled_again_anywhere() {
        let ended = [period(d(2022, 1, 1), Some(d(2023, 12, 31)))];
        assert_eq!(
            custody(
                code("64.02.01.2001"),
                &ended,
                code("64.01.04.2010"),
                scope("64.01"),
                today()
            ),
            Custody::Accept
        );
        // Ended yesterday is ended; ending today is still active.
        let ends_today = [period(d(2022, 1, 1), Some(today()))];
        assert!(is_active(&ends_today, today()));
        let ended_yesterday = [period(d(2022, 1, 1), today().pred_opt())];
        assert!(!is_active(&ended_yesterday, today()));
    }

    #[test]
    fn the_holder_changes_its_own_workers_freely() {
        let open = [period(d(2023, 1, 1), None)];
        let (a, b) = (code("64.01.04.2010"), code("64.01.01.2001"));
        assert_eq!(
            custody(a, &open, b, scope("64.01"), today()),
            Custody::Accept
        );
        assert_eq!(
            custody(a, &open, a, scope("64.01"), today()),
            Custody::Accept
        );
    }

    #[test]
    fn a_wider_scope_moves_directly_as_a_recorded_transfer() {
        let open = [period(d(2023, 1, 1), None)];
        let (kukar, paser) = (code("64.02.01.2001"), code("64.01.04.2010"));
        for s in ["64", "nasional"] {
            assert_eq!(
                custody(kukar, &open, paser, scope(s), today()),
                Custody::AcceptAsTransfer {
                    from: kukar,
                    to: paser
                },
                "{s}"
            );
        }
        // Another province's worker is named by kab/kota, not province.
        assert_eq!(
            custody(code("65.01.01.2001"), &open, paser, scope("64"), today()),
            Custody::RegisteredElsewhere {
                holder: code("65.01")
            }
        );
    }

    #[test]
    fn a_kecamatan_operator_is_told_the_neighbouring_kecamatan() {
        let open = [period(d(2023, 1, 1), None)];
        assert_eq!(
            custody(
                code("64.01.02.2001"),
                &open,
                code("64.01.01.2001"),
                scope("64.01.01"),
                today()
            ),
            Custody::RegisteredElsewhere {
                holder: code("64.01.02")
            }
        );
        // A kecamatan operator of another kab/kota is told the kab/kota.
        assert_eq!(
            holder_region(code("64.02.01.2001"), scope("64.01.04")),
            code("64.02")
        );
    }

    #[test]
    fn requests_need_an_active_worker_held_elsewhere_and_a_reason() {
        let open = [period(d(2023, 1, 1), None)];
        let ended = [period(d(2022, 1, 1), Some(d(2022, 12, 31)))];
        let kukar = code("64.02.01.2001");
        let to = code("64.01.04.2010");
        let paser = scope("64.01");
        let t = today();
        assert_eq!(
            check_request(Some((kukar, &open)), to, paser, "pindah domisili", t),
            Ok(())
        );
        assert_eq!(
            check_request(None, to, paser, "pindah", t),
            Err(TransferProblem::NotRegistered)
        );
        assert_eq!(
            check_request(Some((kukar, &ended)), to, paser, "pindah", t),
            Err(TransferProblem::NotActive)
        );
        assert_eq!(
            check_request(Some((to, &open)), to, paser, "pindah", t),
            Err(TransferProblem::AlreadyInScope)
        );
        assert_eq!(
            check_request(Some((kukar, &open)), to, paser, "  ", t),
            Err(TransferProblem::Reason)
        );
        assert_eq!(
            check_request(Some((kukar, &open)), code("64.01"), paser, "x", t),
            Err(TransferProblem::NotAVillage {
                village: code("64.01")
            })
        );
        let p = TransferProblem::AlreadyPending { id: 7 };
        assert!(p.message(Lang::Id).contains("#7"));
    }

    #[test]
    fn approval_needs_the_worker_where_the_request_found_them() {
        let open = [period(d(2023, 1, 1), None)];
        let kukar = code("64.02.01.2001");
        assert_eq!(check_approval(kukar, Some((kukar, &open)), today()), Ok(()));
        assert_eq!(
            check_approval(kukar, Some((code("64.02.01.2002"), &open)), today()),
            Err(TransferProblem::Stale)
        );
        assert_eq!(
            check_approval(kukar, None, today()),
            Err(TransferProblem::Stale)
        );
    }

    #[test]
    fn a_move_closes_the_running_period_and_continues_it() {
        let t = today();
        let old = period(d(2023, 1, 1), None);
        let planned = period(d(2025, 1, 1), Some(d(2025, 12, 31)));
        let past = period(d(2020, 1, 1), Some(d(2020, 12, 31)));
        let moved = plan_move(&[past.clone(), old.clone(), planned.clone()], t);
        assert_eq!(moved.len(), 4);
        assert_eq!(moved[0], past);
        assert_eq!(moved[1].end, Some(d(2024, 5, 31)));
        assert_eq!(moved[1].start, old.start);
        assert_eq!(moved[2].start, t);
        assert_eq!(moved[2].end, None);
        assert_eq!(moved[3], planned);
        // A period that starts today is moved whole (nothing to close).
        let fresh = period(t, None);
        assert_eq!(plan_move(std::slice::from_ref(&fresh), t), vec![fresh]);
    }

    #[test]
    fn a_move_plan_revises_the_running_period_adds_its_rest_and_moves_the_coverage() {
        let t = today();
        let paser = code("64.01.04.2010");
        let kukar = code("64.02.01.2001");
        let old = period(d(2023, 1, 1), None);
        let past = period(d(2020, 1, 1), Some(d(2020, 12, 31)));
        let plan = move_plan(paser, &[past.clone(), old.clone()], kukar, t);
        assert_eq!(plan.revised, vec![(old.start, Some(d(2024, 5, 31)))]);
        assert_eq!(plan.added, vec![period(t, None)]);
        // Paser loses both periods, Kukar gains all three pieces.
        let mut expected = Deltas::new();
        expected.remove(paser, &past);
        expected.remove(paser, &old);
        expected.add(kukar, &past);
        expected.add(kukar, &period(old.start, Some(d(2024, 5, 31))));
        expected.add(kukar, &period(t, None));
        assert_eq!(plan.deltas, expected);
        // A worker whose only period starts today changes nothing but the village.
        let fresh = period(t, None);
        let plan = move_plan(paser, std::slice::from_ref(&fresh), kukar, t);
        assert!(plan.revised.is_empty() && plan.added.is_empty());
        // A move inside one kab/kota changes no coverage count.
        let same = move_plan(paser, std::slice::from_ref(&old), code("64.01.04.2011"), t);
        assert!(same.deltas.is_empty(), "{:?}", same.deltas);
    }

    #[test]
    fn decisions_and_statuses_have_stable_codes() {
        for s in TransferStatus::ALL {
            assert_eq!(TransferStatus::parse(s.code()), Some(s));
        }
        assert_eq!(Decision::Approve.outcome(), TransferStatus::Approved);
        assert_eq!(Decision::Cancel.audit_action(), "transfer.cancel");
    }
}
