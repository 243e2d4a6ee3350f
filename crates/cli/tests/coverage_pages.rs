//! The public coverage pages against the real server on Kab. Paser's 2023 seed (81,436 of
//! 90,052 workers protected on 31 December 2023 = 90.43 %): the region page in both languages,
//! its breadcrumbs and sortable children table, the dashboard and the JSON behind both, unknown
//! codes, the cache (never staler than the store, never shared with a signed-in visitor) and
//! the page weight budget.

mod common;
use common::*;
use paritrana_core::region::RegionTree;
use reqwest::blocking::Client;
use std::path::{Path, PathBuf};

const YEAR_END: &str = "tanggal=2023-12-31";

/// Writes the seed lists into one file and returns its path.
fn write_list(dir: &Path) -> PathBuf {
    let tree = RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap();
    let body = paritrana_core::generate::seed::paser_2023(&tree, 1)
        .unwrap()
        .remove(0);
    let path = dir.join("paser.csv");
    std::fs::write(&path, body).unwrap();
    path
}

fn import(data: &Path, what: &str, file: &Path) {
    let out = run(paritrana(data)
        .args(["import", what])
        .arg(file)
        .args(["--format", "json"]));
    assert!(out.status.success(), "import {what}");
}

fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn page(server: &Server, path: &str) -> String {
    let r = client()
        .get(format!("{}{path}", server.base))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.text().unwrap()
}

/// The bytes sent for a path when the client accepts gzip (reqwest is built without gzip, so
/// the body is what went over the wire).
fn gzipped(server: &Server, path: &str) -> usize {
    let r = client()
        .get(format!("{}{path}", server.base))
        .header("accept-encoding", "gzip")
        .send()
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    assert_eq!(r.headers()["content-encoding"], "gzip", "{path}");
    r.bytes().unwrap().len()
}

/// A count as Bahasa Indonesia prints it: `81.436`.
fn id_count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A JSON percentage as Bahasa Indonesia prints it: `90,43 %`.
fn id_percent(v: &serde_json::Value) -> String {
    format!("{:.2} %", v.as_f64().unwrap()).replace('.', ",")
}

/// The text between two markers.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    &html[from..from + html[from..].find(end).unwrap()]
}

/// The names in the rows of the children table, in page order.
fn child_names(html: &str) -> Vec<String> {
    let table = between(html, "<table class=\"children\">", "</table>");
    table
        .split("<th scope=\"row\"><a href=\"")
        .skip(1)
        .map(|row| between(row, ">", "</a>").to_string())
        .collect()
}

