//! Uploads kept between the dry run and the commit (pratinjau). Each lives in its own folder
//! under the data directory, named by a random id — never by the user's file name:
//!
//! ```text
//! <dir>/<id>/meta.json      who uploaded it, when it expires, the file's name, size and SHA-256,
//!                           the form's settings and, once checked, the dry run's counts
//! <dir>/<id>/berkas.<ext>   the file as uploaded
//! <dir>/<id>/masalah.jsonl  the dry run's problems, one JSON object a line (paged on screen)
//! <dir>/<id>/disimpan       present while the preview is being committed (claimed once)
//! ```
//!
//! A preview belongs to the account that uploaded it: for anyone else, and once expired, it
//! does not exist. Expired previews are deleted whenever a new upload arrives. This module
//! knows files, not imports: running the pipeline is [`super::run`]'s job.

use super::{Counts, ImportKind, Settings};
use paritrana_import::{Issue, Problems};
use paritrana_store::files;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// How long an uploaded file waits for its commit.
pub const PREVIEW_TTL_SECS: i64 = 60 * 60;

/// The prefix of the private folders holding a link to an upload under the user's file name
/// while the pipeline reads it ([`super::with_user_name`]).
pub const NAMED_PREFIX: &str = ".nama-";

/// What is known of a kept upload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PreviewMeta {
    pub id: String,
    /// The uploading account.
    pub owner: i64,
    pub kind: ImportKind,
    /// The user's file name (cleaned), for messages and the import log.
    pub file_name: String,
    pub extension: String,
    pub size: u64,
    pub sha256: String,
    /// Unix seconds.
    pub created_at: i64,
    pub expires_at: i64,
    pub settings: Settings,
    /// The dry run's counts, once it has run.
    #[serde(default)]
    pub result: Option<Counts>,
    /// Problems found by the dry run and listed (lines of `masalah.jsonl`).
    #[serde(default)]
    pub problems: u64,
    /// Problems found, listed or not (past [`paritrana_import::MAX_LISTED`] they are only
    /// counted).
    #[serde(default)]
    pub problems_total: u64,
}

/// Why a kept upload cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    /// Unknown, expired, or someone else's: all look the same from outside.
    #[error("no such preview")]
    NotFound,
    /// A commit of this preview is already running or done.
    #[error("the preview is already being committed")]
    AlreadyClaimed,
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Json(#[from] serde_json::Error),
}

/// The uploads folder.
#[derive(Debug, Clone)]
pub struct PreviewStore {
    dir: PathBuf,
}

