//! What one worker costs: the monthly contribution by segment, wage or income, risk class and
//! programme set on a date, per programme, split between employer, worker and central government,
//! with the rule and regulation behind each amount. The one-off packages of migrant workers and
//! the per-project contribution of construction work are in [`super::one_off`].

use super::plan::{add, sum};
use super::rate::Ppm;
use super::rules::{RateDateError, RateKind, RateRule, RateTable, RiskClass};
use crate::codes::{Programme, ProgrammeSet, Segment};
use crate::lang::{Lang, Localized};
use crate::worker::{EnrolmentProblem, Rupiah};
use chrono::NaiveDate;
use serde::Serialize;

/// The contribution to one programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeAmount {
    pub programme: Programme,
    /// The rule used and its regulation.
    pub rule_id: String,
    pub legal_basis: String,
    /// The wage or income the rate was applied to (after the rule's floor and ceiling).
    pub basis: Rupiah,
    /// The rate in parts per million of the basis; `None` for fixed amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_ppm: Option<i64>,
    pub employer: Rupiah,
    pub worker: Rupiah,
    pub government: Rupiah,
    /// Moved out of JKK/JKM into JKP: shown, but no extra cost.
    pub recomposed: Rupiah,
    /// employer + worker + government: what the programme costs.
    pub amount: Rupiah,
}

/// The monthly contribution of one worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contribution {
    pub segment: Segment,
    /// The date whose rules were used.
    pub date: NaiveDate,
    /// The declared wage (PU, Jakon) or income (BPU).
    pub wage: Rupiah,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_class: Option<RiskClass>,
    pub programmes: ProgrammeSet,
    pub items: Vec<ProgrammeAmount>,
    pub employer: Rupiah,
    pub worker: Rupiah,
    pub government: Rupiah,
    /// What the worker costs per month, all payers together.
    pub total: Rupiah,
}

impl Contribution {
    /// The part paid by the budget that funds the worker: for wage earners and construction
    /// workers the employer's share; for BPU and PMI everything but the central government's.
    pub fn funded(&self) -> Rupiah {
        match self.segment {
            Segment::Pu | Segment::Jakon => self.employer,
            Segment::Bpu | Segment::Pmi => add(self.employer, self.worker),
        }
    }

    /// The part deducted from a wage earner's wage (zero for BPU and PMI, whose share is funded).
    pub fn deducted_from_wage(&self) -> Rupiah {
        match self.segment {
            Segment::Pu | Segment::Jakon => self.worker,
            Segment::Bpu | Segment::Pmi => Rupiah(0),
        }
    }
}

/// Why a contribution cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ContributionError {
    /// The wage or income is missing or not positive.
    WageRequired,
    /// JKK of a wage earner needs the workplace's risk class.
    RiskClassRequired,
    /// No rule of the table answers this programme for this segment on the date.
    NoRule {
        segment: Segment,
        programme: Programme,
        date: NaiveDate,
    },
    /// Migrant workers pay once for the placement period, not monthly.
    OneOffSegment,
    /// No package covers this placement period.
    NoPackage { months: u32, date: NaiveDate },
    /// The date precedes every rule.
    #[serde(untagged)]
    Date(RateDateError),
    /// The programme set breaks an enrolment rule (JP for BPU, JKP without its prerequisites…).
    #[serde(untagged)]
    Enrolment(EnrolmentProblem),
}

impl ContributionError {
    /// The reason's code, as serialised.
    pub fn code(&self) -> &'static str {
        match self {
            ContributionError::Date(_) => "before_any_rule",
            ContributionError::Enrolment(p) => match p {
                EnrolmentProblem::NoProgramme => "no_programme",
                EnrolmentProblem::MissingBaseProgrammes => "missing_base_programmes",
                EnrolmentProblem::ProgrammeNotForSegment { .. } => "programme_not_for_segment",
                EnrolmentProblem::JkpWithoutPrerequisites => "jkp_without_prerequisites",
                EnrolmentProblem::WageNotPositive { .. } => "wage_not_positive",
                _ => "enrolment",
            },
            ContributionError::WageRequired => "wage_required",
            ContributionError::RiskClassRequired => "risk_class_required",
            ContributionError::NoRule { .. } => "no_rule",
            ContributionError::OneOffSegment => "one_off_segment",
            ContributionError::NoPackage { .. } => "no_package",
        }
    }
}

