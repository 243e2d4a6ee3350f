//! The certificates section of the secretariat's page (`/admin/penghargaan`): for each published
//! round, how many winners hold a piagam, the national categories still without a decision, and
//! the form that issues the piagam of every winner (city of the ceremony, one to three
//! signatories); the issued certificates with their state and PDFs; withdrawing one with a
//! reason.
//!
//! Access: `Action::ManageAward`. The store issues (one transaction, a fresh random code per
//! certificate, audited) and withdraws; this module reads the form, draws the random bytes and
//! says where the verification URLs point (`AppState::public_base`).

use super::award_admin::change;
use super::{PageError, pick};
use crate::AppState;
use crate::award_view::{CycleParts, award_error, region_name};
use crate::error::ApiError;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use paritrana_core::Lang;
use paritrana_core::award::certificate::{CertificateError, MAX_SIGNATORIES, Signatory};
use paritrana_core::award::ids::Label;
use paritrana_core::award::panel::Round;
use paritrana_core::award::verification::{RANDOM_BYTES, VerificationCode};
use paritrana_core::lang::Localized;
use paritrana_core::region::RegionCode;
use paritrana_store::Store;
use paritrana_store::award::certificate::CertificateIssue;

/// A published round on the page.
pub struct PiagamRound {
    /// `provinsi` or `nasional`.
    pub code: String,
    pub label: String,
    pub winners: usize,
    /// Winners holding a certificate in force.
    pub in_force: usize,
    /// National categories without a final decision, by label.
    pub undecided: Vec<String>,
    /// Codes in force that no longer match a winner (withdraw and issue again).
    pub stale: Vec<String>,
    /// Why the winners could not be read (the page still shows the rest).
    pub note: Option<String>,
}

/// One issued certificate.
pub struct CertificateRow {
    pub code: String,
    pub round: String,
    pub entry: String,
    pub achievement: String,
    pub valid: bool,
    /// "berlaku" or "dicabut 2026-12-01: reason" (the secretariat sees the reason).
    pub state: String,
}

/// The section's content.
#[derive(Default)]
pub struct PiagamSection {
    pub year: u16,
    /// Where the printed URLs point.
    pub base_note: String,
    pub rounds: Vec<PiagamRound>,
    pub certificates: Vec<CertificateRow>,
    /// (code, label) of the certificates in force, for the withdrawal form.
    pub valid_codes: Vec<(String, String)>,
}

/// Reads the section of a cycle.
pub fn section(
    store: &dyn Store,
    state: &AppState,
    lang: Lang,
    parts: &CycleParts,
) -> Result<PiagamSection, ApiError> {
    let year = parts.year();
    let certificates = store.award_certificates(year)?;
    let mut out = PiagamSection {
        year,
        base_note: match &state.public_url {
            Some(url) => format!(
                "{} {url}/piagam/…",
                pick(
                    lang,
                    "Alamat verifikasi yang dicetak:",
                    "Verification address printed:"
                )
            ),
            None => pick(
                lang,
                "Alamat verifikasi yang dicetak mengikuti alamat yang dipakai membuka halaman ini; jalankan server dengan --public-url untuk alamat tetap.",
                "The verification address printed follows the address this page was opened at; run the server with --public-url for a fixed one.",
            )
            .to_string(),
        },
        ..PiagamSection::default()
    };
    for round in [Round::Provincial, Round::National] {
        if !store.award_round_status(year, round)?.is_published() {
            continue;
        }
        let winners = match store.award_winners(year, round) {
            Ok(w) => w,
            Err(e) => {
                out.rounds.push(PiagamRound {
                    code: round.code().to_lowercase(),
                    label: round.label(lang).to_string(),
                    winners: 0,
                    in_force: 0,
                    undecided: Vec::new(),
                    stale: Vec::new(),
                    note: Some(award_error(e).text(lang)),
                });
                continue;
            }
        };
        let in_force: Vec<_> = certificates
            .iter()
            .filter(|c| c.round == round && c.is_valid())
            .collect();
        let holds = |w: &paritrana_store::award::certificate::AwardWinner| {
            in_force
                .iter()
                .any(|c| c.entry == w.entry && c.certificate.place == w.place)
        };
        out.rounds.push(PiagamRound {
            code: round.code().to_lowercase(),
            label: round.label(lang).to_string(),
            winners: winners.winners.len(),
            in_force: winners.winners.iter().filter(|w| holds(w)).count(),
            undecided: winners
                .undecided
                .iter()
                .map(|c| {
                    parts
                        .cycle
                        .cycle
                        .category(c)
                        .map_or_else(|| c.to_string(), |k| format!("{} ({c})", k.label.get(lang)))
                })
                .collect(),
            stale: in_force
                .iter()
                .filter(|c| {
                    !winners
                        .winners
                        .iter()
                        .any(|w| w.entry == c.entry && w.place == c.certificate.place)
                })
                .map(|c| c.code().to_string())
                .collect(),
            note: None,
        });
    }
    for c in &certificates {
        let entry = parts.entry(c.entry).map_or_else(
            || c.entry.to_string(),
            |e| format!("{} {}", e.entry.id.0, e.entry.name),
        );
        let achievement = c.certificate.achievement(lang);
        if c.is_valid() {
            out.valid_codes.push((
                c.code().to_string(),
                format!("{} — {entry} — {achievement}", c.code()),
            ));
        }
        out.certificates.push(CertificateRow {
            code: c.code().to_string(),
            round: c.round.label(lang).to_string(),
            entry,
            achievement,
            valid: c.is_valid(),
            state: match &c.withdrawn {
                None => pick(lang, "berlaku", "in force").to_string(),
                Some(w) => format!(
                    "{} {}: {}",
                    pick(lang, "dicabut", "withdrawn"),
                    w.date().map_or_else(|| w.at.clone(), |d| d.to_string()),
                    w.reason
                ),
            },
        });
    }
    Ok(out)
}

