//! The figures of the public coverage pages — the dashboard (`/`) and the region pages
//! (`/wilayah/{code}`) — gathered in one place for the HTML pages and their JSON twins
//! (`/api/v1/dashboard`, `/api/v1/regions/{code}/summary`), so that a page and its API always
//! show the same numbers.
//!
//! Every figure is a question to [`crate::coverage`] (coverage, growth, monthly series,
//! ranking); this module chooses the questions and keeps the answers. It renders nothing.

pub mod sort;

use crate::coverage::{CoverageAnswer, CoverageRequest, RegionRef, answer_from};
use chrono::{Datelike, Months, NaiveDate};
use paritrana_core::Lang;
use paritrana_core::coverage::report::{
    Change, CoverageRow, Question, Ranked, SeriesPoint, Targets, basis_points,
};
use paritrana_core::coverage::{CoverageSource, Cube, Dimension};
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_core::target::ResolvedTarget;
use paritrana_store::{Store, StoreError};
use serde::Serialize;
use sort::ChildSort;
use std::collections::HashMap;
use std::sync::Arc;

/// Months in the trend chart of the dashboard and the region pages.
pub const TREND_MONTHS: u32 = 36;
/// Months in the sparkline of each row of a children table.
pub const SPARK_MONTHS: u32 = 12;
/// Kab/kota in each of the dashboard's best and worst lists.
pub const TOP_N: usize = 10;

/// The breakdowns of a region page, in page order.
pub const REGION_BREAKDOWNS: [Dimension; 5] = [
    Dimension::Segment,
    Dimension::Category,
    Dimension::Sector,
    Dimension::Funding,
    Dimension::Programme,
];
/// The breakdowns of the dashboard.
pub const DASHBOARD_BREAKDOWNS: [Dimension; 2] = [Dimension::Segment, Dimension::Group];

type Source = Arc<dyn CoverageSource + Send + Sync>;

/// Asks [`crate::coverage`] several questions about one region, reading each source once: the
/// cube for kab/kota and above, the region's periods below.
struct Asker<'a> {
    store: &'a dyn Store,
    tree: &'a RegionTree,
    targets: &'a dyn Targets,
    lang: Lang,
    cube: Option<Source>,
    periods: HashMap<RegionCode, Source>,
}

