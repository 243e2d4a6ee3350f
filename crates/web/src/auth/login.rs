//! Signing in: the typed name checked before anything is written, the attempt reserved against
//! the throttle before any hashing, a bounded number of password hashes at once, a fresh
//! session.
//!
//! The order matters. (1) A name that no account can have (the user-name rule: 3–32 characters
//! of a small alphabet) or an absurd password is refused at once: nothing is hashed, nothing
//! stored, so a megabyte typed into the name box costs nothing. (2) The store reserves the
//! attempt in the same transaction that counts earlier failures, so a hundred simultaneous
//! guesses cannot all pass the throttle. (3) The password is hashed only with a slot of
//! [`AuthConfig::hashing`]; waiting too long for one gives [`Outcome::Busy`] (503).

use super::{AuthConfig, password, secret};
use crate::error::ApiError;
use chrono::Utc;
use paritrana_core::auth::{Username, throttle};
use paritrana_store::accounts::{LoginResult, NewSession, UserRecord};
use paritrana_store::{Actor, Store};
use std::sync::Arc;

/// A password longer than this cannot be right (the rule allows 128 characters, 4 bytes each
/// at most): refused without hashing.
pub const MAX_TYPED_PASSWORD_BYTES: usize = 1024;

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
    /// Too many sign-ins being checked at once: try again after this many seconds.
    Busy { retry_after_secs: i64 },
}

/// What was typed and where it came from.
#[derive(Debug)]
pub struct Attempt {
    pub username: String,
    pub password: String,
    pub addr: String,
    pub user_agent: Option<String>,
}

/// Seconds to wait before retrying when no hashing slot came free.
const BUSY_RETRY_SECS: i64 = 5;

/// Tries to sign the typed name in. Always a fresh session id: a session id planted before
/// sign-in (session fixation) is never promoted.
pub async fn sign_in(
    store: Arc<dyn Store>,
    cfg: Arc<AuthConfig>,
    attempt: Attempt,
) -> Result<Outcome, ApiError> {
    // (1) No account can have this name: nothing to throttle, hash or record.
    let Ok(name) = Username::parse(&attempt.username) else {
        return Ok(Outcome::Refused);
    };
    if attempt.password.len() > MAX_TYPED_PASSWORD_BYTES {
        return Ok(Outcome::Refused);
    }
    // (2) Reserve the attempt, or be told to wait.
    let reserved = {
        let (store, cfg) = (store.clone(), cfg.clone());
        let (name, addr) = (name.clone(), attempt.addr.clone());
        tokio::task::spawn_blocking(move || {
            let now = Utc::now();
            let decide = |f: &throttle::Failures| throttle::check(&cfg.throttle, f, now);
            store.reserve_login(name.as_str(), &addr, now - cfg.throttle.window, &decide)
        })
        .await??
    };
    let id = match reserved {
        Ok(id) => id,
        Err(locked) => {
            return Ok(Outcome::Locked {
                retry_after_secs: locked.retry_after_secs,
            });
        }
    };
    // (3) A hashing slot, or a polite refusal that does not count against the account.
    let permit =
        match tokio::time::timeout(cfg.hashing_wait, cfg.hashing.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => {
                let store = store.clone();
                tokio::task::spawn_blocking(move || store.cancel_login(id)).await??;
                return Ok(Outcome::Busy {
                    retry_after_secs: BUSY_RETRY_SECS,
                });
            }
        };
    let outcome = tokio::task::spawn_blocking(move || {
        let result = evaluate(&*store, &cfg, id, &name, attempt);
        drop(permit);
        result
    })
    .await??;
    Ok(outcome)
}

/// Checks the password of a reserved attempt, records how it ended, and opens the session.
fn evaluate(
    store: &dyn Store,
    cfg: &AuthConfig,
    id: i64,
    name: &Username,
    attempt: Attempt,
) -> Result<Outcome, paritrana_store::StoreError> {
    let anonymous = Actor {
        name: "-".into(),
        user_id: None,
        addr: Some(attempt.addr.clone()),
    };
    let user = store.user_by_name(name.as_str())?;
    let result = match &user {
        None => {
            // An unknown name costs the time of a wrong password.
            password::verify_dummy(&attempt.password);
            LoginResult::UnknownUser
        }
        Some(u) if !password::verify(&u.password_hash, &attempt.password) => {
            LoginResult::WrongPassword
        }
        Some(u) if !u.is_active() => LoginResult::Disabled,
        Some(_) => LoginResult::Ok,
    };
    let Some(user) = user.filter(|_| result == LoginResult::Ok) else {
        store.finish_login(id, name.as_str(), result, &anonymous)?;
        return Ok(Outcome::Refused);
    };
    let actor = Actor {
        name: user.username.clone(),
        user_id: Some(user.id),
        addr: Some(attempt.addr.clone()),
    };
    store.finish_login(id, name.as_str(), LoginResult::Ok, &actor)?;
    let now = Utc::now();
    let session_id = secret::random_hex();
    store.create_session(&NewSession {
        token_hash: secret::digest(&session_id),
        user_id: user.id,
        csrf_token: secret::random_hex(),
        now,
        idle_until: now + cfg.idle,
        expires_at: now + cfg.lifetime,
        addr: Some(attempt.addr),
        user_agent: attempt.user_agent,
    })?;
    Ok(Outcome::SignedIn {
        session_id,
        user: Box::new(user),
    })
}
