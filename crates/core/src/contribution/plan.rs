//! Budget plans (rencana anggaran): a list of cohorts (how many workers, of which segment, on what
//! income, with which programmes, for how many months, paid from which source) and what they cost
//! per month and over the plan, per programme and per funding source. What the enrolled workers
//! cost and what a coverage gap would cost are in [`super::enrolled`].
//!
//! Reading plan files is in [`super::plan_file`]; this module only does the arithmetic, which is
//! exact in integer rupiah: a cohort costs `count × per-worker contribution` a month, and
//! `months ×` that over the plan. Plan files bound a cohort's count
//! ([`super::plan_file::MAX_COHORT_WORKERS`]), but cohorts may come from elsewhere: every product
//! and sum saturates at the largest amount or count rather than wrapping or panicking.

use super::rules::{RateTable, RiskClass};
use super::worker::{Contribution, ContributionError};
use crate::codes::{Funding, Programme, ProgrammeSet, Segment};
use crate::worker::Rupiah;
use chrono::NaiveDate;
use serde::Serialize;

/// One group of workers of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cohort {
    /// Uraian — what the group is ("Pekerja rentan Desa Muara Pasir").
    pub label: String,
    /// Jumlah pekerja.
    pub count: u64,
    pub segment: Segment,
    /// Monthly wage (PU) or declared income (BPU); for migrant workers unused.
    pub income: Rupiah,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_class: Option<RiskClass>,
    pub programmes: ProgrammeSet,
    /// Months paid (for migrant workers: the months of the work contract).
    pub months: u32,
    pub funding: Funding,
    /// The date whose rules apply; the plan's date when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
}

/// What one cohort costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortCost {
    pub cohort: Cohort,
    /// The contribution of one worker per month (`None` for migrant workers, who pay once).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_worker: Option<Contribution>,
    /// The one-off amount per migrant worker.
    pub one_off_per_worker: Rupiah,
    /// The legal basis of the rules used, for the report.
    pub legal_basis: Vec<String>,
    /// count × the per-worker monthly contribution.
    pub per_month: Rupiah,
    /// per_month × months, plus count × one-off amounts.
    pub total: Rupiah,
    /// The part of `total` paid by the cohort's funding source.
    pub funded: Rupiah,
    /// The part of `total` deducted from the workers' wages (wage earners' own share).
    pub deducted_from_wage: Rupiah,
    /// The part of `total` paid by the central government (JKP).
    pub central_government: Rupiah,
}

/// A total per programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeTotal {
    pub programme: Programme,
    pub per_month: Rupiah,
    pub total: Rupiah,
}

/// A total per funding source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundingTotal {
    pub funding: Funding,
    pub workers: u64,
    pub per_month: Rupiah,
    pub total: Rupiah,
}

/// What a plan costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanCost {
    /// The date whose rules apply to cohorts without their own start.
    pub date: NaiveDate,
    pub cohorts: Vec<CohortCost>,
    pub workers: u64,
    /// All cohorts together, per month (migrant workers' one-off amounts excluded).
    pub per_month: Rupiah,
    /// per_month × 12.
    pub per_year: Rupiah,
    /// Every cohort over its own months, one-off amounts included.
    pub total: Rupiah,
    pub by_programme: Vec<ProgrammeTotal>,
    /// What each funding source pays over the plan.
    pub by_funding: Vec<FundingTotal>,
    pub deducted_from_wage: Rupiah,
    pub central_government: Rupiah,
}

/// A cohort that cannot be costed, by its position in the plan (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortError {
    pub index: usize,
    pub error: ContributionError,
}

pub(super) fn mul(a: Rupiah, n: u64) -> Rupiah {
    Rupiah(a.0.saturating_mul(i64::try_from(n).unwrap_or(i64::MAX)))
}

/// `a + b`, saturating.
pub(super) fn add(a: Rupiah, b: Rupiah) -> Rupiah {
    Rupiah(a.0.saturating_add(b.0))
}

/// The sum of `amounts`, saturating.
pub(super) fn sum(amounts: impl IntoIterator<Item = Rupiah>) -> Rupiah {
    amounts.into_iter().fold(Rupiah(0), add)
}

