//! The Paritrana Award (DOMAIN.md §9, §11): cycles and categories, versioned indicator
//! frameworks, panels and conflicts of interest, scores, aggregation across assessors,
//! rankings with their tie-break chain, nominations, final decisions and the re-check of a
//! closed round from its export.
//!
//! Pure types and functions: no storage, no I/O, no clock (dates are handed in). Scores are
//! exact integers in milli-points ([`points`]); docs/award.md states every formula.
//!
//! | module | holds |
//! |---|---|
//! | [`points`] | milli-points, weights, the rounding rule |
//! | [`ids`] | ids, codes, bilingual labels |
//! | [`cycle`], [`category`] | the year's timeline and categories |
//! | [`framework`], [`framework_check`], [`computed`], [`defaults`] | indicator frameworks |
//! | [`panel`], [`entry`], [`conflict`], [`assignment`] | who scores whom |
//! | [`score`], [`stage_score`], [`aggregation`], [`progress`] | scoring |
//! | [`ranking`], [`round`], [`nomination`], [`decision`], [`reproduce`] | results |
//! | [`registry_figures`] | computed figures from the registry on the cut-off date |

pub mod aggregation;
pub mod assignment;
pub mod category;
pub mod certificate;
pub mod computed;
pub mod conflict;
pub mod cycle;
pub mod decision;
pub mod defaults;
pub mod entry;
pub mod framework;
pub mod framework_check;
pub mod ids;
pub mod nomination;
pub mod panel;
pub mod points;
pub mod progress;
pub mod ranking;
pub mod registry_figures;
pub mod reproduce;
pub mod round;
pub mod score;
pub mod stage_score;
pub mod verification;

pub use aggregation::Aggregation;
pub use conflict::{Conflict, may_score};
pub use framework::{Framework, Scale, Stage};
pub use framework_check::FrameworkError;
pub use points::{Points, Weight};
pub use round::{GroupRanking, RoundInput, rank_round};
pub use score::Score;

#[cfg(test)]
mod fixture_tests;
