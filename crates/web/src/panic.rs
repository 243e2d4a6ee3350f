//! A panic inside a handler becomes a 500 answer, never a dropped connection: the JSON error of
//! the API under `/api/`, a short HTML page elsewhere, both in Indonesian and English.
//!
//! Input must never reach a panic (handlers validate it and answer 400); this is the net under
//! that rule. Panic messages can quote what was being handled (a NIK, a name), so neither the
//! answer nor the log carries them: the log says where the panic happened, not what it said.

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;

/// Marks a response made from a panic, so the outer layer can shape it for a page.
#[derive(Debug, Clone, Copy)]
struct Panicked;

/// The page shown when a page's handler panicked.
const PAGE: &str = "<!doctype html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">\
<title>Kesalahan server — Server error</title></head><body>\
<h1>Terjadi kesalahan pada server</h1>\
<p>Permintaan ini tidak dapat diselesaikan. Kesalahan sudah dicatat; coba lagi nanti.</p>\
<p lang=\"en\">Internal server error: the request could not be completed. The error has been \
logged; try again later.</p><p><a href=\"/\">Beranda — Home</a></p></body></html>\n";

/// Wraps `router` so that a panic in any layer inside it is answered with a 500.
pub fn catch_panics<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router
        .layer(CatchPanicLayer::custom(answer))
        .layer(axum::middleware::from_fn(page_for_pages))
}

/// The API's answer to a panic (JSON, both languages); the payload is dropped unread.
fn answer(_payload: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked; answered 500 (see the panic location above)");
    let mut res = crate::error::ApiError::Internal(String::new()).into_response();
    res.extensions_mut().insert(Panicked);
    res
}

/// Replaces the JSON body of a panic's answer by the HTML page outside `/api/`.
async fn page_for_pages(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let res = next.run(request).await;
    if api || res.extensions().get::<Panicked>().is_none() {
        return res;
    }
    let mut page = (StatusCode::INTERNAL_SERVER_ERROR, Body::from(PAGE)).into_response();
    page.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    page.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    page
}

/// Makes the process's panic report name only the place of the panic (file, line and
/// thread), not its message, which may quote personal data. Called by `serve`.
pub fn install_quiet_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "unknown place".into());
        let thread = std::thread::current();
        tracing::error!(
            place,
            thread = thread.name().unwrap_or("unnamed"),
            "panic (message withheld: it may quote personal data)"
        );
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;

    async fn boom() -> &'static str {
        panic!("NIK 6401040204830021 broke this")
    }

    async fn call(path: &str) -> (StatusCode, String, String) {
        use tower::ServiceExt;
        let app = catch_panics(
            Router::new()
                .route("/api/v1/boom", get(boom))
                .route("/boom", get(boom)),
        );
        let res = app
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let kind = res.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_string();
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, kind, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn a_panicking_api_handler_answers_500_json_in_both_languages() {
        let (status, kind, body) = call("/api/v1/boom").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(kind.starts_with("application/json"), "{kind}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["error"]["message"], "terjadi kesalahan pada server");
        assert_eq!(v["error"]["message_en"], "internal server error");
        assert!(!body.contains("6401040204830021"), "{body}");
    }

    #[tokio::test]
    async fn a_panicking_page_answers_500_html_in_both_languages() {
        let (status, kind, body) = call("/boom").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(kind.starts_with("text/html"), "{kind}");
        assert!(
            body.contains("Terjadi kesalahan pada server")
                && body.contains("Internal server error")
        );
        assert!(!body.contains("6401040204830021"), "{body}");
    }
}
