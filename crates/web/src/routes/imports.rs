//! `/api/v1/imports`: uploading a participant list or a target file (the body is the file),
//! reading the import log, polling an import job, paging through the problems of a past
//! import, and downloading the problem report of a past import or of a preview. Problem lists
//! are bounded: an upload answers the first [`paritrana_import::KEPT_IN_MEMORY`] problems and
//! the counts, the rest is paged or downloaded, and downloads are streamed from disk. An import is limited to the account's scope: rows of workers (or
//! targets) of other regions are refused with their reason; the log entries of other regions'
//! imports answer 404. The flow itself is shared with the pages in [`crate::import_flow`].

use crate::AppState;
use crate::auth::Caller;
use crate::auth::caller::WriteCaller;
use crate::error::ApiError;
use crate::import_flow::reports::{ReportFormat, download};
use crate::import_flow::{
    self, ImportKind, Run, Settings, clean_file_name, scope_root, upload_extension, wrong_type,
};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Scope};
use paritrana_core::region::RegionCode;
use paritrana_store::ImportLogEntry;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};

/// The largest file accepted, as the body-limit layer wants it.
pub const MAX_UPLOAD_BYTES: usize = import_flow::MAX_UPLOAD_BYTES as usize;

#[derive(Deserialize)]
pub struct UploadQuery {
    file_name: Option<String>,
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    dry_run: bool,
    /// Participants: the kab/kota whose village names the file uses.
    regency: Option<String>,
    /// Targets: the source of rows without a Sumber value.
    source: Option<String>,
    /// Targets: rows without an Estimasi value are estimates.
    #[serde(default)]
    estimate: bool,
}

pub async fn upload_participants(
    State(state): State<AppState>,
    WriteCaller(caller): WriteCaller,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    upload(state, caller, ImportKind::Participants, q, body).await
}

pub async fn upload_targets(
    State(state): State<AppState>,
    WriteCaller(caller): WriteCaller,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    upload(state, caller, ImportKind::Targets, q, body).await
}

