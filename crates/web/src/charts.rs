//! Charts as inline SVG, written by pure functions: a line chart of a monthly series, a
//! sparkline for table rows, and a horizontal bar chart for breakdowns. No script is needed to
//! see them; colours and fonts are attributes, so they look the same wherever they are pasted.
//!
//! Every chart is `role="img"` with an `aria-label`, a `<title>` and a `<desc>`; the pages put
//! the same numbers in a table next to it, for screen readers and for copying. Numbers follow
//! the language: `81.436` and `90,43 %` in Bahasa Indonesia, `81,436` and `90.43 %` in English.
//! This module neither counts nor fetches: callers hand in the values.

use crate::map::escape;
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::coverage::report::format_percent;
use paritrana_core::lang::{format_count, month_label};
use std::fmt::Write;

/// Text colour (AA on white) and the muted colour of axes and grid labels.
const INK: &str = "#1a1a1a";
const MUTED: &str = "#4a4a4a";
const GRID: &str = "#d6d6d6";
/// The product's blue (8.6:1 on white).
const LINE: &str = "#0b5394";

/// What the values of a chart are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Workers: `81.436`.
    Count,
    /// Basis points shown as a percentage: `9043` → `90,43 %`.
    BasisPoints,
}

impl Unit {
    /// A value as printed in labels and tables.
    pub fn format(self, v: u64, lang: Lang) -> String {
        match self {
            Unit::Count => format_count(v, lang),
            Unit::BasisPoints => format_percent(v as i64, lang, false),
        }
    }

    /// An axis tick: whole percentages without decimals (`40 %`).
    fn tick(self, v: u64, lang: Lang) -> String {
        match self {
            Unit::BasisPoints if v.is_multiple_of(100) => format!("{} %", v / 100),
            _ => self.format(v, lang),
        }
    }

    /// The smallest step between ticks (one worker, one percent).
    fn min_step(self) -> u64 {
        match self {
            Unit::Count => 1,
            Unit::BasisPoints => 100,
        }
    }
}

/// A "nice" tick step (1, 2 or 5 times a power of ten, at least `min`) so that about
/// `intervals` steps reach `max`.
pub fn nice_step(max: u64, intervals: u64, min: u64) -> u64 {
    let raw = max.div_ceil(intervals.max(1)).max(min).max(1);
    let mut magnitude = 1u64;
    while magnitude.saturating_mul(10) <= raw {
        magnitude *= 10;
    }
    [1, 2, 5, 10]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10 * magnitude)
        .max(min)
}

/// A monthly series as a line chart: month ends on the x axis, the values on a y axis from 0.
/// `None` values (e.g. coverage in a month without a target) break the line.
pub struct LineChart<'a> {
    pub title: &'a str,
    /// One or two sentences on what the chart shows (first and last value, the trend).
    pub desc: &'a str,
    pub unit: Unit,
    /// The name of the values, for the y axis (`Pekerja terlindungi`).
    pub axis: &'a str,
    pub points: &'a [(NaiveDate, Option<u64>)],
    pub lang: Lang,
}

const W: u32 = 480;
const H: u32 = 250;
const LEFT: u32 = 84;
const RIGHT: u32 = 16;
const TOP: u32 = 28;
const BOTTOM: u32 = 40;

fn open_svg(out: &mut String, class: &str, w: u32, h: u32, title: &str, desc: &str) {
    let (title, desc) = (escape(title), escape(desc));
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {w} {h}\" \
         role=\"img\" aria-label=\"{title}\"><title>{title}</title><desc>{desc}</desc>"
    );
}

