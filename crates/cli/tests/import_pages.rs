//! The import pages end to end, against the real server: a Pemda operator of Kab. Kutai
//! Kartanegara uploads a list with good and bad rows on `/impor`, sees the preview (counts and
//! named problems) while nothing is stored, downloads the problem report, and commits exactly
//! that file; cancelled, expired, foreign and forged commits store nothing; bad files are
//! refused with their name; the template downloads as the CLI writes it; targets go through
//! the same flow on `/target`; the script's path (jobs polled as JSON) ends where the plain
//! form does.

mod common;

use common::{Server, add_user, count, fixture, paritrana};
use reqwest::blocking::{Client, Response};
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

const KUKAR: (&str, &str, &str, &str) = (
    "op.kukar",
    "pemda_operator",
    "64.02",
    "kopi tubruk di tenggarong 1",
);
const PASER: (&str, &str, &str, &str) = (
    "op.paser",
    "pemda_operator",
    "64.01",
    "kopi tubruk di tenggarong 2",
);
const BPJS: (&str, &str, &str, &str) = (
    "bpjs.kaltim",
    "bpjs_officer",
    "64",
    "kopi tubruk di tenggarong 3",
);
const MIXED: &str = "peserta_kukar_campur.csv";
const BOUNDARY: &str = "----paritrana-uji-7d3f0a";

/// A client that keeps cookies by hand (secure cookies over loopback included) and never
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
                .timeout(std::time::Duration::from_secs(120))
                .build()
                .unwrap(),
            cookies: HashMap::new(),
        }
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

    fn text(&mut self, path: &str) -> String {
        self.get(path).text().unwrap()
    }

    fn post_form(&mut self, path: &str, form: &[(&str, &str)], json: bool) -> Response {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .form(form);
        if json {
            req = req.header("accept", "application/json");
        }
        let r = req.send().unwrap();
        self.keep(&r);
        r
    }

    fn login(&mut self, user: &str, password: &str) {
        let page = self.text("/masuk");
        let csrf = hidden(&page, "csrf");
        let r = self.post_form(
            "/masuk",
            &[
                ("csrf", &csrf),
                ("username", user),
                ("password", password),
                ("lanjut", "/"),
            ],
            false,
        );
        assert_eq!(r.status(), 303, "{user} signs in");
    }

    fn csrf(&mut self) -> String {
        let me: serde_json::Value = self.get("/api/v1/me").json().unwrap();
        me["csrf_token"].as_str().unwrap_or_default().to_string()
    }

    /// Posts a multipart form as the page's form does (with `csrf` unless `None`).
    fn upload(
        &mut self,
        path: &str,
        csrf: Option<&str>,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
        json: bool,
    ) -> Response {
        let mut all: Vec<(&str, &str)> = csrf.map(|c| ("csrf", c)).into_iter().collect();
        all.extend_from_slice(fields);
        let body = multipart(&all, file);
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body);
        if json {
            req = req.header("accept", "application/json");
        }
        let r = req.send().unwrap();
        self.keep(&r);
        r
    }

    /// Uploads a fixture on `/impor` and returns the preview id it leads to.
    fn preview(&mut self, name: &str, bytes: &[u8]) -> String {
        let csrf = self.csrf();
        let r = self.upload(
            "/impor",
            Some(&csrf),
            &[("kabkota", "64.02")],
            (name, bytes),
            false,
        );
        assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
        preview_id(&r)
    }
}

fn multipart(fields: &[(&str, &str)], (name, bytes): (&str, &[u8])) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in fields {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        )
        .unwrap();
    }
    write!(
        body,
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .unwrap();
    body.extend_from_slice(bytes);
    write!(body, "\r\n--{BOUNDARY}--\r\n").unwrap();
    body
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

fn location(r: &Response) -> String {
    r.headers()
        .get(LOCATION)
        .unwrap_or_else(|| panic!("no Location ({})", r.status()))
        .to_str()
        .unwrap()
        .to_string()
}

fn preview_id(r: &Response) -> String {
    let to = location(r);
    let id = to
        .strip_prefix("/impor/pratinjau/")
        .unwrap_or_else(|| panic!("sent to {to}"))
        .to_string();
    assert_eq!(id.len(), 64);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    id
}

/// The value of a summary line `<th scope="row">LABEL</th><td class="num">VALUE</td>`.
fn summary_value(html: &str, label: &str) -> String {
    let marker = format!("<th scope=\"row\">{label}</th><td class=\"num\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {label} in {html}"))
        + marker.len();
    html[start..start + html[start..].find('<').unwrap()].to_string()
}