/// Both uploads: check the right, write the body under the user's name in a private folder,
/// run the pipeline, keep the report of a committed import.
async fn upload(
    state: AppState,
    caller: Caller,
    kind: ImportKind,
    q: UploadQuery,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let scope = caller.scope().unwrap_or(Scope::National);
    caller.require(kind.action(scope_root(scope)))?;
    let file_name = clean_file_name(q.file_name.as_deref().unwrap_or("unggahan.csv"));
    if upload_extension(&file_name).is_none() {
        return Err(wrong_type(&file_name));
    }
    if body.is_empty() {
        return Err(ApiError::BadRequest {
            id: format!("berkas \"{file_name}\" kosong (0 bita)"),
            en: format!("file \"{file_name}\" is empty (0 bytes)"),
        });
    }
    let regency = match kind {
        ImportKind::Participants => {
            import_flow::parse_regency(&state.tree, q.regency.as_deref().unwrap_or(""))?
        }
        ImportKind::Targets => None,
    };
    let settings = Settings {
        strict: q.strict,
        regency: regency.map(|r| r.to_string()),
        source: q.source.filter(|s| !s.trim().is_empty()),
        estimate: q.estimate,
    };
    let actor = caller.actor();
    let today = state.today();
    let flow = state.imports.clone();
    let (summary, issues, problem_counts) = tokio::task::spawn_blocking(move || {
        // The body waits in the data directory under a random name (private, removed when
        // done, swept at start after a crash); the pipeline reads it under the user's name
        // through a private link, so the import log records that name.
        let io = |e: std::io::Error| ApiError::io("upload", &e);
        let mut temp = flow.previews.incoming().map_err(io)?;
        temp.write_all(&body)
            .and_then(|_| temp.flush())
            .map_err(io)?;
        let sha: String = Sha256::digest(&body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        // The problems are not known before the run: the pending report only marks the
        // import, so a crash after the commit leaves a report that says it was lost.
        let pending = match q.dry_run {
            true => None,
            false => Some(
                flow.reports
                    .prepare(&sha, kind, None, import_flow::unix_now())
                    .map_err(|e| match e {
                        import_flow::previews::PreviewError::Io(e) => io(e),
                        e => ApiError::Internal(e.to_string()),
                    })?,
            ),
        };
        let spill_dir = Some(flow.previews.dir().to_path_buf());
        let mut outcome = import_flow::with_user_name(temp.path(), &file_name, |named| {
            let run = Run {
                kind,
                path: named,
                settings: &settings,
                dry_run: q.dry_run,
                actor,
                scope,
                today,
                spill_dir,
            };
            import_flow::run(&*state.store, &state.tree, &run, &|_, _| {})
        });
        let committed = match &outcome {
            Ok(Ok((summary, _))) => summary
                .counts()
                .import_id
                .filter(|_| summary.counts().committed),
            _ => None,
        };
        match (pending, committed, &mut outcome) {
            (Some(p), Some(id), Ok(Ok((_, problems)))) => {
                flow.reports
                    .finish(p, id, problems, import_flow::unix_now())
            }
            (Some(p), _, _) => flow.reports.discard(p),
            (None, _, _) => {}
        }
        let (summary, mut problems) = outcome
            .map_err(io)?
            .map_err(|e| import_flow::refused(&file_name, &e))?;
        let first = problems
            .first(paritrana_import::KEPT_IN_MEMORY)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok::<_, ApiError>((summary, first, problems.counts()))
    })
    .await??;
    let counts = summary.counts();
    let status = if counts.committed {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut answer = json!({
        "summary": summary,
        "issues": issues,
        "issues_total": problem_counts.total,
        "issues_listed": problem_counts.listed,
        "issue_counts": problem_counts.by_reason,
    });
    if let Some(id) = counts.import_id.filter(|_| counts.committed) {
        answer["problems_href"] = json!(format!("/api/v1/imports/{id}/problems"));
    }
    if let Some(id) = summary.stop_reason(Lang::Id) {
        answer["notice"] = json!(id);
        answer["notice_en"] = json!(summary.stop_reason(Lang::En));
    }
    Ok((status, Json(answer)))
}

/// May the caller read this log entry? Hidden (404) when not.
fn visible(caller: &Caller, entry: &ImportLogEntry) -> bool {
    caller.may(Action::ViewImport(scope_root(entry.scope)))
}

/// The import log entries the caller may read, newest first (at most 500).
pub(crate) async fn visible_imports(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<ImportLogEntry>, ApiError> {
    let scope = caller.scope().unwrap_or(Scope::National);
    caller.require(Action::ViewImport(scope_root(scope)))?;
    let store = state.store.clone();
    let all = tokio::task::spawn_blocking(move || store.imports(500)).await??;
    Ok(all.into_iter().filter(|e| visible(caller, e)).collect())
}

/// The log entry `id` if the caller may read it; another region's answers 404 like a missing
/// one, and the public is asked to sign in.
pub(crate) async fn visible_import(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<ImportLogEntry, ApiError> {
    let store = state.store.clone();
    let entry = tokio::task::spawn_blocking(move || store.import(id)).await??;
    match entry {
        Some(e) if visible(caller, &e) => Ok(e),
        Some(_) => {
            caller.require(Action::ViewImport(RegionCode::NATION))?;
            Err(ApiError::not_found())
        }
        None => Err(ApiError::not_found()),
    }
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ImportLogEntry>>, ApiError> {
    Ok(Json(visible_imports(&state, &caller).await?))
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<ImportLogEntry>, ApiError> {
    Ok(Json(visible_import(&state, &caller, id).await?))
}

/// `GET /api/v1/imports/jobs/{id}`: the progress of an import job of the caller's.
pub async fn job(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let owner = caller
        .account()
        .map(|a| a.id)
        .ok_or_else(ApiError::unauthorized)?;
    let job = state
        .imports
        .jobs
        .get(&id, owner)
        .ok_or_else(ApiError::not_found)?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(job.report())).into_response())
}

#[derive(Deserialize)]
pub struct ReportQuery {
    format: Option<String>,
}

fn report_format(q: &ReportQuery) -> Result<ReportFormat, ApiError> {
    ReportFormat::parse(q.format.as_deref()).ok_or_else(|| ApiError::BadRequest {
        id: format!(
            "format \"{}\" tidak dikenal: pakai csv atau xlsx",
            q.format.as_deref().unwrap_or("")
        ),
        en: format!(
            "unknown format \"{}\": use csv or xlsx",
            q.format.as_deref().unwrap_or("")
        ),
    })
}

/// The report as an attachment, written to an unnamed file in the flow's folder and streamed
/// from there.
async fn attachment(
    state: &AppState,
    issues: impl IntoIterator<Item = paritrana_import::Issue> + Send + 'static,
    caller: &Caller,
    format: ReportFormat,
    stem: String,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let dir = state.imports.previews.dir().to_path_buf();
    let (mime, name, file) =
        tokio::task::spawn_blocking(move || download(issues, lang, format, &stem, &dir))
            .await?
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        file_body(file),
    )
        .into_response())
}

/// A file's bytes as a streamed body: a blocking thread reads 64 KiB at a time, at most a few
/// chunks ahead of the client.
fn file_body(mut file: std::fs::File) -> Body {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(4);
    tokio::task::spawn_blocking(move || {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if tx
                        .blocking_send(Ok(Bytes::copy_from_slice(&buf[..n])))
                        .is_err()
                    {
                        break;
                    }
                }
                Err(e) => {
                    let _ = tx.blocking_send(Err(e));
                    break;
                }
            }
        }
    });
    // `poll_fn` over the channel answers `None` again when polled after the end, as the gzip
    // layer does; `stream::unfold` panics there.
    Body::from_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)))
}

