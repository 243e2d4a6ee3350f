//! `paritrana coverage`: UCJ coverage, growth, monthly series and rankings from the command line,
//! with the same parameters and answers as `GET /api/v1/coverage`; printed as a table, CSV or
//! JSON, or exported as XLSX or PDF.

use crate::{Context, output, reference};
use anyhow::{Context as _, Result, anyhow};
use clap::ValueEnum;
use paritrana_app::coverage::{CoverageParams, answer};
use paritrana_app::coverage_table::coverage_table;
use paritrana_core::Lang;
use paritrana_core::lang::Localized;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for the terminal, in the language of --lang.
    Table,
    /// Plain CSV for scripts: English headers, digits without separators.
    Csv,
    /// The answer as the API gives it.
    Json,
    /// A formatted workbook: numbers as numbers, frozen header, notes.
    Xlsx,
    /// An A4 report.
    Pdf,
}

impl Format {
    /// The format a file name asks for (`cakupan.xlsx`).
    fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::from_str(&ext, true).ok()
    }

    /// Formats that are not text and would garble a terminal.
    fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Pdf)
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// Region code (64.01 or 6401) or name ("Kab. Paser"); the nation when absent.
    #[arg(long)]
    region: Option<String>,
    /// Level of the areas listed: provinsi, kabkota, kecamatan, desa (default: the region).
    #[arg(long)]
    level: Option<String>,
    /// Date (YYYY-MM-DD; default today).
    #[arg(long)]
    date: Option<String>,
    /// Breakdown: segment, group, category, sector, funding, programme.
    #[arg(long)]
    by: Option<String>,
    /// Growth from this date (with --to), or the start of --series.
    #[arg(long)]
    from: Option<String>,
    /// Growth to this date (with --from), or the end of --series.
    #[arg(long)]
    to: Option<String>,
    /// A time series: monthly.
    #[arg(long)]
    series: Option<String>,
    /// Rank the areas (default level: the region's children) by coverage %.
    #[arg(long)]
    rank: bool,
    /// Output format [default: table, or the extension of --out].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the output to this file instead of stdout (needed for xlsx and pdf on a terminal).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    let format = args
        .format
        .or_else(|| args.out.as_deref().and_then(Format::of_path))
        .unwrap_or(Format::Table);
    if format.is_binary() && args.out.is_none() && std::io::stdout().is_terminal() {
        let ext = if format == Format::Xlsx {
            "xlsx"
        } else {
            "pdf"
        };
        return Err(anyhow!(match lang {
            Lang::Id => format!(
                "berkas {} tidak ditulis ke terminal: pakai --out FILE.{ext} (atau alihkan: > cakupan.{ext})",
                ext.to_uppercase()
            ),
            Lang::En => format!(
                "not writing {} to a terminal: use --out FILE.{ext} (or redirect: > coverage.{ext})",
                ext.to_uppercase()
            ),
        }));
    }
    let tree = reference::region_tree()?;
    let params = CoverageParams {
        region: args.region,
        level: args.level,
        date: args.date,
        by: args.by,
        from: args.from,
        to: args.to,
        series: args.series,
        rank: args.rank.then(|| "true".to_string()),
    };
    let request = params
        .parse(&tree, ctx.today)
        .map_err(|e| anyhow!(e.message(lang)))?;
    let store = ctx.store()?;
    let targets = ctx.targets(store.as_ref(), &tree)?;
    let out = answer(store.as_ref(), &tree, &targets, &request, lang)?;
    let bytes = match format {
        Format::Json => {
            let mut json = serde_json::to_vec_pretty(&out)?;
            json.push(b'\n');
            json
        }
        // Scripts read CSV: its headers stay English whatever --lang says.
        Format::Csv => coverage_table(&out, Lang::En)
            .to_csv()
            .map_err(|e| anyhow!(e.message(lang)))?,
        Format::Table => output::text_table(&coverage_table(&out, lang)).into_bytes(),
        Format::Xlsx => coverage_table(&out, lang)
            .to_xlsx()
            .map_err(|e| anyhow!(e.message(lang)))?,
        Format::Pdf => coverage_table(&out, lang)
            .to_pdf()
            .map_err(|e| anyhow!(e.message(lang)))?,
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes).with_context(|| path.display().to_string())?;
            let word = match lang {
                Lang::Id => "Ditulis",
                Lang::En => "Written",
            };
            println!("{word}: {}", path.display());
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
