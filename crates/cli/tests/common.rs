//! Helpers for tests that run the real `paritrana` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const TODAY: &str = "2026-11-23";

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A fixture under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// `paritrana` with a private data dir and a fixed "today".
pub fn paritrana(data_dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_paritrana"));
    c.env("PARITRANA_TODAY", TODAY)
        .env("PARITRANA_LOG", "warn")
        .env_remove("PARITRANA_DATABASE_URL")
        .env_remove("PARITRANA_LANG")
        .arg("--data-dir")
        .arg(data_dir);
    c
}

/// Runs and returns the output, printing stderr on failure to help debugging.
pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("paritrana runs");
    if !out.status.success() {
        eprintln!("stderr: {}", String::from_utf8_lossy(&out.stderr));
    }
    out
}

/// Parses stdout as JSON.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Counts rows of a table straight from the database file.
pub fn count(data_dir: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(data_dir.join("paritrana.db")).unwrap();
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}
