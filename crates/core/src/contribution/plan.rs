//! Budget plans (rencana anggaran): a list of cohorts (how many workers, of which segment, on what
//! income, with which programmes, for how many months, paid from which source) and what they cost
//! per month and over the plan, per programme and per funding source. Also the two questions the
//! registry asks: what the enrolled workers cost now, and what closing a coverage gap would cost.
//!
//! Reading plan files is in [`super::plan_file`]; this module only does the arithmetic, which is
//! exact in integer rupiah: a cohort costs `count × per-worker contribution` a month, and
//! `months ×` that over the plan.

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

fn mul(a: Rupiah, n: u64) -> Rupiah {
    Rupiah(a.0.saturating_mul(i64::try_from(n).unwrap_or(i64::MAX)))
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
        let per_worker = Rupiah(parts.iter().map(|(a, _)| a.0).sum());
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
    let add = |a: Rupiah, b: Rupiah| Rupiah(a.0.saturating_add(b.0));
    let mut by_programme: Vec<ProgrammeTotal> = Vec::new();
    let mut by_funding: Vec<FundingTotal> = Vec::new();
    let (mut per_month, mut total, mut deducted, mut central) =
        (Rupiah(0), Rupiah(0), Rupiah(0), Rupiah(0));
    let mut workers = 0u64;
    for c in &costs {
        let n = c.cohort.count;
        workers += n;
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
        f.workers += n;
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

/// What closing a coverage gap costs: `gap` more workers protected at the cheapest eligible
/// programme set (see [`RateTable::cheapest_protection`]) for `months`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapCost {
    pub gap: u64,
    pub months: u32,
    /// The cheapest protection of one worker per month, with its rules.
    pub per_worker: Contribution,
    pub per_month: Rupiah,
    pub total: Rupiah,
}

/// The seam for "reach a target coverage % by a date": the caller computes the gap (target
/// workers − protected workers) from the targets; this prices it.
pub fn gap_cost(
    table: &RateTable,
    gap: u64,
    months: u32,
    date: NaiveDate,
) -> Result<GapCost, ContributionError> {
    let per_worker = table.cheapest_protection(date)?;
    let per_month = mul(per_worker.total, gap);
    Ok(GapCost {
        gap,
        months,
        total: mul(per_month, u64::from(months)),
        per_month,
        per_worker,
    })
}

/// One group of enrolled workers with the same cost profile, as the registry counts them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnrolledGroup {
    pub segment: Segment,
    pub funding: Funding,
    pub programmes: ProgrammeSet,
    /// The recorded wage or income; `None` when the registry has none.
    pub wage: Option<Rupiah>,
    pub workers: u64,
}

/// What the enrolled workers of a region cost per month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryCost {
    pub date: NaiveDate,
    /// The groups costed (funding sources paid by public or CSR budgets only).
    pub cost: PlanCost,
    /// Workers of those funding sources that could not be costed, with the reason.
    pub not_costed: Vec<NotCosted>,
    /// The assumptions made, in words (Indonesian, English).
    pub assumptions: Vec<(String, String)>,
}

/// Enrolled workers that could not be costed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotCosted {
    pub group: EnrolledGroup,
    pub reason_id: String,
    pub reason_en: String,
}

/// The funding sources a regional budget plan cares about.
pub const PUBLIC_FUNDING: [Funding; 4] = [
    Funding::ApbdProvinsi,
    Funding::ApbdKabkota,
    Funding::DanaDesa,
    Funding::Csr,
];

/// What the workers enrolled on `date` and paid from APBD, Dana Desa or CSR cost per month.
/// A BPU worker without a recorded income is costed at the lowest declared income; a wage
/// earner's JKK at risk class 1 (office work), since the registry does not hold the class.
pub fn registry_cost(
    table: &RateTable,
    groups: &[EnrolledGroup],
    date: NaiveDate,
) -> Result<RegistryCost, ContributionError> {
    use crate::lang::{Lang, Localized};
    let lowest = table.cheapest_protection(date)?.wage;
    let mut cohorts = Vec::new();
    let mut not_costed = Vec::new();
    let (mut assumed_income, mut assumed_class) = (false, false);
    for g in groups
        .iter()
        .filter(|g| PUBLIC_FUNDING.contains(&g.funding))
    {
        let income = match (g.wage, g.segment) {
            (Some(w), _) if w.0 > 0 => w,
            (_, Segment::Bpu) => {
                assumed_income = true;
                lowest
            }
            _ => Rupiah(0),
        };
        let risk_class = (g.segment == Segment::Pu).then(|| {
            assumed_class = true;
            RiskClass::VeryLow
        });
        let cohort = Cohort {
            label: format!("{} {} {}", g.segment, g.funding, g.programmes),
            count: g.workers,
            segment: g.segment,
            income,
            risk_class,
            programmes: g.programmes,
            months: 1,
            funding: g.funding,
            start: None,
        };
        match cohort_cost(table, &cohort, date) {
            Ok(_) => cohorts.push(cohort),
            Err(e) => not_costed.push(NotCosted {
                group: g.clone(),
                reason_id: e.message(Lang::Id),
                reason_en: e.message(Lang::En),
            }),
        }
    }
    let cost = cost_plan(table, &cohorts, date).map_err(|mut e| e.remove(0).error)?;
    let mut assumptions = Vec::new();
    if assumed_income {
        assumptions.push((
            format!("pekerja BPU tanpa data penghasilan dihitung dengan penghasilan terendah Rp {}", crate::lang::format_count(lowest.0.unsigned_abs(), Lang::Id)),
            format!("BPU workers without a recorded income are costed at the lowest declared income, Rp {}", crate::lang::format_count(lowest.0.unsigned_abs(), Lang::En)),
        ));
    }
    if assumed_class {
        assumptions.push((
            "JKK penerima upah dihitung dengan kelas risiko 1 (sangat rendah)".into(),
            "JKK of wage earners is costed at risk class 1 (very low)".into(),
        ));
    }
    Ok(RegistryCost {
        date,
        cost,
        not_costed,
        assumptions,
    })
}
