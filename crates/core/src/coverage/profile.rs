//! A profile: the attributes of a coverage period that breakdowns look at, packed in 20 bits.

use crate::codes::{Category, Funding, ProgrammeSet, Sector, Segment};
use crate::worker::Enrolment;

/// Segment, category, sector, funding source and programme set of a period, as one integer:
/// bits 0–4 programmes, 5–7 funding, 8–12 sector (0 = none), 13–16 category, 17–19 segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Profile(u32);

impl Profile {
    /// Packs the attributes of a period.
    pub fn of(e: &Enrolment) -> Profile {
        Profile::new(e.segment, e.category, e.sector, e.funding, e.programmes)
    }

    pub fn new(
        segment: Segment,
        category: Category,
        sector: Option<Sector>,
        funding: Funding,
        programmes: ProgrammeSet,
    ) -> Profile {
        let sector = sector.map_or(0, |s| s.index() as u32 + 1);
        Profile(
            programmes.bits() as u32
                | (funding.index() as u32) << 5
                | sector << 8
                | (category.index() as u32) << 13
                | (segment.index() as u32) << 17,
        )
    }

    /// From the stored integer; `None` when a field is out of range (a corrupt row).
    pub fn from_bits(bits: u32) -> Option<Profile> {
        let p = Profile(bits);
        (bits >> 20 == 0
            && Funding::from_index(((bits >> 5) & 0b111) as usize).is_some()
            && (p.sector_index() == 0 || Sector::from_index(p.sector_index() - 1).is_some())
            && Category::from_index(((bits >> 13) & 0b1111) as usize).is_some()
            && Segment::from_index((bits >> 17) as usize).is_some())
        .then_some(p)
    }

    /// The stored integer.
    pub fn bits(self) -> u32 {
        self.0
    }

    fn sector_index(self) -> usize {
        ((self.0 >> 8) & 0b1_1111) as usize
    }

    pub fn segment(self) -> Segment {
        Segment::ALL[(self.0 >> 17) as usize % Segment::ALL.len()]
    }

    pub fn category(self) -> Category {
        Category::ALL[((self.0 >> 13) & 0b1111) as usize % Category::ALL.len()]
    }

    pub fn sector(self) -> Option<Sector> {
        match self.sector_index() {
            0 => None,
            i => Sector::from_index(i - 1),
        }
    }

    pub fn funding(self) -> Funding {
        Funding::ALL[((self.0 >> 5) & 0b111) as usize % Funding::ALL.len()]
    }

    pub fn programmes(self) -> ProgrammeSet {
        ProgrammeSet::from_bits((self.0 & 0b1_1111) as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Programme;

    #[test]
    fn every_combination_round_trips() {
        for &seg in Segment::ALL {
            for &cat in Category::ALL {
                for sector in std::iter::once(None).chain(Sector::ALL.iter().copied().map(Some)) {
                    for &fund in Funding::ALL {
                        for bits in 0..32u8 {
                            let progs = ProgrammeSet::from_bits(bits);
                            let p = Profile::new(seg, cat, sector, fund, progs);
                            assert_eq!(Profile::from_bits(p.bits()), Some(p));
                            assert_eq!(
                                (
                                    p.segment(),
                                    p.category(),
                                    p.sector(),
                                    p.funding(),
                                    p.programmes()
                                ),
                                (seg, cat, sector, fund, progs)
                            );
                        }
                    }
                }
            }
        }
        let mut progs = ProgrammeSet::EMPTY;
        progs.insert(Programme::Jkk);
        assert!(Profile::from_bits(1 << 25).is_none());
    }
}
