//! `paritrana award score`: an assessor's score sheet saved from a file, for panels that score
//! offline in Excel. The file has a header row naming the columns `Indikator` (the indicator
//! code), `Nilai` (the value) and optionally `Catatan` (the comment), then one row per
//! indicator of the stage. Every value is checked by the same rules as the web sheet
//! (`score::accept`: assignment, conflicts of interest, frozen framework, scale); any problem
//! refuses the whole sheet, naming the row, the column, the value and the reason, and nothing
//! is saved. Otherwise the sheet is saved in one transaction — all of it or, after a crash,
//! none of it.

use super::award::t;
use super::users::acting;
use crate::Context;
use anyhow::{Result, anyhow, bail};
use paritrana_app::award_cycle::CycleParts;
use paritrana_core::Lang;
use paritrana_core::auth::{Action, authorize};
use paritrana_core::award::conflict::may_score;
use paritrana_core::award::framework::Stage;
use paritrana_core::award::ids::{AssessorId, EntryId};
use paritrana_core::award::points::Points;
use paritrana_core::award::score::Score;
use paritrana_core::import::Cell;
use paritrana_core::lang::Localized;
use std::path::Path;
use std::process::ExitCode;

/// More rows than any stage has indicators: a file past this is not a score sheet.
const MAX_ROWS: usize = 1_000;

/// The columns of a score sheet, found by name in the header row.
struct Columns {
    indicator: usize,
    value: usize,
    comment: Option<usize>,
}

fn columns(header: &[Cell], lang: Lang) -> Result<Columns> {
    let find = |names: &[&str]| {
        header.iter().position(|c| {
            let text = c.display().trim().to_lowercase();
            names.contains(&text.as_str())
        })
    };
    let indicator = find(&["indikator", "kode indikator", "indicator"]);
    let value = find(&["nilai", "skor", "value", "score"]);
    let comment = find(&["catatan", "komentar", "comment", "note"]);
    match (indicator, value) {
        (Some(indicator), Some(value)) => Ok(Columns {
            indicator,
            value,
            comment,
        }),
        _ => bail!(t(
            lang,
            "baris judul harus memuat kolom \"Indikator\" dan \"Nilai\" (dan boleh \"Catatan\")",
            "the header row must name the columns \"Indikator\" and \"Nilai\" (and may name \"Catatan\")",
        )),
    }
}

fn cell(row: &[Cell], i: usize) -> String {
    row.get(i)
        .map(|c| c.display().trim().to_string())
        .unwrap_or_default()
}

