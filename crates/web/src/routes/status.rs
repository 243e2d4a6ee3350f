//! The status page (`/status`) and `/api/v1/status`: what the server holds.

use crate::AppState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Html;
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
    regions: RegionCounts,
    registry: paritrana_store::RegistryStats,
}

#[derive(Serialize)]
struct RegionCounts {
    province: usize,
    regency: usize,
    district: usize,
    village: usize,
}

async fn status(state: &AppState) -> Result<Status, ApiError> {
    let today = state.today();
    let store = state.store.clone();
    let registry = tokio::task::spawn_blocking(move || store.registry_stats(today)).await??;
    let t = &state.tree;
    Ok(Status {
        backend: state.store.backend(),
        regions: RegionCounts {
            province: t.count(Level::Province),
            regency: t.count(Level::Regency),
            district: t.count(Level::District),
            village: t.count(Level::Village),
        },
        registry,
    })
}

pub async fn health() -> &'static str {
    "ok"
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
