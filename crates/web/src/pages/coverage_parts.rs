//! The printed pieces the dashboard and the region pages share: the headline (coverage %,
//! protected vs target), the growth table, the trend's table, the breakdowns (bars and tables)
//! and the rows of region tables. Figures come from a [`crate::coverage_view`] summary and are
//! printed here once, in the page's language, so the templates only place text.

use super::figures::{Fmt, breakdown_chart};
use crate::coverage_view::{Breakdown, ChildRow, Growth};
use paritrana_core::Lang;
use paritrana_core::coverage::Dimension;
use paritrana_core::coverage::report::{CoverageRow, SeriesPoint};
use paritrana_core::region::Level;

/// A row of the children table, printed.
pub struct ChildView {
    pub href: String,
    pub code: String,
    pub name: String,
    pub rank: String,
    pub coverage: String,
    pub no_target: bool,
    pub protected: String,
    pub target: String,
    pub spark: String,
}

/// A row of a breakdown table.
pub struct PartView {
    pub label: &'static str,
    pub code: &'static str,
    pub protected: String,
    pub share: String,
}

pub struct BreakdownView {
    pub id: &'static str,
    pub title: &'static str,
    pub chart: String,
    pub parts: Vec<PartView>,
    pub note: Option<&'static str>,
}

/// A month of the trend table.
pub struct MonthView {
    pub month: String,
    pub protected: String,
    pub target: String,
    pub coverage: String,
}

/// A row of the growth table.
pub struct GrowthView {
    pub label: String,
    pub from: String,
    pub to: String,
    pub change: String,
    pub change_pct: String,
    pub coverage: String,
}

/// The headline figures of a region (or the nation), printed.
pub struct Headline {
    pub coverage: String,
    pub has_target: bool,
    pub protected: String,
    pub target: String,
    pub target_note: String,
}

/// The headline of a summary's coverage row.
pub fn headline(row: &CoverageRow, f: Fmt) -> Headline {
    let t = |id, en| super::pick(f.lang, id, en);
    let target_note = match &row.target {
        None => t(
            "Wilayah ini tidak memiliki target UCJ, jadi cakupannya tidak dihitung.",
            "This region has no UCJ target, so its coverage is not computed.",
        )
        .to_string(),
        Some(target) if target.rolled_up => format!(
            "{} {}: {}{}",
            t("Target tahun", "Target for"),
            target.year,
            t(
                "jumlah target wilayah di bawahnya",
                "the sum of the targets of the regions below",
            ),
            if target.estimate {
                t(" (sebagian perkiraan)", " (partly estimates)")
            } else {
                ""
            },
        ),
        Some(target) => format!(
            "{} {}: {}{}",
            t("Target tahun", "Target for"),
            target.year,
            target.source,
            if target.estimate {
                t(" — perkiraan", " — estimate")
            } else {
                ""
            },
        ),
    };
    Headline {
        coverage: f.coverage(row.coverage_bp),
        has_target: row.coverage_bp.is_some(),
        protected: f.count(row.protected),
        target: f.target(&row.target),
        target_note,
    }
}

pub fn growth_views(growth: &[Growth], f: Fmt) -> Vec<GrowthView> {
    growth
        .iter()
        .map(|g| GrowthView {
            label: f.growth_label(g),
            from: f.count(g.protected.from),
            to: f.count(g.protected.to),
            change: f.signed_count(g.protected.change),
            change_pct: f.percent(g.protected.change_bp, true),
            coverage: match (g.coverage_bp_from, g.coverage_bp_to) {
                (None, None) => f.coverage(None),
                (a, b) => format!(
                    "{} → {} ({})",
                    f.coverage(a),
                    f.coverage(b),
                    f.points(g.coverage_change_bp())
                ),
            },
        })
        .collect()
}

pub fn month_views(series: &[SeriesPoint], f: Fmt) -> Vec<MonthView> {
    series
        .iter()
        .map(|p| MonthView {
            month: f.date(p.date),
            protected: f.count(p.protected),
            target: f.target(&p.target),
            coverage: f.coverage(p.coverage_pct.map(|v| (v * 100.0).round() as i64)),
        })
        .collect()
}

pub fn breakdown_views(breakdowns: &[Breakdown], place: &str, f: Fmt) -> Vec<BreakdownView> {
    breakdowns
        .iter()
        .map(|b| BreakdownView {
            id: b.by.name(),
            title: f.dimension(b.by),
            chart: breakdown_chart(b, place, f),
            parts: b
                .parts
                .iter()
                .map(|p| PartView {
                    label: p.label,
                    code: p.code,
                    protected: f.count(p.protected),
                    share: f.percent(p.share_bp, false),
                })
                .collect(),
            note: (b.by == Dimension::Programme).then(|| {
                super::pick(
                    f.lang,
                    "Seorang pekerja dihitung sekali untuk setiap program yang diikutinya, jadi porsinya berjumlah lebih dari 100 %.",
                    "A worker counts once per programme held, so the shares add up to more than 100 %.",
                )
            }),
        })
        .collect()
}

/// The export links of a coverage question (`/api/v1/coverage?…&format=`).
pub fn export_links(query: &str, lang: Lang) -> Vec<(&'static str, String)> {
    let lang = match lang {
        Lang::Id => "id",
        Lang::En => "en",
    };
    [("CSV", "csv"), ("XLSX", "xlsx"), ("PDF", "pdf")]
        .into_iter()
        .map(|(label, format)| {
            (
                label,
                format!("/api/v1/coverage?{query}&format={format}&lang={lang}"),
            )
        })
        .collect()
}

/// The name of a level in `/api/v1/coverage?level=`.
pub fn level_param(level: Level) -> &'static str {
    match level {
        Level::Nation => "nasional",
        Level::Province => "provinsi",
        Level::Regency => "kabkota",
        Level::District => "kecamatan",
        Level::Village => "desa",
    }
}

/// A row of a region table: its link, figures and sparkline.
pub fn child_view(c: &ChildRow, links: &super::figures::Links, f: Fmt) -> ChildView {
    ChildView {
        href: links.region(&c.code),
        code: c.code.to_string(),
        name: c.name.clone(),
        rank: f.rank(&c.rank),
        coverage: f.coverage(c.coverage_bp),
        no_target: c.coverage_bp.is_none(),
        protected: f.count(c.protected),
        target: f.target(&c.target),
        spark: if c.trend.is_empty() {
            String::new()
        } else {
            f.sparkline(c)
        },
    }
}
