//! Rejected-row reports (laporan baris ditolak): one line per problem found in an imported file,
//! saying where (row, column), what (the value as typed) and why (the reason, already localised).
//!
//! This module only lays the report out as CSV or XLSX; deciding which rows are rejected is the
//! import validation's job.

use crate::error::{REPORT_EXTENSIONS, SheetError};
use paritrana_core::Lang;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use std::io::Write;
use std::path::Path;

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
        _ => write_report_xlsx(path, rows, lang).map_err(|e| xlsx_error(path, e)),
    }
}

/// Writes a report as CSV to any writer (the web app streams it to the browser).
///
/// The output is UTF-8 with a byte-order mark, so Excel shows accented names correctly,
/// comma-separated and quoted where needed. Values that Excel would run as a formula
/// (starting with `=`, `@`, or `+`/`-` not followed by a digit) are prefixed with `'`.
pub fn write_report_to<W: Write>(out: W, rows: &[ReportRow], lang: Lang) -> Result<(), SheetError> {
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
    report_workbook(rows, lang)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| xlsx_error(Path::new("-"), e))
}

enum ReportWriteError {
    Io(std::io::Error),
    Csv(csv::Error),
}

fn write_report_csv<W: Write>(
    mut out: W,
    rows: &[ReportRow],
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

/// Spreadsheet programs run a CSV cell starting with `=` as a formula; cell values come from
/// uploaded files, so a hostile upload could plant one in the report. Negative numbers stay as
/// they are: the reason for a wage of `-500000` must show that value.
fn defuse_formula(value: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = value.chars();
    let dangerous = match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    if dangerous {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

fn write_report_xlsx(path: &Path, rows: &[ReportRow], lang: Lang) -> Result<(), XlsxError> {
    report_workbook(rows, lang)?.save(path)
}

fn report_workbook(rows: &[ReportRow], lang: Lang) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(match lang {
        Lang::Id => "Baris Ditolak",
        Lang::En => "Rejected Rows",
    })?;
    let bold = Format::new().set_bold().set_background_color("#D9E1F2");
    let text = Format::new().set_num_format("@");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let text_top = text.clone().set_align(FormatAlign::Top);

    for (col, header) in (0u16..).zip(report_headers(lang)) {
        sheet.write_string_with_format(0, col, header, &bold)?;
    }
    sheet.set_column_width(0, 8)?;
    sheet.set_column_width(1, 22)?;
    sheet.set_column_width(2, 26)?;
    sheet.set_column_width(3, 80)?;
    sheet.set_column_format(2, &text)?;

    for (row, item) in (1u32..).zip(rows) {
        // u64 rows never exceed Excel's 1,048,576; f64 holds them exactly.
        sheet.write_number_with_format(row, 0, item.line as f64, &top)?;
        sheet.write_string_with_format(row, 1, &item.column, &top)?;
        sheet.write_string_with_format(row, 2, &item.value, &text_top)?;
        sheet.write_string_with_format(row, 3, &item.reason, &wrap)?;
    }
    let last = u32::try_from(rows.len()).unwrap_or(u32::MAX).max(1);
    sheet.autofilter(0, 0, last, 3)?;
    sheet.set_freeze_panes(1, 0)?;
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
    fn formulas_are_defused_but_negative_numbers_are_kept() {
        assert_eq!(defuse_formula("=1+1"), "'=1+1");
        assert_eq!(defuse_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse_formula("+A1"), "'+A1");
        assert_eq!(defuse_formula("-500000"), "-500000");
        assert_eq!(defuse_formula("+62812"), "+62812");
        assert_eq!(defuse_formula("6401014508900001"), "6401014508900001");
        assert_eq!(defuse_formula(""), "");
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
