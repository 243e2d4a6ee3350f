//! The upload → preview → commit flow of both import pages (`/impor` for participant lists,
//! `/target` for targets), written once:
//!
//! 1. `POST /impor` or `POST /target` (multipart): the file is kept under a random id and a
//!    dry run starts as a job. A plain form post waits for it and is sent on to the preview; a
//!    script (`Accept: application/json`) gets the job to poll at once.
//! 2. `GET /impor/pratinjau/{id}`: counts, ignored columns, problems page by page, downloads,
//!    and the Commit and Cancel forms.
//! 3. `POST /impor/pratinjau/{id}/simpan`: imports exactly the previewed file (its SHA-256 is
//!    checked) as a job, then the import's page. `…/batal` deletes the file.
//!
//! Only the uploading account sees a preview; refusals name the file, row, column and value.

use super::{PageCtx, PageError, SignedForm, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::import_flow::jobs::{Job, JobState};
use crate::import_flow::previews::{PreviewError, PreviewMeta};
use crate::import_flow::upload::{self, Received};
use crate::import_flow::{
    self, Counts, ImportKind, Run, Settings, scope_root, unix_now, with_user_name,
};
use askama::Template;
use axum::Json;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use paritrana_core::Lang;
use paritrana_core::auth::{Denied, Scope};
use paritrana_core::lang::format_count;
use paritrana_import::Severity;
use serde::Deserialize;
use serde_json::json;

/// Problems shown per page of the preview.
const PROBLEMS_PER_PAGE: u64 = 50;

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

fn failed(status: u16, id: String, en: String) -> JobState {
    JobState::Failed {
        status,
        message: id,
        message_en: en,
    }
}

fn failed_from(e: &ApiError) -> JobState {
    failed(e.status().as_u16(), e.text(Lang::Id), e.text(Lang::En))
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
    let (job, handle) = state.imports.jobs.start(owner, kind, move |job| {
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

/// The dry run of a kept upload; a file-level refusal deletes it.
fn dry_run(
    state: &AppState,
    mut meta: PreviewMeta,
    actor: paritrana_store::Actor,
    scope: Scope,
    job: &Job,
) -> JobState {
    let previews = &state.imports.previews;
    let path = previews.file(&meta);
    let outcome = with_user_name(&path, &meta.file_name, |named| {
        let run = Run {
            kind: meta.kind,
            path: named,
            settings: &meta.settings,
            dry_run: true,
            actor,
            scope,
            today: state.today(),
        };
        import_flow::run(&*state.store, &state.tree, &run, &|phase, n| {
            job.progress(phase, n)
        })
    });
    let (summary, issues) = match outcome {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => {
            previews.delete(&meta.id);
            return failed_from(&import_flow::refused(&meta.file_name, &e));
        }
        Err(e) => {
            previews.delete(&meta.id);
            return failed_from(&ApiError::Internal(e.to_string()));
        }
    };
    match previews.save_result(&mut meta, summary.counts(), &issues) {
        Ok(()) => JobState::Done {
            next: format!("/impor/pratinjau/{}", meta.id),
        },
        Err(e) => {
            previews.delete(&meta.id);
            failed_from(&ApiError::Internal(e.to_string()))
        }
    }
}

/// The commit of a claimed preview: the same file (checked by its SHA-256), the same
/// settings, stored; the preview is deleted whatever happens.
fn commit_run(
    state: &AppState,
    meta: PreviewMeta,
    actor: paritrana_store::Actor,
    scope: Scope,
    job: &Job,
) -> JobState {
    let previews = &state.imports.previews;
    let path = previews.file(&meta);
    let end = match paritrana_import::file_sha256(&path) {
        Ok(sha) if sha == meta.sha256 => commit_checked(state, &meta, &path, actor, scope, job),
        _ => failed(
            409,
            format!(
                "Berkas \"{}\" berubah sejak pratinjau; tidak ada yang disimpan. Unggah ulang.",
                meta.file_name
            ),
            format!(
                "File \"{}\" changed since the preview; nothing was stored. Upload it again.",
                meta.file_name
            ),
        ),
    };
    previews.delete(&meta.id);
    end
}

fn commit_checked(
    state: &AppState,
    meta: &PreviewMeta,
    path: &std::path::Path,
    actor: paritrana_store::Actor,
    scope: Scope,
    job: &Job,
) -> JobState {
    let outcome = with_user_name(path, &meta.file_name, |named| {
        let run = Run {
            kind: meta.kind,
            path: named,
            settings: &meta.settings,
            dry_run: false,
            actor,
            scope,
            today: state.today(),
        };
        import_flow::run(&*state.store, &state.tree, &run, &|phase, n| {
            job.progress(phase, n)
        })
    });
    let (summary, issues) = match outcome {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => return failed_from(&import_flow::refused(&meta.file_name, &e)),
        Err(e) => return failed_from(&ApiError::Internal(e.to_string())),
    };
    let counts = summary.counts();
    match counts.import_id.filter(|_| counts.committed) {
        Some(id) => {
            if let Err(e) = state.imports.reports.keep(id, &issues, unix_now()) {
                tracing::warn!(import = id, error = %e, "import report not kept");
            }
            JobState::Done {
                next: format!("/impor/{id}?baru=1"),
            }
        }
        None => failed(
            400,
            format!(
                "Tidak ada yang disimpan: mode ketat aktif dan {} baris ditolak.",
                counts.rejected
            ),
            format!(
                "Nothing was stored: strict mode is on and {} rows were rejected.",
                counts.rejected
            ),
        ),
    }
}

/// A preview of the caller's, or the page's refusal.
async fn preview_of(state: &AppState, caller: &Caller, id: &str) -> Result<PreviewMeta, PageError> {
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

/// One problem on screen.
pub struct ProblemRow {
    pub line: u64,
    pub column: String,
    pub value: String,
    pub reason: String,
    pub warning: bool,
}

#[derive(Template)]
#[template(path = "impor_pratinjau.html")]
struct PreviewPage {
    page: PageCtx,
    meta: PreviewMeta,
    kind_label: &'static str,
    targets: bool,
    size: String,
    minutes_left: i64,
    counts: Option<Counts>,
    /// The counts as (label, value) for the summary table.
    lines: Vec<(&'static str, String)>,
    blocked: Option<String>,
    problems: Vec<ProblemRow>,
    page_no: u64,
    pages: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
    report_href: String,
}

#[derive(Deserialize)]
pub struct PreviewQuery {
    hal: Option<u64>,
}

/// `GET /impor/pratinjau/{id}`.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<PreviewQuery>,
) -> Result<Response, PageError> {
    let meta = preview_of(&state, &caller, &id).await?;
    let lang = caller.lang;
    let pages = meta.problems.div_ceil(PROBLEMS_PER_PAGE).max(1);
    let page_no = q.hal.unwrap_or(1).clamp(1, pages);
    let flow = state.imports.clone();
    let m = meta.clone();
    let issues = tokio::task::spawn_blocking(move || {
        flow.previews
            .problems(&m, (page_no - 1) * PROBLEMS_PER_PAGE, PROBLEMS_PER_PAGE)
    })
    .await?
    .map_err(|e| PageError::Api(ApiError::Internal(e.to_string())))?;
    let problems = issues
        .into_iter()
        .map(|i| ProblemRow {
            line: i.line,
            warning: i.severity == Severity::Warning,
            reason: match lang {
                Lang::Id => i.reason_id,
                Lang::En => i.reason_en,
            },
            column: i.column,
            value: i.value,
        })
        .collect();
    let targets = meta.kind == ImportKind::Targets;
    let counts = meta.result.clone();
    let n = |v: u64| format_count(v, lang);
    let lines = counts
        .as_ref()
        .map(|c| {
            let mut l = vec![
                (pick(lang, "Baris dibaca", "Rows read"), n(c.read)),
                (
                    pick(lang, "Akan diimpor (baru)", "To import (new)"),
                    n(c.new),
                ),
                if targets {
                    (
                        pick(lang, "Akan mengganti target lama", "To replace"),
                        n(c.updated),
                    )
                } else {
                    (pick(lang, "Akan diperbarui", "To update"), n(c.updated))
                },
                (pick(lang, "Tidak berubah", "Unchanged"), n(c.unchanged)),
                (pick(lang, "Ditolak", "Rejected"), n(c.rejected)),
            ];
            if !targets {
                l.push((
                    pick(lang, "Disimpan dengan peringatan", "Stored with a warning"),
                    n(c.warnings),
                ));
            }
            l
        })
        .unwrap_or_default();
    let blocked = counts
        .as_ref()
        .filter(|c| meta.settings.strict && c.rejected > 0)
        .map(|_| {
            pick(
                lang,
                "Mode ketat: ada baris yang ditolak, jadi berkas ini tidak dapat disimpan. \
                 Perbaiki baris-baris di bawah lalu unggah ulang.",
                "Strict mode: some rows are rejected, so this file cannot be stored. Fix the \
                 rows below and upload it again.",
            )
            .to_string()
        });
    let href = |p: u64| format!("/impor/pratinjau/{}?hal={p}", meta.id);
    let path = format!("/impor/pratinjau/{}", meta.id);
    render(&PreviewPage {
        page: PageCtx::new(&caller, &path, "Pratinjau impor", "Import preview"),
        kind_label: meta.kind.label(lang),
        targets,
        size: format_bytes(meta.size),
        minutes_left: ((meta.expires_at - unix_now()) / 60).max(0),
        lines,
        blocked,
        problems,
        page_no,
        pages,
        prev_href: (page_no > 1).then(|| href(page_no - 1)),
        next_href: (page_no < pages).then(|| href(page_no + 1)),
        report_href: format!("/api/v1/imports/previews/{}/report", meta.id),
        counts,
        meta,
    })
}

/// `1,2 MiB`-style sizes.
pub fn format_bytes(n: u64) -> String {
    match n {
        n if n >= 1024 * 1024 => format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0)),
        n if n >= 1024 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
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
    let (job, handle) = state.imports.jobs.start(owner, kind, move |job| {
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
