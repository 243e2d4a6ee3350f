//! The award's storage primitives: what a backend must implement for the award, and nothing
//! more. [`AwardReads`] reads stored rows back as records; [`AwardUnit`] adds the writes and the
//! audit append of one change; [`AwardData`] opens a read transaction or a write unit around a
//! closure. None of them decides anything: the rules are paritrana-core's, and the order
//! "load → ask the rule → write → audit" is the service's ([`super::service`]), written once
//! for every backend. A backend implementing [`AwardData`] gets [`super::AwardStore`] for free.
//!
//! Free texts are stored as they are handed in: the service trims reasons before writing them.

use crate::StoreError;
use crate::audit::{Actor, AuditEntry};
use crate::award::certificate::CertificateRecord;
use crate::award::{
    AwardError, CycleRecord, EntryRecord, EvidenceRecord, NewEvidence, RoundStatus, ScoreChange,
};
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::assignment::Assignment;
use paritrana_core::award::certificate::Certificate;
use paritrana_core::award::computed::Figure;
use paritrana_core::award::cycle::Cycle;
use paritrana_core::award::decision::FinalDecision;
use paritrana_core::award::entry::Entry;
use paritrana_core::award::framework::Framework;
use paritrana_core::award::ids::{AssessorId, EntryId, PanelId};
use paritrana_core::award::nomination::NominationOverride;
use paritrana_core::award::panel::{Member, Panel, PanelLevel, Round};
use paritrana_core::award::points::Points;
use paritrana_core::award::ranking::ChairOrder;
use paritrana_core::award::round::GroupRanking;
use paritrana_core::award::score::Score;
use paritrana_core::award::verification::VerificationCode;

/// Reads of the award's stored rows. Every list comes back in a stable order (named on each
/// method) so that rankings and exports are the same on every backend.
pub trait AwardReads {
    fn cycle(&mut self, year: u16) -> Result<Option<CycleRecord>, StoreError>;

    /// The years with a cycle, newest first.
    fn years(&mut self) -> Result<Vec<u16>, StoreError>;

    /// The current (highest) version of every framework of the cycle, by category code.
    fn frameworks(&mut self, year: u16) -> Result<Vec<Framework>, StoreError>;

    /// The framework scores are given against, by category code: the latest frozen version of
    /// each category, or the current one when none is frozen yet.
    fn scoring_frameworks(&mut self, year: u16) -> Result<Vec<Framework>, StoreError>;

    /// Every entry of the cycle, by registration number.
    fn entries(&mut self, year: u16) -> Result<Vec<EntryRecord>, StoreError>;

    fn entry(&mut self, year: u16, id: EntryId) -> Result<Option<EntryRecord>, StoreError>;

    /// The evidence files of an entry, in the order uploaded.
    fn evidence(&mut self, year: u16, entry: EntryId) -> Result<Vec<EvidenceRecord>, StoreError>;

    /// The full name of an account, `None` when there is no such account.
    fn account_name(&mut self, account_id: i64) -> Result<Option<String>, StoreError>;

    /// Every panel of the cycle by id, its chair first then members by account id, each with
    /// their declared conflicts by entry.
    fn panels(&mut self, year: u16) -> Result<Vec<Panel>, StoreError>;

    /// By panel, assessor, entry.
    fn assignments(&mut self, year: u16) -> Result<Vec<Assignment>, StoreError>;

    /// The current scores of a round, by entry, stage, assessor, indicator.
    fn scores(&mut self, year: u16, round: Round) -> Result<Vec<Score>, StoreError>;

    /// The stored value and comment of the score with the key of `key` (round, assessor,
    /// entry, stage, indicator).
    fn stored_score(
        &mut self,
        year: u16,
        key: &Score,
    ) -> Result<Option<(Points, String)>, StoreError>;

    /// Every change of the scores of an entry, oldest first.
    fn score_history(&mut self, year: u16, entry: EntryId) -> Result<Vec<ScoreChange>, StoreError>;

    /// By entry, metric.
    fn figures(&mut self, year: u16) -> Result<Vec<Figure>, StoreError>;

    /// By category, province.
    fn chair_orders(&mut self, year: u16, round: Round) -> Result<Vec<ChairOrder>, StoreError>;

    /// In the order recorded.
    fn nomination_overrides(&mut self, year: u16) -> Result<Vec<NominationOverride>, StoreError>;

    /// By category.
    fn decisions(&mut self, year: u16) -> Result<Vec<FinalDecision>, StoreError>;

    /// The default (neither closed nor published) when the round has no row.
    fn round_status(&mut self, year: u16, round: Round) -> Result<RoundStatus, StoreError>;

    /// The rankings kept when the round closed.
    fn closed_rankings(
        &mut self,
        year: u16,
        round: Round,
    ) -> Result<Option<Vec<GroupRanking>>, StoreError>;

    /// Every certificate of the cycle, in the order issued.
    fn certificates(&mut self, year: u16) -> Result<Vec<CertificateRecord>, StoreError>;

    fn certificate(
        &mut self,
        code: VerificationCode,
    ) -> Result<Option<CertificateRecord>, StoreError>;
}

