//! The transfer steps, written once for every backend: load what the rule needs, ask
//! `paritrana_core::transfer`, write through the backend's primitives, audit both sides — all
//! inside one write transaction ([`TransferData::transfer_unit`]).
//!
//! A backend implements [`TransferData`] (the transaction) and [`TransferUnit`] (reads and
//! writes of rows, no decisions), and its [`TransferStore`](super::TransferStore) methods
//! `request_transfer` and `decide_transfer` call [`request`] and [`decide`].

use super::{NewTransfer, TransferError, TransferRecord};
use crate::audit::{Actor, AuditEntry};
use crate::{StoreError, WorkerRecord};
use chrono::NaiveDate;
use paritrana_core::nik::Nik;
use paritrana_core::region::RegionCode;
use paritrana_core::transfer::{self, Decision, MovePlan, TransferProblem, TransferStatus};
use paritrana_core::worker::Enrolment;

/// The reads and writes of one transfer step, inside the step's transaction. They decide
/// nothing: every check is the service's.
pub trait TransferUnit {
    /// The worker with this NIK and all their periods, oldest first.
    fn worker(&mut self, nik: Nik) -> Result<Option<WorkerRecord>, StoreError>;

    fn transfer(&mut self, id: i64) -> Result<Option<TransferRecord>, StoreError>;

    /// The pending transfer of this worker, if any.
    fn pending_of(&mut self, nik: Nik) -> Result<Option<i64>, StoreError>;

    /// Stores a pending request made by `actor` now; returns its id.
    fn insert_request(
        &mut self,
        nik: Nik,
        from: RegionCode,
        to: RegionCode,
        reason: &str,
        actor: &Actor,
    ) -> Result<i64, StoreError>;

    /// Stores the decision on transfer `id`, made by `actor` now.
    fn set_decision(
        &mut self,
        id: i64,
        status: TransferStatus,
        note: Option<&str>,
        effective: Option<NaiveDate>,
        actor: &Actor,
    ) -> Result<(), StoreError>;

    /// Executes a move: the periods `plan.revised` keep their former version in the period
    /// history and get their new end, `plan.added` are inserted, the worker's former village is
    /// kept in the worker history and the worker lives in `to`, the coverage aggregates take
    /// `plan.deltas`.
    fn move_worker(&mut self, nik: Nik, to: RegionCode, plan: &MovePlan) -> Result<(), StoreError>;

    /// The keyed hash of a NIK, for the audit trail.
    fn nik_key(&mut self, nik: Nik) -> Result<String, StoreError>;

    /// Appends an entry to the audit chain.
    fn audit(&mut self, actor: &Actor, entry: &AuditEntry) -> Result<(), StoreError>;
}

/// What a backend provides to run a transfer step.
pub trait TransferData {
    /// Runs `step` in one write transaction: committed when it returns `Ok`, rolled back
    /// (nothing written, no audit entry) when it returns an error.
    fn transfer_unit(
        &self,
        step: &mut dyn FnMut(&mut dyn TransferUnit) -> Result<TransferRecord, TransferError>,
    ) -> Result<TransferRecord, TransferError>;
}

fn worker_view(w: &Option<WorkerRecord>) -> Option<(RegionCode, &[Enrolment])> {
    w.as_ref().map(|w| (w.person.village, w.periods.as_slice()))
}

/// Records a request after checking it against the registry as it is now
/// ([`transfer::check_request`]); a worker can have one pending transfer at a time.
pub fn request(
    data: &dyn TransferData,
    new: &NewTransfer,
    today: NaiveDate,
    actor: &Actor,
) -> Result<TransferRecord, TransferError> {
    data.transfer_unit(&mut |unit| {
        let worker = unit.worker(new.nik)?;
        transfer::check_request(
            worker_view(&worker),
            new.to_village,
            new.requester_scope,
            &new.reason,
            today,
        )
        .map_err(TransferError::Rule)?;
        if let Some(id) = unit.pending_of(new.nik)? {
            return Err(TransferError::Rule(TransferProblem::AlreadyPending { id }));
        }
        let from = worker
            .as_ref()
            .map(|w| w.person.village)
            .ok_or(TransferError::Rule(TransferProblem::NotRegistered))?;
        let id = unit.insert_request(new.nik, from, new.to_village, new.reason.trim(), actor)?;
        let t = unit.transfer(id)?.ok_or(TransferError::NotFound)?;
        let key = unit.nik_key(t.nik)?;
        let step = serde_json::json!({ "reason": t.reason });
        for e in audit_entries(&t, "transfer.request", &key, &step) {
            unit.audit(actor, &e)?;
        }
        Ok(t)
    })
}

/// Decides a pending transfer. An approval checks that the worker still lives where the
/// request found them and is active ([`transfer::check_approval`]), then moves them on `today`
/// ([`transfer::move_plan`]).
pub fn decide(
    data: &dyn TransferData,
    id: i64,
    decision: Decision,
    note: Option<&str>,
    today: NaiveDate,
    actor: &Actor,
) -> Result<TransferRecord, TransferError> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    data.transfer_unit(&mut |unit| {
        let t = unit.transfer(id)?.ok_or(TransferError::NotFound)?;
        if t.status != TransferStatus::Pending {
            return Err(TransferError::Rule(TransferProblem::NotPending {
                status: t.status,
            }));
        }
        let effective = if decision == Decision::Approve {
            let worker = unit.worker(t.nik)?;
            transfer::check_approval(t.from_village, worker_view(&worker), today)
                .map_err(TransferError::Rule)?;
            if let Some(w) = worker {
                let plan = transfer::move_plan(w.person.village, &w.periods, t.to_village, today);
                unit.move_worker(t.nik, t.to_village, &plan)?;
            }
            Some(today)
        } else {
            None
        };
        unit.set_decision(id, decision.outcome(), note, effective, actor)?;
        let t = unit.transfer(id)?.ok_or(TransferError::NotFound)?;
        let key = unit.nik_key(t.nik)?;
        let step = serde_json::json!({ "note": note, "effective": effective });
        for e in audit_entries(&t, decision.audit_action(), &key, &step) {
            unit.audit(actor, &e)?;
        }
        Ok(t)
    })
}

/// The audit entries of one step of `t`: one for the region the worker leaves, one for the
/// region they join, both naming the worker by masked NIK and by keyed hash (`key`). Imports
/// that move workers directly write the same entries (action `transfer.import`).
pub fn audit_entries(
    t: &TransferRecord,
    action: &str,
    key: &str,
    step: &serde_json::Value,
) -> [AuditEntry; 2] {
    [("out", t.from_village), ("in", t.to_village)].map(|(side, region)| {
        let mut e = AuditEntry::new(action)
            .object(format!("transfer:{}", t.id))
            .detail(serde_json::json!({
                "side": side,
                "worker": t.nik.masked(),
                "from": t.from_village.to_string(),
                "to": t.to_village.to_string(),
                "status": t.status.code(),
                "step": step,
            }));
        e.object_key = Some(key.to_string());
        e.region = Some(region.to_string());
        e
    })
}
