//! Contributions (iuran) and budget planning: the rules of BPJS Ketenagakerjaan as data with
//! their legal basis and dates ([`RateTable`], from `data/contribution_rates.csv`), what one
//! worker costs per month ([`RateTable::monthly`]), what a plan of cohorts costs
//! ([`cost_plan`]), what the enrolled workers of a region cost ([`registry_cost`]) and what a
//! coverage gap would cost ([`gap_cost`]).
//!
//! Money is integer rupiah throughout; the one rounding rule is in [`rate`]. Pure: reading plan
//! files is done by the sheets crate, which hands over cells ([`plan_file`]).

pub mod plan;
pub mod plan_file;
pub mod rate;
pub mod rules;
pub mod worker;

pub use plan::{
    Cohort, CohortCost, EnrolledGroup, GapCost, PlanCost, RegistryCost, cost_plan, gap_cost,
    registry_cost,
};
pub use plan_file::{
    CohortInput, PlanField, PlanInput, PlanInputError, PlanProblem, read_plan_input, read_plan_rows,
};
pub use rate::{Ppm, format_rupiah};
pub use rules::{RateDateError, RateFileError, RateKind, RateRule, RateTable, RiskClass};
pub use worker::{Contribution, ContributionError, ProgrammeAmount};
