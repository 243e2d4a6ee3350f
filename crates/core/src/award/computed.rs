//! Computed indicators: the figures Paritrana itself knows about an entrant on the cycle's
//! cut-off date (UCJ coverage, growth, APBD allocated, …) and the rules that turn a figure into a
//! suggested score. The figures are handed in by the caller (the store computes them); this
//! module only converts them.
//!
//! A figure is an `i64` count of thousandths of its unit: 90.43 % is `90_430`, Rp 201.600 is
//! `201_600_000`, 2.5 programmes per worker is `2_500`.

use super::ids::EntryId;
use super::points::{Points, div_round};
use crate::codes::code_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum! {
    /// Sumber angka — a figure the product computes from its own data.
    pub enum Metric {
        /// Workers actively protected ÷ target, on the cut-off date (DOMAIN.md §8).
        UcjCoverage = ("UCJ_PERSEN", "Cakupan UCJ (%)", "UCJ coverage (%)"),
        /// Growth of protected workers over the 12 months before the cut-off.
        ProtectedGrowth = ("PERTUMBUHAN_PESERTA", "Pertumbuhan pekerja terlindungi 12 bulan (%)", "Growth of protected workers over 12 months (%)"),
        /// Vulnerable (BPU) workers protected ÷ target informal workers.
        VulnerableShare = ("BPU_TERHADAP_TARGET", "Pekerja rentan (BPU) terlindungi terhadap target informal (%)", "Vulnerable (BPU) workers protected vs informal target (%)"),
        /// Share of protected BPU/vulnerable workers whose contribution the APBD or Dana Desa pays.
        RegionFundedShare = ("BPU_DIBIAYAI_DAERAH", "Pekerja BPU/rentan dibiayai APBD/Dana Desa (%)", "BPU/vulnerable workers funded by APBD/Dana Desa (%)"),
        /// APBD rupiah for contribution assistance in the budget plans of the cycle year.
        ApbdAllocated = ("APBD_BANTUAN_IURAN", "APBD untuk bantuan iuran (Rp)", "APBD allocated to contribution assistance (Rp)"),
        /// The same divided by the region's target workers.
        ApbdPerTargetWorker = ("APBD_PER_PEKERJA_TARGET", "APBD bantuan iuran per pekerja target (Rp)", "APBD assistance per target worker (Rp)"),
        /// Villages paying for apparatus or vulnerable workers from Dana Desa ÷ all villages.
        DanaDesaVillageShare = ("DESA_DANA_DESA", "Desa yang membiayai dari Dana Desa (%)", "Villages funding through Dana Desa (%)"),
        /// Non-ASN government staff protected ÷ non-ASN staff.
        NonAsnShare = ("NON_ASN_TERLINDUNGI", "Pegawai non-ASN terlindungi (%)", "Non-ASN staff protected (%)"),
        /// Village apparatus protected ÷ village apparatus.
        VillageApparatusShare = ("PERANGKAT_DESA_TERLINDUNGI", "Perangkat desa terlindungi (%)", "Village apparatus protected (%)"),
        /// Mean number of programmes per protected government worker.
        ProgrammesPerWorker = ("PROGRAM_PER_PEKERJA", "Rata-rata program per pekerja", "Programmes per worker"),
        /// Workers covered by JKK.
        CoveredJkk = ("PESERTA_JKK", "Pekerja terlindungi JKK", "Workers covered by JKK"),
        /// Workers covered by JKM.
        CoveredJkm = ("PESERTA_JKM", "Pekerja terlindungi JKM", "Workers covered by JKM"),
        /// Workers covered by JHT.
        CoveredJht = ("PESERTA_JHT", "Pekerja terlindungi JHT", "Workers covered by JHT"),
        /// Workers covered by JP.
        CoveredJp = ("PESERTA_JP", "Pekerja terlindungi JP", "Workers covered by JP"),
        /// A company's registered workers ÷ its reported workers.
        CompanyWorkersCovered = ("PEKERJA_PERUSAHAAN_TERDAFTAR", "Pekerja perusahaan terdaftar (%)", "Company workers registered (%)"),
        /// Vulnerable workers around a business protected through its CSR.
        CsrWorkersProtected = ("PEKERJA_RENTAN_CSR", "Pekerja rentan dilindungi lewat CSR", "Vulnerable workers protected through CSR"),
    }
}

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Rupiah,
    Workers,
    /// A plain number (programmes per worker).
    Number,
}

