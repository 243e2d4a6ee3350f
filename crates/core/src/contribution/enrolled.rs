//! The two budget questions the registry asks: what the workers enrolled now and paid from a
//! public or CSR budget cost per month, and what protecting the gap to a coverage target would
//! cost at the cheapest eligible programmes.

use super::plan::{Cohort, PlanCost, cohort_cost, cost_plan, mul};
use super::rules::{RateTable, RiskClass};
use super::worker::{Contribution, ContributionError};
use crate::codes::{Funding, ProgrammeSet, Segment};
use crate::worker::Rupiah;
use chrono::NaiveDate;
use serde::Serialize;

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
        if g.segment == Segment::Pmi {
            // Paid once for the placement, not a monthly cost.
            let e = ContributionError::OneOffSegment;
            not_costed.push(NotCosted {
                group: g.clone(),
                reason_id: e.message(Lang::Id),
                reason_en: e.message(Lang::En),
            });
            continue;
        }
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
            label: match g.wage {
                Some(w) => format!("{} {} {} @{}", g.segment, g.funding, g.programmes, w.0),
                None => format!("{} {} {}", g.segment, g.funding, g.programmes),
            },
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
