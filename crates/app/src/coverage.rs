//! Coverage questions as the API and the CLI ask them: parameters in, one answer out. The
//! counting and the arithmetic live in `paritrana_core::coverage`; this module parses the
//! parameters, picks the source (the cube or a region's periods) and shapes the answer.

use chrono::{Datelike, NaiveDate};
use paritrana_core::Lang;
use paritrana_core::coverage::report::{
    self, CoverageRow, GrowthRow, Question, Ranked, SeriesPoint, Targets,
};
use paritrana_core::coverage::{CoverageSource, Dimension};
use paritrana_core::lang::Localized;
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_store::{Store, StoreError};
use serde::{Deserialize, Serialize};

/// The parameters as typed (query string or command line).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CoverageParams {
    /// A region code (dotted or not) or an unambiguous name; the nation when absent.
    pub region: Option<String>,
    /// The level of the areas to list (default: the region itself).
    pub level: Option<String>,
    /// The date (default today).
    pub date: Option<String>,
    /// The breakdown: segment, group, category, sector, funding, programme.
    pub by: Option<String>,
    /// Growth (or series) start.
    pub from: Option<String>,
    /// Growth (or series) end.
    pub to: Option<String>,
    /// `monthly` for a time series.
    pub series: Option<String>,
    /// Rank the areas by coverage % (`true`/`1`/`ya`).
    pub rank: Option<String>,
}

/// What to answer, parsed and checked.
#[derive(Debug, Clone, Copy)]
pub enum CoverageRequest {
    Coverage(Question),
    Growth { q: Question, to: NaiveDate },
    Series { q: Question, from: NaiveDate },
    Ranking(Question),
}

/// A parameter that cannot be used, with its message in both languages.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{en}")]
pub struct BadParam {
    pub id: String,
    pub en: String,
}

impl Localized for BadParam {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Id => self.id.clone(),
            Lang::En => self.en.clone(),
        }
    }
}

fn bad(id: String, en: String) -> BadParam {
    BadParam { id, en }
}

/// The longest monthly series answered: a century of month ends. Longer ones would only cost
/// memory (every point is counted and serialised).
pub const MAX_SERIES_MONTHS: i64 = 1_200;

fn parse_date(name: &str, s: &str) -> Result<NaiveDate, BadParam> {
    crate::query_date::parse(name, s)
}

/// Month ends a series from `from` to `to` has (see `report::month_ends`).
fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
        - i64::from(from.month())
        + 1
}

