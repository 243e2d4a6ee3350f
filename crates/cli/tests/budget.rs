//! `paritrana budget` as a planner runs it: the rates in force, one worker, the Kab. Paser plan
//! workbook under tests/fixtures (with its XLSX export read back), a village's CSV plan, bad
//! plans refused by row and column, and the cost of the enrolled workers of a region.

mod common;
use common::*;
use paritrana_core::import::Cell;

fn budget(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    run(paritrana(dir).arg("budget").args(args))
}

#[test]
fn paser_plan_workbook_answers_the_planners_question() {
    let dir = tempfile::tempdir().unwrap();
    let out_xlsx = dir.path().join("rencana.xlsx");
    let out = budget(
        dir.path(),
        &[
            "plan",
            fixture("rencana_anggaran_paser.xlsx").to_str().unwrap(),
            "--date",
            "2025-01-01",
            "--out",
            out_xlsx.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(out.status.success());
    let v = json(&out);
    assert_eq!(v["workers"], 49_446);
    assert_eq!(v["per_month"], 885_052_800);
    assert_eq!(v["total"], 10_620_633_600i64);
    let cohorts = v["cohorts"].as_array().unwrap();
    assert_eq!(cohorts.len(), 5, "the JUMLAH row is not a cohort");
    assert_eq!(
        cohorts[0]["total"], 6_505_228_800i64,
        "32,268 already protected"
    );
    assert_eq!(cohorts[1]["total"], 2_871_187_200i64, "14,242 more");
    assert_eq!(
        cohorts[2]["per_worker"]["total"], 51_800,
        "teachers with JHT"
    );
    assert_eq!(cohorts[4]["cohort"]["funding"], "CSR");
    let funding: Vec<(String, i64)> = v["by_funding"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["funding"].as_str().unwrap().to_owned(),
                f["total"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        funding,
        vec![
            ("APBD_KABKOTA".to_owned(), 10_122_336_000),
            ("DANA_DESA".to_owned(), 397_497_600),
            ("CSR".to_owned(), 100_800_000),
        ]
    );

    // The workbook for the APBD proposal: title, frozen header, one row per cohort, a total.
    let rows: Vec<Vec<Cell>> = paritrana_sheets::open(&out_xlsx)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(matches!(&rows[0][0], Cell::Text(t) if t.starts_with("RENCANA ANGGARAN IURAN")));
    assert_eq!(rows[3][1], Cell::Text("Uraian".into()));
    assert_eq!(rows[3][11], Cell::Text("Jumlah Iuran".into()));
    assert_eq!(rows[4][2], Cell::Number(32_268.0));
    assert_eq!(rows[9][1], Cell::Text("JUMLAH".into()));
    assert_eq!(rows[9][11], Cell::Number(10_620_633_600.0));
}

#[test]
fn one_village_from_dana_desa_in_a_semicolon_csv() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("desa.pdf");
    let out = budget(
        dir.path(),
        &[
            "plan",
            fixture("rencana_anggaran_desa.csv").to_str().unwrap(),
            "--date",
            "2025-01-01",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    if let Some(pdf) = pdf_text(&bytes) {
        assert!(pdf.contains("Rp 20.160.000"), "{pdf}");
        assert!(pdf.contains("PP 44/2015"), "{pdf}");
    }
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Rp 20.160.000"), "{text}");
    assert!(text.contains("Dana Desa Rp 20.160.000"), "{text}");
    assert!(text.contains("PP 44/2015"), "{text}");
}

#[test]
fn bad_plans_are_refused_by_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("salah.csv");
    std::fs::write(
        &file,
        "Uraian,Jumlah Pekerja,Segmen,Penghasilan,Program,Bulan,Sumber Dana\n\
         Negatif,-10,BPU,1000000,\"JKK, JKM\",12,APBD\n\
         Program salah,10,BPU,1000000,\"JKK, JKZ\",12,APBD\n\
         JP untuk BPU,10,BPU,1000000,\"JKK, JKM, JP\",12,Dana Desa\n",
    )
    .unwrap();
    let out = budget(
        dir.path(),
        &["plan", file.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let issues: Vec<(u64, String, String)> = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["line"].as_u64().unwrap(),
                i["column"].as_str().unwrap().to_owned(),
                i["problem"]["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        issues,
        vec![
            (2, "Jumlah Pekerja".into(), "negative_count".into()),
            (3, "Program".into(), "unknown_programme".into()),
            (4, "Program".into(), "programme_not_for_segment".into()),
        ]
    );
    let out = run(paritrana(dir.path())
        .args(["--lang", "en", "budget", "plan"])
        .arg(&file));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "Row 2, column Jumlah Pekerja (\"-10\"): the number of workers cannot be negative"
        ),
        "{err}"
    );
    assert!(err.contains("unknown programme `JKZ`"), "{err}");
}

#[test]
fn rates_and_one_worker_on_dates_around_the_rule_changes() {
    let dir = tempfile::tempdir().unwrap();
    let ceiling = |date: &str| {
        let v = json(&budget(
            dir.path(),
            &["rates", "--date", date, "--format", "json"],
        ));
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["segment"] == "PU" && r["programmes"] == serde_json::json!(["JP"]))
            .unwrap()["base_max"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(ceiling("2024-02-29"), 9_559_600);
    assert_eq!(ceiling("2024-03-01"), 10_042_300);

    let out = budget(
        dir.path(),
        &[
            "worker",
            "--segment",
            "BPU",
            "--income",
            "1.000.000",
            "--programmes",
            "JKK,JKM",
            "--date",
            "2024-06-01",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success());
    assert_eq!(json(&out)["total"], 16_800);

    let before = budget(
        dir.path(),
        &[
            "worker",
            "--segment",
            "BPU",
            "--income",
            "1000000",
            "--date",
            "2015-06-30",
        ],
    );
    assert_eq!(before.status.code(), Some(2));
    let err = String::from_utf8(before.stderr).unwrap();
    assert!(
        err.contains("tidak ada aturan iuran yang berlaku pada 2015-06-30"),
        "{err}"
    );
    let jp = budget(
        dir.path(),
        &[
            "worker",
            "--segment",
            "BPU",
            "--income",
            "1000000",
            "--programmes",
            "JKK,JKM,JP",
        ],
    );
    assert_eq!(jp.status.code(), Some(2));
    assert!(
        String::from_utf8(jp.stderr)
            .unwrap()
            .contains("JP tidak berlaku untuk segmen BPU")
    );
}

#[test]
fn enrolled_apbd_dana_desa_workers_cost_per_month() {
    let dir = tempfile::tempdir().unwrap();
    let imported = run(paritrana(dir.path())
        .args(["import", "participants"])
        .arg(fixture("peserta_english.csv"))
        .args(["--format", "json"]));
    assert!(imported.status.success());
    assert_eq!(json(&imported)["imported"], 10);
    let out = budget(
        dir.path(),
        &[
            "registry",
            "--region",
            "64.01",
            "--date",
            "2024-06-01",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success());
    let v = json(&out);
    // 5 BPU at Rp 16,800, a non-ASN with four programmes (Rp 314,160) and one with three
    // (Rp 212,160) at Rp 3,400,000, village apparatus at Rp 2,000,000 and Rp 3,500,000 income.
    // The self-paying (MANDIRI) trader is not a public budget.
    assert_eq!(v["cost"]["workers"], 9);
    assert_eq!(v["cost"]["per_month"], 678_920);
    let apbd = &v["cost"]["by_funding"][0];
    assert_eq!(apbd["funding"], "APBD_KABKOTA");
    assert_eq!(apbd["per_month"], 440_320, "the Pemda's share as employer");
    assert_eq!(v["cost"]["deducted_from_wage"], 170_000);
    // Outside Kab. Paser nobody is enrolled.
    let none = json(&budget(
        dir.path(),
        &[
            "registry",
            "--region",
            "64.71",
            "--date",
            "2024-06-01",
            "--format",
            "json",
        ],
    ));
    assert_eq!(none["cost"]["per_month"], 0);
    let after = json(&budget(
        dir.path(),
        &[
            "registry",
            "--region",
            "64.01",
            "--date",
            "2025-01-01",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        after["cost"]["workers"], 0,
        "the periods ended on 2024-12-31"
    );
}

#[test]
fn the_cost_of_a_coverage_gap() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(&budget(
        dir.path(),
        &[
            "gap",
            "--workers",
            "8616",
            "--months",
            "12",
            "--date",
            "2024-01-01",
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["cost"]["total"], 1_736_985_600i64);
    assert_eq!(v["basis"]["kind"], "given");
}

#[test]
fn reaching_full_coverage_in_paser_costs_the_gap_to_its_target() {
    // The Kab. Paser 2023 seed lists and target: 81,436 of 90,052 protected at the end of 2023.
    let dir = tempfile::tempdir().unwrap();
    let tree =
        paritrana_core::region::RegionTree::from_csv(include_str!("../../../data/regions.csv"))
            .unwrap();
    let list = dir.path().join("paser.csv");
    std::fs::write(
        &list,
        paritrana_core::generate::seed::paser_2023(&tree, 1)
            .unwrap()
            .concat(),
    )
    .unwrap();
    assert!(
        run(paritrana(dir.path())
            .args(["import", "participants"])
            .arg(&list))
        .status
        .success()
    );
    assert!(
        run(paritrana(dir.path())
            .args(["import", "targets"])
            .arg(fixture("target_paser_2023.csv")))
        .status
        .success()
    );
    let v = json(&budget(
        dir.path(),
        &[
            "gap",
            "--region",
            "Kab. Paser",
            "--coverage",
            "100",
            "--date",
            "2023-12-31",
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["basis"]["protected"], 81_436);
    assert_eq!(v["basis"]["target"], 90_052);
    assert_eq!(v["basis"]["gap"], 8_616);
    // 8,616 × Rp 16,800 (JKK + JKM at the lowest income) × 12 months.
    assert_eq!(v["cost"]["total"], 1_736_985_600i64);
    let v = json(&budget(
        dir.path(),
        &[
            "gap",
            "--region",
            "64.01",
            "--coverage",
            "95",
            "--date",
            "2023-12-31",
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["basis"]["needed"], 85_550);
    assert_eq!(v["basis"]["gap"], 4_114);
    // A region without a target cannot have a gap to it.
    let out = run(paritrana(dir.path()).args([
        "budget",
        "gap",
        "--region",
        "64.02",
        "--coverage",
        "100",
        "--date",
        "2023-12-31",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tidak ada target"));
}
