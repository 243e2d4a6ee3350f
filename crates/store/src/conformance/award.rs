//! The award in the SQLite store, end to end: a cycle with the default frameworks, a framework
//! edited, refused while broken, frozen and then locked; entries registered, refused after the
//! deadline and locked once submitted; evidence metadata; a provincial panel with a refused
//! conflict; scores with their history and audit entries; the round closed, exported and
//! re-checked.

use crate::Actor;
use crate::audit::AuditQuery;
use crate::award::{AwardError, NewEntry, NewEvidence, NewMember, evidence_path};
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::auth::Role;
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::assignment::AssignmentError;
use paritrana_core::award::defaults::{default_cycle, default_framework};
use paritrana_core::award::entry::{EntryLocked, EntryState};
use paritrana_core::award::framework::{Framework, Stage};
use paritrana_core::award::framework_check::FrameworkError;
use paritrana_core::award::ids::{AssessorId, CategoryCode, EntryId, IndicatorCode};
use paritrana_core::award::panel::{Institution, PanelLevel, Round};
use paritrana_core::award::points::{Points, Weight};
use paritrana_core::award::score::{Score, ScoreError};
use paritrana_core::lang::Localized;
use paritrana_core::region::RegionCode;

const YEAR: u16 = 2026;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

use super::Backend;
use super::award_data as common;
use crate::Store;

fn account(store: &dyn Store, name: &str, role: Role) -> i64 {
    common::account(store, name, role, &secretariat())
}

fn secretariat() -> Actor {
    Actor {
        name: "sekretariat".into(),
        user_id: None,
        addr: None,
    }
}

fn as_user(id: i64, name: &str) -> Actor {
    Actor {
        name: name.into(),
        user_id: Some(id),
        addr: None,
    }
}

fn pemkab() -> CategoryCode {
    CategoryCode::parse("PEMKAB").unwrap()
}

