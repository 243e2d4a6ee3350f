//! `/wilayah/{code}`: a region's coverage page (province, kab/kota, kecamatan or desa), and
//! `/wilayah?q=`: finding a region by name or code. Public (published aggregates), Bahasa
//! Indonesia by default, English with `?lang=en`; the page's figures are those of
//! `/api/v1/regions/{code}/summary`. Accounts that may read transfers also see the region's
//! transfers ([`super::region_transfers`]); their pages are not cached.

use super::coverage_parts::{
    BreakdownView, ChildView, GrowthView, Headline, MonthView, breakdown_views, child_view,
    export_links, growth_views, headline, level_param, month_views,
};
use super::figures::{Fmt, Links, cached_page, query_lang, trend_charts};
use super::region_transfers::{TransfersSection, section};
use super::{PageCtx, PageError, encode};
use crate::AppState;
use crate::auth::Caller;
use crate::coverage_view::sort::{ChildSort, SortKey};
use crate::coverage_view::{RegionSummary, region_summary};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::auth::Action;
use paritrana_core::region::{RegionCode, RegionTree};
use serde::Deserialize;

/// The query of a region page (the same names as its JSON twin accepts).
#[derive(Debug, Default, Deserialize)]
pub struct RegionQuery {
    #[serde(alias = "date")]
    pub tanggal: Option<String>,
    #[serde(alias = "sort")]
    pub urut: Option<String>,
    #[serde(alias = "order")]
    pub arah: Option<String>,
    pub lang: Option<String>,
}

/// A problem with the query, in both languages.
#[derive(Debug)]
pub struct QueryProblem {
    pub id: String,
    pub en: String,
}

/// Reads the page's date: `tanggal` (YYYY-MM-DD), or today.
pub fn page_date(tanggal: Option<&str>, today: NaiveDate) -> Result<NaiveDate, QueryProblem> {
    match tanggal.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(today),
        Some(t) => crate::query_date::parse("tanggal", t).map_err(|e| QueryProblem {
            id: format!("{}; ditampilkan hari ini", e.id),
            en: format!("{}; showing today", e.en),
        }),
    }
}

/// Finds the region of a path segment (dotted `64.01` or undotted `6401`).
pub fn lookup(tree: &RegionTree, text: &str) -> Result<RegionCode, QueryProblem> {
    let code = RegionCode::parse(text).map_err(|_| QueryProblem {
        id: format!("`{text}` bukan kode wilayah (contoh: 64.01 atau 6401)"),
        en: format!("`{text}` is not a region code (e.g. 64.01 or 6401)"),
    })?;
    if code == RegionCode::NATION || !tree.contains(code) {
        return Err(QueryProblem {
            id: format!("wilayah dengan kode {code} tidak ada"),
            en: format!("there is no region with code {code}"),
        });
    }
    Ok(code)
}

/// The cache key of a public page: its path and query, and the language it is shown in.
pub fn cache_key(uri: &Uri, lang: Lang) -> String {
    format!(
        "{}|{}",
        uri.path_and_query().map_or("", |p| p.as_str()),
        match lang {
            Lang::Id => "id",
            Lang::En => "en",
        }
    )
}

/// A header of the children table: a link that sorts by the column.
struct SortHeader {
    label: &'static str,
    href: String,
    /// `ascending`/`descending` on the column the table is sorted by.
    aria_sort: Option<&'static str>,
    arrow: &'static str,
    num: bool,
}

