//! Can the server save right now? `/healthz` and `/api/v1/status` ask [`Health`], which probes
//! at most every [`PROBE_EVERY`]: a small private file written, synced and removed in the data
//! folder (a full disk or read-only folder fails it) and a rolled-back write transaction in
//! the database (a full or read-only database fails it). Nothing is changed by a probe.

use crate::AppState;
use paritrana_core::Lang;
use paritrana_core::lang::Localized;
use paritrana_store::StorageFault;
use serde::Serialize;
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a probe's answer is reused.
pub const PROBE_EVERY: Duration = Duration::from_secs(5);

/// Why the server cannot save.
#[derive(Debug, Clone, Serialize)]
pub struct Fault {
    /// `full`, `read_only`, `io`, or `database` (any other failure of the probe).
    pub reason: &'static str,
    pub message: String,
    pub message_en: String,
}

impl From<StorageFault> for Fault {
    fn from(f: StorageFault) -> Fault {
        Fault {
            reason: f.code(),
            message: f.message(Lang::Id),
            message_en: f.message(Lang::En),
        }
    }
}

/// The last probe's answer, shared by every request.
#[derive(Debug, Default)]
pub struct Health {
    last: Mutex<Option<(Instant, Option<Fault>)>>,
    probing: AtomicBool,
}

impl Health {
    /// The storage fault now, probing when the last answer is older than [`PROBE_EVERY`].
    /// While one request probes, the others get the previous answer.
    pub async fn fault(&self, state: &AppState) -> Option<Fault> {
        let cached = self.last.lock().ok().and_then(|l| l.clone());
        if let Some((at, fault)) = &cached
            && at.elapsed() < PROBE_EVERY
        {
            return fault.clone();
        }
        if self.probing.swap(true, Ordering::AcqRel) {
            return cached.and_then(|c| c.1);
        }
        let probe_state = state.clone();
        let fault = tokio::task::spawn_blocking(move || probe(&probe_state))
            .await
            .unwrap_or_else(|e| {
                Some(Fault {
                    reason: "database",
                    message: format!("pemeriksaan penyimpanan gagal: {e}"),
                    message_en: format!("the storage probe failed: {e}"),
                })
            });
        if let Ok(mut last) = self.last.lock() {
            *last = Some((Instant::now(), fault.clone()));
        }
        self.probing.store(false, Ordering::Release);
        if let Some(f) = &fault {
            tracing::error!(reason = f.reason, "storage probe: the server cannot save");
        }
        fault
    }
}

/// One probe: the data folder, then the database.
fn probe(state: &AppState) -> Option<Fault> {
    let file = state
        .data_dir
        .join(format!(".uji-tulis-{}", std::process::id()));
    let written = paritrana_store::files::create_private(&file)
        .and_then(|mut f| {
            f.write_all(&[0u8; 4096])?;
            f.sync_all()
        })
        .and_then(|_| std::fs::remove_file(&file));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&file);
        return Some(match StorageFault::of_io(&e) {
            Some(f) => f.into(),
            None => StorageFault::Io.into(),
        });
    }
    match state.store.write_probe() {
        Ok(()) => None,
        Err(e) => Some(match e.storage_fault() {
            Some(f) => f.into(),
            None => Fault {
                reason: "database",
                message: format!("basis data tidak dapat ditulis: {e}"),
                message_en: format!("the database cannot be written: {e}"),
            },
        }),
    }
}