fn no_kept_report(id: i64) -> ApiError {
    ApiError::NotFound {
        id: format!(
            "impor #{id} tidak punya laporan tersimpan (impor lewat CLI menyimpan laporannya \
             di berkas --report; laporan impor web disimpan 90 hari)"
        ),
        en: format!(
            "import #{id} has no kept report (CLI imports write theirs to the --report file; \
             web imports keep theirs for 90 days)"
        ),
    }
}

/// `GET /api/v1/imports/{id}/report?format=csv|xlsx`: the problems of a past import made
/// through the web, for accounts that may read its log entry.
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let format = report_format(&q)?;
    visible_import(&state, &caller, id).await?;
    let flow = state.imports.clone();
    let (kept, lost) =
        tokio::task::spawn_blocking(move || (flow.reports.all(id), flow.reports.lost(id))).await?;
    if lost {
        return Err(ApiError::NotFound {
            id: format!(
                "laporan impor #{id} hilang: server berhenti tepat setelah impor disimpan, \
                 sebelum laporannya selesai ditulis. Data dan hitungan impor tetap utuh; \
                 unggah berkas yang sama dengan dry_run=true untuk melihat masalahnya lagi."
            ),
            en: format!(
                "the report of import #{id} was lost: the server stopped right after the \
                 import was stored, before its report was written. The data and the import's \
                 counts are intact; upload the same file with dry_run=true to see its problems \
                 again."
            ),
        });
    }
    let issues = kept
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .ok_or_else(|| no_kept_report(id))?;
    attachment(
        &state,
        issues,
        &caller,
        format,
        format!("laporan-impor-{id}"),
    )
    .await
}

/// The problems asked for per page, at most.
const MAX_PAGE: u64 = 1_000;

#[derive(Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    offset: u64,
    limit: Option<u64>,
}

/// `GET /api/v1/imports/{id}/problems?offset=&limit=`: a page of the problems of a past import
/// made through the web, in row order (at most 1,000 a page).
pub async fn problems(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    visible_import(&state, &caller, id).await?;
    let limit = q.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
    let offset = q.offset;
    let flow = state.imports.clone();
    let page = tokio::task::spawn_blocking(move || flow.reports.page(id, offset, limit))
        .await?
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .ok_or_else(|| no_kept_report(id))?;
    let next = (page.len() as u64 == limit).then(|| {
        format!(
            "/api/v1/imports/{id}/problems?offset={}&limit={limit}",
            offset + limit
        )
    });
    Ok((
        [(header::CACHE_CONTROL, "private, no-store")],
        Json(json!({
            "offset": offset,
            "limit": limit,
            "issues": page,
            "next": next,
        })),
    )
        .into_response())
}

/// `GET /api/v1/imports/previews/{id}/report?format=csv|xlsx`: the problems found by the dry
/// run of an upload waiting for its commit (the uploader's only).
pub async fn preview_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let format = report_format(&q)?;
    let owner = caller
        .account()
        .map(|a| a.id)
        .ok_or_else(ApiError::unauthorized)?;
    let flow = state.imports.clone();
    let issues = tokio::task::spawn_blocking(move || {
        let meta = flow
            .previews
            .get(&id, owner, import_flow::unix_now())
            .ok()?;
        crate::import_flow::previews::jsonl_issues(&flow.previews.problems_file(&meta)).ok()
    })
    .await?
    .ok_or_else(ApiError::not_found)?;
    attachment(&state, issues, &caller, format, "laporan-pratinjau".into()).await
}
