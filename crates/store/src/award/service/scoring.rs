//! Scores and figures. A score sheet is one unit: every score goes through `score::accept`
//! against the cycle's panels, assignments and frameworks, read once for the whole sheet, so a
//! refused score saves none of them.

use super::{audit, entry_object, need_cycle, need_entry, object, sha256};
use crate::StoreError;
use crate::audit::Actor;
use crate::award::data::AwardUnit;
use crate::award::{AwardError, EntryRecord, ScoreChange};
use paritrana_core::award::computed::Figure;
use paritrana_core::award::panel::Round;
use paritrana_core::award::score::{Score, ScoreError, accept};
use paritrana_core::region::RegionCode;
use serde_json::json;

/// Saves a score sheet. A score saved again unchanged writes nothing; its change is still
/// returned (old = new).
pub(super) fn record_scores(
    u: &mut dyn AwardUnit,
    year: u16,
    sheet: &[Score],
    actor: &Actor,
) -> Result<Vec<ScoreChange>, AwardError> {
    need_cycle(u, year)?;
    let panels = u.panels(year)?;
    let assignments = u.assignments(year)?;
    let frameworks = u.scoring_frameworks(year)?;
    let mut entries: Vec<EntryRecord> = Vec::new();
    let mut closed: Vec<(Round, bool)> = Vec::new();
    let now = crate::time_text(chrono::Utc::now());
    let mut changes = Vec::with_capacity(sheet.len());
    for s in sheet {
        let is_closed = match closed.iter().find(|(r, _)| *r == s.round) {
            Some((_, c)) => *c,
            None => {
                let c = u.round_status(year, s.round)?.is_closed();
                closed.push((s.round, c));
                c
            }
        };
        if is_closed {
            return Err(AwardError::RoundClosed(s.round));
        }
        let at = match entries.iter().position(|r| r.entry.id == s.entry) {
            Some(at) => at,
            None => {
                entries.push(need_entry(u, year, s.entry)?);
                entries.len() - 1
            }
        };
        let rec = &entries[at];
        let of_round = || {
            panels
                .iter()
                .filter(|p| p.round() == s.round && p.member(s.assessor).is_some())
        };
        let panel = of_round()
            .find(|p| {
                assignments
                    .iter()
                    .any(|a| a.panel == p.id && a.assessor == s.assessor && a.entry == s.entry)
            })
            .or_else(|| of_round().next())
            .ok_or(ScoreError::NotAssigned {
                assessor: s.assessor,
                entry: s.entry,
            })?;
        let framework = frameworks
            .iter()
            .find(|f| f.category == rec.entry.category)
            .ok_or_else(|| AwardError::NoFramework(rec.entry.category.to_string()))?;
        accept(s, panel, &assignments, &rec.entry, framework)?;
        let region = rec.entry.region;
        changes.push(write_score(u, year, s, region, actor, &now)?);
    }
    Ok(changes)
}

/// Writes one accepted score, its history row and its audit entry (unless unchanged).
fn write_score(
    u: &mut dyn AwardUnit,
    year: u16,
    s: &Score,
    region: RegionCode,
    actor: &Actor,
    now: &str,
) -> Result<ScoreChange, StoreError> {
    let old = u.stored_score(year, s)?;
    let change = ScoreChange {
        round: s.round,
        assessor: s.assessor,
        entry: s.entry,
        stage: s.stage,
        indicator: s.indicator.clone(),
        old_value: old.as_ref().map(|(v, _)| *v),
        new_value: s.value,
        old_comment: old.as_ref().map(|(_, c)| c.clone()),
        comment: s.comment.clone(),
        changed_by: actor.name.clone(),
        changed_at: now.to_string(),
    };
    if old.as_ref() == Some(&(s.value, s.comment.clone())) {
        // Saved again unchanged: nothing to record.
        return Ok(change);
    }
    u.put_score(year, s, now)?;
    u.insert_score_change(year, &change, actor.user_id)?;
    // Comments may name people: the trail keeps their hash.
    audit(
        u,
        actor,
        "award.score.set",
        entry_object(year, s.entry),
        Some(region),
        json!({
            "round": s.round,
            "assessor": s.assessor.0,
            "stage": s.stage,
            "indicator": s.indicator,
            "before": change.old_value.map(|v| v.to_string()),
            "after": s.value.to_string(),
            "comment_sha256": sha256(&s.comment),
        }),
    )?;
    Ok(change)
}

pub(super) fn set_figures(
    u: &mut dyn AwardUnit,
    year: u16,
    figures: &[Figure],
    actor: &Actor,
) -> Result<(), AwardError> {
    need_cycle(u, year)?;
    // The provincial round's rankings (and the exports that re-check them) rest on the figures:
    // once it is closed they stay as they were.
    if u.round_status(year, Round::Provincial)?.is_closed() {
        return Err(AwardError::RoundClosed(Round::Provincial));
    }
    for f in figures {
        need_entry(u, year, f.entry)?;
        u.put_figure(year, f)?;
    }
    audit(
        u,
        actor,
        "award.figures.set",
        object(year, ""),
        None,
        json!({"figures": figures}),
    )?;
    Ok(())
}