impl From<RateDateError> for ContributionError {
    fn from(e: RateDateError) -> Self {
        ContributionError::Date(e)
    }
}

impl std::fmt::Display for ContributionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ContributionError {}

impl Localized for ContributionError {
    fn message(&self, lang: Lang) -> String {
        use ContributionError::*;
        match (self, lang) {
            (Date(e), _) => e.message(lang),
            (Enrolment(p), _) => p.message(lang),
            (WageRequired, Lang::Id) => {
                "upah/penghasilan sebulan wajib diisi dan lebih dari 0 (mis. 1.000.000)".into()
            }
            (WageRequired, Lang::En) => {
                "the monthly wage/income is required and must be above 0 (e.g. 1,000,000)".into()
            }
            (RiskClassRequired, Lang::Id) => "kelas risiko lingkungan kerja (1 sangat rendah – 5 sangat tinggi) wajib diisi untuk JKK penerima upah".into(),
            (RiskClassRequired, Lang::En) => "JKK of a wage earner needs the workplace risk class (1 very low – 5 very high)".into(),
            (NoRule { segment, programme, date }, Lang::Id) => format!(
                "tidak ada tarif iuran {programme} untuk segmen {segment} yang berlaku pada {date}"
            ),
            (NoRule { segment, programme, date }, Lang::En) => format!(
                "no {programme} contribution rate for segment {segment} is in force on {date}"
            ),
            (OneOffSegment, Lang::Id) => "iuran Pekerja Migran Indonesia dibayar sekali untuk masa penempatan, bukan per bulan; isi jumlah bulan perjanjian kerja".into(),
            (OneOffSegment, Lang::En) => "migrant workers pay once for the placement period, not monthly; give the months of the work contract".into(),
            (NoPackage { months, date }, Lang::Id) => format!(
                "tidak ada paket iuran PMI untuk perjanjian kerja {months} bulan yang berlaku pada {date}"
            ),
            (NoPackage { months, date }, Lang::En) => format!(
                "no migrant-worker package for a {months}-month contract is in force on {date}"
            ),
        }
    }
}

/// Checks the enrolment rules of DOMAIN.md §6 that a programme set must meet.
fn check_programmes(segment: Segment, p: ProgrammeSet) -> Result<(), ContributionError> {
    if p.is_empty() {
        return Err(ContributionError::Enrolment(EnrolmentProblem::NoProgramme));
    }
    if segment != Segment::Pu {
        for programme in [Programme::Jp, Programme::Jkp] {
            if p.contains(programme) {
                return Err(ContributionError::Enrolment(
                    EnrolmentProblem::ProgrammeNotForSegment { programme, segment },
                ));
            }
        }
    }
    if !(p.contains(Programme::Jkk) && p.contains(Programme::Jkm)) {
        return Err(ContributionError::Enrolment(
            EnrolmentProblem::MissingBaseProgrammes,
        ));
    }
    let all_four = [
        Programme::Jkk,
        Programme::Jkm,
        Programme::Jht,
        Programme::Jp,
    ];
    if p.contains(Programme::Jkp) && !all_four.iter().all(|x| p.contains(*x)) {
        return Err(ContributionError::Enrolment(
            EnrolmentProblem::JkpWithoutPrerequisites,
        ));
    }
    Ok(())
}

