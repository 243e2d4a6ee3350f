//! Cross-site request forgery defences, in two layers:
//! 1. [`same_origin`] (middleware): a state-changing request whose `Origin` names another site,
//!    or that the browser marks `Sec-Fetch-Site: cross-site`, is refused before any handler.
//! 2. Synchroniser tokens: every form carries the session's CSRF token (`csrf` field) and
//!    cookie-authenticated API writes send it as `X-CSRF-Token`; [`verify`] checks it.
//!    Bearer-token requests need none: browsers never attach them on their own.
//!    The sign-in form, before any session exists, uses a double-submit cookie instead.

use super::Caller;
use super::secret::same;
use crate::error::ApiError;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The header carrying the CSRF token on API writes.
pub const HEADER: &str = "x-csrf-token";

/// Refuses cross-site state-changing requests.
pub async fn same_origin(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let h = req.headers();
        let cross_site = h
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == "cross-site");
        let host = h.get(header::HOST).and_then(|v| v.to_str().ok());
        let foreign_origin = h
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|origin| {
                let origin_host = origin.split("://").nth(1).unwrap_or("");
                Some(origin_host) != host
            });
        if cross_site || foreign_origin {
            return ApiError::forbidden_csrf().into_response();
        }
    }
    next.run(req).await
}

/// Checks the CSRF token of a state-changing request made by `caller`.
pub fn verify(caller: &Caller, submitted: Option<&str>) -> Result<(), ApiError> {
    if caller.via_token {
        return Ok(());
    }
    match (&caller.session, submitted) {
        (Some(s), Some(t)) if same(&s.csrf_token, t) => Ok(()),
        // No session: nothing to forge on the account's behalf; the action itself will ask
        // for a sign-in.
        (None, _) => Ok(()),
        _ => Err(ApiError::forbidden_csrf()),
    }
}
