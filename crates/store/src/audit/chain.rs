//! The audit chain's rule, written once for every backend: the text an entry is stored as, how
//! its hash follows from that text and its predecessor's hash, the order of an append under the
//! chain head's lock ([`append`]), and the walk that verifies a stored chain ([`ChainWalk`]).
//!
//! It holds no SQL. A backend stores the fields of a [`ChainedEntry`] byte for byte as text
//! (not as JSONB or a timestamp type, which would re-render them) and implements the three
//! primitives of [`ChainWriter`]; two backends then write identical chains, and a chain copied
//! from one to the other still verifies. The format is fixed: existing chains must keep
//! verifying, so a change here is a change of every installation's history (the golden test
//! below guards it).

use super::{Actor, AuditEntry, AuditVerification};
use sha2::{Digest, Sha256};

/// An entry as the chain protects it: every field in the text form that is stored and hashed,
/// in the order it is hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedEntry {
    /// UTC RFC 3339 with milliseconds ([`crate::time_text`]).
    pub at: String,
    pub actor: String,
    pub actor_id: Option<i64>,
    pub addr: Option<String>,
    pub action: String,
    pub object: Option<String>,
    pub object_key: Option<String>,
    pub region: Option<String>,
    /// Compact JSON (`serde_json::Value::to_string`).
    pub before: Option<String>,
    pub after: Option<String>,
    pub detail: Option<String>,
}

impl ChainedEntry {
    /// The stored form of `entry` made by `actor` at `at`: the JSON values serialised compactly,
    /// once; from then on the text, not the value, is what the chain protects.
    pub fn new(at: String, actor: &Actor, entry: &AuditEntry) -> ChainedEntry {
        let json = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
        ChainedEntry {
            at,
            actor: actor.name.clone(),
            actor_id: actor.user_id,
            addr: actor.addr.clone(),
            action: entry.action.clone(),
            object: entry.object.clone(),
            object_key: entry.object_key.clone(),
            region: entry.region.clone(),
            before: json(&entry.before),
            after: json(&entry.after),
            detail: json(&entry.detail),
        }
    }

    /// The entry's hash after the entry whose hash is `prev` (`""` for the first entry): the
    /// hex SHA-256 of `prev`, then of each field preceded by a unit separator (0x1F), an absent
    /// field written as one NUL byte, the actor's id in decimal.
    pub fn hash(&self, prev: &str) -> String {
        let mut h = Sha256::new();
        h.update(prev.as_bytes());
        let id = self.actor_id.map(|i| i.to_string());
        for part in [
            Some(self.at.as_str()),
            Some(self.actor.as_str()),
            id.as_deref(),
            self.addr.as_deref(),
            Some(self.action.as_str()),
            self.object.as_deref(),
            self.object_key.as_deref(),
            self.region.as_deref(),
            self.before.as_deref(),
            self.after.as_deref(),
            self.detail.as_deref(),
        ] {
            // A separator between fields and a NUL for an absent one, so no two different
            // entries hash alike by shifting text from one field to the next.
            h.update([0x1f]);
            match part {
                Some(s) => h.update(s.as_bytes()),
                None => h.update([0]),
            }
        }
        hex(&h.finalize())
    }
}

/// The last entry of the chain, as the head row records it: id 0 and hash `""` before the
/// first entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChainHead {
    pub last_id: i64,
    pub last_hash: String,
}

/// What a backend provides to append to the chain, inside the write transaction of the change
/// the entry records.
///
/// The rule that keeps two writers from forking the chain: [`ChainWriter::lock_head`] locks
/// the one head row until the transaction ends (SQLite: an `UPDATE` of the row, which takes the
/// database's write lock before the head is read; PostgreSQL: `SELECT … FOR UPDATE`), and the
/// entry's id is assigned after that (a sequence's `nextval` inside the lock), so ids grow in
/// chain order and [`ChainWalk`] can walk the chain by id.
pub trait ChainWriter {
    type Error;

    /// Locks the head row for the rest of the transaction and returns it.
    fn lock_head(&mut self) -> Result<ChainHead, Self::Error>;

