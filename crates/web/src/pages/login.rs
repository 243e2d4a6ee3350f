//! `/masuk` (sign in), `/keluar` (sign out), `/keluar-semua` (sign out everywhere).

use super::{PageCtx, PageError, SignedForm, pick, render};
use crate::AppState;
use crate::auth::login::{Outcome, sign_in};
use crate::auth::secret::{random_hex, same};
use crate::auth::{Caller, LOGIN_CSRF_COOKIE};
use crate::error::ApiError;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use paritrana_core::auth::{Action, Denied};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: PageCtx,
    form_csrf: String,
    next: String,
    username: String,
    error: Option<String>,
}

/// Only a path on this site: never `//host`, a scheme, or a backslash trick (no open redirect).
pub fn safe_next(next: &str) -> String {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if ok { next.to_string() } else { "/".into() }
}

fn login_page(
    state: &AppState,
    caller: &Caller,
    jar: CookieJar,
    next: &str,
    username: &str,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let form_csrf = random_hex();
    let cookie = state
        .auth
        .cookie(LOGIN_CSRF_COOKIE.to_string(), form_csrf.clone());
    let page = LoginPage {
        page: PageCtx::new(caller, "/masuk", "Masuk", "Sign in"),
        form_csrf,
        next: safe_next(next),
        username: username.to_string(),
        error,
    };
    Ok((status, jar.add(cookie), render(&page)?).into_response())
}

pub async fn form(
    State(state): State<AppState>,
    caller: Caller,
    jar: CookieJar,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let next = q.get("lanjut").map_or("/", String::as_str);
    if caller.account().is_some() {
        return Ok(Redirect::to(&safe_next(next)).into_response());
    }
    login_page(&state, &caller, jar, next, "", None, StatusCode::OK)
}

pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    jar: CookieJar,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let field = |k: &str| f.get(k).map_or("", |v| v.as_str());
    // Double-submit check: the form's token must equal the cookie set with the form, which
    // another site can neither read nor set.
    let cookie_token = jar.get(LOGIN_CSRF_COOKIE).map(|c| c.value().to_string());
    if !cookie_token.is_some_and(|c| same(&c, field("csrf"))) {
        return Err(ApiError::forbidden_csrf().into());
    }
    let (username, password) = (field("username").to_string(), field("password").to_string());
    let store = state.store.clone();
    let cfg = state.auth.clone();
    let (addr, ua) = (caller.addr.clone(), caller.user_agent.clone());
    let name = username.clone();
    let outcome =
        tokio::task::spawn_blocking(move || sign_in(&*store, &cfg, &name, &password, &addr, ua))
            .await??;
    let lang = caller.lang;
    match outcome {
        Outcome::SignedIn { session_id, user } => {
            let jar = jar
                .remove(Cookie::build(LOGIN_CSRF_COOKIE).path("/"))
                .add(state.auth.cookie(state.auth.session_cookie(), session_id));
            let to = if user.must_change_password {
                "/akun".to_string()
            } else {
                safe_next(field("lanjut"))
            };
            Ok((jar, Redirect::to(&to)).into_response())
        }
        Outcome::Refused => login_page(
            &state,
            &caller,
            jar,
            field("lanjut"),
            &username,
            Some(
                pick(
                    lang,
                    "Nama pengguna atau kata sandi salah, atau akun dinonaktifkan.",
                    "Wrong user name or password, or the account is disabled.",
                )
                .into(),
            ),
            StatusCode::UNAUTHORIZED,
        ),
        Outcome::Locked { retry_after_secs } => {
            let minutes = (retry_after_secs + 59) / 60;
            let msg = match lang {
                paritrana_core::Lang::Id => format!(
                    "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit."
                ),
                paritrana_core::Lang::En => {
                    format!("Too many failed sign-in attempts. Try again in {minutes} minutes.")
                }
            };
            login_page(
                &state,
                &caller,
                jar,
                field("lanjut"),
                &username,
                Some(msg),
                StatusCode::TOO_MANY_REQUESTS,
            )
        }
    }
}

fn clear_session(state: &AppState, jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::build(state.auth.session_cookie()).path("/"))
}

pub async fn logout(State(state): State<AppState>, jar: CookieJar, form: SignedForm) -> Response {
    if let Some(s) = &form.caller.session {
        let store = state.store.clone();
        let (hash, actor) = (s.token_hash.clone(), form.caller.actor());
        let _ = tokio::task::spawn_blocking(move || store.delete_session(&hash, &actor)).await;
    }
    (clear_session(&state, jar), Redirect::to("/")).into_response()
}

pub async fn logout_everywhere(
    State(state): State<AppState>,
    jar: CookieJar,
    form: SignedForm,
) -> Result<Response, PageError> {
    let caller = &form.caller;
    caller
        .require(Action::ManageOwnAccount)
        .map_err(|d| PageError::denied(d, caller, "/akun"))?;
    let Some(account) = caller.account() else {
        return Err(PageError::denied(Denied::SignInRequired, caller, "/akun"));
    };
    let store = state.store.clone();
    let (id, actor) = (account.id, caller.actor());
    tokio::task::spawn_blocking(move || store.delete_user_sessions(id, &actor)).await??;
    Ok((clear_session(&state, jar), Redirect::to("/masuk")).into_response())
}
