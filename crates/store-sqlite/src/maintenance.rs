//! Looking after the database file: the write probe behind `/healthz`, the checks of
//! `paritrana check` (SQLite's own integrity check, the audit hash chain, the coverage
//! aggregates against a direct count of the registry), and `paritrana backup` / `restore`.
//!
//! These work on the file, not through an open [`super::SqliteStore`]: a damaged database
//! must be checkable without the migrations running first, and a restore must happen while
//! no store has the file open.

use super::{audit, coverage, migrate};
use crate::error::Db;
use paritrana_core::Lang;
use paritrana_core::coverage::Deltas;
use paritrana_core::lang::Localized;
use paritrana_core::region::RegionCode;
use paritrana_store::StoreError;
use paritrana_store::files;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Checks that a write can be made now without changing anything: a write transaction that
/// grows the file by a few pages, rolled back. Fails with SQLITE_FULL when the database (or
/// its page limit) is full and SQLITE_READONLY when it cannot be written.
pub(super) fn write_probe(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE paritrana_write_probe (b BLOB);
         INSERT INTO paritrana_write_probe VALUES (zeroblob(16384));",
    )?;
    tx.rollback()
}

/// Opens an existing database file for checking or copying (never creates one).
fn open_existing(path: &Path) -> Result<Connection, StoreError> {
    if !path.is_file() {
        return Err(StoreError::NotFound(format!(
            "database file {}",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .db()?;
    conn.pragma_update(None, "busy_timeout", 10_000).db()?;
    Ok(conn)
}

/// SQLite's own check: `quick_check` (every page and record well formed; minutes on the
/// largest registries are seconds here) or, with `full`, `integrity_check` (also every index
/// against its table). Returns the problems found; empty when the file is intact.
fn integrity(conn: &Connection, full: bool) -> Result<Vec<String>, StoreError> {
    let pragma = if full {
        "PRAGMA integrity_check"
    } else {
        "PRAGMA quick_check"
    };
    let mut stmt = conn.prepare(pragma).db()?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .db()?
        .collect::<Result<_, _>>()
        .db()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

/// `quick_check` of the file at `path` (what `serve` runs at start). Empty when intact.
pub fn quick_check_file(path: &Path) -> Result<Vec<String>, StoreError> {
    integrity(&open_existing(path)?, false)
}

/// The coverage aggregates compared with a direct count of the registry's periods.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AggregateCheck {
    /// Rows of `coverage_deltas`.
    pub stored_rows: u64,
    /// Rows the registry's periods give.
    pub expected_rows: u64,
    /// (kab/kota, profile, day) keys whose stored sum differs from the count (or is missing
    /// on one side).
    pub differing: u64,
}

impl AggregateCheck {
    pub fn ok(&self) -> bool {
        self.differing == 0
    }
}

/// Recounts the aggregates from the registry, in one read transaction so a concurrent import
/// is either wholly seen or not at all.
fn check_aggregates(conn: &Connection) -> Result<AggregateCheck, StoreError> {
    super::consistent(conn, |conn| {
        let mut deltas = Deltas::new();
        for p in &coverage::periods(conn, RegionCode::NATION)?.periods {
            deltas.add_fact(p);
        }
        let expected: std::collections::HashMap<(i64, u32, i64), i64> = deltas
            .rows()
            .into_iter()
            .map(|(r, p, d, v)| ((r.as_u64() as i64, p.bits(), i64::from(d)), v))
            .collect();
        let mut stmt = conn
            .prepare("SELECT regency, profile, day, delta FROM coverage_deltas")
            .db()?;
        let mut rows = stmt.query([]).db()?;
        let mut out = AggregateCheck {
            expected_rows: expected.len() as u64,
            ..AggregateCheck::default()
        };
        let mut matched = 0u64;
        while let Some(r) = rows.next().db()? {
            out.stored_rows += 1;
            let key: (i64, u32, i64) = (r.get(0).db()?, r.get(1).db()?, r.get(2).db()?);
            let delta: i64 = r.get(3).db()?;
            match expected.get(&key) {
                Some(v) if *v == delta => matched += 1,
                Some(_) => {
                    matched += 1;
                    out.differing += 1;
                }
                None => out.differing += 1,
            }
        }
        // Keys the registry gives that the table lacks.
        out.differing += out.expected_rows - matched;
        Ok(out)
    })
}

/// What `paritrana check` found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub database: String,
    /// `integrity_check` (true) or `quick_check` (false).
    pub full: bool,
    /// SQLite's problems; empty when intact.
    pub integrity: Vec<String>,
    pub audit_entries: u64,
    /// The first audit entry whose hash does not follow; `None` when the chain holds.
    pub audit_first_broken: Option<i64>,
    pub aggregates: AggregateCheck,
    /// Checks that could not run (a damaged table cannot be read), with the reason.
    pub errors: Vec<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.integrity.is_empty()
            && self.audit_first_broken.is_none()
            && self.aggregates.ok()
            && self.errors.is_empty()
    }
}

/// Every check of the database file at `path`. A check that cannot run is reported in
/// `errors`, not returned as an `Err`; only a file that cannot be opened at all is an `Err`.
pub fn check_file(path: &Path, full: bool) -> Result<CheckReport, StoreError> {
    let conn = open_existing(path)?;
    let mut report = CheckReport {
        database: path.display().to_string(),
        full,
        integrity: Vec::new(),
        audit_entries: 0,
        audit_first_broken: None,
        aggregates: AggregateCheck::default(),
        errors: Vec::new(),
    };
    match integrity(&conn, full) {
        Ok(problems) => report.integrity = problems,
        Err(e) => report.errors.push(format!("integrity check: {e}")),
    }
    match audit::verify(&conn) {
        Ok(v) => {
            report.audit_entries = v.entries;
            report.audit_first_broken = v.first_broken;
        }
        Err(e) => report.errors.push(format!("audit chain: {e}")),
    }
    match check_aggregates(&conn) {
        Ok(a) => report.aggregates = a,
        Err(e) => report.errors.push(format!("coverage aggregates: {e}")),
    }
    Ok(report)
}

/// Writes a consistent copy of the live database at `db` to `to` (private, 0600), while
/// others keep reading and writing: `VACUUM INTO` reads one snapshot. The copy is written
/// under a temporary name next to `to` and renamed when complete, so `to` is never half a
/// database. Refuses to overwrite an existing file.
pub fn backup_file(db: &Path, to: &Path) -> Result<u64, MaintenanceError> {
    if to.exists() {
        return Err(MaintenanceError::Exists(to.to_path_buf()));
    }
    let conn = open_existing(db)?;
    let dir = to
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.sementara-{}", std::process::id()));
    let io = |e| MaintenanceError::Io {
        path: to.to_path_buf(),
        source: e,
    };
    // VACUUM INTO accepts an empty file: created private first, so the copy never exists
    // with wider permissions.
    files::private_file(&temp).map_err(io)?;
    let written = (|| {
        conn.execute("VACUUM INTO ?1", [temp.to_string_lossy()])?;
        std::fs::File::open(&temp)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        files::private_file(&temp).map_err(io)?;
        std::fs::rename(&temp, to).map_err(io)?;
        Ok::<_, MaintenanceError>(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(std::fs::metadata(to).map_err(io)?.len())
}

/// What a restore replaced.
#[derive(Debug, Clone, Serialize)]
pub struct Restored {
    /// The database file the registry was in before, kept aside (or `None` when there was
    /// none).
    pub previous: Option<PathBuf>,
    pub audit_entries: u64,
    pub schema_version: i64,
}

/// Replaces the database at `db` with the backup `from`, after checking that `from` is a
/// Paritrana database (its tables and migrations), intact (`integrity_check`), not from a
/// newer Paritrana, and that no other process has `db` open (a running server). The former
/// database is kept aside as `<db>.sebelum-pulih-<unix time>`, never deleted.
pub fn restore_file(from: &Path, db: &Path) -> Result<Restored, MaintenanceError> {
    let version = vet_backup(from)?;
    let audit_entries = {
        let conn = open_backup(from)?;
        audit::verify(&conn)?.entries
    };
    let previous = if db.exists() {
        ensure_unused(db)?;
        Some(set_aside(db)?)
    } else {
        None
    };
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    files::private_dir_if_missing(dir).map_err(|e| MaintenanceError::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    let io = |e| MaintenanceError::Io {
        path: db.to_path_buf(),
        source: e,
    };
    let temp = dir.join(format!(".pulih-sementara-{}", std::process::id()));
    files::private_file(&temp).map_err(io)?;
    let copied = std::fs::copy(from, &temp)
        .and_then(|_| std::fs::File::open(&temp)?.sync_all())
        .and_then(|_| files::private_file(&temp))
        .and_then(|_| std::fs::rename(&temp, db));
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&temp);
        return Err(io(e));
    }
    Ok(Restored {
        previous,
        audit_entries,
        schema_version: version,
    })
}

fn open_backup(from: &Path) -> Result<Connection, StoreError> {
    Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .db()
}

/// Checks a backup file; returns its schema version.
fn vet_backup(from: &Path) -> Result<i64, MaintenanceError> {
    let mut head = [0u8; 16];
    let read =
        std::fs::File::open(from).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head));
    match read {
        Ok(()) if &head == b"SQLite format 3\0" => {}
        // Shorter than a database header, or another kind of file.
        Ok(()) => return Err(MaintenanceError::NotParitrana(from.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            return Err(MaintenanceError::NotParitrana(from.to_path_buf()));
        }
        Err(e) => {
            return Err(MaintenanceError::Io {
                path: from.to_path_buf(),
                source: e,
            });
        }
    }
    let conn = open_backup(from)?;
    let tables: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name IN \
         ('schema_migrations', 'workers', 'enrolments', 'imports', 'audit_log')",
        [],
        |r| r.get(0),
    )?;
    if tables != 5 {
        return Err(MaintenanceError::NotParitrana(from.to_path_buf()));
    }
    let problems = integrity(&conn, true)?;
    if !problems.is_empty() {
        return Err(MaintenanceError::Damaged(from.to_path_buf(), problems));
    }
    let version: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    if version > migrate::latest() {
        return Err(MaintenanceError::Newer(from.to_path_buf(), version));
    }
    Ok(version)
}

/// Refuses when another process has the database open: leaving WAL mode needs the only
/// connection, so a server holding it answers "busy" at once.
fn ensure_unused(db: &Path) -> Result<(), MaintenanceError> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "busy_timeout", 0)?;
    let mode: Result<String, _> = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0));
    match mode {
        Ok(m) if m.eq_ignore_ascii_case("wal") => Err(MaintenanceError::InUse(db.to_path_buf())),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) =>
        {
            Err(MaintenanceError::InUse(db.to_path_buf()))
        }
        // A damaged database (the reason for many restores) may not switch: it is set aside.
        _ => Ok(()),
    }
}