fn bad(id: String, en: String) -> ApiError {
    ApiError::BadRequest { id, en }
}

fn certificate_error(e: CertificateError) -> ApiError {
    bad(e.message(Lang::Id), e.message(Lang::En))
}

/// The signatories of the form: one per line, `Jabatan | Nama` or `Jabatan | English title |
/// Nama`, one to three lines.
pub fn signatories(text: &str) -> Result<Vec<Signatory>, ApiError> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !(1..=MAX_SIGNATORIES).contains(&lines.len()) {
        return Err(certificate_error(CertificateError::Signatories(
            lines.len(),
        )));
    }
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let (id, en, name) = match parts.as_slice() {
            [id, name] => (*id, "", *name),
            [id, en, name] => (*id, *en, *name),
            _ => {
                return Err(bad(
                    format!(
                        "Penanda tangan baris {}: \"{line}\" harus berbentuk Jabatan | Nama (atau Jabatan | jabatan dalam bahasa Inggris | Nama)",
                        i + 1
                    ),
                    format!(
                        "Signatory line {}: \"{line}\" must read Title | Name (or Indonesian title | English title | Name)",
                        i + 1
                    ),
                ));
            }
        };
        if id.is_empty() || name.is_empty() {
            return Err(certificate_error(CertificateError::BlankSignatory(i + 1)));
        }
        out.push(Signatory {
            name: name.to_string(),
            title: Label::new(id, en),
        });
    }
    Ok(out)
}

/// Five bytes from the operating system's generator (through the thread RNG seeded from it).
fn random_bytes() -> [u8; RANDOM_BYTES] {
    use rand::Rng;
    let mut bytes = [0u8; RANDOM_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// `POST /admin/penghargaan/{year}/piagam/{round}/terbitkan`: issues the piagam of every winner
/// of a published round (`kota`: the ceremony's city; `penanda_tangan`: the signatories). A
/// winner who already holds one keeps it.
pub async fn issue(
    State(state): State<AppState>,
    Path((year, round)): Path<(u16, String)>,
    headers: HeaderMap,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    let city = form.get("kota").to_string();
    let lines = form.get("penanda_tangan").to_string();
    let tree = state.tree.clone();
    let base = state.public_base(&headers);
    change(&state, &caller, Some(year), move |store| {
        let round = Round::parse(&round).ok_or_else(ApiError::not_found)?;
        let signatories = signatories(&lines)?;
        let base = base?;
        let province_name = |r: RegionCode| region_name(&tree, r);
        let request = CertificateIssue {
            year,
            round,
            city: &city,
            signatories: &signatories,
            base_url: base.as_str(),
            province_name: &province_name,
        };
        store
            .issue_award_certificates(&request, &mut random_bytes, &actor)
            .map(|_| ())
            .map_err(award_error)
    })
    .await
}

/// `POST /admin/penghargaan/{year}/piagam/cabut`: withdraws a certificate (`kode`) with the
/// reason (`alasan`, required). Its page then says it was withdrawn and its PDF is refused.
pub async fn withdraw(
    State(state): State<AppState>,
    Path(year): Path<u16>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    let code = form.get("kode").to_string();
    let reason = form.get("alasan").to_string();
    change(&state, &caller, Some(year), move |store| {
        let code = VerificationCode::parse(&code)
            .map_err(|e| bad(e.message(Lang::Id), e.message(Lang::En)))?;
        store
            .withdraw_award_certificate(code, &reason, &actor)
            .map(|_| ())
            .map_err(award_error)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatory_lines_read_title_and_name() {
        let s = signatories(
            "Menteri Ketenagakerjaan Republik Indonesia | Minister of Manpower | Nama Menteri\n\n  Direktur Utama BPJS Ketenagakerjaan | Nama Direktur  \n",
        )
        .unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].title.en, "Minister of Manpower");
        assert_eq!(s[0].name, "Nama Menteri");
        assert_eq!(s[1].title(Lang::En), "Direktur Utama BPJS Ketenagakerjaan");
        assert_eq!(s[1].name, "Nama Direktur");
        let text = |r: Result<Vec<Signatory>, ApiError>| r.unwrap_err().text(Lang::Id);
        assert!(text(signatories("")).contains("1 sampai 3 orang, bukan 0"));
        assert!(text(signatories("a|b\nc|d\ne|f\ng|h")).contains("bukan 4"));
        assert!(text(signatories("Menteri")).contains("baris 1"));
        assert!(text(signatories("Menteri | ")).contains("penanda tangan ke-1"));
    }
}