/// The line chart as an SVG string.
pub fn line_chart(c: &LineChart<'_>) -> String {
    let mut out = String::with_capacity(4096);
    open_svg(&mut out, "chart line-chart", W, H, c.title, c.desc);
    let font = format!("font-family=\"sans-serif\" font-size=\"14\" fill=\"{MUTED}\"");
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"16\" {font}>{}</text>",
        escape(c.axis)
    );
    let max = c.points.iter().filter_map(|p| p.1).max();
    let (plot_w, plot_h) = ((W - LEFT - RIGHT) as f64, (H - TOP - BOTTOM) as f64);
    let Some(max) = max else {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" {font}>{}</text></svg>",
            W / 2,
            H / 2,
            match c.lang {
                Lang::Id => "Tidak ada data",
                Lang::En => "No data",
            }
        );
        return out;
    };
    let step = nice_step(max, 4, c.unit.min_step());
    let top = max.div_ceil(step).max(1) * step;
    let y = |v: u64| TOP as f64 + plot_h * (1.0 - v as f64 / top as f64);
    // Grid lines and y labels.
    let mut v = 0;
    while v <= top {
        let yy = y(v);
        let _ = write!(
            out,
            "<path d=\"M{LEFT} {yy:.1}H{}\" stroke=\"{GRID}\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" {font}>{}</text>",
            W - RIGHT,
            LEFT - 6,
            yy + 4.0,
            escape(&c.unit.tick(v, c.lang)),
        );
        v += step;
    }
    let n = c.points.len();
    let x = |i: usize| {
        if n <= 1 {
            LEFT as f64 + plot_w / 2.0
        } else {
            LEFT as f64 + plot_w * i as f64 / (n - 1) as f64
        }
    };
    // About five month labels, always including the last month.
    let every = n.div_ceil(5).max(1);
    let base = (H - BOTTOM) as f64;
    let _ = write!(
        out,
        "<path d=\"M{LEFT} {base}H{}\" stroke=\"{MUTED}\"/>",
        W - RIGHT
    );
    for (i, (date, _)) in c.points.iter().enumerate() {
        if (n - 1 - i).is_multiple_of(every) {
            let anchor = if n > 1 && i == n - 1 { "end" } else { "middle" };
            let _ = write!(
                out,
                "<path d=\"M{:.1} {base}v5\" stroke=\"{MUTED}\"/>\
                 <text x=\"{:.1}\" y=\"{}\" text-anchor=\"{anchor}\" {font}>{}</text>",
                x(i),
                x(i),
                H - BOTTOM + 20,
                month_label(*date, c.lang),
            );
        }
    }
    // The line, broken where a value is missing.
    let mut d = String::new();
    let mut pen_down = false;
    for (i, (_, value)) in c.points.iter().enumerate() {
        match value {
            Some(v) => {
                let _ = write!(
                    d,
                    "{}{:.1} {:.1}",
                    if pen_down { "L" } else { "M" },
                    x(i),
                    y(*v)
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    let _ = write!(
        out,
        "<path d=\"{d}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"2.5\" \
         stroke-linejoin=\"round\"/>"
    );
    if let Some((i, v)) = c
        .points
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, p)| p.1.map(|v| (i, v)))
    {
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{LINE}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-family=\"sans-serif\" \
             font-size=\"14\" font-weight=\"bold\" fill=\"{INK}\">{}</text>",
            x(i),
            y(v),
            x(i) - 6.0,
            (y(v) - 8.0).max(TOP as f64 - 2.0),
            escape(&c.unit.format(v, c.lang)),
        );
    }
    out.push_str("</svg>");
    out
}

/// A sparkline: the shape of a short series in an 80 × 20 box (drawn on an 800 × 200 grid, so
/// the points are whole numbers), scaled from its lowest to its highest value (a flat series is
/// a flat line). `label` is what a screen reader says. Meant for HTML pages, where the parser
/// gives inline `<svg>` its namespace: one per table row, so it is kept short.
pub fn sparkline(values: &[u64], label: &str) -> String {
    const SW: f64 = 800.0;
    const SH: f64 = 200.0;
    let label = escape(label);
    let mut out = format!(
        "<svg class=\"spark\" viewBox=\"0 0 800 200\" width=\"80\" height=\"20\" role=\"img\" \
         aria-label=\"{label}\">"
    );
    let (Some(lo), Some(hi)) = (values.iter().min(), values.iter().max()) else {
        out.push_str("</svg>");
        return out;
    };
    let n = values.len();
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = if n == 1 {
                SW / 2.0
            } else {
                10.0 + (SW - 20.0) * i as f64 / (n - 1) as f64
            };
            let y = if hi == lo {
                SH / 2.0
            } else {
                SH - 20.0 - (SH - 40.0) * (v - lo) as f64 / (hi - lo) as f64
            };
            format!("{x:.0},{y:.0}")
        })
        .collect();
    let _ = write!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"15\"/></svg>",
        points.join(" ")
    );
    out
}

