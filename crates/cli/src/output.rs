//! How commands print: a human table (default) or JSON for scripts.

use clap::ValueEnum;
use serde::Serialize;

/// Output format of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
}

/// Prints a value as pretty JSON on stdout.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Formats an integer the Indonesian way: `1.234.567`.
pub fn thousands(n: u64) -> String {
    paritrana_core::lang::format_count(n, paritrana_core::Lang::Id)
}
