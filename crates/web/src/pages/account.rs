//! `/akun`: one's own account — password, sessions, API tokens.

use super::{PageCtx, PageError, SignedForm, pick, render};
use crate::AppState;
use crate::auth::accounts::issue_token;
use crate::auth::{Caller, password};
use crate::error::ApiError;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Denied, Scope, password as rule};
use paritrana_core::lang::Localized;
use paritrana_store::accounts::{SessionSummary, TokenRecord, UserRecord};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: PageCtx,
    user: UserRecord,
    role: String,
    scope: String,
    must_change: bool,
    sessions: Vec<SessionSummary>,
    tokens: Vec<TokenRecord>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub page: PageCtx,
    pub paragraphs: Vec<String>,
    pub secret: Option<String>,
    pub link: Option<(String, String)>,
}

/// The signed-in account, or the page asking to sign in.
fn signed_in<'a>(caller: &'a Caller, path: &str) -> Result<&'a UserRecord, PageError> {
    caller
        .require(Action::ManageOwnAccount)
        .map_err(|d| PageError::denied(d, caller, path))?;
    caller
        .user
        .as_ref()
        .ok_or_else(|| PageError::denied(Denied::SignInRequired, caller, path))
}

/// A scope in words: "nasional" or "64.01 Kabupaten Paser".
pub fn scope_label(state: &AppState, scope: Scope, lang: Lang) -> String {
    match scope {
        Scope::National => pick(lang, "Nasional", "National").into(),
        Scope::Region(r) => match state.tree.get(r) {
            Some(region) => format!("{r} {}", region.name),
            None => r.to_string(),
        },
    }
}