impl Metric {
    pub fn unit(self) -> Unit {
        use Metric::*;
        match self {
            ApbdAllocated | ApbdPerTargetWorker => Unit::Rupiah,
            CoveredJkk | CoveredJkm | CoveredJht | CoveredJp | CsrWorkersProtected => Unit::Workers,
            ProgrammesPerWorker => Unit::Number,
            _ => Unit::Percent,
        }
    }
}

/// One figure of one entry, as the product computed it on `as_of` (the cycle's cut-off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub entry: EntryId,
    pub metric: Metric,
    /// Thousandths of the metric's unit.
    pub value: i64,
    pub as_of: NaiveDate,
}

impl Figure {
    /// The text put in a prefilled score's comment, so the sheet shows its source:
    /// `UCJ_PERSEN = 90.430 (2023-12-31)`.
    pub fn source_note(&self) -> String {
        format!(
            "{} = {} ({})",
            self.metric.code(),
            Points::from_milli(self.value),
            self.as_of
        )
    }
}

/// One step of a [`Rule::Steps`] rule: from this figure on, this score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Thousandths of the metric's unit.
    pub from: i64,
    pub value: Points,
}

/// How a figure becomes a suggested score on the indicator's scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    /// Linear between two thresholds on a `Range` scale: a figure at or beyond `low` scores the
    /// scale's minimum, at or beyond `high` its maximum, and in between
    /// `min + round((max − min) × (figure − low) / (high − low))`. `low > high` means a lower
    /// figure is better.
    Linear { low: i64, high: i64 },
    /// Bands: the value of the last step whose `from` the figure reaches; below the first step,
    /// the scale's minimum. Steps are sorted by `from`, ascending.
    Steps { steps: Vec<Step> },
}

/// A computed indicator: which figure, and how it is scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computed {
    pub metric: Metric,
    pub rule: Rule,
}

impl Rule {
    /// The suggested score for `figure` on a scale whose lowest value is `min` and highest
    /// `max`.
    pub fn apply(&self, figure: i64, min: Points, max: Points) -> Points {
        match self {
            Rule::Linear { low, high } => {
                let span = i128::from(*high) - i128::from(*low);
                if span == 0 {
                    return if figure >= *high { max } else { min };
                }
                let along = (i128::from(figure) - i128::from(*low)) * span.signum();
                let along = along.clamp(0, span.abs());
                let range = i128::from(max.milli() - min.milli());
                Points::from_milli(min.milli() + div_round(range * along, span.abs()) as i64)
            }
            Rule::Steps { steps } => steps
                .iter()
                .rev()
                .find(|s| figure >= s.from)
                .map_or(min, |s| s.value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linear_rule_scores_between_its_thresholds() {
        // 0 % coverage → 0 points, 100 % → 100 points; Paser's 90.43 % → 90.430.
        let rule = Rule::Linear {
            low: 0,
            high: 100_000,
        };
        let (min, max) = (Points::ZERO, Points::HUNDRED);
        assert_eq!(rule.apply(90_430, min, max), Points::from_milli(90_430));
        assert_eq!(rule.apply(120_000, min, max), Points::HUNDRED);
        assert_eq!(rule.apply(-5, min, max), Points::ZERO);
        // 20 %..60 % onto 0..100: 23.6 % → 100 × 3.6 / 40 = 9.000.
        let growth = Rule::Linear {
            low: 20_000,
            high: 60_000,
        };
        assert_eq!(growth.apply(23_600, min, max), Points::whole(9));
        // Lower is better: 10 days late → 0, 0 days → 100; 2.5 days → 75.
        let late = Rule::Linear {
            low: 10_000,
            high: 0,
        };
        assert_eq!(late.apply(2_500, min, max), Points::whole(75));
        assert_eq!(late.apply(12_000, min, max), Points::ZERO);
    }

    #[test]
    fn steps_pick_the_last_band_reached() {
        let rule = Rule::Steps {
            steps: vec![
                Step {
                    from: 50_000,
                    value: Points::whole(50),
                },
                Step {
                    from: 80_000,
                    value: Points::whole(80),
                },
            ],
        };
        let (min, max) = (Points::ZERO, Points::HUNDRED);
        assert_eq!(rule.apply(49_999, min, max), Points::ZERO);
        assert_eq!(rule.apply(50_000, min, max), Points::whole(50));
        assert_eq!(rule.apply(90_430, min, max), Points::whole(80));
    }
}
