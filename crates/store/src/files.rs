//! Private files and folders: everything Paritrana writes under its data directory (the
//! database and its `-wal`/`-shm` files, uploads, problem reports, award evidence, backups)
//! is readable by the service account only — folders 0700, files 0600 — whatever the process
//! umask: the modes are set explicitly, never left to the umask.
//!
//! SQLite gives the `-wal` and `-shm` files the permission bits of the database file, so the
//! database file is made private *before* SQLite opens it; both are also fixed after opening,
//! for databases created by older versions.

use std::io;
use std::path::{Path, PathBuf};

/// Creates `dir` (and its parents) when missing, and makes it 0700. Used for the folders
/// Paritrana owns: the data directory and its sub-folders.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// Creates `dir` when missing (0700), leaving an existing folder's mode alone: the folder of
/// a database named by `--database-url` may be shared with other files.
pub fn private_dir_if_missing(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    private_dir(dir)
}

/// Makes `path` a private file (0600), creating it empty when missing (an empty file is an
/// empty SQLite database).
pub fn private_file(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if !path.exists() {
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(path)?;
        }
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    {
        if !path.exists() {
            std::fs::File::create(path)?;
        }
        Ok(())
    }
}

/// Creates (or truncates) `path` as a private file (0600) and opens it for writing.
pub fn create_private(path: &Path) -> io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?;
        // An existing file keeps its mode through `open`: set it.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        std::fs::File::create(path)
    }
}

/// Creates `path` as a new private file (0600); fails when it exists.
pub fn create_new_private(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Writes `bytes` to `path` as a private file (0600).
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    create_private(path)?.write_all(bytes)
}

/// The side files SQLite keeps next to the database in WAL mode.
pub fn side_files(db: &Path) -> [PathBuf; 2] {
    let name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    let with = |suffix: &str| {
        let mut n = name.clone();
        n.push(suffix);
        db.with_file_name(n)
    };
    [with("-wal"), with("-shm")]
}

/// Makes the `-wal` and `-shm` files private when they exist.
pub fn private_side_files(db: &Path) -> io::Result<()> {
    for side in side_files(db) {
        if side.exists() {
            private_file(&side)?;
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn folders_and_files_are_private_whatever_the_umask_left() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data/impor");
        private_dir(&data).unwrap();
        assert_eq!(mode(&data), 0o700);
        let db = data.join("x.db");
        std::fs::write(&db, b"").unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        private_file(&db).unwrap();
        assert_eq!(mode(&db), 0o600);
        assert_eq!(side_files(&db)[0].file_name().unwrap(), "x.db-wal");
    }
}
