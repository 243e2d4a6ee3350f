//! The OpenAPI document against the running server: every call below is checked against
//! `/api/v1/openapi.json` — the operation and each query parameter sent must be documented, the
//! status code and the media type answered must be listed for it, and a JSON body must validate
//! against the documented schema (formats included). Error answers are checked the same way.
//! Every operation of the document's areas is exercised with at least one success.

mod common;

use common::{Server, add_user, fixture, paritrana, run};
use reqwest::blocking::{Client, Response};
use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;

const PASER_NIK: &str = "6401040204830021";
/// Workers registered by Kab. Kutai Kartanegara, for transfers into Paser.
const KUKAR_WORKERS: &[(&str, &str, &str, &str)] = &[
    ("6402010204830041", "Ahmad Kukar", "L", "1983-04-02"),
    ("6402015505900002", "Sari Kukar", "P", "1990-05-15"),
    ("6402014107880003", "Rina Kukar", "P", "1988-07-01"),
];

/// The tags whose every operation this test calls successfully.
const AREAS: &[&str] = &[
    "meta",
    "status",
    "regions",
    "nik",
    "coverage",
    "targets",
    "workers",
    "accounts",
    "audit",
    "imports",
    "budget",
    "transfers",
];

/// Who a request acts as.
#[derive(Clone, Copy)]
enum Auth<'a> {
    Public,
    Bearer(&'a str),
    /// A session cookie header, and the CSRF token to send (for writes).
    Session(&'a str, Option<&'a str>),
}

/// A body to send.
enum Body {
    None,
    /// JSON that must match the documented request body.
    Json(Value),
    /// JSON that is wrong on purpose (the answer must be a documented refusal).
    WrongJson(Value),
    Bytes(Vec<u8>),
}

struct Checker {
    base: String,
    doc: Value,
    http: Client,
    /// (METHOD, template, status) answered so far.
    seen: RefCell<BTreeSet<(String, String, u16)>>,
}

/// A JSON pointer as a URI fragment (`{` and `}` of path templates percent-encoded).
fn uri_fragment(pointer: &str) -> String {
    pointer.replace('{', "%7B").replace('}', "%7D")
}

/// A JSON pointer token.
fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

