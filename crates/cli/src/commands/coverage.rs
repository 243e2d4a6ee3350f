//! `paritrana coverage`: UCJ coverage, growth, monthly series and rankings from the command line,
//! with the same parameters and answers as `GET /api/v1/coverage`.

use crate::{Context, reference};
use anyhow::Result;
use clap::ValueEnum;
use paritrana_core::Lang;
use paritrana_core::coverage::report::{Change, CoverageRow, Part, SeriesPoint, format_percent};
use paritrana_core::lang::{Localized, format_count};
use paritrana_core::target::ResolvedTarget;
use paritrana_web::coverage::{CoverageAnswer, CoverageParams, answer};
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
    /// Region code (64.01 or 6401) or name ("Kab. Paser"); the nation when absent.
    #[arg(long)]
    region: Option<String>,
    /// Level of the areas listed: provinsi, kabkota, kecamatan, desa (default: the region).
    #[arg(long)]
    level: Option<String>,
    /// Date (YYYY-MM-DD; default today).
    #[arg(long)]
    date: Option<String>,
    /// Breakdown: segment, group, category, sector, funding, programme.
    #[arg(long)]
    by: Option<String>,
    /// Growth from this date (with --to), or the start of --series.
    #[arg(long)]
    from: Option<String>,
    /// Growth to this date (with --from), or the end of --series.
    #[arg(long)]
    to: Option<String>,
    /// A time series: monthly.
    #[arg(long)]
    series: Option<String>,
    /// Rank the areas (default level: the region's children) by coverage %.
    #[arg(long)]
    rank: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let tree = reference::region_tree()?;
    let params = CoverageParams {
        region: args.region,
        level: args.level,
        date: args.date,
        by: args.by,
        from: args.from,
        to: args.to,
        series: args.series,
        rank: args.rank.then(|| "true".to_string()),
    };
    let request = params
        .parse(&tree, ctx.today)
        .map_err(|e| anyhow::anyhow!(e.message(ctx.lang)))?;
    let store = ctx.store()?;
    let targets = ctx.targets(store.as_ref(), &tree)?;
    let out = answer(store.as_ref(), &tree, &targets, &request, ctx.lang)?;
    match args.format {
        Format::Json => crate::output::json(&out)?,
        Format::Csv => print!("{}", to_csv(&out)?),
        Format::Table => print!("{}", to_table(&out, ctx.lang)),
    }
    Ok(ExitCode::SUCCESS)
}

/// Column headers and cells of an answer; numbers as plain digits, percentages with a dot.
fn grid(out: &CoverageAnswer, lang: Lang, human: bool) -> (Vec<String>, Vec<Vec<String>>) {
    let id = lang == Lang::Id;
    let n = |v: u64| {
        if human {
            format_count(v, lang)
        } else {
            v.to_string()
        }
    };
    let pct = |bp: Option<f64>, signed: bool| match bp {
        Some(p) if human => format_percent((p * 100.0).round() as i64, lang, signed),
        Some(p) => format!("{p:.2}"),
        None if human => (if id { "tidak ada target" } else { "no target" }).to_string(),
        None => String::new(),
    };
    let target = |t: &Option<ResolvedTarget>| match t {
        Some(t) if human && t.estimate => format!("{}*", n(t.workers)),
        Some(t) => n(t.workers),
        None if human => "-".into(),
        None => String::new(),
    };
    let h = |a: &str, b: &str| (if id { a } else { b }).to_string();
    let part_headers =
        |parts: &[Part]| parts.iter().map(|p| p.code.to_string()).collect::<Vec<_>>();
    match out {
        CoverageAnswer::Coverage { rows, .. } => {
            let mut headers = vec![
                h("Kode", "Code"),
                h("Wilayah", "Region"),
                h("Terlindungi", "Protected"),
                h("Target", "Target"),
                h("Cakupan", "Coverage"),
            ];
            headers.extend(
                rows.first()
                    .map(|r| part_headers(&r.breakdown))
                    .unwrap_or_default(),
            );
            let cells = rows
                .iter()
                .map(|r| coverage_cells(r, &n, &pct, &target))
                .collect();
            (headers, cells)
        }
        CoverageAnswer::Ranking {
            ranked,
            without_target,
            ..
        } => {
            let mut headers = vec![
                h("Peringkat", "Rank"),
                h("Kode", "Code"),
                h("Wilayah", "Region"),
                h("Terlindungi", "Protected"),
                h("Target", "Target"),
                h("Cakupan", "Coverage"),
            ];
            headers.extend(
                ranked
                    .first()
                    .map(|r| part_headers(&r.row.breakdown))
                    .unwrap_or_default(),
            );
            let mut cells: Vec<Vec<String>> = ranked
                .iter()
                .map(|r| {
                    let mut c = vec![r.rank.to_string()];
                    c.extend(coverage_cells(&r.row, &n, &pct, &target));
                    c
                })
                .collect();
            cells.extend(without_target.iter().map(|r| {
                let mut c = vec!["-".to_string()];
                c.extend(coverage_cells(r, &n, &pct, &target));
                c
            }));
            (headers, cells)
        }
        CoverageAnswer::Growth { rows, .. } => {
            let headers = vec![
                h("Kode", "Code"),
                h("Wilayah", "Region"),
                h("Rincian", "Breakdown"),
                h("Awal", "From"),
                h("Akhir", "To"),
                h("Perubahan", "Change"),
                h("Pertumbuhan", "Growth"),
            ];
            let change = |c: &Change| {
                vec![
                    n(c.from),
                    n(c.to),
                    if human {
                        format!(
                            "{}{}",
                            if c.change > 0 { "+" } else { "" },
                            fmt_signed(c.change, lang)
                        )
                    } else {
                        c.change.to_string()
                    },
                    match c.change_pct {
                        Some(_) => pct(c.change_pct, true),
                        None => "-".into(),
                    },
                ]
            };
            let mut cells = Vec::new();
            for r in rows {
                let mut c = vec![r.region.to_string(), r.name.clone(), h("Jumlah", "Total")];
                c.extend(change(&r.total));
                cells.push(c);
                for p in &r.breakdown {
                    let mut c = vec![String::new(), String::new(), p.label.to_string()];
                    c.extend(change(&p.change));
                    cells.push(c);
                }
            }
            (headers, cells)
        }
        CoverageAnswer::Series { points, .. } => {
            let mut headers = vec![
                h("Tanggal", "Date"),
                h("Terlindungi", "Protected"),
                h("Target", "Target"),
                h("Cakupan", "Coverage"),
            ];
            headers.extend(
                points
                    .first()
                    .map(|p| part_headers(&p.breakdown))
                    .unwrap_or_default(),
            );
            let cells = points
                .iter()
                .map(|p| series_cells(p, &n, &pct, &target))
                .collect();
            (headers, cells)
        }
    }
}

