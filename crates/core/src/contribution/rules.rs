//! The contribution rules as data: [`RateTable`] read from `data/contribution_rates.csv` (one row
//! per rule, with its legal basis and the dates it is in force), and the choice of the rules in
//! force on a date. A new regulation is a new row, not new code.
//!
//! Reading the file is in [`super::rates_file`]; its columns are documented in docs/budget.md.

use super::rate::Ppm;
pub use super::rates_file::RateFileError;
pub use super::risk::RiskClass;
use crate::codes::{ProgrammeSet, Segment};
use crate::lang::{Lang, Localized};
use crate::worker::Rupiah;
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::OnceLock;

/// The rules shipped with the product (see data/PROVENANCE.md).
pub const BUNDLED_RATES_CSV: &str = include_str!("../../../../data/contribution_rates.csv");

/// How a rule turns its base into an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateKind {
    /// A percentage of the monthly wage or declared income, within `base_min`..`base_max`.
    WagePercent,
    /// A fixed amount of rupiah per month.
    FixedMonthly,
    /// A marginal percentage of the part of a construction contract's value inside the band.
    ProjectPercent,
    /// A fixed amount paid once for a placement period of `months` (0: before placement).
    OneOff,
    /// A fixed amount for each month of contract beyond the longest one-off package.
    OneOffPerMonth,
}

impl RateKind {
    pub(super) fn parse(s: &str) -> Option<RateKind> {
        Some(match s {
            "wage_percent" => RateKind::WagePercent,
            "fixed_monthly" => RateKind::FixedMonthly,
            "project_percent" => RateKind::ProjectPercent,
            "one_off" => RateKind::OneOff,
            "one_off_per_month" => RateKind::OneOffPerMonth,
            _ => return None,
        })
    }

    /// Whether the shares are percentages (parts per million) rather than rupiah.
    pub fn is_percent(self) -> bool {
        matches!(self, RateKind::WagePercent | RateKind::ProjectPercent)
    }

    /// Whether the rule is paid every month (as opposed to once).
    pub fn is_monthly(self) -> bool {
        matches!(self, RateKind::WagePercent | RateKind::FixedMonthly)
    }
}

/// Who pays what part of a rule: parts per million for percentage kinds, rupiah otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Shares {
    /// Pemberi kerja — the employer (for government-funded wage earners: the Pemda).
    pub employer: i64,
    /// Pekerja — the worker (for BPU and PMI: the participant, or whoever pays for them).
    pub worker: i64,
    /// Pemerintah pusat — the central government (JKP).
    pub government: i64,
    /// Moved out of other programmes' contributions (JKP's recomposition): no extra cost.
    pub recomposed: i64,
}

impl Shares {
    /// What the shares add up to (saturating: a rates file is read, not trusted).
    pub fn total(self) -> i64 {
        [self.worker, self.government, self.recomposed]
            .into_iter()
            .fold(self.employer, i64::saturating_add)
    }
}

