//! What the award store tests share: the conformance suite's accounts, values on a scale and
//! whole score sheets (`paritrana_store::conformance::award_data`).

#![allow(unused_imports)]

pub use paritrana_store::conformance::award_data::*;
