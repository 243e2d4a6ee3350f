//! The public results of the Paritrana Award: `/penghargaan/{year}`, the published rounds only
//! — ranks and final scores per category, per province in the provincial round and national —
//! with the rule that decided each place, and the same table as XLSX and PDF through the
//! report-table writers. No personal data: entries are governments and companies, assessors
//! are never named.

use super::award_admin::{RankingGroup, ranking_groups, tie_break_label};
use super::{PageCtx, PageError, render};
use crate::AppState;
use crate::auth::Caller;
use crate::award_view::{CycleParts, award_error, region_name};
use crate::error::ApiError;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use paritrana_core::Lang;
use paritrana_core::auth::Action;
use paritrana_core::award::panel::Round;
use paritrana_core::award::round::GroupRanking;
use paritrana_sheets::{ReportCell, ReportColumn, ReportTable};
use serde::Serialize;

/// A published round with its rankings.
pub struct Published {
    pub round: Round,
    pub rankings: Vec<GroupRanking>,
    /// National round: the chair's decisions (winners per category).
    pub decisions: Vec<paritrana_core::award::decision::FinalDecision>,
}

/// The cycle and its published rounds (`None` when there is no cycle for the year).
pub fn load(
    store: &dyn paritrana_store::Store,
    year: u16,
) -> Result<Option<(CycleParts, Vec<Published>)>, ApiError> {
    let Some(parts) = CycleParts::load(store, year)? else {
        return Ok(None);
    };
    let mut rounds = Vec::new();
    for round in [Round::Provincial, Round::National] {
        if store.award_round_status(year, round)?.is_published() {
            let export = store.award_round_export(year, round).map_err(award_error)?;
            rounds.push(Published {
                round,
                rankings: export.rankings,
                decisions: if round == Round::National {
                    store.award_decisions(year)?
                } else {
                    Vec::new()
                },
            });
        }
    }
    Ok(Some((parts, rounds)))
}

async fn loaded(state: &AppState, year: u16) -> Result<(CycleParts, Vec<Published>), ApiError> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || load(&*store, year))
        .await??
        .ok_or_else(ApiError::not_found)
}

pub struct RoundView {
    pub code: String,
    pub label: String,
    pub groups: Vec<RankingGroup>,
    /// The national winners: category and "Juara I Name; Juara II Name; …".
    pub winners: Vec<(String, String)>,
}

/// The chair's decisions in words, per category.
pub fn winners_text(
    parts: &CycleParts,
    decisions: &[paritrana_core::award::decision::FinalDecision],
    lang: Lang,
) -> Vec<(String, String)> {
    decisions
        .iter()
        .map(|d| {
            let category = parts
                .cycle
                .cycle
                .category(&d.category)
                .map_or_else(|| d.category.to_string(), |c| c.label.get(lang).to_string());
            let names: Vec<String> = d
                .winners
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let place = paritrana_core::award::certificate::Place::from_rank(i as u32 + 1)
                        .map_or_else(String::new, |p| p.label(lang).to_string());
                    let name = parts
                        .entry(*e)
                        .map_or_else(|| e.to_string(), |r| r.entry.name.clone());
                    format!("{place}: {name}")
                })
                .collect();
            (category, names.join("; "))
        })
        .collect()
}

#[derive(Template)]
#[template(path = "award_hasil.html")]
struct ResultsPage {
    page: PageCtx,
    year: u16,
    rounds: Vec<RoundView>,
    /// The certificates in force: (recipient, achievement, code), linked to their
    /// verification page.
    certificates: Vec<(String, String, String)>,
}

/// `GET /penghargaan`: the newest cycle's results.
pub async fn latest(State(state): State<AppState>) -> Result<Response, PageError> {
    let store = state.store.clone();
    let years = tokio::task::spawn_blocking(move || store.award_years()).await??;
    match years.first() {
        Some(y) => Ok(Redirect::to(&format!("/penghargaan/{y}")).into_response()),
        None => Err(PageError::Api(ApiError::not_found())),
    }
}

/// `GET /penghargaan/{year}`: the published results.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(year): Path<u16>,
) -> Result<Response, PageError> {
    caller
        .require(Action::ViewAggregates)
        .map_err(|d| PageError::denied(d, &caller, "/penghargaan"))?;
    let (parts, published) = loaded(&state, year).await?;
    let lang = caller.lang;
    let store = state.store.clone();
    let certificates = tokio::task::spawn_blocking(move || store.award_certificates(year))
        .await??
        .iter()
        .filter(|c| c.is_valid())
        .map(|c| {
            (
                c.certificate.recipient.clone(),
                c.certificate.achievement(lang),
                c.code().to_string(),
            )
        })
        .collect();
    let path = format!("/penghargaan/{year}");
    render(&ResultsPage {
        page: PageCtx::new(
            &caller,
            &path,
            &format!("Hasil Paritrana Award {year}"),
            &format!("Paritrana Award {year} results"),
        ),
        year,
        rounds: published
            .iter()
            .map(|p| RoundView {
                code: p.round.code().to_lowercase(),
                label: p.round.label(lang).to_string(),
                groups: ranking_groups(&parts, &p.rankings, &state.tree, lang),
                winners: winners_text(&parts, &p.decisions, lang),
            })
            .collect(),
        certificates,
    })
}

