//! Signing in: throttling, password check, a fresh session. Blocking (argon2 and SQLite); call
//! it from `spawn_blocking`.

use super::{AuthConfig, password, secret};
use chrono::Utc;
use paritrana_core::auth::throttle;
use paritrana_store::accounts::{NewSession, UserRecord};
use paritrana_store::{Actor, Store, StoreError};

/// What a sign-in attempt gave.
#[derive(Debug)]
pub enum Outcome {
    /// Signed in: the new session's id (for the cookie only; the store keeps its hash).
    SignedIn {
        session_id: String,
        user: Box<UserRecord>,
    },
    /// Wrong name or password, or a disabled account: the answer never says which.
    Refused,
    /// Too many failures: try again after this many seconds.
    Locked { retry_after_secs: i64 },
}

/// Tries to sign `username` in from `addr`. Always a fresh session id: a session id planted
/// before sign-in (session fixation) is never promoted.
pub fn sign_in(
    store: &dyn Store,
    cfg: &AuthConfig,
    username: &str,
    password_given: &str,
    addr: &str,
    user_agent: Option<String>,
) -> Result<Outcome, StoreError> {
    let now = Utc::now();
    let name = username.trim().to_lowercase();
    let anonymous = Actor {
        name: "-".into(),
        user_id: None,
        addr: Some(addr.to_string()),
    };
    let failures = store.login_failures(&name, addr, now - cfg.throttle.window)?;
    if let Err(locked) = throttle::check(&cfg.throttle, &failures, now) {
        store.record_login(&name, addr, false, "locked", &anonymous)?;
        return Ok(Outcome::Locked {
            retry_after_secs: locked.retry_after_secs,
        });
    }
    let user = store.user_by_name(&name)?;
    let reason = match &user {
        None => {
            password::verify_dummy(password_given);
            "unknown_user"
        }
        Some(u) if !password::verify(&u.password_hash, password_given) => "wrong_password",
        Some(u) if !u.is_active() => "disabled",
        Some(_) => "",
    };
    let Some(user) = user.filter(|_| reason.is_empty()) else {
        store.record_login(&name, addr, false, reason, &anonymous)?;
        return Ok(Outcome::Refused);
    };
    let actor = Actor {
        name: user.username.clone(),
        user_id: Some(user.id),
        addr: Some(addr.to_string()),
    };
    store.record_login(&name, addr, true, "", &actor)?;
    let session_id = secret::random_hex();
    store.create_session(&NewSession {
        token_hash: secret::digest(&session_id),
        user_id: user.id,
        csrf_token: secret::random_hex(),
        now,
        idle_until: now + cfg.idle,
        expires_at: now + cfg.lifetime,
        addr: Some(addr.to_string()),
        user_agent,
    })?;
    Ok(Outcome::SignedIn {
        session_id,
        user: Box::new(user),
    })
}
