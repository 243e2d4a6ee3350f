//! Sign-in, sessions, tokens and HTTP hardening against the real server (issue 14): hostile
//! user names that must not fill the disk, a hundred simultaneous guesses that must not all be
//! evaluated nor exhaust memory, backoff instead of lock-out, `--trust-proxy`, tokens ended
//! when their account moves, the sign-in form's bound CSRF cookie, security headers, and
//! slow request heads cut off.

mod common;

use common::{Server, paritrana, run};
use reqwest::blocking::{Client, Response};
use reqwest::header::{COOKIE, SET_COOKIE};
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

const PASSWORD: &str = "teh manis di samarinda 3";

fn add_user(dir: &Path, name: &str, role: &str, scope: &str) {
    common::add_user(dir, name, role, scope, PASSWORD);
}

fn http() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A sign-in form as a browser gets it: the cookie (`name=value`) and the hidden field.
struct LoginForm {
    cookie: String,
    csrf: String,
}

fn login_form(base: &str) -> LoginForm {
    let r = http().get(format!("{base}/masuk")).send().unwrap();
    let cookie = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|h| h.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.contains("paritrana_csrf="))
        .expect("the form sets its cookie");
    let page = r.text().unwrap();
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let csrf = page[start..start + page[start..].find('"').unwrap()].to_string();
    LoginForm { cookie, csrf }
}