/// The page's text with the entities askama writes turned back into characters.
fn plain(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// Every file name under `dir`.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            out.push(e.file_name().to_string_lossy().into_owned());
            if e.path().is_dir() {
                out.extend(files_under(&e.path()));
            }
        }
    }
    out
}

fn previews_dir(data: &Path) -> std::path::PathBuf {
    data.join("impor").join("pratinjau")
}

fn start(dir: &Path) -> Server {
    for (name, role, scope, password) in [KUKAR, PASER, BPJS] {
        add_user(dir, name, role, scope, password);
    }
    Server::start(dir, &[])
}

fn signed_in(server: &Server, user: (&str, &str, &str, &str)) -> Browser {
    let mut b = Browser::new(&server.base);
    b.login(user.0, user.3);
    b
}

#[test]
fn an_operator_previews_a_list_then_commits_exactly_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let mut op = signed_in(&server, KUKAR);
    let page = op.text("/impor");
    assert!(page.contains("Impor peserta"), "{page}");
    assert!(page.contains("enctype=\"multipart/form-data\""));
    assert!(
        page.contains("<option value=\"64.02\" selected>64.02 Kabupaten Kutai Kartanegara"),
        "the operator's kab/kota is offered for village names"
    );
    assert!(page.contains("<a href=\"/impor\">Impor</a>"), "nav link");
    assert!(page.contains("<a href=\"/target\">Target</a>"), "nav link");

    let id = op.preview(MIXED, &fixture_bytes(MIXED));
    // The page lists it, so an upload whose answer never arrived on a slow line is found again.
    assert!(
        op.text("/impor")
            .contains(&format!("<a href=\"/impor/pratinjau/{id}\">{MIXED}</a>")),
        "waiting previews are listed"
    );
    // Kept under the random id, never under the user's name.
    let stored = files_under(&previews_dir(dir.path()));
    assert!(stored.contains(&id), "{stored:?}");
    assert!(stored.contains(&"berkas.csv".to_string()), "{stored:?}");
    assert!(stored.iter().all(|n| !n.contains("kukar")), "{stored:?}");

    let html = op.text(&format!("/impor/pratinjau/{id}"));
    assert_eq!(summary_value(&html, "Baris dibaca"), "5");
    assert_eq!(summary_value(&html, "Akan diimpor (baru)"), "2");
    assert_eq!(summary_value(&html, "Akan diperbarui"), "0");
    assert_eq!(summary_value(&html, "Ditolak"), "3");
    assert!(
        html.contains("<code>No</code>, <code>Keterangan</code>"),
        "ignored columns"
    );
    assert!(
        html.contains("<code>640201450890</code>"),
        "the short NIK is shown"
    );
    assert!(html.contains("16 digit"), "with its reason");
    assert!(
        html.contains("di luar wilayah kewenangan akun Anda (64.02)"),
        "the Paser worker is refused for the Kukar operator"
    );
    assert!(html.contains("/simpan"), "a commit form");
    // The English page says the same in English.
    let en = op.text(&format!("/impor/pratinjau/{id}?lang=en"));
    assert_eq!(summary_value(&en, "To import (new)"), "2");
    assert!(en.contains("outside the region your account may change (64.02)"));

    // Nothing is stored before the commit.
    assert_eq!(count(dir.path(), "workers"), 0);
    assert_eq!(count(dir.path(), "imports"), 0);

    // The problem report of the preview, CSV and XLSX, Bahasa headers.
    let csv = op.text(&format!("/api/v1/imports/previews/{id}/report?format=csv"));
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("\u{feff}Baris,Kolom,Nilai,Alasan"));
    let rest: Vec<&str> = lines.collect();
    assert!(
        rest.iter().any(|l| l.starts_with("7,NIK,640201450890,")),
        "{csv}"
    );
    assert!(rest.iter().any(|l| l.starts_with("8,")), "{csv}");
    assert!(
        rest.iter()
            .any(|l| l.starts_with("9,NIK,6402010204830041,")),
        "{csv}"
    );
    let xlsx = op
        .get(&format!("/api/v1/imports/previews/{id}/report?format=xlsx"))
        .bytes()
        .unwrap();
    let rows = xlsx_rows(&xlsx, 0);
    assert_eq!(rows[0], ["Baris", "Kolom", "Nilai", "Alasan"]);
    assert!(rows.iter().any(|r| r[2] == "640201450890"), "{rows:?}");

    // Another account can neither see nor commit it.
    let mut other = signed_in(&server, PASER);
    assert_eq!(other.get(&format!("/impor/pratinjau/{id}")).status(), 404);
    assert_eq!(
        other
            .get(&format!("/api/v1/imports/previews/{id}/report"))
            .status(),
        404
    );
    let other_csrf = other.csrf();
    let r = other.post_form(
        &format!("/impor/pratinjau/{id}/simpan"),
        &[("csrf", &other_csrf)],
        false,
    );
    assert_eq!(r.status(), 404);
    // A commit without the form's CSRF token is refused.
    let r = op.post_form(
        &format!("/impor/pratinjau/{id}/simpan"),
        &[("csrf", "")],
        false,
    );
    assert_eq!(r.status(), 403);
    let r = op.post_form(&format!("/impor/pratinjau/{id}/simpan"), &[], false);
    assert_eq!(r.status(), 403);
    assert_eq!(count(dir.path(), "workers"), 0);

    // The real commit.
    let csrf = op.csrf();
    let r = op.post_form(
        &format!("/impor/pratinjau/{id}/simpan"),
        &[("csrf", &csrf)],
        false,
    );
    assert_eq!(r.status(), 303);
    let result = location(&r);
    let import_id: i64 = result
        .strip_prefix("/impor/")
        .and_then(|s| s.strip_suffix("?baru=1"))
        .unwrap()
        .parse()
        .unwrap();
    let page = op.text(&result);
    assert!(page.contains("Impor selesai dan tersimpan."), "{page}");
    assert!(page.contains("peserta_kukar_campur.csv"));
    assert_eq!(summary_value(&page, "Baru"), "2");
    assert_eq!(count(dir.path(), "workers"), 2);
    let log: Vec<serde_json::Value> = op.get("/api/v1/imports").json().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["id"], import_id);
    assert_eq!(log[0]["file_name"], MIXED);
    assert_eq!(log[0]["imported"], 2);
    assert_eq!(log[0]["rejected"], 3);
    assert_eq!(log[0]["scope"], "64.02");
    let worker: serde_json::Value = op.get("/api/v1/workers/6402015203900002").json().unwrap();
    assert_eq!(worker["name"], "Sari Perian");
    // The file is gone and cannot be committed twice.
    assert!(!previews_dir(dir.path()).join(&id).exists());
    let r = op.post_form(
        &format!("/impor/pratinjau/{id}/simpan"),
        &[("csrf", &csrf)],
        false,
    );
    assert_eq!(r.status(), 404);
    assert_eq!(count(dir.path(), "imports"), 1);

    // The history lists it; the past import's report is there for accounts that may read it.
    let page = op.text("/impor");
    assert!(page.contains(&format!("<a href=\"/impor/{import_id}\">{import_id}</a>")));
    assert!(!page.contains("/impor/pratinjau/"), "no longer waiting");
    let csv = op.text(&format!("/api/v1/imports/{import_id}/report"));
    assert!(csv.contains("7,NIK,640201450890,"), "{csv}");
    let en = op.text(&format!("/api/v1/imports/{import_id}/report?lang=en"));
    assert!(en.starts_with("\u{feff}Row,Column,Value,Reason"));
    // Compressed as browsers ask for it: the streamed body ends cleanly (the gzip layer polls
    // the stream again after its end; that once panicked and reset the connection).
    let gz = op
        .http
        .get(format!("{}/api/v1/imports/{import_id}/report", op.base))
        .header(COOKIE, op.cookie_header())
        .header("accept-encoding", "gzip")
        .send()
        .unwrap();
    assert_eq!(gz.status(), 200);
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let bytes = gz.bytes().expect("the whole compressed body arrives");
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "a gzip stream");
    assert_eq!(
        other
            .get(&format!("/api/v1/imports/{import_id}/report"))
            .status(),
        404,
        "Paser's operator does not see Kukar's import"
    );
    let mut bpjs = signed_in(&server, BPJS);
    assert_eq!(
        bpjs.get(&format!("/api/v1/imports/{import_id}/report?format=xlsx"))
            .status(),
        200,
        "the province's BPJS officer reads imports in scope"
    );
    assert_eq!(bpjs.get(&format!("/impor/{import_id}")).status(), 200);
}

