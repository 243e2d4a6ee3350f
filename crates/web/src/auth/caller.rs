//! The [`Caller`] extractor: who is asking (an account through a session cookie or a bearer
//! token, or the public), from which address, in which language.

use super::secret::digest;
use crate::AppState;
use crate::error::ApiError;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{AUTHORIZATION, USER_AGENT};
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use paritrana_core::Lang;
use paritrana_core::auth::policy::Account;
use paritrana_core::auth::{Action, Denied, Principal, authorize};
use paritrana_store::Actor;
use paritrana_store::accounts::UserRecord;
use std::net::SocketAddr;

/// The session behind a cookie-authenticated request.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub token_hash: String,
    pub csrf_token: String,
}

/// Who is asking.
#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
    /// The account's stored record, when signed in.
    pub user: Option<UserRecord>,
    /// Set when signed in with a session cookie.
    pub session: Option<SessionInfo>,
    /// Signed in with an API token (no cookie, so no CSRF risk).
    pub via_token: bool,
    /// The client's address: the peer, or what a trusted proxy forwarded
    /// ([`super::client_addr`]).
    pub addr: String,
    pub user_agent: Option<String>,
    pub lang: Lang,
}

impl Caller {
    /// May this caller perform `action`?
    pub fn require(&self, action: Action) -> Result<(), Denied> {
        authorize(&self.principal, action)
    }

    /// Whether `action` is allowed (for showing or hiding links).
    pub fn may(&self, action: Action) -> bool {
        self.require(action).is_ok()
    }

    pub fn account(&self) -> Option<&Account> {
        self.principal.account()
    }

    /// The caller as named in the audit trail.
    pub fn actor(&self) -> Actor {
        Actor {
            name: self
                .account()
                .map_or_else(|| "-".to_string(), |a| a.username.clone()),
            user_id: self.account().map(|a| a.id),
            addr: Some(self.addr.clone()),
        }
    }

    /// The scope of the account; the public has none.
    pub fn scope(&self) -> Option<paritrana_core::auth::Scope> {
        self.account().map(|a| a.scope)
    }
}

fn account_of(user: &UserRecord) -> Account {
    Account {
        id: user.id,
        username: user.username.clone(),
        role: user.role,
        scope: user.scope,
        company: user.company.clone(),
        read_only: false,
    }
}

fn query_lang(parts: &Parts) -> Option<String> {
    parts.uri.query().and_then(|q| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "lang")
            .map(|(_, v)| v.to_string())
    })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(
                || "unknown".to_string(),
                |c| {
                    super::client_addr::client_addr(
                        c.0.ip(),
                        &parts.headers,
                        &state.auth.trusted_proxies,
                    )
                    .to_string()
                },
            );
        let jar = CookieJar::from_headers(&parts.headers);
        let lang_cookie = jar.get("lang").map(|c| c.value().to_string());
        let lang = crate::lang::pick(query_lang(parts).or(lang_cookie).as_deref(), &parts.headers);
        let user_agent = parts
            .headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(200).collect());
        let mut caller = Caller {
            principal: Principal::Public,
            user: None,
            session: None,
            via_token: false,
            addr,
            user_agent,
            lang,
        };
        let now = chrono::Utc::now();
        if let Some(auth) = parts.headers.get(AUTHORIZATION) {
            // A client that sends credentials expects them to work: a bad token is 401, not
            // a silent downgrade to the public.
            let token = auth
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim)
                .ok_or_else(ApiError::unauthorized)?;
            let hash = digest(token);
            let store = state.store.clone();
            let found = tokio::task::spawn_blocking(move || store.token(&hash, now)).await??;
            let (token, user) = found.ok_or_else(ApiError::unauthorized)?;
            let mut account = account_of(&user);
            // A token never reaches beyond its account's scope. Changing the account's role or
            // scope revokes its tokens; should one still fall outside (a database edited by
            // hand), it is refused rather than re-aimed at the account's new scope.
            if !user.scope.covers(token.scope) {
                return Err(ApiError::unauthorized());
            }
            account.scope = token.scope;
            account.read_only = token.read_only;
            caller.principal = Principal::User(account);
            caller.user = Some(user);
            caller.via_token = true;
            return Ok(caller);
        }
        let cookie_name = state.auth.session_cookie();
        if let Some(cookie) = jar.get(&cookie_name) {
            let hash = digest(cookie.value());
            let store = state.store.clone();
            let idle_until = now + state.auth.idle;
            let lookup = hash.clone();
            let found =
                tokio::task::spawn_blocking(move || store.session(&lookup, now, idle_until))
                    .await??;
            if let Some(s) = found {
                caller.principal = Principal::User(account_of(&s.user));
                caller.user = Some(s.user);
                caller.session = Some(SessionInfo {
                    token_hash: hash,
                    csrf_token: s.csrf_token,
                });
            }
        }
        Ok(caller)
    }
}

/// A caller making a state-changing API request: cookie-authenticated callers must send the
/// session's CSRF token in `X-CSRF-Token` (bearer-token callers need not).
pub struct WriteCaller(pub Caller);

impl FromRequestParts<AppState> for WriteCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<WriteCaller, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let token = parts
            .headers
            .get(super::csrf::HEADER)
            .and_then(|v| v.to_str().ok());
        super::csrf::verify(&caller, token)?;
        Ok(WriteCaller(caller))
    }
}
