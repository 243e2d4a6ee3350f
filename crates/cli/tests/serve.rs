//! `paritrana serve --demo` as the README runs it: the server starts on loopback, loads the demo
//! data set, answers the status page, the dashboard and the JSON API, and stops cleanly on SIGTERM.

mod common;
use common::*;

fn start(dir: &std::path::Path, rows: u64) -> Server {
    Server::start(dir, &["--demo", "--demo-rows", &rows.to_string()])
}

#[test]
fn demo_server_answers_status_regions_nik_and_workers() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start(dir.path(), 1_500);
    let b = &server.base;

    assert_eq!(get(&format!("{b}/healthz")).text().unwrap(), "ok");

    let status: serde_json::Value = get(&format!("{b}/api/v1/status")).json().unwrap();
    assert_eq!(status["backend"], "sqlite");
    assert_eq!(status["regions"]["regency"], 514);
    assert_eq!(status["regions"]["village"], 83_762);
    // The generated workers plus Kab. Paser's 2023 seed lists (82,836 workers).
    assert_eq!(status["registry"]["workers"], 1_500 + 82_836);
    // The demo participants and the demo target estimates.
    assert_eq!(status["registry"]["imports"], 3);

    // The counts are kept per store version: an import by another process shows at once.
    let list = dir.path().join("tambahan.csv");
    let generated = run(paritrana(dir.path())
        .args([
            "gen",
            "participants",
            "--rows",
            "200",
            "--seed",
            "77",
            "--out",
        ])
        .arg(&list));
    assert!(generated.status.success());
    let imported = json(&run(paritrana(dir.path())
        .args(["import", "participants"])
        .arg(&list)
        .args(["--format", "json"])));
    let added = imported["imported"].as_u64().unwrap();
    assert!(added > 150, "{imported}");
    let after: serde_json::Value = get(&format!("{b}/api/v1/status")).json().unwrap();
    assert_eq!(after["registry"]["workers"], 1_500 + 82_836 + added);
    assert_eq!(after["registry"]["imports"], 4);

    let page = get(&format!("{b}/status")).text().unwrap();
    assert!(page.contains("lang=\"id\""), "Bahasa Indonesia by default");
    let shown =
        paritrana_core::lang::format_count(1_500 + 82_836 + added, paritrana_core::Lang::Id);
    assert!(page.contains(&shown), "Indonesian digit grouping: {page}");
    let page_en = get(&format!("{b}/status?lang=en")).text().unwrap();
    assert!(page_en.contains("lang=\"en\""));
    // The home page is the coverage dashboard.
    let home = get(&format!("{b}/")).text().unwrap();
    assert!(home.contains("Cakupan UCJ"), "{home}");

    let found: serde_json::Value = get(&format!("{b}/api/v1/regions?q=kab.%20paser"))
        .json()
        .unwrap();
    assert_eq!(found[0]["code"], "64.01");

    let nik: serde_json::Value = get(&format!("{b}/api/v1/nik/6401015708850001"))
        .json()
        .unwrap();
    assert_eq!(nik["valid"], true);
    assert_eq!(nik["sex"], "P");

    // A demo worker, looked up through the public view: NIK and name masked.
    let conn = rusqlite::Connection::open(dir.path().join("paritrana.db")).unwrap();
    let (n, name): (i64, String) = conn
        .query_row("SELECT nik, name FROM workers LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let nik = format!("{n:016}");
    let body = get(&format!("{b}/api/v1/workers/{nik}")).text().unwrap();
    let w: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(w["nik"], format!("{}••••••••{}", &nik[..4], &nik[12..]));
    assert!(
        !body.contains(&nik),
        "the full NIK never leaves the public view"
    );
    assert!(!body.contains(&name), "nor the full name");
    assert!(!w["periods"].as_array().unwrap().is_empty());

    let missing = get(&format!("{b}/api/v1/workers/6401015708850009"));
    assert_eq!(missing.status(), 404);
    let bad = get(&format!("{b}/api/v1/workers/123"));
    assert_eq!(bad.status(), 400);

    // Demo targets: estimates for every kab/kota, each year from 2019 to this year, except
    // Kab. Paser's real 2023 target.
    let targets: serde_json::Value = get(&format!("{b}/api/v1/targets?region=64&year=2023"))
        .json()
        .unwrap();
    assert_eq!(targets["region"]["code"], "64");
    assert_eq!(targets["region"]["target"]["rolled_up"], true);
    assert_eq!(targets["children"].as_array().unwrap().len(), 10);
    let paser = &targets["children"][0];
    assert_eq!(paser["code"], "64.01");
    assert_eq!(paser["target"]["year"], 2023);
    assert_eq!(paser["target"]["workers"], 90_052);
    assert_eq!(paser["target"]["estimate"], false);
    let berau = &targets["children"][2];
    assert_eq!(berau["code"], "64.03");
    assert_eq!(berau["target"]["estimate"], true);
    assert!(
        berau["target"]["source"]
            .as_str()
            .unwrap()
            .contains("Sakernas 2023")
    );
    let nation: serde_json::Value = get(&format!("{b}/api/v1/targets")).json().unwrap();
    assert_eq!(nation["region"]["code"], "ID");
    assert_eq!(nation["year"], 2026);
    assert_eq!(nation["region"]["target"]["year"], 2026);
    assert_eq!(nation["children"].as_array().unwrap().len(), 38);
    let bad = get(&format!("{b}/api/v1/targets?region=Bengkulu"));
    assert_eq!(bad.status(), 400);

    // The demo answers the seed question: Paser at the end of 2023 against its real target,
    // the other kab/kota against estimates.
    let kaltim = server.json("/api/v1/coverage?region=64&level=kabkota&date=2023-12-31");
    let rows = kaltim["rows"].as_array().unwrap();
    let paser = rows.iter().find(|r| r["region"] == "64.01").unwrap();
    assert!(paser["protected"].as_u64().unwrap() >= 81_436);
    assert_eq!(paser["target"]["workers"], 90_052);
    assert_eq!(paser["target"]["estimate"], false);
    let pct = paser["coverage_pct"].as_f64().unwrap();
    assert!((90.43..91.0).contains(&pct), "{pct}");
    let berau = rows.iter().find(|r| r["region"] == "64.03").unwrap();
    assert_eq!(berau["target"]["estimate"], true);

    // SIGTERM: a graceful stop with exit code 0.
    let pid = server.child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let code = server.child.wait().unwrap();
    assert!(code.success(), "{code:?}");

    // A second start finds the data already there and does not load the demo again.
    let server = start(dir.path(), 1_500);
    let status: serde_json::Value = get(&format!("{}/api/v1/status", server.base))
        .json()
        .unwrap();
    // The demo's three imports and the one above: the demo is not loaded again.
    assert_eq!(status["registry"]["imports"], 4);
}
