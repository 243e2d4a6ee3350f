//! `paritrana import targets FILE`: UCJ targets (the denominator of coverage %) from a CSV or
//! spreadsheet, through `paritrana_import::import_targets`.

use super::import::{first_issues, issues_json, print_errors, write_report};
use crate::output::{self, Format};
use crate::{Context, reference};
use anyhow::Result;
use paritrana_core::lang::{Lang, Localized};
use paritrana_import::{Problems, TargetOptions, TargetSummary};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The file: columns Kode Wilayah or Kabupaten/Kota, Tahun, Target (or Penduduk Bekerja),
    /// and optionally Segmen, Sumber, Estimasi.
    file: PathBuf,
    /// Write every rejected row (row, column, value, reason) to this .csv or .xlsx file.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Reject the whole file if any row is bad.
    #[arg(long)]
    strict: bool,
    /// Validate and report without storing anything.
    #[arg(long)]
    dry_run: bool,
    /// The source of rows without a Sumber value (default: the file's name).
    #[arg(long)]
    source: Option<String>,
    /// Mark rows without an Estimasi value as estimates rather than published counts.
    #[arg(long)]
    estimate: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let tree = reference::region_tree()?;
    let store = ctx.store()?;
    let opts = TargetOptions {
        strict: args.strict,
        dry_run: args.dry_run,
        today: ctx.today,
        actor: paritrana_store::Actor::cli(),
        scope: paritrana_core::auth::Scope::National,
        source: args.source,
        estimate: args.estimate,
    };
    let (summary, mut problems) = paritrana_import::import_targets(
        store.as_ref(),
        &tree,
        &args.file,
        &opts,
        Some(&ctx.data_dir),
    )
    .map_err(|e| anyhow::anyhow!(e.message(ctx.lang)))?;
    if let Some(path) = &args.report {
        write_report(ctx.lang, path, &mut problems)?;
    }
    match args.format {
        Format::Json => output::json(&serde_json::json!({
            "read": summary.read,
            "imported": summary.imported,
            "replaced": summary.replaced,
            "unchanged": summary.unchanged,
            "rejected": summary.rejected,
            "committed": summary.committed,
            "import_id": summary.import_id,
            "header_row": summary.header_row,
            "ignored_columns": summary.ignored_columns,
            "file_sha256": summary.file_sha256,
            "issues": issues_json(ctx.lang, &first_issues(&mut problems)?),
            "issues_total": problems.total(),
            "issue_counts": problems.counts().by_reason,
        }))?,
        Format::Table => {
            let flags = Flags {
                has_report: args.report.is_some(),
                strict: args.strict,
                dry_run: args.dry_run,
            };
            print_summary(ctx.lang, &summary, &mut problems, &flags)
        }
    }
    Ok(
        if summary.rejected == 0 && (summary.committed || args.dry_run) {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    )
}

/// What the table summary needs to know about the options.
struct Flags {
    has_report: bool,
    strict: bool,
    dry_run: bool,
}

fn print_summary(lang: Lang, s: &TargetSummary, problems: &mut Problems, flags: &Flags) {
    let t = output::thousands;
    let id = lang == Lang::Id;
    if id {
        println!("Baris judul kolom: {}", s.header_row);
        if !s.ignored_columns.is_empty() {
            println!("Kolom diabaikan: {}", s.ignored_columns.join(", "));
        }
        println!(
            "Dibaca: {}  Baru: {}  Diganti: {}  Tidak berubah: {}  Ditolak: {}",
            t(s.read),
            t(s.imported),
            t(s.replaced),
            t(s.unchanged),
            t(s.rejected)
        );
    } else {
        println!("Header row: {}", s.header_row);
        if !s.ignored_columns.is_empty() {
            println!("Ignored columns: {}", s.ignored_columns.join(", "));
        }
        println!(
            "Read: {}  New: {}  Replaced: {}  Unchanged: {}  Rejected: {}",
            t(s.read),
            t(s.imported),
            t(s.replaced),
            t(s.unchanged),
            t(s.rejected)
        );
    }
    if flags.dry_run {
        println!(
            "{}",
            if id {
                "Uji coba (--dry-run): tidak ada yang disimpan."
            } else {
                "Dry run: nothing was stored."
            }
        );
    } else if !s.committed {
        println!(
            "{}",
            match (id, flags.strict) {
                (true, true) => "Tidak ada yang disimpan (--strict: ada baris yang ditolak).",
                (true, false) => "Tidak ada yang disimpan.",
                (false, true) => "Nothing was stored (--strict: some rows were rejected).",
                (false, false) => "Nothing was stored.",
            }
        );
    }
    if !flags.has_report {
        let _ = print_errors(lang, problems);
    }
}
