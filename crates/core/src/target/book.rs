//! [`TargetBook`]: every imported target, with the roll-ups of provinces and the nation worked out
//! once per (year, segment), so that resolving a region is a couple of hash look-ups. The rules
//! are in the [module documentation](super).

use super::{Target, is_target_level};
use crate::codes::Segment;
use crate::region::{Region, RegionCode, RegionTree};
use serde::Serialize;
use std::collections::HashMap;
use std::collections::hash_map::Entry as MapEntry;

/// The target a region has for a requested year, as [`TargetBook::resolve`] found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedTarget {
    /// Workers to protect; never 0.
    pub workers: u64,
    /// The target year actually used (at or before the requested year).
    pub year: i32,
    /// The distinct sources of the figure (of every part, for a roll-up), joined with "; ".
    pub source: String,
    /// Whether any part of the figure is an estimate.
    pub estimate: bool,
    /// Whether the figure is the sum of the children's targets rather than the region's own row.
    pub rolled_up: bool,
}

/// A region with its resolved target (`None`: no target), as listed by
/// [`TargetBook::resolve_with_children`]. Serialises as the region's fields plus `target`.
#[derive(Debug, Clone, Serialize)]
pub struct RegionTarget<'t> {
    #[serde(flatten)]
    pub region: &'t Region,
    pub target: Option<ResolvedTarget>,
}

/// One region's figure for one (year, segment), before the source ids are turned into text.
#[derive(Debug, Clone)]
struct Figure {
    workers: u64,
    /// Ids into [`TargetBook::sources`], ascending and distinct.
    sources: Vec<u32>,
    estimate: bool,
    rolled_up: bool,
}

/// Every region's figure for one (year, segment).
type YearTable = HashMap<RegionCode, Figure>;

/// The targets of every region and year, resolved by the rules of the [module](super).
#[derive(Debug, Clone, Default)]
pub struct TargetBook {
    tables: HashMap<(i32, Option<Segment>), YearTable>,
    /// Every year that has a target, descending: the order in which years are tried.
    years: Vec<i32>,
    /// Distinct source texts, in order of first appearance.
    sources: Vec<String>,
}

impl TargetBook {
    /// Builds the book from stored or imported targets. Roll-ups follow `tree`: a province adds
    /// up its kab/kota, the nation its provinces. When two targets share a (region, year,
    /// segment), the first wins; a target of 0 workers is ignored (it would read as "no target").
    pub fn new(targets: Vec<Target>, tree: &RegionTree) -> TargetBook {
        let mut book = TargetBook::default();
        let mut source_ids: HashMap<String, u32> = HashMap::new();
        for t in targets {
            if t.workers == 0 {
                continue;
            }
            let next = source_ids.len() as u32;
            let id = match source_ids.entry(t.source) {
                MapEntry::Occupied(e) => *e.get(),
                MapEntry::Vacant(e) => {
                    book.sources.push(e.key().clone());
                    e.insert(next);
                    next
                }
            };
            book.tables
                .entry((t.year, t.segment))
                .or_default()
                .entry(t.region)
                .or_insert(Figure {
                    workers: t.workers,
                    sources: vec![id],
                    estimate: t.estimate,
                    rolled_up: false,
                });
        }
        let provinces: Vec<RegionCode> =
            tree.children(RegionCode::NATION).map(|r| r.code).collect();
        for table in book.tables.values_mut() {
            // Provinces first: the nation adds up provinces, own or rolled up.
            for &province in &provinces {
                roll_up(table, province, tree);
            }
            roll_up(table, RegionCode::NATION, tree);
        }
        book.years = book.tables.keys().map(|(year, _)| *year).collect();
        book.years.sort_unstable_by(|a, b| b.cmp(a));
        book.years.dedup();
        book
    }

    /// The target of `region` for `year` (`segment = None`: the total), or `None` when it has
    /// none — never a target of 0. See the [module documentation](super) for the rules.
    pub fn resolve(
        &self,
        region: RegionCode,
        year: i32,
        segment: Option<Segment>,
    ) -> Option<ResolvedTarget> {
        self.years
            .iter()
            .skip_while(|&&y| y > year)
            .find_map(|&y| {
                let figure = self.tables.get(&(y, segment))?.get(&region)?;
                Some((y, figure))
            })
            .map(|(year, f)| ResolvedTarget {
                workers: f.workers,
                year,
                source: self.source_text(&f.sources),
                estimate: f.estimate,
                rolled_up: f.rolled_up,
            })
    }

