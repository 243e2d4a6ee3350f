//! `GET /api/v1/coverage`: coverage, growth, monthly series and rankings, with the parameters of
//! `paritrana coverage` (region, level, date, by, from, to, series, rank).

use crate::AppState;
use crate::coverage::{CoverageAnswer, CoverageParams, answer};
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Params {
    #[serde(flatten)]
    coverage: CoverageParams,
    lang: Option<String>,
}

pub async fn get(
    State(state): State<AppState>,
    Query(p): Query<Params>,
    headers: HeaderMap,
) -> Result<Json<CoverageAnswer>, ApiError> {
    let lang = crate::lang::pick(p.lang.as_deref(), &headers);
    let request = p
        .coverage
        .parse(&state.tree, state.today())
        .map_err(|e| ApiError::BadRequest { id: e.id, en: e.en })?;
    let out = tokio::task::spawn_blocking(move || {
        let targets = state.targets()?;
        answer(
            state.store.as_ref(),
            &state.tree,
            targets.as_ref(),
            &request,
            lang,
        )
    })
    .await??;
    Ok(Json(out))
}
