//! The seed figures of Kab. Paser, reproduced exactly through files, the CLI and the API:
//! 81,436 of 90,052 workers protected on 31 December 2023 = 90.43 %, 37,521 formal + non-ASN
//! and 43,915 informal + vulnerable; 65,894 protected at the start of 2023 (+23.6 %): formal
//! +10.19 %, informal +37.92 %.
//!
//! The worker lists come from `paritrana_core::generate::seed` (cohorts built from Paser's real
//! kecamatan and villages); the figures asserted here are the published ones.

mod common;
use common::*;
use paritrana_core::region::RegionTree;
use std::path::{Path, PathBuf};

/// Writes the seed lists into `parts` files, returns their paths.
fn write_lists(dir: &Path, parts: usize) -> Vec<PathBuf> {
    let tree = RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap();
    paritrana_core::generate::seed::paser_2023(&tree, parts)
        .unwrap()
        .into_iter()
        .enumerate()
        .map(|(k, body)| {
            let path = dir.join(format!("paser-{k}.csv"));
            std::fs::write(&path, body).unwrap();
            path
        })
        .collect()
}

fn import_all(data: &Path, files: &[PathBuf]) {
    for f in files {
        let out = run(paritrana(data)
            .args(["import", "participants"])
            .arg(f)
            .args(["--format", "json"]));
        let v = json(&out);
        assert_eq!(v["rejected"], 0, "{}", &v["issues"][0]);
    }
    let out = run(paritrana(data)
        .args(["import", "targets"])
        .arg(fixture("target_paser_2023.csv"))
        .args(["--format", "json"]));
    assert!(out.status.success());
}

fn coverage(data: &Path, args: &[&str]) -> serde_json::Value {
    let out = run(paritrana(data)
        .arg("coverage")
        .args(args)
        .args(["--format", "json"]));
    assert!(out.status.success());
    json(&out)
}

fn part<'a>(row: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    row["breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == code)
        .unwrap()
}

#[test]
fn paser_2023_coverage_is_90_43_percent() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_lists(dir.path(), 1);
    import_all(dir.path(), &files);

    let v = coverage(
        dir.path(),
        &[
            "--region",
            "Kab. Paser",
            "--date",
            "2023-12-31",
            "--by",
            "group",
        ],
    );
    let row = &v["rows"][0];
    assert_eq!(row["region"], "64.01");
    assert_eq!(row["protected"], 81_436);
    assert_eq!(row["target"]["workers"], 90_052);
    assert_eq!(row["target"]["estimate"], false);
    assert_eq!(row["coverage_pct"], 90.43);
    assert_eq!(part(row, "FORMAL")["protected"], 37_521);
    assert_eq!(part(row, "INFORMAL")["protected"], 43_915);

    // The table speaks Indonesian: "90,43 %", "81.436".
    let out =
        run(paritrana(dir.path()).args(["coverage", "--region", "64.01", "--date", "2023-12-31"]));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("90,43 %"), "{table}");
    assert!(table.contains("81.436"), "{table}");
}

#[test]
fn paser_grew_23_6_percent_during_2023() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_lists(dir.path(), 1);
    import_all(dir.path(), &files);
    let v = coverage(
        dir.path(),
        &[
            "--region",
            "6401",
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
            "--by",
            "group",
        ],
    );
    let row = &v["rows"][0];
    assert_eq!(row["from"], 65_894);
    assert_eq!(row["to"], 81_436);
    assert_eq!(row["change"], 15_542);
    assert_eq!(row["change_pct"], 23.59);
    let formal = &row["breakdown"][0];
    assert_eq!(formal["code"], "FORMAL");
    assert_eq!(
        (formal["from"].as_u64(), formal["to"].as_u64()),
        (Some(34_052), Some(37_521))
    );
    assert_eq!(formal["change_pct"], 10.19);
    let informal = &row["breakdown"][1];
    assert_eq!(
        (informal["from"].as_u64(), informal["to"].as_u64()),
        (Some(31_842), Some(43_915))
    );
    assert_eq!(informal["change_pct"], 37.92);

    // The monthly series: flat until March, then growing; December equals the year-end figure.
    let v = coverage(
        dir.path(),
        &[
            "--region",
            "64.01",
            "--series",
            "monthly",
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
        ],
    );
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 12);
    assert_eq!(points[0]["protected"], 65_894);
    assert_eq!(points[11]["protected"], 81_436);
    assert_eq!(points[11]["coverage_pct"], 90.43);
}

