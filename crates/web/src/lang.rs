//! Picks the response language: `?lang=en|id` first, then `Accept-Language`, else Indonesian.

use axum::http::HeaderMap;
use paritrana_core::Lang;

/// The language for this request.
pub fn pick(query_lang: Option<&str>, headers: &HeaderMap) -> Lang {
    if let Some(l) = query_lang.and_then(Lang::parse) {
        return l;
    }
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match accept
        .split(',')
        .next()
        .map(|s| s.trim().to_ascii_lowercase())
    {
        Some(s) if s.starts_with("en") => Lang::En,
        _ => Lang::Id,
    }
}
