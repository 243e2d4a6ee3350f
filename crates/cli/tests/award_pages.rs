//! The Paritrana Award pages against the real server (docs/award-web.md): an assessor sees and
//! scores only their own assignments, a conflict of interest refuses the sheet, saved scores
//! land in the history with old and new values, bad values are refused naming the indicator;
//! an entrant registers, uploads evidence (type told by its bytes, 20 MiB at most), downloads it
//! as an attachment, submits (then locked), and sees scores only once the round is published.

mod common;

use common::{Server, paritrana, run};
use reqwest::blocking::{Client, Response};
use reqwest::header::{COOKIE, SET_COOKIE};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// (user, role, scope)
const USERS: &[(&str, &str, &str)] = &[
    ("sekretariat", "admin", "nasional"),
    ("asesor.satu", "assessor", "nasional"),
    ("asesor.paser", "assessor", "nasional"),
    ("op.paser", "pemda_operator", "64.01"),
    ("op.kukar", "pemda_operator", "64.02"),
];
const PASSWORD: &str = "kopi susu di balikpapan 7";

/// Adds an account with the test password.
fn add_user(dir: &Path, name: &str, role: &str, scope: &str) {
    common::add_user(dir, name, role, scope, PASSWORD);
}

fn add_users(dir: &Path) {
    for (name, role, scope) in USERS {
        add_user(dir, name, role, scope);
    }
}

/// A client keeping cookies by hand and never following redirects.
struct Browser {
    base: String,
    http: Client,
    cookies: HashMap<String, String>,
    csrf: String,
}

impl Browser {
    fn signed_in(base: &str, user: &str) -> Browser {
        let mut b = public_browser(base);
        let page = b.get("/masuk").text().unwrap();
        let csrf = hidden(&page, "csrf");
        let r = b.post(
            "/masuk",
            &[
                ("csrf", &csrf),
                ("username", user),
                ("password", PASSWORD),
                ("lanjut", "/"),
            ],
        );
        assert_eq!(r.status(), 303, "{user} signs in");
        let me: serde_json::Value = b.get("/api/v1/me").json().unwrap();
        b.csrf = me["csrf_token"].as_str().unwrap().to_string();
        b
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, r: &Response) {
        for h in r.headers().get_all(SET_COOKIE) {
            let text = h.to_str().unwrap();
            let (pair, attrs) = text.split_once(';').unwrap_or((text, ""));
            let (k, v) = pair.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
    }

    fn get(&mut self, path: &str) -> Response {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .send()
            .unwrap();
        self.keep(&r);
        r
    }

    fn json(&mut self, path: &str) -> serde_json::Value {
        let r = self.get(path);
        assert_eq!(r.status(), 200, "{path}");
        r.json().unwrap()
    }

    fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .form(form)
            .send()
            .unwrap();
        self.keep(&r);
        r
    }

    /// A signed form: the session's CSRF token added.
    fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let csrf = self.csrf.clone();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post(path, &all)
    }

    /// A multipart upload of one file (`berkas`) with text fields, built by hand.
    fn upload(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> Response {
        let boundary = "----paritrana-uji-7f3a";
        let mut body = Vec::new();
        let csrf = self.csrf.clone();
        for (k, v) in std::iter::once(&("csrf", csrf.as_str())).chain(fields) {
            write!(
                body,
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            )
            .unwrap();
        }
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        write!(body, "\r\n--{boundary}--\r\n").unwrap();
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .unwrap();
        self.keep(&r);
        r
    }
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// A server with the accounts and the demo award cycle of 2026: asesor.satu is assigned to
/// all five entries and declared a conflict with entry 2; asesor.paser works for Kab. Paser,
/// so the conflict rule kept them from entry 1.
fn setup(dir: &Path) -> Server {
    add_users(dir);
    // Kab. Paser's 2023 lists and target: the demo computes its figures from them.
    let tree =
        paritrana_core::region::RegionTree::from_csv(include_str!("../../../data/regions.csv"))
            .unwrap();
    let lists = paritrana_core::generate::seed::paser_2023(&tree, 1).unwrap();
    let file = dir.join("paser.csv");
    std::fs::write(&file, lists.concat()).unwrap();
    assert!(
        run(paritrana(dir).args(["import", "participants"]).arg(&file))
            .status
            .success()
    );
    assert!(
        run(paritrana(dir)
            .args(["import", "targets"])
            .arg(common::fixture("target_paser_2023.csv")))
        .status
        .success()
    );
    let out = run(paritrana(dir).args([
        "award-demo",
        "--assessor",
        "asesor.satu",
        "--assessor",
        "asesor.paser",
        "--home",
        "asesor.paser:64.01",
        "--conflict",
        "asesor.satu:2",
    ]));
    assert!(out.status.success());
    Server::start(dir, &[])
}

/// Checks a 200 answer of `GET template` against the server's OpenAPI document (the award
/// fragment's closed schemas).
fn conforms(b: &mut Browser, template: &str, answer: &serde_json::Value) {
    let mut root = b.json("/api/v1/openapi.json");
    let pointer = format!(
        "/paths/{}/get/responses/200/content/application~1json/schema",
        template.replace('~', "~0").replace('/', "~1")
    );
    assert!(root.pointer(&pointer).is_some(), "{template} is documented");
    root.as_object_mut().unwrap().insert(
        "$ref".into(),
        serde_json::Value::String(format!(
            "#{}",
            pointer.replace('{', "%7B").replace('}', "%7D")
        )),
    );
    let v = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&root)
        .unwrap();
    let errors: Vec<String> = v
        .iter_errors(answer)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{template}: {errors:?}\n{answer}");
}

