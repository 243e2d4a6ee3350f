//! The national chair's decision (penetapan pemenang), `/penilaian/{year}/penetapan`: per
//! category the closed national ranking and a form naming juara I–III. Following the ranking
//! needs no reason; any departure does (`award::decision::decide`, applied again by the store,
//! which keeps the decision and the audit entry with the reason hashed).
//!
//! Access: `Action::ScoreAward` (an assessor) who chairs the national panel; anyone else gets
//! 403. The secretariat sees the decisions on `/admin/penghargaan`.

use super::{PageCtx, PageError, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::award_view::{CycleParts, award_error, chairs_national_panel};
use crate::error::ApiError;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use paritrana_core::Lang;
use paritrana_core::award::certificate::Place;
use paritrana_core::award::decision::FinalDecision;
use paritrana_core::award::ids::{AssessorId, CategoryCode, EntryId};
use paritrana_core::award::panel::Round;
use paritrana_core::lang::Localized;
use paritrana_store::Store;

/// One category of the page.
pub struct CategoryView {
    pub code: String,
    pub label: String,
    /// Rank, entry number, name, final score.
    pub ranked: Vec<(u32, u32, String, String)>,
    /// The decision recorded: place and name, and its reason.
    pub winners: Vec<(u32, String)>,
    pub reason: String,
    /// The entries selected in the form, per place (the decision's, else the ranking's).
    pub chosen: [u32; 3],
}

#[derive(Template)]
#[template(path = "award_penetapan.html")]
struct DecidePage {
    page: PageCtx,
    year: u16,
    /// Why nothing can be decided yet (no national panel, round not closed).
    note: Option<String>,
    categories: Vec<CategoryView>,
    error: Option<String>,
    saved: bool,
}

impl DecidePage {
    fn is_chosen(&self, c: &CategoryView, place: &u32, entry: &u32) -> bool {
        place
            .checked_sub(1)
            .and_then(|i| c.chosen.get(i as usize))
            .is_some_and(|chosen| chosen == entry)
    }

    fn place_label(&self, place: &u32) -> &'static str {
        Place::from_rank(*place).map_or("", |p| p.label(self.page.lang))
    }
}

#[derive(serde::Deserialize, Default)]
pub struct DecideQuery {
    ok: Option<String>,
}

fn path_of(year: u16) -> String {
    format!("/penilaian/{year}/penetapan")
}

/// The caller as the chair of the national panel of `year`, or the refusal.
fn chair_of(store: &dyn Store, caller: &Caller, year: u16) -> Result<AssessorId, PageError> {
    let me = super::award_assess::assessor_of(caller, &path_of(year))?;
    let chairs = chairs_national_panel(&store.award_panels(year).map_err(ApiError::from)?, me);
    if !chairs {
        return Err(PageError::Api(ApiError::Forbidden {
            id: "Penetapan pemenang hanya oleh ketua tim penilai nasional.".into(),
            en: "Only the chair of the national panel decides the winners.".into(),
        }));
    }
    Ok(me)
}

fn build(
    store: &dyn Store,
    year: u16,
    lang: Lang,
) -> Result<(Option<String>, Vec<CategoryView>), ApiError> {
    let Some(parts) = CycleParts::load(store, year)? else {
        return Err(ApiError::not_found());
    };
    if !store.award_round_status(year, Round::National)?.is_closed() {
        return Ok((
            Some(pick(
                lang,
                "Babak nasional belum ditutup: pemenang ditetapkan atas peringkat nasional yang sudah ditutup sekretariat.",
                "The national round is not closed yet: winners are decided on the national ranking once the secretariat has closed it.",
            )
            .to_string()),
            Vec::new(),
        ));
    }
    let rankings = store
        .award_round_export(year, Round::National)
        .map_err(award_error)?
        .rankings;
    let decisions = store.award_decisions(year)?;
    let name = |parts: &CycleParts, e: EntryId| {
        parts
            .entry(e)
            .map_or_else(|| e.to_string(), |r| r.entry.name.clone())
    };
    let categories = rankings
        .iter()
        .filter(|g| g.province.is_none())
        .map(|g| {
            let decision = decisions.iter().find(|d| d.category == g.category);
            let mut chosen = [0u32; 3];
            match decision {
                Some(d) => d
                    .winners
                    .iter()
                    .take(3)
                    .enumerate()
                    .for_each(|(i, e)| chosen[i] = e.0),
                None => g
                    .ranked
                    .iter()
                    .take(3)
                    .enumerate()
                    .for_each(|(i, r)| chosen[i] = r.standing.entry.0),
            }
            CategoryView {
                code: g.category.to_string(),
                label: parts
                    .cycle
                    .cycle
                    .category(&g.category)
                    .map_or_else(|| g.category.to_string(), |c| c.label.get(lang).to_string()),
                ranked: g
                    .ranked
                    .iter()
                    .map(|r| {
                        (
                            r.rank,
                            r.standing.entry.0,
                            name(&parts, r.standing.entry),
                            r.standing.final_score.format(lang),
                        )
                    })
                    .collect(),
                winners: decision.map_or_else(Vec::new, |d| {
                    d.winners
                        .iter()
                        .enumerate()
                        .map(|(i, e)| (i as u32 + 1, name(&parts, *e)))
                        .collect()
                }),
                reason: decision.map_or_else(String::new, |d| d.reason.clone()),
                chosen,
            }
        })
        .collect();
    Ok((None, categories))
}

