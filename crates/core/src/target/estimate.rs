//! The estimated target of every kab/kota, for regions that have not imported BPS's count of
//! employed persons (see data/PROVENANCE.md, "workforce.csv — not available"):
//!
//! ```text
//! employed ≈ population (all ages, Dukcapil) × SHARE_15_PLUS × TPAK/100 × (1 − TPT/100)
//! ```
//!
//! rounded to the nearest worker. TPAK (labour-force participation) and TPT (open unemployment)
//! are BPS Sakernas August rates per kab/kota. For the requested year a kab/kota uses, in order:
//! its rates of that year; else of the latest earlier year with both rates; else of the latest
//! year it has at all; else the population-weighted mean of the rates the other kab/kota of its
//! province use; else the population-weighted national mean. Every figure is marked an estimate
//! and its source says which rates were used.
//!
//! Caveats (also in docs/targets.md): Dukcapil counts registered residents, usually more than
//! BPS's projected population in regions people leave; one national share of people aged 15+ is
//! applied everywhere, though young regions have fewer; rates are survey estimates with wide
//! margins for small kab/kota. The figure is a placeholder until the real count is imported.

use super::Target;
use crate::region::{Level, RegionCode, RegionTree};
use std::collections::{BTreeMap, HashMap};

/// Share of the population aged 15 and over: BPS counted 212.59 million people of working age
/// (penduduk usia kerja) in Sakernas August 2023, of a projected 278.69 million population,
/// 212.59 / 278.69 = 0.7628 ≈ 0.763.
pub const SHARE_15_PLUS: f64 = 0.763;

/// How the population figures are named in an estimate's source.
const POPULATION_LABEL: &str = "penduduk Dukcapil 2024 S2";

/// Why the reference files could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EstimateError {
    #[error("population file, line {line}: {reason}")]
    Population { line: u64, reason: String },
    #[error("labour rates file, line {line}: {reason}")]
    Rates { line: u64, reason: String },
    #[error("{file}: {source}")]
    Csv {
        file: &'static str,
        source: csv::Error,
    },
    #[error("kab/kota {0} has no population figure")]
    MissingPopulation(RegionCode),
    #[error("no kab/kota has both labour rates in any year")]
    NoRates,
}

/// TPT and TPAK in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rates {
    tpt: f64,
    tpak: f64,
}

/// Where a kab/kota's rates came from, for the source text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RatesFrom {
    Own(i32),
    Province,
    Nation,
}

/// One estimated total target per kab/kota of `tree`, for `year`, from the text of
/// `data/population_dukcapil_2024s2.csv` and `data/labour_rates_kabkota.csv`. See the module
/// documentation for the formula and the order in which rates are chosen.
pub fn estimate_targets(
    population_csv: &str,
    labour_rates_csv: &str,
    tree: &RegionTree,
    year: i32,
) -> Result<Vec<Target>, EstimateError> {
    let population = read_population(population_csv)?;
    let rates = read_rates(labour_rates_csv)?;
    let regencies: Vec<(RegionCode, u64)> = tree
        .at_level(Level::Regency)
        .map(|r| {
            population
                .get(&r.code)
                .map(|&p| (r.code, p))
                .ok_or(EstimateError::MissingPopulation(r.code))
        })
        .collect::<Result<_, _>>()?;

    let own: HashMap<RegionCode, (i32, Rates)> = regencies
        .iter()
        .filter_map(|&(code, _)| Some((code, own_rates(rates.get(&code)?, year)?)))
        .collect();
    let mean = |filter: &dyn Fn(RegionCode) -> bool| {
        weighted_mean(
            regencies
                .iter()
                .filter(|(code, _)| filter(*code))
                .filter_map(|&(code, pop)| own.get(&code).map(|&(_, r)| (r, pop))),
        )
    };
    let national = mean(&|_| true).ok_or(EstimateError::NoRates)?;
    let mut province_means: HashMap<RegionCode, Option<Rates>> = HashMap::new();

    let share = format!("{:.1}", SHARE_15_PLUS * 100.0).replace('.', ",");
    let mut targets = Vec::with_capacity(regencies.len());
    for &(code, pop) in &regencies {
        let (rates, from) = match own.get(&code) {
            Some(&(y, r)) => (r, RatesFrom::Own(y)),
            None => {
                let province = code.parent().unwrap_or(RegionCode::NATION);
                let in_province = *province_means
                    .entry(province)
                    .or_insert_with(|| mean(&|c| c.parent() == Some(province)));
                match in_province {
                    Some(r) => (r, RatesFrom::Province),
                    None => (national, RatesFrom::Nation),
                }
            }
        };
        let rates_text = match from {
            RatesFrom::Own(y) => format!("BPS Sakernas {y}"),
            RatesFrom::Province => "BPS Sakernas, rata-rata kab/kota lain di provinsi".into(),
            RatesFrom::Nation => "BPS Sakernas, rata-rata nasional".into(),
        };
        targets.push(Target {
            region: code,
            year,
            segment: None,
            workers: employed(pop, rates),
            source: format!(
                "Estimasi Paritrana: {POPULATION_LABEL} × {share} % usia 15+ × TPAK × (1 − TPT) {rates_text}"
            ),
            estimate: true,
        });
    }
    Ok(targets)
}

