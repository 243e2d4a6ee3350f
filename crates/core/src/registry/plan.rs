//! The plan of one imported row: from what the registry holds for its NIK and the row itself,
//! which rows a backend writes and how the coverage aggregates change. Decided here, once, for
//! every storage backend; a backend reads the recorded state of a batch of rows, asks
//! [`plan_row`] for each, and executes the plans (docs/architecture.md, "Registry plans and
//! versions").
//!
//! The decision follows the module's rule ([`reconcile`](super::reconcile)) and the custody
//! rule of transfers ([`crate::transfer::custody`]):
//!
//! - a NIK not recorded: insert the person and the period, and count the period where they live
//!   (*imported*);
//! - a worker actively enrolled outside the importer's scope: nothing is written (refused,
//!   `registered_elsewhere`);
//! - a period overlapping a recorded one: nothing is written (refused,
//!   `overlaps_recorded_period`);
//! - otherwise the period is added, revised or closed-and-added as `reconcile` says (a revised
//!   or closed period keeps its former version in the history), a changed name or village
//!   replaces the recorded one (kept in the history), a worker who moved takes every recorded
//!   period's coverage to the new village, and a move to another kab/kota by an importer whose
//!   scope covers both is recorded as a transfer.

use super::{PeriodAction, RegistryConflict, reconcile};
use crate::auth::Scope;
use crate::coverage::Deltas;
use crate::region::RegionCode;
use crate::transfer::{self, Custody};
use crate::worker::{Enrolment, Person};
use chrono::NaiveDate;
use std::borrow::Cow;

/// What the registry holds for a NIK, as a backend reads it before planning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub name: String,
    /// The recorded domicile desa/kelurahan.
    pub village: RegionCode,
    /// Every recorded period, oldest first.
    pub periods: Vec<Enrolment>,
}

/// Who imports: the custody rule needs their scope and the date taken as today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Importer {
    pub scope: Scope,
    pub today: NaiveDate,
}

/// What a row does, as counted in the import's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowOutcome {
    /// A new worker.
    Imported,
    /// An existing worker whose record or periods changed.
    Updated,
    /// Identical to what is recorded.
    Unchanged,
    /// Refused because of what the registry holds; nothing of the row is written.
    Refused(RegistryConflict),
}

/// What happens to the person record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonWrite<'a> {
    /// Nothing.
    Keep,
    /// A new worker: insert the person (before any of their periods).
    Insert(&'a Person),
    /// The name or village changed: keep the former ones in the history, then write the row's
    /// name and village.
    Revise {
        former_name: &'a str,
        former_village: RegionCode,
        now: &'a Person,
    },
}

/// A recorded period rewritten in place (same start date): its former version is kept in the
/// history first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRevision<'a> {
    /// The period as recorded.
    pub former: &'a Enrolment,
    /// The period as it is to be stored; `now.start == former.start`.
    pub now: Cow<'a, Enrolment>,
}

/// One change to the coverage aggregates: a period's events added or removed in a village.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoverageChange<'a> {
    Add(RegionCode, &'a Enrolment),
    Remove(RegionCode, &'a Enrolment),
}

/// A worker who moved: every recorded period now counts in the new village.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovedPeriods<'a> {
    /// The recorded village.
    pub from: RegionCode,
    /// The recorded periods, as they were before this row.
    pub periods: &'a [Enrolment],
}

/// A worker moved to another kab/kota by an import whose scope covers both: recorded as a
/// transfer with status `imported`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportedMove {
    pub from: RegionCode,
    pub to: RegionCode,
}

/// Everything one row does to the registry, as plain data. A backend executes it in this order:
/// the person insert, the period revision, the period insert, the person revision; then it adds
/// the coverage changes ([`RowPlan::coverage`], or [`RowPlan::add_coverage`] straight into the
/// import's deltas) and records the transfer, if any. A refused row has no writes at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowPlan<'a> {
    pub outcome: RowOutcome,
    pub person: PersonWrite<'a>,
    pub revise: Option<PeriodRevision<'a>>,
    /// A period to insert (the row's).
    pub insert: Option<&'a Enrolment>,
    /// Where the worker lives after the row: their periods count there.
    pub village: RegionCode,
    /// The worker moved (any change of village): their recorded periods' coverage moves.
    pub moved: Option<MovedPeriods<'a>>,
    pub transfer: Option<ImportedMove>,
}

