//! Paritrana's storage boundary. [`Store`] and the traits beside it are the one boundary
//! between the product and a database, with the records they carry, the neutral errors and
//! the backend-neutral services (the award, transfers, the audit chain's hashing). Backends
//! are crates of their own that implement the traits: `paritrana-store-sqlite` (the embedded
//! database) today, a PostgreSQL crate beside it. No SQL and no database driver is in this
//! crate; each backend carries its SQL and its own `migrations/` folder, and passes the
//! [`conformance`] suite (feature `conformance`).
//!
//! The trait is synchronous: SQLite is in-process and fast; the web layer calls it from
//! `spawn_blocking`.

pub mod accounts;
pub mod audit;
pub mod award;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod fault;
pub mod files;
pub mod transfers;

pub use accounts::AccountStore;
pub use audit::{Actor, AuditStore};
pub use award::{AwardError, AwardStore};
pub use fault::StorageFault;
pub use transfers::TransferStore;

use chrono::NaiveDate;
use paritrana_core::coverage::{CoverageSource, Cube, PeriodList};
use paritrana_core::nik::Nik;
use paritrana_core::region::{Level, RegionCode};
use paritrana_core::registry::RegistryConflict;
use paritrana_core::target::Target;
use paritrana_core::worker::{Enrolment, Person};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

/// A storage failure, the same for every backend: no backend's own error type appears in it
/// (each backend maps its errors into these cases, `sqlite::error` for SQLite). The message is
/// for operators and logs; it never contains personal data.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// What was asked for is not stored (named in the message: "account", "database file …").
    #[error("not found: {0}")]
    NotFound(String),
    /// The change breaks a rule of the schema (a unique key, a reference, a check, an
    /// append-only table), named as the backend names it (`UNIQUE users.username`). A second
    /// writer that got there first ends here too.
    #[error("the change conflicts with stored data: {constraint}")]
    Conflict { constraint: String },
    /// The backend failed (busy, SQL, connection, disk). `fault` is the storage fault a user
    /// can be told about (disk full, read-only data), when it is one.
    #[error("database error: {message}")]
    Backend {
        message: String,
        fault: Option<StorageFault>,
    },
    /// The stored data is inconsistent: a value that cannot be read back, a row that should
    /// exist and does not, a damaged database file.
    #[error("the stored data is inconsistent: {0}")]
    Corrupt(String),
    /// A file next to the database (an upload, a report) could not be read or written.
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("unsupported database URL `{0}` (expected sqlite://PATH or a file path)")]
    UnsupportedUrl(String),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
}

impl StoreError {
    /// A failure of the backend that is not a storage fault (a lock poisoned by a panic, a
    /// worker thread lost).
    pub fn backend(message: impl Into<String>) -> StoreError {
        StoreError::Backend {
            message: message.into(),
            fault: None,
        }
    }

    /// A file that could not be read or written.
    pub fn io(path: &Path, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// The storage fault behind the error (disk full, read-only data), which the user can be
    /// told about; `None` for every other error.
    pub fn storage_fault(&self) -> Option<StorageFault> {
        match self {
            StoreError::Backend { fault, .. } => *fault,
            StoreError::Io { source, .. } | StoreError::DataDir { source, .. } => {
                StorageFault::of_io(source)
            }
            _ => None,
        }
    }
}

/// One validated row handed to the store, with its line in the source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingRow {
    pub line: u64,
    pub person: Person,
    pub enrolment: Enrolment,
}

/// The rows of an import, handed to the store a part at a time so that no side holds a whole
/// file: the import pipeline merges them from sorted runs on disk while the store writes.
/// Rows come in NIK order, at most one per NIK (a backend reads the recorded state of a part
/// before writing any of its rows, and refuses rows out of order).
pub trait ImportRows: Send {
    /// Replaces the content of `into` with the next rows, at most `max`; leaves it empty when
    /// there are no more.
    fn next_rows(&mut self, max: usize, into: &mut Vec<IncomingRow>) -> Result<(), StoreError>;

    /// A row the registry refused ([`paritrana_core::registry::reconcile`]): the pipeline
    /// reports it. Called in NIK order, as the rows come.
    fn refused(
        &mut self,
        line: u64,
        nik: Nik,
        conflict: RegistryConflict,
    ) -> Result<(), StoreError>;

    /// Rows of the file refused before they reached the store (invalid values, repeated NIKs),
    /// counted so far: asked once every row has been taken, for the import log (and with
    /// `strict`, any refusal rolls the import back).
    fn rejected_before_store(&self) -> u64;
}

