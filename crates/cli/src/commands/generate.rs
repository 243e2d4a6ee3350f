//! `paritrana gen participants`: deterministic synthetic worker lists over the real region tree.

use crate::{Context, reference};
use anyhow::{Context as _, Result};
use clap::Subcommand;
use paritrana_core::generate::{GenOptions, Generator, HEADER, PopulationWeights};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Command {
    /// Write N realistic rows (population-skewed, valid NIKs) as CSV with Indonesian headers.
    Participants {
        #[arg(long)]
        rows: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
        /// Fraction (0–1) of rows with exactly one defect of the kinds real lists have.
        #[arg(long, default_value_t = 0.0)]
        dirty: f64,
    },
}

/// Writes a generated participant CSV; shared with `serve --demo`.
pub fn write_participants(
    ctx: &Context,
    rows: u64,
    seed: u64,
    dirty: f64,
    out: &Path,
) -> Result<u64> {
    if !(0.0..=1.0).contains(&dirty) {
        anyhow::bail!("--dirty harus antara 0 dan 1 / must be between 0 and 1 (bukan/not {dirty})");
    }
    let tree = reference::region_tree()?;
    let weights = PopulationWeights::from_csv(reference::POPULATION_CSV)?;
    let generator = Generator::new(
        &tree,
        &weights,
        GenOptions {
            rows,
            seed,
            dirty,
            today: ctx.today,
        },
    )?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let file =
        std::fs::File::create(out).with_context(|| format!("cannot write {}", out.display()))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, file));
    w.write_record(HEADER)?;
    let mut n = 0;
    for row in generator {
        w.write_record(&row.fields)?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let Command::Participants {
        rows,
        seed,
        out,
        dirty,
    } = cmd;
    let n = write_participants(ctx, rows, seed, dirty, &out)?;
    eprintln!("{n} → {}", out.display());
    Ok(ExitCode::SUCCESS)
}
