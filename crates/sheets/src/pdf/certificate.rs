//! The award certificate (piagam penghargaan) as a one-page A4 landscape PDF.
//!
//! From top to bottom: "PIAGAM PENGHARGAAN", "Paritrana Award 2026", "diberikan kepada", the
//! recipient's name, "sebagai Juara I Kategori … Tingkat …" and the reason of the award; at the
//! bottom the place and date over one to three signatories (title, room to sign, name), and in
//! the lower left corner a QR code of the verification URL with the code under it and the URL
//! spelled out along the bottom edge. English with [`Lang::En`].
//!
//! The wording comes from [`Certificate`] (`achievement`, `place_and_date`), so the printed
//! piagam and the verification page agree. Long texts never overflow: each block first shrinks
//! its font down to a floor, then wraps onto more lines ([`fit_block`]); nothing is cut. The QR
//! code is drawn as filled vector rectangles, one per run of dark modules, so it stays sharp at
//! any zoom and needs no image. Fonts are the embedded DejaVu Sans faces of the PDF tables.

use super::error::PdfError;
use super::fonts::{Face, Fonts};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::TextDirection;
use paritrana_core::Lang;
use paritrana_core::award::certificate::{Certificate, CertificateError};
use paritrana_core::lang::Localized;
use qrcode::{EcLevel, QrCode};

/// A4 landscape, in points.
const PAGE_WIDTH: f32 = 841.89;
const PAGE_HEIGHT: f32 = 595.28;
/// The outer frame's distance from the paper's edge, and the inner frame's.
const FRAME_OUTER: f32 = 20.0;
const FRAME_INNER: f32 = 28.0;
/// Text stays this far from the paper's edge.
const CONTENT_X: f32 = 60.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * CONTENT_X;
/// The text block (name, achievement) must end above this line, where the signatures begin.
const BODY_BOTTOM: f32 = 400.0;

/// The QR code's square (quiet zone excluded) and its top-left corner.
const QR_SIZE: f32 = 84.0;
const QR_X: f32 = CONTENT_X;
const QR_TOP: f32 = 418.0;
/// Signatory columns share this horizontal span, right of the QR code.
const SIGN_LEFT: f32 = 200.0;
const SIGN_RIGHT: f32 = PAGE_WIDTH - CONTENT_X;
const SIGN_DATE_BASELINE: f32 = 414.0;
const SIGN_TITLE_TOP: f32 = 424.0;
const SIGN_NAME_BASELINE: f32 = 520.0;
const URL_BASELINE: f32 = 548.0;

type Rgb = (u8, u8, u8);
const TEXT: Rgb = (0, 0, 0);
const MUTED: Rgb = (85, 85, 85);
/// The heading and the outer frame: a deep green.
const GREEN: Rgb = (0, 98, 65);
/// The inner frame and the ornament under the award's name.
const GOLD: Rgb = (170, 132, 30);

/// Why a certificate could not be printed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificatePdfError {
    /// The certificate's data is incomplete (see [`Certificate::check`]).
    #[error("the certificate cannot be printed: {0}")]
    Invalid(#[from] CertificateError),
    /// The URL is too long for a QR code.
    #[error("the verification URL is too long for a QR code ({0} bytes)")]
    QrTooLong(usize),
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

impl Localized for CertificatePdfError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CertificatePdfError::Invalid(e), Lang::Id) => {
                format!("piagam tidak dapat dicetak: {}", e.message(Lang::Id))
            }
            (CertificatePdfError::QrTooLong(n), Lang::Id) => {
                format!("alamat verifikasi terlalu panjang untuk kode QR ({n} bita)")
            }
            (CertificatePdfError::Pdf(e), lang) => e.message(lang),
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// The certificate as the bytes of a one-page PDF, in `lang`. The same certificate gives the
/// same bytes.
///
/// # Errors
/// [`CertificatePdfError::Invalid`] when [`Certificate::check`] refuses the data,
/// [`CertificatePdfError::QrTooLong`] for a URL no QR code holds, and
/// [`CertificatePdfError::Pdf`] when the PDF library fails.
pub fn certificate_pdf(
    certificate: &Certificate,
    lang: Lang,
) -> Result<Vec<u8>, CertificatePdfError> {
    certificate.check()?;
    let qr = QrCode::with_error_correction_level(certificate.url.as_bytes(), EcLevel::M)
        .map_err(|_| CertificatePdfError::QrTooLong(certificate.url.len()))?;
    let fonts = Fonts::load()?;

    let mut document = Document::new();
    let title = match lang {
        Lang::Id => format!("Piagam Penghargaan — {}", certificate.recipient.trim()),
        Lang::En => format!("Certificate of Award — {}", certificate.recipient.trim()),
    };
    document.set_metadata(
        Metadata::new()
            .title(title)
            .creator("Paritrana".to_string())
            .language(
                match lang {
                    Lang::Id => "id",
                    Lang::En => "en",
                }
                .to_string(),
            ),
    );
    let settings =
        PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| PdfError::Render {
            detail: "invalid page size".to_string(),
        })?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let mut pen = Pen {
        surface: &mut surface,
        fonts: &fonts,
    };
    pen.frames();
    pen.body(certificate, lang);
    pen.signatories(certificate, lang);
    pen.qr(&qr);
    pen.verification(certificate, lang);
    surface.finish();
    page.finish();
    document.finish().map_err(|error| {
        CertificatePdfError::Pdf(PdfError::Render {
            detail: error.to_string(),
        })
    })
}

