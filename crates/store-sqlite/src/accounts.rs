//! SQL of accounts, sessions, API tokens and sign-in attempts. Every change appends its audit
//! entry inside the same transaction.

use super::audit::{append, now_millis};
use crate::error::Db;
use chrono::{DateTime, Utc};
use paritrana_core::auth::throttle::{Count, Failures, Locked};
use paritrana_core::auth::{Role, Scope};
use paritrana_store::accounts::{
    AccountError, LoginResult, NewSession, NewToken, NewUser, SessionRecord, SessionSummary,
    TokenRecord, UserChange, UserRecord,
};
use paritrana_store::audit::{Actor, AuditEntry};
use paritrana_store::{StoreError, time_text};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use serde_json::json;

const USER_COLUMNS: &str = "id, username, full_name, role, scope, company, institution, password_hash, \
     must_change_password, created_at, updated_at, password_changed_at, disabled_at";

fn bad(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored {what} `{value}` is not valid").into(),
    )
}

fn scope_from(text: &str) -> rusqlite::Result<Scope> {
    Scope::parse(text).map_err(|_| bad("scope", text))
}

fn user_from_row(r: &Row<'_>) -> rusqlite::Result<UserRecord> {
    user_at(r, 0)
}

/// The account whose [`USER_COLUMNS`] start at column `at` of the row.
fn user_at(r: &Row<'_>, at: usize) -> rusqlite::Result<UserRecord> {
    let role: String = r.get(at + 3)?;
    let scope: String = r.get(at + 4)?;
    Ok(UserRecord {
        id: r.get(at)?,
        username: r.get(at + 1)?,
        full_name: r.get(at + 2)?,
        role: Role::parse(&role).ok_or_else(|| bad("role", &role))?,
        scope: scope_from(&scope)?,
        company: r.get(at + 5)?,
        institution: r.get(at + 6)?,
        password_hash: r.get(at + 7)?,
        must_change_password: r.get(at + 8)?,
        created_at: r.get(at + 9)?,
        updated_at: r.get(at + 10)?,
        password_changed_at: r.get(at + 11)?,
        disabled_at: r.get(at + 12)?,
    })
}

/// The audited view of an account: what an administrator may see change.
fn profile(u: &UserRecord) -> serde_json::Value {
    json!({
        "username": u.username,
        "full_name": u.full_name,
        "role": u.role,
        "scope": u.scope,
        "company": u.company,
        "institution": u.institution,
        "disabled": !u.is_active(),
    })
}

pub(super) fn user_count(conn: &Connection) -> Result<u64, StoreError> {
    Ok(conn
        .query_row("SELECT COUNT(*) FROM users", [], |r| r.get::<_, i64>(0))
        .db()? as u64)
}

pub(super) fn user_by_name(
    conn: &Connection,
    name: &str,
) -> Result<Option<UserRecord>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?1");
    conn.query_row(&sql, [name.trim().to_lowercase()], user_from_row)
        .optional()
        .db()
}

pub(super) fn user_by_id(conn: &Connection, id: i64) -> Result<Option<UserRecord>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1");
    conn.query_row(&sql, [id], user_from_row).optional().db()
}

pub(super) fn users(conn: &Connection) -> Result<Vec<UserRecord>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username");
    let mut stmt = conn.prepare(&sql).db()?;
    let rows = stmt.query_map([], user_from_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

pub(super) fn create_user(
    conn: &mut Connection,
    new: &NewUser,
    actor: &Actor,
) -> Result<UserRecord, AccountError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    if user_by_name(&tx, new.username.as_str())?.is_some() {
        return Err(AccountError::UsernameTaken(new.username.to_string()));
    }
    let now = now_millis();
    tx.execute(
        "INSERT INTO users (username, full_name, role, scope, company, institution, password_hash, must_change_password, created_at, updated_at, password_changed_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9)",
        params![
            new.username.as_str(),
            new.full_name,
            new.role.code(),
            new.scope.stored(),
            new.company,
            new.institution,
            new.password_hash,
            new.must_change_password,
            now
        ],
    ).db()?;
    let id = tx.last_insert_rowid();
    let user = user_by_id(&tx, id)?.ok_or(AccountError::NoSuchUser)?;
    let mut entry = AuditEntry::new("user.create").object(format!("user:{}", user.username));
    entry.region = user.scope.region().map(|r| r.to_string());
    entry.after = Some(profile(&user));
    append(&tx, actor, &entry).db()?;
    tx.commit().db()?;
    Ok(user)
}

