//! The worker pages against the real server: `/pekerja` (NIK check for everyone, name search
//! inside one's scope, paging) and `/pekerja/{nik}` (masked for the public and out-of-scope
//! accounts, full and audited in scope; coverage history), errors in Bahasa Indonesia and
//! English, and a trace log free of NIKs and names.

mod common;

use common::{Server, fixture, paritrana, run};
use reqwest::blocking::{Client, Response};
use reqwest::header::{COOKIE, SET_COOKIE};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

/// Muhammad Yusuf, Paser: a 2024 period (peserta_english.csv) and an open CSR period from
/// 2025 (written by `seed`), so protected today (2026-11-23).
const YUSUF: &str = "6401040204830021";
const YUSUF_MASKED: &str = "6401••••••••0021";
/// Ahmad Kukar, Kab. Kutai Kartanegara.
const KUKAR: &str = "6402010204830041";

const USERS: &[(&str, &str, &str)] = &[
    ("admin", "admin", "nasional"),
    ("op.paser", "pemda_operator", "64.01"),
    ("op.kukar", "pemda_operator", "64.02"),
    ("asesor", "assessor", "nasional"),
];

/// Every test account's password (it may not contain the user name).
fn password(_user: &str) -> String {
    "kopi susu di tanah grogot 7".to_string()
}

