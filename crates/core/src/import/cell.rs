//! The cell of an imported file, as the sheets crate hands it over.

use crate::date::from_excel_serial;

/// A cell as read from a CSV or spreadsheet file (the sheets crate builds these).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    Empty,
    /// Text, as written (CSV cells are always text).
    Text(String),
    /// A number stored by the spreadsheet (a 64-bit float, hence the NIK trouble).
    Number(f64),
    /// A cell formatted as a date, holding its Excel serial.
    DateTime(f64),
    /// A TRUE/FALSE cell.
    Bool(bool),
}

/// The cell read past the end of a short row.
pub(crate) static EMPTY: Cell = Cell::Empty;

impl Cell {
    /// The value as the user sees it, for reports: integral numbers without `.0` (so a NIK
    /// stored as a number shows all its digits), date cells as `YYYY-MM-DD`.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::DateTime(serial) => match from_excel_serial(*serial) {
                Some(d) => d.to_string(),
                None => number_text(*serial),
            },
            Cell::Bool(true) => "TRUE".into(),
            Cell::Bool(false) => "FALSE".into(),
        }
    }

    /// Whether the cell holds nothing but spaces.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Integral floats print as integers (`6401011708850000`, not `6.40101170885e15`).
pub(crate) fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e18 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Whether every cell of a row is empty: such rows are skipped, not reported.
pub fn is_blank(cells: &[Cell]) -> bool {
    cells.iter().all(Cell::is_empty)
}
