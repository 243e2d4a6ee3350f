//! Rounds: the chair's orders, the provincial nominations and their overrides, the national
//! chair's decisions, the rankings (`round::rank_round`), closing and publishing a round, and
//! its export. A round's rankings are computed from one read of what they depend on
//! ([`Parts`]).

use super::{audit, need_cycle, object, sha256};
use crate::StoreError;
use crate::audit::Actor;
use crate::award::data::{AwardReads, AwardUnit};
use crate::award::{AwardError, CycleRecord, EntryRecord};
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::assignment::Assignment;
use paritrana_core::award::computed::Figure;
use paritrana_core::award::decision::{FinalDecision, Winner, decide};
use paritrana_core::award::entry::{Entry, EntryState};
use paritrana_core::award::framework::Framework;
use paritrana_core::award::ids::EntryId;
use paritrana_core::award::nomination::{Nomination, NominationOverride, nominate};
use paritrana_core::award::panel::{Panel, PanelLevel, Round};
use paritrana_core::award::ranking::ChairOrder;
use paritrana_core::award::reproduce::RoundExport;
use paritrana_core::award::round::{GroupRanking, RoundInput, rank_round};
use paritrana_core::award::score::Score;
use serde::Serialize;
use serde_json::json;

/// `order.reason` is not blank.
pub(super) fn set_chair_order(
    u: &mut dyn AwardUnit,
    year: u16,
    round: Round,
    order: &ChairOrder,
    actor: &Actor,
) -> Result<(), AwardError> {
    if u.round_status(year, round)?.is_closed() {
        return Err(AwardError::RoundClosed(round));
    }
    let level = match (round, order.province) {
        (Round::Provincial, Some(p)) => PanelLevel::Provincial(p),
        _ => PanelLevel::National,
    };
    let is_chair = u
        .panels(year)?
        .iter()
        .any(|p| p.level == level && p.chair().map(|c| c.assessor) == Some(order.chair));
    if !is_chair {
        return Err(AwardError::NotChair(order.chair));
    }
    let order = ChairOrder {
        reason: order.reason.trim().to_string(),
        ..order.clone()
    };
    u.put_chair_order(year, round, &order)?;
    let entries: Vec<u32> = order.order.iter().map(|e| e.0).collect();
    audit(
        u,
        actor,
        "award.chair_order.set",
        object(year, ""),
        order.province,
        json!({"round": round, "category": order.category, "chair": order.chair.0, "order": entries, "reason_sha256": sha256(&order.reason)}),
    )?;
    Ok(())
}

/// The provincial rankings: as kept when the round closed, or as they stand.
fn provincial_rankings(r: &mut dyn AwardReads, year: u16) -> Result<Vec<GroupRanking>, AwardError> {
    match r.closed_rankings(year, Round::Provincial)? {
        Some(rankings) => Ok(rankings),
        None => rankings(r, year, Round::Provincial),
    }
}

pub(super) fn nominations(
    r: &mut dyn AwardReads,
    year: u16,
) -> Result<Vec<Nomination>, AwardError> {
    let rankings = provincial_rankings(r, year)?;
    Ok(nominate(&rankings, &r.nomination_overrides(year)?)?)
}

pub(super) fn add_override(
    u: &mut dyn AwardUnit,
    year: u16,
    change: &NominationOverride,
    actor: &Actor,
) -> Result<Vec<Nomination>, AwardError> {
    need_cycle(u, year)?;
    if u.round_status(year, Round::National)?.is_closed() {
        return Err(AwardError::RoundClosed(Round::National));
    }
    let rankings = provincial_rankings(u, year)?;
    let mut all = u.nomination_overrides(year)?;
    all.push(change.clone());
    let out = nominate(&rankings, &all)?;
    let change = NominationOverride {
        reason: change.reason.trim().to_string(),
        ..change.clone()
    };
    u.insert_nomination_override(year, &change)?;
    audit(
        u,
        actor,
        "award.nomination.override",
        object(year, ""),
        Some(change.province),
        json!({"category": change.category, "remove": change.remove.0, "add": change.add.0, "by": change.by.0, "reason_sha256": sha256(&change.reason)}),
    )?;
    Ok(out)
}

pub(super) fn record_decision(
    u: &mut dyn AwardUnit,
    year: u16,
    d: &FinalDecision,
    actor: &Actor,
) -> Result<Vec<Winner>, AwardError> {
    need_cycle(u, year)?;
    // Published winners are final (certificates may have been issued to them).
    if u.round_status(year, Round::National)?.is_published() {
        return Err(AwardError::WinnersPublished);
    }
    let panel = u
        .panels(year)?
        .into_iter()
        .find(|p| p.level == PanelLevel::National)
        .ok_or(AwardError::NoNationalPanel)?;
    let national = u
        .closed_rankings(year, Round::National)?
        .ok_or(AwardError::RoundNotClosed(Round::National))?;
    let ranking = national
        .iter()
        .find(|g| g.category == d.category)
        .ok_or_else(|| AwardError::UnknownCategory {
            year,
            category: d.category.to_string(),
        })?;
    let winners = decide(&panel, ranking, d)?;
    let d = FinalDecision {
        reason: d.reason.trim().to_string(),
        ..d.clone()
    };
    u.put_decision(year, &d)?;
    let ids: Vec<u32> = d.winners.iter().map(|e| e.0).collect();
    audit(
        u,
        actor,
        "award.decision",
        object(year, ""),
        None,
        json!({"category": d.category, "chair": d.chair.0, "winners": ids, "reason_sha256": sha256(&d.reason)}),
    )?;
    Ok(winners)
}

