//! `paritrana import targets`, `targets list` and `targets estimate` end to end, on the
//! real-shaped fixtures under tests/fixtures: the Kab. Paser 2023 target (90,052, BPS Sakernas),
//! a dirty file with one bad row per reason, re-imports and the estimated targets.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn import(dir: &Path, file: &Path, extra: &[&str]) -> (std::process::Output, serde_json::Value) {
    let out = run(paritrana(dir)
        .args(["import", "targets"])
        .arg(file)
        .args(extra)
        .args(["--format", "json"]));
    let v = json(&out);
    (out, v)
}

fn list(dir: &Path, region: &str, year: &str) -> serde_json::Value {
    let out = run(paritrana(dir).args([
        "targets", "list", "--region", region, "--year", year, "--format", "json",
    ]));
    assert!(out.status.success());
    json(&out)
}

fn target_of<'a>(listing: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    &listing["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .unwrap_or_else(|| panic!("{code} not listed: {listing}"))["target"]
}

#[test]
fn paser_2023_target_imports_and_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let (out, v) = import(dir.path(), &fixture("target_paser_2023.csv"), &[]);
    assert!(out.status.success(), "{v}");
    assert_eq!(
        v["header_row"], 4,
        "two title rows and a blank row come first"
    );
    assert_eq!(
        (v["read"].as_u64(), v["imported"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(v["rejected"], 0);
    assert_eq!(v["ignored_columns"], serde_json::json!(["No"]));

    let listing = list(dir.path(), "64", "2023");
    let paser = target_of(&listing, "64.01");
    assert_eq!(
        paser["workers"], 90_052,
        "\"90.052\" is ninety thousand and fifty-two"
    );
    assert_eq!(paser["year"], 2023);
    assert_eq!(paser["source"], "BPS Sakernas Agustus 2023");
    assert_eq!(paser["estimate"], false);
    assert!(
        target_of(&listing, "64").is_null(),
        "Kaltim has no target while its other kab/kota have none"
    );
    // 2023's figure serves 2025 until 2025 is imported.
    assert_eq!(
        target_of(&list(dir.path(), "Kab. Paser", "2025"), "64.01")["year"],
        2023
    );

    let table =
        run(paritrana(dir.path()).args(["targets", "list", "--region", "64", "--year", "2023"]));
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("90.052"), "{text}");
    assert!(text.contains("tidak ada target"), "{text}");
}

#[test]
fn dirty_file_rejects_exactly_the_expected_rows_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("laporan.csv");
    let (out, v) = import(
        dir.path(),
        &fixture("targets_kotor.csv"),
        &["--report", report.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let expected: BTreeSet<(u64, String, String)> =
        csv::Reader::from_path(fixture("targets_kotor.expected.csv"))
            .unwrap()
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].parse().unwrap(), r[1].to_owned(), r[2].to_owned())
            })
            .collect();
    let found: BTreeSet<(u64, String, String)> = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["row"].as_u64().unwrap(),
                i["column"].as_str().unwrap().to_owned(),
                i["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    assert_eq!(v["rejected"], expected.len());
    assert_eq!(v["imported"], 4, "the four valid rows are stored");
    assert_eq!(count(dir.path(), "targets"), 4);

    let mut rdr = csv::Reader::from_path(&report).unwrap();
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        ["Baris", "Kolom", "Nilai", "Alasan"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), expected.len());
    let zero = rows.iter().find(|r| &r[0] == "19").unwrap();
    assert_eq!((&zero[1], &zero[2]), ("Target", "0"));
    assert!(zero[3].contains("tidak boleh 0"), "{}", &zero[3]);
    let duplicate = rows.iter().find(|r| &r[0] == "24").unwrap();
    assert!(duplicate[3].contains("baris 4"), "{}", &duplicate[3]);

    // The valid rows: a province's own row and a segment row are kept apart from totals.
    let kaltim_2024 = list(dir.path(), "64", "2024");
    assert_eq!(target_of(&kaltim_2024, "64")["workers"], 1_900_000);
    assert_eq!(target_of(&kaltim_2024, "64")["estimate"], true);
    let bpu = run(paritrana(dir.path()).args([
        "targets",
        "list",
        "--region",
        "64.01",
        "--year",
        "2023",
        "--segment",
        "BPU",
        "--format",
        "json",
    ]));
    assert_eq!(target_of(&json(&bpu), "64.01")["workers"], 43_915);
}

#[test]
fn english_report_has_english_headers() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.csv");
    let (out, _) = import(
        dir.path(),
        &fixture("targets_kotor.csv"),
        &["--lang", "en", "--report", report.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let mut rdr = csv::Reader::from_path(&report).unwrap();
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        ["Row", "Column", "Value", "Reason"]
    );
    let first = rdr.records().next().unwrap().unwrap();
    assert!(first[3].contains("is required"), "{}", &first[3]);
}