fn entries_of(assignments: &serde_json::Value) -> Vec<i64> {
    assignments["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["entry"].as_i64().unwrap())
        .collect()
}

#[test]
fn an_assessor_scores_only_their_assignments_and_keeps_a_history() {
    let dir = tempfile::tempdir().unwrap();
    let server = setup(dir.path());

    // Kab. Paser's officer: entry 1 (Paser) was never assigned, and does not exist for them.
    let mut paser = Browser::signed_in(&server.base, "asesor.paser");
    assert_eq!(
        entries_of(&paser.json("/api/v1/award/assignments")),
        vec![2, 3, 4, 5]
    );
    let list = paser.get("/penilaian").text().unwrap();
    assert!(list.contains("Kabupaten Berau"), "{list}");
    assert!(!list.contains("Kabupaten Paser"), "{list}");
    assert_eq!(paser.get("/penilaian/2026/1/dokumen").status(), 404);
    assert_eq!(
        paser.get("/api/v1/award/2026/entries/1/history").status(),
        404
    );
    let r = paser.submit("/penilaian/2026/1/dokumen", &[("v_A1", "80")]);
    assert_eq!(r.status(), 404);

    // asesor.satu: entry 2 is assigned but conflicted: refused naming the declaration.
    let mut satu = Browser::signed_in(&server.base, "asesor.satu");
    assert_eq!(
        entries_of(&satu.json("/api/v1/award/assignments")),
        vec![1, 2, 3, 4, 5]
    );
    // A read-only API token of the assessor reads the same assignments.
    let out = run(paritrana(dir.path()).args(["token", "create", "asesor.satu", "--name", "baca"]));
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let by_token: serde_json::Value = Client::new()
        .get(format!("{}/api/v1/award/assignments", server.base))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(entries_of(&by_token), vec![1, 2, 3, 4, 5]);
    let r = satu.get("/penilaian/2026/2/dokumen");
    assert_eq!(r.status(), 403);
    let body = r.text().unwrap();
    assert!(body.contains("benturan kepentingan"), "{body}");
    assert_eq!(
        satu.submit("/penilaian/2026/2/dokumen", &[("v_A1", "80")])
            .status(),
        403
    );

    // The sheet of entry 1: the computed UCJ indicator is prefilled from its figure, which is
    // Kab. Paser's coverage on the cut-off date as the coverage API gives it.
    let cov = satu.json("/api/v1/coverage?region=64.01&date=2025-12-31");
    let (protected, target) = (
        cov["rows"][0]["protected"].as_i64().unwrap(),
        cov["rows"][0]["target"]["workers"].as_i64().unwrap(),
    );
    assert_eq!(target, 90_052);
    assert!(protected > 0, "{cov}");
    let milli = (protected as f64 * 100_000.0 / target as f64).round() as i64;
    let points = paritrana_core::award::points::Points::from_milli(milli);
    let sheet = satu.get("/penilaian/2026/1/dokumen").text().unwrap();
    assert!(
        sheet.contains(&format!("UCJ_PERSEN = {points} (2025-12-31)")),
        "{points}: {sheet}"
    );
    assert!(sheet.contains("name=\"v_A1\""), "{sheet}");
    assert!(
        sheet.contains(&format!(
            "value=\"{}\"",
            points.format(paritrana_core::Lang::En)
        )),
        "{sheet}"
    );
    assert!(sheet.contains("Perda diterapkan") || sheet.contains("name=\"v_C1\""));
    assert!(sheet.contains("0/"), "nothing saved yet: {sheet}");

    // Bad values: refused naming the indicator, the value and the reason; nothing saved.
    let r = satu.submit(
        "/penilaian/2026/1/dokumen",
        &[("v_A1", "abc"), ("v_C1", "60")],
    );
    assert_eq!(r.status(), 400);
    let body = r.text().unwrap();
    assert!(body.contains("indikator A1: `abc` bukan nilai"), "{body}");
    assert!(
        body.contains("indikator C1: nilai 60 bukan tingkat rubrik"),
        "{body}"
    );
    let r = satu.submit("/penilaian/2026/1/dokumen", &[("v_A1", "101")]);
    assert_eq!(r.status(), 400);
    assert!(
        r.text()
            .unwrap()
            .contains("indikator A1: nilai 101 di luar skala 0–100")
    );
    let history = satu.json("/api/v1/award/2026/entries/1/history");
    assert_eq!(history["changes"].as_array().unwrap().len(), 0);

    // Saved, then changed: both in the history, with old and new values.
    let r = satu.submit(
        "/penilaian/2026/1/dokumen",
        &[("v_A1", "80"), ("c_A1", "cek data"), ("v_C1", "75")],
    );
    assert_eq!(r.status(), 303);
    let r = satu.submit(
        "/penilaian/2026/1/dokumen",
        &[("v_A1", "85,5"), ("c_A1", "cek data"), ("v_C1", "75")],
    );
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        "/penilaian/2026/1/dokumen?disimpan=1"
    );
    let history = satu.json("/api/v1/award/2026/entries/1/history");
    let changes = history["changes"].as_array().unwrap();
    let a1: Vec<&serde_json::Value> = changes.iter().filter(|c| c["indicator"] == "A1").collect();
    assert_eq!(a1.len(), 2, "{history}");
    assert_eq!(a1[0]["old_value"], serde_json::Value::Null);
    assert_eq!(a1[0]["new_value"], 80_000);
    assert_eq!(a1[1]["old_value"], 80_000);
    assert_eq!(a1[1]["new_value"], 85_500);
    assert_eq!(a1[1]["changed_by"], "asesor.satu");
    let page = satu.get("/penilaian/2026/1/dokumen").text().unwrap();
    assert!(page.contains("value=\"85.5\""), "the value is kept");
    assert!(page.contains("<td class=\"num\">80</td><td class=\"num\">85,5</td>"));
    let assignments = satu.json("/api/v1/award/assignments");
    conforms(&mut satu, "/api/v1/award/assignments", &assignments);
    conforms(
        &mut satu,
        "/api/v1/award/{year}/entries/{entry}/history",
        &history,
    );
    assert_eq!(assignments["assignments"][0]["stages"][0]["given"], 2);
    // The other assessor does not see asesor.satu's scores of their shared entry 3 either.
    satu.submit("/penilaian/2026/3/dokumen", &[("v_A1", "70")]);
    let theirs = paser.json("/api/v1/award/2026/entries/3/history");
    assert_eq!(theirs["changes"].as_array().unwrap().len(), 0);
    // The secretariat: assigning Kab. Paser's officer to Kab. Paser is refused naming the rule;
    // the progress lists what is missing.
    let mut admin = Browser::signed_in(&server.base, "sekretariat");
    let panel_page = admin.get("/admin/penghargaan").text().unwrap();
    // The member option whose label names asesor.paser.
    let member = panel_page
        .split("<option value=\"")
        .skip(1)
        .find(|o| {
            o.split("</option>")
                .next()
                .unwrap()
                .contains("asesor.paser")
        })
        .map(|o| o[..o.find('"').unwrap()].to_string())
        .unwrap_or_else(|| panic!("asesor.paser is a member: {panel_page}"));
    let r = admin.submit(
        "/admin/penghargaan/2026/penugasan",
        &[("anggota", &member), ("peserta", "1")],
    );
    assert_eq!(r.status(), 403);
    let body = r.text().unwrap();
    assert!(
        body.contains("bertugas di wilayah 64.01, yang termasuk wilayah peserta #1"),
        "{body}"
    );
    assert!(panel_page.contains("Nilai yang belum diisi (pengingat)"));
    assert!(panel_page.contains("asesor.paser · 2 Pemerintah Kabupaten Kutai Kartanegara"));
    // A national panel formed in the form; a line that is not an assessor is refused naming it.
    let r = admin.submit(
        "/admin/penghargaan/2026/tim",
        &[
            ("tingkat", "nasional"),
            ("instansi", "PAKAR"),
            ("anggota", "asesor.satu\nop.paser"),
        ],
    );
    assert_eq!(r.status(), 400);
    assert!(
        r.text()
            .unwrap()
            .contains("Anggota baris 2: &#34;op.paser&#34; bukan akun asesor")
    );
    let r = admin.submit(
        "/admin/penghargaan/2026/tim",
        &[
            ("tingkat", "nasional"),
            ("instansi", "PAKAR"),
            ("anggota", "asesor.satu\nasesor.paser 64.01"),
        ],
    );
    assert_eq!(r.status(), 303);
    let page = admin.get("/admin/penghargaan").text().unwrap();
    assert!(page.contains("Tim penilai nasional"), "{page}");
    assert!(
        page.contains("asesor.satu (Pakar / akademisi, ketua)"),
        "{page}"
    );
    // An entrant never sees the history.
    let mut op = Browser::signed_in(&server.base, "op.paser");
    assert_eq!(op.get("/api/v1/award/2026/entries/1/history").status(), 403);
    assert_eq!(op.get("/penilaian").status(), 403);
}

