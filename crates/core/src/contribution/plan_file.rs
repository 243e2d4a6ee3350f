//! Reading budget plans as planners write them: a sheet (CSV/XLSX, possibly with title rows
//! above the header) with columns such as "Uraian", "Jumlah Pekerja", "Segmen", "Penghasilan",
//! "Program", "Bulan", "Sumber Dana"; a JSON plan from the API; the form of the web page.
//! All three are turned into cells and go through the same row validation, which reports every
//! problem by row, column, value and reason (as the participant import does, with
//! [`RowIssue`]), and checks each cohort against the contribution rules. The header row is found
//! by [`super::plan_header`]; JSON plans and web forms are turned into cells by
//! [`super::plan_input`].

use super::plan::Cohort;
pub use super::plan_header::{PlanField, PlanHeader, PlanHeaderError, find_plan_header};
pub use super::plan_input::{CohortInput, PlanInput, PlanValue, read_plan_input};
use super::rules::{RateTable, RiskClass};
use super::worker::ContributionError;
use crate::codes::Segment;
use crate::import::fields;
use crate::import::{Cell, RowIssue, RowProblem, is_blank};
use crate::lang::{Lang, Localized};
use crate::text::fold;
use crate::worker::Rupiah;
use chrono::NaiveDate;
use serde::Serialize;

/// Why a cell of a plan is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PlanProblem {
    /// The worker count is not a whole number.
    InvalidCount,
    /// The worker count is below zero.
    NegativeCount { count: i64 },
    /// The worker count is above [`MAX_COHORT_WORKERS`]: a typo, not a cohort.
    TooManyWorkers { max: u64 },
    /// The months are not a whole number from 1 to 120.
    InvalidMonths,
    /// Not a risk class 1–5.
    UnknownRiskClass,
    /// A reason shared with the participant import (required, unknown segment, programme…).
    #[serde(untagged)]
    Row(RowProblem),
    /// The cohort breaks a contribution rule (JP for BPU, a date before every rule…).
    #[serde(untagged)]
    Contribution(ContributionError),
}

/// Longest plan, in months.
pub const MAX_MONTHS: i64 = 120;

/// The most workers one cohort may have: more than Indonesia's whole workforce (about 150
/// million), so a larger figure is a typo. It also keeps every plan total far from overflowing
/// (the totals saturate anyway).
pub const MAX_COHORT_WORKERS: u64 = 300_000_000;

impl PlanProblem {
    /// The reason's code, as serialised.
    pub fn code(&self) -> &'static str {
        match self {
            PlanProblem::InvalidCount => "invalid_count",
            PlanProblem::NegativeCount { .. } => "negative_count",
            PlanProblem::TooManyWorkers { .. } => "too_many_workers",
            PlanProblem::InvalidMonths => "invalid_months",
            PlanProblem::UnknownRiskClass => "unknown_risk_class",
            PlanProblem::Row(p) => p.code(),
            PlanProblem::Contribution(e) => e.code(),
        }
    }
}

impl Localized for PlanProblem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PlanProblem::InvalidCount, Lang::Id) => {
                "jumlah pekerja harus bilangan bulat, mis. 46.510".into()
            }
            (PlanProblem::InvalidCount, Lang::En) => {
                "the number of workers must be a whole number, e.g. 46,510".into()
            }
            (PlanProblem::NegativeCount { count }, Lang::Id) => {
                format!("jumlah pekerja tidak boleh negatif ({count})")
            }
            (PlanProblem::NegativeCount { count }, Lang::En) => {
                format!("the number of workers cannot be negative ({count})")
            }
            (PlanProblem::TooManyWorkers { max }, Lang::Id) => format!(
                "jumlah pekerja melebihi {} orang, lebih dari seluruh angkatan kerja Indonesia; \
                 periksa angkanya",
                crate::lang::format_count(*max, lang)
            ),
            (PlanProblem::TooManyWorkers { max }, Lang::En) => format!(
                "the number of workers exceeds {}, more than Indonesia's whole workforce; \
                 check the figure",
                crate::lang::format_count(*max, lang)
            ),
            (PlanProblem::InvalidMonths, Lang::Id) => {
                format!("jumlah bulan harus bilangan bulat 1 sampai {MAX_MONTHS}")
            }
            (PlanProblem::InvalidMonths, Lang::En) => {
                format!("months must be a whole number from 1 to {MAX_MONTHS}")
            }
            (PlanProblem::UnknownRiskClass, Lang::Id) => {
                "kelas risiko harus 1 (sangat rendah) sampai 5 (sangat tinggi)".into()
            }
            (PlanProblem::UnknownRiskClass, Lang::En) => {
                "the risk class must be 1 (very low) to 5 (very high)".into()
            }
            (PlanProblem::Row(p), _) => p.message(lang),
            (PlanProblem::Contribution(e), _) => e.message(lang),
        }
    }
}

