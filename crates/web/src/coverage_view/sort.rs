//! The order of a region page's children table, chosen in the query string
//! (`?urut=cakupan&arah=turun`) so that sorting works without script: every column header links
//! to the same page in another order.

use super::ChildRow;
use crate::coverage::BadParam;
use serde::Serialize;
use std::cmp::Ordering;

/// The column the children are sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    Code,
    Name,
    /// Coverage % (areas without a target always last).
    Coverage,
    /// Rank by coverage % (areas without a target always last).
    Rank,
    Protected,
    /// Target workers (areas without a target always last).
    Target,
}

/// Ascending (`naik`) or descending (`turun`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Asc,
    Desc,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [
        SortKey::Code,
        SortKey::Name,
        SortKey::Rank,
        SortKey::Coverage,
        SortKey::Protected,
        SortKey::Target,
    ];

    /// The value of `urut` in page URLs.
    pub fn param(self) -> &'static str {
        match self {
            SortKey::Code => "kode",
            SortKey::Name => "nama",
            SortKey::Coverage => "cakupan",
            SortKey::Rank => "peringkat",
            SortKey::Protected => "terlindungi",
            SortKey::Target => "target",
        }
    }

    /// Parses the Indonesian values of `urut` and their English names.
    pub fn parse(s: &str) -> Option<SortKey> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "kode" | "code" => SortKey::Code,
            "nama" | "name" => SortKey::Name,
            "cakupan" | "coverage" => SortKey::Coverage,
            "peringkat" | "rank" => SortKey::Rank,
            "terlindungi" | "protected" => SortKey::Protected,
            "target" => SortKey::Target,
            _ => return None,
        })
    }

    /// The first direction a click on the column gives: text and rank ascending, figures
    /// highest first.
    pub fn natural(self) -> Direction {
        match self {
            SortKey::Code | SortKey::Name | SortKey::Rank => Direction::Asc,
            SortKey::Coverage | SortKey::Protected | SortKey::Target => Direction::Desc,
        }
    }
}

impl Direction {
    /// The value of `arah` in page URLs.
    pub fn param(self) -> &'static str {
        match self {
            Direction::Asc => "naik",
            Direction::Desc => "turun",
        }
    }

    pub fn parse(s: &str) -> Option<Direction> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "naik" | "asc" => Direction::Asc,
            "turun" | "desc" => Direction::Desc,
            _ => return None,
        })
    }

    /// The value of the column header's `aria-sort`.
    pub fn aria(self) -> &'static str {
        match self {
            Direction::Asc => "ascending",
            Direction::Desc => "descending",
        }
    }

    fn flip(self) -> Direction {
        match self {
            Direction::Asc => Direction::Desc,
            Direction::Desc => Direction::Asc,
        }
    }
}

/// An order of the children table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChildSort {
    pub key: SortKey,
    pub dir: Direction,
}

impl Default for ChildSort {
    /// Code order, as the tree lists the regions.
    fn default() -> ChildSort {
        ChildSort {
            key: SortKey::Code,
            dir: Direction::Asc,
        }
    }
}

impl ChildSort {
    /// Reads `urut` and `arah`; a missing direction is the column's natural one.
    pub fn parse(key: Option<&str>, dir: Option<&str>) -> Result<ChildSort, BadParam> {
        let key = match key.map(str::trim).filter(|k| !k.is_empty()) {
            None => SortKey::Code,
            Some(k) => SortKey::parse(k).ok_or_else(|| BadParam {
                id: format!(
                    "urut `{k}` tidak dikenal (kode, nama, peringkat, cakupan, terlindungi, target)"
                ),
                en: format!(
                    "unknown sort `{k}` (kode, nama, peringkat, cakupan, terlindungi, target)"
                ),
            })?,
        };
        let dir = match dir.map(str::trim).filter(|d| !d.is_empty()) {
            None => key.natural(),
            Some(d) => Direction::parse(d).ok_or_else(|| BadParam {
                id: format!("arah `{d}` tidak dikenal (naik atau turun)"),
                en: format!("unknown direction `{d}` (naik or turun)"),
            })?,
        };
        Ok(ChildSort { key, dir })
    }

    /// The order a click on `key`'s header gives: the other direction of the current column,
    /// or the natural direction of another.
    pub fn toggled(self, key: SortKey) -> ChildSort {
        if key == self.key {
            ChildSort {
                key,
                dir: self.dir.flip(),
            }
        } else {
            ChildSort {
                key,
                dir: key.natural(),
            }
        }
    }

    /// The query string of this order (`urut=cakupan&arah=turun`).
    pub fn query(self) -> String {
        format!("urut={}&arah={}", self.key.param(), self.dir.param())
    }

    /// Sorts the rows. Rows without a value (no target, so no coverage or rank) come last in
    /// both directions; ties keep code order.
    pub fn apply(self, rows: &mut [ChildRow]) {
        rows.sort_by(|a, b| self.compare(a, b).then_with(|| a.code.cmp(&b.code)));
    }

