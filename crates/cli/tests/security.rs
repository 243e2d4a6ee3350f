//! Accounts and access end to end, against the real server: every route × every role ×
//! in-scope and out-of-scope objects, session fixation, CSRF, privilege escalation through
//! form fields and JSON bodies, path traversal, SQL injection in search fields, sign-in
//! throttling (more in signin_hardening.rs), sign-out everywhere, and logs free of passwords and NIKs.

mod common;

use common::{Server, fixture, paritrana, run};
use reqwest::blocking::{Client, Response};
use reqwest::header::{COOKIE, SET_COOKIE};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

const PASER_NIK: &str = "6401040204830021";
const KUKAR_NIK: &str = "6402010204830041";
const SESSION: &str = "__Host-paritrana_sesi";

/// (user, role, scope, password)
const USERS: &[(&str, &str, &str, &str)] = &[
    ("admin", "admin", "nasional", "teh manis di samarinda 1"),
    (
        "bpjs.kaltim",
        "bpjs_officer",
        "64",
        "teh manis di samarinda 2",
    ),
    (
        "op.paser",
        "pemda_operator",
        "64.01",
        "teh manis di samarinda 3",
    ),
    (
        "op.kukar",
        "pemda_operator",
        "64.02",
        "teh manis di samarinda 4",
    ),
    ("asesor", "assessor", "nasional", "teh manis di samarinda 5"),
    (
        "usaha",
        "business_operator",
        "nasional",
        "teh manis di samarinda 6",
    ),
];

