//! The two fonts PDF tables are set in, compiled into the binary, and the text measuring that
//! layout needs: width of a string, cutting it with "…", wrapping it onto lines.
//!
//! Widths are the sum of the glyphs' advances from the font's `hmtx` table. Kerning is ignored:
//! in DejaVu Sans it moves digits not at all and letters by a fraction of a point, which the
//! cell padding absorbs. Characters the font lacks are measured (and printed) as its
//! missing-glyph box.

use super::error::PdfError;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, GlyphId, MetadataProvider, charmap::Charmap};

/// DejaVu Sans 2.37; licence and origin in `data/fonts/LICENSE-DejaVu.txt` and
/// `data/PROVENANCE.md`.
static REGULAR: &[u8] = include_bytes!("../../../../data/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold 2.37, for the title and the header row.
static BOLD: &[u8] = include_bytes!("../../../../data/fonts/DejaVuSans-Bold.ttf");

/// The character that marks a cut cell.
pub(super) const ELLIPSIS: &str = "…";

/// One font: the handle the PDF library draws with, and its metrics for measuring.
pub(super) struct Face {
    /// What krilla draws with (and subsets into the PDF).
    pub(super) pdf: krilla::text::Font,
    charmap: Charmap<'static>,
    advances: GlyphMetrics<'static>,
    units_per_em: f32,
    /// Height of a capital letter, in em; used to centre text vertically in a row.
    pub(super) cap_height: f32,
}

/// The regular and bold faces.
pub(super) struct Fonts {
    pub(super) regular: Face,
    pub(super) bold: Face,
}

impl Fonts {
    /// Reads the embedded fonts. They are part of the binary, so this fails only if the files in
    /// `data/fonts/` were replaced by something that is not a font.
    pub(super) fn load() -> Result<Fonts, PdfError> {
        Ok(Fonts {
            regular: Face::load(REGULAR, "DejaVuSans.ttf")?,
            bold: Face::load(BOLD, "DejaVuSans-Bold.ttf")?,
        })
    }
}

impl Face {
    fn load(data: &'static [u8], name: &str) -> Result<Face, PdfError> {
        let unreadable = || PdfError::Render {
            detail: format!("the embedded font {name} cannot be read"),
        };
        let font = FontRef::new(data).map_err(|_| unreadable())?;
        let pdf = krilla::text::Font::new(data.into(), 0).ok_or_else(unreadable)?;
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em.max(1));
        Ok(Face {
            pdf,
            charmap: font.charmap(),
            advances: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
            // DejaVu's own value is 0.729 em; the fallback only matters for a replaced font.
            cap_height: metrics.cap_height.unwrap_or(0.7 * units_per_em) / units_per_em,
        })
    }

    /// Width of one character at `size` points.
    fn advance(&self, ch: char, size: f32) -> f32 {
        let glyph = self.charmap.map(ch).unwrap_or(GlyphId::NOTDEF);
        self.advances.advance_width(glyph).unwrap_or(0.0) * size / self.units_per_em
    }

    /// Width of `text` on one line at `size` points.
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|ch| self.advance(ch, size)).sum()
    }

    /// `text` as it fits in `max_width` points: whole when it fits, otherwise cut at a character
    /// boundary and ended with "…" (or empty when not even "…" fits).
    pub(super) fn fit<'t>(&self, text: &'t str, size: f32, max_width: f32) -> Cow<'t> {
        if self.width(text, size) <= max_width {
            return Cow::Borrowed(text);
        }
        let room = max_width - self.width(ELLIPSIS, size);
        if room < 0.0 {
            return Cow::Borrowed("");
        }
        let mut used = 0.0;
        let mut end = 0;
        for (index, ch) in text.char_indices() {
            used += self.advance(ch, size);
            if used > room {
                break;
            }
            end = index + ch.len_utf8();
        }
        Cow::Owned(format!("{}{ELLIPSIS}", text[..end].trim_end()))
    }

    /// Breaks `text` into lines no wider than `max_width` points, at spaces and at the line
    /// breaks already in it. A single word wider than a line is cut with "…".
    pub(super) fn wrap(&self, text: &str, size: f32, max_width: f32) -> Vec<String> {
        let space = self.width(" ", size);
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split_whitespace() {
                let word = self.fit(word, size, max_width);
                let word_width = self.width(&word, size);
                if !line.is_empty() && line_width + space + word_width > max_width {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                if !line.is_empty() {
                    line.push(' ');
                    line_width += space;
                }
                line.push_str(&word);
                line_width += word_width;
            }
            lines.push(line);
        }
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines
    }
}

/// A string that is either the caller's text unchanged or a changed copy of it.
pub(super) type Cow<'t> = std::borrow::Cow<'t, str>;

/// `text` with tabs, line breaks and other control characters turned into spaces: a cell is
/// printed on one line, and the font has no glyph for them (they would print as boxes).
pub(super) fn single_line(text: &str) -> Cow<'_> {
    if text.chars().any(char::is_control) {
        Cow::Owned(
            text.chars()
                .map(|ch| if ch.is_control() { ' ' } else { ch })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}
