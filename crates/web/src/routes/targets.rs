//! `/api/v1/targets?region=CODE&year=Y[&segment=BPU]`: the resolved UCJ target of a region (default
//! the nation) and of its children (provinces, or kab/kota), for a year (default this year).
//! Resolution follows `paritrana_core::target`; this handler only extracts and renders.

use crate::AppState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use chrono::Datelike;
use paritrana_core::Lang;
use paritrana_core::codes::Segment;
use paritrana_core::lang::Localized;
use paritrana_core::region::RegionCode;
use paritrana_core::target::{RegionTarget, find_target_region};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct TargetQuery {
    region: Option<String>,
    year: Option<i32>,
    segment: Option<String>,
}

/// The region and its children, each with `target` (`null`: no target, never 0).
#[derive(Serialize)]
pub struct TargetsAnswer<'t> {
    /// The requested year; each target says the target year it used.
    year: i32,
    segment: Option<Segment>,
    region: RegionTarget<'t>,
    children: Vec<RegionTarget<'t>>,
}

pub async fn show(
    State(state): State<AppState>,
    Query(q): Query<TargetQuery>,
) -> Result<axum::response::Response, ApiError> {
    let region = match q.region.as_deref().map(str::trim) {
        None | Some("") => RegionCode::NATION,
        Some(text) => find_target_region(text, &state.tree).map_err(|p| ApiError::BadRequest {
            id: format!("wilayah `{text}`: {}", p.message(Lang::Id)),
            en: format!("region `{text}`: {}", p.message(Lang::En)),
        })?,
    };
    let segment = match q.segment.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(Segment::parse(s).ok_or_else(|| ApiError::BadRequest {
            id: format!("segmen `{s}` tidak dikenal (PU, BPU, JAKON, PMI)"),
            en: format!("unknown segment `{s}` (PU, BPU, JAKON, PMI)"),
        })?),
    };
    let year = q.year.unwrap_or_else(|| state.today().year());
    let cache = state.clone();
    let book = tokio::task::spawn_blocking(move || cache.targets()).await??;
    let mut rows = book
        .resolve_with_children(&state.tree, region, year, segment)
        .ok_or_else(|| ApiError::NotFound {
            id: format!("wilayah {region} tidak ada"),
            en: format!("region {region} does not exist"),
        })?
        .into_iter();
    let Some(own) = rows.next() else {
        return Err(ApiError::Internal("empty target listing".into()));
    };
    Ok(Json(TargetsAnswer {
        year,
        segment,
        region: own,
        children: rows.collect(),
    })
    .into_response())
}
