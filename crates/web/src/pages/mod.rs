//! Server-rendered pages (askama templates in `crates/web/templates/`, compiled into the binary).
//! Each page file extracts the [`Caller`], asks for its action, calls the store, and renders.
//! This module holds what every page shares: the page context, errors as HTML, and the
//! CSRF-checked form extractor.

pub mod account;
pub mod audit;
pub mod award_admin;
pub mod award_assess;
pub mod award_decide;
pub mod award_entrant;
pub mod award_piagam;
pub mod award_piagam_admin;
pub mod award_public;
pub mod coverage_parts;
pub mod dashboard;
pub mod figures;
pub mod import;
pub mod import_preview;
pub mod import_upload;
pub mod login;
pub mod region;
pub mod region_transfers;
pub mod setup;
pub mod targets;
pub mod transfers;
pub mod users;
pub mod worker_page;
pub mod workers;

use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use askama::Template;
use axum::extract::{Form, FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Denied};
use std::collections::HashMap;

/// What the layout needs on every page.
pub struct PageCtx {
    pub lang: Lang,
    pub title: String,
    /// The signed-in user's name.
    pub user: Option<String>,
    pub is_admin: bool,
    /// May import participant lists (the `Impor` link).
    pub may_import: bool,
    /// May import targets (the `Target` link).
    pub may_targets: bool,
    /// The session's CSRF token for forms ('' for the public).
    pub csrf: String,
    /// The same page in the other language.
    pub switch_href: String,
    /// The account's award page (secretariat, assessment or entries), if any.
    pub award_href: Option<&'static str>,
}

impl PageCtx {
    pub fn new(caller: &Caller, path: &str, id: &str, en: &str) -> PageCtx {
        let other = match caller.lang {
            Lang::Id => "en",
            Lang::En => "id",
        };
        PageCtx {
            lang: caller.lang,
            title: pick(caller.lang, id, en).to_string(),
            user: caller.account().map(|a| a.username.clone()),
            is_admin: caller.may(Action::ManageUsers),
            may_import: caller.scope().is_some_and(|s| {
                caller.may(Action::ImportWorkers(crate::import_flow::scope_root(s)))
            }),
            may_targets: caller.scope().is_some_and(|s| {
                caller.may(Action::ManageTargets(crate::import_flow::scope_root(s)))
            }),
            csrf: caller
                .session
                .as_ref()
                .map(|s| s.csrf_token.clone())
                .unwrap_or_default(),
            switch_href: format!("{path}?lang={other}"),
            award_href: match caller.account().map(|a| a.role) {
                Some(paritrana_core::auth::Role::Admin) => Some("/admin/penghargaan"),
                Some(paritrana_core::auth::Role::Assessor) => Some("/penilaian"),
                Some(
                    paritrana_core::auth::Role::PemdaOperator
                    | paritrana_core::auth::Role::BusinessOperator,
                ) => Some("/penghargaan/peserta"),
                _ => None,
            },
        }
    }

    /// The text in the page's language.
    pub fn t<'a>(&self, id: &'a str, en: &'a str) -> &'a str {
        pick(self.lang, id, en)
    }

    pub fn lang_code(&self) -> &'static str {
        match self.lang {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn other_lang_code(&self) -> &'static str {
        match self.lang {
            Lang::Id => "en",
            Lang::En => "id",
        }
    }
}

pub fn pick<'a>(lang: Lang, id: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// A page that cannot be shown.
pub enum PageError {
    /// Access refused; signing in is offered when it may help.
    Denied(Denied, Box<Caller>, String),
    Api(ApiError),
}

impl PageError {
    pub fn denied(d: Denied, caller: &Caller, path: &str) -> PageError {
        PageError::Denied(d, Box::new(caller.clone()), path.to_string())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: PageCtx,
    message: String,
}

fn error_page(caller: &Caller, status: StatusCode, id: &str, en: &str, msg: String) -> Response {
    let page = ErrorPage {
        page: PageCtx::new(caller, "/", id, en),
        message: msg,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => status.into_response(),
    }
}

/// Percent-encodes a value for a query string (a path for `lanjut`, a filter of the audit page).
pub fn encode(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Denied(Denied::SignInRequired, _, path) => {
                Redirect::to(&format!("/masuk?lanjut={}", encode(&path))).into_response()
            }
            PageError::Denied(Denied::Forbidden, caller, _) => {
                let msg = pick(
                    caller.lang,
                    "Akun Anda tidak berwenang membuka halaman ini.",
                    "Your account may not open this page.",
                )
                .to_string();
                error_page(
                    &caller,
                    StatusCode::FORBIDDEN,
                    "Akses ditolak",
                    "Access denied",
                    msg,
                )
            }
            PageError::Denied(Denied::Hidden, caller, _) => {
                let msg =
                    pick(caller.lang, "Halaman tidak ditemukan.", "Page not found.").to_string();
                error_page(
                    &caller,
                    StatusCode::NOT_FOUND,
                    "Tidak ditemukan",
                    "Not found",
                    msg,
                )
            }
            PageError::Api(e) => e.into_response(),
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> PageError {
        PageError::Api(ApiError::Internal(e.to_string()))
    }
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        PageError::Api(e)
    }
}

impl From<paritrana_store::StoreError> for PageError {
    fn from(e: paritrana_store::StoreError) -> PageError {
        PageError::Api(e.into())
    }
}

impl From<tokio::task::JoinError> for PageError {
    fn from(e: tokio::task::JoinError) -> PageError {
        PageError::Api(e.into())
    }
}

/// Renders a template as an HTML response.
pub fn render(t: &impl Template) -> Result<Response, PageError> {
    Ok(Html(t.render()?).into_response())
}

/// A submitted form whose CSRF token (`csrf` field) matched the caller's session: every
/// state-changing form of the product is read through this extractor.
pub struct SignedForm {
    pub caller: Caller,
    pub fields: HashMap<String, String>,
}

impl SignedForm {
    /// A field, trimmed ('' when absent).
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }

    /// A field, or `None` when absent or blank.
    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name).to_string()).filter(|v| !v.is_empty())
    }
}

impl FromRequest<AppState> for SignedForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<SignedForm, Response> {
        let (mut parts, body) = req.into_parts();
        let caller = <Caller as axum::extract::FromRequestParts<AppState>>::from_request_parts(
            &mut parts, state,
        )
        .await
        .map_err(IntoResponse::into_response)?;
        let req = Request::from_parts(parts, body);
        let Form(fields): Form<HashMap<String, String>> = Form::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        crate::auth::csrf::verify(&caller, fields.get("csrf").map(String::as_str))
            .map_err(IntoResponse::into_response)?;
        Ok(SignedForm { caller, fields })
    }
}
