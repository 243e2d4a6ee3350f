//! Accounts and access: who may do what, where. Roles, the region scope of an account, the
//! one authorisation rule ([`policy::authorize`]) that pages, the API and the CLI all consult,
//! user-name and password rules, and the login-throttling rule.
//!
//! No hashing, storage or HTTP here: those live in the web and store crates. This module only
//! decides.

pub mod password;
pub mod policy;
pub mod role;
pub mod scope;
pub mod throttle;
pub mod username;

pub use policy::{Action, Denied, Principal, authorize};
pub use role::Role;
pub use scope::Scope;
pub use username::Username;