fn add_users(dir: &Path) {
    for (name, role, scope, password) in USERS {
        let mut cmd = paritrana(dir);
        cmd.args([
            "user",
            "add",
            name,
            "--role",
            role,
            "--scope",
            scope,
            "--password-stdin",
        ])
        .args(if *role == "business_operator" {
            vec!["--company", "PT Contoh Sawit"]
        } else {
            vec![]
        })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A client that keeps cookies by hand (secure cookies over loopback HTTP included) and never
/// follows redirects, so each answer can be checked.
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

    fn post_form(&mut self, path: &str, form: &[(&str, &str)], origin: Option<&str>) -> Response {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .form(form);
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        let r = req.send().unwrap();
        self.keep(&r);
        r
    }

    /// Signs in through the form, as a person would.
    fn login(&mut self, user: &str, password: &str) -> Response {
        let page = self.get("/masuk").text().unwrap();
        let csrf = hidden(&page, "csrf");
        self.post_form(
            "/masuk",
            &[
                ("csrf", &csrf),
                ("username", user),
                ("password", password),
                ("lanjut", "/"),
            ],
            None,
        )
    }

    /// The session's CSRF token, from `/api/v1/me`.
    fn csrf(&mut self) -> String {
        let me: serde_json::Value = self.get("/api/v1/me").json().unwrap();
        me["csrf_token"].as_str().unwrap_or_default().to_string()
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

fn password_of(user: &str) -> &'static str {
    USERS.iter().find(|u| u.0 == user).unwrap().3
}

/// A server with the six accounts; Paser's list imported by Paser's operator and Kukar's by
/// Kukar's, through the API.
fn setup(dir: &Path) -> (Server, HashMap<&'static str, Browser>) {
    add_users(dir);
    let server = Server::start(dir, &[]);
    let mut browsers = HashMap::new();
    for (name, _, _, password) in USERS {
        let mut b = Browser::new(&server.base);
        assert_eq!(b.login(name, password).status(), 303, "{name} signs in");
        browsers.insert(*name, b);
    }
    browsers.insert("public", Browser::new(&server.base));
    for (op, file) in [
        ("op.paser", "peserta_english.csv"),
        ("op.kukar", "peserta_kukar.csv"),
    ] {
        let r = upload(browsers.get_mut(op).unwrap(), file, "daftar.csv");
        assert_eq!(r.status(), 201, "{op} imports");
    }
    (server, browsers)
}

fn upload(b: &mut Browser, file: &str, name: &str) -> Response {
    let csrf = b.csrf();
    let r = b
        .http
        .post(format!(
            "{}/api/v1/imports/participants?file_name={name}",
            b.base
        ))
        .header(COOKIE, b.cookie_header())
        .header("x-csrf-token", csrf)
        .body(std::fs::read(fixture(file)).unwrap())
        .send()
        .unwrap();
    b.keep(&r);
    r
}

fn import_ids(b: &mut Browser) -> (i64, i64) {
    let list: Vec<serde_json::Value> = b.get("/api/v1/imports").json().unwrap();
    let id_of = |scope: &str| {
        list.iter()
            .find(|e| e["scope"] == scope)
            .map(|e| e["id"].as_i64().unwrap())
            .unwrap()
    };
    (id_of("64.01"), id_of("64.02"))
}

#[test]
fn every_route_answers_every_role_by_its_scope() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, mut b) = setup(dir.path());
    let (paser_import, kukar_import) = import_ids(b.get_mut("admin").unwrap());
    let roles = [
        "public",
        "admin",
        "bpjs.kaltim",
        "op.paser",
        "op.kukar",
        "asesor",
        "usaha",
    ];
    // (path, expected status per role in the order above)
    let matrix: Vec<(String, [u16; 7])> = vec![
        (
            "/api/v1/coverage?region=64.01&date=2024-06-30".into(),
            [200; 7],
        ),
        (format!("/api/v1/workers/{PASER_NIK}"), [200; 7]),
        (
            "/api/v1/workers?region=64.01&name=yusuf".into(),
            [401, 200, 200, 200, 403, 403, 403],
        ),
        (
            "/api/v1/workers?region=64.02&name=kukar".into(),
            [401, 200, 200, 403, 200, 403, 403],
        ),
        ("/api/v1/users".into(), [401, 200, 403, 403, 403, 403, 403]),
        ("/api/v1/audit".into(), [401, 200, 403, 403, 403, 403, 403]),
        (
            "/api/v1/imports".into(),
            [401, 200, 200, 200, 200, 403, 403],
        ),
        (
            format!("/api/v1/imports/{paser_import}"),
            [401, 200, 200, 200, 404, 403, 403],
        ),
        (
            format!("/api/v1/imports/{kukar_import}"),
            [401, 200, 200, 404, 200, 403, 403],
        ),
        (
            "/api/v1/imports/999999".into(),
            [404, 404, 404, 404, 404, 404, 404],
        ),
        ("/api/v1/me".into(), [401, 200, 200, 200, 200, 200, 200]),
        ("/akun".into(), [303, 200, 200, 200, 200, 200, 200]),
        (
            "/admin/pengguna".into(),
            [303, 200, 403, 403, 403, 403, 403],
        ),
        (
            "/admin/pengguna/1".into(),
            [303, 200, 403, 403, 403, 403, 403],
        ),
        ("/admin/audit".into(), [303, 200, 403, 403, 403, 403, 403]),
        (
            "/admin/audit.csv".into(),
            [303, 200, 403, 403, 403, 403, 403],
        ),
    ];
    let mut failures = Vec::new();
    for (path, expected) in &matrix {
        for (role, want) in roles.iter().zip(expected) {
            let got = b.get_mut(role).unwrap().get(path).status().as_u16();
            if got != *want {
                failures.push(format!("{role} GET {path}: {got}, expected {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Personal data: full for accounts allowed in the worker's region, masked for everyone else.
    for (nik, full_for) in [
        (PASER_NIK, ["admin", "bpjs.kaltim", "op.paser"]),
        (KUKAR_NIK, ["admin", "bpjs.kaltim", "op.kukar"]),
    ] {
        for role in roles {
            let w: serde_json::Value = b
                .get_mut(role)
                .unwrap()
                .get(&format!("/api/v1/workers/{nik}"))
                .json()
                .unwrap();
            let full = full_for.contains(&role);
            assert_eq!(
                w["view"],
                if full { "full" } else { "masked" },
                "{role} {nik}"
            );
            assert_eq!(w["nik"].as_str().unwrap() == nik, full, "{role} {nik}");
            assert_eq!(w.get("birth_date").is_some(), full, "{role} {nik}");
        }
    }
    // Every full view is in the trail, findable by NIK, and the NIK is not stored in plain.
    let views: Vec<serde_json::Value> = b
        .get_mut("admin")
        .unwrap()
        .get(&format!("/api/v1/audit?action=worker.view&nik={PASER_NIK}"))
        .json()
        .unwrap();
    let viewers: Vec<&str> = views.iter().map(|e| e["actor"].as_str().unwrap()).collect();
    for who in ["admin", "bpjs.kaltim", "op.paser"] {
        assert!(viewers.contains(&who), "{who} in {viewers:?}");
    }
    assert!(!viewers.contains(&"op.kukar"));
    let raw = std::fs::read(dir.path().join("paritrana.db")).unwrap();
    let text = String::from_utf8_lossy(&raw);
    let audit_csv = b
        .get_mut("admin")
        .unwrap()
        .get("/admin/audit.csv")
        .text()
        .unwrap();
    assert!(audit_csv.starts_with("id,at,actor"), "{audit_csv}");
    assert!(!audit_csv.contains(PASER_NIK));
    assert!(text.contains("worker.view"));
}

#[test]
fn imports_are_confined_to_the_operators_region_and_writes_need_rights() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, mut b) = setup(dir.path());
    // Kukar's operator uploads Paser's list: every row is refused with its reason.
    let r: serde_json::Value = upload(
        b.get_mut("op.kukar").unwrap(),
        "peserta_english.csv",
        "x.csv",
    )
    .json()
    .unwrap();
    assert_eq!(r["summary"]["imported"], 0);
    let issues = r["issues"].as_array().unwrap();
    assert!(!issues.is_empty());
    assert!(
        issues.iter().all(|i| i["code"] == "outside_scope"),
        "{issues:?}"
    );
    assert!(
        issues[0]["reason_id"]
            .as_str()
            .unwrap()
            .contains("di luar wilayah kewenangan akun Anda (64.02)")
    );
    // Roles that may not import at all.
    for (role, status) in [
        ("bpjs.kaltim", 403),
        ("asesor", 403),
        ("usaha", 403),
        ("public", 401),
    ] {
        let got = upload(b.get_mut(role).unwrap(), "peserta_english.csv", "x.csv").status();
        assert_eq!(got, status, "{role}");
    }
}

#[test]
fn a_planted_session_id_is_never_promoted_at_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    add_users(dir.path());
    let server = Server::start(dir.path(), &[]);
    let mut b = Browser::new(&server.base);
    b.cookies
        .insert(SESSION.into(), "planted-by-an-attacker".into());
    assert_eq!(b.login("admin", password_of("admin")).status(), 303);
    let issued = b.cookies[SESSION].clone();
    assert_ne!(issued, "planted-by-an-attacker");
    assert_eq!(issued.len(), 64);
    let mut attacker = Browser::new(&server.base);
    attacker
        .cookies
        .insert(SESSION.into(), "planted-by-an-attacker".into());
    assert_eq!(attacker.get("/api/v1/me").status(), 401);
    // The cookie's flags.
    let r = Browser::new(&server.base).login("admin", password_of("admin"));
    let set = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|h| h.to_str().unwrap().to_string())
        .find(|c| c.starts_with(SESSION))
        .unwrap();
    for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(set.contains(flag), "{set}");
    }
}

