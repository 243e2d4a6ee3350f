//! What the award pages and the award API share: reading a cycle's parts from the store, an
//! assessor's assignments with their progress, the store's refusals as HTTP errors, and the
//! checks of an uploaded evidence file (its type by its first bytes, its size).
//!
//! The rules are paritrana-core's (`award`, `auth::policy`); the store keeps the history and
//! the audit trail of every change. Nothing here decides access on its own.

use crate::error::ApiError;
use paritrana_core::Lang;
use paritrana_core::award::assignment::Assignment;
use paritrana_core::award::framework::{Framework, Stage};
use paritrana_core::award::ids::{AssessorId, EntryId};
use paritrana_core::award::panel::{Panel, Round};
use paritrana_core::award::points::Points;
use paritrana_core::award::score::{Score, ScoreError};
use paritrana_core::lang::Localized;
use paritrana_core::region::RegionTree;
use paritrana_store::award::AwardError;
use paritrana_store::{Store, StoreError};
use serde::Serialize;

/// The largest evidence file accepted: 20 MiB.
pub const MAX_EVIDENCE_BYTES: u64 = 20 * 1024 * 1024;

/// The text in `lang`.
pub fn t(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_string(),
        Lang::En => en.to_string(),
    }
}

/// A refusal of the store as an HTTP error with its message in both languages: a missing
/// object or an assignment the caller does not have is 404, a conflict of interest 403, a
/// locked entry, a closed round, a round not yet published (certificates) or a certificate
/// already withdrawn 409, anything else the caller sent 400.
pub fn award_error(e: AwardError) -> ApiError {
    use AwardError::*;
    let (id, en) = (e.message(Lang::Id), e.message(Lang::En));
    match &e {
        Store(inner) => inner.into(),
        NoFreeCode(_) => ApiError::Internal(e.to_string()),
        NoCycle(_) | NoEntry(_) | NoPanel(_) | NoFramework(_) | NoAccount(_) | NoCertificate(_) => {
            ApiError::NotFound { id, en }
        }
        Score(ScoreError::NotAssigned { .. }) => ApiError::not_found(),
        Score(ScoreError::Conflict(_))
        | Assignment(paritrana_core::award::assignment::AssignmentError::Conflict(_)) => {
            ApiError::Forbidden { id, en }
        }
        Locked(_)
        | RoundClosed(_)
        | AlreadyClosed(_)
        | CycleExists(_)
        | PanelExists(_)
        | RoundNotPublished(_)
        | WinnersPublished
        | CertificateWithdrawn { .. } => ApiError::Conflict { id, en },
        _ => ApiError::BadRequest { id, en },
    }
}

pub use paritrana_app::award_cycle::CycleParts;

/// Whether `assessor` chairs the national panel among `panels`: the final decision is theirs.
pub fn chairs_national_panel(panels: &[Panel], assessor: AssessorId) -> bool {
    panels.iter().any(|p| {
        p.level == paritrana_core::award::panel::PanelLevel::National
            && p.chair().map(|c| c.assessor) == Some(assessor)
    })
}

/// The name of a region from the tree, or its code.
pub fn region_name(tree: &RegionTree, code: paritrana_core::region::RegionCode) -> String {
    tree.get(code)
        .map_or_else(|| code.to_string(), |r| r.name.clone())
}

/// One stage of one assignment: how many of its indicators the assessor has scored.
#[derive(Debug, Clone, Serialize)]
pub struct StageProgress {
    pub stage: Stage,
    pub given: u32,
    pub expected: u32,
    /// `given × 100 / expected`, rounded to the milli-point (docs/award.md).
    pub percent: Points,
}

impl StageProgress {
    /// The percentage for people: `80 %`, `66,667 %`.
    pub fn percent_text(&self, lang: Lang) -> String {
        format!("{} %", self.percent.format(lang))
    }
}

