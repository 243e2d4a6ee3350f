//! Names of award things: numeric ids of entries, assessors and panels, the short codes of
//! categories, indicator groups and indicators, companies, and the bilingual [`Label`].
//!
//! Codes are typed by the secretariat and printed on score sheets, so they are short and plain:
//! 1–24 characters of `A–Z`, `0–9`, `_`, `.` and `-`, upper case (input is upper-cased).

use crate::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Nomor pendaftaran — an entry's registration number in its cycle. Lower numbers registered
/// earlier; the last tie-break of a ranking relies on that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(pub u32);

/// An assessor, by the id of their account (role [`crate::auth::Role::Assessor`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AssessorId(pub i64);

/// A panel (tim penilai) of one cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PanelId(pub u32);

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

impl fmt::Display for AssessorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "asesor {}", self.0)
    }
}

impl fmt::Display for PanelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tim {}", self.0)
    }
}

/// Why a text is not a code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a code (1–24 characters: letters, digits, `_`, `.`, `-`)")]
pub struct CodeError(pub String);

impl crate::lang::Localized for CodeError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Id => format!(
                "`{}` bukan kode (1–24 karakter: huruf, angka, `_`, `.`, `-`)",
                self.0
            ),
            Lang::En => self.to_string(),
        }
    }
}

fn parse_code(input: &str) -> Result<String, CodeError> {
    let s = input.trim().to_ascii_uppercase();
    let ok = (1..=24).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if ok {
        Ok(s)
    } else {
        Err(CodeError(input.to_string()))
    }
}

macro_rules! code_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Upper-cases and checks the shape of a code.
            pub fn parse(input: &str) -> Result<$name, CodeError> {
                parse_code(input).map($name)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// A code written into the product's defaults (checked in debug builds).
            #[allow(dead_code)] // not every kind of code has built-in values
            pub(crate) fn builtin(code: &str) -> $name {
                debug_assert_eq!(parse_code(code).as_deref(), Ok(code));
                $name(code.to_string())
            }
        }

        impl TryFrom<String> for $name {
            type Error = CodeError;
            fn try_from(s: String) -> Result<$name, CodeError> {
                $name::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(c: $name) -> String {
                c.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

code_newtype!(
    /// Kategori penghargaan — e.g. `PEMKAB`, `BU_MIKRO`.
    CategoryCode
);
code_newtype!(
    /// A group of indicators, e.g. `A` (coverage).
    GroupCode
);
code_newtype!(
    /// An indicator, e.g. `A1` (UCJ coverage on the cut-off date).
    IndicatorCode
);
code_newtype!(
    /// A company, as named on business operator accounts (`Account::company`), e.g. an NPWP or
    /// a BPJS employer number.
    CompanyId
);

impl CompanyId {
    /// The company packed into a fixed array, so that access-rule actions naming it stay `Copy`
    /// (see [`crate::auth::Action::EnterAward`]). Codes are at most 24 ASCII bytes, so the key
    /// is exact: two keys are equal exactly when the codes are.
    pub fn key(&self) -> CompanyKey {
        let mut bytes = [0u8; 24];
        bytes[..self.0.len()].copy_from_slice(self.0.as_bytes());
        CompanyKey(bytes)
    }
}

/// A [`CompanyId`] as a `Copy` value, for the access rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CompanyKey([u8; 24]);

impl CompanyKey {
    /// The key of a company as typed on an account (`None` when it is not a valid code).
    pub fn parse(input: &str) -> Option<CompanyKey> {
        CompanyId::parse(input).ok().map(|c| c.key())
    }
}

/// A text in both product languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub id: String,
    pub en: String,
}

impl Label {
    pub fn new(id: &str, en: &str) -> Label {
        Label {
            id: id.to_string(),
            en: en.to_string(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }

    /// Whether either language is blank.
    pub fn is_incomplete(&self) -> bool {
        self.id.trim().is_empty() || self.en.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_upper_cased_and_checked() {
        assert_eq!(IndicatorCode::parse(" a1 ").unwrap().as_str(), "A1");
        assert_eq!(
            CategoryCode::parse("bu_mikro").unwrap().as_str(),
            "BU_MIKRO"
        );
        assert!(IndicatorCode::parse("").is_err());
        assert!(IndicatorCode::parse("A 1").is_err());
        assert!(IndicatorCode::parse(&"X".repeat(25)).is_err());
        let json: Result<IndicatorCode, _> = serde_json::from_str("\"A/1\"");
        assert!(json.is_err());
        let npwp = CompanyId::parse("npwp-1").unwrap();
        assert_eq!(CompanyKey::parse(" NPWP-1"), Some(npwp.key()));
        assert_ne!(CompanyKey::parse("NPWP-12"), Some(npwp.key()));
        assert_eq!(CompanyKey::parse("no spaces allowed"), None);
    }
}
