//! Signing in and knowing who asks. Sessions live in the store (server side; the cookie holds a
//! random id whose SHA-256 is stored); API clients use bearer tokens. Every handler learns the
//! caller through the [`Caller`] extractor and asks [`Caller::require`], which consults the one
//! rule, `paritrana_core::auth::authorize`. CSRF protection for cookie-authenticated requests is
//! in [`csrf`].

pub mod caller;
pub mod client_addr;
pub mod csrf;
pub mod form_key;
pub mod login;

pub use caller::Caller;
pub use paritrana_app::{accounts, password, secret};

use chrono::Duration;
use paritrana_core::auth::throttle::Rule;

/// The session cookie. The `__Host-` prefix (which requires `Secure` and `Path=/`, no
/// `Domain`) is used when cookies are secure.
pub const SESSION_COOKIE: &str = "paritrana_sesi";
/// The cookie carrying the nonce of the sign-in form's CSRF token (before any session exists);
/// `__Host-` prefixed like the session cookie. See [`form_key`].
pub const LOGIN_CSRF_COOKIE: &str = "paritrana_csrf";

/// How accounts and sessions behave.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// Mark cookies `Secure` (default). Only a deployment reached over plain HTTP on a trusted
    /// network turns this off, with `serve --insecure-cookies`.
    pub secure_cookies: bool,
    /// A session ends after this long without use.
    pub idle: Duration,
    /// A session ends this long after sign-in, used or not.
    pub lifetime: Duration,
    pub throttle: Rule,
    /// Binds the sign-in form's token to its cookie.
    pub form_key: form_key::FormKey,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`serve --trust-proxy`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Password hashes (argon2id, 19 MiB each) running at once: bounded so that a flood of
    /// sign-ins costs queueing, not memory.
    pub hashing: std::sync::Arc<tokio::sync::Semaphore>,
    /// How long a sign-in waits for a hashing slot before the answer is 503 (try again).
    pub hashing_wait: std::time::Duration,
}

impl Default for AuthConfig {
    fn default() -> AuthConfig {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        AuthConfig {
            secure_cookies: true,
            idle: Duration::minutes(30),
            lifetime: Duration::hours(12),
            throttle: Rule::default(),
            form_key: form_key::FormKey::default(),
            trusted_proxies: Vec::new(),
            hashing: std::sync::Arc::new(tokio::sync::Semaphore::new(2 * cores)),
            hashing_wait: std::time::Duration::from_secs(3),
        }
    }
}

impl AuthConfig {
    /// The session cookie's name: `__Host-` prefixed when cookies are secure.
    pub fn session_cookie(&self) -> String {
        if self.secure_cookies {
            format!("__Host-{SESSION_COOKIE}")
        } else {
            SESSION_COOKIE.to_string()
        }
    }

    /// The sign-in form's cookie name: `__Host-` prefixed when cookies are secure.
    pub fn login_csrf_cookie(&self) -> String {
        if self.secure_cookies {
            format!("__Host-{LOGIN_CSRF_COOKIE}")
        } else {
            LOGIN_CSRF_COOKIE.to_string()
        }
    }

    /// A cookie with the product's flags: HttpOnly, SameSite=Strict, Path=/, Secure when set.
    pub fn cookie(
        &self,
        name: String,
        value: String,
    ) -> axum_extra::extract::cookie::Cookie<'static> {
        let mut c = axum_extra::extract::cookie::Cookie::new(name, value);
        c.set_http_only(true);
        c.set_same_site(axum_extra::extract::cookie::SameSite::Strict);
        c.set_path("/");
        c.set_secure(self.secure_cookies);
        c
    }
}
