//! The problem reports of past imports made through the web (pages or API): the rows a
//! committed import refused or stored with a warning, kept as `<dir>/<import id>.jsonl` so the
//! report can be downloaded again from the import's page. Imports made at the command line
//! keep theirs in the `--report` file instead.
//!
//! The lines hold values as typed in the file (NIKs included), so they are kept for
//! [`REPORT_RETENTION_DAYS`] days only, and served only to accounts that may read the
//! import's log entry. Laying the report out as CSV or XLSX is `paritrana_sheets`' job.

use super::previews::{PreviewError, read_jsonl, write_jsonl};
use paritrana_core::Lang;
use paritrana_import::Issue;
use std::path::{Path, PathBuf};

/// How long the report of a past import is kept.
pub const REPORT_RETENTION_DAYS: i64 = 90;

/// The folder of kept reports.
#[derive(Debug, Clone)]
pub struct ReportStore {
    dir: PathBuf,
}

impl ReportStore {
    pub fn new(dir: impl Into<PathBuf>) -> ReportStore {
        ReportStore { dir: dir.into() }
    }

    fn path(&self, import_id: i64) -> PathBuf {
        self.dir.join(format!("{import_id}.jsonl"))
    }

    /// Keeps the problems of a committed import (an empty list is kept too: "no problems" is
    /// an answer). Reports past their retention are deleted first.
    pub fn keep(&self, import_id: i64, issues: &[Issue], now: i64) -> Result<(), PreviewError> {
        std::fs::create_dir_all(&self.dir)?;
        self.sweep(now);
        write_jsonl(&self.path(import_id), issues)
    }

    /// Whether the import has a kept report.
    pub fn has(&self, import_id: i64) -> bool {
        self.path(import_id).is_file()
    }

    /// Every problem of the import, or `None` when no report was kept.
    pub fn all(&self, import_id: i64) -> Result<Option<Vec<Issue>>, PreviewError> {
        if !self.has(import_id) {
            return Ok(None);
        }
        read_jsonl(&self.path(import_id), 0, u64::MAX).map(Some)
    }

    fn sweep(&self, now: i64) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let limit = now - REPORT_RETENTION_DAYS * 86_400;
        for entry in entries.flatten() {
            if modified(&entry.path()).is_some_and(|t| t < limit) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

fn modified(path: &Path) -> Option<i64> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64)
}

/// A report download's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Csv,
    Xlsx,
}

impl ReportFormat {
    /// `csv` or `xlsx` (the default is CSV).
    pub fn parse(text: Option<&str>) -> Option<ReportFormat> {
        match text.map(str::trim).unwrap_or("csv") {
            "" | "csv" => Some(ReportFormat::Csv),
            "xlsx" => Some(ReportFormat::Xlsx),
            _ => None,
        }
    }
}

/// The report as a download: (content type, file name, bytes). Headers are in `lang`
/// (Bahasa Indonesia by default): Baris, Kolom, Nilai, Alasan.
pub fn download(
    issues: &[Issue],
    lang: Lang,
    format: ReportFormat,
    stem: &str,
) -> Result<(&'static str, String, Vec<u8>), paritrana_sheets::SheetError> {
    let rows: Vec<_> = issues.iter().map(|i| i.to_report_row(lang)).collect();
    Ok(match format {
        ReportFormat::Csv => {
            let mut out = Vec::new();
            paritrana_sheets::write_report_to(&mut out, &rows, lang)?;
            ("text/csv; charset=utf-8", format!("{stem}.csv"), out)
        }
        ReportFormat::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            format!("{stem}.xlsx"),
            paritrana_sheets::report_xlsx_bytes(&rows, lang)?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_report_is_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = ReportStore::new(dir.path().join("laporan"));
        assert!(store.all(3).unwrap().is_none());
        let issue = Issue {
            line: 9,
            column: "Kode Desa".into(),
            value: "99.99".into(),
            severity: paritrana_import::Severity::Error,
            code: "unknown_region".into(),
            reason_id: "kode wilayah tidak dikenal".into(),
            reason_en: "unknown region code".into(),
        };
        store
            .keep(3, &[issue], chrono::Utc::now().timestamp())
            .unwrap();
        let back = store.all(3).unwrap().unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].value, "99.99");
        let (mime, name, bytes) =
            download(&back, Lang::Id, ReportFormat::Csv, "laporan-impor-3").unwrap();
        assert!(mime.starts_with("text/csv"));
        assert_eq!(name, "laporan-impor-3.csv");
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("\u{feff}Baris,Kolom,Nilai,Alasan\n9,Kode Desa,99.99,"));
        assert_eq!(ReportFormat::parse(Some("pdf")), None);
    }
}
