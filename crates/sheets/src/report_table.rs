//! A report table (tabel laporan): a title, a subtitle, typed columns and rows, and notes — the
//! neutral shape of any table Paritrana exports, written here as CSV, XLSX or PDF.
//!
//! Callers build a [`ReportTable`] from their answer (e.g. `paritrana_web::coverage_table` for
//! coverage) with cells that keep their type: a count stays a number, a percentage stays basis
//! points, a date stays a date. Each writer then decides how a type looks:
//! - [`ReportTable::to_csv`]: for scripts — plain digits, `90.43` for a percentage, `87.125`
//!   for a score, ISO dates,
//!   nothing for a missing figure; headers and rows only.
//! - [`ReportTable::to_xlsx`]: numbers stored as numbers with a number format (`#,##0`,
//!   `0.00%`, `0.000`), dates as dates; title rows, a bold filled header row that stays frozen on
//!   screen and has an autofilter, notes under the table.
//! - [`ReportTable::to_pdf`]: every cell as people read it in the table's language
//!   ([`ReportCell::text`]: `81.436`, `90,43 %`), numeric columns right-aligned.
//!
//! This module does not know what a column means; it never computes a figure.

mod xlsx;

use crate::error::SheetError;
use crate::pdf::{PdfError, PdfTable, write_table_pdf};
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::contribution::format_rupiah;
use paritrana_core::coverage::report::format_percent;
use paritrana_core::lang::format_count;
use paritrana_core::worker::Rupiah;
use std::path::Path;

/// A table to export, with everything printed around it.
///
/// ```
/// use paritrana_core::Lang;
/// use paritrana_sheets::{ReportCell, ReportColumn, ReportTable};
///
/// let table = ReportTable {
///     title: "Cakupan UCJ — Kab. Paser, 2023-12-31".into(),
///     subtitle: "Wilayah: Kab. Paser (64.01)".into(),
///     columns: vec![ReportColumn::text("Wilayah"), ReportColumn::number("Cakupan")],
///     rows: vec![vec![ReportCell::Text("Kab. Paser".into()), ReportCell::Percent(9_043)]],
///     footnotes: vec![],
///     notes: vec![],
///     lang: Lang::Id,
/// };
/// assert_eq!(table.rows[0][1].text(Lang::Id), "90,43 %");
/// assert_eq!(String::from_utf8(table.to_csv()?).unwrap(), "Wilayah,Cakupan\nKab. Paser,90.43\n");
/// assert!(table.to_xlsx()?.starts_with(b"PK"));
/// # Ok::<(), paritrana_sheets::SheetError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ReportTable {
    /// The heading, e.g. "Cakupan UCJ — Kab. Paser, 2023-12-31".
    pub title: String,
    /// One line under the title: region, level, date or period, breakdown.
    pub subtitle: String,
    /// The columns; every row has one cell per column.
    pub columns: Vec<ReportColumn>,
    pub rows: Vec<Vec<ReportCell>>,
    /// Footnotes that explain marks in the cells ("* target perkiraan …"): printed under the
    /// table wherever it is shown, the terminal included.
    pub footnotes: Vec<String>,
    /// Further notes for files (XLSX, PDF): what codes mean, where the figures come from.
    pub notes: Vec<String>,
    /// The language of the headers and notes, and of numbers written as text.
    pub lang: Lang,
}

/// A column header and whether the column holds figures (right-aligned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportColumn {
    pub header: String,
    /// Figures are right-aligned in the PDF and for missing values in the XLSX.
    pub numeric: bool,
}

impl ReportColumn {
    /// A column of text (codes, names, labels, dates).
    pub fn text(header: impl Into<String>) -> ReportColumn {
        ReportColumn {
            header: header.into(),
            numeric: false,
        }
    }

    /// A column of figures.
    pub fn number(header: impl Into<String>) -> ReportColumn {
        ReportColumn {
            header: header.into(),
            numeric: true,
        }
    }
}

/// One cell, typed: the writers choose how each type looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportCell {
    /// Text printed as given (`-` included).
    Text(String),
    /// A count of workers: `81.436`.
    Count(u64),
    /// A count that is an estimate: `90.052*`, with a footnote saying what `*` means.
    EstimatedCount(u64),
    /// A change of a count: `+15.542`, `-3`, `0`.
    Change(i64),
    /// A share in basis points (1/100 of a percent): `9043` → `90,43 %`.
    Percent(i64),
    /// A relative change in basis points, signed: `2359` → `+23,59 %`.
    PercentChange(i64),
    /// Money: `Rp 16.800`.
    Rupiah(Rupiah),
    /// A calendar date: `2023-12-31`.
    Date(NaiveDate),
    /// A decimal figure in thousandths, always with three decimals: an award score of
    /// `87_125` milli-points → `87,125`.
    Milli(i64),
    /// A figure that does not exist (no target): the text is shown to people, and CSV leaves
    /// the cell empty.
    Missing(String),
}

