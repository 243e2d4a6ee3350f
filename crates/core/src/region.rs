//! Indonesia's administrative region tree (Kemendagri codes): provinces, kabupaten/kota,
//! kecamatan and desa/kelurahan, with lookup by code and by name.
//!
//! The tree is built from the text of `data/regions.csv` (the caller reads or embeds the file);
//! this module holds no file access of its own.

use crate::text::{fold, fold_words};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// The four levels of the tree, plus the nation at the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The whole of Indonesia.
    Nation,
    /// Provinsi.
    Province,
    /// Kabupaten or kota.
    Regency,
    /// Kecamatan.
    District,
    /// Desa or kelurahan.
    Village,
}

impl Level {
    /// Parses `province`/`provinsi`, `regency`/`kabkota`/`kabupaten`/`kota`, `district`/`kecamatan`,
    /// `village`/`desa`/`kelurahan`, `nation`/`nasional`.
    pub fn parse(s: &str) -> Option<Level> {
        match fold(s).as_str() {
            "nation" | "nasional" | "national" | "indonesia" => Some(Level::Nation),
            "province" | "provinsi" | "prov" => Some(Level::Province),
            "regency" | "kabkota" | "kabupaten" | "kota" | "kab" | "city" => Some(Level::Regency),
            "district" | "kecamatan" | "kec" => Some(Level::District),
            "village" | "desa" | "kelurahan" | "kel" | "desakelurahan" => Some(Level::Village),
            _ => None,
        }
    }

    /// The level's name in Bahasa Indonesia.
    pub fn label_id(self) -> &'static str {
        match self {
            Level::Nation => "Nasional",
            Level::Province => "Provinsi",
            Level::Regency => "Kabupaten/Kota",
            Level::District => "Kecamatan",
            Level::Village => "Desa/Kelurahan",
        }
    }

    /// How many undotted digits a code of this level has.
    pub fn digits(self) -> usize {
        match self {
            Level::Nation => 0,
            Level::Province => 2,
            Level::Regency => 4,
            Level::District => 6,
            Level::Village => 10,
        }
    }

    /// The level one step down, if any.
    pub fn child(self) -> Option<Level> {
        match self {
            Level::Nation => Some(Level::Province),
            Level::Province => Some(Level::Regency),
            Level::Regency => Some(Level::District),
            Level::District => Some(Level::Village),
            Level::Village => None,
        }
    }
}

/// A Kemendagri region code, held as its undotted digits (`6401012001`). The number of digits
/// tells the level, since no province code starts with 0. The nation is code 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(u64);

/// Why a region typed by a user could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionLookupError {
    #[error("no region `{0}`")]
    NotFound(String),
    #[error("`{0}` names several regions: {list}", list = .1.join(", "))]
    Ambiguous(String, Vec<String>),
}

impl crate::lang::Localized for RegionLookupError {
    fn message(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        match (self, lang) {
            (RegionLookupError::NotFound(t), Lang::Id) => format!("wilayah `{t}` tidak ditemukan"),
            (RegionLookupError::NotFound(t), Lang::En) => format!("no region `{t}`"),
            (RegionLookupError::Ambiguous(t, m), Lang::Id) => {
                format!(
                    "`{t}` cocok dengan beberapa wilayah, pakai kodenya: {}",
                    m.join(", ")
                )
            }
            (RegionLookupError::Ambiguous(t, m), Lang::En) => {
                format!(
                    "`{t}` names several regions, use the code: {}",
                    m.join(", ")
                )
            }
        }
    }
}

/// Why a text is not a region code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionCodeError {
    /// Not digits and dots in the 2/2/2/4 pattern.
    #[error("`{0}` is not a region code (expected 64, 64.01, 64.01.01 or 64.01.01.2001)")]
    Malformed(String),
}

impl RegionCode {
    /// The whole nation (root of the tree).
    pub const NATION: RegionCode = RegionCode(0);

    /// Parses a dotted (`64.01.01.2001`) or undotted (`6401012001`) code. Only the shape is
    /// checked here; whether the region exists is the tree's business.
    pub fn parse(input: &str) -> Result<RegionCode, RegionCodeError> {
        let s = input.trim();
        let bad = || RegionCodeError::Malformed(input.to_string());
        let digits: String = if s.contains('.') {
            let parts: Vec<&str> = s.split('.').collect();
            let widths = [2usize, 2, 2, 4];
            if parts.len() > 4 || parts.iter().zip(widths).any(|(p, w)| p.len() != w) {
                return Err(bad());
            }
            parts.concat()
        } else {
            s.to_string()
        };
        if !matches!(digits.len(), 2 | 4 | 6 | 10) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if digits.starts_with('0') {
            return Err(bad());
        }
        digits.parse::<u64>().map(RegionCode).map_err(|_| bad())
    }