fn xlsx_rows(bytes: &[u8], sheet: usize) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = wb.sheet_names()[sheet].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn cancelled_expired_and_bad_uploads_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let mut op = signed_in(&server, KUKAR);

    // Cancel deletes the file.
    let id = op.preview(MIXED, &fixture_bytes(MIXED));
    let csrf = op.csrf();
    let r = op.post_form(
        &format!("/impor/pratinjau/{id}/batal"),
        &[("csrf", &csrf)],
        false,
    );
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/impor?pesan=batal");
    assert!(op.text("/impor?pesan=batal").contains("Impor dibatalkan"));
    assert!(!previews_dir(dir.path()).join(&id).exists());
    assert_eq!(op.get(&format!("/impor/pratinjau/{id}")).status(), 404);

    // An expired preview is refused and deleted.
    let id = op.preview(MIXED, &fixture_bytes(MIXED));
    let meta_path = previews_dir(dir.path()).join(&id).join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
    let created = meta["created_at"].as_i64().unwrap();
    assert_eq!(
        meta["expires_at"].as_i64().unwrap() - created,
        3600,
        "one hour"
    );
    meta["expires_at"] = serde_json::json!(created - 1);
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let r = op.post_form(
        &format!("/impor/pratinjau/{id}/simpan"),
        &[("csrf", &csrf)],
        false,
    );
    assert_eq!(r.status(), 404);
    assert!(r.text().unwrap().contains("kedaluwarsa"));
    assert!(!previews_dir(dir.path()).join(&id).exists());
    // A made-up id, or one that tries to walk out of the folder.
    for bad in ["0".repeat(64), "..%2F..%2Fparitrana.db".into()] {
        assert_eq!(op.get(&format!("/impor/pratinjau/{bad}")).status(), 404);
    }

    // Bad files: refused with the file's name and a reason, nothing kept.
    let csrf = op.csrf();
    let cases: [(&str, &[u8], u16, &str); 4] = [
        (
            "laporan.pdf",
            b"%PDF-1.4",
            400,
            "Berkas \"laporan.pdf\": jenis berkas harus CSV atau XLSX",
        ),
        ("kosong.csv", b"", 400, "Berkas \"kosong.csv\" kosong"),
        (
            "salah.csv",
            b"Foo,Bar\n1,2\n",
            400,
            "Berkas \"salah.csv\": baris judul kolom tidak ditemukan",
        ),
        (
            "rusak.xlsx",
            b"bukan zip",
            400,
            "rusak.xlsx tidak dapat dibaca sebagai lembar kerja Excel",
        ),
    ];
    for (name, bytes, status, message) in cases {
        let r = op.upload("/impor", Some(&csrf), &[], (name, bytes), false);
        assert_eq!(r.status(), status, "{name}");
        let html = plain(&r.text().unwrap());
        assert!(html.contains(message), "{name}: {html}");
        assert!(html.contains("role=\"alert\""), "{name}");
    }
    // No file chosen.
    let r = op.upload("/impor", Some(&csrf), &[], ("", b""), false);
    assert_eq!(r.status(), 400);
    assert!(r.text().unwrap().contains("pilih berkas CSV atau XLSX"));
    // An unknown kab/kota is named.
    let r = op.upload(
        "/impor",
        Some(&csrf),
        &[("kabkota", "Kab. Atlantis")],
        (MIXED, &fixture_bytes(MIXED)),
        false,
    );
    assert_eq!(r.status(), 400);
    assert!(plain(&r.text().unwrap()).contains("Kab. Atlantis"));
    // Too large: 413 with a message in Bahasa Indonesia.
    let mut big = b"NIK,Nama\n".to_vec();
    big.resize(64 * 1024 * 1024 + 1, b'1');
    let r = op.upload("/impor", Some(&csrf), &[], ("besar.csv", &big), false);
    assert_eq!(r.status(), 413);
    let html = plain(&r.text().unwrap());
    assert!(
        html.contains("Berkas \"besar.csv\" terlalu besar: batasnya 64 MiB"),
        "{html}"
    );
    // An upload without the form's token is refused before anything is kept.
    let r = op.upload("/impor", None, &[], (MIXED, &fixture_bytes(MIXED)), false);
    assert_eq!(r.status(), 403);

    let left = files_under(&previews_dir(dir.path()));
    assert!(left.is_empty(), "nothing kept: {left:?}");
    assert_eq!(count(dir.path(), "workers"), 0);
    assert_eq!(count(dir.path(), "imports"), 0);
}