async fn page_with(
    state: &AppState,
    caller: &Caller,
    year: u16,
    error: Option<String>,
    saved: bool,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (store, lang, who) = (state.store.clone(), caller.lang, caller.clone());
    let built = tokio::task::spawn_blocking(move || {
        chair_of(&*store, &who, year)?;
        build(&*store, year, lang).map_err(PageError::Api)
    })
    .await
    .map_err(ApiError::from)??;
    let (note, categories) = built;
    let path = path_of(year);
    let mut r = render(&DecidePage {
        page: PageCtx::new(
            caller,
            &path,
            &format!("Penetapan pemenang {year}"),
            &format!("Final decision {year}"),
        ),
        year,
        note,
        categories,
        error,
        saved,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

/// `GET /penilaian/{year}/penetapan`.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(year): Path<u16>,
    Query(q): Query<DecideQuery>,
) -> Result<Response, PageError> {
    page_with(&state, &caller, year, None, q.ok.is_some(), StatusCode::OK).await
}

/// `POST /penilaian/{year}/penetapan`: `kategori`, `juara1`–`juara3` (registration numbers;
/// blank places are left out), `alasan`.
pub async fn decide(
    State(state): State<AppState>,
    Path(year): Path<u16>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    let f = |k: &str| form.get(k).trim().to_string();
    let (category, places, reason) = (
        f("kategori"),
        [f("juara1"), f("juara2"), f("juara3")],
        form.get("alasan").to_string(),
    );
    let (store, who) = (state.store.clone(), caller.clone());
    let done = tokio::task::spawn_blocking(move || -> Result<(), PageError> {
        let chair = chair_of(&*store, &who, year)?;
        let category = CategoryCode::parse(&category).map_err(|e| {
            PageError::Api(ApiError::BadRequest {
                id: e.message(Lang::Id),
                en: e.message(Lang::En),
            })
        })?;
        let mut winners = Vec::new();
        for (i, p) in places.iter().enumerate() {
            if p.is_empty() {
                continue;
            }
            let entry = super::award_admin::entry_number(
                p,
                &format!("Juara {}", i + 1),
                &format!("Place {}", i + 1),
            )
            .map_err(PageError::Api)?;
            winners.push(entry);
        }
        store
            .record_award_decision(
                year,
                &FinalDecision {
                    category,
                    chair,
                    winners,
                    reason,
                },
                &actor,
            )
            .map(|_| ())
            .map_err(|e| PageError::Api(award_error(e)))
    })
    .await
    .map_err(ApiError::from)?;
    match done {
        Ok(()) => {
            let mut to = format!("{}?ok=1", path_of(year));
            if caller.lang == Lang::En {
                to.push_str("&lang=en");
            }
            Ok(Redirect::to(&to).into_response())
        }
        Err(PageError::Api(e)) => {
            let status = e.status();
            page_with(
                &state,
                &caller,
                year,
                Some(e.text(caller.lang)),
                false,
                status,
            )
            .await
        }
        Err(other) => Err(other),
    }
}
