//! What the coverage pages share: figures printed in the page's language, the charts drawn from
//! a [`crate::coverage_view`] summary, links that keep the page's date and language, and the
//! cache of public pages.

use crate::AppState;
use crate::charts::{self, Bar, LineChart, Unit};
use crate::coverage_view::{Breakdown, ChildRow, Growth, GrowthPeriod};
use crate::page_cache::CachedBody;
use crate::pages::PageError;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::coverage::Dimension;
use paritrana_core::coverage::report::{SeriesPoint, format_percent};
use paritrana_core::lang::{format_count, long_date, month_label};
use paritrana_core::region::Level;
use paritrana_core::target::ResolvedTarget;

/// Figures as the page's language prints them.
#[derive(Debug, Clone, Copy)]
pub struct Fmt {
    pub lang: Lang,
}

impl Fmt {
    fn t<'a>(&self, id: &'a str, en: &'a str) -> &'a str {
        super::pick(self.lang, id, en)
    }

    /// `81.436` / `81,436`.
    pub fn count(&self, n: u64) -> String {
        format_count(n, self.lang)
    }

    /// `+15.542`, `-3`, `0`.
    pub fn signed_count(&self, n: i64) -> String {
        let sign = if n > 0 {
            "+"
        } else if n < 0 {
            "-"
        } else {
            ""
        };
        format!("{sign}{}", self.count(n.unsigned_abs()))
    }

    /// Coverage: `90,43 %`, or "tidak ada target" — never 0 % for a region without a target.
    pub fn coverage(&self, bp: Option<i64>) -> String {
        match bp {
            Some(bp) => format_percent(bp, self.lang, false),
            None => self.t("tidak ada target", "no target").to_string(),
        }
    }

    /// A share or a relative change: `46,07 %`, `+23,59 %`; a dash when undefined.
    pub fn percent(&self, bp: Option<i64>, signed: bool) -> String {
        bp.map_or_else(|| "–".into(), |bp| format_percent(bp, self.lang, signed))
    }

    /// A change of coverage in percentage points: `+2,35 poin` / `+2.35 points`.
    pub fn points(&self, bp: Option<i64>) -> String {
        match bp {
            Some(bp) => {
                let pct = format_percent(bp, self.lang, true);
                let number = pct.trim_end_matches(" %");
                format!("{number} {}", self.t("poin", "points"))
            }
            None => "–".into(),
        }
    }

    /// A target in workers, or "tidak ada target".
    pub fn target(&self, t: &Option<ResolvedTarget>) -> String {
        match t {
            Some(t) => self.count(t.workers),
            None => self.t("tidak ada target", "no target").to_string(),
        }
    }

    /// A rank, or a dash for an area without a target.
    pub fn rank(&self, r: &Option<usize>) -> String {
        r.map_or_else(|| "–".into(), |r| r.to_string())
    }

    /// `31 Desember 2023` / `31 December 2023`.
    pub fn date(&self, d: NaiveDate) -> String {
        long_date(d, self.lang)
    }

    /// `Des 2023`.
    pub fn month(&self, d: NaiveDate) -> String {
        month_label(d, self.lang)
    }

