//! `paritrana award cycle create|export|verify`: the Paritrana Award from the server's console.
//! Changes are audited as `cli:<os user>` (the console is the national secretariat's). `verify`
//! needs no database: it re-checks an exported round from the file alone.

use crate::Context;
use anyhow::{Context as _, Result, anyhow, bail};
use clap::{Subcommand, ValueEnum};
use paritrana_core::Lang;
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::defaults::{default_cycle, default_framework};
use paritrana_core::award::framework::Framework;
use paritrana_core::award::panel::Round;
use paritrana_core::award::reproduce::RoundExport;
use paritrana_core::lang::Localized;
use paritrana_store::Actor;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Command {
    /// Award cycles.
    #[command(subcommand)]
    Cycle(CycleCommand),
    /// Write the export of a closed round (JSON), for anyone to re-check with `award verify`.
    Export {
        #[arg(long)]
        year: u16,
        /// `provinsi` or `nasional`.
        #[arg(long, value_parser = parse_round)]
        round: Round,
        #[arg(long)]
        out: PathBuf,
    },
    /// Compute the figures of the cycle's government entries from the registry on its cut-off
    /// date (coverage, growth, BPU, funding, programmes, villages, APBD), store them, and print
    /// every stored figure.
    Figures {
        #[arg(long)]
        year: u16,
        /// Print the stored figures without computing them again.
        #[arg(long)]
        show: bool,
        /// `table` or `json`.
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// Recompute the rankings of an exported round from its scores and compare them with the
    /// published ones; exit 1 on any difference.
    Verify { file: PathBuf },
    /// Save an assessor's score sheet from a file (CSV or workbook with the columns Indikator,
    /// Nilai and Catatan): every value is checked and all are saved at once, or none.
    Score {
        #[arg(long)]
        year: u16,
        /// The entry's number.
        #[arg(long)]
        entry: u32,
        /// The stage: `dokumen` or `wawancara`.
        #[arg(long)]
        stage: String,
        /// The assessor account scoring (a member of the entry's panel).
        #[arg(long = "as", value_name = "USER")]
        as_user: String,
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum CycleCommand {
    /// Create the cycle of a year.
    Create {
        #[arg(long)]
        year: u16,
        /// The default categories, calendar and indicator frameworks (docs/award.md), for the
        /// secretariat to adjust before the frameworks are frozen.
        #[arg(long)]
        defaults: bool,
        /// How assessors' scores are combined.
        #[arg(long, value_enum, default_value_t)]
        method: Method,
        /// Trimmed mean: the fewest assessors before the highest and lowest are dropped.
        #[arg(long, default_value_t = 3)]
        min_assessors: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Method {
    #[default]
    Mean,
    Trimmed,
    Zscore,
}

fn parse_round(s: &str) -> Result<Round, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "provinsi" | "provincial" => Ok(Round::Provincial),
        "nasional" | "national" => Ok(Round::National),
        _ => Round::parse(s).ok_or_else(|| format!("`{s}`: use `provinsi` or `nasional`")),
    }
}

/// The text of `lang` out of its Indonesian and English versions.
pub(super) fn t(lang: Lang, id: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Lang::Id => id.into(),
        Lang::En => en.into(),
    }
}

pub fn run(ctx: &Context, command: Command) -> Result<ExitCode> {
    match command {
        Command::Cycle(CycleCommand::Create {
            year,
            defaults,
            method,
            min_assessors,
        }) => create_cycle(ctx, year, defaults, method, min_assessors),
        Command::Export { year, round, out } => export(ctx, year, round, &out),
        Command::Verify { file } => verify(ctx.lang, &file),
        Command::Score {
            year,
            entry,
            stage,
            as_user,
            file,
        } => super::award_score::run(ctx, year, entry, &stage, &as_user, &file),
        Command::Figures { year, show, format } => figures(ctx, year, show, &format),
    }
}

fn figures(ctx: &Context, year: u16, show: bool, format: &str) -> Result<ExitCode> {
    let lang = ctx.lang;
    if !matches!(format, "table" | "json") {
        bail!(t(
            lang,
            format!("--format {format}: gunakan table atau json"),
            format!("--format {format}: use table or json"),
        ));
    }
    let store = ctx.store()?;
    if !show {
        let tree = crate::reference::region_tree()?;
        let done =
            paritrana_app::award_figures::refresh(store.as_ref(), &tree, year, &Actor::cli())
                .map_err(|e| anyhow!(e.message(lang)))?;
        eprintln!(
            "{}",
            t(
                lang,
                format!(
                    "Angka dari registri dihitung untuk {} peserta pemerintah daerah ({} angka); {} peserta badan usaha diisi sekretariat.",
                    done.entries, done.figures, done.businesses
                ),
                format!(
                    "Figures computed from the registry for {} regional-government entries ({} figures); {} business entries are entered by the secretariat.",
                    done.entries, done.figures, done.businesses
                ),
            )
        );
    }
    let stored = store.award_figures(year)?;
    if format == "json" {
        println!("{}", serde_json::to_string_pretty(&stored)?);
        return Ok(ExitCode::SUCCESS);
    }
    for f in &stored {
        println!(
            "{}\t{}\t{}\t{}",
            f.entry,
            f.metric.code(),
            paritrana_app::award_figures::show(f, lang),
            f.as_of
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn create_cycle(
    ctx: &Context,
    year: u16,
    defaults: bool,
    method: Method,
    min_assessors: u32,
) -> Result<ExitCode> {
    let lang = ctx.lang;
    if !defaults {
        bail!(t(
            lang,
            "--defaults wajib: siklus dibuat dari kategori, jadwal dan kerangka bawaan, lalu disesuaikan sekretariat",
            "--defaults is required: a cycle starts from the default categories, calendar and frameworks, which the secretariat then adjusts",
        ));
    }
    if !(2000..=2100).contains(&year) {
        bail!(t(
            lang,
            format!("--year {year}: tahun harus antara 2000 dan 2100"),
            format!("--year {year}: the year must lie between 2000 and 2100"),
        ));
    }
    let method = match method {
        Method::Mean => Aggregation::Mean,
        Method::Trimmed => Aggregation::TrimmedMean {
            min_assessors: min_assessors.max(3),
        },
        Method::Zscore => Aggregation::ZScore,
    };
    let cycle = default_cycle(year);
    let frameworks: Vec<Framework> = cycle
        .categories
        .iter()
        .map(|c| default_framework(year, c))
        .collect();
    let store = ctx.store()?;
    store
        .create_award_cycle(&cycle, method, &frameworks, &Actor::cli())
        .map_err(|e| anyhow!(e.message(lang)))?;
    println!(
        "{}",
        t(
            lang,
            format!(
                "Siklus penghargaan {year} dibuat: {} kategori, {} kerangka indikator (versi 1, belum dikunci), batas data {}.",
                cycle.categories.len(),
                frameworks.len(),
                cycle.cut_off
            ),
            format!(
                "Award cycle {year} created: {} categories, {} indicator frameworks (version 1, not frozen), figures cut off on {}.",
                cycle.categories.len(),
                frameworks.len(),
                cycle.cut_off
            ),
        )
    );
    for m in cycle.timeline() {
        println!("  {:<30} {} – {}", m.phase.label(lang), m.start, m.end);
    }
    Ok(ExitCode::SUCCESS)
}

fn export(ctx: &Context, year: u16, round: Round, out: &Path) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.store()?;
    let export = store
        .award_round_export(year, round)
        .map_err(|e| anyhow!(e.message(lang)))?;
    let json = serde_json::to_vec_pretty(&export)?;
    std::fs::write(out, json).with_context(|| {
        t(
            lang,
            format!("tidak dapat menulis {}", out.display()),
            format!("cannot write {}", out.display()),
        )
    })?;
    println!(
        "{}",
        t(
            lang,
            format!(
                "{} {year} diekspor ke {}: {} peserta, {} nilai, {} peringkat kelompok.",
                round.label(lang),
                out.display(),
                export.entries.len(),
                export.scores.len(),
                export.rankings.len()
            ),
            format!(
                "{} {year} exported to {}: {} entries, {} scores, {} group rankings.",
                round.label(lang),
                out.display(),
                export.entries.len(),
                export.scores.len(),
                export.rankings.len()
            ),
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn verify(lang: Lang, file: &Path) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| {
        t(
            lang,
            format!("tidak dapat membaca {}", file.display()),
            format!("cannot read {}", file.display()),
        )
    })?;
    let export: RoundExport = serde_json::from_slice(&bytes).map_err(|e| {
        anyhow!(t(
            lang,
            format!(
                "{} bukan ekspor babak penghargaan yang sah: {e}",
                file.display()
            ),
            format!("{} is not a valid award round export: {e}", file.display()),
        ))
    })?;
    let what = format!("{} {}", export.round.label(lang), export.year);
    let differences = match export.verify() {
        Ok(d) => d,
        Err(e) => {
            println!(
                "{}",
                t(
                    lang,
                    format!(
                        "GAGAL: peringkat {what} tidak dapat dihitung ulang: {}",
                        e.message(lang)
                    ),
                    format!(
                        "FAILED: the rankings of {what} cannot be recomputed: {}",
                        e.message(lang)
                    ),
                )
            );
            return Ok(ExitCode::from(1));
        }
    };
    if differences.is_empty() {
        let ranked: usize = export.rankings.iter().map(|g| g.ranked.len()).sum();
        println!(
            "{}",
            t(
                lang,
                format!(
                    "COCOK: {what} dihitung ulang dari {} nilai; {} peringkat kelompok dan {ranked} peserta berperingkat sama dengan yang diterbitkan.",
                    export.scores.len(),
                    export.rankings.len()
                ),
                format!(
                    "MATCH: {what} recomputed from {} scores; {} group rankings and {ranked} ranked entries equal the published ones.",
                    export.scores.len(),
                    export.rankings.len()
                ),
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}",
        t(
            lang,
            format!(
                "BERBEDA: {what} dihitung ulang tidak sama dengan yang diterbitkan ({} selisih):",
                differences.len()
            ),
            format!(
                "DIFFERENT: {what} recomputed does not equal the published rankings ({} differences):",
                differences.len()
            ),
        )
    );
    for d in &differences {
        println!("  - {}", d.message(lang));
    }
    Ok(ExitCode::from(1))
}