    /// Builds a code from its undotted number, checking only the digit count.
    pub fn from_u64(n: u64) -> Option<RegionCode> {
        let code = RegionCode(n);
        (n == 0 || matches!(code.digit_count(), 2 | 4 | 6 | 10)).then_some(code)
    }

    /// The undotted number (`6401012001`).
    pub fn as_u64(self) -> u64 {
        self.0
    }

    fn digit_count(self) -> usize {
        if self.0 == 0 {
            0
        } else {
            self.0.ilog10() as usize + 1
        }
    }

    /// The level of the region this code names.
    pub fn level(self) -> Level {
        match self.digit_count() {
            0 => Level::Nation,
            2 => Level::Province,
            4 => Level::Regency,
            6 => Level::District,
            _ => Level::Village,
        }
    }

    /// The code of the parent region (the nation for a province, `None` for the nation).
    pub fn parent(self) -> Option<RegionCode> {
        match self.level() {
            Level::Nation => None,
            Level::Province => Some(RegionCode::NATION),
            Level::Village => Some(RegionCode(self.0 / 10_000)),
            _ => Some(RegionCode(self.0 / 100)),
        }
    }

    /// The ancestor at `level` (itself when `level` is its own), or `None` if `level` is lower.
    pub fn ancestor(self, level: Level) -> Option<RegionCode> {
        let mut code = self;
        while code.level() > level {
            code = code.parent()?;
        }
        (code.level() == level).then_some(code)
    }

    /// Whether `self` is `other` or lies below it.
    pub fn is_within(self, other: RegionCode) -> bool {
        self.ancestor(other.level()) == Some(other)
    }

    /// The range of undotted village codes below this region, for range queries in a store.
    pub fn village_range(self) -> std::ops::RangeInclusive<u64> {
        let missing = Level::Village.digits() - self.digit_count();
        if self.0 == 0 {
            return 0..=u64::MAX;
        }
        let scale = 10u64.pow(missing as u32);
        self.0 * scale..=self.0 * scale + scale - 1
    }

    /// The undotted text (`6401012001`); empty for the nation.
    pub fn undotted(self) -> String {
        if self.0 == 0 {
            String::new()
        } else {
            self.0.to_string()
        }
    }
}

impl fmt::Display for RegionCode {
    /// The dotted form (`64.01.01.2001`); `ID` for the nation.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.undotted();
        match s.len() {
            0 => f.write_str("ID"),
            2 => f.write_str(&s),
            4 => write!(f, "{}.{}", &s[..2], &s[2..]),
            6 => write!(f, "{}.{}.{}", &s[..2], &s[2..4], &s[4..]),
            _ => write!(f, "{}.{}.{}.{}", &s[..2], &s[2..4], &s[4..6], &s[6..]),
        }
    }
}

impl Serialize for RegionCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Reads the dotted or undotted form written by [`Serialize`] (`ID` or an empty text for the
/// nation), so stored records that name a region can be read back.
impl<'de> serde::Deserialize<'de> for RegionCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RegionCode, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        let t = text.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("ID") {
            return Ok(RegionCode::NATION);
        }
        RegionCode::parse(t).map_err(serde::de::Error::custom)
    }
}

/// Kabupaten vs kota, desa vs kelurahan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RegionKind {
    Kabupaten,
    Kota,
    Desa,
    Kelurahan,
}

/// One region of the tree.
#[derive(Debug, Clone, Serialize)]
pub struct Region {
    pub code: RegionCode,
    pub level: Level,
    /// The official name, e.g. "Kabupaten Paser".
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<RegionKind>,
    /// The name without its "Kabupaten"/"Kota" prefix, folded, for matching.
    #[serde(skip)]
    key: String,
}

/// Why the region file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RegionTreeError {
    #[error("regions file, line {line}: {reason}")]
    Row { line: u64, reason: String },
    #[error("regions file: {0}")]
    Csv(#[from] csv::Error),
}

