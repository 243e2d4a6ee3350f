//! The embedded SQLite backend of Paritrana's store: one file, WAL journal, one writer at a
//! time. It implements the traits of `paritrana-store` and passes its conformance suite
//! (`tests/conformance_sqlite.rs`).
//!
//! SQL for each area lives in its own module (`registry`, `award`, `accounts`, …); migrations
//! are the numbered files in this crate's `migrations/`, applied in order and recorded in
//! `schema_migrations`. The database files are private (0600, [`paritrana_store::files`]);
//! checking, backing up and restoring a database file is [`maintenance`]'s job.

mod accounts;
mod audit;
mod award;
mod budget;
mod coverage;
mod error;
mod iso_date;
pub mod maintenance;
mod migrate;
mod registry;
mod targets;
mod transfers;

use crate::error::Db;
use chrono::{DateTime, NaiveDate, Utc};
use paritrana_core::auth::throttle::{Failures, Locked};
use paritrana_core::coverage::{Cube, PeriodList};
use paritrana_core::nik::Nik;
use paritrana_core::region::RegionCode;
use paritrana_core::target::Target;
use paritrana_store::accounts::{
    AccountError, AccountStore, LoginResult, NewSession, NewToken, NewUser, SessionRecord,
    SessionSummary, TokenRecord, UserChange, UserRecord,
};
use paritrana_store::audit::{
    Actor, AuditEntry, AuditQuery, AuditRecord, AuditStore, AuditVerification,
};
use paritrana_store::files;
use paritrana_store::{
    ImportBatch, ImportLogEntry, ImportOutcome, ImportRows, RegistryStats, Store, StoreError,
    TargetBatch, TargetOutcome, WorkerRecord,
};
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

/// The environment variable capping the database size in pages (4 KiB each): a storage
/// quota, and the way tests make the database "full" without filling a disk.
pub const MAX_PAGES_ENV: &str = "PARITRANA_MAX_DB_PAGES";

