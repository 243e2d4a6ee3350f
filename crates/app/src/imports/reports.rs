//! The problem reports of past imports made through the web (pages or API): the rows a
//! committed import refused or stored with a warning, kept as `<dir>/<import id>.jsonl` so the
//! report can be downloaded again from the import's page. Imports made at the command line
//! keep theirs in the `--report` file instead.
//!
//! A report is written *before* its import commits, as a pending report
//! (`.menunggu-<random>.jsonl`, with the file's SHA-256 in `.menunggu-<random>.json`): the
//! dry run's problems for a previewed upload, or only the marker for a direct API import
//! whose problems are not known before it runs. After the commit it is replaced by the
//! commit's own problems under the import's id. A server killed between the commit and that
//! step finds the pending report at its next start ([`ReportStore::recover`]) and files it
//! under the import it belongs to — or, when its problems were not known, a `<id>.hilang`
//! marker, so the import's page says why the report is missing instead of nothing.
//!
//! The lines hold values as typed in the file (NIKs included), so they are kept for
//! [`REPORT_RETENTION_DAYS`] days only, and served only to accounts that may read the
//! import's log entry. Laying the report out as CSV or XLSX is `paritrana_sheets`' job.

use super::ImportKind;
use super::previews::{PreviewError, jsonl_issues, read_jsonl, write_jsonl};
use paritrana_core::Lang;
use paritrana_import::{Issue, Problems};
use paritrana_store::{Store, files};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The prefix of pending reports.
const PENDING_PREFIX: &str = ".menunggu-";

/// What a pending report is for: the file (by its SHA-256) and kind about to be committed.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PendingMeta {
    sha256: String,
    kind: ImportKind,
    /// Unix seconds, before the import started.
    created_at: i64,
}

