//! Population per kab/kota (Dukcapil Semester II 2024), read from
//! `data/population_dukcapil_2024s2.csv`, and the cumulative table that draws a kab/kota with
//! probability proportional to its population. Does not pick villages or people.

use super::GenerateError;
use crate::region::{Level, RegionCode};

/// Population per kab/kota (Dukcapil Semester II 2024), used to skew where workers live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationWeights {
    /// Kab/kota and its total population, in file order.
    regencies: Vec<(RegionCode, u64)>,
}

impl PopulationWeights {
    /// Reads the `code,level,name,male,female,total` CSV of `data/population_dukcapil_2024s2.csv`
    /// and keeps the `regency` rows (the national and provincial rows are sums of them).
    pub fn from_csv(text: &str) -> Result<PopulationWeights, GenerateError> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut regencies = Vec::with_capacity(520);
        for (i, record) in reader.records().enumerate() {
            let record = record?;
            let line = i as u64 + 2;
            let bad = |reason: String| GenerateError::PopulationRow { line, reason };
            if record.get(1).unwrap_or("").trim() != "regency" {
                continue;
            }
            let raw_code = record.get(0).unwrap_or("");
            let code = RegionCode::parse(raw_code).map_err(|e| bad(e.to_string()))?;
            if code.level() != Level::Regency {
                return Err(bad(format!("`{raw_code}` is not a kab/kota code")));
            }
            let raw_total = record.get(5).unwrap_or("").trim();
            let total = raw_total
                .parse::<u64>()
                .map_err(|_| bad(format!("total `{raw_total}` is not a whole number")))?;
            regencies.push((code, total));
        }
        if regencies.iter().all(|&(_, total)| total == 0) {
            return Err(GenerateError::NoPopulation);
        }
        Ok(PopulationWeights { regencies })
    }

    /// Each kab/kota with its total population, in file order.
    pub fn regencies(&self) -> &[(RegionCode, u64)] {
        &self.regencies
    }

    /// The population of one kab/kota, if the file lists it.
    pub fn population(&self, code: RegionCode) -> Option<u64> {
        self.regencies
            .iter()
            .find(|(c, _)| *c == code)
            .map(|&(_, total)| total)
    }

    /// The sum over every kab/kota.
    pub fn total(&self) -> u64 {
        self.regencies.iter().map(|&(_, t)| t).sum()
    }
}

/// Running totals over the kept kab/kota: entry `i` is the population of kab/kota `0..=i`.
/// A uniform draw in `0..last` then finds its kab/kota by binary search.
#[derive(Debug, Clone)]
pub(super) struct Cumulative(Vec<u64>);

impl Cumulative {
    pub(super) fn new(weights: impl IntoIterator<Item = u64>) -> Cumulative {
        let mut sum = 0u64;
        Cumulative(
            weights
                .into_iter()
                .map(|w| {
                    sum += w;
                    sum
                })
                .collect(),
        )
    }

    /// The sum of all weights.
    pub(super) fn total(&self) -> u64 {
        self.0.last().copied().unwrap_or(0)
    }

    /// The index whose band holds `draw` (`draw < total()`).
    pub(super) fn index_of(&self, draw: u64) -> usize {
        self.0.partition_point(|&c| c <= draw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regency_rows_are_kept() {
        let w = PopulationWeights::from_csv(
            "code,level,name,male,female,total
,country,INDONESIA,3,3,6
64,province,Kalimantan Timur,3,3,6
64.01,regency,Kabupaten Paser,1,1,2
64.71,regency,Kota Balikpapan,2,2,4
",
        )
        .unwrap();
        assert_eq!(w.regencies().len(), 2);
        assert_eq!(w.total(), 6);
        assert_eq!(w.population(RegionCode::parse("64.71").unwrap()), Some(4));
    }

    #[test]
    fn a_bad_total_names_its_line() {
        let e = PopulationWeights::from_csv(
            "code,level,name,male,female,total\n64.01,regency,Kabupaten Paser,1,1,dua\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn cumulative_bands_follow_weights() {
        let c = Cumulative::new([2, 0, 3]);
        assert_eq!(c.total(), 5);
        let picks: Vec<usize> = (0..5).map(|d| c.index_of(d)).collect();
        assert_eq!(picks, [0, 0, 2, 2, 2]);
    }
}