    /// The name of a level: `Kecamatan` / `District (kecamatan)`.
    pub fn level(&self, l: Level) -> &'static str {
        match (l, self.lang) {
            (Level::Nation, Lang::Id) => "Nasional",
            (Level::Nation, Lang::En) => "National",
            (Level::Province, Lang::Id) => "Provinsi",
            (Level::Province, Lang::En) => "Province",
            (Level::Regency, _) => "Kabupaten/Kota",
            (Level::District, _) => "Kecamatan",
            (Level::Village, _) => "Desa/Kelurahan",
        }
    }

    /// The heading of a breakdown.
    pub fn dimension(&self, by: Dimension) -> &'static str {
        match (by, self.lang) {
            (Dimension::Segment, Lang::Id) => "Menurut segmen",
            (Dimension::Segment, Lang::En) => "By segment",
            (Dimension::Group, Lang::Id) => "Menurut kelompok pekerja",
            (Dimension::Group, Lang::En) => "By worker group",
            (Dimension::Category, Lang::Id) => "Menurut kategori",
            (Dimension::Category, Lang::En) => "By category",
            (Dimension::Sector, Lang::Id) => "Menurut sektor",
            (Dimension::Sector, Lang::En) => "By sector",
            (Dimension::Funding, Lang::Id) => "Menurut sumber dana",
            (Dimension::Funding, Lang::En) => "By funding source",
            (Dimension::Programme, Lang::Id) => "Menurut program",
            (Dimension::Programme, Lang::En) => "By programme",
            (Dimension::None, Lang::Id) => "Jumlah",
            (Dimension::None, Lang::En) => "Total",
        }
    }

    /// The label of a growth period.
    pub fn growth_label(&self, g: &Growth) -> String {
        match g.period {
            GrowthPeriod::Year => format!(
                "{} ({})",
                self.t("Setahun terakhir", "Past year"),
                self.date(g.from_date)
            ),
            GrowthPeriod::YearToDate => format!(
                "{} ({})",
                self.t("Sejak awal tahun", "Since the start of the year"),
                self.date(g.from_date)
            ),
        }
    }

    /// The words of a sparkline: "Pekerja terlindungi, 12 bulan: 1.234 → 1.456".
    pub fn trend_label(&self, row: &ChildRow) -> String {
        match (row.trend.first(), row.trend.last()) {
            (Some(a), Some(b)) => format!(
                "{}, {} {}: {} → {}",
                self.t("Pekerja terlindungi", "Protected workers"),
                row.trend.len(),
                self.t("bulan", "months"),
                self.count(*a),
                self.count(*b)
            ),
            _ => String::new(),
        }
    }

    /// A row's sparkline.
    pub fn sparkline(&self, row: &ChildRow) -> String {
        charts::sparkline(&row.trend, &self.trend_label(row))
    }
}

/// The two trend charts of a series: protected workers, and coverage % when any month has a
/// target.
pub fn trend_charts(series: &[SeriesPoint], place: &str, f: Fmt) -> Vec<String> {
    let t = |id, en| super::pick(f.lang, id, en);
    let mut out = Vec::new();
    let counts: Vec<_> = series.iter().map(|p| (p.date, Some(p.protected))).collect();
    let (first, last) = (series.first(), series.last());
    let range = match (first, last) {
        (Some(a), Some(b)) => format!("{} – {}", f.month(a.date), f.month(b.date)),
        _ => String::new(),
    };
    let title = format!("{}, {place}", t("Pekerja terlindungi", "Protected workers"));
    let desc = match (first, last) {
        (Some(a), Some(b)) => format!(
            "{range}: {} {} {} {}.",
            t("dari", "from"),
            f.count(a.protected),
            t("menjadi", "to"),
            f.count(b.protected)
        ),
        _ => t("Tidak ada data.", "No data.").to_string(),
    };
    out.push(charts::line_chart(&LineChart {
        title: &title,
        desc: &desc,
        unit: Unit::Count,
        axis: t("Pekerja terlindungi", "Protected workers"),
        points: &counts,
        lang: f.lang,
    }));
    let bps: Vec<_> = series
        .iter()
        .map(|p| (p.date, p.coverage_pct.map(|v| (v * 100.0).round() as u64)))
        .collect();
    if bps.iter().any(|p| p.1.is_some()) {
        let title = format!("{}, {place}", t("Cakupan UCJ", "UCJ coverage"));
        let ends: Vec<_> = bps.iter().filter_map(|p| p.1).collect();
        let desc = match (ends.first(), ends.last()) {
            (Some(a), Some(b)) => format!(
                "{range}: {} {} {} {}.",
                t("dari", "from"),
                f.coverage(Some(*a as i64)),
                t("menjadi", "to"),
                f.coverage(Some(*b as i64))
            ),
            _ => String::new(),
        };
        out.push(charts::line_chart(&LineChart {
            title: &title,
            desc: &desc,
            unit: Unit::BasisPoints,
            axis: t(
                "Cakupan UCJ (terhadap target tahun itu)",
                "UCJ coverage (against that year's target)",
            ),
            points: &bps,
            lang: f.lang,
        }));
    }
    out
}

