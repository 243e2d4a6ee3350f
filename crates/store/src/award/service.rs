//! The award's orchestration, written once for every backend: each operation of
//! [`AwardStore`] loads what it needs through [`AwardReads`], asks paritrana-core's rule
//! (`accept`, `assign`, `nominate`, `decide`, `rank_round`, `Panel::new`, `Framework::freeze`,
//! …), writes through [`AwardUnit`] and appends its audit entry — all inside one
//! [`AwardData::award_unit`], so a refused change writes nothing and audits nothing. Reads that
//! need several statements run in one [`AwardData::award_read`].
//!
//! The blanket `impl<T: AwardData> AwardStore for T` is what a backend gets: it implements the
//! primitives of [`super::data`] and nothing of this module.
//!
//! - [`setup`]: cycles, frameworks, entries and evidence;
//! - [`panels`]: panels, members, declared conflicts, assignments;
//! - [`scoring`]: score sheets and figures;
//! - [`rounds`]: chair's orders, nominations, decisions, rankings, closing and publishing;
//! - [`certificates`]: the winners of a round, issuing and withdrawing piagam.

mod certificates;
mod panels;
mod rounds;
mod scoring;
mod setup;

pub use rounds::AwardSnapshot;

use super::certificate::{CertificateIssue, CertificateRecord, IssueReport, RoundWinners};
use super::data::{AwardData, AwardReads, AwardUnit};
use super::{
    AwardError, AwardStore, CycleRecord, EntryRecord, EvidenceRecord, NewEntry, NewEvidence,
    NewMember, RoundStatus, ScoreChange,
};
use crate::StoreError;
use crate::audit::{Actor, AuditEntry};
use chrono::NaiveDate;
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::assignment::Assignment;
use paritrana_core::award::computed::Figure;
use paritrana_core::award::cycle::Cycle;
use paritrana_core::award::decision::{FinalDecision, Winner};
use paritrana_core::award::framework::{Framework, FrameworkSpec};
use paritrana_core::award::ids::{AssessorId, CategoryCode, EntryId, PanelId};
use paritrana_core::award::nomination::{Nomination, NominationOverride};
use paritrana_core::award::panel::{Panel, PanelLevel, Round};
use paritrana_core::award::ranking::ChairOrder;
use paritrana_core::award::reproduce::RoundExport;
use paritrana_core::award::round::GroupRanking;
use paritrana_core::award::score::Score;
use paritrana_core::award::verification::{RANDOM_BYTES, VerificationCode};
use paritrana_core::region::RegionCode;
use sha2::{Digest, Sha256};

/// Free texts (reasons, comments, statements) enter the trail only as their SHA-256.
fn sha256(text: &str) -> String {
    crate::audit::chain::hex(&Sha256::digest(text.as_bytes()))
}

/// The audit object of the cycle (`award:<year>`) or of a part of it (`award:<year>:<what>`).
fn object(year: u16, what: &str) -> String {
    if what.is_empty() {
        format!("award:{year}")
    } else {
        format!("award:{year}:{what}")
    }
}

fn entry_object(year: u16, id: EntryId) -> String {
    object(year, &format!("entry:{}", id.0))
}

/// Appends the audit entry of a change inside its unit.
fn audit(
    u: &mut dyn AwardUnit,
    actor: &Actor,
    action: &str,
    object: String,
    region: Option<RegionCode>,
    detail: serde_json::Value,
) -> Result<i64, StoreError> {
    let mut e = AuditEntry::new(action).object(object).detail(detail);
    e.region = region.map(|r| r.to_string());
    u.append_audit(actor, &e)
}

fn need_cycle(r: &mut dyn AwardReads, year: u16) -> Result<CycleRecord, AwardError> {
    r.cycle(year)?.ok_or(AwardError::NoCycle(year))
}

fn need_entry(r: &mut dyn AwardReads, year: u16, id: EntryId) -> Result<EntryRecord, AwardError> {
    r.entry(year, id)?.ok_or(AwardError::NoEntry(id))
}

fn need_panel(r: &mut dyn AwardReads, year: u16, id: PanelId) -> Result<Panel, AwardError> {
    r.panels(year)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AwardError::NoPanel(id))
}

impl<T: AwardData> AwardStore for T {
    fn create_award_cycle(
        &self,
        cycle: &Cycle,
        method: Aggregation,
        frameworks: &[Framework],
        actor: &Actor,
    ) -> Result<(), AwardError> {
        self.award_unit(|u| setup::create_cycle(u, cycle, method, frameworks, actor))
    }

