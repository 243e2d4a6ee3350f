//! Reading budget plans as planners write them: a sheet (CSV/XLSX, possibly with title rows
//! above the header) with columns such as "Uraian", "Jumlah Pekerja", "Segmen", "Penghasilan",
//! "Program", "Bulan", "Sumber Dana"; a JSON plan from the API; the form of the web page.
//! All three are turned into cells and go through the same row validation, which reports every
//! problem by row, column, value and reason (as the participant import does, with
//! [`RowIssue`]), and checks each cohort against the contribution rules.

use super::plan::Cohort;
use super::rules::{RateTable, RiskClass};
use super::worker::ContributionError;
use crate::codes::Segment;
use crate::import::fields;
use crate::import::{Cell, RowIssue, RowProblem, is_blank};
use crate::lang::{Lang, Localized};
use crate::text::fold;
use crate::worker::Rupiah;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The columns of a budget plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanField {
    Label,
    Count,
    Segment,
    Income,
    RiskClass,
    Programmes,
    Months,
    Funding,
    Start,
}

impl PlanField {
    /// Every field, in template order.
    pub const ALL: [PlanField; 9] = [
        PlanField::Label,
        PlanField::Count,
        PlanField::Segment,
        PlanField::Income,
        PlanField::RiskClass,
        PlanField::Programmes,
        PlanField::Months,
        PlanField::Funding,
        PlanField::Start,
    ];

    /// The columns a plan file must have.
    pub const REQUIRED: [PlanField; 5] = [
        PlanField::Count,
        PlanField::Segment,
        PlanField::Programmes,
        PlanField::Months,
        PlanField::Funding,
    ];

    /// The column name of templates and reports.
    pub fn label(self, lang: Lang) -> &'static str {
        use PlanField::*;
        match (self, lang) {
            (Label, Lang::Id) => "Uraian",
            (Label, Lang::En) => "Description",
            (Count, Lang::Id) => "Jumlah Pekerja",
            (Count, Lang::En) => "Workers",
            (Segment, Lang::Id) => "Segmen",
            (Segment, Lang::En) => "Segment",
            (Income, Lang::Id) => "Penghasilan",
            (Income, Lang::En) => "Income",
            (RiskClass, Lang::Id) => "Kelas Risiko",
            (RiskClass, Lang::En) => "Risk Class",
            (Programmes, Lang::Id) => "Program",
            (Programmes, Lang::En) => "Programmes",
            (Months, Lang::Id) => "Bulan",
            (Months, Lang::En) => "Months",
            (Funding, Lang::Id) => "Sumber Dana",
            (Funding, Lang::En) => "Funding Source",
            (Start, Lang::Id) => "Mulai",
            (Start, Lang::En) => "Start Date",
        }
    }

    /// The key of the field in JSON plans and web forms.
    pub fn key(self) -> &'static str {
        use PlanField::*;
        match self {
            Label => "label",
            Count => "count",
            Segment => "segment",
            Income => "income",
            RiskClass => "risk_class",
            Programmes => "programmes",
            Months => "months",
            Funding => "funding",
            Start => "start",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        use PlanField::*;
        match self {
            Label => &["Uraian", "Kelompok", "Nama Kelompok", "Description"],
            Count => &[
                "Jumlah Pekerja",
                "Jumlah",
                "Jml Pekerja",
                "Jumlah Peserta",
                "Workers",
                "Count",
            ],
            Segment => &["Segmen", "Segmen Peserta", "Segment"],
            Income => &[
                "Penghasilan",
                "Upah",
                "Upah/Penghasilan",
                "Penghasilan per Bulan",
                "Upah per Bulan",
                "Gaji",
                "Income",
                "Wage",
            ],
            RiskClass => &["Kelas Risiko", "Tingkat Risiko", "Risiko", "Risk Class"],
            Programmes => &["Program", "Program BPJS", "Programmes", "Programs"],
            Months => &[
                "Bulan",
                "Jumlah Bulan",
                "Lama (Bulan)",
                "Lama Bulan",
                "Months",
            ],
            Funding => &["Sumber Dana", "Pembiayaan", "Sumber Anggaran", "Funding"],
            Start => &["Mulai", "Tanggal Mulai", "Start", "Start Date"],
        }
    }

    /// The field a header cell names, if any.
    pub fn from_header(text: &str) -> Option<PlanField> {
        let t = fold(text);
        let before_note = fold(text.split(['(', '*', '[']).next().unwrap_or(""));
        PlanField::ALL.into_iter().find(|f| {
            f.aliases()
                .iter()
                .chain(&[f.label(Lang::Id), f.label(Lang::En), f.key()])
                .any(|a| fold(a) == t || (!before_note.is_empty() && fold(a) == before_note))
        })
    }
}

