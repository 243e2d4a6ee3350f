//! Certificates (piagam) in the SQLite store: refused until the round is closed and published,
//! one per winner with valid and distinct codes, the same codes when issued again, a taken code
//! drawn again, withdrawal with a required reason (kept out of the audit trail), lookup by code,
//! and the national round's certificates following the chair's decisions, a category without a
//! decision reported.

use crate::Actor;
use crate::audit::AuditQuery;
use crate::award::certificate::{CertificateIssue, IssueReport};
use crate::award::{AwardError, NewEntry, NewMember};
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::auth::Role;
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::certificate::{AwardLevel, CertificateError, Place, Signatory};
use paritrana_core::award::decision::FinalDecision;
use paritrana_core::award::defaults::{default_cycle, default_framework};
use paritrana_core::award::framework::Framework;
use paritrana_core::award::ids::{AssessorId, CategoryCode, EntryId, Label};
use paritrana_core::award::panel::{Institution, PanelLevel, Round};
use paritrana_core::award::verification::VerificationCode;
use paritrana_core::lang::Localized;
use paritrana_core::region::RegionCode;
use std::collections::BTreeSet;

const YEAR: u16 = 2026;
const BASE: &str = "https://paritrana.example.go.id";

use super::award_data as common;
use super::{Backend, Fresh};
use crate::Store;

fn account(store: &dyn Store, name: &str, role: Role) -> i64 {
    common::account(store, name, role, &secretariat())
}

fn secretariat() -> Actor {
    Actor {
        name: "sekretariat".into(),
        user_id: Some(1),
        addr: None,
    }
}

fn category(code: &str) -> CategoryCode {
    CategoryCode::parse(code).unwrap()
}

/// Four regencies (PEMKAB, entries 1–4) and Kota Samarinda (PEMKOT, entry 5) of Kalimantan
/// Timur, scored by a provincial panel (entry 1 best), and a national panel; no round closed.
struct Cycle {
    db: Fresh,
    pemkab: Framework,
    pemkot: Framework,
    national: (i64, i64),
}

fn scored_cycle(backend: &dyn Backend) -> Cycle {
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
    let pemkab = store
        .freeze_award_framework(YEAR, &category("PEMKAB"), &admin)
        .unwrap();
    let pemkot = store
        .freeze_award_framework(YEAR, &category("PEMKOT"), &admin)
        .unwrap();
    let op = account(store, "op.kaltim", Role::PemdaOperator);
    let op_actor = Actor {
        name: "op.kaltim".into(),
        user_id: Some(op),
        addr: None,
    };
    let registration = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    for (code, region, name) in [
        ("PEMKAB", "64.01", "Kabupaten Paser"),
        ("PEMKAB", "64.02", "Kabupaten Kutai Kartanegara"),
        ("PEMKAB", "64.03", "Kabupaten Berau"),
        ("PEMKAB", "64.04", "Kabupaten Kutai Barat"),
        ("PEMKOT", "64.72", "Kota Samarinda"),
    ] {
        let new = NewEntry {
            category: category(code),
            name: name.into(),
            region: RegionCode::parse(region).unwrap(),
            company: None,
            statement: String::new(),
        };
        let rec = store
            .register_award_entry(YEAR, &new, registration, &op_actor)
            .unwrap();
        store
            .submit_award_entry(YEAR, rec.entry.id, registration, &op_actor)
            .unwrap();
    }
    let member = |id: i64, chair| NewMember {
        account_id: id,
        institution: Institution::KemenkoPmk,
        expertise: None,
        home_region: None,
        company: None,
        chair,
    };
    let (p1, p2) = (
        account(store, "prov.ketua", Role::Assessor),
        account(store, "prov.anggota", Role::Assessor),
    );
    let national = (
        account(store, "nas.ketua", Role::Assessor),
        account(store, "nas.anggota", Role::Assessor),
    );
    let prov = store
        .create_award_panel(
            YEAR,
            PanelLevel::Provincial(RegionCode::parse("64").unwrap()),
            &[member(p1, true), member(p2, false)],
            &admin,
        )
        .unwrap();
    for e in 1..=5u32 {
        let f = if e == 5 { &pemkot } else { &pemkab };
        for a in [p1, p2] {
            store
                .assign_award_entry(YEAR, prov.id, AssessorId(a), EntryId(e), &admin)
                .unwrap();
            common::score_round(
                store,
                YEAR,
                f,
                Round::Provincial,
                a,
                e,
                100 - 10 * i64::from(e),
            );
        }
    }
    store
        .create_award_panel(
            YEAR,
            PanelLevel::National,
            &[member(national.0, true), member(national.1, false)],
            &admin,
        )
        .unwrap();
    Cycle {
        db,
        pemkab,
        pemkot,
        national,
    }
}