/// An id as made by [`PreviewStore::create`]: 64 lower-case hex digits. Anything else never
/// reaches the file system.
fn valid_id(id: &str) -> bool {
    id.len() == 64 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl PreviewStore {
    pub fn new(dir: impl Into<PathBuf>) -> PreviewStore {
        PreviewStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn folder(&self, id: &str) -> PathBuf {
        self.dir.join(id)
    }

    /// Where a new upload is written while it arrives (a temporary file in the uploads
    /// folder, so [`PreviewStore::create`] only renames it).
    pub fn incoming(&self) -> std::io::Result<tempfile::NamedTempFile> {
        files::private_dir(&self.dir)?;
        tempfile::Builder::new()
            .prefix(".masuk-")
            .tempfile_in(&self.dir)
    }

    /// Keeps an arrived file under a new random id; `meta.id`, `created_at` and `expires_at`
    /// are set here. Expired previews are swept first.
    pub fn create(
        &self,
        file: tempfile::NamedTempFile,
        mut meta: PreviewMeta,
        now: i64,
    ) -> Result<PreviewMeta, PreviewError> {
        self.sweep(now);
        let id = crate::secret::random_hex();
        meta.id = id.clone();
        meta.created_at = now;
        meta.expires_at = now + PREVIEW_TTL_SECS;
        let folder = self.folder(&id);
        files::private_dir(&folder)?;
        file.persist(folder.join(format!("berkas.{}", meta.extension)))
            .map_err(|e| PreviewError::Io(e.error))?;
        self.write_meta(&meta)?;
        Ok(meta)
    }

    fn write_meta(&self, meta: &PreviewMeta) -> Result<(), PreviewError> {
        let folder = self.folder(&meta.id);
        let tmp = folder.join("meta.json.tmp");
        files::write_private(&tmp, &serde_json::to_vec(meta)?)?;
        std::fs::rename(tmp, folder.join("meta.json"))?;
        Ok(())
    }

    /// The preview `id` of `owner`, unless it expired (then it is deleted).
    pub fn get(&self, id: &str, owner: i64, now: i64) -> Result<PreviewMeta, PreviewError> {
        if !valid_id(id) {
            return Err(PreviewError::NotFound);
        }
        let text = match std::fs::read(self.folder(id).join("meta.json")) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(PreviewError::NotFound);
            }
            Err(e) => return Err(e.into()),
        };
        let meta: PreviewMeta = serde_json::from_slice(&text)?;
        if meta.expires_at <= now {
            self.delete(id);
            return Err(PreviewError::NotFound);
        }
        if meta.owner != owner {
            return Err(PreviewError::NotFound);
        }
        Ok(meta)
    }

    /// The previews of `owner` still waiting for a decision, newest first (a preview whose
    /// upload timed out in the browser can be found again here).
    pub fn waiting(&self, owner: i64, now: i64) -> Vec<PreviewMeta> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<PreviewMeta> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                self.get(&name, owner, now).ok()
            })
            .filter(|m| m.result.is_some() && !self.is_claimed(m))
            .collect();
        found.sort_by_key(|m| std::cmp::Reverse(m.created_at));
        found
    }

    /// The kept file of a preview.
    pub fn file(&self, meta: &PreviewMeta) -> PathBuf {
        self.folder(&meta.id)
            .join(format!("berkas.{}", meta.extension))
    }

    /// Records the dry run's counts and problems (streamed to disk from where the import
    /// kept them).
    pub fn save_result(
        &self,
        meta: &mut PreviewMeta,
        counts: Counts,
        problems: &mut Problems,
    ) -> Result<(), PreviewError> {
        meta.problems = write_jsonl(
            &self.folder(&meta.id).join("masalah.jsonl"),
            problems.iter()?,
        )?;
        meta.problems_total = problems.total();
        meta.result = Some(counts);
        self.write_meta(meta)
    }

    /// The file of the dry run's problems, one JSON object a line.
    pub fn problems_file(&self, meta: &PreviewMeta) -> PathBuf {
        self.folder(&meta.id).join("masalah.jsonl")
    }

    /// `limit` problems of the dry run from the `offset`-th.
    pub fn problems(
        &self,
        meta: &PreviewMeta,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<Issue>, PreviewError> {
        read_jsonl(&self.folder(&meta.id).join("masalah.jsonl"), offset, limit)
    }

    /// Marks the preview as being committed; only the first caller succeeds, so a double
    /// click never imports a file twice.
    pub fn claim(&self, meta: &PreviewMeta) -> Result<(), PreviewError> {
        match files::create_new_private(&self.folder(&meta.id).join("disimpan")) {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(PreviewError::AlreadyClaimed)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Whether a commit of the preview has started.
    pub fn is_claimed(&self, meta: &PreviewMeta) -> bool {
        self.folder(&meta.id).join("disimpan").exists()
    }

    /// Deletes a preview and its file (nothing happens for an unknown id).
    pub fn delete(&self, id: &str) {
        if valid_id(id) {
            let _ = std::fs::remove_dir_all(self.folder(id));
        }
    }

    /// What a start finds of a crashed run: every arrival and user-named link left behind
    /// (no request is running yet), every preview whose commit had started (the import
    /// either committed or rolled back; its upload is not needed again) and every expired
    /// one are deleted.
    pub fn clean_at_start(&self, now: i64) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".masuk-") {
                let _ = std::fs::remove_file(entry.path());
            } else if name.starts_with(NAMED_PREFIX) {
                let _ = std::fs::remove_dir_all(entry.path());
            } else if valid_id(&name) && entry.path().join("disimpan").exists() {
                self.delete(&name);
            }
        }
        self.sweep(now);
    }

    /// Deletes every expired preview, and arrivals and user-named links abandoned for longer
    /// than the lifetime (what a crashed run left; a running one's are younger).
    pub fn sweep(&self, now: i64) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if valid_id(&name) {
                let expired = std::fs::read(entry.path().join("meta.json"))
                    .ok()
                    .and_then(|t| serde_json::from_slice::<PreviewMeta>(&t).ok())
                    .is_none_or(|m| m.expires_at <= now)
                    && older_than(&entry.path(), now, 60);
                if expired {
                    self.delete(&name);
                }
            } else if name.starts_with(".masuk-")
                && older_than(&entry.path(), now, PREVIEW_TTL_SECS)
            {
                let _ = std::fs::remove_file(entry.path());
            } else if name.starts_with(NAMED_PREFIX)
                && older_than(&entry.path(), now, PREVIEW_TTL_SECS)
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Whether the file was last changed more than `secs` before `now` (a folder being written
/// right now is never swept).
fn older_than(path: &Path, now: i64, secs: i64) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .is_none_or(|d| (d.as_secs() as i64) < now - secs)
}