/// A breakdown as bars: each value with its count and share.
pub fn breakdown_chart(b: &Breakdown, place: &str, f: Fmt) -> String {
    let bars: Vec<Bar<'_>> = b
        .parts
        .iter()
        .map(|p| Bar {
            label: p.label,
            value: p.protected,
            text: format!(
                "{} ({})",
                f.count(p.protected),
                f.percent(p.share_bp, false)
            ),
        })
        .collect();
    let desc = b
        .parts
        .iter()
        .map(|p| format!("{} {}", p.label, f.count(p.protected)))
        .collect::<Vec<_>>()
        .join("; ");
    charts::bar_chart(&format!("{}, {place}", f.dimension(b.by)), &desc, &bars)
}

/// The page's links: its path, and the date and language to keep on every link.
#[derive(Debug, Clone)]
pub struct Links {
    /// `tanggal=…` when the page shows a date other than today.
    pub date: Option<String>,
    /// `lang=…` when the language was chosen in the query.
    pub lang: Option<&'static str>,
}

impl Links {
    /// `path` with `query` (may be empty) and the kept parameters.
    pub fn to(&self, path: &str, query: &str) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !query.is_empty() {
            parts.push(query.to_string());
        }
        if let Some(d) = &self.date {
            parts.push(format!("tanggal={d}"));
        }
        if let Some(l) = self.lang {
            parts.push(format!("lang={l}"));
        }
        if parts.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }

    /// A region page.
    pub fn region(&self, code: &impl std::fmt::Display) -> String {
        self.to(&format!("/wilayah/{code}"), "")
    }

    /// The hidden inputs of a GET form that keep the language.
    pub fn lang_input(&self) -> String {
        self.lang.map_or_else(String::new, |l| {
            format!("<input type=\"hidden\" name=\"lang\" value=\"{l}\">")
        })
    }
}

/// The `lang` of a query, normalised, when one was given.
pub fn query_lang(q: Option<&str>) -> Option<&'static str> {
    q.and_then(Lang::parse).map(|l| match l {
        Lang::Id => "id",
        Lang::En => "en",
    })
}

/// Serves a page from the cache of public pages, or builds it with `build` (a status and the
/// HTML). Pages of signed-in visitors carry their name, so they are built every time and never
/// stored; only successful pages are stored.
pub async fn cached_page<F, Fut>(
    state: &AppState,
    public: bool,
    key: String,
    headers: &HeaderMap,
    build: F,
) -> Result<Response, PageError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(StatusCode, String), PageError>>,
{
    const HTML: &str = "text/html; charset=utf-8";
    if !public {
        let (status, html) = build().await?;
        return Ok((status, Html(html)).into_response());
    }
    let generation = state.current_generation().await?;
    let body = state
        .pages
        .serve(generation, key, || async {
            let (status, html) = build().await?;
            Ok::<_, PageError>(CachedBody::new(status, HTML, html.into_bytes()))
        })
        .await?;
    Ok(body.respond(headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_in_both_languages() {
        let id = Fmt { lang: Lang::Id };
        let en = Fmt { lang: Lang::En };
        assert_eq!(id.coverage(Some(9_043)), "90,43 %");
        assert_eq!(en.coverage(Some(9_043)), "90.43 %");
        assert_eq!(id.coverage(None), "tidak ada target");
        assert_eq!(en.coverage(None), "no target");
        assert_eq!(id.signed_count(15_542), "+15.542");
        assert_eq!(en.signed_count(-1_200), "-1,200");
        assert_eq!(id.points(Some(235)), "+2,35 poin");
        assert_eq!(en.points(Some(-5)), "-0.05 points");
        let d = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
        assert_eq!(id.date(d), "31 Desember 2023");
        assert_eq!(en.date(d), "31 December 2023");
    }

    #[test]
    fn links_keep_date_and_language() {
        let l = Links {
            date: Some("2023-12-31".into()),
            lang: Some("en"),
        };
        assert_eq!(
            l.to("/wilayah/64.01", "urut=nama&arah=naik"),
            "/wilayah/64.01?urut=nama&arah=naik&tanggal=2023-12-31&lang=en"
        );
        let plain = Links {
            date: None,
            lang: None,
        };
        assert_eq!(plain.region(&"64.01"), "/wilayah/64.01");
        assert_eq!(query_lang(Some("EN")), Some("en"));
        assert_eq!(query_lang(Some("xx")), None);
    }
}
