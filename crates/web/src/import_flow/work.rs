//! The work of the import jobs: the dry run of a kept upload (its counts and problems saved
//! for the preview) and the commit of a claimed one (the same file, checked by its SHA-256,
//! stored with the same settings). Both run on a blocking thread through [`super::jobs`] and
//! end in a [`JobState`]; a file-level refusal deletes the upload, so nothing is kept. A
//! commit writes its problem report before it runs (the dry run's problems, as a pending
//! report, [`super::reports`]), so a crash right after the commit cannot lose it.

use super::jobs::{Job, JobState};
use super::previews::PreviewMeta;
use super::{Run, unix_now, with_user_name};
use crate::AppState;
use crate::error::ApiError;
use paritrana_core::Lang;
use paritrana_core::auth::Scope;

/// A job's end when nothing was stored.
pub fn failed(status: u16, id: String, en: String) -> JobState {
    JobState::Failed {
        status,
        message: id,
        message_en: en,
    }
}

/// A job's end for an error, in both languages.
pub fn failed_from(e: &ApiError) -> JobState {
    failed(e.status().as_u16(), e.text(Lang::Id), e.text(Lang::En))
}

/// The dry run of a kept upload; a file-level refusal deletes it.
pub fn dry_run(
    state: &AppState,
    mut meta: PreviewMeta,
    actor: paritrana_store::Actor,
    scope: Scope,
    job: &Job,
) -> JobState {
    let previews = &state.imports.previews;
    let path = previews.file(&meta);
    let outcome = with_user_name(&path, &meta.file_name, |named| {
        let run = Run {
            kind: meta.kind,
            path: named,
            settings: &meta.settings,
            dry_run: true,
            actor,
            scope,
            today: state.today(),
            spill_dir: Some(state.imports.previews.dir().to_path_buf()),
        };
        super::run(&*state.store, &state.tree, &run, &|phase, n| {
            job.progress(phase, n)
        })
    });
    let (summary, mut problems) = match outcome {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => {
            previews.delete(&meta.id);
            return failed_from(&super::refused(&meta.file_name, &e));
        }
        Err(e) => {
            previews.delete(&meta.id);
            return failed_from(&ApiError::Internal(e.to_string()));
        }
    };
    match previews.save_result(&mut meta, summary.counts(), &mut problems) {
        Ok(()) => JobState::Done {
            next: format!("/impor/pratinjau/{}", meta.id),
        },
        Err(e) => {
            previews.delete(&meta.id);
            failed_from(&ApiError::Internal(e.to_string()))
        }
    }
}

/// The commit of a claimed preview: the same file (checked by its SHA-256), the same
/// settings, stored; the preview is deleted whatever happens.
pub fn commit_run(
    state: &AppState,
    meta: PreviewMeta,
    actor: paritrana_store::Actor,
    scope: Scope,
    job: &Job,
) -> JobState {
    let previews = &state.imports.previews;
    let path = previews.file(&meta);
    let end = match paritrana_import::file_sha256(&path) {
        Ok(sha) if sha == meta.sha256 => commit_checked(state, &meta, &path, actor, scope, job),
        _ => failed(
            409,
            format!(
                "Berkas \"{}\" berubah sejak pratinjau; tidak ada yang disimpan. Unggah ulang.",
                meta.file_name
            ),
            format!(
                "File \"{}\" changed since the preview; nothing was stored. Upload it again.",
                meta.file_name
            ),
        ),
    };
    previews.delete(&meta.id);
    end
}

fn commit_checked(
    state: &AppState,
    meta: &PreviewMeta,
    path: &std::path::Path,
    actor: paritrana_store::Actor,
    scope: Scope,
    job: &Job,
) -> JobState {
    let reports = &state.imports.reports;
    let problems = state.imports.previews.problems_file(meta);
    let pending = match reports.prepare(&meta.sha256, meta.kind, Some(&problems), unix_now()) {
        Ok(p) => p,
        Err(super::previews::PreviewError::Io(e)) => {
            return failed_from(&ApiError::io("import report", &e));
        }
        Err(e) => return failed_from(&ApiError::Internal(e.to_string())),
    };
    let outcome = with_user_name(path, &meta.file_name, |named| {
        let run = Run {
            kind: meta.kind,
            path: named,
            settings: &meta.settings,
            dry_run: false,
            actor,
            scope,
            today: state.today(),
            spill_dir: Some(state.imports.previews.dir().to_path_buf()),
        };
        super::run(&*state.store, &state.tree, &run, &|phase, n| {
            job.progress(phase, n)
        })
    });
    let (summary, mut problems) = match outcome {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => {
            reports.discard(pending);
            return failed_from(&super::refused(&meta.file_name, &e));
        }
        Err(e) => {
            reports.discard(pending);
            return failed_from(&ApiError::io("import", &e));
        }
    };
    let counts = summary.counts();
    match counts.import_id.filter(|_| counts.committed) {
        Some(id) => {
            reports.finish(pending, id, &mut problems, unix_now());
            JobState::Done {
                next: format!("/impor/{id}?baru=1"),
            }
        }
        None if counts.stopped_early => {
            reports.discard(pending);
            failed(
                400,
                summary.stop_reason(Lang::Id).unwrap_or_default(),
                summary.stop_reason(Lang::En).unwrap_or_default(),
            )
        }
        None => {
            reports.discard(pending);
            strict_refusal(counts.rejected)
        }
    }
}

/// Strict mode refused the file: nothing was stored.
fn strict_refusal(rejected: u64) -> JobState {
    failed(
        400,
        format!("Tidak ada yang disimpan: mode ketat aktif dan {rejected} baris ditolak."),
        format!("Nothing was stored: strict mode is on and {rejected} rows were rejected."),
    )
}