impl<'a> Asker<'a> {
    fn new(
        store: &'a dyn Store,
        tree: &'a RegionTree,
        targets: &'a dyn Targets,
        lang: Lang,
    ) -> Asker<'a> {
        Asker {
            store,
            tree,
            targets,
            lang,
            cube: None,
            periods: HashMap::new(),
        }
    }

    fn source(&mut self, within: RegionCode, level: Level) -> Result<Source, StoreError> {
        if Cube::answers(level) {
            if let Some(cube) = &self.cube {
                return Ok(cube.clone());
            }
            let cube: Source = self.store.coverage_cube()?;
            self.cube = Some(cube.clone());
            return Ok(cube);
        }
        if let Some(s) = self.periods.get(&within) {
            return Ok(s.clone());
        }
        let s: Source = Arc::new(self.store.coverage_periods(within)?);
        self.periods.insert(within, s.clone());
        Ok(s)
    }

    fn ask(&mut self, request: CoverageRequest) -> Result<CoverageAnswer, StoreError> {
        let q = request.question();
        let source = self.source(q.region, request.source_level())?;
        Ok(answer_from(
            source.as_ref(),
            self.tree,
            self.targets,
            &request,
            self.lang,
        ))
    }

    fn coverage(
        &mut self,
        region: RegionCode,
        level: Level,
        date: NaiveDate,
        by: Dimension,
    ) -> Result<Vec<CoverageRow>, StoreError> {
        let q = Question {
            region,
            level,
            date,
            by,
        };
        Ok(match self.ask(CoverageRequest::Coverage(q))? {
            CoverageAnswer::Coverage { rows, .. } => rows,
            _ => Vec::new(),
        })
    }

    /// The region's own row on a date.
    fn own(
        &mut self,
        region: RegionCode,
        date: NaiveDate,
        by: Dimension,
    ) -> Result<CoverageRow, StoreError> {
        let mut rows = self.coverage(region, region.level(), date, by)?;
        Ok(if rows.is_empty() {
            CoverageRow {
                region,
                name: region_ref(self.tree, region).name,
                level: region.level(),
                protected: 0,
                target: None,
                coverage_pct: None,
                coverage_bp: None,
                breakdown: Vec::new(),
            }
        } else {
            rows.swap_remove(0)
        })
    }

    fn ranking(
        &mut self,
        region: RegionCode,
        level: Level,
        date: NaiveDate,
    ) -> Result<(Vec<Ranked>, Vec<CoverageRow>), StoreError> {
        let q = Question {
            region,
            level,
            date,
            by: Dimension::None,
        };
        Ok(match self.ask(CoverageRequest::Ranking(q))? {
            CoverageAnswer::Ranking {
                ranked,
                without_target,
                ..
            } => (ranked, without_target),
            _ => (Vec::new(), Vec::new()),
        })
    }

    fn series(
        &mut self,
        region: RegionCode,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<SeriesPoint>, StoreError> {
        let q = Question {
            region,
            level: region.level(),
            date: to,
            by: Dimension::None,
        };
        Ok(match self.ask(CoverageRequest::Series { q, from })? {
            CoverageAnswer::Series { points, .. } => points,
            _ => Vec::new(),
        })
    }

    fn growth(
        &mut self,
        region: RegionCode,
        period: GrowthPeriod,
        from: NaiveDate,
        to: NaiveDate,
        now: &CoverageRow,
    ) -> Result<Growth, StoreError> {
        let q = Question {
            region,
            level: region.level(),
            date: from,
            by: Dimension::None,
        };
        let protected = match self.ask(CoverageRequest::Growth { q, to })? {
            CoverageAnswer::Growth { mut rows, .. } if !rows.is_empty() => {
                rows.swap_remove(0).total
            }
            _ => Change::new(0, now.protected),
        };
        let then = self.own(region, from, Dimension::None)?;
        Ok(Growth {
            period,
            from_date: from,
            to_date: to,
            protected,
            coverage_pct_from: then.coverage_pct,
            coverage_pct_to: now.coverage_pct,
            coverage_bp_from: then.coverage_bp,
            coverage_bp_to: now.coverage_bp,
        })
    }

    /// The child areas of `region` on `date` with their ranks and their protected workers at
    /// each of `trend_dates`.
    fn children(
        &mut self,
        region: RegionCode,
        level: Level,
        date: NaiveDate,
        trend_dates: &[NaiveDate],
    ) -> Result<Vec<ChildRow>, StoreError> {
        let (ranked, without) = self.ranking(region, level, date)?;
        let mut rows: Vec<ChildRow> = ranked
            .into_iter()
            .map(|r| ChildRow::from_row(r.row, Some(r.rank)))
            .chain(without.into_iter().map(|r| ChildRow::from_row(r, None)))
            .collect();
        if !trend_dates.is_empty() {
            let index: HashMap<RegionCode, usize> =
                rows.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
            for row in &mut rows {
                row.trend = vec![0; trend_dates.len()];
            }
            for (k, d) in trend_dates.iter().enumerate() {
                for r in self.coverage(region, level, *d, Dimension::None)? {
                    if let Some(&i) = index.get(&r.region) {
                        rows[i].trend[k] = r.protected;
                    }
                }
            }
        }
        rows.sort_by_key(|r| r.code);
        Ok(rows)
    }

    fn breakdown(
        &mut self,
        region: RegionCode,
        date: NaiveDate,
        by: Dimension,
    ) -> Result<Breakdown, StoreError> {
        let row = self.own(region, date, by)?;
        Ok(Breakdown {
            by,
            total: row.protected,
            parts: row
                .breakdown
                .iter()
                .map(|p| {
                    let bp = basis_points(p.protected, row.protected);
                    Share {
                        code: p.code,
                        label: p.label,
                        protected: p.protected,
                        share_pct: bp.map(|b| b as f64 / 100.0),
                        share_bp: bp,
                    }
                })
                .collect(),
        })
    }
}

fn region_ref(tree: &RegionTree, code: RegionCode) -> RegionRef {
    RegionRef {
        code,
        name: tree
            .get(code)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| "Indonesia".into()),
        level: code.level(),
    }
}

/// Which change a [`Growth`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GrowthPeriod {
    /// From the same day a year earlier.
    Year,
    /// From 1 January of the date's year.
    YearToDate,
}