/// Which column of a plan holds which field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanHeader {
    /// 0-based index of the header row among the rows searched.
    pub row_index: usize,
    /// The column of each field, indexed like [`PlanField::ALL`].
    by_field: [Option<usize>; PlanField::ALL.len()],
    /// The header text of each column.
    names: Vec<String>,
}

impl PlanHeader {
    /// A header whose columns are the fields in [`PlanField::ALL`] order, named by their JSON
    /// keys (for JSON plans and web forms, whose values are laid out in that order).
    pub fn keyed() -> PlanHeader {
        PlanHeader {
            row_index: 0,
            by_field: std::array::from_fn(Some),
            names: PlanField::ALL.iter().map(|f| f.key().to_string()).collect(),
        }
    }

    fn column_of(&self, field: PlanField) -> Option<usize> {
        self.by_field[field as usize]
    }

    /// The column's name as the source writes it, or the field's Indonesian label.
    pub fn column_name(&self, field: PlanField) -> &str {
        self.column_of(field)
            .and_then(|c| self.names.get(c))
            .map_or(field.label(Lang::Id), String::as_str)
    }
}

/// Why a plan's header row cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PlanHeaderError {
    /// No row names "Jumlah Pekerja" and two other plan columns.
    NotFound { rows_searched: usize },
    /// Required columns are absent.
    MissingColumns { missing: Vec<PlanField> },
    /// Two columns name the same field.
    DuplicateColumn { first: String, second: String },
}

impl Localized for PlanHeaderError {
    fn message(&self, lang: Lang) -> String {
        let labels = |fields: &[PlanField]| {
            fields
                .iter()
                .map(|f| f.label(lang))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self, lang) {
            (PlanHeaderError::NotFound { rows_searched }, Lang::Id) => format!(
                "baris judul kolom tidak ditemukan dalam {rows_searched} baris pertama: dicari baris yang memuat kolom Jumlah Pekerja dan sedikitnya dua kolom lain dari: {}",
                labels(&PlanField::ALL)
            ),
            (PlanHeaderError::NotFound { rows_searched }, Lang::En) => format!(
                "no header row found in the first {rows_searched} rows: looked for a row naming the Workers column and at least two of: {}",
                labels(&PlanField::ALL)
            ),
            (PlanHeaderError::MissingColumns { missing }, Lang::Id) => {
                format!("kolom wajib tidak ada: {}", labels(missing))
            }
            (PlanHeaderError::MissingColumns { missing }, Lang::En) => {
                format!("required columns are missing: {}", labels(missing))
            }
            (PlanHeaderError::DuplicateColumn { first, second }, Lang::Id) => format!(
                "kolom `{first}` dan `{second}` berisi data yang sama; hapus atau ganti nama salah satunya"
            ),
            (PlanHeaderError::DuplicateColumn { first, second }, Lang::En) => format!(
                "columns `{first}` and `{second}` hold the same field; remove or rename one of them"
            ),
        }
    }
}

