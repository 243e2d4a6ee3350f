//! One module per area; `router` lists every route in one place.

mod coverage;
pub mod nik;
mod regions;
pub(crate) mod status;
mod targets;
mod workers;

use crate::AppState;
use axum::Router;
use axum::routing::get;

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
}
