//! The award service over the storage primitives: every change is one unit (one write
//! transaction with its audit entry), a refused change or a unit failing half-way leaves
//! nothing behind, a score sheet is saved in one unit, and a page's snapshot of a cycle is one
//! read. A wrapper that only counts the transactions of the SQLite store gets the whole
//! `AwardStore` from the primitives, as any backend does.

use chrono::NaiveDate;
use paritrana_core::auth::Role;
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::defaults::{default_cycle, default_framework};
use paritrana_core::award::framework::{Framework, Stage};
use paritrana_core::award::ids::{AssessorId, CategoryCode};
use paritrana_core::award::panel::{Institution, PanelLevel, Round};
use paritrana_core::award::points::Weight;
use paritrana_core::award::score::{Score, ScoreError};
use paritrana_core::region::RegionCode;
use paritrana_store::audit::AuditEntry;
use paritrana_store::award::{AwardData, AwardError, AwardReads, AwardUnit, NewEntry, NewMember};
use paritrana_store::{Actor, AuditStore, AwardStore, StoreError};
use paritrana_store_sqlite::SqliteStore;
use std::cell::Cell;

mod common;

const YEAR: u16 = 2026;

fn secretariat() -> Actor {
    Actor {
        name: "sekretariat".into(),
        user_id: None,
        addr: None,
    }
}

fn pemkab() -> CategoryCode {
    CategoryCode::parse("PEMKAB").unwrap()
}

fn in_registration() -> NaiveDate {
    "2026-02-10".parse().unwrap()
}

/// The SQLite store seen through its primitives only, counting the transactions it opens.
struct Counting<'a> {
    inner: &'a SqliteStore,
    reads: Cell<u32>,
    units: Cell<u32>,
}

impl<'a> Counting<'a> {
    fn new(inner: &'a SqliteStore) -> Counting<'a> {
        Counting {
            inner,
            reads: Cell::new(0),
            units: Cell::new(0),
        }
    }

    /// (reads, units) since the last call.
    fn take(&self) -> (u32, u32) {
        (self.reads.replace(0), self.units.replace(0))
    }
}

impl AwardData for Counting<'_> {
    fn award_read<R, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn AwardReads) -> Result<R, E>,
    ) -> Result<R, E> {
        self.reads.set(self.reads.get() + 1);
        self.inner.award_read(f)
    }

    fn award_unit<R>(
        &self,
        f: impl FnOnce(&mut dyn AwardUnit) -> Result<R, AwardError>,
    ) -> Result<R, AwardError> {
        self.units.set(self.units.get() + 1);
        self.inner.award_unit(f)
    }
}

fn frameworks() -> Vec<Framework> {
    default_cycle(YEAR)
        .categories
        .iter()
        .map(|c| default_framework(YEAR, c))
        .collect()
}

fn audit_entries(store: &SqliteStore) -> u64 {
    store.audit_verify().unwrap().entries
}

#[test]
fn every_change_is_one_unit_and_a_refused_one_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("u.db")).unwrap();
    let award = Counting::new(&store);
    let admin = secretariat();
    let cycle = default_cycle(YEAR);

    // A framework of a category the cycle does not have: refused, no cycle, no audit entry.
    let mut wrong = frameworks();
    wrong.push(default_framework(YEAR + 1, &cycle.categories[0]));
    let before = audit_entries(&store);
    assert!(matches!(
        award.create_award_cycle(&cycle, Aggregation::Mean, &wrong, &admin),
        Err(AwardError::UnknownCategory { .. })
    ));
    assert_eq!(award.take(), (0, 1));
    assert!(store.award_cycle(YEAR).unwrap().is_none());
    assert_eq!(audit_entries(&store), before);

    award
        .create_award_cycle(&cycle, Aggregation::Mean, &frameworks(), &admin)
        .unwrap();
    assert_eq!(award.take(), (0, 1));
    assert_eq!(audit_entries(&store), before + 1);

    // A broken framework refused by `Framework::freeze`: the edit stays, nothing is frozen,
    // and the refusal is not audited.
    let mut spec = frameworks()[1].spec().clone();
    spec.groups[0].weight = Weight(30);
    award
        .edit_award_framework(YEAR, &pemkab(), spec, &admin)
        .unwrap();
    let trail = audit_entries(&store);
    assert!(matches!(
        award.freeze_award_framework(YEAR, &pemkab(), &admin),
        Err(AwardError::Framework(_))
    ));
    assert_eq!(award.take(), (0, 2));
    assert_eq!(audit_entries(&store), trail);
    let current = store.award_frameworks(YEAR).unwrap();
    let edited = current.iter().find(|f| f.category == pemkab()).unwrap();
    assert_eq!((edited.version(), edited.is_frozen()), (2, false));
}

