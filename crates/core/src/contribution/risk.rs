//! The risk class of a workplace (kelompok tingkat risiko lingkungan kerja), which sets the JKK
//! rate of wage earners.

use crate::lang::Lang;
use serde::Serialize;

/// Kelompok tingkat risiko lingkungan kerja — the risk class of a workplace, which sets the JKK
/// rate of wage earners (PP 44/2015 Lampiran I).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "u8")]
pub enum RiskClass {
    /// Tingkat risiko sangat rendah.
    VeryLow = 1,
    /// Tingkat risiko rendah.
    Low = 2,
    /// Tingkat risiko sedang.
    Medium = 3,
    /// Tingkat risiko tinggi.
    High = 4,
    /// Tingkat risiko sangat tinggi.
    VeryHigh = 5,
}

impl From<RiskClass> for u8 {
    fn from(c: RiskClass) -> u8 {
        c as u8
    }
}

impl RiskClass {
    /// Every class, lowest risk first.
    pub const ALL: [RiskClass; 5] = [
        RiskClass::VeryLow,
        RiskClass::Low,
        RiskClass::Medium,
        RiskClass::High,
        RiskClass::VeryHigh,
    ];

    /// The class numbered 1 (very low) to 5 (very high).
    pub fn from_number(n: u8) -> Option<RiskClass> {
        RiskClass::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// Reads `1`–`5` or the Indonesian/English name ("sangat rendah", "very low").
    pub fn parse(text: &str) -> Option<RiskClass> {
        let t = crate::text::fold(text);
        if let Ok(n) = t.trim_start_matches("kelas").parse::<u8>() {
            return RiskClass::from_number(n);
        }
        RiskClass::ALL.into_iter().find(|c| {
            [c.label(Lang::Id), c.label(Lang::En)]
                .iter()
                .any(|l| crate::text::fold(l) == t)
        })
    }

    /// 1 to 5.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The name of the class.
    pub fn label(self, lang: Lang) -> &'static str {
        use RiskClass::*;
        match (self, lang) {
            (VeryLow, Lang::Id) => "sangat rendah",
            (Low, Lang::Id) => "rendah",
            (Medium, Lang::Id) => "sedang",
            (High, Lang::Id) => "tinggi",
            (VeryHigh, Lang::Id) => "sangat tinggi",
            (VeryLow, Lang::En) => "very low",
            (Low, Lang::En) => "low",
            (Medium, Lang::En) => "medium",
            (High, Lang::En) => "high",
            (VeryHigh, Lang::En) => "very high",
        }
    }
}