pub fn a_provincial_round_is_stored_scored_closed_and_reproduced(backend: &dyn Backend) {
    let db = backend.fresh();
    let store = db.store.as_ref();
    let admin = secretariat();

    // The cycle with its default frameworks; a second one for the year is refused.
    let cycle = default_cycle(YEAR);
    let frameworks: Vec<Framework> = cycle
        .categories
        .iter()
        .map(|c| default_framework(YEAR, c))
        .collect();
    store
        .create_award_cycle(&cycle, Aggregation::Mean, &frameworks, &admin)
        .unwrap();
    assert!(matches!(
        store.create_award_cycle(&cycle, Aggregation::Mean, &frameworks, &admin),
        Err(AwardError::CycleExists(YEAR))
    ));
    assert_eq!(store.award_years().unwrap(), vec![YEAR]);
    assert_eq!(store.award_frameworks(YEAR).unwrap().len(), 7);

    // Edit (version 2, broken), refused freeze, repair (version 3), freeze, then locked.
    let mut spec = frameworks[1].spec().clone();
    spec.groups[0].weight = Weight(30);
    let v2 = store
        .edit_award_framework(YEAR, &pemkab(), spec.clone(), &admin)
        .unwrap();
    assert_eq!(v2.version(), 2);
    match store.freeze_award_framework(YEAR, &pemkab(), &admin) {
        Err(AwardError::Framework(problems)) => assert_eq!(
            problems,
            vec![FrameworkError::GroupWeightTotal {
                stage: Stage::Document,
                total: 95
            }]
        ),
        other => panic!("expected the weight problem, got {other:?}"),
    }
    spec.groups[0].weight = Weight(35);
    store
        .edit_award_framework(YEAR, &pemkab(), spec.clone(), &admin)
        .unwrap();
    let frozen = store
        .freeze_award_framework(YEAR, &pemkab(), &admin)
        .unwrap();
    assert_eq!((frozen.version(), frozen.is_frozen()), (3, true));
    let refused = store
        .edit_award_framework(YEAR, &pemkab(), spec, &admin)
        .unwrap_err();
    assert!(
        refused.message(Lang::Id).contains("sudah dikunci"),
        "{}",
        refused.message(Lang::Id)
    );
    let current = store.award_frameworks(YEAR).unwrap();
    assert_eq!(
        current.iter().find(|f| f.category == pemkab()).unwrap(),
        &frozen
    );

    // Entries: registered by the Pemda operators during registration.
    let op = account(store, "op.kaltim", Role::PemdaOperator);
    let op_actor = as_user(op, "op.kaltim");
    let in_registration = day("2026-02-10");
    let mut ids = Vec::new();
    for (name, region) in [
        ("Kabupaten Paser", "64.01"),
        ("Kabupaten Kutai Kartanegara", "64.02"),
        ("Kabupaten Berau", "64.03"),
    ] {
        let new = NewEntry {
            category: pemkab(),
            name: name.into(),
            region: RegionCode::parse(region).unwrap(),
            company: None,
            statement: "Komitmen perlindungan pekerja rentan".into(),
        };
        let rec = store
            .register_award_entry(YEAR, &new, in_registration, &op_actor)
            .unwrap();
        assert_eq!(rec.owner_id, Some(op));
        assert_eq!(rec.state, EntryState::Draft);
        ids.push(rec.entry.id);
    }
    assert_eq!(ids, vec![EntryId(1), EntryId(2), EntryId(3)]);
    let samarinda = NewEntry {
        category: pemkab(),
        name: "Kota Samarinda".into(),
        region: RegionCode::parse("64.72").unwrap(),
        company: None,
        statement: String::new(),
    };
    assert!(matches!(
        store.register_award_entry(YEAR, &samarinda, in_registration, &op_actor),
        Err(AwardError::Entry(_))
    ));
    let too_late = store
        .register_award_entry(YEAR, &samarinda, day("2026-04-01"), &op_actor)
        .unwrap_err();
    assert!(matches!(
        too_late,
        AwardError::Locked(EntryLocked::Closed { .. })
    ));
    assert_eq!(
        too_late.message(Lang::Id),
        "pendaftaran 2026 sudah ditutup 2026-03-31"
    );

    // Evidence metadata; the bytes go under the data dir by hash.
    let sha = "ab".repeat(32);
    let ev = NewEvidence {
        indicator: IndicatorCode::parse("C1").unwrap(),
        sha256: sha.clone(),
        file_name: "perbup-paser.pdf".into(),
        media_type: "application/pdf".into(),
        size: 123_456,
    };
    store
        .add_award_evidence(YEAR, EntryId(1), &ev, in_registration, &op_actor)
        .unwrap();
    let bad = NewEvidence {
        sha256: "../../etc/passwd".into(),
        ..ev.clone()
    };
    assert!(matches!(
        store.add_award_evidence(YEAR, EntryId(1), &bad, in_registration, &op_actor),
        Err(AwardError::BadSha256(_))
    ));
    let stored = store.award_evidence(YEAR, EntryId(1)).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].size, 123_456);
    assert_eq!(
        evidence_path(std::path::Path::new("/srv/paritrana"), &sha).unwrap(),
        std::path::Path::new("/srv/paritrana")
            .join("award/evidence/ab")
            .join(&sha)
    );
    assert_eq!(
        evidence_path(std::path::Path::new("/srv/paritrana"), "../x"),
        None
    );

    // Submitted entries are locked.
    for id in &ids {
        store
            .submit_award_entry(YEAR, *id, day("2026-03-31"), &op_actor)
            .unwrap();
    }
    assert!(matches!(
        store.update_award_statement(YEAR, EntryId(1), "baru", in_registration, &op_actor),
        Err(AwardError::Locked(EntryLocked::Submitted))
    ));
    assert!(matches!(
        store.add_award_evidence(YEAR, EntryId(1), &ev, in_registration, &op_actor),
        Err(AwardError::Locked(EntryLocked::Submitted))
    ));

    // The provincial panel of Kalimantan Timur; the Paser officer may not score Paser.
    let paser_officer = account(store, "asesor.paser", Role::Assessor);
    let chair = account(store, "asesor.bpjs", Role::Assessor);
    let expert = account(store, "asesor.pakar", Role::Assessor);
    let member = |id: i64, institution, home: Option<&str>, is_chair| NewMember {
        account_id: id,
        institution,
        expertise: None,
        home_region: home.map(|h| RegionCode::parse(h).unwrap()),
        company: None,
        chair: is_chair,
    };
    let kaltim = PanelLevel::Provincial(RegionCode::parse("64").unwrap());
    let panel = store
        .create_award_panel(
            YEAR,
            kaltim,
            &[
                member(paser_officer, Institution::Pemda, Some("64.01"), false),
                member(chair, Institution::Bpjs, None, true),
                member(expert, Institution::Expert, None, false),
            ],
            &admin,
        )
        .unwrap();
    assert_eq!(panel.members.len(), 3);
    assert_eq!(panel.chair().unwrap().name, "Nama asesor.bpjs");
    assert!(matches!(
        store.create_award_panel(
            YEAR,
            kaltim,
            &[member(chair, Institution::Bpjs, None, true)],
            &admin
        ),
        Err(AwardError::PanelExists(_))
    ));
    let conflict = store
        .assign_award_entry(
            YEAR,
            panel.id,
            AssessorId(paser_officer),
            EntryId(1),
            &admin,
        )
        .unwrap_err();
    assert!(matches!(
        conflict,
        AwardError::Assignment(AssignmentError::Conflict(_))
    ));
    for id in &ids {
        for a in [chair, expert] {
            store
                .assign_award_entry(YEAR, panel.id, AssessorId(a), *id, &admin)
                .unwrap();
        }
        if *id != EntryId(1) {
            store
                .assign_award_entry(YEAR, panel.id, AssessorId(paser_officer), *id, &admin)
                .unwrap();
        }
    }
    assert_eq!(store.award_assignments(YEAR).unwrap().len(), 8);

    // Scores: an unassigned one and an off-scale one are refused with the core's reason.
    let a1 = IndicatorCode::parse("A1").unwrap();
    let mut s = Score {
        round: Round::Provincial,
        assessor: AssessorId(paser_officer),
        entry: EntryId(1),
        stage: Stage::Document,
        indicator: a1.clone(),
        value: Points::whole(90),
        comment: String::new(),
    };
    assert!(matches!(
        store.record_award_score(YEAR, &s, &as_user(paser_officer, "asesor.paser")),
        Err(AwardError::Score(ScoreError::NotAssigned { .. }))
    ));
    s.assessor = AssessorId(chair);
    s.value = Points::from_milli(100_001);
    assert!(matches!(
        store.record_award_score(YEAR, &s, &as_user(chair, "asesor.bpjs")),
        Err(AwardError::Score(ScoreError::OutOfRange { .. }))
    ));
    // A sheet is one unit: a good score before a refused one is not saved either.
    let good = Score {
        value: Points::whole(75),
        ..s.clone()
    };
    let sheet = [good, s.clone()];
    let trail = store.audit_verify().unwrap().entries;
    assert!(matches!(
        store.record_award_scores(YEAR, &sheet, &as_user(chair, "asesor.bpjs")),
        Err(AwardError::Score(ScoreError::OutOfRange { .. }))
    ));
    assert!(
        store
            .award_scores(YEAR, Round::Provincial)
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .award_score_history(YEAR, EntryId(1))
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.audit_verify().unwrap().entries, trail);

    for (entry, levels) in [(1, [90, 80, 0]), (2, [70, 60, 50]), (3, [40, 50, 60])] {
        common::score_round(
            store,
            YEAR,
            &frozen,
            Round::Provincial,
            chair,
            entry,
            levels[0],
        );
        common::score_round(
            store,
            YEAR,
            &frozen,
            Round::Provincial,
            expert,
            entry,
            levels[1],
        );
        if entry != 1 {
            common::score_round(
                store,
                YEAR,
                &frozen,
                Round::Provincial,
                paser_officer,
                entry,
                levels[2],
            );
        }
    }

    // A change keeps the old value in the history and the audit trail, not the comment.
    s.value = Points::from_milli(87_125);
    s.comment = "Data Disnaker dicek ulang bersama Bapak Ahmad".into();
    let change = store
        .record_award_score(YEAR, &s, &as_user(chair, "asesor.bpjs"))
        .unwrap();
    assert_eq!(change.old_value, Some(Points::whole(90)));
    let history: Vec<_> = store
        .award_score_history(YEAR, EntryId(1))
        .unwrap()
        .into_iter()
        .filter(|h| h.assessor == AssessorId(chair) && h.indicator == a1)
        .collect();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].old_value, None);
    assert_eq!(history[1].old_value, Some(Points::whole(90)));
    assert_eq!(history[1].new_value, Points::from_milli(87_125));
    assert_eq!(history[1].comment, s.comment);
    assert_eq!(history[1].changed_by, "asesor.bpjs");
    let trail = store
        .audit_search(&AuditQuery {
            action: Some("award.score.set".into()),
            limit: 1,
            ..AuditQuery::default()
        })
        .unwrap();
    let detail = trail[0].detail.as_ref().unwrap();
    assert_eq!(detail["before"], "90.000");
    assert_eq!(detail["after"], "87.125");
    assert_eq!(trail[0].object.as_deref(), Some("award:2026:entry:1"));
    let everything = serde_json::to_string(
        &store
            .audit_search(&AuditQuery {
                action: Some("award.".into()),
                limit: 10_000,
                ..AuditQuery::default()
            })
            .unwrap(),
    )
    .unwrap();
    assert!(!everything.contains("Ahmad"));
    assert!(!everything.contains("Nama asesor"));
    assert!(!everything.contains("perbup-paser.pdf"));

    // Close: the rankings are kept; scores are locked; the export re-checks clean.
    let live = store.award_rankings(YEAR, Round::Provincial).unwrap();
    let closed = store
        .close_award_round(YEAR, Round::Provincial, &admin)
        .unwrap();
    assert_eq!(live, closed);
    assert_eq!(closed.len(), 1);
    let order: Vec<u32> = closed[0]
        .ranked
        .iter()
        .map(|r| r.standing.entry.0)
        .collect();
    assert_eq!(order, vec![1, 2, 3]);
    assert!(matches!(
        store.record_award_score(YEAR, &s, &as_user(chair, "asesor.bpjs")),
        Err(AwardError::RoundClosed(Round::Provincial))
    ));
    // The figures the rankings rest on are locked with the round.
    let figure = paritrana_core::award::computed::Figure {
        entry: EntryId(1),
        metric: paritrana_core::award::computed::Metric::UcjCoverage,
        value: 99_000,
        as_of: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
    };
    assert!(matches!(
        store.set_award_figures(YEAR, &[figure], &admin),
        Err(AwardError::RoundClosed(Round::Provincial))
    ));
    assert!(
        !store
            .award_round_status(YEAR, Round::Provincial)
            .unwrap()
            .is_published()
    );
    store
        .publish_award_round(YEAR, Round::Provincial, &admin)
        .unwrap();
    assert!(
        store
            .award_round_status(YEAR, Round::Provincial)
            .unwrap()
            .is_published()
    );
    let export = store.award_round_export(YEAR, Round::Provincial).unwrap();
    assert_eq!(export.entries.len(), 3);
    assert_eq!(export.frameworks, vec![frozen.clone()]);
    assert_eq!(export.verify().unwrap(), vec![]);
    let nominees: Vec<u32> = store
        .award_nominations(YEAR)
        .unwrap()
        .iter()
        .map(|n| n.entry.0)
        .collect();
    assert_eq!(nominees, vec![1, 2, 3]);
    assert!(matches!(
        store.award_round_export(YEAR, Round::National),
        Err(AwardError::RoundNotClosed(Round::National))
    ));

    // The history cannot be rewritten behind the store's back, and the audit chain holds.
    assert!((db.raw)("UPDATE award_score_history SET new_value = 1").is_err());
    assert_eq!(store.audit_verify().unwrap().first_broken, None);
}

