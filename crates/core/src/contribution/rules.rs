//! The contribution rules as data: [`RateTable`] read from `data/contribution_rates.csv` (one row
//! per rule, with its legal basis and the dates it is in force), and the choice of the rules in
//! force on a date. A new regulation is a new row, not new code.
//!
//! The file's columns are documented in docs/budget.md. Percent columns hold a percentage with a
//! decimal point (`0.24`); rupiah columns hold whole rupiah (`6800`).

use super::rate::Ppm;
use crate::codes::{ProgrammeSet, Segment};
use crate::lang::{Lang, Localized};
use crate::worker::Rupiah;
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::OnceLock;

/// The rules shipped with the product (see data/PROVENANCE.md).
pub const BUNDLED_RATES_CSV: &str = include_str!("../../../../data/contribution_rates.csv");

/// Kelompok tingkat risiko lingkungan kerja — the risk class of a workplace, which sets the JKK
/// rate of wage earners (PP 44/2015 Lampiran I).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "u8")]
pub enum RiskClass {
    /// Tingkat risiko sangat rendah.
    VeryLow = 1,
    /// Tingkat risiko rendah.
    Low = 2,
    /// Tingkat risiko sedang.
    Medium = 3,
    /// Tingkat risiko tinggi.
    High = 4,
    /// Tingkat risiko sangat tinggi.
    VeryHigh = 5,
}

impl From<RiskClass> for u8 {
    fn from(c: RiskClass) -> u8 {
        c as u8
    }
}

impl RiskClass {
    /// Every class, lowest risk first.
    pub const ALL: [RiskClass; 5] = [
        RiskClass::VeryLow,
        RiskClass::Low,
        RiskClass::Medium,
        RiskClass::High,
        RiskClass::VeryHigh,
    ];

    /// The class numbered 1 (very low) to 5 (very high).
    pub fn from_number(n: u8) -> Option<RiskClass> {
        RiskClass::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// Reads `1`–`5` or the Indonesian/English name ("sangat rendah", "very low").
    pub fn parse(text: &str) -> Option<RiskClass> {
        let t = crate::text::fold(text);
        if let Ok(n) = t.trim_start_matches("kelas").parse::<u8>() {
            return RiskClass::from_number(n);
        }
        RiskClass::ALL.into_iter().find(|c| {
            [c.label(Lang::Id), c.label(Lang::En)]
                .iter()
                .any(|l| crate::text::fold(l) == t)
        })
    }

    /// 1 to 5.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The name of the class.
    pub fn label(self, lang: Lang) -> &'static str {
        use RiskClass::*;
        match (self, lang) {
            (VeryLow, Lang::Id) => "sangat rendah",
            (Low, Lang::Id) => "rendah",
            (Medium, Lang::Id) => "sedang",
            (High, Lang::Id) => "tinggi",
            (VeryHigh, Lang::Id) => "sangat tinggi",
            (VeryLow, Lang::En) => "very low",
            (Low, Lang::En) => "low",
            (Medium, Lang::En) => "medium",
            (High, Lang::En) => "high",
            (VeryHigh, Lang::En) => "very high",
        }
    }
}

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
    fn parse(s: &str) -> Option<RateKind> {
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
    /// What the shares add up to.
    pub fn total(self) -> i64 {
        self.employer + self.worker + self.government + self.recomposed
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
    fn key(
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

/// Why a rates file cannot be used. Every variant names the line (1-based, the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RateFileError {
    /// The header row lacks a column.
    #[error("rates file: the header has no column `{column}`")]
    MissingColumn { column: String },
    /// A cell cannot be read.
    #[error("rates file line {line}, field `{field}` (\"{value}\"): {reason}")]
    BadField {
        line: u64,
        field: String,
        value: String,
        reason: String,
    },
    /// Two rules answer the same question on the same day.
    #[error("rates file line {line}: rule {id} overlaps rule {other} (line {other_line}) in time")]
    Overlap {
        line: u64,
        id: String,
        other: String,
        other_line: u64,
    },
    /// The file is not CSV at all.
    #[error("rates file: {0}")]
    Csv(String),
    /// No rule at all.
    #[error("rates file holds no rule")]
    Empty,
}

impl Localized for RateFileError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RateFileError::MissingColumn { column }, Lang::Id) => {
                format!("berkas tarif iuran: kolom `{column}` tidak ada pada baris judul")
            }
            (
                RateFileError::BadField {
                    line,
                    field,
                    value,
                    reason,
                },
                Lang::Id,
            ) => {
                format!("berkas tarif iuran baris {line}, kolom `{field}` (\"{value}\"): {reason}")
            }
            (
                RateFileError::Overlap {
                    line,
                    id,
                    other,
                    other_line,
                },
                Lang::Id,
            ) => format!(
                "berkas tarif iuran baris {line}: masa berlaku aturan {id} bertumpang tindih dengan aturan {other} (baris {other_line})"
            ),
            (RateFileError::Csv(e), Lang::Id) => format!("berkas tarif iuran rusak: {e}"),
            (RateFileError::Empty, Lang::Id) => "berkas tarif iuran tidak memuat aturan".into(),
            (e, Lang::En) => e.to_string(),
        }
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
    rules: Vec<RateRule>,
}