/// Twenty-five "Budi Santoso" in Tanah Grogot (for paging) and Yusuf's second period.
fn seed(dir: &Path) {
    for (name, role, scope) in USERS {
        let mut child = paritrana(dir)
            .args(["user", "add", name, "--role", role, "--scope", scope])
            .arg("--password-stdin")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{}", password(name)).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "user {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut extra = String::from(
        "NIK,Nama,Jenis Kelamin,Tanggal Lahir,Kode Desa,Segmen,Kategori,Sektor,Sumber Dana,\
         Perusahaan CSR,Program,Mulai,Selesai,Upah\n",
    );
    extra.push_str(&format!(
        "{YUSUF},Muhammad Yusuf,L,1983-04-02,64.01.04.2010,BPU,PEKERJA_RENTAN,NELAYAN,CSR,\
         PT Contoh Sawit,\"JKK, JKM\",2025-03-01,,1500000\n"
    ));
    for day in 1..=25 {
        extra.push_str(&format!(
            "640104{day:02}0190{serial:04},Budi Santoso,L,1990-01-{day:02},64.01.04.2010,BPU,\
             PEKERJA_RENTAN,PETANI,APBD_KABKOTA,,\"JKK, JKM\",2026-01-01,2026-12-31,1000000\n",
            serial = 100 + day
        ));
    }
    let extra_path = dir.join("tambahan.csv");
    std::fs::write(&extra_path, extra).unwrap();
    for file in [
        fixture("peserta_english.csv"),
        fixture("peserta_kukar.csv"),
        extra_path,
    ] {
        let out = run(paritrana(dir)
            .args(["import", "participants", "--strict"])
            .arg(&file));
        assert!(out.status.success(), "import {}", file.display());
    }
}

/// A client that keeps cookies by hand (secure cookies over loopback HTTP included) and never
/// follows redirects.
struct Browser {
    base: String,
    http: Client,
    cookies: HashMap<String, String>,
}

impl Browser {
    fn new(base: &str) -> Browser {
        Browser {
            base: base.to_string(),
            http: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: HashMap::new(),
        }
    }

    fn signed_in(base: &str, user: &str) -> Browser {
        let mut b = Browser::new(base);
        let page = b.get("/masuk").text().unwrap();
        let csrf = hidden(&page, "csrf");
        let r = b.post(
            "/masuk",
            &[
                ("csrf", &csrf),
                ("username", user),
                ("password", &password(user)),
                ("lanjut", "/"),
            ],
        );
        assert_eq!(r.status(), 303, "{user} signs in");
        b
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

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
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

    /// Submits one of the `/pekerja` forms with the page's CSRF token.
    fn search(&mut self, fields: &[(&str, &str)]) -> (u16, String) {
        let page = self.get("/pekerja").text().unwrap();
        let csrf = hidden(&page, "csrf");
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        let r = self.post("/pekerja", &form);
        (r.status().as_u16(), unquote(&r.text().unwrap()))
    }

    fn page(&mut self, path: &str) -> (u16, String) {
        let r = self.get(path);
        (r.status().as_u16(), unquote(&r.text().unwrap()))
    }
}

/// The page with its escaped quotes read back, so messages can be compared as text.
fn unquote(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// The audit entries `worker.view` about `nik`, by actor, as the administrator reads them.
fn views_of(admin: &mut Browser, nik: &str) -> Vec<String> {
    let entries: Vec<serde_json::Value> = admin
        .get(&format!("/api/v1/audit?action=worker.view&nik={nik}"))
        .json()
        .unwrap();
    entries
        .iter()
        .map(|e| e["actor"].as_str().unwrap().to_string())
        .collect()
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn the_public_sees_a_masked_worker_and_officers_in_scope_the_full_audited_record() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let server = Server::start(dir.path(), &[]);
    let mut admin = Browser::signed_in(&server.base, "admin");

    // The public: masked NIK and name, no birth date, sector, company or wage.
    let mut public = Browser::new(&server.base);
    let r = public.get(&format!("/pekerja/{YUSUF}"));
    assert_eq!(r.status(), 200);
    let headers = r.headers().clone();
    assert_eq!(headers["cache-control"], "no-store");
    // Not `no-referrer`: browsers would then post the page's forms with `Origin: null`, refused
    // as cross-site (tests/e2e/workers.test.mjs searches by name in chromium).
    assert_eq!(headers["referrer-policy"], "same-origin");
    let html = r.text().unwrap();
    assert!(
        html.contains(&format!("<dd class=\"nik\">{YUSUF_MASKED}</dd>")),
        "{html}"
    );
    assert!(html.contains("<h1>M******* Y****</h1>"), "{html}");
    for hidden_fact in [
        "Muhammad Yusuf",
        "2 April 1983",
        "PT Contoh Sawit",
        "Rp 1.500.000",
        "Nelayan",
    ] {
        assert!(!html.contains(hidden_fact), "the public sees {hidden_fact}");
    }
    assert!(html.contains("Tampilan tersamar"), "{html}");
    // Protected today through the open 2025 period; the village with its regions above it.
    assert!(
        html.contains("Terlindungi hari ini (23 November 2026)"),
        "{html}"
    );
    for crumb in [
        "href=\"/?lang=id\"",
        "href=\"/wilayah/64?lang=id\"",
        "href=\"/wilayah/64.01?lang=id\"",
        "href=\"/wilayah/64.01.04?lang=id\"",
        "href=\"/wilayah/64.01.04.2010?lang=id\"",
    ] {
        assert!(html.contains(crumb), "{crumb} in {html}");
    }
    // The history: both periods, oldest first, with labels from the code lists.
    let table = &html[html.find("<table class=\"periods\">").unwrap()..];
    let first = table.find("1 Januari 2024").expect("the 2024 period");
    let second = table.find("1 Maret 2025").expect("the 2025 period");
    assert!(first < second, "oldest first");
    assert!(table.contains("31 Desember 2024"));
    assert!(table.contains("masih berjalan"));
    assert_eq!(
        count(table, "<abbr title=\"Bukan Penerima Upah\">BPU</abbr>"),
        2
    );
    assert!(table.contains("CSR perusahaan"), "funding label");
    assert!(table.contains("APBD kabupaten/kota"), "funding label");
    assert!(table.contains("<abbr title=\"Jaminan Kecelakaan Kerja\">JKK</abbr>"));
    assert_eq!(count(table, "class=\"status on\""), 1, "one active period");
    assert_eq!(
        count(&html, "class=\"tl-bar"),
        2,
        "two bars on the timeline"
    );
    // The header links to the worker pages.
    assert!(html.contains("<a href=\"/pekerja\">Pekerja</a>"));

    // The public's masked view is not a full view: nothing in the trail.
    assert!(views_of(&mut admin, YUSUF).is_empty());

    // Paser's operator: the full record, and exactly one audit entry for it.
    let mut paser = Browser::signed_in(&server.base, "op.paser");
    let (status, html) = paser.page(&format!("/pekerja/{YUSUF}"));
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("<dd class=\"nik\">{YUSUF}</dd>")),
        "{html}"
    );
    for fact in [
        "<h1>Muhammad Yusuf</h1>",
        "2 April 1983",
        "Laki-laki",
        "PT Contoh Sawit",
        "Rp 1.500.000",
        "Rp 1.000.000",
        "Nelayan",
        "dicatat di jejak audit",
    ] {
        assert!(html.contains(fact), "{fact} in {html}");
    }
    assert_eq!(views_of(&mut admin, YUSUF), ["op.paser"]);

    // Kukar's operator: out of scope, masked, not audited.
    let mut kukar = Browser::signed_in(&server.base, "op.kukar");
    let (status, html) = kukar.page(&format!("/pekerja/{YUSUF}"));
    assert_eq!(status, 200);
    assert!(html.contains(&format!("<dd class=\"nik\">{YUSUF_MASKED}</dd>")));
    assert!(!html.contains("Muhammad Yusuf"));
    assert!(html.contains("akun Anda tidak berwenang atas wilayah pekerja ini"));
    // ...but sees the Kukar worker in full.
    let (_, html) = kukar.page(&format!("/pekerja/{KUKAR}"));
    assert!(html.contains("<h1>Ahmad Kukar</h1>"), "{html}");
    assert_eq!(views_of(&mut admin, YUSUF), ["op.paser"]);
    assert_eq!(views_of(&mut admin, KUKAR), ["op.kukar"]);

    // The NIK form gives the same answer: masked for the public, full and audited in scope.
    let (status, html) = public.search(&[("cari", "nik"), ("nik", "6401 0402 0483 0021")]);
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(YUSUF_MASKED) && html.contains("M******* Y****"));
    assert!(html.contains(&format!("href=\"/pekerja/{YUSUF}?lang=id\"")));
    assert!(html.contains("Terlindungi"));
    let (_, html) = paser.search(&[("cari", "nik"), ("nik", YUSUF)]);
    assert!(html.contains("Muhammad Yusuf"), "{html}");
    assert_eq!(views_of(&mut admin, YUSUF), ["op.paser", "op.paser"]);
}

#[test]
fn name_search_pages_inside_the_scope_and_is_refused_outside() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let server = Server::start(dir.path(), &[]);

    // The public sees the NIK form only, with a note to sign in; a name search asks to sign in.
    let mut public = Browser::new(&server.base);
    let (_, html) = public.page("/pekerja");
    assert!(html.contains("name=\"nik\""));
    assert!(!html.contains("name=\"nama\""));
    assert!(html.contains("href=\"/masuk?lanjut=/pekerja\""));
    let r = public.post(
        "/pekerja",
        &[("cari", "nama"), ("wilayah", "64.01"), ("nama", "budi")],
    );
    assert_eq!(r.status(), 303);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/masuk")
    );
    // An assessor has no name search at all.
    let mut asesor = Browser::signed_in(&server.base, "asesor");
    let (_, html) = asesor.page("/pekerja");
    assert!(!html.contains("name=\"nama\""));
    let (status, _) = asesor.search(&[("cari", "nama"), ("wilayah", "64.01"), ("nama", "budi")]);
    assert_eq!(status, 403);

    // Paser's operator: the form starts in their own scope; a region may be typed by name.
    let mut paser = Browser::signed_in(&server.base, "op.paser");
    let (_, html) = paser.page("/pekerja");
    assert!(html.contains("name=\"wilayah\" value=\"64.01\""), "{html}");
    let (status, html) = paser.search(&[
        ("cari", "nama"),
        ("wilayah", "Kab. Paser"),
        ("nama", "budi"),
    ]);
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Pekerja di Kabupaten Paser dengan nama memuat \"budi\""));
    assert_eq!(count(&html, "<td>Budi Santoso</td>"), 20, "first page");
    assert!(html.contains("halaman 1"));
    assert!(html.contains("name=\"halaman\" value=\"2\""));
    assert!(!html.contains("Sebelumnya"));
    // Full NIKs, each linking to its page; the first by NIK order.
    assert!(html.contains("href=\"/pekerja/6401040101900101?lang=id\""));
    assert!(html.contains(">6401040101900101</a>"));
    let (status, html) = paser.search(&[
        ("cari", "nama"),
        ("wilayah", "64.01"),
        ("nama", "budi"),
        ("halaman", "2"),
    ]);
    assert_eq!(status, 200);
    assert_eq!(count(&html, "<td>Budi Santoso</td>"), 5, "second page");
    assert!(html.contains("Sebelumnya") && !html.contains("Berikutnya"));
    assert!(html.contains(">6401042501900125</a>"));

    // Outside the scope: a 403 page naming the region and the account's scope.
    let (status, html) = paser.search(&[("cari", "nama"), ("wilayah", "64.02"), ("nama", "ahmad")]);
    assert_eq!(status, 403);
    assert!(
        html.contains(
            "akun Anda tidak berwenang mencari pekerja di Kabupaten Kutai Kartanegara (64.02)"
        ),
        "{html}"
    );
    assert!(!html.contains("Ahmad Kukar"));
    let mut kukar = Browser::signed_in(&server.base, "op.kukar");
    let (status, _) = kukar.search(&[("cari", "nama"), ("wilayah", "64.01"), ("nama", "budi")]);
    assert_eq!(status, 403);
    let (status, html) = kukar.search(&[("cari", "nama"), ("wilayah", "64.02"), ("nama", "ahmad")]);
    assert_eq!(status, 200);
    assert!(html.contains("<td>Ahmad Kukar</td>"));

    // Bad input names the field, the value and the reason.
    let (status, html) = paser.search(&[
        ("cari", "nama"),
        ("wilayah", "Kab. Entah"),
        ("nama", "budi"),
    ]);
    assert_eq!(status, 400);
    assert!(
        html.contains("wilayah `Kab. Entah` tidak ditemukan"),
        "{html}"
    );
    let (status, html) = paser.search(&[("cari", "nama"), ("wilayah", "64.01"), ("nama", "bu")]);
    assert_eq!(status, 400);
    assert!(html.contains("nama: tulis 3 sampai 100 huruf"));
    // A form without the session's CSRF token is refused.
    let r = paser.post(
        "/pekerja",
        &[("cari", "nama"), ("wilayah", "64.01"), ("nama", "budi")],
    );
    assert_eq!(r.status(), 403);

    // Each search is in the trail with its region and count, never the name searched.
    let mut admin = Browser::signed_in(&server.base, "admin");
    let searches: Vec<serde_json::Value> = admin
        .get("/api/v1/audit?action=worker.search")
        .json()
        .unwrap();
    let mine: Vec<&serde_json::Value> = searches
        .iter()
        .filter(|e| e["actor"] == "op.paser")
        .collect();
    assert_eq!(mine.len(), 2, "{searches:?}");
    let text = serde_json::to_string(&searches).unwrap();
    assert!(
        text.contains("\"results\":20") && text.contains("\"results\":5"),
        "{text}"
    );
    assert!(!text.to_lowercase().contains("budi"));
}