    /// The target of `region` followed by those of its children that hold targets (the
    /// provinces of the nation, the kab/kota of a province; a kab/kota's kecamatan hold none),
    /// in code order. `None` when the tree has no such region.
    pub fn resolve_with_children<'t>(
        &self,
        tree: &'t RegionTree,
        region: RegionCode,
        year: i32,
        segment: Option<Segment>,
    ) -> Option<Vec<RegionTarget<'t>>> {
        let own = tree.get(region)?;
        let children = tree.children(region).filter(|r| is_target_level(r.level));
        Some(
            std::iter::once(own)
                .chain(children)
                .map(|region| RegionTarget {
                    region,
                    target: self.resolve(region.code, year, segment),
                })
                .collect(),
        )
    }

    /// The years that have at least one target, newest first.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// Whether the book holds no target at all.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    fn source_text(&self, ids: &[u32]) -> String {
        let mut out = String::new();
        for &id in ids {
            if let Some(s) = self.sources.get(id as usize) {
                if !out.is_empty() {
                    out.push_str("; ");
                }
                out.push_str(s);
            }
        }
        out
    }
}

/// Gives `code` the sum of its children's figures when it has no own figure and every child has
/// one. A region without children gets nothing: an empty sum is no target, not 0.
fn roll_up(table: &mut YearTable, code: RegionCode, tree: &RegionTree) {
    if table.contains_key(&code) {
        return;
    }
    let mut sum = Figure {
        workers: 0,
        sources: Vec::new(),
        estimate: false,
        rolled_up: true,
    };
    let mut any = false;
    for child in tree.children(code) {
        let Some(f) = table.get(&child.code) else {
            return;
        };
        any = true;
        sum.workers += f.workers;
        sum.estimate |= f.estimate;
        sum.sources.extend_from_slice(&f.sources);
    }
    if !any {
        return;
    }
    sum.sources.sort_unstable();
    sum.sources.dedup();
    table.insert(code, sum);
}

#[cfg(test)]
mod tests {
    use super::*;

    // Two provinces: Kalimantan Timur with Paser and Balikpapan, Kalimantan Utara with Bulungan.
    const SAMPLE: &str = "code,parent_code,level,name,kind
64,,province,Kalimantan Timur,
64.01,64,regency,Kabupaten Paser,KABUPATEN
64.01.01,64.01,district,Batu Sopang,
64.71,64,regency,Kota Balikpapan,KOTA
64.71.01,64.71,district,Balikpapan Timur,
65,,province,Kalimantan Utara,
65.01,65,regency,Kabupaten Bulungan,KABUPATEN
65.01.01,65.01,district,Tanjung Palas,
";

    fn tree() -> RegionTree {
        RegionTree::from_csv(SAMPLE).unwrap()
    }

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    fn target(region: &str, year: i32, workers: u64, source: &str) -> Target {
        Target {
            region: if region == "ID" {
                RegionCode::NATION
            } else {
                code(region)
            },
            year,
            segment: None,
            workers,
            source: source.into(),
            estimate: false,
        }
    }

    fn paser_and_balikpapan_2023() -> Vec<Target> {
        vec![
            target("64.01", 2023, 90_052, "BPS Sakernas Agustus 2023"),
            target("64.71", 2023, 330_000, "BPS Sakernas Agustus 2023"),
        ]
    }

    #[test]
    fn paser_2023_target_is_its_own_row() {
        let book = TargetBook::new(paser_and_balikpapan_2023(), &tree());
        let paser = book.resolve(code("64.01"), 2023, None).unwrap();
        assert_eq!(paser.workers, 90_052);
        assert_eq!(paser.year, 2023);
        assert_eq!(paser.source, "BPS Sakernas Agustus 2023");
        assert!(!paser.rolled_up && !paser.estimate);
    }

    #[test]
    fn province_is_the_sum_of_its_kabkota_when_all_have_one() {
        let book = TargetBook::new(paser_and_balikpapan_2023(), &tree());
        let kaltim = book.resolve(code("64"), 2023, None).unwrap();
        assert_eq!(kaltim.workers, 420_052);
        assert!(kaltim.rolled_up);
        assert_eq!(
            kaltim.source, "BPS Sakernas Agustus 2023",
            "one source, named once"
        );
    }

    #[test]
    fn province_with_one_kabkota_missing_has_no_target_not_a_partial_sum() {
        let book = TargetBook::new(vec![paser_and_balikpapan_2023().remove(0)], &tree());
        assert!(book.resolve(code("64.01"), 2023, None).is_some());
        assert_eq!(book.resolve(code("64"), 2023, None), None);
        assert_eq!(book.resolve(code("64.71"), 2023, None), None);
        assert_eq!(book.resolve(RegionCode::NATION, 2023, None), None);
    }

    #[test]
    fn own_province_row_wins_over_the_sum() {
        let mut targets = paser_and_balikpapan_2023();
        targets.push(target("64", 2023, 1_900_000, "BPS Provinsi"));
        let book = TargetBook::new(targets, &tree());
        let kaltim = book.resolve(code("64"), 2023, None).unwrap();
        assert_eq!(kaltim.workers, 1_900_000);
        assert!(!kaltim.rolled_up);
        assert_eq!(kaltim.source, "BPS Provinsi");
    }

