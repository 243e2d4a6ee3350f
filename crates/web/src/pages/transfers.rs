//! `/pemindahan`: transfers of workers between regions for the signed-in caller's scope —
//! requests into it and out of it, the form to ask for a worker held elsewhere, and the
//! approve/refuse/cancel forms (CSRF-checked). The rules are those of the JSON API
//! ([`crate::routes::transfers`]), which this page calls.

use super::{PageCtx, PageError, SignedForm, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::import_flow::scope_root;
use crate::routes::transfers::{self as api, TransferView};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paritrana_core::auth::{Action, Denied};
use paritrana_core::transfer::Decision;

/// One transfer as the page lists it.
struct Row {
    t: TransferView,
    status: &'static str,
    /// "in" (into the caller's scope), "out", or "" (both sides are theirs).
    direction: &'static str,
}

#[derive(Default)]
struct RequestForm {
    nik: String,
    village: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "pemindahan.html")]
struct TransfersPage {
    page: PageCtx,
    rows: Vec<Row>,
    may_request: bool,
    form: RequestForm,
    message: Option<String>,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    caller: &Caller,
    form: RequestForm,
    message: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let filter =
        api::filter_for(caller, None).map_err(|d| PageError::denied(d, caller, "/pemindahan"))?;
    let (st, who) = (state.clone(), caller.clone());
    let views = tokio::task::spawn_blocking(move || api::list_for(&st, &who, &filter)).await??;
    let scope = filter.within;
    let lang = caller.lang;
    let rows = views
        .into_iter()
        .map(|t| {
            let (from_here, to_here) = (scope.contains(t.from), scope.contains(t.to));
            Row {
                status: t.status.label(lang),
                direction: match (from_here, to_here) {
                    (true, false) => pick(lang, "keluar", "out"),
                    (false, true) => pick(lang, "masuk", "in"),
                    _ => "",
                },
                t,
            }
        })
        .collect();
    let page = TransfersPage {
        page: PageCtx::new(
            caller,
            "/pemindahan",
            "Pemindahan pekerja",
            "Worker transfers",
        ),
        rows,
        may_request: caller.may(Action::RequestTransfer(scope_root(scope))),
        form,
        message,
        error,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show(State(state): State<AppState>, caller: Caller) -> Result<Response, PageError> {
    page(
        &state,
        &caller,
        RequestForm::default(),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

/// `POST /pemindahan`: asks for a worker held elsewhere.
pub async fn request(
    State(state): State<AppState>,
    form: SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let fields = RequestForm {
        nik: form.get("nik").to_string(),
        village: form.get("village").to_string(),
        reason: form.get("reason").to_string(),
    };
    let asked = match api::parse_request(
        &state,
        &caller,
        &fields.nik,
        &fields.village,
        &fields.reason,
    ) {
        Ok(new) => {
            let (st, who) = (state.clone(), caller.clone());
            tokio::task::spawn_blocking(move || api::request(&st, &who, &new)).await?
        }
        Err(e) => Err(e),
    };
    match asked {
        Ok(t) => {
            let msg = format!(
                "{} #{} ({} → {})",
                pick(
                    caller.lang,
                    "Permintaan pemindahan dikirim",
                    "Transfer requested"
                ),
                t.id,
                t.from_village,
                t.to_village
            );
            page(
                &state,
                &caller,
                RequestForm::default(),
                Some(msg),
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(e) if matches!(e.status(), StatusCode::BAD_REQUEST | StatusCode::CONFLICT) => {
            let (status, text) = (e.status(), e.text(caller.lang));
            page(&state, &caller, fields, None, Some(text), status).await
        }
        Err(e) => Err(page_error(e, &caller)),
    }
}

async fn decide(
    state: AppState,
    form: SignedForm,
    id: i64,
    decision: Decision,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let note = form.opt("note");
    let (st, who) = (state.clone(), caller.clone());
    let done =
        tokio::task::spawn_blocking(move || api::decide(&st, &who, id, decision, note.as_deref()))
            .await?;
    match done {
        Ok(t) => {
            let msg = format!(
                "{} #{}: {}",
                pick(caller.lang, "Pemindahan", "Transfer"),
                t.id,
                t.status.label(caller.lang)
            );
            let form = RequestForm::default();
            page(&state, &caller, form, Some(msg), None, StatusCode::OK).await
        }
        Err(e) if e.status() == StatusCode::CONFLICT => {
            let text = e.text(caller.lang);
            let form = RequestForm::default();
            page(
                &state,
                &caller,
                form,
                None,
                Some(text),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(page_error(e, &caller)),
    }
}

/// A refusal as the HTML error page (sign-in, 403, 404), anything else as is.
fn page_error(e: ApiError, caller: &Caller) -> PageError {
    let denied = match e.status() {
        StatusCode::UNAUTHORIZED => Denied::SignInRequired,
        StatusCode::FORBIDDEN => Denied::Forbidden,
        StatusCode::NOT_FOUND => Denied::Hidden,
        _ => return e.into(),
    };
    PageError::denied(denied, caller, "/pemindahan")
}

pub async fn approve(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    form: SignedForm,
) -> Result<Response, PageError> {
    decide(state, form, id, Decision::Approve).await
}

pub async fn refuse(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    form: SignedForm,
) -> Result<Response, PageError> {
    decide(state, form, id, Decision::Refuse).await
}

pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    form: SignedForm,
) -> Result<Response, PageError> {
    decide(state, form, id, Decision::Cancel).await
}