impl ReportCell {
    /// The cell as people read it in `lang`: `81.436`, `90,43 %`, `+23,59 %`, `90.052*`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            ReportCell::Text(s) | ReportCell::Missing(s) => s.clone(),
            ReportCell::Count(n) => format_count(*n, lang),
            ReportCell::EstimatedCount(n) => format!("{}*", format_count(*n, lang)),
            ReportCell::Change(c) => {
                let digits = format_count(c.unsigned_abs(), lang);
                match c.signum() {
                    1 => format!("+{digits}"),
                    -1 => format!("-{digits}"),
                    _ => digits,
                }
            }
            ReportCell::Percent(bp) => format_percent(*bp, lang, false),
            ReportCell::PercentChange(bp) => format_percent(*bp, lang, true),
            ReportCell::Rupiah(r) => format_rupiah(*r, lang),
            ReportCell::Date(d) => d.to_string(),
            ReportCell::Milli(m) => {
                let plain = milli_plain(*m);
                match lang {
                    Lang::Id => plain.replace('.', ","),
                    Lang::En => plain,
                }
            }
        }
    }

    /// The cell for machines (CSV): plain digits, a dot before two decimals, ISO dates, empty
    /// for a missing figure, no marks.
    pub fn plain(&self) -> String {
        match self {
            ReportCell::Text(s) => s.clone(),
            ReportCell::Missing(_) => String::new(),
            ReportCell::Count(n) | ReportCell::EstimatedCount(n) => n.to_string(),
            ReportCell::Change(c) => c.to_string(),
            ReportCell::Percent(bp) | ReportCell::PercentChange(bp) => {
                let sign = if *bp < 0 { "-" } else { "" };
                let abs = bp.unsigned_abs();
                format!("{sign}{}.{:02}", abs / 100, abs % 100)
            }
            ReportCell::Rupiah(r) => r.0.to_string(),
            ReportCell::Date(d) => d.to_string(),
            ReportCell::Milli(m) => milli_plain(*m),
        }
    }
}

/// Thousandths with a dot before three decimals: `87125` → `87.125`, `-500` → `-0.500`.
fn milli_plain(m: i64) -> String {
    let sign = if m < 0 { "-" } else { "" };
    let abs = m.unsigned_abs();
    format!("{sign}{}.{:03}", abs / 1000, abs % 1000)
}

impl ReportTable {
    /// The column headers.
    pub fn headers(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.header.clone()).collect()
    }

    /// Every row as people read it ([`ReportCell::text`] in the table's language).
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| r.iter().map(|c| c.text(self.lang)).collect())
            .collect()
    }

    /// The table as CSV: the header row, then one record per row of [`ReportCell::plain`]
    /// values. No title or notes, so that scripts read it as is. Texts that Excel would run
    /// as a formula (a name typed as `=HYPERLINK(…)`) are prefixed with `'`
    /// ([`crate::defuse_formula`]).
    pub fn to_csv(&self) -> Result<Vec<u8>, SheetError> {
        let stream = Path::new("-");
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(self.columns.iter().map(|c| c.header.as_str()))
            .map_err(|e| SheetError::write(stream, e))?;
        for row in &self.rows {
            w.write_record(row.iter().map(|c| match c {
                ReportCell::Text(t) => crate::defuse_formula(t).into_owned(),
                other => other.plain(),
            }))
            .map_err(|e| SheetError::write(stream, e))?;
        }
        w.into_inner().map_err(|e| SheetError::write(stream, e))
    }

    /// The table as an XLSX workbook of one sheet (see the module documentation).
    pub fn to_xlsx(&self) -> Result<Vec<u8>, SheetError> {
        xlsx::workbook_bytes(self)
    }

    /// The table as an A4 PDF printed by [`write_table_pdf`]: cells as [`ReportCell::text`],
    /// figures right-aligned, footnotes then notes under the table.
    pub fn to_pdf(&self) -> Result<Vec<u8>, PdfError> {
        let headers = self.headers();
        let rows = self.text_rows();
        let right_aligned: Vec<bool> = self.columns.iter().map(|c| c.numeric).collect();
        let notes: Vec<String> = self.footnotes.iter().chain(&self.notes).cloned().collect();
        write_table_pdf(&PdfTable {
            title: &self.title,
            subtitle: (!self.subtitle.is_empty()).then_some(self.subtitle.as_str()),
            headers: &headers,
            rows: &rows,
            right_aligned: &right_aligned,
            notes: &notes,
            lang: self.lang,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_the_indonesian_way_and_plainly() {
        let cases = [
            (ReportCell::Count(81_436), "81.436", "81,436", "81436"),
            (
                ReportCell::EstimatedCount(90_052),
                "90.052*",
                "90,052*",
                "90052",
            ),
            (ReportCell::Change(15_542), "+15.542", "+15,542", "15542"),
            (ReportCell::Change(-3), "-3", "-3", "-3"),
            (ReportCell::Change(0), "0", "0", "0"),
            (ReportCell::Percent(9_043), "90,43 %", "90.43 %", "90.43"),
            (
                ReportCell::PercentChange(2_359),
                "+23,59 %",
                "+23.59 %",
                "23.59",
            ),
            (ReportCell::PercentChange(-5), "-0,05 %", "-0.05 %", "-0.05"),
            (ReportCell::PercentChange(0), "0,00 %", "0.00 %", "0.00"),
            (
                ReportCell::Rupiah(Rupiah(16_800)),
                "Rp 16.800",
                "Rp 16,800",
                "16800",
            ),
            (ReportCell::Milli(87_125), "87,125", "87.125", "87.125"),
            (ReportCell::Milli(100_000), "100,000", "100.000", "100.000"),
            (ReportCell::Milli(-500), "-0,500", "-0.500", "-0.500"),
            (
                ReportCell::Missing("tidak ada target".into()),
                "tidak ada target",
                "tidak ada target",
                "",
            ),
        ];
        for (cell, id, en, plain) in cases {
            assert_eq!(cell.text(Lang::Id), id, "{cell:?}");
            assert_eq!(cell.text(Lang::En), en, "{cell:?}");
            assert_eq!(cell.plain(), plain, "{cell:?}");
        }
        let d = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
        assert_eq!(ReportCell::Date(d).text(Lang::Id), "2023-12-31");
        assert_eq!(ReportCell::Date(d).plain(), "2023-12-31");
    }
}
