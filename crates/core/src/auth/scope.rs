//! The region an account may act in: the whole nation, or one region and everything below it.

use crate::region::{RegionCode, RegionCodeError};
use serde::{Serialize, Serializer};

/// Where an account may act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Nasional — every region.
    National,
    /// One region (province, kab/kota, kecamatan or desa) and its subtree.
    Region(RegionCode),
}

impl Scope {
    /// Parses `nasional`/`national`/`ID` or a region code (dotted or not). Whether the code is
    /// a real region is for the caller to check against the tree.
    pub fn parse(input: &str) -> Result<Scope, RegionCodeError> {
        let s = input.trim();
        if s.is_empty()
            || s.eq_ignore_ascii_case("nasional")
            || s.eq_ignore_ascii_case("national")
            || s.eq_ignore_ascii_case("id")
        {
            return Ok(Scope::National);
        }
        RegionCode::parse(s).map(Scope::Region)
    }

    /// Is `region` inside this scope?
    pub fn contains(self, region: RegionCode) -> bool {
        match self {
            Scope::National => true,
            Scope::Region(root) => region.is_within(root),
        }
    }

    /// Is all of `other` inside this scope (a narrower or equal scope)?
    pub fn covers(self, other: Scope) -> bool {
        match other {
            Scope::National => self == Scope::National,
            Scope::Region(r) => self.contains(r),
        }
    }

    /// The stored form: `""` for the nation, the dotted code otherwise.
    pub fn stored(self) -> String {
        match self {
            Scope::National => String::new(),
            Scope::Region(r) => r.to_string(),
        }
    }

    pub fn region(self) -> Option<RegionCode> {
        match self {
            Scope::National => None,
            Scope::Region(r) => Some(r),
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::National => f.write_str("nasional"),
            Scope::Region(r) => write!(f, "{r}"),
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn a_kabupaten_scope_holds_its_villages_and_not_its_neighbours() {
        let paser = Scope::parse("64.01").unwrap();
        assert!(paser.contains(code("64.01")));
        assert!(paser.contains(code("64.01.01.2001")));
        assert!(!paser.contains(code("64.02")));
        assert!(!paser.contains(code("64")));
        assert!(Scope::National.contains(code("11.01")));
        assert!(Scope::parse("nasional").unwrap().covers(paser));
        assert!(!paser.covers(Scope::National));
        assert!(Scope::parse("64").unwrap().covers(paser));
    }
}