impl CoverageParams {
    /// Checks the parameters against the tree; `today` is the default date.
    pub fn parse(&self, tree: &RegionTree, today: NaiveDate) -> Result<CoverageRequest, BadParam> {
        let region = match self.region.as_deref() {
            None => RegionCode::NATION,
            Some(t) => tree
                .resolve(t)
                .map_err(|e| bad(e.message(Lang::Id), e.message(Lang::En)))?,
        };
        let rank = match self.rank.as_deref().map(str::trim) {
            None | Some("" | "false" | "0" | "tidak") => false,
            Some("true" | "1" | "ya" | "yes") => true,
            Some(other) => {
                return Err(bad(
                    format!("rank `{other}` harus true atau false"),
                    format!("rank `{other}` must be true or false"),
                ));
            }
        };
        let level = match self.level.as_deref() {
            Some(l) => Level::parse(l).ok_or_else(|| {
                bad(
                    format!("tingkat `{l}` tidak dikenal (provinsi, kabkota, kecamatan, desa)"),
                    format!("unknown level `{l}` (province, regency, district, village)"),
                )
            })?,
            None if rank => child_level(region.level()),
            None => region.level(),
        };
        if level < region.level() {
            return Err(bad(
                format!(
                    "tingkat {} berada di atas wilayah {region}",
                    level.label_id()
                ),
                format!("level {level:?} is above region {region}"),
            ));
        }
        if level > Level::Regency && region.level() < Level::Regency {
            // Kecamatan and desa are listed within one kab/kota (a province has thousands).
            return Err(bad(
                format!(
                    "untuk tingkat {} pilih wilayah kabupaten/kota atau di bawahnya (--region)",
                    level.label_id()
                ),
                format!("for level {level:?} choose a kab/kota or a region below it (region)"),
            ));
        }
        let by = match self.by.as_deref() {
            None => Dimension::None,
            Some(b) => Dimension::parse(b).ok_or_else(|| {
                bad(
                    format!("rincian `{b}` tidak dikenal (segment, group, category, sector, funding, programme)"),
                    format!("unknown breakdown `{b}` (segment, group, category, sector, funding, programme)"),
                )
            })?,
        };
        let date = match self.date.as_deref() {
            Some(d) => parse_date("date", d)?,
            None => today,
        };
        let from = self
            .from
            .as_deref()
            .map(|d| parse_date("from", d))
            .transpose()?;
        let to = self
            .to
            .as_deref()
            .map(|d| parse_date("to", d))
            .transpose()?;
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            return Err(bad(
                format!("tanggal akhir to `{t}` sebelum tanggal awal from `{f}`"),
                format!("end date to `{t}` is before start date from `{f}`"),
            ));
        }
        let q = |date| Question {
            region,
            level,
            date,
            by,
        };
        match self.series.as_deref() {
            Some("monthly" | "bulanan") => {
                let to = to.unwrap_or(date);
                // Five years of months by default.
                let from = from.unwrap_or_else(|| {
                    NaiveDate::from_ymd_opt(to.year() - 5, to.month(), 1).unwrap_or(to)
                });
                if to < from {
                    // `to` defaults to `date` (or today): say which value it came from.
                    let name = if self.to.is_some() { "to" } else { "date" };
                    return Err(bad(
                        format!("from `{from}` sesudah {name} `{to}`: deret butuh from ≤ {name}"),
                        format!(
                            "from `{from}` is after {name} `{to}`: a series needs from ≤ {name}"
                        ),
                    ));
                }
                let months = months_between(from, to);
                if months > MAX_SERIES_MONTHS {
                    return Err(bad(
                        format!(
                            "deret dari {from} sampai {to} terlalu panjang ({months} bulan; paling banyak {MAX_SERIES_MONTHS})"
                        ),
                        format!(
                            "the series from {from} to {to} is too long ({months} months; at most {MAX_SERIES_MONTHS})"
                        ),
                    ));
                }
                return Ok(CoverageRequest::Series { q: q(to), from });
            }
            Some(other) => {
                return Err(bad(
                    format!("deret `{other}` tidak dikenal (monthly)"),
                    format!("unknown series `{other}` (monthly)"),
                ));
            }
            None => {}
        }
        Ok(match (from, to) {
            (Some(f), Some(t)) => CoverageRequest::Growth { q: q(f), to: t },
            (None, None) if rank => CoverageRequest::Ranking(q(date)),
            (None, None) => CoverageRequest::Coverage(q(date)),
            _ => {
                return Err(bad(
                    "pertumbuhan butuh --from dan --to".into(),
                    "growth needs both from and to".into(),
                ));
            }
        })
    }
}

fn child_level(level: Level) -> Level {
    match level {
        Level::Nation => Level::Province,
        Level::Province => Level::Regency,
        Level::Regency => Level::District,
        Level::District | Level::Village => Level::Village,
    }
}

/// The region an answer is about.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRef {
    pub code: RegionCode,
    pub name: String,
    pub level: Level,
}

/// An answer, tagged by `kind`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CoverageAnswer {
    Coverage {
        region: RegionRef,
        level: Level,
        date: NaiveDate,
        by: Dimension,
        rows: Vec<CoverageRow>,
    },
    Growth {
        region: RegionRef,
        level: Level,
        from: NaiveDate,
        to: NaiveDate,
        by: Dimension,
        rows: Vec<GrowthRow>,
    },
    Series {
        region: RegionRef,
        from: NaiveDate,
        to: NaiveDate,
        by: Dimension,
        points: Vec<SeriesPoint>,
    },
    Ranking {
        region: RegionRef,
        level: Level,
        date: NaiveDate,
        by: Dimension,
        ranked: Vec<Ranked>,
        without_target: Vec<CoverageRow>,
    },
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

impl CoverageRequest {
    /// The question asked (for growth, at its start date; for a series, at its end date).
    pub fn question(&self) -> &Question {
        match self {
            CoverageRequest::Coverage(q)
            | CoverageRequest::Growth { q, .. }
            | CoverageRequest::Series { q, .. }
            | CoverageRequest::Ranking(q) => q,
        }
    }