/// Renames the database and its side files to `<name>.sebelum-pulih-<time>[-wal|-shm]`.
fn set_aside(db: &Path) -> Result<PathBuf, MaintenanceError> {
    let stamp = chrono::Utc::now().timestamp();
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = db.with_file_name(format!("{name}.sebelum-pulih-{stamp}"));
    let io = |e| MaintenanceError::Io {
        path: db.to_path_buf(),
        source: e,
    };
    std::fs::rename(db, &aside).map_err(io)?;
    let [wal, shm] = files::side_files(db);
    for (side, suffix) in [(wal, "-wal"), (shm, "-shm")] {
        if side.exists() {
            let mut to = aside.clone().into_os_string();
            to.push(suffix);
            std::fs::rename(&side, PathBuf::from(to)).map_err(io)?;
        }
    }
    Ok(aside)
}

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum MaintenanceError {
    #[error("{0}")]
    Store(StoreError),
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    #[error("{} is not a Paritrana database", .0.display())]
    NotParitrana(PathBuf),
    #[error("{} is damaged: {}", .0.display(), .1.join("; "))]
    Damaged(PathBuf, Vec<String>),
    #[error("{} comes from a newer Paritrana (schema {})", .0.display(), .1)]
    Newer(PathBuf, i64),
    #[error("{} is open in another process", .0.display())]
    InUse(PathBuf),
}