/// Every score field of a sheet, filled with 100 (the top of every default scale).
fn full_sheet(html: &str) -> Vec<(String, String)> {
    let mut names: Vec<String> = html
        .match_indices("name=\"v_")
        .map(|(i, _)| {
            let rest = &html[i + 6..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect();
    names.dedup();
    names.into_iter().map(|n| (n, "100".to_string())).collect()
}

fn location(r: &Response) -> String {
    r.headers()["location"].to_str().unwrap().to_string()
}

#[test]
fn an_entrant_registers_uploads_evidence_submits_and_sees_scores_only_once_published() {
    let dir = tempfile::tempdir().unwrap();
    let server = setup(dir.path());
    let mut admin = Browser::signed_in(&server.base, "sekretariat");
    let mut op = Browser::signed_in(&server.base, "op.paser");
    let mut kukar = Browser::signed_in(&server.base, "op.kukar");

    // 2026's registration closed in March: the page says so and a registration is refused.
    let list = op.get("/penghargaan/peserta?tahun=2026").text().unwrap();
    assert!(
        list.contains("pendaftaran 2026 sudah ditutup 2026-03-31"),
        "{list}"
    );
    let r = op.submit(
        "/penghargaan/peserta",
        &[
            ("tahun", "2026"),
            ("kategori", "PEMKAB"),
            ("nama", "Pemerintah Kabupaten Paser"),
            ("wilayah", "64.01"),
        ],
    );
    assert_eq!(r.status(), 409);
    assert!(
        r.text()
            .unwrap()
            .contains("pendaftaran 2026 sudah ditutup 2026-03-31")
    );

    // The secretariat opens the 2027 cycle with registration running "today" (2026-11-23).
    let r = admin.submit(
        "/admin/penghargaan/siklus",
        &[
            ("tahun", "2027"),
            ("mulai", "2026-11-01"),
            ("selesai", "2027-03-31"),
        ],
    );
    assert_eq!(r.status(), 303);
    let list = op.get("/penghargaan/peserta?tahun=2027").text().unwrap();
    assert!(
        list.contains("Pendaftaran 2027 dibuka sampai 2027-03-31"),
        "{list}"
    );
    assert!(
        list.contains("name=\"wilayah\" required value=\"64.01\""),
        "{list}"
    );
    // Another kab/kota is outside the operator's scope.
    let r = op.submit(
        "/penghargaan/peserta",
        &[
            ("tahun", "2027"),
            ("kategori", "PEMKAB"),
            ("nama", "Pemerintah Kabupaten Kutai Kartanegara"),
            ("wilayah", "64.02"),
        ],
    );
    assert_eq!(r.status(), 403);
    assert!(r.text().unwrap().contains("Wilayah 64.02 di luar cakupan"));
    let r = op.submit(
        "/penghargaan/peserta",
        &[
            ("tahun", "2027"),
            ("kategori", "PEMKAB"),
            ("nama", "Pemerintah Kabupaten Paser"),
            ("wilayah", "64.01"),
            ("pernyataan", "UCJ 90,43 % pada akhir 2023."),
        ],
    );
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/penghargaan/peserta/2027/1");
    assert_eq!(kukar.get("/penghargaan/peserta/2027/1").status(), 403);

    // Evidence: an HTML page renamed .pdf and a 21 MiB file are refused, nothing kept.
    let page = "/penghargaan/peserta/2027/1/bukti";
    let html = b"<!doctype html><html><script>alert(document.cookie)</script></html>";
    let r = op.upload(page, &[("indikator", "C1")], "perda.pdf", html);
    assert_eq!(r.status(), 400);
    let body = r.text().unwrap();
    assert!(body.contains("perda.pdf"), "{body}");
    assert!(body.contains("isinya bukan PDF"), "{body}");
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(21 * 1024 * 1024, b'0');
    let r = op.upload(page, &[("indikator", "C1")], "besar.pdf", &big);
    assert_eq!(r.status(), 413);
    assert!(r.text().unwrap().contains("terlalu besar: batasnya 20 MiB"));
    let r = op.upload(
        page,
        &[("indikator", "Z9")],
        "perda.pdf",
        b"%PDF-1.4\n%%EOF\n",
    );
    assert_eq!(r.status(), 400, "an indicator the framework does not have");
    // A real PDF, twice: two records, one blob.
    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    for _ in 0..2 {
        let r = op.upload(page, &[("indikator", "C1")], "Perda UCJ é.pdf", pdf);
        let (status, to) = (r.status(), r.headers().get("location").cloned());
        let body = r.text().unwrap_or_default();
        assert_eq!(
            status,
            303,
            "{}",
            body.split("role=\"alert\">").nth(1).unwrap_or("")
        );
        assert_eq!(to.unwrap(), "/penghargaan/peserta/2027/1?ok=bukti");
    }
    let evidence = dir.path().join("award/evidence");
    let blobs: Vec<_> = std::fs::read_dir(&evidence)
        .unwrap()
        .filter_map(|d| d.ok())
        .filter(|d| d.file_name() != "incoming")
        .flat_map(|d| std::fs::read_dir(d.path()).unwrap())
        .collect();
    assert_eq!(blobs.len(), 1, "one blob per content");
    let entry_page = op.get("/penghargaan/peserta/2027/1").text().unwrap();
    let link = "/penghargaan/bukti/2027/1/";
    let at = entry_page.find(link).expect("a download link");
    let id: String = entry_page[at + link.len()..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let r = op.get(&format!("{link}{id}"));
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(
        h["content-disposition"],
        "attachment; filename=\"Perda UCJ _.pdf\""
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["content-security-policy"], "sandbox");
    assert_eq!(r.bytes().unwrap().as_ref(), pdf);
    assert_eq!(kukar.get(&format!("{link}{id}")).status(), 403);
    let mut public = public_browser(&server.base);
    assert_eq!(public.get(&format!("{link}{id}")).status(), 303);

    // Submitted: locked.
    let r = op.submit("/penghargaan/peserta/2027/1/kirim", &[]);
    assert_eq!(r.status(), 303);
    let r = op.submit(
        "/penghargaan/peserta/2027/1/pernyataan",
        &[("pernyataan", "diubah")],
    );
    assert_eq!(r.status(), 409);
    assert!(
        r.text()
            .unwrap()
            .contains("berkas peserta sudah dikirim dan terkunci")
    );
    let r = op.upload(page, &[("indikator", "C1")], "lagi.pdf", pdf);
    assert_eq!(r.status(), 409);
    let r = op.submit("/penghargaan/peserta/2027/1/kirim", &[]);
    assert_eq!(r.status(), 409);

    // 2026 (the demo): asesor.satu scores Paser's whole sheet; the entrant sees nothing yet.
    let mut satu = Browser::signed_in(&server.base, "asesor.satu");
    for stage in ["dokumen", "wawancara"] {
        let path = format!("/penilaian/2026/1/{stage}");
        let fields = full_sheet(&satu.get(&path).text().unwrap());
        assert!(fields.len() >= 3, "{fields:?}");
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = satu.submit(&path, &pairs);
        assert_eq!(r.status(), 303, "{path}");
    }
    let progress = satu.json("/api/v1/award/assignments");
    let first = &progress["assignments"][0]["stages"];
    assert_eq!(first[0]["percent"], 100_000, "{progress}");
    assert_eq!(first[1]["percent"], 100_000, "{progress}");
    let results =
        |b: &mut Browser| b.json("/api/v1/award/2026/entries")["entries"][0]["results"].clone();
    assert_eq!(results(&mut op), serde_json::json!([]));
    let list = op.get("/penghargaan/peserta?tahun=2026").text().unwrap();
    assert!(list.contains("belum diumumkan"), "{list}");
    assert!(!list.contains("nilai akhir 100"));
    // The secretariat sees the ranking, closes the round: still not published.
    let ranking = admin
        .get("/admin/penghargaan/2026/peringkat/provinsi")
        .text()
        .unwrap();
    assert!(ranking.contains("Pemerintah Kabupaten Paser"), "{ranking}");
    let r = admin.submit("/admin/penghargaan/2026/babak/provinsi/tutup", &[]);
    assert_eq!(r.status(), 303);
    assert_eq!(results(&mut op), serde_json::json!([]));
    let before = public.get("/penghargaan/2026").text().unwrap();
    assert!(
        before.contains("Belum ada hasil yang diumumkan"),
        "{before}"
    );
    assert_eq!(
        public.json("/api/v1/award/2026/results")["rounds"],
        serde_json::json!([])
    );
    let r = admin.submit("/admin/penghargaan/2026/babak/provinsi/umumkan", &[]);
    assert_eq!(r.status(), 303);
    let entries = op.json("/api/v1/award/2026/entries");
    conforms(&mut op, "/api/v1/award/{year}/entries", &entries);
    let now = results(&mut op);
    assert_eq!(now[0]["rank"], 1, "{now}");
    assert_eq!(now[0]["final_score"], 100_000, "{now}");
    let list = op.get("/penghargaan/peserta?tahun=2026").text().unwrap();
    assert!(list.contains("peringkat 1/1, nilai akhir 100"), "{list}");
    // The public results: ranks and scores, no assessor, as a page, JSON, XLSX and PDF.
    let page = public.get("/penghargaan/2026").text().unwrap();
    assert!(page.contains("Pemerintah Kabupaten Paser"), "{page}");
    assert!(page.contains("<td class=\"num\">100</td>"), "{page}");
    assert!(!page.contains("asesor.satu"));
    let api = public.json("/api/v1/award/2026/results");
    conforms(&mut public, "/api/v1/award/{year}/results", &api);
    assert_eq!(api["rounds"][0]["round"], "PROVINSI");
    assert_eq!(api["rounds"][0]["groups"][0]["province"], "64");
    assert_eq!(
        api["rounds"][0]["groups"][0]["ranked"][0]["final_score"],
        100_000
    );
    let xlsx = public.get("/penghargaan/2026/hasil.xlsx");
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.bytes().unwrap().starts_with(b"PK"));
    let pdf = public.get("/penghargaan/2026/hasil.pdf").bytes().unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = common::pdf_text(&pdf) {
        assert!(text.contains("Pemerintah Kabupaten Paser"), "{text}");
    }
    // Kukar's operator sees Kukar only, which has no complete sheet: not ranked.
    let theirs = kukar.json("/api/v1/award/2026/entries");
    assert_eq!(theirs["entries"].as_array().unwrap().len(), 1);
    assert_eq!(theirs["entries"][0]["entry"], 2);
    assert_eq!(theirs["entries"][0]["results"], serde_json::json!([]));
    // Scores can no longer change.
    let r = satu.submit("/penilaian/2026/1/dokumen", &[("v_A1", "50")]);
    assert_eq!(r.status(), 409);
}

/// Fills every score field of a sheet with `value`.
fn sheet_with(html: &str, value: &str) -> Vec<(String, String)> {
    full_sheet(html)
        .into_iter()
        .map(|(k, _)| (k, value.to_string()))
        .collect()
}

/// Scores both stages of `entry` with `value` everywhere, as `b`.
fn score_all(b: &mut Browser, entry: u32, value: &str) {
    for stage in ["dokumen", "wawancara"] {
        let path = format!("/penilaian/2026/{entry}/{stage}");
        let fields = sheet_with(&b.get(&path).text().unwrap(), value);
        assert!(fields.len() >= 3, "{path}: {fields:?}");
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(b.submit(&path, &pairs).status(), 303, "{path}");
    }
}

/// The value of the member option whose label contains `label`.
fn option_value(page: &str, label: &str) -> String {
    page.split("<option value=\"")
        .skip(1)
        .find(|o| o.split("</option>").next().unwrap().contains(label))
        .map(|o| o[..o.find('"').unwrap()].to_string())
        .unwrap_or_else(|| panic!("an option {label}: {page}"))
}

#[test]
fn the_national_chair_decides_the_winners_and_a_departure_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let server = setup(dir.path());
    let mut admin = Browser::signed_in(&server.base, "sekretariat");
    let mut satu = Browser::signed_in(&server.base, "asesor.satu");
    let mut paser = Browser::signed_in(&server.base, "asesor.paser");
    // Provincial round: Paser (1) by asesor.satu, Berau (3) by asesor.paser; closed.
    score_all(&mut satu, 1, "100");
    score_all(&mut paser, 3, "100");
    assert_eq!(
        admin
            .submit("/admin/penghargaan/2026/babak/provinsi/tutup", &[])
            .status(),
        303
    );
    // Figures are locked with the provincial round.
    let r = admin.submit("/admin/penghargaan/2026/angka/registri", &[]);
    assert_eq!(r.status(), 409);
    // The national panel: asesor.satu chairs; both nominees assigned to them.
    let r = admin.submit(
        "/admin/penghargaan/2026/tim",
        &[
            ("tingkat", "nasional"),
            ("instansi", "PAKAR"),
            ("anggota", "asesor.satu\nasesor.paser 64.01"),
        ],
    );
    assert_eq!(r.status(), 303);
    // A member added later: their region keeps them from that region's entry.
    add_user(dir.path(), "asesor.tiga", "assessor", "nasional");
    let add_member = |b: &mut Browser, panel: u32, akun: &str| {
        b.submit(
            &format!("/admin/penghargaan/2026/tim/{panel}/anggota"),
            &[("akun", akun), ("wilayah", "64.03"), ("instansi", "APINDO")],
        )
    };
    assert_eq!(add_member(&mut admin, 2, "asesor.tiga").status(), 303);
    let r = add_member(&mut admin, 2, "asesor.tiga");
    assert_eq!(r.status(), 400);
    assert!(
        r.text()
            .unwrap()
            .contains("tercantum dua kali sebagai anggota")
    );
    let r = add_member(&mut admin, 2, "op.paser");
    assert_eq!(r.status(), 400);
    assert!(
        r.text()
            .unwrap()
            .contains("Akun: &#34;op.paser&#34; bukan akun asesor")
    );
    assert_eq!(add_member(&mut admin, 99, "asesor.tiga").status(), 404);
    let page = admin.get("/admin/penghargaan").text().unwrap();
    let tiga = option_value(&page, "asesor.tiga — tim 2");
    let r = admin.submit(
        "/admin/penghargaan/2026/penugasan",
        &[("anggota", &tiga), ("peserta", "3")],
    );
    assert_eq!(r.status(), 403);
    assert!(r.text().unwrap().contains("bertugas di wilayah 64.03"));
    let member = option_value(&page, "asesor.satu — tim 2");
    for entry in ["1", "3"] {
        let r = admin.submit(
            "/admin/penghargaan/2026/penugasan",
            &[("anggota", &member), ("peserta", entry)],
        );
        assert_eq!(r.status(), 303, "{entry}");
    }
    // National scores: Paser 100, Berau 0 (the bottom of every scale).
    score_all(&mut satu, 1, "100");
    score_all(&mut satu, 3, "0");
    // Before the national round is closed there is nothing to decide.
    let before = satu.get("/penilaian/2026/penetapan").text().unwrap();
    assert!(before.contains("Babak nasional belum ditutup"), "{before}");
    assert_eq!(
        admin
            .submit("/admin/penghargaan/2026/babak/nasional/tutup", &[])
            .status(),
        303
    );
    // Only the national chair decides.
    assert_eq!(paser.get("/penilaian/2026/penetapan").status(), 403);
    assert_eq!(admin.get("/penilaian/2026/penetapan").status(), 403);
    assert_eq!(
        paser
            .submit(
                "/penilaian/2026/penetapan",
                &[("kategori", "PEMKAB"), ("juara1", "1"), ("juara2", "3")]
            )
            .status(),
        403
    );
    let list = satu.get("/penilaian").text().unwrap();
    assert!(list.contains("/penilaian/2026/penetapan"), "{list}");
    let sheet = satu.get("/penilaian/2026/penetapan").text().unwrap();
    assert!(sheet.contains("Pemerintah Kabupaten Berau"), "{sheet}");
    // Departing from the ranking without a reason is refused, naming the places.
    let r = satu.submit(
        "/penilaian/2026/penetapan",
        &[
            ("kategori", "PEMKAB"),
            ("juara1", "3"),
            ("juara2", "1"),
            ("juara3", ""),
            ("alasan", " "),
        ],
    );
    assert_eq!(r.status(), 400);
    let body = r.text().unwrap();
    assert!(
        body.contains(
            "juara 1 diberikan kepada peserta #3 padahal peringkatnya milik peserta #1: sebutkan alasannya"
        ),
        "{body}"
    );
    // With a reason it is recorded; the secretariat sees it.
    let r = satu.submit(
        "/penilaian/2026/penetapan",
        &[
            ("kategori", "PEMKAB"),
            ("juara1", "3"),
            ("juara2", "1"),
            ("juara3", ""),
            ("alasan", "verifikasi lapangan"),
        ],
    );
    assert_eq!(r.status(), 303);
    let page = admin.get("/admin/penghargaan").text().unwrap();
    assert!(
        page.contains("Juara I: Pemerintah Kabupaten Berau; Juara II: Pemerintah Kabupaten Paser"),
        "{page}"
    );
    // Following the ranking needs no reason; it replaces the earlier decision.
    let r = satu.submit(
        "/penilaian/2026/penetapan",
        &[
            ("kategori", "PEMKAB"),
            ("juara1", "1"),
            ("juara2", "3"),
            ("alasan", ""),
        ],
    );
    assert_eq!(r.status(), 303);
    // Published: the public page names the winners.
    assert_eq!(
        admin
            .submit("/admin/penghargaan/2026/babak/nasional/umumkan", &[])
            .status(),
        303
    );
    // Published winners are final.
    let r = satu.submit(
        "/penilaian/2026/penetapan",
        &[
            ("kategori", "PEMKAB"),
            ("juara1", "3"),
            ("alasan", "terlambat"),
        ],
    );
    assert_eq!(r.status(), 409);
    assert!(
        r.text()
            .unwrap()
            .contains("babak nasional sudah diumumkan: penetapan pemenang sudah final")
    );
    let results = Browser::signed_in(&server.base, "op.paser")
        .get("/penghargaan/2026")
        .text()
        .unwrap();
    assert!(
        results
            .contains("Juara I: Pemerintah Kabupaten Paser; Juara II: Pemerintah Kabupaten Berau"),
        "{results}"
    );
}

/// A client without an account.
fn public_browser(base: &str) -> Browser {
    Browser {
        base: base.to_string(),
        http: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        cookies: HashMap::new(),
        csrf: String::new(),
    }
}

/// The certificate codes linked on a page (`/piagam/PA…`), in order, once each.
fn codes_in(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, _) in html.match_indices("href=\"/piagam/PA") {
        let rest = &html[i + "href=\"/piagam/".len()..];
        let code = &rest[..rest.find(['"', '/', '?']).unwrap()];
        if !out.iter().any(|c| c == code) {
            out.push(code.to_string());
        }
    }
    out
}

/// The code of `recipient`'s certificate on the public results page.
fn code_of(results_page: &str, recipient: &str) -> Option<String> {
    let row = results_page
        .split("<tr>")
        .find(|r| r.starts_with(&format!("<td>{recipient}</td>")))?;
    codes_in(row).into_iter().next()
}

/// Every QR code on the first page of a PDF rendered at 150 dpi, or `None` without pdftoppm.
fn qr_codes(pdf: &[u8]) -> Option<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("piagam.pdf");
    std::fs::write(&path, pdf).unwrap();
    let prefix = dir.path().join("page");
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(&path)
        .arg(&prefix)
        .output()
        .ok()
        .filter(|o| o.status.success());
    if out.is_none() {
        eprintln!("pdftoppm not available: the QR code is not checked");
        return None;
    }
    let page = image::open(dir.path().join("page.png")).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        page.width() as usize,
        page.height() as usize,
        |x, y| page.get_pixel(x as u32, y as u32).0[0],
    );
    Some(
        prepared
            .detect_grids()
            .into_iter()
            .map(|g| g.decode().expect("a QR code that decodes").1)
            .collect(),
    )
}

