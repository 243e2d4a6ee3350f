//! `GET /api/v1/coverage`: coverage, growth, monthly series and rankings, with the parameters of
//! `paritrana coverage` (region, level, date, by, from, to, series, rank). JSON by default;
//! `format=csv|xlsx|pdf` downloads the same answer as a file (see [`crate::coverage_table`]).

use crate::AppState;
use crate::coverage::{CoverageParams, answer};
use crate::coverage_table::coverage_table;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use paritrana_core::Lang;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Params {
    #[serde(flatten)]
    coverage: CoverageParams,
    lang: Option<String>,
    /// `json` (default), or a download: `csv`, `xlsx`, `pdf`.
    format: Option<String>,
}

/// What the answer is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
    Xlsx,
    Pdf,
}

impl Format {
    fn parse(s: Option<&str>) -> Result<Format, ApiError> {
        Ok(match s.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
            None | Some("" | "json") => Format::Json,
            Some("csv") => Format::Csv,
            Some("xlsx") => Format::Xlsx,
            Some("pdf") => Format::Pdf,
            Some(other) => {
                return Err(ApiError::BadRequest {
                    id: format!("format `{other}` tidak dikenal (json, csv, xlsx, pdf)"),
                    en: format!("unknown format `{other}` (json, csv, xlsx, pdf)"),
                });
            }
        })
    }

    /// Content type and file name of a download.
    fn download(self) -> (&'static str, &'static str) {
        match self {
            Format::Json => ("application/json", "cakupan.json"),
            Format::Csv => ("text/csv; charset=utf-8", "cakupan.csv"),
            Format::Xlsx => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "cakupan.xlsx",
            ),
            Format::Pdf => ("application/pdf", "cakupan.pdf"),
        }
    }
}

pub async fn get(
    State(state): State<AppState>,
    Query(p): Query<Params>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = crate::lang::pick(p.lang.as_deref(), &headers);
    let format = Format::parse(p.format.as_deref())?;
    let request = p
        .coverage
        .parse(&state.tree, state.today())
        .map_err(|e| ApiError::BadRequest { id: e.id, en: e.en })?;
    let out = tokio::task::spawn_blocking(move || {
        let targets = state.targets()?;
        answer(
            state.store.as_ref(),
            &state.tree,
            targets.as_ref(),
            &request,
            lang,
        )
    })
    .await??;
    if format == Format::Json {
        return Ok(Json(out).into_response());
    }
    // Laying out a PDF or zipping a workbook takes milliseconds: off the async threads.
    let bytes = tokio::task::spawn_blocking(move || {
        let internal = |e: &dyn std::fmt::Display| ApiError::Internal(e.to_string());
        match format {
            // As from the CLI: scripts read CSV, its headers stay English.
            Format::Csv => coverage_table(&out, Lang::En)
                .to_csv()
                .map_err(|e| internal(&e)),
            Format::Pdf => coverage_table(&out, lang)
                .to_pdf()
                .map_err(|e| internal(&e)),
            Format::Xlsx => coverage_table(&out, lang)
                .to_xlsx()
                .map_err(|e| internal(&e)),
            Format::Json => serde_json::to_vec(&out).map_err(|e| internal(&e)),
        }
    })
    .await??;
    let (content_type, name) = format.download();
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
