//! The audit chain under several writers: entries appended at once through two stores on one
//! database all land in one unbroken chain, and a database written before the chain head
//! existed keeps its chain when the head is added.

use paritrana_store::audit::AuditEntry;
use paritrana_store::{Actor, AuditStore};
use paritrana_store_sqlite::SqliteStore;
use std::path::Path;

fn operator(name: &str) -> Actor {
    Actor {
        name: name.into(),
        user_id: None,
        addr: Some("10.0.0.5".into()),
    }
}

fn append_views(store: &SqliteStore, who: &str, count: usize) {
    let actor = operator(who);
    for i in 0..count {
        let entry = AuditEntry::new("worker.view")
            .object(format!("worker:{who}-{i}"))
            .detail(serde_json::json!({ "n": i }));
        store.audit(&actor, &entry).unwrap();
    }
}

#[test]
fn two_writers_appending_at_once_never_fork_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    const EACH: usize = 150;
    let writers: Vec<_> = ["op.paser", "op.kukar"]
        .into_iter()
        .map(|who| {
            // Each thread holds its own store: two writer connections on one file, as a server
            // and a command line would.
            let store = SqliteStore::open(&path).unwrap();
            std::thread::spawn(move || append_views(&store, who, EACH))
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    let v = store.audit_verify().unwrap();
    assert_eq!(v.first_broken, None);
    assert_eq!(v.entries, 2 * EACH as u64);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (last_id, last_hash): (i64, String) = conn
        .query_row("SELECT last_id, last_hash FROM audit_head", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let (max_id, max_hash): (i64, String) = conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((last_id, last_hash), (max_id, max_hash));
}

/// Turns the database back into one written before migration 0009 (no chain head).
fn without_head(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("DROP TABLE audit_head; DELETE FROM schema_migrations WHERE version = 9;")
        .unwrap();
}

#[test]
fn an_older_database_gets_its_head_from_the_last_entry_and_its_chain_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    append_views(&SqliteStore::open(&path).unwrap(), "op.paser", 3);
    without_head(&path);
    let store = SqliteStore::open(&path).unwrap();
    append_views(&store, "op.kukar", 2);
    let v = store.audit_verify().unwrap();
    assert_eq!((v.entries, v.first_broken), (5, None));
}

#[test]
fn the_chain_head_cannot_be_removed_or_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    drop(SqliteStore::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(conn.execute("DELETE FROM audit_head", []).is_err());
    assert!(
        conn.execute(
            "INSERT INTO audit_head (id, last_id, last_hash) VALUES (2, 0, '')",
            []
        )
        .is_err()
    );
}
