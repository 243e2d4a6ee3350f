//! The budget API: `GET /api/v1/budget/rates?date=`, `GET /api/v1/budget/worker?segment=&
//! income=&programmes=&risk_class=&date=` and `POST /api/v1/budget/plan` (a JSON plan in, its
//! cost out). The arithmetic is `paritrana_core::contribution`'s; the page is in
//! [`super::budget_page`].

use crate::AppState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::codes::{ProgrammeSet, Segment};
use paritrana_core::contribution::{
    Contribution, PlanCost, PlanInput, PlanInputError, RateRule, RateTable, RiskClass, cost_plan,
    read_plan_input,
};
use paritrana_core::lang::Localized;
use paritrana_core::worker::Rupiah;
use serde::{Deserialize, Serialize};

pub(crate) fn table() -> Result<&'static RateTable, ApiError> {
    RateTable::bundled().map_err(|e| ApiError::Internal(e.to_string()))
}

fn bad(id: String, en: String) -> ApiError {
    ApiError::BadRequest { id, en }
}

fn localized(e: &impl Localized) -> ApiError {
    bad(e.message(Lang::Id), e.message(Lang::En))
}

/// Reads `date` (YYYY-MM-DD), today when absent.
pub(crate) fn date_param(date: Option<&str>, today: NaiveDate) -> Result<NaiveDate, ApiError> {
    match date.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(today),
        Some(d) => crate::query_date::parse("date", d).map_err(|e| bad(e.id, e.en)),
    }
}

#[derive(Deserialize)]
pub struct RatesQuery {
    date: Option<String>,
    lang: Option<String>,
}

#[derive(Serialize)]
pub struct RuleView<'a> {
    #[serde(flatten)]
    rule: &'a RateRule,
    /// The rate or amount as people read it, in the request's language.
    display: String,
}

#[derive(Serialize)]
pub struct RatesAnswer<'a> {
    date: NaiveDate,
    rules: Vec<RuleView<'a>>,
}

pub async fn rates(
    State(state): State<AppState>,
    Query(q): Query<RatesQuery>,
    headers: HeaderMap,
) -> Result<Json<RatesAnswer<'static>>, ApiError> {
    let lang = crate::lang::pick(q.lang.as_deref(), &headers);
    let date = date_param(q.date.as_deref(), state.today())?;
    let rules = table()?.rules_on(date).map_err(|e| localized(&e))?;
    Ok(Json(RatesAnswer {
        date,
        rules: rules
            .into_iter()
            .map(|rule| RuleView {
                rule,
                display: rule.describe(lang),
            })
            .collect(),
    }))
}

#[derive(Deserialize)]
pub struct WorkerQuery {
    segment: Option<String>,
    #[serde(alias = "wage")]
    income: Option<String>,
    programmes: Option<String>,
    risk_class: Option<String>,
    date: Option<String>,
}

pub async fn worker(
    State(state): State<AppState>,
    Query(q): Query<WorkerQuery>,
) -> Result<Json<Contribution>, ApiError> {
    let date = date_param(q.date.as_deref(), state.today())?;
    let segment_text = q.segment.unwrap_or_default();
    let segment = Segment::parse(&segment_text).ok_or_else(|| {
        bad(
            format!("segmen `{segment_text}` tidak dikenal; gunakan PU, BPU, JAKON atau PMI"),
            format!("unknown segment `{segment_text}`; use PU, BPU, JAKON or PMI"),
        )
    })?;
    let programmes =
        ProgrammeSet::parse(q.programmes.as_deref().unwrap_or("JKK,JKM")).map_err(|e| {
            bad(
                format!(
                    "program `{}` tidak dikenal; gunakan JKK, JKM, JHT, JP, JKP",
                    e.0
                ),
                format!("unknown programme `{}`; use JKK, JKM, JHT, JP, JKP", e.0),
            )
        })?;
    let income = match q.income.as_deref() {
        None => Rupiah(0),
        Some(t) => paritrana_core::contribution::plan_file::read_amount(
            &paritrana_core::import::Cell::Text(t.to_string()),
        )
        .map_err(|p| localized(&p))?
        .unwrap_or(Rupiah(0)),
    };
    let risk_class = match q.risk_class.as_deref().filter(|t| !t.trim().is_empty()) {
        None => None,
        Some(t) => Some(RiskClass::parse(t).ok_or_else(|| {
            bad(
                "kelas risiko harus 1 (sangat rendah) sampai 5 (sangat tinggi)".into(),
                "the risk class must be 1 (very low) to 5 (very high)".into(),
            )
        })?),
    };
    let c = table()?
        .monthly(segment, income, risk_class, programmes, date)
        .map_err(|e| localized(&e))?;
    Ok(Json(c))
}

/// A refused plan: the message in both languages and every issue by row and column.
pub(crate) fn refused(e: &PlanInputError) -> Response {
    let body = serde_json::json!({
        "error": { "message": e.message(Lang::Id), "message_en": e.message(Lang::En) },
        "detail": e,
    });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// Reads and costs a plan (shared by the API and the page).
pub(crate) fn cost_input(
    input: &PlanInput,
    today: NaiveDate,
) -> Result<Result<PlanCost, PlanInputError>, ApiError> {
    let date = date_param(input.date.as_deref(), today)?;
    let table = table()?;
    let cohorts = match read_plan_input(&input.cohorts, table, date) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    // Every cohort was costed while it was read, so this cannot fail on eligibility.
    cost_plan(table, &cohorts, date)
        .map(Ok)
        .map_err(|errors| ApiError::Internal(format!("{:?}", errors[0].error)))
}

pub async fn plan(
    State(state): State<AppState>,
    payload: Result<Json<PlanInput>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(input) = payload.map_err(|e| {
        bad(
            format!("isi permintaan bukan rencana JSON yang sah: {e}"),
            format!("the request body is not a valid JSON plan: {e}"),
        )
    })?;
    Ok(match cost_input(&input, state.today())? {
        Ok(cost) => Json(cost).into_response(),
        Err(e) => refused(&e),
    })
}
