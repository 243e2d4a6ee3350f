//! The coverage choropleth: the 514 kab/kota as one inline SVG, each coloured by its UCJ
//! coverage % and linking to its page.
//!
//! The shapes are `data/kabkota.map.json`, made from `data/kabkota.geojson` by
//! `scripts/simplify-map.py` (integer SVG path data on a 2000-unit-wide plane, biggest region
//! first so enclaves are drawn on top). This module parses them once, sorts values into
//! [`CoverageClass`]es and writes the SVG. It neither computes coverage nor serves a route: the
//! caller hands in the values, the links and the names, and puts the SVG in a page next to the
//! table that carries the same numbers.

use paritrana_core::Lang;
use paritrana_core::coverage::report::format_percent;
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt::Write;
use std::sync::LazyLock;

/// The simplified map, as committed.
const MAP_JSON: &str = include_str!("../../../data/kabkota.map.json");

/// The map, parsed on first use. The asset is embedded and checked by the tests, so a parse
/// failure is a build defect, not a run-time condition.
static MAP: LazyLock<Map> =
    LazyLock::new(|| serde_json::from_str(MAP_JSON).expect("data/kabkota.map.json is valid"));

#[derive(Debug, Deserialize)]
struct Map {
    width: u32,
    height: u32,
    regions: Vec<MapRegion>,
}

/// One kab/kota of the map.
#[derive(Debug, Deserialize)]
pub struct MapRegion {
    /// The dotted Kemendagri code, e.g. `64.01`.
    pub code: String,
    /// SVG path data in the map's plane (integer coordinates, relative commands).
    pub d: String,
}

/// Every kab/kota of the map, in drawing order (biggest first).
pub fn regions() -> &'static [MapRegion] {
    &MAP.regions
}

/// The width and height of the map's plane: its SVG `viewBox` is `0 0 width height`.
pub fn view_box() -> (u32, u32) {
    (MAP.width, MAP.height)
}

/// The colour class of a coverage %: five sequential classes and "no data".
///
/// The colours are ColorBrewer's 5-class YlGnBu, which stays readable with the common forms of
/// colour blindness and in greyscale (light = low coverage, dark = high); "no data" is hatched
/// grey, so it cannot be mistaken for a low value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageClass {
    /// Below 40 %.
    Below40,
    /// 40 % up to (not including) 60 %.
    From40,
    /// 60 % up to 75 %.
    From60,
    /// 75 % up to 90 %.
    From75,
    /// 90 % and more (estimated targets can put coverage above 100 %).
    From90,
    /// No coverage figure (no target, or no data).
    NoData,
}

impl CoverageClass {
    /// Every class, in legend order.
    pub const ALL: [CoverageClass; 6] = [
        CoverageClass::Below40,
        CoverageClass::From40,
        CoverageClass::From60,
        CoverageClass::From75,
        CoverageClass::From90,
        CoverageClass::NoData,
    ];

    /// The class of a coverage % (`90.43` for 90,43 %). The value is rounded to basis points
    /// first, as it is printed, so a label never disagrees with its colour; NaN and infinities
    /// have no data.
    pub fn of(percent: Option<f64>) -> CoverageClass {
        match percent.and_then(basis_points) {
            None => CoverageClass::NoData,
            Some(bp) if bp < 4_000 => CoverageClass::Below40,
            Some(bp) if bp < 6_000 => CoverageClass::From40,
            Some(bp) if bp < 7_500 => CoverageClass::From60,
            Some(bp) if bp < 9_000 => CoverageClass::From75,
            Some(_) => CoverageClass::From90,
        }
    }

    /// The CSS class of the region's path: `c0` (lowest) to `c4`, `cn` for no data.
    pub fn css_class(self) -> &'static str {
        match self {
            CoverageClass::Below40 => "c0",
            CoverageClass::From40 => "c1",
            CoverageClass::From60 => "c2",
            CoverageClass::From75 => "c3",
            CoverageClass::From90 => "c4",
            CoverageClass::NoData => "cn",
        }
    }

    /// The fill colour (for "no data", the grey under the hatching).
    pub fn colour(self) -> &'static str {
        match self {
            CoverageClass::Below40 => "#ffffcc",
            CoverageClass::From40 => "#a1dab4",
            CoverageClass::From60 => "#41b6c4",
            CoverageClass::From75 => "#2c7fb8",
            CoverageClass::From90 => "#253494",
            CoverageClass::NoData => "#e0e0e0",
        }
    }

    /// The legend label: `< 40 %`, `40–60 %`, …, `tanpa data` / `no data`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CoverageClass::Below40 => "< 40 %",
            CoverageClass::From40 => "40–60 %",
            CoverageClass::From60 => "60–75 %",
            CoverageClass::From75 => "75–90 %",
            CoverageClass::From90 => "≥ 90 %",
            CoverageClass::NoData => match lang {
                Lang::Id => "tanpa data",
                Lang::En => "no data",
            },
        }
    }
}