#[test]
fn strict_mode_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (out, v) = import(dir.path(), &fixture("targets_kotor.csv"), &["--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["committed"], false);
    assert_eq!(v["imported"], 0);
    assert_eq!(count(dir.path(), "targets"), 0);
    assert_eq!(count(dir.path(), "imports"), 0);
}

#[test]
fn dry_run_says_what_would_happen_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (out, v) = import(
        dir.path(),
        &fixture("target_paser_2023.csv"),
        &["--dry-run"],
    );
    assert!(out.status.success(), "{v}");
    assert_eq!(v["imported"], 1);
    assert_eq!(v["committed"], false);
    assert_eq!(count(dir.path(), "targets"), 0);
}

#[test]
fn reimport_counts_unchanged_then_replaced_and_keeps_history() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("target_paser_2023.csv");
    import(dir.path(), &file, &[]);
    let (out, v) = import(dir.path(), &file, &[]);
    assert!(out.status.success());
    assert_eq!(
        (&v["imported"], &v["replaced"], &v["unchanged"]),
        (&0.into(), &0.into(), &1.into())
    );

    let revised = dir.path().join("target_paser_2023_revisi.csv");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("90.052", "90.100");
    std::fs::write(&revised, text).unwrap();
    let (out, v) = import(dir.path(), &revised, &[]);
    assert!(out.status.success(), "{v}");
    assert_eq!(
        (&v["imported"], &v["replaced"], &v["unchanged"]),
        (&0.into(), &1.into(), &0.into())
    );
    assert_eq!(count(dir.path(), "targets_history"), 1);
    assert_eq!(
        target_of(&list(dir.path(), "64.01", "2023"), "64.01")["workers"],
        90_100
    );
    let conn = rusqlite::Connection::open(dir.path().join("paritrana.db")).unwrap();
    let former: i64 = conn
        .query_row("SELECT workers FROM targets_history", [], |r| r.get(0))
        .unwrap();
    assert_eq!(former, 90_052);
    let kinds: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM imports WHERE kind = 'targets'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kinds, 3);
}

#[test]
fn estimated_targets_for_514_kabkota_import_cleanly_as_estimates() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("estimasi-2023.csv");
    let out = run(paritrana(dir.path())
        .args(["targets", "estimate", "--year", "2023", "--out"])
        .arg(&out_file));
    assert!(out.status.success());
    let rows = csv::Reader::from_path(&out_file).unwrap().records().count();
    assert_eq!(rows, 514);

    let (out, v) = import(dir.path(), &out_file, &["--strict"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["imported"], 514);
    assert_eq!(v["rejected"], 0);

    let listing = list(dir.path(), "64", "2023");
    let paser = target_of(&listing, "64.01");
    assert_eq!(paser["estimate"], true);
    assert!(paser["workers"].as_u64().unwrap() > 90_052);
    println!("estimated Kab. Paser 2023: {}", paser["workers"]);
    let nation =
        run(paritrana(dir.path()).args(["targets", "list", "--year", "2023", "--format", "json"]));
    let nation = json(&nation);
    let total = target_of(&nation, "ID");
    assert_eq!(total["rolled_up"], true);
    assert_eq!(total["estimate"], true);
    let workers = total["workers"].as_u64().unwrap();
    assert!((100_000_000..160_000_000).contains(&workers), "{workers}");
    println!("estimated nation 2023: {workers}");
}

#[test]
fn source_and_estimate_flags_fill_absent_columns() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("penduduk_bekerja.csv");
    std::fs::write(
        &file,
        "Kode Wilayah;Tahun;Penduduk Bekerja\n64.01;2024;91.000\n",
    )
    .unwrap();
    let (out, v) = import(
        dir.path(),
        &file,
        &["--source", "Proyeksi Disnaker Paser", "--estimate"],
    );
    assert!(out.status.success(), "{v}");
    let paser = list(dir.path(), "64.01", "2024");
    let t = target_of(&paser, "64.01");
    assert_eq!(t["workers"], 91_000);
    assert_eq!(t["source"], "Proyeksi Disnaker Paser");
    assert_eq!(t["estimate"], true);

    // Without --source the file's name says where the figure came from.
    let other = dir.path().join("target_balikpapan.csv");
    std::fs::write(
        &other,
        "Wilayah,Tahun,Target\nKota Balikpapan,2024,\"330,000\"\n",
    )
    .unwrap();
    let (out, v) = import(dir.path(), &other, &[]);
    assert!(out.status.success(), "{v}");
    let t = target_of(&list(dir.path(), "64.71", "2024"), "64.71").clone();
    assert_eq!(t["workers"], 330_000);
    assert_eq!(t["source"], "Berkas target_balikpapan.csv");
    assert_eq!(t["estimate"], false);
}
