//! Reproducibility: a closed round is exported with everything its rankings depend on (the
//! frozen frameworks, the entries, the tie-break figures, the flat score records, the
//! aggregation method and the chair's orders) next to the rankings that were published. Anyone
//! holding the export can recompute the rankings and compare.

use super::aggregation::Aggregation;
use super::computed::Figure;
use super::entry::Entry;
use super::framework::Framework;
use super::ids::{CategoryCode, EntryId};
use super::panel::Round;
use super::points::Points;
use super::ranking::ChairOrder;
use super::round::{GroupRanking, RoundError, RoundInput, rank_round};
use super::score::Score;
use crate::Lang;
use crate::lang::Localized;
use crate::region::RegionCode;
use serde::{Deserialize, Serialize};

/// A closed round, as exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundExport {
    pub year: u16,
    pub round: Round,
    pub method: Aggregation,
    pub frameworks: Vec<Framework>,
    pub entries: Vec<Entry>,
    pub figures: Vec<Figure>,
    pub scores: Vec<Score>,
    #[serde(default)]
    pub chair_orders: Vec<ChairOrder>,
    /// The rankings as published when the round closed.
    pub rankings: Vec<GroupRanking>,
}

/// One way a recomputed ranking differs from the published one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "difference", rename_all = "snake_case")]
pub enum Difference {
    /// A group published but not recomputed, or recomputed but not published.
    Group {
        category: CategoryCode,
        province: Option<RegionCode>,
        published: bool,
        recomputed: bool,
    },
    /// An entry's rank (`None`: not ranked on that side).
    Rank {
        category: CategoryCode,
        province: Option<RegionCode>,
        entry: EntryId,
        published: Option<u32>,
        recomputed: Option<u32>,
    },
    /// An entry's final score.
    FinalScore {
        category: CategoryCode,
        province: Option<RegionCode>,
        entry: EntryId,
        published: Points,
        recomputed: Points,
    },
}

/// "PEMKAB, provinsi 64" / "PEMKAB, nasional".
fn group_name(category: &CategoryCode, province: Option<RegionCode>, lang: Lang) -> String {
    match (province, lang) {
        (Some(p), Lang::Id) => format!("{category}, provinsi {p}"),
        (Some(p), Lang::En) => format!("{category}, province {p}"),
        (None, Lang::Id) => format!("{category}, nasional"),
        (None, Lang::En) => format!("{category}, national"),
    }
}

fn rank_text(rank: Option<u32>, lang: Lang) -> String {
    match (rank, lang) {
        (Some(r), Lang::Id) => format!("di peringkat {r}"),
        (Some(r), Lang::En) => format!("at rank {r}"),
        (None, Lang::Id) => "tanpa peringkat".into(),
        (None, Lang::En) => "unranked".into(),
    }
}

impl Localized for Difference {
    fn message(&self, lang: Lang) -> String {
        match self {
            Difference::Group {
                category,
                province,
                published,
                ..
            } => {
                let group = group_name(category, *province, lang);
                match (published, lang) {
                    (true, Lang::Id) => {
                        format!(
                            "peringkat {group} diterbitkan tetapi tidak muncul saat dihitung ulang"
                        )
                    }
                    (true, Lang::En) => {
                        format!("ranking {group} was published but is missing when recomputed")
                    }
                    (false, Lang::Id) => {
                        format!(
                            "peringkat {group} muncul saat dihitung ulang tetapi tidak diterbitkan"
                        )
                    }
                    (false, Lang::En) => {
                        format!("ranking {group} appears when recomputed but was not published")
                    }
                }
            }
            Difference::Rank {
                category,
                province,
                entry,
                published,
                recomputed,
            } => {
                let group = group_name(category, *province, lang);
                let (p, r) = (rank_text(*published, lang), rank_text(*recomputed, lang));
                match lang {
                    Lang::Id => {
                        format!("{group}: peserta {entry} diterbitkan {p}, dihitung ulang {r}")
                    }
                    Lang::En => format!("{group}: entry {entry} published {p}, recomputed {r}"),
                }
            }
            Difference::FinalScore {
                category,
                province,
                entry,
                published,
                recomputed,
            } => {
                let group = group_name(category, *province, lang);
                match lang {
                    Lang::Id => format!(
                        "{group}: nilai akhir peserta {entry} diterbitkan {}, dihitung ulang {}",
                        published.format(lang),
                        recomputed.format(lang)
                    ),
                    Lang::En => format!(
                        "{group}: final score of entry {entry} published {}, recomputed {}",
                        published.format(lang),
                        recomputed.format(lang)
                    ),
                }
            }
        }
    }
}