#[test]
fn bad_and_unknown_niks_are_explained_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let server = Server::start(dir.path(), &[]);
    let mut public = Browser::new(&server.base);
    for (input, reason) in [
        ("640104020483002", "NIK harus 16 digit, bukan 15"),
        ("64010402048300AB", "NIK hanya boleh berisi angka"),
        ("9901040204830021", "kode provinsi 99 pada NIK tidak ada"),
        (
            "6401043202830021",
            "tanggal lahir pada NIK tidak valid (tanggal 32, bulan 2, tahun 1983)",
        ),
    ] {
        let (status, html) = public.search(&[("cari", "nik"), ("nik", input)]);
        assert_eq!(status, 400, "{input}");
        let message = format!("NIK \"{input}\" tidak valid: {reason}");
        assert!(html.contains(&message), "{message} in {html}");
        // The same through the path.
        let (status, html) = public.page(&format!("/pekerja/{input}"));
        assert_eq!(status, 400, "{input}");
        assert!(html.contains(reason), "{reason} in {html}");
    }
    // A valid NIK nobody registered: 404, said plainly.
    let (status, html) = public.page("/pekerja/6401040204830099");
    assert_eq!(status, 404);
    assert!(
        html.contains("NIK 6401040204830099 tidak terdaftar sebagai peserta"),
        "{html}"
    );
    let (status, html) = public.search(&[("cari", "nik"), ("nik", "6401040204830099")]);
    assert_eq!(status, 404);
    assert!(html.contains("tidak terdaftar sebagai peserta"));

    // English on the switch, labels included.
    let (status, html) = public.page(&format!("/pekerja/{YUSUF}?lang=en"));
    assert_eq!(status, 200);
    for text in [
        "<html lang=\"en\">",
        "Protected today (23 November 2026)",
        "Coverage history",
        "Non-wage earner",
        "Company CSR",
        "Regency/city budget",
        "1 January 2024",
        "ongoing",
        "href=\"/wilayah/64.01?lang=en\"",
        "href=\"/pekerja?lang=en\"",
    ] {
        assert!(html.contains(text), "{text} in {html}");
    }
    let (status, html) = public.page("/pekerja/640104020483002?lang=en");
    assert_eq!(status, 400);
    assert!(
        html.contains("is not valid: a NIK has 16 digits, not 15"),
        "{html}"
    );
    let (status, html) = public.page("/pekerja/6401040204830099?lang=en");
    assert_eq!(status, 404);
    assert!(html.contains("is not registered as a participant"));
}

