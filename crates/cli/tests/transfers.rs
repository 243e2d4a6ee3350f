//! Transfers between regions against the real server (docs/transfers.md): an operator of Kab.
//! Paser cannot import a worker actively registered by Kab. Kutai Kartanegara, asks for a
//! transfer instead; Kukar's operator sees it and approves it; the worker then lives in Paser,
//! the coverage of both regions moved by one, and the audit trail has each step on both sides.
//! A refusal changes nothing; an operator of a third region neither sees nor decides. The
//! region pages of both sides (and of their province) show the transfer to the accounts that may
//! read it, with the NIK masked; the public and other regions' accounts see nothing of it.

mod common;

use common::{Server, TODAY, add_user, paritrana, run};
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;

const HEADER: &str = "NIK,Nama,Jenis Kelamin,Tanggal Lahir,Kode Desa,Segmen,Kategori,Sektor,Sumber Dana,Program,Mulai,Selesai,Upah";
/// Registered and protected by Kab. Kutai Kartanegara (Perian, 64.02.01.2001).
const KUKAR_NIK: &str = "6402010204830041";
/// A second Kukar worker, for the refusal.
const KUKAR_NIK_2: &str = "6402015505900002";
const PASER_NIK: &str = "6401040204830021";
const PASER_VILLAGE: &str = "64.01.04.2010";
const KUKAR_VILLAGE: &str = "64.02.01.2001";

/// (user, scope, password)
const OPERATORS: &[(&str, &str, &str)] = &[
    ("op.paser", "64.01", "kopi susu di tanah grogot"),
    ("op.kukar", "64.02", "kopi susu di tenggarong 1"),
    ("op.berau", "64.03", "kopi susu di tanjung redeb"),
];

/// Accounts of other roles: (user, role, scope, password).
const OTHERS: &[(&str, &str, &str, &str)] = &[
    (
        "op.kaltim",
        "pemda_operator",
        "64",
        "kopi susu di samarinda 1",
    ),
    (
        "bpjs.kaltim",
        "bpjs_officer",
        "64",
        "kopi susu di balikpapan 1",
    ),
    (
        "asesor",
        "assessor",
        "nasional",
        "kopi susu di jakarta pusat",
    ),
];

fn add_operator(dir: &Path, name: &str, scope: &str, password: &str) {
    add_user(dir, name, "pemda_operator", scope, password);
}

