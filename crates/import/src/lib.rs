//! The import pipelines, shared by the CLI and the web app. Participants (below):
//! read the file (CSV or spreadsheet) → find the header row → validate every row in parallel →
//! sort the valid rows by NIK in runs on disk ([`runs`]) → merge the runs, dropping in-file
//! duplicates, while the store applies the rows in one transaction → report.
//!
//! Memory does not grow with the file: rows are read, validated and sorted a part at a time,
//! merged back a part at a time, and problems beyond the first thousand wait on disk
//! ([`Problems`]). A file of 45 million rows is imported with the memory of one of a million.
//!
//! Validation rules live in `paritrana_core::import`; the registry rule in
//! `paritrana_core::registry`; file formats in `paritrana_sheets`. This crate only wires them and
//! keeps the counts. Target files (the denominators of coverage) go through [`import_targets`].

mod problems;
mod report;
mod row_record;
mod runs;
mod targets;

pub use problems::{KEPT_IN_MEMORY, MAX_LISTED, ProblemCounts, Problems, ReasonCount};
pub use report::{Issue, Severity};
pub use targets::{MAX_TARGET_ROWS, TargetOptions, TargetSummary, import_targets};

use chrono::NaiveDate;
use paritrana_core::import::{self as rows, Cell, Header, RowContext, ValidRow};
use paritrana_core::lang::{Lang, Localized};
use paritrana_core::nik::Nik;
use paritrana_core::region::{RegionCode, RegionTree};
use paritrana_core::registry::RegistryConflict;
use paritrana_sheets::{RawRow, SheetError};
use paritrana_store::{ImportBatch, ImportRows, ImportSource, IncomingRow, Store, StoreError};
use rayon::prelude::*;
use runs::Runs;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

/// How many rows are validated together (bounds memory of raw cells in flight).
const CHUNK: usize = 16_384;
/// A chunk also ends when its rows weigh this much ([`RawRow::weight`]): a workbook row may
/// be 16,384 cells wide.
const CHUNK_BYTES: usize = 32 * 1024 * 1024;
/// When this many first data rows are all refused, the file is not read further: it is very
/// likely not a participant list (or the wrong columns were matched), and reading on would
/// only pile up problems.
pub const EARLY_STOP_ROWS: u64 = 1_000;
/// How many leading rows are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;
/// Valid rows sorted in memory at a time (about 200 bytes each with their name); beyond, they
/// are sorted in runs on disk ([`runs`]).
pub const RUN_ROWS: usize = 250_000;
/// Rows handed from the merge to the store at a time.
const PART_ROWS: usize = 4_096;

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
    /// Where problems beyond the first thousand wait during the import (an unnamed file);
    /// `None`: the system's temporary folder.
    pub spill_dir: Option<std::path::PathBuf>,
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
    /// The first [`EARLY_STOP_ROWS`] data rows were all refused, so the rest of the file was
    /// not read and nothing was stored.
    pub stopped_early: bool,
}

