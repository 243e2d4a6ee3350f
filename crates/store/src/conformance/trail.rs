//! Accounts and the audit trail.

use super::Backend;
use super::data::{import, operator, worker};
use crate::accounts::{AccountError, NewUser, UserChange};
use crate::audit::{AuditEntry, AuditQuery};
use paritrana_core::auth::{Role, Scope, Username};

fn operator_account(name: &str) -> NewUser {
    NewUser {
        username: Username::parse(name).unwrap(),
        full_name: format!("Nama {name}"),
        role: Role::PemdaOperator,
        scope: Scope::parse("64.01").unwrap(),
        company: None,
        institution: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        must_change_password: true,
    }
}

pub fn accounts_are_unique_and_audited(backend: &dyn Backend) {
    let db = backend.fresh();
    let store = db.store.as_ref();
    assert_eq!(store.user_count().unwrap(), 0);
    let user = store
        .create_user(&operator_account("op.paser"), &operator())
        .unwrap();
    assert_eq!(user.username, "op.paser");
    assert_eq!(store.user_by_name("op.paser").unwrap().unwrap().id, user.id);
    assert_eq!(
        store.user_by_id(user.id).unwrap().unwrap().username,
        "op.paser"
    );
    // The second account of the same name, here or through another handle, is refused.
    let other = (db.another)();
    match other.create_user(&operator_account("op.paser"), &operator()) {
        Err(AccountError::UsernameTaken(name)) => assert_eq!(name, "op.paser"),
        r => panic!("a taken name must be refused, got {r:?}"),
    }
    assert_eq!(store.user_count().unwrap(), 1);
    store
        .update_user(
            user.id,
            &UserChange {
                full_name: Some("Operator Paser".into()),
                ..UserChange::default()
            },
            &operator(),
        )
        .unwrap();
    assert_eq!(store.users().unwrap()[0].full_name, "Operator Paser");
    let trail = store
        .audit_search(&AuditQuery {
            object: Some("user:op.paser".into()),
            limit: 10,
            ..AuditQuery::default()
        })
        .unwrap();
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["user.update", "user.create"], "newest first");
    let json = serde_json::to_string(&trail[0].before).unwrap();
    assert!(
        json.contains("Nama op.paser"),
        "the change keeps what was before: {json}"
    );
}

pub fn the_trail_is_one_verified_chain_and_finds_a_worker_by_key(backend: &dyn Backend) {
    let db = backend.fresh();
    let store = db.store.as_ref();
    let (person, _) = worker("64.01.01.2001", 1, "2023-01-01", None);
    import(
        store,
        "a.csv",
        &[worker("64.01.01.2001", 1, "2023-01-01", None)],
        false,
    );
    let key = store.nik_key(person.nik).unwrap();
    assert_eq!(key, store.nik_key(person.nik).unwrap(), "the key is stable");
    assert!(!key.contains(&person.nik.as_u64().to_string()));
    let id = store
        .audit(
            &operator(),
            &AuditEntry::new("worker.view").object("worker:?"),
        )
        .unwrap();
    let mut keyed = AuditEntry::new("worker.view");
    keyed.object_key = Some(key.clone());
    let keyed_id = store.audit(&operator(), &keyed).unwrap();
    assert!(keyed_id > id, "entries are numbered in order");
    let found = store
        .audit_search(&AuditQuery {
            object_key: Some(key),
            limit: 10,
            ..AuditQuery::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, keyed_id);
    let v = store.audit_verify().unwrap();
    assert_eq!(v.first_broken, None);
    assert!(v.entries >= 2);
}
