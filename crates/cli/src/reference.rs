//! Reference data shipped inside the binary (from `data/`, see data/PROVENANCE.md).

use anyhow::{Context as _, Result};
use paritrana_core::region::RegionTree;
use paritrana_core::target::{Target, estimate_targets};

/// Kemendagri region codes, Kepmendagri 300.2.2-2430/2025.
pub const REGIONS_CSV: &str = include_str!("../../../data/regions.csv");
/// Dukcapil registered population, Semester II 2024.
pub const POPULATION_CSV: &str = include_str!("../../../data/population_dukcapil_2024s2.csv");
/// BPS Sakernas labour rates (TPT, TPAK) per kab/kota, 2018–2024.
pub const LABOUR_RATES_CSV: &str = include_str!("../../../data/labour_rates_kabkota.csv");

/// Builds the region tree from the embedded file.
pub fn region_tree() -> Result<RegionTree> {
    RegionTree::from_csv(REGIONS_CSV).context("embedded regions.csv is invalid")
}

/// The estimated target of every kab/kota for `year`, from the embedded population and labour
/// rates (see `paritrana_core::target::estimate_targets`).
pub fn estimated_targets(tree: &RegionTree, year: i32) -> Result<Vec<Target>> {
    estimate_targets(POPULATION_CSV, LABOUR_RATES_CSV, tree, year)
        .context("embedded population or labour rates file is invalid")
}
