//! `/masuk` (sign in), `/keluar` (sign out), `/keluar-semua` (sign out everywhere).

use super::{PageCtx, PageError, SignedForm, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::auth::login::{Attempt, Outcome, sign_in};
use crate::error::ApiError;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use paritrana_core::auth::{Action, Denied, Username};
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
    let (nonce, form_csrf) = state.auth.form_key.issue(chrono::Utc::now());
    let cookie = state.auth.cookie(state.auth.login_csrf_cookie(), nonce);
    let page = LoginPage {
        page: PageCtx::new(caller, "/masuk", "Masuk", "Sign in"),
        form_csrf,
        next: safe_next(next),
        // Typed back into the box only if it could be a user name: never a megabyte, and
        // never a password typed in the wrong box.
        username: Username::parse(username)
            .map(|u| u.to_string())
            .unwrap_or_default(),
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
    // Double-submit check: the form's token must be the server's MAC of the cookie's nonce
    // (auth::form_key), so neither can be chosen by another site.
    let cookie_name = state.auth.login_csrf_cookie();
    let nonce = jar.get(&cookie_name).map(|c| c.value().to_string());
    let now = chrono::Utc::now();
    if !nonce.is_some_and(|n| state.auth.form_key.verify(&n, field("csrf"), now)) {
        return Err(ApiError::forbidden_csrf().into());
    }
    let username = field("username").to_string();
    let attempt = Attempt {
        username: username.clone(),
        password: field("password").to_string(),
        addr: caller.addr.clone(),
        user_agent: caller.user_agent.clone(),
    };
    let outcome = sign_in(state.store.clone(), state.auth.clone(), attempt).await?;
    let lang = caller.lang;
    let again = |msg: String, status: StatusCode| {
        login_page(
            &state,
            &caller,
            jar.clone(),
            field("lanjut"),
            &username,
            Some(msg),
            status,
        )
    };
    match outcome {
        Outcome::SignedIn { session_id, user } => {
            let jar = jar
                .clone()
                .remove(Cookie::build(cookie_name).path("/"))
                .add(state.auth.cookie(state.auth.session_cookie(), session_id));
            let to = if user.must_change_password {
                "/akun".to_string()
            } else {
                safe_next(field("lanjut"))
            };
            Ok((jar, Redirect::to(&to)).into_response())
        }
        Outcome::Refused => again(
            pick(
                lang,
                "Nama pengguna atau kata sandi salah, atau akun dinonaktifkan.",
                "Wrong user name or password, or the account is disabled.",
            )
            .into(),
            StatusCode::UNAUTHORIZED,
        ),
        Outcome::Locked { retry_after_secs } => {
            let msg = match lang {
                paritrana_core::Lang::Id => format!(
                    "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {}.",
                    wait_id(retry_after_secs)
                ),
                paritrana_core::Lang::En => format!(
                    "Too many failed sign-in attempts. Try again in {}.",
                    wait_en(retry_after_secs)
                ),
            };
            with_retry_after(again(msg, StatusCode::TOO_MANY_REQUESTS)?, retry_after_secs)
        }
        Outcome::Busy { retry_after_secs } => {
            let msg = pick(
                lang,
                "Server sedang sibuk memeriksa banyak percobaan masuk. Coba lagi dalam beberapa detik.",
                "The server is busy checking many sign-ins. Try again in a few seconds.",
            );
            with_retry_after(
                again(msg.into(), StatusCode::SERVICE_UNAVAILABLE)?,
                retry_after_secs,
            )
        }
    }
}

fn with_retry_after(mut r: Response, secs: i64) -> Result<Response, PageError> {
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
    Ok(r)
}

/// "12 detik" or "3 menit".
fn wait_id(secs: i64) -> String {
    if secs < 60 {
        format!("{secs} detik")
    } else {
        format!("{} menit", (secs + 59) / 60)
    }
}

fn wait_en(secs: i64) -> String {
    match secs {
        1 => "1 second".into(),
        s if s < 60 => format!("{s} seconds"),
        60 => "1 minute".into(),
        s => format!("{} minutes", (s + 59) / 60),
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
