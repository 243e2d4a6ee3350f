//! `paritrana workers show NIK`: the full record, for operators at the server's console.

use crate::output::{self, Format};
use crate::{Context, reference};
use anyhow::{Result, bail};
use clap::Subcommand;
use paritrana_core::lang::{Lang, Localized};
use paritrana_core::nik;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Command {
    /// Show a worker and every coverage period.
    Show {
        nik: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let Command::Show { nik: input, format } = cmd;
    let tree = reference::region_tree()?;
    let check = nik::check(&input, &tree, ctx.today);
    let Some(n) = check.nik else {
        let reasons: Vec<String> = check.problems.iter().map(|p| p.message(ctx.lang)).collect();
        bail!("{}", reasons.join("; "));
    };
    let store = ctx.store()?;
    let Some(w) = store.worker(n)? else {
        eprintln!(
            "{}",
            match ctx.lang {
                Lang::Id => format!("NIK {} tidak terdaftar", n.masked()),
                Lang::En => format!("NIK {} is not registered", n.masked()),
            }
        );
        return Ok(ExitCode::from(1));
    };
    // A full view of personal data is traced, from the console as from the web.
    let mut entry = paritrana_store::audit::AuditEntry::new("worker.view")
        .object(format!("worker:{}", n.masked()));
    entry.object_key = Some(store.nik_key(n)?);
    entry.region = Some(w.person.village.to_string());
    store.audit(&paritrana_store::Actor::cli(), &entry)?;
    match format {
        Format::Json => output::json(&w)?,
        Format::Table => {
            let village = tree
                .get(w.person.village)
                .map(|r| r.name.as_str())
                .unwrap_or("?");
            println!(
                "{}  {}  ({}, {})",
                w.person.nik,
                w.person.name,
                w.person.sex.code(),
                w.person.birth_date
            );
            println!("  {} {}", w.person.village, village);
            for p in &w.periods {
                let active = if p.covers(ctx.today) { "●" } else { " " };
                println!(
                    "  {active} {} – {}  {} {} {} {}",
                    p.start,
                    p.end.map_or("…".to_string(), |e| e.to_string()),
                    p.segment,
                    p.category,
                    p.funding,
                    p.programmes
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