#[test]
fn access_follows_the_role_and_the_template_is_the_clis() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let mut public = Browser::new(&server.base);
    let r = public.get("/impor");
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/masuk?lanjut=/impor");
    assert_eq!(
        public.get("/target").status(),
        200,
        "targets are public figures"
    );
    assert!(
        !public.text("/target").contains("enctype"),
        "but no upload form"
    );
    let mut bpjs = signed_in(&server, BPJS);
    assert_eq!(bpjs.get("/impor").status(), 403);
    let page = bpjs.text("/akun");
    assert!(page.contains("bpjs.kaltim"));
    assert!(
        !page.contains("href=\"/impor\""),
        "no link for those who may not import"
    );
    let csrf = bpjs.csrf();
    let r = bpjs.upload(
        "/impor",
        Some(&csrf),
        &[],
        (MIXED, &fixture_bytes(MIXED)),
        false,
    );
    assert_eq!(r.status(), 403);
    let r = bpjs.upload(
        "/target",
        Some(&csrf),
        &[],
        ("t.csv", &fixture_bytes("target_kukar.csv")),
        true,
    );
    assert_eq!(r.status(), 403);
    assert!(files_under(&previews_dir(dir.path())).is_empty());

    // The template, as `paritrana template participants` writes it.
    let r = public.get("/impor/templat.xlsx");
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()[CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let served = r.bytes().unwrap();
    let out = dir.path().join("templat.xlsx");
    let status = paritrana(dir.path())
        .args(["template", "participants"])
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read(&out).unwrap();
    for sheet in [0, 1] {
        assert_eq!(
            xlsx_rows(&served, sheet),
            xlsx_rows(&written, sheet),
            "sheet {sheet}"
        );
    }
    assert_eq!(
        xlsx_rows(&served, 0)[3][..3],
        ["NIK".to_string(), "Nama".into(), "Jenis Kelamin".into()]
    );
    let csv = public.text("/impor/templat.csv");
    assert!(csv.starts_with("\u{feff}NIK,Nama,Jenis Kelamin,Tanggal Lahir,Kode Desa"));
    let js = public.get("/assets/impor.js");
    assert_eq!(js.status(), 200);
    assert!(
        js.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
}

/// Polls a job until it ends; returns its last answer.
fn wait_for(b: &mut Browser, poll: &str) -> serde_json::Value {
    for _ in 0..600 {
        let job: serde_json::Value = b.get(poll).json().unwrap();
        if job["state"] != "running" {
            return job;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the job did not end");
}

#[test]
fn targets_go_through_the_same_preview_and_commit_with_the_scripts_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let mut op = signed_in(&server, KUKAR);
    let page = op.text("/target");
    assert!(page.contains("action=\"/target\""), "the upload form");
    assert!(
        page.contains("64.02 Kabupaten Kutai Kartanegara"),
        "the operator's region first"
    );

    // The script's path: 202 with a job, polled as JSON, then the preview.
    let csrf = op.csrf();
    let file = fixture_bytes("target_kukar.csv");
    let r = op.upload(
        "/target",
        Some(&csrf),
        &[("sumber", "")],
        ("target_kukar.csv", &file),
        true,
    );
    assert_eq!(r.status(), 202);
    let started: serde_json::Value = r.json().unwrap();
    let poll = started["poll"].as_str().unwrap().to_string();
    assert!(poll.starts_with("/api/v1/imports/jobs/"));
    let job = wait_for(&mut op, &poll);
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["kind"], "targets");
    let next = job["next"].as_str().unwrap().to_string();
    let id = next.strip_prefix("/impor/pratinjau/").unwrap().to_string();
    let mut other = signed_in(&server, PASER);
    assert_eq!(
        other.get(&poll).status(),
        404,
        "someone else's job does not exist"
    );

    let html = op.text(&next);
    assert_eq!(summary_value(&html, "Baris dibaca"), "4");
    assert_eq!(summary_value(&html, "Akan diimpor (baru)"), "2");
    assert_eq!(summary_value(&html, "Ditolak"), "2");
    assert!(html.contains("Simpan target"));
    assert!(
        html.contains("(64.02)"),
        "the Paser row is refused for its region: {html}"
    );
    assert!(html.contains("<code>2031</code>"), "the far year is named");
    assert_eq!(
        count(dir.path(), "targets"),
        0,
        "nothing stored before the commit"
    );

    // Commit through the script's path too.
    let r = op.post_form(
        &format!("/impor/pratinjau/{id}/simpan"),
        &[("csrf", &csrf)],
        true,
    );
    assert_eq!(r.status(), 202);
    let poll: String = r.json::<serde_json::Value>().unwrap()["poll"]
        .as_str()
        .unwrap()
        .into();
    let job = wait_for(&mut op, &poll);
    assert_eq!(job["state"], "done", "{job}");
    let result = job["next"].as_str().unwrap().to_string();
    assert!(
        result.starts_with("/impor/") && result.ends_with("?baru=1"),
        "{result}"
    );
    assert_eq!(count(dir.path(), "targets"), 2);
    let t = server.json("/api/v1/targets?region=64.02&year=2025");
    assert_eq!(t["region"]["target"]["workers"], 305000);
    assert_eq!(t["region"]["target"]["year"], 2025);
    let page = op.text("/target?wilayah=64.02&tahun=2025");
    assert!(page.contains("305.000"), "{page}");
    assert!(page.contains("BPS Sakernas Agustus 2025 (data uji)"));
    let page = op.text("/target?wilayah=Atlantis");
    assert!(
        plain(&page).contains("Wilayah \"Atlantis\""),
        "a bad filter is named"
    );

    // The API mirror of the participant upload, as a dry run.
    let r = op
        .http
        .post(format!(
            "{}/api/v1/imports/targets?file_name=target_kukar.csv&dry_run=true",
            op.base
        ))
        .header(COOKIE, op.cookie_header())
        .header("x-csrf-token", &csrf)
        .body(file.clone())
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    let answer: serde_json::Value = r.json().unwrap();
    assert_eq!(answer["summary"]["unchanged"], 2, "{answer}");
    assert_eq!(answer["summary"]["rejected"], 2);
    assert_eq!(answer["summary"]["committed"], false);
    assert!(
        answer["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["code"] == "outside_scope" && i["line"] == 6),
        "{answer}"
    );
    // Without the CSRF header a cookie caller is refused.
    let r = op
        .http
        .post(format!(
            "{}/api/v1/imports/targets?file_name=t.csv",
            op.base
        ))
        .header(COOKIE, op.cookie_header())
        .body(file)
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(count(dir.path(), "imports"), 1);
}