#[test]
fn kaltim_ranking_lists_paser_and_regions_without_target_apart() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_lists(dir.path(), 1);
    import_all(dir.path(), &files);
    let v = coverage(
        dir.path(),
        &["--region", "64", "--rank", "--date", "2023-12-31"],
    );
    assert_eq!(v["kind"], "ranking");
    assert_eq!(v["ranked"].as_array().unwrap().len(), 1);
    assert_eq!(v["ranked"][0]["rank"], 1);
    assert_eq!(v["ranked"][0]["region"], "64.01");
    let apart = v["without_target"].as_array().unwrap();
    assert_eq!(
        apart.len(),
        9,
        "the other nine kab/kota of Kalimantan Timur"
    );
    assert!(apart.iter().all(|r| r["coverage_pct"].is_null()));

    // Villages are listed within one kab/kota, not a whole province; unknown names are refused.
    for (args, says) in [
        (
            &["--region", "64", "--level", "desa"][..],
            "pilih wilayah kabupaten/kota",
        ),
        (&["--region", "Kab. Tidak Ada"][..], "tidak ditemukan"),
        (&["--by", "warna"][..], "rincian `warna` tidak dikenal"),
        (
            &["--from", "2023-12-31", "--to", "2023-01-01"][..],
            "sebelum tanggal awal",
        ),
    ] {
        let out = run(paritrana(dir.path()).arg("coverage").args(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }

    // The province has no target of its own and not every kab/kota has one: no target, not 0 %.
    let v = coverage(dir.path(), &["--region", "64", "--date", "2023-12-31"]);
    assert_eq!(v["rows"][0]["protected"], 81_436);
    assert!(v["rows"][0]["target"].is_null());
    assert!(v["rows"][0]["coverage_pct"].is_null());
}

#[test]
fn imports_in_any_order_give_the_same_answers() {
    let questions: [&[&str]; 4] = [
        &[
            "--region",
            "64.01",
            "--level",
            "kecamatan",
            "--date",
            "2023-12-31",
            "--by",
            "segment",
        ],
        &[
            "--region",
            "64",
            "--level",
            "kabkota",
            "--date",
            "2023-07-15",
            "--by",
            "programme",
        ],
        &[
            "--level",
            "provinsi",
            "--date",
            "2023-10-01",
            "--by",
            "sector",
        ],
        &[
            "--region",
            "64.01.04",
            "--level",
            "desa",
            "--date",
            "2023-12-31",
        ],
    ];
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let files = write_lists(a.path(), 3);
    import_all(a.path(), &files);
    let reversed: Vec<PathBuf> = files.iter().rev().cloned().collect();
    import_all(b.path(), &reversed);
    for q in questions {
        assert_eq!(coverage(a.path(), q), coverage(b.path(), q), "{q:?}");
    }
    // And the kecamatan of Paser add up to Paser.
    let kec = coverage(a.path(), questions[0]);
    let sum: u64 = kec["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["protected"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 81_436);
}

#[test]
fn the_api_answers_what_the_cli_answers() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_lists(dir.path(), 1);
    import_all(dir.path(), &files);
    let server = Server::start(dir.path(), &[]);
    let cases: [(&str, &[&str]); 3] = [
        (
            "region=Kab.%20Paser&date=2023-12-31&by=group",
            &[
                "--region",
                "Kab. Paser",
                "--date",
                "2023-12-31",
                "--by",
                "group",
            ],
        ),
        (
            "region=64.01&from=2023-01-01&to=2023-12-31&by=segment",
            &[
                "--region",
                "64.01",
                "--from",
                "2023-01-01",
                "--to",
                "2023-12-31",
                "--by",
                "segment",
            ],
        ),
        (
            "region=64&rank=true&date=2023-12-31",
            &["--region", "64", "--rank", "--date", "2023-12-31"],
        ),
    ];
    for (query, args) in cases {
        let api = server.json(&format!("/api/v1/coverage?{query}"));
        assert_eq!(api, coverage(dir.path(), args), "{query}");
    }
    assert_eq!(
        server.json("/api/v1/coverage?region=64.01&date=2023-12-31")["rows"][0]["coverage_pct"],
        90.43
    );
    let bad = get(&format!(
        "{}/api/v1/coverage?region=64.01&date=31-12-2023",
        server.base
    ));
    assert_eq!(bad.status(), 400);
    let body: serde_json::Value = bad.json().unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("bukan tanggal")
    );
}
