//! SQL of the audit trail: appending (under the chain head's lock), searching, verifying. The
//! chain's rule itself (stored text, hash, order of an append, the verification walk) is
//! [`paritrana_store::audit::chain`]'s; this module only reads and writes rows.

use crate::error::Db;
use paritrana_store::StoreError;
use paritrana_store::audit::chain::{self, ChainHead, ChainWalk, ChainWriter, ChainedEntry};
use paritrana_store::audit::{Actor, AuditEntry, AuditQuery, AuditRecord, AuditVerification};
use rusqlite::{Connection, OptionalExtension, params};

/// Now, as stored: UTC RFC 3339 with milliseconds.
pub(super) fn now_millis() -> String {
    paritrana_store::time_text(chrono::Utc::now())
}

/// The chain's writer over a connection inside a write transaction.
struct SqliteChain<'c>(&'c Connection);

impl ChainWriter for SqliteChain<'_> {
    type Error = rusqlite::Error;

    fn lock_head(&mut self) -> rusqlite::Result<ChainHead> {
        // Writing the head row first takes the database's write lock before the head is read
        // (even in a deferred transaction), so no other writer can move it until we commit.
        self.0
            .prepare_cached(
                "UPDATE audit_head SET last_id = last_id WHERE id = 1 RETURNING last_id, last_hash",
            )?
            .query_row([], |r| {
                Ok(ChainHead {
                    last_id: r.get(0)?,
                    last_hash: r.get(1)?,
                })
            })
            .optional()?
            .ok_or_else(|| {
                // Migration 0009 writes the row and nothing in SQL can remove it: its absence
                // is damage, reported as such.
                rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                    Some("the audit chain head (audit_head) is missing".into()),
                )
            })
    }

    fn insert(&mut self, e: &ChainedEntry, prev_hash: &str, hash: &str) -> rusqlite::Result<i64> {
        self.0
            .prepare_cached(
                "INSERT INTO audit_log (at, actor, actor_id, addr, action, object, object_key, region, before, after, detail, prev_hash, hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                e.at,
                e.actor,
                e.actor_id,
                e.addr,
                e.action,
                e.object,
                e.object_key,
                e.region,
                e.before,
                e.after,
                e.detail,
                prev_hash,
                hash
            ])?;
        Ok(self.0.last_insert_rowid())
    }

    fn move_head(&mut self, head: &ChainHead) -> rusqlite::Result<()> {
        self.0
            .prepare_cached("UPDATE audit_head SET last_id = ?1, last_hash = ?2 WHERE id = 1")?
            .execute(params![head.last_id, head.last_hash])?;
        Ok(())
    }
}

/// Appends an entry inside the caller's transaction, after the chain head it locks.
pub(super) fn append(
    conn: &Connection,
    actor: &Actor,
    entry: &AuditEntry,
) -> rusqlite::Result<i64> {
    chain::append(
        &mut SqliteChain(conn),
        &ChainedEntry::new(now_millis(), actor, entry),
    )
}

fn parse_json(text: Option<String>) -> Option<serde_json::Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

/// Entries matching every given field, newest first. All values are bound parameters.
pub(super) fn search(conn: &Connection, q: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError> {
    let mut sql = String::from(
        "SELECT id, at, actor, actor_id, addr, action, object, region, before, after, detail FROM audit_log WHERE 1 = 1",
    );
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut push = |clause: &str, v: rusqlite::types::Value| {
        args.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(a) = &q.actor {
        push(" AND actor = ?", a.clone().into());
    }
    if let Some(a) = &q.action {
        if a.ends_with('.') {
            // A prefix match without LIKE, so no wildcard from the input means anything.
            push(" AND instr(action, ?) = 1", a.clone().into());
        } else {
            push(" AND action = ?", a.clone().into());
        }
    }
    if let Some(o) = &q.object {
        push(" AND object = ?", o.clone().into());
    }
    if let Some(k) = &q.object_key {
        push(" AND object_key = ?", k.clone().into());
    }
    if let Some(s) = &q.since {
        push(" AND at >= ?", s.clone().into());
    }
    if let Some(u) = &q.until {
        push(" AND at < ?", u.clone().into());
    }
    if let Some(b) = q.before_id {
        push(" AND id < ?", b.into());
    }
    sql.push_str(&format!(
        " ORDER BY id DESC LIMIT {}",
        q.limit.clamp(1, 100_000)
    ));
    let mut stmt = conn.prepare(&sql).db()?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args), |r| {
            Ok(AuditRecord {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                actor_id: r.get(3)?,
                addr: r.get(4)?,
                action: r.get(5)?,
                object: r.get(6)?,
                region: r.get(7)?,
                before: parse_json(r.get(8)?),
                after: parse_json(r.get(9)?),
                detail: parse_json(r.get(10)?),
            })
        })
        .db()?;
    rows.collect::<Result<_, _>>().db()
}

/// Walks the chain from the first entry, by id ([`ChainWalk`]), to the chain head, in one read
/// transaction (an entry appended meanwhile is seen by neither or by both).
pub(super) fn verify(conn: &Connection) -> Result<AuditVerification, StoreError> {
    super::consistent(conn, walk)
}

fn walk(conn: &Connection) -> Result<AuditVerification, StoreError> {
    // A database checked before it is migrated (`paritrana check`) may have no head yet.
    let has_head: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_head')",
        [],
        |r| r.get(0),
    ).db()?;
    let head = if !has_head {
        None
    } else {
        conn.query_row(
            "SELECT last_id, last_hash FROM audit_head WHERE id = 1",
            [],
            |r| {
                Ok(ChainHead {
                    last_id: r.get(0)?,
                    last_hash: r.get(1)?,
                })
            },
        )
        .optional()
        .db()?
    };
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, actor_id, addr, action, object, object_key, region, before, after, detail, prev_hash, hash \
         FROM audit_log ORDER BY id",
    ).db()?;
    let mut rows = stmt.query([]).db()?;
    let mut walk = ChainWalk::new();
    while let Some(r) = rows.next().db()? {
        let entry = ChainedEntry {
            at: r.get(1).db()?,
            actor: r.get(2).db()?,
            actor_id: r.get(3).db()?,
            addr: r.get(4).db()?,
            action: r.get(5).db()?,
            object: r.get(6).db()?,
            object_key: r.get(7).db()?,
            region: r.get(8).db()?,
            before: r.get(9).db()?,
            after: r.get(10).db()?,
            detail: r.get(11).db()?,
        };
        let (stored_prev, stored): (String, String) = (r.get(12).db()?, r.get(13).db()?);
        if !walk.check(r.get(0).db()?, &entry, &stored_prev, &stored) {
            break;
        }
    }
    Ok(walk.finish_at(head.as_ref()))
}

/// The keyed hash of a NIK: SHA-256 of the installation's secret key and the NIK.
pub(super) fn nik_key(
    conn: &Connection,
    nik: paritrana_core::nik::Nik,
) -> Result<String, StoreError> {
    keyed(conn, &nik.to_string())
}

/// The keyed hash of a typed user name (folded), for sign-in attempts: the same key as NIKs,
/// in its own domain (`name:`), so a name is findable by whoever holds the key, never readable.
pub(super) fn name_key(conn: &Connection, name: &str) -> Result<String, StoreError> {
    keyed(conn, &format!("name:{name}"))
}

fn keyed(conn: &Connection, text: &str) -> Result<String, StoreError> {
    let key: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'audit_key'",
            [],
            |r| r.get(0),
        )
        .db()?;
    Ok(chain::keyed_hash(&key, text))
}