const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header row among the first 30: the first that names the worker count and at least
/// two other plan columns.
pub fn find_plan_header(rows: &[Vec<Cell>]) -> Result<PlanHeader, PlanHeaderError> {
    for (row_index, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let fields: Vec<Option<PlanField>> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => PlanField::from_header(t),
                _ => None,
            })
            .collect();
        let known = fields.iter().flatten().count();
        if !fields.contains(&Some(PlanField::Count)) || known < 3 {
            continue;
        }
        let names: Vec<String> = row.iter().map(|c| c.display().trim().to_string()).collect();
        let mut by_field: [Option<usize>; PlanField::ALL.len()] = [None; PlanField::ALL.len()];
        for (col, f) in fields.iter().enumerate() {
            if let Some(f) = f {
                if let Some(first) = by_field[*f as usize] {
                    return Err(PlanHeaderError::DuplicateColumn {
                        first: names[first].clone(),
                        second: names[col].clone(),
                    });
                }
                by_field[*f as usize] = Some(col);
            }
        }
        let missing: Vec<PlanField> = PlanField::REQUIRED
            .into_iter()
            .filter(|f| by_field[*f as usize].is_none())
            .collect();
        if !missing.is_empty() {
            return Err(PlanHeaderError::MissingColumns { missing });
        }
        return Ok(PlanHeader {
            row_index,
            by_field,
            names,
        });
    }
    Err(PlanHeaderError::NotFound {
        rows_searched: rows.len().min(HEADER_SEARCH_ROWS),
    })
}

/// Why a cell of a plan is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PlanProblem {
    /// The worker count is not a whole number.
    InvalidCount,
    /// The worker count is below zero.
    NegativeCount { count: i64 },
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

impl PlanProblem {
    /// The reason's code, as serialised.
    pub fn code(&self) -> &'static str {
        match self {
            PlanProblem::InvalidCount => "invalid_count",
            PlanProblem::NegativeCount { .. } => "negative_count",
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

fn finish(
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

/// A JSON value of a plan field: a number, a text, or a list of texts (programmes).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum PlanValue {
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl PlanValue {
    fn cell(&self) -> Cell {
        match self {
            PlanValue::Number(n) => Cell::Number(*n),
            PlanValue::Text(t) => Cell::Text(t.clone()),
            PlanValue::List(l) => Cell::Text(l.join(",")),
        }
    }
}

/// One cohort as the API receives it; every field may be a number or a text.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct CohortInput {
    pub label: Option<PlanValue>,
    pub count: Option<PlanValue>,
    pub segment: Option<PlanValue>,
    pub income: Option<PlanValue>,
    pub risk_class: Option<PlanValue>,
    pub programmes: Option<PlanValue>,
    pub months: Option<PlanValue>,
    pub funding: Option<PlanValue>,
    pub start: Option<PlanValue>,
}

impl CohortInput {
    /// The values in [`PlanField::ALL`] order, as cells for [`PlanHeader::keyed`].
    pub fn cells(&self) -> Vec<Cell> {
        [
            &self.label,
            &self.count,
            &self.segment,
            &self.income,
            &self.risk_class,
            &self.programmes,
            &self.months,
            &self.funding,
            &self.start,
        ]
        .iter()
        .map(|v| v.as_ref().map_or(Cell::Empty, PlanValue::cell))
        .collect()
    }

    /// Whether every field is empty (a blank row of the web form).
    pub fn is_blank(&self) -> bool {
        is_blank(&self.cells())
    }
}

/// A plan as the API receives it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct PlanInput {
    /// The date whose rules apply (YYYY-MM-DD); today when absent.
    pub date: Option<String>,
    pub cohorts: Vec<CohortInput>,
}

/// Checks the cohorts of a JSON plan or web form; issues name the cohort's position (1-based) as
/// the row and the JSON key as the column. Blank cohorts are skipped.
pub fn read_plan_input(
    cohorts: &[CohortInput],
    table: &RateTable,
    date: NaiveDate,
) -> Result<Vec<Cohort>, PlanInputError> {
    let header = PlanHeader::keyed();
    let mut out = Vec::new();
    let mut issues = Vec::new();
    for (i, c) in cohorts.iter().enumerate() {
        if c.is_blank() {
            continue;
        }
        match read_cohort(i as u64 + 1, &c.cells(), &header, table, date) {
            Ok(c) => out.push(c),
            Err(mut e) => issues.append(&mut e),
        }
    }
    finish(out, issues)
}