fn find_rule<'t>(
    rules: &[&'t RateRule],
    segment: Segment,
    programme: Programme,
    risk_class: Option<RiskClass>,
    date: NaiveDate,
) -> Result<&'t RateRule, ContributionError> {
    let mut candidates = rules.iter().copied().filter(|r| {
        r.segment == segment
            && r.kind.is_monthly()
            && r.programmes.iter().eq(std::iter::once(programme))
    });
    let first = candidates.clone().next().ok_or(ContributionError::NoRule {
        segment,
        programme,
        date,
    })?;
    if first.risk_class.is_none() {
        return Ok(first);
    }
    let class = risk_class.ok_or(ContributionError::RiskClassRequired)?;
    candidates
        .find(|r| r.risk_class == Some(class))
        .ok_or(ContributionError::NoRule {
            segment,
            programme,
            date,
        })
}

fn amount_of(rule: &RateRule, programme: Programme, wage: Rupiah) -> ProgrammeAmount {
    let s = rule.shares;
    let (basis, parts, rate_ppm) = match rule.kind {
        RateKind::WagePercent => {
            let mut base = wage.0;
            if let Some(lo) = rule.base_min {
                base = base.max(lo.0);
            }
            if let Some(hi) = rule.base_max {
                base = base.min(hi.0);
            }
            let of = |ppm: i64| Ppm(ppm).of(base);
            (
                base,
                [
                    of(s.employer),
                    of(s.worker),
                    of(s.government),
                    of(s.recomposed),
                ],
                Some(s.total()),
            )
        }
        _ => (
            wage.0,
            [s.employer, s.worker, s.government, s.recomposed],
            None,
        ),
    };
    let [employer, worker, government, recomposed] = parts;
    ProgrammeAmount {
        programme,
        rule_id: rule.id.clone(),
        legal_basis: rule.legal_basis.clone(),
        basis: Rupiah(basis),
        rate_ppm,
        employer: Rupiah(employer),
        worker: Rupiah(worker),
        government: Rupiah(government),
        recomposed: Rupiah(recomposed),
        amount: sum([employer, worker, government].map(Rupiah)),
    }
}

impl RateTable {
    /// The monthly contribution of one worker of `segment` with this wage (PU, Jakon) or declared
    /// income (BPU), workplace risk class (JKK of PU) and programmes, under the rules in force on
    /// `date`. Amounts follow the rounding rule of [`super::rate`].
    pub fn monthly(
        &self,
        segment: Segment,
        wage: Rupiah,
        risk_class: Option<RiskClass>,
        programmes: ProgrammeSet,
        date: NaiveDate,
    ) -> Result<Contribution, ContributionError> {
        let rules = self.rules_on(date)?;
        if segment == Segment::Pmi {
            return Err(ContributionError::OneOffSegment);
        }
        check_programmes(segment, programmes)?;
        if wage.0 <= 0 {
            return Err(ContributionError::WageRequired);
        }
        let mut items = Vec::new();
        for programme in programmes.iter() {
            let rule = find_rule(&rules, segment, programme, risk_class, date)?;
            items.push(amount_of(rule, programme, wage));
        }
        let (employer, worker, government) = (
            sum(items.iter().map(|i| i.employer)),
            sum(items.iter().map(|i| i.worker)),
            sum(items.iter().map(|i| i.government)),
        );
        Ok(Contribution {
            segment,
            date,
            wage,
            risk_class,
            programmes,
            employer,
            worker,
            government,
            total: sum([employer, worker, government]),
            items,
        })
    }

    /// The cheapest protection the rules allow on `date`: JKK + JKM of a non-wage earner at the
    /// lowest declared income (Rp 16,800 a month under PP 44/2015). Used to cost a coverage gap.
    pub fn cheapest_protection(&self, date: NaiveDate) -> Result<Contribution, ContributionError> {
        let rules = self.rules_on(date)?;
        let lowest = rules
            .iter()
            .filter(|r| r.segment == Segment::Bpu && r.kind == RateKind::WagePercent)
            .filter_map(|r| r.base_min)
            .max()
            .unwrap_or(Rupiah(1));
        let mut base = ProgrammeSet::EMPTY;
        base.insert(Programme::Jkk);
        base.insert(Programme::Jkm);
        self.monthly(Segment::Bpu, lowest, None, base, date)
    }
}
