//! UCJ coverage analytics: how many workers are protected on a date, per region and per
//! breakdown, without scanning the registry for every question.
//!
//! Design (see docs/coverage.md):
//! - Every coverage period becomes two **events**: `+1` on its first day and `-1` on the day after
//!   its last. The number of workers protected on day `d` is the sum of the events on or before
//!   `d` (two periods of one worker never overlap, so periods counted = workers counted).
//! - Events are summed per **kab/kota × profile × day** ([`Deltas`]), where a [`Profile`] packs
//!   segment, category, sector, funding and programme set into one integer. The store keeps these
//!   sums in a table that each import updates in its own transaction.
//! - A [`Cube`] holds, per (kab/kota, profile), the running totals on the days they change, so
//!   "how many on day d" is a binary search. Questions at kab/kota level and above (nation,
//!   province, all 514 kab/kota) read the cube: tens of thousands of cells, never the registry.
//! - Below kab/kota (kecamatan, desa), the few thousand periods of one kab/kota are read and
//!   counted directly ([`PeriodList`]). Both sources give the same answers.
//!
//! Pure: no I/O. The store builds the sources; [`report`] turns counts and targets into answers.

mod cube;
mod deltas;
mod dimension;
mod profile;
pub mod report;

pub use cube::{Cube, PeriodFact, PeriodList};
pub use deltas::Deltas;
pub use dimension::{Dimension, WorkerGroup};
pub use profile::Profile;

use crate::region::{Level, RegionCode};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A calendar day as days since 1970-01-01 (compact, ordered, cheap to compare).
pub type Day = i32;

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01 is a date"),
};

/// The [`Day`] of a date.
pub fn day(date: NaiveDate) -> Day {
    (date - EPOCH).num_days() as Day
}

/// The date of a [`Day`]. Days before 1970 are negative; a day outside the calendar's range
/// (which no parsed date gives) is clamped to its first or last date rather than panicking.
pub fn date(day: Day) -> NaiveDate {
    EPOCH
        .checked_add_signed(chrono::TimeDelta::days(i64::from(day)))
        .unwrap_or(if day < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_before_1970_are_negative_and_come_back_as_their_date() {
        // A monthly series from 1969 once panicked here: the negative day was cast to u64.
        let d = NaiveDate::from_ymd_opt(1969, 12, 31).unwrap();
        assert_eq!(day(d), -1);
        assert_eq!(date(-1), d);
        assert_eq!(
            date(day(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap())).to_string(),
            "1900-01-01"
        );
        assert_eq!(date(Day::MIN), NaiveDate::MIN);
        assert_eq!(date(Day::MAX), NaiveDate::MAX);
    }
}

/// Counts per area for one date and one dimension: `by[value index]`, plus the total (not the
/// sum of `by` for [`Dimension::Programme`], where a worker counts once per programme held).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AreaCount {
    pub total: u64,
    pub by: Vec<u64>,
}

/// Counts for the areas of one level within a region, keyed by area code.
pub type Counts = BTreeMap<RegionCode, AreaCount>;

/// Anything that can count protected workers: the [`Cube`] (kab/kota and above) or a
/// [`PeriodList`] (any level, for a small part of the registry).
pub trait CoverageSource {
    /// Protected workers on `on` in each area of `level` inside `within` (which may be the area
    /// itself when `level` is `within`'s own level), broken down by `dim`. Areas with no worker
    /// are absent.
    fn count(&self, within: RegionCode, level: Level, on: Day, dim: Dimension) -> Counts;

    /// Protected workers inside `within` on each day of `days` (sorted ascending), by `dim`.
    fn series(&self, within: RegionCode, days: &[Day], dim: Dimension) -> Vec<AreaCount>;
}