fn post_login(
    base: &str,
    form: &LoginForm,
    user: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> Response {
    let mut req = http()
        .post(format!("{base}/masuk"))
        .header(COOKIE, &form.cookie)
        .form(&[
            ("csrf", form.csrf.as_str()),
            ("username", user),
            ("password", password),
        ]);
    if let Some(x) = forwarded_for {
        req = req.header("x-forwarded-for", x);
    }
    req.send().unwrap()
}

fn sign_in(base: &str, user: &str, forwarded_for: Option<&str>) -> Response {
    post_login(base, &login_form(base), user, PASSWORD, forwarded_for)
}

/// Audit entries of one action, through the CLI.
fn audit(dir: &Path, action: &str) -> Vec<serde_json::Value> {
    let out = run(paritrana(dir).args(["audit", "--action", action, "--format", "json"]));
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The database and its write-ahead log, in bytes.
fn data_size(dir: &Path) -> u64 {
    ["paritrana.db", "paritrana.db-wal"]
        .iter()
        .map(|f| std::fs::metadata(dir.join(f)).map_or(0, |m| m.len()))
        .sum()
}

/// Every byte of the database after a checkpoint (so the WAL's pages are in the file).
fn database_bytes(dir: &Path) -> Vec<u8> {
    let conn = rusqlite::Connection::open(dir.join("paritrana.db")).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    std::fs::read(dir.join("paritrana.db")).unwrap()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[test]
fn a_megabyte_user_name_is_refused_without_growing_the_database() {
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "op.paser", "pemda_operator", "64.01");
    let server = Server::start(dir.path(), &[]);
    let form = login_form(&server.base);
    let huge = "a".repeat(1_900_000);
    let before = data_size(dir.path());
    for _ in 0..40 {
        let r = post_login(&server.base, &form, &huge, "apa saja", None);
        assert_eq!(r.status(), 401);
        assert!(r.text().unwrap().len() < 100_000, "the name is not echoed");
    }
    let grown = data_size(dir.path()).saturating_sub(before);
    assert!(
        grown <= 8 * 1024,
        "40 huge names grew the data by {grown} bytes"
    );
    // A password typed into the name box (not a possible user name), and an unknown name.
    let pasted = "Kopi Tubruk di Balikpapan 77";
    assert_eq!(
        post_login(&server.base, &form, pasted, "x", None).status(),
        401
    );
    let unknown = "rahasia.kopi.tubruk";
    assert_eq!(
        post_login(&server.base, &form, unknown, "salah sekali", None).status(),
        401
    );
    let failed = audit(dir.path(), "login.failed");
    assert_eq!(
        failed.len(),
        1,
        "only the well-formed unknown name: {failed:?}"
    );
    assert_eq!(failed[0]["object"], "user:?");
    drop(server);
    let bytes = database_bytes(dir.path());
    for typed in [
        pasted,
        unknown,
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ] {
        assert!(!contains(&bytes, typed), "the database holds {typed:?}");
    }
}

/// Peak resident memory of a process, in MiB.
fn peak_rss_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib / 1024
}

/// Sends one sign-in per name at the same moment (each with its own form); the statuses.
fn all_at_once(base: &str, names: Vec<String>) -> Vec<u16> {
    let forms: Vec<LoginForm> = names.iter().map(|_| login_form(base)).collect();
    let start = std::sync::Arc::new(std::sync::Barrier::new(names.len()));
    let threads: Vec<_> = names
        .into_iter()
        .zip(forms)
        .map(|(name, form)| {
            let (base, start) = (base.to_string(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                post_login(&base, &form, &name, "salah sekali kata sandinya", None)
                    .status()
                    .as_u16()
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

#[test]
fn a_hundred_simultaneous_wrong_passwords_are_evaluated_a_few_times_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "op.paser", "pemda_operator", "64.01");
    let server = Server::start(dir.path(), &[]);
    let started = Instant::now();
    let statuses = all_at_once(&server.base, vec!["op.paser".to_string(); 100]);
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        statuses.iter().all(|s| [401, 429, 503].contains(s)),
        "{statuses:?}"
    );
    let evaluated = audit(dir.path(), "login.failed").len();
    // Five free; after that each attempt waits 2 s, 4 s, 8 s… after the last failure.
    let bound = 5 + (seconds / 2.0).log2().max(0.0).ceil() as usize + 1;
    assert!(
        evaluated <= bound,
        "{evaluated} evaluated in {seconds:.1} s (at most {bound})"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        evaluated,
        "every evaluated attempt is a 401, every other one refused unevaluated"
    );
    // A hundred different names at once: the per-address limit and the bound on hashes.
    let names = (0..100).map(|i| format!("tamu.{i}")).collect();
    let statuses = all_at_once(&server.base, names);
    assert!(
        statuses.iter().all(|s| [401, 429, 503].contains(s)),
        "{statuses:?}"
    );
    assert!(audit(dir.path(), "login.failed").len() <= 20 + bound);
    let peak = peak_rss_mib(server.child.id());
    eprintln!("server peak RSS after 200 simultaneous sign-ins: {peak} MiB");
    assert!(peak < 400, "peak RSS {peak} MiB");
}

#[test]
fn backoff_never_locks_the_real_user_out_and_only_a_trusted_proxy_is_believed() {
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "op.paser", "pemda_operator", "64.01");
    let server = Server::start(dir.path(), &["--trust-proxy", "127.0.0.1"]);
    let base = server.base.as_str();
    let attacker = Some("198.51.100.9");
    for _ in 0..5 {
        let r = post_login(base, &login_form(base), "op.paser", "tebak tebak", attacker);
        assert_eq!(r.status(), 401);
    }
    let r = sign_in(base, "op.paser", attacker);
    assert_eq!(
        r.status(),
        429,
        "the guesser waits, even with the right password"
    );
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    assert!(r.text().unwrap().contains("Coba lagi dalam"));
    // Whatever the client writes left of the proxy's entry is not believed.
    let spoofed = Some("203.0.113.7, 198.51.100.9");
    assert_eq!(sign_in(base, "op.paser", spoofed).status(), 429);
    // The real user, from their own address, is not held up at all.
    assert_eq!(sign_in(base, "op.paser", Some("203.0.113.7")).status(), 303);
    // Their success clears the account's count; the guesser starts over, is held back again,
    // and once the wait has passed the right password works: a delay, never a lock.
    for _ in 0..5 {
        let r = post_login(base, &login_form(base), "op.paser", "tebak lagi", attacker);
        assert_eq!(r.status(), 401);
    }
    let r = sign_in(base, "op.paser", attacker);
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    std::thread::sleep(Duration::from_millis(wait * 1000 + 300));
    assert_eq!(sign_in(base, "op.paser", attacker).status(), 303);
    let failed = audit(dir.path(), "login.failed");
    assert_eq!(failed.len(), 10, "refused attempts leave no entry");
    assert!(
        failed.iter().all(|e| e["addr"] == "198.51.100.9"),
        "{failed:?}"
    );
    drop(server);

    // Without --trust-proxy the header is the client's own claim and changes nothing.
    let server = Server::start(dir.path(), &[]);
    let base = server.base.as_str();
    for i in 0..5 {
        let claim = format!("198.51.100.{i}");
        let r = post_login(base, &login_form(base), "op.paser", "tebak", Some(&claim));
        assert_eq!(r.status(), 401);
    }
    assert_eq!(sign_in(base, "op.paser", Some("203.0.113.7")).status(), 429);
}

#[test]
fn tokens_of_an_account_that_moves_stop_working() {
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "admin", "admin", "nasional");
    add_user(dir.path(), "bpjs.kaltim", "bpjs_officer", "64");
    let out = run(paritrana(dir.path()).args([
        "token",
        "create",
        "bpjs.kaltim",
        "--name",
        "sinkron",
        "--scope",
        "64.01",
    ]));
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let server = Server::start(dir.path(), &[]);
    let me = |token: &str| {
        http()
            .get(format!("{}/api/v1/me", server.base))
            .bearer_auth(token)
            .send()
            .unwrap()
    };
    let r = me(&token);
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<serde_json::Value>().unwrap()["scope"], "64.01");
    // The administrator moves the account to another province.
    let session = sign_in(&server.base, "admin", None);
    let cookie = session
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|h| h.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.contains("paritrana_sesi="))
        .unwrap();
    let admin_me: serde_json::Value = http()
        .get(format!("{}/api/v1/me", server.base))
        .header(COOKIE, &cookie)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let users: Vec<serde_json::Value> = http()
        .get(format!("{}/api/v1/users", server.base))
        .header(COOKIE, &cookie)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let id = users
        .iter()
        .find(|u| u["username"] == "bpjs.kaltim")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = http()
        .patch(format!("{}/api/v1/users/{id}", server.base))
        .header(COOKIE, &cookie)
        .header("x-csrf-token", admin_me["csrf_token"].as_str().unwrap())
        .json(&serde_json::json!({ "scope": "63" }))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        me(&token).status(),
        401,
        "the narrowed token did not follow"
    );
    let updates = audit(dir.path(), "user.update");
    assert_eq!(
        updates[0]["detail"]["tokens_revoked"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "{updates:?}"
    );
}