/// The whole tree, indexed by code, with children lists and a name index.
#[derive(Debug, Clone)]
pub struct RegionTree {
    regions: Vec<Region>,
    by_code: HashMap<RegionCode, usize>,
    children: HashMap<RegionCode, Vec<usize>>,
    nation: Region,
}

/// A match from [`RegionTree::find`], best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchQuality {
    Exact,
    Prefix,
    Contains,
}

/// Strips a type prefix ("Kab.", "Kabupaten", "Kota", "Kec.", "Desa", "Kel.", "Provinsi") and
/// returns the level/kind it implies together with the folded rest.
fn split_prefix(words: &str) -> (Option<Level>, Option<RegionKind>, String) {
    const PREFIXES: &[(&str, Level, Option<RegionKind>)] = &[
        ("kabupaten", Level::Regency, Some(RegionKind::Kabupaten)),
        ("kab", Level::Regency, Some(RegionKind::Kabupaten)),
        ("kota administrasi", Level::Regency, Some(RegionKind::Kota)),
        ("kota adm", Level::Regency, Some(RegionKind::Kota)),
        ("kota", Level::Regency, Some(RegionKind::Kota)),
        ("kecamatan", Level::District, None),
        ("kec", Level::District, None),
        ("kelurahan", Level::Village, Some(RegionKind::Kelurahan)),
        ("kel", Level::Village, Some(RegionKind::Kelurahan)),
        ("desa", Level::Village, Some(RegionKind::Desa)),
        ("provinsi", Level::Province, None),
        ("prov", Level::Province, None),
    ];
    for (prefix, level, kind) in PREFIXES {
        if let Some(rest) = words.strip_prefix(prefix)
            && let Some(rest) = rest.strip_prefix(' ')
        {
            return (Some(*level), *kind, rest.replace(' ', ""));
        }
    }
    (None, None, words.replace(' ', ""))
}

