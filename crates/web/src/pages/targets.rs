//! `/target`: UCJ targets (the denominator of coverage) by region and year — a region and its
//! provinces or kab/kota, resolved by `paritrana_core::target`'s rules — for everyone, and for
//! accounts that may manage targets, the upload of a target file through the same
//! preview → commit flow as participant lists ([`super::import_upload`]).

use super::import::{HistoryRow, WaitingRow, history, notice_of, waiting};
use super::import_upload::accept;
use super::{PageCtx, PageError, render};
use crate::AppState;
use crate::auth::Caller;
use crate::import_flow::{ImportKind, MAX_UPLOAD_BYTES, scope_root};
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Scope};
use paritrana_core::lang::{Localized, format_count};
use paritrana_core::region::{Level, RegionCode};
use paritrana_core::target::find_target_region;
use std::collections::HashMap;

/// One region's line of the table.
pub struct TargetRow {
    pub code: String,
    pub name: String,
    /// The region asked for (first line), as opposed to its children.
    pub own: bool,
    pub workers: Option<String>,
    pub year: String,
    pub source: String,
    pub estimate: bool,
    pub rolled_up: bool,
}

#[derive(Template)]
#[template(path = "target.html")]
struct TargetsPage {
    page: PageCtx,
    notice: Option<String>,
    error: Option<String>,
    /// The filters as typed.
    region_text: String,
    year_text: String,
    year: i32,
    region_name: String,
    rows: Vec<TargetRow>,
    can_upload: bool,
    waiting: Vec<WaitingRow>,
    history: Vec<HistoryRow>,
    max_bytes: u64,
}

/// The region an account looks at first: its scope when that can hold a target.
fn default_region(caller: &Caller) -> RegionCode {
    match caller.scope().and_then(Scope::region) {
        Some(r) if matches!(r.level(), Level::Province | Level::Regency) => r,
        Some(r) => r.ancestor(Level::Regency).unwrap_or(RegionCode::NATION),
        None => RegionCode::NATION,
    }
}

/// The page with its form, a message, and the status to answer with.
pub async fn form_page(
    state: &AppState,
    caller: &Caller,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    show(state, caller, &HashMap::new(), error, status).await
}

async fn show(
    state: &AppState,
    caller: &Caller,
    q: &HashMap<String, String>,
    mut error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let lang = caller.lang;
    let region_text = q.get("wilayah").map_or("", |v| v.trim()).to_string();
    let year_text = q.get("tahun").map_or("", |v| v.trim()).to_string();
    let region = if region_text.is_empty() {
        default_region(caller)
    } else {
        match find_target_region(&region_text, &state.tree) {
            Ok(r) => r,
            Err(p) => {
                error.get_or_insert_with(|| match lang {
                    Lang::Id => format!("Wilayah \"{region_text}\": {}", p.message(lang)),
                    Lang::En => format!("Region \"{region_text}\": {}", p.message(lang)),
                });
                default_region(caller)
            }
        }
    };
    let this_year = state.today().year();
    let year = if year_text.is_empty() {
        this_year
    } else {
        match year_text.parse::<i32>() {
            Ok(y) if (2000..=this_year + 1).contains(&y) => y,
            _ => {
                error.get_or_insert_with(|| match lang {
                    Lang::Id => format!(
                        "Tahun \"{year_text}\": tulis tahun antara 2000 dan {}",
                        this_year + 1
                    ),
                    Lang::En => format!(
                        "Year \"{year_text}\": write a year between 2000 and {}",
                        this_year + 1
                    ),
                });
                this_year
            }
        }
    };
    let cache = state.clone();
    let book = tokio::task::spawn_blocking(move || cache.targets()).await??;
    let listed = book
        .resolve_with_children(&state.tree, region, year, None)
        .unwrap_or_default();
    let rows: Vec<TargetRow> = listed
        .iter()
        .enumerate()
        .map(|(i, rt)| TargetRow {
            code: rt.region.code.to_string(),
            name: rt.region.name.clone(),
            own: i == 0,
            workers: rt.target.as_ref().map(|t| format_count(t.workers, lang)),
            year: rt
                .target
                .as_ref()
                .map_or(String::new(), |t| t.year.to_string()),
            source: rt
                .target
                .as_ref()
                .map_or(String::new(), |t| t.source.clone()),
            estimate: rt.target.as_ref().is_some_and(|t| t.estimate),
            rolled_up: rt.target.as_ref().is_some_and(|t| t.rolled_up),
        })
        .collect();
    let region_name = rows.first().map_or(String::new(), |r| r.name.clone());
    let can_upload = caller
        .scope()
        .is_some_and(|s| caller.may(Action::ManageTargets(scope_root(s))));
    let (waiting, history) = if can_upload {
        (
            waiting(state, caller, ImportKind::Targets).await,
            history(state, caller, Some(ImportKind::Targets)).await,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let page = TargetsPage {
        page: PageCtx::new(caller, "/target", "Target UCJ", "UCJ targets"),
        notice: notice_of(q, lang),
        error,
        region_text,
        year_text,
        year,
        region_name,
        rows,
        can_upload,
        waiting,
        history,
        max_bytes: MAX_UPLOAD_BYTES,
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /target?wilayah=64&tahun=2025`.
pub async fn page(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    show(&state, &caller, &q, None, StatusCode::OK).await
}

/// `POST /target` (multipart): a target file to check.
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    accept(state, caller, ImportKind::Targets, headers, form).await
}
