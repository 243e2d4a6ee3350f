//! `paritrana nik check`.

use crate::output::{self, Format};
use crate::{Context, reference};
use anyhow::Result;
use clap::Subcommand;
use paritrana_app::nik_report::NikReport;
use paritrana_core::nik;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Command {
    /// Validate a NIK and show what it encodes. Exit code 1 when invalid.
    Check {
        nik: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let Command::Check { nik: input, format } = cmd;
    let tree = reference::region_tree()?;
    let c = nik::check(&input, &tree, ctx.today);
    let report = NikReport::new(&c, &tree, ctx.lang);
    match format {
        Format::Json => output::json(&report)?,
        Format::Table => {
            let id = ctx.lang == paritrana_core::Lang::Id;
            println!(
                "{}",
                if report.valid {
                    if id { "NIK valid" } else { "NIK is valid" }
                } else if id {
                    "NIK tidak valid"
                } else {
                    "NIK is not valid"
                }
            );
            for r in &report.reasons {
                println!("  ✗ {}", r.message);
            }
            for w in &report.warnings {
                println!("  ! {}", w.message);
            }
            if let (Some(sex), Some(born)) = (report.sex, report.birth_date) {
                println!(
                    "  {}: {sex}   {}: {born}",
                    if id { "Jenis kelamin" } else { "Sex" },
                    if id { "Tanggal lahir" } else { "Birth date" }
                );
            }
            if let Some(r) = &report.regency_name {
                println!(
                    "  {}: {r}",
                    if id {
                        "Wilayah pendaftaran"
                    } else {
                        "Registered in"
                    }
                );
            }
        }
    }
    Ok(if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
