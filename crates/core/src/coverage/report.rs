//! Answers to coverage questions: counts joined with targets, coverage %, growth, monthly
//! series and rankings. Percentages are kept as integer basis points (1/100 of a percent) and
//! rounded half up, so `81,436 / 90,052` is exactly `9043` → "90,43 %".

use super::{AreaCount, CoverageSource, Day, Dimension, date, day};
use crate::lang::Lang;
use crate::region::{Level, RegionCode, RegionTree};
use crate::target::{ResolvedTarget, TargetBook};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Where targets come from (the target book, or a test table).
pub trait Targets {
    /// The total target of a region for the year of a date.
    fn target(&self, region: RegionCode, year: i32) -> Option<ResolvedTarget>;
}

impl Targets for TargetBook {
    fn target(&self, region: RegionCode, year: i32) -> Option<ResolvedTarget> {
        self.resolve(region, year, None)
    }
}

/// No targets at all.
pub struct NoTargets;

impl Targets for NoTargets {
    fn target(&self, _: RegionCode, _: i32) -> Option<ResolvedTarget> {
        None
    }
}

/// `part / whole` in basis points, rounded half up; `None` when `whole` is 0.
pub fn basis_points(part: u64, whole: u64) -> Option<i64> {
    (whole > 0).then(|| ((part as u128 * 20_000 + whole as u128) / (2 * whole as u128)) as i64)
}

/// Workers to add so that `protected` reaches `coverage_bp` basis points of `target`: the
/// smallest count reaching the share (rounded up), less those already protected (never negative).
pub fn coverage_gap(protected: u64, target: u64, coverage_bp: u32) -> u64 {
    workers_needed(target, coverage_bp).saturating_sub(protected)
}

/// The smallest number of protected workers reaching `coverage_bp` basis points of `target`.
pub fn workers_needed(target: u64, coverage_bp: u32) -> u64 {
    (target as u128 * coverage_bp as u128).div_ceil(10_000) as u64
}

/// Parses a coverage percentage typed by a user (`95`, `95.5`, `95,5`, `95 %`) into basis
/// points; `None` unless it lies in 0–100 with at most two decimals.
pub fn parse_percent(text: &str) -> Option<u32> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
    if int.is_empty()
        || frac.len() > 2
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let bp =
        int.parse::<u32>().ok()?.checked_mul(100)? + format!("{frac:0<2}").parse::<u32>().ok()?;
    (bp <= 10_000).then_some(bp)
}

/// Relative change from `a` to `b` in basis points (rounded half away from zero); `None` from 0.
pub fn change_basis_points(a: u64, b: u64) -> Option<i64> {
    if a == 0 {
        return None;
    }
    let diff = b as i128 - a as i128;
    let scaled = (diff.abs() * 20_000 + a as i128) / (2 * a as i128);
    Some((diff.signum() * scaled) as i64)
}

/// Basis points as a percentage with two decimals: `9043` → `"90,43 %"` (Indonesian) or
/// `"90.43 %"`; with `signed`, a `+` before positive values.
pub fn format_percent(bp: i64, lang: Lang, signed: bool) -> String {
    let sign = if bp < 0 {
        "-"
    } else if signed && bp > 0 {
        "+"
    } else {
        ""
    };
    let abs = bp.unsigned_abs();
    let sep = if lang == Lang::Id { ',' } else { '.' };
    format!("{sign}{}{sep}{:02} %", abs / 100, abs % 100)
}

/// Basis points as a JSON number with two decimals.
fn pct(bp: Option<i64>) -> Option<f64> {
    bp.map(|b| b as f64 / 100.0)
}

/// One breakdown value of a coverage row.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    pub code: &'static str,
    pub label: &'static str,
    pub protected: u64,
}

/// Coverage of one region on one date.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    pub region: RegionCode,
    pub name: String,
    pub level: Level,
    pub protected: u64,
    /// `None`: no target ("tidak ada target"), never 0 %.
    pub target: Option<ResolvedTarget>,
    /// Two decimals; `None` without a target.
    pub coverage_pct: Option<f64>,
    #[serde(skip)]
    pub coverage_bp: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breakdown: Vec<Part>,
}

/// What is asked: the areas of `level` inside `region`, on `date`, broken down by `by`.
#[derive(Debug, Clone, Copy)]
pub struct Question {
    pub region: RegionCode,
    pub level: Level,
    pub date: NaiveDate,
    pub by: Dimension,
}