const COLUMNS: [&str; 19] = [
    "id",
    "segment",
    "programme",
    "kind",
    "risk_class",
    "band_from",
    "band_to",
    "months",
    "total",
    "employer",
    "worker",
    "government",
    "recomposed",
    "base_min",
    "base_max",
    "legal_basis",
    "valid_from",
    "valid_to",
    "notes",
];

impl RateTable {
    /// The rules shipped with the product, parsed once.
    pub fn bundled() -> Result<&'static RateTable, RateFileError> {
        static TABLE: OnceLock<Result<RateTable, RateFileError>> = OnceLock::new();
        TABLE
            .get_or_init(|| RateTable::parse(BUNDLED_RATES_CSV))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads a rates file (CSV with the columns of docs/budget.md). Refuses a row whose shares do
    /// not add up to its total, and two rules that answer the same question on the same day.
    pub fn parse(text: &str) -> Result<RateTable, RateFileError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| RateFileError::Csv(e.to_string()))?
            .clone();
        let mut at = [0usize; COLUMNS.len()];
        for (i, name) in COLUMNS.iter().enumerate() {
            at[i] = headers
                .iter()
                .position(|h| h.trim() == *name)
                .ok_or_else(|| RateFileError::MissingColumn {
                    column: (*name).to_string(),
                })?;
        }
        let mut rules: Vec<(u64, RateRule)> = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| RateFileError::Csv(e.to_string()))?;
            let line = i as u64 + 2;
            let rule = read_rule(
                line,
                &Fields {
                    record: &record,
                    at,
                },
            )?;
            if let Some((other_line, other)) = rules
                .iter()
                .find(|(_, r)| r.key() == rule.key() && periods_overlap(r, &rule))
            {
                return Err(RateFileError::Overlap {
                    line,
                    id: rule.id.clone(),
                    other: other.id.clone(),
                    other_line: *other_line,
                });
            }
            rules.push((line, rule));
        }
        if rules.is_empty() {
            return Err(RateFileError::Empty);
        }
        Ok(RateTable {
            rules: rules.into_iter().map(|(_, r)| r).collect(),
        })
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

fn periods_overlap(a: &RateRule, b: &RateRule) -> bool {
    let a_end = a.valid_to.unwrap_or(NaiveDate::MAX);
    let b_end = b.valid_to.unwrap_or(NaiveDate::MAX);
    a.valid_from <= b_end && b.valid_from <= a_end
}

/// The cells of one row of the rates file, by column name.
struct Fields<'a> {
    record: &'a csv::StringRecord,
    at: [usize; COLUMNS.len()],
}

impl<'a> Fields<'a> {
    fn get(&self, name: &str) -> &'a str {
        let col = COLUMNS
            .iter()
            .position(|c| *c == name)
            .map_or(usize::MAX, |c| self.at[c]);
        self.record.get(col).map_or("", str::trim)
    }
}