#[test]
fn paser_region_page_dashboard_and_their_json() {
    let dir = tempfile::tempdir().unwrap();
    let list = write_list(dir.path());
    import(dir.path(), "participants", &list);
    let server = Server::start(dir.path(), &[]);
    let paser = format!("/wilayah/64.01?{YEAR_END}");

    // Without a target the page says so, never 0 %.
    let html = page(&server, &paser);
    assert!(html.contains("tidak ada target"), "{html}");
    assert!(!html.contains(">Cakupan UCJ</span> 0,00 %"));
    assert!(html.contains("81.436"));

    // A target import makes a new store version: the cached page is not served again.
    import(dir.path(), "targets", &fixture("target_paser_2023.csv"));
    let html = page(&server, &paser);
    assert!(html.contains("lang=\"id\""));
    assert!(
        html.contains("<span class=\"label\">Cakupan UCJ</span> 90,43 %"),
        "{html}"
    );
    assert!(html.contains("<strong>81.436</strong>"));
    assert!(html.contains("<strong>90.052</strong>"));
    assert!(
        html.contains("BPS Sakernas Agustus 2023"),
        "the target's source"
    );
    // Breadcrumbs up the tree: Indonesia › Kalimantan Timur › Kabupaten Paser.
    let crumbs = between(&html, "<nav class=\"crumbs\"", "</nav>");
    assert!(
        crumbs.contains(&format!("<li><a href=\"/?{YEAR_END}\">Indonesia</a></li>")),
        "{crumbs}"
    );
    assert!(crumbs.contains(&format!(
        "<li><a href=\"/wilayah/64?{YEAR_END}\">Kalimantan Timur</a></li>"
    )));
    assert!(crumbs.contains("<li aria-current=\"page\">Kabupaten Paser</li>"));
    // Growth during 2023: 65,894 on 1 January → 81,436 (+15,542, +23.59 %).
    assert!(html.contains("65.894"), "start of year");
    assert!(html.contains("+15.542"));
    assert!(html.contains("+23,59 %"));
    // The trend chart with its table, and the breakdowns.
    assert!(html.contains("role=\"img\" aria-label=\"Pekerja terlindungi, Kabupaten Paser\""));
    assert!(html.contains("<th scope=\"row\">31 Desember 2023</th>"));
    for heading in [
        "Menurut segmen",
        "Menurut kategori",
        "Menurut sektor",
        "Menurut sumber dana",
        "Menurut program",
    ] {
        assert!(html.contains(&format!(">{heading}</h3>")), "{heading}");
    }
    // Undotted codes work too; English prints the English way.
    let en = page(&server, &format!("/wilayah/6401?{YEAR_END}&lang=en"));
    assert!(en.contains("lang=\"en\""));
    assert!(
        en.contains("<span class=\"label\">UCJ coverage</span> 90.43 %"),
        "{en}"
    );
    assert!(en.contains("<strong>81,436</strong>"));
    assert!(en.contains("+23.59 %"));

    // The summary JSON carries the page's numbers.
    let s = server.json("/api/v1/regions/64.01/summary?date=2023-12-31");
    assert_eq!(s["coverage"]["protected"], 81_436);
    assert_eq!(s["coverage"]["target"]["workers"], 90_052);
    assert_eq!(s["coverage"]["coverage_pct"], 90.43);
    assert_eq!(s["breadcrumbs"][1]["name"], "Kalimantan Timur");
    assert_eq!(s["growth"][1]["period"], "year_to_date");
    assert_eq!(s["growth"][1]["protected"]["from"], 65_894);
    assert_eq!(s["growth"][1]["protected"]["change_pct"], 23.59);
    assert_eq!(s["series"].as_array().unwrap().len(), 36);
    assert_eq!(s["child_level"], "district");
    let children = s["children"].as_array().unwrap();
    assert!(children.len() > 5);
    let sum: u64 = children
        .iter()
        .map(|c| c["protected"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 81_436, "the kecamatan add up to the kab/kota");
    assert!(
        children
            .iter()
            .all(|c| c["trend"].as_array().unwrap().len() == 12)
    );
    let segment = &s["breakdowns"][0];
    assert_eq!(segment["by"], "segment");
    for part in segment["parts"].as_array().unwrap() {
        let n = part["protected"].as_u64().unwrap();
        assert!(html.contains(&format!("<td class=\"num\">{}</td>", id_count(n))));
    }

    // The children table: code order by default, sorted on request, without script.
    assert_eq!(
        child_names(&html),
        children
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    );
    let sorted = page(&server, &format!("{paser}&urut=terlindungi&arah=turun"));
    let names = child_names(&sorted);
    let mut by_protected: Vec<&serde_json::Value> = children.iter().collect();
    by_protected.sort_by_key(|c| std::cmp::Reverse(c["protected"].as_u64().unwrap()));
    assert_eq!(
        names,
        by_protected
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    );
    assert!(
        sorted.contains("aria-sort=\"descending\""),
        "the sorted column says so"
    );
    // The header links give the other direction, keeping the date.
    assert!(sorted.contains(&format!(
        "href=\"/wilayah/64.01?urut=terlindungi&#38;arah=naik&#38;{YEAR_END}#anak\""
    )));
    let ascending = page(&server, &format!("{paser}&urut=nama&arah=naik"));
    let mut alphabetical = child_names(&ascending);
    let shown = alphabetical.clone();
    alphabetical.sort_by_key(|n| n.to_lowercase());
    assert_eq!(shown, alphabetical);
    let json_sorted =
        server.json("/api/v1/regions/64.01/summary?date=2023-12-31&urut=terlindungi&arah=turun");
    assert_eq!(json_sorted["children"][0]["name"], by_protected[0]["name"]);
    // A bad order is named, and the page still shows (in code order).
    let bad = page(&server, &format!("{paser}&urut=luas"));
    assert!(bad.contains("urut `luas` tidak dikenal"), "{bad}");
    let r = client()
        .get(format!(
            "{}/api/v1/regions/64.01/summary?urut=luas",
            server.base
        ))
        .send()
        .unwrap();
    assert_eq!(r.status(), 400);
    // Export links for the children table.
    assert!(html.contains(
        "/api/v1/coverage?region=64.01&#38;level=kecamatan&#38;rank=true&#38;date=2023-12-31&#38;format=csv"
    ));

    // The dashboard and its JSON agree.
    let d = server.json("/api/v1/dashboard?date=2023-12-31");
    let home = page(&server, &format!("/?{YEAR_END}"));
    let nation = &d["coverage"];
    assert_eq!(nation["protected"], 81_436);
    assert!(home.contains(&format!("<strong>{}</strong>", id_count(81_436))));
    match nation["coverage_pct"].is_null() {
        // Most kab/kota have no target: the nation has none either, and says so.
        true => assert!(home.contains("<p class=\"big none\">"), "{home}"),
        false => assert!(home.contains(&id_percent(&nation["coverage_pct"]))),
    }
    assert_eq!(d["regencies"].as_array().unwrap().len(), 514);
    let map = between(
        &home,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ucj-map\"",
        "</svg>",
    );
    assert_eq!(map.matches("<a href=\"/wilayah/").count(), 514);
    assert!(map.contains("<title>Kabupaten Paser: 90,43 %</title>"));
    let best = d["best"].as_array().unwrap();
    assert_eq!(best[0]["code"], "64.01", "the only kab/kota with a target");
    assert_eq!(best[0]["rank"], 1);
    assert_eq!(best[0]["coverage_pct"], 90.43);
    let best_table = between(&home, "id=\"terbaik\"", "</table>");
    assert!(best_table.contains("Kabupaten Paser"));
    assert!(best_table.contains("90,43 %"));
    assert_eq!(
        d["series"].as_array().unwrap().last().unwrap()["protected"],
        81_436
    );
    for part in d["breakdowns"][1]["parts"].as_array().unwrap() {
        // By worker group: 37,521 formal + non-ASN, 43,915 informal + vulnerable.
        let n = part["protected"].as_u64().unwrap();
        assert!(home.contains(&format!("<td class=\"num\">{}</td>", id_count(n))));
    }
    assert_eq!(d["breakdowns"][1]["parts"][0]["protected"], 37_521);
    assert_eq!(d["breakdowns"][1]["parts"][1]["protected"], 43_915);
    assert_eq!(d["provinces"].as_array().unwrap().len(), 38);
    // Every chart has its figures in a table.
    assert!(home.contains("Angka tren dalam tabel"));
    assert!(home.contains("Angka peta dalam tabel"));
    assert!(home.contains(
        "/api/v1/coverage?level=kabkota&#38;rank=true&#38;date=2023-12-31&#38;format=xlsx"
    ));
    assert!(
        home.contains("action=\"/wilayah\""),
        "the region search box"
    );

    // Finding a region.
    let r = client()
        .get(format!("{}/wilayah?q=64.01", server.base))
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/wilayah/64.01");
    let found = page(&server, "/wilayah?q=paser");
    assert!(found.contains("<a href=\"/wilayah/64.01\">Kabupaten Paser (64.01)</a>"));

    // Unknown codes: a page in Bahasa Indonesia with status 404; 400/404 from the API.
    for (path, says) in [
        ("/wilayah/99.99", "wilayah dengan kode 99.99 tidak ada"),
        (
            "/wilayah/64.99.99",
            "wilayah dengan kode 64.99.99 tidak ada",
        ),
        ("/wilayah/bukan-kode", "`bukan-kode` bukan kode wilayah"),
    ] {
        let r = client()
            .get(format!("{}{path}", server.base))
            .send()
            .unwrap();
        assert_eq!(r.status(), 404, "{path}");
        let body = r.text().unwrap();
        assert!(body.contains(says), "{path}: {body}");
        assert!(body.contains("lang=\"id\""));
    }
    let r = client()
        .get(format!("{}/api/v1/regions/99.99/summary", server.base))
        .send()
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = client()
        .get(format!("{}/api/v1/regions/abc/summary", server.base))
        .send()
        .unwrap();
    assert_eq!(r.status(), 400);

    // Page weight, compressed: the dashboard (map included, with its stylesheet) under 300 KB,
    // a region page under 100 KB.
    let css = gzipped(&server, "/assets/app.css");
    let dashboard = gzipped(&server, "/");
    assert!(
        dashboard + css < 300_000,
        "dashboard {dashboard} + css {css} bytes"
    );
    for path in ["/wilayah/64.01", "/wilayah/64", "/wilayah/64.01.01", &paser] {
        let n = gzipped(&server, path);
        assert!(n + css < 100_000, "{path}: {n} bytes");
    }
}

#[test]
fn signed_in_visitors_never_get_the_public_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = paritrana(dir.path());
    cmd.args([
        "user",
        "add",
        "admin",
        "--role",
        "admin",
        "--password-stdin",
    ])
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write as _;
    writeln!(child.stdin.take().unwrap(), "teh manis di samarinda 1").unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let server = Server::start(dir.path(), &[]);

    // The public copy is cached first.
    let public = page(&server, "/wilayah/64.01");
    assert!(public.contains(">Masuk</a>"));

    // Sign in through the form (cookies kept by hand: they are Secure, the test is plain HTTP).
    let http = client();
    let form = http.get(format!("{}/masuk", server.base)).send().unwrap();
    let mut cookies: Vec<String> = form
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect();
    let html = form.text().unwrap();
    let csrf = between(&html, "name=\"csrf\" value=\"", "\"").to_string();
    let r = http
        .post(format!("{}/masuk", server.base))
        .header("cookie", cookies.join("; "))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "admin"),
            ("password", "teh manis di samarinda 1"),
            ("lanjut", "/"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    cookies.extend(
        r.headers()
            .get_all("set-cookie")
            .iter()
            .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string()),
    );
    for path in ["/wilayah/64.01", "/"] {
        let mine = http
            .get(format!("{}{path}", server.base))
            .header("cookie", cookies.join("; "))
            .send()
            .unwrap()
            .text()
            .unwrap();
        assert!(
            mine.contains("<a href=\"/akun\">admin</a>"),
            "{path}: {mine}"
        );
        // And the public still gets the public page.
        assert!(!page(&server, path).contains("<a href=\"/akun\">"));
    }
}