    /// Stores the entry with its predecessor's hash and its own; returns the new id.
    fn insert(
        &mut self,
        entry: &ChainedEntry,
        prev_hash: &str,
        hash: &str,
    ) -> Result<i64, Self::Error>;

    /// Moves the (still locked) head to the entry just stored.
    fn move_head(&mut self, head: &ChainHead) -> Result<(), Self::Error>;
}

/// Appends `entry` after the chain's head: lock the head, hash after it, store, move the head.
/// Returns the entry's id. The caller commits (or rolls back) the transaction.
pub fn append<W: ChainWriter + ?Sized>(
    writer: &mut W,
    entry: &ChainedEntry,
) -> Result<i64, W::Error> {
    let head = writer.lock_head()?;
    let hash = entry.hash(&head.last_hash);
    let id = writer.insert(entry, &head.last_hash, &hash)?;
    writer.move_head(&ChainHead {
        last_id: id,
        last_hash: hash,
    })?;
    Ok(id)
}

/// The verification of a stored chain, fed its entries in id order: each entry's stored
/// predecessor hash must be the hash of the entry before it, and its stored hash must follow
/// from its fields. The walk stops at the first entry that breaks the chain.
#[derive(Debug, Default)]
pub struct ChainWalk {
    prev: String,
    last_id: i64,
    entries: u64,
    first_broken: Option<i64>,
}

impl ChainWalk {
    pub fn new() -> ChainWalk {
        ChainWalk::default()
    }

    /// Checks the next stored entry. Returns `false` once the chain is broken: the entries
    /// after it need not be read.
    pub fn check(
        &mut self,
        id: i64,
        entry: &ChainedEntry,
        stored_prev: &str,
        stored_hash: &str,
    ) -> bool {
        if self.first_broken.is_some() {
            return false;
        }
        self.entries += 1;
        if stored_prev != self.prev || stored_hash != entry.hash(&self.prev) {
            self.first_broken = Some(id);
            return false;
        }
        self.prev.clear();
        self.prev.push_str(stored_hash);
        self.last_id = id;
        true
    }

    /// Finishes the walk against the chain head the backend keeps (`None` for a backend or a
    /// database without one). An unbroken walk must end at the head: a chain that stops short of
    /// it lost its last entries (deleted with the table's guards removed), and a chain that
    /// goes past it grew without the head's lock. Either way the first entry not accounted for
    /// is reported broken.
    pub fn finish_at(mut self, head: Option<&ChainHead>) -> AuditVerification {
        if self.first_broken.is_none()
            && let Some(h) = head
            && (h.last_id != self.last_id || h.last_hash != self.prev)
        {
            self.first_broken = Some(self.last_id.min(h.last_id) + 1);
        }
        self.finish()
    }

    /// The entries checked (the broken one included) and the first broken entry, if any.
    pub fn finish(self) -> AuditVerification {
        AuditVerification {
            entries: self.entries,
            first_broken: self.first_broken,
        }
    }
}