fn token(dir: &Path, user: &str) -> String {
    let out = run(paritrana(dir).args(["token", "create", user, "--name", "uji", "--write"]));
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn csv_row(nik: &str, name: &str, sex: &str, born: &str, village: &str, start: &str) -> String {
    format!(
        "{nik},{name},{sex},{born},{village},BPU,PEKERJA_RENTAN,NELAYAN,APBD_KABKOTA,\"JKK,JKM\",{start},,1000000"
    )
}

fn write_list(dir: &Path, name: &str, rows: &[String]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    path
}

struct World {
    dir: tempfile::TempDir,
    server: Server,
    http: Client,
    tokens: HashMap<&'static str, String>,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let seed = write_list(
            dir.path(),
            "seed.csv",
            &[
                csv_row(
                    KUKAR_NIK,
                    "Ahmad Kukar",
                    "L",
                    "1983-04-02",
                    KUKAR_VILLAGE,
                    "2024-01-01",
                ),
                csv_row(
                    KUKAR_NIK_2,
                    "Sari Kukar",
                    "P",
                    "1990-05-15",
                    KUKAR_VILLAGE,
                    "2024-01-01",
                ),
                csv_row(
                    PASER_NIK,
                    "Budi Paser",
                    "L",
                    "1983-04-02",
                    PASER_VILLAGE,
                    "2024-01-01",
                ),
            ],
        );
        let out = run(paritrana(dir.path())
            .args(["import", "participants"])
            .arg(&seed)
            .args(["--format", "json"]));
        assert!(out.status.success());
        let mut tokens = HashMap::new();
        for (name, scope, password) in OPERATORS {
            add_operator(dir.path(), name, scope, password);
            tokens.insert(*name, token(dir.path(), name));
        }
        for (name, role, scope, password) in OTHERS {
            add_user(dir.path(), name, role, scope, password);
            tokens.insert(*name, token(dir.path(), name));
        }
        let server = Server::start(dir.path(), &[]);
        World {
            dir,
            server,
            http: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            tokens,
        }
    }

    fn as_user(&self, user: &str, req: RequestBuilder) -> RequestBuilder {
        req.header(AUTHORIZATION, format!("Bearer {}", self.tokens[user]))
    }

    fn get(&self, user: &str, path: &str) -> (u16, Value) {
        let r = self
            .as_user(user, self.http.get(format!("{}{path}", self.server.base)))
            .send()
            .unwrap();
        (r.status().as_u16(), r.json().unwrap_or(Value::Null))
    }

    /// A page as the account sees it (`None`: the public).
    fn page(&self, user: Option<&str>, path: &str) -> String {
        let req = self.http.get(format!("{}{path}", self.server.base));
        let req = match user {
            Some(u) => self.as_user(u, req),
            None => req,
        };
        let r = req.send().unwrap();
        assert_eq!(r.status(), 200, "{path} as {user:?}");
        r.text().unwrap()
    }

    fn post(&self, user: &str, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .as_user(user, self.http.post(format!("{}{path}", self.server.base)))
            .json(&body)
            .send()
            .unwrap();
        (r.status().as_u16(), r.json().unwrap_or(Value::Null))
    }

    /// Protected workers of a kab/kota today, as the public coverage API answers.
    fn coverage(&self, regency: &str) -> i64 {
        let v = self
            .server
            .json(&format!("/api/v1/coverage?region={regency}&date={TODAY}"));
        v["rows"][0]["protected"].as_i64().unwrap_or(0)
    }

    fn worker_village(&self) -> String {
        let (status, w) = self.get("op.kukar", &format!("/api/v1/workers/{KUKAR_NIK}"));
        assert_eq!(status, 200);
        w["village"].as_str().unwrap().to_string()
    }

    fn transfers(&self, user: &str) -> Vec<Value> {
        let (status, list) = self.get(user, "/api/v1/transfers");
        assert_eq!(status, 200, "{list}");
        list.as_array().unwrap().clone()
    }

    fn audit(&self, action: &str) -> Vec<(String, String)> {
        let out =
            run(paritrana(self.dir.path()).args(["audit", "--action", action, "--format", "json"]));
        assert!(out.status.success());
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let entries = v.as_array().cloned().unwrap_or_default();
        entries
            .iter()
            .map(|e| {
                (
                    e["object"].as_str().unwrap_or("").to_string(),
                    e["region"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }
}

#[test]
fn a_transfer_is_asked_by_the_receiver_and_approved_by_the_holder() {
    let w = World::new();
    let (kukar0, paser0) = (w.coverage("64.02"), w.coverage("64.01"));
    assert_eq!((kukar0, paser0), (2, 1));

    // Paser's operator imports Kukar's worker through the API: refused, naming Kukar.
    let list = std::fs::read(write_list(
        w.dir.path(),
        "ambil.csv",
        &[csv_row(
            KUKAR_NIK,
            "Nama Lain",
            "L",
            "1983-04-02",
            PASER_VILLAGE,
            "2026-06-01",
        )],
    ))
    .unwrap();
    let r = w
        .as_user(
            "op.paser",
            w.http.post(format!(
                "{}/api/v1/imports/participants?file_name=ambil.csv",
                w.server.base
            )),
        )
        .body(list)
        .send()
        .unwrap();
    let answer: Value = r.json().unwrap();
    let issue = &answer["issues"][0];
    assert_eq!(issue["code"], "registered_elsewhere", "{answer}");
    assert_eq!(issue["column"], "NIK");
    assert!(
        issue["reason_id"]
            .as_str()
            .unwrap()
            .contains("terdaftar aktif di wilayah lain: Kabupaten Kutai Kartanegara (64.02)"),
        "{issue}"
    );
    assert_eq!(w.worker_village(), KUKAR_VILLAGE);
    assert_eq!((w.coverage("64.02"), w.coverage("64.01")), (kukar0, paser0));

    // So Paser asks for a transfer.
    let (status, t) = w.post(
        "op.paser",
        "/api/v1/transfers",
        json!({"nik": KUKAR_NIK, "village": PASER_VILLAGE, "reason": "pindah domisili ke Tanah Grogot"}),
    );
    assert_eq!(status, 201, "{t}");
    assert_eq!(t["status"], "pending");
    assert_eq!(t["from_village"], KUKAR_VILLAGE);
    assert_eq!(t["may_decide"], false);
    assert_eq!(t["may_cancel"], true);
    let id = t["id"].as_i64().unwrap();
    // Asking twice is refused while the first waits.
    let (status, _) = w.post(
        "op.paser",
        "/api/v1/transfers",
        json!({"nik": KUKAR_NIK, "village": PASER_VILLAGE, "reason": "lagi"}),
    );
    assert_eq!(status, 409);

    // Kukar sees it, with the approve right; Berau does not see it and cannot decide it.
    let kukar_view = w.transfers("op.kukar");
    assert_eq!(kukar_view.len(), 1);
    assert_eq!(kukar_view[0]["may_decide"], true);
    assert!(w.transfers("op.berau").is_empty());
    for step in ["approve", "refuse", "cancel"] {
        let (status, _) = w.post(
            "op.berau",
            &format!("/api/v1/transfers/{id}/{step}"),
            json!({}),
        );
        assert_eq!(status, 403, "{step}");
    }
    // The requester cannot approve their own request.
    let (status, _) = w.post(
        "op.paser",
        &format!("/api/v1/transfers/{id}/approve"),
        json!({}),
    );
    assert_eq!(status, 403);
    assert_eq!(w.worker_village(), KUKAR_VILLAGE);

    // Kukar approves: the worker lives in Paser now, protected without a gap.
    let (status, t) = w.post(
        "op.kukar",
        &format!("/api/v1/transfers/{id}/approve"),
        json!({}),
    );
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["status"], "approved");
    assert_eq!(t["effective"], TODAY);
    assert_eq!(w.worker_village(), PASER_VILLAGE);
    assert_eq!(w.coverage("64.02"), kukar0 - 1);
    assert_eq!(w.coverage("64.01"), paser0 + 1);
    let (_, worker) = w.get("op.paser", &format!("/api/v1/workers/{KUKAR_NIK}"));
    let periods = worker["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2, "{worker}");
    assert_eq!(periods[0]["end"], "2026-11-22");
    assert_eq!(periods[1]["start"], TODAY);
    // Deciding again is a conflict.
    let (status, _) = w.post(
        "op.kukar",
        &format!("/api/v1/transfers/{id}/refuse"),
        json!({}),
    );
    assert_eq!(status, 409);

    // Each step is in the audit trail on both sides.
    let object = format!("transfer:{id}");
    for action in ["transfer.request", "transfer.approve"] {
        let mut regions: Vec<String> = w
            .audit(action)
            .into_iter()
            .filter(|(o, _)| *o == object)
            .map(|(_, r)| r)
            .collect();
        regions.sort();
        assert_eq!(regions, [PASER_VILLAGE, KUKAR_VILLAGE], "{action}");
    }
}

#[test]
fn a_refused_transfer_changes_nothing() {
    let w = World::new();
    let (kukar0, paser0) = (w.coverage("64.02"), w.coverage("64.01"));
    let (status, t) = w.post(
        "op.paser",
        "/api/v1/transfers",
        json!({"nik": KUKAR_NIK_2, "village": PASER_VILLAGE, "reason": "bekerja di Paser"}),
    );
    assert_eq!(status, 201, "{t}");
    let id = t["id"].as_i64().unwrap();
    let (status, t) = w.post(
        "op.kukar",
        &format!("/api/v1/transfers/{id}/refuse"),
        json!({"note": "masih bekerja di Tenggarong"}),
    );
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["status"], "refused");
    assert_eq!(t["note"], "masih bekerja di Tenggarong");
    assert_eq!((w.coverage("64.02"), w.coverage("64.01")), (kukar0, paser0));
    let paser_view = w.transfers("op.paser");
    assert_eq!(paser_view[0]["status"], "refused");
    let object = format!("transfer:{id}");
    let refusals: Vec<_> = w
        .audit("transfer.refuse")
        .into_iter()
        .filter(|(o, _)| *o == object)
        .collect();
    assert_eq!(refusals.len(), 2);
    // Asking for a worker already in one's own region, or for a NIK not registered, is refused.
    let (status, _) = w.post(
        "op.paser",
        "/api/v1/transfers",
        json!({"nik": PASER_NIK, "village": PASER_VILLAGE, "reason": "x"}),
    );
    assert_eq!(status, 409);
    let (status, _) = w.post(
        "op.paser",
        "/api/v1/transfers",
        json!({"nik": KUKAR_NIK, "village": KUKAR_VILLAGE, "reason": "x"}),
    );
    assert_eq!(status, 403, "a village outside one's scope");
}

/// Signs in through the form; returns the cookie header.
fn sign_in(base: &str, user: &str, password: &str) -> String {
    let http = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut jar: HashMap<String, String> = HashMap::new();
    let keep = |r: &reqwest::blocking::Response, jar: &mut HashMap<String, String>| {
        for h in r.headers().get_all(SET_COOKIE) {
            let text = h.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            jar.insert(k.to_string(), v.to_string());
        }
    };
    let header = |jar: &HashMap<String, String>| {
        jar.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let r = http.get(format!("{base}/masuk")).send().unwrap();
    keep(&r, &mut jar);
    let page = r.text().unwrap();
    let csrf = hidden(&page);
    let r = http
        .post(format!("{base}/masuk"))
        .header(COOKIE, header(&jar))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", user),
            ("password", password),
            ("lanjut", "/"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    keep(&r, &mut jar);
    header(&jar)
}

fn hidden(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).unwrap() + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

#[test]
fn the_page_lists_transfers_of_the_callers_region_with_signed_forms() {
    let w = World::new();
    let (status, t) = w.post(
        "op.paser",
        "/api/v1/transfers",
        json!({"nik": KUKAR_NIK, "village": PASER_VILLAGE, "reason": "pindah domisili"}),
    );
    assert_eq!(status, 201, "{t}");
    let id = t["id"].as_i64().unwrap();
    let base = &w.server.base;
    let cookie = |user: &str| {
        let (_, _, password) = OPERATORS.iter().find(|o| o.0 == user).unwrap();
        sign_in(base, user, password)
    };
    let page = |cookie: &str| {
        w.http
            .get(format!("{base}/pemindahan"))
            .header(COOKIE, cookie)
            .send()
            .unwrap()
            .text()
            .unwrap()
    };
    let kukar = cookie("op.kukar");
    let html = page(&kukar);
    assert!(
        html.contains(&format!("/pemindahan/{id}/setujui")),
        "{html}"
    );
    assert!(html.contains("pindah domisili"));
    let berau = cookie("op.berau");
    assert!(!page(&berau).contains(KUKAR_NIK));
    // A form without the session's CSRF token is refused and changes nothing.
    let r = w
        .http
        .post(format!("{base}/pemindahan/{id}/setujui"))
        .header(COOKIE, &kukar)
        .form(&[("csrf", "salah")])
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(w.worker_village(), KUKAR_VILLAGE);
    // Berau's signed form is refused too.
    let csrf = hidden(&page(&berau));
    let r = w
        .http
        .post(format!("{base}/pemindahan/{id}/setujui"))
        .header(COOKIE, &berau)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    // Kukar's signed form approves.
    let csrf = hidden(&page(&kukar));
    let r = w
        .http
        .post(format!("{base}/pemindahan/{id}/setujui"))
        .header(COOKIE, &kukar)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().unwrap().contains("disetujui"));
    assert_eq!(w.worker_village(), PASER_VILLAGE);
}

#[test]
fn the_console_requests_lists_and_decides_as_an_account() {
    let w = World::new();
    let cli = |args: &[&str]| run(paritrana(w.dir.path()).args(args));
    let out = cli(&[
        "transfer",
        "request",
        KUKAR_NIK_2,
        "--village",
        PASER_VILLAGE,
        "--reason",
        "pindah kerja",
        "--as",
        "op.paser",
    ]);
    assert!(out.status.success());
    let out = cli(&["transfer", "list", "--as", "op.berau", "--format", "json"]);
    assert_eq!(common::json(&out), json!([]));
    let out = cli(&["transfer", "list", "--as", "op.kukar", "--format", "json"]);
    let list = common::json(&out);
    let id = list[0]["id"].as_i64().unwrap().to_string();
    assert_eq!(list[0]["status"], "pending");
    let out = cli(&["transfer", "approve", &id, "--as", "op.berau"]);
    assert!(!out.status.success());
    let out = cli(&["transfer", "approve", &id, "--as", "op.kukar"]);
    assert!(out.status.success());
    let out = cli(&["workers", "show", KUKAR_NIK_2, "--format", "json"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(PASER_VILLAGE),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The transfers section of a region page, from its heading to the end of the page's content.
fn transfers_section(html: &str) -> Option<&str> {
    let start = html.find("<h2 id=\"pemindahan\">")?;
    let end = html[start..]
        .find("</main>")
        .map_or(html.len(), |e| start + e);
    Some(&html[start..end])
}

#[test]
fn a_transfer_is_on_the_pages_of_both_regions_for_those_who_may_read_it() {
    let w = World::new();
    let (status, t) = w.post(
        "op.paser",
        "/api/v1/transfers",
        json!({"nik": KUKAR_NIK, "village": PASER_VILLAGE, "reason": "pindah domisili ke Tanah Grogot"}),
    );
    assert_eq!(status, 201, "{t}");
    let id = t["id"].as_i64().unwrap();
    let masked = "6402••••••••0041";
    let row = format!("/pemindahan#pemindahan-{id}");

    // The holding region's page, as its operator: pending, outgoing, masked, linked to act on.
    let kukar = w.page(Some("op.kukar"), "/wilayah/64.02");
    let section = transfers_section(&kukar).expect("Kukar's operator sees the section");
    assert!(section.contains(masked), "{section}");
    assert!(section.contains(&row), "{section}");
    assert!(section.contains("keluar"), "{section}");
    assert!(section.contains("1 permintaan pemindahan menunggu keputusan"));
    assert!(
        kukar.contains("href=\"#pemindahan\""),
        "the count near the top"
    );
    assert!(
        !kukar.contains(KUKAR_NIK),
        "the full NIK is on /pemindahan only"
    );
    assert!(!kukar.contains("Tanah Grogot"), "nor the reason");
    // The receiving region's page, as its operator: incoming.
    let paser = w.page(Some("op.paser"), "/wilayah/64.01?lang=en");
    let section = transfers_section(&paser).expect("Paser's operator sees the section");
    assert!(
        section.contains(masked)
            && section.contains(&row.replace("/pemindahan", "/pemindahan?lang=en")),
        "{section}"
    );
    assert!(section.contains(">in<"), "{section}");
    assert!(
        section.contains("1 transfer request waits for a decision"),
        "{section}"
    );
    // The province counts those of its kab/kota, for its operator and BPJS officer.
    for user in ["op.kaltim", "bpjs.kaltim"] {
        let kaltim = w.page(Some(user), "/wilayah/64");
        let section = transfers_section(&kaltim).expect(user);
        assert!(section.contains(masked), "{user}: {section}");
        assert!(
            section.contains("di dalam wilayah"),
            "{user}: Kukar to Paser stays in Kaltim"
        );
    }
    // The village the worker leaves, and Paser's operator looking at Kukar's page (the
    // transfers between the two only).
    assert!(
        transfers_section(&w.page(Some("op.kukar"), "/wilayah/64.02.01.2001"))
            .unwrap()
            .contains(masked)
    );
    let seen_from_paser = w.page(Some("op.paser"), "/wilayah/64.02");
    let section = transfers_section(&seen_from_paser).unwrap();
    assert!(
        section.contains(masked)
            && section.contains("Hanya pemindahan antara wilayah ini dan wilayah Anda"),
        "{section}"
    );

    // A third region's operator sees the section, without this transfer.
    let berau = w.page(Some("op.berau"), "/wilayah/64.02");
    let section = transfers_section(&berau).unwrap();
    assert!(
        !berau.contains(masked) && !berau.contains(&row),
        "{section}"
    );
    assert!(section.contains("0 permintaan"), "{section}");
    // The public and an assessor: no section, no NIK, no count.
    for user in [None, Some("asesor")] {
        let html = w.page(user, "/wilayah/64.02");
        assert!(transfers_section(&html).is_none(), "{user:?}");
        assert!(
            !html.contains(masked) && !html.contains(KUKAR_NIK) && !html.contains("/pemindahan#"),
            "{user:?}"
        );
    }

    // Approved: the latest decisions of both pages list it, and nothing waits any more.
    let (status, _) = w.post(
        "op.kukar",
        &format!("/api/v1/transfers/{id}/approve"),
        json!({}),
    );
    assert_eq!(status, 200);
    for (user, path) in [
        ("op.kukar", "/wilayah/64.02"),
        ("op.paser", "/wilayah/64.01"),
    ] {
        let html = w.page(Some(user), path);
        let section = transfers_section(&html).unwrap();
        assert!(
            section.contains("0 permintaan") && section.contains("disetujui"),
            "{section}"
        );
        assert!(section.contains(masked), "{section}");
        assert!(
            !html.contains("href=\"#pemindahan\""),
            "no pending count near the top"
        );
    }
    // The public page, cached or not, still holds nothing of it.
    assert!(transfers_section(&w.page(None, "/wilayah/64.01")).is_none());
}
