//! `paritrana targets list|estimate`: the resolved UCJ targets of a region and its children, and
//! the estimated targets of every kab/kota written as an importable CSV.

use crate::output::{self, Format};
use crate::{Context, reference};
use anyhow::{Context as _, Result, anyhow};
use chrono::Datelike;
use clap::Subcommand;
use paritrana_core::codes::Segment;
use paritrana_core::lang::{Lang, Localized};
use paritrana_core::region::{RegionCode, RegionTree};
use paritrana_core::target::{RegionTarget, TargetBook, TargetColumn, find_target_region};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Command {
    /// Show the target of a region (default: the nation) and of its provinces or kab/kota, with
    /// the target year used, the source and whether it is an estimate.
    List {
        /// Region code (64, 64.01) or name ("Kab. Paser"); default: the nation.
        #[arg(long)]
        region: Option<String>,
        /// The year (default: this year). The latest target year up to it is used.
        #[arg(long)]
        year: Option<i32>,
        /// Only targets of this segment (PU, BPU, JAKON, PMI); default: the total.
        #[arg(long)]
        segment: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Write the estimated target of every kab/kota for a year (Dukcapil population × share aged
    /// 15+ × TPAK × (1 − TPT)) as a CSV that `paritrana import targets` accepts.
    Estimate {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let tree = reference::region_tree()?;
    match cmd {
        Command::List {
            region,
            year,
            segment,
            format,
        } => list(ctx, &tree, region, year, segment, format),
        Command::Estimate { year, out } => estimate(ctx, &tree, year, &out),
    }
}

fn list(
    ctx: &Context,
    tree: &RegionTree,
    region: Option<String>,
    year: Option<i32>,
    segment: Option<String>,
    format: Format,
) -> Result<ExitCode> {
    let region = match region.as_deref() {
        None => RegionCode::NATION,
        Some(text) => find_target_region(text, tree)
            .map_err(|p| anyhow!("--region `{text}`: {}", p.message(ctx.lang)))?,
    };
    let segment = match segment.as_deref() {
        None => None,
        Some(s) => Some(Segment::parse(s).ok_or_else(|| {
            anyhow!("--segment `{s}`: gunakan PU, BPU, JAKON atau PMI / use PU, BPU, JAKON or PMI")
        })?),
    };
    let year = year.unwrap_or_else(|| ctx.today.year());
    let store = ctx.store()?;
    let book = TargetBook::new(store.targets()?, tree);
    let rows = book
        .resolve_with_children(tree, region, year, segment)
        .with_context(|| format!("region {region} is not in the region tree"))?;
    match format {
        Format::Json => output::json(&serde_json::json!({
            "year": year,
            "segment": segment,
            "regions": rows,
        }))?,
        Format::Table => print_table(ctx.lang, year, &rows),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(lang: Lang, year: i32, rows: &[RegionTarget<'_>]) {
    let id = lang == Lang::Id;
    println!(
        "{} {year}",
        if id {
            "Target pekerja yang harus dilindungi (UCJ), tahun"
        } else {
            "Workers to protect (UCJ target), year"
        }
    );
    for row in rows {
        let r = row.region;
        let Some(t) = &row.target else {
            println!(
                "{:<8} {:<36} {}",
                r.code.to_string(),
                r.name,
                if id { "tidak ada target" } else { "no target" }
            );
            continue;
        };
        let mut notes = Vec::new();
        if t.estimate {
            notes.push(if id { "estimasi" } else { "estimate" });
        }
        if t.rolled_up {
            notes.push(if id {
                "jumlah wilayah di bawahnya"
            } else {
                "sum of the regions below"
            });
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("[{}] ", notes.join(", "))
        };
        println!(
            "{:<8} {:<36} {:>12}  {}  {notes}{}",
            r.code.to_string(),
            r.name,
            output::thousands(t.workers),
            t.year,
            t.source
        );
    }
}

fn estimate(ctx: &Context, tree: &RegionTree, year: i32, out: &PathBuf) -> Result<ExitCode> {
    let targets = reference::estimated_targets(tree, year)?;
    let write = || -> Result<()> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
        // A byte-order mark, so that Excel shows "×" and "−" of the source correctly.
        file.write_all("\u{feff}".as_bytes())?;
        let mut csv = csv::Writer::from_writer(file);
        csv.write_record(
            [
                TargetColumn::RegionCode,
                TargetColumn::RegionName,
                TargetColumn::Year,
                TargetColumn::Workers,
                TargetColumn::Source,
                TargetColumn::Estimate,
            ]
            .map(|c| c.label(Lang::Id)),
        )?;
        for t in &targets {
            let name = tree.get(t.region).map_or("", |r| r.name.as_str());
            csv.write_record([
                t.region.to_string().as_str(),
                name,
                t.year.to_string().as_str(),
                t.workers.to_string().as_str(),
                t.source.as_str(),
                if t.estimate { "ya" } else { "tidak" },
            ])?;
        }
        csv.flush()?;
        Ok(())
    };
    write().with_context(|| format!("cannot write {}", out.display()))?;
    let total: u64 = targets.iter().map(|t| t.workers).sum();
    match ctx.lang {
        Lang::Id => println!(
            "{} target estimasi kabupaten/kota tahun {year} ditulis ke {} (jumlah nasional {}). Impor dengan: paritrana import targets {}",
            targets.len(),
            out.display(),
            output::thousands(total),
            out.display()
        ),
        Lang::En => println!(
            "{} estimated kab/kota targets for {year} written to {} (national total {}). Import with: paritrana import targets {}",
            targets.len(),
            out.display(),
            output::thousands(total),
            out.display()
        ),
    }
    Ok(ExitCode::SUCCESS)
}
