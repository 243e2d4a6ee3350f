//! Workbooks (XLSX, XLSM, XLS, ODS) read with calamine, within the bounds of
//! [`crate::limits`].
//!
//! An XLSX or XLSM is first checked by [`super::guard::check_zip`] (decompression bombs), then
//! streamed cell by cell on a reader thread, one row at a time: memory does not grow with the
//! sheet, and a sheet whose two cells are `A1` and `XFD1048576` costs two cells, not the 17
//! billion of the rectangle between them. ODS (zip-checked too) and XLS have no streaming
//! reader in calamine, so their sheet is loaded whole; an `.xls` is bounded by its file size.

use super::{guard, trim_trailing_empty};
use crate::error::{LimitKind, SheetError};
use crate::limits;
use calamine::{
    Data, DataRef, ExcelDateTime, ExcelDateTimeType, Ods, Range, Reader, SheetType, SheetVisible,
    Sheets, Xls, Xlsx, open_workbook,
};
use paritrana_core::import::Cell;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Days between the 1904 and 1900 date systems' epochs.
const DAYS_1904_TO_1900: f64 = 1462.0;

/// Rows the XLSX reader thread may run ahead of the caller.
const ROWS_AHEAD: usize = 64;

pub(super) struct WorkbookRows {
    sheet_name: Option<String>,
    inner: Source,
}

enum Source {
    /// XLSX/XLSM rows from the reader thread.
    Streamed(Receiver<Result<Vec<Cell>, SheetError>>),
    /// ODS/XLS: the sheet loaded whole.
    Loaded {
        range: Range<Data>,
        /// Absolute 0-based row and column of the range's first cell.
        start: (u32, u32),
        /// 0-based absolute row of the next row to yield.
        next_row: u32,
    },
}

impl WorkbookRows {
    pub(super) fn open(path: &Path, extension: &str) -> Result<WorkbookRows, SheetError> {
        match extension {
            "xls" => {
                let size = std::fs::metadata(path)
                    .map_err(|e| SheetError::io(path, e))?
                    .len();
                if size > limits::MAX_XLS_BYTES {
                    return Err(too_large(path, "", LimitKind::FileBytes, size));
                }
                let wb = open_workbook::<Xls<_>, _>(path).map_err(|e| open_error(path, e))?;
                Self::load(path, Sheets::Xls(wb))
            }
            "ods" => {
                guard::check_zip(path)?;
                let wb = open_workbook::<Ods<_>, _>(path).map_err(|e| open_error(path, e))?;
                Self::load(path, Sheets::Ods(wb))
            }
            _ => {
                guard::check_zip(path)?;
                Self::stream(path)
            }
        }
    }

    /// Starts the XLSX reader thread and waits for it to name the sheet it reads.
    fn stream(path: &Path) -> Result<WorkbookRows, SheetError> {
        let (tx, rx) = sync_channel(ROWS_AHEAD);
        let (name_tx, name_rx) = sync_channel(1);
        let owned = path.to_path_buf();
        std::thread::Builder::new()
            .name("xlsx-rows".into())
            .spawn(move || {
                let mut named = false;
                if let Err(e) = stream_xlsx(&owned, &tx, &name_tx, &mut named) {
                    // Before the sheet was named, the error goes to `open`; after, to the rows.
                    if named {
                        let _ = tx.send(Err(e));
                    } else {
                        let _ = name_tx.send(Err(e));
                    }
                }
            })
            .map_err(|e| SheetError::io(path, e))?;
        let sheet_name = match name_rx.recv() {
            Ok(Ok(name)) => name,
            Ok(Err(e)) => return Err(e),
            Err(_) => return Err(open_error(path, "the reader stopped")),
        };
        Ok(WorkbookRows {
            sheet_name,
            inner: Source::Streamed(rx),
        })
    }