impl From<StoreError> for MaintenanceError {
    fn from(e: StoreError) -> Self {
        MaintenanceError::Store(e)
    }
}

impl From<rusqlite::Error> for MaintenanceError {
    fn from(e: rusqlite::Error) -> Self {
        MaintenanceError::Store(crate::error::store_error(e))
    }
}

impl Localized for MaintenanceError {
    fn message(&self, lang: Lang) -> String {
        let p = |p: &PathBuf| p.display().to_string();
        match (self, lang) {
            (MaintenanceError::Store(e), Lang::Id) => format!("basis data: {e}"),
            (MaintenanceError::Store(e), Lang::En) => format!("database: {e}"),
            (MaintenanceError::Io { path, source }, _) => format!("{}: {source}", p(path)),
            (MaintenanceError::Exists(f), Lang::Id) => {
                format!("{} sudah ada; pilih nama berkas baru (tidak ditimpa)", p(f))
            }
            (MaintenanceError::Exists(f), Lang::En) => {
                format!(
                    "{} already exists; choose a new file name (not overwritten)",
                    p(f)
                )
            }
            (MaintenanceError::NotParitrana(f), Lang::Id) => format!(
                "{} bukan basis data Paritrana (bukan cadangan dari `paritrana backup`); tidak ada yang diubah",
                p(f)
            ),
            (MaintenanceError::NotParitrana(f), Lang::En) => format!(
                "{} is not a Paritrana database (not a backup made by `paritrana backup`); nothing was changed",
                p(f)
            ),
            (MaintenanceError::Damaged(f, why), Lang::Id) => format!(
                "{} rusak (pemeriksaan integritas gagal: {}); tidak ada yang diubah",
                p(f),
                why.join("; ")
            ),
            (MaintenanceError::Damaged(f, why), Lang::En) => format!(
                "{} is damaged (integrity check failed: {}); nothing was changed",
                p(f),
                why.join("; ")
            ),
            (MaintenanceError::Newer(f, v), Lang::Id) => format!(
                "{} dibuat oleh Paritrana yang lebih baru (skema {v}); perbarui Paritrana dulu",
                p(f)
            ),
            (MaintenanceError::Newer(f, v), Lang::En) => format!(
                "{} was made by a newer Paritrana (schema {v}); upgrade Paritrana first",
                p(f)
            ),
            (MaintenanceError::InUse(f), Lang::Id) => format!(
                "{} sedang dibuka proses lain (server `paritrana serve` masih berjalan?); \
                 hentikan server lalu ulangi pemulihan",
                p(f)
            ),
            (MaintenanceError::InUse(f), Lang::En) => format!(
                "{} is open in another process (is `paritrana serve` still running?); stop the \
                 server, then restore again",
                p(f)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_in(dir: &Path) -> PathBuf {
        let db = dir.join("paritrana.db");
        drop(crate::SqliteStore::open(&db).unwrap());
        db
    }

    #[test]
    fn a_fresh_database_passes_every_check() {
        let dir = tempfile::tempdir().unwrap();
        let db = store_in(dir.path());
        let report = check_file(&db, true).unwrap();
        assert!(report.ok(), "{report:?}");
    }

    #[test]
    fn a_changed_aggregate_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let db = store_in(dir.path());
        let conn = Connection::open(&db).unwrap();
        conn.execute(
            "INSERT INTO coverage_deltas (regency, profile, day, delta) VALUES (6401, 0, 19000, 1)",
            [],
        )
        .unwrap();
        let report = check_file(&db, false).unwrap();
        assert_eq!(report.aggregates.differing, 1);
        assert!(!report.ok());
    }

    #[test]
    fn a_backup_is_private_and_restores_only_into_an_unused_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = store_in(dir.path());
        let copy = dir.path().join("cadangan.db");
        let open = crate::SqliteStore::open(&db).unwrap();
        backup_file(&db, &copy).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(matches!(
            backup_file(&db, &copy),
            Err(MaintenanceError::Exists(_))
        ));
        // The store above still has the database open: a restore is refused.
        assert!(matches!(
            restore_file(&copy, &db),
            Err(MaintenanceError::InUse(_))
        ));
        drop(open);
        let done = restore_file(&copy, &db).unwrap();
        assert!(done.previous.unwrap().exists());
        assert!(check_file(&db, true).unwrap().ok());
        let junk = dir.path().join("bukan.db");
        std::fs::write(&junk, b"NIK,Nama\n").unwrap();
        assert!(matches!(
            restore_file(&junk, &db),
            Err(MaintenanceError::NotParitrana(_))
        ));
    }
}
