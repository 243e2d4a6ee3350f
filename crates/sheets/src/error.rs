//! [`SheetError`]: everything that can go wrong while reading or writing a spreadsheet file.
//!
//! Errors about the *content* of rows (a bad NIK, an unknown code) are not here: they belong to
//! the import validation in `paritrana_core::import`. These are errors about the file itself.

use paritrana_core::Lang;
use paritrana_core::lang::Localized;
use std::path::{Path, PathBuf};

/// File extensions [`crate::open`] accepts, in the order they are listed to users.
pub const READ_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "csv", "txt"];

/// File extensions a costed budget plan is written as ([`crate::write_plan`]).
pub const PLAN_EXTENSIONS: &[&str] = &["xlsx", "pdf"];

/// File extensions the writers ([`crate::write_report`]) accept.
pub const REPORT_EXTENSIONS: &[&str] = &["xlsx", "csv"];

/// Why a spreadsheet file could not be read or written. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// The file's extension is not one this crate reads or writes.
    #[error("{}: unsupported file type `{extension}` (accepted: {})", path.display(), accepted.join(", "))]
    UnsupportedExtension {
        /// The file.
        path: PathBuf,
        /// The extension as found (empty when the name has none).
        extension: String,
        /// The extensions that would have been accepted.
        accepted: &'static [&'static str],
    },
    /// The operating system refused to open, read or write the file.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The CSV file is malformed at a given row.
    #[error("{}: CSV error at row {row}: {detail}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based row (record) number, as Excel would show it.
        row: u64,
        /// What the CSV parser said.
        detail: String,
    },
    /// The workbook (XLSX, XLS, ODS) is damaged or not what its extension says.
    #[error("{}: cannot read workbook: {detail}", path.display())]
    Workbook {
        /// The file.
        path: PathBuf,
        /// What the workbook reader said.
        detail: String,
    },
    /// The file is over one of the bounds of [`crate::limits`]: refused before it can take
    /// the memory a decompression bomb or a vast sheet would.
    #[error("{}: refused, {kind:?} over the limit ({found}) in `{entry}`", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The part of the file (a zip entry such as `xl/sharedStrings.xml`, or a cell such as
        /// `C7`); empty when the whole file is meant.
        entry: String,
        /// Which limit.
        kind: LimitKind,
        /// What was found (bytes, cells, ratio: see `kind`).
        found: u64,
    },
    /// Writing an XLSX or CSV file failed.
    #[error("{}: cannot write file: {detail}", path.display())]
    Write {
        /// The file (or `-` when writing to a stream).
        path: PathBuf,
        /// What the writer said.
        detail: String,
    },
}

impl SheetError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            SheetError::UnsupportedExtension { path, .. }
            | SheetError::Io { path, .. }
            | SheetError::Csv { path, .. }
            | SheetError::Workbook { path, .. }
            | SheetError::TooLarge { path, .. }
            | SheetError::Write { path, .. } => path,
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> SheetError {
        SheetError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn write(path: &Path, detail: impl std::fmt::Display) -> SheetError {
        SheetError::Write {
            path: path.to_path_buf(),
            detail: detail.to_string(),
        }
    }

    /// Checks `path`'s extension against `accepted` and returns it lower-cased.
    pub(crate) fn extension_of(
        path: &Path,
        accepted: &'static [&'static str],
    ) -> Result<String, SheetError> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if accepted.contains(&extension.as_str()) {
            Ok(extension)
        } else {
            Err(SheetError::UnsupportedExtension {
                path: path.to_path_buf(),
                extension,
                accepted,
            })
        }
    }
}

/// Which bound of [`crate::limits`] a file went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// Inflated bytes of one zip entry.
    EntryBytes,
    /// Inflated bytes of all zip entries.
    Total,
    /// Compression ratio of one zip entry.
    Ratio,
    /// Number of zip entries.
    Entries,
    /// Bytes of one text run (one cell's text).
    TextBytes,
    /// Bytes of one shared string or cell element.
    ItemBytes,
    /// Bytes of one XML tag.
    TagBytes,
    /// Cells the sheet spans.
    Cells,
    /// Bytes of one row's text.
    RowBytes,
    /// Size of the file itself.
    FileBytes,
}

impl LimitKind {
    /// The limit, and what it is in both languages.
    fn describe(self) -> (u64, &'static str, &'static str) {
        use crate::limits as l;
        match self {
            LimitKind::EntryBytes => (
                l::MAX_ENTRY_BYTES,
                "bita setelah dibuka (dekompresi)",
                "bytes once inflated",
            ),
            LimitKind::Total => (
                l::MAX_ZIP_TOTAL_BYTES,
                "bita seluruh isi setelah dibuka",
                "bytes of all parts once inflated",
            ),
            LimitKind::Ratio => (
                l::MAX_ZIP_RATIO,
                "kali rasio kompresi",
                "times compression ratio",
            ),
            LimitKind::Entries => (
                l::MAX_ZIP_ENTRIES as u64,
                "bagian di dalam zip",
                "parts in the zip",
            ),
            LimitKind::TextBytes => (
                l::MAX_TEXT_BYTES,
                "bita teks satu sel",
                "bytes of one cell's text",
            ),
            LimitKind::ItemBytes => (
                l::MAX_ITEM_BYTES,
                "bita satu teks atau sel",
                "bytes of one string or cell",
            ),
            LimitKind::TagBytes => (
                l::MAX_TAG_BYTES,
                "bita satu tag XML",
                "bytes of one XML tag",
            ),
            LimitKind::Cells => (l::MAX_CELLS, "sel", "cells"),
            LimitKind::RowBytes => (
                l::MAX_ROW_BYTES,
                "bita teks satu baris",
                "bytes of one row's text",
            ),
            LimitKind::FileBytes => (l::MAX_XLS_BYTES, "bita berkas", "bytes of file"),
        }
    }
}

