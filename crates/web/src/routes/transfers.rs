//! `/api/v1/transfers`: transfers of workers between regions (docs/transfers.md). The receiving
//! region asks (`POST /api/v1/transfers`), the holding region approves or refuses
//! (`POST /api/v1/transfers/{id}/approve|refuse`), the requester may cancel. Access is the one
//! rule's (`RequestTransfer`, `DecideTransfer`, `ViewTransfer`); the checks of a request and an
//! approval are `paritrana_core::transfer`'s. The helpers here serve the `/pemindahan` page too.

use crate::AppState;
use crate::auth::Caller;
use crate::auth::caller::WriteCaller;
use crate::error::ApiError;
use crate::import_flow::scope_root;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Denied};
use paritrana_core::lang::Localized;
use paritrana_core::nik;
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_core::transfer::{Decision, TransferProblem, TransferStatus};
use paritrana_store::transfers::{NewTransfer, TransferError, TransferFilter, TransferRecord};
use serde::{Deserialize, Serialize};

/// How many transfers a list holds at most.
pub(crate) const LIST_LIMIT: u32 = 200;

/// A transfer as a caller allowed to read it sees it, with what they may do to it.
#[derive(Debug, Serialize)]
pub struct TransferView {
    pub id: i64,
    pub nik: String,
    pub from_village: String,
    pub from_name: String,
    pub to_village: String,
    pub to_name: String,
    pub reason: String,
    pub status: TransferStatus,
    pub requested_by: String,
    pub requested_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub note: Option<String>,
    pub effective: Option<chrono::NaiveDate>,
    pub import_id: Option<i64>,
    /// The caller may approve or refuse it (pending, and the holding region is theirs).
    pub may_decide: bool,
    /// The caller may cancel it (pending, and the receiving region is theirs).
    pub may_cancel: bool,
    #[serde(skip)]
    pub(crate) from: RegionCode,
    #[serde(skip)]
    pub(crate) to: RegionCode,
}

/// "Perian, Kabupaten Kutai Kartanegara": the village and its kab/kota.
fn place(tree: &RegionTree, village: RegionCode) -> String {
    let name = |c: RegionCode| tree.get(c).map(|r| r.name.clone());
    match (
        name(village),
        village.ancestor(Level::Regency).and_then(name),
    ) {
        (Some(v), Some(r)) => format!("{v}, {r}"),
        (Some(v), None) => v,
        _ => String::new(),
    }
}

pub(crate) fn view(tree: &RegionTree, caller: &Caller, t: &TransferRecord) -> TransferView {
    let pending = t.status == TransferStatus::Pending;
    TransferView {
        id: t.id,
        nik: t.nik.to_string(),
        from_village: t.from_village.to_string(),
        from_name: place(tree, t.from_village),
        to_village: t.to_village.to_string(),
        to_name: place(tree, t.to_village),
        reason: t.reason.clone(),
        status: t.status,
        requested_by: t.requested_by.clone(),
        requested_at: t.requested_at.clone(),
        decided_by: t.decided_by.clone(),
        decided_at: t.decided_at.clone(),
        note: t.note.clone(),
        effective: t.effective,
        import_id: t.import_id,
        may_decide: pending && caller.may(Action::DecideTransfer(t.from_village)),
        may_cancel: pending && caller.may(Action::RequestTransfer(t.to_village)),
        from: t.from_village,
        to: t.to_village,
    }
}

/// A transfer step refused: the rule's reason in both languages.
pub(crate) fn refusal(e: TransferError) -> ApiError {
    let (id, en) = (e.message(Lang::Id), e.message(Lang::En));
    match e {
        TransferError::Store(s) => s.into(),
        TransferError::NotFound => ApiError::NotFound { id, en },
        TransferError::Rule(TransferProblem::Reason | TransferProblem::NotAVillage { .. }) => {
            ApiError::BadRequest { id, en }
        }
        TransferError::Rule(_) => ApiError::Conflict { id, en },
    }
}

/// May the caller read transfers at all (their role), and which: those touching their scope.
pub(crate) fn filter_for(
    caller: &Caller,
    status: Option<TransferStatus>,
) -> Result<TransferFilter, Denied> {
    let Some(scope) = caller.scope() else {
        return Err(Denied::SignInRequired);
    };
    let root = scope_root(scope);
    caller.require(Action::ViewTransfer {
        from: root,
        to: root,
    })?;
    Ok(TransferFilter {
        within: scope,
        status,
        limit: LIST_LIMIT,
    })
}

/// The transfers the caller may read (blocking).
pub(crate) fn list_for(
    state: &AppState,
    caller: &Caller,
    filter: &TransferFilter,
) -> Result<Vec<TransferView>, paritrana_store::StoreError> {
    Ok(state
        .store
        .transfers(filter)?
        .iter()
        .filter(|t| {
            caller.may(Action::ViewTransfer {
                from: t.from_village,
                to: t.to_village,
            })
        })
        .map(|t| view(&state.tree, caller, t))
        .collect())
}

