//! Fuzz targets over the coverage question (`GET /api/v1/coverage`, `paritrana coverage`): the
//! parsing and checking of its parameters and the answer to every accepted question, at
//! function level; then a short run against a real server on a loopback port, firing
//! generated query strings at the coverage API and the other public GET routes that take
//! dates, codes, limits and years. Properties: no panic, no 5xx, a refusal is a 400 with a
//! message in both languages, and no accepted series is longer than its bound.

use chrono::NaiveDate;
use paritrana_app::coverage::{CoverageParams, CoverageRequest, MAX_SERIES_MONTHS, answer_from};
use paritrana_app::coverage_table::coverage_table;
use paritrana_core::Lang;
use paritrana_core::coverage::report::NoTargets;
use paritrana_core::coverage::{PeriodFact, PeriodList, Profile};
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_fuzz::{Budget, budget, corpus_lines, run};
use proptest::prelude::*;
use std::sync::{Arc, LazyLock};

static TREE: LazyLock<RegionTree> = LazyLock::new(|| {
    RegionTree::from_csv(include_str!("../../../data/regions.csv")).expect("regions.csv")
});

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")
}

/// A date as typed: years near the calendar's and the product's edges, months and days out of
/// range, other shapes.
fn date_text() -> impl Strategy<Value = String> {
    let year = prop_oneof![
        Just(-262_144i64),
        Just(-1),
        Just(0),
        Just(1),
        Just(1899),
        Just(1900),
        Just(1969),
        Just(1970),
        Just(2023),
        Just(2026),
        Just(2200),
        Just(2201),
        Just(9999),
        Just(262_143),
        Just(99_999_999),
        1800i64..2300,
    ];
    prop_oneof![
        8 => (year, 0u32..14, 0u32..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        1 => "[0-9/ .-]{0,12}",
        1 => any::<String>(),
    ]
}

fn pick(words: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => Just(None),
        6 => proptest::sample::select(words).prop_map(|w| Some(w.to_string())),
        1 => any::<String>().prop_map(Some),
    ]
}

fn params() -> impl Strategy<Value = CoverageParams> {
    (
        pick(&[
            "64",
            "64.01",
            "6401",
            "64.01.04",
            "64.01.04.2001",
            "Kab. Paser",
            "Indonesia",
            "31",
            "99.99",
            "",
        ]),
        pick(&[
            "provinsi",
            "kabkota",
            "kecamatan",
            "desa",
            "nation",
            "regency",
            "x",
        ]),
        prop::option::of(date_text()),
        pick(&[
            "segment",
            "group",
            "category",
            "sector",
            "funding",
            "programme",
            "none",
            "y",
        ]),
        prop::option::of(date_text()),
        prop::option::of(date_text()),
        pick(&["monthly", "bulanan", "weekly"]),
        pick(&["true", "1", "ya", "false", "0", "maybe"]),
    )
        .prop_map(
            |(region, level, date, by, from, to, series, rank)| CoverageParams {
                region,
                level,
                date,
                by,
                from,
                to,
                series,
                rank,
            },
        )
}

/// Periods of workers in Paser's villages, starting and ending anywhere from 1860 to 2240.
fn periods() -> impl Strategy<Value = PeriodList> {
    let villages: Vec<RegionCode> = TREE
        .children_below(RegionCode::parse("64.01").expect("a code"))
        .filter(|r| r.level == Level::Village)
        .map(|r| r.code)
        .collect();
    proptest::collection::vec(
        (
            proptest::sample::select(villages),
            any::<u32>(),
            -40_000i32..100_000,
            prop::option::of(0i32..20_000),
        ),
        0..12,
    )
    .prop_map(|raw| PeriodList {
        periods: raw
            .into_iter()
            .filter_map(|(village, bits, start, length)| {
                Some(PeriodFact {
                    village,
                    profile: Profile::from_bits(bits % (1 << 21))?,
                    start,
                    end: length.map(|l| start + l),
                })
            })
            .collect(),
    })
}

/// Parses, and answers what is accepted: the answer serialises and tabulates.
fn check_question(p: &CoverageParams, source: &PeriodList) {
    let request = match p.parse(&TREE, today()) {
        Ok(r) => r,
        Err(e) => {
            assert!(!e.id.is_empty() && !e.en.is_empty());
            return;
        }
    };
    if let CoverageRequest::Series { q, from } = request {
        assert!(from <= q.date, "{from} after {}", q.date);
        let months = paritrana_core::coverage::report::month_ends(from, q.date).len() as i64;
        assert!(months <= MAX_SERIES_MONTHS, "{months} months");
    }
    let answer = answer_from(source, &TREE, &NoTargets, &request, Lang::Id);
    serde_json::to_vec(&answer).expect("the answer serialises");
    coverage_table(&answer, Lang::En)
        .to_csv()
        .expect("the answer tabulates");
}

/// A corpus line `from=…&series=…` as parameters.
fn params_of(line: &str) -> CoverageParams {
    let mut p = CoverageParams::default();
    for pair in line.trim_end_matches('\r').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = Some(v.to_string());
        match k {
            "region" => p.region = v,
            "level" => p.level = v,
            "date" => p.date = v,
            "by" => p.by = v,
            "from" => p.from = v,
            "to" => p.to = v,
            "series" => p.series = v,
            "rank" => p.rank = v,
            _ => {}
        }
    }
    p
}