/// Rows held in memory, for small batches and tests: sorted by NIK on creation (the first of
/// a repeated NIK kept, the rest dropped), refusals kept in [`RowsInMemory::refused`].
#[derive(Debug, Default)]
pub struct RowsInMemory {
    rows: std::vec::IntoIter<IncomingRow>,
    /// The rows the registry refused, as (line, NIK, reason), in NIK order.
    pub refused: Vec<(u64, Nik, RegistryConflict)>,
    /// Rows counted as refused before the store (repeated NIKs dropped on creation).
    pub rejected: u64,
}

impl RowsInMemory {
    /// The rows in NIK order (then line): the first row of a NIK is kept.
    pub fn new(mut rows: Vec<IncomingRow>) -> RowsInMemory {
        rows.sort_by_key(|r| (r.person.nik, r.line));
        let before = rows.len();
        rows.dedup_by_key(|r| r.person.nik);
        RowsInMemory {
            rejected: (before - rows.len()) as u64,
            rows: rows.into_iter(),
            refused: Vec::new(),
        }
    }

    /// The rows exactly as given, unsorted: a backend must refuse them when they are out of
    /// order (a test of that guard).
    pub fn unchecked(rows: Vec<IncomingRow>) -> RowsInMemory {
        RowsInMemory {
            rows: rows.into_iter(),
            ..RowsInMemory::default()
        }
    }
}

impl ImportRows for RowsInMemory {
    fn next_rows(&mut self, max: usize, into: &mut Vec<IncomingRow>) -> Result<(), StoreError> {
        into.clear();
        into.extend(self.rows.by_ref().take(max));
        Ok(())
    }

    fn refused(
        &mut self,
        line: u64,
        nik: Nik,
        conflict: RegistryConflict,
    ) -> Result<(), StoreError> {
        self.refused.push((line, nik, conflict));
        Ok(())
    }

    fn rejected_before_store(&self) -> u64 {
        self.rejected
    }
}

/// Where an import came from, for the import log.
#[derive(Debug, Clone, Serialize)]
pub struct ImportSource {
    pub file_name: String,
    pub file_sha256: String,
    /// Who ran it.
    pub actor: Actor,
    /// The scope the import was made in (the actor's): who may read its log entry.
    pub scope: paritrana_core::auth::Scope,
}

/// What an import is: where it comes from and how it is applied. Its rows are handed to
/// [`Store::apply_import`] beside it ([`ImportRows`]).
#[derive(Debug)]
pub struct ImportBatch {
    pub source: ImportSource,
    /// Rows of the file read (for the log).
    pub rows_read: u64,
    /// With `strict`, any refused row (before the store or by the registry) rolls the whole
    /// batch back.
    pub strict: bool,
    /// Nothing is stored (validation only); the answer says what would happen.
    pub dry_run: bool,
    /// The date taken as today: a worker with a period not ended by it is actively enrolled,
    /// and belongs to their region ([`paritrana_core::transfer::custody`]).
    pub today: NaiveDate,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportOutcome {
    /// The id of the import log entry; `None` when nothing was committed.
    pub import_id: Option<i64>,
    pub committed: bool,
    /// New workers.
    pub imported: u64,
    /// Existing workers whose record or periods changed.
    pub updated: u64,
    /// Rows identical to what is recorded.
    pub unchanged: u64,
    /// Rows refused because of the registry (each handed to [`ImportRows::refused`]).
    pub refused: u64,
}

/// A worker with every period recorded, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct WorkerRecord {
    pub person: Person,
    pub periods: Vec<Enrolment>,
}

/// Overall registry figures for status pages.
#[derive(Debug, Clone, Serialize)]
pub struct RegistryStats {
    pub workers: u64,
    pub enrolments: u64,
    /// Workers with a period covering `on`.
    pub active: u64,
    pub on: NaiveDate,
    pub imports: u64,
}

/// One entry of the import log.
#[derive(Debug, Clone, Serialize)]
pub struct ImportLogEntry {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub file_sha256: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub strict: bool,
    pub rows_read: u64,
    pub imported: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub actor: String,
    /// The scope the import was made in.
    pub scope: paritrana_core::auth::Scope,
}

