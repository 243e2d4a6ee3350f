//! A cycle of the award as pages and commands read it: its record, frameworks, entries,
//! panels and assignments, loaded once in one read transaction, and the questions asked of
//! them (which framework scores an entry, through which panel an assessor scores it).

use paritrana_core::Lang;
use paritrana_core::award::assignment::Assignment;
use paritrana_core::award::entry::Entry;
use paritrana_core::award::framework::Framework;
use paritrana_core::award::ids::{AssessorId, EntryId, PanelId};
use paritrana_core::award::panel::{Panel, Round};
use paritrana_store::award::{CycleRecord, EntryRecord};
use paritrana_store::{Store, StoreError};

/// Everything of a cycle the pages read.
pub struct CycleParts {
    pub cycle: CycleRecord,
    pub frameworks: Vec<Framework>,
    pub entries: Vec<EntryRecord>,
    pub panels: Vec<Panel>,
    pub assignments: Vec<Assignment>,
}

impl CycleParts {
    /// The cycle's parts as of one moment: one read transaction
    /// ([`AwardStore::award_snapshot`](paritrana_store::AwardStore::award_snapshot)).
    pub fn load(store: &dyn Store, year: u16) -> Result<Option<CycleParts>, StoreError> {
        Ok(store.award_snapshot(year)?.map(|s| CycleParts {
            cycle: s.cycle,
            frameworks: s.frameworks,
            entries: s.entries,
            panels: s.panels,
            assignments: s.assignments,
        }))
    }

    pub fn year(&self) -> u16 {
        self.cycle.cycle.year
    }

    pub fn entry(&self, id: EntryId) -> Option<&EntryRecord> {
        self.entries.iter().find(|e| e.entry.id == id)
    }

    pub fn framework_of(&self, entry: &Entry) -> Option<&Framework> {
        self.frameworks
            .iter()
            .find(|f| f.category == entry.category)
    }

    pub fn panel(&self, id: PanelId) -> Option<&Panel> {
        self.panels.iter().find(|p| p.id == id)
    }

    /// Is `assessor` assigned to `entry` in any panel?
    pub fn is_assigned(&self, assessor: AssessorId, entry: EntryId) -> bool {
        self.assignments
            .iter()
            .any(|a| a.assessor == assessor && a.entry == entry)
    }

    /// The panel through which `assessor` scores `entry`: the national one when assigned there
    /// (the later round), else the provincial one.
    pub fn scoring_panel(&self, assessor: AssessorId, entry: EntryId) -> Option<&Panel> {
        let mut panels: Vec<&Panel> = self
            .assignments
            .iter()
            .filter(|a| a.assessor == assessor && a.entry == entry)
            .filter_map(|a| self.panel(a.panel))
            .collect();
        panels.sort_by_key(|p| p.round() != Round::National);
        panels.first().copied()
    }

    /// The label of a category in `lang` (its code when the cycle does not know it).
    pub fn category_label(&self, entry: &Entry, lang: Lang) -> String {
        self.cycle
            .cycle
            .category(&entry.category)
            .map_or_else(|| entry.category.to_string(), |c| c.label.get(lang).into())
    }
}
