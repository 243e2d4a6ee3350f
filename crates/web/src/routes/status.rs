//! The status page (`/status`), `/api/v1/status` and `/healthz`: what the server holds, and
//! whether it can save (a full disk or a read-only data folder answers 503 with the reason,
//! [`crate::health`]).

use crate::AppState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use paritrana_core::Lang;
use paritrana_core::region::Level;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

#[derive(Serialize)]
pub struct Status {
    backend: &'static str,
    /// Whether changes can be saved now.
    storage: Storage,
    regions: RegionCounts,
    registry: paritrana_store::RegistryStats,
}

#[derive(Serialize)]
struct Storage {
    writable: bool,
    /// Why not (`full`, `read_only`, `io`, `database`), with the message in both languages.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    fault: Option<crate::health::Fault>,
}

#[derive(Serialize)]
struct RegionCounts {
    province: usize,
    regency: usize,
    district: usize,
    village: usize,
}

async fn status(state: &AppState) -> Result<Status, ApiError> {
    let registry = registry_stats(state).await?;
    let t = &state.tree;
    let fault = state.health.fault(state).await;
    Ok(Status {
        backend: state.store.backend(),
        storage: Storage {
            writable: fault.is_none(),
            fault,
        },
        regions: RegionCounts {
            province: t.count(Level::Province),
            regency: t.count(Level::Regency),
            district: t.count(Level::District),
            village: t.count(Level::Village),
        },
        registry,
    })
}

/// The registry's counts, counted once per generation (store version and day): a burst of
/// status requests at 10 million workers costs one count, not one each.
async fn registry_stats(state: &AppState) -> Result<paritrana_store::RegistryStats, ApiError> {
    let generation = state.current_generation().await?;
    let mut cached = state.registry_stats.lock().await;
    if let Some((at, stats)) = cached.as_ref()
        && *at == generation
    {
        return Ok(stats.clone());
    }
    let store = state.store.clone();
    let today = generation.1;
    let stats = tokio::task::spawn_blocking(move || store.registry_stats(today)).await??;
    *cached = Some((generation, stats.clone()));
    Ok(stats)
}

/// `GET /healthz`: `ok`, or 503 with the reason the server cannot save.
pub async fn health(State(state): State<AppState>) -> Response {
    match state.health.fault(&state).await {
        None => "ok".into_response(),
        Some(fault) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "error": fault })),
        )
            .into_response(),
    }
}

pub async fn api(State(state): State<AppState>) -> Result<Json<Status>, ApiError> {
    Ok(Json(status(&state).await?))
}

/// A plain status page: regions and registry counts.
pub async fn page(
    State(state): State<AppState>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Html<String>, ApiError> {
    let lang = crate::lang::pick(q.lang.as_deref(), &headers);
    let s = status(&state).await?;
    let (title, rows, api_note, switch) = match lang {
        Lang::Id => (
            "Paritrana — status server",
            [
                ("Provinsi", s.regions.province as u64),
                ("Kabupaten/Kota", s.regions.regency as u64),
                ("Kecamatan", s.regions.district as u64),
                ("Desa/Kelurahan", s.regions.village as u64),
                ("Pekerja terdaftar", s.registry.workers),
                ("Periode kepesertaan", s.registry.enrolments),
                ("Pekerja aktif hari ini", s.registry.active),
                ("Impor", s.registry.imports),
            ],
            "API JSON tersedia di",
            "<a href=\"/status?lang=en\" hreflang=\"en\">English</a> · <a href=\"/\">Dasbor cakupan</a>",
        ),
        Lang::En => (
            "Paritrana — server status",
            [
                ("Provinces", s.regions.province as u64),
                ("Kab/kota", s.regions.regency as u64),
                ("Kecamatan", s.regions.district as u64),
                ("Desa/kelurahan", s.regions.village as u64),
                ("Registered workers", s.registry.workers),
                ("Coverage periods", s.registry.enrolments),
                ("Workers active today", s.registry.active),
                ("Imports", s.registry.imports),
            ],
            "The JSON API is at",
            "<a href=\"/status?lang=id\" hreflang=\"id\">Bahasa Indonesia</a> · <a href=\"/?lang=en\">Coverage dashboard</a>",
        ),
    };
    let lang_attr = if lang == Lang::Id { "id" } else { "en" };
    let mut body = String::new();
    if let Some(f) = &s.storage.fault {
        let text = if lang == Lang::Id {
            &f.message
        } else {
            &f.message_en
        };
        body.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            if lang == Lang::Id {
                "Penyimpanan"
            } else {
                "Storage"
            },
            crate::map::escape(text)
        ));
    }
    for (label, n) in rows {
        body.push_str(&format!(
            "<tr><th scope=\"row\">{label}</th><td>{}</td></tr>",
            paritrana_core::lang::format_count(n, lang)
        ));
    }
    Ok(Html(format!(
        "<!doctype html><html lang=\"{lang_attr}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}\
table{{border-collapse:collapse;width:100%}}th,td{{padding:.4rem;border-bottom:1px solid #ccc;text-align:left}}\
td{{text-align:right;font-variant-numeric:tabular-nums}}</style></head><body>\
<h1>{title}</h1><p>{switch}</p><table>{body}</table>\
<p>{api_note} <a href=\"/api/v1/status\">/api/v1/status</a> ({} · {}).</p></body></html>",
        s.backend, s.registry.on
    )))
}