/// Validated targets to apply in one transaction (`paritrana import targets`).
#[derive(Debug)]
pub struct TargetBatch<'a> {
    pub source: ImportSource,
    /// At most one target per (region, year, segment).
    pub targets: &'a [Target],
    /// Rows of the file read, and rejected before reaching the store (for the log).
    pub rows_read: u64,
    pub rejected_before_store: u64,
    pub strict: bool,
    /// Nothing is stored; the answer says what would happen.
    pub dry_run: bool,
}

/// What a target import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TargetOutcome {
    /// The id of the import log entry; `None` when nothing was committed.
    pub import_id: Option<i64>,
    pub committed: bool,
    /// Targets for a (region, year, segment) that had none.
    pub inserted: u64,
    /// Targets that replaced a different figure, source or estimate flag (kept in history).
    pub replaced: u64,
    /// Targets identical to the stored one.
    pub unchanged: u64,
}

/// Time as stored: UTC RFC 3339 with milliseconds, so stored times sort as text.
pub fn time_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The storage boundary. Implementations must apply [`Store::apply_import`] atomically:
/// a crash or kill in the middle leaves the database exactly as it was. Accounts and the audit
/// trail are part of it ([`AccountStore`], [`AuditStore`]), and so is the award
/// ([`AwardStore`]), and so are transfers between regions ([`TransferStore`]).
pub trait Store: AccountStore + AuditStore + AwardStore + TransferStore + Send + Sync {
    /// Checks that a write can be made now (the database is writable and not full) without
    /// changing anything: what `/healthz` asks every few seconds.
    fn write_probe(&self) -> Result<(), StoreError>;

    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Applies the rows of an import in one transaction, following
    /// [`paritrana_core::registry`]'s rule, taking them a part at a time from `rows` (the
    /// rows are never all in memory). `progress` is called with the rows done so far.
    fn apply_import(
        &self,
        batch: &ImportBatch,
        rows: &mut dyn ImportRows,
        progress: &dyn Fn(u64),
    ) -> Result<ImportOutcome, StoreError>;

    /// The worker with this NIK and all their periods.
    fn worker(&self, nik: Nik) -> Result<Option<WorkerRecord>, StoreError>;

    /// Workers living in `within` whose name contains `name` (case-insensitive), ordered by
    /// name then NIK; the first `offset` are skipped (paging), at most `limit` returned.
    fn find_workers(
        &self,
        within: RegionCode,
        name: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<WorkerRecord>, StoreError>;

    /// Counts for the status page.
    fn registry_stats(&self, on: NaiveDate) -> Result<RegistryStats, StoreError>;

    /// The most recent imports, newest first.
    fn imports(&self, limit: u32) -> Result<Vec<ImportLogEntry>, StoreError>;

    /// One import log entry.
    fn import(&self, id: i64) -> Result<Option<ImportLogEntry>, StoreError>;

    /// The registry version: grows by one in every transaction that changes what coverage and
    /// pages show (a committed import of workers or targets, an approved transfer), bumped
    /// inside that transaction, so versions follow the commit order. Caches built from the
    /// store compare it to know they are stale.
    fn version(&self) -> Result<i64, StoreError>;

    /// The coverage cube (kab/kota and above), current as of the last committed import.
    fn coverage_cube(&self) -> Result<Arc<Cube>, StoreError>;

    /// The periods of the workers living in `within`, for questions below kab/kota.
    fn coverage_periods(&self, within: RegionCode) -> Result<PeriodList, StoreError>;

    /// The workers of `within` enrolled on `on`, counted per segment, funding source, programmes
    /// and wage: the cost basis of budget questions.
    fn enrolled_groups(
        &self,
        within: RegionCode,
        on: NaiveDate,
    ) -> Result<Vec<paritrana_core::contribution::EnrolledGroup>, StoreError>;

    /// The source that answers coverage questions about areas of `level` inside `within`: the
    /// cube down to kab/kota, the region's periods below.
    fn coverage_source(
        &self,
        within: RegionCode,
        level: Level,
    ) -> Result<Arc<dyn CoverageSource + Send + Sync>, StoreError> {
        Ok(if Cube::answers(level) {
            self.coverage_cube()?
        } else {
            Arc::new(self.coverage_periods(within)?)
        })
    }
    /// Applies targets in one transaction, logged in the import log with kind `targets`. A
    /// target for a stored (region, year, segment) replaces it, and the former value is kept in
    /// the history.
    fn apply_targets(&self, batch: &TargetBatch<'_>) -> Result<TargetOutcome, StoreError>;

    /// Every stored target, ordered by region, year and segment.
    fn targets(&self) -> Result<Vec<Target>, StoreError>;
}
