//! Panels (tim penilai): a provincial panel per province and the national panel, their members
//! with institution and expertise, and the conflicts members declare.
//!
//! The national panel of DOMAIN.md §9 has Kemendagri, Kemenko PMK, BPJS Ketenagakerjaan,
//! Kemnaker, Apindo, a trade-union representative and four experts (law, social security,
//! economics, public policy); [`Panel::composition_gaps`] lists what a national panel lacks.

use super::ids::{AssessorId, CompanyId, EntryId, PanelId};
use crate::Lang;
use crate::codes::code_enum;
use crate::lang::Localized;
use crate::region::{Level, RegionCode};
use serde::{Deserialize, Serialize};

code_enum! {
    /// Instansi — where a member comes from.
    pub enum Institution {
        KemenkoPmk = ("KEMENKO_PMK", "Kemenko PMK", "Coordinating Ministry for Human Development and Culture"),
        Kemendagri = ("KEMENDAGRI", "Kementerian Dalam Negeri", "Ministry of Home Affairs"),
        Kemnaker = ("KEMNAKER", "Kementerian Ketenagakerjaan", "Ministry of Manpower"),
        Bpjs = ("BPJS_TK", "BPJS Ketenagakerjaan", "BPJS Ketenagakerjaan", "BPJAMSOSTEK"),
        Apindo = ("APINDO", "Apindo (asosiasi pengusaha)", "Apindo (employers' association)"),
        TradeUnion = ("SERIKAT_PEKERJA", "Serikat pekerja/buruh", "Trade union"),
        Pemda = ("PEMDA", "Pemerintah daerah (Disnaker, Bappeda, DPMD)", "Regional government (Disnaker, Bappeda, DPMD)"),
        Expert = ("PAKAR", "Pakar / akademisi", "Expert / academic", "Akademisi"),
        Other = ("LAINNYA", "Lainnya", "Other"),
    }
}

code_enum! {
    /// Bidang keahlian — an expert member's field.
    pub enum Expertise {
        Law = ("HUKUM", "Hukum", "Law"),
        SocialSecurity = ("JAMINAN_SOSIAL", "Jaminan sosial", "Social security"),
        Economics = ("EKONOMI", "Ekonomi", "Economics"),
        PublicPolicy = ("KEBIJAKAN_PUBLIK", "Kebijakan publik", "Public policy"),
    }
}

code_enum! {
    /// Babak — the provincial round (per province) or the national round (nominees).
    pub enum Round {
        Provincial = ("PROVINSI", "Babak provinsi", "Provincial round"),
        National = ("NASIONAL", "Babak nasional", "National round"),
    }
}

/// The level of a panel: which round, and for a provincial panel which province.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "level", content = "province", rename_all = "snake_case")]
pub enum PanelLevel {
    /// Tim penilai provinsi: scores the entries of one province.
    Provincial(RegionCode),
    /// Tim penilai nasional: scores the nominated entries.
    National,
}

/// A conflict a member declared about one entry (a relative in the entrant's office, a past
/// consultancy, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    pub entry: EntryId,
    pub reason: String,
}

/// A panel member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub assessor: AssessorId,
    pub name: String,
    pub institution: Institution,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expertise: Option<Expertise>,
    /// The region the member works for (a Disnaker officer of Kab. Paser: `64.01`); none for
    /// members of national bodies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_region: Option<RegionCode>,
    /// The company the member works for or represents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<CompanyId>,
    /// Ketua tim: decides ties the rules leave open and signs the final decision.
    #[serde(default)]
    pub chair: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declared: Vec<Declaration>,
}

/// A panel of a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Panel {
    pub id: PanelId,
    pub year: u16,
    pub level: PanelLevel,
    pub members: Vec<Member>,
}

/// Why a panel was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PanelError {
    #[error("a provincial panel needs a province code, not {0}")]
    NotAProvince(RegionCode),
    #[error("a panel needs exactly one chair, it has {0}")]
    Chairs(usize),
    #[error("{0} is a member twice")]
    DuplicateMember(AssessorId),
}

impl Localized for PanelError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PanelError::NotAProvince(r), Lang::Id) => {
                format!("tim penilai provinsi membutuhkan kode provinsi, bukan {r}")
            }
            (PanelError::Chairs(n), Lang::Id) => {
                format!("tim penilai membutuhkan tepat satu ketua, sekarang {n}")
            }
            (PanelError::DuplicateMember(a), Lang::Id) => {
                format!("{a} tercantum dua kali sebagai anggota")
            }
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// Something the national panel of DOMAIN.md §9 has and this one lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "missing", content = "code", rename_all = "snake_case")]
pub enum Gap {
    Institution(Institution),
    Expertise(Expertise),
}

