//! `paritrana backup FILE` and `paritrana restore FILE`: a consistent copy of the embedded
//! database while the server keeps running (`VACUUM INTO` reads one snapshot), and putting
//! such a copy back once the server is stopped. Both files are private (0600). The checks and
//! file handling live in `paritrana_store_sqlite::maintenance`; this only reports.

use crate::Context;
use anyhow::{Result, anyhow};
use paritrana_core::Lang;
use paritrana_core::lang::{Localized, format_count};
use paritrana_store_sqlite::maintenance::{backup_file, restore_file};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct BackupArgs {
    /// The backup file to write (must not exist yet).
    file: PathBuf,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// A backup written by `paritrana backup`.
    file: PathBuf,
}

pub fn backup(ctx: &Context, args: BackupArgs) -> Result<ExitCode> {
    let db = ctx.database_path()?;
    let bytes = backup_file(&db, &args.file).map_err(|e| anyhow!(e.message(ctx.lang)))?;
    let mib = format_count(bytes.div_ceil(1024 * 1024), ctx.lang);
    println!(
        "{}",
        match ctx.lang {
            Lang::Id => format!(
                "Cadangan ditulis: {} ({mib} MiB, hanya dapat dibaca pemiliknya).",
                args.file.display()
            ),
            Lang::En => format!(
                "Backup written: {} ({mib} MiB, readable by its owner only).",
                args.file.display()
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}

pub fn restore(ctx: &Context, args: RestoreArgs) -> Result<ExitCode> {
    let db = ctx.database_path()?;
    let done = restore_file(&args.file, &db).map_err(|e| anyhow!(e.message(ctx.lang)))?;
    let entries = format_count(done.audit_entries, ctx.lang);
    match ctx.lang {
        Lang::Id => println!(
            "Dipulihkan dari {} ke {} ({entries} entri jejak audit).",
            args.file.display(),
            db.display()
        ),
        Lang::En => println!(
            "Restored {} into {} ({entries} audit trail entries).",
            args.file.display(),
            db.display()
        ),
    }
    if let Some(previous) = done.previous {
        match ctx.lang {
            Lang::Id => println!("Basis data sebelumnya disimpan di {}.", previous.display()),
            Lang::En => println!("The previous database is kept at {}.", previous.display()),
        }
    }
    Ok(ExitCode::SUCCESS)
}
