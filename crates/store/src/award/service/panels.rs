//! Panels (tim penilai): forming one, adding a member, a member's declared conflict, and
//! assigning a member to an entry. `Panel::new` and `assignment::assign` decide.

use super::{audit, entry_object, need_cycle, need_entry, need_panel, object, sha256};
use crate::audit::Actor;
use crate::award::data::{AwardReads, AwardUnit};
use crate::award::{AwardError, NewMember};
use paritrana_core::award::assignment::{Assignment, AssignmentError, assign};
use paritrana_core::award::entry::EntryState;
use paritrana_core::award::ids::{AssessorId, EntryId, PanelId};
use paritrana_core::award::panel::{Member, Panel, PanelLevel};
use paritrana_core::region::RegionCode;
use serde_json::json;

/// A new member with the name of their account.
fn member(r: &mut dyn AwardReads, new: &NewMember) -> Result<Member, AwardError> {
    let name = r
        .account_name(new.account_id)?
        .ok_or(AwardError::NoAccount(AssessorId(new.account_id)))?;
    Ok(new.member(name, Vec::new()))
}

fn region(level: PanelLevel) -> Option<RegionCode> {
    match level {
        PanelLevel::Provincial(p) => Some(p),
        PanelLevel::National => None,
    }
}

pub(super) fn create_panel(
    u: &mut dyn AwardUnit,
    year: u16,
    level: PanelLevel,
    new: &[NewMember],
    actor: &Actor,
) -> Result<Panel, AwardError> {
    need_cycle(u, year)?;
    let members = new
        .iter()
        .map(|m| member(u, m))
        .collect::<Result<Vec<_>, _>>()?;
    let mut panel = Panel::new(PanelId(0), year, level, members)?;
    if u.panels(year)?.iter().any(|p| p.level == level) {
        return Err(AwardError::PanelExists(match level {
            PanelLevel::Provincial(p) => format!("provinsi {p}"),
            PanelLevel::National => "nasional".into(),
        }));
    }
    panel.id = u.insert_panel(year, level)?;
    for m in &panel.members {
        u.insert_panel_member(panel.id, m)?;
    }
    let members: Vec<_> = panel
        .members
        .iter()
        .map(|m| json!({"account": m.assessor.0, "institution": m.institution, "chair": m.chair}))
        .collect();
    audit(
        u,
        actor,
        "award.panel.create",
        object(year, &format!("panel:{}", panel.id.0)),
        region(level),
        json!({"level": level, "members": members}),
    )?;
    Ok(panel)
}

pub(super) fn add_member(
    u: &mut dyn AwardUnit,
    year: u16,
    panel_id: PanelId,
    new: &NewMember,
    actor: &Actor,
) -> Result<Panel, AwardError> {
    need_cycle(u, year)?;
    let panel = need_panel(u, year, panel_id)?;
    let added = member(u, new)?;
    let mut members = panel.members.clone();
    members.push(added.clone());
    // The same checks as forming the panel: one chair, no member twice.
    let panel = Panel::new(panel.id, year, panel.level, members)?;
    u.insert_panel_member(panel.id, &added)?;
    audit(
        u,
        actor,
        "award.panel.member.add",
        object(year, &format!("panel:{}", panel.id.0)),
        region(panel.level),
        json!({"account": new.account_id, "institution": new.institution, "chair": new.chair}),
    )?;
    Ok(panel)
}

/// `reason` is trimmed and not empty.
pub(super) fn declare_conflict(
    u: &mut dyn AwardUnit,
    year: u16,
    panel_id: PanelId,
    assessor: AssessorId,
    id: EntryId,
    reason: &str,
    actor: &Actor,
) -> Result<(), AwardError> {
    let panel = need_panel(u, year, panel_id)?;
    if panel.member(assessor).is_none() {
        return Err(AssignmentError::NotAMember {
            assessor,
            panel: panel_id,
        }
        .into());
    }
    let rec = need_entry(u, year, id)?;
    u.put_conflict(year, panel_id, assessor, id, reason)?;
    // The reason may name people: the trail keeps its hash.
    audit(
        u,
        actor,
        "award.conflict.declare",
        entry_object(year, id),
        Some(rec.entry.region),
        json!({"panel": panel_id.0, "assessor": assessor.0, "reason_sha256": sha256(reason)}),
    )?;
    Ok(())
}

pub(super) fn assign_entry(
    u: &mut dyn AwardUnit,
    year: u16,
    panel_id: PanelId,
    assessor: AssessorId,
    id: EntryId,
    actor: &Actor,
) -> Result<Assignment, AwardError> {
    let panel = need_panel(u, year, panel_id)?;
    let rec = need_entry(u, year, id)?;
    if rec.state != EntryState::Submitted {
        return Err(AwardError::NotSubmitted(id));
    }
    let a = assign(&panel, assessor, &rec.entry)?;
    let stored = Assignment {
        panel: panel_id,
        assessor,
        entry: id,
    };
    if u.insert_assignment(year, &stored)? {
        audit(
            u,
            actor,
            "award.assignment.create",
            entry_object(year, id),
            Some(rec.entry.region),
            json!({"panel": panel_id.0, "assessor": assessor.0}),
        )?;
    }
    Ok(a)
}
