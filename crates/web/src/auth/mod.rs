//! Signing in and knowing who asks. Sessions live in the store (server side; the cookie holds a
//! random id whose SHA-256 is stored); API clients use bearer tokens. Every handler learns the
//! caller through the [`Caller`] extractor and asks [`Caller::require`], which consults the one
//! rule, `paritrana_core::auth::authorize`. CSRF protection for cookie-authenticated requests is
//! in [`csrf`].

pub mod accounts;
pub mod caller;
pub mod csrf;
pub mod login;
pub mod password;
pub mod secret;

pub use caller::Caller;

use chrono::Duration;
use paritrana_core::auth::throttle::Rule;

/// The session cookie. The `__Host-` prefix (which requires `Secure` and `Path=/`, no
/// `Domain`) is used when cookies are secure.
pub const SESSION_COOKIE: &str = "paritrana_sesi";
/// The cookie carrying the CSRF token of the sign-in form (before any session exists).
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
}

impl Default for AuthConfig {
    fn default() -> AuthConfig {
        AuthConfig {
            secure_cookies: true,
            idle: Duration::minutes(30),
            lifetime: Duration::hours(12),
            throttle: Rule::default(),
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
