//! The target import pipeline (`paritrana import targets`): read the file → find the header row
//! → validate every row → drop in-file duplicates → apply the valid targets in one transaction →
//! report. Target files are small (a row per region and year), so they are read whole.
//!
//! Validation rules live in `paritrana_core::target`; this module only wires them to the sheets
//! reader, the store and the report.

use crate::{ImportError, Issue, Severity, file_sha256};
use chrono::NaiveDate;
use paritrana_core::import::{Cell, is_blank};
use paritrana_core::lang::{Lang, Localized};
use paritrana_core::region::RegionTree;
use paritrana_core::target::{
    TargetIssue, TargetRowContext, find_target_header, split_duplicates, validate_target_row,
};
use paritrana_store::{ImportSource, Store, TargetBatch};
use serde::Serialize;
use std::path::Path;

/// How many leading rows are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;

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
/// `strict` any bad row rejects the whole file. Returns the summary and every issue in row
/// order. A file-level problem (unreadable file, no header row) is an `Err` and stores nothing.
pub fn import_targets(
    store: &dyn Store,
    tree: &RegionTree,
    path: &Path,
    opts: &TargetOptions,
) -> Result<(TargetSummary, Vec<Issue>), ImportError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sha = file_sha256(path)?;
    let rows: Vec<Vec<Cell>> = paritrana_sheets::open(path)?.collect::<Result<_, _>>()?;
    let head = &rows[..rows.len().min(HEADER_SEARCH_ROWS)];
    let header = find_target_header(head).map_err(ImportError::TargetHeader)?;
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
    let mut valid = Vec::new();
    let mut issues: Vec<Issue> = Vec::new();
    for (i, cells) in rows.iter().enumerate().skip(header.row_index + 1) {
        if is_blank(cells) {
            continue;
        }
        summary.read += 1;
        match validate_target_row(i as u64 + 1, cells, &header, &ctx) {
            Ok(v) => valid.push(v),
            Err(row_issues) => {
                summary.rejected += 1;
                issues.extend(row_issues.iter().map(issue));
            }
        }
    }
    let (kept, duplicates) = split_duplicates(valid, &header);
    summary.rejected += duplicates.len() as u64;
    issues.extend(duplicates.iter().map(issue));
    issues.sort_by_key(|i| i.line);

    if opts.strict && summary.rejected > 0 {
        return Ok((summary, issues));
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
    Ok((summary, issues))
}
