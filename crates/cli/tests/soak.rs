//! Load and soak against the real server on loopback: a fixed number of requests over the main
//! pages, the JSON API and sign-in, from several client threads at once. The server must answer
//! every one (no connection error, no 5xx) and its memory must stay flat.
//!
//! In `cargo test` it runs a short, bounded pass (`SOAK_REQUESTS`, default 3,000). The long run
//! recorded in docs/benchmarks.md is `bash scripts/soak.sh` (the same test with
//! `SOAK_REQUESTS` and `SOAK_SECONDS` raised; it stops at whichever comes first).

mod common;

use common::{Server, add_user, fixture, paritrana, run};
use reqwest::blocking::Client;
use reqwest::header::{COOKIE, SET_COOKIE};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const USER: &str = "soak.admin";
const PASSWORD: &str = "teh manis di samarinda soak";
/// Wrong sign-ins in a whole run: below the per-address throttle, so the right password keeps
/// being accepted from the same loopback address for the whole run.
const WRONG_SIGN_INS: u64 = 12;

/// One kind of request in the mix, with how often it comes (out of the sum of weights).
#[derive(Clone, Copy)]
enum Kind {
    Get(&'static str),
    SignIn,
    WrongSignIn,
}

const MIX: &[(Kind, u32)] = &[
    (Kind::Get("/"), 10),
    (Kind::Get("/?lang=en"), 3),
    (Kind::Get("/wilayah/64"), 8),
    (Kind::Get("/wilayah/64.01"), 8),
    (Kind::Get("/wilayah/64.01.04"), 6),
    (Kind::Get("/wilayah?q=paser"), 4),
    (Kind::Get("/pekerja"), 2),
    (Kind::Get("/piagam"), 2),
    (Kind::Get("/api/v1/dashboard"), 8),
    (Kind::Get("/api/v1/regions/64.01/summary"), 8),
    (
        Kind::Get("/api/v1/coverage?region=64&level=kabkota&by=segment"),
        8,
    ),
    (
        Kind::Get("/api/v1/coverage?region=6401&from=2023-01-01&to=2023-12-31&by=group"),
        4,
    ),
    (
        Kind::Get("/api/v1/coverage?series=monthly&from=2021-01-01&to=2025-12-31"),
        4,
    ),
    (Kind::Get("/api/v1/regions?q=paser&limit=5"), 4),
    (Kind::Get("/api/v1/nik/6401015708850001"), 4),
    (Kind::Get("/api/v1/workers/6401040204830021"), 4),
    (Kind::Get("/api/v1/status"), 2),
    (Kind::Get("/healthz"), 2),
    (Kind::SignIn, 2),
    (Kind::WrongSignIn, 1),
];

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident and peak memory of a process, in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The value of a hidden form field.
fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..start + html[start..].find('"')?].to_string())
}

/// Signs in through the form as a browser would (cookies kept by hand: they are `Secure`),
/// then reads `/api/v1/me` with the session. Returns the status of the sign-in answer and of
/// the `me` request.
fn sign_in(http: &Client, base: &str, user: &str, password: &str) -> Result<Vec<u16>, String> {
    let page = http
        .get(format!("{base}/masuk"))
        .send()
        .map_err(|e| e.to_string())?;
    let mut cookies: Vec<String> = page
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok()?.split(';').next().map(str::to_string))
        .collect();
    let first = page.status().as_u16();
    let html = page.text().map_err(|e| e.to_string())?;
    let csrf = hidden(&html, "csrf").ok_or("no csrf field on /masuk")?;
    let answer = http
        .post(format!("{base}/masuk"))
        .header(COOKIE, cookies.join("; "))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", user),
            ("password", password),
            ("lanjut", "/"),
        ])
        .send()
        .map_err(|e| e.to_string())?;
    let status = answer.status().as_u16();
    let mut statuses = vec![first, status];
    if status == 303 {
        cookies.extend(
            answer
                .headers()
                .get_all(SET_COOKIE)
                .iter()
                .filter_map(|h| h.to_str().ok()?.split(';').next().map(str::to_string)),
        );
        let me = http
            .get(format!("{base}/api/v1/me"))
            .header(COOKIE, cookies.join("; "))
            .send()
            .map_err(|e| e.to_string())?;
        statuses.push(me.status().as_u16());
    }
    Ok(statuses)
}

