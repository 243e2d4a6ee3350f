//! `/api/v1/me` and `/api/v1/users`: the signed-in account, and account management for
//! administrators (the same rules as the admin pages, through `auth::accounts`).

use crate::AppState;
use crate::auth::Caller;
use crate::auth::accounts::{self, AccountInput, AccountProblem, ChangeInput};
use crate::auth::caller::WriteCaller;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Denied};
use paritrana_core::lang::Localized;
use paritrana_store::accounts::UserRecord;
use serde::Serialize;
use serde_json::{Value, json};

#[derive(Serialize)]
pub struct Me {
    username: String,
    role: paritrana_core::auth::Role,
    scope: paritrana_core::auth::Scope,
    read_only: bool,
    via: &'static str,
    /// The CSRF token to send as `X-CSRF-Token` on writes made with the session cookie.
    #[serde(skip_serializing_if = "Option::is_none")]
    csrf_token: Option<String>,
}

pub async fn me(caller: Caller) -> Result<Json<Me>, ApiError> {
    let Some(a) = caller.account() else {
        return Err(Denied::SignInRequired.into());
    };
    Ok(Json(Me {
        username: a.username.clone(),
        role: a.role,
        scope: a.scope,
        read_only: a.read_only,
        via: if caller.via_token { "token" } else { "session" },
        csrf_token: caller.session.as_ref().map(|s| s.csrf_token.clone()),
    }))
}

fn problem(p: AccountProblem) -> ApiError {
    match p {
        AccountProblem::Taken(_) => ApiError::Conflict {
            id: p.message(Lang::Id),
            en: p.message(Lang::En),
        },
        AccountProblem::Password(cause) => ApiError::Internal(cause),
        AccountProblem::Store(e) => e.into(),
        AccountProblem::Field(_) => ApiError::BadRequest {
            id: p.message(Lang::Id),
            en: p.message(Lang::En),
        },
    }
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<UserRecord>>, ApiError> {
    caller.require(Action::ManageUsers)?;
    let store = state.store.clone();
    Ok(Json(
        tokio::task::spawn_blocking(move || store.users()).await??,
    ))
}

/// Creates an account. Unknown JSON fields are refused (no smuggled `must_change_password`,
/// `id` or hash).
pub async fn create(
    State(state): State<AppState>,
    WriteCaller(caller): WriteCaller,
    body: Result<Json<AccountInput>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.require(Action::ManageUsers)?;
    let Json(input) = body.map_err(|e| ApiError::BadRequest {
        id: format!("isi permintaan tidak dapat dibaca: {e}"),
        en: format!("the request body cannot be read: {e}"),
    })?;
    let store = state.store.clone();
    let tree = state.tree.clone();
    let actor = caller.actor();
    let (user, temporary) =
        tokio::task::spawn_blocking(move || accounts::create(&*store, &tree, &input, &actor))
            .await?
            .map_err(problem)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "user": user, "temporary_password": temporary })),
    ))
}

pub async fn update(
    State(state): State<AppState>,
    WriteCaller(caller): WriteCaller,
    Path(id): Path<i64>,
    body: Result<Json<ChangeInput>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<UserRecord>, ApiError> {
    caller.require(Action::ManageUsers)?;
    let Json(input) = body.map_err(|e| ApiError::BadRequest {
        id: format!("isi permintaan tidak dapat dibaca: {e}"),
        en: format!("the request body cannot be read: {e}"),
    })?;
    let store = state.store.clone();
    let tree = state.tree.clone();
    let actor = caller.actor();
    let self_id = caller.account().map(|a| a.id);
    let exists = {
        let store = store.clone();
        tokio::task::spawn_blocking(move || store.user_by_id(id)).await??
    };
    if exists.is_none() {
        return Err(ApiError::not_found());
    }
    Ok(Json(
        tokio::task::spawn_blocking(move || {
            accounts::change(&*store, &tree, id, &input, self_id, &actor)
        })
        .await?
        .map_err(problem)?,
    ))
}
