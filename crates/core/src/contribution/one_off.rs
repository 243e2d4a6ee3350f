//! Contributions paid once rather than monthly: the JKK + JKM package of a migrant worker for
//! the placement period, and the JKK and JKM of a construction project from its contract value.

use super::rate::round_half_up;
use super::rules::{RateKind, RateRule, RateTable};
use super::worker::{ContributionError, ProgrammeAmount};
use crate::codes::{Programme, Segment};
use crate::worker::Rupiah;
use chrono::NaiveDate;

impl RateTable {
    /// The one-off JKK + JKM contribution of a migrant worker for a work contract of `months`
    /// (the pre-placement amount plus the package for the contract; months beyond the longest
    /// package at the per-month rate), under the rules in force on `date`.
    pub fn migrant_package(
        &self,
        months: u32,
        date: NaiveDate,
    ) -> Result<Vec<(Rupiah, &RateRule)>, ContributionError> {
        let rules = self.rules_on(date)?;
        let one_off: Vec<&RateRule> = rules
            .iter()
            .copied()
            .filter(|r| r.segment == Segment::Pmi && r.kind == RateKind::OneOff)
            .collect();
        let mut out = Vec::new();
        if let Some(pre) = one_off.iter().find(|r| r.months == Some(0)) {
            out.push((Rupiah(pre.shares.total()), *pre));
        }
        let packages = one_off.iter().filter(|r| r.months.is_some_and(|m| m > 0));
        // The smallest package that covers the contract, else the longest plus extra months.
        let fitting = packages
            .clone()
            .filter(|r| r.months.unwrap_or(0) >= months)
            .min_by_key(|r| r.months);
        match fitting {
            Some(p) => out.push((Rupiah(p.shares.total()), *p)),
            None => {
                let longest = packages
                    .max_by_key(|r| r.months)
                    .ok_or(ContributionError::NoPackage { months, date })?;
                let extra = rules
                    .iter()
                    .find(|r| r.segment == Segment::Pmi && r.kind == RateKind::OneOffPerMonth)
                    .ok_or(ContributionError::NoPackage { months, date })?;
                let beyond = i64::from(months - longest.months.unwrap_or(0));
                out.push((Rupiah(longest.shares.total()), *longest));
                out.push((Rupiah(extra.shares.total().saturating_mul(beyond)), *extra));
            }
        }
        Ok(out)
    }

    /// The JKK and JKM contributions of a construction project whose workers' wages are not
    /// known, from the contract value: each band's marginal rate on the part of the value inside
    /// the band, summed exactly and rounded once, per programme.
    pub fn construction_project(
        &self,
        contract_value: Rupiah,
        date: NaiveDate,
    ) -> Result<Vec<ProgrammeAmount>, ContributionError> {
        let rules = self.rules_on(date)?;
        if contract_value.0 <= 0 {
            return Err(ContributionError::WageRequired);
        }
        let mut out = Vec::new();
        for programme in [Programme::Jkk, Programme::Jkm] {
            let bands: Vec<&RateRule> = rules
                .iter()
                .copied()
                .filter(|r| {
                    r.segment == Segment::Jakon
                        && r.kind == RateKind::ProjectPercent
                        && r.programmes.contains(programme)
                })
                .collect();
            if bands.is_empty() {
                return Err(ContributionError::NoRule {
                    segment: Segment::Jakon,
                    programme,
                    date,
                });
            }
            let mut exact: i128 = 0;
            let mut ids: Vec<&str> = Vec::new();
            for band in &bands {
                let from = band.band_from.map_or(0, |b| b.0);
                let to = band.band_to.map_or(i64::MAX, |b| b.0);
                let inside = contract_value.0.min(to) - from;
                if inside > 0 {
                    exact =
                        exact.saturating_add(i128::from(inside) * i128::from(band.shares.total()));
                    ids.push(&band.id);
                }
            }
            let amount = round_half_up(exact);
            let legal = bands[0].legal_basis.clone();
            out.push(ProgrammeAmount {
                programme,
                rule_id: ids.join("+"),
                legal_basis: legal,
                basis: contract_value,
                rate_ppm: None,
                employer: Rupiah(amount),
                worker: Rupiah(0),
                government: Rupiah(0),
                recomposed: Rupiah(0),
                amount: Rupiah(amount),
            });
        }
        Ok(out)
    }
}