fn signatories() -> Vec<Signatory> {
    vec![
        Signatory {
            name: "Nama Menteri".into(),
            title: Label::new(
                "Menteri Ketenagakerjaan Republik Indonesia",
                "Minister of Manpower",
            ),
        },
        Signatory {
            name: "Nama Direktur Utama".into(),
            title: Label::new("Direktur Utama BPJS Ketenagakerjaan", ""),
        },
    ]
}

fn kaltim(r: RegionCode) -> String {
    if r.to_string() == "64" {
        "Kalimantan Timur".into()
    } else {
        r.to_string()
    }
}

/// Deterministic "random" bytes: a counter spread over the five bytes.
fn counter(start: u64) -> impl FnMut() -> [u8; 5] {
    let mut n = start;
    move || {
        n = n
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let b = n.to_be_bytes();
        [b[0], b[1], b[2], b[3], b[4]]
    }
}

fn issue(
    store: &dyn Store,
    round: Round,
    signatories: &[Signatory],
    draw: &mut dyn FnMut() -> [u8; 5],
) -> Result<IssueReport, AwardError> {
    store.issue_award_certificates(
        &CertificateIssue {
            year: YEAR,
            round,
            city: "Jakarta",
            signatories,
            base_url: BASE,
            province_name: &kaltim,
        },
        draw,
        &secretariat(),
    )
}

fn codes(report: &[crate::award::certificate::CertificateRecord]) -> Vec<String> {
    report.iter().map(|c| c.code().to_string()).collect()
}

