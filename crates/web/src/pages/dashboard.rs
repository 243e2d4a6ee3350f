//! `/`: the national UCJ coverage dashboard — the coverage % of Indonesia, protected vs target,
//! growth, the breakdown by segment and worker group, the monthly trend, the map of the 514
//! kab/kota, the best and worst ten, and the provinces. Every chart has its numbers in a table.
//! Public; the figures are those of `/api/v1/dashboard`.

use super::coverage_parts::{
    BreakdownView, ChildView, GrowthView, Headline, MonthView, breakdown_views, child_view,
    export_links, growth_views, headline, month_views,
};
use super::figures::{Fmt, Links, cached_page, query_lang, trend_charts};
use super::region::{QueryProblem, cache_key, page_date};
use super::{PageCtx, PageError};
use crate::AppState;
use crate::auth::Caller;
use crate::coverage_view::{
    ChildRow, Dashboard, SPARK_MONTHS, TREND_MONTHS, dashboard, series_start,
};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use paritrana_core::auth::Action;
use paritrana_core::region::RegionTree;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    #[serde(alias = "date")]
    pub tanggal: Option<String>,
    pub lang: Option<String>,
}

/// A kab/kota in the map's table and the best/worst lists, with its province.
pub struct RegencyView {
    pub row: ChildView,
    pub province: String,
}

/// A group of export links with what it exports.
pub struct Export {
    pub what: &'static str,
    pub links: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    page: PageCtx,
    error: Option<String>,
    search_q: String,
    links_lang_input: String,
    date_text: String,
    date_value: String,
    headline: Headline,
    growth: Vec<GrowthView>,
    trend: Vec<String>,
    months: Vec<MonthView>,
    breakdowns: Vec<BreakdownView>,
    map: String,
    regencies: Vec<RegencyView>,
    best: Vec<RegencyView>,
    worst: Vec<RegencyView>,
    provinces: Vec<ChildView>,
    exports: Vec<Export>,
    trend_months: u32,
    spark_months: u32,
}

fn regency_views(rows: &[ChildRow], tree: &RegionTree, links: &Links, f: Fmt) -> Vec<RegencyView> {
    rows.iter()
        .map(|r| RegencyView {
            row: child_view(r, links, f),
            province: r
                .code
                .parent()
                .and_then(|p| tree.get(p))
                .map(|p| p.name.clone())
                .unwrap_or_default(),
        })
        .collect()
}

fn render_dashboard(
    d: &Dashboard,
    tree: &RegionTree,
    page: PageCtx,
    links: &Links,
    error: Option<String>,
) -> Result<String, askama::Error> {
    let f = Fmt { lang: page.lang };
    let t = |id, en| super::pick(f.lang, id, en);
    let place = "Indonesia";
    let by_code: HashMap<String, &ChildRow> = d
        .regencies
        .iter()
        .map(|r| (r.code.to_string(), r))
        .collect();
    let map = crate::map::choropleth_svg(
        &|code| by_code.get(code).and_then(|r| r.coverage_pct),
        &|code| links.to(&format!("/wilayah/{code}"), ""),
        &|code| {
            by_code
                .get(code)
                .map_or_else(|| code.to_string(), |r| r.name.clone())
        },
        f.lang,
    );
    let date = d.date;
    let lang = f.lang;
    let exports = vec![
        Export {
            what: t(
                "Cakupan nasional menurut segmen",
                "National coverage by segment",
            ),
            links: export_links(&format!("by=segment&date={date}"), lang),
        },
        Export {
            what: t("Tren bulanan nasional", "National monthly trend"),
            links: export_links(
                &format!(
                    "series=monthly&from={}&to={date}",
                    series_start(date, TREND_MONTHS)
                ),
                lang,
            ),
        },
        Export {
            what: t(
                "Peringkat 514 kabupaten/kota",
                "Ranking of the 514 kab/kota",
            ),
            links: export_links(&format!("level=kabkota&rank=true&date={date}"), lang),
        },
        Export {
            what: t("Cakupan per provinsi", "Coverage per province"),
            links: export_links(&format!("level=provinsi&rank=true&date={date}"), lang),
        },
    ];
    DashboardPage {
        error,
        search_q: String::new(),
        links_lang_input: links.lang_input(),
        date_text: f.date(d.date),
        date_value: d.date.to_string(),
        headline: headline(&d.coverage, f),
        growth: growth_views(&d.growth, f),
        trend: trend_charts(&d.series, place, f),
        months: month_views(&d.series, f),
        breakdowns: breakdown_views(&d.breakdowns, place, f),
        map,
        regencies: regency_views(&d.regencies, tree, links, f),
        best: regency_views(&d.best, tree, links, f),
        worst: regency_views(&d.worst, tree, links, f),
        provinces: d
            .provinces
            .iter()
            .map(|p| child_view(p, links, f))
            .collect(),
        exports,
        trend_months: TREND_MONTHS,
        spark_months: SPARK_MONTHS,
        page,
    }
    .render()
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<DashboardQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    caller
        .require(Action::ViewAggregates)
        .map_err(|d| PageError::denied(d, &caller, "/"))?;
    let key = cache_key(&uri, caller.lang);
    let public = caller.account().is_none();
    let st = state.clone();
    cached_page(&state, public, key, &headers, move || async move {
        let state = st;
        let today = state.today();
        let mut links = Links {
            date: None,
            lang: query_lang(q.lang.as_deref()),
        };
        let (date, error) = match page_date(q.tanggal.as_deref(), today) {
            Ok(d) => (d, None),
            Err(QueryProblem { id, en }) => {
                (today, Some(super::pick(caller.lang, &id, &en).to_string()))
            }
        };
        if date != today {
            links.date = Some(date.to_string());
        }
        let html = tokio::task::spawn_blocking(move || {
            let targets = state.targets()?;
            let lang = caller.lang;
            let d = dashboard(
                state.store.as_ref(),
                &state.tree,
                targets.as_ref(),
                date,
                lang,
            )?;
            let mut page = PageCtx::new(
                &caller,
                "/",
                "Cakupan Universal Coverage Jamsostek",
                "Universal Coverage Jamsostek",
            );
            page.switch_href = Links {
                date: links.date.clone(),
                lang: Some(page.other_lang_code()),
            }
            .to("/", "");
            Ok::<_, PageError>(render_dashboard(&d, &state.tree, page, &links, error)?)
        })
        .await??;
        Ok((StatusCode::OK, html))
    })
    .await
}
