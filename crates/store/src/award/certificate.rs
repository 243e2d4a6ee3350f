//! Issued certificates (piagam penghargaan) as the store keeps them: who won what in a round
//! ([`RoundWinners`]), what an issue asks for ([`CertificateIssue`]) and what it did
//! ([`IssueReport`]), and the stored certificate with its withdrawal ([`CertificateRecord`]).
//!
//! The wording, the checks and the code format are paritrana-core's (`award::certificate`,
//! `award::verification`); the PDF is paritrana-sheets'. The store draws no random numbers: the
//! caller hands in a source of fresh random bytes for the codes.

use chrono::NaiveDate;
use paritrana_core::award::certificate::{Certificate, Place, Signatory};
use paritrana_core::award::ids::{CategoryCode, EntryId};
use paritrana_core::award::panel::Round;
use paritrana_core::award::verification::VerificationCode;
use paritrana_core::region::RegionCode;
use serde::Serialize;

/// One winner of a round: juara I–III of a category, in a province for the provincial round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwardWinner {
    pub entry: EntryId,
    pub category: CategoryCode,
    /// The province of a provincial winner; `None` nationally.
    pub province: Option<RegionCode>,
    pub place: Place,
}

/// The winners of a closed round: in the provincial round the nominations (top three per
/// province per category, after overrides); in the national round the chair's recorded final
/// decisions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RoundWinners {
    pub winners: Vec<AwardWinner>,
    /// National categories with a ranking but no final decision yet: no certificate until the
    /// chair decides. Always empty for the provincial round.
    pub undecided: Vec<CategoryCode>,
}

/// What [`issue_award_certificates`](crate::award::AwardStore::issue_award_certificates) needs
/// besides the winners.
pub struct CertificateIssue<'a> {
    pub year: u16,
    pub round: Round,
    /// Where the ceremony takes place: "Jakarta".
    pub city: &'a str,
    /// One to three, printed left to right.
    pub signatories: &'a [Signatory],
    /// The deployment's public address (`https://paritrana.example.go.id`): the code's URL is
    /// `{base_url}/piagam/{code}`, printed and in the QR code.
    pub base_url: &'a str,
    /// A province's name for the wording of a provincial award ("Kalimantan Timur").
    pub province_name: &'a dyn Fn(RegionCode) -> String,
}

/// A withdrawal (pencabutan) of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withdrawal {
    /// UTC RFC 3339 with milliseconds.
    pub at: String,
    /// The actor's name as in the audit trail.
    pub by: String,
    pub by_id: Option<i64>,
    /// Why, as given. It may name people: it is shown to the secretariat only, and enters the
    /// audit trail only as its SHA-256.
    pub reason: String,
}

impl Withdrawal {
    /// The calendar date (UTC) of the withdrawal.
    pub fn date(&self) -> Option<NaiveDate> {
        self.at.get(..10).and_then(|d| d.parse().ok())
    }
}

/// A stored certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateRecord {
    pub round: Round,
    pub entry: EntryId,
    /// Everything printed on the piagam, its code and year included.
    pub certificate: Certificate,
    pub issued_at: String,
    /// The actor's name as in the audit trail.
    pub issued_by: String,
    pub issued_by_id: Option<i64>,
    pub withdrawn: Option<Withdrawal>,
}

impl CertificateRecord {
    pub fn code(&self) -> VerificationCode {
        self.certificate.code
    }

    /// Not withdrawn.
    pub fn is_valid(&self) -> bool {
        self.withdrawn.is_none()
    }
}

/// What an issue did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IssueReport {
    /// Certificates issued now.
    pub issued: Vec<CertificateRecord>,
    /// Winners who already held a certificate in force for the round: kept, same code.
    pub kept: Vec<CertificateRecord>,
    /// National categories without a final decision: no certificate.
    pub undecided: Vec<CategoryCode>,
    /// Certificates in force for the round that no longer match a winner (the entry or its
    /// place changed since they were issued): withdraw them and issue again.
    pub stale: Vec<CertificateRecord>,
}
