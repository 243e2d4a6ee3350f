//! Worker records of the registry: the person (keyed by NIK) and their coverage periods
//! (kepesertaan). A re-enrolment adds a period; a period is never rewritten into another one.

use crate::codes::{Category, Funding, Programme, ProgrammeSet, Sector, Segment};
use crate::lang::{Lang, Localized};
use crate::nik::{Nik, Sex};
use crate::region::RegionCode;
use chrono::NaiveDate;
use serde::Serialize;

/// Rupiah, as a whole number. Money is never a float in Paritrana.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Rupiah(pub i64);

/// The person behind a NIK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub nik: Nik,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    /// Domicile desa/kelurahan.
    pub village: RegionCode,
}

/// One coverage period: who pays, for which programmes, from when to when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrolment {
    pub segment: Segment,
    pub category: Category,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
    pub funding: Funding,
    /// The paying company when `funding` is CSR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csr_company: Option<String>,
    pub programmes: ProgrammeSet,
    /// First day covered.
    pub start: NaiveDate,
    /// Last day covered (inclusive); `None` while the period is open.
    pub end: Option<NaiveDate>,
    /// Declared monthly wage (PU) or income (BPU).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wage: Option<Rupiah>,
}

/// Why an enrolment's fields do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum EnrolmentProblem {
    /// The end date lies before the start date.
    EndBeforeStart { start: NaiveDate, end: NaiveDate },
    /// No programme was given.
    NoProgramme,
    /// Every segment is protected against work accidents and death at least.
    MissingBaseProgrammes,
    /// JP and JKP exist for wage earners only.
    ProgrammeNotForSegment {
        programme: Programme,
        segment: Segment,
    },
    /// JKP needs JKK, JKM, JHT and JP.
    JkpWithoutPrerequisites,
    /// A vulnerable worker needs a sector.
    SectorRequired,
    /// CSR funding needs the company's name.
    CsrCompanyRequired,
    /// A wage or income must be positive.
    WageNotPositive { wage: i64 },
}

impl Localized for EnrolmentProblem {
    fn message(&self, lang: Lang) -> String {
        use EnrolmentProblem::*;
        match (self, lang) {
            (EndBeforeStart { start, end }, Lang::Id) => {
                format!("tanggal selesai {end} sebelum tanggal mulai {start}")
            }
            (EndBeforeStart { start, end }, Lang::En) => {
                format!("end date {end} is before start date {start}")
            }
            (NoProgramme, Lang::Id) => "program wajib diisi (mis. JKK, JKM)".into(),
            (NoProgramme, Lang::En) => "at least one programme is required (e.g. JKK, JKM)".into(),
            (MissingBaseProgrammes, Lang::Id) => "program harus mencakup JKK dan JKM".into(),
            (MissingBaseProgrammes, Lang::En) => "programmes must include JKK and JKM".into(),
            (ProgrammeNotForSegment { programme, segment }, Lang::Id) => format!(
                "program {programme} tidak berlaku untuk segmen {segment} (hanya Penerima Upah)"
            ),
            (ProgrammeNotForSegment { programme, segment }, Lang::En) => format!(
                "programme {programme} is not available to segment {segment} (wage earners only)"
            ),
            (JkpWithoutPrerequisites, Lang::Id) => {
                "JKP hanya bagi peserta JKK, JKM, JHT dan JP".into()
            }
            (JkpWithoutPrerequisites, Lang::En) => "JKP requires JKK, JKM, JHT and JP".into(),
            (SectorRequired, Lang::Id) => "sektor wajib diisi untuk pekerja rentan".into(),
            (SectorRequired, Lang::En) => "a vulnerable worker needs a sector".into(),
            (CsrCompanyRequired, Lang::Id) => "nama perusahaan wajib diisi untuk dana CSR".into(),
            (CsrCompanyRequired, Lang::En) => "CSR funding needs the company's name".into(),
            (WageNotPositive { wage }, Lang::Id) => {
                format!("upah/penghasilan harus lebih dari 0, bukan {wage}")
            }
            (WageNotPositive { wage }, Lang::En) => {
                format!("wage/income must be above 0, not {wage}")
            }
        }
    }
}

