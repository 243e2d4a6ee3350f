//! The target import pipeline (`paritrana import targets`): read the file → find the header row
//! → validate every row → drop in-file duplicates → apply the valid targets in one transaction →
//! report. Target files are small (a row per region, year and segment): rows are read one at a
//! time and only the valid targets are kept, at most [`MAX_TARGET_ROWS`] rows; problems wait
//! on disk beyond the first thousand ([`Problems`]).
//!
//! Validation rules live in `paritrana_core::target`; this module only wires them to the sheets
//! reader, the store and the report.

use crate::{ImportError, Issue, Problems, Severity, file_sha256, read_head};
use chrono::NaiveDate;
use paritrana_core::import::is_blank;
use paritrana_core::lang::{Lang, Localized};
use paritrana_core::region::RegionTree;
use paritrana_core::target::{
    FirstTarget, TargetIssue, TargetRowContext, find_target_header, validate_target_row,
};
use paritrana_store::{ImportSource, Store, TargetBatch};
use serde::Serialize;
use std::path::Path;

/// Data rows a target file may hold. Targets are counted per region, year and segment: every
/// village of Indonesia (83,763) for three segments is about 250,000 rows a year, so a file
/// past this is not a target list, and is refused before it can fill memory.
pub const MAX_TARGET_ROWS: u64 = 1_000_000;

/// What the caller decides about a target import.
#[derive(Debug, Clone)]
pub struct TargetOptions {
    /// Any bad row rejects the whole file.
    pub strict: bool,
    /// Validate and report, store nothing (the counts say what would happen).
    pub dry_run: bool,
    /// The reference date: target years up to next year are accepted.
    pub today: NaiveDate,
    /// Who runs the import, for the import log and the audit trail.
    pub actor: paritrana_store::Actor,
    /// The region the actor may change: rows for other regions are refused.
    pub scope: paritrana_core::auth::Scope,
    /// The source of rows without a Sumber value; default "Berkas FILE_NAME".
    pub source: Option<String>,
    /// The estimate flag of rows without an Estimasi value.
    pub estimate: bool,
}

/// The outcome counts, as printed by `--format json`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TargetSummary {
    /// Data rows read (after the header; blank rows not counted).
    pub read: u64,
    /// Targets for a region, year and segment that had none.
    pub imported: u64,
    /// Targets that replaced a different stored value (kept in history).
    pub replaced: u64,
    /// Targets identical to the stored ones.
    pub unchanged: u64,
    /// Rows refused (bad values, duplicates in the file).
    pub rejected: u64,
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

fn issue(i: &TargetIssue) -> Issue {
    Issue {
        line: i.line,
        column: i.column.clone(),
        value: i.value.clone(),
        severity: Severity::Error,
        code: i.problem.code().to_string(),
        reason_id: i.message(Lang::Id),
        reason_en: i.message(Lang::En),
    }
}

/// Imports a target file (CSV or spreadsheet). Valid rows are stored and bad rows reported; with
/// `strict` any bad row rejects the whole file. Returns the summary and the problems (in row
/// order, bounded in memory). A file-level problem (unreadable file, no header row, more than
/// [`MAX_TARGET_ROWS`] rows) is an `Err` and stores nothing.
pub fn import_targets(
    store: &dyn Store,
    tree: &RegionTree,
    path: &Path,
    opts: &TargetOptions,
    spill_dir: Option<&Path>,
) -> Result<(TargetSummary, Problems), ImportError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sha = file_sha256(path)?;
    let mut reader = paritrana_sheets::open(path)?;
    let mut head = read_head(&mut reader)?;
    let header = find_target_header(&head).map_err(ImportError::TargetHeader)?;
    let default_source = opts
        .source
        .clone()
        .unwrap_or_else(|| format!("Berkas {file_name}"));
    let ctx = TargetRowContext {
        tree,
        today: opts.today,
        default_source: &default_source,
        default_estimate: opts.estimate,
        scope: opts.scope,
    };
    let mut summary = TargetSummary {
        header_row: header.row_index as u64 + 1,
        ignored_columns: header.ignored.clone(),
        file_sha256: sha.clone(),
        ..TargetSummary::default()
    };
    let mut kept = Vec::new();
    let mut first = FirstTarget::new();
    let mut problems = Problems::new(spill_dir);
    let first_line = header.row_index as u64 + 2;
    let rest = head.split_off(header.row_index + 1);
    for (i, cells) in rest.into_iter().map(Ok).chain(reader).enumerate() {
        let cells = cells?;
        if is_blank(&cells) {
            continue;
        }
        summary.read += 1;
        if summary.read > MAX_TARGET_ROWS {
            return Err(ImportError::TooManyTargetRows {
                limit: MAX_TARGET_ROWS,
            });
        }
        match validate_target_row(first_line + i as u64, &cells, &header, &ctx) {
            Ok(v) => match first.admit(v, &header) {
                Ok(v) => kept.push(v),
                Err(duplicate) => {
                    summary.rejected += 1;
                    problems
                        .push_duplicate(issue(&duplicate))
                        .map_err(ImportError::Problems)?;
                }
            },
            Err(row_issues) => {
                summary.rejected += 1;
                for i in row_issues.iter() {
                    problems
                        .push_validation(issue(i))
                        .map_err(ImportError::Problems)?;
                }
            }
        }
    }

    if opts.strict && summary.rejected > 0 {
        return Ok((summary, problems));
    }
    let targets: Vec<_> = kept.into_iter().map(|v| v.target).collect();
    let outcome = store.apply_targets(&TargetBatch {
        source: ImportSource {
            file_name,
            file_sha256: sha,
            actor: opts.actor.clone(),
            scope: opts.scope,
        },
        targets: &targets,
        rows_read: summary.read,
        rejected_before_store: summary.rejected,
        strict: opts.strict,
        dry_run: opts.dry_run,
    })?;
    summary.imported = outcome.inserted;
    summary.replaced = outcome.replaced;
    summary.unchanged = outcome.unchanged;
    summary.committed = outcome.committed;
    summary.import_id = outcome.import_id;
    Ok((summary, problems))
}
