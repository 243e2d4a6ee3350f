//! `/api/v1/audit`: the audit trail for administrators, as JSON or (`format=csv`) CSV.

use crate::AppState;
use crate::audit_view::{AuditFilters, FilterError, to_csv};
use crate::auth::Caller;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use paritrana_core::Lang;
use paritrana_core::auth::Action;
use paritrana_core::lang::Localized;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Format {
    format: Option<String>,
}

fn bad(e: FilterError) -> ApiError {
    match e {
        FilterError::Store(s) => s.into(),
        other => ApiError::BadRequest {
            id: other.message(Lang::Id),
            en: other.message(Lang::En),
        },
    }
}

pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Query(filters): Query<AuditFilters>,
    Query(format): Query<Format>,
) -> Result<Response, ApiError> {
    caller.require(Action::ViewAudit)?;
    let store = state.store.clone();
    let entries = tokio::task::spawn_blocking(move || {
        let q = filters.query(&*store, 1000)?;
        store.audit_search(&q).map_err(FilterError::Store)
    })
    .await?
    .map_err(bad)?;
    if format.format.as_deref() == Some("csv") {
        let body = to_csv(&entries).map_err(|e| ApiError::Internal(e.to_string()))?;
        return Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response());
    }
    Ok(Json(entries).into_response())
}
