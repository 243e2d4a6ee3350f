//! `paritrana regions stats|find|show`.

use crate::output::{self, Format};
use crate::{Context, reference};
use anyhow::{Result, bail};
use clap::Subcommand;
use paritrana_core::region::{Level, RegionCode};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Command {
    /// Count regions per level.
    Stats {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Find regions by name ("Kab. Paser", "kec batu sopang", "Desa Kerang") or code.
    Find {
        text: String,
        /// Only within this region (code).
        #[arg(long)]
        within: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Show a region with its parents and its number of children.
    Show {
        /// Dotted (64.01.01.2001) or undotted (6401012001) code.
        code: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Serialize)]
struct Stats {
    province: usize,
    regency: usize,
    district: usize,
    village: usize,
    total: usize,
}

#[derive(Serialize)]
struct Found<'a> {
    code: String,
    name: &'a str,
    level: Level,
    quality: paritrana_core::region::MatchQuality,
    path: Vec<&'a str>,
}

#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    region: &'a paritrana_core::region::Region,
    parents: Vec<&'a paritrana_core::region::Region>,
    children: usize,
    children_level: Option<Level>,
}

fn parse_code(s: &str) -> Result<RegionCode> {
    RegionCode::parse(s).map_err(|_| {
        anyhow::anyhow!(
            "`{s}` bukan kode wilayah (contoh: 64, 64.01, 64.01.01, 64.01.01.2001) / not a region code"
        )
    })
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let tree = reference::region_tree()?;
    match cmd {
        Command::Stats { format } => {
            let s = Stats {
                province: tree.count(Level::Province),
                regency: tree.count(Level::Regency),
                district: tree.count(Level::District),
                village: tree.count(Level::Village),
                total: tree.iter().count(),
            };
            match format {
                Format::Json => output::json(&s)?,
                Format::Table => {
                    for (level, n) in [
                        (Level::Province, s.province),
                        (Level::Regency, s.regency),
                        (Level::District, s.district),
                        (Level::Village, s.village),
                    ] {
                        println!(
                            "{:<16} {:>8}",
                            level.label_id(),
                            output::thousands(n as u64)
                        );
                    }
                    println!("{:<16} {:>8}", "Total", output::thousands(s.total as u64));
                }
            }
        }
        Command::Find {
            text,
            within,
            limit,
            format,
        } => {
            let within = within.as_deref().map(parse_code).transpose()?;
            let hits = tree.find(&text, within, limit);
            let found: Vec<Found> = hits
                .iter()
                .map(|(r, q)| Found {
                    code: r.code.to_string(),
                    name: &r.name,
                    level: r.level,
                    quality: *q,
                    path: tree
                        .ancestors(r.code)
                        .iter()
                        .skip(1)
                        .map(|a| a.name.as_str())
                        .collect(),
                })
                .collect();
            match format {
                Format::Json => output::json(&found)?,
                Format::Table => {
                    if found.is_empty() {
                        eprintln!(
                            "{}",
                            match ctx.lang {
                                paritrana_core::Lang::Id =>
                                    format!("Tidak ada wilayah yang cocok dengan \"{text}\""),
                                paritrana_core::Lang::En => format!("No region matches \"{text}\""),
                            }
                        );
                        return Ok(ExitCode::from(1));
                    }
                    for f in &found {
                        println!("{:<14} {:<40} {}", f.code, f.name, f.path.join(" › "));
                    }
                }
            }
        }
        Command::Show { code, format } => {
            let code = parse_code(&code)?;
            let Some(region) = tree.get(code) else {
                bail!("kode wilayah {code} tidak ada / region {code} does not exist");
            };
            let shown = Shown {
                region,
                parents: tree.ancestors(code).into_iter().skip(1).collect(),
                children: tree.children(code).count(),
                children_level: region.level.child(),
            };
            match format {
                Format::Json => output::json(&shown)?,
                Format::Table => {
                    println!(
                        "{}  {} ({})",
                        region.code,
                        region.name,
                        region.level.label_id()
                    );
                    for p in &shown.parents {
                        println!("  ⊂ {}  {}", p.code, p.name);
                    }
                    if let Some(l) = shown.children_level {
                        println!(
                            "  {} {}",
                            output::thousands(shown.children as u64),
                            l.label_id()
                        );
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
