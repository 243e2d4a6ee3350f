//! The assessor's pages of the Paritrana Award: `/penilaian`, their own assignments with the
//! progress of their scoring, and `/penilaian/{year}/{entry}/{stage}`, the scoring sheet of one
//! entry for one stage against the entry's frozen framework.
//!
//! Access: `Action::ViewAwardEntry` (an entry not assigned to the assessor is answered 404) and
//! `Action::ScoreAward`; a conflict of interest (`award::may_score`) refuses the sheet with 403
//! naming the rule. Every changed value goes through `AwardStore::record_award_score`, which
//! checks it again and keeps the history and the audit entry.

use super::{PageCtx, PageError, render};
use crate::AppState;
use crate::auth::Caller;
use crate::award_view::{
    AssignmentRow, CycleParts, StageProgress, assignments_of, award_error, chairs_national_panel,
    region_name, stage_progress,
};
use crate::error::ApiError;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Denied};
use paritrana_core::award::conflict::may_score;
use paritrana_core::award::framework::{Framework, Scale, Stage};
use paritrana_core::award::ids::{AssessorId, EntryId};
use paritrana_core::award::panel::Round;
use paritrana_core::award::points::Points;
use paritrana_core::award::score::{Score, prefill_computed};
use paritrana_core::lang::Localized;
use paritrana_store::award::{EvidenceRecord, ScoreChange};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "award_asesor.html")]
struct ListPage {
    page: PageCtx,
    rows: Vec<AssignmentRow>,
    /// Years whose national panel the assessor chairs: the final decision is theirs.
    chair_years: Vec<u16>,
}

impl ListPage {
    fn stage_href(&self, r: &AssignmentRow, s: &StageProgress) -> String {
        format!(
            "/penilaian/{}/{}/{}",
            r.year,
            r.entry.0,
            stage_slug(s.stage)
        )
    }

    fn stage_label(&self, s: &StageProgress) -> &'static str {
        s.stage.label(self.page.lang)
    }

    fn round_label(&self, r: &AssignmentRow) -> &'static str {
        r.round.label(self.page.lang)
    }

    fn percent(&self, s: &StageProgress) -> String {
        s.percent_text(self.page.lang)
    }
}

/// The path segment of a stage: `dokumen`, `wawancara`.
pub fn stage_slug(stage: Stage) -> String {
    stage.code().to_lowercase()
}

pub(super) fn assessor_of(caller: &Caller, path: &str) -> Result<AssessorId, PageError> {
    caller
        .require(Action::ScoreAward)
        .map_err(|d| PageError::denied(d, caller, path))?;
    caller
        .account()
        .map(|a| AssessorId(a.id))
        .ok_or_else(|| PageError::denied(Denied::SignInRequired, caller, path))
}

/// `GET /penilaian`: the signed-in assessor's assignments.
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Response, PageError> {
    let assessor = assessor_of(&caller, "/penilaian")?;
    let (store, tree, lang) = (state.store.clone(), state.tree.clone(), caller.lang);
    let (rows, chair_years) = tokio::task::spawn_blocking(move || {
        let rows = assignments_of(&*store, &tree, assessor, lang)?;
        let mut chair_years = Vec::new();
        for year in store.award_years()? {
            if chairs_national_panel(&store.award_panels(year)?, assessor) {
                chair_years.push(year);
            }
        }
        Ok::<_, ApiError>((rows, chair_years))
    })
    .await??;
    render(&ListPage {
        page: PageCtx::new(&caller, "/penilaian", "Penilaian", "Assessment"),
        rows,
        chair_years,
    })
}