/// The cost of one cohort on `date` (or its own start).
pub fn cohort_cost(
    table: &RateTable,
    cohort: &Cohort,
    date: NaiveDate,
) -> Result<CohortCost, ContributionError> {
    let on = cohort.start.unwrap_or(date);
    let months = u64::from(cohort.months);
    if cohort.segment == Segment::Pmi {
        let mut set = ProgrammeSet::EMPTY;
        set.insert(Programme::Jkk);
        set.insert(Programme::Jkm);
        if cohort.programmes != set {
            // Only the JKK + JKM package is in the rates data; JHT for migrants is not.
            let other = cohort
                .programmes
                .iter()
                .find(|p| !set.contains(*p))
                .unwrap_or(Programme::Jkk);
            return Err(ContributionError::NoRule {
                segment: Segment::Pmi,
                programme: other,
                date: on,
            });
        }
        let parts = table.migrant_package(cohort.months, on)?;
        let per_worker = sum(parts.iter().map(|(a, _)| *a));
        let total = mul(per_worker, cohort.count);
        let mut legal: Vec<String> = parts.iter().map(|(_, r)| r.legal_basis.clone()).collect();
        legal.dedup();
        return Ok(CohortCost {
            cohort: cohort.clone(),
            per_worker: None,
            one_off_per_worker: per_worker,
            legal_basis: legal,
            per_month: Rupiah(0),
            total,
            funded: total,
            deducted_from_wage: Rupiah(0),
            central_government: Rupiah(0),
        });
    }
    let c = table.monthly(
        cohort.segment,
        cohort.income,
        cohort.risk_class,
        cohort.programmes,
        on,
    )?;
    let per_month = mul(c.total, cohort.count);
    let over = |r: Rupiah| mul(mul(r, cohort.count), months);
    let mut legal: Vec<String> = Vec::new();
    for item in &c.items {
        if !legal.contains(&item.legal_basis) {
            legal.push(item.legal_basis.clone());
        }
    }
    Ok(CohortCost {
        cohort: cohort.clone(),
        total: over(c.total),
        funded: over(c.funded()),
        deducted_from_wage: over(c.deducted_from_wage()),
        central_government: over(c.government),
        per_month,
        one_off_per_worker: Rupiah(0),
        legal_basis: legal,
        per_worker: Some(c),
    })
}

/// Costs every cohort of a plan; rules are those in force on `date` unless a cohort has its own
/// start. Every cohort that cannot be costed is reported.
pub fn cost_plan(
    table: &RateTable,
    cohorts: &[Cohort],
    date: NaiveDate,
) -> Result<PlanCost, Vec<CohortError>> {
    let mut costs = Vec::with_capacity(cohorts.len());
    let mut errors = Vec::new();
    for (index, cohort) in cohorts.iter().enumerate() {
        match cohort_cost(table, cohort, date) {
            Ok(c) => costs.push(c),
            Err(error) => errors.push(CohortError { index, error }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(summarise(costs, date))
}

fn summarise(costs: Vec<CohortCost>, date: NaiveDate) -> PlanCost {
    let mut by_programme: Vec<ProgrammeTotal> = Vec::new();
    let mut by_funding: Vec<FundingTotal> = Vec::new();
    let (mut per_month, mut total, mut deducted, mut central) =
        (Rupiah(0), Rupiah(0), Rupiah(0), Rupiah(0));
    let mut workers = 0u64;
    for c in &costs {
        let n = c.cohort.count;
        workers = workers.saturating_add(n);
        per_month = add(per_month, c.per_month);
        total = add(total, c.total);
        deducted = add(deducted, c.deducted_from_wage);
        central = add(central, c.central_government);
        let months = u64::from(c.cohort.months);
        match &c.per_worker {
            Some(w) => {
                for item in &w.items {
                    let month = mul(item.amount, n);
                    let entry = programme_entry(&mut by_programme, item.programme);
                    entry.per_month = add(entry.per_month, month);
                    entry.total = add(entry.total, mul(month, months));
                }
            }
            None => {
                // A migrant package covers JKK and JKM together; it is booked under JKK.
                let entry = programme_entry(&mut by_programme, Programme::Jkk);
                entry.total = add(entry.total, c.total);
            }
        }
        let f = match by_funding
            .iter_mut()
            .find(|f| f.funding == c.cohort.funding)
        {
            Some(f) => f,
            None => {
                by_funding.push(FundingTotal {
                    funding: c.cohort.funding,
                    workers: 0,
                    per_month: Rupiah(0),
                    total: Rupiah(0),
                });
                let last = by_funding.len() - 1;
                &mut by_funding[last]
            }
        };
        f.workers = f.workers.saturating_add(n);
        f.per_month = add(
            f.per_month,
            c.per_worker
                .as_ref()
                .map_or(Rupiah(0), |w| mul(w.funded(), n)),
        );
        f.total = add(f.total, c.funded);
    }
    by_programme.sort_by_key(|p| p.programme);
    by_funding.sort_by_key(|f| f.funding);
    PlanCost {
        date,
        cohorts: costs,
        workers,
        per_month,
        per_year: mul(per_month, 12),
        total,
        by_programme,
        by_funding,
        deducted_from_wage: deducted,
        central_government: central,
    }
}

fn programme_entry(list: &mut Vec<ProgrammeTotal>, programme: Programme) -> &mut ProgrammeTotal {
    let at = match list.iter().position(|p| p.programme == programme) {
        Some(at) => at,
        None => {
            list.push(ProgrammeTotal {
                programme,
                per_month: Rupiah(0),
                total: Rupiah(0),
            });
            list.len() - 1
        }
    };
    &mut list[at]
}
