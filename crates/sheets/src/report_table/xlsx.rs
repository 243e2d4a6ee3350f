//! A [`ReportTable`] as a one-sheet workbook: the title and subtitle on rows 1–2, the bold
//! filled header on row 4 with an autofilter and the panes frozen under it, the data below, then
//! the footnotes and notes.
//!
//! Figures are stored as numbers, never as text, so that they sum and sort: counts with
//! `#,##0`, shares as fractions with `0.00%`, thousandths (award scores) with `0.000`, dates
//! as dates. Excel draws these formats with the reader's separators — `81.436`, `90,43%` and
//! `87,125` on an Indonesian system — because the separators of a number format are not part
//! of the file.

use super::{ReportCell, ReportTable};
use crate::error::SheetError;
use crate::pdf::PORTRAIT_MAX_COLUMNS;
use crate::report::xlsx_error;
use paritrana_core::Lang;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// The row of the column headers (0-based): title, subtitle, an empty row, then the header.
const HEADER_ROW: u32 = 3;
const PAPER_A4: u8 = 9;
/// Column widths in characters.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 50;
/// Header lines are this tall (points).
const HEADER_LINE_HEIGHT: f64 = 15.0;

pub(super) fn workbook_bytes(table: &ReportTable) -> Result<Vec<u8>, SheetError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_title(&table.title));
    let sheet = workbook.add_worksheet();
    write_sheet(sheet, table)
        .and_then(|_| workbook.save_to_buffer())
        .map_err(|e| xlsx_error(Path::new("-"), e))
}

struct Styles {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    text_right: Format,
    missing: Format,
    missing_right: Format,
    count: Format,
    estimated: Format,
    change: Format,
    percent: Format,
    percent_change: Format,
    rupiah: Format,
    date: Format,
    milli: Format,
    note: Format,
}

fn styles() -> Styles {
    let cell = Format::new().set_border(FormatBorder::Thin);
    let missing = cell.clone().set_italic().set_font_color("#595959");
    Styles {
        title: Format::new().set_bold().set_font_size(13),
        subtitle: Format::new().set_italic(),
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color("#D9E1F2")
            .set_border(FormatBorder::Thin),
        text: cell.clone(),
        text_right: cell.clone().set_align(FormatAlign::Right),
        missing_right: missing.clone().set_align(FormatAlign::Right),
        missing,
        count: cell.clone().set_num_format("#,##0"),
        estimated: cell.clone().set_num_format("#,##0\"*\""),
        change: cell.clone().set_num_format("+#,##0;-#,##0;0"),
        percent: cell.clone().set_num_format("0.00%"),
        percent_change: cell.clone().set_num_format("+0.00%;-0.00%;0.00%"),
        rupiah: cell.clone().set_num_format("\"Rp \"#,##0"),
        milli: cell.clone().set_num_format("0.000"),
        date: cell.set_num_format("yyyy-mm-dd"),
        note: Format::new().set_font_size(9),
    }
}