/// One contribution rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateRule {
    /// A stable identifier (`PU-JKK-1-2021`).
    pub id: String,
    pub segment: Segment,
    /// The programmes the rule pays for (one, or JKK + JKM for migrant workers' packages).
    pub programmes: ProgrammeSet,
    pub kind: RateKind,
    /// The workplace risk class the rule is for (JKK of wage earners).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_class: Option<RiskClass>,
    /// The band of contract value (exclusive lower bound, inclusive upper bound; open above).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_from: Option<Rupiah>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_to: Option<Rupiah>,
    /// The placement period a one-off package covers (0: before placement).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// The shares; their sum is the rule's rate (or amount).
    pub shares: Shares,
    /// The lowest base the rate is applied to (a lower wage or income is raised to it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_min: Option<Rupiah>,
    /// The highest base the rate is applied to (a wage ceiling).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_max: Option<Rupiah>,
    /// The regulation the rule comes from ("PP 45/2015 Art. 28-29").
    pub legal_basis: String,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// Last day in force; `None` while in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
    /// Sources and caveats.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl RateRule {
    /// Whether the rule is in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }

    /// The rule's rate as parts per million (percentage kinds only).
    pub fn rate(&self) -> Option<Ppm> {
        self.kind.is_percent().then_some(Ppm(self.shares.total()))
    }

    /// The rate or amount as people read it: "3 % (2 % pemberi kerja + 1 % pekerja), maks. upah
    /// Rp 10.042.300", "Rp 6.800".
    pub fn describe(&self, lang: Lang) -> String {
        let mark = if lang == Lang::Id { ',' } else { '.' };
        let total = self.shares.total();
        if !self.kind.is_percent() {
            return super::rate::format_rupiah(Rupiah(total), lang);
        }
        let mut s = format!("{} %", Ppm(total).percent_text(mark));
        let s_ = self.shares;
        let parts: Vec<String> = [
            (s_.employer, "pemberi kerja", "employer"),
            (s_.worker, "pekerja", "worker"),
            (s_.government, "pemerintah pusat", "central government"),
            (s_.recomposed, "rekomposisi", "recomposed"),
        ]
        .iter()
        .filter(|(v, _, _)| *v > 0 && *v != total)
        .map(|(v, id, en)| {
            let who = if lang == Lang::Id { id } else { en };
            format!("{} % {who}", Ppm(*v).percent_text(mark))
        })
        .collect();
        if !parts.is_empty() {
            s.push_str(&format!(" ({})", parts.join(" + ")));
        }
        if let Some(min) = self.base_min {
            let word = "min.";
            s.push_str(&format!(
                ", {word} {}",
                super::rate::format_rupiah(min, lang)
            ));
        }
        if let Some(max) = self.base_max {
            let word = if lang == Lang::Id { "maks." } else { "max." };
            s.push_str(&format!(
                ", {word} {}",
                super::rate::format_rupiah(max, lang)
            ));
        }
        s
    }

    /// What makes two rules compete for the same question: they may not be in force together.
    pub(super) fn key(
        &self,
    ) -> (
        Segment,
        u8,
        RateKind,
        Option<RiskClass>,
        Option<Rupiah>,
        Option<u32>,
    ) {
        (
            self.segment,
            self.programmes.bits(),
            self.kind,
            self.risk_class,
            self.band_from,
            self.months,
        )
    }
}

/// Why no rule answers a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RateDateError {
    /// The date precedes every rule of the table.
    #[error("no contribution rule is in force on {date}: the earliest rule starts on {first}")]
    BeforeAnyRule { date: NaiveDate, first: NaiveDate },
}

impl Localized for RateDateError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RateDateError::BeforeAnyRule { date, first }, Lang::Id) => format!(
                "tidak ada aturan iuran yang berlaku pada {date}: aturan paling awal berlaku mulai {first}"
            ),
            (e, Lang::En) => e.to_string(),
        }
    }
}

/// Every contribution rule, with the dates each is in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateTable {
    pub(super) rules: Vec<RateRule>,
}

impl RateTable {
    /// The rules shipped with the product, parsed once.
    pub fn bundled() -> Result<&'static RateTable, RateFileError> {
        static TABLE: OnceLock<Result<RateTable, RateFileError>> = OnceLock::new();
        TABLE
            .get_or_init(|| RateTable::parse(BUNDLED_RATES_CSV))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Every rule, in file order.
    pub fn rules(&self) -> &[RateRule] {
        &self.rules
    }

    /// The first day any rule is in force.
    pub fn first_day(&self) -> NaiveDate {
        self.rules
            .iter()
            .map(|r| r.valid_from)
            .min()
            .unwrap_or(NaiveDate::MAX)
    }

    /// The rules in force on `date`, in file order; an error when the date precedes every rule.
    pub fn rules_on(&self, date: NaiveDate) -> Result<Vec<&RateRule>, RateDateError> {
        let first = self.first_day();
        if date < first {
            return Err(RateDateError::BeforeAnyRule { date, first });
        }
        Ok(self.rules.iter().filter(|r| r.in_force(date)).collect())
    }
}
