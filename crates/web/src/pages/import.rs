//! `/impor`: the participant import page for Pemda operators — the upload form (which leads to
//! the preview of [`super::import_preview`]), the template downloads, and the history of the
//! account's imports; `/impor/{id}`: one import's summary with its problem report.

use super::import_upload::accept;
use super::{PageCtx, PageError, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::import_flow::{ImportKind, MAX_UPLOAD_BYTES, scope_root, unix_now};
use crate::routes::imports::{visible_import, visible_imports};
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Scope};
use paritrana_core::lang::format_count;
use paritrana_core::region::Level;
use paritrana_store::ImportLogEntry;
use std::collections::HashMap;

/// Imports listed on the page.
const HISTORY_ROWS: usize = 50;

/// One line of the import history.
pub struct HistoryRow {
    pub id: i64,
    pub when: String,
    pub kind: &'static str,
    pub file_name: String,
    pub actor: String,
    pub read: String,
    pub new: String,
    pub updated: String,
    pub rejected: String,
}

/// `2026-11-23T10:15:00.000Z` → `2026-11-23 10:15`.
pub fn short_time(t: &str) -> String {
    t.get(..16).unwrap_or(t).replace('T', " ")
}

pub fn history_row(e: &ImportLogEntry, lang: Lang) -> HistoryRow {
    let n = |v: u64| format_count(v, lang);
    HistoryRow {
        id: e.id,
        when: short_time(&e.started_at),
        kind: ImportKind::of_log(&e.kind).map_or("?", |k| k.label(lang)),
        file_name: e.file_name.clone(),
        actor: e.actor.clone(),
        read: n(e.rows_read),
        new: n(e.imported),
        updated: n(e.updated),
        rejected: n(e.rejected),
    }
}

/// The caller's visible imports of `kind` (all kinds with `None`), newest first.
pub async fn history(
    state: &AppState,
    caller: &Caller,
    kind: Option<ImportKind>,
) -> Vec<HistoryRow> {
    let entries = visible_imports(state, caller).await.unwrap_or_default();
    entries
        .iter()
        .filter(|e| kind.is_none_or(|k| ImportKind::of_log(&e.kind) == Some(k)))
        .take(HISTORY_ROWS)
        .map(|e| history_row(e, caller.lang))
        .collect()
}

/// An upload of the account's waiting for Simpan or Batal.
pub struct WaitingRow {
    pub id: String,
    pub file_name: String,
    pub minutes_left: i64,
}

