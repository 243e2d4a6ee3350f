//! UCJ targets — the denominator of coverage %: how many workers a region must protect in a year
//! (usually BPS "penduduk bekerja", employed persons). Holds the [`Target`] record, the
//! [`TargetBook`] that answers "what is the target of this region for this year", the validation
//! of target files row by row, and the estimate used when no official figure has been imported.
//! No I/O: callers hand in rows, cells and the text of the reference files.
//!
//! # How a target is resolved
//! Targets are kept for the nation, provinces and kab/kota; kecamatan and desa have none.
//!
//! 1. **Own row first.** A region's own target for a year wins, even when its kab/kota add up to
//!    something else (a province may import the BPS provincial figure).
//! 2. **Roll-up.** Otherwise a province's target is the sum of its kab/kota, and the nation's the
//!    sum of its provinces — but only when *every* child has a target for that year. One kab/kota
//!    without a figure makes the province "no target" (`None`): a partial sum would make
//!    coverage look better than it is, and a missing target is never 0. A kab/kota never rolls
//!    up (it is the leaf).
//! 3. **Year.** Targets lag behind: the year used is the latest target year at or before the
//!    requested one for which the region resolves by rules 1–2 (2024 figures serve 2025 until
//!    2025 is imported). A roll-up adds figures of that one year only, never a mix of years.
//! 4. **Segment.** `segment = None` is the total target. A target for one segment (PU, BPU, …)
//!    exists only where it was imported with that segment: totals are never split into segments
//!    and segments never added into a total.
//! 5. **Source and estimate.** A rolled-up target names every distinct source of its parts,
//!    joined with "; ", and is an estimate when any part is.

mod book;
mod estimate;
mod header;
mod problem;
mod row;

pub use book::{RegionTarget, ResolvedTarget, TargetBook};
pub use estimate::{EstimateError, SHARE_15_PLUS, estimate_targets};
pub use header::{TargetColumn, TargetHeader, TargetHeaderError, find_target_header};
pub use problem::{MAX_SOURCE_CHARS, TargetIssue, TargetProblem};
pub use row::{
    FIRST_YEAR, FirstTarget, MAX_WORKERS, TargetRowContext, ValidTarget, find_target_region,
    split_duplicates, validate_target_row,
};

use crate::codes::Segment;
use crate::region::{Level, RegionCode};
use serde::Serialize;

/// The target of one region for one year (and, optionally, one segment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The nation, a province or a kab/kota; serialised dotted (`"64.01"`, `"ID"` for the nation).
    pub region: RegionCode,
    pub year: i32,
    /// `None`: the total over all segments.
    pub segment: Option<Segment>,
    /// Workers to protect; never 0 (no figure is "no target", not zero).
    pub workers: u64,
    /// Where the figure comes from ("BPS Sakernas Agustus 2023").
    pub source: String,
    /// Whether the figure is an estimate rather than a published count.
    pub estimate: bool,
}

/// The (region, year, segment) that identifies a target: a file or the store holds one figure
/// per key.
pub type TargetKey = (RegionCode, i32, Option<Segment>);

impl Target {
    /// The key this target is stored under.
    pub fn key(&self) -> TargetKey {
        (self.region, self.year, self.segment)
    }
}

/// What storing a target does to the target stored under its key: the rule every backend
/// follows when a target file is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetChange {
    /// No target under the key yet: stored.
    Insert,
    /// The same figure, source and estimate flag: nothing is written.
    Unchanged,
    /// A different figure, source or estimate flag: the stored one goes to the history and is
    /// replaced.
    Replace,
}

impl TargetChange {
    /// The change `new` makes to `stored` (the target under the same key, if any).
    pub fn of(stored: Option<&Target>, new: &Target) -> TargetChange {
        match stored {
            None => TargetChange::Insert,
            Some(s)
                if s.workers == new.workers
                    && s.source == new.source
                    && s.estimate == new.estimate =>
            {
                TargetChange::Unchanged
            }
            Some(_) => TargetChange::Replace,
        }
    }
}

/// Whether targets are kept at this level (nation, province, kab/kota).
pub fn is_target_level(level: Level) -> bool {
    matches!(level, Level::Nation | Level::Province | Level::Regency)
}
