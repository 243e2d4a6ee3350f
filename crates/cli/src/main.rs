//! `paritrana`: the one binary. Parses the command line and calls the library crates; this is the
//! only place where `anyhow` is used.

mod commands;
mod output;
mod reference;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use paritrana_core::Lang;
use std::path::PathBuf;

/// Paritrana — perlindungan jaminan sosial ketenagakerjaan untuk semua pekerja (Universal
/// Coverage Jamsostek).
#[derive(Parser)]
#[command(name = "paritrana", version, about, long_about = None)]
pub struct Cli {
    /// Folder for the embedded database and generated files.
    #[arg(
        long,
        global = true,
        default_value = "./paritrana-data",
        env = "PARITRANA_DATA_DIR"
    )]
    data_dir: PathBuf,
    /// Database URL (`sqlite://PATH`); default: the embedded SQLite file in the data folder.
    #[arg(long, global = true, env = "PARITRANA_DATABASE_URL")]
    database_url: Option<String>,
    /// Language of messages: `id` (Bahasa Indonesia, default) or `en`.
    #[arg(long, global = true, default_value = "id", env = "PARITRANA_LANG", value_parser = parse_lang)]
    lang: Lang,
    /// The date taken as today (YYYY-MM-DD), for reproducible runs and tests.
    #[arg(long, global = true, env = "PARITRANA_TODAY", hide = true)]
    today: Option<NaiveDate>,
    #[command(subcommand)]
    command: Command,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}`: use `id` or `en`"))
}

#[derive(Subcommand)]
enum Command {
    /// Create (or upgrade) the database.
    Init,
    /// Serve the web application and the JSON API.
    Serve(commands::serve::Args),
    /// Indonesia's region tree: counts, search, details.
    #[command(subcommand)]
    Regions(commands::regions::Command),
    /// Check a NIK.
    #[command(subcommand)]
    Nik(commands::nik::Command),
    /// Import lists from CSV or Excel files.
    #[command(subcommand)]
    Import(commands::import::Command),
    /// Write import templates.
    #[command(subcommand)]
    Template(commands::template::Command),
    /// Generate synthetic data.
    #[command(subcommand)]
    Gen(commands::generate::Command),
    /// UCJ coverage per region: on a date, growth, monthly series, rankings.
    Coverage(commands::coverage::Args),
    /// Contributions and budget plans: rates, one worker, a plan, the registry.
    #[command(subcommand)]
    Budget(commands::budget::Command),
    /// Look up workers in the registry.
    #[command(subcommand)]
    Workers(commands::workers::Command),
    /// UCJ targets: workers each region must protect (list, estimate).
    #[command(subcommand)]
    Targets(commands::targets::Command),
    /// Accounts: add, list, disable, enable, reset a password.
    #[command(subcommand)]
    User(commands::users::Command),
    /// API tokens for machine clients: create, list, revoke.
    #[command(subcommand)]
    Token(commands::tokens::Command),
    /// The audit trail: search it, export it, verify its hash chain.
    Audit(commands::audit::Args),
    /// The Paritrana Award: create a cycle, export a closed round, verify an export.
    #[command(subcommand)]
    Award(commands::award::Command),
    /// A demo Paritrana Award cycle with a panel and assignments (docs/award-web.md).
    AwardDemo(commands::award_demo::Args),
    /// Transfers of workers between regions: request, list, approve, refuse, cancel.
    #[command(subcommand)]
    Transfer(commands::transfers::Command),
    /// Check the database: integrity, audit hash chain, coverage aggregates (exit 1 on a
    /// problem).
    Check(commands::check::Args),
    /// Write a consistent backup of the embedded database (safe while the server runs).
    Backup(commands::backup::BackupArgs),
    /// Replace the embedded database with a backup (the server must be stopped).
    Restore(commands::backup::RestoreArgs),
}

/// What every command may need.
pub struct Context {
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub lang: Lang,
    pub today: NaiveDate,
}

impl Context {
    /// Opens (and migrates) the configured store.
    /// The targets coverage % is computed against: every stored target, resolved over the tree.
    pub fn targets(
        &self,
        store: &dyn paritrana_store::Store,
        tree: &paritrana_core::region::RegionTree,
    ) -> Result<paritrana_core::target::TargetBook> {
        Ok(paritrana_core::target::TargetBook::new(
            store.targets()?,
            tree,
        ))
    }

    /// The embedded database file (`DATA_DIR/paritrana.db` or the `--database-url` one).
    pub fn database_path(&self) -> Result<PathBuf> {
        Ok(paritrana_store_sqlite::database_path(
            self.database_url.as_deref(),
            &self.data_dir,
        )?)
    }

    /// The store the `--database-url` names: the embedded SQLite database (a path, `sqlite://`
    /// or none), created and migrated when needed. Other backends are chosen here.
    pub fn store(&self) -> Result<Box<dyn paritrana_store::Store>> {
        Ok(Box::new(paritrana_store_sqlite::open(
            self.database_url.as_deref(),
            &self.data_dir,
        )?))
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // SQLite's temporary files (sorting a big index, large GROUP BYs) go to the data folder,
    // private like the database, not to the system's temporary folder (often a small disk
    // shared with other accounts). They are unnamed: SQLite unlinks them on creation.
    if std::env::var_os("SQLITE_TMPDIR").is_none() {
        // SAFETY: no other thread exists yet (nothing has been spawned: the runtime, the
        // store's threads and rayon start later), so nothing reads the environment meanwhile.
        unsafe { std::env::set_var("SQLITE_TMPDIR", &cli.data_dir) };
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PARITRANA_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let ctx = Context {
        data_dir: cli.data_dir,
        database_url: cli.database_url,
        lang: cli.lang,
        today: cli
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let result = match cli.command {
        Command::Init => commands::init(&ctx),
        Command::Serve(args) => commands::serve::run(&ctx, args),
        Command::Regions(c) => commands::regions::run(&ctx, c),
        Command::Nik(c) => commands::nik::run(&ctx, c),
        Command::Import(c) => commands::import::run(&ctx, c),
        Command::Template(c) => commands::template::run(&ctx, c),
        Command::Gen(c) => commands::generate::run(&ctx, c),
        Command::Workers(c) => commands::workers::run(&ctx, c),
        Command::Coverage(a) => commands::coverage::run(&ctx, a),
        Command::Targets(c) => commands::targets::run(&ctx, c),
        Command::Budget(c) => commands::budget::run(&ctx, c),
        Command::User(c) => commands::users::run(&ctx, c),
        Command::Token(c) => commands::tokens::run(&ctx, c),
        Command::Audit(a) => commands::audit::run(&ctx, a),
        Command::Award(c) => commands::award::run(&ctx, c),
        Command::AwardDemo(a) => commands::award_demo::run(&ctx, a),
        Command::Transfer(c) => commands::transfers::run(&ctx, c),
        Command::Check(a) => commands::check::run(&ctx, a),
        Command::Backup(a) => commands::backup::backup(&ctx, a),
        Command::Restore(a) => commands::backup::restore(&ctx, a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let label = match ctx.lang {
                Lang::Id => "galat",
                Lang::En => "error",
            };
            eprintln!("{label}: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