impl Enrolment {
    /// Checks the rules that tie the fields together (DOMAIN.md §6). Returns every problem.
    pub fn problems(&self) -> Vec<EnrolmentProblem> {
        let mut out = Vec::new();
        if let Some(end) = self.end
            && end < self.start
        {
            out.push(EnrolmentProblem::EndBeforeStart {
                start: self.start,
                end,
            });
        }
        let p = self.programmes;
        if p.is_empty() {
            out.push(EnrolmentProblem::NoProgramme);
        } else if !(p.contains(Programme::Jkk) && p.contains(Programme::Jkm)) {
            out.push(EnrolmentProblem::MissingBaseProgrammes);
        }
        if self.segment != Segment::Pu {
            for programme in [Programme::Jp, Programme::Jkp] {
                if p.contains(programme) {
                    out.push(EnrolmentProblem::ProgrammeNotForSegment {
                        programme,
                        segment: self.segment,
                    });
                }
            }
        } else if p.contains(Programme::Jkp)
            && ![
                Programme::Jkk,
                Programme::Jkm,
                Programme::Jht,
                Programme::Jp,
            ]
            .iter()
            .all(|x| p.contains(*x))
        {
            out.push(EnrolmentProblem::JkpWithoutPrerequisites);
        }
        if self.category == Category::PekerjaRentan && self.sector.is_none() {
            out.push(EnrolmentProblem::SectorRequired);
        }
        if self.funding == Funding::Csr
            && self
                .csr_company
                .as_deref()
                .is_none_or(|c| c.trim().is_empty())
        {
            out.push(EnrolmentProblem::CsrCompanyRequired);
        }
        if let Some(Rupiah(w)) = self.wage
            && w <= 0
        {
            out.push(EnrolmentProblem::WageNotPositive { wage: w });
        }
        out
    }

    /// Whether the worker is protected on `date` (start and end inclusive).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|e| date <= e)
    }

    /// Whether two periods share at least one day.
    pub fn overlaps(&self, other: &Enrolment) -> bool {
        let a_end = self.end.unwrap_or(NaiveDate::MAX);
        let b_end = other.end.unwrap_or(NaiveDate::MAX);
        self.start <= b_end && other.start <= a_end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn fisher() -> Enrolment {
        Enrolment {
            segment: Segment::Bpu,
            category: Category::PekerjaRentan,
            sector: Some(Sector::Nelayan),
            funding: Funding::ApbdKabkota,
            csr_company: None,
            programmes: ProgrammeSet::parse("JKK,JKM").unwrap(),
            start: d(2023, 1, 1),
            end: Some(d(2023, 12, 31)),
            wage: Some(Rupiah(1_000_000)),
        }
    }

    #[test]
    fn a_fisher_funded_by_the_apbd_is_valid() {
        assert!(fisher().problems().is_empty());
    }

    #[test]
    fn coverage_includes_both_ends() {
        let e = fisher();
        assert!(e.covers(d(2023, 1, 1)));
        assert!(e.covers(d(2023, 12, 31)));
        assert!(!e.covers(d(2024, 1, 1)));
        assert!(!e.covers(d(2022, 12, 31)));
    }

    #[test]
    fn pension_is_for_wage_earners_only() {
        let mut e = fisher();
        e.programmes = ProgrammeSet::parse("JKK,JKM,JP").unwrap();
        assert_eq!(
            e.problems(),
            vec![EnrolmentProblem::ProgrammeNotForSegment {
                programme: Programme::Jp,
                segment: Segment::Bpu
            }]
        );
    }

    #[test]
    fn broken_periods_report_every_problem() {
        let mut e = fisher();
        e.end = Some(d(2022, 1, 1));
        e.sector = None;
        e.programmes = ProgrammeSet::parse("JHT").unwrap();
        e.funding = Funding::Csr;
        let p = e.problems();
        assert_eq!(p.len(), 4, "{p:?}");
    }

    #[test]
    fn open_periods_overlap_everything_after_them() {
        let mut a = fisher();
        a.end = None;
        let mut b = fisher();
        b.start = d(2030, 1, 1);
        b.end = Some(d(2030, 2, 1));
        assert!(a.overlaps(&b));
        a.end = Some(d(2029, 12, 31));
        assert!(!a.overlaps(&b));
    }
}
