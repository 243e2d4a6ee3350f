//! Accounts and the audit trail in the SQLite store: every change leaves its entry, with before
//! and after, in the same transaction; the trail cannot be edited through SQL and tampering
//! behind the product's back is detected.

use chrono::{Duration, Utc};
use paritrana_core::auth::{Role, Scope, Username};
use paritrana_store::accounts::{AccountError, NewSession, NewUser, UserChange};
use paritrana_store::audit::{AuditEntry, AuditQuery};
use paritrana_store::{AccountStore, Actor, AuditStore};
use paritrana_store_sqlite::SqliteStore;

fn admin() -> Actor {
    Actor {
        name: "admin".into(),
        user_id: Some(1),
        addr: Some("127.0.0.1".into()),
    }
}

fn operator(name: &str, scope: &str) -> NewUser {
    NewUser {
        username: Username::parse(name).unwrap(),
        full_name: "Operator Disnaker".into(),
        role: Role::PemdaOperator,
        scope: Scope::parse(scope).unwrap(),
        company: None,
        institution: Some("Disnakertrans Kab. Paser".into()),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        must_change_password: true,
    }
}

fn all(store: &SqliteStore) -> Vec<paritrana_store::audit::AuditRecord> {
    store
        .audit_search(&AuditQuery {
            limit: 1000,
            ..AuditQuery::default()
        })
        .unwrap()
}

#[test]
fn creating_and_changing_an_account_is_audited_with_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("p.db")).unwrap();
    let u = store
        .create_user(&operator("op.paser", "64.01"), &admin())
        .unwrap();
    assert!(matches!(
        store.create_user(&operator("OP.Paser", "64.01"), &admin()),
        Err(AccountError::UsernameTaken(_))
    ));
    let now = Utc::now();
    store
        .create_session(&NewSession {
            token_hash: "h1".into(),
            user_id: u.id,
            csrf_token: "c".into(),
            now,
            idle_until: now + Duration::minutes(30),
            expires_at: now + Duration::hours(12),
            addr: None,
            user_agent: None,
        })
        .unwrap();
    assert!(
        store
            .session("h1", now, now + Duration::minutes(30))
            .unwrap()
            .is_some()
    );
    // Moving the account to another region ends its sessions: old rights do not linger.
    let changed = store
        .update_user(
            u.id,
            &UserChange {
                scope: Some(Scope::parse("64.02").unwrap()),
                ..UserChange::default()
            },
            &admin(),
        )
        .unwrap();
    assert_eq!(changed.scope.to_string(), "64.02");
    assert!(
        store
            .session("h1", now, now + Duration::minutes(30))
            .unwrap()
            .is_none()
    );
    let entries = all(&store);
    let update = entries.iter().find(|e| e.action == "user.update").unwrap();
    assert_eq!(update.actor, "admin");
    assert_eq!(update.object.as_deref(), Some("user:op.paser"));
    assert_eq!(update.before.as_ref().unwrap()["scope"], "64.01");
    assert_eq!(update.after.as_ref().unwrap()["scope"], "64.02");
    assert!(entries.iter().any(|e| e.action == "user.create"));
    // No password hash ever enters the trail.
    assert!(!serde_json::to_string(&entries).unwrap().contains("argon2"));

    store
        .update_user(
            u.id,
            &UserChange {
                disabled: Some(true),
                ..UserChange::default()
            },
            &admin(),
        )
        .unwrap();
    assert_eq!(all(&store)[0].action, "user.disable");
    let prefix = store
        .audit_search(&AuditQuery {
            action: Some("user.".into()),
            limit: 10,
            ..AuditQuery::default()
        })
        .unwrap();
    assert_eq!(prefix.len(), 3);
    assert_eq!(store.audit_verify().unwrap().first_broken, None);
}

#[test]
fn the_trail_is_append_only_and_tampering_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let store = SqliteStore::open(&path).unwrap();
    for i in 0..5 {
        store
            .audit(
                &admin(),
                &AuditEntry::new("worker.view").object(format!("w{i}")),
            )
            .unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let err = conn
        .execute("UPDATE audit_log SET actor = 'someone' WHERE id = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    assert_eq!(store.audit_verify().unwrap().entries, 5);
    assert_eq!(store.audit_verify().unwrap().first_broken, None);
    // Someone with the file drops the guard and rewrites history: the chain shows where.
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone' WHERE id = 3;",
    )
    .unwrap();
    assert_eq!(store.audit_verify().unwrap().first_broken, Some(3));
}

#[test]
fn entries_cut_from_the_end_of_the_trail_are_detected_by_the_chain_head() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let store = SqliteStore::open(&path).unwrap();
    for i in 0..5 {
        store
            .audit(
                &admin(),
                &AuditEntry::new("worker.view").object(format!("w{i}")),
            )
            .unwrap();
    }
    // The last two entries removed with the guard dropped: what is left still chains, but it
    // no longer reaches the head.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > 3;")
        .unwrap();
    let v = store.audit_verify().unwrap();
    assert_eq!((v.entries, v.first_broken), (3, Some(4)));
}

#[test]
fn a_nik_is_found_in_the_trail_by_its_key_not_stored_in_plain() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("p.db")).unwrap();
    let nik = paritrana_core::nik::Nik::from_stored(6401015505900003).unwrap();
    let key = store.nik_key(nik).unwrap();
    assert_eq!(key.len(), 64);
    let mut entry = AuditEntry::new("worker.view").object(format!("worker:{}", nik.masked()));
    entry.object_key = Some(key.clone());
    store.audit(&admin(), &entry).unwrap();
    let found = store
        .audit_search(&AuditQuery {
            object_key: Some(key),
            limit: 10,
            ..AuditQuery::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].object.as_deref(), Some("worker:6401••••••••0003"));
    let raw = std::fs::read(dir.path().join("p.db")).unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains("6401015505900003"));
}