impl Checker {
    fn new(base: &str) -> Checker {
        let http = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = http
            .get(format!("{base}/api/v1/openapi.json"))
            .send()
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()[CONTENT_TYPE], "application/json");
        let doc: Value = r.json().unwrap();
        Checker {
            base: base.to_string(),
            doc,
            http,
            seen: RefCell::default(),
        }
    }

    /// Follows a `$ref` at `pointer`, if any, to the pointer of the object itself.
    fn deref(&self, pointer: String) -> String {
        match self
            .doc
            .pointer(&pointer)
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
        {
            Some(r) => r.trim_start_matches('#').to_string(),
            None => pointer,
        }
    }

    /// Validates `instance` against the schema at `pointer` of the document.
    fn validate(&self, pointer: &str, instance: &Value) -> Result<(), String> {
        let mut root = self.doc.clone();
        root.as_object_mut().unwrap().insert(
            "$ref".into(),
            Value::String(format!("#{}", uri_fragment(pointer))),
        );
        let v = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("schema at {pointer} does not compile: {e}"));
        let errors: Vec<String> = v
            .iter_errors(instance)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("\n"))
        }
    }

    /// The documented parameters of an operation (references followed).
    fn parameters(&self, op: &str) -> Vec<Value> {
        self.doc
            .pointer(&format!("{op}/parameters"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|p| match p.get("$ref").and_then(Value::as_str) {
                Some(r) => self.doc.pointer(&r[1..]).unwrap().clone(),
                None => p,
            })
            .collect()
    }

    /// Sends a request for the operation `method template` at `url_path` (with its query) and
    /// checks the answer against the document. Returns the response's status, media type and
    /// body.
    fn call(
        &self,
        method: &str,
        template: &str,
        url_path: &str,
        auth: Auth,
        body: Body,
    ) -> (u16, String, Vec<u8>) {
        let here = format!("{method} {url_path}");
        let op = format!("/paths/{}/{}", escape(template), method.to_lowercase());
        assert!(
            self.doc.pointer(&op).is_some(),
            "{here}: operation {method} {template} is not documented"
        );
        // Every query parameter sent is documented for the operation.
        let params = self.parameters(&op);
        if let Some((_, query)) = url_path.split_once('?') {
            for pair in query.split('&') {
                let name = pair.split('=').next().unwrap();
                assert!(
                    params
                        .iter()
                        .any(|p| p["in"] == "query" && p["name"] == name),
                    "{here}: query parameter `{name}` is not documented"
                );
            }
        }
        let mut req = self
            .http
            .request(method.parse().unwrap(), format!("{}{url_path}", self.base));
        match auth {
            Auth::Public => {}
            Auth::Bearer(t) => req = req.bearer_auth(t),
            Auth::Session(cookie, csrf) => {
                req = req.header(COOKIE, cookie);
                if let Some(c) = csrf {
                    req = req.header("x-csrf-token", c);
                }
            }
        }
        match body {
            Body::None => {}
            Body::Json(v) => {
                let schema = format!("{op}/requestBody/content/application~1json/schema");
                self.validate(&schema, &v).unwrap_or_else(|e| {
                    panic!("{here}: the request body is not as documented: {e}")
                });
                req = req.json(&v);
            }
            Body::WrongJson(v) => req = req.json(&v),
            Body::Bytes(b) => req = req.body(b),
        }
        let r: Response = req.send().unwrap();
        let status = r.status().as_u16();
        let media = r
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| {
                v.to_str()
                    .unwrap()
                    .split(';')
                    .next()
                    .unwrap()
                    .trim()
                    .to_string()
            })
            .unwrap_or_default();
        let bytes = r.bytes().unwrap().to_vec();
        let response = self.deref(format!("{op}/responses/{status}"));
        assert!(
            self.doc.pointer(&response).is_some(),
            "{here}: status {status} is not documented: {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        );
        let content = self.doc.pointer(&format!("{response}/content"));
        match content {
            None => assert!(
                bytes.is_empty(),
                "{here}: {status} is documented without a body"
            ),
            Some(content) => {
                let key = if content.get(&media).is_some() {
                    media.clone()
                } else {
                    assert!(
                        content.get("*/*").is_some(),
                        "{here}: {status} answered `{media}`, documented: {:?}",
                        content.as_object().unwrap().keys().collect::<Vec<_>>()
                    );
                    "*/*".into()
                };
                if media == "application/json" {
                    let v: Value = serde_json::from_slice(&bytes)
                        .unwrap_or_else(|e| panic!("{here}: {status} is not JSON ({e})"));
                    let pointer = format!("{response}/content/{}/schema", escape(&key));
                    self.validate(&pointer, &v).unwrap_or_else(|e| {
                        panic!("{here}: {status} does not match its schema:\n{e}\n{v:#}")
                    });
                }
            }
        }
        self.seen
            .borrow_mut()
            .insert((method.to_string(), template.to_string(), status));
        (status, media, bytes)
    }

    /// A GET that must succeed; its JSON body.
    fn get_json(&self, template: &str, url_path: &str, auth: Auth) -> Value {
        let (status, media, bytes) = self.call("GET", template, url_path, auth, Body::None);
        assert_eq!(
            status,
            200,
            "{url_path}: {}",
            String::from_utf8_lossy(&bytes)
        );
        assert_eq!(media, "application/json");
        serde_json::from_slice(&bytes).unwrap()
    }

    /// A call that must answer `expected`; its body as JSON (or as a JSON string of the text).
    fn expect(
        &self,
        method: &str,
        template: &str,
        url_path: &str,
        auth: Auth,
        body: Body,
        expected: u16,
    ) -> (String, Value) {
        let (status, media, bytes) = self.call(method, template, url_path, auth, body);
        assert_eq!(
            status,
            expected,
            "{method} {url_path}: {}",
            String::from_utf8_lossy(&bytes)
        );
        let v = if media == "application/json" {
            serde_json::from_slice(&bytes).unwrap()
        } else {
            Value::String(String::from_utf8_lossy(&bytes).into_owned())
        };
        (media, v)
    }
}

fn token(dir: &Path, user: &str, write: bool) -> String {
    let mut cmd = paritrana(dir);
    cmd.args(["token", "create", user, "--name", "openapi-test"]);
    if write {
        cmd.arg("--write");
    }
    let out = run(&mut cmd);
    assert!(out.status.success());
    let t = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(t.starts_with("ptk_"), "{t}");
    t
}