#[test]
fn worker_pages_leave_no_nik_or_name_in_the_trace_log() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let log_path = dir.path().join("server.log");
    let mut child = paritrana(dir.path())
        .env("PARITRANA_LOG", "trace")
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let base = {
        use std::io::{BufRead, BufReader};
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        loop {
            let l = lines.next().unwrap().unwrap();
            if let Some(u) = l.strip_prefix("Paritrana: ") {
                break u.trim_end_matches('/').to_string();
            }
        }
    };
    let server = Server { child, base };
    let mut public = Browser::new(&server.base);
    public.page(&format!("/pekerja/{YUSUF}"));
    public.search(&[("cari", "nik"), ("nik", YUSUF)]);
    public.page("/pekerja/6401040204830099");
    let mut paser = Browser::signed_in(&server.base, "op.paser");
    paser.page(&format!("/pekerja/{YUSUF}?lang=en"));
    paser.search(&[("cari", "nik"), ("nik", KUKAR)]);
    paser.search(&[("cari", "nama"), ("wilayah", "64.01"), ("nama", "yusuf")]);
    paser.search(&[("cari", "nama"), ("wilayah", "64.02"), ("nama", "ahmad")]);
    drop(server);
    let text = std::fs::read_to_string(&log_path).unwrap();
    assert!(!text.is_empty(), "trace logging produced output");
    for secret in [
        YUSUF,
        KUKAR,
        "6401040204830099",
        "Muhammad Yusuf",
        "yusuf",
        "Ahmad Kukar",
    ] {
        assert!(!text.contains(secret), "the log holds {secret:?}");
    }
}
