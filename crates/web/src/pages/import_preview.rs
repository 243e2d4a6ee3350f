//! `GET /impor/pratinjau/{id}`: the preview of an upload before its commit — what committing
//! would do (counts, header row, ignored columns), the problems 50 a page with the links to the
//! report downloads, and the Commit and Cancel forms of [`super::import_upload`]. Only the
//! uploading account sees it.

use super::import_upload::preview_of;
use super::{PageCtx, PageError, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::import_flow::previews::PreviewMeta;
use crate::import_flow::{Counts, ImportKind, unix_now};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use paritrana_core::Lang;
use paritrana_core::lang::format_count;
use paritrana_import::Severity;
use serde::Deserialize;

/// Problems shown per page of the preview.
const PROBLEMS_PER_PAGE: u64 = 50;

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
                    pick(
                        lang,
                        "Dengan peringatan (tetap disimpan)",
                        "With a warning (still stored)",
                    ),
                    n(c.warnings),
                ));
            }
            l
        })
        .unwrap_or_default();
    let stopped = counts.as_ref().and_then(|c| c.stop_reason(lang));
    let blocked = stopped.or_else(|| {
        counts
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
            })
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
