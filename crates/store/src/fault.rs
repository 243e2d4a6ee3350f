//! Storage faults a user can be told about: the disk (or the database's size limit) is full,
//! or the data folder cannot be written (read-only, or failing). Everything else a store
//! error can be stays an internal error, logged and answered generically. Each backend finds
//! the fault behind its own errors (`sqlite::error` for SQLite) and carries it in
//! [`crate::StoreError::Backend`].

use paritrana_core::Lang;
use paritrana_core::lang::Localized;
use serde::Serialize;

/// Why a write could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageFault {
    /// No space left: the disk, a quota, or the database's page limit.
    Full,
    /// The data folder or the database file is read-only.
    ReadOnly,
    /// The disk answered a write with an I/O error.
    Io,
}

impl StorageFault {
    /// The fault behind an I/O error, if it is one of ours.
    pub fn of_io(e: &std::io::Error) -> Option<StorageFault> {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Some(StorageFault::Full),
            ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => {
                Some(StorageFault::ReadOnly)
            }
            _ => None,
        }
    }

    /// A short machine-readable name (`full`, `read_only`, `io`).
    pub fn code(self) -> &'static str {
        match self {
            StorageFault::Full => "full",
            StorageFault::ReadOnly => "read_only",
            StorageFault::Io => "io",
        }
    }
}

impl Localized for StorageFault {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (StorageFault::Full, Lang::Id) => "penyimpanan server penuh: perubahan tidak dapat \
                disimpan. Tidak ada yang berubah; beri tahu pengelola server (kosongkan disk \
                atau perbesar kuota), lalu coba lagi."
                .into(),
            (StorageFault::Full, Lang::En) => "the server's storage is full: changes cannot be \
                saved. Nothing was changed; tell the server's administrator (free disk space or \
                raise the quota), then try again."
                .into(),
            (StorageFault::ReadOnly, Lang::Id) => "folder data server hanya-baca: perubahan \
                tidak dapat disimpan. Tidak ada yang berubah; beri tahu pengelola server \
                (izin tulis folder data), lalu coba lagi."
                .into(),
            (StorageFault::ReadOnly, Lang::En) => "the server's data folder is read-only: \
                changes cannot be saved. Nothing was changed; tell the server's administrator \
                (write permission on the data folder), then try again."
                .into(),
            (StorageFault::Io, Lang::Id) => "disk server gagal menulis (galat I/O): perubahan \
                tidak disimpan. Beri tahu pengelola server."
                .into(),
            (StorageFault::Io, Lang::En) => "the server's disk failed to write (I/O error): \
                changes were not saved. Tell the server's administrator."
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_read_only_errors_are_recognised() {
        let full = std::io::Error::from_raw_os_error(28); // ENOSPC
        assert_eq!(StorageFault::of_io(&full), Some(StorageFault::Full));
        let ro = std::io::Error::from_raw_os_error(30); // EROFS
        assert_eq!(StorageFault::of_io(&ro), Some(StorageFault::ReadOnly));
        let other = std::io::Error::other("x");
        assert_eq!(StorageFault::of_io(&other), None);
        assert!(StorageFault::Full.message(Lang::Id).contains("penuh"));
        assert!(StorageFault::Full.message(Lang::En).contains("full"));
    }
}
