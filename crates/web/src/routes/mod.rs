//! One module per area; `router` lists every route in one place.

mod budget;
mod budget_page;
mod coverage;
pub mod nik;
mod regions;
pub(crate) mod status;
mod targets;
mod workers;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(status::page))
        .route("/healthz", get(status::health))
        .route("/api/v1/status", get(status::api))
        .route("/api/v1/regions", get(regions::search))
        .route("/api/v1/regions/{code}", get(regions::show))
        .route("/api/v1/nik/{nik}", get(nik::check))
        .route("/api/v1/coverage", get(coverage::get))
        .route("/api/v1/workers/{nik}", get(workers::show))
        .route("/api/v1/targets", get(targets::show))
        .route("/api/v1/budget/rates", get(budget::rates))
        .route("/api/v1/budget/worker", get(budget::worker))
        .route("/api/v1/budget/plan", post(budget::plan))
        .route("/anggaran", get(budget_page::show))
        .route("/anggaran.xlsx", get(budget_page::xlsx))
        .route("/anggaran.pdf", get(budget_page::pdf))
}
