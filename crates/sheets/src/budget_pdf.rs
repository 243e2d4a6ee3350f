//! The budget plan as a PDF (A4 landscape) for the APBD proposal's annex: the cohorts with their
//! cost, the totals per programme and per funding source, and the legal basis.
//!
//! Written directly, without a PDF library: the document is one table of text, and PDF's standard
//! Helvetica fonts (which every reader has, so nothing is embedded) cover the Latin letters of
//! Bahasa Indonesia through WinAnsi encoding. A document needing other scripts or an embedded
//! font should move to a PDF crate (krilla).

use paritrana_core::Lang;
use paritrana_core::contribution::{PlanCost, format_rupiah};
use paritrana_core::lang::format_count;
use std::fmt::Write as _;

const PAGE_W: f32 = 842.0;
const PAGE_H: f32 = 595.0;
const MARGIN: f32 = 36.0;
const LINE: f32 = 13.0;

/// One piece of text placed on a page.
struct Text {
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    text: String,
}

/// Pages of placed text, filled top to bottom.
struct Pages {
    pages: Vec<Vec<Text>>,
    y: f32,
}

impl Pages {
    fn new() -> Pages {
        Pages {
            pages: vec![Vec::new()],
            y: PAGE_H - MARGIN,
        }
    }

    /// Moves down one line of `height`, starting a page when the bottom margin is reached.
    fn line(&mut self, height: f32) {
        self.y -= height;
        if self.y < MARGIN {
            self.pages.push(Vec::new());
            self.y = PAGE_H - MARGIN - height;
        }
    }

    fn put(&mut self, x: f32, size: f32, bold: bool, text: impl Into<String>) {
        let y = self.y;
        if let Some(page) = self.pages.last_mut() {
            page.push(Text {
                x,
                y,
                size,
                bold,
                text: text.into(),
            });
        }
    }

    /// Right-aligned at `right`.
    fn put_right(&mut self, right: f32, size: f32, bold: bool, text: String) {
        let w = width(&text, size, bold);
        self.put(right - w, size, bold, text);
    }
}

/// Helvetica advance widths (per 1000 em) of the characters amounts are made of; other
/// characters are taken at an average width, which only matters for right alignment.
fn glyph_width(c: char, bold: bool) -> f32 {
    match c {
        '0'..='9' => 556.0,
        ' ' | '.' | ',' => 278.0,
        'R' => 722.0,
        'p' => {
            if bold {
                611.0
            } else {
                556.0
            }
        }
        '-' => 333.0,
        _ => 600.0,
    }
}

fn width(text: &str, size: f32, bold: bool) -> f32 {
    text.chars().map(|c| glyph_width(c, bold)).sum::<f32>() * size / 1000.0
}

/// A PDF string literal in WinAnsi encoding.
fn pdf_string(text: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for c in text.chars() {
        let byte = match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                c as u8
            }
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '—' => 0x97,
            '–' => 0x96,
            '•' => 0x95,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            _ => b'?',
        };
        out.push(byte);
    }
    out.push(b')');
    out
}