#[test]
fn the_secretariat_issues_certificates_that_anyone_can_verify_until_withdrawn() {
    use paritrana_core::award::verification::VerificationCode;
    let dir = tempfile::tempdir().unwrap();
    let server = setup(dir.path());
    let mut admin = Browser::signed_in(&server.base, "sekretariat");
    let mut satu = Browser::signed_in(&server.base, "asesor.satu");
    let mut op = Browser::signed_in(&server.base, "op.paser");
    let mut public = public_browser(&server.base);
    let issue = "/admin/penghargaan/2026/piagam/provinsi/terbitkan";
    let signatories = "Menteri Ketenagakerjaan Republik Indonesia | Minister of Manpower | Nama Menteri\nDirektur Utama BPJS Ketenagakerjaan | Nama Direktur Utama";

    // Three regencies scored in full (Kutai Kartanegara, entry 2, is conflicted): juara I–III.
    for entry in [1, 3, 4] {
        for stage in ["dokumen", "wawancara"] {
            let path = format!("/penilaian/2026/{entry}/{stage}");
            let fields = full_sheet(&satu.get(&path).text().unwrap());
            let pairs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            assert_eq!(satu.submit(&path, &pairs).status(), 303, "{path}");
        }
    }
    let page = admin.get("/admin/penghargaan").text().unwrap();
    assert!(
        page.contains("Piagam diterbitkan untuk pemenang babak yang sudah diumumkan"),
        "no form before publication"
    );
    assert!(!page.contains(issue));

    // Closed but not published: refused with the reason.
    assert_eq!(
        admin
            .submit("/admin/penghargaan/2026/babak/provinsi/tutup", &[])
            .status(),
        303
    );
    let r = admin.submit(
        issue,
        &[("kota", "Jakarta"), ("penanda_tangan", signatories)],
    );
    assert_eq!(r.status(), 409);
    assert!(
        r.text()
            .unwrap()
            .contains("Babak provinsi belum diumumkan: piagam hanya diterbitkan")
    );
    assert_eq!(
        admin
            .submit("/admin/penghargaan/2026/babak/provinsi/umumkan", &[])
            .status(),
        303
    );
    let page = admin.get("/admin/penghargaan").text().unwrap();
    assert!(page.contains(issue), "the form of the published round");
    assert!(page.contains("value=\"Jakarta\""), "{page}");
    assert!(
        page.contains("<strong>0/3</strong>"),
        "3 winners, none with a piagam yet: {page}"
    );

    // Only the secretariat issues; forms need the session's CSRF token.
    let fields = [("kota", "Jakarta"), ("penanda_tangan", signatories)];
    assert_eq!(op.submit(issue, &fields).status(), 403);
    assert_eq!(satu.submit(issue, &fields).status(), 403);
    let r = public.post(issue, &fields);
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/masuk"), "{}", location(&r));
    assert_eq!(admin.post(issue, &fields).status(), 403, "no CSRF token");
    // A signatory line that is not "Jabatan | Nama" is refused naming the line.
    let r = admin.submit(
        issue,
        &[
            ("kota", "Jakarta"),
            ("penanda_tangan", "Menteri Ketenagakerjaan"),
        ],
    );
    assert_eq!(r.status(), 400);
    assert!(r.text().unwrap().contains(
        "Penanda tangan baris 1: &#34;Menteri Ketenagakerjaan&#34; harus berbentuk Jabatan | Nama"
    ));

    // Issued: one certificate per winner, juara I–III of PEMKAB (Kota Samarinda, PEMKOT, was
    // not scored: unranked, no winner); issuing again keeps the codes.
    assert_eq!(admin.submit(issue, &fields).status(), 303);
    let page = admin.get("/admin/penghargaan").text().unwrap();
    let codes = codes_in(&page);
    assert_eq!(codes.len(), 3, "{codes:?}");
    assert!(page.contains("<strong>3/3</strong>"), "{page}");
    assert_eq!(admin.submit(issue, &fields).status(), 303);
    let page = admin.get("/admin/penghargaan").text().unwrap();
    assert_eq!(codes_in(&page), codes, "issuing twice issues nothing new");

    // The public results link the certificates; Paser's entrant sees theirs too.
    let results = public.get("/penghargaan/2026").text().unwrap();
    let paser = code_of(&results, "Pemerintah Kabupaten Paser")
        .unwrap_or_else(|| panic!("Paser's piagam on the results page: {results}"));
    assert!(codes.contains(&paser));
    let entry_page = op.get("/penghargaan/peserta/2026/1").text().unwrap();
    assert!(
        entry_page.contains(&format!("/piagam/{paser}")),
        "{entry_page}"
    );

    // The verification page, for the public.
    let r = public.get(&format!("/piagam/{paser}"));
    assert_eq!(r.status(), 200);
    let body = r.text().unwrap();
    assert!(body.contains("Piagam ini sah"), "{body}");
    assert!(body.contains("Pemerintah Kabupaten Paser"), "{body}");
    assert!(
        body.contains("Kategori Pemerintah Kabupaten Tingkat Provinsi Kalimantan Timur"),
        "{body}"
    );
    assert!(body.contains("Paritrana Award 2026"));
    assert!(body.contains("Jakarta, 20 November 2026"), "{body}");
    assert!(
        body.contains("Nama Menteri")
            && body.contains("Menteri Ketenagakerjaan Republik Indonesia")
    );
    let english = public
        .get(&format!("/piagam/{paser}?lang=en"))
        .text()
        .unwrap();
    assert!(
        english.contains("Regency government category, provincial level, Kalimantan Timur"),
        "{english}"
    );
    assert!(english.contains("Minister of Manpower"), "{english}");
    // Typed loosely: lower case, spaces for dashes: the canonical page.
    let loose = paser.to_lowercase().replace('-', " ");
    let r = public.get(&format!("/piagam/{}", loose.replace(' ', "%20")));
    assert_eq!(r.status(), 308);
    assert_eq!(location(&r), format!("/piagam/{paser}"));
    let r = public.get(&format!("/piagam?kode={}", loose.replace(' ', "+")));
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/piagam/{paser}"));
    // One symbol mistyped: caught by the check symbol, before any lookup.
    let mut chars: Vec<char> = paser.chars().collect();
    chars[5] = if chars[5] == '7' { '8' } else { '7' };
    let mistyped: String = chars.into_iter().collect();
    let r = public.get(&format!("/piagam/{mistyped}"));
    assert_eq!(r.status(), 400);
    let body = r.text().unwrap();
    assert!(
        body.contains("ada karakter yang salah ketik (simbol pemeriksa)"),
        "{body}"
    );
    let r = public.get(&format!("/piagam/{mistyped}?lang=en"));
    assert!(
        r.text()
            .unwrap()
            .contains("a character is mistyped (check symbol)")
    );
    // A valid code that was never issued.
    let unknown = VerificationCode::new(2026, [1, 2, 3, 4, 5]).to_string();
    let r = public.get(&format!("/piagam/{unknown}"));
    assert_eq!(r.status(), 404);
    assert!(
        r.text()
            .unwrap()
            .contains(&format!("Piagam dengan kode {unknown} tidak terdaftar"))
    );

    // The JSON answer, checked against the OpenAPI document.
    let api = public.json(&format!("/api/v1/award/certificates/{paser}"));
    conforms(&mut public, "/api/v1/award/certificates/{code}", &api);
    assert_eq!(api["status"], "valid");
    assert_eq!(api["recipient"], "Pemerintah Kabupaten Paser");
    assert_eq!(api["round"], "PROVINSI");
    assert_eq!(api["province"], "Kalimantan Timur");
    assert_eq!(api["url"], format!("{}/piagam/{paser}", server.base));
    assert_eq!(
        public
            .get(&format!("/api/v1/award/certificates/{mistyped}"))
            .status(),
        400
    );
    assert_eq!(
        public
            .get(&format!("/api/v1/award/certificates/{unknown}"))
            .status(),
        404
    );

    // The PDF, printed again from the stored certificate: the same bytes every time.
    let r = public.get(&format!("/piagam/{paser}/pdf"));
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(
        h["content-disposition"],
        format!("attachment; filename=\"piagam-{paser}.pdf\"")
    );
    let pdf = r.bytes().unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(
        public.get(&format!("/piagam/{paser}/pdf")).bytes().unwrap(),
        pdf
    );
    if let Some(text) = common::pdf_text(&pdf) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains("Pemerintah Kabupaten Paser"), "{text}");
        assert!(text.contains(&paser), "{text}");
    }
    if let Some(found) = qr_codes(&pdf) {
        assert_eq!(found, vec![format!("{}/piagam/{paser}", server.base)]);
    }
    let english = public.get(&format!("/piagam/{paser}/pdf?lang=en"));
    assert_eq!(english.status(), 200);
    assert_ne!(english.bytes().unwrap(), pdf);

    // Withdrawn: a reason is required; the page says so (without the reason), the PDF is gone.
    let withdraw = "/admin/penghargaan/2026/piagam/cabut";
    let r = admin.submit(withdraw, &[("kode", &paser), ("alasan", " ")]);
    assert_eq!(r.status(), 400);
    assert!(r.text().unwrap().contains("alasan wajib diisi"));
    assert_eq!(
        op.submit(withdraw, &[("kode", &paser), ("alasan", "x")])
            .status(),
        403
    );
    let reason = "salah eja nama penerima";
    assert_eq!(
        admin
            .submit(withdraw, &[("kode", &paser), ("alasan", reason)])
            .status(),
        303
    );
    let r = admin.submit(withdraw, &[("kode", &paser), ("alasan", reason)]);
    assert_eq!(r.status(), 409);
    let body = public.get(&format!("/piagam/{paser}")).text().unwrap();
    assert!(body.contains("Piagam ini sudah dicabut"), "{body}");
    assert!(!body.contains(reason));
    assert!(!body.contains("/pdf\""), "no download link");
    let r = public.get(&format!("/piagam/{paser}/pdf"));
    assert_eq!(r.status(), 410);
    assert!(r.text().unwrap().contains("tidak dapat diunduh"));
    let api = public.json(&format!("/api/v1/award/certificates/{paser}"));
    conforms(&mut public, "/api/v1/award/certificates/{code}", &api);
    assert_eq!(api["status"], "withdrawn");
    assert!(api["withdrawn_on"].is_string());
    let results = public.get("/penghargaan/2026").text().unwrap();
    assert_eq!(code_of(&results, "Pemerintah Kabupaten Paser"), None);
    let page = admin.get("/admin/penghargaan").text().unwrap();
    assert!(page.contains(reason), "the secretariat sees the reason");
    assert!(page.contains("<strong>2/3</strong>"), "{page}");

    // Issued again: Paser gets a new code, the others keep theirs.
    assert_eq!(admin.submit(issue, &fields).status(), 303);
    let results = public.get("/penghargaan/2026").text().unwrap();
    let renewed = code_of(&results, "Pemerintah Kabupaten Paser").unwrap();
    assert_ne!(renewed, paser);
    let now = codes_in(&admin.get("/admin/penghargaan").text().unwrap());
    assert_eq!(now.len(), 4);
    assert!(codes.iter().all(|c| now.contains(c)));
}
