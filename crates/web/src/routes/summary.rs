//! `GET /api/v1/dashboard` and `GET /api/v1/regions/{code}/summary`: everything the dashboard
//! and a region page show, as JSON (the pages render the same [`crate::coverage_view`]
//! summaries). Published aggregates, open to everyone; answers are cached per store version and
//! day like the pages.

use crate::AppState;
use crate::coverage_view::sort::ChildSort;
use crate::coverage_view::{dashboard, region_summary};
use crate::error::ApiError;
use crate::page_cache::CachedBody;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::region::RegionCode;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct SummaryQuery {
    #[serde(alias = "tanggal")]
    date: Option<String>,
    #[serde(alias = "urut")]
    sort: Option<String>,
    #[serde(alias = "arah")]
    order: Option<String>,
    lang: Option<String>,
}

fn date(q: &SummaryQuery, today: NaiveDate) -> Result<NaiveDate, ApiError> {
    match q.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(today),
        Some(d) => crate::query_date::parse("date", d)
            .map_err(|e| ApiError::BadRequest { id: e.id, en: e.en }),
    }
}

/// Serves JSON from the cache, or builds it with `build`.
async fn cached_json<F>(
    state: &AppState,
    uri: &Uri,
    lang: Lang,
    headers: &HeaderMap,
    build: F,
) -> Result<Response, ApiError>
where
    F: FnOnce() -> Result<Vec<u8>, ApiError> + Send + 'static,
{
    let key = format!("api:{}", crate::pages::region::cache_key(uri, lang));
    let generation = state.current_generation().await?;
    let body = state
        .pages
        .serve(generation, key, || async {
            let body = tokio::task::spawn_blocking(build).await??;
            Ok::<_, ApiError>(CachedBody::new(StatusCode::OK, "application/json", body))
        })
        .await?;
    Ok(body.respond(headers))
}

fn json(v: &impl serde::Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(v).map_err(|e| ApiError::Internal(e.to_string()))
}

pub async fn dashboard_api(
    State(state): State<AppState>,
    Query(q): Query<SummaryQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = crate::lang::pick(q.lang.as_deref(), &headers);
    let on = date(&q, state.today())?;
    let st = state.clone();
    cached_json(&state, &uri, lang, &headers, move || {
        let targets = st.targets()?;
        json(&dashboard(
            st.store.as_ref(),
            &st.tree,
            targets.as_ref(),
            on,
            lang,
        )?)
    })
    .await
}

pub async fn region_api(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<SummaryQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = crate::lang::pick(q.lang.as_deref(), &headers);
    let code: RegionCode = crate::pages::region::lookup(&state.tree, &code).map_err(|p| {
        if RegionCode::parse(&code).is_ok() {
            ApiError::NotFound { id: p.id, en: p.en }
        } else {
            ApiError::BadRequest { id: p.id, en: p.en }
        }
    })?;
    let on = date(&q, state.today())?;
    let sort = ChildSort::parse(q.sort.as_deref(), q.order.as_deref())
        .map_err(|e| ApiError::BadRequest { id: e.id, en: e.en })?;
    let st = state.clone();
    cached_json(&state, &uri, lang, &headers, move || {
        let targets = st.targets()?;
        json(&region_summary(
            st.store.as_ref(),
            &st.tree,
            targets.as_ref(),
            code,
            on,
            sort,
            lang,
        )?)
    })
    .await
}