/// One rubric level as a radio button.
pub struct LevelView {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// One indicator of the sheet.
pub struct IndicatorView {
    pub code: String,
    pub label: String,
    pub weight: u32,
    /// Rubric levels; empty for a range.
    pub levels: Vec<LevelView>,
    pub min: String,
    pub max: String,
    /// The value in the field (saved, prefilled or as typed).
    pub value: String,
    pub comment: String,
    /// For a computed indicator: the figure it was computed from, or why there is none.
    pub source: Option<String>,
    /// Not saved yet: the value shown is the rule's suggestion.
    pub prefilled: bool,
    pub error: Option<String>,
}

pub struct GroupView {
    pub code: String,
    pub label: String,
    pub weight: u32,
    pub indicators: Vec<IndicatorView>,
}

pub struct HistoryRow {
    pub at: String,
    pub indicator: String,
    pub old: String,
    pub new: String,
}

#[derive(Template)]
#[template(path = "award_nilai.html")]
struct SheetPage {
    page: PageCtx,
    action: String,
    year: u16,
    entry: u32,
    name: String,
    category: String,
    province: String,
    round: String,
    stage: String,
    other_stages: Vec<(String, String)>,
    statement: String,
    evidence: Vec<EvidenceRecord>,
    groups: Vec<GroupView>,
    progress: StageProgress,
    percent: String,
    errors: Vec<String>,
    saved: Option<usize>,
    history: Vec<HistoryRow>,
    closed: bool,
}

impl SheetPage {
    fn evidence_href(&self, e: &EvidenceRecord) -> String {
        format!("/penghargaan/bukti/{}/{}/{}", self.year, self.entry, e.id)
    }
}

/// What the sheet is built from, read in one go.
struct Sheet {
    parts: CycleParts,
    entry: EntryId,
    round: Round,
    scores: Vec<Score>,
    figures: Vec<paritrana_core::award::computed::Figure>,
    evidence: Vec<EvidenceRecord>,
    history: Vec<ScoreChange>,
    closed: bool,
}

impl Sheet {
    fn framework(&self) -> &Framework {
        let rec = self.parts.entry(self.entry).expect("checked on load");
        self.parts
            .framework_of(&rec.entry)
            .expect("checked on load")
    }