    fn load<RS: std::io::Read + std::io::Seek>(
        path: &Path,
        mut workbook: Sheets<RS>,
    ) -> Result<WorkbookRows, SheetError> {
        for name in sheet_order(&workbook) {
            let range = workbook
                .worksheet_range(&name)
                .map_err(|e| open_error(path, e))?;
            let (rows, cols) = range.get_size();
            let cells = (rows as u64).saturating_mul(cols as u64);
            if cells > limits::MAX_CELLS {
                return Err(too_large(path, &name, LimitKind::Cells, cells));
            }
            if range.used_cells().any(|(_, _, d)| !is_blank(d)) {
                let start = range.start().unwrap_or((0, 0));
                return Ok(WorkbookRows {
                    sheet_name: Some(name),
                    inner: Source::Loaded {
                        range,
                        start,
                        next_row: 0,
                    },
                });
            }
        }
        Ok(WorkbookRows {
            sheet_name: None,
            inner: Source::Loaded {
                range: Range::empty(),
                start: (0, 0),
                next_row: 0,
            },
        })
    }

    pub(super) fn sheet_name(&self) -> Option<&str> {
        self.sheet_name.as_deref()
    }
}

/// Worksheet names, visible sheets first: a hidden sheet of dropdown lists placed before the
/// data must not be taken for the data.
fn sheet_order<RS: std::io::Read + std::io::Seek>(workbook: &Sheets<RS>) -> Vec<String> {
    let mut names: Vec<(bool, String)> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.visible != SheetVisible::Visible, s.name.clone()))
        .collect();
    names.sort_by_key(|(hidden, _)| *hidden);
    names.into_iter().map(|(_, n)| n).collect()
}

type RowSender = SyncSender<Result<Vec<Cell>, SheetError>>;

/// The reader thread: finds the first sheet with a non-blank cell, names it, then sends its
/// rows in order. Returns when the caller stops listening.
fn stream_xlsx(
    path: &Path,
    rows: &RowSender,
    name: &SyncSender<Result<Option<String>, SheetError>>,
    named: &mut bool,
) -> Result<(), SheetError> {
    let workbook = open_workbook::<Xlsx<_>, _>(path).map_err(|e| open_error(path, e))?;
    let mut workbook = Sheets::Xlsx(workbook);
    let order = sheet_order(&workbook);
    let Sheets::Xlsx(xlsx) = &mut workbook else {
        return Ok(());
    };
    for sheet in order {
        let mut reader = match xlsx.worksheet_cells_reader(&sheet) {
            Ok(r) => r,
            // A chart sheet or a dialog sheet listed as a sheet holds no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(open_error(path, e)),
        };
        let mut rows_of = Assembler::new(path, &sheet);
        while let Some(cell) = reader.next_cell().map_err(|e| open_error(path, e))? {
            let value = ref_to_cell(cell.get_value());
            if value == Cell::Empty {
                continue;
            }
            if !*named {
                *named = true;
                if name.send(Ok(Some(sheet.clone()))).is_err() {
                    return Ok(());
                }
            }
            let (row, col) = cell.get_position();
            if !rows_of.push(row, col, value, rows)? {
                return Ok(());
            }
        }
        if *named {
            rows_of.finish(rows);
            return Ok(());
        }
    }
    let _ = name.send(Ok(None));
    Ok(())
}

/// Gathers streamed cells into rows, sending each row when the next one starts (and empty
/// rows for the gaps, so the n-th row sent is the sheet's row n).
struct Assembler {
    path: PathBuf,
    sheet: String,
    row: u32,
    cells: Vec<Cell>,
    bytes: u64,
    /// The next row number to send.
    next: u32,
}

impl Assembler {
    fn new(path: &Path, sheet: &str) -> Assembler {
        Assembler {
            path: path.to_path_buf(),
            sheet: sheet.to_string(),
            row: 0,
            cells: Vec::new(),
            bytes: 0,
            next: 0,
        }
    }

    /// Adds a cell; `Ok(false)` when the caller stopped listening.
    fn push(
        &mut self,
        row: u32,
        col: u32,
        value: Cell,
        out: &RowSender,
    ) -> Result<bool, SheetError> {
        if row < self.row || row < self.next {
            // Excel writes rows in order and refuses files that do not; buffering a shuffled
            // sheet would cost the memory streaming saves.
            return Err(open_error(
                &self.path,
                format!(
                    "row {} comes after row {} (rows out of order)",
                    row + 1,
                    self.row + 1
                ),
            ));
        }
        if row > self.row && !self.send_current(out) {
            return Ok(false);
        }
        self.row = row;
        let col = col as usize;
        if self.cells.len() <= col {
            self.cells.resize(col + 1, Cell::Empty);
        }
        if let Cell::Text(t) = &value {
            self.bytes += t.len() as u64;
            if self.bytes > limits::MAX_ROW_BYTES {
                return Err(too_large(
                    &self.path,
                    &format!("{}!{}", self.sheet, row + 1),
                    LimitKind::RowBytes,
                    self.bytes,
                ));
            }
        }
        self.cells[col] = value;
        Ok(true)
    }

