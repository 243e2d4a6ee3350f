//! The harness every fuzz target in `tests/` shares: how many cases to run (or for how long),
//! the kept corpus each target replays first, and what to do with a failure (shrink it, save
//! the minimal input, fail with it). Targets and how to run them: docs/fuzzing.md.
//!
//! - `PARITRANA_FUZZ_CASES` (default [`DEFAULT_CASES`]): generated cases per target, so that
//!   `cargo test --workspace --release` stays fast.
//! - `PARITRANA_FUZZ_SECONDS`: run each target for this long instead, in batches of fresh seeds
//!   (scripts/fuzz.sh, for CI); the seeds used are printed.
//! - `PARITRANA_FUZZ_SEED`: the first seed (default: a fixed one per target, so a plain
//!   `cargo test` is reproducible).
//!
//! A failing input, once shrunk, is written to `target/fuzz-failures/<target>/` (the bytes for
//! byte targets, its debug form otherwise) to be copied into `corpus/<target>/` with a
//! regression test.

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseResult, TestError, TestRunner};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Cases per target when nothing else is asked.
pub const DEFAULT_CASES: u32 = 2_000;

/// Cases per batch in a timed run.
const BATCH: u32 = 500;

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// How long to run: a number of cases, or a deadline.
#[derive(Debug, Clone, Copy)]
pub enum Budget {
    Cases(u32),
    Until(Instant),
}

/// The budget from the environment; `scale` divides the case count for targets whose cases
/// are expensive (a workbook written and read, an HTTP request).
pub fn budget(scale: u32) -> Budget {
    match env_u64("PARITRANA_FUZZ_SECONDS") {
        Some(s) => Budget::Until(Instant::now() + Duration::from_secs(s)),
        None => {
            let cases = env_u64("PARITRANA_FUZZ_CASES").map_or(DEFAULT_CASES, |n| n as u32);
            Budget::Cases((cases / scale.max(1)).max(1))
        }
    }
}

/// The crate's folder.
fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository root (fixtures live in `tests/fixtures`).
pub fn repo_root() -> PathBuf {
    crate_dir().join("../..")
}

/// The kept inputs of a target, `corpus/<target>/*`, sorted by file name.
pub fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = crate_dir().join("corpus").join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).expect("corpus file reads"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "corpus {} is empty", dir.display());
    files
}

/// The kept inputs of a text target, one input per line of every corpus file (a trailing
/// `\r` kept: it is part of what people paste).
pub fn corpus_lines(target: &str) -> Vec<String> {
    corpus(target)
        .into_iter()
        .flat_map(|(_, bytes)| {
            String::from_utf8_lossy(&bytes)
                .split('\n')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Runs `test` on every corpus input of `target`; a panic names the file.
pub fn replay(target: &str, test: impl Fn(&[u8])) {
    for (name, bytes) in corpus(target) {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(&bytes)));
        if let Err(e) = outcome {
            std::panic::resume_unwind(Box::new(format!(
                "corpus/{target}/{name} fails: {}",
                panic_text(&*e)
            )));
        }
    }
}

fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic".into())
}

/// A fixed seed per target: the bytes of its name.
fn seed_of(target: &str) -> u64 {
    env_u64("PARITRANA_FUZZ_SEED").unwrap_or_else(|| {
        target.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
    })
}

/// Runs `test` on generated values of `strategy` within `budget`. A failure (an `Err` or a
/// panic) is shrunk to a minimal input, saved by `save`, and fails the calling test.
pub fn run<S>(
    target: &str,
    budget: Budget,
    strategy: S,
    save: impl Fn(&S::Value) -> Vec<u8>,
    test: impl Fn(S::Value) -> TestCaseResult,
) where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let mut seed = seed_of(target);
    let mut total = 0u64;
    loop {
        let cases = match budget {
            Budget::Cases(n) => n,
            Budget::Until(_) => BATCH,
        };
        let config = Config {
            cases,
            rng_seed: RngSeed::Fixed(seed),
            failure_persistence: None,
            max_shrink_iters: 2_000,
            // Generated inputs are rarely rejected; a target that rejects most is a bug.
            max_global_rejects: cases.saturating_mul(4),
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        match runner.run(&strategy, &test) {
            Ok(()) => {}
            Err(TestError::Abort(why)) => panic!("{target}: aborted ({why}) at seed {seed}"),
            Err(TestError::Fail(why, value)) => {
                let file = save_failure(target, &save(&value));
                panic!(
                    "{target}: {why}\nminimal input (seed {seed}, saved to {}):\n{value:#?}",
                    file.display()
                );
            }
        }
        total += u64::from(cases);
        match budget {
            Budget::Until(deadline) if Instant::now() < deadline => {
                seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
            }
            _ => break,
        }
    }
    if matches!(budget, Budget::Until(_)) {
        println!("{target}: {total} cases, last seed {seed}");
    }
}

/// Writes a failing input under `target/fuzz-failures/<target>/` and returns its path.
fn save_failure(target: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
        .join("fuzz-failures")
        .join(target);
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let path = dir.join(format!("{hash:016x}"));
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(&path, bytes);
    }
    path
}

/// A fixture under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}
