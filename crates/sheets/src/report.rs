//! Rejected-row reports (laporan baris ditolak): one line per problem found in an imported file,
//! saying where (row, column), what (the value as typed) and why (the reason, already localised).
//!
//! This module only lays the report out as CSV or XLSX; deciding which rows are rejected is the
//! import validation's job.

use crate::error::{REPORT_EXTENSIONS, SheetError};
use crate::formula::defuse_formula;
use paritrana_core::Lang;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use std::io::Write;
use std::path::Path;

/// Data rows of one report sheet: Excel's 1,048,576 rows less the header. A longer report
/// goes on in further sheets ("Baris Ditolak (2)", …).
pub const REPORT_ROWS_PER_SHEET: u32 = 1_048_575;

/// One problem in an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// 1-based row number, as Excel shows it.
    pub line: u64,
    /// The column header as it appears in the file (e.g. `NIK`).
    pub column: String,
    /// The value as found in the cell (empty when the cell was empty).
    pub value: String,
    /// Why the row was rejected, in the report's language.
    pub reason: String,
}

/// The report's column headers: Baris, Kolom, Nilai, Alasan (or Row, Column, Value, Reason).
pub fn report_headers(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Id => ["Baris", "Kolom", "Nilai", "Alasan"],
        Lang::En => ["Row", "Column", "Value", "Reason"],
    }
}

/// Writes a report to `path`, as CSV or XLSX depending on its extension (case-insensitive).
///
/// The XLSX report has a bold, frozen header with an autofilter, and the value column is stored
/// as text, so a 16-digit NIK is shown whole rather than as `3,20101E+15`.
pub fn write_report(path: &Path, rows: &[ReportRow], lang: Lang) -> Result<(), SheetError> {
    write_report_rows(path, rows.iter().cloned(), lang)
}

/// [`write_report`] from rows produced one at a time, so a report of a million problems is
/// never held in memory: the CSV is written as it comes, the XLSX in Excel's "constant
/// memory" mode (rows go to a temporary file), over several sheets past
/// [`REPORT_ROWS_PER_SHEET`] rows.
pub fn write_report_rows(
    path: &Path,
    rows: impl IntoIterator<Item = ReportRow>,
    lang: Lang,
) -> Result<(), SheetError> {
    match SheetError::extension_of(path, REPORT_EXTENSIONS)?.as_str() {
        "csv" => {
            let file = std::fs::File::create(path).map_err(|e| SheetError::io(path, e))?;
            let mut out = std::io::BufWriter::new(file);
            write_report_csv(&mut out, rows, lang).map_err(|e| match e {
                ReportWriteError::Io(e) => SheetError::io(path, e),
                ReportWriteError::Csv(e) => SheetError::write(path, e),
            })?;
            out.flush().map_err(|e| SheetError::io(path, e))
        }
        _ => report_workbook(rows, lang, REPORT_ROWS_PER_SHEET)
            .and_then(|mut wb| wb.save(path))
            .map_err(|e| xlsx_error(path, e)),
    }
}

/// Writes a report as CSV to any writer (the web app streams it to the browser).
///
/// The output is UTF-8 with a byte-order mark, so Excel shows accented names correctly,
/// comma-separated and quoted where needed. Values that Excel would run as a formula
/// (starting with `=`, `@`, or `+`/`-` not followed by a digit) are prefixed with `'`.
pub fn write_report_to<W: Write>(out: W, rows: &[ReportRow], lang: Lang) -> Result<(), SheetError> {
    write_report_rows_to(out, rows.iter().cloned(), lang)
}

/// [`write_report_to`] from rows produced one at a time.
pub fn write_report_rows_to<W: Write>(
    out: W,
    rows: impl IntoIterator<Item = ReportRow>,
    lang: Lang,
) -> Result<(), SheetError> {
    write_report_csv(out, rows, lang).map_err(|e| {
        let path = Path::new("-");
        match e {
            ReportWriteError::Io(e) => SheetError::io(path, e),
            ReportWriteError::Csv(e) => SheetError::write(path, e),
        }
    })
}

/// The report as XLSX bytes (the web app sends it to the browser), laid out as
/// [`write_report`] lays out a `.xlsx` file.
pub fn report_xlsx_bytes(rows: &[ReportRow], lang: Lang) -> Result<Vec<u8>, SheetError> {
    report_workbook(rows.iter().cloned(), lang, REPORT_ROWS_PER_SHEET)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| xlsx_error(Path::new("-"), e))
}