pub(super) fn update_user(
    conn: &mut Connection,
    id: i64,
    change: &UserChange,
    actor: &Actor,
) -> Result<UserRecord, AccountError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    let before = user_by_id(&tx, id)?.ok_or(AccountError::NoSuchUser)?;
    let mut after = before.clone();
    if let Some(n) = &change.full_name {
        after.full_name = n.clone();
    }
    if let Some(r) = change.role {
        after.role = r;
    }
    if let Some(s) = change.scope {
        after.scope = s;
    }
    if let Some(c) = &change.company {
        after.company = c.clone();
    }
    if let Some(i) = &change.institution {
        after.institution = i.clone();
    }
    let now = now_millis();
    match change.disabled {
        Some(true) if before.is_active() => after.disabled_at = Some(now.clone()),
        Some(false) => after.disabled_at = None,
        _ => {}
    }
    let (old, new) = (profile(&before), profile(&after));
    if old == new {
        tx.commit().db()?;
        return Ok(before);
    }
    tx.execute(
        "UPDATE users SET full_name = ?2, role = ?3, scope = ?4, company = ?5, institution = ?6, disabled_at = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            id,
            after.full_name,
            after.role.code(),
            after.scope.stored(),
            after.company,
            after.institution,
            after.disabled_at,
            now
        ],
    ).db()?;
    // A changed role or scope, or a disabled account, must not keep acting on old rights.
    let rights_changed = before.role != after.role || before.scope != after.scope;
    let mut ended = 0;
    if !after.is_active() || rights_changed {
        ended = tx
            .execute("DELETE FROM sessions WHERE user_id = ?1", [id])
            .db()?;
    }
    // Tokens too: a token narrowed under the old scope would otherwise follow the account
    // into its new region (or keep a role the account lost).
    let mut revoked: Vec<i64> = Vec::new();
    if !after.is_active() || rights_changed {
        let mut stmt = tx
            .prepare("SELECT id FROM api_tokens WHERE user_id = ?1 AND revoked_at IS NULL")
            .db()?;
        revoked = stmt
            .query_map([id], |r| r.get(0))
            .db()?
            .collect::<Result<_, _>>()
            .db()?;
        drop(stmt);
        tx.execute(
            "UPDATE api_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
            params![id, now],
        )
        .db()?;
    }
    let action = match (before.is_active(), after.is_active()) {
        (true, false) => "user.disable",
        (false, true) => "user.enable",
        _ => "user.update",
    };
    let mut entry = AuditEntry::new(action)
        .object(format!("user:{}", after.username))
        .detail(json!({ "sessions_ended": ended, "tokens_revoked": revoked }));
    entry.region = after.scope.region().map(|r| r.to_string());
    entry.before = Some(old);
    entry.after = Some(new);
    append(&tx, actor, &entry).db()?;
    let stored = user_by_id(&tx, id)?.ok_or(AccountError::NoSuchUser)?;
    tx.commit().db()?;
    Ok(stored)
}

pub(super) fn set_password(
    conn: &mut Connection,
    id: i64,
    hash: &str,
    must_change: bool,
    action: &str,
    actor: &Actor,
) -> Result<(), AccountError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    let user = user_by_id(&tx, id)?.ok_or(AccountError::NoSuchUser)?;
    let now = now_millis();
    tx.execute(
        "UPDATE users SET password_hash = ?2, must_change_password = ?3, password_changed_at = ?4, updated_at = ?4 WHERE id = ?1",
        params![id, hash, must_change, now],
    ).db()?;
    let ended = tx
        .execute("DELETE FROM sessions WHERE user_id = ?1", [id])
        .db()?;
    let entry = AuditEntry::new(action)
        .object(format!("user:{}", user.username))
        .detail(json!({ "sessions_ended": ended, "must_change_password": must_change }));
    append(&tx, actor, &entry).db()?;
    tx.commit().db()?;
    Ok(())
}

