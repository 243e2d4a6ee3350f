//! `paritrana check [--full] [--format table|json]`: is the database sound? SQLite's own check
//! (`quick_check`, or `integrity_check` with `--full`), the audit trail's hash chain, and the
//! coverage aggregates against a direct count of the registry. Exit 1 on any problem. Safe
//! while the server runs: it only reads (in one read transaction per check).

use crate::Context;
use crate::output::Format;
use anyhow::Result;
use paritrana_core::Lang;
use paritrana_core::lang::format_count;
use paritrana_store_sqlite::maintenance::{CheckReport, check_file, quick_check_file};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// `integrity_check` (every index against its table) instead of the quicker
    /// `quick_check`.
    #[arg(long)]
    full: bool,
    /// `table` (a line per check) or `json`.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let db = ctx.database_path()?;
    let report = check_file(&db, args.full)?;
    if args.format == Format::Json {
        crate::output::json(&report)?;
    } else {
        print_text(&report, ctx.lang);
    }
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_text(r: &CheckReport, lang: Lang) {
    let t = |id: &str, en: &str| match lang {
        Lang::Id => id.to_string(),
        Lang::En => en.to_string(),
    };
    let mark = |ok: bool| if ok { "OK   " } else { "GAGAL" };
    println!("{}: {}", t("Basis data", "Database"), r.database);
    let check = if r.full {
        "integrity_check"
    } else {
        "quick_check"
    };
    if r.integrity.is_empty() {
        println!("{} {check}", mark(true));
    } else {
        println!(
            "{} {check}: {} {}",
            mark(false),
            r.integrity.len(),
            t("masalah", "problems")
        );
        for p in r.integrity.iter().take(20) {
            println!("      {p}");
        }
    }
    match r.audit_first_broken {
        None => println!(
            "{} {} ({} {})",
            mark(true),
            t("rantai hash jejak audit", "audit trail hash chain"),
            format_count(r.audit_entries, lang),
            t("entri", "entries")
        ),
        Some(id) => println!(
            "{} {} #{id}",
            mark(false),
            t(
                "rantai hash jejak audit putus di entri",
                "audit trail hash chain broken at entry"
            )
        ),
    }
    let a = &r.aggregates;
    println!(
        "{} {}: {} {}, {} {}, {} {}",
        mark(a.ok()),
        t(
            "agregat cakupan = hitungan langsung registri",
            "coverage aggregates = direct count of the registry"
        ),
        format_count(a.stored_rows, lang),
        t("baris tersimpan", "rows stored"),
        format_count(a.expected_rows, lang),
        t("baris dari registri", "rows from the registry"),
        format_count(a.differing, lang),
        t("berbeda", "differ")
    );
    for e in &r.errors {
        println!("{} {e}", mark(false));
    }
    if r.ok() {
        println!("{}", t("Basis data sehat.", "The database is sound."));
    } else {
        println!(
            "{}",
            t(
                "Basis data BERMASALAH: pulihkan dari cadangan terakhir (`paritrana restore BERKAS`, docs/operations.md).",
                "The database has PROBLEMS: restore the latest backup (`paritrana restore FILE`, docs/operations.md)."
            )
        );
    }
}

/// What `serve` runs before opening the store: `quick_check` of the database file. A damaged
/// database is refused with a message saying what to do, rather than served until a page
/// happens to read the damaged part.
pub fn before_serving(ctx: &Context) -> Result<()> {
    let db = ctx.database_path()?;
    if !db.is_file() {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let problems = match quick_check_file(&db) {
        Ok(p) => p,
        Err(e) => vec![e.to_string()],
    };
    if problems.is_empty() {
        tracing::info!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "database quick_check: ok"
        );
        return Ok(());
    }
    tracing::error!(problems = problems.len(), "database quick_check failed");
    let first = problems.first().cloned().unwrap_or_default();
    Err(anyhow::anyhow!(match ctx.lang {
        Lang::Id => format!(
            "basis data {} rusak (quick_check: {first}); server tidak dijalankan. Jalankan \
             `paritrana check --full` untuk rinciannya dan pulihkan cadangan terakhir dengan \
             `paritrana restore BERKAS` (docs/operations.md).",
            db.display()
        ),
        Lang::En => format!(
            "the database {} is damaged (quick_check: {first}); the server was not started. Run \
             `paritrana check --full` for details and restore the latest backup with \
             `paritrana restore FILE` (docs/operations.md).",
            db.display()
        ),
    }))
}
