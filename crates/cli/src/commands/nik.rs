//! `paritrana nik check`.

use crate::output::{self, Format};
use crate::{Context, reference};
use anyhow::Result;
use clap::Subcommand;
use paritrana_core::lang::Localized;
use paritrana_core::nik;
use serde::Serialize;
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

#[derive(Serialize)]
struct Report {
    valid: bool,
    nik: Option<String>,
    reasons: Vec<Reason>,
    warnings: Vec<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sex: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    birth_date: Option<chrono::NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    district: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    regency_name: Option<String>,
}

#[derive(Serialize)]
struct Reason {
    code: String,
    message: String,
}

fn reason<T: Serialize + Localized>(item: &T, lang: paritrana_core::Lang) -> Reason {
    let code = serde_json::to_value(item)
        .ok()
        .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_string))
        .unwrap_or_default();
    Reason {
        code,
        message: item.message(lang),
    }
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let Command::Check { nik: input, format } = cmd;
    let tree = reference::region_tree()?;
    let c = nik::check(&input, &tree, ctx.today);
    let report = Report {
        valid: c.valid,
        nik: c.nik.map(|n| n.to_string()),
        reasons: c.problems.iter().map(|p| reason(p, ctx.lang)).collect(),
        warnings: c.warnings.iter().map(|w| reason(w, ctx.lang)).collect(),
        sex: c.facts.as_ref().map(|f| f.sex.code()),
        birth_date: c.facts.as_ref().map(|f| f.birth_date),
        district: c.facts.as_ref().map(|f| f.district.to_string()),
        regency_name: c
            .nik
            .and_then(|n| tree.get(n.regency()))
            .map(|r| r.name.clone()),
    };
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
