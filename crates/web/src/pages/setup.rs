//! `/pasang`: creating the first administrator in the browser with the one-time code that
//! `serve` prints when no account exists. The code is single-use and dies with the process.

use super::{PageCtx, PageError, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::auth::accounts::{self, AccountInput};
use crate::auth::secret::same;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use paritrana_core::auth::Denied;
use paritrana_core::lang::Localized;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    page: PageCtx,
    code: String,
    username: String,
    full_name: String,
    error: Option<String>,
}

fn code_matches(state: &AppState, given: &str) -> bool {
    state
        .setup_code
        .lock()
        .ok()
        .and_then(|c| c.clone())
        .is_some_and(|c| same(&c, given))
}

pub async fn form(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let code = q.get("kode").cloned().unwrap_or_default();
    if !code_matches(&state, &code) {
        return Err(PageError::denied(Denied::Hidden, &caller, "/pasang"));
    }
    render(&SetupPage {
        page: PageCtx::new(&caller, "/pasang", "Pemasangan", "Setup"),
        code,
        username: String::new(),
        full_name: String::new(),
        error: None,
    })
}

pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let field = |k: &str| f.get(k).cloned().unwrap_or_default();
    let code = field("kode");
    if !code_matches(&state, &code) {
        return Err(PageError::denied(Denied::Hidden, &caller, "/pasang"));
    }
    let input = AccountInput {
        username: field("username"),
        full_name: field("full_name"),
        role: "admin".into(),
        scope: "nasional".into(),
        institution: None,
        company: None,
        password: Some(field("password")),
    };
    let store = state.store.clone();
    let tree = state.tree.clone();
    let actor = paritrana_store::Actor {
        name: "setup".into(),
        user_id: None,
        addr: Some(caller.addr.clone()),
    };
    let made = {
        let input = input.clone();
        tokio::task::spawn_blocking(move || {
            // Only while no account exists: the code cannot make a second administrator.
            if store.user_count()? > 0 {
                return Ok(None);
            }
            Ok::<_, paritrana_store::StoreError>(Some(accounts::create(
                &*store, &tree, &input, &actor,
            )))
        })
        .await??
    };
    match made {
        None => Err(PageError::denied(Denied::Hidden, &caller, "/pasang")),
        Some(Ok(_)) => {
            if let Ok(mut c) = state.setup_code.lock() {
                *c = None;
            }
            Ok(Redirect::to("/masuk").into_response())
        }
        Some(Err(p)) => {
            let page = SetupPage {
                page: PageCtx::new(&caller, "/pasang", "Pemasangan", "Setup"),
                code,
                username: input.username,
                full_name: input.full_name,
                error: Some(format!(
                    "{} {}",
                    pick(caller.lang, "Akun belum dibuat:", "Account not created:"),
                    p.message(caller.lang)
                )),
            };
            Ok((StatusCode::BAD_REQUEST, render(&page)?).into_response())
        }
    }
}
