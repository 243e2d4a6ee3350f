//! `/admin/pengguna`: the administrator's account pages.

use super::account::{MessagePage, scope_label};
use super::{PageCtx, PageError, SignedForm, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::auth::accounts::{self, AccountInput, ChangeInput};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Denied, Role};
use paritrana_core::lang::Localized;
use paritrana_store::accounts::UserRecord;

struct Row {
    id: i64,
    username: String,
    full_name: String,
    role: String,
    scope: String,
    status: String,
}

#[derive(Default)]
struct NewForm {
    username: String,
    full_name: String,
    role: String,
    scope: String,
    institution: String,
    company: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    page: PageCtx,
    users: Vec<Row>,
    roles: Vec<(&'static str, &'static str)>,
    form: NewForm,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "user_edit.html")]
struct EditPage {
    page: PageCtx,
    user: UserRecord,
    role: &'static str,
    roles: Vec<(&'static str, &'static str)>,
    error: Option<String>,
}

fn roles(lang: Lang) -> Vec<(&'static str, &'static str)> {
    Role::ALL
        .iter()
        .map(|r| (r.code(), r.label(lang)))
        .collect()
}

fn admin_only(caller: &Caller, path: &str) -> Result<(), PageError> {
    caller
        .require(Action::ManageUsers)
        .map_err(|d| PageError::denied(d, caller, path))
}

async fn list_page(
    state: &AppState,
    caller: &Caller,
    form: NewForm,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let store = state.store.clone();
    let users = tokio::task::spawn_blocking(move || store.users()).await??;
    let lang = caller.lang;
    let rows = users
        .into_iter()
        .map(|u| Row {
            id: u.id,
            status: if u.is_active() {
                pick(lang, "aktif", "active")
            } else {
                pick(lang, "nonaktif", "disabled")
            }
            .into(),
            role: u.role.label(lang).into(),
            scope: scope_label(state, u.scope, lang),
            username: u.username,
            full_name: u.full_name,
        })
        .collect();
    let page = UsersPage {
        page: PageCtx::new(caller, "/admin/pengguna", "Pengguna", "Users"),
        users: rows,
        roles: roles(lang),
        form,
        error,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Response, PageError> {
    admin_only(&caller, "/admin/pengguna")?;
    let form = NewForm {
        role: "pemda_operator".into(),
        ..NewForm::default()
    };
    list_page(&state, &caller, form, None, StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    form: SignedForm,
) -> Result<Response, PageError> {
    let caller = &form.caller;
    admin_only(caller, "/admin/pengguna")?;
    let input = AccountInput {
        username: form.get("username").into(),
        full_name: form.get("full_name").into(),
        role: form.get("role").into(),
        scope: form.get("scope").into(),
        institution: form.opt("institution"),
        company: form.opt("company"),
        password: None,
    };
    let store = state.store.clone();
    let tree = state.tree.clone();
    let actor = caller.actor();
    let made = {
        let input = input.clone();
        tokio::task::spawn_blocking(move || accounts::create(&*store, &tree, &input, &actor))
            .await?
    };
    let lang = caller.lang;
    match made {
        Ok((user, temporary)) => {
            let page = MessagePage {
                page: PageCtx::new(caller, "/admin/pengguna", "Akun dibuat", "Account created"),
                paragraphs: vec![match lang {
                    Lang::Id => format!(
                        "Akun {} dibuat. Serahkan kata sandi sementara ini kepada pemiliknya secara langsung; kata sandi ini tidak akan ditampilkan lagi dan harus diganti saat pertama masuk.",
                        user.username
                    ),
                    Lang::En => format!(
                        "Account {} created. Hand this temporary password to its owner in person; it will not be shown again and must be changed at first sign-in.",
                        user.username
                    ),
                }],
                secret: temporary,
                link: Some((
                    "/admin/pengguna".into(),
                    pick(lang, "Kembali ke daftar pengguna", "Back to the users").into(),
                )),
            };
            render(&page)
        }
        Err(problem) => {
            let f = NewForm {
                username: input.username,
                full_name: input.full_name,
                role: input.role,
                scope: input.scope,
                institution: input.institution.unwrap_or_default(),
                company: input.company.unwrap_or_default(),
            };
            list_page(
                &state,
                caller,
                f,
                Some(problem.message(lang)),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
    }
}

async fn load(state: &AppState, caller: &Caller, id: i64) -> Result<UserRecord, PageError> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || store.user_by_id(id))
        .await??
        .ok_or_else(|| PageError::denied(Denied::Hidden, caller, "/admin/pengguna"))
}

fn edit_page(
    caller: &Caller,
    user: UserRecord,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let page = EditPage {
        page: PageCtx::new(
            caller,
            &format!("/admin/pengguna/{}", user.id),
            "Ubah pengguna",
            "Edit user",
        ),
        role: user.role.code(),
        roles: roles(caller.lang),
        user,
        error,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    admin_only(&caller, &format!("/admin/pengguna/{id}"))?;
    let user = load(&state, &caller, id).await?;
    edit_page(&caller, user, None, StatusCode::OK)
}

pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    form: SignedForm,
) -> Result<Response, PageError> {
    let caller = &form.caller;
    admin_only(caller, &format!("/admin/pengguna/{id}"))?;
    let current = load(&state, caller, id).await?;
    let input = ChangeInput {
        full_name: Some(form.get("full_name").into()),
        role: Some(form.get("role").into()),
        scope: Some(form.get("scope").into()),
        institution: Some(form.get("institution").into()),
        company: Some(form.get("company").into()),
        disabled: Some(form.get("disabled") == "1"),
    };
    let store = state.store.clone();
    let tree = state.tree.clone();
    let actor = caller.actor();
    let self_id = caller.account().map(|a| a.id);
    let changed = tokio::task::spawn_blocking(move || {
        accounts::change(&*store, &tree, id, &input, self_id, &actor)
    })
    .await?;
    match changed {
        Ok(_) => Ok(Redirect::to("/admin/pengguna").into_response()),
        Err(p) => edit_page(
            caller,
            current,
            Some(p.message(caller.lang)),
            StatusCode::BAD_REQUEST,
        ),
    }
}

pub async fn reset_password(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    form: SignedForm,
) -> Result<Response, PageError> {
    let caller = &form.caller;
    admin_only(caller, &format!("/admin/pengguna/{id}"))?;
    let user = load(&state, caller, id).await?;
    let store = state.store.clone();
    let actor = caller.actor();
    let temporary =
        tokio::task::spawn_blocking(move || accounts::reset_password(&*store, id, &actor))
            .await?
            .map_err(|p| PageError::Api(crate::error::ApiError::Internal(p.message(Lang::En))))?;
    let lang = caller.lang;
    let page = MessagePage {
        page: PageCtx::new(
            caller,
            "/admin/pengguna",
            "Kata sandi diatur ulang",
            "Password reset",
        ),
        paragraphs: vec![match lang {
            Lang::Id => format!(
                "Semua sesi {} telah diakhiri. Kata sandi sementara (ditampilkan sekali):",
                user.username
            ),
            Lang::En => format!(
                "Every session of {} has ended. Temporary password (shown once):",
                user.username
            ),
        }],
        secret: Some(temporary),
        link: Some((
            "/admin/pengguna".into(),
            pick(lang, "Kembali ke daftar pengguna", "Back to the users").into(),
        )),
    };
    render(&page)
}
