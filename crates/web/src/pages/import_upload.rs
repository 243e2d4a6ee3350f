//! The posting side of the upload → preview → commit flow of both import pages (`/impor` for
//! participant lists, `/target` for targets), written once:
//!
//! 1. `POST /impor` or `POST /target` (multipart): the file is kept under a random id and a
//!    dry run starts as a job. A plain form post waits for it and is sent on to the preview; a
//!    script (`Accept: application/json`) gets the job to poll at once.
//! 2. `GET /impor/pratinjau/{id}` ([`super::import_preview`]): counts, ignored columns,
//!    problems page by page, downloads, and the Commit and Cancel forms.
//! 3. `POST /impor/pratinjau/{id}/simpan`: imports exactly the previewed file (its SHA-256 is
//!    checked) as a job, then the import's page. `…/batal` deletes the file.
//!
//! Only the uploading account sees a preview; refusals name the file, row, column and value.

use super::{PageError, SignedForm};
use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::import_flow::jobs::{Job, JobState, Purpose};
use crate::import_flow::previews::{PreviewError, PreviewMeta};
use crate::import_flow::upload::{self, Received};
use crate::import_flow::work::{commit_run, dry_run};
use crate::import_flow::{self, ImportKind, Settings, scope_root, unix_now};
use axum::Json;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use paritrana_core::auth::{Denied, Scope};
use serde_json::json;

/// Whether the request comes from the page's script, which wants a job to poll.
pub fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// The signed-in account's id, or the refusal (sign-in page or 401).
fn owner(caller: &Caller, path: &str) -> Result<i64, PageError> {
    caller
        .account()
        .map(|a| a.id)
        .ok_or_else(|| PageError::denied(Denied::SignInRequired, caller, path))
}

/// The caller's right to import `kind` in their scope.
fn require(caller: &Caller, kind: ImportKind) -> Result<Scope, Denied> {
    let scope = caller.scope().ok_or(Denied::SignInRequired)?;
    caller.require(kind.action(scope_root(scope)))?;
    Ok(scope)
}

/// A refusal answered to the page (its form again, with the message) or to the script (JSON).
async fn refuse(
    state: &AppState,
    caller: &Caller,
    kind: ImportKind,
    json: bool,
    e: ApiError,
) -> Response {
    if json {
        return e.into_response();
    }
    let status = e.status();
    let message = e.text(caller.lang);
    let page = match kind {
        ImportKind::Participants => {
            super::import::form_page(state, caller, Some(message), status).await
        }
        ImportKind::Targets => {
            super::targets::form_page(state, caller, Some(message), status).await
        }
    };
    page.unwrap_or_else(IntoResponse::into_response)
}

/// A started job: the script polls it; a plain form waits for its end.
async fn answer_job(
    state: &AppState,
    caller: &Caller,
    kind: ImportKind,
    json: bool,
    job: std::sync::Arc<Job>,
    handle: tokio::task::JoinHandle<JobState>,
) -> Response {
    if json {
        return (
            StatusCode::ACCEPTED,
            Json(json!({
                "job": job.id,
                "poll": format!("/api/v1/imports/jobs/{}", job.id),
            })),
        )
            .into_response();
    }
    match handle.await {
        Ok(JobState::Done { next }) => Redirect::to(&next).into_response(),
        Ok(JobState::Failed {
            status,
            message,
            message_en,
        }) => {
            let e = ApiError::BadRequest {
                id: message,
                en: message_en,
            };
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
            let mut r = refuse(state, caller, kind, false, e).await;
            *r.status_mut() = status;
            r
        }
        Ok(JobState::Running) | Err(_) => {
            ApiError::Internal("import job ended without an answer".into()).into_response()
        }
    }
}

/// `POST /impor` and `POST /target`: receive the file, keep it, start its dry run.
pub async fn accept(
    state: AppState,
    caller: Caller,
    kind: ImportKind,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let json = wants_json(&headers);
    let scope = match require(&caller, kind) {
        Ok(s) => s,
        Err(d) if json => return ApiError::from(d).into_response(),
        Err(d) => return PageError::denied(d, &caller, kind.page()).into_response(),
    };
    let Ok(owner) = owner(&caller, kind.page()) else {
        return ApiError::unauthorized().into_response();
    };
    let received = match form {
        Ok(form) => upload::receive(form, &state.imports.previews).await,
        Err(e) => Err(ApiError::BadRequest {
            id: format!("Formulir unggah harus dikirim sebagai multipart/form-data ({e})"),
            en: format!("The upload form must be sent as multipart/form-data ({e})"),
        }),
    };
    let received = match received {
        Ok(r) => r,
        Err(e) => return refuse(&state, &caller, kind, json, e).await,
    };
    let header_token = headers
        .get(crate::auth::csrf::HEADER)
        .and_then(|v| v.to_str().ok());
    let token = received
        .fields
        .get("csrf")
        .map(String::as_str)
        .or(header_token);
    if let Err(e) = crate::auth::csrf::verify(&caller, token) {
        return e.into_response();
    }
    let settings = match settings_of(&state, kind, &received) {
        Ok(s) => s,
        Err(e) => return refuse(&state, &caller, kind, json, e).await,
    };
    let Some(file) = received.file else {
        return refuse(&state, &caller, kind, json, upload::no_file()).await;
    };
    let meta = PreviewMeta {
        id: String::new(),
        owner,
        kind,
        file_name: file.file_name,
        extension: file.extension,
        size: file.size,
        sha256: file.sha256,
        created_at: 0,
        expires_at: 0,
        settings,
        result: None,
        problems: 0,
        problems_total: 0,
    };
    let flow = state.imports.clone();
    let temp = file.temp;
    let meta =
        match tokio::task::spawn_blocking(move || flow.previews.create(temp, meta, unix_now()))
            .await
        {
            Ok(Ok(m)) => m,
            Ok(Err(e)) => return ApiError::Internal(e.to_string()).into_response(),
            Err(e) => return ApiError::from(e).into_response(),
        };
    let run_state = state.clone();
    let actor = caller.actor();
    let (job, handle) = state
        .imports
        .jobs
        .start(owner, kind, Purpose::Preview, move |job| {
            dry_run(&run_state, meta, actor, scope, job)
        });
    answer_job(&state, &caller, kind, json, job, handle).await
}

