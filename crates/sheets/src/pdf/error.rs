//! [`PdfError`]: why a table could not be written as PDF.
//!
//! The table's *content* is never wrong here (any text prints); these errors are about its shape
//! and about the PDF library itself.

use paritrana_core::Lang;
use paritrana_core::lang::Localized;

/// Why [`crate::write_table_pdf`] could not make a PDF.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// The table has no column headers, so there is nothing to lay out.
    #[error("the table has no columns")]
    NoColumns,
    /// A row has more or fewer cells than there are headers.
    #[error("row {row} has {found} cells, expected {expected} (one per header)")]
    RowLength {
        /// 1-based row number, counting data rows only.
        row: usize,
        /// Cells in that row.
        found: usize,
        /// Number of headers.
        expected: usize,
    },
    /// Even on a landscape page with every column at its narrowest, the table is too wide.
    #[error("{columns} columns do not fit an A4 landscape page (at most {max})")]
    TooManyColumns {
        /// Columns in the table.
        columns: usize,
        /// The most columns a page holds.
        max: usize,
    },
    /// The PDF library failed (for example while embedding a font).
    #[error("cannot write the PDF: {detail}")]
    Render {
        /// What the PDF library said.
        detail: String,
    },
}

impl Localized for PdfError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PdfError::NoColumns, Lang::Id) => {
                "Tabel tidak memiliki kolom, sehingga PDF tidak dapat dibuat.".to_string()
            }
            (PdfError::NoColumns, Lang::En) => {
                "The table has no columns, so no PDF can be made.".to_string()
            }
            (
                PdfError::RowLength {
                    row,
                    found,
                    expected,
                },
                Lang::Id,
            ) => format!(
                "Baris {row} tabel berisi {found} sel, padahal tabel memiliki {expected} kolom. \
                 Setiap baris harus berisi satu sel per kolom."
            ),
            (
                PdfError::RowLength {
                    row,
                    found,
                    expected,
                },
                Lang::En,
            ) => format!(
                "Table row {row} has {found} cells but the table has {expected} columns. \
                 Every row needs one cell per column."
            ),
            (PdfError::TooManyColumns { columns, max }, Lang::Id) => format!(
                "Tabel dengan {columns} kolom terlalu lebar untuk halaman A4 mendatar \
                 (paling banyak {max} kolom). Kurangi kolom, atau unduh sebagai XLSX."
            ),
            (PdfError::TooManyColumns { columns, max }, Lang::En) => format!(
                "A table with {columns} columns is too wide for an A4 landscape page \
                 (at most {max} columns). Drop some columns, or download it as XLSX."
            ),
            (PdfError::Render { detail }, Lang::Id) => {
                format!("PDF tidak dapat dibuat: {detail}. Laporkan ini kepada admin sistem.")
            }
            (PdfError::Render { detail }, Lang::En) => {
                format!("The PDF cannot be made: {detail}. Report this to the system admin.")
            }
        }
    }
}
