//! One module per command group; each parses its arguments, calls the library, prints.

pub mod audit;
pub mod award;
pub mod award_demo;
pub mod award_score;
pub mod backup;
pub mod budget;
pub mod check;
pub mod coverage;
pub mod generate;
pub mod import;
pub mod import_targets;
pub mod nik;
pub mod regions;
pub mod serve;
pub mod targets;
pub mod template;
pub mod tokens;
pub mod transfers;
pub mod users;
pub mod workers;

use crate::Context;
use anyhow::Result;
use std::process::ExitCode;

/// `paritrana init`: creates or migrates the database.
pub fn init(ctx: &Context) -> Result<ExitCode> {
    let store = ctx.store()?;
    println!(
        "{} ({})",
        match ctx.lang {
            paritrana_core::Lang::Id => "Basis data siap",
            paritrana_core::Lang::En => "Database ready",
        },
        store.backend()
    );
    Ok(ExitCode::SUCCESS)
}