/// The formula of the module documentation; at least one worker.
fn employed(population: u64, r: Rates) -> u64 {
    let n = population as f64 * SHARE_15_PLUS * (r.tpak / 100.0) * (1.0 - r.tpt / 100.0);
    (n.round() as u64).max(1)
}

/// The requested year; else the latest earlier one; else the latest there is.
fn own_rates(years: &BTreeMap<i32, Rates>, year: i32) -> Option<(i32, Rates)> {
    years
        .range(..=year)
        .next_back()
        .or_else(|| years.iter().next_back())
        .map(|(y, r)| (*y, *r))
}

fn weighted_mean(items: impl Iterator<Item = (Rates, u64)>) -> Option<Rates> {
    let (mut tpt, mut tpak, mut weight) = (0.0, 0.0, 0.0);
    for (r, pop) in items {
        let w = pop as f64;
        tpt += r.tpt * w;
        tpak += r.tpak * w;
        weight += w;
    }
    (weight > 0.0).then(|| Rates {
        tpt: tpt / weight,
        tpak: tpak / weight,
    })
}

/// `code,level,name,male,female,total`: the `regency` rows.
fn read_population(text: &str) -> Result<HashMap<RegionCode, u64>, EstimateError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = HashMap::with_capacity(520);
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|source| EstimateError::Csv {
            file: "population",
            source,
        })?;
        let line = i as u64 + 2;
        let bad = |reason: String| EstimateError::Population { line, reason };
        if record.get(1).unwrap_or("").trim() != "regency" {
            continue;
        }
        let raw = record.get(0).unwrap_or("");
        let code = RegionCode::parse(raw).map_err(|e| bad(e.to_string()))?;
        let raw_total = record.get(5).unwrap_or("").trim();
        let total: u64 = raw_total.parse().ok().filter(|&t| t > 0).ok_or_else(|| {
            bad(format!(
                "total `{raw_total}` is not a positive whole number"
            ))
        })?;
        out.insert(code, total);
    }
    Ok(out)
}

