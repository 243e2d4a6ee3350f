//! The import pipelines, shared by the CLI and the web app. Participants (below):
//! read the file (CSV or spreadsheet) → find the header row → validate every row in parallel →
//! drop in-file duplicates → apply the valid rows to the registry in one transaction → report.
//!
//! Validation rules live in `paritrana_core::import`; the registry rule in
//! `paritrana_core::registry`; file formats in `paritrana_sheets`. This crate only wires them and
//! keeps the counts. Target files (the denominators of coverage) go through [`import_targets`].

mod report;
mod targets;

pub use report::{Issue, Severity};
pub use targets::{TargetOptions, TargetSummary, import_targets};

use chrono::NaiveDate;
use paritrana_core::import::{self as rows, Cell, Header, RowContext, ValidRow};
use paritrana_core::lang::{Lang, Localized};
use paritrana_core::region::{RegionCode, RegionTree};
use paritrana_sheets::{RawRow, SheetError};
use paritrana_store::{ImportBatch, ImportSource, IncomingRow, Store, StoreError};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// How many rows are validated together (bounds memory of raw cells in flight).
const CHUNK: usize = 16_384;
/// How many leading rows are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;

/// What the caller decides about an import.
#[derive(Debug, Clone)]
pub struct Options {
    /// Any bad row rejects the whole file.
    pub strict: bool,
    /// Validate and report, store nothing.
    pub dry_run: bool,
    /// The kab/kota the list belongs to, to resolve village names.
    pub regency: Option<RegionCode>,
    /// The reference date for "not in the future".
    pub today: NaiveDate,
    /// Who runs the import, for the import log and the audit trail.
    pub actor: paritrana_store::Actor,
    /// The region the actor may change: rows of workers living elsewhere are refused.
    pub scope: paritrana_core::auth::Scope,
}

/// The phases reported to a progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Rows read and validated so far.
    Validating,
    /// Rows written to the registry so far (of the valid ones).
    Storing,
}

/// The outcome counts, as printed by `--format json`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Data rows read (after the header; blank rows not counted).
    pub read: u64,
    /// New workers stored.
    pub imported: u64,
    /// Existing workers changed.
    pub updated: u64,
    /// Rows identical to the registry.
    pub unchanged: u64,
    /// Rows refused (bad values, duplicates in the file, conflicts with the registry).
    pub rejected: u64,
    /// Rows stored with a warning.
    pub warnings: u64,
    /// Whether anything was written.
    pub committed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_id: Option<i64>,
    /// 1-based row number of the header row.
    pub header_row: u64,
    /// Header cells that were not recognised and were ignored.
    pub ignored_columns: Vec<String>,
    pub file_sha256: String,
}