impl RegionTree {
    /// Reads the `code,parent_code,level,name,kind` CSV of `data/regions.csv`.
    pub fn from_csv(text: &str) -> Result<RegionTree, RegionTreeError> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut regions = Vec::with_capacity(92_000);
        for (i, record) in reader.records().enumerate() {
            let record = record?;
            let line = i as u64 + 2;
            let bad = |reason: String| RegionTreeError::Row { line, reason };
            let code =
                RegionCode::parse(record.get(0).unwrap_or("")).map_err(|e| bad(e.to_string()))?;
            let name = record.get(3).unwrap_or("").trim().to_string();
            if name.is_empty() {
                return Err(bad("empty name".into()));
            }
            let kind = match record.get(4).unwrap_or("").trim() {
                "KABUPATEN" => Some(RegionKind::Kabupaten),
                "KOTA" => Some(RegionKind::Kota),
                "DESA" => Some(RegionKind::Desa),
                "KELURAHAN" => Some(RegionKind::Kelurahan),
                "" => None,
                other => return Err(bad(format!("unknown kind `{other}`"))),
            };
            let (_, _, key) = split_prefix(&fold_words(&name));
            regions.push(Region {
                code,
                level: code.level(),
                name,
                kind,
                key,
            });
        }
        // Lexicographic order of the undotted codes is depth-first tree order, so a subtree is
        // one contiguous run starting at its root.
        regions.sort_by_cached_key(|r| r.code.undotted());
        let mut by_code = HashMap::with_capacity(regions.len());
        let mut children: HashMap<RegionCode, Vec<usize>> = HashMap::new();
        for (i, r) in regions.iter().enumerate() {
            if by_code.insert(r.code, i).is_some() {
                return Err(RegionTreeError::Row {
                    line: 0,
                    reason: format!("duplicate code {}", r.code),
                });
            }
            if let Some(parent) = r.code.parent() {
                children.entry(parent).or_default().push(i);
            }
        }
        for r in &regions {
            if let Some(parent) = r.code.parent()
                && parent != RegionCode::NATION
                && !by_code.contains_key(&parent)
            {
                return Err(RegionTreeError::Row {
                    line: 0,
                    reason: format!("{} has no parent {}", r.code, parent),
                });
            }
        }
        let nation = Region {
            code: RegionCode::NATION,
            level: Level::Nation,
            name: "Indonesia".into(),
            kind: None,
            key: "indonesia".into(),
        };
        Ok(RegionTree {
            regions,
            by_code,
            children,
            nation,
        })
    }

    /// The region with this code (the nation for [`RegionCode::NATION`]).
    pub fn get(&self, code: RegionCode) -> Option<&Region> {
        if code == RegionCode::NATION {
            return Some(&self.nation);
        }
        self.by_code.get(&code).map(|&i| &self.regions[i])
    }

    /// Whether the code names a region of the tree.
    pub fn contains(&self, code: RegionCode) -> bool {
        code == RegionCode::NATION || self.by_code.contains_key(&code)
    }

    /// The direct children of a region, in code order.
    pub fn children(&self, code: RegionCode) -> impl Iterator<Item = &Region> {
        self.children
            .get(&code)
            .into_iter()
            .flatten()
            .map(|&i| &self.regions[i])
    }

    /// The ancestors of a region from the nation down, not including the region itself.
    pub fn ancestors(&self, code: RegionCode) -> Vec<&Region> {
        let mut out = Vec::new();
        let mut cur = code.parent();
        while let Some(c) = cur {
            if let Some(r) = self.get(c) {
                out.push(r);
            }
            cur = c.parent();
        }
        out.reverse();
        out
    }

    /// Every region at a level, depth-first in code order.
    pub fn at_level(&self, level: Level) -> impl Iterator<Item = &Region> {
        self.regions.iter().filter(move |r| r.level == level)
    }

    /// How many regions each level has.
    pub fn count(&self, level: Level) -> usize {
        if level == Level::Nation {
            return 1;
        }
        self.regions.iter().filter(|r| r.level == level).count()
    }

    /// Finds regions by name: case- and accent-insensitive, understanding the prefixes
    /// "Kab."/"Kabupaten"/"Kota"/"Kec."/"Desa"/"Kel."/"Provinsi". A code (dotted or not) finds that
    /// region. Exact matches come first, then prefix matches, then names containing the text;
    /// within each, higher levels first. `within` limits the search to a subtree.
    pub fn find(
        &self,
        text: &str,
        within: Option<RegionCode>,
        limit: usize,
    ) -> Vec<(&Region, MatchQuality)> {
        if let Ok(code) = RegionCode::parse(text) {
            return self
                .get(code)
                .map(|r| vec![(r, MatchQuality::Exact)])
                .unwrap_or_default();
        }
        let (level, kind, key) = split_prefix(&fold_words(text));
        if key.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(&Region, MatchQuality)> = self
            .regions
            .iter()
            .filter(|r| level.is_none_or(|l| r.level == l))
            .filter(|r| kind.is_none_or(|k| r.kind == Some(k)))
            .filter(|r| within.is_none_or(|w| r.code.is_within(w)))
            .filter_map(|r| {
                let q = if r.key == key {
                    MatchQuality::Exact
                } else if r.key.starts_with(&key) {
                    MatchQuality::Prefix
                } else if r.key.contains(&key) {
                    MatchQuality::Contains
                } else {
                    return None;
                };
                Some((r, q))
            })
            .collect();
        hits.sort_by_key(|(r, q)| (*q, r.level, r.code));
        hits.truncate(limit);
        hits
    }

    /// Resolves what a user typed for one region: a code (dotted or not) of an existing region,
    /// "Indonesia"/"nasional" for the nation, or a name that matches exactly one region
    /// ("Kab. Paser", "Kalimantan Timur").
    pub fn resolve(&self, text: &str) -> Result<RegionCode, RegionLookupError> {
        let t = text.trim();
        if t.is_empty() || matches!(fold(t).as_str(), "indonesia" | "nasional" | "nation" | "0") {
            return Ok(RegionCode::NATION);
        }
        if let Ok(code) = RegionCode::parse(t) {
            return self
                .get(code)
                .map(|r| r.code)
                .ok_or_else(|| RegionLookupError::NotFound(t.to_string()));
        }
        let exact: Vec<&Region> = self
            .find(t, None, 20)
            .into_iter()
            .filter(|(_, q)| *q == MatchQuality::Exact)
            .map(|(r, _)| r)
            .collect();
        match exact.as_slice() {
            [r] => Ok(r.code),
            [] => Err(RegionLookupError::NotFound(t.to_string())),
            many => Err(RegionLookupError::Ambiguous(
                t.to_string(),
                many.iter()
                    .map(|r| format!("{} {}", r.code, r.name))
                    .collect(),
            )),
        }
    }

    /// Resolves a village by name within a region (e.g. "Tanah Grogot" within Kab. Paser).
    /// Returns every exact match so the caller can report ambiguity.
    pub fn villages_named(&self, name: &str, within: RegionCode) -> Vec<&Region> {
        let (_, kind, key) = split_prefix(&fold_words(name));
        self.children_below(within)
            .filter(|r| r.level == Level::Village && r.key == key)
            .filter(|r| kind.is_none_or(|k| r.kind == Some(k)))
            .collect()
    }

    /// Every region strictly below `code`, depth-first in code order.
    pub fn children_below(&self, code: RegionCode) -> impl Iterator<Item = &Region> {
        let start = if code == RegionCode::NATION {
            0
        } else {
            self.by_code
                .get(&code)
                .map_or(self.regions.len(), |&i| i + 1)
        };
        self.regions[start..]
            .iter()
            .take_while(move |r| r.code.is_within(code))
    }

    /// Every region, in code order.
    pub fn iter(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "code,parent_code,level,name,kind
64,,province,Kalimantan Timur,
64.01,64,regency,Kabupaten Paser,KABUPATEN
64.01.01,64.01,district,Batu Sopang,
64.01.01.2001,64.01.01,village,Batu Kajang,DESA
64.01.01.1002,64.01.01,village,Kerang,KELURAHAN
64.71,64,regency,Kota Balikpapan,KOTA
64.71.01,64.71,district,Balikpapan Timur,
64.71.01.1001,64.71.01,village,Manggar,KELURAHAN
";

    fn tree() -> RegionTree {
        RegionTree::from_csv(SAMPLE).unwrap()
    }

    #[test]
    fn codes_parse_dotted_and_undotted() {
        let a = RegionCode::parse("64.01.01.2001").unwrap();
        let b = RegionCode::parse("6401012001").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "64.01.01.2001");
        assert_eq!(a.level(), Level::Village);
        assert_eq!(a.parent().unwrap().to_string(), "64.01.01");
        assert_eq!(
            RegionCode::parse("64").unwrap().parent(),
            Some(RegionCode::NATION)
        );
        assert!(RegionCode::parse("64.1").is_err());
        assert!(RegionCode::parse("640").is_err());
        assert!(RegionCode::parse("6401.01").is_err());
        assert!(RegionCode::parse("abcd").is_err());
    }

    #[test]
    fn village_range_covers_subtree() {
        let paser = RegionCode::parse("64.01").unwrap();
        assert_eq!(paser.village_range(), 6_401_000_000..=6_401_999_999);
        let v = RegionCode::parse("64.01.01.2001").unwrap();
        assert!(paser.village_range().contains(&v.as_u64()));
        assert!(v.is_within(paser));
        assert!(!v.is_within(RegionCode::parse("64.71").unwrap()));
    }

    #[test]
    fn find_understands_prefixes_and_accents() {
        let t = tree();
        let hits = t.find("Kab. Paser", None, 10);
        assert_eq!(hits[0].0.code.to_string(), "64.01");
        assert_eq!(hits[0].1, MatchQuality::Exact);
        assert!(t.find("Kota Paser", None, 10).is_empty());
        assert_eq!(
            t.find("kota balikpapan", None, 10)[0].0.name,
            "Kota Balikpapan"
        );
        assert_eq!(t.find("Kel. Kerang", None, 10).len(), 1);
        assert!(t.find("Desa Kerang", None, 10).is_empty());
        assert_eq!(
            t.find("BATU KÁJANG", None, 10)[0].0.code.to_string(),
            "64.01.01.2001"
        );
        assert_eq!(t.find("6401", None, 10)[0].0.name, "Kabupaten Paser");
    }

    #[test]
    fn children_and_ancestors() {
        let t = tree();
        let kaltim = RegionCode::parse("64").unwrap();
        assert_eq!(t.children(kaltim).count(), 2);
        let v = RegionCode::parse("6401011002").unwrap();
        let names: Vec<_> = t.ancestors(v).iter().map(|r| r.name.clone()).collect();
        assert_eq!(
            names,
            [
                "Indonesia",
                "Kalimantan Timur",
                "Kabupaten Paser",
                "Batu Sopang"
            ]
        );
        assert_eq!(
            t.villages_named("kerang", RegionCode::parse("64.01").unwrap())
                .len(),
            1
        );
        assert_eq!(
            t.children_below(RegionCode::parse("64.01").unwrap())
                .count(),
            3
        );
    }
}
