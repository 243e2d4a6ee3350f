//! How SQLite's errors become the store's neutral [`StoreError`]: the one place that looks
//! inside a `rusqlite::Error`. A missing row is not found, a constraint (or an append-only
//! trigger) a conflict naming it, an unreadable value or a damaged file corrupt, and anything
//! else a backend failure carrying the storage fault (disk full, read-only) a user can be told
//! about.
//!
//! Neither type is this crate's, so no `From` impl can join them: the SQL modules say
//! `.db()?` ([`Db`]), the way every backend maps its driver's errors at the call.

use paritrana_store::{StorageFault, StoreError};
use rusqlite::ErrorCode;

/// `.db()` on an SQLite result: its error as a [`StoreError`], so `?` converts it further
/// (into an award, account or transfer error) where needed.
pub(crate) trait Db<T> {
    fn db(self) -> Result<T, StoreError>;
}

impl<T> Db<T> for Result<T, rusqlite::Error> {
    fn db(self) -> Result<T, StoreError> {
        self.map_err(store_error)
    }
}

/// The neutral error for an SQLite error.
pub(crate) fn store_error(e: rusqlite::Error) -> StoreError {
    use rusqlite::Error as E;
    match &e {
        E::QueryReturnedNoRows => StoreError::NotFound("the row a query expected".into()),
        E::SqliteFailure(f, message) => match f.code {
            ErrorCode::ConstraintViolation => StoreError::Conflict {
                constraint: constraint(message.as_deref()),
            },
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                StoreError::Corrupt(e.to_string())
            }
            _ => backend(&e),
        },
        E::FromSqlConversionFailure(..)
        | E::InvalidColumnType(..)
        | E::IntegralValueOutOfRange(..) => StoreError::Corrupt(e.to_string()),
        _ => backend(&e),
    }
}

fn backend(e: &rusqlite::Error) -> StoreError {
    StoreError::Backend {
        message: e.to_string(),
        fault: fault(e),
    }
}

/// The storage fault behind an SQLite error, if it is one a user can be told about.
fn fault(e: &rusqlite::Error) -> Option<StorageFault> {
    match e.sqlite_error_code()? {
        ErrorCode::DiskFull => Some(StorageFault::Full),
        ErrorCode::ReadOnly => Some(StorageFault::ReadOnly),
        ErrorCode::SystemIoFailure => Some(StorageFault::Io),
        _ => None,
    }
}

/// The constraint as SQLite names it: `UNIQUE users.username` from "UNIQUE constraint failed:
/// users.username", `FOREIGN KEY`, or a trigger's own message.
fn constraint(message: Option<&str>) -> String {
    let Some(message) = message else {
        return "a constraint".into();
    };
    match message.split_once(" constraint failed") {
        Some((kind, rest)) => {
            let name = rest.trim_start_matches(':').trim();
            if name.is_empty() {
                kind.to_string()
            } else {
                format!("{kind} {name}")
            }
        }
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn failure(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn a_full_or_read_only_database_is_a_storage_fault() {
        let full = store_error(failure(rusqlite::ffi::SQLITE_FULL));
        assert!(matches!(full, StoreError::Backend { .. }));
        assert_eq!(full.storage_fault(), Some(StorageFault::Full));
        let ro = store_error(failure(rusqlite::ffi::SQLITE_READONLY));
        assert_eq!(ro.storage_fault(), Some(StorageFault::ReadOnly));
        let busy = store_error(failure(rusqlite::ffi::SQLITE_BUSY));
        assert_eq!(busy.storage_fault(), None);
        assert!(busy.to_string().starts_with("database error: "), "{busy}");
    }

    #[test]
    fn a_broken_constraint_is_a_conflict_naming_it() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE);
             INSERT INTO users (username) VALUES ('op.paser');
             CREATE TABLE log (x);
             CREATE TRIGGER log_no_delete BEFORE DELETE ON log
             BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
             INSERT INTO log VALUES (1);",
        )
        .unwrap();
        let taken = conn
            .execute("INSERT INTO users (username) VALUES ('op.paser')", [])
            .unwrap_err();
        match store_error(taken) {
            StoreError::Conflict { constraint } => assert_eq!(constraint, "UNIQUE users.username"),
            other => panic!("{other:?}"),
        }
        let guarded = conn.execute("DELETE FROM log", []).unwrap_err();
        match store_error(guarded) {
            StoreError::Conflict { constraint } => assert_eq!(constraint, "the log is append-only"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_missing_row_is_not_found_and_an_unreadable_value_corrupt() {
        let conn = Connection::open_in_memory().unwrap();
        let none = conn
            .query_row("SELECT 1 WHERE 0", [], |r| r.get::<_, i64>(0))
            .unwrap_err();
        assert!(matches!(store_error(none), StoreError::NotFound(_)));
        let text = conn
            .query_row("SELECT 'x'", [], |r| r.get::<_, i64>(0))
            .unwrap_err();
        assert!(matches!(store_error(text), StoreError::Corrupt(_)));
    }
}