/// Words of the certificate in both languages.
fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// A block of text set in lines at one size.
#[derive(Debug, Clone, PartialEq)]
struct Block {
    size: f32,
    lines: Vec<String>,
}

/// Sets `text` in at most `max_lines` lines of `width` at the largest size from `max_size`
/// down to `min_size` (half-point steps) at which every word fits; below that floor, at
/// `min_size` in as many lines as it takes. Words are never cut while they fit a line at the
/// floor size.
fn fit_block(
    face: &Face,
    text: &str,
    max_size: f32,
    min_size: f32,
    width: f32,
    max_lines: usize,
) -> Block {
    let words_fit = |size: f32| {
        text.split_whitespace()
            .all(|w| face.width(w, size) <= width)
    };
    let mut size = max_size;
    while size >= min_size {
        if words_fit(size) {
            let lines = face.wrap(text, size, width);
            if lines.len() <= max_lines {
                return Block { size, lines };
            }
        }
        size -= 0.5;
    }
    // A word wider than the line even at the floor: shrink until it fits (a name of one very
    // long word), never below 6 points.
    let mut size = min_size;
    while size > 6.0 && !words_fit(size) {
        size -= 0.5;
    }
    Block {
        size,
        lines: face.wrap(text, size, width),
    }
}

/// One line when the text fits it at `one_line_min` or larger, otherwise [`fit_block`] on up
/// to `max_lines` lines.
fn fit_preferring_one_line(
    face: &Face,
    text: &str,
    (max_size, one_line_min, min_size): (f32, f32, f32),
    width: f32,
    max_lines: usize,
) -> Block {
    let one = fit_block(face, text, max_size, one_line_min, width, 1);
    if one.lines.len() == 1 && one.size >= one_line_min {
        return one;
    }
    fit_block(face, text, max_size, min_size, width, max_lines)
}

struct Pen<'s, 'p, 'f> {
    surface: &'s mut Surface<'p>,
    fonts: &'f Fonts,
}

