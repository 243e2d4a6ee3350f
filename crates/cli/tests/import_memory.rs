//! The import's memory does not grow with the file (issue 16): a generated list of 2,000,000
//! rows, a few of them dirty or repeated, is imported by the real binary within a fixed budget
//! of resident memory, then imported again (every row now recorded: the look-up path), then
//! 200,000 rows whose periods start a day after the recorded ones (revised when the recorded
//! period is open, refused as overlapping otherwise), all within the same budget. Before the streaming import, 2,000,000 rows took about 600 MB and grew ~250 MB per
//! million rows.

mod common;
use common::*;
use std::path::Path;

const ROWS: u64 = 2_000_000;
/// Peak resident memory allowed to one import, whatever the file's size.
const BUDGET_MB: u64 = 256;

fn generate(dir: &Path, rows: u64, dirty: f64, name: &str) -> std::path::PathBuf {
    let out = dir.join(name);
    let r = run(paritrana(dir)
        .args(["gen", "participants", "--rows", &rows.to_string()])
        .args(["--seed", "16", "--dirty", &dirty.to_string(), "--out"])
        .arg(&out));
    assert!(r.status.success());
    out
}

fn import(dir: &Path, file: &Path) -> (serde_json::Value, u64) {
    let (out, peak) = run_measured(
        paritrana(dir)
            .args(["import", "participants"])
            .arg(file)
            .args(["--format", "json"]),
    );
    let v = json(&out);
    (v, peak)
}

#[test]
fn two_million_rows_import_twice_within_a_fixed_memory_budget() {
    let dir = tempfile::tempdir().unwrap();
    let file = generate(dir.path(), ROWS, 0.002, "peserta.csv");

    let (first, peak) = import(dir.path(), &file);
    eprintln!("first import of {ROWS} rows: peak {peak} MB");
    assert_eq!(first["read"], ROWS, "{first}");
    assert_eq!(first["committed"], true, "{first}");
    let imported = first["imported"].as_u64().unwrap();
    let rejected = first["rejected"].as_u64().unwrap();
    assert!(rejected > 0, "the dirty rows are refused: {first}");
    assert_eq!(imported + rejected, ROWS, "{first}");
    assert_eq!(count(dir.path(), "workers") as u64, imported);
    assert!(peak < BUDGET_MB, "first import: peak {peak} MB");

    let (again, peak) = import(dir.path(), &file);
    eprintln!("second import, every row recorded: peak {peak} MB");
    assert_eq!(again["unchanged"], imported, "{again}");
    assert_eq!(again["imported"], 0, "{again}");
    assert_eq!(again["rejected"], rejected, "{again}");
    assert!(peak < BUDGET_MB, "second import: peak {peak} MB");
    assert_eq!(count(dir.path(), "workers") as u64, imported);

    // The same workers, each with a period a day later than the recorded one: an open period is
    // revised, a closed one overlaps and is refused, each refusal reported with its NIK.
    let overlapping = dir.path().join("tumpang.csv");
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let header = reader.headers().unwrap().clone();
    let start = header.iter().position(|h| h == "Mulai").unwrap();
    let mut writer = csv::Writer::from_path(&overlapping).unwrap();
    writer.write_record(&header).unwrap();
    let mut written = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let Ok(d) = chrono::NaiveDate::parse_from_str(&record[start], "%Y-%m-%d") else {
            continue;
        };
        // One day later: a different period that still overlaps the recorded one.
        let later = (d + chrono::Days::new(1)).format("%Y-%m-%d").to_string();
        let cells: Vec<&str> = record
            .iter()
            .enumerate()
            .map(|(i, c)| if i == start { later.as_str() } else { c })
            .collect();
        writer.write_record(&cells).unwrap();
        written += 1;
        if written == 200_000 {
            break;
        }
    }
    writer.flush().unwrap();
    let (refused, peak) = import(dir.path(), &overlapping);
    let counts = ["read", "updated", "rejected"].map(|k| refused[k].as_u64().unwrap());
    eprintln!("200,000 shifted rows: peak {peak} MB, read / updated / rejected {counts:?}");
    assert_eq!(counts[0], 200_000);
    assert!(counts[1] > 50_000, "open periods revised: {counts:?}");
    assert!(counts[2] > 50_000, "closed periods overlapped: {counts:?}");
    let overlaps = refused["issue_counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "overlaps_recorded_period")
        .map(|c| c["count"].as_u64().unwrap());
    assert!(overlaps > Some(50_000), "{overlaps:?}");
    let first = &refused["issues"][0];
    assert_eq!(
        first["value"].as_str().map(str::len),
        Some(16),
        "named by NIK: {first}"
    );
    assert!(peak < BUDGET_MB, "overlapping rows: peak {peak} MB");
}