fn configure(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    if let Some(pages) = std::env::var(MAX_PAGES_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
    {
        // SQLite keeps the limit at least at the current size: writes needing new pages fail
        // with SQLITE_FULL, as on a full disk.
        conn.pragma_update(None, "max_page_count", pages)?;
    }
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
        let data_dir = |source| StoreError::DataDir {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            files::private_dir_if_missing(dir).map_err(data_dir)?;
        }
        // Private before SQLite opens it: the -wal and -shm files take its mode.
        files::private_file(path).map_err(data_dir)?;
        files::private_side_files(path).map_err(data_dir)?;
        let mut conn = Connection::open(path).db()?;
        configure(&conn).db()?;
        files::private_side_files(path).map_err(data_dir)?;
        migrate::run(&mut conn)?;
        if coverage::needs_rebuild(&conn).db()? {
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

    fn with_writer<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| StoreError::backend("writer lock poisoned"))?;
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
                )
                .db()?;
                c.pragma_update(None, "busy_timeout", 10_000).db()?;
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

    fn write_probe(&self) -> Result<(), StoreError> {
        self.with_writer(|conn| maintenance::write_probe(conn).db())
    }

    fn apply_import(
        &self,
        batch: &ImportBatch,
        rows: &mut dyn ImportRows,
        progress: &dyn Fn(u64),
    ) -> Result<ImportOutcome, StoreError> {
        self.with_writer(|conn| registry::apply_import(conn, batch, rows, progress))
    }

    fn worker(&self, nik: Nik) -> Result<Option<WorkerRecord>, StoreError> {
        self.with_reader(|conn| registry::worker(conn, nik))
    }

    fn find_workers(
        &self,
        within: RegionCode,
        name: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<WorkerRecord>, StoreError> {
        self.with_reader(|conn| registry::find_workers(conn, within, name, offset, limit))
    }

    fn registry_stats(&self, on: NaiveDate) -> Result<RegistryStats, StoreError> {
        self.with_reader(|conn| registry::stats(conn, on))
    }

    fn imports(&self, limit: u32) -> Result<Vec<ImportLogEntry>, StoreError> {
        self.with_reader(|conn| registry::imports(conn, limit))
    }

    fn import(&self, id: i64) -> Result<Option<ImportLogEntry>, StoreError> {
        self.with_reader(|conn| registry::import(conn, id))
    }

    fn version(&self) -> Result<i64, StoreError> {
        self.with_reader(|conn| coverage::version(conn).db())
    }

    fn coverage_cube(&self) -> Result<Arc<Cube>, StoreError> {
        let version = self.version()?;
        let mut cached = self
            .cube
            .lock()
            .map_err(|_| StoreError::backend("cube lock poisoned"))?;
        if let Some((v, cube)) = cached.as_ref()
            && *v == version
        {
            return Ok(cube.clone());
        }
        // Read the version and the rows in one read transaction, so they agree.
        let (version, cube) = self.with_reader(|conn| {
            conn.execute_batch("BEGIN").db()?;
            let out = coverage::version(conn)
                .db()
                .and_then(|v| Ok((v, coverage::load_cube(conn)?)));
            conn.execute_batch("COMMIT").db()?;
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

impl AccountStore for SqliteStore {
    fn user_count(&self) -> Result<u64, StoreError> {
        self.with_reader(accounts::user_count)
    }

    fn create_user(&self, new: &NewUser, actor: &Actor) -> Result<UserRecord, AccountError> {
        self.with_writer(|c| accounts::create_user(c, new, actor))
    }

    fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        self.with_reader(|c| accounts::user_by_name(c, username))
    }

    fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, StoreError> {
        self.with_reader(|c| accounts::user_by_id(c, id))
    }

    fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        self.with_reader(accounts::users)
    }

    fn update_user(
        &self,
        id: i64,
        change: &UserChange,
        actor: &Actor,
    ) -> Result<UserRecord, AccountError> {
        self.with_writer(|c| accounts::update_user(c, id, change, actor))
    }

    fn set_password(
        &self,
        id: i64,
        password_hash: &str,
        must_change: bool,
        action: &str,
        actor: &Actor,
    ) -> Result<(), AccountError> {
        self.with_writer(|c| {
            accounts::set_password(c, id, password_hash, must_change, action, actor)
        })
    }

    fn reserve_login(
        &self,
        username: &str,
        addr: &str,
        since: DateTime<Utc>,
        decide: &dyn Fn(&Failures) -> Result<(), Locked>,
    ) -> Result<Result<i64, Locked>, StoreError> {
        self.with_writer(|c| accounts::reserve_login(c, username, addr, since, decide))
    }

    fn cancel_login(&self, attempt: i64) -> Result<(), StoreError> {
        self.with_writer(|c| accounts::cancel_login(c, attempt))
    }

    fn finish_login(
        &self,
        attempt: i64,
        username: &str,
        result: LoginResult,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.with_writer(|c| accounts::finish_login(c, attempt, username, result, actor))
    }

    fn create_session(&self, session: &NewSession) -> Result<(), StoreError> {
        self.with_writer(|c| accounts::create_session(c, session))
    }

    fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_until: DateTime<Utc>,
    ) -> Result<Option<SessionRecord>, StoreError> {
        let Some((session, stale)) = self.with_reader(|c| accounts::session(c, token_hash, now))?
        else {
            return Ok(None);
        };
        if stale {
            self.with_writer(|c| accounts::touch_session(c, token_hash, now, idle_until))?;
        }
        Ok(Some(session))
    }

    fn delete_session(&self, token_hash: &str, actor: &Actor) -> Result<(), StoreError> {
        self.with_writer(|c| accounts::delete_session(c, token_hash, actor))
    }

    fn delete_user_sessions(&self, user_id: i64, actor: &Actor) -> Result<u64, StoreError> {
        self.with_writer(|c| accounts::delete_user_sessions(c, user_id, actor))
    }

    fn user_sessions(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<SessionSummary>, StoreError> {
        self.with_reader(|c| accounts::user_sessions(c, user_id, now))
    }

    fn create_token(&self, token: &NewToken, actor: &Actor) -> Result<TokenRecord, StoreError> {
        self.with_writer(|c| accounts::create_token(c, token, actor))
    }

    fn token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(TokenRecord, UserRecord)>, StoreError> {
        let found = self.with_reader(|c| accounts::token(c, token_hash, now))?;
        if let Some((t, _)) = &found {
            let minute = paritrana_store::time_text(now);
            if t.last_used_at.as_deref().and_then(|l| l.get(..16)) != minute.get(..16) {
                self.with_writer(|c| accounts::mark_token_used(c, t.id, now))?;
            }
        }
        Ok(found)
    }

    fn tokens(&self, user_id: Option<i64>) -> Result<Vec<TokenRecord>, StoreError> {
        self.with_reader(|c| accounts::tokens(c, user_id))
    }

    fn revoke_token(&self, id: i64, owner: Option<i64>, actor: &Actor) -> Result<bool, StoreError> {
        self.with_writer(|c| accounts::revoke_token(c, id, owner, actor))
    }
}

impl AuditStore for SqliteStore {
    fn audit(&self, actor: &Actor, entry: &AuditEntry) -> Result<i64, StoreError> {
        self.with_writer(|c| {
            let tx = c
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .db()?;
            let id = audit::append(&tx, actor, entry).db()?;
            tx.commit().db()?;
            Ok(id)
        })
    }

    fn audit_search(&self, query: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError> {
        self.with_reader(|c| audit::search(c, query))
    }

    fn audit_verify(&self) -> Result<AuditVerification, StoreError> {
        self.with_reader(audit::verify)
    }

    fn nik_key(&self, nik: Nik) -> Result<String, StoreError> {
        self.with_reader(|c| audit::nik_key(c, nik))
    }
}

/// Reads several statements in one read transaction, so they see one state of the database.
fn consistent<T, E: From<StoreError>>(
    conn: &Connection,
    f: impl FnOnce(&Connection) -> Result<T, E>,
) -> Result<T, E> {
    conn.execute_batch("BEGIN").db()?;
    let out = f(conn);
    conn.execute_batch("COMMIT").db()?;
    out
}

/// The database file named by `url`: `sqlite://PATH`, a bare path, or `None` for the
/// embedded database `paritrana.db` in `data_dir` (the data directory is created, private).
pub fn database_path(url: Option<&str>, data_dir: &Path) -> Result<PathBuf, StoreError> {
    Ok(match url {
        None | Some("") => {
            files::private_dir(data_dir).map_err(|source| StoreError::DataDir {
                path: data_dir.display().to_string(),
                source,
            })?;
            data_dir.join("paritrana.db")
        }
        Some(u) if u.starts_with("sqlite://") => u.trim_start_matches("sqlite://").into(),
        Some(u) if u.starts_with("sqlite:") => u.trim_start_matches("sqlite:").into(),
        Some(u) if u.contains("://") => return Err(StoreError::UnsupportedUrl(u.to_string())),
        Some(u) => u.into(),
    })
}

/// Opens the store named by `url` (see [`database_path`]). Creates and migrates it when
/// needed.
pub fn open(url: Option<&str>, data_dir: &Path) -> Result<SqliteStore, StoreError> {
    SqliteStore::open(&database_path(url, data_dir)?)
}
