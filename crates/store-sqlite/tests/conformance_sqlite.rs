//! The backend conformance suite ([`paritrana_store::conformance`]) run against SQLite: each
//! check gets a new database file in a temporary directory; another handle is another
//! `SqliteStore` opened on the same file (its own connections), as a second process would.

use paritrana_store::conformance::{Backend, Fresh};
use paritrana_store_sqlite::SqliteStore;
use std::sync::Arc;

struct Sqlite;

impl Backend for Sqlite {
    fn fresh(&self) -> Fresh {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("paritrana.db");
        let store = Arc::new(SqliteStore::open(&path).unwrap());
        let raw_path = path.clone();
        Fresh {
            store,
            another: Box::new(move || Arc::new(SqliteStore::open(&path).unwrap())),
            raw: Box::new(move |sql| {
                rusqlite::Connection::open(&raw_path)
                    .and_then(|c| c.execute(sql, []))
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }),
            keep: Box::new(dir),
        }
    }
}

paritrana_store::conformance_suite!(Sqlite);