fn write_sheet(sheet: &mut Worksheet, table: &ReportTable) -> Result<(), XlsxError> {
    let s = styles();
    sheet.set_name(match table.lang {
        Lang::Id => "Laporan",
        Lang::En => "Report",
    })?;
    sheet.write_string_with_format(0, 0, &table.title, &s.title)?;
    if !table.subtitle.is_empty() {
        sheet.write_string_with_format(1, 0, &table.subtitle, &s.subtitle)?;
    }
    let widths = column_widths(table);
    let mut header_lines = 1;
    for (col, (column, &width)) in (0u16..).zip(table.columns.iter().zip(&widths)) {
        sheet.write_string_with_format(HEADER_ROW, col, &column.header, &s.header)?;
        sheet.set_column_width(col, width as f64)?;
        header_lines = header_lines.max(wrapped_lines(&column.header, width));
    }
    sheet.set_row_height(HEADER_ROW, HEADER_LINE_HEIGHT * header_lines as f64)?;

    let mut row = HEADER_ROW;
    for cells in &table.rows {
        row += 1;
        for (col, (cell, column)) in (0u16..).zip(cells.iter().zip(&table.columns)) {
            write_cell(sheet, row, col, cell, column.numeric, &s)?;
        }
    }
    if let Some(last_col) = table.columns.len().checked_sub(1) {
        let last_col = u16::try_from(last_col).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.autofilter(HEADER_ROW, 0, row, last_col)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;

    row += 1;
    for note in table.footnotes.iter().chain(&table.notes) {
        row += 1;
        sheet.write_string_with_format(row, 0, note, &s.note)?;
    }

    sheet.set_paper_size(PAPER_A4);
    if table.columns.len() > PORTRAIT_MAX_COLUMNS {
        sheet.set_landscape();
    }
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &ReportCell,
    numeric_column: bool,
    s: &Styles,
) -> Result<(), XlsxError> {
    match cell {
        ReportCell::Text(t) if t.is_empty() => {
            sheet.write_blank(row, col, &s.text)?;
        }
        ReportCell::Text(t) => {
            let format = if numeric_column {
                &s.text_right
            } else {
                &s.text
            };
            sheet.write_string_with_format(row, col, t, format)?;
        }
        ReportCell::Missing(t) => {
            let format = if numeric_column {
                &s.missing_right
            } else {
                &s.missing
            };
            sheet.write_string_with_format(row, col, t, format)?;
        }
        // Counts and money stay far below 2^53, where f64 stops holding every integer.
        ReportCell::Count(n) => {
            sheet.write_number_with_format(row, col, *n as f64, &s.count)?;
        }
        ReportCell::EstimatedCount(n) => {
            sheet.write_number_with_format(row, col, *n as f64, &s.estimated)?;
        }
        ReportCell::Change(c) => {
            sheet.write_number_with_format(row, col, *c as f64, &s.change)?;
        }
        ReportCell::Percent(bp) => {
            sheet.write_number_with_format(row, col, fraction(*bp), &s.percent)?;
        }
        ReportCell::PercentChange(bp) => {
            sheet.write_number_with_format(row, col, fraction(*bp), &s.percent_change)?;
        }
        ReportCell::Rupiah(r) => {
            sheet.write_number_with_format(row, col, r.0 as f64, &s.rupiah)?;
        }
        // Thousandths of realistic figures are far below 2^53; the division is exact to the
        // nearest double, which shows as the same three decimals.
        ReportCell::Milli(m) => {
            sheet.write_number_with_format(row, col, *m as f64 / 1000.0, &s.milli)?;
        }
        ReportCell::Date(d) => {
            use chrono::Datelike;
            let date = u16::try_from(d.year())
                .ok()
                .and_then(|y| ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok());
            match date {
                Some(date) => sheet.write_datetime_with_format(row, col, &date, &s.date)?,
                // Before 1900 Excel has no dates: keep the text.
                None => sheet.write_string_with_format(row, col, d.to_string(), &s.text)?,
            };
        }
    }
    Ok(())
}

/// Basis points as the fraction a `0.00%` format shows: 9043 → 0.9043 → "90,43%".
fn fraction(bp: i64) -> f64 {
    bp as f64 / 10_000.0
}

/// Widths in characters: the widest cell as people read it, or the longest word of the header
/// (headers wrap), with a little room.
fn column_widths(table: &ReportTable) -> Vec<usize> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let cells = table
                .rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.text(table.lang).chars().count());
            let header_word = column
                .header
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            (cells.chain([header_word]).max().unwrap_or(0) + 2).clamp(MIN_WIDTH, MAX_WIDTH)
        })
        .collect()
}

/// Lines a header takes when wrapped at word boundaries into `width` characters.
fn wrapped_lines(text: &str, width: usize) -> usize {
    let room = width.saturating_sub(1).max(1);
    let mut lines = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if used > 0 && used + 1 + len > room {
            lines += 1;
            used = len;
        } else {
            used += if used > 0 { 1 + len } else { len };
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_wrap_at_words() {
        assert_eq!(wrapped_lines("Cakupan", 10), 1);
        assert_eq!(wrapped_lines("Pekerja terlindungi", 12), 2);
        assert_eq!(wrapped_lines("Pekerja terlindungi", 30), 1);
        assert_eq!(wrapped_lines("", 8), 1);
    }
}