impl<'a> RowPlan<'a> {
    fn refused(conflict: RegistryConflict, village: RegionCode) -> RowPlan<'a> {
        RowPlan {
            outcome: RowOutcome::Refused(conflict),
            person: PersonWrite::Keep,
            revise: None,
            insert: None,
            village,
            moved: None,
            transfer: None,
        }
    }

    /// The plan's changes to the coverage aggregates: a mover's recorded periods removed where
    /// they lived and added where they live; a revised period's former version removed and its
    /// new one added; an inserted period added. (Derived from the plan's writes, so it cannot
    /// disagree with them, and computed without allocating: a million new rows are planned
    /// on the writing thread.)
    pub fn coverage(&self) -> impl Iterator<Item = CoverageChange<'_>> + '_ {
        let village = self.village;
        let moved = self.moved.iter().flat_map(move |m| {
            m.periods.iter().flat_map(move |p| {
                [
                    CoverageChange::Remove(m.from, p),
                    CoverageChange::Add(village, p),
                ]
            })
        });
        let revised = self.revise.iter().flat_map(move |r| {
            [
                CoverageChange::Remove(village, r.former),
                CoverageChange::Add(village, r.now.as_ref()),
            ]
        });
        let inserted = self
            .insert
            .map(|e| CoverageChange::Add(village, e))
            .into_iter();
        moved.chain(revised).chain(inserted)
    }

    /// Adds the plan's coverage changes to an import's deltas.
    pub fn add_coverage(&self, deltas: &mut Deltas) {
        for c in self.coverage() {
            match c {
                CoverageChange::Add(village, period) => deltas.add(village, period),
                CoverageChange::Remove(village, period) => deltas.remove(village, period),
            }
        }
    }

    /// Whether the plan writes nothing (an unchanged or refused row).
    pub fn writes_nothing(&self) -> bool {
        self.person == PersonWrite::Keep
            && self.revise.is_none()
            && self.insert.is_none()
            && self.moved.is_none()
            && self.transfer.is_none()
    }
}

