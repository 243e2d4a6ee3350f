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
    /// 401: sign in, or the credentials sent are not valid.
    #[error("{en}")]
    Unauthorized { id: String, en: String },
    /// 403 with messages in both languages.
    #[error("{en}")]
    Forbidden { id: String, en: String },
    /// 409: the request conflicts with what is stored (a taken user name).
    #[error("{en}")]
    Conflict { id: String, en: String },
    /// 413: the upload is larger than accepted.
    #[error("{en}")]
    TooLarge { id: String, en: String },
    /// 429: too many attempts; try again after this many seconds.
    #[error("too many attempts; try again in {0} s")]
    TooManyRequests(i64),
    /// 503: the server cannot save now (storage full or read-only), with the reason in both
    /// languages; nothing was changed.
    #[error("{en}")]
    Unavailable { id: String, en: String },
    /// 500; the cause is logged.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn unauthorized() -> ApiError {
        ApiError::Unauthorized {
            id: "silakan masuk terlebih dahulu, atau token API tidak berlaku".into(),
            en: "sign in first, or the API token is not valid".into(),
        }
    }

    pub fn forbidden() -> ApiError {
        ApiError::Forbidden {
            id: "akun Anda tidak berwenang untuk ini".into(),
            en: "your account is not allowed to do this".into(),
        }
    }

    pub fn forbidden_csrf() -> ApiError {
        ApiError::Forbidden {
            id: "permintaan ditolak: token keamanan formulir (CSRF) tidak cocok; muat ulang halaman lalu coba lagi".into(),
            en: "request refused: the form's security (CSRF) token does not match; reload the page and try again".into(),
        }
    }

    /// The message in `lang` (a generic one for internal errors, whose cause is logged).
    pub fn text(&self, lang: paritrana_core::Lang) -> String {
        use paritrana_core::Lang;
        match self {
            ApiError::BadRequest { id, en }
            | ApiError::NotFound { id, en }
            | ApiError::Unauthorized { id, en }
            | ApiError::Forbidden { id, en }
            | ApiError::Conflict { id, en }
            | ApiError::TooLarge { id, en }
            | ApiError::Unavailable { id, en } => match lang {
                Lang::Id => id.clone(),
                Lang::En => en.clone(),
            },
            ApiError::TooManyRequests(_) | ApiError::Internal(_) => match lang {
                Lang::Id => "terjadi kesalahan pada server; coba lagi".into(),
                Lang::En => "internal server error; try again".into(),
            },
        }
    }

    /// The HTTP status the error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// An I/O failure: the storage fault it is (disk full, read-only) answered with its
    /// reason, anything else an internal error naming `what` in the log.
    pub fn io(what: &str, e: &std::io::Error) -> ApiError {
        match paritrana_store::StorageFault::of_io(e) {
            Some(fault) => fault.into(),
            None => ApiError::Internal(format!("{what}: {e}")),
        }
    }

    pub fn not_found() -> ApiError {
        ApiError::NotFound {
            id: "tidak ditemukan".into(),
            en: "not found".into(),
        }
    }
}

impl From<paritrana_core::auth::Denied> for ApiError {
    fn from(d: paritrana_core::auth::Denied) -> Self {
        use paritrana_core::auth::Denied;
        match d {
            Denied::SignInRequired => ApiError::unauthorized(),
            Denied::Forbidden => ApiError::forbidden(),
            Denied::Hidden => ApiError::not_found(),
        }
    }
}

impl From<paritrana_store::StorageFault> for ApiError {
    fn from(fault: paritrana_store::StorageFault) -> Self {
        use paritrana_core::lang::Localized;
        tracing::error!(fault = fault.code(), "a write failed: storage fault");
        ApiError::Unavailable {
            id: fault.message(paritrana_core::Lang::Id),
            en: fault.message(paritrana_core::Lang::En),
        }
    }
}