/// Why a plan cannot be costed: its header, or the issues of its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanInputError {
    Header {
        problem: PlanHeaderError,
    },
    Rows {
        issues: Vec<RowIssue<PlanProblem>>,
    },
    /// The plan has no cohort.
    Empty,
}

impl Localized for PlanInputError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PlanInputError::Header { problem }, _) => problem.message(lang),
            (PlanInputError::Rows { issues }, _) => issues
                .iter()
                .map(|i| i.message(lang))
                .collect::<Vec<_>>()
                .join("\n"),
            (PlanInputError::Empty, Lang::Id) => {
                "rencana tidak memuat baris kelompok pekerja".into()
            }
            (PlanInputError::Empty, Lang::En) => "the plan holds no group of workers".into(),
        }
    }
}

/// An amount of rupiah as people type it ("1000000", "1.000.000", "Rp 1.000.000,-"), read the
/// way the participant import reads wages.
pub fn read_amount(cell: &Cell) -> Result<Option<Rupiah>, RowProblem> {
    crate::import::wage::read(cell)
}

/// A whole number read like a rupiah amount ("46.510", "46,510", 46510).
fn whole_number(cell: &Cell) -> Result<Option<i64>, RowProblem> {
    crate::import::wage::read(cell).map(|r| r.map(|r| r.0))
}

/// Reads and checks one cohort. `line` is the row number shown to the user. Every problem of the
/// row is returned; the cohort is also costed against `table` on `date` (or its own start) so
/// eligibility problems are reported on the row.
pub fn read_cohort(
    line: u64,
    cells: &[Cell],
    header: &PlanHeader,
    table: &RateTable,
    date: NaiveDate,
) -> Result<Cohort, Vec<RowIssue<PlanProblem>>> {
    static EMPTY: Cell = Cell::Empty;
    let cell = |f: PlanField| {
        header
            .column_of(f)
            .and_then(|c| cells.get(c))
            .unwrap_or(&EMPTY)
    };
    let mut issues: Vec<RowIssue<PlanProblem>> = Vec::new();
    let issue = |f: PlanField, problem: PlanProblem| RowIssue {
        line,
        column: header.column_name(f).to_string(),
        value: cell(f).display(),
        problem,
    };
    macro_rules! report {
        ($f:expr, $p:expr) => {
            issues.push(issue($f, $p))
        };
    }
    let required = PlanProblem::Row(RowProblem::Required);

    let label = fields::text(cell(PlanField::Label))
        .map(|t| t.into_owned())
        .unwrap_or_else(|| format!("Baris {line}"));
    let count = match whole_number(cell(PlanField::Count)) {
        Ok(Some(n)) if n < 0 => {
            report!(PlanField::Count, PlanProblem::NegativeCount { count: n });
            None
        }
        Ok(Some(n)) if n.unsigned_abs() > MAX_COHORT_WORKERS => {
            report!(
                PlanField::Count,
                PlanProblem::TooManyWorkers {
                    max: MAX_COHORT_WORKERS
                }
            );
            None
        }
        Ok(Some(n)) => Some(n.unsigned_abs()),
        Ok(None) => {
            report!(PlanField::Count, required.clone());
            None
        }
        Err(_) => {
            report!(PlanField::Count, PlanProblem::InvalidCount);
            None
        }
    };
    let segment = match fields::code(
        cell(PlanField::Segment),
        Segment::ALL,
        Segment::code,
        Segment::parse,
        RowProblem::UnknownSegment,
    ) {
        Ok(Some(s)) => Some(s),
        Ok(None) => {
            report!(PlanField::Segment, required.clone());
            None
        }
        Err(p) => {
            report!(PlanField::Segment, PlanProblem::Row(p));
            None
        }
    };
    let income = match crate::import::wage::read(cell(PlanField::Income)) {
        Ok(w) => w,
        Err(p) => {
            report!(PlanField::Income, PlanProblem::Row(p));
            None
        }
    };
    let risk_class = match fields::text(cell(PlanField::RiskClass)) {
        None => None,
        Some(t) => match RiskClass::parse(&t) {
            Some(c) => Some(c),
            None => {
                report!(PlanField::RiskClass, PlanProblem::UnknownRiskClass);
                None
            }
        },
    };
    let programmes = match fields::programmes(cell(PlanField::Programmes)) {
        Ok(p) if p.is_empty() => {
            report!(PlanField::Programmes, required.clone());
            None
        }
        Ok(p) => Some(p),
        Err(p) => {
            report!(PlanField::Programmes, PlanProblem::Row(p));
            None
        }
    };
    let months = match whole_number(cell(PlanField::Months)) {
        Ok(Some(m)) if (1..=MAX_MONTHS).contains(&m) => u32::try_from(m).ok(),
        Ok(None) => {
            report!(PlanField::Months, required.clone());
            None
        }
        _ => {
            report!(PlanField::Months, PlanProblem::InvalidMonths);
            None
        }
    };
    let funding = match fields::funding(cell(PlanField::Funding)) {
        Ok(Some((f, _))) => Some(f),
        Ok(None) => {
            report!(PlanField::Funding, required.clone());
            None
        }
        Err(p) => {
            report!(PlanField::Funding, PlanProblem::Row(p));
            None
        }
    };
    let start = match fields::date(cell(PlanField::Start)) {
        Ok(d) => d,
        Err(p) => {
            report!(PlanField::Start, PlanProblem::Row(p));
            None
        }
    };
    let (Some(count), Some(segment), Some(programmes), Some(months), Some(funding)) =
        (count, segment, programmes, months, funding)
    else {
        return Err(issues);
    };
    if !issues.is_empty() {
        return Err(issues);
    }
    let cohort = Cohort {
        label,
        count,
        segment,
        income: income.unwrap_or(Rupiah(0)),
        risk_class,
        programmes,
        months,
        funding,
        start,
    };
    match super::plan::cohort_cost(table, &cohort, date) {
        Ok(_) => Ok(cohort),
        Err(e) => {
            let field = match &e {
                ContributionError::WageRequired
                | ContributionError::Enrolment(
                    crate::worker::EnrolmentProblem::WageNotPositive { .. },
                ) => PlanField::Income,
                ContributionError::RiskClassRequired => PlanField::RiskClass,
                ContributionError::Date(_) if start.is_some() => PlanField::Start,
                ContributionError::NoPackage { .. } | ContributionError::OneOffSegment => {
                    PlanField::Months
                }
                _ => PlanField::Programmes,
            };
            report!(field, PlanProblem::Contribution(e));
            Err(issues)
        }
    }
}

