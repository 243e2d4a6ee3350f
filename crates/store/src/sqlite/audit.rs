//! SQL of the audit trail: appending (with the hash chain), searching, verifying.

use crate::StoreError;
use crate::audit::{Actor, AuditEntry, AuditQuery, AuditRecord, AuditVerification};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// Now, as stored: UTC RFC 3339 with milliseconds.
pub(super) fn now_millis() -> String {
    crate::time_text(chrono::Utc::now())
}

/// The fields that the chain protects, in a fixed order.
struct Fields<'a> {
    at: &'a str,
    actor: &'a str,
    actor_id: Option<i64>,
    addr: Option<&'a str>,
    action: &'a str,
    object: Option<&'a str>,
    object_key: Option<&'a str>,
    region: Option<&'a str>,
    before: Option<&'a str>,
    after: Option<&'a str>,
    detail: Option<&'a str>,
}

fn chain_hash(prev: &str, f: &Fields<'_>) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    let id = f.actor_id.map(|i| i.to_string());
    for part in [
        Some(f.at),
        Some(f.actor),
        id.as_deref(),
        f.addr,
        Some(f.action),
        f.object,
        f.object_key,
        f.region,
        f.before,
        f.after,
        f.detail,
    ] {
        // A unit separator between fields, and a NUL for an absent one, so no two different
        // rows hash alike by shifting text between fields.
        h.update([0x1f]);
        match part {
            Some(s) => h.update(s.as_bytes()),
            None => h.update([0]),
        }
    }
    hex(&h.finalize())
}

pub(super) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn json(v: &Option<serde_json::Value>) -> Option<String> {
    v.as_ref().map(|v| v.to_string())
}

/// Appends an entry inside the caller's transaction (the writer's lock keeps the chain in order).
pub(super) fn append(
    conn: &Connection,
    actor: &Actor,
    entry: &AuditEntry,
) -> rusqlite::Result<i64> {
    let prev: String = conn
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    let at = now_millis();
    let (before, after, detail) = (json(&entry.before), json(&entry.after), json(&entry.detail));
    let fields = Fields {
        at: &at,
        actor: &actor.name,
        actor_id: actor.user_id,
        addr: actor.addr.as_deref(),
        action: &entry.action,
        object: entry.object.as_deref(),
        object_key: entry.object_key.as_deref(),
        region: entry.region.as_deref(),
        before: before.as_deref(),
        after: after.as_deref(),
        detail: detail.as_deref(),
    };
    let hash = chain_hash(&prev, &fields);
    conn.execute(
        "INSERT INTO audit_log (at, actor, actor_id, addr, action, object, object_key, region, before, after, detail, prev_hash, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            at,
            actor.name,
            actor.user_id,
            actor.addr,
            entry.action,
            entry.object,
            entry.object_key,
            entry.region,
            before,
            after,
            detail,
            prev,
            hash
        ],
    )?;
    Ok(conn.last_insert_rowid())
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
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
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
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Walks the chain from the first entry.
pub(super) fn verify(conn: &Connection) -> Result<AuditVerification, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, actor_id, addr, action, object, object_key, region, before, after, detail, prev_hash, hash \
         FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = String::new();
    let mut entries = 0;
    while let Some(r) = rows.next()? {
        entries += 1;
        let id: i64 = r.get(0)?;
        let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
        let (at, actor, action): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(5)?);
        let (addr, object, object_key, region) = (text(4)?, text(6)?, text(7)?, text(8)?);
        let (before, after, detail) = (text(9)?, text(10)?, text(11)?);
        let stored_prev: String = r.get(12)?;
        let stored: String = r.get(13)?;
        let expected = chain_hash(
            &prev,
            &Fields {
                at: &at,
                actor: &actor,
                actor_id: r.get(3)?,
                addr: addr.as_deref(),
                action: &action,
                object: object.as_deref(),
                object_key: object_key.as_deref(),
                region: region.as_deref(),
                before: before.as_deref(),
                after: after.as_deref(),
                detail: detail.as_deref(),
            },
        );
        if stored_prev != prev || stored != expected {
            return Ok(AuditVerification {
                entries,
                first_broken: Some(id),
            });
        }
        prev = stored;
    }
    Ok(AuditVerification {
        entries,
        first_broken: None,
    })
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
    let key: String = conn.query_row(
        "SELECT value FROM settings WHERE key = 'audit_key'",
        [],
        |r| r.get(0),
    )?;
    let mut h = Sha256::new();
    h.update(key.as_bytes());
    h.update(b":");
    h.update(text.as_bytes());
    Ok(hex(&h.finalize()))
}