#[derive(Default)]
struct Tally {
    /// (kind label, status) → count.
    statuses: BTreeMap<(String, u16), u64>,
    /// kind label → latencies in microseconds.
    latencies: BTreeMap<String, Vec<u64>>,
    errors: Vec<String>,
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[test]
fn main_pages_api_and_sign_in_hold_under_load_without_5xx_and_with_flat_memory() {
    let requests = env_u64("SOAK_REQUESTS", 3_000);
    let seconds = env_u64("SOAK_SECONDS", 120);
    let threads = env_u64("SOAK_THREADS", 8);
    let dir = tempfile::tempdir().unwrap();
    // Kab. Paser's list and one account; the demo data set when asked (the long run).
    add_user(dir.path(), USER, "admin", "nasional", PASSWORD);
    let demo_rows = env_u64("SOAK_DEMO_ROWS", 0);
    let server = if demo_rows > 0 {
        Server::start(
            dir.path(),
            &["--demo", "--demo-rows", &demo_rows.to_string()],
        )
    } else {
        let out = run(paritrana(dir.path()).args([
            "import",
            "participants",
            fixture("peserta_paser_baik.xlsx").to_str().unwrap(),
            "--format",
            "json",
        ]));
        assert!(out.status.success());
        Server::start(dir.path(), &[])
    };
    let pid = server.child.id();
    let base = server.base.clone();

    // Warm-up: each page once (the first request builds the coverage cube and page cache), so
    // the memory baseline is taken with the caches filled as a running server has them.
    let http = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    for (kind, _) in MIX {
        if let Kind::Get(path) = kind {
            let s = http.get(format!("{base}{path}")).send().unwrap().status();
            assert!(s.as_u16() < 500, "warm-up {path}: {s}");
        }
    }
    // Sign-ins at once, as many as the clients: password hashing's working memory (19 MiB per
    // argon2 hash being computed) is part of a running server's footprint, not growth.
    let signers: Vec<_> = (0..threads)
        .map(|_| {
            let (http, base) = (http.clone(), base.clone());
            std::thread::spawn(move || sign_in(&http, &base, USER, PASSWORD))
        })
        .collect();
    for s in signers {
        assert!(s.join().unwrap().is_ok(), "warm-up sign-in failed");
    }
    let (baseline, _) = memory_kib(pid);

    let plan: Vec<Kind> = MIX
        .iter()
        .flat_map(|(k, w)| std::iter::repeat_n(*k, *w as usize))
        .collect();
    let next = Arc::new(AtomicU64::new(0));
    let wrong = Arc::new(AtomicU64::new(0));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    // Memory sampled every 250 ms while the clients run.
    let samples = Arc::new(Mutex::new(Vec::<u64>::new()));
    let running = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let (samples, running) = (samples.clone(), running.clone());
        std::thread::spawn(move || {
            while running.load(Ordering::Relaxed) {
                samples.lock().unwrap().push(memory_kib(pid).0);
                std::thread::sleep(Duration::from_millis(250));
            }
        })
    };
    let clients: Vec<_> = (0..threads)
        .map(|_| {
            let (next, wrong, tally, plan, base, http) = (
                next.clone(),
                wrong.clone(),
                tally.clone(),
                plan.clone(),
                base.clone(),
                http.clone(),
            );
            std::thread::spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests || Instant::now() > deadline {
                        break;
                    }
                    // A fixed stride through the mix: every kind, interleaved, deterministic.
                    let mut kind = plan[(i.wrapping_mul(7919) % plan.len() as u64) as usize];
                    if matches!(kind, Kind::WrongSignIn)
                        && wrong.fetch_add(1, Ordering::Relaxed) >= WRONG_SIGN_INS
                    {
                        kind = Kind::Get("/");
                    }
                    let t = Instant::now();
                    let (label, result) = match kind {
                        Kind::Get(path) => (
                            path.to_string(),
                            http.get(format!("{base}{path}"))
                                .header("accept-encoding", "gzip")
                                .send()
                                .map(|r| {
                                    let s = r.status().as_u16();
                                    let _ = r.bytes();
                                    vec![s]
                                })
                                .map_err(|e| e.to_string()),
                        ),
                        Kind::SignIn => {
                            ("sign-in".to_string(), sign_in(&http, &base, USER, PASSWORD))
                        }
                        Kind::WrongSignIn => (
                            "wrong sign-in".to_string(),
                            sign_in(&http, &base, &format!("tamu{i}"), "bukan kata sandinya"),
                        ),
                    };
                    let micros = t.elapsed().as_micros() as u64;
                    let mut tally = tally.lock().unwrap();
                    match result {
                        Ok(statuses) => {
                            for s in statuses {
                                *tally.statuses.entry((label.clone(), s)).or_default() += 1;
                            }
                        }
                        Err(e) => tally.errors.push(format!("{label}: {e}")),
                    }
                    tally.latencies.entry(label).or_default().push(micros);
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let elapsed = started.elapsed();
    running.store(false, Ordering::Relaxed);
    sampler.join().unwrap();
    let (end_rss, peak) = memory_kib(pid);

    let tally = tally.lock().unwrap();
    let done: u64 = tally.latencies.values().map(|v| v.len() as u64).sum();
    println!(
        "soak: {done} requests in {:.1} s ({:.0} req/s), {threads} client threads",
        elapsed.as_secs_f64(),
        done as f64 / elapsed.as_secs_f64()
    );
    for (label, lat) in &tally.latencies {
        let mut lat = lat.clone();
        lat.sort_unstable();
        let statuses: Vec<String> = tally
            .statuses
            .iter()
            .filter(|((l, _), _)| l == label)
            .map(|((_, s), n)| format!("{s}×{n}"))
            .collect();
        println!(
            "  {label:<70} n={:<6} p50={:>6} µs p99={:>7} µs  [{}]",
            lat.len(),
            percentile(&lat, 0.5),
            percentile(&lat, 0.99),
            statuses.join(" ")
        );
    }
    let samples = samples.lock().unwrap().clone();
    let quarter = (samples.len() / 4).max(1);
    let early = samples.iter().take(quarter).copied().max().unwrap_or(0);
    let late = samples
        .iter()
        .rev()
        .take(quarter)
        .copied()
        .max()
        .unwrap_or(0);
    println!(
        "  server memory: after warm-up {} MiB, first quarter max {} MiB, last quarter max {} MiB, \
         end {} MiB, peak {} MiB ({} samples)",
        baseline / 1024,
        early / 1024,
        late / 1024,
        end_rss / 1024,
        peak / 1024,
        samples.len()
    );

    assert!(
        tally.errors.is_empty(),
        "requests failed: {:?}",
        &tally.errors[..tally.errors.len().min(10)]
    );
    let server_errors: Vec<_> = tally
        .statuses
        .iter()
        .filter(|((_, s), _)| *s >= 500)
        .collect();
    assert!(server_errors.is_empty(), "5xx answers: {server_errors:?}");
    assert!(done >= requests.min(100), "only {done} requests were made");
    let signed_in = tally
        .statuses
        .get(&("sign-in".to_string(), 303))
        .copied()
        .unwrap_or(0);
    assert!(signed_in > 0, "no sign-in succeeded");
    // Flat: what the server holds at the end of the run is no more than at its start plus a
    // margin for allocator slack and sessions created (each sign-in keeps one session row).
    assert!(
        late <= early + early / 2 + 32 * 1024,
        "memory grew from {early} KiB to {late} KiB"
    );
}
