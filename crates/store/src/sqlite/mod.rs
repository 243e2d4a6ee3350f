//! The embedded SQLite store: one file, WAL journal, one writer at a time.
//!
//! SQL for each area lives in its own module (`registry`, `imports`); migrations are the numbered
//! files in `migrations/sqlite/`, applied in order and recorded in `schema_migrations`.

mod budget;
mod coverage;
mod iso_date;
mod migrate;
mod registry;
mod targets;

use crate::{
    ImportBatch, ImportLogEntry, ImportOutcome, RegistryStats, Store, StoreError, TargetBatch,
    TargetOutcome, WorkerRecord,
};
use chrono::NaiveDate;
use paritrana_core::coverage::{Cube, PeriodList};
use paritrana_core::nik::Nik;
use paritrana_core::region::RegionCode;
use paritrana_core::target::Target;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The SQLite implementation of [`Store`].
pub struct SqliteStore {
    path: PathBuf,
    /// The single writer connection (SQLite serialises writers anyway).
    writer: Mutex<Connection>,
    /// Idle read connections, reused across calls.
    readers: Mutex<Vec<Connection>>,
    /// The coverage cube with the registry version it was loaded at.
    cube: Mutex<Option<(i64, Arc<Cube>)>>,
}

fn configure(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "busy_timeout", 10_000)?;
    // 16 MiB: big imports spill to the WAL as they go rather than all at commit.
    conn.pragma_update(None, "cache_size", -16_384)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the database file at `path`.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrate::run(&mut conn)?;
        if coverage::needs_rebuild(&conn)? {
            let rows = coverage::rebuild(&mut conn)?;
            tracing::info!(rows, "coverage aggregates rebuilt from the registry");
        }
        Ok(SqliteStore {
            path: path.to_path_buf(),
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            cube: Mutex::new(None),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn with_writer<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| StoreError::Corrupt("writer lock poisoned".into()))?;
        f(&mut guard)
    }

    fn with_reader<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let pooled = self.readers.lock().ok().and_then(|mut v| v.pop());
        let conn = match pooled {
            Some(c) => c,
            None => {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                c.pragma_update(None, "busy_timeout", 10_000)?;
                c
            }
        };
        let out = f(&conn);
        if let Ok(mut v) = self.readers.lock()
            && v.len() < 16
        {
            v.push(conn);
        }
        out
    }
}

impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn apply_import(
        &self,
        batch: &ImportBatch<'_>,
        progress: &dyn Fn(u64),
    ) -> Result<ImportOutcome, StoreError> {
        self.with_writer(|conn| registry::apply_import(conn, batch, progress))
    }

    fn worker(&self, nik: Nik) -> Result<Option<WorkerRecord>, StoreError> {
        self.with_reader(|conn| registry::worker(conn, nik))
    }

    fn registry_stats(&self, on: NaiveDate) -> Result<RegistryStats, StoreError> {
        self.with_reader(|conn| registry::stats(conn, on))
    }

    fn imports(&self, limit: u32) -> Result<Vec<ImportLogEntry>, StoreError> {
        self.with_reader(|conn| registry::imports(conn, limit))
    }

    fn version(&self) -> Result<i64, StoreError> {
        self.with_reader(|conn| Ok(coverage::version(conn)?))
    }

    fn coverage_cube(&self) -> Result<Arc<Cube>, StoreError> {
        let version = self.version()?;
        let mut cached = self
            .cube
            .lock()
            .map_err(|_| StoreError::Corrupt("cube lock poisoned".into()))?;
        if let Some((v, cube)) = cached.as_ref()
            && *v == version
        {
            return Ok(cube.clone());
        }
        // Read the version and the rows in one read transaction, so they agree.
        let (version, cube) = self.with_reader(|conn| {
            conn.execute_batch("BEGIN")?;
            let out = coverage::version(conn)
                .map_err(StoreError::from)
                .and_then(|v| Ok((v, coverage::load_cube(conn)?)));
            conn.execute_batch("COMMIT")?;
            out
        })?;
        let cube = Arc::new(cube);
        *cached = Some((version, cube.clone()));
        Ok(cube)
    }

    fn coverage_periods(&self, within: RegionCode) -> Result<PeriodList, StoreError> {
        self.with_reader(|conn| coverage::periods(conn, within))
    }

    fn apply_targets(&self, batch: &TargetBatch<'_>) -> Result<TargetOutcome, StoreError> {
        self.with_writer(|conn| targets::apply(conn, batch))
    }

    fn targets(&self) -> Result<Vec<Target>, StoreError> {
        self.with_reader(targets::all)
    }

    fn enrolled_groups(
        &self,
        within: RegionCode,
        on: NaiveDate,
    ) -> Result<Vec<paritrana_core::contribution::EnrolledGroup>, StoreError> {
        self.with_reader(|conn| budget::enrolled_groups(conn, within, on))
    }
}