fn header<'a>(r: &'a Response, name: &str) -> &'a str {
    r.headers()
        .get(name)
        .map_or("", |v| v.to_str().unwrap_or(""))
}

fn assert_hardened(r: &Response, path: &str) {
    let csp = header(r, "content-security-policy");
    for part in [
        "frame-ancestors 'none'",
        "script-src 'self';",
        "object-src 'none'",
    ] {
        assert!(csp.contains(part), "{path}: {csp}");
    }
    assert_eq!(header(r, "x-frame-options"), "DENY", "{path}");
    assert_eq!(header(r, "x-content-type-options"), "nosniff", "{path}");
    assert_eq!(header(r, "referrer-policy"), "same-origin", "{path}");
}

#[test]
fn every_answer_is_hardened_and_personal_ones_are_never_stored() {
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "admin", "admin", "nasional");
    let server = Server::start(dir.path(), &[]);
    let get = |path: &str, cookie: Option<&str>| {
        let mut req = http().get(format!("{}{path}", server.base));
        if let Some(c) = cookie {
            req = req.header(COOKIE, c);
        }
        req.send().unwrap()
    };
    for (path, private) in [
        ("/", false),
        ("/api/v1/status", false),
        ("/assets/app.css", false),
        ("/halaman-yang-tidak-ada", false),
        ("/masuk", true),
        ("/pekerja", true),
        ("/api/v1/workers/6401040204830021", true),
    ] {
        let r = get(path, None);
        assert_hardened(&r, path);
        assert_eq!(
            header(&r, "cache-control").contains("no-store"),
            private,
            "{path}: {}",
            header(&r, "cache-control")
        );
    }
    let session = sign_in(&server.base, "admin", None);
    assert_eq!(session.status(), 303);
    assert_hardened(&session, "POST /masuk");
    let cookie = session
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|h| h.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.starts_with("__Host-paritrana_sesi="))
        .unwrap();
    for path in [
        "/",
        "/akun",
        "/api/v1/me",
        "/admin/audit",
        "/api/v1/imports",
    ] {
        let r = get(path, Some(&cookie));
        assert_hardened(&r, path);
        assert!(
            header(&r, "cache-control").contains("no-store"),
            "signed in {path}: {}",
            header(&r, "cache-control")
        );
    }
}