/// One bar of a [`bar_chart`].
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: u64,
    /// The value as printed at the end of the bar (`37.521 (46,07 %)`).
    pub text: String,
}

/// Horizontal bars, longest = the highest value, each with its label above it and its value
/// after it; bars start at 0.
pub fn bar_chart(title: &str, desc: &str, bars: &[Bar<'_>]) -> String {
    const BW: u32 = 420;
    const ROW: u32 = 40;
    const BAR_MAX: f64 = 270.0;
    let h = ROW * bars.len().max(1) as u32 + 4;
    let mut out = String::with_capacity(256 + bars.len() * 320);
    open_svg(&mut out, "chart bar-chart", BW, h, title, desc);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    for (i, b) in bars.iter().enumerate() {
        let top = ROW * i as u32;
        let w = if max == 0 {
            0.0
        } else {
            BAR_MAX * b.value as f64 / max as f64
        };
        let _ = write!(
            out,
            "<text x=\"2\" y=\"{}\" font-family=\"sans-serif\" font-size=\"13\" fill=\"{INK}\">{}</text>\
             <rect x=\"2\" y=\"{}\" width=\"{w:.1}\" height=\"14\" fill=\"{LINE}\"/>\
             <text x=\"{:.1}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"13\" fill=\"{INK}\">{}</text>",
            top + 14,
            escape(b.label),
            top + 20,
            w + 8.0,
            top + 32,
            escape(&b.text),
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(nice_step(81_436, 4, 1), 50_000);
        assert_eq!(nice_step(9_043, 4, 100), 5_000);
        assert_eq!(nice_step(7, 4, 1), 2);
        assert_eq!(nice_step(0, 4, 1), 1);
        assert_eq!(nice_step(120, 4, 100), 100, "never below one percent");
        assert!(nice_step(u64::MAX, 4, 1) > 0);
    }

    #[test]
    fn months_are_named_in_the_language() {
        assert_eq!(month_label(d(2023, 12, 31), Lang::Id), "Des 2023");
        assert_eq!(month_label(d(2023, 12, 31), Lang::En), "Dec 2023");
        assert_eq!(month_label(d(2024, 8, 31), Lang::Id), "Agu 2024");
    }

    /// The path data of the chart's line.
    fn line_path(svg: &str) -> &str {
        svg.split("stroke-width=\"2.5\"")
            .next()
            .unwrap()
            .rsplit("<path d=\"")
            .next()
            .unwrap()
    }

    fn paser_points() -> Vec<(NaiveDate, Option<u64>)> {
        vec![
            (d(2023, 10, 31), Some(70_000)),
            (d(2023, 11, 30), Some(75_500)),
            (d(2023, 12, 31), Some(81_436)),
        ]
    }

    #[test]
    fn line_chart_is_an_accessible_image_with_indonesian_numbers() {
        let points = paser_points();
        let svg = line_chart(&LineChart {
            title: "Pekerja terlindungi, Kab. Paser",
            desc: "Dari 70.000 menjadi 81.436.",
            unit: Unit::Count,
            axis: "Pekerja terlindungi",
            points: &points,
            lang: Lang::Id,
        });
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("role=\"img\" aria-label=\"Pekerja terlindungi, Kab. Paser\""));
        assert!(svg.contains("<title>Pekerja terlindungi, Kab. Paser</title>"));
        assert!(svg.contains("<desc>Dari 70.000 menjadi 81.436.</desc>"));
        // y axis 0 to 100.000 by 50.000; the last value labelled.
        assert!(svg.contains(">0</text>"));
        assert!(svg.contains(">50.000</text>"));
        assert!(svg.contains(">100.000</text>"));
        assert!(svg.contains(">81.436</text>"));
        assert!(svg.contains(">Des 2023</text>"));
        assert!(svg.ends_with("</svg>"));
        // One unbroken line through the three points.
        let line = line_path(&svg);
        assert_eq!(
            (line.matches('M').count(), line.matches('L').count()),
            (1, 2)
        );
    }

    #[test]
    fn line_chart_in_english_and_percent() {
        let points = vec![
            (d(2023, 11, 30), Some(8_500)),
            (d(2023, 12, 31), Some(9_043)),
        ];
        let svg = line_chart(&LineChart {
            title: "Coverage",
            desc: "",
            unit: Unit::BasisPoints,
            axis: "UCJ coverage",
            points: &points,
            lang: Lang::En,
        });
        assert!(svg.contains(">90.43 %</text>"), "{svg}");
        assert!(svg.contains(">100 %</text>"), "{svg}");
        assert!(svg.contains(">Dec 2023</text>"));
    }

    #[test]
    fn missing_values_break_the_line() {
        let points = vec![
            (d(2023, 10, 31), Some(10)),
            (d(2023, 11, 30), None),
            (d(2023, 12, 31), Some(20)),
            (d(2024, 1, 31), Some(30)),
        ];
        let svg = line_chart(&LineChart {
            title: "t",
            desc: "d",
            unit: Unit::Count,
            axis: "a",
            points: &points,
            lang: Lang::Id,
        });
        let line = line_path(&svg);
        assert_eq!(line.matches('M').count(), 2, "{line}");
        assert_eq!(line.matches('L').count(), 1, "{line}");
    }

    #[test]
    fn empty_chart_says_so() {
        let svg = line_chart(&LineChart {
            title: "t",
            desc: "d",
            unit: Unit::Count,
            axis: "a",
            points: &[(d(2023, 12, 31), None)],
            lang: Lang::Id,
        });
        assert!(svg.contains("Tidak ada data"));
    }

    #[test]
    fn titles_are_escaped() {
        let svg = line_chart(&LineChart {
            title: "A & <B>",
            desc: "\"x\"",
            unit: Unit::Count,
            axis: "a",
            points: &[],
            lang: Lang::En,
        });
        assert!(svg.contains("<title>A &amp; &lt;B&gt;</title>"));
        assert!(svg.contains("aria-label=\"A &amp; &lt;B&gt;\""));
        assert!(svg.contains("<desc>&quot;x&quot;</desc>"));
        assert!(svg.contains("No data"));
    }

    #[test]
    fn sparkline_spans_its_box() {
        let svg = sparkline(&[10, 20, 15], "Tren 12 bulan: 10 → 15");
        assert!(svg.contains("aria-label=\"Tren 12 bulan: 10 → 15\""));
        assert!(svg.contains("points=\"10,180 400,20 790,100\""), "{svg}");
        let flat = sparkline(&[5, 5], "flat");
        assert!(flat.contains("points=\"10,100 790,100\""), "{flat}");
        assert!(sparkline(&[], "none").ends_with("></svg>"));
        assert!(svg.len() < 300, "small enough for every table row");
    }

    #[test]
    fn bars_are_proportional() {
        let svg = bar_chart(
            "Menurut kelompok",
            "Formal 37.521, informal 43.915.",
            &[
                Bar {
                    label: "Formal dan non-ASN",
                    value: 37_521,
                    text: "37.521 (46,07 %)".into(),
                },
                Bar {
                    label: "Informal dan rentan",
                    value: 43_915,
                    text: "43.915 (53,93 %)".into(),
                },
            ],
        );
        assert!(svg.contains("role=\"img\" aria-label=\"Menurut kelompok\""));
        // The longest bar is the highest value; the other in proportion.
        assert!(svg.contains("width=\"270.0\""), "{svg}");
        assert!(svg.contains("width=\"230.7\""), "{svg}");
        assert!(svg.contains(">37.521 (46,07 %)</text>"));
        assert!(svg.contains(">Informal dan rentan</text>"));
        let zero = bar_chart(
            "t",
            "d",
            &[Bar {
                label: "x",
                value: 0,
                text: "0".into(),
            }],
        );
        assert!(zero.contains("width=\"0.0\""));
    }
}