async fn show_page(
    state: &AppState,
    caller: &Caller,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = signed_in(caller, "/akun")?.clone();
    let store = state.store.clone();
    let id = user.id;
    let (sessions, tokens) = tokio::task::spawn_blocking(move || {
        Ok::<_, paritrana_store::StoreError>((
            store.user_sessions(id, chrono::Utc::now())?,
            store.tokens(Some(id))?,
        ))
    })
    .await??;
    let page = AccountPage {
        page: PageCtx::new(caller, "/akun", "Akun saya", "My account"),
        role: user.role.label(caller.lang).into(),
        scope: scope_label(state, user.scope, caller.lang),
        must_change: user.must_change_password,
        user,
        sessions,
        tokens,
        notice,
        error,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let notice = q.get("pesan").and_then(|m| match m.as_str() {
        "sandi" => Some(pick(
            caller.lang,
            "Kata sandi telah diganti.",
            "Password changed.",
        )),
        "dicabut" => Some(pick(caller.lang, "Token telah dicabut.", "Token revoked.")),
        _ => None,
    });
    show_page(
        &state,
        &caller,
        notice.map(String::from),
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn change_password(
    State(state): State<AppState>,
    form: SignedForm,
) -> Result<Response, PageError> {
    let caller = &form.caller;
    let user = signed_in(caller, "/akun")?.clone();
    let (current, new) = (
        form.fields.get("current").cloned().unwrap_or_default(),
        form.fields.get("new").cloned().unwrap_or_default(),
    );
    let refuse = |msg: String| show_page(&state, caller, None, Some(msg), StatusCode::BAD_REQUEST);
    if !password::verify(&user.password_hash, &current) {
        return refuse(
            pick(
                caller.lang,
                "Kata sandi sekarang salah.",
                "The current password is wrong.",
            )
            .into(),
        )
        .await;
    }
    if let Err(e) = rule::check(&new, &user.username) {
        return refuse(e.message(caller.lang)).await;
    }
    if current == new {
        return refuse(
            pick(
                caller.lang,
                "Kata sandi baru harus berbeda dari yang sekarang.",
                "The new password must differ from the current one.",
            )
            .into(),
        )
        .await;
    }
    let store = state.store.clone();
    let actor = caller.actor();
    tokio::task::spawn_blocking(move || {
        let hash = password::hash(&new).map_err(ApiError::Internal)?;
        store
            .set_password(user.id, &hash, false, "user.password_change", &actor)
            .map_err(|e| match e {
                paritrana_store::accounts::AccountError::Store(s) => ApiError::from(s),
                paritrana_store::accounts::AccountError::NoSuchUser => ApiError::not_found(),
                other => ApiError::Internal(other.to_string()),
            })
    })
    .await??;
    // Every session ended with the change, this one too: sign in again with the new password.
    Ok(Redirect::to("/masuk?lanjut=/akun%3Fpesan%3Dsandi").into_response())
}

pub async fn create_token(
    State(state): State<AppState>,
    form: SignedForm,
) -> Result<Response, PageError> {
    let caller = &form.caller;
    let user = signed_in(caller, "/akun")?.clone();
    if user.must_change_password {
        return Err(PageError::denied(Denied::Forbidden, caller, "/akun"));
    }
    let lang = caller.lang;
    let name = form.get("name").chars().take(80).collect::<String>();
    let scope = match form.opt("scope") {
        None => Ok(user.scope),
        Some(s) => Scope::parse(&s)
            .ok()
            .filter(|sc| sc.region().is_none_or(|r| state.tree.contains(r)))
            .ok_or_else(|| {
                format!(
                    "{} `{s}`",
                    pick(lang, "Kode wilayah tidak dikenal:", "Unknown region code:")
                )
            }),
    };
    let scope = match scope {
        // A token never reaches beyond its account.
        Ok(sc) if user.scope.covers(sc) => sc,
        Ok(sc) => {
            let msg = match lang {
                Lang::Id => format!(
                    "Wilayah token ({sc}) di luar wilayah akun Anda ({}).",
                    user.scope
                ),
                Lang::En => format!(
                    "The token's scope ({sc}) is outside your account's ({}).",
                    user.scope
                ),
            };
            return show_page(&state, caller, None, Some(msg), StatusCode::FORBIDDEN).await;
        }
        Err(msg) => {
            return show_page(&state, caller, None, Some(msg), StatusCode::BAD_REQUEST).await;
        }
    };
    if name.trim().is_empty() {
        let msg = pick(lang, "Nama token wajib diisi.", "The token needs a name.").into();
        return show_page(&state, caller, None, Some(msg), StatusCode::BAD_REQUEST).await;
    }
    let days: i64 = form.get("days").parse().unwrap_or(90).clamp(1, 365);
    let read_only = form.get("write") != "1";
    let store = state.store.clone();
    let actor = caller.actor();
    let (token, _) = tokio::task::spawn_blocking(move || {
        issue_token(&*store, user.id, name, scope, read_only, days, &actor)
    })
    .await??;
    let page = MessagePage {
        page: PageCtx::new(caller, "/akun", "Token API baru", "New API token"),
        paragraphs: vec![
            pick(
                lang,
                "Salin token ini sekarang: Paritrana hanya menyimpan sidik (hash)-nya dan tidak dapat menampilkannya lagi.",
                "Copy this token now: Paritrana keeps only its hash and cannot show it again.",
            )
            .into(),
            pick(
                lang,
                "Kirim sebagai header: Authorization: Bearer TOKEN",
                "Send it as the header: Authorization: Bearer TOKEN",
            )
            .into(),
        ],
        secret: Some(token),
        link: Some(("/akun".into(), pick(lang, "Kembali ke akun", "Back to the account").into())),
    };
    render(&page)
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    form: SignedForm,
) -> Result<Response, PageError> {
    let caller = &form.caller;
    let user = signed_in(caller, "/akun")?.clone();
    let store = state.store.clone();
    let actor = caller.actor();
    // Only one's own token: another account's id answers as unknown.
    let revoked =
        tokio::task::spawn_blocking(move || store.revoke_token(id, Some(user.id), &actor))
            .await??;
    if !revoked {
        return Err(PageError::denied(Denied::Hidden, caller, "/akun"));
    }
    Ok(Redirect::to("/akun?pesan=dicabut").into_response())
}