/// The keyed hash that names a worker (or a typed user name) in the trail: the hex SHA-256 of
/// the installation's secret key, `:`, and the text. Backends share it so that entries keep
/// being found by the same key after a move from one backend to another.
pub fn keyed_hash(key: &str, text: &str) -> String {
    let mut h = Sha256::new();
    h.update(key.as_bytes());
    h.update(b":");
    h.update(text.as_bytes());
    hex(&h.finalize())
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An update of a worker's name by an operator, every field present.
    fn name_corrected() -> ChainedEntry {
        let actor = Actor {
            name: "op.paser".into(),
            user_id: Some(7),
            addr: Some("10.0.0.5".into()),
        };
        let entry = AuditEntry {
            action: "worker.update".into(),
            object: Some("worker:6401••••••••0003".into()),
            object_key: Some("ab".repeat(32)),
            region: Some("6401".into()),
            before: Some(json!({ "name": "Siti" })),
            after: Some(json!({ "name": "Siti Aminah" })),
            detail: Some(json!({ "import": 12 })),
        };
        ChainedEntry::new("2026-03-01T08:15:30.123Z".into(), &actor, &entry)
    }

    /// A failed sign-in by the public: most fields absent.
    fn failed_sign_in() -> ChainedEntry {
        let actor = Actor {
            name: "-".into(),
            user_id: None,
            addr: None,
        };
        let entry = AuditEntry::new("login.failed").detail(json!({ "reason": "wrong_password" }));
        ChainedEntry::new("2026-03-01T08:16:00.000Z".into(), &actor, &entry)
    }

    // Computed by the SQLite module's hash before it moved here (and by hand with Python's
    // hashlib): every installation's stored chain depends on these staying the same.
    const NAME_CORRECTED: &str = "610c18d499b65646dae44a39e31a1b424ccf7fb0876e345707292b569267c1d0";
    const FAILED_SIGN_IN: &str = "ca05476b2b0b2ff5f069ea6c6ad83152f54765885104d7bec0e8898169d878b0";

    #[test]
    fn an_entry_is_stored_as_compact_json_and_hashes_to_its_known_value() {
        let first = name_corrected();
        assert_eq!(first.before.as_deref(), Some(r#"{"name":"Siti"}"#));
        assert_eq!(first.detail.as_deref(), Some(r#"{"import":12}"#));
        assert_eq!(first.hash(""), NAME_CORRECTED);
        assert_eq!(failed_sign_in().hash(NAME_CORRECTED), FAILED_SIGN_IN);
    }

    #[test]
    fn an_absent_field_differs_from_an_empty_one() {
        let mut entry = failed_sign_in();
        entry.addr = Some(String::new());
        assert_ne!(entry.hash(NAME_CORRECTED), FAILED_SIGN_IN);
    }

    /// A chain kept in memory, as a backend would keep it in a table.
    #[derive(Default)]
    struct Memory {
        head: ChainHead,
        rows: Vec<(i64, ChainedEntry, String, String)>,
    }

    impl ChainWriter for Memory {
        type Error = std::convert::Infallible;
        fn lock_head(&mut self) -> Result<ChainHead, Self::Error> {
            Ok(self.head.clone())
        }
        fn insert(&mut self, e: &ChainedEntry, prev: &str, hash: &str) -> Result<i64, Self::Error> {
            let id = self.rows.len() as i64 + 1;
            self.rows.push((id, e.clone(), prev.into(), hash.into()));
            Ok(id)
        }
        fn move_head(&mut self, head: &ChainHead) -> Result<(), Self::Error> {
            self.head = head.clone();
            Ok(())
        }
    }

    fn walk(rows: &[(i64, ChainedEntry, String, String)]) -> AuditVerification {
        let mut walk = ChainWalk::new();
        for (id, e, prev, hash) in rows {
            if !walk.check(*id, e, prev, hash) {
                break;
            }
        }
        walk.finish()
    }

    #[test]
    fn appended_entries_chain_from_the_head_and_verify() {
        let mut chain = Memory::default();
        assert_eq!(append(&mut chain, &name_corrected()), Ok(1));
        assert_eq!(append(&mut chain, &failed_sign_in()), Ok(2));
        assert_eq!(
            chain.head,
            ChainHead {
                last_id: 2,
                last_hash: FAILED_SIGN_IN.into()
            }
        );
        assert_eq!(chain.rows[1].2, NAME_CORRECTED);
        let v = walk(&chain.rows);
        assert_eq!((v.entries, v.first_broken), (2, None));
    }

    #[test]
    fn the_walk_stops_at_an_edited_entry_and_at_a_fork() {
        let mut chain = Memory::default();
        for _ in 0..3 {
            let _ = append(&mut chain, &failed_sign_in());
        }
        let mut edited = chain.rows.clone();
        edited[1].1.actor = "someone".into();
        let v = walk(&edited);
        assert_eq!((v.entries, v.first_broken), (2, Some(2)));
        // Two writers that both read the head before either moved it: the second entry's
        // predecessor is not the entry before it.
        let mut forked = chain.rows.clone();
        forked[2].2 = forked[1].2.clone();
        forked[2].3 = forked[2].1.hash(&forked[2].2);
        assert_eq!(walk(&forked).first_broken, Some(3));
    }

    #[test]
    fn a_keyed_hash_depends_on_the_key() {
        let a = keyed_hash("k1", "6401015505900003");
        assert_eq!(a.len(), 64);
        assert_ne!(a, keyed_hash("k2", "6401015505900003"));
    }
}
