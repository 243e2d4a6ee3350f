//! The two coverage sources: the [`Cube`] of running totals per kab/kota and profile, and the
//! [`PeriodList`] of raw periods for questions below kab/kota.

use super::{AreaCount, Counts, CoverageSource, Day, Dimension, Profile};
use crate::region::{Level, RegionCode};
use std::ops::Range;

/// Running totals per (kab/kota, profile): on each day the count changes, the count from that
/// day on. Cells are sorted by kab/kota then profile, so a province's cells are contiguous.
#[derive(Debug, Clone, Default)]
pub struct Cube {
    cells: Vec<Cell>,
    days: Vec<Day>,
    totals: Vec<i64>,
}

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

    /// The cells whose kab/kota lies in `within`.
    fn cells_within(&self, within: RegionCode) -> &[Cell] {
        let (lo, hi) = match within.level() {
            Level::Nation => return &self.cells,
            Level::Province => (within.as_u64() * 100, within.as_u64() * 100 + 99),
            Level::Regency => (within.as_u64(), within.as_u64()),
            _ => return &[],
        };
        let from = self.cells.partition_point(|c| c.regency.as_u64() < lo);
        let to = self.cells.partition_point(|c| c.regency.as_u64() <= hi);
        &self.cells[from..to]
    }

    /// The count of a cell on `on`.
    fn at(&self, cell: &Cell, on: Day) -> i64 {
        let r = cell.range();
        let days = &self.days[r.clone()];
        match days.partition_point(|d| *d <= on) {
            0 => 0,
            i => self.totals[r.start + i - 1],
        }
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
        let mut acc: std::collections::BTreeMap<RegionCode, (i64, Vec<i64>)> = Default::default();
        if !Cube::answers(level) || level < within.level() {
            return Counts::new();
        }
        for cell in self.cells_within(within) {
            let n = self.at(cell, on);
            if n == 0 {
                continue;
            }
            let Some(area) = cell.regency.ancestor(level) else {
                continue;
            };
            let entry = acc.entry(area).or_insert_with(|| (0, vec![0; dim.len()]));
            entry.0 += n;
            dim.add(cell.profile, n, &mut entry.1);
        }
        acc.into_iter()
            .map(|(area, (total, by))| (area, finish(total, by)))
            .collect()
    }

    fn series(&self, within: RegionCode, days: &[Day], dim: Dimension) -> Vec<AreaCount> {
        let mut totals = vec![0i64; days.len()];
        let mut by = vec![vec![0i64; dim.len()]; days.len()];
        for cell in self.cells_within(within) {
            let r = cell.range();
            let (cell_days, cell_totals) = (&self.days[r.clone()], &self.totals[r]);
            // Walk the cell's change days and the asked days together.
            let mut i = 0;
            for (k, &d) in days.iter().enumerate() {
                while i < cell_days.len() && cell_days[i] <= d {
                    i += 1;
                }
                let n = if i == 0 { 0 } else { cell_totals[i - 1] };
                if n != 0 {
                    totals[k] += n;
                    dim.add(cell.profile, n, &mut by[k]);
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
