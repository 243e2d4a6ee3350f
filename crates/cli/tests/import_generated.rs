//! Importing generated lists end to end: counts, re-imports, reports, strict mode, and an
//! import killed half-way that must leave the database exactly as before.

mod common;
use common::*;
use std::path::Path;
use std::time::{Duration, Instant};

fn generate_file(dir: &Path, rows: u64, seed: u64, dirty: f64, name: &str) -> std::path::PathBuf {
    let out = dir.join(name);
    let r = run(paritrana(dir)
        .args([
            "gen",
            "participants",
            "--rows",
            &rows.to_string(),
            "--seed",
            &seed.to_string(),
            "--dirty",
            &dirty.to_string(),
            "--out",
        ])
        .arg(&out));
    assert!(r.status.success());
    out
}

fn import(dir: &Path, file: &Path, extra: &[&str]) -> (std::process::Output, serde_json::Value) {
    let out = run(paritrana(dir)
        .args(["import", "participants"])
        .arg(file)
        .args(extra)
        .args(["--format", "json"]));
    let v = json(&out);
    (out, v)
}

#[test]
fn generation_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let a = std::fs::read(generate_file(dir.path(), 500, 42, 0.1, "a.csv")).unwrap();
    let b = std::fs::read(generate_file(dir.path(), 500, 42, 0.1, "b.csv")).unwrap();
    let c = std::fs::read(generate_file(dir.path(), 500, 43, 0.1, "c.csv")).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(String::from_utf8(a).unwrap().lines().count(), 501);
}

#[test]
fn clean_list_imports_then_reimports_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let file = generate_file(dir.path(), 2_000, 1, 0.0, "clean.csv");
    let (out, v) = import(dir.path(), &file, &[]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["read"], 2_000);
    assert_eq!(v["imported"], 2_000);
    assert_eq!(v["rejected"], 0);
    assert_eq!(v["committed"], true);
    assert_eq!(count(dir.path(), "workers"), 2_000);
    assert_eq!(count(dir.path(), "enrolments"), 2_000);

    let (_, v) = import(dir.path(), &file, &[]);
    assert_eq!(v["imported"], 0);
    assert_eq!(v["updated"], 0);
    assert_eq!(v["unchanged"], 2_000);
    assert_eq!(
        count(dir.path(), "enrolments"),
        2_000,
        "a re-import adds no period"
    );
    assert_eq!(count(dir.path(), "imports"), 2);
}

#[test]
fn dirty_rows_are_reported_and_clean_rows_stored() {
    let dir = tempfile::tempdir().unwrap();
    let file = generate_file(dir.path(), 3_000, 5, 0.2, "dirty.csv");
    let report = dir.path().join("laporan.csv");
    let (out, v) = import(dir.path(), &file, &["--report", report.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "rejections give exit code 1");
    let rejected = v["rejected"].as_u64().unwrap();
    let imported = v["imported"].as_u64().unwrap();
    assert!(
        rejected > 400 && rejected < 800,
        "about 20 % rejected, got {rejected}"
    );
    assert_eq!(imported + rejected, 3_000);
    assert_eq!(count(dir.path(), "workers") as u64, imported);

    let mut rdr = csv::Reader::from_path(&report).unwrap();
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        ["Baris", "Kolom", "Nilai", "Alasan"]
    );
    let mut lines = std::collections::BTreeSet::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        if !rec[3].starts_with("Peringatan") {
            lines.insert(rec[0].parse::<u64>().unwrap());
            assert!(!rec[3].is_empty());
        }
    }
    assert_eq!(
        lines.len() as u64,
        rejected,
        "every rejected row is in the report"
    );
}

#[test]
fn strict_mode_stores_nothing_when_a_row_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let file = generate_file(dir.path(), 1_000, 9, 0.05, "dirty.csv");
    let (out, v) = import(dir.path(), &file, &["--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["committed"], false);
    assert_eq!(v["imported"], 0);
    assert_eq!(count(dir.path(), "workers"), 0);
    assert_eq!(count(dir.path(), "imports"), 0);
}

#[test]
fn killed_import_leaves_the_database_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let before = generate_file(dir.path(), 1_000, 11, 0.0, "before.csv");
    let (_, v) = import(dir.path(), &before, &[]);
    assert_eq!(v["imported"], 1_000);
    let big = generate_file(dir.path(), 400_000, 12, 0.0, "big.csv");

    let mut child = paritrana(dir.path())
        .args(["import", "participants"])
        .arg(&big)
        .spawn()
        .unwrap();
    // Wait until the import is writing (its uncommitted pages reach the WAL), then kill it.
    let wal = dir.path().join("paritrana.db-wal");
    let start = Instant::now();
    loop {
        let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        if size > 4 << 20 {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("import finished ({status}) before it could be killed; make the file bigger");
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "import never started writing"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let conn = rusqlite::Connection::open(dir.path().join("paritrana.db")).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(conn);
    assert_eq!(count(dir.path(), "workers"), 1_000);
    assert_eq!(count(dir.path(), "enrolments"), 1_000);
    assert_eq!(count(dir.path(), "imports"), 1);

    // And the same file imports fine afterwards.
    let (_, v) = import(dir.path(), &big, &[]);
    assert_eq!(
        v["imported"].as_u64().unwrap()
            + v["unchanged"].as_u64().unwrap()
            + v["updated"].as_u64().unwrap(),
        400_000 - v["rejected"].as_u64().unwrap()
    );
}