impl Summary {
    /// Why the file was not read to its end, when it was not.
    pub fn stop_reason(&self, lang: Lang) -> Option<String> {
        let n = paritrana_core::lang::format_count(EARLY_STOP_ROWS, lang);
        self.stopped_early.then(|| match lang {
            Lang::Id => format!(
                "{n} baris pertama semuanya ditolak; periksa apakah ini berkas yang benar. \
                 Sisa berkas tidak dibaca dan tidak ada yang disimpan."
            ),
            Lang::En => format!(
                "The first {n} rows were all refused; check that this is the right file. \
                 The rest of the file was not read and nothing was stored."
            ),
        })
    }
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
    /// The temporary file holding problems beyond the first thousand failed.
    #[error("cannot keep the list of problems: {0}")]
    Problems(std::io::Error),
    /// The temporary files sorting the rows by NIK could not be written or read back.
    #[error("cannot sort the rows in temporary files: {0}")]
    Sort(std::io::Error),
    /// A target file with more rows than any target list has.
    #[error("a target file has at most {limit} rows")]
    TooManyTargetRows { limit: u64 },
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
            ImportError::Problems(e) => match lang {
                Lang::Id => format!(
                    "daftar masalah tidak dapat disimpan sementara ({e}); tidak ada data yang diubah"
                ),
                Lang::En => format!("cannot keep the list of problems ({e}); nothing was changed"),
            },
            ImportError::TooManyTargetRows { limit } => {
                let n = paritrana_core::lang::format_count(*limit, lang);
                match lang {
                    Lang::Id => format!(
                        "berkas target berisi lebih dari {n} baris; target dihitung per \
                         wilayah, tahun dan segmen, jadi ini bukan daftar target. Tidak ada data \
                         yang diubah"
                    ),
                    Lang::En => format!(
                        "the target file has more than {n} rows; targets are counted per \
                         region, year and segment, so this is not a target list. Nothing was \
                         changed"
                    ),
                }
            }
            ImportError::Sort(e) => match lang {
                Lang::Id => format!(
                    "baris tidak dapat diurutkan dalam berkas sementara ({e}); periksa ruang \
                     disk folder data. Tidak ada data yang diubah"
                ),
                Lang::En => format!(
                    "cannot sort the rows in temporary files ({e}); check the free space of \
                     the data folder. Nothing was changed"
                ),
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

/// Rows read, refused and stored with a warning so far, and whether reading stopped early.
#[derive(Default)]
struct Tally {
    read: u64,
    rejected: u64,
    warned: u64,
    stopped_early: bool,
}

/// Decodes and validates a chunk in parallel, in row order into `tally`; stops (and says so)
/// once the first [`EARLY_STOP_ROWS`] data rows are all refused.
fn validate_chunk(
    chunk: Vec<(u64, RawRow)>,
    header: &Header,
    ctx: &RowContext<'_>,
    valid: &mut Runs<IncomingRow>,
    problems: &mut Problems,
    tally: &mut Tally,
) -> Result<(), ImportError> {
    let results: Vec<Option<Result<ValidRow, Vec<rows::RowIssue>>>> = chunk
        .into_par_iter()
        .map(|(line, raw)| {
            let cells = raw.into_cells();
            (!rows::is_blank(&cells)).then(|| rows::validate_row(line, &cells, header, ctx))
        })
        .collect();
    for r in results.into_iter().flatten() {
        tally.read += 1;
        match r {
            Ok(v) => {
                if !v.warnings.is_empty() {
                    tally.warned += 1;
                }
                for w in &v.warnings {
                    problems
                        .push_validation(Issue::from_row_issue(w, Severity::Warning))
                        .map_err(ImportError::Problems)?;
                }
                valid
                    .push(IncomingRow {
                        line: v.line,
                        person: v.person,
                        enrolment: v.enrolment,
                    })
                    .map_err(ImportError::Sort)?;
            }
            Err(errs) => {
                tally.rejected += 1;
                for e in &errs {
                    problems
                        .push_validation(Issue::from_row_issue(e, Severity::Error))
                        .map_err(ImportError::Problems)?;
                }
            }
        }
        if tally.read == EARLY_STOP_ROWS && tally.rejected == tally.read {
            tally.stopped_early = true;
            break;
        }
    }
    Ok(())
}

/// Imports a participant list. Returns the summary and the problems (errors and warnings, in
/// row order, bounded in memory: see [`Problems`]). A file-level problem (unreadable file, no
/// header row) is an `Err` and stores nothing; so does a file whose first [`EARLY_STOP_ROWS`]
/// rows are all refused, though as a summary with `stopped_early` and those rows' problems.
pub fn import_participants(
    store: &dyn Store,
    tree: &RegionTree,
    path: &Path,
    opts: &Options,
    progress: &(dyn Fn(Phase, u64) + Sync),
) -> Result<(Summary, Problems), ImportError> {
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
    let (mut summary, valid, mut problems) = read_result?;
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        rows = summary.read,
        runs_on_disk = valid.runs_on_disk(),
        "read and validated"
    );
    summary.file_sha256 = sha.clone();

    // Any refused row refuses a strict import: one refused while validating makes it a dry run
    // from the start; a duplicate found in the merge, or a conflict, rolls it back in the store.
    // A file stopped early is refused whole: storing its few valid rows (if any) would record
    // an import of a file nobody meant to import.
    let refused = (opts.strict && summary.rejected > 0) || summary.stopped_early;
    let batch = ImportBatch {
        source: ImportSource {
            file_name,
            file_sha256: sha,
            actor: opts.actor.clone(),
            scope: opts.scope,
        },
        rows_read: summary.read,
        strict: opts.strict,
        dry_run: opts.dry_run || refused,
        today: opts.today,
    };
    let rejected_before = summary.rejected;
    let (outcome, rejected, failure) = std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel(8);
        s.spawn(move || merge_runs(valid, &tx));
        // The feed owns the receiver: when the store stops early (an error, or a panic
        // unwinding through here) it is dropped, which stops the merge, so the scope can end.
        let mut feed = Feed {
            parts: rx,
            pending: Vec::new().into_iter(),
            problems: &mut problems,
            tree,
            rejected: rejected_before,
            failure: None,
        };
        let outcome = store.apply_import(&batch, &mut feed, &|n| progress(Phase::Storing, n));
        (outcome, feed.rejected, feed.failure)
    });
    let outcome = match (outcome, failure) {
        (_, Some(failure)) => return Err(failure),
        (outcome, None) => outcome?,
    };
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "stored");
    summary.rejected = rejected + outcome.refused;
    summary.imported = outcome.imported;
    summary.updated = outcome.updated;
    summary.unchanged = outcome.unchanged;
    summary.committed = outcome.committed;
    summary.import_id = outcome.import_id;
    // A dry run keeps the counts: they say what committing the file would do. A file refused
    // by --strict stored nothing and would store nothing.
    if !summary.committed && (!opts.dry_run || summary.stopped_early) {
        summary.imported = 0;
        summary.updated = 0;
        summary.unchanged = 0;
    }
    Ok((summary, problems))
}

