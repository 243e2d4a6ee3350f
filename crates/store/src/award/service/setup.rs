//! Setting a cycle up: the cycle with its first frameworks, editing and freezing a framework,
//! registering, editing and submitting entries, and their evidence files.

use super::{audit, entry_object, need_cycle, need_entry, object, sha256};
use crate::audit::Actor;
use crate::award::data::{AwardReads, AwardUnit};
use crate::award::{AwardError, EntryRecord, EvidenceRecord, NewEntry, NewEvidence, valid_sha256};
use chrono::NaiveDate;
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::cycle::Cycle;
use paritrana_core::award::entry::{Entry, EntryState, may_change};
use paritrana_core::award::framework::{Framework, FrameworkSpec};
use paritrana_core::award::ids::{CategoryCode, EntryId};
use serde_json::json;

pub(super) fn create_cycle(
    u: &mut dyn AwardUnit,
    c: &Cycle,
    method: Aggregation,
    frameworks: &[Framework],
    actor: &Actor,
) -> Result<(), AwardError> {
    if u.cycle(c.year)?.is_some() {
        return Err(AwardError::CycleExists(c.year));
    }
    if let Some(f) = frameworks
        .iter()
        .find(|f| f.year != c.year || c.category(&f.category).is_none())
    {
        return Err(AwardError::UnknownCategory {
            year: c.year,
            category: f.category.to_string(),
        });
    }
    u.insert_cycle(c, method)?;
    for f in frameworks {
        u.insert_framework(f)?;
    }
    let timeline: Vec<_> = c
        .timeline()
        .iter()
        .map(|m| json!({"phase": m.phase, "start": m.start, "end": m.end}))
        .collect();
    audit(
        u,
        actor,
        "award.cycle.create",
        object(c.year, ""),
        None,
        json!({
            "cut_off": c.cut_off,
            "timeline": timeline,
            "categories": c.categories.iter().map(|k| k.code.as_str()).collect::<Vec<_>>(),
            "method": method,
            "frameworks": frameworks.iter().map(|f| json!({"category": f.category, "version": f.version()})).collect::<Vec<_>>(),
        }),
    )?;
    Ok(())
}

/// The current framework of a category of the cycle.
fn current_framework(
    r: &mut dyn AwardReads,
    year: u16,
    category: &CategoryCode,
) -> Result<Framework, AwardError> {
    let c = need_cycle(r, year)?;
    if c.cycle.category(category).is_none() {
        return Err(AwardError::UnknownCategory {
            year,
            category: category.to_string(),
        });
    }
    r.frameworks(year)?
        .into_iter()
        .find(|f| &f.category == category)
        .ok_or_else(|| AwardError::NoFramework(category.to_string()))
}

pub(super) fn edit_framework(
    u: &mut dyn AwardUnit,
    year: u16,
    category: &CategoryCode,
    spec: FrameworkSpec,
    actor: &Actor,
) -> Result<Framework, AwardError> {
    let mut f = current_framework(u, year, category)?;
    let before = f.version();
    f.edit(|s| *s = spec)?;
    u.insert_framework(&f)?;
    audit(
        u,
        actor,
        "award.framework.edit",
        object(year, &format!("framework:{category}")),
        None,
        json!({"version_before": before, "version": f.version(), "spec": f.spec()}),
    )?;
    Ok(f)
}

pub(super) fn freeze_framework(
    u: &mut dyn AwardUnit,
    year: u16,
    category: &CategoryCode,
    actor: &Actor,
) -> Result<Framework, AwardError> {
    let mut f = current_framework(u, year, category)?;
    f.freeze().map_err(AwardError::Framework)?;
    u.store_frozen_framework(&f)?;
    audit(
        u,
        actor,
        "award.framework.freeze",
        object(year, &format!("framework:{category}")),
        None,
        json!({"version": f.version()}),
    )?;
    Ok(f)
}

pub(super) fn register_entry(
    u: &mut dyn AwardUnit,
    year: u16,
    new: &NewEntry,
    today: NaiveDate,
    actor: &Actor,
) -> Result<EntryRecord, AwardError> {
    let c = need_cycle(u, year)?;
    let category = c
        .cycle
        .category(&new.category)
        .ok_or_else(|| AwardError::UnknownCategory {
            year,
            category: new.category.to_string(),
        })?;
    may_change(&c.cycle, EntryState::Draft, today)?;
    let e = Entry {
        id: u.next_entry_id(year)?,
        category: new.category.clone(),
        name: new.name.trim().to_string(),
        region: new.region,
        company: new.company.clone(),
    };
    e.check(category)?;
    u.insert_entry(year, &e, actor.user_id, &new.statement)?;
    audit(
        u,
        actor,
        "award.entry.register",
        entry_object(year, e.id),
        Some(e.region),
        json!({"category": e.category, "company": e.company, "owner": actor.user_id}),
    )?;
    need_entry(u, year, e.id)
}

/// Loads a draft that may still change on `today`.
fn changeable_entry(
    r: &mut dyn AwardReads,
    year: u16,
    id: EntryId,
    today: NaiveDate,
) -> Result<EntryRecord, AwardError> {
    let c = need_cycle(r, year)?;
    let rec = need_entry(r, year, id)?;
    may_change(&c.cycle, rec.state, today)?;
    Ok(rec)
}

pub(super) fn update_statement(
    u: &mut dyn AwardUnit,
    year: u16,
    id: EntryId,
    statement: &str,
    today: NaiveDate,
    actor: &Actor,
) -> Result<EntryRecord, AwardError> {
    let rec = changeable_entry(u, year, id, today)?;
    u.set_statement(year, id, statement)?;
    audit(
        u,
        actor,
        "award.entry.statement",
        entry_object(year, id),
        Some(rec.entry.region),
        json!({"chars_before": rec.statement.chars().count(), "chars": statement.chars().count(), "sha256": sha256(statement)}),
    )?;
    need_entry(u, year, id)
}

pub(super) fn submit_entry(
    u: &mut dyn AwardUnit,
    year: u16,
    id: EntryId,
    today: NaiveDate,
    actor: &Actor,
) -> Result<EntryRecord, AwardError> {
    let rec = changeable_entry(u, year, id, today)?;
    u.mark_submitted(year, id)?;
    audit(
        u,
        actor,
        "award.entry.submit",
        entry_object(year, id),
        Some(rec.entry.region),
        json!({"statement_sha256": sha256(&rec.statement)}),
    )?;
    need_entry(u, year, id)
}

/// An evidence file is named by its SHA-256: anything else is refused before any read.
pub(super) fn check_evidence(ev: &NewEvidence) -> Result<(), AwardError> {
    if valid_sha256(&ev.sha256) {
        Ok(())
    } else {
        Err(AwardError::BadSha256(ev.sha256.clone()))
    }
}

pub(super) fn add_evidence(
    u: &mut dyn AwardUnit,
    year: u16,
    id: EntryId,
    ev: &NewEvidence,
    today: NaiveDate,
    actor: &Actor,
) -> Result<EvidenceRecord, AwardError> {
    check_evidence(ev)?;
    let rec = changeable_entry(u, year, id, today)?;
    let stored = u.insert_evidence(year, id, ev, actor.user_id)?;
    // The original file name may name people: only the hash goes to the trail.
    audit(
        u,
        actor,
        "award.evidence.add",
        entry_object(year, id),
        Some(rec.entry.region),
        json!({"evidence": stored.id, "indicator": ev.indicator, "sha256": ev.sha256, "size": ev.size, "media_type": ev.media_type}),
    )?;
    Ok(stored)
}