fn truncate(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(chars.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Id { id } else { en }
}

/// The plan as PDF bytes.
pub fn plan_pdf_bytes(cost: &PlanCost, lang: Lang) -> Vec<u8> {
    let r = |v| format_rupiah(v, lang);
    let mut p = Pages::new();
    p.put(
        MARGIN,
        14.0,
        true,
        t(
            lang,
            "Rencana Anggaran Iuran Jaminan Sosial Ketenagakerjaan",
            "Employment Social Security Contribution Budget Plan",
        ),
    );
    p.line(LINE + 4.0);
    p.put(
        MARGIN,
        9.0,
        false,
        format!(
            "{} {}",
            t(
                lang,
                "Tarif iuran yang berlaku pada",
                "Contribution rates in force on"
            ),
            cost.date
        ),
    );
    p.line(LINE * 1.6);

    // (header, x of the left edge or right edge, right-aligned)
    let columns: [(&str, &str, f32, bool); 9] = [
        ("No", "No", MARGIN, false),
        ("Uraian", "Description", MARGIN + 22.0, false),
        ("Pekerja", "Workers", 330.0, true),
        ("Segmen", "Segment", 338.0, false),
        ("Program", "Programmes", 380.0, false),
        ("Bulan", "Months", 480.0, true),
        ("Per pekerja/bln", "Per worker/month", 570.0, true),
        ("Per bulan", "Per month", 670.0, true),
        ("Jumlah", "Total", PAGE_W - MARGIN, true),
    ];
    let header = |p: &mut Pages| {
        for (id, en, x, right) in columns {
            if right {
                p.put_right(x, 8.0, true, t(lang, id, en).to_string());
            } else {
                p.put(x, 8.0, true, t(lang, id, en));
            }
        }
        p.line(LINE);
    };
    header(&mut p);
    for (i, c) in cost.cohorts.iter().enumerate() {
        let per_worker = c
            .per_worker
            .as_ref()
            .map_or(c.one_off_per_worker, |w| w.total);
        p.put(MARGIN, 8.0, false, (i + 1).to_string());
        p.put(MARGIN + 22.0, 8.0, false, truncate(&c.cohort.label, 48));
        p.put_right(330.0, 8.0, false, format_count(c.cohort.count, lang));
        p.put(338.0, 8.0, false, c.cohort.segment.code());
        p.put(380.0, 8.0, false, c.cohort.programmes.to_string());
        p.put_right(480.0, 8.0, false, c.cohort.months.to_string());
        p.put_right(570.0, 8.0, false, r(per_worker));
        p.put_right(670.0, 8.0, false, r(c.per_month));
        p.put_right(PAGE_W - MARGIN, 8.0, false, r(c.total));
        p.line(LINE);
    }
    p.put(MARGIN + 22.0, 8.0, true, t(lang, "JUMLAH", "TOTAL"));
    p.put_right(330.0, 8.0, true, format_count(cost.workers, lang));
    p.put_right(670.0, 8.0, true, r(cost.per_month));
    p.put_right(PAGE_W - MARGIN, 8.0, true, r(cost.total));
    p.line(LINE * 2.0);

    let mut summary: Vec<(String, String)> = vec![(
        t(lang, "Jumlah per tahun (12 bulan)", "Per year (12 months)").to_string(),
        r(cost.per_year),
    )];
    for prog in &cost.by_programme {
        summary.push((
            format!("{} — {}", prog.programme.code(), prog.programme.label(lang)),
            r(prog.total),
        ));
    }
    for f in &cost.by_funding {
        summary.push((
            format!(
                "{} {}",
                t(lang, "Dibayar", "Paid by"),
                f.funding.label(lang)
            ),
            r(f.total),
        ));
    }
    if cost.deducted_from_wage.0 > 0 {
        summary.push((
            t(lang, "Dipotong dari upah pekerja", "Deducted from wages").to_string(),
            r(cost.deducted_from_wage),
        ));
    }
    if cost.central_government.0 > 0 {
        summary.push((
            t(lang, "Pemerintah pusat (JKP)", "Central government (JKP)").to_string(),
            r(cost.central_government),
        ));
    }
    for (label, value) in summary {
        p.put(MARGIN + 22.0, 9.0, false, label);
        p.put_right(420.0, 9.0, false, value);
        p.line(LINE);
    }
    p.line(LINE * 0.5);
    let mut legal: Vec<&str> = Vec::new();
    for c in &cost.cohorts {
        for l in &c.legal_basis {
            if !legal.contains(&l.as_str()) {
                legal.push(l);
            }
        }
    }
    p.put(
        MARGIN,
        8.0,
        false,
        format!(
            "{}: {}",
            t(lang, "Dasar hukum", "Legal basis"),
            legal.join("; ")
        ),
    );
    p.line(LINE);
    p.put(
        MARGIN,
        7.0,
        false,
        t(
            lang,
            "Dihitung dengan Paritrana: tiap bagian iuran dibulatkan ke rupiah terdekat (setengah ke atas).",
            "Computed with Paritrana: each share of a contribution is rounded half up to the rupiah.",
        ),
    );
    write_pdf(&p.pages)
}

fn write_pdf(pages: &[Vec<Text>]) -> Vec<u8> {
    // Objects: 1 catalog, 2 page tree, 3 Helvetica, 4 Helvetica-Bold, then a page and its
    // content stream per page.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let page_ids: Vec<usize> = (0..pages.len()).map(|i| 5 + 2 * i).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: String = page_ids.iter().map(|id| format!("{id} 0 R ")).collect();
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.trim_end(),
            pages.len()
        )
        .into_bytes(),
    );
    for font in ["Helvetica", "Helvetica-Bold"] {
        objects.push(
            format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>"
            )
            .into_bytes(),
        );
    }
    for (i, page) in pages.iter().enumerate() {
        let content_id = page_ids[i] + 1;
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_id} 0 R >>"
            )
            .into_bytes(),
        );
        let mut stream: Vec<u8> = Vec::new();
        for text in page {
            let mut op = String::new();
            let _ = write!(
                op,
                "BT /{} {:.1} Tf {:.2} {:.2} Td ",
                if text.bold { "F2" } else { "F1" },
                text.size,
                text.x,
                text.y
            );
            stream.extend_from_slice(op.as_bytes());
            stream.extend_from_slice(&pdf_string(&text.text));
            stream.extend_from_slice(b" Tj ET\n");
        }
        let mut obj = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
        obj.extend_from_slice(&stream);
        obj.extend_from_slice(b"\nendstream");
        objects.push(obj);
    }
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(obj);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let _ = write!(
        VecWriter(&mut out),
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    );
    for o in offsets {
        let _ = writeln!(VecWriter(&mut out), "{o:010} 00000 n ");
    }
    let _ = write!(
        VecWriter(&mut out),
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out
}

/// `write!` into a byte vector.
struct VecWriter<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for VecWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_encoded_in_winansi() {
        assert_eq!(pdf_string("a(b)\\"), b"(a\\(b\\)\\\\)".to_vec());
        assert_eq!(pdf_string("JKK — é"), b"(JKK \x97 \xe9)".to_vec());
        assert_eq!(pdf_string("漢"), b"(?)".to_vec());
    }

    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).position(|w| w == needle)
    }

    #[test]
    fn the_xref_points_at_every_object() {
        let pdf = write_pdf(&[vec![Text {
            x: 36.0,
            y: 500.0,
            size: 9.0,
            bold: false,
            text: "Rp 20.160.000".into(),
        }]]);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        let tail = find(&pdf, b"startxref\n").unwrap() + 10;
        let end = tail + pdf[tail..].iter().position(|b| *b == b'\n').unwrap();
        let start: usize = std::str::from_utf8(&pdf[tail..end])
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[start..].starts_with(b"xref\n0 7\n"));
        let table = std::str::from_utf8(&pdf[start..tail]).unwrap();
        for (i, line) in table.lines().skip(3).take(6).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(pdf[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()));
        }
        assert!(find(&pdf, b"(Rp 20.160.000) Tj").is_some());
    }
}
