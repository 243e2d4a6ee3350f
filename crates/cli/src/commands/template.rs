//! `paritrana template participants FILE.xlsx`.

use crate::Context;
use anyhow::Result;
use clap::Subcommand;
use paritrana_core::lang::Localized;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Command {
    /// Write the participant import template (XLSX, with an instruction sheet in Bahasa Indonesia).
    Participants { file: PathBuf },
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let Command::Participants { file } = cmd;
    paritrana_sheets::write_template(&file).map_err(|e| anyhow::anyhow!(e.message(ctx.lang)))?;
    println!("{}", file.display());
    Ok(ExitCode::SUCCESS)
}