#[test]
fn forged_requests_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    add_users(dir.path());
    let server = Server::start(dir.path(), &[]);
    let mut admin = Browser::new(&server.base);
    admin.login("admin", password_of("admin"));
    let good = admin.csrf();
    let form = |csrf: &'static str| {
        vec![
            ("csrf", csrf),
            ("username", "siluman"),
            ("full_name", "Siluman"),
            ("role", "admin"),
            ("scope", "nasional"),
        ]
    };
    assert_eq!(
        admin.post_form("/admin/pengguna", &form(""), None).status(),
        403
    );
    assert_eq!(
        admin
            .post_form("/admin/pengguna", &form("0000"), None)
            .status(),
        403
    );
    let good: &'static str = Box::leak(good.into_boxed_str());
    assert_eq!(
        admin
            .post_form("/admin/pengguna", &form(good), Some("https://evil.example"))
            .status(),
        403,
        "a cross-site origin is refused even with the right token"
    );
    // JSON writes with the session cookie need the header.
    let body = serde_json::json!({"username": "siluman", "full_name": "S", "role": "admin", "scope": "nasional"});
    let r = admin
        .http
        .post(format!("{}/api/v1/users", server.base))
        .header(COOKIE, admin.cookie_header())
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    let users: Vec<serde_json::Value> = admin.get("/api/v1/users").json().unwrap();
    assert!(
        users.iter().all(|u| u["username"] != "siluman"),
        "nothing was created"
    );
    // The sign-in form itself: no matching cookie, no sign-in.
    let r = Browser::new(&server.base).post_form(
        "/masuk",
        &[
            ("csrf", "x"),
            ("username", "admin"),
            ("password", password_of("admin")),
        ],
        None,
    );
    assert_eq!(r.status(), 403);
    // And the real form works.
    assert_eq!(
        admin
            .post_form("/admin/pengguna", &form(good), None)
            .status(),
        200
    );
}

