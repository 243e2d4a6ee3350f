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
    caller.require(Action::ViewAwardAssignments)?;
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

/// A place in a published ranking.
#[derive(Serialize)]
pub struct Placing {
    round: Round,
    rank: u32,
    /// Entries ranked in the group.
    of: usize,
    /// Milli-points.
    final_score: i64,
}

#[derive(Serialize)]
pub struct EntrySummary {
    entry: u32,
    name: String,
    category: String,
    region: String,
    state: paritrana_core::award::entry::EntryState,
    submitted_at: Option<String>,
    /// Empty until a round is published and the caller may see the entry's scores.
    results: Vec<Placing>,
}

#[derive(Serialize)]
pub struct Entries {
    year: u16,
    entries: Vec<EntrySummary>,
}

/// `GET /api/v1/award/{year}/entries`: the entries the caller may read (the secretariat all,
/// an entrant their own, an assessor those assigned to them), with their published results
/// when the caller may see them.
pub async fn entries(
    State(state): State<AppState>,
    caller: Caller,
    Path(year): Path<u16>,
) -> Result<Json<Entries>, ApiError> {
    if caller.account().is_none() {
        return Err(ApiError::unauthorized());
    }
    let me = caller.account().map(|a| AssessorId(a.id));
    let store = state.store.clone();
    let (parts, published) = tokio::task::spawn_blocking(move || {
        let parts = CycleParts::load(&*store, year)?;
        let published = crate::pages::award_entrant::published(&*store, year)?;
        Ok::<_, ApiError>((parts, published))
    })
    .await??;
    let parts = parts.ok_or_else(ApiError::not_found)?;
    let mut out = Vec::new();
    for rec in &parts.entries {
        let entrant = rec.entry.entrant();
        let assigned = me.is_some_and(|a| parts.is_assigned(a, rec.entry.id));
        if !caller.may(Action::ViewAwardEntry { entrant, assigned }) {
            continue;
        }
        let see = caller.may(Action::ViewAwardScores {
            entrant,
            assigned,
            published: !published.is_empty(),
        });
        let results = if see {
            published
                .iter()
                .flat_map(|(round, groups)| {
                    groups.iter().filter_map(move |g| {
                        g.ranked
                            .iter()
                            .find(|r| r.standing.entry == rec.entry.id)
                            .map(|r| Placing {
                                round: *round,
                                rank: r.rank,
                                of: g.ranked.len(),
                                final_score: r.standing.final_score.milli(),
                            })
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        out.push(EntrySummary {
            entry: rec.entry.id.0,
            name: rec.entry.name.clone(),
            category: rec.entry.category.to_string(),
            region: rec.entry.region.to_string(),
            state: rec.state,
            submitted_at: rec.submitted_at.clone(),
            results,
        });
    }
    Ok(Json(Entries { year, entries: out }))
}