impl RoundExport {
    /// The rankings recomputed from the export's own records.
    pub fn recompute(&self) -> Result<Vec<GroupRanking>, RoundError> {
        rank_round(&RoundInput {
            round: self.round,
            method: self.method,
            frameworks: &self.frameworks,
            entries: &self.entries,
            figures: &self.figures,
            scores: &self.scores,
            chair_orders: &self.chair_orders,
        })
    }

    /// Recomputes and compares with the published rankings: empty when they agree.
    pub fn verify(&self) -> Result<Vec<Difference>, RoundError> {
        Ok(compare(&self.rankings, &self.recompute()?))
    }
}

/// Every difference in groups, ranks and final scores between two sets of rankings, in the
/// order of the published groups then any extra recomputed ones.
pub fn compare(published: &[GroupRanking], recomputed: &[GroupRanking]) -> Vec<Difference> {
    let same_group =
        |a: &GroupRanking, b: &GroupRanking| a.category == b.category && a.province == b.province;
    let mut out = Vec::new();
    for p in published {
        let Some(r) = recomputed.iter().find(|r| same_group(p, r)) else {
            out.push(Difference::Group {
                category: p.category.clone(),
                province: p.province,
                published: true,
                recomputed: false,
            });
            continue;
        };
        let mut entries: Vec<EntryId> = p
            .ranked
            .iter()
            .chain(&r.ranked)
            .map(|x| x.standing.entry)
            .collect();
        entries.sort();
        entries.dedup();
        for entry in entries {
            let find =
                |g: &GroupRanking| g.ranked.iter().find(|x| x.standing.entry == entry).cloned();
            let (a, b) = (find(p), find(r));
            let (ra, rb) = (a.as_ref().map(|x| x.rank), b.as_ref().map(|x| x.rank));
            if ra != rb {
                out.push(Difference::Rank {
                    category: p.category.clone(),
                    province: p.province,
                    entry,
                    published: ra,
                    recomputed: rb,
                });
            }
            match (a, b) {
                (Some(a), Some(b)) if a.standing.final_score != b.standing.final_score => {
                    out.push(Difference::FinalScore {
                        category: p.category.clone(),
                        province: p.province,
                        entry,
                        published: a.standing.final_score,
                        recomputed: b.standing.final_score,
                    });
                }
                _ => {}
            }
        }
    }
    for r in recomputed {
        if !published.iter().any(|p| same_group(p, r)) {
            out.push(Difference::Group {
                category: r.category.clone(),
                province: r.province,
                published: false,
                recomputed: true,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_the_group_and_the_entry_in_both_languages() {
        let pemkab = CategoryCode::parse("PEMKAB").unwrap();
        let kaltim = Some(RegionCode::parse("64").unwrap());
        let score = Difference::FinalScore {
            category: pemkab.clone(),
            province: kaltim,
            entry: EntryId(2),
            published: Points::from_milli(78_500),
            recomputed: Points::from_milli(74_500),
        };
        assert_eq!(
            score.message(Lang::Id),
            "PEMKAB, provinsi 64: nilai akhir peserta #2 diterbitkan 78,5, dihitung ulang 74,5"
        );
        assert_eq!(
            score.message(Lang::En),
            "PEMKAB, province 64: final score of entry #2 published 78.5, recomputed 74.5"
        );
        let rank = Difference::Rank {
            category: pemkab.clone(),
            province: None,
            entry: EntryId(7),
            published: Some(1),
            recomputed: None,
        };
        assert_eq!(
            rank.message(Lang::Id),
            "PEMKAB, nasional: peserta #7 diterbitkan di peringkat 1, dihitung ulang tanpa peringkat"
        );
        let group = Difference::Group {
            category: pemkab,
            province: kaltim,
            published: false,
            recomputed: true,
        };
        assert!(group.message(Lang::En).contains("was not published"));
    }
}
