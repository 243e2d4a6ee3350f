//! The secretariat's page of the Paritrana Award, `/admin/penghargaan`: creating a cycle with
//! the default calendar and frameworks, freezing frameworks, entries, panels and assignments
//! (conflicts refused naming the rule), scoring progress per panel with the missing scores,
//! rankings of a round as they stand, nominations with overrides, closing and publishing rounds.
//!
//! Access: `Action::ManageAward` (the administrator). Every change goes through the store, which
//! applies the core rule and writes the audit entry.

use super::{PageCtx, PageError, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::award_figures;
use crate::award_view::{CycleParts, award_error, region_name};
use crate::error::ApiError;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::auth::Action;
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::computed::Metric;
use paritrana_core::award::cycle::{Cycle, Phase};
use paritrana_core::award::defaults::{default_cycle, default_framework};
use paritrana_core::award::framework::Framework;
use paritrana_core::award::ids::{AssessorId, CategoryCode, EntryId, PanelId};
use paritrana_core::award::nomination::{Basis, NominationOverride};
use paritrana_core::award::panel::{PanelLevel, Round};
use paritrana_core::award::progress::progress;
use paritrana_core::award::round::GroupRanking;
use paritrana_core::lang::Localized;
use paritrana_core::region::RegionCode;
use paritrana_store::Store;

const PATH: &str = "/admin/penghargaan";
/// Missing scores listed per panel on the page.
const MISSING_SHOWN: usize = 200;

fn require(caller: &Caller) -> Result<(), PageError> {
    caller
        .require(Action::ManageAward)
        .map_err(|d| PageError::denied(d, caller, PATH))
}

pub struct FrameworkRow {
    pub category: String,
    pub label: String,
    pub version: u32,
    pub frozen: bool,
}

pub struct PanelView {
    pub id: u32,
    pub title: String,
    pub members: Vec<(String, String, String)>,
    pub assignments: Vec<(String, String)>,
    pub given: u32,
    pub expected: u32,
    pub percent: String,
    pub per_assessor: Vec<(String, u32, u32)>,
    pub missing: Vec<String>,
    pub more_missing: usize,
}

pub struct RoundView {
    pub code: String,
    pub label: String,
    pub closed: bool,
    pub published: bool,
}

pub struct NominationRow {
    pub category: String,
    pub province: String,
    pub place: u32,
    pub entry: String,
    pub basis: String,
}

#[derive(Template)]
#[template(path = "award_admin.html")]
struct AdminPage {
    page: PageCtx,
    years: Vec<u16>,
    year: Option<u16>,
    default_year: i32,
    default_start: String,
    default_end: String,
    status: String,
    timeline: Vec<(String, String, String)>,
    frameworks: Vec<FrameworkRow>,
    entries: Vec<(u32, String, String, String, String)>,
    panels: Vec<PanelView>,
    member_options: Vec<(String, String)>,
    institutions: Vec<(String, String)>,
    cut_off: String,
    /// Entry, figure label, value, source (registry or entered).
    figures: Vec<(String, String, String, String)>,
    figures_locked: bool,
    metric_options: Vec<(String, String)>,
    rounds: Vec<RoundView>,
    /// The national chair's decisions: category and winners in words.
    decisions: Vec<(String, String)>,
    nominations: Vec<NominationRow>,
    nomination_note: Option<String>,
    piagam: super::award_piagam_admin::PiagamSection,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct AdminQuery {
    tahun: Option<u16>,
    ok: Option<String>,
}

fn name_of(parts: &CycleParts, entry: EntryId) -> String {
    parts.entry(entry).map_or_else(
        || entry.to_string(),
        |e| format!("{} {}", e.entry.id.0, e.entry.name),
    )
}

fn build(
    store: &dyn Store,
    state: &AppState,
    caller: &Caller,
    asked: Option<u16>,
) -> Result<AdminPage, ApiError> {
    let lang = caller.lang;
    let years = store.award_years()?;
    let year = match asked {
        Some(y) if years.contains(&y) => Some(y),
        _ => years.first().copied(),
    };
    let today = state.today();
    let next = chrono::Datelike::year(&today) + i32::from(chrono::Datelike::month(&today) > 3);
    let draft = default_cycle(u16::try_from(next).unwrap_or(2026));
    let reg = draft.milestone(Phase::Registration).copied();
    let mut page = AdminPage {
        page: PageCtx::new(
            caller,
            PATH,
            "Sekretariat Paritrana Award",
            "Paritrana Award secretariat",
        ),
        years: years.clone(),
        year,
        default_year: next,
        default_start: reg.map(|m| m.start.to_string()).unwrap_or_default(),
        default_end: reg.map(|m| m.end.to_string()).unwrap_or_default(),
        status: String::new(),
        timeline: Vec::new(),
        frameworks: Vec::new(),
        entries: Vec::new(),
        panels: Vec::new(),
        member_options: Vec::new(),
        institutions: paritrana_core::award::panel::Institution::ALL
            .iter()
            .map(|i| (i.code().to_string(), i.label(lang).to_string()))
            .collect(),
        cut_off: String::new(),
        figures: Vec::new(),
        figures_locked: false,
        metric_options: Metric::ALL
            .iter()
            .filter(|m| !award_figures::from_registry(**m))
            .chain(
                Metric::ALL
                    .iter()
                    .filter(|m| award_figures::from_registry(**m)),
            )
            .map(|m| {
                (
                    m.code().to_string(),
                    format!("{} ({})", m.label(lang), m.code()),
                )
            })
            .collect(),
        rounds: Vec::new(),
        decisions: Vec::new(),
        nominations: Vec::new(),
        nomination_note: None,
        piagam: Default::default(),
        error: None,
        notice: None,
    };
    let Some(year) = year else {
        return Ok(page);
    };
    let Some(parts) = CycleParts::load(store, year)? else {
        return Ok(page);
    };
    let cycle = &parts.cycle.cycle;
    page.status = {
        use paritrana_core::award::cycle::CycleStatus::*;
        match cycle.status(today) {
            NotOpen => pick(lang, "belum dibuka", "not open yet").to_string(),
            In { phase } => phase.label(lang).to_string(),
            Between { after, next } => format!(
                "{} {} {} {}",
                pick(lang, "antara", "between"),
                after.label(lang),
                pick(lang, "dan", "and"),
                next.label(lang)
            ),
            Finished => pick(lang, "selesai", "finished").to_string(),
        }
    };
    page.timeline = cycle
        .timeline()
        .iter()
        .map(|m| {
            (
                m.phase.label(lang).to_string(),
                m.start.to_string(),
                m.end.to_string(),
            )
        })
        .collect();
    page.frameworks = parts
        .frameworks
        .iter()
        .map(|f| FrameworkRow {
            category: f.category.to_string(),
            label: cycle
                .category(&f.category)
                .map_or_else(String::new, |c| c.label.get(lang).to_string()),
            version: f.version(),
            frozen: f.is_frozen(),
        })
        .collect();
    page.entries = parts
        .entries
        .iter()
        .map(|e| {
            (
                e.entry.id.0,
                e.entry.name.clone(),
                parts.category_label(&e.entry, lang),
                region_name(&state.tree, e.entry.region),
                e.state.label(lang).to_string(),
            )
        })
        .collect();
    page.cut_off = cycle.cut_off.to_string();
    page.figures = store
        .award_figures(year)?
        .iter()
        .map(|f| {
            (
                name_of(&parts, f.entry),
                f.metric.label(lang).to_string(),
                award_figures::show(f, lang),
                if award_figures::from_registry(f.metric) {
                    pick(lang, "registri", "registry")
                } else {
                    pick(lang, "diisi sekretariat", "entered")
                }
                .to_string(),
            )
        })
        .collect();
    let entries: Vec<_> = parts.entries.iter().map(|e| e.entry.clone()).collect();
    let mut scores = store.award_scores(year, Round::Provincial)?;
    scores.extend(store.award_scores(year, Round::National)?);
    for p in &parts.panels {
        let title = match p.level {
            PanelLevel::Provincial(r) => format!(
                "{} {} — {}",
                pick(lang, "Tim penilai provinsi", "Provincial panel"),
                region_name(&state.tree, r),
                p.id
            ),
            PanelLevel::National => {
                format!(
                    "{} — {}",
                    pick(lang, "Tim penilai nasional", "National panel"),
                    p.id
                )
            }
        };
        let member_name = |a: AssessorId| {
            p.member(a)
                .map_or_else(|| a.to_string(), |m| m.name.clone())
        };
        for m in &p.members {
            page.member_options.push((
                format!("{}:{}", p.id.0, m.assessor.0),
                format!("{} — {}", m.name, p.id),
            ));
        }
        let prog = progress(p, &parts.assignments, &entries, &parts.frameworks, &scores);
        let missing: Vec<String> = prog
            .missing
            .iter()
            .map(|m| {
                format!(
                    "{} · {} · {} · {}",
                    member_name(m.assessor),
                    name_of(&parts, m.entry),
                    m.stage.label(lang),
                    m.indicator
                )
            })
            .collect();
        page.panels.push(PanelView {
            id: p.id.0,
            title,
            members: p
                .members
                .iter()
                .map(|m| {
                    (
                        m.name.clone(),
                        m.institution.label(lang).to_string(),
                        if m.chair {
                            pick(lang, "ketua", "chair").to_string()
                        } else {
                            String::new()
                        },
                    )
                })
                .collect(),
            assignments: parts
                .assignments
                .iter()
                .filter(|a| a.panel == p.id)
                .map(|a| (member_name(a.assessor), name_of(&parts, a.entry)))
                .collect(),
            given: prog.total.given,
            expected: prog.total.expected,
            percent: format!("{} %", prog.total.percent().format(lang)),
            per_assessor: prog
                .per_assessor
                .iter()
                .map(|(a, c)| (member_name(*a), c.given, c.expected))
                .collect(),
            more_missing: missing.len().saturating_sub(MISSING_SHOWN),
            missing: missing.into_iter().take(MISSING_SHOWN).collect(),
        });
    }
    for round in [Round::Provincial, Round::National] {
        let s = store.award_round_status(year, round)?;
        page.rounds.push(RoundView {
            code: round.code().to_lowercase(),
            label: round.label(lang).to_string(),
            closed: s.is_closed(),
            published: s.is_published(),
        });
    }
    // The figures lock with the provincial round (the first above).
    page.figures_locked = page.rounds.first().is_some_and(|r| r.closed);
    page.decisions = super::award_public::winners_text(&parts, &store.award_decisions(year)?, lang);
    match store.award_nominations(year) {
        Ok(n) => {
            page.nominations = n
                .iter()
                .map(|n| NominationRow {
                    category: n.category.to_string(),
                    province: region_name(&state.tree, n.province),
                    place: n.place,
                    entry: name_of(&parts, n.entry),
                    basis: match &n.basis {
                        Basis::Ranking => pick(lang, "peringkat", "ranking").to_string(),
                        Basis::Override {
                            replaced, reason, ..
                        } => format!(
                            "{} {}: {reason}",
                            pick(lang, "menggantikan", "replaces"),
                            name_of(&parts, *replaced)
                        ),
                    },
                })
                .collect()
        }
        Err(e) => page.nomination_note = Some(e.message(lang)),
    }
    page.piagam = super::award_piagam_admin::section(store, state, lang, &parts)?;
    Ok(page)
}

async fn admin_page(
    state: &AppState,
    caller: &Caller,
    year: Option<u16>,
    error: Option<String>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    require(caller)?;
    let (store, st, who) = (state.store.clone(), state.clone(), caller.clone());
    let mut page = tokio::task::spawn_blocking(move || build(&*store, &st, &who, year)).await??;
    page.error = error;
    page.notice = notice;
    let mut r = render(&page)?;
    *r.status_mut() = status;
    Ok(r)
}

/// `GET /admin/penghargaan`.
pub async fn page(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AdminQuery>,
) -> Result<Response, PageError> {
    let notice =
        q.ok.map(|_| pick(caller.lang, "Tersimpan.", "Saved.").to_string());
    admin_page(&state, &caller, q.tahun, None, notice, StatusCode::OK).await
}

/// Runs a change and answers: back to the page, or the page with the refusal.
pub(super) async fn change(
    state: &AppState,
    caller: &Caller,
    year: Option<u16>,
    work: impl FnOnce(&dyn Store) -> Result<(), ApiError> + Send + 'static,
) -> Result<Response, PageError> {
    require(caller)?;
    let store = state.store.clone();
    let done = tokio::task::spawn_blocking(move || work(&*store)).await?;
    match done {
        Ok(()) => {
            let mut to = format!("{PATH}?ok=1");
            if let Some(y) = year {
                to.push_str(&format!("&tahun={y}"));
            }
            if caller.lang == Lang::En {
                to.push_str("&lang=en");
            }
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let status = e.status();
            admin_page(state, caller, year, Some(e.text(caller.lang)), None, status).await
        }
    }
}

fn bad(id: String, en: String) -> ApiError {
    ApiError::BadRequest { id, en }
}

/// The assessor account named in field `id`/`en`.
fn assessor_account(
    store: &dyn Store,
    name: &str,
    id: &str,
    en: &str,
) -> Result<paritrana_store::accounts::UserRecord, ApiError> {
    store
        .user_by_name(name)?
        .filter(|u| u.role == paritrana_core::auth::Role::Assessor)
        .ok_or_else(|| {
            bad(
                format!("{id}: \"{name}\" bukan akun asesor"),
                format!("{en}: \"{name}\" is not an assessor account"),
            )
        })
}

/// A region code typed in field `id`/`en`.
fn region_field(v: &str, id: &str, en: &str) -> Result<RegionCode, ApiError> {
    RegionCode::parse(v).map_err(|_| {
        bad(
            format!("{id}: \"{v}\" bukan kode wilayah"),
            format!("{en}: \"{v}\" is not a region code"),
        )
    })
}

/// A panel member's institution by its code.
fn institution_field(v: &str) -> Result<paritrana_core::award::panel::Institution, ApiError> {
    paritrana_core::award::panel::Institution::parse(v).ok_or_else(|| {
        bad(
            format!("Instansi: \"{v}\" tidak dikenal"),
            format!("Institution: \"{v}\" is not known"),
        )
    })
}

/// A registration number typed in field `id`/`en`.
pub(super) fn entry_number(v: &str, id: &str, en: &str) -> Result<EntryId, ApiError> {
    v.trim().parse::<u32>().map(EntryId).map_err(|_| {
        bad(
            format!("{id}: \"{v}\" bukan nomor pendaftaran"),
            format!("{en}: \"{v}\" is not a registration number"),
        )
    })
}

fn date_field(value: &str, id: &str, en: &str) -> Result<NaiveDate, ApiError> {
    value.parse().map_err(|_| {
        bad(
            format!("{id}: \"{value}\" bukan tanggal (TTTT-BB-HH)"),
            format!("{en}: \"{value}\" is not a date (YYYY-MM-DD)"),
        )
    })
}

/// `POST /admin/penghargaan/siklus`: a cycle with the default calendar (registration dates as
/// given), the default categories and their default frameworks (version 1, not frozen).
pub async fn create_cycle(
    State(state): State<AppState>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let year_text = form.get("tahun").to_string();
    let (start, end) = (
        form.get("mulai").to_string(),
        form.get("selesai").to_string(),
    );
    let actor = caller.actor();
    let year: Option<u16> = year_text.parse().ok().filter(|y| (2000..=2100).contains(y));
    change(&state, &caller, year, move |store| {
        let year = year.ok_or_else(|| {
            bad(
                format!("Tahun: \"{year_text}\" bukan tahun 2000–2100"),
                format!("Year: \"{year_text}\" is not a year 2000–2100"),
            )
        })?;
        let draft = default_cycle(year);
        let mut timeline = draft.timeline().to_vec();
        if let Some(reg) = timeline.iter_mut().find(|m| m.phase == Phase::Registration) {
            if !start.is_empty() {
                reg.start = date_field(&start, "Pendaftaran dibuka", "Registration opens")?;
            }
            if !end.is_empty() {
                reg.end = date_field(&end, "Pendaftaran ditutup", "Registration closes")?;
            }
        }
        let cycle = Cycle::new(year, timeline, draft.cut_off, draft.categories.clone())
            .map_err(|e| bad(e.message(Lang::Id), e.message(Lang::En)))?;
        let frameworks: Vec<Framework> = cycle
            .categories
            .iter()
            .map(|c| default_framework(year, c))
            .collect();
        store
            .create_award_cycle(&cycle, Aggregation::Mean, &frameworks, &actor)
            .map_err(award_error)
    })
    .await
}

/// `POST /admin/penghargaan/{year}/angka/registri`: computes the figures of every government
/// entry from the registry on the cut-off date and stores them.
pub async fn refresh_figures(
    State(state): State<AppState>,
    Path(year): Path<u16>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    let tree = state.tree.clone();
    change(&state, &caller, Some(year), move |store| {
        award_figures::refresh(store, &tree, year, &actor)
            .map(|_| ())
            .map_err(ApiError::from)
    })
    .await
}

/// `POST /admin/penghargaan/{year}/angka`: one figure entered by the secretariat (`peserta`,
/// `metrik`, `nilai`), on the cut-off date.
pub async fn enter_figure(
    State(state): State<AppState>,
    Path(year): Path<u16>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    let (entry, metric, value) = (
        form.get("peserta").to_string(),
        form.get("metrik").to_string(),
        form.get("nilai").to_string(),
    );
    change(&state, &caller, Some(year), move |store| {
        let entry = entry_number(&entry, "Peserta", "Entry")?;
        let cycle = store
            .award_cycle(year)?
            .ok_or_else(|| award_error(paritrana_store::AwardError::NoCycle(year)))?;
        let figure = award_figures::parse_entered(entry, &metric, &value, cycle.cycle.cut_off)?;
        store
            .set_award_figures(year, &[figure], &actor)
            .map_err(award_error)
    })
    .await
}

/// `POST /admin/penghargaan/{year}/kerangka/{category}/kunci`: checks and freezes a framework.
pub async fn freeze(
    State(state): State<AppState>,
    Path((year, category)): Path<(u16, String)>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    change(&state, &caller, Some(year), move |store| {
        let code = CategoryCode::parse(&category)
            .map_err(|e| bad(e.message(Lang::Id), e.message(Lang::En)))?;
        store
            .freeze_award_framework(year, &code, &actor)
            .map(|_| ())
            .map_err(award_error)
    })
    .await
}

/// `POST /admin/penghargaan/{year}/penugasan`: assigns an entry to a panel member
/// (`anggota` = `panel:account`, `peserta` = entry number). A conflict is refused naming the
/// rule.
pub async fn assign(
    State(state): State<AppState>,
    Path(year): Path<u16>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    let member = form.get("anggota").to_string();
    let entry = form.get("peserta").to_string();
    change(&state, &caller, Some(year), move |store| {
        let (panel, assessor) = member
            .split_once(':')
            .and_then(|(p, a)| Some((p.parse().ok()?, a.parse().ok()?)))
            .ok_or_else(|| {
                bad(
                    format!("Anggota: \"{member}\" tidak dikenal"),
                    format!("Member: \"{member}\" is not known"),
                )
            })?;
        let entry = entry_number(&entry, "Peserta", "Entry")?;
        store
            .assign_award_entry(year, PanelId(panel), AssessorId(assessor), entry, &actor)
            .map(|_| ())
            .map_err(award_error)
    })
    .await
}

fn round_of(slug: &str) -> Option<Round> {
    Round::parse(slug)
}

/// `POST /admin/penghargaan/{year}/babak/{round}/tutup`: closes a round (its rankings kept).
pub async fn close(
    State(state): State<AppState>,
    Path((year, round)): Path<(u16, String)>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    change(&state, &caller, Some(year), move |store| {
        let round = round_of(&round).ok_or_else(ApiError::not_found)?;
        store
            .close_award_round(year, round, &actor)
            .map(|_| ())
            .map_err(award_error)
    })
    .await
}

/// `POST /admin/penghargaan/{year}/babak/{round}/umumkan`: publishes a closed round.
pub async fn publish(
    State(state): State<AppState>,
    Path((year, round)): Path<(u16, String)>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    change(&state, &caller, Some(year), move |store| {
        let round = round_of(&round).ok_or_else(ApiError::not_found)?;
        store
            .publish_award_round(year, round, &actor)
            .map_err(award_error)
    })
    .await
}

/// `POST /admin/penghargaan/{year}/nominasi`: replaces a provincial nominee by another ranked
/// entry of the same group, with the reason (recorded with who decided).
pub async fn nominate(
    State(state): State<AppState>,
    Path(year): Path<u16>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    let by = AssessorId(caller.account().map_or(0, |a| a.id));
    let f = |k: &str| form.get(k).to_string();
    let (category, province, remove, add, reason) = (
        f("kategori"),
        f("provinsi"),
        f("ganti"),
        f("dengan"),
        f("alasan"),
    );
    change(&state, &caller, Some(year), move |store| {
        let num = entry_number;
        let change = NominationOverride {
            category: CategoryCode::parse(&category)
                .map_err(|e| bad(e.message(Lang::Id), e.message(Lang::En)))?,
            province: RegionCode::parse(&province).map_err(|_| {
                bad(
                    format!("Provinsi: \"{province}\" bukan kode provinsi"),
                    format!("Province: \"{province}\" is not a province code"),
                )
            })?,
            remove: num(&remove, "Diganti", "Replaced")?,
            add: num(&add, "Pengganti", "Replacement")?,
            by,
            reason,
        };
        store
            .add_award_nomination_override(year, &change, &actor)
            .map(|_| ())
            .map_err(award_error)
    })
    .await
}

pub struct RankingGroup {
    pub title: String,
    pub rows: Vec<(u32, String, String, String)>,
    pub unranked: Vec<String>,
}

#[derive(Template)]
#[template(path = "award_peringkat.html")]
struct RankingPage {
    page: PageCtx,
    year: u16,
    round: String,
    groups: Vec<RankingGroup>,
}

/// The groups of a round's rankings for a page.
pub fn ranking_groups(
    parts: &CycleParts,
    rankings: &[GroupRanking],
    tree: &paritrana_core::region::RegionTree,
    lang: Lang,
) -> Vec<RankingGroup> {
    rankings
        .iter()
        .map(|g| {
            let category = parts
                .cycle
                .cycle
                .category(&g.category)
                .map_or_else(|| g.category.to_string(), |c| c.label.get(lang).to_string());
            RankingGroup {
                title: match g.province {
                    Some(p) => format!("{category} — {}", region_name(tree, p)),
                    None => category,
                },
                rows: g
                    .ranked
                    .iter()
                    .map(|r| {
                        (
                            r.rank,
                            parts
                                .entry(r.standing.entry)
                                .map_or_else(String::new, |e| e.entry.name.clone()),
                            r.standing.final_score.format(lang),
                            r.separated_by
                                .map_or_else(String::new, |t| tie_break_label(t, lang)),
                        )
                    })
                    .collect(),
                unranked: g
                    .unranked
                    .iter()
                    .map(|u| {
                        format!(
                            "{} ({} {})",
                            parts
                                .entry(u.entry)
                                .map_or_else(String::new, |e| e.entry.name.clone()),
                            pick(lang, "tanpa nilai", "no score for"),
                            u.stage.label(lang)
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The tie-break step in words.
pub fn tie_break_label(t: paritrana_core::award::ranking::TieBreak, lang: Lang) -> String {
    use paritrana_core::award::ranking::TieBreak::*;
    match t {
        FinalScore => pick(lang, "nilai akhir", "final score"),
        Figure => pick(
            lang,
            "angka penentu (cakupan)",
            "tie-break figure (coverage)",
        ),
        InterviewScore => pick(lang, "nilai wawancara", "interview score"),
        DocumentScore => pick(lang, "nilai dokumen", "document score"),
        ChairOrder => pick(lang, "urutan ketua tim", "panel chair's order"),
        RegistrationNumber => pick(lang, "nomor pendaftaran", "registration number"),
    }
    .to_string()
}

/// `GET /admin/penghargaan/{year}/peringkat/{round}`: the round's rankings computed from the
/// scores as they stand (or as kept when it closed).
pub async fn rankings(
    State(state): State<AppState>,
    caller: Caller,
    Path((year, round)): Path<(u16, String)>,
) -> Result<Response, PageError> {
    require(&caller)?;
    let round = round_of(&round).ok_or_else(|| PageError::Api(ApiError::not_found()))?;
    let store = state.store.clone();
    let (parts, rankings) = tokio::task::spawn_blocking(move || {
        let parts = CycleParts::load(&*store, year)?.ok_or_else(ApiError::not_found)?;
        let rankings = store.award_rankings(year, round).map_err(award_error)?;
        Ok::<_, ApiError>((parts, rankings))
    })
    .await??;
    let lang = caller.lang;
    let path = format!("{PATH}/{year}/peringkat/{}", round.code().to_lowercase());
    render(&RankingPage {
        page: PageCtx::new(&caller, &path, "Peringkat", "Rankings"),
        year,
        round: round.label(lang).to_string(),
        groups: ranking_groups(&parts, &rankings, &state.tree, lang),
    })
}

/// `POST /admin/penghargaan/{year}/tim`: a panel. `tingkat`: a province code, or `nasional`;
/// `instansi`: the members' institution; `anggota`: one assessor account per line, optionally
/// followed by the region they work for (`budi.s 64.01`), which the conflict rule uses; the
/// first line is the chair.
/// `POST /admin/penghargaan/{year}/tim/{panel}/anggota`: adds an assessor account (`akun`,
/// optionally the region they work for in `wilayah`, `instansi`) to a panel, not as chair.
pub async fn add_member(
    State(state): State<AppState>,
    Path((year, panel)): Path<(u16, u32)>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    let (name, region, institution) = (
        form.get("akun").trim().to_string(),
        form.get("wilayah").trim().to_string(),
        form.get("instansi").to_string(),
    );
    change(&state, &caller, Some(year), move |store| {
        let user = assessor_account(store, &name, "Akun", "Account")?;
        let home = (!region.is_empty())
            .then(|| region_field(&region, "Wilayah", "Region"))
            .transpose()?;
        let institution = institution_field(&institution)?;
        store
            .add_award_panel_member(
                year,
                PanelId(panel),
                &paritrana_store::award::NewMember {
                    account_id: user.id,
                    institution,
                    expertise: None,
                    home_region: home,
                    company: None,
                    chair: false,
                },
                &actor,
            )
            .map(|_| ())
            .map_err(award_error)
    })
    .await
}

pub async fn create_panel(
    State(state): State<AppState>,
    Path(year): Path<u16>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let actor = caller.actor();
    let level = form.get("tingkat").to_string();
    let institution = form.get("instansi").to_string();
    let lines = form.get("anggota").to_string();
    change(&state, &caller, Some(year), move |store| {
        let level = if paritrana_core::text::fold(&level) == "nasional" {
            PanelLevel::National
        } else {
            PanelLevel::Provincial(RegionCode::parse(&level).map_err(|_| {
                bad(
                    format!("Tingkat: \"{level}\" bukan kode provinsi atau \"nasional\""),
                    format!("Level: \"{level}\" is not a province code or \"nasional\""),
                )
            })?)
        };
        let institution = institution_field(&institution)?;
        let mut members = Vec::new();
        for (n, line) in lines
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
        {
            let mut parts = line.split_whitespace();
            let name = parts.next().unwrap_or_default();
            let (id, en) = (
                format!("Anggota baris {}", n + 1),
                format!("Member line {}", n + 1),
            );
            let user = assessor_account(store, name, &id, &en)?;
            let home = parts
                .next()
                .map(|r| region_field(r, &id, &en))
                .transpose()?;
            members.push(paritrana_store::award::NewMember {
                account_id: user.id,
                institution,
                expertise: None,
                home_region: home,
                company: None,
                chair: n == 0,
            });
        }
        store
            .create_award_panel(year, level, &members, &actor)
            .map(|_| ())
            .map_err(award_error)
    })
    .await
}