/// The areas a question covers, in code order (with zero counts where no worker is protected).
fn areas(tree: &RegionTree, region: RegionCode, level: Level) -> Vec<(RegionCode, String)> {
    if level == region.level() {
        let name = tree.get(region).map(|r| r.name.clone()).unwrap_or_default();
        return vec![(region, name)];
    }
    tree.at_level(level)
        .filter(|r| r.code.is_within(region))
        .map(|r| (r.code, r.name.clone()))
        .collect()
}

fn parts(dim: Dimension, count: &AreaCount, lang: Lang) -> Vec<Part> {
    (0..dim.len())
        .map(|i| Part {
            code: dim.code(i),
            label: dim.label(i, lang),
            protected: count.by.get(i).copied().unwrap_or(0),
        })
        .collect()
}

/// Coverage of every area of a question.
pub fn coverage(
    q: &Question,
    source: &dyn CoverageSource,
    tree: &RegionTree,
    targets: &dyn Targets,
    lang: Lang,
) -> Vec<CoverageRow> {
    let counts = source.count(q.region, q.level, day(q.date), q.by);
    let empty = AreaCount {
        total: 0,
        by: vec![0; q.by.len()],
    };
    areas(tree, q.region, q.level)
        .into_iter()
        .map(|(code, name)| {
            let c = counts.get(&code).unwrap_or(&empty);
            let target = targets.target(code, q.date.year());
            let bp = target
                .as_ref()
                .and_then(|t| basis_points(c.total, t.workers));
            CoverageRow {
                region: code,
                name,
                level: code.level(),
                protected: c.total,
                target,
                coverage_pct: pct(bp),
                coverage_bp: bp,
                breakdown: parts(q.by, c, lang),
            }
        })
        .collect()
}

/// Change of one figure between two dates.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub from: u64,
    pub to: u64,
    pub change: i64,
    /// Relative change in percent, two decimals; `None` from zero.
    pub change_pct: Option<f64>,
    #[serde(skip)]
    pub change_bp: Option<i64>,
}

impl Change {
    pub fn new(from: u64, to: u64) -> Change {
        let bp = change_basis_points(from, to);
        Change {
            from,
            to,
            change: to as i64 - from as i64,
            change_pct: pct(bp),
            change_bp: bp,
        }
    }
}

