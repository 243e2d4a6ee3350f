//! `/api/v1/imports`: uploading a participant list (the body is the file), and reading the
//! import log. An import is limited to the account's scope: rows of workers living elsewhere are
//! refused with their reason; the log entries of other regions' imports answer 404.

use crate::AppState;
use crate::auth::Caller;
use crate::auth::caller::WriteCaller;
use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Scope};
use paritrana_core::lang::Localized;
use paritrana_core::region::RegionCode;
use paritrana_store::ImportLogEntry;
use serde::Deserialize;
use serde_json::{Value, json};
use std::io::Write;

/// The largest file accepted (a kab/kota list of a few hundred thousand rows fits).
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

#[derive(Deserialize)]
pub struct UploadQuery {
    file_name: Option<String>,
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    dry_run: bool,
    /// The kab/kota whose village names the file uses.
    regency: Option<String>,
}

/// The name to record: the last path component only, no control characters, at most 120
/// characters. The upload itself is written under a random name, never this one.
pub fn clean_file_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    match clean.trim() {
        "" | "." | ".." => "unggahan.csv".into(),
        c => c.to_string(),
    }
}

fn scope_root(scope: Scope) -> RegionCode {
    scope.region().unwrap_or(RegionCode::NATION)
}

pub async fn upload_participants(
    State(state): State<AppState>,
    WriteCaller(caller): WriteCaller,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let scope = caller.scope().unwrap_or(Scope::National);
    caller.require(Action::ImportWorkers(scope_root(scope)))?;
    let file_name = clean_file_name(q.file_name.as_deref().unwrap_or("unggahan.csv"));
    let extension = std::path::Path::new(&file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .filter(|e| ["csv", "txt", "xlsx", "xls", "ods"].contains(&e.as_str()))
        .ok_or_else(|| ApiError::BadRequest {
            id: format!("berkas (\"{file_name}\"): jenis berkas harus CSV, XLSX, XLS atau ODS"),
            en: format!("file (\"{file_name}\"): the file must be CSV, XLSX, XLS or ODS"),
        })?;
    let regency = match q.regency.as_deref().filter(|r| !r.trim().is_empty()) {
        None => None,
        Some(r) => Some(state.tree.resolve(r).map_err(|e| ApiError::BadRequest {
            id: e.message(Lang::Id),
            en: e.message(Lang::En),
        })?),
    };
    let opts = paritrana_import::Options {
        strict: q.strict,
        dry_run: q.dry_run,
        regency,
        today: state.today(),
        actor: caller.actor(),
        scope,
    };
    let store = state.store.clone();
    let tree = state.tree.clone();
    let (summary, issues) = tokio::task::spawn_blocking(move || {
        let dir = tempfile::Builder::new()
            .prefix("paritrana-unggahan-")
            .tempdir()
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        // The import log keeps the user's file name; the disk sees only ours.
        let path = dir.path().join(&file_name);
        let mut f = std::fs::File::create(dir.path().join(format!("berkas.{extension}")))
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        f.write_all(&body)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        drop(f);
        std::fs::rename(dir.path().join(format!("berkas.{extension}")), &path)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        paritrana_import::import_participants(&*store, &tree, &path, &opts, &|_, _| {}).map_err(
            |e| ApiError::BadRequest {
                id: e.message(Lang::Id),
                en: e.message(Lang::En),
            },
        )
    })
    .await??;
    let status = if summary.committed {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(json!({ "summary": summary, "issues": issues })),
    ))
}

/// May the caller read this log entry? Hidden (404) when not.
fn visible(caller: &Caller, entry: &ImportLogEntry) -> bool {
    caller.may(Action::ViewImport(scope_root(entry.scope)))
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ImportLogEntry>>, ApiError> {
    let scope = caller.scope().unwrap_or(Scope::National);
    caller.require(Action::ViewImport(scope_root(scope)))?;
    let store = state.store.clone();
    let all = tokio::task::spawn_blocking(move || store.imports(500)).await??;
    Ok(Json(
        all.into_iter().filter(|e| visible(&caller, e)).collect(),
    ))
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<ImportLogEntry>, ApiError> {
    let store = state.store.clone();
    let entry = tokio::task::spawn_blocking(move || store.import(id)).await??;
    match entry {
        Some(e) if visible(&caller, &e) => Ok(Json(e)),
        Some(_) => {
            caller.require(Action::ViewImport(RegionCode::NATION))?;
            Err(ApiError::not_found())
        }
        None => Err(ApiError::not_found()),
    }
}