#[test]
fn coverage_query() {
    for line in corpus_lines("coverage_query") {
        check_question(&params_of(&line), &PeriodList::default());
    }
    run(
        "coverage_query",
        budget(4),
        (params(), periods()),
        |v| format!("{v:#?}").into_bytes(),
        |(p, source)| {
            check_question(&p, &source);
            Ok(())
        },
    );
}

// ---------------------------------------------------------------- the real server

/// The server on a loopback port, with an empty registry and a fixed today; runs until the
/// test process ends.
fn start_server() -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store: Arc<dyn paritrana_store::Store> =
        Arc::new(paritrana_store_sqlite::open(None, dir.path()).expect("a store"));
    let state = paritrana_web::AppState::new(store, Arc::new(TREE.clone()), Some(today()))
        .with_import_dir(&dir.path().join("impor"))
        .with_data_dir(dir.path());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().expect("a runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a port");
            tx.send(listener.local_addr().expect("an address"))
                .expect("the test waits");
            let app = paritrana_web::router(state)
                .into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, app).await.expect("serves");
        });
    });
    let addr = rx.recv().expect("the server starts");
    (format!("http://{addr}"), dir)
}

/// Percent-encodes a query value.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn query_of(p: &CoverageParams) -> String {
    [
        ("region", &p.region),
        ("level", &p.level),
        ("date", &p.date),
        ("by", &p.by),
        ("from", &p.from),
        ("to", &p.to),
        ("series", &p.series),
        ("rank", &p.rank),
    ]
    .iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", encode(v))))
    .collect::<Vec<_>>()
    .join("&")
}

/// A request to one of the public GET routes that read numbers, dates and codes.
fn public_request() -> impl Strategy<Value = String> {
    let code = prop_oneof![
        Just("64.01".to_string()),
        Just("6401".to_string()),
        Just("64".to_string()),
        "[0-9.]{0,14}",
        any::<String>(),
    ];
    let number = prop_oneof![
        Just("-1".to_string()),
        Just("0".to_string()),
        Just("18446744073709551616".to_string()),
        Just("2147483648".to_string()),
        Just("-2147483649".to_string()),
        "[0-9]{1,6}",
        any::<String>(),
    ];
    prop_oneof![
        4 => params().prop_map(|p| format!("/api/v1/coverage?{}", query_of(&p))),
        1 => (params(), prop_oneof![Just("csv"), Just("xlsx"), Just("pdf"), Just("x")])
            .prop_map(|(p, f)| format!("/api/v1/coverage?{}&format={f}", query_of(&p))),
        1 => date_text().prop_map(|d| format!("/api/v1/dashboard?date={}", encode(&d))),
        1 => (code.clone(), date_text()).prop_map(|(c, d)| {
            format!("/api/v1/regions/{}/summary?tanggal={}", encode(&c), encode(&d))
        }),
        1 => (any::<String>(), number.clone(), code.clone()).prop_map(|(q, n, c)| {
            format!("/api/v1/regions?q={}&limit={}&within={}", encode(&q), encode(&n), encode(&c))
        }),
        1 => (code.clone(), number.clone()).prop_map(|(c, n)| {
            format!("/api/v1/targets?region={}&year={}", encode(&c), encode(&n))
        }),
        1 => (date_text(), number.clone()).prop_map(|(d, n)| {
            format!(
                "/api/v1/budget/worker?segment=BPU&income={}&programmes=JKK,JKM&date={}",
                encode(&n),
                encode(&d)
            )
        }),
        1 => date_text().prop_map(|d| format!("/api/v1/budget/rates?date={}", encode(&d))),
        1 => any::<String>().prop_map(|n| format!("/api/v1/nik/{}", encode(&n))),
        1 => (code, date_text()).prop_map(|(c, d)| {
            format!("/wilayah/{}?tanggal={}", encode(&c), encode(&d))
        }),
        1 => date_text().prop_map(|d| format!("/?tanggal={}", encode(&d))),
        1 => any::<String>().prop_map(|s| format!("/piagam/{}", encode(&s))),
    ]
}

#[test]
fn coverage_api() {
    let (base, _dir) = start_server();
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("a client");
    let get = |path: &str| -> Result<(), TestCaseError> {
        let res = client
            .get(format!("{base}{path}"))
            .send()
            .map_err(|e| TestCaseError::fail(format!("{path}: no answer ({e})")))?;
        let status = res.status();
        let body = res.text().unwrap_or_default();
        prop_assert!(
            !status.is_server_error(),
            "{} answered {}: {}",
            path,
            status,
            body.chars().take(300).collect::<String>()
        );
        if status == reqwest::StatusCode::BAD_REQUEST && path.starts_with("/api/v1/coverage") {
            let v: serde_json::Value = serde_json::from_str(&body)
                .map_err(|_| TestCaseError::fail(format!("{path}: 400 without JSON")))?;
            prop_assert!(v["error"]["message"].is_string() && v["error"]["message_en"].is_string());
        }
        Ok(())
    };
    for line in corpus_lines("coverage_query") {
        let p = params_of(&line);
        get(&format!("/api/v1/coverage?{}", query_of(&p))).expect("a corpus query");
    }
    // A few hundred requests by default: each costs a round trip and, for pages, a render.
    let requests = match budget(1) {
        Budget::Cases(n) => Budget::Cases((n / 5).clamp(50, 2_000)),
        until => until,
    };
    run(
        "coverage_api",
        requests,
        public_request(),
        |s| s.clone().into_bytes(),
        |path| get(&path),
    );
}
