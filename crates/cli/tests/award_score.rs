//! `paritrana award score`: an assessor's sheet saved from a file. A good sheet is saved whole,
//! with its history and audit entries; saved again unchanged it records nothing; one bad row
//! refuses the whole sheet naming row, column, value and reason; an account outside the panel
//! saves nothing.

mod common;

use common::{award_demo as demo, award_sheet as sheet, count, paritrana};
use std::path::Path;

fn score(dir: &Path, year: u16, user: &str, file: &Path) -> std::process::Output {
    paritrana(dir)
        .args([
            "award",
            "score",
            "--year",
            &year.to_string(),
            "--entry",
            "1",
        ])
        .args(["--stage", "dokumen", "--as", user])
        .arg(file)
        .output()
        .unwrap()
}

fn audited(dir: &Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join("paritrana.db")).unwrap();
    conn.query_row(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'award.score.set'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_sheet_is_saved_whole_with_history_and_audit_and_again_unchanged_records_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let year = demo(dir);
    let (csv, n) = sheet(year, 80);
    assert!(n >= 3, "the document stage has indicators");
    let file = dir.join("nilai.csv");
    std::fs::write(&file, csv).unwrap();

    let out = score(dir, year, "asesor.satu", &file);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!(
            "{n} nilai peserta #1 tahap dokumen disimpan ({n} berubah)"
        )),
        "{text}"
    );
    assert_eq!(count(dir, "award_scores"), n as i64);
    assert_eq!(count(dir, "award_score_history"), n as i64);
    assert_eq!(audited(dir), n as i64);

    let out = score(dir, year, "asesor.satu", &file);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("(0 berubah)"));
    assert_eq!(count(dir, "award_score_history"), n as i64);
    assert_eq!(audited(dir), n as i64);
}

#[test]
fn one_bad_row_refuses_the_whole_sheet_naming_row_column_value_and_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let year = demo(dir);
    let (csv, _) = sheet(year, 60);
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    // Row 3 (the second indicator) gets a value past any scale; an unknown indicator is added.
    let code = lines[2].split(';').next().unwrap().to_string();
    lines[2] = format!("{code};1000000;terlalu tinggi");
    lines.push("ZZ.99;50;".into());
    let file = dir.join("nilai.csv");
    std::fs::write(&file, lines.join("\n")).unwrap();

    let out = score(dir, year, "asesor.satu", &file);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("baris 3, kolom Nilai, nilai \"1000000\""),
        "{err}"
    );
    let last = lines.len();
    assert!(
        err.contains(&format!(
            "baris {last}, kolom Indikator, nilai \"ZZ.99\": bukan indikator tahap dokumen"
        )),
        "{err}"
    );
    assert!(
        err.contains("2 masalah; tidak ada nilai yang disimpan."),
        "{err}"
    );
    assert_eq!(
        count(dir, "award_scores"),
        0,
        "nothing of the sheet is saved"
    );
    assert_eq!(audited(dir), 0);
}

#[test]
fn an_assessor_outside_the_panel_saves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let year = demo(dir);
    let (csv, _) = sheet(year, 50);
    let file = dir.join("nilai.csv");
    std::fs::write(&file, csv).unwrap();
    let out = score(dir, year, "asesor.luar", &file);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tidak ditugaskan menilai peserta #1"), "{err}");
    assert_eq!(count(dir, "award_scores"), 0);
}
