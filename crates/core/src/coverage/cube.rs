//! The two coverage sources: the [`Cube`] of running totals per kab/kota and profile, and the
//! [`PeriodList`] of raw periods for questions below kab/kota.

use super::{AreaCount, Counts, CoverageSource, Day, Dimension, Profile};
use crate::region::{Level, RegionCode};
use std::ops::Range;
use std::sync::OnceLock;

/// Running totals per (kab/kota, profile): on each day the count changes, the count from that
/// day on. Cells are sorted by kab/kota then profile, so a province's cells are contiguous.
///
/// Questions read a *rolled-up* view per (level, dimension) — running totals per (area, value)
/// — built from the cells on first use and kept: all 514 kab/kota by segment is then 2,570
/// binary searches, and a national series reads a handful of timelines.
#[derive(Debug, Default)]
pub struct Cube {
    cells: Vec<Cell>,
    days: Vec<Day>,
    totals: Vec<i64>,
    /// Every distinct change day, sorted; `day_index[i]` is the position of `days[i]` in it.
    all_days: Vec<Day>,
    day_index: Vec<u32>,
    /// Rolled-up views, per level (nation, province, kab/kota) and dimension.
    rolled: [[OnceLock<Rolled>; DIMENSIONS]; 3],
}

const DIMENSIONS: usize = 7;

#[derive(Debug, Clone, Copy)]
struct Cell {
    regency: RegionCode,
    profile: Profile,
    events: (u32, u32),
}

impl Cell {
    fn range(&self) -> Range<usize> {
        self.events.0 as usize..self.events.1 as usize
    }
}

/// Running totals per (area, slot): slot 0 is the total, slot `i + 1` the dimension's value `i`.
#[derive(Debug, Default)]
struct Rolled {
    keys: Vec<(RegionCode, u16)>,
    ranges: Vec<(u32, u32)>,
    days: Vec<Day>,
    totals: Vec<i64>,
}

impl Rolled {
    fn at(&self, k: usize, on: Day) -> i64 {
        let (a, b) = (self.ranges[k].0 as usize, self.ranges[k].1 as usize);
        match self.days[a..b].partition_point(|d| *d <= on) {
            0 => 0,
            i => self.totals[a + i - 1],
        }
    }

    /// The keys of the areas whose codes lie in `lo..=hi`.
    fn keys_between(&self, lo: u64, hi: u64) -> Range<usize> {
        let from = self.keys.partition_point(|k| k.0.as_u64() < lo);
        let to = self.keys.partition_point(|k| k.0.as_u64() <= hi);
        from..to
    }
}

/// The codes of the areas of `level` inside `within`, as a numeric range.
fn code_range(within: RegionCode, level: Level) -> (u64, u64) {
    if within == RegionCode::NATION {
        return (0, u64::MAX);
    }
    let scale = 10u64.pow((level.digits() - within.level().digits()) as u32);
    let lo = within.as_u64() * scale;
    (lo, lo + scale - 1)
}

impl Clone for Cube {
    fn clone(&self) -> Cube {
        Cube {
            cells: self.cells.clone(),
            days: self.days.clone(),
            totals: self.totals.clone(),
            all_days: self.all_days.clone(),
            day_index: self.day_index.clone(),
            rolled: Default::default(),
        }
    }
}

impl Cube {
    /// Builds the cube from event sums `(kab/kota, profile, day, delta)` in any order; several
    /// rows for the same key add up.
    pub fn from_rows(mut rows: Vec<(RegionCode, Profile, Day, i64)>) -> Cube {
        rows.sort_unstable_by_key(|r| (r.0, r.1, r.2));
        let mut cube = Cube::default();
        let mut running = 0i64;
        for (regency, profile, day, delta) in rows {
            let same_cell = cube
                .cells
                .last()
                .is_some_and(|c| c.regency == regency && c.profile == profile);
            if !same_cell {
                let at = cube.days.len() as u32;
                cube.cells.push(Cell {
                    regency,
                    profile,
                    events: (at, at),
                });
                running = 0;
            }
            running += delta;
            let same_day = same_cell && cube.days.last() == Some(&day);
            if let (true, Some(t)) = (same_day, cube.totals.last_mut()) {
                *t = running;
            } else {
                cube.days.push(day);
                cube.totals.push(running);
            }
            if let Some(c) = cube.cells.last_mut() {
                c.events.1 = cube.days.len() as u32;
            }
        }
        cube.all_days = cube.days.clone();
        cube.all_days.sort_unstable();
        cube.all_days.dedup();
        cube.day_index = cube
            .days
            .iter()
            .map(|d| cube.all_days.partition_point(|x| x < d) as u32)
            .collect();
        cube
    }

