//! Reading spreadsheet files into rows of [`Cell`]s.
//!
//! Whatever the format, the reader yields one item per row, in file order, so the n-th item is
//! the row Excel (or LibreOffice) shows as row n: blank lines of a CSV and the empty rows above a
//! workbook's first filled cell are yielded as empty rows rather than skipped. Trailing empty
//! cells are dropped, so an empty row is an empty `Vec`. Interpreting the cells is left to
//! `paritrana_core::import`.

mod delimited;
mod guard;
mod workbook;

use crate::error::{READ_EXTENSIONS, SheetError};
use paritrana_core::import::Cell;
use std::path::Path;

/// Rows of an opened file; see [`open`].
pub struct SheetReader {
    inner: Inner,
}

enum Inner {
    // Boxed: the CSV reader's buffers make it several times the size of the workbook variant.
    Delimited(Box<delimited::DelimitedRows>),
    Workbook(workbook::WorkbookRows),
}

impl SheetReader {
    /// The field delimiter a CSV file was found to use (`None` for workbooks).
    pub fn delimiter(&self) -> Option<u8> {
        match &self.inner {
            Inner::Delimited(rows) => Some(rows.delimiter()),
            Inner::Workbook(_) => None,
        }
    }

    /// The name of the worksheet being read (`None` for CSV files, or a workbook with no data).
    pub fn sheet_name(&self) -> Option<&str> {
        match &self.inner {
            Inner::Delimited(_) => None,
            Inner::Workbook(rows) => rows.sheet_name(),
        }
    }
}

impl SheetReader {
    /// The next row without turning CSV fields into cells yet: a caller that converts rows on
    /// several threads (a million-row import) calls [`RawRow::into_cells`] there.
    pub fn next_raw(&mut self) -> Option<Result<RawRow, SheetError>> {
        match &mut self.inner {
            Inner::Delimited(rows) => rows.next().map(|r| {
                r.map(|record| {
                    RawRow(match record {
                        Some(record) => RawInner::Csv(record),
                        None => RawInner::Cells(Vec::new()),
                    })
                })
            }),
            Inner::Workbook(rows) => rows
                .next()
                .map(|r| r.map(|cells| RawRow(RawInner::Cells(cells)))),
        }
    }
}

/// A row as read, before CSV fields are decoded into [`Cell`]s.
#[derive(Debug, Clone)]
pub struct RawRow(RawInner);

#[derive(Debug, Clone)]
enum RawInner {
    Cells(Vec<Cell>),
    Csv(csv::ByteRecord),
}

impl RawRow {
    /// Roughly the bytes the row takes once turned into cells: a caller keeping many rows in
    /// flight bounds them by this rather than by their number (one row of a workbook may be
    /// 16,384 cells wide).
    pub fn weight(&self) -> usize {
        let cell = std::mem::size_of::<Cell>();
        match &self.0 {
            RawInner::Cells(cells) => cells
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => cell + t.len(),
                    _ => cell,
                })
                .sum(),
            RawInner::Csv(record) => record.as_slice().len() + record.len() * cell,
        }
    }

    /// The row's cells, exactly as [`SheetReader`]'s iterator yields them.
    pub fn into_cells(self) -> Vec<Cell> {
        match self.0 {
            RawInner::Cells(cells) => cells,
            RawInner::Csv(record) => delimited::record_cells(&record),
        }
    }
}

impl Iterator for SheetReader {
    type Item = Result<Vec<Cell>, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_raw().map(|r| r.map(RawRow::into_cells))
    }
}

/// Opens a spreadsheet file, choosing the reader by extension (case-insensitive).
///
/// - `.csv`, `.txt`: streamed record by record, so files of a million rows are never held in
///   memory whole. The delimiter (`,`, `;` or tab) is sniffed from the first lines, since Excel
///   in an Indonesian locale saves CSV with `;`. A UTF-8 byte-order mark is skipped; a field that
///   is not valid UTF-8 is decoded as Windows-1252 (what Excel on Windows writes). Rows may have
///   any number of fields. Every cell is [`Cell::Text`], or [`Cell::Empty`] when it holds
///   nothing but spaces.
/// - `.xlsx`, `.xlsm`, `.xls`, `.ods`: the first visible worksheet with a non-empty cell. Numbers
///   become [`Cell::Number`], date cells [`Cell::DateTime`] (an Excel serial in the 1900 system,
///   also for workbooks saved in the 1904 system), error cells the error's text (`#N/A`), and
///   leading empty rows and columns are kept so positions match Excel's row numbers and column
///   letters.
///
/// Any other extension is refused with [`SheetError::UnsupportedExtension`].
pub fn open(path: &Path) -> Result<SheetReader, SheetError> {
    let extension = SheetError::extension_of(path, READ_EXTENSIONS)?;
    let inner = match extension.as_str() {
        "csv" | "txt" => Inner::Delimited(Box::new(delimited::DelimitedRows::open(path)?)),
        other => Inner::Workbook(workbook::WorkbookRows::open(path, other)?),
    };
    Ok(SheetReader { inner })
}

/// Drops trailing empty cells (see the module documentation).
fn trim_trailing_empty(cells: &mut Vec<Cell>) {
    while matches!(cells.last(), Some(Cell::Empty)) {
        cells.pop();
    }
}

impl From<Vec<Cell>> for RawRow {
    fn from(cells: Vec<Cell>) -> Self {
        RawRow(RawInner::Cells(cells))
    }
}