/// `code,name,year,tpt_pct,tpak_pct,source_name`: rows with both rates; empty cells are gaps.
fn read_rates(text: &str) -> Result<HashMap<RegionCode, BTreeMap<i32, Rates>>, EstimateError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out: HashMap<RegionCode, BTreeMap<i32, Rates>> = HashMap::with_capacity(520);
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|source| EstimateError::Csv {
            file: "labour rates",
            source,
        })?;
        let line = i as u64 + 2;
        let bad = |reason: String| EstimateError::Rates { line, reason };
        let raw = record.get(0).unwrap_or("");
        let code = RegionCode::parse(raw).map_err(|e| bad(e.to_string()))?;
        let raw_year = record.get(2).unwrap_or("").trim();
        let year: i32 = raw_year
            .parse()
            .map_err(|_| bad(format!("year `{raw_year}` is not a year")))?;
        let rate = |i: usize| -> Result<Option<f64>, EstimateError> {
            let raw = record.get(i).unwrap_or("").trim();
            if raw.is_empty() || raw.eq_ignore_ascii_case("na") {
                return Ok(None);
            }
            raw.parse::<f64>()
                .ok()
                .filter(|r| (0.0..=100.0).contains(r))
                .map(Some)
                .ok_or_else(|| bad(format!("`{raw}` is not a percentage")))
        };
        if let (Some(tpt), Some(tpak)) = (rate(3)?, rate(4)?) {
            out.entry(code)
                .or_default()
                .insert(year, Rates { tpt, tpak });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Kaltim: Paser with rates, Balikpapan with none at all; Kaltara: Bulungan with none, alone.
    const TREE: &str = "code,parent_code,level,name,kind
64,,province,Kalimantan Timur,
64.01,64,regency,Kabupaten Paser,KABUPATEN
64.71,64,regency,Kota Balikpapan,KOTA
65,,province,Kalimantan Utara,
65.01,65,regency,Kabupaten Bulungan,KABUPATEN
";
    const POPULATION: &str = "code,level,name,male,female,total
,country,INDONESIA,0,0,1000000
64,province,Kalimantan Timur,0,0,900000
64.01,regency,Kabupaten Paser,0,0,300000
64.71,regency,Kota Balikpapan,0,0,500000
65.01,regency,Kabupaten Bulungan,0,0,100000
";
    const RATES: &str = "code,name,year,tpt_pct,tpak_pct,source_name
64.01,Kabupaten Paser,2021,5.00,60.00,Paser
64.01,Kabupaten Paser,2022,4.00,,Paser
64.01,Kabupaten Paser,2023,4.72,62.95,Paser
64.71,Kota Balikpapan,2023,,,Balikpapan
";

    fn estimate(year: i32) -> Vec<Target> {
        let tree = RegionTree::from_csv(TREE).unwrap();
        estimate_targets(POPULATION, RATES, &tree, year).unwrap()
    }

    fn workers(targets: &[Target], code: &str) -> (u64, String) {
        let t = targets
            .iter()
            .find(|t| t.region.to_string() == code)
            .unwrap();
        (t.workers, t.source.clone())
    }

    #[test]
    fn own_rates_of_the_year_then_earlier_then_latest() {
        let t2023 = estimate(2023);
        assert_eq!(t2023.len(), 3);
        assert!(
            t2023
                .iter()
                .all(|t| t.estimate && t.year == 2023 && t.segment.is_none())
        );
        let expected = (300_000.0 * SHARE_15_PLUS * 0.6295 * (1.0 - 0.0472)).round() as u64;
        let (paser, source) = workers(&t2023, "64.01");
        assert_eq!(paser, expected);
        assert!(source.ends_with("BPS Sakernas 2023"), "{source}");
        assert!(source.contains("76,3 % usia 15+"), "{source}");
        // 2022 lacks TPAK: the latest earlier year with both rates is 2021.
        assert!(
            workers(&estimate(2022), "64.01")
                .1
                .ends_with("Sakernas 2021")
        );
        assert!(
            workers(&estimate(2026), "64.01")
                .1
                .ends_with("Sakernas 2023")
        );
        // Before any rate: the latest year there is.
        assert!(
            workers(&estimate(2019), "64.01")
                .1
                .ends_with("Sakernas 2023")
        );
    }

    #[test]
    fn kabkota_without_rates_borrow_the_province_then_the_nation() {
        let t = estimate(2023);
        let (balikpapan, source) = workers(&t, "64.71");
        let expected = (500_000.0 * SHARE_15_PLUS * 0.6295 * (1.0 - 0.0472)).round() as u64;
        assert_eq!(
            balikpapan, expected,
            "Paser is the only other kab/kota of Kaltim"
        );
        assert!(
            source.contains("rata-rata kab/kota lain di provinsi"),
            "{source}"
        );
        let (bulungan, source) = workers(&t, "65.01");
        assert!(bulungan > 0);
        assert!(source.contains("rata-rata nasional"), "{source}");
    }

    #[test]
    fn missing_population_and_bad_files_are_errors() {
        let tree = RegionTree::from_csv(TREE).unwrap();
        let no_bulungan = POPULATION.replace("65.01,regency,Kabupaten Bulungan,0,0,100000\n", "");
        assert!(matches!(
            estimate_targets(&no_bulungan, RATES, &tree, 2023),
            Err(EstimateError::MissingPopulation(_))
        ));
        let bad_rate = RATES.replace("4.72", "empat");
        assert!(matches!(
            estimate_targets(POPULATION, &bad_rate, &tree, 2023),
            Err(EstimateError::Rates { line: 4, .. })
        ));
        let no_rates = "code,name,year,tpt_pct,tpak_pct,source_name\n";
        assert!(matches!(
            estimate_targets(POPULATION, no_rates, &tree, 2023),
            Err(EstimateError::NoRates)
        ));
    }
}