type Validated = (Summary, Runs<IncomingRow>, Problems);

/// The leading rows of a file, where its header row is searched for (participants and
/// targets alike); the reader goes on after them.
fn read_head(reader: &mut paritrana_sheets::SheetReader) -> Result<Vec<Vec<Cell>>, ImportError> {
    let mut head = Vec::with_capacity(HEADER_SEARCH_ROWS);
    for row in reader.by_ref() {
        head.push(row?);
        if head.len() == HEADER_SEARCH_ROWS {
            break;
        }
    }
    Ok(head)
}

/// What the merge hands the store at a time: rows in NIK order, one per NIK, and the rows
/// found repeating a NIK on an earlier line.
#[derive(Default)]
struct Part {
    rows: Vec<IncomingRow>,
    duplicates: Vec<rows::InFileDuplicate>,
}

/// Merges the sorted runs and applies the in-file duplicate rule, sending parts to the store's
/// side until the runs end or the store stops listening.
fn merge_runs(runs: Runs<IncomingRow>, to_store: &SyncSender<std::io::Result<Part>>) {
    let merged = match runs.into_sorted() {
        Ok(m) => m,
        Err(e) => {
            let _ = to_store.send(Err(e));
            return;
        }
    };
    let mut rule = rows::FirstOfNik::new();
    let mut part = Part::default();
    for row in merged {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let _ = to_store.send(Err(e));
                return;
            }
        };
        match rule.admit(row.person.nik, row.line) {
            None => part.rows.push(row),
            Some(duplicate) => part.duplicates.push(duplicate),
        }
        if (part.rows.len() >= PART_ROWS || part.duplicates.len() >= PART_ROWS)
            && to_store.send(Ok(std::mem::take(&mut part))).is_err()
        {
            return;
        }
    }
    let _ = to_store.send(Ok(part));
}