pub fn a_published_provincial_round_gives_each_winner_one_certificate_once(backend: &dyn Backend) {
    let c = scored_cycle(backend);
    let (store, admin) = (c.db.store.as_ref(), secretariat());
    let mut draw = counter(7);

    // Not before the round is closed and published.
    let refused = issue(store, Round::Provincial, &signatories(), &mut draw).unwrap_err();
    assert!(matches!(
        refused,
        AwardError::RoundNotClosed(Round::Provincial)
    ));
    store
        .close_award_round(YEAR, Round::Provincial, &admin)
        .unwrap();
    let refused = issue(store, Round::Provincial, &signatories(), &mut draw).unwrap_err();
    assert!(matches!(
        refused,
        AwardError::RoundNotPublished(Round::Provincial)
    ));
    assert_eq!(
        refused.message(Lang::Id),
        "Babak provinsi belum diumumkan: piagam hanya diterbitkan untuk babak yang sudah diumumkan"
    );
    assert!(
        refused
            .message(Lang::En)
            .contains("Provincial round has not been published yet"),
        "{}",
        refused.message(Lang::En)
    );
    store
        .publish_award_round(YEAR, Round::Provincial, &admin)
        .unwrap();

    // Incomplete signatories: refused by the certificate's check, nothing stored.
    let refused = issue(store, Round::Provincial, &[], &mut draw).unwrap_err();
    assert!(matches!(
        refused,
        AwardError::Certificate(CertificateError::Signatories(0))
    ));
    assert!(store.award_certificates(YEAR).unwrap().is_empty());

    // Juara I–III of PEMKAB in Kalimantan Timur and juara I of PEMKOT.
    let first = issue(store, Round::Provincial, &signatories(), &mut draw).unwrap();
    let won: Vec<(u32, Place)> = first
        .issued
        .iter()
        .map(|c| (c.entry.0, c.certificate.place))
        .collect();
    assert_eq!(
        won,
        vec![
            (1, Place::First),
            (2, Place::Second),
            (3, Place::Third),
            (5, Place::First)
        ]
    );
    assert!(first.kept.is_empty() && first.undecided.is_empty() && first.stale.is_empty());
    let distinct: BTreeSet<String> = codes(&first.issued).into_iter().collect();
    assert_eq!(distinct.len(), 4, "distinct codes");
    for rec in &first.issued {
        let code = rec.code();
        let text = code.to_string();
        assert_eq!(VerificationCode::parse(&text), Ok(code));
        assert!(text.starts_with("PA26-"), "{text}");
        assert_eq!(rec.certificate.url, format!("{BASE}/piagam/{text}"));
        assert_eq!(rec.certificate.check(), Ok(()));
        assert_eq!(rec.round, Round::Provincial);
        assert_eq!(rec.issued_by, "sekretariat");
        assert!(rec.is_valid());
    }
    let paser = &first.issued[0].certificate;
    assert_eq!(paser.recipient, "Kabupaten Paser");
    assert_eq!(
        paser.level,
        AwardLevel::Provincial {
            province: "Kalimantan Timur".into()
        }
    );
    assert_eq!(
        paser.achievement(Lang::Id),
        "Juara I Kategori Pemerintah Kabupaten Tingkat Provinsi Kalimantan Timur"
    );
    assert_eq!(paser.signatories, signatories());

    // Looked up by its code; the stored value is the issued one.
    let found = store.award_certificate(paser.code).unwrap().unwrap();
    assert_eq!(found, first.issued[0]);
    assert_eq!(store.award_certificates(YEAR).unwrap(), first.issued);
    let unknown = VerificationCode::new(YEAR, [1, 2, 3, 4, 5]);
    assert_eq!(store.award_certificate(unknown).unwrap(), None);

    // Issuing again issues nothing: the same codes are kept.
    let again = issue(store, Round::Provincial, &signatories(), &mut draw).unwrap();
    assert!(again.issued.is_empty());
    assert_eq!(codes(&again.kept), codes(&first.issued));

    // Withdrawal: a reason is required; the reason stays out of the audit trail.
    let code = paser.code;
    assert!(matches!(
        store.withdraw_award_certificate(code, "  ", &admin),
        Err(AwardError::NoReason)
    ));
    assert!(matches!(
        store.withdraw_award_certificate(unknown, "salah", &admin),
        Err(AwardError::NoCertificate(_))
    ));
    let reason = "nama penerima salah eja, dilaporkan Budi";
    let withdrawn = store
        .withdraw_award_certificate(code, reason, &admin)
        .unwrap();
    let w = withdrawn.withdrawn.clone().unwrap();
    assert_eq!(w.reason, reason);
    assert_eq!(w.by, "sekretariat");
    assert!(w.date().is_some());
    assert!(!store.award_certificate(code).unwrap().unwrap().is_valid());
    let twice = store
        .withdraw_award_certificate(code, reason, &admin)
        .unwrap_err();
    assert!(matches!(twice, AwardError::CertificateWithdrawn { .. }));
    assert!(twice.message(Lang::Id).contains("sudah dicabut pada"));
    let trail = store
        .audit_search(&AuditQuery {
            action: Some("award.certificate.withdraw".into()),
            limit: 5,
            ..AuditQuery::default()
        })
        .unwrap();
    assert_eq!(trail.len(), 1);
    let text = serde_json::to_string(&trail).unwrap();
    assert!(!text.contains("Budi"), "{text}");
    assert!(text.contains("reason_sha256"), "{text}");
    assert!(text.contains("award:2026:entry:1"), "{text}");
    let issued = store
        .audit_search(&AuditQuery {
            action: Some("award.certificate.issue".into()),
            limit: 10,
            ..AuditQuery::default()
        })
        .unwrap();
    assert_eq!(issued.len(), 4);

    // Issuing again gives Paser a new code; the first draw hits a code in use and is drawn
    // again.
    let taken = first.issued[1].code();
    let mut replay = counter(7);
    let mut draws = 0;
    let mut colliding = || {
        draws += 1;
        if draws == 1 {
            // The bytes of entry 2's code: the counter's second value.
            replay();
            replay()
        } else {
            [0x5a, 0x11, 0x22, 0x33, draws as u8]
        }
    };
    let reissued = issue(store, Round::Provincial, &signatories(), &mut colliding).unwrap();
    assert_eq!(reissued.issued.len(), 1);
    assert_eq!(reissued.kept.len(), 3);
    let new_code = reissued.issued[0].code();
    assert_ne!(new_code, code);
    assert_ne!(new_code, taken);
    assert_eq!(
        VerificationCode::new(YEAR, [0x5a, 0x11, 0x22, 0x33, 2]),
        new_code
    );
    assert_eq!(store.award_certificates(YEAR).unwrap().len(), 5);
    assert!(!store.award_certificate(code).unwrap().unwrap().is_valid());

    // Printed is printed: the table refuses changes and deletions behind the store's back.
    let update =
        format!("UPDATE award_certificates SET certificate = '{{}}' WHERE code = '{new_code}'");
    assert!((c.db.raw)(&update).is_err());
    assert!((c.db.raw)("DELETE FROM award_certificates").is_err());
    assert_eq!(store.audit_verify().unwrap().first_broken, None);
}