/// An attempt's state in `signin_attempts`.
const PENDING: i64 = 0;
const FAILED: i64 = 1;
const SUCCEEDED: i64 = 2;

/// Failures (and pending attempts) matching `filter` since `since`: (count, latest time).
fn count_failures(
    tx: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Count, StoreError> {
    let sql = format!(
        "SELECT COUNT(*), MAX(at) FROM signin_attempts WHERE state IN ({PENDING}, {FAILED}) AND {filter}"
    );
    let (n, last): (i64, Option<String>) = tx
        .query_row(&sql, args, |r| Ok((r.get(0)?, r.get(1)?)))
        .db()?;
    Ok(Count {
        failures: u32::try_from(n).unwrap_or(u32::MAX),
        last: last
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc)),
    })
}

pub(super) fn reserve_login(
    conn: &mut Connection,
    username: &str,
    addr: &str,
    since: DateTime<Utc>,
    decide: &dyn Fn(&Failures) -> Result<(), Locked>,
) -> Result<Result<i64, Locked>, StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    let since = time_text(since);
    // Rows past the window can no longer count: the table stays as small as an hour of
    // evaluated attempts.
    tx.execute("DELETE FROM signin_attempts WHERE at < ?1", [&since])
        .db()?;
    let key = super::audit::name_key(&tx, &username.trim().to_lowercase())?;
    // The pair and the account count only attempts reserved after the account's last
    // success. Reservation order is the row id, not the clock: a failure and the success
    // after it can be stamped in the same millisecond.
    let success: i64 = tx
        .query_row(
            "SELECT COALESCE(MAX(id), 0) FROM signin_attempts WHERE account_key = ?1 AND state = 2",
            [&key],
            |r| r.get(0),
        )
        .db()?;
    let failures = Failures {
        pair: count_failures(
            &tx,
            "account_key = ?1 AND addr = ?2 AND at >= ?3 AND id > ?4",
            &[&key, &addr, &since, &success],
        )?,
        account: count_failures(
            &tx,
            "account_key = ?1 AND at >= ?2 AND id > ?3",
            &[&key, &since, &success],
        )?,
        address: count_failures(&tx, "addr = ?1 AND at >= ?2", &[&addr, &since])?,
    };
    if let Err(locked) = decide(&failures) {
        // Nothing written for a throttled attempt (the sweep above aside).
        tx.commit().db()?;
        return Ok(Err(locked));
    }
    tx.execute(
        "INSERT INTO signin_attempts (at, account_key, addr, state) VALUES (?1, ?2, ?3, ?4)",
        params![now_millis(), key, addr, PENDING],
    )
    .db()?;
    let id = tx.last_insert_rowid();
    tx.commit().db()?;
    Ok(Ok(id))
}

pub(super) fn cancel_login(conn: &Connection, attempt: i64) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM signin_attempts WHERE id = ?1 AND state = ?2",
        params![attempt, PENDING],
    )
    .db()?;
    Ok(())
}

pub(super) fn finish_login(
    conn: &mut Connection,
    attempt: i64,
    username: &str,
    result: LoginResult,
    actor: &Actor,
) -> Result<(), StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    let state = if result == LoginResult::Ok {
        SUCCEEDED
    } else {
        FAILED
    };
    tx.execute(
        "UPDATE signin_attempts SET state = ?2, at = ?3 WHERE id = ?1",
        params![attempt, state, now_millis()],
    )
    .db()?;
    let action = if result == LoginResult::Ok {
        "login.ok"
    } else {
        "login.failed"
    };
    let name = username.trim().to_lowercase();
    let mut entry = AuditEntry::new(action);
    if result == LoginResult::UnknownUser {
        // What was typed may be a password in the wrong box: only its keyed hash is kept.
        entry.object = Some("user:?".into());
        entry.object_key = Some(super::audit::name_key(&tx, &name)?);
    } else {
        entry.object = Some(format!("user:{name}"));
    }
    if let Some(reason) = result.reason() {
        entry.detail = Some(json!({ "reason": reason }));
    }
    append(&tx, actor, &entry).db()?;
    tx.commit().db()?;
    Ok(())
}

