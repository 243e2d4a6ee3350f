//! Reading the rates file (`data/contribution_rates.csv`, columns in docs/budget.md) into a
//! [`RateTable`]: percent columns hold a percentage with a decimal point (`0.24`), rupiah columns
//! whole rupiah (`6800`). A bad row is refused with its line and field; two rules answering the
//! same question on the same day are refused with both lines.

use super::rate::Ppm;
use super::risk::RiskClass;
use super::rules::{RateKind, RateRule, RateTable, Shares};
use crate::codes::{ProgrammeSet, Segment};
use crate::lang::{Lang, Localized};
use crate::worker::Rupiah;
use chrono::NaiveDate;
use serde::Serialize;

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
