//! Storage of the Paritrana Award: the [`AwardStore`] trait, its record types and its errors.
//!
//! The rules are paritrana-core's (`award`): the store loads what a rule needs, asks it, and
//! keeps what it accepted. That orchestration is [`service`]'s, written once over the storage
//! primitives of [`data`] that each backend implements. Every change is made in one transaction together with its audit
//! entry (actions `award.*`, objects `award:<year>`, `award:<year>:entry:<n>`,
//! `award:<year>:panel:<n>`); people are named by account id, never by name, and score comments
//! stay out of the trail (the score history keeps them).
//!
//! Evidence files are not stored in the database: the caller keeps the bytes on disk under
//! [`evidence_path`] (named by their SHA-256, so identical files are kept once) and the store
//! records the metadata.
//!
//! Certificates (piagam) of a published round's winners: [`certificate`].

pub mod certificate;
pub mod data;
pub mod service;

pub use data::{AwardData, AwardReads, AwardUnit};
pub use service::AwardSnapshot;

use crate::StoreError;
use crate::audit::Actor;
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::assignment::{Assignment, AssignmentError};
use paritrana_core::award::certificate::CertificateError;
use paritrana_core::award::computed::Figure;
use paritrana_core::award::cycle::{Cycle, CycleError};
use paritrana_core::award::decision::{DecisionError, FinalDecision, Winner};
use paritrana_core::award::entry::{Entry, EntryError, EntryLocked, EntryState};
use paritrana_core::award::framework::{Framework, FrameworkSpec};
use paritrana_core::award::framework_check::FrameworkError;
use paritrana_core::award::ids::{
    AssessorId, CategoryCode, CompanyId, EntryId, IndicatorCode, PanelId,
};
use paritrana_core::award::nomination::{Nomination, NominationError, NominationOverride};
use paritrana_core::award::panel::{Declaration, Member, Panel, PanelError, PanelLevel, Round};
use paritrana_core::award::points::Points;
use paritrana_core::award::ranking::ChairOrder;
use paritrana_core::award::reproduce::RoundExport;
use paritrana_core::award::round::{GroupRanking, RoundError};
use paritrana_core::award::score::{Score, ScoreError};
use paritrana_core::award::verification::{RANDOM_BYTES, VerificationCode};
use paritrana_core::lang::Localized;
use paritrana_core::region::RegionCode;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A cycle as stored: the core cycle and the aggregation method of its rounds.
#[derive(Debug, Clone, Serialize)]
pub struct CycleRecord {
    pub cycle: Cycle,
    pub method: Aggregation,
}

/// A new entry. Its registration number is the next one of the cycle.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub category: CategoryCode,
    pub name: String,
    pub region: RegionCode,
    pub company: Option<CompanyId>,
    pub statement: String,
}

/// A stored entry.
#[derive(Debug, Clone, Serialize)]
pub struct EntryRecord {
    pub year: u16,
    pub entry: Entry,
    /// The account that registered it.
    pub owner_id: Option<i64>,
    pub statement: String,
    pub state: EntryState,
    pub created_at: String,
    pub updated_at: String,
    pub submitted_at: Option<String>,
}

/// Metadata of an uploaded evidence file (the bytes are at [`evidence_path`]).
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub indicator: IndicatorCode,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
}

/// A stored evidence file.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRecord {
    pub id: i64,
    pub entry: EntryId,
    pub indicator: IndicatorCode,
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub uploaded_by: Option<i64>,
    pub uploaded_at: String,
}

/// Where the bytes of an evidence file live: `<data dir>/award/evidence/<first two hex
/// digits>/<sha256>`. `None` when `sha256` is not 64 hex digits (so no path can escape the
/// folder).
pub fn evidence_path(data_dir: &Path, sha256: &str) -> Option<PathBuf> {
    valid_sha256(sha256).then(|| {
        data_dir
            .join("award")
            .join("evidence")
            .join(&sha256[..2])
            .join(sha256)
    })
}

pub(crate) fn valid_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// One change of a score, as kept in the history.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreChange {
    pub round: Round,
    pub assessor: AssessorId,
    pub entry: EntryId,
    pub stage: paritrana_core::award::framework::Stage,
    pub indicator: IndicatorCode,
    /// `None` for the first value.
    pub old_value: Option<Points>,
    pub new_value: Points,
    pub old_comment: Option<String>,
    pub comment: String,
    /// The actor's name as in the audit trail.
    pub changed_by: String,
    pub changed_at: String,
}