#[test]
fn the_sign_in_forms_cookie_is_host_only_and_cannot_be_chosen() {
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "admin", "admin", "nasional");
    let server = Server::start(dir.path(), &[]);
    let base = server.base.as_str();
    let r = http().get(format!("{base}/masuk")).send().unwrap();
    let set = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|h| h.to_str().unwrap().to_string())
        .find(|c| c.contains("paritrana_csrf="))
        .unwrap();
    assert!(set.starts_with("__Host-paritrana_csrf="), "{set}");
    for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(set.contains(flag), "{set}");
    }
    // A cookie and field chosen by an attacker (the old double-submit accepted any equal pair).
    for cookie in ["__Host-paritrana_csrf=abc", "paritrana_csrf=abc"] {
        let planted = LoginForm {
            cookie: cookie.to_string(),
            csrf: "abc".to_string(),
        };
        assert_eq!(
            post_login(base, &planted, "admin", PASSWORD, None).status(),
            403
        );
    }
    // Halves of two genuine forms do not match either.
    let (one, two) = (login_form(base), login_form(base));
    let mixed = LoginForm {
        cookie: one.cookie,
        csrf: two.csrf,
    };
    assert_eq!(
        post_login(base, &mixed, "admin", PASSWORD, None).status(),
        403
    );
    assert_eq!(sign_in(base, "admin", None).status(), 303);
    // With --insecure-cookies the prefix goes, as for the session cookie.
    drop(server);
    let server = Server::start(dir.path(), &["--insecure-cookies"]);
    let form = login_form(&server.base);
    assert!(
        form.cookie.starts_with("paritrana_csrf="),
        "{}",
        form.cookie
    );
    assert_eq!(sign_in(&server.base, "admin", None).status(), 303);
}

#[test]
fn slow_request_heads_are_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--header-read-timeout", "2"]);
    let addr = server.base.trim_start_matches("http://").to_string();
    let started = Instant::now();
    let mut slow: Vec<std::net::TcpStream> = (0..800)
        .map(|i| {
            let mut s = std::net::TcpStream::connect(&addr).unwrap();
            // Most send half a request head and stop; some send nothing at all.
            if i % 8 != 0 {
                s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Lambat: ")
                    .unwrap();
            }
            s
        })
        .collect();
    // The server still answers others meanwhile.
    assert_eq!(
        http()
            .get(format!("{}/api/v1/status", server.base))
            .send()
            .unwrap()
            .status(),
        200
    );
    for s in &mut slow {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut buf = [0u8; 1024];
        loop {
            match s.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
                Err(e) => panic!("a slow connection was held open: {e}"),
            }
        }
    }
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(9),
        "800 slow connections closed after {took:?}"
    );
}