/// Writes problems as JSON lines (through a temporary file, so a reader never sees half);
/// returns how many were written.
pub fn write_jsonl(
    path: &Path,
    issues: impl IntoIterator<Item = Issue>,
) -> Result<u64, PreviewError> {
    let tmp = path.with_extension("jsonl.tmp");
    let mut out = std::io::BufWriter::new(files::create_private(&tmp)?);
    let mut n = 0;
    for issue in issues {
        serde_json::to_writer(&mut out, &issue)?;
        out.write_all(b"\n")?;
        n += 1;
    }
    out.flush()?;
    drop(out);
    std::fs::rename(tmp, path)?;
    Ok(n)
}

/// Every problem of a JSON-lines file, parsed one line at a time as the iterator advances (a
/// report download never holds the list). A missing file has none; an unreadable line ends
/// the list.
pub fn jsonl_issues(path: &Path) -> Result<impl Iterator<Item = Issue> + use<>, PreviewError> {
    let file = match std::fs::File::open(path) {
        Ok(f) => Some(f),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    Ok(file
        .map(|f| BufReader::new(f).lines())
        .into_iter()
        .flatten()
        .map_while(|line| serde_json::from_str::<Issue>(&line.ok()?).ok()))
}

/// Reads `limit` problems from the `offset`-th; only those lines are parsed.
pub fn read_jsonl(path: &Path, offset: u64, limit: u64) -> Result<Vec<Issue>, PreviewError> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    BufReader::new(file)
        .lines()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|line| Ok(serde_json::from_str(&line?)?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_000_000;

    fn arrive(store: &PreviewStore, owner: i64, now: i64) -> PreviewMeta {
        let mut f = store.incoming().unwrap();
        f.write_all(b"NIK,Nama\n").unwrap();
        let meta = PreviewMeta {
            id: String::new(),
            owner,
            kind: ImportKind::Participants,
            file_name: "daftar.csv".into(),
            extension: "csv".into(),
            size: 9,
            sha256: "x".into(),
            created_at: 0,
            expires_at: 0,
            settings: Settings::default(),
            result: None,
            problems: 0,
            problems_total: 0,
        };
        store.create(f, meta, now).unwrap()
    }

    fn issue(line: u64) -> Issue {
        Issue {
            line,
            column: "NIK".into(),
            value: "123".into(),
            severity: paritrana_import::Severity::Error,
            code: "wrong_length".into(),
            reason_id: "NIK harus 16 digit".into(),
            reason_en: "a NIK has 16 digits".into(),
        }
    }

    #[test]
    fn a_preview_is_kept_under_a_random_id_for_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = PreviewStore::new(dir.path().join("pratinjau"));
        let meta = arrive(&store, 7, NOW);
        assert!(valid_id(&meta.id));
        assert_eq!(meta.expires_at, NOW + PREVIEW_TTL_SECS);
        let got = store.get(&meta.id, 7, NOW + 10).unwrap();
        assert_eq!(got.file_name, "daftar.csv");
        assert_eq!(
            std::fs::read(store.file(&got)).unwrap(),
            b"NIK,Nama\n".to_vec()
        );
        // The user's name is nowhere on disk.
        let names: Vec<String> = walk(store.dir());
        assert!(names.iter().all(|n| !n.contains("daftar")), "{names:?}");
        // Another account sees nothing, and neither does a made-up or hostile id.
        assert!(matches!(
            store.get(&meta.id, 8, NOW + 10),
            Err(PreviewError::NotFound)
        ));
        for bad in ["../pratinjau", "", &"a".repeat(64), &meta.id.to_uppercase()] {
            assert!(matches!(
                store.get(bad, 7, NOW),
                Err(PreviewError::NotFound)
            ));
        }
    }

    fn walk(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            out.push(e.file_name().to_string_lossy().into_owned());
            if e.path().is_dir() {
                out.extend(walk(&e.path()));
            }
        }
        out
    }

    #[test]
    fn a_preview_expires_after_an_hour_and_is_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let store = PreviewStore::new(dir.path());
        let meta = arrive(&store, 7, NOW);
        assert!(store.get(&meta.id, 7, NOW + PREVIEW_TTL_SECS - 1).is_ok());
        assert!(matches!(
            store.get(&meta.id, 7, NOW + PREVIEW_TTL_SECS),
            Err(PreviewError::NotFound)
        ));
        assert!(!dir.path().join(&meta.id).exists(), "the file is gone");
    }

    #[test]
    fn a_new_upload_sweeps_expired_ones_of_every_owner() {
        let dir = tempfile::tempdir().unwrap();
        let store = PreviewStore::new(dir.path());
        // The sweep reads expiry from the meta and spares folders touched in the last minute
        // (by the real clock), so this test runs on the real clock.
        let base = chrono::Utc::now().timestamp();
        let old = arrive(&store, 7, base - 2 * PREVIEW_TTL_SECS);
        let fresh = arrive(&store, 8, base);
        let _next = arrive(&store, 9, base + 120);
        assert!(!dir.path().join(&old.id).exists(), "expired: deleted");
        assert!(dir.path().join(&fresh.id).exists(), "still valid: kept");
    }

    #[test]
    fn problems_are_paged_and_a_preview_is_claimed_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = PreviewStore::new(dir.path());
        let mut meta = arrive(&store, 7, NOW);
        let issues: Vec<Issue> = (5..30).map(issue).collect();
        let mut problems = Problems::from_issues(issues).unwrap();
        store
            .save_result(&mut meta, Counts::default(), &mut problems)
            .unwrap();
        let again = store.get(&meta.id, 7, NOW).unwrap();
        assert_eq!(again.problems, 25);
        assert!(again.result.is_some());
        assert_eq!(store.waiting(7, NOW).len(), 1);
        assert!(
            store.waiting(8, NOW).is_empty(),
            "someone else's is not listed"
        );
        let page = store.problems(&again, 20, 10).unwrap();
        assert_eq!(
            page.iter().map(|i| i.line).collect::<Vec<_>>(),
            [25, 26, 27, 28, 29]
        );
        store.claim(&again).unwrap();
        assert!(
            store.waiting(7, NOW).is_empty(),
            "a claimed one is being stored"
        );
        assert!(matches!(
            store.claim(&again),
            Err(PreviewError::AlreadyClaimed)
        ));
        store.delete(&meta.id);
        assert!(matches!(
            store.get(&meta.id, 7, NOW),
            Err(PreviewError::NotFound)
        ));
    }
}