fn fmt_signed(v: i64, lang: Lang) -> String {
    let s = format_count(v.unsigned_abs(), lang);
    if v < 0 { format!("-{s}") } else { s }
}

fn coverage_cells(
    r: &CoverageRow,
    n: &dyn Fn(u64) -> String,
    pct: &dyn Fn(Option<f64>, bool) -> String,
    target: &dyn Fn(&Option<ResolvedTarget>) -> String,
) -> Vec<String> {
    let mut c = vec![
        r.region.to_string(),
        r.name.clone(),
        n(r.protected),
        target(&r.target),
        pct(r.coverage_pct, false),
    ];
    c.extend(r.breakdown.iter().map(|p| n(p.protected)));
    c
}

fn series_cells(
    p: &SeriesPoint,
    n: &dyn Fn(u64) -> String,
    pct: &dyn Fn(Option<f64>, bool) -> String,
    target: &dyn Fn(&Option<ResolvedTarget>) -> String,
) -> Vec<String> {
    let mut c = vec![
        p.date.to_string(),
        n(p.protected),
        target(&p.target),
        pct(p.coverage_pct, false),
    ];
    c.extend(p.breakdown.iter().map(|b| n(b.protected)));
    c
}

fn to_csv(out: &CoverageAnswer) -> Result<String> {
    let (headers, rows) = grid(out, Lang::En, false);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers)?;
    for r in rows {
        w.write_record(&r)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn to_table(out: &CoverageAnswer, lang: Lang) -> String {
    let id = lang == Lang::Id;
    let pick = |a: &'static str, b: &'static str| if id { a } else { b };
    let (what, region, when) = match out {
        CoverageAnswer::Coverage { region, date, .. } => (
            pick("Cakupan UCJ", "UCJ coverage"),
            region,
            date.to_string(),
        ),
        CoverageAnswer::Ranking { region, date, .. } => (
            pick("Peringkat cakupan UCJ", "UCJ coverage ranking"),
            region,
            date.to_string(),
        ),
        CoverageAnswer::Growth {
            region, from, to, ..
        } => (
            pick(
                "Pertumbuhan pekerja terlindungi",
                "Growth of protected workers",
            ),
            region,
            format!("{from} → {to}"),
        ),
        CoverageAnswer::Series {
            region, from, to, ..
        } => (
            pick("Deret bulanan", "Monthly series"),
            region,
            format!("{from} → {to}"),
        ),
    };
    let title = format!("{what} — {}, {when}", region.name);
    let (headers, rows) = grid(out, lang, true);
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .chain([headers[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let numeric = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '+' || c == '-')
            && !s.contains(' ')
            || s.ends_with(" %")
            || s.ends_with('*')
    };
    let line = |cells: &[String]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(c.chars().count());
            if i > 0 {
                l.push_str("  ");
            }
            if numeric(c) && i > 0 {
                l.push_str(&" ".repeat(pad));
                l.push_str(c);
            } else {
                l.push_str(c);
                l.push_str(&" ".repeat(pad));
            }
        }
        l.trim_end().to_string() + "\n"
    };
    let mut s = format!("{title}\n");
    s.push_str(&line(&headers));
    for r in &rows {
        s.push_str(&line(r));
    }
    let estimated = match out {
        CoverageAnswer::Coverage { rows, .. } => rows.iter().any(|r| est(&r.target)),
        CoverageAnswer::Ranking { ranked, .. } => ranked.iter().any(|r| est(&r.row.target)),
        _ => false,
    };
    if estimated {
        s.push_str(if id {
            "* target perkiraan (estimasi), bukan angka resmi BPS\n"
        } else {
            "* estimated target, not an official BPS figure\n"
        });
    }
    s
}

fn est(t: &Option<ResolvedTarget>) -> bool {
    t.as_ref().is_some_and(|t| t.estimate)
}
