//! `/api/v1/nik/{nik}`: validate a NIK. Returns only what the NIK itself encodes.

use crate::AppState;
use axum::Json;
use axum::extract::{Path, State};
use paritrana_core::nik::{self, NikCheck};

pub async fn check(State(state): State<AppState>, Path(input): Path<String>) -> Json<NikCheck> {
    Json(nik::check(&input, &state.tree, state.today()))
}