pub fn national_certificates_follow_the_chair_s_decisions(backend: &dyn Backend) {
    let c = scored_cycle(backend);
    let (store, admin) = (c.db.store.as_ref(), secretariat());
    store
        .close_award_round(YEAR, Round::Provincial, &admin)
        .unwrap();
    store
        .publish_award_round(YEAR, Round::Provincial, &admin)
        .unwrap();
    let mut draw = counter(99);
    let provincial = issue(store, Round::Provincial, &signatories(), &mut draw).unwrap();
    assert_eq!(provincial.issued.len(), 4);
    let nat = store
        .award_panels(YEAR)
        .unwrap()
        .into_iter()
        .find(|p| p.level == PanelLevel::National)
        .unwrap();
    let (n1, n2) = c.national;
    for (e, level) in [(1, 60), (2, 90), (3, 70), (5, 80)] {
        let f = if e == 5 { &c.pemkot } else { &c.pemkab };
        for a in [n1, n2] {
            store
                .assign_award_entry(YEAR, nat.id, AssessorId(a), EntryId(e), &admin)
                .unwrap();
            common::score_round(store, YEAR, f, Round::National, a, e, level);
        }
    }
    assert!(matches!(
        issue(store, Round::National, &signatories(), &mut draw),
        Err(AwardError::RoundNotClosed(Round::National))
    ));
    store
        .close_award_round(YEAR, Round::National, &admin)
        .unwrap();
    // Closed, no decision yet, not published: nothing can be issued.
    assert!(matches!(
        issue(store, Round::National, &signatories(), &mut draw),
        Err(AwardError::RoundNotPublished(Round::National))
    ));
    assert_eq!(
        store
            .award_winners(YEAR, Round::National)
            .unwrap()
            .undecided,
        vec![category("PEMKAB"), category("PEMKOT")]
    );

    // The chair decides PEMKAB as ranked, then the round is published; PEMKOT was left
    // undecided. Published winners are final.
    let decision = FinalDecision {
        category: category("PEMKAB"),
        chair: AssessorId(n1),
        winners: vec![EntryId(2), EntryId(3), EntryId(1)],
        reason: String::new(),
    };
    store
        .record_award_decision(YEAR, &decision, &admin)
        .unwrap();
    store
        .publish_award_round(YEAR, Round::National, &admin)
        .unwrap();
    assert!(matches!(
        store.record_award_decision(YEAR, &decision, &admin),
        Err(AwardError::WinnersPublished)
    ));
    let winners = store.award_winners(YEAR, Round::National).unwrap();
    assert_eq!(winners.winners.len(), 3);
    assert_eq!(winners.undecided, vec![category("PEMKOT")]);
    let report = issue(store, Round::National, &signatories(), &mut draw).unwrap();
    let won: Vec<(u32, Place)> = report
        .issued
        .iter()
        .map(|c| (c.entry.0, c.certificate.place))
        .collect();
    assert_eq!(
        won,
        vec![(2, Place::First), (3, Place::Second), (1, Place::Third)]
    );
    assert_eq!(report.undecided, vec![category("PEMKOT")]);
    let kukar = &report.issued[0].certificate;
    assert_eq!(kukar.level, AwardLevel::National);
    assert_eq!(
        kukar.achievement(Lang::Id),
        "Juara I Kategori Pemerintah Kabupaten Tingkat Nasional"
    );
    // Provincial and national certificates live side by side: entry 1 holds one of each.
    let all = store.award_certificates(YEAR).unwrap();
    assert_eq!(all.len(), 4 + 3);
    assert_eq!(all.iter().filter(|c| c.entry == EntryId(1)).count(), 2);
}