    fn award_cycle(&self, year: u16) -> Result<Option<CycleRecord>, StoreError> {
        self.award_read(|r| r.cycle(year))
    }

    fn award_years(&self) -> Result<Vec<u16>, StoreError> {
        self.award_read(|r| r.years())
    }

    fn award_snapshot(&self, year: u16) -> Result<Option<AwardSnapshot>, StoreError> {
        self.award_read(|r| rounds::snapshot(r, year))
    }

    fn award_frameworks(&self, year: u16) -> Result<Vec<Framework>, StoreError> {
        self.award_read(|r| r.frameworks(year))
    }

    fn edit_award_framework(
        &self,
        year: u16,
        category: &CategoryCode,
        spec: FrameworkSpec,
        actor: &Actor,
    ) -> Result<Framework, AwardError> {
        self.award_unit(|u| setup::edit_framework(u, year, category, spec, actor))
    }

    fn freeze_award_framework(
        &self,
        year: u16,
        category: &CategoryCode,
        actor: &Actor,
    ) -> Result<Framework, AwardError> {
        self.award_unit(|u| setup::freeze_framework(u, year, category, actor))
    }

    fn register_award_entry(
        &self,
        year: u16,
        new: &NewEntry,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<EntryRecord, AwardError> {
        self.award_unit(|u| setup::register_entry(u, year, new, today, actor))
    }

    fn update_award_statement(
        &self,
        year: u16,
        entry: EntryId,
        statement: &str,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<EntryRecord, AwardError> {
        self.award_unit(|u| setup::update_statement(u, year, entry, statement, today, actor))
    }

    fn submit_award_entry(
        &self,
        year: u16,
        entry: EntryId,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<EntryRecord, AwardError> {
        self.award_unit(|u| setup::submit_entry(u, year, entry, today, actor))
    }

    fn award_entry(&self, year: u16, entry: EntryId) -> Result<Option<EntryRecord>, StoreError> {
        self.award_read(|r| r.entry(year, entry))
    }

    fn award_entries(&self, year: u16) -> Result<Vec<EntryRecord>, StoreError> {
        self.award_read(|r| r.entries(year))
    }

    fn add_award_evidence(
        &self,
        year: u16,
        entry: EntryId,
        evidence: &NewEvidence,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<EvidenceRecord, AwardError> {
        setup::check_evidence(evidence)?;
        self.award_unit(|u| setup::add_evidence(u, year, entry, evidence, today, actor))
    }

    fn award_evidence(&self, year: u16, entry: EntryId) -> Result<Vec<EvidenceRecord>, StoreError> {
        self.award_read(|r| r.evidence(year, entry))
    }

    fn create_award_panel(
        &self,
        year: u16,
        level: PanelLevel,
        members: &[NewMember],
        actor: &Actor,
    ) -> Result<Panel, AwardError> {
        self.award_unit(|u| panels::create_panel(u, year, level, members, actor))
    }

    fn add_award_panel_member(
        &self,
        year: u16,
        panel: PanelId,
        member: &NewMember,
        actor: &Actor,
    ) -> Result<Panel, AwardError> {
        self.award_unit(|u| panels::add_member(u, year, panel, member, actor))
    }

    fn award_panels(&self, year: u16) -> Result<Vec<Panel>, StoreError> {
        self.award_read(|r| r.panels(year))
    }

    fn declare_award_conflict(
        &self,
        year: u16,
        panel: PanelId,
        assessor: AssessorId,
        entry: EntryId,
        reason: &str,
        actor: &Actor,
    ) -> Result<(), AwardError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AwardError::NoReason);
        }
        self.award_unit(|u| {
            panels::declare_conflict(u, year, panel, assessor, entry, reason, actor)
        })
    }

    fn assign_award_entry(
        &self,
        year: u16,
        panel: PanelId,
        assessor: AssessorId,
        entry: EntryId,
        actor: &Actor,
    ) -> Result<Assignment, AwardError> {
        self.award_unit(|u| panels::assign_entry(u, year, panel, assessor, entry, actor))
    }

    fn award_assignments(&self, year: u16) -> Result<Vec<Assignment>, StoreError> {
        self.award_read(|r| r.assignments(year))
    }

    fn record_award_scores(
        &self,
        year: u16,
        sheet: &[Score],
        actor: &Actor,
    ) -> Result<Vec<ScoreChange>, AwardError> {
        self.award_unit(|u| scoring::record_scores(u, year, sheet, actor))
    }

    fn award_scores(&self, year: u16, round: Round) -> Result<Vec<Score>, StoreError> {
        self.award_read(|r| r.scores(year, round))
    }

    fn award_score_history(
        &self,
        year: u16,
        entry: EntryId,
    ) -> Result<Vec<ScoreChange>, StoreError> {
        self.award_read(|r| r.score_history(year, entry))
    }

    fn set_award_figures(
        &self,
        year: u16,
        figures: &[Figure],
        actor: &Actor,
    ) -> Result<(), AwardError> {
        self.award_unit(|u| scoring::set_figures(u, year, figures, actor))
    }

    fn award_figures(&self, year: u16) -> Result<Vec<Figure>, StoreError> {
        self.award_read(|r| r.figures(year))
    }

    fn set_award_chair_order(
        &self,
        year: u16,
        round: Round,
        order: &ChairOrder,
        actor: &Actor,
    ) -> Result<(), AwardError> {
        if order.reason.trim().is_empty() {
            return Err(AwardError::NoReason);
        }
        self.award_unit(|u| rounds::set_chair_order(u, year, round, order, actor))
    }

    fn add_award_nomination_override(
        &self,
        year: u16,
        change: &NominationOverride,
        actor: &Actor,
    ) -> Result<Vec<Nomination>, AwardError> {
        self.award_unit(|u| rounds::add_override(u, year, change, actor))
    }

    fn award_nominations(&self, year: u16) -> Result<Vec<Nomination>, AwardError> {
        self.award_read(|r| rounds::nominations(r, year))
    }

    fn record_award_decision(
        &self,
        year: u16,
        decision: &FinalDecision,
        actor: &Actor,
    ) -> Result<Vec<Winner>, AwardError> {
        self.award_unit(|u| rounds::record_decision(u, year, decision, actor))
    }

    fn award_decisions(&self, year: u16) -> Result<Vec<FinalDecision>, StoreError> {
        self.award_read(|r| r.decisions(year))
    }

    fn award_rankings(&self, year: u16, round: Round) -> Result<Vec<GroupRanking>, AwardError> {
        self.award_read(|r| rounds::rankings(r, year, round))
    }

    fn close_award_round(
        &self,
        year: u16,
        round: Round,
        actor: &Actor,
    ) -> Result<Vec<GroupRanking>, AwardError> {
        self.award_unit(|u| rounds::close_round(u, year, round, actor))
    }

    fn publish_award_round(
        &self,
        year: u16,
        round: Round,
        actor: &Actor,
    ) -> Result<(), AwardError> {
        self.award_unit(|u| rounds::publish_round(u, year, round, actor))
    }

    fn award_round_status(&self, year: u16, round: Round) -> Result<RoundStatus, StoreError> {
        self.award_read(|r| r.round_status(year, round))
    }

    fn award_round_export(&self, year: u16, round: Round) -> Result<RoundExport, AwardError> {
        self.award_read(|r| rounds::round_export(r, year, round))
    }

    fn award_winners(&self, year: u16, round: Round) -> Result<RoundWinners, AwardError> {
        self.award_read(|r| certificates::winners(r, year, round))
    }

    fn issue_award_certificates(
        &self,
        request: &CertificateIssue<'_>,
        draw: &mut dyn FnMut() -> [u8; RANDOM_BYTES],
        actor: &Actor,
    ) -> Result<IssueReport, AwardError> {
        self.award_unit(|u| certificates::issue(u, request, draw, actor))
    }

    fn award_certificates(&self, year: u16) -> Result<Vec<CertificateRecord>, StoreError> {
        self.award_read(|r| r.certificates(year))
    }

    fn award_certificate(
        &self,
        code: VerificationCode,
    ) -> Result<Option<CertificateRecord>, StoreError> {
        self.award_read(|r| r.certificate(code))
    }

    fn withdraw_award_certificate(
        &self,
        code: VerificationCode,
        reason: &str,
        actor: &Actor,
    ) -> Result<CertificateRecord, AwardError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AwardError::NoReason);
        }
        self.award_unit(|u| certificates::withdraw(u, code, reason, actor))
    }
}
