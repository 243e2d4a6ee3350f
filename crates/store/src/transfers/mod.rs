//! Transfers of workers between regions (*pemindahan*): the types and the [`TransferStore`]
//! trait. The rule (who holds a worker, what a request and an approval need) is
//! `paritrana_core::transfer`; the access rule is `paritrana_core::auth::authorize` and is the
//! caller's to ask before calling here. Every step writes its audit entries — one for the
//! region the worker leaves, one for the region they join — in the same transaction.
//!
//! The steps themselves (check the request or the approval against the registry, write, move
//! the worker, audit) are written once in [`service`], over the primitives of
//! [`TransferUnit`]; a backend implements those and calls the service.

pub mod service;

pub use service::{TransferData, TransferUnit};

use crate::StoreError;
use crate::audit::Actor;
use chrono::NaiveDate;
use paritrana_core::auth::Scope;
use paritrana_core::lang::{Lang, Localized};
use paritrana_core::nik::Nik;
use paritrana_core::region::RegionCode;
use paritrana_core::transfer::{Decision, TransferProblem, TransferStatus};
use serde::Serialize;

/// A request for a worker held elsewhere to move into the requester's region.
#[derive(Debug, Clone)]
pub struct NewTransfer {
    pub nik: Nik,
    /// The desa/kelurahan the worker moves to.
    pub to_village: RegionCode,
    pub reason: String,
    /// The requesting account's scope (it must contain `to_village`; the worker must live
    /// outside it).
    pub requester_scope: Scope,
}

/// A stored transfer.
#[derive(Debug, Clone, Serialize)]
pub struct TransferRecord {
    pub id: i64,
    pub nik: Nik,
    /// The worker's village when the transfer was asked for (the holding region).
    pub from_village: RegionCode,
    pub to_village: RegionCode,
    pub reason: String,
    pub status: TransferStatus,
    pub requested_by: String,
    pub requested_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    /// The decider's note (why a transfer was refused).
    pub note: Option<String>,
    /// The first day in the new region (approved and imported transfers).
    pub effective: Option<NaiveDate>,
    /// The import that moved the worker directly (status `imported`).
    pub import_id: Option<i64>,
}

/// Which transfers to list.
#[derive(Debug, Clone, Copy)]
pub struct TransferFilter {
    /// Transfers with either side inside this scope.
    pub within: Scope,
    pub status: Option<TransferStatus>,
    pub limit: u32,
}

/// Which transfers a region's page shows (`/wilayah/{code}`): those with either side inside the
/// region (its sub-regions included), and, for a viewer whose scope does not cover the region,
/// with either side inside the viewer's scope as well (the transfers between the two).
#[derive(Debug, Clone, Copy)]
pub struct RegionTransferQuery {
    pub region: RegionCode,
    /// The viewer's scope when it does not cover `region`; `None` for all of the region's.
    pub viewer: Option<Scope>,
    /// At most this many pending transfers, newest first.
    pub pending_limit: u32,
    /// At most this many decided ones (approved, refused, cancelled, imported), latest decision
    /// first.
    pub decided_limit: u32,
}

/// The transfers of a region, read in one transaction.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegionTransfers {
    /// How many transfers are pending in all (`pending` may hold fewer).
    pub pending_count: u64,
    pub pending: Vec<TransferRecord>,
    pub decided: Vec<TransferRecord>,
}

/// Why a transfer step did not happen.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("{}", .0.message(Lang::En))]
    Rule(TransferProblem),
    #[error("no such transfer")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Localized for TransferError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TransferError::Rule(p), _) => p.message(lang),
            (TransferError::NotFound, Lang::Id) => "pemindahan tidak ditemukan".into(),
            (TransferError::NotFound, Lang::En) => "transfer not found".into(),
            (TransferError::Store(e), Lang::Id) => format!("gagal menyimpan: {e}"),
            (TransferError::Store(e), Lang::En) => format!("could not store: {e}"),
        }
    }
}

/// Storage of transfers.
pub trait TransferStore {
    /// Records a pending request (audited `transfer.request`), after checking it with
    /// `paritrana_core::transfer::check_request` against the registry as it is now.
    fn request_transfer(
        &self,
        new: &NewTransfer,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<TransferRecord, TransferError>;

    /// Decides a pending transfer. On approval, in one transaction: the worker's running period
    /// is closed on the day before `today` and continued from `today`, the worker moves to the
    /// new village with all their periods, the coverage aggregates follow, and the audit entries
    /// are written.
    fn decide_transfer(
        &self,
        id: i64,
        decision: Decision,
        note: Option<&str>,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<TransferRecord, TransferError>;

    fn transfer(&self, id: i64) -> Result<Option<TransferRecord>, StoreError>;

    /// Transfers matching the filter, newest first.
    fn transfers(&self, filter: &TransferFilter) -> Result<Vec<TransferRecord>, StoreError>;

    /// A region's transfers for its page: the count of pending ones, the newest pending and the
    /// latest decided.
    fn region_transfers(&self, query: &RegionTransferQuery) -> Result<RegionTransfers, StoreError>;
}