/// Signs in through the form; returns the cookie header and the session's CSRF token.
fn sign_in(base: &str, user: &str, password: &str) -> (String, String) {
    let http = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let cookies = |r: &Response, jar: &mut HashMap<String, String>| {
        for h in r.headers().get_all(SET_COOKIE) {
            let pair = h.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            jar.insert(k.to_string(), v.to_string());
        }
    };
    let mut jar = HashMap::new();
    let r = http.get(format!("{base}/masuk")).send().unwrap();
    cookies(&r, &mut jar);
    let page = r.text().unwrap();
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let csrf = &page[start..start + page[start..].find('"').unwrap()];
    let header = |jar: &HashMap<String, String>| {
        jar.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let r = http
        .post(format!("{base}/masuk"))
        .header(COOKIE, header(&jar))
        .form(&[
            ("csrf", csrf),
            ("username", user),
            ("password", password),
            ("lanjut", "/"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303, "{user} signs in");
    cookies(&r, &mut jar);
    let cookie = header(&jar);
    let me: Value = http
        .get(format!("{base}/api/v1/me"))
        .header(COOKIE, &cookie)
        .send()
        .unwrap()
        .json()
        .unwrap();
    (cookie, me["csrf_token"].as_str().unwrap().to_string())
}

#[test]
fn the_server_answers_as_its_openapi_document_says() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    add_user(
        data,
        "admin",
        "admin",
        "nasional",
        "teh manis di samarinda 1",
    );
    add_user(
        data,
        "op.paser",
        "pemda_operator",
        "64.01",
        "teh manis di samarinda 3",
    );
    add_user(
        data,
        "asesor",
        "assessor",
        "nasional",
        "teh manis di samarinda 5",
    );
    let out = run(paritrana(data)
        .args(["import", "targets"])
        .arg(fixture("target_paser_2023.csv"))
        .args(["--format", "json"]));
    assert!(out.status.success());
    let admin = token(data, "admin", true);
    let op_write = token(data, "op.paser", true);
    let op_read = token(data, "op.paser", false);
    let asesor = token(data, "asesor", false);
    let server = Server::start(data, &[]);
    let api = Checker::new(&server.base);
    let (cookie, csrf) = sign_in(&server.base, "admin", "teh manis di samarinda 1");
    let session = Auth::Session(&cookie, Some(&csrf));
    let (admin, op_write, op_read, asesor) = (
        Auth::Bearer(&admin),
        Auth::Bearer(&op_write),
        Auth::Bearer(&op_read),
        Auth::Bearer(&asesor),
    );
    let public = Auth::Public;
    let none = || Body::None;

    // ---- meta: the document itself, cacheable.
    let r = api
        .http
        .get(format!("{}/api/v1/openapi.json", server.base))
        .send()
        .unwrap();
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let (status, _, bytes) = {
        let r = api
            .http
            .get(format!("{}/api/v1/openapi.json", server.base))
            .header("if-none-match", &etag)
            .send()
            .unwrap();
        (r.status().as_u16(), (), r.bytes().unwrap())
    };
    assert_eq!(status, 304);
    assert!(bytes.is_empty());
    let doc = api.get_json("/api/v1/openapi.json", "/api/v1/openapi.json", public);
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));

    // ---- imports: op.paser uploads Paser's list (its write token), then reads the log.
    let list = std::fs::read(fixture("peserta_english.csv")).unwrap();
    let t = "/api/v1/imports/participants";
    let (_, dry) = api.expect(
        "POST",
        t,
        &format!("{t}?file_name=daftar.csv&dry_run=true"),
        op_write,
        Body::Bytes(list.clone()),
        200,
    );
    assert_eq!(dry["summary"]["committed"], false);
    let (_, done) = api.expect(
        "POST",
        t,
        &format!("{t}?file_name=daftar.csv&strict=false"),
        op_write,
        Body::Bytes(list.clone()),
        201,
    );
    assert_eq!(done["summary"]["committed"], true);
    let import_id = done["summary"]["import_id"].as_i64().unwrap();
    // Refusals: a file kind the server cannot read, a read-only token, no account, a flag that
    // is not a boolean (plain text from the framework), a cookie write without its CSRF token.
    let (_, e) = api.expect(
        "POST",
        t,
        &format!("{t}?file_name=daftar.pdf"),
        op_write,
        Body::Bytes(list.clone()),
        400,
    );
    assert!(e["error"]["message_en"].as_str().unwrap().contains("CSV"));
    api.expect("POST", t, t, op_read, Body::Bytes(list.clone()), 403);
    api.expect("POST", t, t, public, Body::Bytes(list.clone()), 401);
    let (media, _) = api.expect(
        "POST",
        t,
        &format!("{t}?strict=maybe"),
        op_write,
        Body::Bytes(list.clone()),
        400,
    );
    assert_eq!(media, "text/plain");
    api.expect(
        "POST",
        t,
        t,
        Auth::Session(&cookie, None),
        Body::Bytes(list.clone()),
        403,
    );

    let log = api.get_json("/api/v1/imports", "/api/v1/imports", op_read);
    assert_eq!(log[0]["id"], import_id);
    assert_eq!(log[0]["scope"], "64.01");
    let one = api.get_json(
        "/api/v1/imports/{id}",
        &format!("/api/v1/imports/{import_id}"),
        session,
    );
    assert_eq!(one["rows_read"], 10);
    api.expect(
        "GET",
        "/api/v1/imports",
        "/api/v1/imports",
        public,
        none(),
        401,
    );
    api.expect(
        "GET",
        "/api/v1/imports",
        "/api/v1/imports",
        asesor,
        none(),
        403,
    );
    let t = "/api/v1/imports/{id}";
    api.expect("GET", t, "/api/v1/imports/999999", admin, none(), 404);
    api.expect(
        "GET",
        t,
        &format!("/api/v1/imports/{import_id}"),
        public,
        none(),
        401,
    );
    api.expect(
        "GET",
        t,
        &format!("/api/v1/imports/{import_id}"),
        asesor,
        none(),
        403,
    );
    let (media, _) = api.expect("GET", t, "/api/v1/imports/abc", admin, none(), 400);
    assert_eq!(media, "text/plain");
    // The problems of the import, a page at a time.
    let t = "/api/v1/imports/{id}/problems";
    let (_, page) = api.expect(
        "GET",
        t,
        &format!("/api/v1/imports/{import_id}/problems?offset=0&limit=2"),
        admin,
        none(),
        200,
    );
    assert!(page["issues"].as_array().unwrap().len() <= 2);
    assert_eq!(page["limit"], 2);
    api.expect(
        "GET",
        t,
        "/api/v1/imports/999999/problems",
        admin,
        none(),
        404,
    );

    // ---- status.
    let s = api.get_json("/api/v1/status", "/api/v1/status", public);
    assert_eq!(s["registry"]["workers"], 10);
    assert_eq!(s["regions"]["regency"], 514);

    // ---- regions.
    let hits = api.get_json(
        "/api/v1/regions",
        "/api/v1/regions?q=paser&within=64&limit=5",
        public,
    );
    assert_eq!(hits[0]["code"], "64.01");
    let t = "/api/v1/regions";
    api.expect(
        "GET",
        t,
        "/api/v1/regions?q=paser&within=xx",
        public,
        none(),
        400,
    );
    let (media, _) = api.expect("GET", t, "/api/v1/regions", public, none(), 400);
    assert_eq!(media, "text/plain", "a missing `q` is the framework's");
    let (media, _) = api.expect(
        "GET",
        t,
        "/api/v1/regions?q=a&limit=many",
        public,
        none(),
        400,
    );
    assert_eq!(media, "text/plain");
    let r = api.get_json("/api/v1/regions/{code}", "/api/v1/regions/6401", public);
    assert_eq!(r["parents"][0]["code"], "ID");
    assert_eq!(r["parents"][1]["code"], "64");
    assert!(!r["children"].as_array().unwrap().is_empty());
    let t = "/api/v1/regions/{code}";
    api.get_json(t, "/api/v1/regions/64.01.04.2010", public);
    api.expect("GET", t, "/api/v1/regions/99.99", public, none(), 404);
    api.expect("GET", t, "/api/v1/regions/x1", public, none(), 400);

    // ---- nik: valid, invalid (still 200), English reasons.
    let t = "/api/v1/nik/{nik}";
    let n = api.get_json(t, &format!("/api/v1/nik/{PASER_NIK}"), public);
    assert_eq!(n["valid"], true);
    assert_eq!(n["regency_name"], "Kabupaten Paser");
    let n = api.get_json(t, "/api/v1/nik/6401043204830021?lang=en", public);
    assert_eq!(n["valid"], false);
    assert_eq!(n["reasons"][0]["code"], "invalid_birth_date");
    let n = api.get_json(t, "/api/v1/nik/12ab", public);
    assert_eq!(n["nik"], Value::Null);
    let (media, _) = api.expect(
        "GET",
        t,
        "/api/v1/nik/1?lang=en&lang=id",
        public,
        none(),
        400,
    );
    assert_eq!(media, "text/plain");

    // ---- coverage: each kind of answer, each download, and refusals.
    let t = "/api/v1/coverage";
    let c = api.get_json(
        t,
        "/api/v1/coverage?region=64.01&date=2024-06-30&by=group",
        public,
    );
    assert_eq!(c["kind"], "coverage");
    assert_eq!(c["rows"][0]["protected"], 10);
    let c = api.get_json(
        t,
        "/api/v1/coverage?region=64.01&level=kecamatan&date=2024-06-30&by=segment&lang=en",
        public,
    );
    assert!(c["rows"].as_array().unwrap().len() > 5);
    let c = api.get_json(
        t,
        "/api/v1/coverage?region=64&from=2023-12-31&to=2024-06-30&by=funding",
        public,
    );
    assert_eq!(c["kind"], "growth");
    let c = api.get_json(
        t,
        "/api/v1/coverage?region=64.01&series=monthly&from=2024-01-01&to=2024-12-31&by=programme",
        public,
    );
    assert_eq!(c["kind"], "series");
    assert_eq!(c["points"].as_array().unwrap().len(), 12);
    let c = api.get_json(
        t,
        "/api/v1/coverage?region=64&rank=true&date=2023-12-31",
        public,
    );
    assert_eq!(c["kind"], "ranking");
    assert_eq!(c["ranked"][0]["region"], "64.01");
    api.get_json(t, "/api/v1/coverage?date=2024-06-30&by=sector", public);
    for (format, media) in [
        ("csv", "text/csv"),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("pdf", "application/pdf"),
        ("json", "application/json"),
    ] {
        let (status, got, bytes) = api.call(
            "GET",
            t,
            &format!("/api/v1/coverage?region=64.01&date=2024-06-30&format={format}"),
            public,
            none(),
        );
        assert_eq!((status, got.as_str()), (200, media));
        assert!(!bytes.is_empty());
    }
    for bad in [
        "format=doc",
        "region=nowhere",
        "level=planet",
        "date=31-12-2023",
        "by=colour",
        "from=2024-01-01",
        "from=2024-02-01&to=2024-01-01",
        "series=weekly",
        "rank=maybe",
        "level=desa",
    ] {
        let (_, e) = api.expect(
            "GET",
            t,
            &format!("/api/v1/coverage?{bad}"),
            public,
            none(),
            400,
        );
        assert!(e["error"]["message"].is_string(), "{bad}");
    }

    // ---- targets.
    let t = "/api/v1/targets";
    let tg = api.get_json(t, "/api/v1/targets?region=64&year=2023", public);
    assert_eq!(tg["region"]["code"], "64");
    let paser = tg["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "64.01")
        .unwrap();
    assert_eq!(paser["target"]["workers"], 90_052);
    let tg = api.get_json(t, "/api/v1/targets?segment=BPU", public);
    assert_eq!(tg["region"]["code"], "ID");
    assert_eq!(tg["segment"], "BPU");
    api.expect(
        "GET",
        t,
        "/api/v1/targets?region=64.01.04",
        public,
        none(),
        400,
    );
    api.expect("GET", t, "/api/v1/targets?segment=XX", public, none(), 400);
    let (media, _) = api.expect("GET", t, "/api/v1/targets?year=next", public, none(), 400);
    assert_eq!(media, "text/plain");

    // ---- the dashboard and a region page's figures.
    let t = "/api/v1/dashboard";
    let d = api.get_json(t, "/api/v1/dashboard?date=2023-12-31", public);
    assert!(d.is_object());
    api.get_json(t, "/api/v1/dashboard?tanggal=2023-12-31&lang=en", public);
    api.expect(
        "GET",
        t,
        "/api/v1/dashboard?date=31-12-2023",
        public,
        none(),
        400,
    );
    let t = "/api/v1/regions/{code}/summary";
    let r = api.get_json(t, "/api/v1/regions/64/summary?date=2023-12-31", public);
    assert!(
        r.to_string().contains("64.01"),
        "East Kalimantan's children include Paser"
    );
    api.expect(
        "GET",
        t,
        "/api/v1/regions/99.99/summary",
        public,
        none(),
        404,
    );

    // ---- imports of targets (the body is the file), their report, the pages' jobs.
    let targets = std::fs::read(fixture("target_kukar.csv")).unwrap();
    let t = "/api/v1/imports/targets";
    let (_, dry) = api.expect(
        "POST",
        t,
        &format!("{t}?file_name=target.csv&dry_run=true"),
        admin,
        Body::Bytes(targets.clone()),
        200,
    );
    assert_eq!(dry["summary"]["committed"], false);
    let (_, done) = api.expect(
        "POST",
        t,
        &format!("{t}?file_name=target.csv"),
        admin,
        Body::Bytes(targets.clone()),
        201,
    );
    let target_import = done["summary"]["import_id"].as_i64().unwrap();
    assert!(done["summary"]["rejected"].as_i64().unwrap() > 0);
    api.expect("POST", t, t, op_read, Body::Bytes(targets.clone()), 403);
    api.expect("POST", t, t, public, Body::Bytes(targets.clone()), 401);
    let t = "/api/v1/imports/{id}/report";
    let (_, media, bytes) = api.call(
        "GET",
        t,
        &format!("/api/v1/imports/{target_import}/report?format=csv"),
        admin,
        none(),
    );
    assert_eq!(media, "text/csv");
    assert!(String::from_utf8_lossy(&bytes).contains("2031"));
    api.expect(
        "GET",
        t,
        "/api/v1/imports/999999/report",
        admin,
        none(),
        404,
    );
    // The /target page's upload as its script sends it: a job to poll, then the preview.
    let boundary = "paritrana-openapi-boundary";
    let mut form = Vec::new();
    write!(
        form,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; \
         filename=\"target.csv\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .unwrap();
    form.extend_from_slice(&targets);
    write!(form, "\r\n--{boundary}--\r\n").unwrap();
    let started: Value = api
        .http
        .post(format!("{}/target", server.base))
        .header(COOKIE, &cookie)
        .header("accept", "application/json")
        .header(
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(form)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let poll = started["poll"].as_str().unwrap().to_string();
    let t = "/api/v1/imports/jobs/{id}";
    let mut job = Value::Null;
    for _ in 0..300 {
        job = api.get_json(t, &poll, Auth::Session(&cookie, None));
        if job["state"] != "running" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(job["state"], "done", "{job}");
    api.expect("GET", t, &poll, op_read, none(), 404);
    let preview = job["next"]
        .as_str()
        .unwrap()
        .strip_prefix("/impor/pratinjau/")
        .unwrap()
        .to_string();
    let t = "/api/v1/imports/previews/{id}/report";
    let (status, media, _) = api.call(
        "GET",
        t,
        &format!("/api/v1/imports/previews/{preview}/report?format=xlsx"),
        Auth::Session(&cookie, None),
        none(),
    );
    assert_eq!(status, 200);
    assert_eq!(
        media,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    api.expect(
        "GET",
        t,
        &format!("/api/v1/imports/previews/{preview}/report"),
        op_read,
        none(),
        404,
    );

    // ---- workers: masked for the public, full (and audited) for an account in scope.
    let t = "/api/v1/workers/{nik}";
    let path = format!("/api/v1/workers/{PASER_NIK}");
    let w = api.get_json(t, &path, public);
    assert_eq!(w["view"], "masked");
    assert_eq!(w["nik"], "6401••••••••0021");
    let w = api.get_json(t, &path, op_read);
    assert_eq!(w["view"], "full");
    assert_eq!(w["birth_date"], "1983-04-02");
    let w = api.get_json(t, &path, asesor);
    assert_eq!(w["view"], "masked", "an assessor sees what the public sees");
    api.expect("GET", t, "/api/v1/workers/123", public, none(), 400);
    api.expect(
        "GET",
        t,
        "/api/v1/workers/6401040204830099",
        public,
        none(),
        404,
    );
    api.expect("GET", t, &path, Auth::Bearer("ptk_0000"), none(), 401);
    let t = "/api/v1/workers";
    let found = api.get_json(t, "/api/v1/workers?region=64.01&name=siti", op_read);
    assert_eq!(found["region"], "64.01");
    assert!(!found["workers"].as_array().unwrap().is_empty());
    api.expect(
        "GET",
        t,
        "/api/v1/workers?region=64.01&name=siti",
        public,
        none(),
        401,
    );
    api.expect(
        "GET",
        t,
        "/api/v1/workers?region=64.02&name=siti",
        op_read,
        none(),
        403,
    );
    api.expect(
        "GET",
        t,
        "/api/v1/workers?region=64.01&name=si",
        op_read,
        none(),
        400,
    );
    api.expect(
        "GET",
        t,
        "/api/v1/workers?region=mars&name=siti",
        op_read,
        none(),
        400,
    );

    // ---- accounts.
    let me = api.get_json("/api/v1/me", "/api/v1/me", session);
    assert_eq!(me["via"], "session");
    assert!(me["csrf_token"].is_string());
    let me = api.get_json("/api/v1/me", "/api/v1/me", op_read);
    assert_eq!(me["via"], "token");
    assert_eq!(me["read_only"], true);
    api.expect("GET", "/api/v1/me", "/api/v1/me", public, none(), 401);
    let users = api.get_json("/api/v1/users", "/api/v1/users", admin);
    assert_eq!(users.as_array().unwrap().len(), 3);
    api.expect(
        "GET",
        "/api/v1/users",
        "/api/v1/users",
        op_read,
        none(),
        403,
    );
    api.expect("GET", "/api/v1/users", "/api/v1/users", public, none(), 401);
    let t = "/api/v1/users";
    let (_, created) = api.expect(
        "POST",
        t,
        t,
        session,
        Body::Json(
            json!({"username": "bpjs.kaltim", "full_name": "Petugas Kaltim",
                          "role": "bpjs_officer", "scope": "64", "institution": "BPJS Balikpapan"}),
        ),
        201,
    );
    assert!(created["temporary_password"].is_string());
    let new_id = created["user"]["id"].as_i64().unwrap();
    let (_, created) = api.expect(
        "POST",
        t,
        t,
        admin,
        Body::Json(json!({"username": "usaha", "full_name": "Operator Usaha",
                          "role": "business_operator", "scope": "nasional",
                          "company": "PT Contoh", "password": "kopi susu di balikpapan"})),
        201,
    );
    assert_eq!(created["temporary_password"], Value::Null);
    api.expect(
        "POST",
        t,
        t,
        admin,
        Body::Json(json!({"username": "bpjs.kaltim", "full_name": "X", "role": "admin", "scope": "nasional"})),
        409,
    );
    api.expect(
        "POST",
        t,
        t,
        admin,
        Body::WrongJson(json!({"username": "x1y", "full_name": "X", "role": "admin", "scope": "nasional", "must_change_password": false})),
        400,
    );
    api.expect(
        "POST",
        t,
        t,
        admin,
        Body::Json(
            json!({"username": "ok.name", "full_name": "X", "role": "raja", "scope": "nasional"}),
        ),
        400,
    );
    api.expect(
        "POST",
        t,
        t,
        Auth::Session(&cookie, None),
        Body::Json(json!({"username": "tanpa.csrf", "full_name": "X", "role": "admin", "scope": "nasional"})),
        403,
    );
    api.expect(
        "POST",
        t,
        t,
        op_write,
        Body::Json(json!({"username": "naik.pangkat", "full_name": "X", "role": "admin", "scope": "nasional"})),
        403,
    );
    let t = "/api/v1/users/{id}";
    let (_, changed) = api.expect(
        "PATCH",
        t,
        &format!("/api/v1/users/{new_id}"),
        session,
        Body::Json(json!({"scope": "64.01", "disabled": true})),
        200,
    );
    assert_eq!(changed["scope"], "64.01");
    assert!(changed["disabled_at"].is_string());
    api.expect(
        "PATCH",
        t,
        "/api/v1/users/424242",
        admin,
        Body::Json(json!({"full_name": "Y"})),
        404,
    );
    let (media, _) = api.expect(
        "PATCH",
        t,
        "/api/v1/users/abc",
        admin,
        Body::Json(json!({})),
        400,
    );
    assert_eq!(media, "text/plain");
    api.expect(
        "PATCH",
        t,
        &format!("/api/v1/users/{new_id}"),
        admin,
        Body::Json(json!({"scope": "mars"})),
        400,
    );
    api.expect(
        "PATCH",
        t,
        &format!("/api/v1/users/{new_id}"),
        public,
        Body::Json(json!({})),
        401,
    );
    api.expect(
        "PATCH",
        t,
        &format!("/api/v1/users/{new_id}"),
        op_write,
        Body::Json(json!({})),
        403,
    );

    // ---- audit: the views and searches above are in the trail.
    let t = "/api/v1/audit";
    let trail = api.get_json(t, "/api/v1/audit?action=worker.&limit=50", admin);
    assert!(
        trail
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "worker.view")
    );
    let trail = api.get_json(
        t,
        &format!("/api/v1/audit?nik={PASER_NIK}&since=2000-01-01"),
        session,
    );
    assert!(!trail.as_array().unwrap().is_empty());
    let (status, media, bytes) = api.call("GET", t, "/api/v1/audit?format=csv", admin, none());
    assert_eq!((status, media.as_str()), (200, "text/csv"));
    assert!(String::from_utf8(bytes).unwrap().starts_with("id,at,actor"));
    api.expect("GET", t, "/api/v1/audit?nik=12", admin, none(), 400);
    api.expect("GET", t, "/api/v1/audit?since=kemarin", admin, none(), 400);
    let (media, _) = api.expect("GET", t, "/api/v1/audit?limit=all", admin, none(), 400);
    assert_eq!(media, "text/plain");
    api.expect("GET", t, t, op_read, none(), 403);
    api.expect("GET", t, t, public, none(), 401);

    // ---- budget.
    let r = api.get_json(
        "/api/v1/budget/rates",
        "/api/v1/budget/rates?date=2024-03-01&lang=en",
        public,
    );
    assert!(!r["rules"].as_array().unwrap().is_empty());
    api.expect(
        "GET",
        "/api/v1/budget/rates",
        "/api/v1/budget/rates?date=2015-01-01",
        public,
        none(),
        400,
    );
    let t = "/api/v1/budget/worker";
    let w = api.get_json(
        t,
        "/api/v1/budget/worker?segment=PU&income=2000000&programmes=JKK,JKM,JHT,JP&risk_class=1&date=2024-06-01",
        public,
    );
    assert_eq!(w["total"], 184_800);
    api.get_json(t, "/api/v1/budget/worker?segment=BPU&wage=1000000", public);
    api.get_json(
        t,
        "/api/v1/budget/worker?segment=JAKON&income=5000000&risk_class=2&programmes=JKK,JKM",
        public,
    );
    for bad in [
        "segment=XX",
        "segment=BPU&income=1000000&programmes=JKK,JKM,JP",
        "segment=PU&income=2000000&risk_class=9",
        "segment=PU&income=abc",
        "segment=PU&programmes=JKX",
    ] {
        api.expect("GET", t, &format!("{t}?{bad}"), public, none(), 400);
    }
    let t = "/api/v1/budget/plan";
    let plan = json!({"date": "2024-01-01", "cohorts": [
        {"label": "Pekerja rentan Kab. Paser", "count": 46510, "segment": "BPU",
         "income": 1000000, "programmes": ["JKK", "JKM"], "months": 12, "funding": "APBD_KABKOTA"},
        {"label": "Non-ASN", "count": "1.200", "segment": "PU", "income": "Rp 3.000.000",
         "risk_class": 1, "programmes": "JKK, JKM, JHT, JP", "months": 6, "funding": "APBD"},
        {"label": "PMI", "count": 10, "segment": "PMI", "programmes": ["JKK", "JKM"],
         "months": 24, "funding": "MANDIRI", "start": "2024-03-01"}
    ]});
    let (_, cost) = api.expect("POST", t, t, public, Body::Json(plan), 200);
    assert_eq!(cost["cohorts"][0]["total"], 9_376_416_000i64);
    let (_, refused) = api.expect(
        "POST",
        t,
        t,
        public,
        Body::Json(
            json!({"cohorts": [{"count": -1, "segment": "BPU", "income": 1000000,
            "programmes": "JKK,JKM", "months": 12, "funding": "APBD"}]}),
        ),
        400,
    );
    assert_eq!(
        refused["detail"]["issues"][0]["problem"]["code"],
        "negative_count"
    );
    let (_, refused) = api.expect(
        "POST",
        t,
        t,
        public,
        Body::Json(json!({"cohorts": []})),
        400,
    );
    assert_eq!(refused["detail"]["kind"], "empty");
    let (_, e) = api.expect(
        "POST",
        t,
        t,
        public,
        Body::WrongJson(json!({"plan": 1})),
        400,
    );
    assert!(e.get("detail").is_none());
    let r = api
        .http
        .post(format!("{}{t}", server.base))
        .header("origin", "https://elsewhere.example")
        .json(&json!({"cohorts": []}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: Value = r.json().unwrap();
    api.validate(
        "/components/responses/Forbidden/content/application~1json/schema",
        &body,
    )
    .unwrap();

    // ---- transfers: Kukar's workers, asked for by Paser, approved, refused and cancelled.
    let header = "NIK,Nama,Jenis Kelamin,Tanggal Lahir,Kode Desa,Segmen,Kategori,Sektor,\
                  Sumber Dana,Program,Mulai,Selesai,Upah";
    let rows: Vec<String> = KUKAR_WORKERS
        .iter()
        .map(|(nik, name, sex, born)| {
            format!(
                "{nik},{name},{sex},{born},64.02.01.2001,BPU,PEKERJA_RENTAN,NELAYAN,\
                 APBD_KABKOTA,\"JKK,JKM\",2024-01-01,,1000000"
            )
        })
        .collect();
    let t = "/api/v1/imports/participants";
    api.expect(
        "POST",
        t,
        &format!("{t}?file_name=kukar.csv"),
        admin,
        Body::Bytes(format!("{header}\n{}\n", rows.join("\n")).into_bytes()),
        201,
    );
    let t = "/api/v1/transfers";
    let list = api.get_json(t, t, op_read);
    assert_eq!(list, json!([]));
    let ask =
        |nik: &str| json!({"nik": nik, "village": "64.01.04.2010", "reason": "pindah domisili"});
    let mut ids = Vec::new();
    for (nik, ..) in KUKAR_WORKERS {
        let (_, made) = api.expect("POST", t, t, op_write, Body::Json(ask(nik)), 201);
        assert_eq!(made["status"], "pending");
        assert_eq!(made["may_cancel"], true);
        ids.push(made["id"].as_i64().unwrap());
    }
    let list = api.get_json(t, "/api/v1/transfers?status=pending", op_read);
    assert_eq!(list.as_array().unwrap().len(), 3);
    api.expect(
        "GET",
        t,
        "/api/v1/transfers?status=maybe",
        op_read,
        none(),
        400,
    );
    api.expect("GET", t, t, public, none(), 401);
    api.expect("GET", t, t, asesor, none(), 403);
    // Refusals of a request: already pending, already in the caller's scope (the
    // administrator's is the nation), a bad NIK, a village outside the scope, an unknown field,
    // a read-only token, no account.
    let nik0 = KUKAR_WORKERS[0].0;
    api.expect("POST", t, t, op_write, Body::Json(ask(nik0)), 409);
    api.expect("POST", t, t, session, Body::Json(ask(nik0)), 409);
    api.expect("POST", t, t, op_write, Body::Json(ask("12")), 400);
    api.expect(
        "POST",
        t,
        t,
        op_write,
        Body::Json(json!({"nik": nik0, "village": "64.02.01.2001", "reason": "x"})),
        403,
    );
    api.expect(
        "POST",
        t,
        t,
        op_write,
        Body::WrongJson(
            json!({"nik": nik0, "village": "64.01.04.2010", "reason": "x", "urgent": true}),
        ),
        400,
    );
    api.expect("POST", t, t, op_read, Body::Json(ask(nik0)), 403);
    api.expect("POST", t, t, public, Body::Json(ask(nik0)), 401);
    // The holding side (here the administrator) approves, refuses; the requester cancels.
    let step = |id: i64, what: &str| format!("/api/v1/transfers/{id}/{what}");
    let t = "/api/v1/transfers/{id}/approve";
    api.expect("POST", t, &step(ids[0], "approve"), op_write, none(), 403);
    let (_, done) = api.expect("POST", t, &step(ids[0], "approve"), admin, none(), 200);
    assert_eq!(done["status"], "approved");
    assert_eq!(done["effective"], common::TODAY);
    api.expect("POST", t, &step(ids[0], "approve"), admin, none(), 409);
    api.expect("POST", t, &step(999_999, "approve"), admin, none(), 404);
    let (media, _) = api.expect(
        "POST",
        t,
        "/api/v1/transfers/abc/approve",
        admin,
        none(),
        400,
    );
    assert_eq!(
        media, "text/plain",
        "a path that is not a number is the framework's"
    );
    api.expect("POST", t, &step(ids[1], "approve"), public, none(), 401);
    let t = "/api/v1/transfers/{id}/refuse";
    api.expect(
        "POST",
        t,
        &step(ids[1], "refuse"),
        Auth::Session(&cookie, None),
        Body::Json(json!({"note": "tanpa token"})),
        403,
    );
    api.expect(
        "POST",
        t,
        &step(ids[1], "refuse"),
        admin,
        Body::WrongJson(json!({"catatan": "x"})),
        400,
    );
    let (_, done) = api.expect(
        "POST",
        t,
        &step(ids[1], "refuse"),
        session,
        Body::Json(json!({"note": "masih bekerja di Tenggarong"})),
        200,
    );
    assert_eq!(done["status"], "refused");
    assert_eq!(done["note"], "masih bekerja di Tenggarong");
    let t = "/api/v1/transfers/{id}/cancel";
    api.expect("POST", t, &step(ids[2], "cancel"), asesor, none(), 403);
    let (_, done) = api.expect("POST", t, &step(ids[2], "cancel"), op_write, none(), 200);
    assert_eq!(done["status"], "cancelled");
    assert_eq!(done["may_cancel"], false);
    api.expect("POST", t, &step(ids[2], "cancel"), op_write, none(), 409);
    let list = api.get_json("/api/v1/transfers", "/api/v1/transfers", admin);
    assert_eq!(list.as_array().unwrap().len(), 3);

    // ---- every operation of these areas was exercised with a success.
    let seen = api.seen.borrow();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let m = method.to_uppercase();
            let tags = op["tags"].as_array().unwrap();
            if !tags.iter().any(|t| AREAS.contains(&t.as_str().unwrap())) {
                continue;
            }
            assert!(
                seen.iter()
                    .any(|(sm, sp, st)| *sm == m && sp == path && (200..300).contains(st)),
                "{m} {path} is documented but no success was checked here: add a call to \
                 crates/cli/tests/openapi.rs"
            );
        }
    }
}