/// The rows as the store takes them ([`ImportRows`]): parts from the merge, with the
/// duplicates and the registry's refusals written to the problems as they come.
struct Feed<'a> {
    parts: Receiver<std::io::Result<Part>>,
    pending: std::vec::IntoIter<IncomingRow>,
    problems: &'a mut Problems,
    tree: &'a RegionTree,
    /// Rows refused before the store: invalid ones, then duplicates as the merge finds them.
    rejected: u64,
    /// Why the rows could not be handed over (the store is told only that they could not).
    failure: Option<ImportError>,
}

impl Feed<'_> {
    fn fail(&mut self, failure: ImportError) -> StoreError {
        let e = StoreError::backend(format!(
            "the import's rows could not be handed over: {failure}"
        ));
        self.failure = Some(failure);
        e
    }
}

impl ImportRows for Feed<'_> {
    fn next_rows(&mut self, max: usize, into: &mut Vec<IncomingRow>) -> Result<(), StoreError> {
        into.clear();
        while into.len() < max {
            if self.pending.len() == 0 {
                let Ok(part) = self.parts.recv() else {
                    break;
                };
                let part = part.map_err(|e| self.fail(ImportError::Sort(e)))?;
                for d in &part.duplicates {
                    self.rejected += 1;
                    self.problems
                        .push_duplicate(Issue::from_row_issue(&d.issue(), Severity::Error))
                        .map_err(|e| self.fail(ImportError::Problems(e)))?;
                }
                self.pending = part.rows.into_iter();
            }
            into.extend(self.pending.by_ref().take(max - into.len()));
        }
        Ok(())
    }

    fn refused(
        &mut self,
        line: u64,
        nik: Nik,
        conflict: RegistryConflict,
    ) -> Result<(), StoreError> {
        self.problems
            .push_conflict(Issue::conflict(
                line,
                nik.to_string(),
                &conflict.named(self.tree),
            ))
            .map_err(|e| self.fail(ImportError::Problems(e)))
    }

    fn rejected_before_store(&self) -> u64 {
        self.rejected
    }
}

fn read_and_validate(
    tree: &RegionTree,
    path: &Path,
    opts: &Options,
    progress: &(dyn Fn(Phase, u64) + Sync),
) -> Result<Validated, ImportError> {
    let mut reader = paritrana_sheets::open(path)?;
    let head = read_head(&mut reader)?;
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
    let mut valid = Runs::new(opts.spill_dir.as_deref(), RUN_ROWS);
    let mut problems = Problems::new(opts.spill_dir.as_deref());
    let mut tally = Tally::default();
    // A reader thread splits the file into records while earlier chunks are decoded and
    // validated on every core.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<(u64, RawRow)>, SheetError>>(2);
    let first_line = header.row_index as u64 + 1;
    let leftover: Vec<Vec<Cell>> = head.into_iter().skip(header.row_index + 1).collect();
    std::thread::scope(|s| -> Result<(), ImportError> {
        s.spawn(move || {
            let mut line = first_line;
            let mut chunk = Vec::with_capacity(CHUNK);
            let mut weight = 0;
            let rest = std::iter::from_fn(|| reader.next_raw());
            for row in leftover
                .into_iter()
                .map(|c| Ok(RawRow::from(c)))
                .chain(rest)
            {
                line += 1;
                match row {
                    Ok(raw) => {
                        weight += raw.weight();
                        chunk.push((line, raw));
                        if (chunk.len() == CHUNK || weight >= CHUNK_BYTES)
                            && tx
                                .send(Ok(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK))))
                                .is_err()
                        {
                            return;
                        }
                        if chunk.is_empty() {
                            weight = 0;
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
        // Leaving the loop early drops the receiver, which stops the reader thread.
        for chunk in rx {
            validate_chunk(chunk?, &header, &ctx, &mut valid, &mut problems, &mut tally)?;
            progress(Phase::Validating, tally.read);
            if tally.stopped_early {
                break;
            }
        }
        Ok(())
    })?;
    summary.read = tally.read;
    summary.rejected = tally.rejected;
    summary.warnings = tally.warned;
    summary.stopped_early = tally.stopped_early;
    Ok((summary, valid, problems))
}