/// Why an import could not run at all (as opposed to rows being rejected).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Sheet(#[from] SheetError),
    #[error("{}", .0.message(Lang::En))]
    Header(rows::HeaderError),
    #[error("{}", .0.message(Lang::En))]
    TargetHeader(paritrana_core::target::TargetHeaderError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl Localized for ImportError {
    fn message(&self, lang: Lang) -> String {
        match self {
            ImportError::Sheet(e) => e.message(lang),
            ImportError::Header(e) => e.message(lang),
            ImportError::TargetHeader(e) => e.message(lang),
            ImportError::Store(e) => match lang {
                Lang::Id => {
                    format!("gagal menyimpan ke basis data; tidak ada data yang diubah ({e})")
                }
                Lang::En => format!("could not write to the database; nothing was changed ({e})"),
            },
            ImportError::Io { path, source } => match lang {
                Lang::Id => format!("berkas {path} tidak dapat dibaca: {source}"),
                Lang::En => format!("cannot read {path}: {source}"),
            },
        }
    }
}

/// The SHA-256 of a file, hex.
pub fn file_sha256(path: &Path) -> Result<String, ImportError> {
    let io = |source| ImportError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Decodes and validates a chunk in parallel; returns (non-blank rows, rejected rows).
fn validate_chunk(
    chunk: Vec<(u64, RawRow)>,
    header: &Header,
    ctx: &RowContext<'_>,
    valid: &mut Vec<ValidRow>,
    issues: &mut Vec<Issue>,
) -> (u64, u64) {
    let results: Vec<Option<Result<ValidRow, Vec<rows::RowIssue>>>> = chunk
        .into_par_iter()
        .map(|(line, raw)| {
            let cells = raw.into_cells();
            (!rows::is_blank(&cells)).then(|| rows::validate_row(line, &cells, header, ctx))
        })
        .collect();
    let (mut read, mut rejected) = (0, 0);
    for r in results.into_iter().flatten() {
        read += 1;
        match r {
            Ok(v) => {
                issues.extend(
                    v.warnings
                        .iter()
                        .map(|w| Issue::from_row_issue(w, Severity::Warning)),
                );
                valid.push(v);
            }
            Err(errs) => {
                rejected += 1;
                issues.extend(
                    errs.iter()
                        .map(|e| Issue::from_row_issue(e, Severity::Error)),
                );
            }
        }
    }
    (read, rejected)
}

/// Imports a participant list. Returns the summary and every issue (errors and warnings), in
/// row order. A file-level problem (unreadable file, no header row) is an `Err` and stores nothing.
pub fn import_participants(
    store: &dyn Store,
    tree: &RegionTree,
    path: &Path,
    opts: &Options,
    progress: &(dyn Fn(Phase, u64) + Sync),
) -> Result<(Summary, Vec<Issue>), ImportError> {
    let started = std::time::Instant::now();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (hash, read_result) = std::thread::scope(|s| {
        let hasher = s.spawn(|| file_sha256(path));
        let read = read_and_validate(tree, path, opts, progress);
        (hasher.join(), read)
    });
    let sha = match hash {
        Ok(h) => h?,
        Err(_) => {
            return Err(ImportError::Io {
                path: path.display().to_string(),
                source: std::io::Error::other("hash thread failed"),
            });
        }
    };
    let (mut summary, mut valid, mut issues) = read_result?;
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        rows = summary.read,
        "read and validated"
    );
    summary.file_sha256 = sha.clone();

    // One row per NIK: the first occurrence in the file wins.
    valid.sort_unstable_by_key(|v| (v.person.nik, v.line));
    let mut kept: Vec<IncomingRow<'_>> = Vec::with_capacity(valid.len());
    let mut dup_count = 0u64;
    for (i, v) in valid.iter().enumerate() {
        if i > 0 && valid[i - 1].person.nik == v.person.nik {
            let first = valid[..i]
                .iter()
                .rev()
                .take_while(|p| p.person.nik == v.person.nik)
                .last()
                .map_or(v.line, |p| p.line);
            issues.push(Issue::from_row_issue(
                &rows::RowIssue::duplicate_in_file(v.line, &v.person.nik.to_string(), first),
                Severity::Error,
            ));
            dup_count += 1;
        } else {
            kept.push(IncomingRow {
                line: v.line,
                person: &v.person,
                enrolment: &v.enrolment,
            });
        }
    }
    summary.rejected += dup_count;
    summary.warnings = valid.iter().filter(|v| !v.warnings.is_empty()).count() as u64;

    let strict_fail = opts.strict && summary.rejected > 0;
    let batch = ImportBatch {
        source: ImportSource {
            file_name,
            file_sha256: sha,
            actor: opts.actor.clone(),
            scope: opts.scope,
        },
        rows: &kept,
        rows_read: summary.read,
        rejected_before_store: summary.rejected,
        strict: opts.strict,
        dry_run: opts.dry_run || strict_fail,
        today: opts.today,
    };
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "sorted and de-duplicated"
    );
    let outcome = store.apply_import(&batch, &|n| progress(Phase::Storing, n))?;
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "stored");
    summary.imported = outcome.imported;
    summary.updated = outcome.updated;
    summary.unchanged = outcome.unchanged;
    summary.rejected += outcome.conflicts.len() as u64;
    summary.committed = outcome.committed;
    summary.import_id = outcome.import_id;
    for (line, conflict) in &outcome.conflicts {
        let nik = kept
            .iter()
            .find(|r| r.line == *line)
            .map(|r| r.person.nik.to_string())
            .unwrap_or_default();
        issues.push(Issue::conflict(*line, nik, &conflict.named(tree)));
    }
    // A dry run keeps the counts: they say what committing the file would do. A file refused
    // by --strict stored nothing and would store nothing.
    if !summary.committed && !opts.dry_run {
        summary.imported = 0;
        summary.updated = 0;
        summary.unchanged = 0;
    }
    issues.sort_by_key(|i| (i.line, i.severity));
    Ok((summary, issues))
}

type Validated = (Summary, Vec<ValidRow>, Vec<Issue>);

fn read_and_validate(
    tree: &RegionTree,
    path: &Path,
    opts: &Options,
    progress: &(dyn Fn(Phase, u64) + Sync),
) -> Result<Validated, ImportError> {
    let mut reader = paritrana_sheets::open(path)?;

    let mut head: Vec<Vec<Cell>> = Vec::with_capacity(HEADER_SEARCH_ROWS);
    for row in reader.by_ref() {
        head.push(row?);
        if head.len() == HEADER_SEARCH_ROWS {
            break;
        }
    }
    let header = rows::find_header(&head).map_err(ImportError::Header)?;
    let ctx = RowContext {
        tree,
        today: opts.today,
        regency: opts.regency,
        scope: opts.scope,
    };
    let mut summary = Summary {
        header_row: header.row_index as u64 + 1,
        ignored_columns: header.ignored.clone(),
        ..Summary::default()
    };
    let mut valid = Vec::new();
    let mut issues = Vec::new();
    // A reader thread splits the file into records while earlier chunks are decoded and
    // validated on every core.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<(u64, RawRow)>, SheetError>>(2);
    let first_line = header.row_index as u64 + 1;
    let leftover: Vec<Vec<Cell>> = head.into_iter().skip(header.row_index + 1).collect();
    std::thread::scope(|s| -> Result<(), ImportError> {
        s.spawn(move || {
            let mut line = first_line;
            let mut chunk = Vec::with_capacity(CHUNK);
            let rest = std::iter::from_fn(|| reader.next_raw());
            for row in leftover
                .into_iter()
                .map(|c| Ok(RawRow::from(c)))
                .chain(rest)
            {
                line += 1;
                match row {
                    Ok(raw) => {
                        chunk.push((line, raw));
                        if chunk.len() == CHUNK
                            && tx
                                .send(Ok(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK))))
                                .is_err()
                        {
                            return;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
            let _ = tx.send(Ok(chunk));
        });
        for chunk in rx {
            let (read, rejected) = validate_chunk(chunk?, &header, &ctx, &mut valid, &mut issues);
            summary.read += read;
            summary.rejected += rejected;
            progress(Phase::Validating, summary.read);
        }
        Ok(())
    })?;
    Ok((summary, valid, issues))
}