/// Plans one incoming row (`person`, `period`) against what the registry holds for its NIK
/// (`None`: not recorded). Pure: the same inputs always give the same plan.
pub fn plan_row<'a>(
    recorded: Option<&'a Recorded>,
    person: &'a Person,
    period: &'a Enrolment,
    importer: &Importer,
) -> RowPlan<'a> {
    let Some(rec) = recorded else {
        return RowPlan {
            outcome: RowOutcome::Imported,
            person: PersonWrite::Insert(person),
            revise: None,
            insert: Some(period),
            village: person.village,
            moved: None,
            transfer: None,
        };
    };
    let periods = &rec.periods;
    let new_village = person.village;
    // A worker actively enrolled elsewhere is not the importer's to change (docs/transfers.md).
    let custody = transfer::custody(
        rec.village,
        periods,
        new_village,
        importer.scope,
        importer.today,
    );
    if let Custody::RegisteredElsewhere { holder } = custody {
        return RowPlan::refused(
            RegistryConflict::RegisteredElsewhere {
                region: holder,
                region_name: String::new(),
            },
            new_village,
        );
    }
    let (revise, insert) = match reconcile(periods, period) {
        PeriodAction::Overlap(i) => {
            let e = &periods[i];
            return RowPlan::refused(
                RegistryConflict::OverlapsRecordedPeriod {
                    start: e.start,
                    end: e.end,
                },
                new_village,
            );
        }
        PeriodAction::Unchanged => (None, None),
        PeriodAction::Add => (None, Some(period)),
        PeriodAction::Revise(i) => (
            Some(PeriodRevision {
                former: &periods[i],
                now: Cow::Borrowed(period),
            }),
            None,
        ),
        PeriodAction::CloseAndAdd { index, close_on } => {
            let old = &periods[index];
            let closed = Enrolment {
                end: Some(close_on),
                ..old.clone()
            };
            (
                Some(PeriodRevision {
                    former: old,
                    now: Cow::Owned(closed),
                }),
                Some(period),
            )
        }
    };
    // The worker's periods now count where they live now.
    let moved = (rec.village != new_village).then_some(MovedPeriods {
        from: rec.village,
        periods,
    });
    let person_write = if rec.name != person.name || moved.is_some() {
        PersonWrite::Revise {
            former_name: &rec.name,
            former_village: rec.village,
            now: person,
        }
    } else {
        PersonWrite::Keep
    };
    let changed = revise.is_some() || insert.is_some() || person_write != PersonWrite::Keep;
    RowPlan {
        outcome: if changed {
            RowOutcome::Updated
        } else {
            RowOutcome::Unchanged
        },
        person: person_write,
        revise,
        insert,
        village: new_village,
        moved,
        transfer: match custody {
            Custody::AcceptAsTransfer { from, to } => Some(ImportedMove { from, to }),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Category, Funding, ProgrammeSet, Sector, Segment};
    use crate::coverage::{Profile, day};
    use crate::nik::{Nik, Sex};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 23);

    fn national() -> Importer {
        Importer {
            scope: Scope::National,
            today: d(TODAY.0, TODAY.1, TODAY.2),
        }
    }

    fn scoped(region: &str) -> Importer {
        Importer {
            scope: Scope::Region(code(region)),
            today: d(TODAY.0, TODAY.1, TODAY.2),
        }
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

    fn person(name: &str, village: &str) -> Person {
        Person {
            nik: Nik::from_stored(6_401_040_407_820_031).unwrap(),
            name: name.into(),
            sex: Sex::Male,
            birth_date: d(1982, 7, 4),
            village: code(village),
        }
    }

    fn recorded(name: &str, village: &str, periods: Vec<Enrolment>) -> Recorded {
        Recorded {
            name: name.into(),
            village: code(village),
            periods,
        }
    }

    const MUARA_PASIR: &str = "64.01.04.2010"; // Paser
    const TANAH_GROGOT: &str = "64.01.04.1001"; // Paser, same kecamatan
    const TENGGARONG: &str = "64.02.01.1001"; // Kutai Kartanegara

    /// The coverage changes summed, as (kab/kota, day, delta) sorted.
    fn sums(plan: &RowPlan<'_>) -> Vec<(String, i32, i64)> {
        let mut deltas = Deltas::new();
        plan.add_coverage(&mut deltas);
        deltas
            .rows()
            .into_iter()
            .map(|(r, _, day, v)| (r.to_string(), day, v))
            .collect()
    }

    #[test]
    fn a_new_nik_inserts_the_person_and_the_period_and_counts_it() {
        let p = person("Budi", MUARA_PASIR);
        let e = period(d(2024, 1, 1), Some(d(2024, 12, 31)));
        let plan = plan_row(None, &p, &e, &national());
        assert_eq!(plan.outcome, RowOutcome::Imported);
        assert_eq!(plan.person, PersonWrite::Insert(&p));
        assert_eq!((plan.revise.as_ref(), plan.insert), (None, Some(&e)));
        assert_eq!(plan.transfer, None);
        assert_eq!(
            sums(&plan),
            vec![
                ("64.01".into(), day(d(2024, 1, 1)), 1),
                ("64.01".into(), day(d(2025, 1, 1)), -1)
            ]
        );
    }

    #[test]
    fn the_same_row_again_writes_nothing() {
        let e = period(d(2024, 1, 1), None);
        let rec = recorded("Budi", MUARA_PASIR, vec![e.clone()]);
        let p = person("Budi", MUARA_PASIR);
        let plan = plan_row(Some(&rec), &p, &e, &national());
        assert_eq!(plan.outcome, RowOutcome::Unchanged);
        assert!(plan.writes_nothing());
    }

    #[test]
    fn a_revision_keeps_the_former_period_and_swaps_its_coverage() {
        let old = period(d(2024, 1, 1), Some(d(2024, 6, 30)));
        let new = period(d(2024, 1, 1), Some(d(2024, 12, 31)));
        let rec = recorded("Budi", MUARA_PASIR, vec![old.clone()]);
        let p = person("Budi", MUARA_PASIR);
        let plan = plan_row(Some(&rec), &p, &new, &national());
        assert_eq!(plan.outcome, RowOutcome::Updated);
        let r = plan.revise.as_ref().unwrap();
        assert_eq!((r.former, r.now.as_ref()), (&old, &new));
        assert_eq!(plan.insert, None);
        assert_eq!(plan.person, PersonWrite::Keep);
        // The start is unchanged; only the end moves from 1 July to 1 January.
        assert_eq!(
            sums(&plan),
            vec![
                ("64.01".into(), day(d(2024, 7, 1)), 1),
                ("64.01".into(), day(d(2025, 1, 1)), -1)
            ]
        );
    }

    #[test]
    fn a_scheme_change_closes_the_open_period_and_adds_the_new_one() {
        let old = period(d(2022, 1, 1), None);
        let mut new = period(d(2024, 3, 1), None);
        new.funding = Funding::DanaDesa;
        let rec = recorded("Budi", MUARA_PASIR, vec![old.clone()]);
        let p = person("Budi", MUARA_PASIR);
        let plan = plan_row(Some(&rec), &p, &new, &national());
        assert_eq!(plan.outcome, RowOutcome::Updated);
        let r = plan.revise.as_ref().unwrap();
        assert_eq!(r.former, &old);
        assert_eq!(r.now.end, Some(d(2024, 2, 29)));
        assert_eq!(r.now.start, old.start);
        assert_eq!(plan.insert, Some(&new));
        let mut deltas = Deltas::new();
        plan.add_coverage(&mut deltas);
        let rows = deltas.rows();
        // The old profile ends on 29 February; the new one starts on 1 March.
        assert_eq!(rows.len(), 2);
        assert!(rows.contains(&(code("64.01"), Profile::of(&old), day(d(2024, 3, 1)), -1)));
        assert!(rows.contains(&(code("64.01"), Profile::of(&new), day(d(2024, 3, 1)), 1)));
    }

    #[test]
    fn an_overlap_is_refused_and_writes_nothing() {
        let old = period(d(2023, 1, 1), Some(d(2023, 12, 31)));
        let new = period(d(2023, 6, 1), Some(d(2024, 5, 31)));
        // Even with a new name and village: a refused row changes nothing.
        let rec = recorded("Budi", MUARA_PASIR, vec![old]);
        let p = person("Budi Santoso", TANAH_GROGOT);
        let plan = plan_row(Some(&rec), &p, &new, &national());
        assert_eq!(
            plan.outcome,
            RowOutcome::Refused(RegistryConflict::OverlapsRecordedPeriod {
                start: d(2023, 1, 1),
                end: Some(d(2023, 12, 31)),
            })
        );
        assert!(plan.writes_nothing());
    }

    #[test]
    fn a_re_enrolment_adds_a_period_beside_the_history() {
        let old = period(d(2020, 1, 1), Some(d(2020, 12, 31)));
        let new = period(d(2024, 1, 1), None);
        let rec = recorded("Budi", MUARA_PASIR, vec![old]);
        let p = person("Budi", MUARA_PASIR);
        let plan = plan_row(Some(&rec), &p, &new, &national());
        assert_eq!(plan.outcome, RowOutcome::Updated);
        assert_eq!((plan.revise.as_ref(), plan.insert), (None, Some(&new)));
        assert_eq!(sums(&plan), vec![("64.01".into(), day(d(2024, 1, 1)), 1)]);
    }

    #[test]
    fn a_new_name_alone_updates_the_person_only() {
        let e = period(d(2024, 1, 1), None);
        let rec = recorded("Budi", MUARA_PASIR, vec![e.clone()]);
        let p = person("Budi Santoso", MUARA_PASIR);
        let plan = plan_row(Some(&rec), &p, &e, &national());
        assert_eq!(plan.outcome, RowOutcome::Updated);
        assert_eq!(
            plan.person,
            PersonWrite::Revise {
                former_name: "Budi",
                former_village: code(MUARA_PASIR),
                now: &p,
            }
        );
        assert!(plan.revise.is_none() && plan.insert.is_none() && plan.coverage().next().is_none());
    }

    #[test]
    fn a_move_within_the_kab_kota_moves_no_coverage_and_is_no_transfer() {
        let e = period(d(2024, 1, 1), None);
        let rec = recorded("Budi", MUARA_PASIR, vec![e.clone()]);
        let p = person("Budi", TANAH_GROGOT);
        let plan = plan_row(Some(&rec), &p, &e, &national());
        assert_eq!(plan.outcome, RowOutcome::Updated);
        assert!(matches!(plan.person, PersonWrite::Revise { .. }));
        assert_eq!(plan.transfer, None);
        // Counted per kab/kota: the remove and the add cancel out.
        assert_eq!(sums(&plan), vec![]);
    }

    #[test]
    fn an_active_worker_moved_to_another_kab_kota_is_a_transfer_and_takes_every_period() {
        let old = period(d(2020, 1, 1), Some(d(2020, 12, 31)));
        let open = period(d(2024, 1, 1), None);
        let rec = recorded("Budi", MUARA_PASIR, vec![old, open.clone()]);
        let p = person("Budi", TENGGARONG);
        let plan = plan_row(Some(&rec), &p, &open, &national());
        assert_eq!(plan.outcome, RowOutcome::Updated);
        assert_eq!(
            plan.transfer,
            Some(ImportedMove {
                from: code(MUARA_PASIR),
                to: code(TENGGARONG)
            })
        );
        let s = sums(&plan);
        assert_eq!(s.len(), 6);
        assert_eq!(s.iter().map(|r| r.2).sum::<i64>(), 0);
        assert!(s.contains(&("64.01".into(), day(d(2024, 1, 1)), -1)));
        assert!(s.contains(&("64.02".into(), day(d(2024, 1, 1)), 1)));
    }

    #[test]
    fn a_worker_active_outside_the_scope_is_refused() {
        let e = period(d(2024, 1, 1), None);
        let rec = recorded("Budi", MUARA_PASIR, vec![e.clone()]);
        let p = person("Budi", TENGGARONG);
        let plan = plan_row(Some(&rec), &p, &e, &scoped("64.02"));
        assert_eq!(
            plan.outcome,
            RowOutcome::Refused(RegistryConflict::RegisteredElsewhere {
                region: code("64.01"),
                region_name: String::new(),
            })
        );
        assert!(plan.writes_nothing());
    }

    #[test]
    fn a_worker_no_longer_active_may_be_enrolled_by_another_region() {
        let old = period(d(2020, 1, 1), Some(d(2020, 12, 31)));
        let new = period(d(2025, 1, 1), None);
        let rec = recorded("Budi", MUARA_PASIR, vec![old]);
        let p = person("Budi", TENGGARONG);
        let plan = plan_row(Some(&rec), &p, &new, &scoped("64.02"));
        assert_eq!(plan.outcome, RowOutcome::Updated);
        assert_eq!(plan.transfer, None);
        assert_eq!(plan.insert, Some(&new));
        assert!(matches!(plan.person, PersonWrite::Revise { .. }));
    }

    #[test]
    fn an_overlapping_move_records_no_transfer() {
        let old = period(d(2024, 1, 1), Some(d(2026, 12, 31)));
        let new = period(d(2025, 1, 1), None);
        let rec = recorded("Budi", MUARA_PASIR, vec![old]);
        let p = person("Budi", TENGGARONG);
        let plan = plan_row(Some(&rec), &p, &new, &national());
        assert!(matches!(plan.outcome, RowOutcome::Refused(_)));
        assert_eq!(plan.transfer, None);
    }
}
