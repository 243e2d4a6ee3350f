//! A small in-memory cache of rendered public responses: the coverage pages as the public sees
//! them (no session, so no user name in the header) and their JSON twins.
//!
//! An entry is keyed by the request's path and query and its language, and belongs to one
//! *generation*: the store version and the day. An import (a new version) or midnight (a new
//! "today") starts a new generation and drops every entry at once, so a cached page is never
//! staler than the store. Each body is kept twice — as is and gzipped, compressed once when it
//! is stored — and served as the client accepts it; the global `CompressionLayer` leaves a
//! response that already has a `Content-Encoding` alone, so a cached page is never compressed
//! again. Entries beyond [`MAX_ENTRIES`] or [`MAX_BYTES`] push out the oldest.

use axum::body::Bytes;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, HeaderValue, VARY,
};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use std::collections::{HashMap, VecDeque};
use std::io::Write as _;
use std::sync::{Arc, Mutex};

/// At most this many responses are kept.
pub const MAX_ENTRIES: usize = 1_000;
/// At most this many bytes (both encodings) are kept.
pub const MAX_BYTES: usize = 96 << 20;

/// What a cached response belongs to: the store version and the date taken as today.
pub type Generation = (i64, NaiveDate);

/// A response body ready to send, as is and gzipped.
#[derive(Debug)]
pub struct CachedBody {
    pub status: StatusCode,
    pub content_type: &'static str,
    pub identity: Bytes,
    pub gzip: Bytes,
}

impl CachedBody {
    /// Compresses `body` once (best compression: it is done once per generation).
    pub fn new(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> CachedBody {
        let mut gz = flate2::write::GzEncoder::new(
            Vec::with_capacity(body.len() / 4),
            flate2::Compression::best(),
        );
        // Writing to a Vec cannot fail; an error would only lose the compressed copy.
        let gzip = gz
            .write_all(&body)
            .and_then(|_| gz.finish())
            .unwrap_or_default();
        CachedBody {
            status,
            content_type,
            identity: Bytes::from(body),
            gzip: Bytes::from(gzip),
        }
    }

    fn size(&self) -> usize {
        self.identity.len() + self.gzip.len()
    }

    /// The response for a request with these headers: gzipped when the client accepts it.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let gzip = !self.gzip.is_empty() && accepts_gzip(request);
        let mut res = (
            self.status,
            if gzip {
                self.gzip.clone()
            } else {
                self.identity.clone()
            },
        )
            .into_response();
        let h = res.headers_mut();
        h.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        // The language follows the query, Accept-Language or the lang cookie; a signed-in
        // visitor (a cookie) gets another page.
        h.insert(
            VARY,
            HeaderValue::from_static("accept-encoding, accept-language, cookie"),
        );
        h.insert(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=60"),
        );
        if gzip {
            h.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        res
    }
}

/// Whether `Accept-Encoding` allows gzip (named, or `*`, with a non-zero quality).
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut star = false;
    for value in headers.get_all(ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            match name.as_str() {
                "gzip" | "x-gzip" => return q > 0.0,
                "*" => star = q > 0.0,
                _ => {}
            }
        }
    }
    star
}

#[derive(Debug, Default)]
struct Inner {
    generation: Option<Generation>,
    entries: HashMap<String, Arc<CachedBody>>,
    /// Keys in insertion order, oldest first.
    order: VecDeque<String>,
    bytes: usize,
}

/// The cache; one per server, shared by every request.
#[derive(Debug, Default)]
pub struct PageCache {
    inner: Mutex<Inner>,
}

impl PageCache {
    /// The response stored under `key` in this generation.
    pub fn get(&self, generation: Generation, key: &str) -> Option<Arc<CachedBody>> {
        let inner = self.inner.lock().ok()?;
        if inner.generation != Some(generation) {
            return None;
        }
        inner.entries.get(key).cloned()
    }

    /// Stores a response; an older generation is dropped first.
    pub fn put(&self, generation: Generation, key: String, body: CachedBody) -> Arc<CachedBody> {
        let body = Arc::new(body);
        let Ok(mut inner) = self.inner.lock() else {
            return body;
        };
        if inner.generation != Some(generation) {
            *inner = Inner {
                generation: Some(generation),
                ..Inner::default()
            };
        }
        if let Some(old) = inner.entries.insert(key.clone(), body.clone()) {
            inner.bytes -= old.size();
            inner.order.retain(|k| *k != key);
        }
        inner.bytes += body.size();
        inner.order.push_back(key);
        while inner.entries.len() > MAX_ENTRIES || inner.bytes > MAX_BYTES {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(old) = inner.entries.remove(&oldest) {
                inner.bytes -= old.size();
            }
        }
        body
    }

    /// Number of stored responses.
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.entries.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_ENCODING, HeaderValue::from_str(accept).unwrap());
        h
    }

    #[test]
    fn gzip_is_negotiated() {
        assert!(accepts_gzip(&headers("gzip, deflate, br")));
        assert!(accepts_gzip(&headers("br;q=1.0, gzip;q=0.8")));
        assert!(!accepts_gzip(&headers("gzip;q=0")));
        assert!(!accepts_gzip(&headers("br")));
        assert!(accepts_gzip(&headers("*")));
        assert!(!accepts_gzip(&headers("*, gzip;q=0")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn bodies_are_served_compressed_or_not() {
        let html = "<p>90,43 %</p>".repeat(100);
        let body = CachedBody::new(
            StatusCode::OK,
            "text/html; charset=utf-8",
            html.clone().into(),
        );
        assert!(body.gzip.len() < html.len() / 5);
        let mut plain = String::new();
        flate2::read::GzDecoder::new(&body.gzip[..])
            .read_to_string(&mut plain)
            .unwrap();
        assert_eq!(plain, html);
        let res = body.respond(&headers("gzip"));
        assert_eq!(res.headers()[CONTENT_ENCODING], "gzip");
        assert!(
            res.headers()[VARY]
                .to_str()
                .unwrap()
                .contains("accept-encoding")
        );
        let res = body.respond(&HeaderMap::new());
        assert!(res.headers().get(CONTENT_ENCODING).is_none());
    }

    #[test]
    fn a_new_generation_drops_everything() {
        let cache = PageCache::default();
        let put = |g, k: &str| {
            cache.put(
                g,
                k.to_string(),
                CachedBody::new(StatusCode::OK, "text/html", b"x".to_vec()),
            );
        };
        put((1, day(23)), "/wilayah/64.01|id");
        put((1, day(23)), "/|id");
        assert!(cache.get((1, day(23)), "/|id").is_some());
        assert!(cache.get((2, day(23)), "/|id").is_none(), "after an import");
        assert!(cache.get((1, day(24)), "/|id").is_none(), "the next day");
        put((2, day(23)), "/|en");
        assert_eq!(cache.len(), 1);
        assert!(cache.get((1, day(23)), "/|id").is_none());
    }

    #[test]
    fn the_oldest_entries_make_room() {
        let cache = PageCache::default();
        let g = (1, day(23));
        for i in 0..MAX_ENTRIES + 5 {
            cache.put(
                g,
                format!("/wilayah/{i}"),
                CachedBody::new(StatusCode::OK, "text/html", b"x".to_vec()),
            );
        }
        assert_eq!(cache.len(), MAX_ENTRIES);
        assert!(cache.get(g, "/wilayah/0").is_none());
        assert!(
            cache
                .get(g, &format!("/wilayah/{}", MAX_ENTRIES + 4))
                .is_some()
        );
    }
}
