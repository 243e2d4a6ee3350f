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