pub(super) fn create_session(conn: &mut Connection, s: &NewSession) -> Result<(), StoreError> {
    let now = time_text(s.now);
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, idle_until, expires_at, addr, user_agent) \
         VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8)",
        params![
            s.token_hash,
            s.user_id,
            s.csrf_token,
            now,
            time_text(s.idle_until),
            time_text(s.expires_at),
            s.addr,
            s.user_agent
        ],
    ).db()?;
    // Expired sessions are swept as new ones start.
    conn.execute(
        "DELETE FROM sessions WHERE expires_at < ?1 OR idle_until < ?1",
        [now],
    )
    .db()?;
    Ok(())
}

pub(super) fn session(
    conn: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(SessionRecord, bool)>, StoreError> {
    let sql = format!(
        "SELECT s.csrf_token, s.created_at, s.last_seen_at, s.idle_until, s.expires_at, {} \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1",
        USER_COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let found = conn
        .query_row(&sql, [token_hash], |r| {
            // The user columns follow the five session columns.
            let user = user_at(r, 5)?;
            Ok(SessionRecord {
                user,
                csrf_token: r.get(0)?,
                created_at: r.get(1)?,
                last_seen_at: r.get(2)?,
                idle_until: r.get(3)?,
                expires_at: r.get(4)?,
            })
        })
        .optional()
        .db()?;
    let now = time_text(now);
    Ok(found.and_then(|s| {
        let live = s.user.is_active() && s.expires_at > now && s.idle_until > now;
        // Refresh the idle limit at most once a minute: most requests only read.
        let stale = s.last_seen_at.get(..16) != now.get(..16);
        live.then_some((s, stale))
    }))
}

pub(super) fn touch_session(
    conn: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
    idle_until: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE sessions SET last_seen_at = ?2, idle_until = MIN(?3, expires_at) WHERE token_hash = ?1",
        params![token_hash, time_text(now), time_text(idle_until)],
    ).db()?;
    Ok(())
}

pub(super) fn delete_session(
    conn: &mut Connection,
    token_hash: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    let n = tx
        .execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])
        .db()?;
    if n > 0 {
        append(&tx, actor, &AuditEntry::new("logout")).db()?;
    }
    tx.commit().db()?;
    Ok(())
}

pub(super) fn delete_user_sessions(
    conn: &mut Connection,
    user_id: i64,
    actor: &Actor,
) -> Result<u64, StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    let name: Option<String> = tx
        .query_row("SELECT username FROM users WHERE id = ?1", [user_id], |r| {
            r.get(0)
        })
        .optional()
        .db()?;
    let n = tx
        .execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])
        .db()?;
    let entry = AuditEntry::new("logout.everywhere")
        .object(format!("user:{}", name.unwrap_or_default()))
        .detail(json!({ "sessions_ended": n }));
    append(&tx, actor, &entry).db()?;
    tx.commit().db()?;
    Ok(n as u64)
}

pub(super) fn user_sessions(
    conn: &Connection,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<SessionSummary>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT created_at, last_seen_at, addr, user_agent FROM sessions \
         WHERE user_id = ?1 AND expires_at > ?2 AND idle_until > ?2 ORDER BY last_seen_at DESC",
        )
        .db()?;
    let rows = stmt
        .query_map(params![user_id, time_text(now)], |r| {
            Ok(SessionSummary {
                created_at: r.get(0)?,
                last_seen_at: r.get(1)?,
                addr: r.get(2)?,
                user_agent: r.get(3)?,
            })
        })
        .db()?;
    rows.collect::<Result<_, _>>().db()
}