pub fn run(
    ctx: &Context,
    year: u16,
    entry: u32,
    stage: &str,
    as_user: &str,
    file: &Path,
) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.store()?;
    let (who, actor) = acting(&*store, Some(as_user), lang)?;
    authorize(&who, Action::ScoreAward).map_err(|_| {
        anyhow!(t(
            lang,
            format!("akun \"{as_user}\" bukan asesor Paritrana Award"),
            format!("account \"{as_user}\" is not a Paritrana Award assessor"),
        ))
    })?;
    let assessor = AssessorId(actor.user_id.expect("an account acts"));
    let entry = EntryId(entry);
    let parts = CycleParts::load(&*store, year)?.ok_or_else(|| {
        anyhow!(t(
            lang,
            format!("belum ada siklus Paritrana Award {year}"),
            format!("no Paritrana Award cycle {year}"),
        ))
    })?;
    let rec = parts.entry(entry).ok_or_else(|| {
        anyhow!(t(
            lang,
            format!("peserta #{} tidak ada pada siklus {year}", entry.0),
            format!("no entry #{} in the {year} cycle", entry.0),
        ))
    })?;
    let panel = parts.scoring_panel(assessor, entry).ok_or_else(|| {
        anyhow!(t(
            lang,
            format!(
                "akun \"{as_user}\" tidak ditugaskan menilai peserta #{}",
                entry.0
            ),
            format!(
                "account \"{as_user}\" is not assigned to score entry #{}",
                entry.0
            ),
        ))
    })?;
    if let Some(member) = panel.member(assessor)
        && let Err(conflict) = may_score(member, &rec.entry)
    {
        bail!(conflict.message(lang));
    }
    let framework = parts.framework_of(&rec.entry).ok_or_else(|| {
        anyhow!(t(
            lang,
            format!(
                "kategori {} belum punya kerangka indikator",
                rec.entry.category
            ),
            format!("category {} has no indicator framework", rec.entry.category),
        ))
    })?;
    let scored = framework.scored_stages();
    let stage = Stage::parse(stage)
        .filter(|s| scored.contains(s))
        .ok_or_else(|| {
            let names: Vec<String> = scored.iter().map(|s| s.code().to_lowercase()).collect();
            anyhow!(t(
                lang,
                format!("--stage {stage}: tahap yang dinilai: {}", names.join(", ")),
                format!(
                    "--stage {stage}: the scored stages are {}",
                    names.join(", ")
                ),
            ))
        })?;

    let mut rows = paritrana_sheets::open(file).map_err(|e| anyhow!(e.message(lang)))?;
    let mut header: Option<Columns> = None;
    let mut sheet: Vec<Score> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut number = 0usize;
    for row in rows.by_ref() {
        number += 1;
        let row = row.map_err(|e| anyhow!(e.message(lang)))?;
        if number > MAX_ROWS {
            bail!(t(
                lang,
                format!("berkas lebih dari {MAX_ROWS} baris: bukan lembar nilai"),
                format!("the file has more than {MAX_ROWS} rows: not a score sheet"),
            ));
        }
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let Some(cols) = &header else {
            header = Some(columns(&row, lang)?);
            continue;
        };
        let code = cell(&row, cols.indicator);
        let raw = cell(&row, cols.value);
        let problem = |field: &str, value: &str, reason: String| {
            t(
                lang,
                format!("baris {number}, kolom {field}, nilai \"{value}\": {reason}"),
                format!("row {number}, column {field}, value \"{value}\": {reason}"),
            )
        };
        let Some((_, indicator)) = framework
            .indicators(stage)
            .find(|(_, i)| i.code.as_str().eq_ignore_ascii_case(&code))
        else {
            errors.push(problem(
                "Indikator",
                &code,
                t(
                    lang,
                    format!("bukan indikator tahap {}", stage.code().to_lowercase()),
                    format!(
                        "not an indicator of the {} stage",
                        stage.code().to_lowercase()
                    ),
                ),
            ));
            continue;
        };
        if sheet.iter().any(|s| s.indicator == indicator.code) {
            errors.push(problem(
                "Indikator",
                &code,
                t(
                    lang,
                    "indikator ini sudah ada di baris sebelumnya",
                    "this indicator is on an earlier row too",
                ),
            ));
            continue;
        }
        if raw.is_empty() {
            // Not scored yet: left as it is.
            continue;
        }
        let value = match Points::parse(&raw) {
            Ok(v) => v,
            Err(e) => {
                errors.push(problem("Nilai", &raw, e.message(lang)));
                continue;
            }
        };
        let score = Score {
            round: panel.round(),
            assessor,
            entry,
            stage,
            indicator: indicator.code.clone(),
            value,
            comment: cols.comment.map(|i| cell(&row, i)).unwrap_or_default(),
        };
        if let Err(e) = score.check(framework) {
            errors.push(problem("Nilai", &raw, e.message(lang)));
            continue;
        }
        sheet.push(score);
    }
    if header.is_none() {
        bail!(t(
            lang,
            "berkas kosong: tidak ada baris judul",
            "the file is empty: no header row",
        ));
    }
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        eprintln!(
            "{}",
            t(
                lang,
                format!("{} masalah; tidak ada nilai yang disimpan.", errors.len()),
                format!("{} problems; no score was saved.", errors.len()),
            )
        );
        return Ok(ExitCode::from(1));
    }
    let changes = store
        .record_award_scores(year, &sheet, &actor)
        .map_err(|e| anyhow!(e.message(lang)))?;
    let changed = changes
        .iter()
        .filter(|c| c.old_value != Some(c.new_value) || c.old_comment.as_ref() != Some(&c.comment))
        .count();
    println!(
        "{}",
        t(
            lang,
            format!(
                "{} nilai peserta #{} tahap {} disimpan ({changed} berubah).",
                sheet.len(),
                entry.0,
                stage.code().to_lowercase()
            ),
            format!(
                "{} scores of entry #{} stage {} saved ({changed} changed).",
                sheet.len(),
                entry.0,
                stage.code().to_lowercase()
            ),
        )
    );
    Ok(ExitCode::SUCCESS)
}