    /// Number of (kab/kota, profile) cells and of stored change days, for diagnostics.
    pub fn size(&self) -> (usize, usize) {
        (self.cells.len(), self.days.len())
    }

    /// Whether the cube can answer for areas of `level` (kab/kota and above).
    pub fn answers(level: Level) -> bool {
        level <= Level::Regency
    }

    /// Builds every rolled-up view now rather than on first use (e.g. when a server starts).
    pub fn warm(&self) {
        for level in [Level::Nation, Level::Province, Level::Regency] {
            for &dim in Dimension::ALL {
                self.rolled(level, dim);
            }
        }
    }

    /// Workers protected on `on` inside `within` (a kab/kota or above), each counted with the
    /// weight `weight(profile)` gives its profile: `Σ weight(p) × protected(p)`. A weight of 1
    /// for the profiles kept and 0 for the others counts a cross-section that no single
    /// breakdown gives (BPU workers paid by the APBD); the number of programmes as the weight
    /// sums programmes held. Reads the cells of the region's kab/kota, one binary search each.
    pub fn weighted_count(
        &self,
        within: RegionCode,
        on: Day,
        weight: impl Fn(Profile) -> i64,
    ) -> i64 {
        if !Cube::answers(within.level()) {
            return 0;
        }
        let (lo, hi) = code_range(within, Level::Regency);
        let from = self.cells.partition_point(|c| c.regency.as_u64() < lo);
        let to = self.cells.partition_point(|c| c.regency.as_u64() <= hi);
        self.cells[from..to]
            .iter()
            .map(|cell| {
                let range = cell.range();
                let days = &self.days[range.clone()];
                let n = match days.partition_point(|d| *d <= on) {
                    0 => 0,
                    i => self.totals[range.start + i - 1],
                };
                if n == 0 { 0 } else { n * weight(cell.profile) }
            })
            .sum()
    }

    fn rolled(&self, level: Level, dim: Dimension) -> &Rolled {
        self.rolled[level as usize][dim.index()].get_or_init(|| self.roll(level, dim))
    }

    /// Sums the cells into running totals per (area of `level`, slot of `dim`).
    fn roll(&self, level: Level, dim: Dimension) -> Rolled {
        let nd = self.all_days.len();
        let slots = 1 + dim.len();
        let mut out = Rolled::default();
        let mut buffer = vec![0i64; slots * nd];
        let mut i = 0;
        while i < self.cells.len() {
            let Some(area) = self.cells[i].regency.ancestor(level) else {
                i += 1;
                continue;
            };
            // The cells of one area are contiguous (sorted by kab/kota code).
            buffer.iter_mut().for_each(|v| *v = 0);
            while i < self.cells.len() && self.cells[i].regency.ancestor(level) == Some(area) {
                let cell = self.cells[i];
                let mut before = 0;
                for e in cell.range() {
                    let delta = self.totals[e] - before;
                    before = self.totals[e];
                    let at = self.day_index[e] as usize;
                    buffer[at] += delta;
                    dim.for_each_value(cell.profile, |v| buffer[(v + 1) * nd + at] += delta);
                }
                i += 1;
            }
            for slot in 0..slots {
                let from = out.days.len() as u32;
                let mut running = 0;
                for (k, delta) in buffer[slot * nd..(slot + 1) * nd].iter().enumerate() {
                    if *delta != 0 {
                        running += delta;
                        out.days.push(self.all_days[k]);
                        out.totals.push(running);
                    }
                }
                let to = out.days.len() as u32;
                if to > from {
                    out.keys.push((area, slot as u16));
                    out.ranges.push((from, to));
                }
            }
        }
        out
    }
}

fn finish(total: i64, by: Vec<i64>) -> AreaCount {
    AreaCount {
        total: total.max(0) as u64,
        by: by.into_iter().map(|v| v.max(0) as u64).collect(),
    }
}

