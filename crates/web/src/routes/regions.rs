//! `/api/v1/regions`: search by name and details by code.

use crate::AppState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, Query, State};
use paritrana_core::region::{Level, MatchQuality, RegionCode};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct SearchQuery {
    q: String,
    within: Option<String>,
    limit: Option<usize>,
}

#[derive(Serialize)]
pub struct Hit {
    code: String,
    name: String,
    level: Level,
    quality: MatchQuality,
}

fn parse_code(s: &str) -> Result<RegionCode, ApiError> {
    RegionCode::parse(s).map_err(|_| ApiError::BadRequest {
        id: format!("`{s}` bukan kode wilayah (contoh: 64.01 atau 6401)"),
        en: format!("`{s}` is not a region code (e.g. 64.01 or 6401)"),
    })
}

pub async fn search(
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Vec<Hit>>, ApiError> {
    let within = q.within.as_deref().map(parse_code).transpose()?;
    let limit = q.limit.unwrap_or(20).min(200);
    let hits = state
        .tree
        .find(&q.q, within, limit)
        .into_iter()
        .map(|(r, quality)| Hit {
            code: r.code.to_string(),
            name: r.name.clone(),
            level: r.level,
            quality,
        })
        .collect();
    Ok(Json(hits))
}

#[derive(Serialize)]
pub struct Detail {
    code: String,
    name: String,
    level: Level,
    parents: Vec<Brief>,
    children: Vec<Brief>,
}

#[derive(Serialize)]
pub struct Brief {
    code: String,
    name: String,
}

pub async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Detail>, ApiError> {
    let code = parse_code(&code)?;
    let t = &state.tree;
    let region = t.get(code).ok_or_else(|| ApiError::NotFound {
        id: format!("wilayah {code} tidak ada"),
        en: format!("region {code} does not exist"),
    })?;
    let brief = |r: &paritrana_core::region::Region| Brief {
        code: r.code.to_string(),
        name: r.name.clone(),
    };
    Ok(Json(Detail {
        code: region.code.to_string(),
        name: region.name.clone(),
        level: region.level,
        parents: t.ancestors(code).into_iter().map(brief).collect(),
        children: t.children(code).map(brief).collect(),
    }))
}