/// The writes of one change, inside one write transaction of the backend, with the audit
/// append. Times are the backend's clock (UTC RFC 3339 with milliseconds) unless handed in.
pub trait AwardUnit: AwardReads {
    fn insert_cycle(&mut self, cycle: &Cycle, method: Aggregation) -> Result<(), StoreError>;

    /// Stores a new version of a framework.
    fn insert_framework(&mut self, framework: &Framework) -> Result<(), StoreError>;

    /// Stores a framework frozen in place (same version), keeping the first freezing time.
    fn store_frozen_framework(&mut self, framework: &Framework) -> Result<(), StoreError>;

    /// The next registration number of the cycle.
    fn next_entry_id(&mut self, year: u16) -> Result<EntryId, StoreError>;

    /// Stores a new draft entry.
    fn insert_entry(
        &mut self,
        year: u16,
        entry: &Entry,
        owner: Option<i64>,
        statement: &str,
    ) -> Result<(), StoreError>;

    fn set_statement(&mut self, year: u16, id: EntryId, statement: &str) -> Result<(), StoreError>;

    fn mark_submitted(&mut self, year: u16, id: EntryId) -> Result<(), StoreError>;

    /// Stores an evidence file's metadata and gives it back as stored.
    fn insert_evidence(
        &mut self,
        year: u16,
        entry: EntryId,
        evidence: &NewEvidence,
        uploaded_by: Option<i64>,
    ) -> Result<EvidenceRecord, StoreError>;

    /// Stores a panel without members and gives its id.
    fn insert_panel(&mut self, year: u16, level: PanelLevel) -> Result<PanelId, StoreError>;

    /// Stores a member (not their declarations).
    fn insert_panel_member(&mut self, panel: PanelId, member: &Member) -> Result<(), StoreError>;

    /// Stores (or replaces) a member's declared conflict with an entry.
    fn put_conflict(
        &mut self,
        year: u16,
        panel: PanelId,
        assessor: AssessorId,
        entry: EntryId,
        reason: &str,
    ) -> Result<(), StoreError>;

    /// Stores an assignment; `false` when it was already stored.
    fn insert_assignment(&mut self, year: u16, a: &Assignment) -> Result<bool, StoreError>;

    /// Stores (or replaces) the current value of a score.
    fn put_score(&mut self, year: u16, score: &Score, at: &str) -> Result<(), StoreError>;

    /// Appends a change to the score history (`changed_id`: the actor's account).
    fn insert_score_change(
        &mut self,
        year: u16,
        change: &ScoreChange,
        changed_id: Option<i64>,
    ) -> Result<(), StoreError>;

    /// Stores (or replaces) an entry's figure of a metric.
    fn put_figure(&mut self, year: u16, figure: &Figure) -> Result<(), StoreError>;

    /// Stores (or replaces) the chair's order of a group.
    fn put_chair_order(
        &mut self,
        year: u16,
        round: Round,
        order: &ChairOrder,
    ) -> Result<(), StoreError>;

    fn insert_nomination_override(
        &mut self,
        year: u16,
        change: &NominationOverride,
    ) -> Result<(), StoreError>;

    /// Stores (or replaces) the decision of a category.
    fn put_decision(&mut self, year: u16, decision: &FinalDecision) -> Result<(), StoreError>;

    /// Marks a round closed with the rankings it closed with.
    fn insert_closed_round(
        &mut self,
        year: u16,
        round: Round,
        rankings: &[GroupRanking],
    ) -> Result<(), StoreError>;

    fn mark_published(&mut self, year: u16, round: Round) -> Result<(), StoreError>;

    /// A certificate (of any year) already has this code.
    fn code_taken(&mut self, code: VerificationCode) -> Result<bool, StoreError>;

    /// Stores an issued certificate of a round's winner and gives it back as stored.
    fn insert_certificate(
        &mut self,
        round: Round,
        entry: EntryId,
        certificate: &Certificate,
        actor: &Actor,
    ) -> Result<CertificateRecord, StoreError>;

    /// Records the withdrawal of a certificate and gives it back as stored.
    fn withdraw_certificate(
        &mut self,
        code: VerificationCode,
        reason: &str,
        actor: &Actor,
    ) -> Result<CertificateRecord, StoreError>;

    /// Appends an entry to the audit chain, after the chain head it locks.
    fn append_audit(&mut self, actor: &Actor, entry: &AuditEntry) -> Result<i64, StoreError>;
}

/// A backend's transactions for the award. What runs inside `award_read` sees one consistent
/// state of the database; what runs inside `award_unit` is committed together when the closure
/// answers `Ok`, and leaves nothing behind (no row, no audit entry) when it answers `Err`.
pub trait AwardData {
    /// Runs `f` inside one read transaction.
    fn award_read<R, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn AwardReads) -> Result<R, E>,
    ) -> Result<R, E>;

    /// Runs `f` inside one write transaction, committed only when it answers `Ok`.
    fn award_unit<R>(
        &self,
        f: impl FnOnce(&mut dyn AwardUnit) -> Result<R, AwardError>,
    ) -> Result<R, AwardError>;
}
