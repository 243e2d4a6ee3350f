//! `/anggaran`: the budget planning page. A plain server-rendered form (no script, no external
//! asset) with an editable table of cohorts; "Tambah baris" adds a row by submitting the form
//! again. The answer shows the totals per month, over the plan, per programme and per funding
//! source, and links to `/anggaran.xlsx` and `/anggaran.pdf` with the same query for the plan's
//! workbook and PDF.
//! Bahasa Indonesia by default, English with `?lang=en`; usable on a 360-px screen.

use super::budget::{cost_input, refused};
use crate::AppState;
use crate::error::ApiError;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use paritrana_core::Lang;
use paritrana_core::contribution::plan_file::PlanValue;
use paritrana_core::contribution::{CohortInput, PlanField, PlanInput, PlanInputError};
use std::collections::HashMap;
use std::fmt::Write as _;

mod html;
use html::{esc, page, render_cost, render_error, render_form};

/// At most this many rows on the page.
const MAX_ROWS: usize = 50;

/// The fields of a row in the form, with their form names (`count0`, `segment0`, …).
const FORM_FIELDS: [PlanField; 8] = [
    PlanField::Label,
    PlanField::Count,
    PlanField::Segment,
    PlanField::Income,
    PlanField::RiskClass,
    PlanField::Programmes,
    PlanField::Months,
    PlanField::Funding,
];

/// The form as submitted: the date and the rows' values.
struct Form {
    date: String,
    rows: Vec<[String; FORM_FIELDS.len()]>,
    /// Whether anything was submitted (a first visit shows an example row).
    submitted: bool,
}

impl Form {
    fn read(q: &HashMap<String, String>, today: chrono::NaiveDate) -> Form {
        let submitted = q.keys().any(|k| k != "lang");
        let highest = q
            .keys()
            .filter_map(|k| {
                let digits = k.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '_');
                digits.parse::<usize>().ok()
            })
            .max()
            .map_or(0, |i| i + 1);
        let asked = q
            .get("rows")
            .and_then(|r| r.parse::<usize>().ok())
            .unwrap_or(0);
        let n = asked.max(highest).clamp(1, MAX_ROWS);
        let mut rows: Vec<[String; FORM_FIELDS.len()]> = (0..n)
            .map(|i| {
                FORM_FIELDS.map(|f| {
                    q.get(&format!("{}{i}", f.key()))
                        .map(|v| v.trim().to_string())
                        .unwrap_or_default()
                })
            })
            .collect();
        if !submitted {
            rows = vec![
                [
                    "Pekerja rentan desa".into(),
                    "100".into(),
                    "BPU".into(),
                    "1.000.000".into(),
                    String::new(),
                    "JKK,JKM".into(),
                    "12".into(),
                    "DANA_DESA".into(),
                ],
                Default::default(),
                Default::default(),
            ];
        }
        Form {
            date: q
                .get("date")
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| today.to_string()),
            rows,
            submitted,
        }
    }

    fn plan(&self) -> PlanInput {
        let cohorts = self
            .rows
            .iter()
            .map(|r| {
                let v = |i: usize| (!r[i].is_empty()).then(|| PlanValue::Text(r[i].clone()));
                CohortInput {
                    label: v(0),
                    count: v(1),
                    segment: v(2),
                    income: v(3),
                    risk_class: v(4),
                    programmes: v(5),
                    months: v(6),
                    funding: v(7),
                    start: None,
                }
            })
            .collect();
        PlanInput {
            date: Some(self.date.clone()),
            cohorts,
        }
    }

    /// The query string that reproduces this form (for the XLSX link).
    fn query(&self, lang: Lang) -> String {
        let mut q = format!(
            "lang={}&date={}&rows={}",
            if lang == Lang::Id { "id" } else { "en" },
            encode(&self.date),
            self.rows.len()
        );
        for (i, row) in self.rows.iter().enumerate() {
            for (f, v) in FORM_FIELDS.iter().zip(row) {
                if !v.is_empty() {
                    let _ = write!(q, "&{}{i}={}", f.key(), encode(v));
                }
            }
        }
        q
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

pub async fn show(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Html<String>, ApiError> {
    let lang = crate::lang::pick(q.get("lang").map(String::as_str), &headers);
    let form = Form::read(&q, state.today());
    let mut body = render_form(&form, lang);
    let plan = form.plan();
    match cost_input(&plan, state.today()) {
        Ok(Ok(cost)) => body.push_str(&render_cost(&cost, &form, lang)),
        Ok(Err(PlanInputError::Empty)) if !form.submitted => {}
        Ok(Err(e)) => body.push_str(&render_error(&e, lang)),
        Err(ApiError::BadRequest { id, en }) => {
            let msg = if lang == Lang::Id { id } else { en };
            let _ = write!(body, "<p class=\"err\" role=\"alert\">{}</p>", esc(&msg));
        }
        Err(e) => return Err(e),
    }
    Ok(Html(page(lang, &body)))
}

/// The plan of the page's query as a download.
async fn download(
    state: AppState,
    q: HashMap<String, String>,
    headers: HeaderMap,
    pdf: bool,
) -> Result<Response, ApiError> {
    let lang = crate::lang::pick(q.get("lang").map(String::as_str), &headers);
    let form = Form::read(&q, state.today());
    let cost = match cost_input(&form.plan(), state.today())? {
        Ok(cost) => cost,
        Err(e) => return Ok(refused(&e)),
    };
    let (bytes, content_type, name) = if pdf {
        (
            paritrana_sheets::plan_pdf_bytes(&cost, lang)
                .map_err(|e| ApiError::Internal(e.to_string()))?,
            "application/pdf",
            "attachment; filename=\"rencana_anggaran.pdf\"",
        )
    } else {
        (
            paritrana_sheets::plan_xlsx_bytes(&cost, lang)
                .map_err(|e| ApiError::Internal(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "attachment; filename=\"rencana_anggaran.xlsx\"",
        )
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, name),
        ],
        bytes,
    )
        .into_response())
}

pub async fn xlsx(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    download(state, q, headers, false).await
}

pub async fn pdf(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    download(state, q, headers, true).await
}