/// Reads and checks the fields of a request; the caller must be allowed to ask for the village.
pub(crate) fn parse_request(
    state: &AppState,
    caller: &Caller,
    nik_text: &str,
    village_text: &str,
    reason: &str,
) -> Result<NewTransfer, ApiError> {
    let checked = nik::check(nik_text, &state.tree, state.today());
    let Some(n) = checked.nik else {
        return Err(ApiError::BadRequest {
            id: "NIK tidak valid".into(),
            en: "the NIK is not valid".into(),
        });
    };
    let village = RegionCode::parse(village_text)
        .ok()
        .filter(|c| c.level() == Level::Village && state.tree.contains(*c))
        .ok_or_else(|| ApiError::BadRequest {
            id: format!("`{village_text}` bukan kode desa/kelurahan yang dikenal"),
            en: format!("`{village_text}` is not a known desa/kelurahan code"),
        })?;
    caller.require(Action::RequestTransfer(village))?;
    let scope = caller.scope().ok_or_else(ApiError::unauthorized)?;
    Ok(NewTransfer {
        nik: n,
        to_village: village,
        reason: reason.to_string(),
        requester_scope: scope,
    })
}

/// Records a request (blocking).
pub(crate) fn request(
    state: &AppState,
    caller: &Caller,
    new: &NewTransfer,
) -> Result<TransferView, ApiError> {
    let t = state
        .store
        .request_transfer(new, state.today(), &caller.actor())
        .map_err(refusal)?;
    Ok(view(&state.tree, caller, &t))
}

/// Decides a transfer for the caller (blocking): approving and refusing belong to the holding
/// region (or a scope covering it), cancelling to the receiving one; anyone else is refused
/// (403).
pub(crate) fn decide(
    state: &AppState,
    caller: &Caller,
    id: i64,
    decision: Decision,
    note: Option<&str>,
) -> Result<TransferView, ApiError> {
    let t = state.store.transfer(id)?.ok_or_else(ApiError::not_found)?;
    caller.require(match decision {
        Decision::Approve | Decision::Refuse => Action::DecideTransfer(t.from_village),
        Decision::Cancel => Action::RequestTransfer(t.to_village),
    })?;
    let t = state
        .store
        .decide_transfer(id, decision, note, state.today(), &caller.actor())
        .map_err(refusal)?;
    Ok(view(&state.tree, caller, &t))
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<TransferView>>, ApiError> {
    let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            TransferStatus::parse(s).ok_or_else(|| ApiError::BadRequest {
                id: format!(
                    "status `{s}` tidak dikenal (pending, approved, refused, cancelled, imported)"
                ),
                en: format!(
                    "unknown status `{s}` (pending, approved, refused, cancelled, imported)"
                ),
            })?,
        ),
    };
    let filter = filter_for(&caller, status)?;
    let st = state.clone();
    Ok(Json(
        tokio::task::spawn_blocking(move || list_for(&st, &caller, &filter)).await??,
    ))
}

/// The body of `POST /api/v1/transfers`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferInput {
    nik: String,
    /// The desa/kelurahan code the worker moves to.
    village: String,
    reason: String,
}

fn bad_body(e: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest {
        id: format!("isi permintaan tidak dapat dibaca: {e}"),
        en: format!("the request body cannot be read: {e}"),
    }
}

pub async fn create(
    State(state): State<AppState>,
    WriteCaller(caller): WriteCaller,
    body: Result<Json<TransferInput>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<TransferView>), ApiError> {
    if caller.account().is_none() {
        return Err(Denied::SignInRequired.into());
    }
    let Json(input) = body.map_err(bad_body)?;
    let new = parse_request(&state, &caller, &input.nik, &input.village, &input.reason)?;
    let view = tokio::task::spawn_blocking(move || request(&state, &caller, &new)).await??;
    Ok((StatusCode::CREATED, Json(view)))
}

/// The optional body of a decision: `{"note": "…"}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionInput {
    note: Option<String>,
}

async fn decide_api(
    state: AppState,
    caller: Caller,
    id: i64,
    decision: Decision,
    body: Bytes,
) -> Result<Json<TransferView>, ApiError> {
    if caller.account().is_none() {
        return Err(Denied::SignInRequired.into());
    }
    let input: DecisionInput = if body.iter().all(u8::is_ascii_whitespace) {
        DecisionInput::default()
    } else {
        serde_json::from_slice(&body).map_err(bad_body)?
    };
    Ok(Json(
        tokio::task::spawn_blocking(move || {
            decide(&state, &caller, id, decision, input.note.as_deref())
        })
        .await??,
    ))
}

pub async fn approve(
    State(state): State<AppState>,
    WriteCaller(caller): WriteCaller,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<TransferView>, ApiError> {
    decide_api(state, caller, id, Decision::Approve, body).await
}

pub async fn refuse(
    State(state): State<AppState>,
    WriteCaller(caller): WriteCaller,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<TransferView>, ApiError> {
    decide_api(state, caller, id, Decision::Refuse, body).await
}

pub async fn cancel(
    State(state): State<AppState>,
    WriteCaller(caller): WriteCaller,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<TransferView>, ApiError> {
    decide_api(state, caller, id, Decision::Cancel, body).await
}
