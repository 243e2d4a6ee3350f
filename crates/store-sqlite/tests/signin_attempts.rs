//! Sign-in attempts in the SQLite store: reserved atomically against the throttle, unknown
//! names kept only as keyed hashes, throttled attempts leaving nothing behind; and API tokens
//! ended when their account's rights change.

use chrono::{Duration, Utc};
use paritrana_core::auth::throttle::{self, Rule};
use paritrana_core::auth::{Role, Scope, Username};
use paritrana_store::accounts::{LoginResult, NewToken, NewUser, UserChange};
use paritrana_store::audit::AuditQuery;
use paritrana_store::{AccountStore, Actor, AuditStore};
use paritrana_store_sqlite::SqliteStore;
use std::sync::Arc;

fn anonymous() -> Actor {
    Actor {
        name: "-".into(),
        user_id: None,
        addr: Some("198.51.100.9".into()),
    }
}

fn reserve(store: &SqliteStore, name: &str, addr: &str) -> Result<i64, throttle::Locked> {
    let rule = Rule::default();
    let now = Utc::now();
    store
        .reserve_login(name, addr, now - rule.window, &|f| {
            throttle::check(&rule, f, now)
        })
        .unwrap()
}

fn rows(dir: &std::path::Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(dir.join("p.db")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn simultaneous_attempts_never_pass_the_limit_together() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("p.db")).unwrap());
    let threads: Vec<_> = (0..40)
        .map(|_| {
            let store = store.clone();
            std::thread::spawn(move || reserve(&store, "op.paser", "198.51.100.9").is_ok())
        })
        .collect();
    let passed = threads
        .into_iter()
        .map(|t| t.join().unwrap())
        .filter(|passed| *passed)
        .count();
    // Reservations still being evaluated count as failures: exactly the free five pass.
    assert_eq!(passed, Rule::default().pair.free as usize);
    assert_eq!(
        rows(dir.path(), "SELECT COUNT(*) FROM signin_attempts"),
        5,
        "refused attempts write nothing"
    );
    // Another address is not slowed by them.
    assert!(reserve(&store, "op.paser", "203.0.113.7").is_ok());
}

#[test]
fn an_unknown_name_reaches_the_trail_only_as_a_keyed_hash() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("p.db")).unwrap();
    let typed = "rahasia.kopi.tubruk";
    let id = reserve(&store, typed, "198.51.100.9").unwrap();
    store
        .finish_login(id, typed, LoginResult::UnknownUser, &anonymous())
        .unwrap();
    let entries = store
        .audit_search(&AuditQuery {
            limit: 10,
            ..AuditQuery::default()
        })
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "login.failed");
    assert_eq!(entries[0].object.as_deref(), Some("user:?"));
    assert_eq!(
        entries[0].detail.as_ref().unwrap()["reason"],
        "unknown_user"
    );
    let conn = rusqlite::Connection::open(dir.path().join("p.db")).unwrap();
    let keys: Vec<String> = conn
        .prepare("SELECT object_key FROM audit_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].len(), 64);
    // Nowhere in the database file in plain text.
    drop(conn);
    let conn = rusqlite::Connection::open(dir.path().join("p.db")).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let bytes = std::fs::read(dir.path().join("p.db")).unwrap();
    assert!(
        !bytes.windows(typed.len()).any(|w| w == typed.as_bytes()),
        "the typed name is stored in plain text"
    );
}

#[test]
fn a_success_clears_the_accounts_failures_and_old_rows_are_swept() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("p.db")).unwrap();
    for _ in 0..4 {
        let id = reserve(&store, "op.paser", "198.51.100.9").unwrap();
        store
            .finish_login(id, "op.paser", LoginResult::WrongPassword, &anonymous())
            .unwrap();
    }
    let id = reserve(&store, "op.paser", "198.51.100.9").unwrap();
    store
        .finish_login(id, "op.paser", LoginResult::Ok, &anonymous())
        .unwrap();
    // The failures and the success stamped in one millisecond (a fast machine does it):
    // the order of the attempts, not the clock, says which came after the success.
    rusqlite::Connection::open(dir.path().join("p.db"))
        .unwrap()
        .execute(
            "UPDATE signin_attempts SET at = (SELECT MAX(at) FROM signin_attempts)",
            [],
        )
        .unwrap();
    // Five more free attempts after the success.
    for _ in 0..5 {
        let id = reserve(&store, "op.paser", "198.51.100.9").unwrap();
        store
            .finish_login(id, "op.paser", LoginResult::WrongPassword, &anonymous())
            .unwrap();
    }
    assert!(reserve(&store, "op.paser", "198.51.100.9").is_err());
    // A reservation whose window starts after every row sweeps them all.
    let later = Utc::now() + Duration::hours(2);
    store
        .reserve_login("op.paser", "198.51.100.9", later, &|_| Ok(()))
        .unwrap()
        .unwrap();
    assert_eq!(rows(dir.path(), "SELECT COUNT(*) FROM signin_attempts"), 1);
}

fn new_token(store: &SqliteStore, user_id: i64, scope: &str) -> String {
    let hash = format!("hash-{scope}-{user_id}");
    store
        .create_token(
            &NewToken {
                user_id,
                name: "sinkron".into(),
                token_hash: hash.clone(),
                prefix: "ptk_0000".into(),
                scope: Scope::parse(scope).unwrap(),
                read_only: true,
                expires_at: Some(Utc::now() + Duration::days(30)),
            },
            &anonymous(),
        )
        .unwrap();
    hash
}

#[test]
fn a_moved_or_re_roled_account_loses_its_tokens_and_the_trail_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("p.db")).unwrap();
    let user = store
        .create_user(
            &NewUser {
                username: Username::parse("bpjs.kaltim").unwrap(),
                full_name: "Petugas BPJS".into(),
                role: Role::BpjsOfficer,
                scope: Scope::parse("64").unwrap(),
                company: None,
                institution: None,
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
                must_change_password: false,
            },
            &anonymous(),
        )
        .unwrap();
    let narrowed = new_token(&store, user.id, "64.01");
    let now = Utc::now();
    assert!(store.token(&narrowed, now).unwrap().is_some());
    // A change that leaves the rights alone keeps the token.
    let rename = UserChange {
        full_name: Some("Petugas BPJS Kaltim".into()),
        ..UserChange::default()
    };
    store.update_user(user.id, &rename, &anonymous()).unwrap();
    assert!(store.token(&narrowed, now).unwrap().is_some());
    // Moved to another province: the token narrowed to Paser must not follow.
    let moved = UserChange {
        scope: Some(Scope::parse("63").unwrap()),
        ..UserChange::default()
    };
    store.update_user(user.id, &moved, &anonymous()).unwrap();
    assert!(store.token(&narrowed, now).unwrap().is_none());
    let update = store
        .audit_search(&AuditQuery {
            action: Some("user.update".into()),
            limit: 1,
            ..AuditQuery::default()
        })
        .unwrap();
    let revoked = &update[0].detail.as_ref().unwrap()["tokens_revoked"];
    assert_eq!(revoked.as_array().map(Vec::len), Some(1), "{revoked}");
    // A role change does the same.
    let second = new_token(&store, user.id, "63");
    let demoted = UserChange {
        role: Some(Role::PemdaOperator),
        ..UserChange::default()
    };
    store.update_user(user.id, &demoted, &anonymous()).unwrap();
    assert!(store.token(&second, now).unwrap().is_none());
}
