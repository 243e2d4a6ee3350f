//! `paritrana serve [--demo]`: the web application and JSON API.

use crate::{Context, reference};
use anyhow::{Context as _, Result};
use chrono::{Datelike, NaiveDate};
use paritrana_core::lang::Localized;
use paritrana_core::region::{RegionCode, RegionTree};
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
    /// Send cookies without the `Secure` flag: only for plain HTTP on a trusted network
    /// (browsers accept secure cookies from http://localhost anyway).
    #[arg(long)]
    insecure_cookies: bool,
    /// The address people reach the server at (`https://paritrana.example.go.id`): the base of
    /// the verification URLs printed on award certificates. Without it, the address a request
    /// came to is used (docs/award-certificates.md).
    #[arg(long, env = "PARITRANA_PUBLIC_URL")]
    public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed, comma-separated
    /// (`127.0.0.1,::1`): only when a request comes straight from one of them, and only the
    /// right-most address the proxies did not write themselves (docs/accounts.md).
    #[arg(long, env = "PARITRANA_TRUST_PROXY", value_name = "ADDR[,ADDR…]")]
    trust_proxy: Option<String>,
    /// Seconds a client has to send a request's head (also the longest idle keep-alive).
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    header_read_timeout: u64,
    /// Connections served at once; further ones wait to be accepted.
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,
}

/// The demo data set: generated rows (seed 2023) over the real tree, imported once, and estimated
/// targets when none are stored.
fn load_demo(
    ctx: &Context,
    store: &dyn paritrana_store::Store,
    tree: &RegionTree,
    rows: u64,
) -> Result<()> {
    load_demo_participants(ctx, store, tree, rows)?;
    load_demo_targets(ctx, store, tree)?;
    let assessors = super::award_demo::assessor_accounts(store)?;
    super::award_demo::seed(ctx, store, tree, &assessors)?;
    Ok(())
}

fn load_demo_participants(
    ctx: &Context,
    store: &dyn paritrana_store::Store,
    tree: &RegionTree,
    rows: u64,
) -> Result<()> {
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
    let opts = paritrana_import::Options {
        strict: false,
        dry_run: false,
        regency: None,
        today: ctx.today,
        actor: paritrana_store::Actor::system("demo"),
        scope: paritrana_core::auth::Scope::National,
        spill_dir: Some(ctx.data_dir.clone()),
    };
    let (summary, _) = paritrana_import::import_participants(store, tree, &file, &opts, &|_, _| {})
        .map_err(|e| anyhow::anyhow!(e.message(ctx.lang)))?;
    tracing::info!(
        imported = summary.imported,
        rejected = summary.rejected,
        "demo data set loaded"
    );
    // Kab. Paser's 2023 worker lists, so the demo shows the seed figures (90,43 % at the end of
    // 2023 against the real target below).
    let paser = ctx.data_dir.join("demo").join("peserta-paser-2023.csv");
    let lists = paritrana_core::generate::seed::paser_2023(tree, 1)
        .context("Kab. Paser is missing from the region tree")?;
    std::fs::write(&paser, lists.concat())
        .with_context(|| format!("cannot write {}", paser.display()))?;
    let (summary, _) =
        paritrana_import::import_participants(store, tree, &paser, &opts, &|_, _| {})
            .map_err(|e| anyhow::anyhow!(e.message(ctx.lang)))?;
    tracing::info!(
        imported = summary.imported,
        "demo: Kab. Paser 2023 lists loaded"
    );
    Ok(())
}

/// Estimated targets of every kab/kota for each year from 2019 to this year, each with that
/// year's labour rates, in one logged import — unless targets are already stored.
fn load_demo_targets(
    ctx: &Context,
    store: &dyn paritrana_store::Store,
    tree: &RegionTree,
) -> Result<()> {
    if !store.targets()?.is_empty() {
        tracing::info!("targets already stored; demo estimates not loaded");
        return Ok(());
    }
    let mut targets = Vec::new();
    for year in DEMO_FIRST_TARGET_YEAR..=ctx.today.year() {
        targets.extend(reference::estimated_targets(tree, year)?);
    }
    // Kab. Paser's real 2023 target replaces its estimate for that year.
    let paser = RegionCode::parse("64.01")?;
    targets.retain(|t| !(t.region == paser && t.year == 2023));
    targets.push(paritrana_core::target::Target {
        region: paser,
        year: 2023,
        segment: None,
        workers: paritrana_core::generate::seed::PASER_TARGET_2023,
        source: "Disnakertrans Kab. Paser, target UCJ 2023 (data contoh)".into(),
        estimate: false,
    });
    let outcome = store.apply_targets(&paritrana_store::TargetBatch {
        source: paritrana_store::ImportSource {
            file_name: "estimasi-demo".into(),
            file_sha256: String::new(),
            actor: paritrana_store::Actor::system("demo"),
            scope: paritrana_core::auth::Scope::National,
        },
        targets: &targets,
        rows_read: targets.len() as u64,
        rejected_before_store: 0,
        strict: false,
        dry_run: false,
    })?;
    tracing::info!(
        targets = outcome.inserted,
        "demo targets (estimates) loaded"
    );
    Ok(())
}

/// The first year the demo has targets for.
const DEMO_FIRST_TARGET_YEAR: i32 = 2019;

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    super::check::before_serving(ctx)?;
    let store: Arc<dyn paritrana_store::Store> = Arc::from(ctx.store()?);
    let tree = Arc::new(reference::region_tree()?);
    if args.demo {
        load_demo(ctx, store.as_ref(), &tree, args.demo_rows)?;
    }
    // Load the coverage cube and its rolled-up views before the first question asks for them.
    let warm = store.clone();
    std::thread::spawn(move || match warm.coverage_cube() {
        Ok(cube) => cube.warm(),
        Err(e) => tracing::warn!(error = %e, "coverage cube not loaded"),
    });
    let fixed_today: Option<NaiveDate> = std::env::var("PARITRANA_TODAY").ok().and(Some(ctx.today));
    let trusted_proxies = match &args.trust_proxy {
        Some(list) => {
            paritrana_web::auth::client_addr::parse_trusted(list).map_err(anyhow::Error::msg)?
        }
        None => Vec::new(),
    };
    let auth = paritrana_web::auth::AuthConfig {
        secure_cookies: !args.insecure_cookies,
        trusted_proxies,
        ..paritrana_web::auth::AuthConfig::default()
    };
    anyhow::ensure!(
        args.header_read_timeout > 0 && args.max_connections > 0,
        "--header-read-timeout dan --max-connections harus lebih dari 0 / must be above 0"
    );
    let limits = paritrana_web::server::Limits {
        header_read_timeout: std::time::Duration::from_secs(args.header_read_timeout),
        max_connections: args.max_connections,
    };
    let mut state = paritrana_web::AppState::new(store, tree, fixed_today)
        .with_auth(auth)
        .with_import_dir(&ctx.data_dir.join("impor"))
        .with_data_dir(&ctx.data_dir);
    state.imports.clean_at_start(&*state.store);
    if let Some(url) = &args.public_url {
        let url = paritrana_web::public_url::PublicUrl::parse(url)
            .map_err(|e| anyhow::anyhow!(e.message(ctx.lang)))?;
        state = state.with_public_url(url);
    }
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(paritrana_web::serve(args.addr, state, limits))?;
    Ok(ExitCode::SUCCESS)
}