/// A finite percentage in basis points (90.43 → 9043).
fn basis_points(percent: f64) -> Option<i64> {
    percent
        .is_finite()
        .then(|| (percent * 100.0).round() as i64)
}

/// The tooltip of a region: `Kab. Paser: 90,43 %`, or `Kab. Paser: tanpa data`.
pub fn region_label(name: &str, percent: Option<f64>, lang: Lang) -> String {
    match percent.and_then(basis_points) {
        Some(bp) => format!("{name}: {}", format_percent(bp, lang, false)),
        None => format!("{name}: {}", CoverageClass::NoData.label(lang)),
    }
}

/// Colours, borders, the hatching of "no data" and the focus ring. Scoped to `.ucj-map`, since a
/// `<style>` inside an inline SVG applies to the whole page; borders are set on `a path` only, so
/// they do not override the strokes of the hatching pattern.
const STYLE: &str = ".ucj-map a path{stroke:#fff;stroke-width:.5px;stroke-linejoin:round;\
vector-effect:non-scaling-stroke}\
.ucj-map .c0{fill:#ffffcc}.ucj-map .c1{fill:#a1dab4}.ucj-map .c2{fill:#41b6c4}\
.ucj-map .c3{fill:#2c7fb8}.ucj-map .c4{fill:#253494}.ucj-map .cn{fill:url(#ucj-map-nodata)}\
.ucj-map a:hover path{stroke:#000;stroke-width:1.5px}\
.ucj-map a:focus-visible{outline:none}\
.ucj-map a:focus-visible path{stroke:#000;stroke-width:2.5px;filter:drop-shadow(0 0 2px #fff)}\
.ucj-map text{font:22px sans-serif;fill:#222}.ucj-map .legend-title{font-weight:bold}";

/// Hatching for "no data": grey diagonal lines over light grey.
const NO_DATA_PATTERN: &str = "<pattern id=\"ucj-map-nodata\" width=\"8\" height=\"8\" \
patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" \
fill=\"#e0e0e0\"/><path d=\"M0 0v8\" stroke=\"#8a8a8a\" stroke-width=\"3\"/></pattern>";

/// The choropleth of all 514 kab/kota as an inline SVG.
///
/// * `values(code)`: the coverage % of a kab/kota (`Some(90.43)`), or `None` when it has none;
/// * `href(code)`: the link of its page, e.g. `/wilayah/64.01`;
/// * `names(code)`: the name shown in its tooltip, e.g. `Kab. Paser`;
///
/// with `code` the dotted code (`64.01`). Each region is an `<a>` with a `<title>` tooltip
/// ("Kab. Paser: 90,43 %") and a path whose CSS class is its [`CoverageClass`]; a legend sits in
/// the Indian Ocean, bottom left. The SVG is `role="group"` with a title and a description that
/// counts the regions of each class: not `role="img"`, whose children are hidden from screen
/// readers, which would leave 514 focusable links without names. The element ids
/// (`ucj-map-title`, `ucj-map-desc`, `ucj-map-nodata`) assume one map per page.
pub fn choropleth_svg(
    values: &dyn Fn(&str) -> Option<f64>,
    href: &dyn Fn(&str) -> String,
    names: &dyn Fn(&str) -> String,
    lang: Lang,
) -> String {
    let map = &*MAP;
    let mut counts = [0usize; CoverageClass::ALL.len()];
    let mut body = String::with_capacity(MAP_JSON.len() + map.regions.len() * 96);
    for region in &map.regions {
        let value = values(&region.code);
        let class = CoverageClass::of(value);
        // `ALL` lists the classes in declaration order, so the discriminant is the index.
        counts[class as usize] += 1;
        let _ = write!(
            body,
            "<a href=\"{}\"><title>{}</title><path class=\"{}\" d=\"{}\"/></a>",
            escape(&href(&region.code)),
            escape(&region_label(&names(&region.code), value, lang)),
            class.css_class(),
            region.d,
        );
    }

    let (title, legend_title, intro, table_note) = match lang {
        Lang::Id => (
            "Cakupan UCJ per kabupaten/kota",
            "Cakupan UCJ",
            "Peta kabupaten/kota, diwarnai menurut persentase pekerja terlindungi terhadap \
             target UCJ.",
            "Angka setiap wilayah tersedia dalam tabel.",
        ),
        Lang::En => (
            "UCJ coverage by kab/kota",
            "UCJ coverage",
            "Map of the kab/kota, coloured by the percentage of workers protected against the \
             UCJ target.",
            "Every region's figure is in the table.",
        ),
    };
    let classes: Vec<String> = CoverageClass::ALL
        .iter()
        .zip(counts)
        .map(|(class, n)| format!("{}: {n}", class.label(lang)))
        .collect();
    let mut desc = format!(
        "{intro} {} kab/kota: {}",
        map.regions.len(),
        classes.join("; ")
    );
    desc.push_str(". ");
    desc.push_str(table_note);

    let mut svg = String::with_capacity(body.len() + 4096);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ucj-map\" viewBox=\"0 0 {w} {h}\" \
         role=\"group\" aria-labelledby=\"ucj-map-title\" aria-describedby=\"ucj-map-desc\">\
         <title id=\"ucj-map-title\">{title}</title><desc id=\"ucj-map-desc\">{desc}</desc>\
         <defs>{NO_DATA_PATTERN}</defs><style>{STYLE}</style><g>{body}</g>",
        w = map.width,
        h = map.height,
        title = escape(title),
        desc = escape(&desc),
    );
    legend(&mut svg, legend_title, lang, map.height);
    svg.push_str("</svg>");
    svg
}

