//! Reference data shipped inside the binary (from `data/`, see data/PROVENANCE.md).

use anyhow::{Context as _, Result};
use paritrana_core::region::RegionTree;

/// Kemendagri region codes, Kepmendagri 300.2.2-2430/2025.
pub const REGIONS_CSV: &str = include_str!("../../../data/regions.csv");
/// Dukcapil registered population, Semester II 2024.
pub const POPULATION_CSV: &str = include_str!("../../../data/population_dukcapil_2024s2.csv");

/// Builds the region tree from the embedded file.
pub fn region_tree() -> Result<RegionTree> {
    RegionTree::from_csv(REGIONS_CSV).context("embedded regions.csv is invalid")
}