fn read_rule(line: u64, fields: &Fields<'_>) -> Result<RateRule, RateFileError> {
    let field = |name: &str| fields.get(name);
    let bad = |name: &str, reason: &str| RateFileError::BadField {
        line,
        field: name.to_string(),
        value: field(name).to_string(),
        reason: reason.to_string(),
    };
    let id = field("id");
    if id.is_empty() {
        return Err(bad("id", "an identifier is required"));
    }
    let segment = Segment::ALL
        .iter()
        .copied()
        .find(|s| s.code() == field("segment"))
        .ok_or_else(|| bad("segment", "use PU, BPU, JAKON or PMI"))?;
    let programmes = ProgrammeSet::parse(field("programme"))
        .ok()
        .filter(|p| !p.is_empty())
        .ok_or_else(|| bad("programme", "use JKK, JKM, JHT, JP, JKP or JKK+JKM"))?;
    let kind = RateKind::parse(field("kind")).ok_or_else(|| {
        bad(
            "kind",
            "use wage_percent, fixed_monthly, project_percent, one_off or one_off_per_month",
        )
    })?;
    if programmes.iter().count() > 1 && !matches!(kind, RateKind::OneOff | RateKind::OneOffPerMonth)
    {
        return Err(bad(
            "programme",
            "only one-off packages may cover several programmes",
        ));
    }
    let risk_class = match field("risk_class") {
        "" => None,
        t => Some(
            t.parse::<u8>()
                .ok()
                .and_then(RiskClass::from_number)
                .ok_or_else(|| bad("risk_class", "use 1 to 5"))?,
        ),
    };
    let rupiah = |name: &str| -> Result<Option<Rupiah>, RateFileError> {
        match field(name) {
            "" => Ok(None),
            t => t
                .parse::<i64>()
                .ok()
                .filter(|v| *v >= 0)
                .map(|v| Some(Rupiah(v)))
                .ok_or_else(|| bad(name, "whole rupiah, not negative, without separators")),
        }
    };
    let band_from = rupiah("band_from")?;
    let band_to = rupiah("band_to")?;
    if kind == RateKind::ProjectPercent && band_from.is_none() {
        return Err(bad("band_from", "a project rule needs its band"));
    }
    if let (Some(from), Some(to)) = (band_from, band_to)
        && to <= from
    {
        return Err(bad("band_to", "the band must end above its start"));
    }
    let months = match field("months") {
        "" if kind == RateKind::OneOff => {
            return Err(bad("months", "a one-off package needs its months"));
        }
        "" => None,
        t => Some(
            t.parse::<u32>()
                .ok()
                .ok_or_else(|| bad("months", "a whole number of months"))?,
        ),
    };
    let amount = |name: &str| -> Result<i64, RateFileError> {
        let t = field(name);
        if kind.is_percent() {
            Ppm::parse_percent(t)
                .map(|p| p.0)
                .ok_or_else(|| bad(name, "a percentage such as 0.24 (at most four decimals)"))
        } else {
            t.parse::<i64>()
                .ok()
                .filter(|v| *v >= 0)
                .ok_or_else(|| bad(name, "whole rupiah, not negative, without separators"))
        }
    };
    let total = amount("total")?;
    let shares = Shares {
        employer: amount("employer")?,
        worker: amount("worker")?,
        government: amount("government")?,
        recomposed: amount("recomposed")?,
    };
    if shares.total() != total {
        return Err(bad(
            "total",
            "employer + worker + government + recomposed must equal the total",
        ));
    }
    let base_min = rupiah("base_min")?;
    let base_max = rupiah("base_max")?;
    if let (Some(lo), Some(hi)) = (base_min, base_max)
        && hi < lo
    {
        return Err(bad("base_max", "below base_min"));
    }
    let legal_basis = field("legal_basis");
    if legal_basis.is_empty() {
        return Err(bad("legal_basis", "every rule names its regulation"));
    }
    let date = |name: &str| -> Result<Option<NaiveDate>, RateFileError> {
        match field(name) {
            "" => Ok(None),
            t => NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| bad(name, "a date as YYYY-MM-DD")),
        }
    };
    let valid_from = date("valid_from")?.ok_or_else(|| bad("valid_from", "a start date"))?;
    let valid_to = date("valid_to")?;
    if valid_to.is_some_and(|to| to < valid_from) {
        return Err(bad("valid_to", "before valid_from"));
    }
    Ok(RateRule {
        id: id.to_string(),
        segment,
        programmes,
        kind,
        risk_class,
        band_from,
        band_to,
        months,
        shares,
        base_min,
        base_max,
        legal_basis: legal_basis.to_string(),
        valid_from,
        valid_to,
        notes: field("notes").to_string(),
    })
}