/// Where a round stands.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RoundStatus {
    pub closed_at: Option<String>,
    pub published_at: Option<String>,
}

impl RoundStatus {
    pub fn is_closed(&self) -> bool {
        self.closed_at.is_some()
    }

    pub fn is_published(&self) -> bool {
        self.published_at.is_some()
    }
}

/// Why an award change was refused. The core rules' own errors are passed through.
#[derive(Debug, thiserror::Error)]
pub enum AwardError {
    #[error("there is no award cycle for {0}")]
    NoCycle(u16),
    #[error("the award cycle {0} already exists")]
    CycleExists(u16),
    #[error("category {category} is not part of the {year} cycle")]
    UnknownCategory { year: u16, category: String },
    #[error("category {0} has no framework")]
    NoFramework(String),
    #[error("entry {0} does not exist")]
    NoEntry(EntryId),
    #[error("entry {0} has not been submitted")]
    NotSubmitted(EntryId),
    #[error("{0} does not exist")]
    NoPanel(PanelId),
    #[error("{0} is not an account")]
    NoAccount(AssessorId),
    #[error("`{0}` is not a SHA-256 (64 lower-case hex digits)")]
    BadSha256(String),
    #[error("the {0} has been closed: its scores can no longer change")]
    RoundClosed(Round),
    #[error("the {0} has not been closed yet")]
    RoundNotClosed(Round),
    #[error("the {0} has already been closed")]
    AlreadyClosed(Round),
    #[error("the cycle already has a panel for {0}")]
    PanelExists(String),
    #[error("the cycle has no national panel")]
    NoNationalPanel,
    #[error("{0} is not the chair of the panel of that group")]
    NotChair(AssessorId),
    #[error("a reason is required")]
    NoReason,
    #[error(
        "the {0} has not been published yet: certificates are issued for published rounds only"
    )]
    RoundNotPublished(Round),
    #[error("the national round has been published: its winners are final")]
    WinnersPublished,
    #[error("certificate {0} is not registered")]
    NoCertificate(VerificationCode),
    #[error("certificate {code} was already withdrawn on {date}")]
    CertificateWithdrawn {
        code: VerificationCode,
        date: String,
    },
    #[error("no unused certificate code after {0} draws: the random source is broken")]
    NoFreeCode(u32),
    #[error(transparent)]
    Certificate(#[from] CertificateError),
    #[error(transparent)]
    Cycle(#[from] CycleError),
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Framework(Vec<FrameworkError>),
    #[error(transparent)]
    Entry(#[from] EntryError),
    #[error(transparent)]
    Locked(#[from] EntryLocked),
    #[error(transparent)]
    Panel(#[from] PanelError),
    #[error(transparent)]
    Assignment(#[from] AssignmentError),
    #[error(transparent)]
    Score(#[from] ScoreError),
    #[error(transparent)]
    Nomination(#[from] NominationError),
    #[error(transparent)]
    Decision(#[from] DecisionError),
    #[error(transparent)]
    Round(#[from] RoundError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<FrameworkError> for AwardError {
    fn from(e: FrameworkError) -> Self {
        AwardError::Framework(vec![e])
    }
}

impl Localized for AwardError {
    fn message(&self, lang: Lang) -> String {
        use AwardError::*;
        match (self, lang) {
            (NoCycle(y), Lang::Id) => format!("siklus penghargaan {y} belum ada"),
            (CycleExists(y), Lang::Id) => format!("siklus penghargaan {y} sudah ada"),
            (UnknownCategory { year, category }, Lang::Id) => {
                format!("kategori {category} tidak termasuk siklus {year}")
            }
            (NoFramework(c), Lang::Id) => format!("kategori {c} tidak punya kerangka indikator"),
            (NoEntry(e), Lang::Id) => format!("peserta {e} tidak ada"),
            (NotSubmitted(e), Lang::Id) => format!("berkas peserta {e} belum dikirim"),
            (NoPanel(p), Lang::Id) => format!("{p} tidak ada"),
            (NoAccount(a), Lang::Id) => format!("{a} bukan akun terdaftar"),
            (BadSha256(s), Lang::Id) => {
                format!("`{s}` bukan SHA-256 (64 digit heksadesimal huruf kecil)")
            }
            (RoundClosed(r), Lang::Id) => format!(
                "{} sudah ditutup: nilainya tidak dapat diubah lagi",
                r.label(Lang::Id)
            ),
            (RoundNotClosed(r), Lang::Id) => format!("{} belum ditutup", r.label(Lang::Id)),
            (AlreadyClosed(r), Lang::Id) => format!("{} sudah ditutup", r.label(Lang::Id)),
            (PanelExists(p), Lang::Id) => format!("siklus ini sudah punya tim penilai {p}"),
            (NoNationalPanel, Lang::Id) => "siklus ini belum punya tim penilai nasional".into(),
            (NotChair(a), Lang::Id) => format!("{a} bukan ketua tim penilai kelompok itu"),
            (NoReason, Lang::Id) => "alasan wajib diisi".into(),
            (RoundNotPublished(r), Lang::Id) => format!(
                "{} belum diumumkan: piagam hanya diterbitkan untuk babak yang sudah diumumkan",
                r.label(Lang::Id)
            ),
            (WinnersPublished, Lang::Id) => {
                "babak nasional sudah diumumkan: penetapan pemenang sudah final".into()
            }
            (NoCertificate(c), Lang::Id) => format!("piagam {c} tidak terdaftar"),
            (CertificateWithdrawn { code, date }, Lang::Id) => {
                format!("piagam {code} sudah dicabut pada {date}")
            }
            (NoFreeCode(n), Lang::Id) => format!(
                "tidak ada kode piagam yang belum terpakai setelah {n} kali undian: sumber acak rusak"
            ),
            (Certificate(e), lang) => e.message(lang),
            (Framework(errors), lang) => errors
                .iter()
                .map(|e| e.message(lang))
                .collect::<Vec<_>>()
                .join("; "),
            (Cycle(e), lang) => e.message(lang),
            (Entry(e), lang) => e.message(lang),
            (Locked(e), lang) => e.message(lang),
            (Panel(e), lang) => e.message(lang),
            (Assignment(e), lang) => e.message(lang),
            (Score(e), lang) => e.message(lang),
            (Nomination(e), lang) => e.message(lang),
            (Decision(e), lang) => e.message(lang),
            (Round(e), lang) => e.message(lang),
            (Store(e), Lang::Id) => format!("galat penyimpanan: {e}"),
            (
                RoundClosed(r) | RoundNotClosed(r) | AlreadyClosed(r) | RoundNotPublished(r),
                Lang::En,
            ) => self.to_string().replace(r.code(), r.label(Lang::En)),
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// A panel member to add: an account and what the conflict rule needs to know.
#[derive(Debug, Clone)]
pub struct NewMember {
    pub account_id: i64,
    pub institution: paritrana_core::award::panel::Institution,
    pub expertise: Option<paritrana_core::award::panel::Expertise>,
    pub home_region: Option<RegionCode>,
    pub company: Option<CompanyId>,
    pub chair: bool,
}

impl NewMember {
    pub(crate) fn member(&self, name: String, declared: Vec<Declaration>) -> Member {
        Member {
            assessor: AssessorId(self.account_id),
            name,
            institution: self.institution,
            expertise: self.expertise,
            home_region: self.home_region,
            company: self.company.clone(),
            chair: self.chair,
            declared,
        }
    }
}

/// Storage of the award. Reads answer `StoreError`; changes answer [`AwardError`], which names
/// the rule that refused them. Every change is audited in its own transaction.
///
/// Backends do not implement this trait: they implement the primitives of [`AwardData`], and
/// the service ([`service`]) implements it once for all of them.
pub trait AwardStore {
    /// Stores a new cycle with its aggregation method and its first frameworks (one per
    /// category of the cycle, usually `defaults::default_framework`).
    fn create_award_cycle(
        &self,
        cycle: &Cycle,
        method: Aggregation,
        frameworks: &[Framework],
        actor: &Actor,
    ) -> Result<(), AwardError>;

    fn award_cycle(&self, year: u16) -> Result<Option<CycleRecord>, StoreError>;

    /// The years with a cycle, newest first.
    fn award_years(&self) -> Result<Vec<u16>, StoreError>;

    /// The cycle with its frameworks, entries, panels and assignments, read in one read
    /// transaction; `None` when there is no cycle for `year`.
    fn award_snapshot(&self, year: u16) -> Result<Option<AwardSnapshot>, StoreError>;

    /// The current (highest) version of every framework of the cycle, by category code.
    fn award_frameworks(&self, year: u16) -> Result<Vec<Framework>, StoreError>;

    /// Replaces the content of the current framework through `Framework::edit`: a frozen one is
    /// refused; the new version is kept beside the old ones.
    fn edit_award_framework(
        &self,
        year: u16,
        category: &CategoryCode,
        spec: FrameworkSpec,
        actor: &Actor,
    ) -> Result<Framework, AwardError>;

    /// Checks and freezes the current framework (`Framework::freeze`).
    fn freeze_award_framework(
        &self,
        year: u16,
        category: &CategoryCode,
        actor: &Actor,
    ) -> Result<Framework, AwardError>;

    /// Registers an entry during registration (`entry::may_change` on `today`), owned by the
    /// actor's account; it must fit its category (`Entry::check`).
    fn register_award_entry(
        &self,
        year: u16,
        new: &NewEntry,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<EntryRecord, AwardError>;

    /// Changes a draft's statement during registration.
    fn update_award_statement(
        &self,
        year: u16,
        entry: EntryId,
        statement: &str,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<EntryRecord, AwardError>;

    /// Submits a draft during registration; it is locked from then on.
    fn submit_award_entry(
        &self,
        year: u16,
        entry: EntryId,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<EntryRecord, AwardError>;

    fn award_entry(&self, year: u16, entry: EntryId) -> Result<Option<EntryRecord>, StoreError>;

    /// Every entry of the cycle, by registration number.
    fn award_entries(&self, year: u16) -> Result<Vec<EntryRecord>, StoreError>;

    /// Records an evidence file of a draft during registration.
    fn add_award_evidence(
        &self,
        year: u16,
        entry: EntryId,
        evidence: &NewEvidence,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<EvidenceRecord, AwardError>;

    fn award_evidence(&self, year: u16, entry: EntryId) -> Result<Vec<EvidenceRecord>, StoreError>;

    /// Creates a panel (`Panel::new`: a province for a provincial panel, one chair). Members
    /// are accounts; their names are read from the accounts.
    fn create_award_panel(
        &self,
        year: u16,
        level: PanelLevel,
        members: &[NewMember],
        actor: &Actor,
    ) -> Result<Panel, AwardError>;

    /// Adds a member (not a chair: a panel keeps its one chair) to an existing panel; the
    /// panel's rules (`Panel::new`) are checked again with the new member.
    fn add_award_panel_member(
        &self,
        year: u16,
        panel: PanelId,
        member: &NewMember,
        actor: &Actor,
    ) -> Result<Panel, AwardError>;

    /// Every panel of the cycle with its members and their declared conflicts.
    fn award_panels(&self, year: u16) -> Result<Vec<Panel>, StoreError>;

    /// A member declares a conflict with an entry (the reason is required).
    fn declare_award_conflict(
        &self,
        year: u16,
        panel: PanelId,
        assessor: AssessorId,
        entry: EntryId,
        reason: &str,
        actor: &Actor,
    ) -> Result<(), AwardError>;

    /// Assigns a member to a submitted entry (`assignment::assign`, which asks `may_score`).
    fn assign_award_entry(
        &self,
        year: u16,
        panel: PanelId,
        assessor: AssessorId,
        entry: EntryId,
        actor: &Actor,
    ) -> Result<Assignment, AwardError>;

    fn award_assignments(&self, year: u16) -> Result<Vec<Assignment>, StoreError>;

    /// Saves a score sheet: every score goes through `score::accept` (assignment, conflicts,
    /// frozen framework, scale) and is refused if its round is closed; all are written in one
    /// transaction or none is. Each change goes to the history and the audit trail; the changes
    /// come back in the sheet's order (a score saved again unchanged records nothing).
    fn record_award_scores(
        &self,
        year: u16,
        sheet: &[Score],
        actor: &Actor,
    ) -> Result<Vec<ScoreChange>, AwardError>;

    /// Sets one score: [`AwardStore::record_award_scores`] with a sheet of one.
    fn record_award_score(
        &self,
        year: u16,
        score: &Score,
        actor: &Actor,
    ) -> Result<ScoreChange, AwardError> {
        let mut changes = self.record_award_scores(year, std::slice::from_ref(score), actor)?;
        Ok(changes.remove(0))
    }

    /// The current scores of a round.
    fn award_scores(&self, year: u16, round: Round) -> Result<Vec<Score>, StoreError>;

    /// Every change of the scores of an entry, oldest first.
    fn award_score_history(
        &self,
        year: u16,
        entry: EntryId,
    ) -> Result<Vec<ScoreChange>, StoreError>;

    /// Stores figures on the cut-off date (replacing an entry's figure of the same metric).
    /// Refused once the provincial round is closed: its rankings rest on them.
    fn set_award_figures(
        &self,
        year: u16,
        figures: &[Figure],
        actor: &Actor,
    ) -> Result<(), AwardError>;

    /// The stored figures of the cycle (every entry, every metric), for prefilling computed
    /// indicators.
    fn award_figures(&self, year: u16) -> Result<Vec<Figure>, StoreError>;

    /// Records the chair's order for a group of a round (a reason is required).
    fn set_award_chair_order(
        &self,
        year: u16,
        round: Round,
        order: &ChairOrder,
        actor: &Actor,
    ) -> Result<(), AwardError>;

    /// Records a change of the provincial nominees (`nomination::nominate` must accept it
    /// with every earlier change) and gives the nominations that follow.
    fn add_award_nomination_override(
        &self,
        year: u16,
        change: &NominationOverride,
        actor: &Actor,
    ) -> Result<Vec<Nomination>, AwardError>;

    /// The national nominees: the provincial rankings (as closed, or as they stand) with the
    /// recorded changes.
    fn award_nominations(&self, year: u16) -> Result<Vec<Nomination>, AwardError>;

    /// Records the national chair's decision for a category (`decision::decide` on the
    /// national ranking as it stands or as closed).
    fn record_award_decision(
        &self,
        year: u16,
        decision: &FinalDecision,
        actor: &Actor,
    ) -> Result<Vec<Winner>, AwardError>;

    fn award_decisions(&self, year: u16) -> Result<Vec<FinalDecision>, StoreError>;

    /// The rankings of a round computed from the stored scores now (`round::rank_round`).
    fn award_rankings(&self, year: u16, round: Round) -> Result<Vec<GroupRanking>, AwardError>;

    /// Closes a round: computes its rankings once and keeps them as the published ones; its
    /// scores are locked from then on.
    fn close_award_round(
        &self,
        year: u16,
        round: Round,
        actor: &Actor,
    ) -> Result<Vec<GroupRanking>, AwardError>;

    /// Publishes a closed round: entrants may see their scores.
    fn publish_award_round(&self, year: u16, round: Round, actor: &Actor)
    -> Result<(), AwardError>;

    fn award_round_status(&self, year: u16, round: Round) -> Result<RoundStatus, StoreError>;

    /// The export of a closed round: everything its rankings depend on, read from the store,
    /// with the rankings kept when it closed. `RoundExport::verify` re-checks it.
    fn award_round_export(&self, year: u16, round: Round) -> Result<RoundExport, AwardError>;

    /// The winners of a closed round ([`certificate::RoundWinners`]): the nominations in the
    /// provincial round, the chair's final decisions in the national round.
    fn award_winners(
        &self,
        year: u16,
        round: Round,
    ) -> Result<certificate::RoundWinners, AwardError>;

    /// Issues the piagam of every winner of a closed and published round, in one transaction:
    /// each built by `Certificate::for_entry` (which checks it) with a fresh code from `draw`
    /// (drawn again if the code is taken), stored, and audited (`award.certificate.issue`).
    /// A winner who already holds a certificate in force for the round keeps it, so issuing
    /// twice issues nothing new.
    fn issue_award_certificates(
        &self,
        request: &certificate::CertificateIssue<'_>,
        draw: &mut dyn FnMut() -> [u8; RANDOM_BYTES],
        actor: &Actor,
    ) -> Result<certificate::IssueReport, AwardError>;

    /// Every certificate of the cycle, withdrawn ones included, in the order issued.
    fn award_certificates(
        &self,
        year: u16,
    ) -> Result<Vec<certificate::CertificateRecord>, StoreError>;

    /// The certificate of a code (the code carries its year).
    fn award_certificate(
        &self,
        code: VerificationCode,
    ) -> Result<Option<certificate::CertificateRecord>, StoreError>;

    /// Withdraws a certificate in force (a reason is required; it enters the audit trail only
    /// as its SHA-256).
    fn withdraw_award_certificate(
        &self,
        code: VerificationCode,
        reason: &str,
        actor: &Actor,
    ) -> Result<certificate::CertificateRecord, AwardError>;
}
