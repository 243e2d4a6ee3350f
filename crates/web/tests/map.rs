//! The choropleth asset against the region tree, and the rendered SVG: classes, tooltips,
//! links and its size on the wire.

use flate2::Compression;
use flate2::write::GzEncoder;
use paritrana_core::Lang;
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_web::map::{self, CoverageClass};
use std::collections::HashMap;
use std::io::Write;
use std::sync::LazyLock;

static TREE: LazyLock<RegionTree> =
    LazyLock::new(|| RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap());

/// The names the dashboard shows: "Kab. Paser", "Kota Balikpapan".
fn short_name(code: &str) -> String {
    let region = TREE.get(RegionCode::parse(code).unwrap()).unwrap();
    match region.name.strip_prefix("Kabupaten ") {
        Some(rest) => format!("Kab. {rest}"),
        None => region.name.clone(),
    }
}

fn render(values: &HashMap<&str, f64>, lang: Lang) -> String {
    map::choropleth_svg(
        &|code| values.get(code).copied(),
        &|code| format!("/wilayah/{code}"),
        &short_name,
        lang,
    )
}

/// The `<a>` element of one region in a rendered map.
fn region_element<'a>(svg: &'a str, code: &str) -> &'a str {
    let start = svg
        .find(&format!("<a href=\"/wilayah/{code}\">"))
        .unwrap_or_else(|| panic!("{code} is not in the map"));
    let end = start + svg[start..].find("</a>").unwrap();
    &svg[start..end]
}

/// The absolute points of SVG path data made of M/m/l/h/v/z with integer arguments.
fn points(d: &str) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let (mut x, mut y, mut start) = (0i64, 0i64, (0i64, 0i64));
    let mut rest = d;
    while let Some(cmd) = rest.chars().next() {
        let args_end = rest[1..]
            .find(|c: char| c.is_ascii_alphabetic())
            .map_or(rest.len(), |i| i + 1);
        let args = parse_numbers(&rest[1..args_end]);
        match cmd {
            'M' | 'm' => {
                assert_eq!(args.len(), 2, "move with {args:?} in {d}");
                if cmd == 'M' {
                    (x, y) = (args[0], args[1]);
                } else {
                    (x, y) = (x + args[0], y + args[1]);
                }
                start = (x, y);
                out.push((x, y));
            }
            'l' => {
                assert!(
                    !args.is_empty() && args.len().is_multiple_of(2),
                    "line {args:?}"
                );
                for pair in args.chunks(2) {
                    (x, y) = (x + pair[0], y + pair[1]);
                    out.push((x, y));
                }
            }
            'h' | 'v' => {
                assert_eq!(args.len(), 1, "{cmd} with {args:?}");
                if cmd == 'h' {
                    x += args[0];
                } else {
                    y += args[0];
                }
                out.push((x, y));
            }
            'z' => {
                assert!(args.is_empty());
                (x, y) = start;
            }
            other => panic!("unexpected command {other:?} in {d}"),
        }
        rest = &rest[args_end..];
    }
    out
}

/// Integers separated by spaces or by their minus signs ("3-2 4" → 3, -2, 4).
fn parse_numbers(s: &str) -> Vec<i64> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in s.chars() {
        if c == ' ' || c == '-' {
            if !current.is_empty() && current != "-" {
                out.push(current.parse().unwrap());
            }
            current.clear();
        }
        if c != ' ' {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push(current.parse().unwrap());
    }
    out
}

#[test]
fn every_kab_kota_of_the_tree_is_on_the_map_once() {
    let mut on_map: HashMap<&str, usize> = HashMap::new();
    for region in map::regions() {
        *on_map.entry(region.code.as_str()).or_default() += 1;
    }
    let tree_codes: Vec<String> = TREE
        .at_level(Level::Regency)
        .map(|r| r.code.to_string())
        .collect();
    assert_eq!(tree_codes.len(), 514);
    for code in &tree_codes {
        assert_eq!(on_map.get(code.as_str()), Some(&1), "{code}");
    }
    assert_eq!(map::regions().len(), 514, "no code outside the tree");
}

#[test]
fn every_path_is_a_visible_shape_inside_the_view_box() {
    let (width, height) = map::view_box();
    assert!(width > 2 * height, "Indonesia is wide: {width}×{height}");
    for region in map::regions() {
        let pts = points(&region.d);
        assert!(pts.len() >= 3, "{}: {} points", region.code, pts.len());
        for &(x, y) in &pts {
            assert!(
                (0..=i64::from(width)).contains(&x) && (0..=i64::from(height)).contains(&y),
                "{}: ({x}, {y}) outside 0 0 {width} {height}",
                region.code
            );
        }
        let (xs, ys): (Vec<i64>, Vec<i64>) = pts.iter().copied().unzip();
        let extent = (xs.iter().max().unwrap() - xs.iter().min().unwrap())
            .max(ys.iter().max().unwrap() - ys.iter().min().unwrap());
        assert!(extent >= 5, "{} is only {extent} units across", region.code);
    }
}

