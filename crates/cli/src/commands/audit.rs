//! `paritrana audit [filters] [--format table|csv|json]` and `paritrana audit verify`: reading
//! the audit trail and checking its hash chain.

use crate::Context;
use anyhow::{Result, anyhow};
use clap::{Subcommand, ValueEnum};
use paritrana_app::audit_view::{AuditFilters, AuditText, to_csv};
use paritrana_core::Lang;
use paritrana_core::lang::Localized;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Who acted (a user name, `cli:root`, `-` for the public).
    #[arg(long)]
    actor: Option<String>,
    /// The action, or a prefix ending in `.` (`user.`, `login.`, `import.`).
    #[arg(long)]
    action: Option<String>,
    /// The object (`user:budi`, `import:12`).
    #[arg(long)]
    object: Option<String>,
    /// Entries about the worker with this NIK.
    #[arg(long)]
    nik: Option<String>,
    /// From this date (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Before this date (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    #[arg(long, default_value_t = 100)]
    limit: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Subcommand)]
pub enum Command {
    /// Recompute the hash chain; exit 1 when an entry was altered.
    Verify,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let store = ctx.store()?;
    let lang = ctx.lang;
    if let Some(Command::Verify) = args.command {
        let v = store.audit_verify()?;
        return Ok(match v.first_broken {
            None => {
                println!(
                    "{}",
                    match lang {
                        Lang::Id =>
                            format!("Jejak audit utuh: {} entri, rantai hash cocok.", v.entries),
                        Lang::En => format!(
                            "Audit trail intact: {} entries, hash chain matches.",
                            v.entries
                        ),
                    }
                );
                ExitCode::SUCCESS
            }
            Some(id) => {
                eprintln!(
                    "{}",
                    match lang {
                        Lang::Id => format!(
                            "Jejak audit RUSAK: entri #{id} tidak sesuai rantai hash (diubah di luar Paritrana)."
                        ),
                        Lang::En => format!(
                            "Audit trail BROKEN: entry #{id} does not follow the hash chain (altered outside Paritrana)."
                        ),
                    }
                );
                ExitCode::from(1)
            }
        });
    }
    let filters = AuditFilters {
        actor: args.actor.unwrap_or_default(),
        action: args.action.unwrap_or_default(),
        object: args.object.unwrap_or_default(),
        nik: args.nik.unwrap_or_default(),
        since: args.since.unwrap_or_default(),
        until: args.until.unwrap_or_default(),
        sebelum: None,
        limit: Some(args.limit),
    };
    let query = filters
        .query(&*store, args.limit)
        .map_err(|e| anyhow!(e.message(lang)))?;
    let entries = store.audit_search(&query)?;
    match args.format {
        Format::Json => crate::output::json(&entries)?,
        Format::Csv => std::io::stdout().write_all(&to_csv(&entries)?)?,
        Format::Table => {
            for e in &entries {
                println!(
                    "#{:<6} {} {:<16} {:<22} {:<28} {} {}",
                    e.id,
                    e.at,
                    e.actor,
                    e.action,
                    e.object.as_deref().unwrap_or(""),
                    e.after_text(),
                    e.detail_text()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
