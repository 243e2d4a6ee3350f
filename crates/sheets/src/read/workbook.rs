//! Workbooks (XLSX, XLSM, XLS, ODS) read with calamine.
//!
//! calamine loads a whole worksheet; that is fine, since a worksheet is capped at 1,048,576 rows
//! and the cells are converted one row at a time as the caller iterates.

use super::trim_trailing_empty;
use crate::error::SheetError;
use calamine::{
    Data, ExcelDateTime, ExcelDateTimeType, Ods, Range, Reader, SheetType, SheetVisible, Sheets,
    Xls, Xlsx, open_workbook,
};
use paritrana_core::import::Cell;
use std::path::Path;

/// Days between the 1904 and 1900 date systems' epochs.
const DAYS_1904_TO_1900: f64 = 1462.0;

pub(super) struct WorkbookRows {
    sheet_name: Option<String>,
    range: Range<Data>,
    /// Absolute 0-based row and column of the range's first cell.
    start: (u32, u32),
    /// 0-based absolute row of the next row to yield.
    next_row: u32,
}

impl WorkbookRows {
    pub(super) fn open(path: &Path, extension: &str) -> Result<WorkbookRows, SheetError> {
        let fail = |detail: String| SheetError::Workbook {
            path: path.to_path_buf(),
            detail,
        };
        let mut workbook: Sheets<_> = match extension {
            "xls" => {
                Sheets::Xls(open_workbook::<Xls<_>, _>(path).map_err(|e| open_error(path, e))?)
            }
            "ods" => {
                Sheets::Ods(open_workbook::<Ods<_>, _>(path).map_err(|e| open_error(path, e))?)
            }
            _ => Sheets::Xlsx(open_workbook::<Xlsx<_>, _>(path).map_err(|e| open_error(path, e))?),
        };
        // Visible sheets first: a hidden sheet of dropdown lists placed before the data must not
        // be taken for the data.
        let mut names: Vec<(bool, String)> = workbook
            .sheets_metadata()
            .iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .map(|s| (s.visible != SheetVisible::Visible, s.name.clone()))
            .collect();
        names.sort_by_key(|(hidden, _)| *hidden);
        for (_, name) in names {
            let range = workbook
                .worksheet_range(&name)
                .map_err(|e| fail(e.to_string()))?;
            if range.used_cells().any(|(_, _, d)| !is_blank(d)) {
                let start = range.start().unwrap_or((0, 0));
                return Ok(WorkbookRows {
                    sheet_name: Some(name),
                    range,
                    start,
                    next_row: 0,
                });
            }
        }
        Ok(WorkbookRows {
            sheet_name: None,
            range: Range::empty(),
            start: (0, 0),
            next_row: 0,
        })
    }

    pub(super) fn sheet_name(&self) -> Option<&str> {
        self.sheet_name.as_deref()
    }
}

impl Iterator for WorkbookRows {
    type Item = Vec<Cell>;

    fn next(&mut self) -> Option<Vec<Cell>> {
        let end = self.range.end()?.0;
        if self.next_row > end {
            return None;
        }
        let row = self.next_row;
        self.next_row += 1;
        if row < self.start.0 {
            return Some(Vec::new());
        }
        let index = (row - self.start.0) as usize;
        let data = self.range.rows().nth(index)?;
        let mut cells: Vec<Cell> = std::iter::repeat_n(Cell::Empty, self.start.1 as usize)
            .chain(data.iter().map(to_cell))
            .collect();
        trim_trailing_empty(&mut cells);
        Some(cells)
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