const TOKEN_COLUMNS: &str = "t.id, t.user_id, u.username, t.name, t.prefix, t.scope, t.read_only, \
     t.created_at, t.expires_at, t.last_used_at, t.revoked_at";

fn token_from_row(r: &Row<'_>) -> rusqlite::Result<TokenRecord> {
    let scope: String = r.get(5)?;
    Ok(TokenRecord {
        id: r.get(0)?,
        user_id: r.get(1)?,
        username: r.get(2)?,
        name: r.get(3)?,
        prefix: r.get(4)?,
        scope: scope_from(&scope)?,
        read_only: r.get(6)?,
        created_at: r.get(7)?,
        expires_at: r.get(8)?,
        last_used_at: r.get(9)?,
        revoked_at: r.get(10)?,
    })
}

fn token_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<TokenRecord>> {
    let sql = format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?1"
    );
    conn.query_row(&sql, [id], token_from_row).optional()
}

pub(super) fn create_token(
    conn: &mut Connection,
    t: &NewToken,
    actor: &Actor,
) -> Result<TokenRecord, StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    tx.execute(
        "INSERT INTO api_tokens (user_id, name, token_hash, prefix, scope, read_only, created_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            t.user_id,
            t.name,
            t.token_hash,
            t.prefix,
            t.scope.stored(),
            t.read_only,
            now_millis(),
            t.expires_at.map(time_text)
        ],
    ).db()?;
    let id = tx.last_insert_rowid();
    let record = token_by_id(&tx, id)
        .db()?
        .ok_or_else(|| StoreError::Corrupt("token vanished after insert".into()))?;
    let mut entry = AuditEntry::new("token.create")
        .object(format!("token:{id}"))
        .detail(json!({ "owner": record.username, "name": record.name, "prefix": record.prefix }));
    entry.after = Some(json!({
        "scope": record.scope, "read_only": record.read_only, "expires_at": record.expires_at
    }));
    append(&tx, actor, &entry).db()?;
    tx.commit().db()?;
    Ok(record)
}

pub(super) fn token(
    conn: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(TokenRecord, UserRecord)>, StoreError> {
    let sql = format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?1"
    );
    let Some(t) = conn
        .query_row(&sql, [token_hash], token_from_row)
        .optional()
        .db()?
    else {
        return Ok(None);
    };
    let now = time_text(now);
    let expired = t.expires_at.as_deref().is_some_and(|e| e <= now.as_str());
    if t.revoked_at.is_some() || expired {
        return Ok(None);
    }
    let Some(user) = user_by_id(conn, t.user_id)?.filter(UserRecord::is_active) else {
        return Ok(None);
    };
    Ok(Some((t, user)))
}

pub(super) fn mark_token_used(
    conn: &Connection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1",
        params![id, time_text(now)],
    )
    .db()?;
    Ok(())
}

pub(super) fn tokens(
    conn: &Connection,
    user_id: Option<i64>,
) -> Result<Vec<TokenRecord>, StoreError> {
    let sql = format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE ?1 IS NULL OR t.user_id = ?1 ORDER BY t.id"
    );
    let mut stmt = conn.prepare(&sql).db()?;
    let rows = stmt.query_map([user_id], token_from_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

pub(super) fn revoke_token(
    conn: &mut Connection,
    id: i64,
    owner: Option<i64>,
    actor: &Actor,
) -> Result<bool, StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    let Some(t) = token_by_id(&tx, id)
        .db()?
        .filter(|t| t.revoked_at.is_none() && owner.is_none_or(|o| o == t.user_id))
    else {
        return Ok(false);
    };
    tx.execute(
        "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1",
        params![id, now_millis()],
    )
    .db()?;
    let entry = AuditEntry::new("token.revoke")
        .object(format!("token:{id}"))
        .detail(json!({ "owner": t.username, "name": t.name, "prefix": t.prefix }));
    append(&tx, actor, &entry).db()?;
    tx.commit().db()?;
    Ok(true)
}