impl Panel {
    /// Checks the level (a provincial panel names a province), one chair, no member twice.
    pub fn new(
        id: PanelId,
        year: u16,
        level: PanelLevel,
        members: Vec<Member>,
    ) -> Result<Panel, PanelError> {
        match level {
            PanelLevel::Provincial(p) if p.level() != Level::Province => {
                return Err(PanelError::NotAProvince(p));
            }
            _ => {}
        }
        let chairs = members.iter().filter(|m| m.chair).count();
        if chairs != 1 {
            return Err(PanelError::Chairs(chairs));
        }
        for (i, m) in members.iter().enumerate() {
            if members[..i].iter().any(|o| o.assessor == m.assessor) {
                return Err(PanelError::DuplicateMember(m.assessor));
            }
        }
        Ok(Panel {
            id,
            year,
            level,
            members,
        })
    }

    /// The round the panel scores.
    pub fn round(&self) -> Round {
        match self.level {
            PanelLevel::Provincial(_) => Round::Provincial,
            PanelLevel::National => Round::National,
        }
    }

    pub fn member(&self, assessor: AssessorId) -> Option<&Member> {
        self.members.iter().find(|m| m.assessor == assessor)
    }

    pub fn chair(&self) -> Option<&Member> {
        self.members.iter().find(|m| m.chair)
    }

    /// Whether an entry in `region` belongs to this panel's round: the province's own entries
    /// for a provincial panel, any entry for the national one (which scores nominees).
    pub fn covers(&self, region: RegionCode) -> bool {
        match self.level {
            PanelLevel::Provincial(p) => region.is_within(p),
            PanelLevel::National => true,
        }
    }

    /// For the national panel: the institutions and the four expert fields of DOMAIN.md §9 no
    /// member brings. Empty for provincial panels, whose make-up the province decides.
    pub fn composition_gaps(&self) -> Vec<Gap> {
        if self.level != PanelLevel::National {
            return Vec::new();
        }
        let required = [
            Institution::Kemendagri,
            Institution::KemenkoPmk,
            Institution::Bpjs,
            Institution::Kemnaker,
            Institution::Apindo,
            Institution::TradeUnion,
        ];
        let mut gaps: Vec<Gap> = required
            .into_iter()
            .filter(|i| !self.members.iter().any(|m| m.institution == *i))
            .map(Gap::Institution)
            .collect();
        gaps.extend(
            Expertise::ALL
                .iter()
                .filter(|e| !self.members.iter().any(|m| m.expertise == Some(**e)))
                .map(|e| Gap::Expertise(*e)),
        );
        gaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: i64, institution: Institution, expertise: Option<Expertise>) -> Member {
        Member {
            assessor: AssessorId(id),
            name: format!("Anggota {id}"),
            institution,
            expertise,
            home_region: None,
            company: None,
            chair: id == 1,
            declared: vec![],
        }
    }

    #[test]
    fn a_national_panel_lists_the_members_domain_md_asks_for_and_it_lacks() {
        use Institution::*;
        let members = vec![
            member(1, KemenkoPmk, None),
            member(2, Kemendagri, None),
            member(3, Bpjs, None),
            member(4, Kemnaker, None),
            member(5, Apindo, None),
            member(6, Expert, Some(Expertise::Law)),
            member(7, Expert, Some(Expertise::SocialSecurity)),
            member(8, Expert, Some(Expertise::PublicPolicy)),
        ];
        let panel = Panel::new(PanelId(9), 2024, PanelLevel::National, members).unwrap();
        assert_eq!(
            panel.composition_gaps(),
            vec![
                Gap::Institution(TradeUnion),
                Gap::Expertise(Expertise::Economics)
            ]
        );
        assert_eq!(panel.round(), Round::National);
        assert_eq!(panel.chair().map(|c| c.assessor), Some(AssessorId(1)));
    }

    #[test]
    fn a_panel_needs_a_province_one_chair_and_distinct_members() {
        let one = || vec![member(1, Institution::Pemda, None)];
        let kab = RegionCode::parse("64.01").unwrap();
        let err = Panel::new(PanelId(1), 2024, PanelLevel::Provincial(kab), one()).unwrap_err();
        assert_eq!(
            err.message(Lang::Id),
            "tim penilai provinsi membutuhkan kode provinsi, bukan 64.01"
        );
        let kaltim = PanelLevel::Provincial(RegionCode::parse("64").unwrap());
        let mut two_chairs = one();
        two_chairs.push(Member {
            assessor: AssessorId(2),
            chair: true,
            ..member(2, Institution::Bpjs, None)
        });
        assert_eq!(
            Panel::new(PanelId(1), 2024, kaltim, two_chairs),
            Err(PanelError::Chairs(2))
        );
        let mut twice = one();
        twice.push(Member {
            chair: false,
            ..member(1, Institution::Bpjs, None)
        });
        assert_eq!(
            Panel::new(PanelId(1), 2024, kaltim, twice),
            Err(PanelError::DuplicateMember(AssessorId(1)))
        );
        let json = serde_json::to_string(&kaltim).unwrap();
        assert_eq!(json, r#"{"level":"provincial","province":"64"}"#);
        let back: PanelLevel = serde_json::from_str(&json).unwrap();
        assert_eq!(back, kaltim);
    }
}
