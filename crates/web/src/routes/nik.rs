//! `/api/v1/nik/{nik}`: validate a NIK. Returns only what the NIK itself encodes, in the same
//! shape as `paritrana nik check --format json`.

use crate::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use paritrana_app::nik_report::NikReport;
use paritrana_core::nik;

pub async fn check(
    State(state): State<AppState>,
    Path(input): Path<String>,
    Query(q): Query<crate::routes::status::LangQuery>,
    headers: HeaderMap,
) -> Json<NikReport> {
    let lang = crate::lang::pick(q.lang.as_deref(), &headers);
    let c = nik::check(&input, &state.tree, state.today());
    Json(NikReport::new(&c, &state.tree, lang))
}