/// The one table from a store error to an answer: what is not stored is 404, a change a rule of
/// the schema refused (another writer got there first) 409, a full or read-only disk 503 with
/// its reason, anything else 500 with the cause logged.
impl From<&paritrana_store::StoreError> for ApiError {
    fn from(e: &paritrana_store::StoreError) -> Self {
        use paritrana_store::StoreError;
        match e {
            StoreError::NotFound(what) => {
                tracing::debug!(%what, "not found in the store");
                ApiError::not_found()
            }
            StoreError::Conflict { constraint } => {
                tracing::warn!(%constraint, "a write conflicted with stored data");
                ApiError::Conflict {
                    id: "perubahan bertentangan dengan data yang tersimpan (mungkin baru saja \
                         diubah orang lain); muat ulang lalu coba lagi"
                        .into(),
                    en: "the change conflicts with what is stored (perhaps just changed by \
                         someone else); reload and try again"
                        .into(),
                }
            }
            _ => match e.storage_fault() {
                Some(fault) => fault.into(),
                None => ApiError::Internal(e.to_string()),
            },
        }
    }
}

impl From<paritrana_store::StoreError> for ApiError {
    fn from(e: paritrana_store::StoreError) -> Self {
        ApiError::from(&e)
    }
}

impl From<paritrana_app::award_figures::FigureError> for ApiError {
    fn from(e: paritrana_app::award_figures::FigureError) -> Self {
        use paritrana_app::award_figures::FigureError;
        match e {
            FigureError::Award(e) => crate::award_view::award_error(e),
            FigureError::Store(e) => e.into(),
            FigureError::Rates(message) => ApiError::Internal(message),
            FigureError::Entered { id, en } => ApiError::BadRequest { id, en },
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        // A panic's message may quote the data being handled: it stays out of the log.
        if e.is_panic() {
            return ApiError::Internal("a blocking task panicked".into());
        }
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, id, en) = match self {
            ApiError::BadRequest { id, en } => (StatusCode::BAD_REQUEST, id, en),
            ApiError::NotFound { id, en } => (StatusCode::NOT_FOUND, id, en),
            ApiError::Unauthorized { id, en } => (StatusCode::UNAUTHORIZED, id, en),
            ApiError::Forbidden { id, en } => (StatusCode::FORBIDDEN, id, en),
            ApiError::Conflict { id, en } => (StatusCode::CONFLICT, id, en),
            ApiError::TooLarge { id, en } => (StatusCode::PAYLOAD_TOO_LARGE, id, en),
            ApiError::Unavailable { id, en } => (StatusCode::SERVICE_UNAVAILABLE, id, en),
            ApiError::TooManyRequests(secs) => {
                let body = Json(json!({ "error": {
                    "message": format!("terlalu banyak percobaan masuk yang gagal; coba lagi dalam {} menit", (secs + 59) / 60),
                    "message_en": format!("too many failed sign-in attempts; try again in {} minutes", (secs + 59) / 60),
                }}));
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(axum::http::header::RETRY_AFTER, secs.to_string())],
                    body,
                )
                    .into_response();
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use paritrana_store::{StorageFault, StoreError};

    fn status(e: StoreError) -> StatusCode {
        ApiError::from(e).status()
    }

    #[test]
    fn store_errors_answer_with_their_status_from_one_table() {
        assert_eq!(
            status(StoreError::NotFound("account".into())),
            StatusCode::NOT_FOUND
        );
        let taken = StoreError::Conflict {
            constraint: "UNIQUE users.username".into(),
        };
        assert_eq!(status(taken), StatusCode::CONFLICT);
        let full = StoreError::Backend {
            message: "database or disk is full".into(),
            fault: Some(StorageFault::Full),
        };
        assert_eq!(status(full), StatusCode::SERVICE_UNAVAILABLE);
        let no_space = StoreError::io(
            std::path::Path::new("bukti/ab.pdf"),
            std::io::Error::from_raw_os_error(28),
        );
        assert_eq!(status(no_space), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            status(StoreError::backend("writer lock poisoned")),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            status(StoreError::Corrupt("stored role `x`".into())),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