/// The legend, bottom left, where the map has only sea: a title and one swatch per class.
/// Hidden from screen readers, which get the classes, with their counts, from the description.
fn legend(svg: &mut String, title: &str, lang: Lang, height: u32) {
    const ROW: u32 = 30;
    let rows = CoverageClass::ALL.len() as u32 + 1;
    let top = height.saturating_sub(rows * ROW + 8);
    let _ = write!(
        svg,
        "<g aria-hidden=\"true\"><text class=\"legend-title\" x=\"16\" y=\"{}\">{}</text>",
        top + 22,
        escape(title),
    );
    for (i, class) in CoverageClass::ALL.iter().enumerate() {
        let y = top + ROW * (i as u32 + 1);
        let _ = write!(
            svg,
            "<rect class=\"{}\" x=\"16\" y=\"{}\" width=\"28\" height=\"22\" stroke=\"#888\"/>\
             <text x=\"54\" y=\"{}\">{}</text>",
            class.css_class(),
            y + 2,
            y + 20,
            escape(class.label(lang)),
        );
    }
    svg.push_str("</g>");
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_printed_value() {
        assert_eq!(CoverageClass::of(Some(90.43)), CoverageClass::From90);
        assert_eq!(CoverageClass::of(Some(89.994)), CoverageClass::From75);
        assert_eq!(
            CoverageClass::of(Some(89.995)),
            CoverageClass::From90,
            "prints 90,00 %"
        );
        assert_eq!(CoverageClass::of(Some(39.99)), CoverageClass::Below40);
        assert_eq!(CoverageClass::of(Some(40.0)), CoverageClass::From40);
        assert_eq!(CoverageClass::of(Some(60.0)), CoverageClass::From60);
        assert_eq!(CoverageClass::of(Some(75.0)), CoverageClass::From75);
        assert_eq!(CoverageClass::of(Some(0.0)), CoverageClass::Below40);
        assert_eq!(CoverageClass::of(Some(131.2)), CoverageClass::From90);
        assert_eq!(CoverageClass::of(None), CoverageClass::NoData);
        assert_eq!(CoverageClass::of(Some(f64::NAN)), CoverageClass::NoData);
        assert_eq!(
            CoverageClass::of(Some(f64::INFINITY)),
            CoverageClass::NoData
        );
    }

    #[test]
    fn labels_use_the_language_number_format() {
        assert_eq!(
            region_label("Kab. Paser", Some(90.43), Lang::Id),
            "Kab. Paser: 90,43 %"
        );
        assert_eq!(
            region_label("Kab. Paser", Some(90.43), Lang::En),
            "Kab. Paser: 90.43 %"
        );
        assert_eq!(
            region_label("Kota Bogor", None, Lang::Id),
            "Kota Bogor: tanpa data"
        );
    }

    #[test]
    fn names_are_escaped() {
        assert_eq!(escape("Kab. Paser"), "Kab. Paser");
        assert_eq!(escape("A&B <\"'>"), "A&amp;B &lt;&quot;&#39;&gt;");
    }
}