impl CoverageSource for Cube {
    fn count(&self, within: RegionCode, level: Level, on: Day, dim: Dimension) -> Counts {
        let mut out = Counts::new();
        if !Cube::answers(level) || level < within.level() {
            return out;
        }
        let rolled = self.rolled(level, dim);
        let (lo, hi) = code_range(within, level);
        for k in rolled.keys_between(lo, hi) {
            let (area, slot) = rolled.keys[k];
            let n = rolled.at(k, on);
            if n == 0 {
                continue;
            }
            let entry = out.entry(area).or_insert_with(|| AreaCount {
                total: 0,
                by: vec![0; dim.len()],
            });
            match slot {
                0 => entry.total = n.max(0) as u64,
                s => entry.by[s as usize - 1] = n.max(0) as u64,
            }
        }
        out.retain(|_, c| c.total > 0);
        out
    }

    fn series(&self, within: RegionCode, days: &[Day], dim: Dimension) -> Vec<AreaCount> {
        let mut totals = vec![0i64; days.len()];
        let mut by = vec![vec![0i64; dim.len()]; days.len()];
        if Cube::answers(within.level()) {
            let rolled = self.rolled(within.level(), dim);
            let code = within.as_u64();
            for k in rolled.keys_between(code, code) {
                let slot = rolled.keys[k].1 as usize;
                let (a, b) = (rolled.ranges[k].0 as usize, rolled.ranges[k].1 as usize);
                let (cell_days, cell_totals) = (&rolled.days[a..b], &rolled.totals[a..b]);
                // Walk the timeline and the asked days together.
                let mut i = 0;
                for (t, &d) in days.iter().enumerate() {
                    while i < cell_days.len() && cell_days[i] <= d {
                        i += 1;
                    }
                    let n = if i == 0 { 0 } else { cell_totals[i - 1] };
                    match slot {
                        0 => totals[t] = n,
                        s => by[t][s - 1] = n,
                    }
                }
            }
        }
        totals
            .into_iter()
            .zip(by)
            .map(|(t, b)| finish(t, b))
            .collect()
    }
}

/// One coverage period as the analytics see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodFact {
    /// The worker's village (domicile).
    pub village: RegionCode,
    pub profile: Profile,
    pub start: Day,
    /// Last day covered; `None` while open.
    pub end: Option<Day>,
}

impl PeriodFact {
    fn covers(&self, on: Day) -> bool {
        self.start <= on && self.end.is_none_or(|e| on <= e)
    }
}

/// Raw periods, counted directly: for questions below kab/kota, and as the reference the cube
/// is tested against.
#[derive(Debug, Clone, Default)]
pub struct PeriodList {
    pub periods: Vec<PeriodFact>,
}

impl CoverageSource for PeriodList {
    fn count(&self, within: RegionCode, level: Level, on: Day, dim: Dimension) -> Counts {
        let mut acc: std::collections::BTreeMap<RegionCode, (i64, Vec<i64>)> = Default::default();
        if level < within.level() {
            return Counts::new();
        }
        for p in &self.periods {
            if !p.covers(on) || !p.village.is_within(within) {
                continue;
            }
            let Some(area) = p.village.ancestor(level) else {
                continue;
            };
            let entry = acc.entry(area).or_insert_with(|| (0, vec![0; dim.len()]));
            entry.0 += 1;
            dim.add(p.profile, 1, &mut entry.1);
        }
        acc.into_iter()
            .map(|(area, (total, by))| (area, finish(total, by)))
            .collect()
    }

    fn series(&self, within: RegionCode, days: &[Day], dim: Dimension) -> Vec<AreaCount> {
        let mut totals = vec![0i64; days.len()];
        let mut by = vec![vec![0i64; dim.len()]; days.len()];
        for p in self.periods.iter().filter(|p| p.village.is_within(within)) {
            for (k, &d) in days.iter().enumerate() {
                if p.covers(d) {
                    totals[k] += 1;
                    dim.add(p.profile, 1, &mut by[k]);
                }
            }
        }
        totals
            .into_iter()
            .zip(by)
            .map(|(t, b)| finish(t, b))
            .collect()
    }
}