#[test]
fn a_unit_failing_half_way_is_rolled_back_with_its_audit_entry() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("u.db")).unwrap();
    let admin = secretariat();
    let cycle = default_cycle(YEAR);
    let before = audit_entries(&store);
    let failed: Result<(), AwardError> = store.award_unit(|u| {
        u.insert_cycle(&cycle, Aggregation::Mean)?;
        u.insert_framework(&frameworks()[0])?;
        u.append_audit(&admin, &AuditEntry::new("award.cycle.create"))?;
        assert!(u.cycle(YEAR)?.is_some(), "the unit sees its own writes");
        Err(AwardError::NoReason)
    });
    assert!(matches!(failed, Err(AwardError::NoReason)));
    assert!(store.award_cycle(YEAR).unwrap().is_none());
    assert!(store.award_frameworks(YEAR).unwrap().is_empty());
    assert_eq!(audit_entries(&store), before);
    assert_eq!(store.audit_verify().unwrap().first_broken, None);

    // The same unit answering Ok is committed whole.
    store
        .award_unit(|u| {
            u.insert_cycle(&cycle, Aggregation::Mean)?;
            u.append_audit(&admin, &AuditEntry::new("award.cycle.create"))?;
            Ok(())
        })
        .unwrap();
    assert!(store.award_cycle(YEAR).unwrap().is_some());
    assert_eq!(audit_entries(&store), before + 1);
}

#[test]
fn a_score_sheet_is_one_unit_and_a_snapshot_one_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("u.db")).unwrap();
    let award = Counting::new(&store);
    let admin = secretariat();
    let cycle = default_cycle(YEAR);
    store
        .create_award_cycle(&cycle, Aggregation::Mean, &frameworks(), &admin)
        .unwrap();
    let frozen = store
        .freeze_award_framework(YEAR, &pemkab(), &admin)
        .unwrap();
    let op = common::account(&store, "op.kaltim", Role::PemdaOperator, &admin);
    let op_actor = Actor {
        name: "op.kaltim".into(),
        user_id: Some(op),
        addr: None,
    };
    let new = NewEntry {
        category: pemkab(),
        name: "Kabupaten Paser".into(),
        region: RegionCode::parse("64.01").unwrap(),
        company: None,
        statement: "Komitmen".into(),
    };
    let entry = store
        .register_award_entry(YEAR, &new, in_registration(), &op_actor)
        .unwrap()
        .entry
        .id;
    store
        .submit_award_entry(YEAR, entry, in_registration(), &op_actor)
        .unwrap();
    let chair = common::account(&store, "asesor.bpjs", Role::Assessor, &admin);
    let expert = common::account(&store, "asesor.pakar", Role::Assessor, &admin);
    let member = |id, institution, chair| NewMember {
        account_id: id,
        institution,
        expertise: None,
        home_region: None,
        company: None,
        chair,
    };
    let panel = store
        .create_award_panel(
            YEAR,
            PanelLevel::Provincial(RegionCode::parse("64").unwrap()),
            &[
                member(chair, Institution::Bpjs, true),
                member(expert, Institution::Expert, false),
            ],
            &admin,
        )
        .unwrap();
    store
        .assign_award_entry(YEAR, panel.id, AssessorId(chair), entry, &admin)
        .unwrap();

    let assessor = Actor {
        name: "asesor.bpjs".into(),
        user_id: Some(chair),
        addr: None,
    };
    let sheet: Vec<Score> = frozen
        .indicators(Stage::Document)
        .map(|(_, i)| Score {
            round: Round::Provincial,
            assessor: AssessorId(chair),
            entry,
            stage: Stage::Document,
            indicator: i.code.clone(),
            value: common::value(&i.scale, 80),
            comment: String::new(),
        })
        .collect();
    assert!(sheet.len() > 1);

    // The expert is not assigned: their one score spoils the sheet, and nothing is saved.
    let mut spoiled = sheet.clone();
    spoiled.push(Score {
        assessor: AssessorId(expert),
        ..sheet[0].clone()
    });
    let trail = audit_entries(&store);
    assert!(matches!(
        award.record_award_scores(YEAR, &spoiled, &assessor),
        Err(AwardError::Score(ScoreError::NotAssigned { .. }))
    ));
    assert_eq!(award.take(), (0, 1));
    assert!(
        store
            .award_scores(YEAR, Round::Provincial)
            .unwrap()
            .is_empty()
    );
    assert_eq!(audit_entries(&store), trail);

    // The whole sheet in one unit: every score, its history row and its audit entry.
    let changes = award.record_award_scores(YEAR, &sheet, &assessor).unwrap();
    assert_eq!(award.take(), (0, 1));
    assert_eq!(changes.len(), sheet.len());
    assert!(
        changes
            .iter()
            .all(|c| c.changed_at == changes[0].changed_at)
    );
    assert_eq!(
        store.award_scores(YEAR, Round::Provincial).unwrap().len(),
        sheet.len()
    );
    assert_eq!(
        store.award_score_history(YEAR, entry).unwrap().len(),
        sheet.len()
    );
    assert_eq!(audit_entries(&store), trail + sheet.len() as u64);

    // Saved again unchanged: one unit, nothing recorded.
    award.record_award_scores(YEAR, &sheet, &assessor).unwrap();
    assert_eq!(award.take(), (0, 1));
    assert_eq!(audit_entries(&store), trail + sheet.len() as u64);

    // What the pages show of the cycle, in one read.
    let snapshot = award.award_snapshot(YEAR).unwrap().unwrap();
    assert_eq!(award.take(), (1, 0));
    assert_eq!(snapshot.cycle.cycle.year, YEAR);
    assert_eq!(
        snapshot.frameworks.len(),
        store.award_frameworks(YEAR).unwrap().len()
    );
    assert_eq!(snapshot.entries.len(), 1);
    assert_eq!(snapshot.panels.len(), 1);
    assert_eq!(snapshot.assignments.len(), 1);
    assert!(award.award_snapshot(YEAR + 1).unwrap().is_none());
    assert_eq!(award.take(), (1, 0));
}