#[derive(Template)]
#[template(path = "region.html")]
struct RegionPage {
    page: PageCtx,
    error: Option<String>,
    name: String,
    code: String,
    level: &'static str,
    crumbs: Vec<(String, String)>,
    date_text: String,
    date_value: String,
    links_lang_input: String,
    form_action: String,
    headline: Headline,
    growth: Vec<GrowthView>,
    trend: Vec<String>,
    months: Vec<MonthView>,
    breakdowns: Vec<BreakdownView>,
    child_level: Option<&'static str>,
    headers: Vec<SortHeader>,
    children: Vec<ChildView>,
    exports: Vec<(&'static str, String)>,
    search_q: String,
    /// The region's transfers, for accounts that may read them ([`super::region_transfers`]).
    transfers: Option<TransfersSection>,
}

#[derive(Template)]
#[template(path = "region_search.html")]
struct SearchPage {
    page: PageCtx,
    message: Option<String>,
    search_q: String,
    links_lang_input: String,
    hits: Vec<(String, String, String)>,
}

fn sort_headers(s: &RegionSummary, links: &Links, f: Fmt) -> Vec<SortHeader> {
    let t = |id, en| super::pick(f.lang, id, en);
    let path = format!("/wilayah/{}", s.region.code);
    SortKey::ALL
        .iter()
        .map(|&key| {
            let sorted = s.sort.key == key;
            let target = s.sort.toggled(key);
            SortHeader {
                label: match key {
                    SortKey::Code => t("Kode", "Code"),
                    SortKey::Name => t("Wilayah", "Region"),
                    SortKey::Rank => t("Peringkat", "Rank"),
                    SortKey::Coverage => t("Cakupan", "Coverage"),
                    SortKey::Protected => t("Terlindungi", "Protected"),
                    SortKey::Target => "Target",
                },
                href: format!("{}#anak", links.to(&path, &target.query())),
                aria_sort: sorted.then(|| s.sort.dir.aria()),
                arrow: match (sorted, s.sort.dir) {
                    (false, _) => "",
                    (true, crate::coverage_view::sort::Direction::Asc) => " ▲",
                    (true, crate::coverage_view::sort::Direction::Desc) => " ▼",
                },
                num: !matches!(key, SortKey::Code | SortKey::Name),
            }
        })
        .collect()
}

fn render_region(
    s: RegionSummary,
    page: PageCtx,
    links: &Links,
    error: Option<String>,
    transfers: Option<TransfersSection>,
) -> Result<String, askama::Error> {
    let f = Fmt { lang: page.lang };
    let place = s.region.name.clone();
    let mut crumbs: Vec<(String, String)> = s
        .breadcrumbs
        .iter()
        .map(|r| {
            let href = if r.code == RegionCode::NATION {
                links.to("/", "")
            } else {
                links.region(&r.code)
            };
            (href, r.name.clone())
        })
        .collect();
    crumbs.push((String::new(), s.region.name.clone()));
    let children = s.children.iter().map(|c| child_view(c, links, f)).collect();
    let exports = s.child_level.map_or_else(Vec::new, |level| {
        export_links(
            &format!(
                "region={}&level={}&rank=true&date={}",
                s.region.code,
                level_param(level),
                s.date
            ),
            f.lang,
        )
    });
    RegionPage {
        error,
        name: s.region.name.clone(),
        code: s.region.code.to_string(),
        level: f.level(s.region.level),
        crumbs,
        date_text: f.date(s.date),
        date_value: s.date.to_string(),
        links_lang_input: links.lang_input(),
        form_action: format!("/wilayah/{}", s.region.code),
        headline: headline(&s.coverage, f),
        growth: growth_views(&s.growth, f),
        trend: trend_charts(&s.series, &place, f),
        months: month_views(&s.series, f),
        breakdowns: breakdown_views(&s.breakdowns, &place, f),
        child_level: s.child_level.map(|l| f.level(l)),
        headers: sort_headers(&s, links, f),
        children,
        exports,
        search_q: String::new(),
        transfers,
        page,
    }
    .render()
}

fn not_found(
    caller: &Caller,
    problem: &QueryProblem,
    links: &Links,
) -> Result<String, askama::Error> {
    let mut page = PageCtx::new(
        caller,
        "/wilayah",
        "Wilayah tidak ditemukan",
        "Region not found",
    );
    page.switch_href = format!("/wilayah?lang={}", page.other_lang_code());
    SearchPage {
        message: Some(super::pick(caller.lang, &problem.id, &problem.en).to_string()),
        search_q: String::new(),
        links_lang_input: links.lang_input(),
        hits: Vec::new(),
        page,
    }
    .render()
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Query(q): Query<RegionQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    caller
        .require(Action::ViewAggregates)
        .map_err(|d| PageError::denied(d, &caller, "/wilayah"))?;
    let key = cache_key(&uri, caller.lang);
    let public = caller.account().is_none();
    let st = state.clone();
    cached_page(&state, public, key, &headers, move || async move {
        let state = st;
        let lang = caller.lang;
        let mut links = Links {
            date: None,
            lang: query_lang(q.lang.as_deref()),
        };
        let code = match lookup(&state.tree, &code) {
            Ok(c) => c,
            Err(problem) => {
                return Ok((StatusCode::NOT_FOUND, not_found(&caller, &problem, &links)?));
            }
        };
        let mut problems = Vec::new();
        let today = state.today();
        let date = page_date(q.tanggal.as_deref(), today).unwrap_or_else(|p| {
            problems.push(p);
            today
        });
        if date != today {
            links.date = Some(date.to_string());
        }
        let sort = ChildSort::parse(q.urut.as_deref(), q.arah.as_deref()).unwrap_or_else(|e| {
            problems.push(QueryProblem { id: e.id, en: e.en });
            ChildSort::default()
        });
        let error = (!problems.is_empty()).then(|| {
            problems
                .iter()
                .map(|p| super::pick(lang, &p.id, &p.en))
                .collect::<Vec<_>>()
                .join("; ")
        });
        let html = tokio::task::spawn_blocking(move || {
            let targets = state.targets()?;
            let summary = region_summary(
                state.store.as_ref(),
                &state.tree,
                targets.as_ref(),
                code,
                date,
                sort,
                lang,
            )?;
            let path = format!("/wilayah/{code}");
            let mut page = PageCtx::new(&caller, &path, &summary.region.name, &summary.region.name);
            let switch = Links {
                date: links.date.clone(),
                lang: Some(page.other_lang_code()),
            };
            let sorted = if sort == ChildSort::default() {
                String::new()
            } else {
                sort.query()
            };
            page.switch_href = switch.to(&path, &sorted);
            // Never on the public page (it is cached and shared).
            let transfers = if public {
                None
            } else {
                section(&state, &caller, code, &links)?
            };
            Ok::<_, PageError>(render_region(summary, page, &links, error, transfers)?)
        })
        .await??;
        Ok((StatusCode::OK, html))
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    pub lang: Option<String>,
}

/// `/wilayah?q=`: regions whose name (or code) matches, best first; a single match opens its
/// page.
pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    caller
        .require(Action::ViewAggregates)
        .map_err(|d| PageError::denied(d, &caller, "/wilayah"))?;
    let links = Links {
        date: None,
        lang: query_lang(q.lang.as_deref()),
    };
    let text = q.q.trim();
    let found = if text.is_empty() {
        Vec::new()
    } else {
        state.tree.find(text, None, 50)
    };
    if let [(only, _)] = found.as_slice() {
        return Ok(Redirect::to(&links.region(&only.code)).into_response());
    }
    let hits = found
        .iter()
        .map(|(r, _)| {
            let within: Vec<String> = state
                .tree
                .ancestors(r.code)
                .into_iter()
                .filter(|a| a.code != RegionCode::NATION)
                .rev()
                .map(|a| a.name.clone())
                .collect();
            let f = Fmt { lang: caller.lang };
            let mut context = f.level(r.level).to_string();
            if !within.is_empty() {
                context = format!("{context} · {}", within.join(", "));
            }
            (
                links.region(&r.code),
                format!("{} ({})", r.name, r.code),
                context,
            )
        })
        .collect();
    let mut page = PageCtx::new(&caller, "/wilayah", "Cari wilayah", "Find a region");
    page.switch_href = format!(
        "/wilayah?q={}&lang={}",
        encode(text),
        page.other_lang_code()
    );
    let message = (!text.is_empty() && found.is_empty()).then(|| {
        let t = |id, en| super::pick(caller.lang, id, en);
        format!(
            "{} `{text}`.",
            t("Tidak ada wilayah yang cocok dengan", "No region matches")
        )
    });
    super::render(&SearchPage {
        message,
        search_q: text.to_string(),
        links_lang_input: links.lang_input(),
        hits,
        page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_dotted_or_not() {
        let tree = RegionTree::from_csv(include_str!("../../../../data/regions.csv")).unwrap();
        assert_eq!(lookup(&tree, "64.01").unwrap().to_string(), "64.01");
        assert_eq!(lookup(&tree, "6401").unwrap().to_string(), "64.01");
        let e = lookup(&tree, "99.99").err().unwrap();
        assert_eq!(e.id, "wilayah dengan kode 99.99 tidak ada");
        let e = lookup(&tree, "abc").err().unwrap();
        assert!(e.id.contains("`abc` bukan kode wilayah"));
    }

    #[test]
    fn dates_are_checked() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(page_date(None, today).ok(), Some(today));
        assert_eq!(
            page_date(Some("2023-12-31"), today).ok(),
            NaiveDate::from_ymd_opt(2023, 12, 31)
        );
        let e = page_date(Some("31/12/2023"), today).err().unwrap();
        assert!(
            e.id.contains("tanggal `31/12/2023` bukan tanggal"),
            "{}",
            e.id
        );
    }
}
