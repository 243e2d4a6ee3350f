//! `/api/v1/award/…`: the JSON of what the award pages show (crates/web/openapi/award.json).
//! Access is the same rule the pages ask (`auth::policy`): an assessor reads only their own
//! assignments and the history of their own scores, an entrant their own entries (scores only
//! once the round is published), the public the published results.

use crate::AppState;
use crate::auth::Caller;
use crate::award_view::{AssignmentRow, CycleParts, assignments_of};
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use paritrana_core::auth::Action;
use paritrana_core::award::framework::Stage;
use paritrana_core::award::ids::{AssessorId, EntryId};
use paritrana_core::award::panel::Round;
use serde::Serialize;

#[derive(Serialize)]
pub struct Assignments {
    assignments: Vec<AssignmentRow>,
}

/// `GET /api/v1/award/assignments`: the caller's assignments with the progress of their scoring.
pub async fn assignments(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Assignments>, ApiError> {
    caller.require(Action::ScoreAward)?;
    let assessor = AssessorId(
        caller
            .account()
            .map(|a| a.id)
            .ok_or_else(ApiError::unauthorized)?,
    );
    let (store, tree, lang) = (state.store.clone(), state.tree.clone(), caller.lang);
    let assignments =
        tokio::task::spawn_blocking(move || assignments_of(&*store, &tree, assessor, lang))
            .await??;
    Ok(Json(Assignments { assignments }))
}

/// One change of a score, as the API shows it (comments stay on the page).
#[derive(Serialize)]
pub struct Change {
    round: Round,
    assessor: i64,
    stage: Stage,
    indicator: String,
    /// Milli-points; `null` for the first value.
    old_value: Option<i64>,
    new_value: i64,
    changed_by: String,
    changed_at: String,
}

#[derive(Serialize)]
pub struct History {
    year: u16,
    entry: u32,
    changes: Vec<Change>,
}

/// `GET /api/v1/award/{year}/entries/{entry}/history`: every change of the entry's scores, oldest
/// first — an assessor's own only; the secretariat's all. Entrants never see it.
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path((year, entry)): Path<(u16, u32)>,
) -> Result<Json<History>, ApiError> {
    let me = caller.account().map(|a| AssessorId(a.id));
    let store = state.store.clone();
    let id = EntryId(entry);
    let parts = tokio::task::spawn_blocking(move || CycleParts::load(&*store, year)).await??;
    let parts = parts.ok_or_else(ApiError::not_found)?;
    let rec = parts.entry(id).ok_or_else(ApiError::not_found)?;
    let assigned = me.is_some_and(|a| parts.is_assigned(a, id));
    // The history is never published: asked as unpublished scores.
    caller.require(Action::ViewAwardScores {
        entrant: rec.entry.entrant(),
        assigned,
        published: false,
    })?;
    let all = caller.may(Action::ManageAward);
    let store = state.store.clone();
    let changes =
        tokio::task::spawn_blocking(move || store.award_score_history(year, id)).await??;
    let changes = changes
        .into_iter()
        .filter(|c| all || Some(c.assessor) == me)
        .map(|c| Change {
            round: c.round,
            assessor: c.assessor.0,
            stage: c.stage,
            indicator: c.indicator.to_string(),
            old_value: c.old_value.map(|v| v.milli()),
            new_value: c.new_value.milli(),
            changed_by: c.changed_by,
            changed_at: c.changed_at,
        })
        .collect();
    Ok(Json(History {
        year,
        entry,
        changes,
    }))
}