impl Pen<'_, '_, '_> {
    fn frames(&mut self) {
        self.frame(FRAME_OUTER, 2.5, GREEN);
        self.frame(FRAME_INNER, 0.8, GOLD);
    }

    fn frame(&mut self, inset: f32, width: f32, color: Rgb) {
        let Some(rect) = Rect::from_xywh(
            inset,
            inset,
            PAGE_WIDTH - 2.0 * inset,
            PAGE_HEIGHT - 2.0 * inset,
        ) else {
            return;
        };
        let mut builder = PathBuilder::new();
        builder.push_rect(rect);
        if let Some(path) = builder.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(stroke(color, width)));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    /// Heading, recipient and achievement, flowing down from the top.
    fn body(&mut self, c: &Certificate, lang: Lang) {
        let fonts = self.fonts;
        let centre = PAGE_WIDTH / 2.0;
        let heading = t(lang, "PIAGAM PENGHARGAAN", "CERTIFICATE OF AWARD");
        self.centred(&fonts.bold, 32.0, GREEN, centre, 96.0, heading);
        self.centred(&fonts.regular, 17.0, TEXT, centre, 126.0, &c.award_name());
        self.line(centre - 70.0, centre + 70.0, 138.0, GOLD, 1.2);
        self.centred(
            &fonts.regular,
            13.0,
            MUTED,
            centre,
            170.0,
            t(lang, "diberikan kepada", "is presented to"),
        );

        let name = fit_block(
            &fonts.bold,
            c.recipient.trim(),
            30.0,
            16.0,
            CONTENT_WIDTH,
            2,
        );
        let mut top = 182.0;
        top = self.centred_block(&fonts.bold, &name, TEXT, top, 1.2);
        self.line(centre - 180.0, centre + 180.0, top + 10.0, GOLD, 0.6);
        top += 30.0;
        self.centred(
            &fonts.regular,
            13.0,
            MUTED,
            centre,
            top,
            t(lang, "sebagai", "as"),
        );
        top += 8.0;
        let achievement = fit_block(
            &fonts.bold,
            &c.achievement(lang),
            17.0,
            11.0,
            CONTENT_WIDTH,
            2,
        );
        top = self.centred_block(&fonts.bold, &achievement, GREEN, top, 1.3);
        let reason = t(
            lang,
            "atas komitmen dan kontribusi dalam mewujudkan perlindungan jaminan sosial \
             ketenagakerjaan bagi seluruh pekerja (Universal Coverage Jamsostek)",
            "for its commitment and contribution to employment social security protection \
             for all workers (Universal Coverage Jamsostek)",
        );
        let room = (BODY_BOTTOM - top - 6.0).max(12.0);
        let mut block = fit_block(&fonts.regular, reason, 11.0, 7.0, CONTENT_WIDTH - 80.0, 2);
        while block.size > 6.0 && block.lines.len() as f32 * block.size * 1.3 > room {
            block = fit_block(
                &fonts.regular,
                reason,
                block.size - 0.5,
                6.0,
                CONTENT_WIDTH - 80.0,
                3,
            );
        }
        self.centred_block(&fonts.regular, &block, MUTED, top + 6.0, 1.3);
    }

    /// Place and date, then one column per signatory: title, room to sign, name.
    fn signatories(&mut self, c: &Certificate, lang: Lang) {
        let fonts = self.fonts;
        let span = SIGN_RIGHT - SIGN_LEFT;
        let n = c.signatories.len().max(1);
        let column = span / n as f32;
        let date = c.place_and_date(lang);
        let date = fit_block(&fonts.regular, &date, 11.0, 7.0, span, 1);
        self.centred_block(
            &fonts.regular,
            &date,
            TEXT,
            SIGN_DATE_BASELINE - date.size,
            1.2,
        );
        for (i, s) in c.signatories.iter().enumerate() {
            let centre = SIGN_LEFT + column * (i as f32 + 0.5);
            let width = column - 16.0;
            let title =
                fit_preferring_one_line(&fonts.regular, s.title(lang), (10.0, 8.5, 7.0), width, 3);
            self.centred_block_at(&fonts.regular, &title, TEXT, centre, SIGN_TITLE_TOP, 1.2);
            let name =
                fit_preferring_one_line(&fonts.bold, s.name.trim(), (11.0, 9.0, 7.0), width, 2);
            let height = name.lines.len() as f32 * name.size * 1.2;
            let top = SIGN_NAME_BASELINE - height + name.size * 0.2;
            let bottom = self.centred_block_at(&fonts.bold, &name, TEXT, centre, top, 1.2);
            let underline = name
                .lines
                .iter()
                .map(|l| fonts.bold.width(l, name.size))
                .fold(0.0, f32::max);
            self.line(
                centre - underline / 2.0,
                centre + underline / 2.0,
                bottom + name.size * 0.18,
                TEXT,
                0.6,
            );
        }
    }

    /// The QR code: a white square with a quiet zone of four modules, then each run of dark
    /// modules in a row as one rectangle, all in one path.
    fn qr(&mut self, qr: &QrCode) {
        let modules = qr.width();
        let module = QR_SIZE / modules as f32;
        let quiet = 4.0 * module;
        self.rect(
            QR_X - quiet,
            QR_TOP - quiet,
            QR_SIZE + 2.0 * quiet,
            QR_SIZE + 2.0 * quiet,
            (255, 255, 255),
        );
        let colors = qr.to_colors();
        let mut builder = PathBuilder::new();
        for y in 0..modules {
            let mut x = 0;
            while x < modules {
                if colors[y * modules + x] == qrcode::Color::Dark {
                    let start = x;
                    while x < modules && colors[y * modules + x] == qrcode::Color::Dark {
                        x += 1;
                    }
                    if let Some(rect) = Rect::from_xywh(
                        QR_X + start as f32 * module,
                        QR_TOP + y as f32 * module,
                        (x - start) as f32 * module,
                        module,
                    ) {
                        builder.push_rect(rect);
                    }
                } else {
                    x += 1;
                }
            }
        }
        if let Some(path) = builder.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(fill(TEXT)));
            self.surface.draw_path(&path);
        }
    }

    /// The code under the QR code and the URL along the bottom edge.
    fn verification(&mut self, c: &Certificate, lang: Lang) {
        let fonts = self.fonts;
        let code = c.code.to_string();
        self.text(&fonts.bold, 9.0, TEXT, QR_X, QR_TOP + QR_SIZE + 14.0, &code);
        let line = format!(
            "{} {}",
            t(
                lang,
                "Periksa keaslian piagam ini di",
                "Check that this certificate is genuine at"
            ),
            c.url
        );
        let block = fit_block(&fonts.regular, &line, 8.0, 5.0, CONTENT_WIDTH, 1);
        let mut baseline = URL_BASELINE;
        for l in &block.lines {
            self.text(&fonts.regular, block.size, MUTED, QR_X, baseline, l);
            baseline += block.size * 1.2;
        }
    }

    /// Draws `block` centred on the page from `top`; returns the bottom of its last line.
    fn centred_block(
        &mut self,
        face: &Face,
        block: &Block,
        color: Rgb,
        top: f32,
        leading: f32,
    ) -> f32 {
        self.centred_block_at(face, block, color, PAGE_WIDTH / 2.0, top, leading)
    }

    /// Draws `block` centred on `centre` from `top` (lines `leading × size` apart); returns
    /// the baseline of its last line.
    fn centred_block_at(
        &mut self,
        face: &Face,
        block: &Block,
        color: Rgb,
        centre: f32,
        top: f32,
        leading: f32,
    ) -> f32 {
        let step = block.size * leading;
        let mut baseline = top;
        for line in &block.lines {
            baseline += step;
            self.centred(face, block.size, color, centre, baseline, line);
        }
        baseline
    }

    fn centred(
        &mut self,
        face: &Face,
        size: f32,
        color: Rgb,
        centre: f32,
        baseline: f32,
        text: &str,
    ) {
        let x = centre - face.width(text, size) / 2.0;
        self.text(face, size, color, x, baseline, text);
    }

    fn text(&mut self, face: &Face, size: f32, color: Rgb, x: f32, baseline: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(fill(color)));
        self.surface.draw_text(
            Point::from_xy(x, baseline),
            face.pdf.clone(),
            size,
            text,
            false,
            TextDirection::LeftToRight,
        );
    }

    fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, color: Rgb) {
        let Some(rect) = Rect::from_xywh(x, y, width, height) else {
            return;
        };
        let mut builder = PathBuilder::new();
        builder.push_rect(rect);
        if let Some(path) = builder.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(fill(color)));
            self.surface.draw_path(&path);
        }
    }

    fn line(&mut self, x1: f32, x2: f32, y: f32, color: Rgb, width: f32) {
        let mut builder = PathBuilder::new();
        builder.move_to(x1, y);
        builder.line_to(x2, y);
        if let Some(path) = builder.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(stroke(color, width)));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }
}

fn fill((red, green, blue): Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(red, green, blue).into(),
        ..Fill::default()
    }
}

fn stroke((red, green, blue): Rgb, width: f32) -> Stroke {
    Stroke {
        paint: rgb::Color::new(red, green, blue).into(),
        width,
        ..Stroke::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_shrinks_then_wraps_without_cutting_words() {
        let fonts = Fonts::load().unwrap();
        let short = fit_block(&fonts.bold, "Kabupaten Paser", 30.0, 16.0, CONTENT_WIDTH, 2);
        assert_eq!(
            short,
            Block {
                size: 30.0,
                lines: vec!["Kabupaten Paser".into()]
            }
        );
        let long = "Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro Provinsi Sulawesi Utara \
                    Bersama Seluruh Perangkat Daerah dan Pemerintah Desa se-Kabupaten";
        let block = fit_block(&fonts.bold, long, 30.0, 16.0, CONTENT_WIDTH, 2);
        assert!(block.size < 30.0 && block.size >= 16.0, "{block:?}");
        assert!(block.lines.len() <= 2);
        assert_eq!(
            block.lines.join(" "),
            long.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        for line in &block.lines {
            assert!(fonts.bold.width(line, block.size) <= CONTENT_WIDTH);
        }
    }
}
