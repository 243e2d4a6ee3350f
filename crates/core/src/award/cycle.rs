//! An award cycle (siklus penghargaan): one year's timeline from registration to the ceremony,
//! the cut-off date of the figures the product computes, and the categories it opens.
//!
//! The status of a cycle is never stored: it is derived from a date with [`Cycle::status`].

use super::category::Category;
use crate::Lang;
use crate::codes::code_enum;
use crate::lang::Localized;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum! {
    /// Tahapan — the phases of a cycle, in the order they happen.
    pub enum Phase {
        Registration = ("PENDAFTARAN", "Pendaftaran", "Registration"),
        DocumentAssessment = ("PENILAIAN_DOKUMEN", "Penilaian dokumen", "Document assessment"),
        Interviews = ("WAWANCARA", "Wawancara provinsi", "Provincial interviews"),
        ProvincialDecision = ("PENETAPAN_PROVINSI", "Penetapan juara provinsi", "Provincial decision"),
        NationalNomination = ("NOMINASI_NASIONAL", "Nominasi nasional", "National nomination"),
        NationalInterviews = ("WAWANCARA_NASIONAL", "Wawancara nasional", "National interviews"),
        FinalDecision = ("PENETAPAN_NASIONAL", "Penetapan pemenang nasional", "Final decision"),
        Ceremony = ("PENGANUGERAHAN", "Malam penganugerahan", "Award ceremony"),
    }
}

/// One phase of the timeline, from `start` to `end` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub phase: Phase,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// One year of the award.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cycle {
    pub year: u16,
    /// Every [`Phase`] once, in order, without overlap.
    timeline: Vec<Milestone>,
    /// Computed indicators take the product's figures as they stood on this date.
    pub cut_off: NaiveDate,
    pub categories: Vec<Category>,
}

/// Where a cycle stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CycleStatus {
    /// Before registration opens.
    NotOpen,
    /// Inside a phase.
    In { phase: Phase },
    /// Between the end of one phase and the start of the next.
    Between { after: Phase, next: Phase },
    /// After the ceremony.
    Finished,
}

/// Why a cycle's timeline or categories were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CycleError {
    #[error(
        "the timeline must list every phase once, in order; expected {expected} at position {position}"
    )]
    PhaseOrder { position: usize, expected: Phase },
    #[error("phase {phase} ends ({end}) before it starts ({start})")]
    EndsBeforeStart {
        phase: Phase,
        start: NaiveDate,
        end: NaiveDate,
    },
    #[error("phase {next} starts ({start}) before phase {previous} has ended ({end})")]
    Overlap {
        previous: Phase,
        next: Phase,
        end: NaiveDate,
        start: NaiveDate,
    },
    #[error("the cut-off date {cut_off} must fall before document assessment starts ({start})")]
    CutOffTooLate {
        cut_off: NaiveDate,
        start: NaiveDate,
    },
    #[error("a cycle needs at least one category")]
    NoCategories,
    #[error("category {0} is listed twice")]
    DuplicateCategory(String),
}

impl Localized for CycleError {
    fn message(&self, lang: Lang) -> String {
        use CycleError::*;
        match (self, lang) {
            (PhaseOrder { position, expected }, Lang::Id) => format!(
                "jadwal harus memuat setiap tahapan sekali, berurutan; tahapan ke-{} seharusnya {}",
                position + 1,
                expected.label(Lang::Id)
            ),
            (EndsBeforeStart { phase, start, end }, Lang::Id) => format!(
                "tahapan {} berakhir ({end}) sebelum dimulai ({start})",
                phase.label(Lang::Id)
            ),
            (
                Overlap {
                    previous,
                    next,
                    end,
                    start,
                },
                Lang::Id,
            ) => format!(
                "tahapan {} dimulai ({start}) sebelum tahapan {} berakhir ({end})",
                next.label(Lang::Id),
                previous.label(Lang::Id)
            ),
            (CutOffTooLate { cut_off, start }, Lang::Id) => format!(
                "tanggal batas data {cut_off} harus sebelum penilaian dokumen dimulai ({start})"
            ),
            (NoCategories, Lang::Id) => "siklus membutuhkan paling sedikit satu kategori".into(),
            (DuplicateCategory(c), Lang::Id) => format!("kategori {c} tercantum dua kali"),
            (_, Lang::En) => self.to_string(),
        }
    }
}