    fn current(&self, assessor: AssessorId, stage: Stage, code: &str) -> Option<&Score> {
        self.scores.iter().find(|s| {
            s.assessor == assessor
                && s.entry == self.entry
                && s.stage == stage
                && s.round == self.round
                && s.indicator.as_str() == code
        })
    }
}

#[derive(serde::Deserialize, Default)]
pub struct SheetQuery {
    disimpan: Option<usize>,
}

/// Loads the sheet and applies the access rule: 404 for an unknown or unassigned entry, 403
/// for a conflict of interest (with the rule's message).
async fn load(
    state: &AppState,
    caller: &Caller,
    year: u16,
    entry: u32,
    stage: &str,
    path: &str,
) -> Result<(Sheet, Stage, AssessorId), PageError> {
    let hidden = || PageError::denied(Denied::Hidden, caller, path);
    let stage = Stage::parse(stage).ok_or_else(hidden)?;
    let assessor = caller.account().map(|a| AssessorId(a.id));
    let store = state.store.clone();
    let entry = EntryId(entry);
    let parts = tokio::task::spawn_blocking(move || CycleParts::load(&*store, year)).await??;
    let parts = parts.ok_or_else(hidden)?;
    let rec = parts.entry(entry).ok_or_else(hidden)?;
    let assigned = assessor.is_some_and(|a| parts.is_assigned(a, entry));
    caller
        .require(Action::ViewAwardEntry {
            entrant: rec.entry.entrant(),
            assigned,
        })
        .map_err(|d| PageError::denied(d, caller, path))?;
    let assessor = assessor_of(caller, path)?;
    // The administrator may read entries but scores only as a panel member.
    let panel = parts.scoring_panel(assessor, entry).ok_or_else(hidden)?;
    let framework = parts.framework_of(&rec.entry).ok_or_else(hidden)?;
    if !framework.scored_stages().contains(&stage) {
        return Err(hidden());
    }
    if let Some(member) = panel.member(assessor)
        && let Err(conflict) = may_score(member, &rec.entry)
    {
        return Err(PageError::Api(ApiError::Forbidden {
            id: conflict.message(Lang::Id),
            en: conflict.message(Lang::En),
        }));
    }
    let round = panel.round();
    let store = state.store.clone();
    let sheet = tokio::task::spawn_blocking(move || {
        Ok::<_, paritrana_store::StoreError>(Sheet {
            scores: store.award_scores(year, round)?,
            figures: store.award_figures(year)?,
            evidence: store.award_evidence(year, entry)?,
            history: store.award_score_history(year, entry)?,
            closed: store.award_round_status(year, round)?.is_closed(),
            parts,
            entry,
            round,
        })
    })
    .await??;
    Ok((sheet, stage, assessor))
}

fn value_text(p: Points) -> String {
    p.format(Lang::En)
}

/// Builds the groups of the sheet; `typed` holds the fields of a refused form, `errors` its
/// messages per indicator.
fn groups(
    sheet: &Sheet,
    stage: Stage,
    assessor: AssessorId,
    lang: Lang,
    typed: Option<&HashMap<String, String>>,
    errors: &HashMap<String, String>,
) -> Vec<GroupView> {
    let framework = sheet.framework();
    let (prefill, missing) = prefill_computed(
        framework,
        sheet.round,
        stage,
        assessor,
        sheet.entry,
        &sheet.figures,
    );
    framework
        .groups(stage)
        .map(|g| GroupView {
            code: g.code.to_string(),
            label: g.label.get(lang).to_string(),
            weight: g.weight.percent(),
            indicators: g
                .indicators
                .iter()
                .map(|i| {
                    let code = i.code.to_string();
                    let saved = sheet.current(assessor, stage, &code);
                    let suggested = prefill.iter().find(|s| s.indicator == i.code);
                    let (mut value, mut comment, prefilled) = match (saved, suggested) {
                        (Some(s), _) => (value_text(s.value), s.comment.clone(), false),
                        (None, Some(s)) => (value_text(s.value), s.comment.clone(), true),
                        (None, None) => (String::new(), String::new(), false),
                    };
                    if let Some(fields) = typed {
                        value = fields
                            .get(&format!("v_{code}"))
                            .cloned()
                            .unwrap_or_default();
                        comment = fields
                            .get(&format!("c_{code}"))
                            .cloned()
                            .unwrap_or_default();
                    }
                    let source = i.computed.as_ref().map(|c| {
                        match sheet
                            .figures
                            .iter()
                            .find(|f| f.entry == sheet.entry && f.metric == c.metric)
                        {
                            Some(f) => format!("{} — {}", c.metric.label(lang), f.source_note()),
                            None if missing.contains(&i.code) => format!(
                                "{} — {}",
                                c.metric.label(lang),
                                match lang {
                                    Lang::Id => "angka belum tersedia",
                                    Lang::En => "figure not available yet",
                                }
                            ),
                            None => c.metric.label(lang).to_string(),
                        }
                    });
                    let current = Points::parse(&value).ok();
                    let (levels, min, max) = match &i.scale {
                        Scale::Rubric { levels } => (
                            levels
                                .iter()
                                .map(|l| LevelView {
                                    value: value_text(l.score),
                                    label: l.label.get(lang).to_string(),
                                    checked: current == Some(l.score),
                                })
                                .collect(),
                            String::new(),
                            String::new(),
                        ),
                        Scale::Range { min, max } => {
                            (Vec::new(), value_text(*min), value_text(*max))
                        }
                    };
                    IndicatorView {
                        error: errors.get(&code).cloned(),
                        code,
                        label: i.label.get(lang).to_string(),
                        weight: i.weight.percent(),
                        levels,
                        min,
                        max,
                        value,
                        comment,
                        source,
                        prefilled,
                    }
                })
                .collect(),
        })
        .collect()
}

/// What the form shows besides the stored values: a refused form's fields and messages, or the
/// count of values just saved.
#[derive(Default)]
struct Shown<'a> {
    typed: Option<&'a HashMap<String, String>>,
    errors: Vec<(String, String)>,
    saved: Option<usize>,
}

fn sheet_page(
    caller: &Caller,
    sheet: &Sheet,
    stage: Stage,
    assessor: AssessorId,
    shown: Shown<'_>,
    tree: &paritrana_core::region::RegionTree,
) -> Result<Response, PageError> {
    let Shown {
        typed,
        errors,
        saved,
    } = shown;
    let lang = caller.lang;
    let rec = sheet.parts.entry(sheet.entry).expect("checked on load");
    let framework = sheet.framework();
    let year = sheet.parts.year();
    let path = format!("/penilaian/{year}/{}/{}", sheet.entry.0, stage_slug(stage));
    let progress = stage_progress(framework, sheet.round, assessor, sheet.entry, &sheet.scores)
        .into_iter()
        .find(|p| p.stage == stage)
        .expect("a weighted stage");
    let by_code: HashMap<String, String> = errors.iter().cloned().collect();
    let history = sheet
        .history
        .iter()
        .filter(|h| h.assessor == assessor && h.stage == stage && h.round == sheet.round)
        .rev()
        .map(|h| HistoryRow {
            at: super::import::short_time(&h.changed_at),
            indicator: h.indicator.to_string(),
            old: h
                .old_value
                .map_or_else(|| "–".to_string(), |v| v.format(lang)),
            new: h.new_value.format(lang),
        })
        .collect();
    let page = SheetPage {
        page: PageCtx::new(
            caller,
            &path,
            &format!("Penilaian {}", rec.entry.name),
            &format!("Assessment of {}", rec.entry.name),
        ),
        action: path.clone(),
        year,
        entry: sheet.entry.0,
        name: rec.entry.name.clone(),
        category: sheet.parts.category_label(&rec.entry, lang),
        province: region_name(tree, rec.entry.province()),
        round: sheet.round.label(lang).to_string(),
        stage: stage.label(lang).to_string(),
        other_stages: framework
            .scored_stages()
            .into_iter()
            .filter(|s| *s != stage)
            .map(|s| {
                (
                    format!("/penilaian/{year}/{}/{}", sheet.entry.0, stage_slug(s)),
                    s.label(lang).to_string(),
                )
            })
            .collect(),
        statement: rec.statement.clone(),
        evidence: sheet.evidence.clone(),
        groups: groups(sheet, stage, assessor, lang, typed, &by_code),
        percent: progress.percent_text(lang),
        progress,
        errors: errors.into_iter().map(|(_, m)| m).collect(),
        saved,
        history,
        closed: sheet.closed,
    };
    render(&page)
}

