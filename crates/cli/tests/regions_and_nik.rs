//! `paritrana regions …` and `paritrana nik check` as a user runs them.

mod common;
use common::*;

#[test]
fn regions_stats_counts_every_level_of_the_decree() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(paritrana(dir.path()).args(["regions", "stats", "--format", "json"]));
    assert!(out.status.success());
    let v = json(&out);
    assert_eq!(v["province"], 38);
    assert_eq!(v["regency"], 514);
    assert_eq!(v["district"], 7_285);
    assert_eq!(v["village"], 83_762);
    assert_eq!(v["total"], 91_599);
}

#[test]
fn regions_find_understands_kab_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        run(paritrana(dir.path()).args(["regions", "find", "Kab. Paser", "--format", "json"]));
    let v = json(&out);
    assert_eq!(v[0]["code"], "64.01");
    assert_eq!(v[0]["name"], "Kabupaten Paser");
    assert_eq!(v[0]["quality"], "exact");
    let out =
        run(paritrana(dir.path()).args(["regions", "find", "kota balikpapan", "--format", "json"]));
    assert_eq!(json(&out)[0]["code"], "64.71");
    let out = run(paritrana(dir.path()).args(["regions", "find", "Tidak Ada Namanya"]));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn regions_show_accepts_dotted_and_undotted_codes() {
    let dir = tempfile::tempdir().unwrap();
    let a = json(&run(paritrana(dir.path()).args([
        "regions",
        "show",
        "64.01.01.2009",
        "--format",
        "json",
    ])));
    let b = json(&run(paritrana(dir.path()).args([
        "regions",
        "show",
        "6401012009",
        "--format",
        "json",
    ])));
    assert_eq!(a, b);
    assert_eq!(a["level"], "village");
    let parents: Vec<&str> = a["parents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(parents, ["64", "64.01", "64.01.01"]);
    let paser = json(&run(
        paritrana(dir.path()).args(["regions", "show", "6401", "--format", "json"])
    ));
    assert_eq!(paser["children_level"], "district");
    let expected = include_str!("../../../data/regions.csv")
        .lines()
        .filter(|l| l.split(',').nth(1) == Some("64.01"))
        .count();
    assert_eq!(paser["children"], expected);
    let bad = run(paritrana(dir.path()).args(["regions", "show", "64.1"]));
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("bukan kode wilayah"));
}

#[test]
fn nik_check_reports_sex_birth_date_and_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        run(paritrana(dir.path()).args(["nik", "check", "6401015708850001", "--format", "json"]));
    assert!(out.status.success());
    let v = json(&out);
    assert_eq!(v["valid"], true);
    assert_eq!(v["sex"], "P");
    assert_eq!(v["birth_date"], "1985-08-17");
    assert_eq!(v["regency_name"], "Kabupaten Paser");

    let out =
        run(paritrana(dir.path()).args(["nik", "check", "9901013208850000", "--format", "json"]));
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["valid"], false);
    let codes: Vec<&str> = v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["unknown_province", "invalid_birth_date", "zero_serial"]
    );
    assert!(
        v["reasons"][0]["message"]
            .as_str()
            .unwrap()
            .contains("provinsi")
    );
}

#[test]
fn english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        paritrana(dir.path()).args(["--lang", "en", "nik", "check", "123", "--format", "json"])
    );
    let v = json(&out);
    assert_eq!(v["reasons"][0]["message"], "a NIK has 16 digits, not 3");
}