/// Reads a whole plan sheet (rows as the sheets crate yields them): the header row, then every
/// non-blank row below it. All issues of all rows are reported together.
pub fn read_plan_rows(
    rows: &[Vec<Cell>],
    table: &RateTable,
    date: NaiveDate,
) -> Result<Vec<Cohort>, PlanInputError> {
    let header = find_plan_header(rows).map_err(|problem| PlanInputError::Header { problem })?;
    let mut cohorts = Vec::new();
    let mut issues = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(header.row_index + 1) {
        if is_blank(row) || is_total_row(row, &header) {
            continue;
        }
        match read_cohort(i as u64 + 1, row, &header, table, date) {
            Ok(c) => cohorts.push(c),
            Err(mut e) => issues.append(&mut e),
        }
    }
    finish(cohorts, issues)
}

/// A "Jumlah"/"Total" row at the bottom of a plan sheet is a sum, not a cohort.
fn is_total_row(row: &[Cell], header: &PlanHeader) -> bool {
    let label = header
        .column_of(PlanField::Label)
        .and_then(|c| row.get(c))
        .map(|c| fold(&c.display()))
        .unwrap_or_default();
    let segment_empty = header
        .column_of(PlanField::Segment)
        .and_then(|c| row.get(c))
        .is_none_or(Cell::is_empty);
    segment_empty
        && matches!(
            label.as_str(),
            "jumlah" | "total" | "jumlahtotal" | "grandtotal"
        )
}

pub(super) fn finish(
    cohorts: Vec<Cohort>,
    issues: Vec<RowIssue<PlanProblem>>,
) -> Result<Vec<Cohort>, PlanInputError> {
    if !issues.is_empty() {
        return Err(PlanInputError::Rows { issues });
    }
    if cohorts.is_empty() {
        return Err(PlanInputError::Empty);
    }
    Ok(cohorts)
}
