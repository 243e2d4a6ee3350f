//! Contributions (iuran) and budget planning: the rules of BPJS Ketenagakerjaan as data with
//! their legal basis and dates ([`RateTable`], from `data/contribution_rates.csv`), what one
//! worker costs per month ([`RateTable::monthly`]), what a plan of cohorts costs
//! ([`cost_plan`]), what the enrolled workers of a region cost ([`registry_cost`]) and what a
//! coverage gap would cost ([`gap_cost`]).
//!
//! `rules` (the table, rules in force on a date) · `rates_file` (reading it) · `risk` (JKK risk
//! classes) · `rate` (parts per million, the rounding rule) · `worker` (one worker per month) ·
//! `one_off` (migrant packages, construction projects) · `plan` (cohorts and totals) ·
//! `plan_header`, `plan_file`, `plan_input` (reading plans from sheets, JSON and forms) ·
//! `enrolled` (the registry's cost and the gap seam).
//!
//! Money is integer rupiah throughout; the one rounding rule is in [`rate`]. Pure: reading plan
//! files is done by the sheets crate, which hands over cells ([`plan_file`]).

pub mod enrolled;
pub mod one_off;
pub mod plan;
pub mod plan_file;
pub mod plan_header;
pub mod plan_input;
pub mod rate;
pub mod rates_file;
pub mod risk;
pub mod rules;
pub mod worker;

pub use enrolled::{EnrolledGroup, GapCost, RegistryCost, gap_cost, registry_cost};
pub use plan::{Cohort, CohortCost, PlanCost, cost_plan};
pub use plan_file::{
    CohortInput, MAX_COHORT_WORKERS, PlanField, PlanInput, PlanInputError, PlanProblem,
    read_plan_input, read_plan_rows,
};
pub use rate::{Ppm, format_rupiah};
pub use rules::{RateDateError, RateFileError, RateKind, RateRule, RateTable, RiskClass};
pub use worker::{Contribution, ContributionError, ProgrammeAmount};
