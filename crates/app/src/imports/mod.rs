//! The import flow shared by the pages (`/impor`, `/target`), the API upload routes and the
//! command line: one way to run a participant or target file through `paritrana_import` (a dry
//! run for the preview, then the commit of exactly the previewed file), the uploads kept
//! between the two ([`previews`]), the background jobs that report progress ([`jobs`]) and the
//! problem reports kept for past imports ([`reports`]). The multipart upload reader and the
//! HTTP answers are the web crate's (`paritrana_web::import_flow`).
//!
//! Validation itself is `paritrana_import`'s job; this module only chooses the pipeline,
//! names the file as the user named it, and turns outcomes into one shape for both kinds.

pub mod jobs;
pub mod previews;
pub mod reports;

use paritrana_core::Lang;
use paritrana_core::auth::{Action, Scope};
use paritrana_core::region::{RegionCode, RegionTree};
use paritrana_import::{ImportError, Phase, Problems};
use paritrana_store::{Actor, Store};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The largest file accepted (a kab/kota list of a few hundred thousand rows fits).
pub const MAX_UPLOAD_BYTES: u64 = 64 * 1024 * 1024;

/// The extensions an upload may have.
pub const UPLOAD_EXTENSIONS: &[&str] = &["csv", "txt", "xlsx", "xls", "ods"];

/// The flow's state: uploads waiting for their commit, reports of past imports, and jobs.
#[derive(Debug)]
pub struct ImportFlow {
    pub previews: previews::PreviewStore,
    pub reports: reports::ReportStore,
    pub jobs: jobs::Jobs,
}

impl ImportFlow {
    /// Clears what a crashed run left (uploads in flight, links under users' file names,
    /// interrupted commits) and settles the reports of imports committed just before it
    /// (see [`reports::ReportStore::recover`]). Called once by `serve` before it listens.
    pub fn clean_at_start(&self, store: &dyn Store) {
        let now = unix_now();
        // Folders made by older versions with the umask's mode become private.
        let dirs = [
            self.previews.dir().parent(),
            Some(self.previews.dir()),
            Some(self.reports.dir()),
        ];
        for dir in dirs.into_iter().flatten().filter(|d| d.is_dir()) {
            if let Err(e) = paritrana_store::files::private_dir(dir) {
                tracing::warn!(error = %e, "import folder not made private");
            }
        }
        self.previews.clean_at_start(now);
        self.reports.recover(store, now);
    }

    /// Keeps its files in `dir` (`pratinjau/` and `laporan/`; `serve` uses `DATA_DIR/impor`).
    pub fn in_dir(dir: &Path) -> ImportFlow {
        ImportFlow {
            previews: previews::PreviewStore::new(dir.join("pratinjau")),
            reports: reports::ReportStore::new(dir.join("laporan")),
            jobs: jobs::Jobs::default(),
        }
    }
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    /// A list of protected workers (peserta).
    Participants,
    /// UCJ targets per region and year.
    Targets,
}

impl ImportKind {
    /// The action an account needs to import this kind in `region`.
    pub fn action(self, region: RegionCode) -> Action {
        match self {
            ImportKind::Participants => Action::ImportWorkers(region),
            ImportKind::Targets => Action::ManageTargets(region),
        }
    }

    /// The page the upload form of this kind is on.
    pub fn page(self) -> &'static str {
        match self {
            ImportKind::Participants => "/impor",
            ImportKind::Targets => "/target",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ImportKind::Participants, Lang::Id) => "daftar peserta",
            (ImportKind::Participants, Lang::En) => "participant list",
            (ImportKind::Targets, Lang::Id) => "target UCJ",
            (ImportKind::Targets, Lang::En) => "UCJ targets",
        }
    }

    /// The kind of an import log entry (`participants` or `targets`).
    pub fn of_log(kind: &str) -> Option<ImportKind> {
        match kind {
            "participants" => Some(ImportKind::Participants),
            "targets" => Some(ImportKind::Targets),
            _ => None,
        }
    }
}

/// The region an account acts for: its scope's region, or the nation.
pub fn scope_root(scope: Scope) -> RegionCode {
    scope.region().unwrap_or(RegionCode::NATION)
}

/// What the uploader chose on the form, kept with the preview so the commit runs the same way.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Settings {
    /// Any bad row refuses the whole file.
    #[serde(default)]
    pub strict: bool,
    /// Participants: the kab/kota (dotted code) whose village names the file uses.
    #[serde(default)]
    pub regency: Option<String>,
    /// Targets: the source of rows without a Sumber value.
    #[serde(default)]
    pub source: Option<String>,
    /// Targets: rows without an Estimasi value are estimates.
    #[serde(default)]
    pub estimate: bool,
}

/// The outcome counts of either kind, in one shape for the pages.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Counts {
    pub read: u64,
    /// New workers, or targets for a (region, year, segment) that had none.
    pub new: u64,
    /// Workers changed, or targets replaced.
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub warnings: u64,
    pub committed: bool,
    pub import_id: Option<i64>,
    pub header_row: u64,
    pub ignored_columns: Vec<String>,
    pub file_sha256: String,
    /// The first rows were all refused, so the file was not read on and cannot be stored.
    #[serde(default)]
    pub stopped_early: bool,
}

impl Counts {
    /// Why the file was not read to its end, when it was not (the pipeline's words).
    pub fn stop_reason(&self, lang: Lang) -> Option<String> {
        paritrana_import::Summary {
            stopped_early: self.stopped_early,
            ..Default::default()
        }
        .stop_reason(lang)
    }
}

/// The summary as the pipeline of each kind returns it (the API answers it as is).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Summary {
    Participants(paritrana_import::Summary),
    Targets(paritrana_import::TargetSummary),
}