/// Growth of one region between two dates, overall and per breakdown value.
#[derive(Debug, Clone, Serialize)]
pub struct GrowthRow {
    pub region: RegionCode,
    pub name: String,
    pub level: Level,
    #[serde(flatten)]
    pub total: Change,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breakdown: Vec<GrowthPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GrowthPart {
    pub code: &'static str,
    pub label: &'static str,
    #[serde(flatten)]
    pub change: Change,
}

/// Growth of every area of a question between `q.date` (the start) and `to`.
pub fn growth(
    q: &Question,
    to: NaiveDate,
    source: &dyn CoverageSource,
    tree: &RegionTree,
    lang: Lang,
) -> Vec<GrowthRow> {
    let a = source.count(q.region, q.level, day(q.date), q.by);
    let b = source.count(q.region, q.level, day(to), q.by);
    let empty = AreaCount {
        total: 0,
        by: vec![0; q.by.len()],
    };
    areas(tree, q.region, q.level)
        .into_iter()
        .map(|(code, name)| {
            let (ca, cb) = (
                a.get(&code).unwrap_or(&empty),
                b.get(&code).unwrap_or(&empty),
            );
            GrowthRow {
                region: code,
                name,
                level: code.level(),
                total: Change::new(ca.total, cb.total),
                breakdown: (0..q.by.len())
                    .map(|i| GrowthPart {
                        code: q.by.code(i),
                        label: q.by.label(i, lang),
                        change: Change::new(
                            ca.by.get(i).copied().unwrap_or(0),
                            cb.by.get(i).copied().unwrap_or(0),
                        ),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The last day of each month from `from`'s month to `to`'s, the last one capped at `to`.
pub fn month_ends(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    loop {
        let first_next = if m == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(y, m + 1, 1)
        };
        let Some(end) = first_next.and_then(|d| d.pred_opt()) else {
            break;
        };
        if end >= to {
            if to >= from {
                out.push(to);
            }
            break;
        }
        out.push(end);
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// One point of a time series.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesPoint {
    pub date: NaiveDate,
    pub protected: u64,
    pub target: Option<ResolvedTarget>,
    pub coverage_pct: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breakdown: Vec<Part>,
}

/// Protected workers of `region` at each month end between two dates.
pub fn monthly_series(
    region: RegionCode,
    from: NaiveDate,
    to: NaiveDate,
    by: Dimension,
    source: &dyn CoverageSource,
    targets: &dyn Targets,
    lang: Lang,
) -> Vec<SeriesPoint> {
    let dates = month_ends(from, to);
    let days: Vec<Day> = dates.iter().map(|d| day(*d)).collect();
    let counts = source.series(region, &days, by);
    days.iter()
        .zip(counts)
        .map(|(&d, c)| {
            let date = date(d);
            let target = targets.target(region, date.year());
            SeriesPoint {
                date,
                protected: c.total,
                coverage_pct: pct(target
                    .as_ref()
                    .and_then(|t| basis_points(c.total, t.workers))),
                target,
                breakdown: parts(by, &c, lang),
            }
        })
        .collect()
}

/// A ranking of areas by coverage %: ties share a rank (1, 2, 2, 4); areas without a target
/// are listed apart, by name.
#[derive(Debug, Clone, Serialize)]
pub struct Ranking {
    pub ranked: Vec<Ranked>,
    pub without_target: Vec<CoverageRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub rank: usize,
    #[serde(flatten)]
    pub row: CoverageRow,
}

pub fn rank(rows: Vec<CoverageRow>) -> Ranking {
    let (mut with, mut without): (Vec<_>, Vec<_>) =
        rows.into_iter().partition(|r| r.coverage_bp.is_some());
    with.sort_by(|a, b| {
        b.coverage_bp
            .cmp(&a.coverage_bp)
            .then_with(|| a.region.cmp(&b.region))
    });
    without.sort_by(|a, b| a.name.cmp(&b.name));
    let mut ranked = Vec::with_capacity(with.len());
    let mut prev: Option<(i64, usize)> = None;
    for (i, row) in with.into_iter().enumerate() {
        let bp = row.coverage_bp.unwrap_or_default();
        let rank = match prev {
            Some((p, r)) if p == bp => r,
            _ => i + 1,
        };
        prev = Some((bp, rank));
        ranked.push(Ranked { rank, row });
    }
    Ranking {
        ranked,
        without_target: without,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paser_2023_is_90_43_percent() {
        assert_eq!(basis_points(81_436, 90_052), Some(9_043));
        assert_eq!(format_percent(9_043, Lang::Id, false), "90,43 %");
        assert_eq!(format_percent(9_043, Lang::En, false), "90.43 %");
        assert_eq!(basis_points(1, 0), None);
    }

    #[test]
    fn paser_growth_during_2023() {
        assert_eq!(change_basis_points(65_894, 81_436), Some(2_359));
        assert_eq!(change_basis_points(34_052, 37_521), Some(1_019));
        assert_eq!(change_basis_points(31_842, 43_915), Some(3_792));
        assert_eq!(change_basis_points(200, 100), Some(-5_000));
        assert_eq!(change_basis_points(0, 100), None);
        assert_eq!(format_percent(2_359, Lang::Id, true), "+23,59 %");
        assert_eq!(format_percent(-5, Lang::Id, true), "-0,05 %");
    }

    #[test]
    fn paser_gap_to_full_coverage() {
        // 90,052 − 81,436 = 8,616 workers to reach 100 %; 95 % needs ceil(85,549.4) = 85,550.
        assert_eq!(coverage_gap(81_436, 90_052, 10_000), 8_616);
        assert_eq!(coverage_gap(81_436, 90_052, 9_500), 4_114);
        assert_eq!(coverage_gap(81_436, 90_052, 9_000), 0, "already above 90 %");
        assert_eq!(parse_percent("95"), Some(9_500));
        assert_eq!(parse_percent("95,5 %"), Some(9_550));
        assert_eq!(parse_percent("90.43"), Some(9_043));
        assert_eq!(parse_percent("101"), None);
        assert_eq!(parse_percent("-5"), None);
        assert_eq!(parse_percent("9.555"), None);
    }

    #[test]
    fn half_rounds_up() {
        // 1/8 = 12.5 bp → 13; 1/3 = 33.33…% → 3333.
        assert_eq!(basis_points(1, 800), Some(13));
        assert_eq!(basis_points(1, 3), Some(3_333));
    }

    #[test]
    fn month_ends_of_a_range() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(
            month_ends(d(2023, 11, 15), d(2024, 2, 10)),
            [
                d(2023, 11, 30),
                d(2023, 12, 31),
                d(2024, 1, 31),
                d(2024, 2, 10)
            ]
        );
        assert_eq!(month_ends(d(2024, 1, 1), d(2024, 2, 29)).len(), 2);
        assert_eq!(month_ends(d(2019, 1, 1), d(2023, 12, 31)).len(), 60);
    }
}
