//! The rule that decides what an imported row does to a worker already in the registry.
//!
//! The rule, applied per NIK (documented for users in docs/import.md):
//! 1. **New NIK** → the worker and the period are added (*imported*).
//! 2. **A period with the same start date exists** → it is the same enrolment: identical → nothing
//!    changes (*unchanged*); different (a later end date, a corrected programme set…) → the period
//!    is revised and its former version kept in the history table (*updated*).
//! 3. **An open period (no end date) started earlier** → it is closed on the day before the new
//!    start and the new period is added: the worker changed scheme (e.g. from APBD to Dana Desa)
//!    (*updated*).
//! 4. **Any other overlap** with a recorded period → the row is rejected, naming that period:
//!    two enrolments cannot protect the same worker on the same day.
//! 5. **No overlap** → a re-enrolment: the period is added beside the history (*updated*).
//!
//! Name and domicile changes of an existing worker are applied (former values kept in history)
//! and count as *updated* even when the period is unchanged.
//!
//! [`plan::plan_row`] turns this rule (and the custody rule of transfers) into the writes and
//! coverage changes of one row, which a storage backend executes.

pub mod plan;

use crate::lang::{Lang, Localized};
use crate::region::{RegionCode, RegionTree};
use crate::worker::{Enrolment, Person};
use chrono::NaiveDate;
use serde::Serialize;

/// What to do with one incoming period, given the worker's recorded periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodAction {
    /// Add the period (new worker or re-enrolment).
    Add,
    /// The same period is already recorded as is.
    Unchanged,
    /// Replace the recorded period at this index (same start date), keeping its old version.
    Revise(usize),
    /// Close the open period at this index on `close_on`, then add the new one.
    CloseAndAdd { index: usize, close_on: NaiveDate },
    /// Reject: overlaps the recorded period at this index.
    Overlap(usize),
}

/// Decides what an incoming period does to the recorded ones (rules 2–5 above).
pub fn reconcile(recorded: &[Enrolment], incoming: &Enrolment) -> PeriodAction {
    if let Some(i) = recorded.iter().position(|r| r.start == incoming.start) {
        return if recorded[i] == *incoming {
            PeriodAction::Unchanged
        } else {
            PeriodAction::Revise(i)
        };
    }
    let overlapping: Vec<usize> = (0..recorded.len())
        .filter(|&i| recorded[i].overlaps(incoming))
        .collect();
    match overlapping.as_slice() {
        [] => PeriodAction::Add,
        [i] if recorded[*i].end.is_none() && recorded[*i].start < incoming.start => {
            match incoming.start.pred_opt() {
                Some(close_on) => PeriodAction::CloseAndAdd {
                    index: *i,
                    close_on,
                },
                None => PeriodAction::Overlap(*i),
            }
        }
        [i, ..] => PeriodAction::Overlap(*i),
    }
}

/// Whether an existing person record differs from the incoming one in what a row may change
/// (name, domicile). Sex and birth date come from the NIK and cannot differ.
pub fn person_changed(recorded: &Person, incoming: &Person) -> bool {
    recorded.name != incoming.name || recorded.village != incoming.village
}

/// A row refused because of what the registry already holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RegistryConflict {
    /// The incoming period overlaps a recorded period of the same worker.
    OverlapsRecordedPeriod {
        start: NaiveDate,
        end: Option<NaiveDate>,
    },
    /// The worker is actively enrolled in a region outside the importing account's scope
    /// ([`crate::transfer::custody`]): only a transfer approved there moves them.
    RegisteredElsewhere {
        region: RegionCode,
        /// The region's name, when the caller knows the tree ([`RegistryConflict::named`]).
        #[serde(skip_serializing_if = "String::is_empty")]
        region_name: String,
    },
}

impl RegistryConflict {
    /// The reason's code, as serialised (`overlaps_recorded_period`, `registered_elsewhere`).
    pub fn code(&self) -> &'static str {
        match self {
            RegistryConflict::OverlapsRecordedPeriod { .. } => "overlaps_recorded_period",
            RegistryConflict::RegisteredElsewhere { .. } => "registered_elsewhere",
        }
    }

    /// The same conflict with the names of the regions it mentions (the store knows codes only).
    pub fn named(&self, tree: &RegionTree) -> RegistryConflict {
        match self {
            RegistryConflict::RegisteredElsewhere { region, .. } => {
                RegistryConflict::RegisteredElsewhere {
                    region: *region,
                    region_name: tree
                        .get(*region)
                        .map(|r| r.name.clone())
                        .unwrap_or_default(),
                }
            }
            other => other.clone(),
        }
    }
}

