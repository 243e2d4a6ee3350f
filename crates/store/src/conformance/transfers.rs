//! Transfers between regions: a request, a refusal, an approval that moves the worker and the
//! coverage, and a step refused by the rule that writes nothing.

use super::Backend;
use super::data::{code, counts, date, import, operator, worker};
use crate::audit::AuditQuery;
use crate::transfers::{NewTransfer, TransferError, TransferFilter};
use paritrana_core::auth::Scope;
use paritrana_core::region::Level;
use paritrana_core::transfer::{Decision, TransferProblem, TransferStatus};

const KUKAR_VILLAGE: &str = "64.02.01.2001";

fn to_kukar(nik: paritrana_core::nik::Nik) -> NewTransfer {
    NewTransfer {
        nik,
        to_village: code(KUKAR_VILLAGE),
        reason: "  pindah domisili  ".into(),
        requester_scope: Scope::parse("64.02").unwrap(),
    }
}

fn trail_len(store: &dyn crate::Store) -> usize {
    store
        .audit_search(&AuditQuery {
            limit: 1000,
            ..AuditQuery::default()
        })
        .unwrap()
        .len()
}

pub fn a_transfer_is_asked_decided_and_moves_the_worker_and_the_coverage(backend: &dyn Backend) {
    let db = backend.fresh();
    let store = db.store.as_ref();
    let (paser, enrolment) = worker("64.01.01.2001", 1, "2023-01-01", None);
    let (left, _) = worker("64.01.01.2001", 2, "2023-01-01", Some("2023-06-30"));
    import(
        store,
        "paser.csv",
        &[
            (paser.clone(), enrolment.clone()),
            worker("64.01.01.2001", 2, "2023-01-01", Some("2023-06-30")),
        ],
        false,
    );
    let today = date("2024-07-01");

    // Refused by the rule: nothing is written, not even an audit entry.
    let entries = trail_len(store);
    match store.request_transfer(&to_kukar(left.nik), today, &operator()) {
        Err(TransferError::Rule(TransferProblem::NotActive)) => {}
        r => panic!("a worker with no active period cannot be asked for: {r:?}"),
    }
    let mut own = to_kukar(paser.nik);
    own.requester_scope = Scope::parse("64.01").unwrap();
    assert!(matches!(
        store.request_transfer(&own, today, &operator()),
        Err(TransferError::Rule(TransferProblem::AlreadyInScope))
    ));
    assert_eq!(trail_len(store), entries);

    // A request, refused.
    let asked = store
        .request_transfer(&to_kukar(paser.nik), today, &operator())
        .unwrap();
    assert_eq!(asked.status, TransferStatus::Pending);
    assert_eq!(asked.reason, "pindah domisili");
    assert_eq!(asked.from_village, paser.village);
    assert!(matches!(
        store.request_transfer(&to_kukar(paser.nik), today, &operator()),
        Err(TransferError::Rule(TransferProblem::AlreadyPending { id })) if id == asked.id
    ));
    let refused = store
        .decide_transfer(
            asked.id,
            Decision::Refuse,
            Some("  belum pindah "),
            today,
            &operator(),
        )
        .unwrap();
    assert_eq!(refused.status, TransferStatus::Refused);
    assert_eq!(refused.note.as_deref(), Some("belum pindah"));
    assert!(matches!(
        store.decide_transfer(asked.id, Decision::Approve, None, today, &operator()),
        Err(TransferError::Rule(TransferProblem::NotPending { .. }))
    ));
    assert_eq!(
        store.worker(paser.nik).unwrap().unwrap().person.village,
        paser.village
    );

    // A request, approved: the worker moves on `today`, the running period is split, the
    // coverage follows (counted in Kukar from the start of every period).
    let asked = store
        .request_transfer(&to_kukar(paser.nik), today, &operator())
        .unwrap();
    let approved = store
        .decide_transfer(asked.id, Decision::Approve, None, today, &operator())
        .unwrap();
    assert_eq!(approved.status, TransferStatus::Approved);
    assert_eq!(approved.effective, Some(today));
    let moved = store.worker(paser.nik).unwrap().unwrap();
    assert_eq!(moved.person.village, code(KUKAR_VILLAGE));
    let ends: Vec<_> = moved.periods.iter().map(|p| (p.start, p.end)).collect();
    assert_eq!(
        ends,
        [
            (date("2023-01-01"), Some(date("2024-06-30"))),
            (today, None)
        ]
    );
    let cube = store.coverage_cube().unwrap();
    assert_eq!(
        counts(cube.as_ref(), "64", Level::Regency, "2024-07-15"),
        vec![("64.02".to_string(), 1)]
    );
    assert_eq!(
        counts(cube.as_ref(), "64", Level::Regency, "2023-03-01"),
        vec![("64.01".to_string(), 1), ("64.02".to_string(), 1)],
        "the worker who left stays in Paser; the one who moved counts in Kukar"
    );

    // Every step is audited on both sides, by masked NIK and keyed hash.
    let key = store.nik_key(paser.nik).unwrap();
    let trail = store
        .audit_search(&AuditQuery {
            object_key: Some(key),
            limit: 100,
            ..AuditQuery::default()
        })
        .unwrap();
    let steps: Vec<(&str, Option<&str>)> = trail
        .iter()
        .map(|e| (e.action.as_str(), e.region.as_deref()))
        .collect();
    assert_eq!(
        steps,
        [
            ("transfer.approve", Some(KUKAR_VILLAGE)),
            ("transfer.approve", Some("64.01.01.2001")),
            ("transfer.request", Some(KUKAR_VILLAGE)),
            ("transfer.request", Some("64.01.01.2001")),
            ("transfer.refuse", Some(KUKAR_VILLAGE)),
            ("transfer.refuse", Some("64.01.01.2001")),
            ("transfer.request", Some(KUKAR_VILLAGE)),
            ("transfer.request", Some("64.01.01.2001")),
        ]
    );
    let json = serde_json::to_string(&trail).unwrap();
    assert!(
        !json.contains(&paser.nik.as_u64().to_string()),
        "a NIK in plain text"
    );
    let listed = store
        .transfers(&TransferFilter {
            within: Scope::parse("64.02").unwrap(),
            status: None,
            limit: 10,
        })
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].id, approved.id, "newest first");
}
