//! Several writers at once, through different handles on one database: what a server and a
//! command line, or several PostgreSQL connections, do.

use super::Backend;
use super::data::{import, operator, province_total, village_workers};
use crate::audit::AuditEntry;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub fn two_imports_at_once_both_land(backend: &dyn Backend) {
    let db = backend.fresh();
    const BATCHES: u16 = 8;
    const EACH: u16 = 40;
    let writers: Vec<_> = ["64.01.01.2001", "64.02.01.2001"]
        .into_iter()
        .map(|village| {
            let store = (db.another)();
            std::thread::spawn(move || {
                for b in 0..BATCHES {
                    let workers = village_workers(village, 1 + b * EACH, EACH);
                    let out = import(
                        store.as_ref(),
                        &format!("{village}-{b}.csv"),
                        &workers,
                        false,
                    );
                    assert!(out.committed);
                    assert_eq!(out.imported, u64::from(EACH));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = db.store.as_ref();
    let all = 2 * u64::from(BATCHES * EACH);
    assert_eq!(
        store
            .registry_stats(super::data::date("2024-06-30"))
            .unwrap()
            .workers,
        all
    );
    assert_eq!(store.imports(100).unwrap().len(), 2 * BATCHES as usize);
    // The cube, kept from the coverage deltas of both writers, counts every worker once.
    assert_eq!(province_total(store, "2024-06-30"), all);
    assert_eq!(
        province_total(db.another.as_ref()().as_ref(), "2024-06-30"),
        all
    );
}

pub fn an_import_while_coverage_is_read_is_seen_whole_or_not_at_all(backend: &dyn Backend) {
    let db = backend.fresh();
    const BATCHES: u16 = 12;
    const EACH: u16 = 25;
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let store = (db.another)();
        let done = done.clone();
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            loop {
                let finished = done.load(Ordering::Acquire);
                seen.push(province_total(store.as_ref(), "2024-06-30"));
                if finished {
                    return seen;
                }
            }
        })
    };
    for b in 0..BATCHES {
        let workers = village_workers("64.01.01.2001", 1 + b * EACH, EACH);
        import(db.store.as_ref(), &format!("{b}.csv"), &workers, false);
    }
    done.store(true, Ordering::Release);
    let seen = reader.join().unwrap();
    for pair in seen.windows(2) {
        assert!(pair[0] <= pair[1], "coverage never goes back: {seen:?}");
    }
    for n in &seen {
        assert!(
            n.is_multiple_of(u64::from(EACH)),
            "a reader saw half an import: {n}"
        );
    }
    assert_eq!(*seen.last().unwrap(), u64::from(BATCHES * EACH));
}

pub fn two_audit_appends_at_once_keep_one_chain(backend: &dyn Backend) {
    let db = backend.fresh();
    const EACH: usize = 120;
    let writers: Vec<_> = ["op.paser", "op.kubar"]
        .into_iter()
        .map(|who| {
            let store = (db.another)();
            std::thread::spawn(move || {
                let mut actor = operator();
                actor.name = who.into();
                for i in 0..EACH {
                    let entry = AuditEntry::new("worker.view")
                        .object(format!("worker:{who}-{i}"))
                        .detail(serde_json::json!({ "n": i }));
                    store.audit(&actor, &entry).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let v = db.store.audit_verify().unwrap();
    assert_eq!(v.first_broken, None, "the chain forked");
    assert_eq!(v.entries, 2 * EACH as u64);
}
