//! `paritrana coverage` with dates at and past the edges (issue 14, defect 7): a series from
//! before 1970 is answered, impossible ranges are refused with a message naming the option and
//! its value, and nothing panics.

mod common;
use common::*;

#[test]
fn a_monthly_series_from_1969_is_answered_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(paritrana(dir.path()).args([
        "coverage",
        "--series",
        "monthly",
        "--from",
        "1969-12-01",
        "--to",
        "1970-02-15",
        "--format",
        "json",
    ]));
    assert!(out.status.success());
    let v = json(&out);
    let dates: Vec<&str> = v["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["1969-12-31", "1970-01-31", "1970-02-15"]);
}

#[test]
fn impossible_date_ranges_are_refused_naming_option_and_value() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            &["--series", "monthly", "--from", "0001-01-01"][..],
            "from `0001-01-01`",
        ),
        (
            &["--series", "monthly", "--from", "2027-01-01"][..],
            "from `2027-01-01` sesudah date",
        ),
        (
            &[
                "--series",
                "monthly",
                "--from",
                "1900-01-01",
                "--to",
                "2200-12-31",
            ][..],
            "terlalu panjang",
        ),
        (
            &["--date", "9999-12-31"][..],
            "date `9999-12-31` di luar rentang tahun",
        ),
    ] {
        let out = run(paritrana(dir.path()).arg("coverage").args(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