/// The report as XLSX written to `out` (a file the web app then streams), from rows produced
/// one at a time; see [`write_report_rows`].
pub fn write_report_xlsx_to<W: Write + Send>(
    out: W,
    rows: impl IntoIterator<Item = ReportRow>,
    lang: Lang,
) -> Result<(), SheetError> {
    report_workbook(rows, lang, REPORT_ROWS_PER_SHEET)
        .and_then(|mut wb| wb.save_to_writer(out))
        .map_err(|e| xlsx_error(Path::new("-"), e))
}

enum ReportWriteError {
    Io(std::io::Error),
    Csv(csv::Error),
}

fn write_report_csv<W: Write>(
    mut out: W,
    rows: impl IntoIterator<Item = ReportRow>,
    lang: Lang,
) -> Result<(), ReportWriteError> {
    out.write_all("\u{feff}".as_bytes())
        .map_err(ReportWriteError::Io)?;
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(report_headers(lang))
        .map_err(ReportWriteError::Csv)?;
    for row in rows {
        let line = row.line.to_string();
        csv.write_record([
            line.as_str(),
            defuse_formula(&row.column).as_ref(),
            defuse_formula(&row.value).as_ref(),
            defuse_formula(&row.reason).as_ref(),
        ])
        .map_err(ReportWriteError::Csv)?;
    }
    csv.flush().map_err(ReportWriteError::Io)
}

fn report_workbook(
    rows: impl IntoIterator<Item = ReportRow>,
    lang: Lang,
    per_sheet: u32,
) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#D9E1F2");
    let text = Format::new().set_num_format("@");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let text_top = text.clone().set_align(FormatAlign::Top);
    let base = match lang {
        Lang::Id => "Baris Ditolak",
        Lang::En => "Rejected Rows",
    };
    let mut rows = rows.into_iter().peekable();
    for number in 1u32.. {
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        if number == 1 {
            sheet.set_name(base)?;
        } else {
            sheet.set_name(format!("{base} ({number})"))?;
        }
        sheet.set_column_width(0, 8)?;
        sheet.set_column_width(1, 22)?;
        sheet.set_column_width(2, 26)?;
        sheet.set_column_width(3, 80)?;
        sheet.set_column_format(2, &text)?;
        for (col, header) in (0u16..).zip(report_headers(lang)) {
            sheet.write_string_with_format(0, col, header, &bold)?;
        }
        let mut last = 0u32;
        while last < per_sheet {
            let Some(item) = rows.next() else {
                break;
            };
            last += 1;
            // Row numbers of a worksheet stay far below 2^53; f64 holds them exactly.
            sheet.write_number_with_format(last, 0, item.line as f64, &top)?;
            sheet.write_string_with_format(last, 1, &item.column, &top)?;
            sheet.write_string_with_format(last, 2, &item.value, &text_top)?;
            sheet.write_string_with_format(last, 3, &item.reason, &wrap)?;
        }
        sheet.autofilter(0, 0, last.max(1), 3)?;
        sheet.set_freeze_panes(1, 0)?;
        if rows.peek().is_none() {
            break;
        }
    }
    Ok(workbook)
}

pub(crate) fn xlsx_error(path: &Path, e: XlsxError) -> SheetError {
    match e {
        XlsxError::IoError(e) => SheetError::io(path, e),
        other => SheetError::write(path, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_longer_than_a_sheet_goes_on_in_further_sheets() {
        let rows = (1..=7).map(|line| ReportRow {
            line,
            column: "Nama".into(),
            value: "=HYPERLINK(\"x\")".into(),
            reason: "alasan".into(),
        });
        let mut wb = report_workbook(rows, Lang::Id, 3).unwrap();
        let names: Vec<String> = wb.worksheets().iter().map(|w| w.name()).collect();
        assert_eq!(
            names,
            ["Baris Ditolak", "Baris Ditolak (2)", "Baris Ditolak (3)"]
        );
        assert!(!wb.save_to_buffer().unwrap().is_empty());
    }

    #[test]
    fn csv_report_starts_with_a_bom_and_localised_headers() {
        let mut out = Vec::new();
        let rows = [ReportRow {
            line: 7,
            column: "NIK".into(),
            value: "640101450890".into(),
            reason: "NIK harus 16 digit, bukan 12".into(),
        }];
        write_report_to(&mut out, &rows, Lang::Id).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}Baris,Kolom,Nilai,Alasan\n7,NIK,640101450890,\"NIK harus 16 digit, bukan 12\"\n"
        );
    }
}