pub fn nominees_go_to_the_national_round_and_the_chair_decides(backend: &dyn Backend) {
    use paritrana_core::award::decision::FinalDecision;
    use paritrana_core::award::nomination::{Basis, NominationOverride};
    use paritrana_core::award::ranking::ChairOrder;

    let db = backend.fresh();
    let store = db.store.as_ref();
    let admin = secretariat();
    let cycle = default_cycle(YEAR);
    let frameworks: Vec<Framework> = cycle
        .categories
        .iter()
        .map(|c| default_framework(YEAR, c))
        .collect();
    store
        .create_award_cycle(&cycle, Aggregation::Mean, &frameworks, &admin)
        .unwrap();
    let f = store
        .freeze_award_framework(YEAR, &pemkab(), &admin)
        .unwrap();
    let op = account(store, "op.kaltim", Role::PemdaOperator);
    let op_actor = as_user(op, "op.kaltim");
    for region in ["64.01", "64.02", "64.03", "64.04"] {
        let new = NewEntry {
            category: pemkab(),
            name: format!("Kabupaten {region}"),
            region: RegionCode::parse(region).unwrap(),
            company: None,
            statement: String::new(),
        };
        let rec = store
            .register_award_entry(YEAR, &new, day("2026-03-01"), &op_actor)
            .unwrap();
        store
            .submit_award_entry(YEAR, rec.entry.id, day("2026-03-01"), &op_actor)
            .unwrap();
    }
    let (p1, p2) = (
        account(store, "prov.ketua", Role::Assessor),
        account(store, "prov.anggota", Role::Assessor),
    );
    let (n1, n2) = (
        account(store, "nas.ketua", Role::Assessor),
        account(store, "nas.anggota", Role::Assessor),
    );
    let member = |id: i64, chair| NewMember {
        account_id: id,
        institution: Institution::KemenkoPmk,
        expertise: None,
        home_region: None,
        company: None,
        chair,
    };
    let prov = store
        .create_award_panel(
            YEAR,
            PanelLevel::Provincial(RegionCode::parse("64").unwrap()),
            &[member(p1, true), member(p2, false)],
            &admin,
        )
        .unwrap();
    for e in 1..=4 {
        for a in [p1, p2] {
            store
                .assign_award_entry(YEAR, prov.id, AssessorId(a), EntryId(e), &admin)
                .unwrap();
            common::score_round(
                store,
                YEAR,
                &f,
                Round::Provincial,
                a,
                e,
                100 - 10 * i64::from(e),
            );
        }
    }
    // Only the group's chair orders ties, and never without a reason.
    let order = ChairOrder {
        category: pemkab(),
        province: Some(RegionCode::parse("64").unwrap()),
        chair: AssessorId(p2),
        order: vec![EntryId(2), EntryId(1)],
        reason: "urutan ketua".into(),
    };
    assert!(matches!(
        store.set_award_chair_order(YEAR, Round::Provincial, &order, &admin),
        Err(AwardError::NotChair(_))
    ));
    assert!(matches!(
        store.set_award_chair_order(
            YEAR,
            Round::Provincial,
            &ChairOrder {
                reason: " ".into(),
                ..order.clone()
            },
            &admin
        ),
        Err(AwardError::NoReason)
    ));
    let order = ChairOrder {
        chair: AssessorId(p1),
        ..order
    };
    store
        .set_award_chair_order(YEAR, Round::Provincial, &order, &admin)
        .unwrap();
    // The national round waits for the provincial one.
    assert!(matches!(
        store.close_award_round(YEAR, Round::National, &admin),
        Err(AwardError::RoundNotClosed(Round::Provincial))
    ));
    store
        .close_award_round(YEAR, Round::Provincial, &admin)
        .unwrap();
    assert!(matches!(
        store.set_award_chair_order(YEAR, Round::Provincial, &order, &admin),
        Err(AwardError::RoundClosed(Round::Provincial))
    ));
    let places = |n: &[paritrana_core::award::nomination::Nomination]| -> Vec<(u32, u32)> {
        n.iter().map(|n| (n.place, n.entry.0)).collect()
    };
    assert_eq!(
        places(&store.award_nominations(YEAR).unwrap()),
        vec![(1, 1), (2, 2), (3, 3)]
    );
    // The provincial panel replaces #3 by #4, with a reason.
    let change = NominationOverride {
        category: pemkab(),
        province: RegionCode::parse("64").unwrap(),
        remove: EntryId(3),
        add: EntryId(4),
        by: AssessorId(p1),
        reason: String::new(),
    };
    assert!(matches!(
        store.add_award_nomination_override(YEAR, &change, &admin),
        Err(AwardError::Nomination(_))
    ));
    let change = NominationOverride {
        reason: "verifikasi lapangan atas #3".into(),
        ..change
    };
    let nominees = store
        .add_award_nomination_override(YEAR, &change, &admin)
        .unwrap();
    assert_eq!(places(&nominees), vec![(1, 1), (2, 2), (3, 4)]);
    assert!(matches!(nominees[2].basis, Basis::Override { .. }));
    assert_eq!(
        places(&store.award_nominations(YEAR).unwrap()),
        places(&nominees)
    );

    // The national panel scores the nominees: #4 comes out first.
    let nat = store
        .create_award_panel(
            YEAR,
            PanelLevel::National,
            &[member(n1, true), member(n2, false)],
            &admin,
        )
        .unwrap();
    for (e, level) in [(1, 60), (2, 70), (4, 90)] {
        for a in [n1, n2] {
            store
                .assign_award_entry(YEAR, nat.id, AssessorId(a), EntryId(e), &admin)
                .unwrap();
            common::score_round(store, YEAR, &f, Round::National, a, e, level);
        }
    }
    let national = store
        .close_award_round(YEAR, Round::National, &admin)
        .unwrap();
    assert_eq!(national.len(), 1);
    assert_eq!(national[0].province, None);
    let order: Vec<u32> = national[0]
        .ranked
        .iter()
        .map(|r| r.standing.entry.0)
        .collect();
    assert_eq!(order, vec![4, 2, 1]);
    let export = store.award_round_export(YEAR, Round::National).unwrap();
    assert_eq!(export.entries.len(), 3);
    assert_eq!(export.verify().unwrap(), vec![]);

    // The chair decides; a departure from the ranking needs a reason.
    let decision = FinalDecision {
        category: pemkab(),
        chair: AssessorId(n1),
        winners: vec![EntryId(2), EntryId(4), EntryId(1)],
        reason: String::new(),
    };
    assert!(matches!(
        store.record_award_decision(YEAR, &decision, &admin),
        Err(AwardError::Decision(_))
    ));
    let decision = FinalDecision {
        winners: vec![EntryId(4), EntryId(2), EntryId(1)],
        ..decision
    };
    let winners = store
        .record_award_decision(YEAR, &decision, &admin)
        .unwrap();
    assert_eq!(winners[0].entry, EntryId(4));
    assert_eq!(store.award_decisions(YEAR).unwrap(), vec![decision]);
    let trail = store
        .audit_search(&AuditQuery {
            action: Some("award.nomination.override".into()),
            limit: 5,
            ..AuditQuery::default()
        })
        .unwrap();
    assert_eq!(trail.len(), 1);
    assert!(
        !serde_json::to_string(&trail)
            .unwrap()
            .contains("verifikasi")
    );
}
