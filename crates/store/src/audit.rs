//! The audit trail: who did what, when, from where, to which object, with the before and after.
//! Append-only (the database refuses updates and deletes) and hash-chained, so tampering behind
//! the product's back is detectable. NIKs never enter it in plain text: a worker is named by a
//! masked NIK and found through a keyed hash ([`AuditStore::nik_key`]). How the chain is hashed,
//! appended to and verified is the same for every backend: [`chain`].

pub mod chain;

use crate::StoreError;
use serde::Serialize;

/// Who acts: an account, the command line, or the public.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    /// The user name, `cli:<os user>`, `system`, or `-` for the public.
    pub name: String,
    pub user_id: Option<i64>,
    /// The client's address, for web requests.
    pub addr: Option<String>,
}

impl Actor {
    /// Someone at the command line of the server, named by their operating-system account.
    pub fn cli() -> Actor {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".into());
        Actor {
            name: format!("cli:{user}"),
            user_id: None,
            addr: None,
        }
    }

    /// The product itself (demo data, migrations).
    pub fn system(what: &str) -> Actor {
        Actor {
            name: format!("system:{what}"),
            user_id: None,
            addr: None,
        }
    }
}

/// An entry to append.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AuditEntry {
    pub action: String,
    pub object: Option<String>,
    /// A keyed hash (see [`AuditStore::nik_key`]), for entries about one worker.
    pub object_key: Option<String>,
    pub region: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub detail: Option<serde_json::Value>,
}

impl AuditEntry {
    pub fn new(action: &str) -> AuditEntry {
        AuditEntry {
            action: action.into(),
            ..AuditEntry::default()
        }
    }

    pub fn object(mut self, object: impl Into<String>) -> AuditEntry {
        self.object = Some(object.into());
        self
    }

    pub fn detail(mut self, detail: serde_json::Value) -> AuditEntry {
        self.detail = Some(detail);
        self
    }
}

/// A stored entry.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRecord {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub actor_id: Option<i64>,
    pub addr: Option<String>,
    pub action: String,
    pub object: Option<String>,
    pub region: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub detail: Option<serde_json::Value>,
}

/// A search of the trail; every field narrows it. Text fields match exactly, except `action`,
/// which also matches a prefix ending in `.` (`user.` finds every account change).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub object: Option<String>,
    /// Entries about this worker (a keyed hash from [`AuditStore::nik_key`]).
    pub object_key: Option<String>,
    /// From this time (inclusive), RFC 3339 or a date.
    pub since: Option<String>,
    /// Before this time (exclusive), RFC 3339 or a date.
    pub until: Option<String>,
    /// Entries with an id below this one (paging backwards).
    pub before_id: Option<i64>,
    pub limit: u32,
}

/// The result of checking the hash chain.
#[derive(Debug, Clone, Serialize)]
pub struct AuditVerification {
    pub entries: u64,
    /// The first entry whose hash does not follow from its content and predecessor.
    pub first_broken: Option<i64>,
}

/// Storage of the audit trail.
pub trait AuditStore {
    /// Appends an entry (for events that change nothing else, such as a view of personal data).
    fn audit(&self, actor: &Actor, entry: &AuditEntry) -> Result<i64, StoreError>;

    /// Entries matching the query, newest first.
    fn audit_search(&self, query: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError>;

    /// Recomputes the hash chain.
    fn audit_verify(&self) -> Result<AuditVerification, StoreError>;

    /// The keyed hash naming a worker in the trail (HMAC-like SHA-256 with the installation's
    /// secret key), so entries about a NIK can be found without the NIK being stored.
    fn nik_key(&self, nik: paritrana_core::nik::Nik) -> Result<String, StoreError>;
}
