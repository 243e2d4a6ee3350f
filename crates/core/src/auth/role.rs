//! The roles of an account (DOMAIN: who uses Paritrana). The public is not a role: it is the
//! absence of an account ([`super::Principal::Public`]).

use crate::Lang;
use serde::{Deserialize, Serialize};

/// What an account is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Administrator: manages accounts and reads the audit trail; full access in the nation.
    Admin,
    /// Petugas BPJS Ketenagakerjaan: reads everything in scope, reconciles lists.
    BpjsOfficer,
    /// Operator Pemda (Disnaker, DPMD, desa): manages workers, targets and award entries of the
    /// scope region and the regions below it.
    PemdaOperator,
    /// Asesor: scores the award entries assigned to their panel.
    Assessor,
    /// Operator badan usaha: manages their own company's award entry and CSR-funded workers.
    BusinessOperator,
}

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::Admin,
        Role::BpjsOfficer,
        Role::PemdaOperator,
        Role::Assessor,
        Role::BusinessOperator,
    ];

    /// The stored and typed code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::BpjsOfficer => "bpjs_officer",
            Role::PemdaOperator => "pemda_operator",
            Role::Assessor => "assessor",
            Role::BusinessOperator => "business_operator",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Admin, Lang::Id) => "Administrator",
            (Role::Admin, Lang::En) => "Administrator",
            (Role::BpjsOfficer, Lang::Id) => "Petugas BPJS Ketenagakerjaan",
            (Role::BpjsOfficer, Lang::En) => "BPJS Ketenagakerjaan officer",
            (Role::PemdaOperator, Lang::Id) => "Operator Pemda",
            (Role::PemdaOperator, Lang::En) => "Regional government operator",
            (Role::Assessor, Lang::Id) => "Asesor penilaian",
            (Role::Assessor, Lang::En) => "Award assessor",
            (Role::BusinessOperator, Lang::Id) => "Operator badan usaha",
            (Role::BusinessOperator, Lang::En) => "Business operator",
        }
    }

    /// Parses a code or a common alias (`bpjs`, `operator`, `pemda`, `business`, `asesor`).
    pub fn parse(input: &str) -> Option<Role> {
        let s = input.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Some(match s.as_str() {
            "admin" | "administrator" => Role::Admin,
            "bpjs_officer" | "bpjs" | "petugas_bpjs" => Role::BpjsOfficer,
            "pemda_operator" | "pemda" | "operator" | "operator_pemda" => Role::PemdaOperator,
            "assessor" | "asesor" => Role::Assessor,
            "business_operator" | "business" | "badan_usaha" | "perusahaan" => {
                Role::BusinessOperator
            }
            _ => return None,
        })
    }

    /// A business operator acts for one company, which the account must name.
    pub fn needs_company(self) -> bool {
        self == Role::BusinessOperator
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_parses_from_its_code() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(*r));
        }
        assert_eq!(Role::parse("Operator"), Some(Role::PemdaOperator));
        assert_eq!(Role::parse("superuser"), None);
    }
}