/// The change of protected workers (and of coverage %) over a period ending on the page's date.
#[derive(Debug, Clone, Serialize)]
pub struct Growth {
    pub period: GrowthPeriod,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    /// Protected workers at both dates and the change.
    pub protected: Change,
    /// Coverage % at the start (against that year's target); `None` without a target.
    pub coverage_pct_from: Option<f64>,
    pub coverage_pct_to: Option<f64>,
    #[serde(skip)]
    pub coverage_bp_from: Option<i64>,
    #[serde(skip)]
    pub coverage_bp_to: Option<i64>,
}

impl Growth {
    /// The change of coverage in percentage points (basis points), when both ends have one.
    pub fn coverage_change_bp(&self) -> Option<i64> {
        Some(self.coverage_bp_to? - self.coverage_bp_from?)
    }
}

/// One value of a breakdown and its share of the region's protected workers.
#[derive(Debug, Clone, Serialize)]
pub struct Share {
    pub code: &'static str,
    pub label: &'static str,
    pub protected: u64,
    /// Share of the protected workers, two decimals. For programmes a worker counts once per
    /// programme held, so the shares add up to more than 100.
    pub share_pct: Option<f64>,
    #[serde(skip)]
    pub share_bp: Option<i64>,
}

/// Protected workers broken down by one dimension.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub by: Dimension,
    /// Protected workers of the region (the base of the shares).
    pub total: u64,
    pub parts: Vec<Share>,
}

/// One child area in a children table (or a kab/kota of the dashboard's lists).
#[derive(Debug, Clone, Serialize)]
pub struct ChildRow {
    pub code: RegionCode,
    pub name: String,
    pub level: Level,
    /// Rank by coverage % among its siblings (ties share a rank); `None` without a target.
    pub rank: Option<usize>,
    pub protected: u64,
    /// `None`: no target ("tidak ada target"), never 0 %.
    pub target: Option<ResolvedTarget>,
    pub coverage_pct: Option<f64>,
    #[serde(skip)]
    pub coverage_bp: Option<i64>,
    /// Protected workers at each of the summary's `trend_dates`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trend: Vec<u64>,
}

impl ChildRow {
    fn from_row(r: CoverageRow, rank: Option<usize>) -> ChildRow {
        ChildRow {
            code: r.region,
            name: r.name,
            level: r.level,
            rank,
            protected: r.protected,
            target: r.target,
            coverage_pct: r.coverage_pct,
            coverage_bp: r.coverage_bp,
            trend: Vec::new(),
        }
    }
}

/// Everything a region page shows.
#[derive(Debug, Clone, Serialize)]
pub struct RegionSummary {
    pub region: RegionRef,
    /// From the nation down to the parent of the region.
    pub breadcrumbs: Vec<RegionRef>,
    pub date: NaiveDate,
    /// Protected, target and coverage % on `date`.
    pub coverage: CoverageRow,
    pub growth: Vec<Growth>,
    /// Month ends of the last [`TREND_MONTHS`] months.
    pub series: Vec<SeriesPoint>,
    pub breakdowns: Vec<Breakdown>,
    /// The level of the children (`None` for a desa, which has none).
    pub child_level: Option<Level>,
    pub sort: ChildSort,
    /// The month ends of the children's `trend`.
    pub trend_dates: Vec<NaiveDate>,
    pub children: Vec<ChildRow>,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub date: NaiveDate,
    /// The nation: protected, target, coverage %.
    pub coverage: CoverageRow,
    pub growth: Vec<Growth>,
    pub series: Vec<SeriesPoint>,
    /// By segment and by worker group.
    pub breakdowns: Vec<Breakdown>,
    pub trend_dates: Vec<NaiveDate>,
    /// The 38 provinces in code order, with sparklines.
    pub provinces: Vec<ChildRow>,
    /// The 514 kab/kota of the map, in code order.
    pub regencies: Vec<ChildRow>,
    /// The [`TOP_N`] kab/kota with the highest coverage %, best first.
    pub best: Vec<ChildRow>,
    /// The [`TOP_N`] kab/kota with the lowest coverage %, lowest first.
    pub worst: Vec<ChildRow>,
}

/// The first day of the month `months - 1` months before `date`'s: the start of a series of
/// `months` month ends ending at `date`.
pub fn series_start(date: NaiveDate, months: u32) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first
        .checked_sub_months(Months::new(months.saturating_sub(1)))
        .unwrap_or(first)
}

/// The same day a year earlier (28 February for 29 February).
pub fn year_before(date: NaiveDate) -> NaiveDate {
    date.checked_sub_months(Months::new(12)).unwrap_or(date)
}