    /// The level of the areas the source must count: a series counts the region itself.
    pub fn source_level(&self) -> Level {
        match self {
            CoverageRequest::Series { q, .. } => q.region.level(),
            other => other.question().level,
        }
    }
}

/// Answers a request from the store.
pub fn answer(
    store: &dyn Store,
    tree: &RegionTree,
    targets: &dyn Targets,
    request: &CoverageRequest,
    lang: Lang,
) -> Result<CoverageAnswer, StoreError> {
    let q = request.question();
    let source = store.coverage_source(q.region, request.source_level())?;
    Ok(answer_from(source.as_ref(), tree, targets, request, lang))
}

/// Answers a request from a source the caller already holds (one that can count the areas of
/// [`CoverageRequest::source_level`] inside the question's region): pages that ask several
/// questions about one region read its periods once.
pub fn answer_from(
    source: &dyn CoverageSource,
    tree: &RegionTree,
    targets: &dyn Targets,
    request: &CoverageRequest,
    lang: Lang,
) -> CoverageAnswer {
    match *request {
        CoverageRequest::Coverage(q) => CoverageAnswer::Coverage {
            region: region_ref(tree, q.region),
            level: q.level,
            date: q.date,
            by: q.by,
            rows: report::coverage(&q, source, tree, targets, lang),
        },
        CoverageRequest::Growth { q, to } => CoverageAnswer::Growth {
            region: region_ref(tree, q.region),
            level: q.level,
            from: q.date,
            to,
            by: q.by,
            rows: report::growth(&q, to, source, tree, lang),
        },
        CoverageRequest::Series { q, from } => CoverageAnswer::Series {
            region: region_ref(tree, q.region),
            from,
            to: q.date,
            by: q.by,
            points: report::monthly_series(q.region, from, q.date, q.by, source, targets, lang),
        },
        CoverageRequest::Ranking(q) => {
            let ranking = report::rank(report::coverage(&q, source, tree, targets, lang));
            CoverageAnswer::Ranking {
                region: region_ref(tree, q.region),
                level: q.level,
                date: q.date,
                by: q.by,
                ranked: ranking.ranked,
                without_target: ranking.without_target,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(query: &[(&str, &str)]) -> Result<CoverageRequest, BadParam> {
        let tree = RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap();
        let mut p = CoverageParams::default();
        for &(k, v) in query {
            let v = Some(v.to_string());
            match k {
                "from" => p.from = v,
                "to" => p.to = v,
                "date" => p.date = v,
                "series" => p.series = v,
                other => panic!("{other}"),
            }
        }
        p.parse(&tree, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    }

    #[test]
    fn a_series_from_1969_is_answered_up_to_today() {
        let Ok(CoverageRequest::Series { q, from }) =
            ask(&[("series", "monthly"), ("from", "1969-12-01")])
        else {
            panic!("a series");
        };
        assert_eq!(
            (from.to_string(), q.date.to_string()),
            ("1969-12-01".into(), "2026-11-23".into())
        );
    }

    #[test]
    fn a_series_starting_after_its_end_is_refused_naming_both() {
        let e = ask(&[("series", "monthly"), ("from", "2027-01-01")]).unwrap_err();
        assert!(
            e.en.contains("from `2027-01-01` is after date `2026-11-23`"),
            "{}",
            e.en
        );
        let e = ask(&[
            ("series", "monthly"),
            ("from", "2024-01-01"),
            ("to", "2023-01-01"),
        ])
        .unwrap_err();
        assert!(e.id.contains("to `2023-01-01`"), "{}", e.id);
    }

    #[test]
    fn centuries_long_series_and_far_years_are_refused() {
        let e = ask(&[
            ("series", "monthly"),
            ("from", "1900-01-01"),
            ("to", "2200-12-31"),
        ])
        .unwrap_err();
        assert!(e.en.contains("3612 months"), "{}", e.en);
        for (k, v) in [
            ("from", "0001-01-01"),
            ("to", "9999-12-31"),
            ("date", "-0500-01-01"),
        ] {
            let e = ask(&[("series", "monthly"), (k, v)]).unwrap_err();
            assert!(e.en.contains(&format!("{k} `{v}`")), "{}", e.en);
        }
        assert!(
            ask(&[
                ("series", "monthly"),
                ("from", "1927-01-01"),
                ("to", "2026-12-31")
            ])
            .is_ok()
        );
    }
}
