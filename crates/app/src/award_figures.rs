//! The figures of a cycle's computed indicators, taken from the registry on the cycle's cut-off
//! date (`paritrana_core::award::registry_figures`) and stored with the award store. The
//! secretariat's page and `paritrana award figures` both call [`refresh`]; figures the registry
//! cannot give are entered one by one ([`parse_entered`]).
//!
//! Each government entry's region is read from the coverage cube (counts, BPU, funding,
//! programmes), the target book, the periods of its villages (desa paying from Dana Desa) and
//! the contribution rules (what its APBD-funded workers cost).

use paritrana_core::Lang;
use paritrana_core::award::computed::{Figure, Metric, Unit};
use paritrana_core::award::ids::EntryId;
use paritrana_core::award::registry_figures::{RegionFacts, figures, own_budget};
use paritrana_core::codes::Funding;
use paritrana_core::contribution::enrolled::registry_cost;
use paritrana_core::contribution::rules::RateTable;
use paritrana_core::coverage::{CoverageSource, Dimension, day};
use paritrana_core::lang::Localized;
use paritrana_core::region::{Level, RegionKind, RegionTree};
use paritrana_core::target::TargetBook;
use paritrana_store::{Actor, AwardError, Store, StoreError};

/// Why figures could not be computed, stored or read.
#[derive(Debug, thiserror::Error)]
pub enum FigureError {
    /// The award store refused (no cycle, figures locked, …).
    #[error(transparent)]
    Award(#[from] AwardError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The bundled contribution rules do not load (a build defect).
    #[error("the contribution rules do not load: {0}")]
    Rates(String),
    /// A typed figure that is not one: the message in both languages.
    #[error("{en}")]
    Entered { id: String, en: String },
}

impl Localized for FigureError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (FigureError::Award(e), _) => e.message(lang),
            (FigureError::Entered { id, .. }, Lang::Id) => id.clone(),
            (FigureError::Entered { en, .. }, Lang::En) => en.clone(),
            (e, _) => e.to_string(),
        }
    }
}

/// What a refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refreshed {
    /// Government entries whose figures were computed.
    pub entries: usize,
    /// Figures stored.
    pub figures: usize,
    /// Business entries left to the secretariat.
    pub businesses: usize,
}

/// Computes the registry figures of every government entry of `year`'s cycle on its cut-off
/// date and stores them in one change (audited as `award.figures.set`). Figures entered by
/// hand for other metrics stay. Refused once the provincial round is closed.
pub fn refresh(
    store: &dyn Store,
    tree: &RegionTree,
    year: u16,
    actor: &Actor,
) -> Result<Refreshed, FigureError> {
    let cycle = store
        .award_cycle(year)?
        .ok_or(AwardError::NoCycle(year))?
        .cycle;
    let cut_off = cycle.cut_off;
    let cube = store.coverage_cube()?;
    let book = TargetBook::new(store.targets()?, tree);
    let rates = RateTable::bundled().map_err(|e| FigureError::Rates(e.to_string()))?;
    let mut out = Vec::new();
    let mut done = Refreshed {
        entries: 0,
        figures: 0,
        businesses: 0,
    };
    for rec in store.award_entries(year)? {
        let entry = &rec.entry;
        let Some(kind) = cycle.category(&entry.category).map(|c| c.kind) else {
            continue;
        };
        let Some(budget) = own_budget(kind) else {
            done.businesses += 1;
            continue;
        };
        let mut facts = RegionFacts::gather(&cube, &book, entry.region, cut_off);
        facts.villages = Some(villages_paying_from_dana_desa(
            store,
            tree,
            entry.region,
            cut_off,
        )?);
        let groups = store.enrolled_groups(entry.region, cut_off)?;
        facts.apbd_per_month = registry_cost(rates, &groups, cut_off).ok().map(|c| {
            c.cost
                .by_funding
                .iter()
                .filter(|f| f.funding == budget)
                .map(|f| f.per_month)
                .fold(paritrana_core::worker::Rupiah(0), |a, b| {
                    paritrana_core::worker::Rupiah(a.0 + b.0)
                })
        });
        let mine = figures(entry.id, kind, &facts, cut_off);
        done.entries += 1;
        done.figures += mine.len();
        out.extend(mine);
    }
    if !out.is_empty() {
        store.set_award_figures(year, &out, actor)?;
    }
    Ok(done)
}