    fn compare(self, a: &ChildRow, b: &ChildRow) -> Ordering {
        let directed = |o: Ordering| match self.dir {
            Direction::Asc => o,
            Direction::Desc => o.reverse(),
        };
        // Present values in the chosen direction, absent ones after them.
        fn missing_last<T: Ord>(
            a: Option<T>,
            b: Option<T>,
            f: impl Fn(Ordering) -> Ordering,
        ) -> Ordering {
            match (a, b) {
                (Some(x), Some(y)) => f(x.cmp(&y)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        match self.key {
            SortKey::Code => directed(a.code.cmp(&b.code)),
            SortKey::Name => directed(a.name.to_lowercase().cmp(&b.name.to_lowercase())),
            SortKey::Protected => directed(a.protected.cmp(&b.protected)),
            SortKey::Coverage => missing_last(a.coverage_bp, b.coverage_bp, directed),
            SortKey::Rank => missing_last(a.rank, b.rank, directed),
            SortKey::Target => missing_last(
                a.target.as_ref().map(|t| t.workers),
                b.target.as_ref().map(|t| t.workers),
                directed,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paritrana_core::region::{Level, RegionCode};
    use paritrana_core::target::ResolvedTarget;

    fn row(code: &str, name: &str, protected: u64, target: Option<u64>) -> ChildRow {
        let bp = target.and_then(|t| paritrana_core::coverage::report::basis_points(protected, t));
        ChildRow {
            code: RegionCode::parse(code).unwrap(),
            name: name.into(),
            level: Level::District,
            rank: None,
            protected,
            target: target.map(|workers| ResolvedTarget {
                workers,
                year: 2023,
                source: "test".into(),
                estimate: false,
                rolled_up: false,
            }),
            coverage_pct: bp.map(|b| b as f64 / 100.0),
            coverage_bp: bp,
            trend: Vec::new(),
        }
    }

    fn rows() -> Vec<ChildRow> {
        let mut rows = vec![
            row("64.01.01", "Batu Sopang", 9_000, Some(10_000)), // 90 %
            row("64.01.02", "Tanjung Harapan", 500, None),
            row("64.01.03", "Pasir Belengkong", 4_000, Some(8_000)), // 50 %
            row("64.01.04", "Tanah Grogot", 12_000, Some(12_500)),   // 96 %
            row("64.01.05", "Kuaro", 100, None),
        ];
        // Ranks as the ranking gives them.
        rows[3].rank = Some(1);
        rows[0].rank = Some(2);
        rows[2].rank = Some(3);
        rows
    }

    fn names(rows: &[ChildRow]) -> Vec<&str> {
        rows.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn coverage_highest_first_without_target_last() {
        let mut r = rows();
        ChildSort::parse(Some("cakupan"), Some("turun"))
            .unwrap()
            .apply(&mut r);
        assert_eq!(
            names(&r),
            [
                "Tanah Grogot",
                "Batu Sopang",
                "Pasir Belengkong",
                "Tanjung Harapan",
                "Kuaro"
            ]
        );
        // Ascending: lowest first, still without target last (in code order).
        ChildSort::parse(Some("cakupan"), Some("naik"))
            .unwrap()
            .apply(&mut r);
        assert_eq!(
            names(&r),
            [
                "Pasir Belengkong",
                "Batu Sopang",
                "Tanah Grogot",
                "Tanjung Harapan",
                "Kuaro"
            ]
        );
    }

    #[test]
    fn other_columns() {
        let mut r = rows();
        ChildSort::parse(Some("nama"), None).unwrap().apply(&mut r);
        assert_eq!(names(&r)[0], "Batu Sopang");
        assert_eq!(names(&r)[4], "Tanjung Harapan");
        ChildSort::parse(Some("terlindungi"), None)
            .unwrap()
            .apply(&mut r);
        assert_eq!(names(&r)[0], "Tanah Grogot");
        assert_eq!(names(&r)[4], "Kuaro");
        ChildSort::parse(Some("peringkat"), None)
            .unwrap()
            .apply(&mut r);
        assert_eq!(
            names(&r)[..3],
            ["Tanah Grogot", "Batu Sopang", "Pasir Belengkong"]
        );
        ChildSort::parse(Some("target"), Some("naik"))
            .unwrap()
            .apply(&mut r);
        assert_eq!(
            names(&r)[..3],
            ["Pasir Belengkong", "Batu Sopang", "Tanah Grogot"]
        );
        ChildSort::parse(Some("code"), Some("desc"))
            .unwrap()
            .apply(&mut r);
        assert_eq!(names(&r)[0], "Kuaro");
        ChildSort::default().apply(&mut r);
        assert_eq!(names(&r)[0], "Batu Sopang");
    }

    #[test]
    fn parameters_and_links() {
        let s = ChildSort::parse(None, None).unwrap();
        assert_eq!(s, ChildSort::default());
        let s = ChildSort::parse(Some("cakupan"), None).unwrap();
        assert_eq!(s.dir, Direction::Desc, "figures start highest first");
        assert_eq!(s.query(), "urut=cakupan&arah=turun");
        assert_eq!(
            s.toggled(SortKey::Coverage).query(),
            "urut=cakupan&arah=naik"
        );
        assert_eq!(s.toggled(SortKey::Name).query(), "urut=nama&arah=naik");
        let e = ChildSort::parse(Some("luas"), None).unwrap_err();
        assert!(e.id.contains("urut `luas` tidak dikenal"), "{}", e.id);
        let e = ChildSort::parse(Some("nama"), Some("atas")).unwrap_err();
        assert!(e.en.contains("unknown direction `atas`"), "{}", e.en);
    }
}
