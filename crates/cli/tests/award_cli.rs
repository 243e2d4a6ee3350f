//! `paritrana award`: a cycle created with the defaults, a provincial round seeded through the
//! store API, closed, exported and verified; a tampered score is caught and named; a malformed
//! file is refused with its problem.

mod common;

use chrono::NaiveDate;
use common::{paritrana, run};
use paritrana_core::auth::{Role, Scope, Username};
use paritrana_core::award::framework::{Framework, Scale, Stage};
use paritrana_core::award::ids::{AssessorId, CategoryCode, EntryId};
use paritrana_core::award::panel::{Institution, PanelLevel, Round};
use paritrana_core::award::points::Points;
use paritrana_core::award::score::Score;
use paritrana_core::region::RegionCode;
use paritrana_store::accounts::NewUser;
use paritrana_store::award::{NewEntry, NewMember};
use paritrana_store::{AccountStore, Actor, AwardStore};
use paritrana_store_sqlite::SqliteStore;
use std::path::Path;

const YEAR: u16 = 2026;

fn actor(id: Option<i64>, name: &str) -> Actor {
    Actor {
        name: name.into(),
        user_id: id,
        addr: None,
    }
}

fn account(store: &SqliteStore, name: &str, role: Role) -> i64 {
    let new = NewUser {
        username: Username::parse(name).unwrap(),
        full_name: name.into(),
        role,
        scope: Scope::National,
        company: None,
        institution: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        must_change_password: false,
    };
    store.create_user(&new, &actor(None, "test")).unwrap().id
}

/// `level` percent of a range, or the rubric level nearest below it.
fn value(scale: &Scale, level: i64) -> Points {
    match scale {
        Scale::Range { min, max } => {
            Points::from_milli(min.milli() + (max.milli() - min.milli()) * level / 100)
        }
        Scale::Rubric { levels } => levels[(level as usize / 25).min(levels.len() - 1)].score,
    }
}

