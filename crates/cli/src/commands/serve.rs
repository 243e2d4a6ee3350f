//! `paritrana serve [--demo]`: the web application and JSON API.

use crate::{Context, reference};
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use paritrana_core::lang::Localized;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "PARITRANA_ADDR")]
    addr: SocketAddr,
    /// Load the demo data set first if the registry is empty.
    #[arg(long)]
    demo: bool,
    /// Rows of the demo data set.
    #[arg(long, default_value_t = 50_000)]
    demo_rows: u64,
}

/// The demo data set: generated rows (seed 2023) over the real tree, imported once.
fn load_demo(ctx: &Context, store: &dyn paritrana_store::Store, rows: u64) -> Result<()> {
    let stats = store.registry_stats(ctx.today)?;
    if stats.workers > 0 {
        tracing::info!(
            workers = stats.workers,
            "registry already holds data; demo not loaded again"
        );
        return Ok(());
    }
    let file = ctx.data_dir.join("demo").join("peserta-demo.csv");
    tracing::info!(rows, file = %file.display(), "generating the demo data set");
    super::generate::write_participants(ctx, rows, 2023, 0.0, &file)?;
    let tree = reference::region_tree()?;
    let opts = paritrana_import::Options {
        strict: false,
        dry_run: false,
        regency: None,
        today: ctx.today,
        actor: "demo".into(),
    };
    let (summary, _) =
        paritrana_import::import_participants(store, &tree, &file, &opts, &|_, _| {})
            .map_err(|e| anyhow::anyhow!(e.message(ctx.lang)))?;
    tracing::info!(
        imported = summary.imported,
        rejected = summary.rejected,
        "demo data set loaded"
    );
    Ok(())
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let store: Arc<dyn paritrana_store::Store> = Arc::from(ctx.store()?);
    if args.demo {
        load_demo(ctx, store.as_ref(), args.demo_rows)?;
    }
    let tree = Arc::new(reference::region_tree()?);
    // Load the coverage cube and its rolled-up views before the first question asks for them.
    let warm = store.clone();
    std::thread::spawn(move || match warm.coverage_cube() {
        Ok(cube) => cube.warm(),
        Err(e) => tracing::warn!(error = %e, "coverage cube not loaded"),
    });
    let fixed_today: Option<NaiveDate> = std::env::var("PARITRANA_TODAY").ok().and(Some(ctx.today));
    let state = paritrana_web::AppState::new(store, tree, fixed_today);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(paritrana_web::serve(args.addr, state))?;
    Ok(ExitCode::SUCCESS)
}