/// The form's choices, checked.
fn settings_of(state: &AppState, kind: ImportKind, r: &Received) -> Result<Settings, ApiError> {
    let strict = !r.get("ketat").is_empty();
    Ok(match kind {
        ImportKind::Participants => Settings {
            strict,
            regency: import_flow::parse_regency(&state.tree, r.get("kabkota"))?
                .map(|c| c.to_string()),
            ..Settings::default()
        },
        ImportKind::Targets => {
            let source = r.get("sumber");
            if source.chars().count() > 300 {
                return Err(ApiError::BadRequest {
                    id: "Sumber: paling banyak 300 karakter".into(),
                    en: "Source: at most 300 characters".into(),
                });
            }
            Settings {
                strict,
                source: Some(source.to_string()).filter(|s| !s.is_empty()),
                estimate: !r.get("estimasi").is_empty(),
                ..Settings::default()
            }
        }
    })
}

/// A preview of the caller's, or the page's refusal.
pub(super) async fn preview_of(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<PreviewMeta, PageError> {
    let path = format!("/impor/pratinjau/{id}");
    let owner = owner(caller, &path)?;
    let flow = state.imports.clone();
    let id = id.to_string();
    match tokio::task::spawn_blocking(move || flow.previews.get(&id, owner, unix_now())).await? {
        Ok(m) => {
            require(caller, m.kind).map_err(|d| PageError::denied(d, caller, &path))?;
            Ok(m)
        }
        Err(PreviewError::NotFound) => Err(PageError::Api(ApiError::NotFound {
            id: "Pratinjau tidak ditemukan: sudah disimpan, dibatalkan, kedaluwarsa (1 jam), \
                 atau milik akun lain. Unggah berkasnya lagi."
                .into(),
            en: "Preview not found: it was committed, cancelled, expired (1 hour) or belongs to \
                 another account. Upload the file again."
                .into(),
        })),
        Err(e) => Err(PageError::Api(ApiError::Internal(e.to_string()))),
    }
}

/// `POST /impor/pratinjau/{id}/simpan`.
pub async fn commit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller;
    let json = wants_json(&headers);
    let meta = preview_of(&state, &caller, &id).await?;
    let scope =
        require(&caller, meta.kind).map_err(|d| PageError::denied(d, &caller, meta.kind.page()))?;
    let owner = owner(&caller, meta.kind.page())?;
    let kind = meta.kind;
    if meta.result.is_none() {
        return Ok(refuse(
            &state,
            &caller,
            kind,
            json,
            ApiError::Conflict {
                id: "Berkas ini masih diperiksa; tunggu pratinjaunya selesai.".into(),
                en: "This file is still being checked; wait for its preview.".into(),
            },
        )
        .await);
    }
    let claimed = state.imports.previews.claim(&meta);
    if let Err(e) = claimed {
        let e = match e {
            PreviewError::AlreadyClaimed => ApiError::Conflict {
                id: format!(
                    "Berkas \"{}\" sudah sedang disimpan; lihat riwayat impor.",
                    meta.file_name
                ),
                en: format!(
                    "File \"{}\" is already being stored; see the import history.",
                    meta.file_name
                ),
            },
            other => ApiError::Internal(other.to_string()),
        };
        return Ok(refuse(&state, &caller, kind, json, e).await);
    }
    let run_state = state.clone();
    let actor = caller.actor();
    let (job, handle) = state
        .imports
        .jobs
        .start(owner, kind, Purpose::Commit, move |job| {
            commit_run(&run_state, meta, actor, scope, job)
        });
    Ok(answer_job(&state, &caller, kind, json, job, handle).await)
}

/// `POST /impor/pratinjau/{id}/batal`: the file is deleted, nothing is stored.
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller;
    let meta = preview_of(&state, &caller, &id).await?;
    if state.imports.previews.is_claimed(&meta) {
        return Err(PageError::Api(ApiError::Conflict {
            id: "Berkas ini sedang disimpan dan tidak dapat dibatalkan lagi.".into(),
            en: "This file is being stored and can no longer be cancelled.".into(),
        }));
    }
    state.imports.previews.delete(&meta.id);
    Ok(Redirect::to(&format!("{}?pesan=batal", meta.kind.page())).into_response())
}