/// The desa (kelurahan have no Dana Desa) of `region`, and those where a worker protected on
/// `on` is paid from Dana Desa.
fn villages_paying_from_dana_desa(
    store: &dyn Store,
    tree: &RegionTree,
    region: paritrana_core::region::RegionCode,
    on: chrono::NaiveDate,
) -> Result<(u64, u64), StoreError> {
    let desa: std::collections::BTreeSet<_> = tree
        .children_below(region)
        .filter(|r| r.level == Level::Village && r.kind == Some(RegionKind::Desa))
        .map(|r| r.code)
        .collect();
    let periods = store.coverage_periods(region)?;
    let at = Funding::DanaDesa.index();
    let paying = periods
        .count(region, Level::Village, day(on), Dimension::Funding)
        .into_iter()
        .filter(|(village, c)| desa.contains(village) && c.by.get(at).is_some_and(|n| *n > 0))
        .count();
    Ok((desa.len() as u64, paying as u64))
}

/// A figure typed by the secretariat: `value` in the metric's unit (`87,5`, `87.5`,
/// `1.250.000` for rupiah), for `entry`, on the cut-off date.
pub fn parse_entered(
    entry: EntryId,
    metric_code: &str,
    value: &str,
    as_of: chrono::NaiveDate,
) -> Result<Figure, FigureError> {
    let metric = Metric::parse(metric_code.trim()).ok_or_else(|| FigureError::Entered {
        id: format!("Angka: \"{metric_code}\" bukan kode angka yang dikenal"),
        en: format!("Figure: \"{metric_code}\" is not a known figure code"),
    })?;
    let text = value.trim();
    let normalised = match metric.unit() {
        // Rupiah and worker counts are written with thousands dots.
        Unit::Rupiah | Unit::Workers => text.replace(['.', ' '], "").replace(',', "."),
        Unit::Percent | Unit::Number => text.replace(',', "."),
    };
    let points = paritrana_core::award::points::Points::parse(&normalised)
        .ok()
        .filter(|p| p.milli() >= 0);
    let Some(points) = points else {
        return Err(FigureError::Entered {
            id: format!(
                "Angka {}: \"{value}\" bukan bilangan nol atau lebih (paling banyak tiga desimal)",
                metric.label(Lang::Id)
            ),
            en: format!(
                "Figure {}: \"{value}\" is not a number of zero or more (at most three decimals)",
                metric.label(Lang::En)
            ),
        });
    };
    if metric.unit() == Unit::Percent && points.milli() > 1_000_000 {
        return Err(FigureError::Entered {
            id: format!(
                "Angka {}: {value} % di atas 1.000 %",
                metric.label(Lang::Id)
            ),
            en: format!(
                "Figure {}: {value} % is above 1,000 %",
                metric.label(Lang::En)
            ),
        });
    }
    Ok(Figure {
        entry,
        metric,
        value: points.milli(),
        as_of,
    })
}

/// A figure as the page shows it: `90,430 %`, `Rp 1.209.600`, `1.250 pekerja`.
pub fn show(f: &Figure, lang: Lang) -> String {
    let p = paritrana_core::award::points::Points::from_milli(f.value);
    match f.metric.unit() {
        Unit::Percent => format!("{} %", p.format(lang)),
        Unit::Rupiah => format!("Rp {}", group(f.value / 1000, lang)),
        Unit::Workers => group(f.value / 1000, lang),
        Unit::Number => p.format(lang),
    }
}

/// A whole number with the language's digit grouping (`1.250`, `1,250`).
fn group(n: i64, lang: Lang) -> String {
    let digits = paritrana_core::lang::format_count(n.unsigned_abs(), lang);
    if n < 0 { format!("-{digits}") } else { digits }
}

/// Whether the registry gives this metric (else the secretariat enters it).
pub fn from_registry(metric: Metric) -> bool {
    paritrana_core::award::registry_figures::FROM_REGISTRY.contains(&metric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entered_figures_read_indonesian_numbers_and_refuse_bad_ones() {
        let on = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        let f = parse_entered(EntryId(1), "NON_ASN_TERLINDUNGI", "87,5", on).unwrap();
        assert_eq!((f.metric, f.value), (Metric::NonAsnShare, 87_500));
        let f = parse_entered(EntryId(1), "PEKERJA_RENTAN_CSR", "1.250", on).unwrap();
        assert_eq!(f.value, 1_250_000);
        assert_eq!(show(&f, Lang::Id), "1.250");
        let e = parse_entered(EntryId(1), "NON_ASN_TERLINDUNGI", "-3", on).unwrap_err();
        assert!(
            e.message(Lang::Id).contains("\"-3\""),
            "{}",
            e.message(Lang::Id)
        );
        let e = parse_entered(EntryId(1), "TIDAK_ADA", "3", on).unwrap_err();
        assert!(e.message(Lang::Id).contains("TIDAK_ADA"));
        let f = parse_entered(EntryId(1), "UCJ_PERSEN", "90.43", on).unwrap();
        assert_eq!(show(&f, Lang::Id), "90,43 %");
        assert_eq!(show(&f, Lang::En), "90.43 %");
    }
}