#[test]
fn the_map_is_not_mirrored() {
    // Banda Aceh (11.71) is north-west, Merauke (93.01) south-east: y grows southwards.
    let centre = |code: &str| {
        let region = map::regions().iter().find(|r| r.code == code).unwrap();
        let pts = points(&region.d);
        let n = pts.len() as i64;
        (
            pts.iter().map(|p| p.0).sum::<i64>() / n,
            pts.iter().map(|p| p.1).sum::<i64>() / n,
        )
    };
    let (aceh, merauke, jakarta) = (centre("11.71"), centre("93.01"), centre("31.71"));
    assert!(aceh.0 < jakarta.0 && jakarta.0 < merauke.0);
    assert!(aceh.1 < jakarta.1 && aceh.1 < merauke.1);
}

#[test]
fn paser_at_90_43_percent_is_in_the_top_class_with_its_tooltip() {
    let values = HashMap::from([("64.01", 90.43), ("64.71", 58.2), ("31.71", 39.99)]);
    let svg = render(&values, Lang::Id);

    let paser = region_element(&svg, "64.01");
    assert!(
        paser.contains("<title>Kab. Paser: 90,43 %</title>"),
        "{paser:.120}"
    );
    assert!(paser.contains("class=\"c4\""), "{paser:.120}");
    let balikpapan = region_element(&svg, "64.71");
    assert!(balikpapan.contains("<title>Kota Balikpapan: 58,20 %</title>"));
    assert!(balikpapan.contains("class=\"c1\""));
    assert!(region_element(&svg, "31.71").contains("class=\"c0\""));

    let bogor = region_element(&svg, "32.71");
    assert!(
        bogor.contains("<title>Kota Bogor: tanpa data</title>"),
        "{bogor:.120}"
    );
    assert!(bogor.contains("class=\"cn\""));

    assert_eq!(svg.matches("<a href=").count(), 514);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ucj-map\""));
    assert!(svg.contains("<title id=\"ucj-map-title\">Cakupan UCJ per kabupaten/kota</title>"));
    assert!(
        svg.contains("≥ 90 %: 1; tanpa data: 511."),
        "the description counts the classes"
    );
    assert!(svg.ends_with("</svg>"));
}

#[test]
fn english_map_uses_english_numbers_and_labels() {
    let values = HashMap::from([("64.01", 90.43)]);
    let svg = render(&values, Lang::En);
    assert!(region_element(&svg, "64.01").contains("<title>Kab. Paser: 90.43 %</title>"));
    assert!(region_element(&svg, "32.71").contains("<title>Kota Bogor: no data</title>"));
    assert!(svg.contains(">UCJ coverage by kab/kota</title>"));
    assert!(svg.contains(">no data</text>"), "legend");
}

#[test]
fn names_and_links_are_escaped() {
    let svg = map::choropleth_svg(
        &|_| Some(50.0),
        &|code| format!("/wilayah?kode={code}&lang=en"),
        &|_| "A & <B>".to_string(),
        Lang::Id,
    );
    assert!(svg.contains(
        "<a href=\"/wilayah?kode=64.01&amp;lang=en\"><title>A &amp; &lt;B&gt;: 50,00 %</title>"
    ));
    assert!(!svg.contains("A & <B>"));
}

#[test]
fn every_class_has_a_legend_entry_and_a_style() {
    let svg = render(&HashMap::new(), Lang::Id);
    for class in CoverageClass::ALL {
        let css = class.css_class();
        assert!(
            svg.contains(&format!(".ucj-map .{css}{{fill:")),
            "{css} style"
        );
        assert!(
            svg.contains(&format!(
                ">{}</text>",
                class.label(Lang::Id).replace('<', "&lt;")
            )),
            "{css} legend"
        );
    }
    assert!(
        svg.contains("a:focus-visible path{"),
        "keyboard focus is visible"
    );
}

#[test]
fn full_map_fits_the_dashboard_budget() {
    // Every region with a value and a long-ish name: the heaviest realistic map.
    let values: HashMap<String, f64> = TREE
        .at_level(Level::Regency)
        .enumerate()
        .map(|(i, r)| (r.code.to_string(), 20.0 + (i % 90) as f64 + 0.37))
        .collect();
    let svg = map::choropleth_svg(
        &|code| values.get(code).copied(),
        &|code| format!("/wilayah/{code}"),
        &short_name,
        Lang::Id,
    );
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(svg.as_bytes()).unwrap();
    let gzipped = gz.finish().unwrap().len();
    println!("choropleth: {} bytes, {gzipped} gzipped", svg.len());
    // For a look at it: PARITRANA_MAP_SVG=/tmp/map.svg cargo test -p paritrana-web --test map
    if let Some(path) = std::env::var_os("PARITRANA_MAP_SVG") {
        std::fs::write(path, &svg).unwrap();
    }
    assert!(svg.len() < 400_000, "raw {} bytes", svg.len());
    assert!(gzipped < 120_000, "gzipped {gzipped} bytes");
}
