//! Background jobs: the dry run and the commit of a large file take a while, so they run on a
//! blocking thread while the browser polls `GET /api/v1/imports/jobs/{id}` for the rows done.
//! A page without JavaScript simply waits for the job's end. Jobs live in memory only (a
//! restart forgets them; the preview on disk stays), belong to the account that started them,
//! and are forgotten an hour after they end.

use super::ImportKind;
use paritrana_import::Phase;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the end of a job can still be asked for.
const KEEP_FINISHED: Duration = Duration::from_secs(60 * 60);

/// How a job ended, or that it has not.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum JobState {
    Running,
    /// Go on to `next` (the preview, or the import's page).
    Done {
        next: String,
    },
    /// Nothing was stored; the message says why (and `status` is the HTTP status a page
    /// would answer).
    Failed {
        status: u16,
        message: String,
        message_en: String,
    },
}

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The dry run of an upload, for its preview: nothing is stored.
    Preview,
    /// The commit of a previewed upload.
    Commit,
}

/// One running or finished job.
#[derive(Debug)]
pub struct Job {
    pub id: String,
    owner: i64,
    pub kind: ImportKind,
    purpose: Purpose,
    /// 0 queued, 1 validating, 2 storing.
    phase: AtomicU8,
    rows: AtomicU64,
    state: Mutex<(JobState, Option<Instant>)>,
}

impl Job {
    /// Called by the pipeline with the rows done so far.
    pub fn progress(&self, phase: Phase, rows: u64) {
        self.phase.store(
            match phase {
                Phase::Validating => 1,
                Phase::Storing => 2,
            },
            Ordering::Relaxed,
        );
        self.rows.store(rows, Ordering::Relaxed);
    }

    pub fn state(&self) -> JobState {
        self.state
            .lock()
            .map(|s| s.0.clone())
            .unwrap_or(JobState::Running)
    }

    fn finish(&self, state: JobState) {
        if let Ok(mut s) = self.state.lock() {
            *s = (state, Some(Instant::now()));
        }
    }

    fn finished_long_ago(&self) -> bool {
        self.state
            .lock()
            .map(|s| s.1.is_some_and(|t| t.elapsed() > KEEP_FINISHED))
            .unwrap_or(true)
    }

    /// What the polling endpoint answers.
    pub fn report(&self) -> JobReport {
        JobReport {
            id: self.id.clone(),
            kind: self.kind,
            // A dry run goes through the store too, but only to compare with the registry.
            phase: match (self.phase.load(Ordering::Relaxed), self.purpose) {
                (0, _) => "queued",
                (1, _) => "validating",
                (_, Purpose::Preview) => "comparing",
                (_, Purpose::Commit) => "storing",
            },
            rows: self.rows.load(Ordering::Relaxed),
            state: self.state(),
        }
    }
}

/// The answer of `GET /api/v1/imports/jobs/{id}`.
#[derive(Debug, Serialize)]
pub struct JobReport {
    pub id: String,
    pub kind: ImportKind,
    /// `queued`, `validating` (rows read and checked), `comparing` (a dry run's rows compared
    /// with the registry) or `storing` (a commit's rows written).
    pub phase: &'static str,
    /// Rows done in the phase.
    pub rows: u64,
    #[serde(flatten)]
    pub state: JobState,
}

/// The jobs of this server.
#[derive(Debug, Default)]
pub struct Jobs {
    map: Mutex<HashMap<String, Arc<Job>>>,
}

impl Jobs {
    /// Runs `work` on a blocking thread as a new job of `owner`. The handle ends when the job
    /// does; dropping it leaves the job running.
    pub fn start(
        &self,
        owner: i64,
        kind: ImportKind,
        purpose: Purpose,
        work: impl FnOnce(&Job) -> JobState + Send + 'static,
    ) -> (Arc<Job>, tokio::task::JoinHandle<JobState>) {
        let job = Arc::new(Job {
            id: crate::secret::random_hex(),
            owner,
            kind,
            purpose,
            phase: AtomicU8::new(0),
            rows: AtomicU64::new(0),
            state: Mutex::new((JobState::Running, None)),
        });
        if let Ok(mut map) = self.map.lock() {
            map.retain(|_, j| !j.finished_long_ago());
            map.insert(job.id.clone(), job.clone());
        }
        let running = job.clone();
        let handle = tokio::task::spawn_blocking(move || {
            let end = work(&running);
            running.finish(end.clone());
            end
        });
        (job, handle)
    }

    /// The job `id` of `owner`; someone else's job does not exist.
    pub fn get(&self, id: &str, owner: i64) -> Option<Arc<Job>> {
        self.map
            .lock()
            .ok()?
            .get(id)
            .filter(|j| j.owner == owner)
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_job_reports_progress_to_its_owner_only() {
        let jobs = Jobs::default();
        let (job, handle) = jobs.start(4, ImportKind::Participants, Purpose::Preview, |job| {
            job.progress(Phase::Storing, 120);
            JobState::Done {
                next: "/impor/pratinjau/x".into(),
            }
        });
        let end = handle.await.unwrap();
        assert!(matches!(end, JobState::Done { .. }));
        let report = jobs.get(&job.id, 4).unwrap().report();
        assert_eq!(report.rows, 120);
        assert_eq!(report.phase, "comparing", "a dry run stores nothing");
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["state"], "done");
        assert_eq!(json["next"], "/impor/pratinjau/x");
        assert!(jobs.get(&job.id, 5).is_none());
    }
}