/// 1 January of the date's year.
pub fn start_of_year(date: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date)
}

fn growths(
    ask: &mut Asker<'_>,
    region: RegionCode,
    date: NaiveDate,
    now: &CoverageRow,
) -> Result<Vec<Growth>, StoreError> {
    Ok(vec![
        ask.growth(region, GrowthPeriod::Year, year_before(date), date, now)?,
        ask.growth(
            region,
            GrowthPeriod::YearToDate,
            start_of_year(date),
            date,
            now,
        )?,
    ])
}

/// Gathers a region page's figures. `code` must exist in the tree (the caller checks).
pub fn region_summary(
    store: &dyn Store,
    tree: &RegionTree,
    targets: &dyn Targets,
    code: RegionCode,
    date: NaiveDate,
    sort: ChildSort,
    lang: Lang,
) -> Result<RegionSummary, StoreError> {
    let mut ask = Asker::new(store, tree, targets, lang);
    let coverage = ask.own(code, date, Dimension::None)?;
    let growth = growths(&mut ask, code, date, &coverage)?;
    let series = ask.series(code, series_start(date, TREND_MONTHS), date)?;
    let breakdowns = REGION_BREAKDOWNS
        .iter()
        .map(|&by| ask.breakdown(code, date, by))
        .collect::<Result<Vec<_>, _>>()?;
    let child_level = code.level().child();
    let trend_dates =
        paritrana_core::coverage::report::month_ends(series_start(date, SPARK_MONTHS), date);
    let mut children = match child_level {
        Some(level) => ask.children(code, level, date, &trend_dates)?,
        None => Vec::new(),
    };
    sort.apply(&mut children);
    let mut breadcrumbs = vec![region_ref(tree, RegionCode::NATION)];
    breadcrumbs.extend(
        tree.ancestors(code)
            .into_iter()
            .filter(|r| r.code != RegionCode::NATION)
            .map(|r| region_ref(tree, r.code)),
    );
    Ok(RegionSummary {
        region: region_ref(tree, code),
        breadcrumbs,
        date,
        coverage,
        growth,
        series,
        breakdowns,
        child_level,
        sort,
        trend_dates,
        children,
    })
}

/// Gathers the dashboard's figures.
pub fn dashboard(
    store: &dyn Store,
    tree: &RegionTree,
    targets: &dyn Targets,
    date: NaiveDate,
    lang: Lang,
) -> Result<Dashboard, StoreError> {
    let nation = RegionCode::NATION;
    let mut ask = Asker::new(store, tree, targets, lang);
    let coverage = ask.own(nation, date, Dimension::None)?;
    let growth = growths(&mut ask, nation, date, &coverage)?;
    let series = ask.series(nation, series_start(date, TREND_MONTHS), date)?;
    let breakdowns = DASHBOARD_BREAKDOWNS
        .iter()
        .map(|&by| ask.breakdown(nation, date, by))
        .collect::<Result<Vec<_>, _>>()?;
    let trend_dates =
        paritrana_core::coverage::report::month_ends(series_start(date, SPARK_MONTHS), date);
    let provinces = ask.children(nation, Level::Province, date, &trend_dates)?;
    let regencies = ask.children(nation, Level::Regency, date, &[])?;
    let mut ranked: Vec<&ChildRow> = regencies.iter().filter(|r| r.rank.is_some()).collect();
    ranked.sort_by_key(|r| (r.rank, r.code));
    let best = ranked.iter().take(TOP_N).map(|r| (*r).clone()).collect();
    let worst = ranked
        .iter()
        .rev()
        .take(TOP_N)
        .map(|r| (*r).clone())
        .collect();
    Ok(Dashboard {
        date,
        coverage,
        growth,
        series,
        breakdowns,
        trend_dates,
        provinces,
        regencies,
        best,
        worst,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_of_the_page() {
        assert_eq!(series_start(d(2023, 12, 31), 12), d(2023, 1, 1));
        assert_eq!(series_start(d(2023, 12, 31), 36), d(2021, 1, 1));
        assert_eq!(
            paritrana_core::coverage::report::month_ends(
                series_start(d(2026, 11, 23), 12),
                d(2026, 11, 23)
            )
            .len(),
            12
        );
        assert_eq!(year_before(d(2024, 2, 29)), d(2023, 2, 28));
        assert_eq!(start_of_year(d(2023, 12, 31)), d(2023, 1, 1));
    }
}
