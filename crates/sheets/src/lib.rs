//! Spreadsheet files in and out of Paritrana.
//!
//! - [`open`] reads a CSV or workbook (XLSX, XLSM, XLS, ODS) into rows of
//!   [`paritrana_core::import::Cell`], one item per row in file order, so that the n-th item is
//!   the row Excel shows as row n.
//! - [`write_report`] / [`write_report_to`] / [`report_xlsx_bytes`] write the rejected-row report
//!   (laporan baris ditolak).
//! - [`write_template`] / [`template_xlsx_bytes`] write the import template operators fill in
//!   ([`template_csv_bytes`]: its header and examples as CSV).
//! - [`write_plan`] / [`plan_xlsx_bytes`] / [`plan_pdf_bytes`] write a costed budget plan
//!   (rencana anggaran) as XLSX or PDF.
//! - [`write_table_pdf`] prints a table (coverage per region, a budget plan) as an A4 PDF report.
//! - [`certificate_pdf`] prints an award certificate (piagam penghargaan) with its QR code.
//! - [`award_results_table`] turns an award round's rankings into a [`ReportTable`].
//! - [`ReportTable`] is any table to export (a coverage answer, for one), with typed cells,
//!   written as CSV, XLSX (numbers as numbers, frozen header) or PDF.
//!
//! This crate knows file formats, not the meaning of columns: finding the header row, mapping
//! headers to fields and validating values is `paritrana_core::import`'s job.

mod award_results;
mod budget;
mod budget_pdf;
mod error;
mod formula;
pub mod limits;
mod pdf;
mod read;
mod report;
mod report_table;
mod template;

pub use award_results::{AwardResults, award_results_table};
pub use budget::{plan_xlsx_bytes, write_plan};
pub use budget_pdf::plan_pdf_bytes;
pub use error::{LimitKind, PLAN_EXTENSIONS, READ_EXTENSIONS, REPORT_EXTENSIONS, SheetError};
pub use formula::{defuse_formula, starts_like_formula};
pub use pdf::{
    CertificatePdfError, PORTRAIT_MAX_COLUMNS, PdfError, PdfTable, certificate_pdf, write_table_pdf,
};
pub use read::{RawRow, SheetReader, open};
pub use report::{
    REPORT_ROWS_PER_SHEET, ReportRow, report_headers, report_xlsx_bytes, write_report,
    write_report_rows, write_report_rows_to, write_report_to, write_report_xlsx_to,
};
pub use report_table::{ReportCell, ReportColumn, ReportTable};
pub use template::{
    TEMPLATE_HEADER_ROW, TEMPLATE_HEADERS, TEMPLATE_TITLE, template_csv_bytes, template_xlsx_bytes,
    write_template,
};
