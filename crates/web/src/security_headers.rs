//! Security headers on every response, set in one middleware rather than per handler:
//! - `Content-Security-Policy`: scripts only from this site (the templates have no inline
//!   script and no `on…=` handler; the one script is `/assets/impor.js`), no plugins, no
//!   `<base>`, forms posting only here, and no framing (`frame-ancestors 'none'`). Styles allow
//!   `'unsafe-inline'`: the inline SVG maps and charts carry a `<style>` element and the worker
//!   time line positions its bars with `style="left:…"` attributes; an injected style can
//!   restyle a page but cannot run code. Images may be `data:` URIs (SVG patterns).
//! - `X-Frame-Options: DENY` for browsers without `frame-ancestors`, `X-Content-Type-Options:
//!   nosniff`, `Referrer-Policy: same-origin` (paths such as `/pekerja/{nik}` never leave the
//!   site in a `Referer`).
//! - `Cache-Control: no-store` on every answer that may hold personal data or belongs to a
//!   signed-in page: any request with credentials (the session cookie or a bearer token), and
//!   the worker, account, audit, import and sign-in paths whoever asks. A handler's own
//!   `no-store` is kept; a public cache header is replaced. Static assets keep theirs.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The policy; see the module's documentation for why each part is as it is.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Paths whose answers may hold personal data or account details, whoever asks.
const PRIVATE_PREFIXES: &[&str] = &[
    "/pekerja",
    "/api/v1/workers",
    "/api/v1/nik",
    "/akun",
    "/admin",
    "/api/v1/me",
    "/api/v1/users",
    "/api/v1/audit",
    "/impor",
    "/api/v1/imports",
    "/target",
    "/masuk",
    "/pasang",
    "/penilaian",
    "/penghargaan/peserta",
    "/penghargaan/bukti",
    "/api/v1/award/assignments",
];

/// Adds the headers to every response.
pub async fn apply(req: Request, next: Next) -> Response {
    let private = is_private(req.uri().path(), req.headers());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // A handler's own policy is stricter and kept (uploaded evidence is served with `sandbox`).
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
    }
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    let already_no_store = h
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"));
    if private && !already_no_store {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// May the answer to this request hold personal data or a signed-in page?
fn is_private(path: &str, headers: &HeaderMap) -> bool {
    if path.starts_with("/assets/") {
        return false;
    }
    let with_credentials = headers.contains_key(header::AUTHORIZATION)
        || headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.contains(crate::auth::SESSION_COOKIE));
    with_credentials
        || PRIVATE_PREFIXES.iter().any(|p| {
            path.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '.']))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_paths_and_signed_in_requests_are_private() {
        let none = HeaderMap::new();
        assert!(is_private("/pekerja/6401040204830021", &none));
        assert!(is_private("/api/v1/workers", &none));
        assert!(is_private("/admin/audit.csv", &none));
        assert!(!is_private("/", &none));
        assert!(!is_private("/pekerjaan-lain", &none));
        let mut signed_in = HeaderMap::new();
        signed_in.insert(
            header::COOKIE,
            HeaderValue::from_static("lang=id; __Host-paritrana_sesi=abc"),
        );
        assert!(is_private("/", &signed_in));
        assert!(!is_private("/assets/app.css", &signed_in));
    }

    /// The policy forbids inline scripts: a template that adds one would stop working in
    /// browsers, so it fails here first.
    #[test]
    fn templates_hold_no_inline_script() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap().to_lowercase();
            for (i, _) in text.match_indices("<script") {
                let tag = &text[i..i + text[i..].find('>').unwrap()];
                assert!(
                    tag.contains("src=\""),
                    "{}: inline <script>",
                    path.display()
                );
            }
            for handler in [
                " onclick=",
                " onload=",
                " onchange=",
                " onsubmit=",
                "javascript:",
            ] {
                assert!(!text.contains(handler), "{}: {handler}", path.display());
            }
        }
    }
}