/// A report written before its import commits; settle it with [`ReportStore::finish`] or
/// [`ReportStore::discard`].
#[derive(Debug)]
pub struct Pending {
    meta: PathBuf,
    lines: PathBuf,
}

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

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, import_id: i64) -> PathBuf {
        self.dir.join(format!("{import_id}.jsonl"))
    }

    fn lost_marker(&self, import_id: i64) -> PathBuf {
        self.dir.join(format!("{import_id}.hilang"))
    }

    /// Keeps the problems of a committed import (an empty list is kept too: "no problems" is
    /// an answer). Reports past their retention are deleted first.
    pub fn keep(
        &self,
        import_id: i64,
        problems: &mut Problems,
        now: i64,
    ) -> Result<(), PreviewError> {
        files::private_dir(&self.dir)?;
        self.sweep(now);
        write_jsonl(&self.path(import_id), problems.iter()?).map(|_| ())
    }

    /// Writes the pending report of an import about to run: `problems` (a JSON-lines file,
    /// the dry run's) when known. An error here means the import must not run: its report
    /// could not be kept (a full disk says so).
    pub fn prepare(
        &self,
        sha256: &str,
        kind: ImportKind,
        problems: Option<&Path>,
        now: i64,
    ) -> Result<Pending, PreviewError> {
        files::private_dir(&self.dir)?;
        let stem = format!("{PENDING_PREFIX}{}", crate::secret::random_hex());
        let pending = Pending {
            meta: self.dir.join(format!("{stem}.json")),
            lines: self.dir.join(format!("{stem}.jsonl")),
        };
        let written = (|| {
            if let Some(from) = problems {
                let mut out = files::create_private(&pending.lines)?;
                std::io::copy(&mut std::fs::File::open(from)?, &mut out)?;
                out.sync_all()?;
            }
            let meta = PendingMeta {
                sha256: sha256.to_string(),
                kind,
                created_at: now,
            };
            let mut out = files::create_private(&pending.meta)?;
            std::io::Write::write_all(&mut out, &serde_json::to_vec(&meta)?)?;
            out.sync_all()?;
            Ok::<_, PreviewError>(())
        })();
        if let Err(e) = written {
            self.discard(pending);
            return Err(e);
        }
        Ok(pending)
    }

    /// After the commit of `import_id`: keeps the commit's problems; should that write fail
    /// (a full disk), the pending report is filed under the id instead.
    pub fn finish(&self, pending: Pending, import_id: i64, problems: &mut Problems, now: i64) {
        match self.keep(import_id, problems, now) {
            Ok(()) => self.discard(pending),
            Err(e) => {
                tracing::warn!(import = import_id, error = %e, "report kept from the preview");
                self.file_pending(&pending, import_id);
            }
        }
    }

    /// Drops a pending report (nothing was committed).
    pub fn discard(&self, pending: Pending) {
        let _ = std::fs::remove_file(&pending.lines);
        let _ = std::fs::remove_file(&pending.meta);
    }

    /// Files a pending report under the import it belongs to: its lines when known, else
    /// the "lost" marker.
    fn file_pending(&self, pending: &Pending, import_id: i64) {
        let filed = if pending.lines.is_file() {
            std::fs::rename(&pending.lines, self.path(import_id))
        } else {
            files::create_private(&self.lost_marker(import_id)).map(drop)
        };
        if let Err(e) = filed {
            tracing::warn!(import = import_id, error = %e, "pending report not filed");
        }
        let _ = std::fs::remove_file(&pending.meta);
    }

    /// At start: each pending report left by a crash belongs to the import of the same file
    /// and kind committed after it was written and without a report (it is filed under that
    /// import), or to an import that never committed (it is dropped).
    pub fn recover(&self, store: &dyn Store, now: i64) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let metas: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(PENDING_PREFIX) && n.ends_with(".json"))
            })
            .collect();
        if metas.is_empty() {
            return;
        }
        let log = match store.imports(500) {
            Ok(log) => log,
            Err(e) => {
                tracing::warn!(error = %e, "pending import reports not settled");
                return;
            }
        };
        for meta_path in metas {
            let pending = Pending {
                lines: meta_path.with_extension("jsonl"),
                meta: meta_path,
            };
            let meta: Option<PendingMeta> = std::fs::read(&pending.meta)
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok());
            let Some(meta) = meta else {
                self.discard(pending);
                continue;
            };
            // The import log's times are text that sorts; a little slack for clock steps.
            let since = chrono::DateTime::from_timestamp(meta.created_at - 5, 0)
                .map(paritrana_store::time_text)
                .unwrap_or_default();
            let owner = log
                .iter()
                .filter(|e| {
                    e.file_sha256 == meta.sha256
                        && ImportKind::of_log(&e.kind) == Some(meta.kind)
                        && e.started_at >= since
                        && !self.has(e.id)
                        && !self.lost(e.id)
                })
                .map(|e| e.id)
                .min();
            match owner {
                Some(id) => {
                    tracing::warn!(import = id, "import report recovered after a crash");
                    self.file_pending(&pending, id);
                }
                None => self.discard(pending),
            }
        }
        self.sweep(now);
    }

    /// Whether the import committed but its problems were lost in a crash (they were not
    /// known before the commit).
    pub fn lost(&self, import_id: i64) -> bool {
        self.lost_marker(import_id).is_file()
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

    fn targets_import(store: &dyn Store, sha: &str) -> i64 {
        let out = store
            .apply_targets(&paritrana_store::TargetBatch {
                source: paritrana_store::ImportSource {
                    file_name: "target.csv".into(),
                    file_sha256: sha.into(),
                    actor: paritrana_store::Actor::system("uji"),
                    scope: paritrana_core::auth::Scope::National,
                },
                targets: &[],
                rows_read: 0,
                rejected_before_store: 0,
                strict: false,
                dry_run: false,
            })
            .unwrap();
        out.import_id.unwrap()
    }

    #[test]
    fn a_report_written_before_a_commit_survives_a_crash_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = paritrana_store_sqlite::SqliteStore::open(&dir.path().join("p.db")).unwrap();
        let reports = ReportStore::new(dir.path().join("laporan"));
        let now = chrono::Utc::now().timestamp();
        // A previewed upload: its dry run's problems are known before the commit.
        let problems = dir.path().join("masalah.jsonl");
        write_jsonl(&problems, [issue()]).unwrap();
        let previewed = reports
            .prepare("aaa", ImportKind::Targets, Some(&problems), now)
            .unwrap();
        // A direct API import: only the marker.
        let direct = reports
            .prepare("bbb", ImportKind::Targets, None, now)
            .unwrap();
        // An import that never committed.
        let never = reports
            .prepare("ccc", ImportKind::Targets, None, now)
            .unwrap();
        let a = targets_import(&store, "aaa");
        let b = targets_import(&store, "bbb");
        // The server dies here: the pending reports are not settled.
        std::mem::forget((previewed, direct, never));
        assert!(reports.all(a).unwrap().is_none());

        reports.recover(&store, now);
        let kept: Vec<Issue> = reports.all(a).unwrap().unwrap().collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].value, "99.99");
        assert!(reports.all(b).unwrap().is_none());
        assert!(
            reports.lost(b),
            "the direct import's report says it was lost"
        );
        assert!(!reports.lost(a));
        let left: Vec<_> = std::fs::read_dir(dir.path().join("laporan"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(PENDING_PREFIX))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    fn issue() -> Issue {
        Issue {
            line: 9,
            column: "Kode Desa".into(),
            value: "99.99".into(),
            severity: paritrana_import::Severity::Error,
            code: "unknown_region".into(),
            reason_id: "kode wilayah tidak dikenal".into(),
            reason_en: "unknown region code".into(),
        }
    }

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
