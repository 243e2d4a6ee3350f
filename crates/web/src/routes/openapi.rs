//! `GET /api/v1/openapi.json`: the OpenAPI document of the JSON API (see [`crate::openapi`]).

use crate::error::ApiError;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The document, cacheable: it changes only with the binary, so clients revalidate with its
/// entity tag after an hour.
pub async fn get(headers: HeaderMap) -> Response {
    let served = match crate::openapi::served() {
        Ok(s) => s,
        Err(e) => return ApiError::Internal(e.to_string()).into_response(),
    };
    let cache = [
        (header::CACHE_CONTROL, "public, max-age=3600"),
        (header::ETAG, served.etag.as_str()),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            // Weak comparison, as for GET (RFC 9110 §13.1.2).
            let ours = served.etag.trim_start_matches("W/");
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == ours || t == "*")
        });
    if unchanged {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (
        cache,
        [(header::CONTENT_TYPE, "application/json")],
        served.json.clone(),
    )
        .into_response()
}
