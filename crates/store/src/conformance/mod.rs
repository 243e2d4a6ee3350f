//! The backend conformance suite: checks written once over the [`Store`] trait, run against
//! every backend. A backend's test file names how to open a fresh database and calls
//! [`conformance_suite!`](crate::conformance_suite), which makes one `#[test]` per check:
//!
//! ```ignore
//! struct Sqlite;
//! impl paritrana_store::conformance::Backend for Sqlite { /* fresh() */ }
//! paritrana_store::conformance_suite!(Sqlite);
//! ```
//!
//! The checks only use the traits, never the backend's SQL, so two backends that pass them
//! give the same answers: the same outcomes of an import, the same coverage counts, the same
//! audit trail. The concurrency checks open a second handle on the same database, as a
//! second server process or a command run beside the server would.
//!
//! Compiled with the `conformance` feature (backends enable it for their tests).

mod award;
mod award_certificates;
pub mod award_data;
mod concurrency;
mod data;
mod registry;
mod trail;
mod transfers;

pub use award::{
    a_provincial_round_is_stored_scored_closed_and_reproduced,
    nominees_go_to_the_national_round_and_the_chair_decides,
};
pub use award_certificates::{
    a_published_provincial_round_gives_each_winner_one_certificate_once,
    national_certificates_follow_the_chair_s_decisions,
};
pub use concurrency::{
    an_import_while_coverage_is_read_is_seen_whole_or_not_at_all,
    two_audit_appends_at_once_keep_one_chain, two_imports_at_once_both_land,
};
pub use registry::{
    a_dry_run_stores_nothing, an_import_is_read_back_and_counted,
    targets_are_kept_and_replaced_with_history, the_version_moves_with_every_commit,
};
pub use trail::{
    accounts_are_unique_and_audited, the_trail_is_one_verified_chain_and_finds_a_worker_by_key,
};
pub use transfers::a_transfer_is_asked_decided_and_moves_the_worker_and_the_coverage;

use crate::Store;
use std::any::Any;
use std::sync::Arc;

/// Runs one SQL statement directly on a database; the error as text.
pub type RawSql = dyn Fn(&str) -> Result<(), String> + Send + Sync;

/// A new, empty, migrated database of one backend.
pub struct Fresh {
    pub store: Arc<dyn Store>,
    /// Opens another handle on the same database (another connection pool, as another process
    /// would hold).
    pub another: Box<dyn Fn() -> Arc<dyn Store> + Send + Sync>,
    /// Runs one SQL statement on the database behind the store's back, as someone holding the
    /// database would: the checks that stored history cannot be rewritten use it. The
    /// statements are plain SQL (`UPDATE t SET c = 1`, `DELETE FROM t`).
    pub raw: Box<RawSql>,
    /// Whatever must live as long as the database (a temporary directory, a test server).
    pub keep: Box<dyn Any + Send + Sync>,
}

/// A backend under test.
pub trait Backend {
    /// A new, empty database.
    fn fresh(&self) -> Fresh;
}

/// Makes one `#[test]` per conformance check for the backend `$backend` (an expression of a
/// type implementing [`Backend`]).
#[macro_export]
macro_rules! conformance_suite {
    ($backend:expr) => {
        $crate::conformance_suite!(@each $backend;
            an_import_is_read_back_and_counted,
            a_dry_run_stores_nothing,
            the_version_moves_with_every_commit,
            targets_are_kept_and_replaced_with_history,
            accounts_are_unique_and_audited,
            the_trail_is_one_verified_chain_and_finds_a_worker_by_key,
            two_imports_at_once_both_land,
            an_import_while_coverage_is_read_is_seen_whole_or_not_at_all,
            a_transfer_is_asked_decided_and_moves_the_worker_and_the_coverage,
            a_provincial_round_is_stored_scored_closed_and_reproduced,
            nominees_go_to_the_national_round_and_the_chair_decides,
            a_published_provincial_round_gives_each_winner_one_certificate_once,
            national_certificates_follow_the_chair_s_decisions,
            two_audit_appends_at_once_keep_one_chain
        );
    };
    (@each $backend:expr; $($check:ident),+ $(,)?) => {
        $(
            #[test]
            fn $check() {
                $crate::conformance::$check(&$backend);
            }
        )+
    };
}
