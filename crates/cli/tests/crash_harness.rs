//! Crash harness: `paritrana` is killed (SIGKILL) at random points while it imports a
//! participant list, imports targets, saves an award score sheet (`award score`), and creates
//! and migrates a fresh database. After every kill the database must pass SQLite's
//! `integrity_check`, its coverage aggregates must equal a direct count of the registry, its
//! audit hash chain must verify (all three through `paritrana check --full`), and the import or
//! the sheet must be wholly there with its counts, history and audit entries or wholly absent —
//! never half.
//!
//! `PARITRANA_CRASH_POINTS` sets the number of kills (default 100, shared between the
//! scenarios), `PARITRANA_CRASH_SEED` the random seed (printed, to replay a failure) and
//! `PARITRANA_CRASH_ROWS` the rows of the generated participant lists (default 5,000, so the
//! whole run stays around a minute on two cores).

mod common;

use common::{award_demo, award_sheet, json, paritrana, run};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator (xorshift64*): no dependency, replayable from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A duration in `[0, max]`.
    fn below(&mut self, max: Duration) -> Duration {
        let micros = max.as_micros().max(1) as u64;
        Duration::from_micros(self.next() % (micros + 1))
    }
}

/// What the registry holds, read straight from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Figures {
    imports: i64,
    workers: i64,
    enrolments: i64,
    targets: i64,
    /// (kind, rows_read, imported, updated, unchanged, rejected) of the newest import.
    last_import: Option<(String, i64, i64, i64, i64, i64)>,
}