/// The caller's previews of `kind` still waiting for a decision.
pub async fn waiting(state: &AppState, caller: &Caller, kind: ImportKind) -> Vec<WaitingRow> {
    let Some(owner) = caller.account().map(|a| a.id) else {
        return Vec::new();
    };
    let flow = state.imports.clone();
    let now = unix_now();
    let found = tokio::task::spawn_blocking(move || flow.previews.waiting(owner, now))
        .await
        .unwrap_or_default();
    found
        .into_iter()
        .filter(|m| m.kind == kind)
        .map(|m| WaitingRow {
            minutes_left: ((m.expires_at - now) / 60).max(0),
            id: m.id,
            file_name: m.file_name,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "impor.html")]
struct ImportPage {
    page: PageCtx,
    notice: Option<String>,
    error: Option<String>,
    /// The kab/kota to choose from for village names; empty: a free text field.
    regencies: Vec<(String, String)>,
    waiting: Vec<WaitingRow>,
    history: Vec<HistoryRow>,
    max_bytes: u64,
}

/// The kab/kota an account may pick: its own, or those of its province; none to list for a
/// national account (it types a code or name).
fn regencies(state: &AppState, scope: Scope) -> Vec<(String, String)> {
    match scope.region() {
        Some(r) if r.level() == Level::Regency => state
            .tree
            .get(r)
            .map(|g| vec![(r.to_string(), g.name.clone())])
            .unwrap_or_default(),
        Some(r) if r.level() == Level::Province => state
            .tree
            .children(r)
            .map(|g| (g.code.to_string(), g.name.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The page with its form, a message, and the status to answer with.
pub async fn form_page(
    state: &AppState,
    caller: &Caller,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    show(state, caller, None, error, status).await
}

async fn show(
    state: &AppState,
    caller: &Caller,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let scope = caller.scope().unwrap_or(Scope::National);
    caller
        .require(Action::ImportWorkers(scope_root(scope)))
        .map_err(|d| PageError::denied(d, caller, "/impor"))?;
    let page = ImportPage {
        page: PageCtx::new(caller, "/impor", "Impor peserta", "Import participants"),
        notice,
        error,
        regencies: regencies(state, scope),
        waiting: waiting(state, caller, ImportKind::Participants).await,
        history: history(state, caller, None).await,
        max_bytes: MAX_UPLOAD_BYTES,
    };
    Ok((status, render(&page)?).into_response())
}

/// The notice a redirect back to a form page asks for.
pub fn notice_of(q: &HashMap<String, String>, lang: Lang) -> Option<String> {
    match q.get("pesan").map(String::as_str) {
        Some("batal") => Some(
            pick(
                lang,
                "Impor dibatalkan; berkasnya sudah dihapus dan tidak ada yang disimpan.",
                "Import cancelled; the file was deleted and nothing was stored.",
            )
            .into(),
        ),
        _ => None,
    }
}

/// `GET /impor`.
pub async fn page(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let notice = notice_of(&q, caller.lang);
    show(&state, &caller, notice, None, StatusCode::OK).await
}

/// `POST /impor` (multipart): a participant list to check.
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    accept(state, caller, ImportKind::Participants, headers, form).await
}

#[derive(Template)]
#[template(path = "impor_detail.html")]
struct DetailPage {
    page: PageCtx,
    entry: ImportLogEntry,
    kind_label: &'static str,
    back_href: &'static str,
    scope: String,
    started: String,
    counts: Vec<(&'static str, String)>,
    fresh: bool,
    report_href: Option<String>,
    /// The import committed but a crash lost its report (reports::ReportStore::lost).
    report_lost: bool,
}

/// `GET /impor/{id}`: an import log entry (the result page of a commit, `?baru=1`).
pub async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let path = format!("/impor/{id}");
    if caller.account().is_none() {
        return Err(PageError::denied(
            paritrana_core::auth::Denied::SignInRequired,
            &caller,
            &path,
        ));
    }
    let entry = visible_import(&state, &caller, id).await?;
    let lang = caller.lang;
    let kind = ImportKind::of_log(&entry.kind);
    let n = |v: u64| format_count(v, lang);
    let targets = kind == Some(ImportKind::Targets);
    let counts = vec![
        (pick(lang, "Baris dibaca", "Rows read"), n(entry.rows_read)),
        (pick(lang, "Baru", "New"), n(entry.imported)),
        if targets {
            (
                pick(lang, "Mengganti target lama", "Replaced"),
                n(entry.updated),
            )
        } else {
            (pick(lang, "Diperbarui", "Updated"), n(entry.updated))
        },
        (pick(lang, "Tidak berubah", "Unchanged"), n(entry.unchanged)),
        (pick(lang, "Ditolak", "Rejected"), n(entry.rejected)),
    ];
    let has_report = state.imports.reports.has(id);
    render(&DetailPage {
        page: PageCtx::new(&caller, &path, "Hasil impor", "Import result"),
        kind_label: kind.map_or("?", |k| k.label(lang)),
        back_href: kind.map_or("/impor", |k| k.page()),
        scope: super::account::scope_label(&state, entry.scope, lang),
        started: short_time(&entry.started_at),
        counts,
        fresh: q.contains_key("baru"),
        report_href: has_report.then(|| format!("/api/v1/imports/{id}/report")),
        report_lost: state.imports.reports.lost(id),
        entry,
    })
}

fn download(mime: &'static str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "public, max-age=3600".to_string()),
        ],
        body,
    )
        .into_response()
}

/// `GET /impor/templat.xlsx`: the template `paritrana template participants` writes.
pub async fn template_xlsx() -> Result<Response, PageError> {
    let bytes = tokio::task::spawn_blocking(paritrana_sheets::template_xlsx_bytes)
        .await?
        .map_err(|e| PageError::Api(crate::error::ApiError::Internal(e.to_string())))?;
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "templat-peserta.xlsx",
        bytes,
    ))
}

/// `GET /impor/templat.csv`: the template's header and example rows as CSV.
pub async fn template_csv() -> Response {
    download(
        "text/csv; charset=utf-8",
        "templat-peserta.csv",
        paritrana_sheets::template_csv_bytes(),
    )
}
