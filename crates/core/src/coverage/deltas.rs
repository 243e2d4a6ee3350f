//! The change an import makes to the coverage aggregates: event sums per kab/kota, profile, day.

use super::{Day, Profile, day};
use crate::region::{Level, RegionCode};
use crate::worker::Enrolment;
use std::collections::HashMap;

/// Sums of `+1` (first day) and `-1` (day after the last) events per (kab/kota, profile, day).
/// Zero sums are dropped when read out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deltas {
    sums: HashMap<(RegionCode, Profile, Day), i64>,
}

impl Deltas {
    pub fn new() -> Deltas {
        Deltas::default()
    }

    /// Adds the events of a period of a worker living in `village` (or any code below a kab/kota).
    pub fn add(&mut self, village: RegionCode, e: &Enrolment) {
        self.record(village, e, 1);
    }

    /// Removes the events of a period as it was recorded (before a revision or a move).
    pub fn remove(&mut self, village: RegionCode, e: &Enrolment) {
        self.record(village, e, -1);
    }

    /// Adds the events of a period already reduced to its facts.
    pub fn add_fact(&mut self, p: &super::PeriodFact) {
        let Some(regency) = p.village.ancestor(Level::Regency) else {
            return;
        };
        *self.sums.entry((regency, p.profile, p.start)).or_default() += 1;
        if let Some(end) = p.end {
            *self.sums.entry((regency, p.profile, end + 1)).or_default() -= 1;
        }
    }

    fn record(&mut self, village: RegionCode, e: &Enrolment, sign: i64) {
        let Some(regency) = village.ancestor(Level::Regency) else {
            return;
        };
        let profile = Profile::of(e);
        *self
            .sums
            .entry((regency, profile, day(e.start)))
            .or_default() += sign;
        if let Some(end) = e.end {
            *self
                .sums
                .entry((regency, profile, day(end) + 1))
                .or_default() -= sign;
        }
    }

    /// The non-zero sums, sorted by (kab/kota, profile, day).
    pub fn rows(&self) -> Vec<(RegionCode, Profile, Day, i64)> {
        let mut rows: Vec<_> = self
            .sums
            .iter()
            .filter(|(_, v)| **v != 0)
            .map(|(&(r, p, d), &v)| (r, p, d, v))
            .collect();
        rows.sort_unstable();
        rows
    }

    pub fn is_empty(&self) -> bool {
        self.sums.values().all(|v| *v == 0)
    }

    /// Sums held (zeros included): what the map costs in memory, about 60 bytes each. An
    /// import hands its sums to the store whenever this grows past a bound, so memory does
    /// not grow with the file.
    pub fn len(&self) -> usize {
        self.sums.len()
    }
}