#[test]
fn no_one_raises_their_own_rights() {
    let dir = tempfile::tempdir().unwrap();
    add_users(dir.path());
    let server = Server::start(dir.path(), &[]);
    let mut op = Browser::new(&server.base);
    op.login("op.paser", password_of("op.paser"));
    let csrf = op.csrf();
    let c: &str = &csrf;
    let r = op.post_form(
        "/admin/pengguna",
        &[
            ("csrf", c),
            ("username", "op2"),
            ("full_name", "X"),
            ("role", "admin"),
            ("scope", "nasional"),
        ],
        None,
    );
    assert_eq!(r.status(), 403);
    let me: serde_json::Value = op.get("/api/v1/me").json().unwrap();
    let my_id = {
        let mut admin = Browser::new(&server.base);
        admin.login("admin", password_of("admin"));
        let users: Vec<serde_json::Value> = admin.get("/api/v1/users").json().unwrap();
        let id = users.iter().find(|u| u["username"] == "op.paser").unwrap()["id"]
            .as_i64()
            .unwrap();
        // An administrator's JSON body may not smuggle fields the API does not take.
        let csrf = admin.csrf();
        let r = admin
            .http
            .post(format!("{}/api/v1/users", server.base))
            .header(COOKIE, admin.cookie_header())
            .header("x-csrf-token", &csrf)
            .json(&serde_json::json!({"username": "baru", "full_name": "B", "role": "assessor", "scope": "nasional", "must_change_password": false}))
            .send()
            .unwrap();
        assert_eq!(r.status(), 400);
        // Nor demote or disable themselves.
        let admin_id = users.iter().find(|u| u["username"] == "admin").unwrap()["id"]
            .as_i64()
            .unwrap();
        let r = admin
            .http
            .patch(format!("{}/api/v1/users/{admin_id}", server.base))
            .header(COOKIE, admin.cookie_header())
            .header("x-csrf-token", &csrf)
            .json(&serde_json::json!({"disabled": true}))
            .send()
            .unwrap();
        assert_eq!(r.status(), 400);
        id
    };
    assert_eq!(me["role"], "pemda_operator");
    let r = op
        .http
        .patch(format!("{}/api/v1/users/{my_id}", server.base))
        .header(COOKIE, op.cookie_header())
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({"role": "admin", "scope": "nasional"}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    // A token wider than the account is refused; a read-only token cannot write.
    let r = op.post_form(
        "/akun/token",
        &[("csrf", c), ("name", "lebar"), ("scope", "64")],
        None,
    );
    assert_eq!(r.status(), 403);
    let page = op
        .post_form(
            "/akun/token",
            &[("csrf", c), ("name", "baca"), ("scope", "64.01.04")],
            None,
        )
        .text()
        .unwrap();
    let token = page
        .split("id=\"rahasia\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert!(token.starts_with("ptk_"));
    let http = Client::new();
    let me: serde_json::Value = http
        .get(format!("{}/api/v1/me", server.base))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(me["scope"], "64.01.04");
    assert_eq!(me["read_only"], true);
    let r = http
        .post(format!(
            "{}/api/v1/imports/participants?file_name=a.csv",
            server.base
        ))
        .bearer_auth(&token)
        .body(std::fs::read(fixture("peserta_english.csv")).unwrap())
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = http
        .get(format!("{}/api/v1/me", server.base))
        .bearer_auth("ptk_0000")
        .send()
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[test]
fn file_routes_do_not_walk_out_of_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (server, mut b) = setup(dir.path());
    for path in [
        "/assets/../../etc/passwd",
        "/assets/..%2F..%2F..%2Fetc%2Fpasswd",
        "/assets/%2e%2e%2fCargo.toml",
        "/assets/..%5c..%5cCargo.toml",
    ] {
        let r = b.get_mut("public").unwrap().get(path);
        let status = r.status().as_u16();
        let body = r.text().unwrap();
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("[workspace]"),
            "{path}"
        );
    }
    assert_eq!(
        b.get_mut("public").unwrap().get("/assets/app.css").status(),
        200
    );
    // An upload's name is only recorded, never used as a path.
    let evil = dir.path().join("jahat.csv");
    let name = format!(
        "..%2F..%2F..%2F..{}",
        evil.display().to_string().replace('/', "%2F")
    );
    let r = upload(b.get_mut("op.paser").unwrap(), "peserta_english.csv", &name);
    assert!(r.status().is_success(), "{}", r.status());
    assert!(!evil.exists());
    let list: Vec<serde_json::Value> = b
        .get_mut("admin")
        .unwrap()
        .get("/api/v1/imports")
        .json()
        .unwrap();
    assert_eq!(list[0]["file_name"], "jahat.csv");
    drop(server);
}

#[test]
fn sql_in_search_fields_is_only_text() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, mut b) = setup(dir.path());
    let admin = b.get_mut("admin").unwrap();
    let attacks = [
        "' OR 1=1 --",
        "x'; DROP TABLE users; --",
        "%",
        "\" OR \"\"=\"",
        "1) UNION SELECT password_hash FROM users --",
    ];
    for a in attacks {
        let q: String = a.bytes().map(|c| format!("%{c:02X}")).collect();
        for (path, ok) in [
            (format!("/api/v1/regions?q={q}"), &[200u16][..]),
            (
                format!("/api/v1/workers?region=64.01&name={q}"),
                &[200, 400][..],
            ),
            (format!("/api/v1/workers?region={q}&name=yusuf"), &[400][..]),
            (
                format!("/api/v1/audit?actor={q}&action={q}&object={q}"),
                &[200][..],
            ),
            (format!("/api/v1/audit?nik={q}"), &[400][..]),
            (format!("/api/v1/coverage?region={q}"), &[400, 404][..]),
            (format!("/admin/audit?actor={q}"), &[200][..]),
        ] {
            let r = admin.get(&path);
            let status = r.status().as_u16();
            let body = r.text().unwrap();
            assert!(ok.contains(&status), "{path}: {status} {body}");
            assert!(!body.contains("$argon2"), "{path}");
            if path.starts_with("/api/v1/workers?region=64.01") && status == 200 {
                let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                assert_eq!(v["workers"].as_array().unwrap().len(), 0, "{path}");
            }
            if path.starts_with("/api/v1/audit?actor") {
                assert_eq!(body, "[]", "{path}");
            }
        }
    }
    let users: Vec<serde_json::Value> = admin.get("/api/v1/users").json().unwrap();
    assert_eq!(users.len(), USERS.len());
    let out = run(paritrana(dir.path()).args(["audit", "verify"]));
    assert!(out.status.success());
}

