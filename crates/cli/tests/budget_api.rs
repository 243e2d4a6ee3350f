//! The budget API and page over HTTP, with the server started on loopback: rates on a date, one
//! worker, a JSON plan (the Kab. Paser seed), a refused plan, the /anggaran page in both
//! languages and its XLSX download.

mod common;
use common::*;

#[test]
fn budget_api_and_page_answer_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let b = &server.base;

    let rates = server.json("/api/v1/budget/rates?date=2024-03-01");
    assert_eq!(rates["date"], "2024-03-01");
    let jp = rates["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "PU-JP-2024")
        .expect("the JP rule of March 2024");
    assert_eq!(jp["base_max"], 10_042_300);
    assert_eq!(jp["legal_basis"], "PP 45/2015 Art. 28-29");
    let before = get(&format!("{b}/api/v1/budget/rates?date=2015-01-01"));
    assert_eq!(before.status(), 400);
    let body: serde_json::Value = before.json().unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("aturan paling awal berlaku mulai 2015-07-01")
    );

    let w = server.json(
        "/api/v1/budget/worker?segment=PU&income=2000000&programmes=JKK,JKM,JHT,JP&risk_class=1&date=2024-06-01",
    );
    assert_eq!(w["total"], 184_800);
    assert_eq!(w["employer"], 124_800);
    let bad = get(&format!(
        "{b}/api/v1/budget/worker?segment=BPU&income=1000000&programmes=JKK,JKM,JP"
    ));
    assert_eq!(bad.status(), 400);

    let client = reqwest::blocking::Client::new();
    let plan = serde_json::json!({
        "date": "2024-01-01",
        "cohorts": [{
            "label": "Pekerja rentan dan non-ASN Kab. Paser", "count": 46510, "segment": "BPU",
            "income": 1000000, "programmes": ["JKK", "JKM"], "months": 12,
            "funding": "APBD_KABKOTA"
        }]
    });
    let cost: serde_json::Value = client
        .post(format!("{b}/api/v1/budget/plan"))
        .json(&plan)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(cost["total"], 9_376_416_000i64);
    assert_eq!(cost["by_programme"][0]["programme"], "JKK");

    let refused = client
        .post(format!("{b}/api/v1/budget/plan"))
        .json(&serde_json::json!({"cohorts": [{
            "count": -1, "segment": "BPU", "income": 1000000, "programmes": "JKK,JKM",
            "months": 12, "funding": "APBD"
        }]}))
        .send()
        .unwrap();
    assert_eq!(refused.status(), 400);
    let body: serde_json::Value = refused.json().unwrap();
    assert_eq!(
        body["detail"]["issues"][0]["problem"]["code"],
        "negative_count"
    );
    assert_eq!(body["detail"]["issues"][0]["column"], "count");

    // The page: a village example on the first visit, totals, labelled inputs, English.
    let page = get(&format!("{b}/anggaran")).text().unwrap();
    assert!(page.contains("lang=\"id\""));
    assert!(page.contains("<label class=\"vh\" for=\"count0\">"));
    assert!(
        page.contains("Rp 20.160.000"),
        "100 workers from Dana Desa: {page}"
    );
    assert!(!page.contains("<script"), "no script needed");
    let query = "date=2025-01-01&rows=2&label0=Nelayan&count0=46.510&segment0=BPU&income0=1000000\
                 &programmes0=JKK%2CJKM&months0=12&funding0=APBD_KABKOTA";
    let page = get(&format!("{b}/anggaran?{query}")).text().unwrap();
    assert!(page.contains("Rp 9.376.416.000"), "{page}");
    assert!(page.contains("id=\"label1\""), "a second, empty row");
    let more = get(&format!(
        "{b}/anggaran?{}",
        query.replace("rows=2", "rows=3")
    ))
    .text()
    .unwrap();
    assert!(more.contains("id=\"label2\""), "'add a row' adds one");
    let en = get(&format!("{b}/anggaran?lang=en&{query}"))
        .text()
        .unwrap();
    assert!(en.contains("lang=\"en\"") && en.contains("Rp 9,376,416,000"));
    let wrong = get(&format!(
        "{b}/anggaran?{}",
        query.replace("count0=46.510", "count0=-5")
    ))
    .text()
    .unwrap();
    assert!(
        wrong.contains("jumlah pekerja tidak boleh negatif"),
        "{wrong}"
    );

    let xlsx = get(&format!("{b}/anggaran.xlsx?{query}"));
    assert_eq!(xlsx.status(), 200);
    assert_eq!(
        xlsx.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = xlsx.bytes().unwrap();
    assert_eq!(&bytes[..2], b"PK", "a zip container");
    let file = dir.path().join("unduhan.xlsx");
    std::fs::write(&file, &bytes).unwrap();
    let rows: Vec<_> = paritrana_sheets::open(&file)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        rows[5][11],
        paritrana_core::import::Cell::Number(9_376_416_000.0)
    );

    let pdf = get(&format!("{b}/anggaran.pdf?{query}"));
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&bytes) {
        assert!(text.contains("Rp 9.376.416.000"), "{text}");
        assert!(text.contains("Halaman 1 dari"), "{text}");
    }
    assert!(page.contains("/anggaran.pdf?"), "the page links the PDF");
}
