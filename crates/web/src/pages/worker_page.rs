//! `/pekerja/{nik}`: one worker — identity (masked or full), protection today, the village with
//! links up the region tree, and the coverage history as a table and a timeline.
//!
//! Who sees what and the audit entry of a full view come from the API's functions
//! (`routes::workers::look_up` and `render`), so the page and `/api/v1/workers/{nik}` cannot
//! disagree. The NIK is in the path: nothing in the server logs request paths (no trace layer;
//! `crates/cli/tests/worker_pages.rs` checks the log at `PARITRANA_LOG=trace`), and the answer
//! is sent with `Cache-Control: no-store` and `Referrer-Policy: same-origin`.

use super::workers::{SearchPage, nik_problems, not_registered, private};
use super::{PageCtx, PageError, encode, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::routes::workers::{self as api, PublicPeriod};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use paritrana_core::Lang;
use paritrana_core::auth::Action;
use paritrana_core::contribution::rate::format_rupiah;
use paritrana_core::lang::long_date;
use paritrana_core::nik;
use paritrana_core::region::{Level, RegionCode};
use paritrana_core::worker::Rupiah;

/// A link up the region tree.
struct Crumb {
    href: String,
    name: String,
    level: &'static str,
}

/// One coverage period as a row of the history table.
struct PeriodRow {
    active: bool,
    segment: (&'static str, &'static str),
    category: &'static str,
    funding: &'static str,
    /// (code, label) of each programme.
    programmes: Vec<(&'static str, &'static str)>,
    start: String,
    start_iso: String,
    end: String,
    sector: String,
    csr_company: String,
    wage: String,
}

/// One bar of the timeline: its place on the axis in percent.
struct Bar {
    label: String,
    left: String,
    width: String,
    active: bool,
    open: bool,
}

/// The timeline: bars, year ticks and today's mark, positions in percent of the span.
struct Timeline {
    from_year: i32,
    to_year: i32,
    bars: Vec<Bar>,
    ticks: Vec<(i32, String)>,
    today: String,
}

#[derive(Template)]
#[template(path = "worker.html")]
struct WorkerPage {
    page: PageCtx,
    lang_q: String,
    full: bool,
    signed_in: bool,
    sign_in_href: String,
    nik: String,
    name: String,
    sex: String,
    birth_date: String,
    village: String,
    crumbs: Vec<Crumb>,
    active: bool,
    today: String,
    periods: Vec<PeriodRow>,
    timeline: Option<Timeline>,
}

fn period_row(p: &PublicPeriod, today: NaiveDate, lang: Lang) -> PeriodRow {
    PeriodRow {
        active: p.start <= today && p.end.is_none_or(|e| today <= e),
        segment: (p.segment.code(), p.segment.label(lang)),
        category: p.category.label(lang),
        funding: p.funding.label(lang),
        programmes: p
            .programmes
            .iter()
            .map(|x| (x.code(), x.label(lang)))
            .collect(),
        start: long_date(p.start, lang),
        start_iso: p.start.to_string(),
        end: p.end.map_or_else(
            || pick(lang, "masih berjalan", "ongoing").to_string(),
            |e| long_date(e, lang),
        ),
        sector: p
            .sector
            .map(|s| s.label(lang).to_string())
            .unwrap_or_default(),
        csr_company: p.csr_company.clone().unwrap_or_default(),
        wage: p
            .wage
            .map(|w| format_rupiah(Rupiah(w), lang))
            .unwrap_or_default(),
    }
}

/// Days from `from` to `d` as a percentage of `span` days, with one decimal.
fn percent(from: NaiveDate, d: NaiveDate, span: i64) -> f64 {
    let days = (d - from).num_days().clamp(0, span);
    (days as f64 * 1000.0 / span as f64).round() / 10.0
}

/// The timeline from 1 January of the first period's year to 31 December of the year of the
/// last end (or of today, for open periods and to show today's mark).
fn timeline(periods: &[PublicPeriod], today: NaiveDate, lang: Lang) -> Option<Timeline> {
    let first = periods.iter().map(|p| p.start).min()?;
    let last = periods
        .iter()
        .map(|p| p.end.unwrap_or(today).max(p.start))
        .max()?
        .max(today);
    let from_year = first.year();
    let to_year = last.year();
    let from = NaiveDate::from_ymd_opt(from_year, 1, 1)?;
    let to = NaiveDate::from_ymd_opt(to_year + 1, 1, 1)?;
    let span = (to - from).num_days().max(1);
    let years = to_year - from_year + 1;
    let step = match years {
        ..=8 => 1,
        9..=20 => 2,
        _ => 5,
    };
    let ticks = (from_year..=to_year)
        .filter(|y| (y - from_year) % step == 0)
        .filter_map(|y| {
            let jan = NaiveDate::from_ymd_opt(y, 1, 1)?;
            Some((y, format!("{:.1}", percent(from, jan, span))))
        })
        .collect();
    let bars = periods
        .iter()
        .map(|p| {
            // An open period is drawn up to today (striped: it goes on).
            let end = p.end.unwrap_or(today.max(p.start)) + chrono::Days::new(1);
            let left = percent(from, p.start, span);
            // Even a one-day period stays visible.
            let width = (percent(from, end, span) - left).max(0.6);
            Bar {
                label: format!(
                    "{} · {} – {}",
                    p.segment.code(),
                    long_date(p.start, lang),
                    p.end.map_or_else(
                        || pick(lang, "masih berjalan", "ongoing").to_string(),
                        |e| long_date(e, lang)
                    )
                ),
                left: format!("{left:.1}"),
                width: format!("{:.1}", width.min(100.0 - left)),
                active: p.start <= today && p.end.is_none_or(|e| today <= e),
                open: p.end.is_none(),
            }
        })
        .collect();
    Some(Timeline {
        from_year,
        to_year,
        bars,
        ticks,
        today: format!("{:.1}", percent(from, today, span)),
    })
}

/// The village and the regions above it, each linking to its region page (the nation to the
/// dashboard), as the region pages link them.
fn crumbs(state: &AppState, village: RegionCode, lang: Lang) -> Vec<Crumb> {
    let mut chain = state.tree.ancestors(village);
    if let Some(v) = state.tree.get(village) {
        chain.push(v);
    }
    chain
        .into_iter()
        .map(|r| Crumb {
            href: if r.level == Level::Nation {
                "/".to_string()
            } else {
                format!("/wilayah/{}", r.code)
            },
            name: r.name.clone(),
            level: match (r.level, lang) {
                (Level::Province, Lang::Id) => "Provinsi",
                (Level::Province, Lang::En) => "Province",
                (Level::Regency, _) => "Kab/Kota",
                (Level::District, Lang::Id) => "Kecamatan",
                (Level::District, Lang::En) => "District",
                (Level::Village, Lang::Id) => "Desa/Kelurahan",
                (Level::Village, Lang::En) => "Village",
                (Level::Nation, Lang::Id) => "Nasional",
                (Level::Nation, Lang::En) => "National",
            },
        })
        .collect()
}

/// `GET /pekerja/{nik}`.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(input): Path<String>,
) -> Result<Response, PageError> {
    let lang = caller.lang;
    let today = state.today();
    let check = nik::check(&input, &state.tree, today);
    let Some(n) = check.nik else {
        let mut page = SearchPage::new(&caller);
        page.nik = input.chars().take(40).collect();
        page.nik_errors = nik_problems(&input, &check, lang);
        return Ok(private(StatusCode::BAD_REQUEST, render(&page)?));
    };
    caller
        .require(Action::CheckWorker)
        .map_err(|d| PageError::denied(d, &caller, "/pekerja"))?;
    let store = state.store.clone();
    let viewer = caller.clone();
    let found = tokio::task::spawn_blocking(move || api::look_up(&*store, &viewer, n)).await??;
    let Some((record, full)) = found else {
        let mut page = SearchPage::new(&caller);
        page.nik = n.to_string();
        page.nik_errors = vec![not_registered(n, lang)];
        return Ok(private(StatusCode::NOT_FOUND, render(&page)?));
    };
    let w = api::render(&state, &record, full);
    let path = format!("/pekerja/{n}");
    let page = PageCtx::new(&caller, &path, "Data pekerja", "Worker");
    let sex = match w.sex {
        Some("L") => pick(lang, "Laki-laki", "Male"),
        Some("P") => pick(lang, "Perempuan", "Female"),
        _ => "",
    };
    let page = WorkerPage {
        lang_q: format!("?lang={}", page.lang_code()),
        page,
        full: w.is_full(),
        signed_in: caller.account().is_some(),
        sign_in_href: format!("/masuk?lanjut={}", encode(&path)),
        sex: sex.to_string(),
        birth_date: w.birth_date.map(|d| long_date(d, lang)).unwrap_or_default(),
        village: w.village_label(),
        crumbs: crumbs(&state, record.person.village, lang),
        active: w.active,
        today: long_date(today, lang),
        periods: w
            .periods
            .iter()
            .map(|p| period_row(p, today, lang))
            .collect(),
        timeline: timeline(&w.periods, today, lang),
        nik: w.nik,
        name: w.name,
    };
    Ok(private(StatusCode::OK, render(&page)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use paritrana_core::codes::{Category, Funding, ProgrammeSet, Segment};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn period(start: NaiveDate, end: Option<NaiveDate>) -> PublicPeriod {
        PublicPeriod {
            segment: Segment::Bpu,
            category: Category::PekerjaRentan,
            funding: Funding::ApbdKabkota,
            programmes: ProgrammeSet::parse("JKK,JKM").unwrap(),
            start,
            end,
            sector: None,
            csr_company: None,
            wage: None,
        }
    }

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(long_date(d(1945, 8, 17), Lang::Id), "17 Agustus 1945");
        assert_eq!(long_date(d(2024, 1, 1), Lang::En), "1 January 2024");
    }

    #[test]
    fn the_timeline_spans_whole_years_up_to_today() {
        let today = d(2026, 11, 23);
        let t = timeline(
            &[
                period(d(2024, 1, 1), Some(d(2024, 12, 31))),
                period(d(2026, 1, 1), None),
            ],
            today,
            Lang::Id,
        )
        .unwrap();
        assert_eq!((t.from_year, t.to_year), (2024, 2026));
        // 2024 is 366 of the 1,096 days of 2024–2026.
        assert_eq!(t.bars[0].left, "0.0");
        assert_eq!(t.bars[0].width, "33.4");
        assert!(!t.bars[0].active);
        assert_eq!(t.bars[1].left, "66.7");
        // Open: up to and including today (day 1,057 of 1,096).
        assert_eq!(t.bars[1].width, "29.8");
        assert!(t.bars[1].active && t.bars[1].open);
        assert_eq!(
            t.ticks,
            vec![
                (2024, "0.0".to_string()),
                (2025, "33.4".to_string()),
                (2026, "66.7".to_string())
            ]
        );
        assert_eq!(t.today, "96.4");
    }

    #[test]
    fn no_period_no_timeline() {
        assert!(timeline(&[], d(2026, 11, 23), Lang::Id).is_none());
    }
}
