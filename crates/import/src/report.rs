//! The lines of an import report: one per problem found, with row, column, value and reason,
//! in the user's language.

use paritrana_core::import::RowIssue;
use paritrana_core::lang::{Lang, Localized};
use paritrana_core::registry::RegistryConflict;
use paritrana_sheets::ReportRow;
use serde::{Deserialize, Serialize};

/// Whether the row was refused or stored with a remark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem of one row, with its reason in both languages.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Issue {
    pub line: u64,
    pub column: String,
    pub value: String,
    pub severity: Severity,
    /// A stable snake_case code for the reason (e.g. `wrong_length`).
    pub code: String,
    pub reason_id: String,
    pub reason_en: String,
}

/// Characters of a cell's value kept in a problem: enough to recognise it, while a hostile
/// cell of 32,767 characters does not make every report line 32 KB.
pub const MAX_VALUE_CHARS: usize = 200;

/// The value as shown in a problem, cut at [`MAX_VALUE_CHARS`] with `…`.
fn shown_value(value: &str) -> String {
    match value.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    }
}

impl Issue {
    /// From a row-validation issue.
    pub fn from_row_issue(i: &RowIssue, severity: Severity) -> Issue {
        Issue {
            line: i.line,
            column: shown_value(&i.column),
            value: shown_value(&i.value),
            severity,
            code: i.problem.code().to_string(),
            reason_id: i.message(Lang::Id),
            reason_en: i.message(Lang::En),
        }
    }

    /// From a conflict with what the registry holds.
    pub fn conflict(line: u64, nik: String, c: &RegistryConflict) -> Issue {
        Issue {
            line,
            column: "NIK".into(),
            value: nik,
            severity: Severity::Error,
            code: c.code().into(),
            reason_id: c.message(Lang::Id),
            reason_en: c.message(Lang::En),
        }
    }

    /// The line of a report file.
    pub fn to_report_row(&self, lang: Lang) -> ReportRow {
        let reason = match lang {
            Lang::Id => &self.reason_id,
            Lang::En => &self.reason_en,
        };
        let reason = match (self.severity, lang) {
            (Severity::Error, _) => reason.clone(),
            (Severity::Warning, Lang::Id) => format!("Peringatan (baris tetap disimpan): {reason}"),
            (Severity::Warning, Lang::En) => format!("Warning (row stored): {reason}"),
        };
        ReportRow {
            line: self.line,
            column: self.column.clone(),
            value: self.value.clone(),
            reason,
        }
    }
}
