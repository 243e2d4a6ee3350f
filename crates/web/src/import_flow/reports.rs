//! The problem reports of past imports made through the web (pages or API): the rows a
//! committed import refused or stored with a warning, kept as `<dir>/<import id>.jsonl` so the
//! report can be downloaded again from the import's page. Imports made at the command line
//! keep theirs in the `--report` file instead.
//!
//! The lines hold values as typed in the file (NIKs included), so they are kept for
//! [`REPORT_RETENTION_DAYS`] days only, and served only to accounts that may read the
//! import's log entry. Laying the report out as CSV or XLSX is `paritrana_sheets`' job.

use super::previews::{PreviewError, jsonl_issues, read_jsonl, write_jsonl};
use paritrana_core::Lang;
use paritrana_import::{Issue, Problems};
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
    pub fn keep(
        &self,
        import_id: i64,
        problems: &mut Problems,
        now: i64,
    ) -> Result<(), PreviewError> {
        std::fs::create_dir_all(&self.dir)?;
        self.sweep(now);
        write_jsonl(&self.path(import_id), problems.iter()?).map(|_| ())
    }

    /// Whether the import has a kept report.
    pub fn has(&self, import_id: i64) -> bool {
        self.path(import_id).is_file()
    }

    /// `limit` problems of the import from the `offset`-th, or `None` when no report was
    /// kept.
    pub fn page(
        &self,
        import_id: i64,
        offset: u64,
        limit: u64,
    ) -> Result<Option<Vec<Issue>>, PreviewError> {
        if !self.has(import_id) {
            return Ok(None);
        }
        read_jsonl(&self.path(import_id), offset, limit).map(Some)
    }

    /// Every problem of the import, read as the iterator advances, or `None` when no report
    /// was kept.
    pub fn all(
        &self,
        import_id: i64,
    ) -> Result<Option<impl Iterator<Item = Issue> + use<>>, PreviewError> {
        if !self.has(import_id) {
            return Ok(None);
        }
        jsonl_issues(&self.path(import_id)).map(Some)
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

/// The report as a download: (content type, file name, file). Headers are in `lang`
/// (Bahasa Indonesia by default): Baris, Kolom, Nilai, Alasan. The report is written, one
/// problem at a time, to an unnamed temporary file in `dir`, which the caller streams: a
/// report of a million problems is never held in memory.
pub fn download(
    issues: impl IntoIterator<Item = Issue>,
    lang: Lang,
    format: ReportFormat,
    stem: &str,
    dir: &Path,
) -> Result<(&'static str, String, std::fs::File), paritrana_sheets::SheetError> {
    use std::io::{Seek, Write};
    let io = |e: std::io::Error| paritrana_sheets::SheetError::Io {
        path: PathBuf::from(format!("{stem}.tmp")),
        source: e,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut file = tempfile::tempfile_in(dir).map_err(io)?;
    let rows = issues.into_iter().map(|i| i.to_report_row(lang));
    let (mime, name) = match format {
        ReportFormat::Csv => {
            let mut out = std::io::BufWriter::new(&mut file);
            paritrana_sheets::write_report_rows_to(&mut out, rows, lang)?;
            out.flush().map_err(io)?;
            ("text/csv; charset=utf-8", format!("{stem}.csv"))
        }
        ReportFormat::Xlsx => {
            // The zip writer writes in large blocks; no buffer needed.
            paritrana_sheets::write_report_xlsx_to(&mut file, rows, lang)?;
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                format!("{stem}.xlsx"),
            )
        }
    };
    file.rewind().map_err(io)?;
    Ok((mime, name, file))
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
        let mut problems = Problems::from_issues(vec![issue]).unwrap();
        store
            .keep(3, &mut problems, chrono::Utc::now().timestamp())
            .unwrap();
        let back: Vec<Issue> = store.all(3).unwrap().unwrap().collect();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].value, "99.99");
        let (mime, name, mut file) = download(
            back,
            Lang::Id,
            ReportFormat::Csv,
            "laporan-impor-3",
            dir.path(),
        )
        .unwrap();
        assert!(mime.starts_with("text/csv"));
        assert_eq!(name, "laporan-impor-3.csv");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        assert!(text.starts_with("\u{feff}Baris,Kolom,Nilai,Alasan\n9,Kode Desa,99.99,"));
        assert_eq!(ReportFormat::parse(Some("pdf")), None);
    }
}
