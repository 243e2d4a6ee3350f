//! The one error type of the HTTP layer: it turns into a JSON body with a message in the
//! request's language and the right status code. Internal details are logged, not shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answered to an HTTP client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 with messages in both languages.
    #[error("{en}")]
    BadRequest { id: String, en: String },
    /// 404 with messages in both languages.
    #[error("{en}")]
    NotFound { id: String, en: String },
    /// 500; the cause is logged.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<paritrana_store::StoreError> for ApiError {
    fn from(e: paritrana_store::StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, id, en) = match self {
            ApiError::BadRequest { id, en } => (StatusCode::BAD_REQUEST, id, en),
            ApiError::NotFound { id, en } => (StatusCode::NOT_FOUND, id, en),
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "terjadi kesalahan pada server".to_string(),
                    "internal server error".to_string(),
                )
            }
        };
        (
            status,
            Json(json!({ "error": { "message": id, "message_en": en } })),
        )
            .into_response()
    }
}
