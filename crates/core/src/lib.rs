//! Paritrana's domain: Indonesia's region tree, NIK rules, the codes of the product (segments,
//! categories, sectors, funding sources, programmes), worker records and their coverage periods,
//! contribution rules and budget plans, the validation of imported rows, UCJ targets (the
//! denominator of coverage), the Paritrana Award's frameworks and scoring, and the synthetic
//! data generator.
//!
//! This crate does no I/O: callers hand it text, cells and dates and get typed values or typed
//! errors back. Storage lives in `paritrana-store`, file formats in `paritrana-sheets`.

pub mod auth;
pub mod award;
pub mod codes;
pub mod contribution;
pub mod coverage;
pub mod date;
pub mod generate;
pub mod import;
pub mod lang;
pub mod nik;
pub mod region;
pub mod registry;
pub mod target;
pub mod text;
pub mod transfer;
pub mod worker;

pub use lang::Lang;