    #[test]
    fn nation_rolls_up_from_provinces_own_or_rolled_up() {
        let mut targets = paser_and_balikpapan_2023();
        targets.push(Target {
            estimate: true,
            ..target("65.01", 2023, 70_000, "Estimasi")
        });
        let book = TargetBook::new(targets, &tree());
        let nation = book.resolve(RegionCode::NATION, 2023, None).unwrap();
        assert_eq!(nation.workers, 490_052);
        assert!(nation.rolled_up);
        assert!(
            nation.estimate,
            "one estimated part makes the sum an estimate"
        );
        assert_eq!(nation.source, "BPS Sakernas Agustus 2023; Estimasi");
    }

    #[test]
    fn latest_earlier_year_serves_until_the_year_is_imported() {
        let mut targets = paser_and_balikpapan_2023();
        targets.push(target("64.01", 2021, 80_000, "BPS 2021"));
        let book = TargetBook::new(targets.clone(), &tree());
        let paser_2025 = book.resolve(code("64.01"), 2025, None).unwrap();
        assert_eq!((paser_2025.workers, paser_2025.year), (90_052, 2023));
        let paser_2022 = book.resolve(code("64.01"), 2022, None).unwrap();
        assert_eq!((paser_2022.workers, paser_2022.year), (80_000, 2021));
        assert_eq!(
            book.resolve(code("64.01"), 2020, None),
            None,
            "no later figure is used"
        );

        targets.push(target("64.01", 2025, 95_000, "BPS 2025"));
        let book = TargetBook::new(targets, &tree());
        let paser_2025 = book.resolve(code("64.01"), 2025, None).unwrap();
        assert_eq!((paser_2025.workers, paser_2025.year), (95_000, 2025));
        // Kaltim cannot add up 2025 (Balikpapan has no 2025 figure): it uses 2023 as a whole,
        // never Paser 2025 + Balikpapan 2023.
        let kaltim = book.resolve(code("64"), 2025, None).unwrap();
        assert_eq!((kaltim.workers, kaltim.year), (420_052, 2023));
        assert_eq!(book.years(), &[2025, 2023, 2021]);
    }

    #[test]
    fn segment_targets_exist_only_where_imported() {
        let mut targets = paser_and_balikpapan_2023();
        targets.push(Target {
            segment: Some(Segment::Bpu),
            ..target("64.01", 2023, 43_000, "Disnaker Paser")
        });
        let book = TargetBook::new(targets, &tree());
        let bpu = book
            .resolve(code("64.01"), 2023, Some(Segment::Bpu))
            .unwrap();
        assert_eq!(bpu.workers, 43_000);
        assert_eq!(book.resolve(code("64.01"), 2023, Some(Segment::Pu)), None);
        assert_eq!(
            book.resolve(code("64.71"), 2023, Some(Segment::Bpu)),
            None,
            "the total is not split into segments"
        );
        assert_eq!(book.resolve(code("64"), 2023, Some(Segment::Bpu)), None);
        assert_eq!(
            book.resolve(code("64.01"), 2023, None).unwrap().workers,
            90_052
        );
    }

    #[test]
    fn zero_is_never_a_target() {
        let book = TargetBook::new(
            vec![
                target("64.01", 2023, 0, "kosong"),
                target("64.71", 2023, 330_000, "BPS"),
            ],
            &tree(),
        );
        assert_eq!(book.resolve(code("64.01"), 2023, None), None);
        assert_eq!(book.resolve(code("64"), 2023, None), None);
        assert!(TargetBook::new(Vec::new(), &tree()).is_empty());
        assert_eq!(
            TargetBook::new(Vec::new(), &tree()).resolve(RegionCode::NATION, 2023, None),
            None
        );
    }

    #[test]
    fn a_province_with_its_kabkota() {
        let tree = tree();
        let book = TargetBook::new(vec![paser_and_balikpapan_2023().remove(0)], &tree);
        let rows = book
            .resolve_with_children(&tree, code("64"), 2024, None)
            .unwrap()
            .into_iter()
            .map(|r| (r.region.code.to_string(), r.target.map(|t| t.workers)))
            .collect::<Vec<_>>();
        assert_eq!(
            rows,
            [
                ("64".into(), None),
                ("64.01".into(), Some(90_052)),
                ("64.71".into(), None)
            ]
        );
        let paser = book.resolve_with_children(&tree, code("64.01"), 2023, None);
        assert_eq!(paser.unwrap().len(), 1, "kecamatan hold no targets");
        assert!(
            book.resolve_with_children(&tree, code("99"), 2023, None)
                .is_none()
        );
        let nation = book.resolve_with_children(&tree, RegionCode::NATION, 2023, None);
        assert_eq!(nation.unwrap().len(), 3);
    }

    #[test]
    fn first_of_two_rows_for_one_key_wins() {
        let book = TargetBook::new(
            vec![target("64.01", 2023, 1, "a"), target("64.01", 2023, 2, "b")],
            &tree(),
        );
        assert_eq!(book.resolve(code("64.01"), 2023, None).unwrap().workers, 1);
    }
}
