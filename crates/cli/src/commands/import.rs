//! `paritrana import participants FILE` and `paritrana import targets FILE` (in
//! [`super::import_targets`]).

use crate::output::{self, Format};
use crate::{Context, reference};
use anyhow::{Context as _, Result};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use paritrana_core::lang::{Lang, Localized};
use paritrana_core::region::{Level, MatchQuality, RegionCode, RegionTree};
use paritrana_import::{Options, Phase, Problems, Severity};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Command {
    /// Import a list of workers (CSV, XLSX, XLS or ODS). Valid rows are stored and bad rows
    /// reported; with --strict any bad row rejects the whole file. Either way the import is one
    /// transaction: an interruption leaves the database as it was.
    Participants {
        file: PathBuf,
        /// Write every rejected row (row, column, value, reason) to this .csv or .xlsx file
        /// (the first million problems; all are counted).
        #[arg(long)]
        report: Option<PathBuf>,
        /// Reject the whole file if any row is bad.
        #[arg(long)]
        strict: bool,
        /// Validate and report without storing anything.
        #[arg(long)]
        dry_run: bool,
        /// The kab/kota the list belongs to (code), to resolve village names.
        #[arg(long)]
        kabkota: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import UCJ targets — workers each region must protect per year (CSV, XLSX, XLS or ODS).
    /// Valid rows are stored and bad rows reported; with --strict any bad row rejects the file.
    Targets(super::import_targets::Args),
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let (file, report, strict, dry_run, kabkota, format) = match cmd {
        Command::Participants {
            file,
            report,
            strict,
            dry_run,
            kabkota,
            format,
        } => (file, report, strict, dry_run, kabkota, format),
        Command::Targets(args) => return super::import_targets::run(ctx, args),
    };
    let tree = reference::region_tree()?;
    let regency = match kabkota.as_deref() {
        None => None,
        Some(s) => Some(resolve_regency(&tree, s)?),
    };
    let store = ctx.store()?;
    // Uploads a crashed server left in the data folder, past their lifetime (a running
    // server's are younger and stay).
    paritrana_app::imports::ImportFlow::in_dir(&ctx.data_dir.join("impor"))
        .previews
        .sweep(paritrana_app::imports::unix_now());
    let opts = Options {
        strict,
        dry_run,
        regency,
        today: ctx.today,
        actor: paritrana_store::Actor::cli(),
        scope: paritrana_core::auth::Scope::National,
        spill_dir: Some(ctx.data_dir.clone()),
    };
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {pos} baris ({per_sec}) {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let progress = |phase: Phase, n: u64| {
        bar.set_message(match phase {
            Phase::Validating => "memeriksa",
            Phase::Storing => "menyimpan",
        });
        bar.set_position(n);
    };
    let result =
        paritrana_import::import_participants(store.as_ref(), &tree, &file, &opts, &progress);
    bar.finish_and_clear();
    let (summary, mut problems) = result.map_err(|e| anyhow::anyhow!(e.message(ctx.lang)))?;

    if let Some(path) = &report {
        write_report(ctx.lang, path, &mut problems)?;
    }
    match format {
        Format::Json => output::json(&serde_json::json!({
            "read": summary.read,
            "imported": summary.imported,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "rejected": summary.rejected,
            "warnings": summary.warnings,
            "committed": summary.committed,
            "import_id": summary.import_id,
            "header_row": summary.header_row,
            "ignored_columns": summary.ignored_columns,
            "file_sha256": summary.file_sha256,
            "stopped_early": summary.stopped_early,
            "stop_reason": summary.stop_reason(ctx.lang),
            "issues": issues_json(ctx.lang, &first_issues(&mut problems)?),
            "issues_total": problems.total(),
            "issue_counts": problems.counts().by_reason,
            "report": report.as_ref().map(|p| p.display().to_string()),
        }))?,
        Format::Table => {
            print_summary(
                ctx.lang,
                &summary,
                &mut problems,
                report.is_some(),
                strict,
                dry_run,
            )?;
            if let Some(why) = summary.stop_reason(ctx.lang) {
                eprintln!("{why}");
            }
        }
    }
    Ok(if summary.rejected == 0 && (summary.committed || dry_run) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_summary(
    lang: Lang,
    s: &paritrana_import::Summary,
    problems: &mut Problems,
    has_report: bool,
    strict: bool,
    dry_run: bool,
) -> Result<()> {
    let t = output::thousands;
    match lang {
        Lang::Id => {
            println!("Baris judul kolom: {}", s.header_row);
            if !s.ignored_columns.is_empty() {
                println!("Kolom diabaikan: {}", s.ignored_columns.join(", "));
            }
            println!(
                "Dibaca: {}  Baru: {}  Diperbarui: {}  Tidak berubah: {}  Ditolak: {}",
                t(s.read),
                t(s.imported),
                t(s.updated),
                t(s.unchanged),
                t(s.rejected)
            );
            if dry_run {
                println!("Uji coba (--dry-run): tidak ada yang disimpan.");
            } else if !s.committed {
                println!(
                    "Tidak ada yang disimpan{}.",
                    if strict {
                        " (--strict: ada baris yang ditolak)"
                    } else {
                        ""
                    }
                );
            }
        }
        Lang::En => {
            println!("Header row: {}", s.header_row);
            if !s.ignored_columns.is_empty() {
                println!("Ignored columns: {}", s.ignored_columns.join(", "));
            }
            println!(
                "Read: {}  New: {}  Updated: {}  Unchanged: {}  Rejected: {}",
                t(s.read),
                t(s.imported),
                t(s.updated),
                t(s.unchanged),
                t(s.rejected)
            );
            if dry_run {
                println!("Dry run: nothing was stored.");
            } else if !s.committed {
                println!(
                    "Nothing was stored{}.",
                    if strict {
                        " (--strict: some rows were rejected)"
                    } else {
                        ""
                    }
                );
            }
        }
    }
    if !has_report {
        print_errors(lang, problems)?;
    }
    Ok(())
}

/// Writes the rejected-row report (`--report FILE.csv|FILE.xlsx`), streaming the problems
/// from where the import kept them.
pub(super) fn write_report(
    lang: Lang,
    path: &std::path::Path,
    problems: &mut Problems,
) -> Result<()> {
    let total = problems.total();
    let listed = problems.counts().listed;
    let rows = problems
        .iter()
        .context("cannot read the problems back")?
        .map(|i| i.to_report_row(lang));
    paritrana_sheets::write_report_rows(path, rows, lang)
        .map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    if total > listed {
        eprintln!(
            "{}",
            match lang {
                Lang::Id => format!(
                    "Laporan memuat {} masalah pertama dari {}; sisanya hanya dihitung.",
                    output::thousands(listed),
                    output::thousands(total)
                ),
                Lang::En => format!(
                    "The report lists the first {} problems of {}; the rest are only counted.",
                    output::thousands(listed),
                    output::thousands(total)
                ),
            }
        );
    }
    Ok(())
}

/// The problems `--format json` lists (the first [`paritrana_import::KEPT_IN_MEMORY`]; the
/// counts cover all, and `--report` has the rest).
pub(super) fn first_issues(problems: &mut Problems) -> Result<Vec<paritrana_import::Issue>> {
    problems
        .first(paritrana_import::KEPT_IN_MEMORY)
        .context("cannot read the problems back")
}

/// The issues of an import as `--format json` prints them.
pub(super) fn issues_json(
    lang: Lang,
    issues: &[paritrana_import::Issue],
) -> Vec<serde_json::Value> {
    issues
        .iter()
        .map(|i| {
            serde_json::json!({
                "row": i.line,
                "column": i.column,
                "value": i.value,
                "severity": i.severity,
                "code": i.code,
                "reason": match lang { Lang::Id => &i.reason_id, Lang::En => &i.reason_en },
            })
        })
        .collect()
}

/// The first 20 errors on stderr, when no report file was asked for.
pub(super) fn print_errors(lang: Lang, problems: &mut Problems) -> Result<()> {
    let errors = problems.counts().errors;
    let shown: Vec<_> = problems
        .iter()
        .context("cannot read the problems back")?
        .filter(|i| i.severity == Severity::Error)
        .take(20)
        .collect();
    for i in &shown {
        let row = i.to_report_row(lang);
        eprintln!(
            "  {} {}, {} \"{}\": {}",
            if lang == Lang::Id { "baris" } else { "row" },
            row.line,
            row.column,
            row.value,
            row.reason
        );
    }
    if errors > 20 {
        eprintln!(
            "  … {} (--report FILE.xlsx)",
            if lang == Lang::Id {
                "selengkapnya di laporan"
            } else {
                "more in the report"
            }
        );
    }
    Ok(())
}

/// `--kabkota` as a code (dotted or not) or an unambiguous name ("Kab. Paser", "Kota Balikpapan").
fn resolve_regency(tree: &RegionTree, text: &str) -> anyhow::Result<RegionCode> {
    let code = match RegionCode::parse(text) {
        Ok(code) => Some(code).filter(|c| tree.contains(*c)),
        Err(_) => {
            let found = tree.find(text, None, 50);
            let exact: Vec<_> = found
                .iter()
                .filter(|(r, q)| *q == MatchQuality::Exact && r.code.level() == Level::Regency)
                .collect();
            match exact.as_slice() {
                [(r, _)] => Some(r.code),
                [] => None,
                _ => anyhow::bail!(
                    "--kabkota `{text}`: nama ini dipakai lebih dari satu kabupaten/kota, pakai kodenya / \
                     the name matches several kab/kota, use the code"
                ),
            }
        }
    };
    code.filter(|c| c.level() == Level::Regency)
        .with_context(|| {
            format!("--kabkota `{text}`: kabupaten/kota tidak dikenal / unknown kab/kota")
        })
}