#[test]
fn repeated_failures_slow_the_account_down_and_sign_out_everywhere_ends_every_session() {
    let dir = tempfile::tempdir().unwrap();
    add_users(dir.path());
    let server = Server::start(dir.path(), &[]);
    let mut a = Browser::new(&server.base);
    for _ in 0..5 {
        assert_eq!(
            a.login("op.paser", "salah sekali kata sandinya").status(),
            401
        );
    }
    let r = a.login("op.paser", password_of("op.paser"));
    assert_eq!(r.status(), 429, "held back even with the right password");
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(r.text().unwrap().contains("Coba lagi dalam"));
    // Another account from the same address is not slowed by these five.
    assert_eq!(a.login("op.kukar", password_of("op.kukar")).status(), 303);
    let out =
        run(paritrana(dir.path()).args(["audit", "--action", "login.failed", "--format", "json"]));
    let failed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        failed.len(),
        5,
        "the refused attempt is not evaluated nor recorded"
    );
    assert!(failed.iter().all(|e| e["object"] == "user:op.paser"));
    // A delay, not a lock: once it has passed the right password works.
    std::thread::sleep(std::time::Duration::from_millis(wait * 1000 + 300));
    let mut later = Browser::new(&server.base);
    assert_eq!(
        later.login("op.paser", password_of("op.paser")).status(),
        303
    );

    let (mut one, mut two) = (Browser::new(&server.base), Browser::new(&server.base));
    one.login("admin", password_of("admin"));
    two.login("admin", password_of("admin"));
    assert_eq!(two.get("/api/v1/me").status(), 200);
    let csrf = one.csrf();
    assert_eq!(
        one.post_form("/keluar-semua", &[("csrf", &csrf)], None)
            .status(),
        303
    );
    assert_eq!(one.get("/api/v1/me").status(), 401);
    assert_eq!(two.get("/api/v1/me").status(), 401);
    // Disabling an account ends its sessions too.
    let mut op = Browser::new(&server.base);
    op.login("op.kukar", password_of("op.kukar"));
    let out = run(paritrana(dir.path()).args(["user", "disable", "op.kukar"]));
    assert!(out.status.success());
    assert_eq!(op.get("/api/v1/me").status(), 401);
    assert_eq!(op.login("op.kukar", password_of("op.kukar")).status(), 401);
}

#[test]
fn logs_never_hold_passwords_or_niks() {
    let dir = tempfile::tempdir().unwrap();
    add_users(dir.path());
    let log_path = dir.path().join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = paritrana(dir.path())
        .env("PARITRANA_LOG", "trace")
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(log)
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
    let mut op = Browser::new(&base);
    op.login("op.paser", "kata sandi yang salah sekali");
    op.login("op.paser", password_of("op.paser"));
    upload(&mut op, "peserta_english.csv", "daftar.csv");
    op.get(&format!("/api/v1/workers/{PASER_NIK}"));
    op.get("/api/v1/workers?region=64.01&name=yusuf");
    op.get(&format!("/api/v1/workers/{KUKAR_NIK}"));
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(&log_path).unwrap();
    assert!(!text.is_empty(), "trace logging produced output");
    for secret in [
        password_of("op.paser"),
        "kata sandi yang salah sekali",
        PASER_NIK,
        KUKAR_NIK,
        "Muhammad Yusuf",
    ] {
        assert!(!text.contains(secret), "the log holds {secret:?}");
    }
}
