//! Accounts, sessions, API tokens and sign-in attempts: the types and the [`AccountStore`]
//! trait. Every change made through this trait writes its audit entry in the same transaction,
//! so a change without its trace cannot be stored.

use crate::StoreError;
use crate::audit::Actor;
use chrono::{DateTime, Utc};
use paritrana_core::auth::throttle::{Failures, Locked};
use paritrana_core::auth::{Role, Scope, Username};
use serde::Serialize;

/// A stored account. The password hash is never serialised.
#[derive(Debug, Clone, Serialize)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub scope: Scope,
    pub company: Option<String>,
    pub institution: Option<String>,
    #[serde(skip)]
    pub password_hash: String,
    pub must_change_password: bool,
    pub created_at: String,
    pub updated_at: String,
    pub password_changed_at: String,
    pub disabled_at: Option<String>,
}

impl UserRecord {
    pub fn is_active(&self) -> bool {
        self.disabled_at.is_none()
    }
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: Username,
    pub full_name: String,
    pub role: Role,
    pub scope: Scope,
    pub company: Option<String>,
    pub institution: Option<String>,
    /// An argon2id PHC string.
    pub password_hash: String,
    pub must_change_password: bool,
}

/// Changes to an account's profile; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    pub full_name: Option<String>,
    pub role: Option<Role>,
    pub scope: Option<Scope>,
    pub company: Option<Option<String>>,
    pub institution: Option<Option<String>>,
    /// `Some(true)` disables the account (and ends its sessions and tokens).
    pub disabled: Option<bool>,
}

/// Account operations that can fail for a reason the user must hear.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("the user name `{0}` is taken")]
    UsernameTaken(String),
    #[error("no such account")]
    NoSuchUser,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How an evaluated sign-in attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginResult {
    Ok,
    UnknownUser,
    WrongPassword,
    Disabled,
}

impl LoginResult {
    /// The reason recorded in the audit trail (`None` for a success).
    pub fn reason(self) -> Option<&'static str> {
        match self {
            LoginResult::Ok => None,
            LoginResult::UnknownUser => Some("unknown_user"),
            LoginResult::WrongPassword => Some("wrong_password"),
            LoginResult::Disabled => Some("disabled"),
        }
    }
}

/// A new session: the hash of its id, its CSRF token and its limits.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub now: DateTime<Utc>,
    pub idle_until: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub addr: Option<String>,
    pub user_agent: Option<String>,
}

/// A live session with its account.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub user: UserRecord,
    pub csrf_token: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub idle_until: String,
    pub expires_at: String,
}

/// A session as listed to its owner (no secrets).
#[derive(Debug, Clone, Serialize)]
pub struct SessionSummary {
    pub created_at: String,
    pub last_seen_at: String,
    pub addr: Option<String>,
    pub user_agent: Option<String>,
}

/// A new API token.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub user_id: i64,
    pub name: String,
    pub token_hash: String,
    pub prefix: String,
    pub scope: Scope,
    pub read_only: bool,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A stored API token (never the token itself).
#[derive(Debug, Clone, Serialize)]
pub struct TokenRecord {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub name: String,
    pub prefix: String,
    pub scope: Scope,
    pub read_only: bool,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// Storage of accounts and their credentials.
pub trait AccountStore {
    /// How many accounts exist (0 on a fresh installation).
    fn user_count(&self) -> Result<u64, StoreError>;

    fn create_user(&self, new: &NewUser, actor: &Actor) -> Result<UserRecord, AccountError>;

    fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>, StoreError>;

    fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, StoreError>;

    /// Every account, by user name.
    fn users(&self) -> Result<Vec<UserRecord>, StoreError>;

    /// Changes a profile. A changed role or scope ends every session and revokes every API
    /// token of the account (a token narrowed under the old rights must not widen or move with
    /// the account); disabling does the same.
    fn update_user(
        &self,
        id: i64,
        change: &UserChange,
        actor: &Actor,
    ) -> Result<UserRecord, AccountError>;

    /// Replaces the password hash and ends every session of the account. `action` names the
    /// audit entry (`user.password_change` or `user.password_reset`).
    fn set_password(
        &self,
        id: i64,
        password_hash: &str,
        must_change: bool,
        action: &str,
        actor: &Actor,
    ) -> Result<(), AccountError>;

    /// Reserves a sign-in attempt for the typed (folded) `username` from `addr`, before its
    /// password is hashed: in one transaction, counts the failures since `since` (attempts
    /// still being evaluated count as failures), asks `decide`, and only if it allows, stores a
    /// pending attempt. Concurrent attempts therefore cannot all pass the throttle. A refused
    /// attempt writes nothing. Returns the pending attempt's id.
    fn reserve_login(
        &self,
        username: &str,
        addr: &str,
        since: DateTime<Utc>,
        decide: &dyn Fn(&Failures) -> Result<(), Locked>,
    ) -> Result<Result<i64, Locked>, StoreError>;

    /// Forgets a reserved attempt that was never evaluated (the server was too busy to hash
    /// its password).
    fn cancel_login(&self, attempt: i64) -> Result<(), StoreError>;

    /// Records how a reserved attempt ended, and its audit entry (`login.ok` or
    /// `login.failed` with the reason). An unknown user name is written to the trail only as
    /// a keyed hash (`object_key`), never as typed: it may be a password typed in the wrong box.
    fn finish_login(
        &self,
        attempt: i64,
        username: &str,
        result: LoginResult,
        actor: &Actor,
    ) -> Result<(), StoreError>;

    fn create_session(&self, session: &NewSession) -> Result<(), StoreError>;

    /// The live session with this id hash, sliding its idle limit to `idle_until`. `None` when
    /// unknown, expired or the account is disabled.
    fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_until: DateTime<Utc>,
    ) -> Result<Option<SessionRecord>, StoreError>;

    /// Ends one session (sign out).
    fn delete_session(&self, token_hash: &str, actor: &Actor) -> Result<(), StoreError>;

    /// Ends every session of an account ("sign out everywhere"); returns how many.
    fn delete_user_sessions(&self, user_id: i64, actor: &Actor) -> Result<u64, StoreError>;

    /// The live sessions of an account.
    fn user_sessions(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<SessionSummary>, StoreError>;

    fn create_token(&self, token: &NewToken, actor: &Actor) -> Result<TokenRecord, StoreError>;

    /// A usable token (not revoked, not expired, account active) with its account; records its
    /// use.
    fn token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(TokenRecord, UserRecord)>, StoreError>;

    /// The tokens of one account, or of all accounts.
    fn tokens(&self, user_id: Option<i64>) -> Result<Vec<TokenRecord>, StoreError>;

    /// Revokes a token; `owner` limits it to that account's tokens. Returns false when there
    /// is no such (unrevoked) token.
    fn revoke_token(&self, id: i64, owner: Option<i64>, actor: &Actor) -> Result<bool, StoreError>;
}