/// What a round's rankings depend on, read from the store.
struct Parts {
    method: Aggregation,
    frameworks: Vec<Framework>,
    entries: Vec<Entry>,
    figures: Vec<Figure>,
    scores: Vec<Score>,
    chair_orders: Vec<ChairOrder>,
}

impl Parts {
    fn input(&self, round: Round) -> RoundInput<'_> {
        RoundInput {
            round,
            method: self.method,
            frameworks: &self.frameworks,
            entries: &self.entries,
            figures: &self.figures,
            scores: &self.scores,
            chair_orders: &self.chair_orders,
        }
    }
}

/// The provincial round holds every submitted entry; the national round the nominees.
fn parts(r: &mut dyn AwardReads, year: u16, round: Round) -> Result<Parts, AwardError> {
    let c = need_cycle(r, year)?;
    let submitted: Vec<Entry> = r
        .entries(year)?
        .into_iter()
        .filter(|e| e.state == EntryState::Submitted)
        .map(|e| e.entry)
        .collect();
    let entries: Vec<Entry> = match round {
        Round::Provincial => submitted,
        Round::National => {
            let nominees: Vec<EntryId> =
                nominations(r, year)?.into_iter().map(|n| n.entry).collect();
            submitted
                .into_iter()
                .filter(|e| nominees.contains(&e.id))
                .collect()
        }
    };
    let in_round = |id: EntryId| entries.iter().any(|e| e.id == id);
    let frameworks = r
        .scoring_frameworks(year)?
        .into_iter()
        .filter(|f| entries.iter().any(|e| e.category == f.category))
        .collect();
    let figures = r
        .figures(year)?
        .into_iter()
        .filter(|f| in_round(f.entry))
        .collect();
    let scores = r
        .scores(year, round)?
        .into_iter()
        .filter(|s| in_round(s.entry))
        .collect();
    Ok(Parts {
        method: c.method,
        frameworks,
        figures,
        scores,
        chair_orders: r.chair_orders(year, round)?,
        entries,
    })
}

pub(super) fn rankings(
    r: &mut dyn AwardReads,
    year: u16,
    round: Round,
) -> Result<Vec<GroupRanking>, AwardError> {
    let p = parts(r, year, round)?;
    Ok(rank_round(&p.input(round))?)
}

pub(super) fn close_round(
    u: &mut dyn AwardUnit,
    year: u16,
    round: Round,
    actor: &Actor,
) -> Result<Vec<GroupRanking>, AwardError> {
    need_cycle(u, year)?;
    if u.round_status(year, round)?.is_closed() {
        return Err(AwardError::AlreadyClosed(round));
    }
    if round == Round::National && !u.round_status(year, Round::Provincial)?.is_closed() {
        return Err(AwardError::RoundNotClosed(Round::Provincial));
    }
    let out = rankings(u, year, round)?;
    u.insert_closed_round(year, round, &out)?;
    let ranked: usize = out.iter().map(|g| g.ranked.len()).sum();
    let unranked: usize = out.iter().map(|g| g.unranked.len()).sum();
    let text = serde_json::to_string(&out)
        .map_err(|e| StoreError::backend(format!("cannot serialise: {e}")))?;
    audit(
        u,
        actor,
        "award.round.close",
        object(year, &format!("round:{}", round.code())),
        None,
        json!({"round": round, "groups": out.len(), "ranked": ranked, "unranked": unranked, "rankings_sha256": sha256(&text)}),
    )?;
    Ok(out)
}

pub(super) fn publish_round(
    u: &mut dyn AwardUnit,
    year: u16,
    round: Round,
    actor: &Actor,
) -> Result<(), AwardError> {
    let status = u.round_status(year, round)?;
    if !status.is_closed() {
        return Err(AwardError::RoundNotClosed(round));
    }
    if status.is_published() {
        return Ok(());
    }
    u.mark_published(year, round)?;
    audit(
        u,
        actor,
        "award.round.publish",
        object(year, &format!("round:{}", round.code())),
        None,
        json!({"round": round}),
    )?;
    Ok(())
}

pub(super) fn round_export(
    r: &mut dyn AwardReads,
    year: u16,
    round: Round,
) -> Result<RoundExport, AwardError> {
    let rankings = r
        .closed_rankings(year, round)?
        .ok_or(AwardError::RoundNotClosed(round))?;
    let p = parts(r, year, round)?;
    Ok(RoundExport {
        year,
        round,
        method: p.method,
        frameworks: p.frameworks,
        entries: p.entries,
        figures: p.figures,
        scores: p.scores,
        chair_orders: p.chair_orders,
        rankings,
    })
}

/// A cycle as its pages show it, read in one read transaction: one consistent state, whatever
/// is written meanwhile.
#[derive(Debug, Clone, Serialize)]
pub struct AwardSnapshot {
    pub cycle: CycleRecord,
    /// The current version of every framework, by category code.
    pub frameworks: Vec<Framework>,
    /// By registration number.
    pub entries: Vec<EntryRecord>,
    pub panels: Vec<Panel>,
    pub assignments: Vec<Assignment>,
}

pub(super) fn snapshot(
    r: &mut dyn AwardReads,
    year: u16,
) -> Result<Option<AwardSnapshot>, StoreError> {
    let Some(cycle) = r.cycle(year)? else {
        return Ok(None);
    };
    Ok(Some(AwardSnapshot {
        cycle,
        frameworks: r.frameworks(year)?,
        entries: r.entries(year)?,
        panels: r.panels(year)?,
        assignments: r.assignments(year)?,
    }))
}
