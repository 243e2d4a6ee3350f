//! Importing the real-shaped Kab. Paser lists committed under tests/fixtures: files written by
//! another program than ours (openpyxl, Python's csv), with title rows, extra columns,
//! Indonesian and English headers, semicolons and NIKs that Excel turned into numbers.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn import(dir: &Path, file: &Path, extra: &[&str]) -> (std::process::Output, serde_json::Value) {
    let out = run(paritrana(dir)
        .args(["import", "participants"])
        .arg(file)
        .args(extra)
        .args(["--format", "json"]));
    let v = json(&out);
    (out, v)
}

fn errors(v: &serde_json::Value) -> BTreeSet<(u64, String, String)> {
    v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["severity"] == "error")
        .map(|i| {
            (
                i["row"].as_u64().unwrap(),
                i["column"].as_str().unwrap().to_owned(),
                i["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn good_workbook_with_title_rows_imports_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let (out, v) = import(dir.path(), &fixture("peserta_paser_baik.xlsx"), &[]);
    assert!(out.status.success(), "{v}");
    assert_eq!(
        v["header_row"], 4,
        "two title rows and a blank row come first"
    );
    assert_eq!(v["read"], 25);
    assert_eq!(v["imported"], 25);
    assert_eq!(v["rejected"], 0);
    assert_eq!(
        v["ignored_columns"],
        serde_json::json!(["No", "Tempat Lahir"])
    );
    assert_eq!(count(dir.path(), "workers"), 25);

    // A worker from the file, looked up by NIK.
    let conn = rusqlite::Connection::open(dir.path().join("paritrana.db")).unwrap();
    let nik: i64 = conn
        .query_row("SELECT nik FROM workers ORDER BY nik LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let shown = run(paritrana(dir.path()).args([
        "workers",
        "show",
        &format!("{nik:016}"),
        "--format",
        "json",
    ]));
    assert!(shown.status.success());
    let w = json(&shown);
    assert_eq!(w["person"]["nik"], format!("{nik:016}"));
    assert!(
        w["person"]["village"]
            .as_str()
            .unwrap()
            .starts_with("64.01.")
    );
    assert_eq!(w["periods"].as_array().unwrap().len(), 1);
}

#[test]
fn dirty_workbook_rejects_exactly_the_expected_rows_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("laporan.csv");
    let (out, v) = import(
        dir.path(),
        &fixture("peserta_paser_kotor.xlsx"),
        &["--report", report.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let expected: BTreeSet<(u64, String, String)> =
        csv::Reader::from_path(fixture("peserta_paser_kotor.expected.csv"))
            .unwrap()
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].parse().unwrap(), r[1].to_owned(), r[2].to_owned())
            })
            .collect();
    assert_eq!(errors(&v), expected);
    assert_eq!(v["rejected"], expected.len());
    assert_eq!(v["imported"], 10, "the ten valid rows are stored");
    assert_eq!(count(dir.path(), "workers"), 10);

    // The report names row, column, value and an Indonesian reason for each rejection.
    let mut rdr = csv::Reader::from_path(&report).unwrap();
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        ["Baris", "Kolom", "Nilai", "Alasan"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), expected.len());
    let short_nik = rows.iter().find(|r| &r[0] == "6").unwrap();
    assert_eq!(&short_nik[1], "NIK");
    assert_eq!(short_nik[2].len(), 15);
    assert!(short_nik[3].contains("16 digit"), "{}", &short_nik[3]);
    let unknown_village = rows.iter().find(|r| &r[0] == "21").unwrap();
    assert_eq!(&unknown_village[2], "64.01.04.2099");
}

#[test]
fn dirty_workbook_in_strict_mode_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (out, v) = import(
        dir.path(),
        &fixture("peserta_paser_kotor.xlsx"),
        &["--strict"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["committed"], false);
    assert_eq!(count(dir.path(), "workers"), 0);
    assert_eq!(count(dir.path(), "enrolments"), 0);
}

#[test]
fn niks_rounded_by_excel_get_their_own_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (_, v) = import(dir.path(), &fixture("peserta_nik_angka.xlsx"), &[]);
    let errs = errors(&v);
    assert_eq!(errs.len(), 5, "{v}");
    assert!(
        errs.iter()
            .all(|(_, col, code)| col == "NIK" && code == "excel_rounded_nik"),
        "{errs:?}"
    );
    assert_eq!(v["imported"], 2, "the two NIKs typed as text survive");
    let reasons: Vec<&str> = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.iter().all(|r| r.contains("Excel")), "{reasons:?}");
}

#[test]
fn english_headers_codes_and_labels_are_understood() {
    let dir = tempfile::tempdir().unwrap();
    let (out, v) = import(dir.path(), &fixture("peserta_english.csv"), &[]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["imported"], 10);
    assert_eq!(v["ignored_columns"], serde_json::json!([]));
    let conn = rusqlite::Connection::open(dir.path().join("paritrana.db")).unwrap();
    let village_fund: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM enrolments WHERE funding = 'DANA_DESA'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        village_fund, 2,
        "\"Village fund\" and DANA_DESA are the same source"
    );
}

#[test]
fn semicolon_csv_with_village_names_resolves_within_the_regency() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("peserta_titik_koma.csv");
    // Village names are only unique within a kab/kota: without one, the import says so.
    let (out, v) = import(dir.path(), &file, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["imported"], 0, "{v}");
    let (out, v) = import(dir.path(), &file, &["--kabkota", "Kab. Paser"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["imported"], 10);
    let conn = rusqlite::Connection::open(dir.path().join("paritrana.db")).unwrap();
    let wage: i64 = conn
        .query_row("SELECT MIN(wage) FROM enrolments", [], |r| r.get(0))
        .unwrap();
    assert_eq!(wage, 1_000_000, "\"Rp 1.000.000\" is one million rupiah");
}