/// The assessor's progress on every weighted stage of the entry's framework in `round`.
pub fn stage_progress(
    framework: &Framework,
    round: Round,
    assessor: AssessorId,
    entry: EntryId,
    scores: &[Score],
) -> Vec<StageProgress> {
    framework
        .scored_stages()
        .into_iter()
        .map(|stage| {
            let mut c = paritrana_core::award::progress::Count::default();
            for (_, i) in framework.indicators(stage) {
                c.expected += 1;
                if scores.iter().any(|s| {
                    s.round == round
                        && s.assessor == assessor
                        && s.entry == entry
                        && s.stage == stage
                        && s.indicator == i.code
                }) {
                    c.given += 1;
                }
            }
            StageProgress {
                stage,
                given: c.given,
                expected: c.expected,
                percent: c.percent(),
            }
        })
        .collect()
}

/// One assignment of an assessor, as their list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AssignmentRow {
    pub year: u16,
    pub entry: EntryId,
    pub name: String,
    pub category: String,
    pub category_label: String,
    pub province: String,
    pub province_name: String,
    pub round: Round,
    pub stages: Vec<StageProgress>,
}

/// Every assignment of `assessor` in every cycle, newest cycle first, by registration number.
pub fn assignments_of(
    store: &dyn Store,
    tree: &RegionTree,
    assessor: AssessorId,
    lang: Lang,
) -> Result<Vec<AssignmentRow>, StoreError> {
    let mut rows = Vec::new();
    for year in store.award_years()? {
        let Some(parts) = CycleParts::load(store, year)? else {
            continue;
        };
        let mine: Vec<&Assignment> = parts
            .assignments
            .iter()
            .filter(|a| a.assessor == assessor)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let mut scores = store.award_scores(year, Round::Provincial)?;
        scores.extend(store.award_scores(year, Round::National)?);
        let mut found: Vec<AssignmentRow> = Vec::new();
        for a in mine {
            let (Some(rec), Some(panel)) = (parts.entry(a.entry), parts.panel(a.panel)) else {
                continue;
            };
            let Some(framework) = parts.framework_of(&rec.entry) else {
                continue;
            };
            let province = rec.entry.province();
            found.push(AssignmentRow {
                year,
                entry: a.entry,
                name: rec.entry.name.clone(),
                category: rec.entry.category.to_string(),
                category_label: parts.category_label(&rec.entry, lang),
                province: province.to_string(),
                province_name: region_name(tree, province),
                round: panel.round(),
                stages: stage_progress(framework, panel.round(), assessor, a.entry, &scores),
            });
        }
        found.sort_by_key(|r| (r.entry, r.round));
        rows.extend(found);
    }
    Ok(rows)
}

/// The kinds of evidence file accepted, told by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceKind {
    Pdf,
    Png,
    Jpeg,
    Xlsx,
}

impl EvidenceKind {
    pub fn media_type(self) -> &'static str {
        match self {
            EvidenceKind::Pdf => "application/pdf",
            EvidenceKind::Png => "image/png",
            EvidenceKind::Jpeg => "image/jpeg",
            EvidenceKind::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    fn name(self) -> &'static str {
        match self {
            EvidenceKind::Pdf => "PDF",
            EvidenceKind::Png => "PNG",
            EvidenceKind::Jpeg => "JPEG",
            EvidenceKind::Xlsx => "XLSX",
        }
    }

    /// The kind a file name's extension claims.
    pub fn of_name(file_name: &str) -> Option<EvidenceKind> {
        let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(EvidenceKind::Pdf),
            "png" => Some(EvidenceKind::Png),
            "jpg" | "jpeg" => Some(EvidenceKind::Jpeg),
            "xlsx" => Some(EvidenceKind::Xlsx),
            _ => None,
        }
    }

    /// The kind the first bytes show (an XLSX is a ZIP archive).
    pub fn sniff(head: &[u8]) -> Option<EvidenceKind> {
        if head.starts_with(b"%PDF-") {
            Some(EvidenceKind::Pdf)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(EvidenceKind::Png)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(EvidenceKind::Jpeg)
        } else if head.starts_with(b"PK\x03\x04") {
            Some(EvidenceKind::Xlsx)
        } else {
            None
        }
    }
}