impl Localized for RegistryConflict {
    fn message(&self, lang: Lang) -> String {
        match self {
            RegistryConflict::OverlapsRecordedPeriod { start, end } => {
                let end_txt = |open: &str| end.map_or(open.to_string(), |e| e.to_string());
                match lang {
                    Lang::Id => format!(
                        "periode tumpang tindih dengan kepesertaan yang sudah tercatat ({start} s/d {})",
                        end_txt("sekarang")
                    ),
                    Lang::En => format!(
                        "period overlaps an enrolment already recorded ({start} to {})",
                        end_txt("open")
                    ),
                }
            }
            RegistryConflict::RegisteredElsewhere {
                region,
                region_name,
            } => {
                let place = if region_name.is_empty() {
                    region.to_string()
                } else {
                    format!("{region_name} ({region})")
                };
                match lang {
                    Lang::Id => format!(
                        "NIK ini terdaftar aktif di wilayah lain: {place}; ajukan pemindahan (halaman /pemindahan atau `paritrana transfer request`), baris tidak disimpan"
                    ),
                    Lang::En => format!(
                        "this NIK is actively registered in another region: {place}; request a transfer (page /pemindahan or `paritrana transfer request`), the row is not stored"
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Category, Funding, ProgrammeSet, Sector, Segment};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn period(start: NaiveDate, end: Option<NaiveDate>) -> Enrolment {
        Enrolment {
            segment: Segment::Bpu,
            category: Category::PekerjaRentan,
            sector: Some(Sector::Petani),
            funding: Funding::ApbdKabkota,
            csr_company: None,
            programmes: ProgrammeSet::parse("JKK,JKM").unwrap(),
            start,
            end,
            wage: None,
        }
    }

    #[test]
    fn same_period_twice_changes_nothing() {
        let p = period(d(2023, 1, 1), Some(d(2023, 12, 31)));
        assert_eq!(
            reconcile(std::slice::from_ref(&p), &p),
            PeriodAction::Unchanged
        );
    }

    #[test]
    fn a_longer_end_date_revises_the_same_enrolment() {
        let old = period(d(2023, 1, 1), Some(d(2023, 6, 30)));
        let new = period(d(2023, 1, 1), Some(d(2023, 12, 31)));
        assert_eq!(reconcile(&[old], &new), PeriodAction::Revise(0));
    }

    #[test]
    fn re_enrolment_after_a_gap_is_added() {
        let old = period(d(2022, 1, 1), Some(d(2022, 12, 31)));
        let new = period(d(2024, 1, 1), None);
        assert_eq!(reconcile(&[old], &new), PeriodAction::Add);
    }

    #[test]
    fn an_open_period_is_closed_when_the_scheme_changes() {
        let old = period(d(2022, 1, 1), None);
        let mut new = period(d(2024, 3, 1), None);
        new.funding = Funding::DanaDesa;
        assert_eq!(
            reconcile(&[old], &new),
            PeriodAction::CloseAndAdd {
                index: 0,
                close_on: d(2024, 2, 29)
            }
        );
    }

    #[test]
    fn overlapping_closed_periods_are_refused() {
        let old = period(d(2023, 1, 1), Some(d(2023, 12, 31)));
        let new = period(d(2023, 6, 1), Some(d(2024, 5, 31)));
        assert_eq!(reconcile(&[old], &new), PeriodAction::Overlap(0));
        let c = RegistryConflict::OverlapsRecordedPeriod {
            start: d(2023, 1, 1),
            end: None,
        };
        assert!(c.message(Lang::Id).contains("s/d sekarang"));
    }

    #[test]
    fn a_refusal_names_the_region_that_holds_the_worker() {
        let tree = RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap();
        let c = RegistryConflict::RegisteredElsewhere {
            region: RegionCode::parse("64.02").unwrap(),
            region_name: String::new(),
        };
        assert_eq!(c.code(), "registered_elsewhere");
        let named = c.named(&tree);
        assert_eq!(
            named.message(Lang::Id).split(';').next().unwrap(),
            "NIK ini terdaftar aktif di wilayah lain: Kabupaten Kutai Kartanegara (64.02)"
        );
        assert!(named.message(Lang::En).contains("another region"));
        assert!(c.message(Lang::Id).contains("wilayah lain: 64.02;"));
    }
}