fn figures(db: &Path) -> Figures {
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = |t: &str| -> i64 {
        conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    };
    let last_import = conn
        .query_row(
            "SELECT kind, rows_read, imported, updated, unchanged, rejected FROM imports \
             ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .ok();
    Figures {
        imports: count("imports"),
        workers: count("workers"),
        enrolments: count("enrolments"),
        targets: count("targets"),
        last_import,
    }
}

/// `paritrana check --full` passes: integrity, aggregates = direct count, audit chain.
fn assert_sound(dir: &Path, what: &str) {
    let out = paritrana(dir)
        .args(["check", "--full", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{what}: check failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    assert_eq!(report["aggregates"]["differing"], 0, "{what}: {report}");
    let out = paritrana(dir).args(["audit", "verify"]).output().unwrap();
    assert!(out.status.success(), "{what}: audit verify failed");
}

/// Runs `args` on a copy of `base` (a data folder) in `dir`, killed after `delay` unless it
/// ended first. Returns whether it was killed.
fn run_killed(dir: &Path, base: Option<&Path>, args: &[&str], delay: Duration) -> bool {
    if let Some(base) = base {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::copy(base.join("paritrana.db"), dir.join("paritrana.db")).unwrap();
    }
    let mut child = paritrana(dir)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < delay {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2).min(delay));
    }
    // `Child::kill` is SIGKILL on Unix: no destructor, no rollback, no checkpoint runs.
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    killed
}

/// How long a full run of `args` on a copy of `base` takes, and the figures it leaves.
fn reference<T>(
    tmp: &Path,
    base: Option<&Path>,
    args: &[&str],
    state: impl Fn(&Path) -> T,
) -> (Duration, T) {
    let dir = tmp.join("referensi");
    let _ = std::fs::remove_dir_all(&dir);
    if let Some(base) = base {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(base.join("paritrana.db"), dir.join("paritrana.db")).unwrap();
    }
    let started = Instant::now();
    let out = run(paritrana(&dir).args(args));
    assert!(out.status.success(), "reference run of {args:?}");
    let took = started.elapsed();
    let after = state(&dir.join("paritrana.db"));
    std::fs::remove_dir_all(&dir).unwrap();
    (took, after)
}

/// A kill moment: uniform over the run, or (every other time) in its last 40 %, where the
/// store writes and commits.
fn kill_at(rng: &mut Rng, i: u64, full: Duration) -> Duration {
    let span = full.mul_f64(1.1);
    if i.is_multiple_of(2) {
        rng.below(span)
    } else {
        full.mul_f64(0.6) + rng.below(full.mul_f64(0.5))
    }
}

/// `args` killed at `points` moments: each leaves the state (`state` reads it) of `base` or that
/// of a complete run — never one in between.
fn killed_scenario<T: PartialEq + std::fmt::Debug>(
    tmp: &Path,
    rng: &mut Rng,
    base: &Path,
    args: &[&str],
    points: u64,
    label: &str,
    state: impl Fn(&Path) -> T,
) -> (u64, u64) {
    let before = state(&base.join("paritrana.db"));
    let (full, after) = reference(tmp, Some(base), args, &state);
    assert_ne!(after, before, "{label}: a full run changes the database");
    let (mut absent, mut present) = (0, 0);
    for i in 0..points {
        let dir = tmp.join(format!("{label}-{i}"));
        let delay = kill_at(rng, i, full);
        run_killed(&dir, Some(base), args, delay);
        let what = format!("{label} killed at {delay:?} (point {i})");
        assert_sound(&dir, &what);
        let now = state(&dir.join("paritrana.db"));
        if now == before {
            absent += 1;
        } else {
            assert_eq!(now, after, "{what}: half done");
            present += 1;
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
    (absent, present)
}

/// What a score sheet save writes: (scores, history rows, audit entries of scores).
fn sheet_state(db: &Path) -> (i64, i64, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    (
        count("SELECT COUNT(*) FROM award_scores"),
        count("SELECT COUNT(*) FROM award_score_history"),
        count("SELECT COUNT(*) FROM audit_log WHERE action = 'award.score.set'"),
    )
}

/// Every kab/kota of the embedded tree × years: a target file of a few thousand rows.
fn write_targets(path: &Path) {
    let regions = std::fs::read_to_string(common::root().join("data/regions.csv")).unwrap();
    let mut out = String::from("Kode Wilayah,Tahun,Target,Sumber\n");
    for line in regions.lines().skip(1) {
        let mut cols = line.split(',');
        let (code, level) = (cols.next().unwrap_or(""), cols.nth(1).unwrap_or(""));
        if level == "regency" {
            for year in 2019..=2026 {
                out.push_str(&format!("{code},{year},{},Uji ketahanan\n", 1000 + year));
            }
        }
    }
    std::fs::write(path, out).unwrap();
}

#[test]
fn killed_imports_and_migrations_leave_a_sound_database_and_no_half_import() {
    let points = env_or("PARITRANA_CRASH_POINTS", 100);
    let rows = env_or("PARITRANA_CRASH_ROWS", 5_000);
    let seed = env_or(
        "PARITRANA_CRASH_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1,
    );
    eprintln!("crash harness: {points} kills, {rows} rows, PARITRANA_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let tmp = tmp.path();

    // The base: a database holding one list, so a killed import also updates workers.
    let base = tmp.join("dasar");
    let (first, second, targets) = (
        tmp.join("peserta-1.csv"),
        tmp.join("peserta-2.csv"),
        tmp.join("target.csv"),
    );
    for (file, seed) in [(&first, "1"), (&second, "2")] {
        let out = run(paritrana(&base).args([
            "gen",
            "participants",
            "--rows",
            &rows.to_string(),
            "--seed",
            seed,
            "--out",
            file.to_str().unwrap(),
        ]));
        assert!(out.status.success());
    }
    write_targets(&targets);
    let out = run(paritrana(&base).args(["import", "participants", first.to_str().unwrap()]));
    assert!(out.status.success());
    assert_sound(&base, "base");

    let participants = points * 2 / 5;
    let target_points = points / 4;
    let sheet_points = points / 10;
    let migrations = points - participants - target_points - sheet_points;
    let second_s = second.to_string_lossy().into_owned();
    let targets_s = targets.to_string_lossy().into_owned();
    let (absent, present) = killed_scenario(
        tmp,
        &mut rng,
        &base,
        &["import", "participants", &second_s],
        participants,
        "peserta",
        figures,
    );
    eprintln!("participant import: {absent} kills before the commit, {present} after");
    let (absent_t, present_t) = killed_scenario(
        tmp,
        &mut rng,
        &base,
        &["import", "targets", &targets_s],
        target_points,
        "target",
        figures,
    );
    eprintln!("target import: {absent_t} kills before the commit, {present_t} after");

    // An assessor's score sheet of the demo award cycle, saved from a file.
    let year = award_demo(&base);
    let sheet = tmp.join("nilai.csv");
    std::fs::write(&sheet, award_sheet(year, 70).0).unwrap();
    let (year_s, sheet_s) = (year.to_string(), sheet.to_string_lossy().into_owned());
    let score = [
        "award",
        "score",
        "--year",
        &year_s,
        "--entry",
        "1",
        "--stage",
        "dokumen",
        "--as",
        "asesor.satu",
        &sheet_s,
    ];
    let (absent_s, present_s) = killed_scenario(
        tmp,
        &mut rng,
        &base,
        &score,
        sheet_points,
        "nilai",
        sheet_state,
    );
    eprintln!("score sheet: {absent_s} kills before the commit, {present_s} after");

    // A fresh database being created and migrated.
    let (full, _) = reference(tmp, None, &["init"], |_| ());
    let mut killed = 0;
    for i in 0..migrations {
        let dir = tmp.join(format!("migrasi-{i}"));
        let delay = rng.below(full.mul_f64(1.1));
        killed += u64::from(run_killed(&dir, None, &["init"], delay));
        let db: PathBuf = dir.join("paritrana.db");
        if db.exists() {
            let conn = rusqlite::Connection::open(&db).unwrap();
            let ok: String = conn
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(ok, "ok", "migration killed at {delay:?}");
        }
        // Starting again finishes the migrations from where they stopped.
        let out = run(paritrana(&dir).arg("init"));
        assert!(out.status.success(), "init after a kill at {delay:?}");
        assert_sound(&dir, &format!("migration killed at {delay:?}"));
        let _ = std::fs::remove_dir_all(&dir);
    }
    eprintln!(
        "migration: {killed} of {migrations} runs killed; whole harness {:?}",
        started.elapsed()
    );
}
