//! Paritrana's application services: the use cases that the web layer (`paritrana-web`) and the
//! command line (`paritrana`) share, written once below both. Each loads through the store,
//! asks core, writes through the store and returns domain errors — never an HTTP status or a
//! page. What lives here:
//!
//! - [`coverage`], [`coverage_table`]: coverage questions answered from the store (parameters,
//!   answers, the table every export format is written from); [`query_date`] bounds the dates
//!   they take;
//! - [`accounts`] with [`password`] and [`secret`]: creating and changing accounts, password
//!   hashing in a bounded pool, one-time secrets;
//! - [`audit_view`]: audit trail filters, text and CSV;
//! - [`award_cycle`]: an award cycle's parts read at one moment; [`award_figures`]: the computed
//!   indicators taken from the registry and the figures the secretariat types;
//! - [`imports`]: a file through its pipeline, the previews, jobs and problem reports kept
//!   between a dry run and its commit;
//! - [`nik_report`]: a NIK check as shown to people and programs.

pub mod accounts;
pub mod audit_view;
pub mod award_cycle;
pub mod award_figures;
pub mod coverage;
pub mod coverage_table;
pub mod imports;
pub mod nik_report;
pub mod password;
pub mod query_date;
pub mod secret;
