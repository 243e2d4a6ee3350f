//! `paritrana budget`: the contribution rules in force, what one worker costs, what a plan of
//! cohorts costs (with an XLSX for the APBD proposal), what the enrolled APBD/Dana Desa/CSR
//! workers of a region cost per month, and what closing a coverage gap costs. The arithmetic is
//! `paritrana_core::contribution`'s; this file reads arguments and files and prints.

use crate::output::{self, Format};
use crate::{Context, reference};
use anyhow::{Context as _, Result, anyhow};
use chrono::NaiveDate;
use clap::Subcommand;
use paritrana_core::Lang;
use paritrana_core::codes::{ProgrammeSet, Segment};
use paritrana_core::contribution::{
    Cohort, CohortInput, PlanInput, PlanInputError, RateTable, RiskClass, cost_plan, format_rupiah,
    gap_cost, read_plan_input, read_plan_rows, registry_cost,
};
use paritrana_core::lang::{Localized, format_count};
use paritrana_core::worker::Rupiah;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod render;
use render::{plan_table, print_items, print_package, text_table, worker_table};

#[derive(Subcommand)]
pub enum Command {
    /// The contribution rules in force on a date, with their legal basis.
    Rates {
        /// Date (YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The monthly contribution of one worker.
    Worker {
        /// PU, BPU, JAKON or PMI (or their names).
        #[arg(long)]
        segment: String,
        /// Monthly wage (PU, JAKON) or declared income (BPU), e.g. 1000000 or 1.000.000.
        #[arg(long, alias = "wage")]
        income: Option<String>,
        /// Programmes, e.g. JKK,JKM or JKK,JKM,JHT,JP.
        #[arg(long, default_value = "JKK,JKM")]
        programmes: String,
        /// Workplace risk class 1 (very low) to 5 (very high), for JKK of wage earners.
        #[arg(long)]
        risk_class: Option<String>,
        /// Months of a migrant worker's contract (PMI pays once).
        #[arg(long)]
        months: Option<u32>,
        /// Contract value of a construction project whose wages are not known (JAKON).
        #[arg(long)]
        project_value: Option<String>,
        /// Date (YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// What a plan of cohorts costs (CSV, XLSX or JSON file).
    Plan {
        file: PathBuf,
        /// Date whose rules apply (YYYY-MM-DD; default: the JSON plan's date, else today).
        #[arg(long)]
        date: Option<NaiveDate>,
        /// Write the costed plan as an XLSX workbook or a PDF (by the extension).
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// What the enrolled APBD, Dana Desa and CSR workers of a region cost per month.
    Registry {
        /// Region code (64.01) or name ("Kab. Paser").
        #[arg(long)]
        region: String,
        /// Date (YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// What protecting more workers at the cheapest eligible programmes costs: N workers
    /// (--workers), or the gap of a region to a coverage % of its target (--region, --coverage).
    Gap {
        /// Workers to add.
        #[arg(long, conflicts_with_all = ["region", "coverage"], required_unless_present = "region")]
        workers: Option<u64>,
        /// Region (code or name) whose gap to the target coverage is priced.
        #[arg(long, requires = "coverage")]
        region: Option<String>,
        /// Target coverage in percent of the region's UCJ target (e.g. 95 or 100).
        #[arg(long, requires = "region")]
        coverage: Option<String>,
        #[arg(long, default_value_t = 12)]
        months: u32,
        /// Date (YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let table = RateTable::bundled().map_err(|e| anyhow!(e.message(ctx.lang)))?;
    let lang = ctx.lang;
    match cmd {
        Command::Rates { date, format } => rates(table, date.unwrap_or(ctx.today), format, lang),
        Command::Worker {
            segment,
            income,
            programmes,
            risk_class,
            months,
            project_value,
            date,
            format,
        } => {
            let date = date.unwrap_or(ctx.today);
            let segment =
                Segment::parse(&segment).ok_or_else(|| {
                    anyhow!(match lang {
                        Lang::Id => format!(
                            "segmen `{segment}` tidak dikenal; gunakan PU, BPU, JAKON atau PMI"
                        ),
                        Lang::En =>
                            format!("unknown segment `{segment}`; use PU, BPU, JAKON or PMI"),
                    })
                })?;
            let programmes = ProgrammeSet::parse(&programmes).map_err(|e| {
                anyhow!(match lang {
                    Lang::Id => format!(
                        "program `{}` tidak dikenal; gunakan JKK, JKM, JHT, JP, JKP",
                        e.0
                    ),
                    Lang::En => format!("unknown programme `{}`; use JKK, JKM, JHT, JP, JKP", e.0),
                })
            })?;
            if let Some(value) = project_value {
                let value = amount(&value, lang)?;
                let items = table
                    .construction_project(value, date)
                    .map_err(|e| anyhow!(e.message(lang)))?;
                return print_items(&items, date, format, lang);
            }
            if segment == Segment::Pmi {
                let months = months.unwrap_or(24);
                let parts = table
                    .migrant_package(months, date)
                    .map_err(|e| anyhow!(e.message(lang)))?;
                return print_package(&parts, months, date, format, lang);
            }
            let income = match income {
                Some(t) => amount(&t, lang)?,
                None => Rupiah(0),
            };
            let risk_class = match risk_class {
                None => None,
                Some(t) => Some(RiskClass::parse(&t).ok_or_else(|| {
                    anyhow!(match lang {
                        Lang::Id => "kelas risiko harus 1 (sangat rendah) sampai 5 (sangat tinggi)",
                        Lang::En => "the risk class must be 1 (very low) to 5 (very high)",
                    })
                })?),
            };
            let c = table
                .monthly(segment, income, risk_class, programmes, date)
                .map_err(|e| anyhow!(e.message(lang)))?;
            match format {
                Format::Json => output::json(&c)?,
                Format::Table => print!("{}", worker_table(&c, lang)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Plan {
            file,
            date,
            out,
            format,
        } => plan(table, &file, date, ctx.today, out.as_deref(), format, lang),
        Command::Registry {
            region,
            date,
            format,
        } => {
            let tree = reference::region_tree()?;
            let code = tree
                .resolve(&region)
                .map_err(|e| anyhow!(e.message(lang)))?;
            let date = date.unwrap_or(ctx.today);
            let store = ctx.store()?;
            let groups = store.enrolled_groups(code, date)?;
            let r = registry_cost(table, &groups, date).map_err(|e| anyhow!(e.message(lang)))?;
            match format {
                Format::Json => output::json(&r)?,
                Format::Table => {
                    let name = tree.get(code).map_or(String::new(), |r| r.name.clone());
                    let title = match lang {
                        Lang::Id => format!(
                            "Iuran pekerja terdaftar yang dibiayai APBD, Dana Desa dan CSR — {code} {name}, {date}"
                        ),
                        Lang::En => format!(
                            "Contributions of enrolled workers funded by APBD, Dana Desa and CSR — {code} {name}, {date}"
                        ),
                    };
                    println!("{title}");
                    print!("{}", plan_table(&r.cost, lang, false));
                    for (id, en) in &r.assumptions {
                        println!("* {}", if lang == Lang::Id { id } else { en });
                    }
                    for n in &r.not_costed {
                        let reason = if lang == Lang::Id {
                            &n.reason_id
                        } else {
                            &n.reason_en
                        };
                        println!(
                            "! {} {} {} {}: {reason}",
                            format_count(n.group.workers, lang),
                            n.group.segment,
                            n.group.funding,
                            n.group.programmes
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Gap {
            workers,
            region,
            coverage,
            months,
            date,
            format,
        } => {
            let date = date.unwrap_or(ctx.today);
            let basis = match (workers, region, coverage) {
                (Some(n), _, _) => GapBasis::Given { workers: n },
                (None, Some(r), Some(c)) => region_gap(ctx, &r, &c, date)?,
                _ => anyhow::bail!(
                    "--workers, atau --region dengan --coverage / or --region with --coverage"
                ),
            };
            let workers = basis.workers();
            let g = gap_cost(table, workers, months, date).map_err(|e| anyhow!(e.message(lang)))?;
            match format {
                Format::Json => output::json(&serde_json::json!({ "basis": basis, "cost": g }))?,
                Format::Table => {
                    if let GapBasis::Region {
                        name,
                        protected,
                        target,
                        target_year,
                        coverage_pct,
                        needed,
                        ..
                    } = &basis
                    {
                        println!(
                            "{name}: {} {} {}; target {target_year}: {}; {coverage_pct} % = {} → {}",
                            if lang == Lang::Id {
                                "terlindungi pada"
                            } else {
                                "protected on"
                            },
                            date,
                            format_count(*protected, lang),
                            format_count(*target, lang),
                            format_count(*needed, lang),
                            if lang == Lang::Id {
                                "kekurangan"
                            } else {
                                "gap"
                            },
                        );
                    }
                    let (w, p, m, t) = match lang {
                        Lang::Id => ("pekerja", "per pekerja per bulan", "per bulan", "bulan"),
                        Lang::En => ("workers", "per worker per month", "per month", "months"),
                    };
                    println!(
                        "{} {w} × {} ({}, {p}) = {} {m}; × {months} {t} = {}",
                        format_count(workers, lang),
                        format_rupiah(g.per_worker.total, lang),
                        g.per_worker.programmes,
                        format_rupiah(g.per_month, lang),
                        format_rupiah(g.total, lang)
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Reads an amount typed on the command line ("1000000", "1.000.000", "Rp 1.000.000").
fn amount(text: &str, lang: Lang) -> Result<Rupiah> {
    let cell = paritrana_core::import::Cell::Text(text.to_string());
    match paritrana_core::contribution::plan_file::read_amount(&cell) {
        Ok(Some(r)) if r.0 > 0 => Ok(r),
        _ => Err(anyhow!(match lang {
            Lang::Id =>
                format!("`{text}` bukan jumlah rupiah yang sah (mis. 1000000 atau 1.000.000)"),
            Lang::En =>
                format!("`{text}` is not a valid amount of rupiah (e.g. 1000000 or 1,000,000)"),
        })),
    }
}

#[derive(Serialize)]
struct RuleLine<'a> {
    #[serde(flatten)]
    rule: &'a paritrana_core::contribution::RateRule,
    /// The rate or amount as people read it.
    display: String,
}

fn rates(table: &RateTable, date: NaiveDate, format: Format, lang: Lang) -> Result<ExitCode> {
    let rules = table.rules_on(date).map_err(|e| anyhow!(e.message(lang)))?;
    match format {
        Format::Json => {
            let lines: Vec<RuleLine> = rules
                .iter()
                .map(|r| RuleLine {
                    rule: r,
                    display: r.describe(lang),
                })
                .collect();
            output::json(&serde_json::json!({ "date": date, "rules": lines }))?;
        }
        Format::Table => {
            let header = match lang {
                Lang::Id => [
                    "Segmen",
                    "Program",
                    "Kelas/Pita",
                    "Tarif",
                    "Dasar hukum",
                    "Berlaku",
                ],
                Lang::En => [
                    "Segment",
                    "Programme",
                    "Class/Band",
                    "Rate",
                    "Legal basis",
                    "In force",
                ],
            };
            let rows: Vec<Vec<String>> = rules
                .iter()
                .map(|r| {
                    let detail = match (r.risk_class, r.band_from, r.months) {
                        (Some(c), _, _) => c.number().to_string(),
                        (_, Some(from), _) => format!(
                            "> {}{}",
                            format_count(from.0.unsigned_abs(), lang),
                            r.band_to.map_or(String::new(), |to| format!(
                                " – {}",
                                format_count(to.0.unsigned_abs(), lang)
                            ))
                        ),
                        (_, _, Some(m)) => {
                            format!("{m} {}", if lang == Lang::Id { "bln" } else { "mo" })
                        }
                        _ => String::new(),
                    };
                    vec![
                        r.segment.code().to_string(),
                        r.programmes.to_string(),
                        detail,
                        r.describe(lang),
                        r.legal_basis.clone(),
                        format!(
                            "{} – {}",
                            r.valid_from,
                            r.valid_to.map_or(String::new(), |d| d.to_string())
                        ),
                    ]
                })
                .collect();
            print!("{}", text_table(&header, &rows, &[]));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What `budget plan --format json` prints when the plan is refused.
#[derive(Serialize)]
struct Refused<'a> {
    error: String,
    #[serde(flatten)]
    detail: &'a PlanInputError,
}

fn plan(
    table: &RateTable,
    file: &Path,
    date: Option<NaiveDate>,
    today: NaiveDate,
    out: Option<&Path>,
    format: Format,
    lang: Lang,
) -> Result<ExitCode> {
    let (cohorts, date) = match read_plan_file(table, file, date, today, lang)? {
        Ok(read) => read,
        Err(e) => {
            match format {
                Format::Json => output::json(&Refused {
                    error: e.message(lang),
                    detail: &e,
                })?,
                Format::Table => eprintln!("{}", e.message(lang)),
            }
            return Ok(ExitCode::from(1));
        }
    };
    let cost = cost_plan(table, &cohorts, date).map_err(|errors| {
        let e = &errors[0];
        anyhow!(
            "{} {}: {}",
            cohorts[e.index].label,
            e.index + 1,
            e.error.message(lang)
        )
    })?;
    if let Some(out) = out {
        paritrana_sheets::write_plan(out, &cost, lang).map_err(|e| anyhow!(e.message(lang)))?;
    }
    match format {
        Format::Json => output::json(&cost)?,
        Format::Table => {
            let title = match lang {
                Lang::Id => format!("Rencana anggaran iuran — tarif yang berlaku pada {date}"),
                Lang::En => format!("Contribution budget plan — rates in force on {date}"),
            };
            println!("{title}");
            print!("{}", plan_table(&cost, lang, true));
            if let Some(out) = out {
                let word = if lang == Lang::Id {
                    "Ditulis"
                } else {
                    "Written"
                };
                println!("{word}: {}", out.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a plan file: JSON (a plan as the API takes it) or a sheet (CSV, XLSX…). The outer
/// error is about the file; the inner one about its content.
fn read_plan_file(
    table: &RateTable,
    file: &Path,
    date: Option<NaiveDate>,
    today: NaiveDate,
    lang: Lang,
) -> Result<Result<(Vec<Cohort>, NaiveDate), PlanInputError>> {
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let text = std::fs::read_to_string(file).with_context(|| format!("{}", file.display()))?;
        let input: PlanInput = serde_json::from_str(&text).map_err(|e| {
            anyhow!(match lang {
                Lang::Id => format!("{} bukan rencana JSON yang sah: {e}", file.display()),
                Lang::En => format!("{} is not a valid JSON plan: {e}", file.display()),
            })
        })?;
        let date = match (date, input.date.as_deref()) {
            (Some(d), _) => d,
            (None, Some(t)) => NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").map_err(|_| {
                anyhow!(match lang {
                    Lang::Id => format!("tanggal rencana `{t}` bukan tanggal (TTTT-BB-HH)"),
                    Lang::En => format!("plan date `{t}` is not a date (YYYY-MM-DD)"),
                })
            })?,
            (None, None) => today,
        };
        let cohorts: &[CohortInput] = &input.cohorts;
        return Ok(read_plan_input(cohorts, table, date).map(|c| (c, date)));
    }
    let date = date.unwrap_or(today);
    let reader = paritrana_sheets::open(file).map_err(|e| anyhow!(e.message(lang)))?;
    let mut rows = Vec::new();
    for row in reader {
        rows.push(row.map_err(|e| anyhow!(e.message(lang)))?);
    }
    Ok(read_plan_rows(&rows, table, date).map(|c| (c, date)))
}

/// Where the number of workers to add comes from.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum GapBasis {
    Given {
        workers: u64,
    },
    Region {
        region: String,
        name: String,
        protected: u64,
        target: u64,
        target_year: i32,
        target_estimate: bool,
        coverage_pct: String,
        needed: u64,
        gap: u64,
    },
}

impl GapBasis {
    fn workers(&self) -> u64 {
        match self {
            GapBasis::Given { workers } => *workers,
            GapBasis::Region { gap, .. } => *gap,
        }
    }
}

/// The gap of a region on `date` to `coverage` % of its target for that year.
fn region_gap(ctx: &Context, region: &str, coverage: &str, date: NaiveDate) -> Result<GapBasis> {
    use chrono::Datelike;
    use paritrana_core::coverage::{Dimension, report};
    let tree = reference::region_tree()?;
    let code = tree
        .resolve(region)
        .map_err(|e| anyhow!(e.message(ctx.lang)))?;
    let bp = report::parse_percent(coverage).with_context(|| {
        format!("--coverage `{coverage}`: persen 0–100 / a percentage from 0 to 100")
    })?;
    let store = ctx.store()?;
    let targets = ctx.targets(store.as_ref(), &tree)?;
    let target = targets.resolve(code, date.year(), None).with_context(|| {
        format!(
            "{region}: tidak ada target untuk {} / no target for {}",
            date.year(),
            date.year()
        )
    })?;
    let source = store.coverage_source(code, code.level())?;
    let counts = source.count(
        code,
        code.level(),
        paritrana_core::coverage::day(date),
        Dimension::None,
    );
    let protected = counts.get(&code).map_or(0, |c| c.total);
    let needed = report::workers_needed(target.workers, bp);
    Ok(GapBasis::Region {
        region: code.to_string(),
        name: tree
            .get(code)
            .map_or_else(|| "Indonesia".into(), |r| r.name.clone()),
        protected,
        target: target.workers,
        target_year: target.year,
        target_estimate: target.estimate,
        coverage_pct: format!("{}.{:02}", bp / 100, bp % 100),
        needed,
        gap: report::coverage_gap(protected, target.workers, bp),
    })
}