fn too_large_message(file: &str, entry: &str, kind: LimitKind, found: u64, lang: Lang) -> String {
    let (limit, id, en) = kind.describe();
    let n = |v: u64| paritrana_core::lang::format_count(v, lang);
    match lang {
        Lang::Id => {
            let part = if entry.is_empty() {
                String::new()
            } else {
                format!(" (bagian {entry})")
            };
            format!(
                "Berkas {file} ditolak: isinya{part} melampaui batas {} {id} (ditemukan {}). \
                 Berkas seperti ini bisa menghabiskan memori server (bom dekompresi); \
                 simpan ulang daftar dari Excel sebagai .xlsx atau .csv biasa.",
                n(limit),
                n(found)
            )
        }
        Lang::En => {
            let part = if entry.is_empty() {
                String::new()
            } else {
                format!(" (part {entry})")
            };
            format!(
                "File {file} refused: its content{part} is over the limit of {} {en} (found {}). \
                 Such a file could exhaust the server's memory (a decompression bomb); \
                 save the list again from Excel as a plain .xlsx or .csv.",
                n(limit),
                n(found)
            )
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn dotted(accepted: &[&str]) -> String {
    accepted
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Localized for SheetError {
    fn message(&self, lang: Lang) -> String {
        let file = file_name(self.path());
        match (self, lang) {
            (
                SheetError::UnsupportedExtension {
                    extension,
                    accepted,
                    ..
                },
                Lang::Id,
            ) => {
                let found = if extension.is_empty() {
                    "tanpa ekstensi".to_string()
                } else {
                    format!("berekstensi .{extension}")
                };
                format!(
                    "Berkas {file} {found} tidak dapat diproses. Gunakan berkas {}.",
                    dotted(accepted)
                )
            }
            (
                SheetError::UnsupportedExtension {
                    extension,
                    accepted,
                    ..
                },
                Lang::En,
            ) => {
                let found = if extension.is_empty() {
                    "has no extension".to_string()
                } else {
                    format!("has the extension .{extension}")
                };
                format!(
                    "File {file} {found}, which cannot be processed. Use a {} file.",
                    dotted(accepted)
                )
            }
            (SheetError::Io { source, .. }, Lang::Id) => {
                let why = match source.kind() {
                    std::io::ErrorKind::NotFound => "berkas tidak ditemukan".to_string(),
                    std::io::ErrorKind::PermissionDenied => "akses ditolak".to_string(),
                    _ => source.to_string(),
                };
                format!("Berkas {file} tidak dapat dibuka atau disimpan: {why}.")
            }
            (SheetError::Io { source, .. }, Lang::En) => {
                format!("File {file} cannot be opened or saved: {source}.")
            }
            (SheetError::Csv { row, detail, .. }, Lang::Id) => format!(
                "Berkas CSV {file} rusak pada baris {row} ({detail}). \
                 Simpan ulang dari Excel sebagai CSV atau unggah sebagai .xlsx."
            ),
            (SheetError::Csv { row, detail, .. }, Lang::En) => format!(
                "CSV file {file} is malformed at row {row} ({detail}). \
                 Save it again from Excel as CSV, or upload it as .xlsx."
            ),
            (SheetError::Workbook { detail, .. }, Lang::Id) => format!(
                "Berkas {file} tidak dapat dibaca sebagai lembar kerja Excel ({detail}). \
                 Pastikan berkas tidak rusak dan tidak dilindungi kata sandi, \
                 lalu simpan ulang sebagai .xlsx."
            ),
            (SheetError::Workbook { detail, .. }, Lang::En) => format!(
                "File {file} cannot be read as a spreadsheet ({detail}). \
                 Make sure it is not damaged or password-protected, then save it again as .xlsx."
            ),
            (
                SheetError::TooLarge {
                    entry, kind, found, ..
                },
                lang,
            ) => too_large_message(&file, entry, *kind, *found, lang),
            (SheetError::Write { detail, .. }, Lang::Id) => {
                format!("Berkas {file} gagal ditulis: {detail}.")
            }
            (SheetError::Write { detail, .. }, Lang::En) => {
                format!("File {file} could not be written: {detail}.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_extension_names_the_file_and_the_accepted_types() {
        let err =
            SheetError::extension_of(Path::new("/tmp/daftar.PDF"), READ_EXTENSIONS).unwrap_err();
        let id = err.message(Lang::Id);
        assert!(id.contains("daftar.PDF"), "{id}");
        assert!(id.contains(".pdf"), "{id}");
        assert!(id.contains(".xlsx, .xlsm, .xls, .ods, .csv, .txt"), "{id}");
        assert!(err.message(Lang::En).contains("Use a .xlsx"));
    }

    #[test]
    fn extensions_are_matched_without_regard_to_case() {
        assert_eq!(
            SheetError::extension_of(Path::new("A.XLSX"), READ_EXTENSIONS).unwrap(),
            "xlsx"
        );
        assert!(SheetError::extension_of(Path::new("noext"), READ_EXTENSIONS).is_err());
    }
}
