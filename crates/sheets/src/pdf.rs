//! PDF tables for printed reports (laporan untuk bupati/wali kota): one table, a title, optional
//! footnotes, laid out on A4 pages with the header row repeated on every page.
//!
//! [`write_table_pdf`] turns a [`PdfTable`] into the bytes of a PDF file. The fonts (DejaVu Sans
//! and DejaVu Sans Bold, from `data/fonts/`) are compiled into the binary and a subset of them is
//! embedded in every PDF, so the output looks the same on any machine and Indonesian text and
//! symbols such as — … • → % render without any font installed.
//!
//! This module lays out text that is already formatted: it does not format numbers, sort rows or
//! decide what a column means. Callers pass strings exactly as they should be printed
//! (`"1.234.567"`, `"90,43%"`).
//!
//! The layout, in short:
//! - A4 portrait, or landscape when the table has more than [`PORTRAIT_MAX_COLUMNS`] columns or
//!   would not fit a portrait page without cutting cells.
//! - Column widths come from the widest cell of each column, measured with the font's glyph
//!   advances. Headers wrap onto several lines before any column is narrowed; when the table is
//!   still too wide, the widest columns are narrowed first and only the cells that no longer fit
//!   are cut with "…". Spare width is shared by all columns, so the table spans the page.
//! - Every page repeats the bold header row; rows are zebra-striped; each page ends with
//!   "Halaman i dari N" (or "Page i of N").

mod certificate;
mod draw;
mod error;
mod fonts;
mod layout;

pub use certificate::{CertificatePdfError, certificate_pdf};
pub use error::PdfError;

use paritrana_core::Lang;

/// Tables with more columns than this are printed on landscape pages.
pub const PORTRAIT_MAX_COLUMNS: usize = 6;

/// A table to print, with its title and footnotes. All text is printed as given.
///
/// ```
/// use paritrana_core::Lang;
/// use paritrana_sheets::{PdfTable, write_table_pdf};
///
/// let headers = vec!["Kabupaten/Kota".to_string(), "Cakupan".to_string()];
/// let rows = vec![vec!["Kab. Paser".to_string(), "90,43%".to_string()]];
/// let pdf = write_table_pdf(&PdfTable {
///     title: "Cakupan UCJ — Kalimantan Timur, 2023-12-31",
///     subtitle: Some("Sumber: Paritrana"),
///     headers: &headers,
///     rows: &rows,
///     right_aligned: &[false, true],
///     notes: &[],
///     lang: Lang::Id,
/// })?;
/// assert!(pdf.starts_with(b"%PDF"));
/// # Ok::<(), paritrana_sheets::PdfError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PdfTable<'a> {
    /// The heading on the first page, e.g. "Cakupan UCJ — Kalimantan Timur, 2023-12-31". Later
    /// pages repeat it in small print above the table. It is also the PDF's document title.
    pub title: &'a str,
    /// A line under the title, e.g. the data source and when the report was made.
    pub subtitle: Option<&'a str>,
    /// The column headers; they set the number of columns. Long headers wrap onto up to three
    /// lines.
    pub headers: &'a [String],
    /// The rows, each with exactly one cell per header. Cells are printed on one line; a cell too
    /// wide for its column is cut with "…".
    pub rows: &'a [Vec<String>],
    /// Per column, whether its cells (and header) are right-aligned, as numbers should be.
    /// Columns past the end of this slice are left-aligned.
    pub right_aligned: &'a [bool],
    /// Footnotes printed after the table, e.g. "* target perkiraan (estimasi)". Long notes wrap.
    pub notes: &'a [String],
    /// The language of the words this module adds itself: "Halaman 1 dari 3" or "Page 1 of 3",
    /// and the note on an empty table.
    pub lang: Lang,
}

/// Lays `table` out on A4 pages and returns the PDF file's bytes.
///
/// The output is deterministic: the same table gives the same bytes (no timestamp is written).
///
/// # Errors
/// [`PdfError::NoColumns`] when there are no headers, [`PdfError::RowLength`] when a row does not
/// have one cell per header, [`PdfError::TooManyColumns`] when the columns cannot fit even a
/// landscape page, and [`PdfError::Render`] when the PDF library fails.
pub fn write_table_pdf(table: &PdfTable<'_>) -> Result<Vec<u8>, PdfError> {
    let columns = table.headers.len();
    if columns == 0 {
        return Err(PdfError::NoColumns);
    }
    if let Some((index, row)) = table
        .rows
        .iter()
        .enumerate()
        .find(|(_, row)| row.len() != columns)
    {
        return Err(PdfError::RowLength {
            row: index + 1,
            found: row.len(),
            expected: columns,
        });
    }
    let fonts = fonts::Fonts::load()?;
    let plan = layout::plan(table, &fonts)?;
    draw::render(table, &fonts, &plan)
}