/// Checks an evidence file's name and first bytes: the extension must be one of PDF, PNG,
/// JPEG, XLSX and the content must really be of that kind. The refusal names the file, what it
/// claims and what it is.
pub fn check_evidence(file_name: &str, head: &[u8]) -> Result<EvidenceKind, ApiError> {
    let Some(claimed) = EvidenceKind::of_name(file_name) else {
        return Err(ApiError::BadRequest {
            id: format!(
                "Berkas \"{file_name}\": jenis tidak diterima; unggah PDF, PNG, JPEG atau XLSX"
            ),
            en: format!("File \"{file_name}\": type not accepted; upload PDF, PNG, JPEG or XLSX"),
        });
    };
    match EvidenceKind::sniff(head) {
        Some(k) if k == claimed => Ok(k),
        Some(k) => Err(ApiError::BadRequest {
            id: format!(
                "Berkas \"{file_name}\": namanya menyebut {}, tetapi isinya {}; unggah berkas asli",
                claimed.name(),
                k.name()
            ),
            en: format!(
                "File \"{file_name}\": its name says {}, but its content is {}; upload the real file",
                claimed.name(),
                k.name()
            ),
        }),
        None => Err(ApiError::BadRequest {
            id: format!(
                "Berkas \"{file_name}\": isinya bukan {} (bita awal tidak cocok); unggah PDF, PNG, JPEG atau XLSX yang asli",
                claimed.name()
            ),
            en: format!(
                "File \"{file_name}\": its content is not {} (the first bytes do not match); upload a real PDF, PNG, JPEG or XLSX",
                claimed.name()
            ),
        }),
    }
}

/// The refusal of a file over [`MAX_EVIDENCE_BYTES`].
pub fn evidence_too_large(file_name: &str) -> ApiError {
    ApiError::TooLarge {
        id: format!("Berkas \"{file_name}\" terlalu besar: batasnya 20 MiB"),
        en: format!("File \"{file_name}\" is too large: the limit is 20 MiB"),
    }
}

/// A file name safe for a `Content-Disposition` header: printable ASCII without quotes or
/// backslashes (others become `_`), never empty.
pub fn attachment_name(file_name: &str) -> String {
    let cleaned: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.trim().is_empty() {
        "bukti".into()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_told_by_its_bytes_not_its_name() {
        assert_eq!(
            check_evidence("laporan.pdf", b"%PDF-1.7\n...").unwrap(),
            EvidenceKind::Pdf
        );
        assert_eq!(
            check_evidence("foto.JPG", &[0xFF, 0xD8, 0xFF, 0xE0]).unwrap(),
            EvidenceKind::Jpeg
        );
        assert_eq!(
            check_evidence("data.xlsx", b"PK\x03\x04rest").unwrap(),
            EvidenceKind::Xlsx
        );
        let html = check_evidence("laporan.pdf", b"<!doctype html><script>").unwrap_err();
        assert!(
            html.text(Lang::Id).contains("isinya bukan PDF"),
            "{}",
            html.text(Lang::Id)
        );
        let png_as_pdf = check_evidence("laporan.pdf", b"\x89PNG\r\n\x1a\n").unwrap_err();
        assert!(png_as_pdf.text(Lang::En).contains("content is PNG"));
        assert!(check_evidence("halaman.html", b"%PDF-").is_err());
        assert!(check_evidence("tanpa-ekstensi", b"%PDF-").is_err());
    }

    #[test]
    fn attachment_names_cannot_break_the_header() {
        assert_eq!(attachment_name("a\"b\\c\r\n.pdf"), "a_b_c__.pdf");
        assert_eq!(attachment_name("Perda 2024.pdf"), "Perda 2024.pdf");
        assert_eq!(attachment_name("\u{7f}"), "_");
        assert_eq!(attachment_name(""), "bukti");
    }
}