impl Summary {
    pub fn counts(&self) -> Counts {
        match self {
            Summary::Participants(s) => Counts {
                read: s.read,
                new: s.imported,
                updated: s.updated,
                unchanged: s.unchanged,
                rejected: s.rejected,
                warnings: s.warnings,
                committed: s.committed,
                import_id: s.import_id,
                header_row: s.header_row,
                ignored_columns: s.ignored_columns.clone(),
                file_sha256: s.file_sha256.clone(),
                stopped_early: s.stopped_early,
            },
            Summary::Targets(s) => Counts {
                read: s.read,
                new: s.imported,
                updated: s.replaced,
                unchanged: s.unchanged,
                rejected: s.rejected,
                warnings: 0,
                committed: s.committed,
                import_id: s.import_id,
                header_row: s.header_row,
                ignored_columns: s.ignored_columns.clone(),
                file_sha256: s.file_sha256.clone(),
                stopped_early: false,
            },
        }
    }

    /// Why the file was not read to its end, when it was not.
    pub fn stop_reason(&self, lang: Lang) -> Option<String> {
        match self {
            Summary::Participants(s) => s.stop_reason(lang),
            Summary::Targets(_) => None,
        }
    }
}

/// One run of a file through its pipeline.
pub struct Run<'a> {
    pub kind: ImportKind,
    /// The file, named as the user named it (the pipeline records and reports that name).
    pub path: &'a Path,
    pub settings: &'a Settings,
    pub dry_run: bool,
    pub actor: Actor,
    pub scope: Scope,
    pub today: chrono::NaiveDate,
    /// Where problems beyond the first thousand wait (an unnamed file in the data folder).
    pub spill_dir: Option<PathBuf>,
}

/// Runs the file through the pipeline of its kind. `progress` hears the rows done so far.
/// The problems come back bounded in memory ([`Problems`]).
pub fn run(
    store: &dyn Store,
    tree: &RegionTree,
    r: &Run<'_>,
    progress: &(dyn Fn(Phase, u64) + Sync),
) -> Result<(Summary, Problems), ImportError> {
    match r.kind {
        ImportKind::Participants => {
            let regency = r
                .settings
                .regency
                .as_deref()
                .and_then(|c| RegionCode::parse(c).ok());
            let opts = paritrana_import::Options {
                strict: r.settings.strict,
                dry_run: r.dry_run,
                regency,
                today: r.today,
                actor: r.actor.clone(),
                scope: r.scope,
                spill_dir: r.spill_dir.clone(),
            };
            paritrana_import::import_participants(store, tree, r.path, &opts, progress)
                .map(|(s, i)| (Summary::Participants(s), i))
        }
        ImportKind::Targets => {
            let opts = paritrana_import::TargetOptions {
                strict: r.settings.strict,
                dry_run: r.dry_run,
                today: r.today,
                actor: r.actor.clone(),
                scope: r.scope,
                source: r.settings.source.clone(),
                estimate: r.settings.estimate,
            };
            let (summary, problems) = paritrana_import::import_targets(
                store,
                tree,
                r.path,
                &opts,
                r.spill_dir.as_deref(),
            )?;
            progress(Phase::Validating, summary.read);
            Ok((Summary::Targets(summary), problems))
        }
    }
}

/// Runs `f` on a link to `stored` named `file_name` inside a private folder next to it, so the
/// pipeline's messages and the import log name the user's file while the disk keeps only
/// random names. The link (or copy, where links are not possible) is removed afterwards.
pub fn with_user_name<T>(
    stored: &Path,
    file_name: &str,
    f: impl FnOnce(&Path) -> T,
) -> std::io::Result<T> {
    let parent = stored.parent().unwrap_or_else(|| Path::new("."));
    let dir = tempfile::Builder::new()
        .prefix(previews::NAMED_PREFIX)
        .tempdir_in(parent)?;
    let named: PathBuf = dir.path().join(file_name);
    if std::fs::hard_link(stored, &named).is_err() {
        std::fs::copy(stored, &named)?;
    }
    Ok(f(&named))
}

/// Seconds since the Unix epoch: the clock of previews and jobs.
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The extension of a cleaned file name, lower-cased, when it is one an upload may have.
pub fn upload_extension(file_name: &str) -> Option<String> {
    Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| UPLOAD_EXTENSIONS.contains(&e.as_str()))
}

/// The name to record: the last path component only, no control characters, at most 120
/// characters. The upload itself is stored under a random name, never this one.
pub fn clean_file_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    match clean.trim() {
        "" | "." | ".." => "unggahan.csv".into(),
        c if c.starts_with('.') => format!("unggahan{c}"),
        c => c.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_their_last_component() {
        assert_eq!(clean_file_name("C:\\Users\\op\\daftar.xlsx"), "daftar.xlsx");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name(".."), "unggahan.csv");
        assert_eq!(clean_file_name(".csv"), "unggahan.csv");
        assert_eq!(upload_extension("Daftar.XLSX").as_deref(), Some("xlsx"));
        assert_eq!(upload_extension("laporan.pdf"), None);
        assert_eq!(upload_extension("tanpa-ekstensi"), None);
    }

    #[test]
    fn the_user_name_is_seen_by_the_pipeline_and_gone_afterwards() {
        let dir = tempfile::tempdir().unwrap();
        let stored = dir.path().join("berkas.csv");
        std::fs::write(&stored, "NIK\n1\n").unwrap();
        let seen = with_user_name(&stored, "daftar kukar.csv", |p| {
            assert_eq!(std::fs::read_to_string(p).unwrap(), "NIK\n1\n");
            p.to_path_buf()
        })
        .unwrap();
        assert_eq!(seen.file_name().unwrap(), "daftar kukar.csv");
        assert!(!seen.exists());
        assert!(stored.exists());
    }
}