/// A provincial round of Kalimantan Timur (three regencies) and Kalimantan Selatan (one),
/// scored by two assessors each, seeded through the store API of the cycle the CLI created.
fn seed(data_dir: &Path) {
    let store = SqliteStore::open(&data_dir.join("paritrana.db")).unwrap();
    let admin = actor(None, "sekretariat");
    let pemkab = CategoryCode::parse("PEMKAB").unwrap();
    let framework: Framework = store.freeze_award_framework(YEAR, &pemkab, &admin).unwrap();
    let op = account(&store, "op.kalimantan", Role::PemdaOperator);
    let op_actor = actor(Some(op), "op.kalimantan");
    let registration = NaiveDate::from_ymd_opt(YEAR.into(), 2, 15).unwrap();
    for (name, region) in [
        ("Kabupaten Paser", "64.01"),
        ("Kabupaten Kutai Kartanegara", "64.02"),
        ("Kabupaten Berau", "64.03"),
        ("Kabupaten Tanah Laut", "63.01"),
    ] {
        let new = NewEntry {
            category: pemkab.clone(),
            name: name.into(),
            region: RegionCode::parse(region).unwrap(),
            company: None,
            statement: String::new(),
        };
        let rec = store
            .register_award_entry(YEAR, &new, registration, &op_actor)
            .unwrap();
        store
            .submit_award_entry(YEAR, rec.entry.id, registration, &op_actor)
            .unwrap();
    }
    let x = account(&store, "asesor.x", Role::Assessor);
    let y = account(&store, "asesor.y", Role::Assessor);
    let member = |id, chair| NewMember {
        account_id: id,
        institution: Institution::Bpjs,
        expertise: None,
        home_region: None,
        company: None,
        chair,
    };
    for (province, entries) in [("64", vec![1, 2, 3]), ("63", vec![4])] {
        let level = PanelLevel::Provincial(RegionCode::parse(province).unwrap());
        let panel = store
            .create_award_panel(YEAR, level, &[member(x, true), member(y, false)], &admin)
            .unwrap();
        for e in entries {
            for a in [x, y] {
                store
                    .assign_award_entry(YEAR, panel.id, AssessorId(a), EntryId(e), &admin)
                    .unwrap();
            }
        }
    }
    for (entry, levels) in [(1, [90, 80]), (2, [70, 60]), (3, [50, 55]), (4, [75, 75])] {
        for (a, level) in [x, y].into_iter().zip(levels) {
            for stage in Stage::ALL {
                for (_, i) in framework.indicators(*stage) {
                    let s = Score {
                        round: Round::Provincial,
                        assessor: AssessorId(a),
                        entry: EntryId(entry),
                        stage: *stage,
                        indicator: i.code.clone(),
                        value: value(&i.scale, level),
                        comment: String::new(),
                    };
                    store
                        .record_award_score(YEAR, &s, &actor(Some(a), "asesor"))
                        .unwrap();
                }
            }
        }
    }
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_closed_round_is_exported_and_verified_and_tampering_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    let out =
        run(paritrana(&data).args(["award", "cycle", "create", "--year", "2026", "--defaults"]));
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("Siklus penghargaan 2026 dibuat: 7 kategori"),
        "{text}"
    );
    assert!(text.contains("Pendaftaran"), "{text}");
    let again = paritrana(&data)
        .args(["award", "cycle", "create", "--year", "2026", "--defaults"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("siklus penghargaan 2026 sudah ada"));
    let no_defaults = paritrana(&data)
        .args(["award", "cycle", "create", "--year", "2027"])
        .output()
        .unwrap();
    assert_eq!(no_defaults.status.code(), Some(2));
    assert!(stderr(&no_defaults).contains("--defaults wajib"));

    seed(&data);
    let file = dir.path().join("provinsi-2026.json");
    let file_arg = file.to_str().unwrap();
    let export_args = [
        "award", "export", "--year", "2026", "--round", "provinsi", "--out", file_arg,
    ];
    // An open round is not exported.
    let open = paritrana(&data).args(export_args).output().unwrap();
    assert_eq!(open.status.code(), Some(2));
    assert!(
        stderr(&open).contains("Babak provinsi belum ditutup"),
        "{}",
        stderr(&open)
    );

    {
        let store = SqliteStore::open(&data.join("paritrana.db")).unwrap();
        let rankings = store
            .close_award_round(YEAR, Round::Provincial, &actor(None, "sekretariat"))
            .unwrap();
        let ranked: Vec<(Option<String>, Vec<u32>)> = rankings
            .iter()
            .map(|g| {
                (
                    g.province.map(|p| p.to_string()),
                    g.ranked.iter().map(|r| r.standing.entry.0).collect(),
                )
            })
            .collect();
        assert_eq!(
            ranked,
            vec![
                (Some("63".into()), vec![4]),
                (Some("64".into()), vec![1, 2, 3])
            ]
        );
    }
    let out = run(paritrana(&data).args(export_args));
    assert!(out.status.success());
    assert!(stdout(&out).contains("4 peserta"), "{}", stdout(&out));

    // The untouched export verifies, in either language, without a database.
    let elsewhere = dir.path().join("elsewhere");
    let ok = run(paritrana(&elsewhere).args(["award", "verify", file_arg]));
    assert_eq!(ok.status.code(), Some(0));
    assert!(
        stdout(&ok).starts_with("COCOK: Babak provinsi 2026"),
        "{}",
        stdout(&ok)
    );
    let ok_en = run(paritrana(&elsewhere).args(["--lang", "en", "award", "verify", file_arg]));
    assert!(stdout(&ok_en).starts_with("MATCH: Provincial round 2026"));
    assert!(!elsewhere.join("paritrana.db").exists());

    // One interview score of entry #2 lowered in the file: the verification names it.
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let score = json["scores"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["entry"] == 2 && s["indicator"] == "W1")
        .unwrap();
    assert_eq!(score["value"], 70_000);
    score["value"] = 10_000.into();
    let tampered = dir.path().join("tampered.json");
    std::fs::write(&tampered, serde_json::to_vec(&json).unwrap()).unwrap();
    let bad = paritrana(&elsewhere)
        .args(["award", "verify", tampered.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let text = stdout(&bad);
    assert!(text.starts_with("BERBEDA: Babak provinsi 2026"), "{text}");
    assert!(
        text.contains("PEMKAB, provinsi 64: nilai akhir peserta #2 diterbitkan"),
        "{text}"
    );
    assert!(!text.contains("peserta #1"), "{text}");
    let bad_en = paritrana(&elsewhere)
        .args([
            "--lang",
            "en",
            "award",
            "verify",
            tampered.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(bad_en.status.code(), Some(1));
    assert!(
        stdout(&bad_en).contains("PEMKAB, province 64: final score of entry #2 published"),
        "{}",
        stdout(&bad_en)
    );

    // A file that is not an export: the problem is named, exit 2.
    let malformed = dir.path().join("malformed.json");
    std::fs::write(&malformed, r#"{"year": 2026, "round": "PROVINSI"}"#).unwrap();
    let err = paritrana(&elsewhere)
        .args(["award", "verify", malformed.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(2));
    let msg = stderr(&err);
    assert!(
        msg.contains("bukan ekspor babak penghargaan yang sah"),
        "{msg}"
    );
    assert!(msg.contains("missing field `method`"), "{msg}");
    std::fs::write(&malformed, "not json at all").unwrap();
    let err = paritrana(&elsewhere)
        .args(["award", "verify", malformed.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(2));
    assert!(
        stderr(&err).contains("at line 1 column"),
        "{}",
        stderr(&err)
    );
}

/// Protected workers of `region` on `date`, from `paritrana coverage`.
fn protected(dir: &Path, region: &str, date: &str) -> i64 {
    let out = run(paritrana(dir).args([
        "coverage", "--region", region, "--date", date, "--format", "json",
    ]));
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["rows"][0]["protected"].as_i64().unwrap()
}

#[test]
fn figures_come_from_the_registry_on_the_cut_off_date() {
    let dir = tempfile::tempdir().unwrap();
    // Kab. Paser's 2023 worker lists and its real 2023 target (90,052).
    let tree =
        paritrana_core::region::RegionTree::from_csv(include_str!("../../../data/regions.csv"))
            .unwrap();
    let lists = paritrana_core::generate::seed::paser_2023(&tree, 1).unwrap();
    let file = dir.path().join("paser.csv");
    std::fs::write(&file, lists.concat()).unwrap();
    assert!(
        run(paritrana(dir.path())
            .args(["import", "participants"])
            .arg(&file))
        .status
        .success()
    );
    assert!(
        run(paritrana(dir.path())
            .args(["import", "targets"])
            .arg(common::fixture("target_paser_2023.csv")))
        .status
        .success()
    );
    // The 2024 cycle: figures cut off on 2023-12-31; the demo computes them when it seeds.
    let in_2024 = |c: &mut std::process::Command| {
        c.env("PARITRANA_TODAY", "2024-02-01");
    };
    let mut demo = paritrana(dir.path());
    in_2024(&mut demo);
    assert!(run(demo.arg("award-demo")).status.success());
    let mut cmd = paritrana(dir.path());
    in_2024(&mut cmd);
    let out = run(cmd.args([
        "award", "figures", "--year", "2024", "--show", "--format", "json",
    ]));
    assert!(out.status.success());
    let figures: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let figure = |entry: i64, metric: &str| {
        figures
            .iter()
            .find(|f| f["entry"] == entry && f["metric"] == metric)
            .map(|f| {
                assert_eq!(f["as_of"], "2023-12-31");
                f["value"].as_i64().unwrap()
            })
    };
    // Paser (entry 1): 81,436 of 90,052 = 90.432 % (the published 90.43 % to two decimals).
    assert_eq!(figure(1, "UCJ_PERSEN"), Some(90_432));
    // Growth over the twelve months before the cut-off, from the registry's own counts.
    let (now, before) = (
        protected(dir.path(), "64.01", "2023-12-31"),
        protected(dir.path(), "64.01", "2022-12-31"),
    );
    assert_eq!(now, 81_436);
    let growth = ((now - before) as f64 * 100_000.0 / before as f64).round() as i64;
    assert_eq!(figure(1, "PERTUMBUHAN_PESERTA"), Some(growth));
    assert!(figure(1, "PESERTA_JKK").unwrap() > 0);
    // Entered by the demo's secretariat, not from the registry: kept.
    assert_eq!(figure(1, "NON_ASN_TERLINDUNGI"), Some(85_400));
    // Kutai Kartanegara (entry 2) has no target here: no coverage figure, never 0 %.
    assert_eq!(figure(2, "UCJ_PERSEN"), None);
    assert_eq!(figure(2, "PESERTA_JKK"), Some(0));

    // Computing again says what it did and changes nothing.
    let mut again = paritrana(dir.path());
    in_2024(&mut again);
    let out = run(again.args(["award", "figures", "--year", "2024", "--format", "json"]));
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("5 peserta pemerintah daerah"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again, figures);
}