/// `GET /penilaian/{year}/{entry}/{stage}`: the scoring sheet.
pub async fn sheet(
    State(state): State<AppState>,
    caller: Caller,
    Path((year, entry, stage)): Path<(u16, u32, String)>,
    Query(q): Query<SheetQuery>,
) -> Result<Response, PageError> {
    let path = format!("/penilaian/{year}/{entry}/{stage}");
    let (sheet, stage, assessor) = load(&state, &caller, year, entry, &stage, &path).await?;
    sheet_page(
        &caller,
        &sheet,
        stage,
        assessor,
        Shown {
            saved: q.disimpan,
            ..Shown::default()
        },
        &state.tree,
    )
}

/// `POST /penilaian/{year}/{entry}/{stage}`: saves the changed values of the sheet. A value
/// that cannot be read or does not fit its indicator refuses the whole form (400, nothing
/// saved) with a message naming the indicator, the value and the reason.
pub async fn save(
    State(state): State<AppState>,
    Path((year, entry, stage)): Path<(u16, u32, String)>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let path = format!("/penilaian/{year}/{entry}/{stage}");
    let (sheet, stage, assessor) = load(&state, &caller, year, entry, &stage, &path).await?;
    let lang = caller.lang;
    let framework = sheet.framework().clone();
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut changed: Vec<Score> = Vec::new();
    for (_, indicator) in framework.indicators(stage) {
        let code = indicator.code.to_string();
        let raw = form.get(&format!("v_{code}"));
        if raw.is_empty() {
            continue;
        }
        let value = match Points::parse(raw) {
            Ok(v) => v,
            Err(e) => {
                let msg = match lang {
                    Lang::Id => format!("indikator {code}: {}", e.message(lang)),
                    Lang::En => format!("indicator {code}: {}", e.message(lang)),
                };
                errors.push((code, msg));
                continue;
            }
        };
        let score = Score {
            round: sheet.round,
            assessor,
            entry: sheet.entry,
            stage,
            indicator: indicator.code.clone(),
            value,
            comment: form.get(&format!("c_{code}")).to_string(),
        };
        if let Err(e) = score.check(&framework) {
            errors.push((code, e.message(lang)));
            continue;
        }
        let same = sheet
            .current(assessor, stage, &code)
            .is_some_and(|s| s.value == score.value && s.comment == score.comment);
        if !same {
            changed.push(score);
        }
    }
    if !errors.is_empty() {
        let shown = Shown {
            typed: Some(&form.fields),
            errors,
            saved: None,
        };
        let mut r = sheet_page(&caller, &sheet, stage, assessor, shown, &state.tree)?;
        *r.status_mut() = StatusCode::BAD_REQUEST;
        return Ok(r);
    }
    let store = state.store.clone();
    let actor = caller.actor();
    let n = changed.len();
    tokio::task::spawn_blocking(move || {
        // The sheet is one unit: every changed value is saved, or none.
        store.record_award_scores(year, &changed, &actor)
    })
    .await?
    .map_err(award_error)?;
    let lang_q = if lang == Lang::En { "&lang=en" } else { "" };
    Ok(Redirect::to(&format!("{path}?disimpan={n}{lang_q}")).into_response())
}