impl Cycle {
    /// Checks the timeline (every phase once, in order, each starting after the previous one
    /// ended), that the cut-off precedes document assessment, and that category codes are
    /// unique.
    pub fn new(
        year: u16,
        timeline: Vec<Milestone>,
        cut_off: NaiveDate,
        categories: Vec<Category>,
    ) -> Result<Cycle, CycleError> {
        for (position, expected) in Phase::ALL.iter().enumerate() {
            if timeline.get(position).map(|m| m.phase) != Some(*expected) {
                return Err(CycleError::PhaseOrder {
                    position,
                    expected: *expected,
                });
            }
        }
        if timeline.len() != Phase::ALL.len() {
            return Err(CycleError::PhaseOrder {
                position: Phase::ALL.len(),
                expected: Phase::Ceremony,
            });
        }
        for m in &timeline {
            if m.end < m.start {
                return Err(CycleError::EndsBeforeStart {
                    phase: m.phase,
                    start: m.start,
                    end: m.end,
                });
            }
        }
        for pair in timeline.windows(2) {
            if pair[1].start <= pair[0].end {
                return Err(CycleError::Overlap {
                    previous: pair[0].phase,
                    next: pair[1].phase,
                    end: pair[0].end,
                    start: pair[1].start,
                });
            }
        }
        let documents = timeline[Phase::DocumentAssessment.index()].start;
        if cut_off >= documents {
            return Err(CycleError::CutOffTooLate {
                cut_off,
                start: documents,
            });
        }
        if categories.is_empty() {
            return Err(CycleError::NoCategories);
        }
        for (i, c) in categories.iter().enumerate() {
            if categories[..i].iter().any(|d| d.code == c.code) {
                return Err(CycleError::DuplicateCategory(c.code.to_string()));
            }
        }
        Ok(Cycle {
            year,
            timeline,
            cut_off,
            categories,
        })
    }

    pub fn timeline(&self) -> &[Milestone] {
        &self.timeline
    }

    /// The dates of one phase.
    pub fn milestone(&self, phase: Phase) -> Option<&Milestone> {
        self.timeline.iter().find(|m| m.phase == phase)
    }

    pub fn category(&self, code: &super::ids::CategoryCode) -> Option<&Category> {
        self.categories.iter().find(|c| &c.code == code)
    }

    /// The status on `date`: before registration, inside a phase, between two phases, or
    /// finished after the ceremony's last day.
    pub fn status(&self, date: NaiveDate) -> CycleStatus {
        let mut previous: Option<Phase> = None;
        for m in &self.timeline {
            if date < m.start {
                return match previous {
                    None => CycleStatus::NotOpen,
                    Some(after) => CycleStatus::Between {
                        after,
                        next: m.phase,
                    },
                };
            }
            if date <= m.end {
                return CycleStatus::In { phase: m.phase };
            }
            previous = Some(m.phase);
        }
        CycleStatus::Finished
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The 2024 cycle: registration in February, ceremony in November.
    fn timeline_2024() -> Vec<Milestone> {
        let dates = [
            ((2, 1), (2, 29)),
            ((3, 4), (4, 30)),
            ((5, 6), (5, 31)),
            ((6, 3), (6, 14)),
            ((6, 17), (6, 28)),
            ((7, 8), (8, 30)),
            ((9, 2), (9, 30)),
            ((11, 20), (11, 20)),
        ];
        Phase::ALL
            .iter()
            .zip(dates)
            .map(|(phase, ((sm, sd), (em, ed)))| Milestone {
                phase: *phase,
                start: d(2024, sm, sd),
                end: d(2024, em, ed),
            })
            .collect()
    }

    #[test]
    fn the_status_follows_the_calendar() {
        let cycle =
            Cycle::new(2024, timeline_2024(), d(2023, 12, 31), Category::defaults()).unwrap();
        assert_eq!(cycle.status(d(2024, 1, 15)), CycleStatus::NotOpen);
        assert_eq!(
            cycle.status(d(2024, 2, 1)),
            CycleStatus::In {
                phase: Phase::Registration
            }
        );
        assert_eq!(
            cycle.status(d(2024, 3, 2)),
            CycleStatus::Between {
                after: Phase::Registration,
                next: Phase::DocumentAssessment
            }
        );
        assert_eq!(
            cycle.status(d(2024, 11, 20)),
            CycleStatus::In {
                phase: Phase::Ceremony
            }
        );
        assert_eq!(cycle.status(d(2024, 11, 21)), CycleStatus::Finished);
    }

    #[test]
    fn a_broken_timeline_is_refused_with_its_reason() {
        let cats = Category::defaults();
        let mut swapped = timeline_2024();
        swapped.swap(2, 3);
        let err = Cycle::new(2024, swapped, d(2023, 12, 31), cats.clone()).unwrap_err();
        assert_eq!(
            err,
            CycleError::PhaseOrder {
                position: 2,
                expected: Phase::Interviews
            }
        );
        assert!(err.message(Lang::Id).contains("tahapan ke-3"));

        let mut overlapping = timeline_2024();
        overlapping[1].start = d(2024, 2, 29);
        assert!(matches!(
            Cycle::new(2024, overlapping, d(2023, 12, 31), cats.clone()),
            Err(CycleError::Overlap { .. })
        ));

        let late = Cycle::new(2024, timeline_2024(), d(2024, 3, 4), cats.clone()).unwrap_err();
        assert!(late.message(Lang::Id).contains("batas data"));

        let mut twice = cats.clone();
        twice.push(cats[0].clone());
        assert_eq!(
            Cycle::new(2024, timeline_2024(), d(2023, 12, 31), twice),
            Err(CycleError::DuplicateCategory("PEMPROV".into()))
        );
    }
}