/// The published results as a report table.
fn table(
    parts: &CycleParts,
    published: &[Published],
    tree: &paritrana_core::region::RegionTree,
    lang: Lang,
) -> ReportTable {
    let t = |id: &str, en: &str| super::pick(lang, id, en).to_string();
    let year = parts.year();
    let mut rows = Vec::new();
    for p in published {
        for g in &p.rankings {
            let category = parts
                .cycle
                .cycle
                .category(&g.category)
                .map_or_else(|| g.category.to_string(), |c| c.label.get(lang).to_string());
            let province = g
                .province
                .map_or_else(|| t("Nasional", "National"), |r| region_name(tree, r));
            for r in &g.ranked {
                let name = parts
                    .entry(r.standing.entry)
                    .map_or_else(String::new, |e| e.entry.name.clone());
                rows.push(vec![
                    ReportCell::Text(p.round.label(lang).to_string()),
                    ReportCell::Text(category.clone()),
                    ReportCell::Text(province.clone()),
                    ReportCell::Count(u64::from(r.rank)),
                    ReportCell::Text(name),
                    ReportCell::Text(r.standing.final_score.format(lang)),
                    ReportCell::Text(
                        r.separated_by
                            .map_or_else(String::new, |b| tie_break_label(b, lang)),
                    ),
                ]);
            }
        }
    }
    ReportTable {
        title: match lang {
            Lang::Id => format!("Hasil Paritrana Award {year}"),
            Lang::En => format!("Paritrana Award {year} results"),
        },
        subtitle: t(
            "Babak yang sudah diumumkan; peringkat per kategori, per provinsi pada babak provinsi",
            "Published rounds; rankings per category, per province in the provincial round",
        ),
        columns: vec![
            ReportColumn::text(t("Babak", "Round")),
            ReportColumn::text(t("Kategori", "Category")),
            ReportColumn::text(t("Provinsi", "Province")),
            ReportColumn::number(t("Peringkat", "Rank")),
            ReportColumn::text(t("Peserta", "Entry")),
            ReportColumn::number(t("Nilai akhir", "Final score")),
            ReportColumn::text(t("Ditentukan oleh", "Decided by")),
        ],
        rows,
        footnotes: Vec::new(),
        notes: vec![t(
            "Nilai akhir 0–100 dengan tiga desimal; cara hitung dan urutan penentu peringkat: docs/award.md.",
            "Final scores 0–100 with three decimals; the arithmetic and the tie-break chain: docs/award.md.",
        )],
        lang,
    }
}

fn download(bytes: Vec<u8>, media: &str, name: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, media.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /penghargaan/{year}/hasil.xlsx`.
pub async fn xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Path(year): Path<u16>,
) -> Result<Response, PageError> {
    let (parts, published) = loaded(&state, year).await?;
    let bytes = table(&parts, &published, &state.tree, caller.lang)
        .to_xlsx()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("hasil-penghargaan-{year}.xlsx"),
    ))
}

/// `GET /penghargaan/{year}/hasil.pdf`.
pub async fn pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(year): Path<u16>,
) -> Result<Response, PageError> {
    let (parts, published) = loaded(&state, year).await?;
    let bytes = table(&parts, &published, &state.tree, caller.lang)
        .to_pdf()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(download(
        bytes,
        "application/pdf",
        format!("hasil-penghargaan-{year}.pdf"),
    ))
}

#[derive(Serialize)]
pub struct ApiPlace {
    rank: u32,
    entry: u32,
    name: String,
    /// Milli-points.
    final_score: i64,
    separated_by: Option<paritrana_core::award::ranking::TieBreak>,
}

#[derive(Serialize)]
pub struct ApiGroup {
    category: String,
    /// `null` in the national round.
    province: Option<String>,
    ranked: Vec<ApiPlace>,
}

#[derive(Serialize)]
pub struct ApiRound {
    round: Round,
    groups: Vec<ApiGroup>,
}

#[derive(Serialize)]
pub struct ApiResults {
    year: u16,
    rounds: Vec<ApiRound>,
}

/// `GET /api/v1/award/{year}/results`: the published results (empty before publication).
pub async fn api(
    State(state): State<AppState>,
    Path(year): Path<u16>,
) -> Result<axum::Json<ApiResults>, ApiError> {
    let (parts, published) = loaded(&state, year).await?;
    Ok(axum::Json(ApiResults {
        year,
        rounds: published
            .iter()
            .map(|p| ApiRound {
                round: p.round,
                groups: p
                    .rankings
                    .iter()
                    .map(|g| ApiGroup {
                        category: g.category.to_string(),
                        province: g.province.map(|r| r.to_string()),
                        ranked: g
                            .ranked
                            .iter()
                            .map(|r| ApiPlace {
                                rank: r.rank,
                                entry: r.standing.entry.0,
                                name: parts
                                    .entry(r.standing.entry)
                                    .map_or_else(String::new, |e| e.entry.name.clone()),
                                final_score: r.standing.final_score.milli(),
                                separated_by: r.separated_by,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }))
}
