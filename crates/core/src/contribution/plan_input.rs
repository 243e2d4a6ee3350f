//! Plans as the API receives them (JSON) and as the web page submits them: values that may be
//! numbers or texts, laid out as cells in `PlanField::ALL` order so that they go through the
//! same row validation as plan files.

use super::plan::Cohort;
use super::plan_file::{PlanInputError, finish, read_cohort};
use super::plan_header::PlanHeader;
use super::rules::RateTable;
use crate::import::{Cell, is_blank};
use chrono::NaiveDate;
use serde::Deserialize;

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
    /// The values in `PlanField::ALL` order, as cells for [`PlanHeader::keyed`].
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