    /// Sends the empty rows before the current one, then the current one.
    fn send_current(&mut self, out: &RowSender) -> bool {
        if self.cells.is_empty() {
            return true;
        }
        while self.next < self.row {
            if out.send(Ok(Vec::new())).is_err() {
                return false;
            }
            self.next += 1;
        }
        let mut cells = std::mem::take(&mut self.cells);
        trim_trailing_empty(&mut cells);
        self.bytes = 0;
        self.next = self.row + 1;
        out.send(Ok(cells)).is_ok()
    }

    fn finish(mut self, out: &RowSender) {
        self.send_current(out);
    }
}

impl Iterator for WorkbookRows {
    type Item = Result<Vec<Cell>, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Source::Streamed(rx) => rx.recv().ok(),
            Source::Loaded {
                range,
                start,
                next_row,
            } => {
                let end = range.end()?.0;
                if *next_row > end {
                    return None;
                }
                let row = *next_row;
                *next_row += 1;
                if row < start.0 {
                    return Some(Ok(Vec::new()));
                }
                let index = (row - start.0) as usize;
                let data = range.rows().nth(index)?;
                let mut cells: Vec<Cell> = std::iter::repeat_n(Cell::Empty, start.1 as usize)
                    .chain(data.iter().map(to_cell))
                    .collect();
                trim_trailing_empty(&mut cells);
                Some(Ok(cells))
            }
        }
    }
}

fn too_large(path: &Path, entry: &str, kind: LimitKind, found: u64) -> SheetError {
    SheetError::TooLarge {
        path: path.to_path_buf(),
        entry: entry.to_string(),
        kind,
        found,
    }
}

fn ref_to_cell(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::SharedString(s) if s.trim().is_empty() => Cell::Empty,
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) if s.trim().is_empty() => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::Float(f) => Cell::Number(*f),
        // Integers in workbooks are at most 2^53 in practice; the conversion is exact there.
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => Cell::DateTime(serial_1900(dt)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Text(e.to_string()),
    }
}

fn open_error(path: &Path, e: impl std::fmt::Display) -> SheetError {
    SheetError::Workbook {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn to_cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        // Integers in workbooks are at most 2^53 in practice; the conversion is exact there.
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => Cell::DateTime(serial_1900(dt)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

/// The serial of `dt` in the 1900 date system. calamine keeps whether a workbook uses the 1904
/// system private, so it is detected by reading the same serial both ways.
fn serial_1900(dt: &ExcelDateTime) -> f64 {
    let value = dt.as_f64();
    let as_1900 = ExcelDateTime::new(value, ExcelDateTimeType::DateTime, false);
    if dt.is_datetime() && as_1900.to_ymd_hms_milli() != dt.to_ymd_hms_milli() {
        value + DAYS_1904_TO_1900
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_of_1904_workbooks_are_moved_to_the_1900_system() {
        // 17 August 2023 is 45155 in the 1900 system and 43693 in the 1904 system.
        let d1900 = ExcelDateTime::new(45155.0, ExcelDateTimeType::DateTime, false);
        let d1904 = ExcelDateTime::new(43693.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(serial_1900(&d1900), 45155.0);
        assert_eq!(serial_1900(&d1904), 45155.0);
    }

    #[test]
    fn error_cells_become_their_text() {
        assert_eq!(
            to_cell(&Data::Error(calamine::CellErrorType::NA)),
            Cell::Text("#N/A".into())
        );
        assert_eq!(to_cell(&Data::Int(7)), Cell::Number(7.0));
        assert_eq!(to_cell(&Data::String(" ".into())), Cell::Empty);
    }
}
