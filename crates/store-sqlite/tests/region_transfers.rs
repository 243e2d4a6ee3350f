//! A region's transfers as its page reads them (`TransferStore::region_transfers`): both sides
//! count, sub-regions are included, a viewer of another region sees only the transfers that
//! touch their own, pending ones are counted in full and listed newest first, decided ones by
//! their latest decision.

use paritrana_core::auth::Scope;
use paritrana_core::region::RegionCode;
use paritrana_core::transfer::TransferStatus;
use paritrana_store::TransferStore;
use paritrana_store::transfers::RegionTransferQuery;
use paritrana_store_sqlite::SqliteStore;

const PASER: &str = "64.01.04.2010";
const KUKAR: &str = "64.02.01.2001";
const BERAU: &str = "64.03.01.2001";
/// Kota Samarinda, another kab/kota of the same province.
const SAMARINDA: &str = "64.72.01.1001";
/// Kab. Banjar, in another province (Kalimantan Selatan).
const BANJAR: &str = "63.03.01.2001";

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

/// Stores transfers straight into the table: (from, to, status, decided_at).
fn store_with(rows: &[(&str, &str, &str, Option<&str>)]) -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let store = SqliteStore::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    for (i, (from, to, status, decided)) in rows.iter().enumerate() {
        conn.execute(
            "INSERT INTO transfers (nik, from_village, to_village, reason, status, requested_by, \
             requested_at, decided_by, decided_at) VALUES (?1, ?2, ?3, 'pindah', ?4, 'op', ?5, ?6, ?7)",
            rusqlite::params![
                6402010204830041i64 + i as i64,
                code(from).as_u64() as i64,
                code(to).as_u64() as i64,
                status,
                format!("2026-11-{:02}T08:00:00.000Z", i + 1),
                decided.map(|_| "op"),
                decided,
            ],
        )
        .unwrap();
    }
    (dir, store)
}

fn query(region: &str, viewer: Option<&str>) -> RegionTransferQuery {
    RegionTransferQuery {
        region: code(region),
        viewer: viewer.map(|v| Scope::parse(v).unwrap()),
        pending_limit: 50,
        decided_limit: 10,
    }
}

fn ids(list: &[paritrana_store::transfers::TransferRecord]) -> Vec<i64> {
    list.iter().map(|t| t.id).collect()
}

#[test]
fn a_transfer_is_on_both_regions_and_their_province() {
    let (_dir, store) = store_with(&[
        (KUKAR, PASER, "pending", None),                              // 1
        (BERAU, SAMARINDA, "pending", None),                          // 2
        (KUKAR, BANJAR, "pending", None),                             // 3
        (PASER, KUKAR, "refused", Some("2026-11-20T09:00:00.000Z")),  // 4
        (BERAU, PASER, "approved", Some("2026-11-21T09:00:00.000Z")), // 5
        (
            SAMARINDA,
            PASER,
            "cancelled",
            Some("2026-11-06T09:00:00.000Z"),
        ), // 6
    ]);
    let paser = store.region_transfers(&query("64.01", None)).unwrap();
    assert_eq!(paser.pending_count, 1);
    assert_eq!(ids(&paser.pending), [1]);
    // The latest decision first, whatever the order of the requests.
    assert_eq!(ids(&paser.decided), [5, 4, 6]);
    let kukar = store.region_transfers(&query("64.02", None)).unwrap();
    assert_eq!(ids(&kukar.pending), [3, 1]);
    assert_eq!(ids(&kukar.decided), [4]);
    // The province counts those of its kab/kota, a move between two of them once.
    let kaltim = store.region_transfers(&query("64", None)).unwrap();
    assert_eq!(kaltim.pending_count, 3);
    assert_eq!(ids(&kaltim.pending), [3, 2, 1]);
    // A village's page: only the transfers of that village.
    let village = store.region_transfers(&query(KUKAR, None)).unwrap();
    assert_eq!(ids(&village.pending), [3, 1]);
    let kalsel = store.region_transfers(&query("63", None)).unwrap();
    assert_eq!((kalsel.pending_count, ids(&kalsel.pending)), (1, vec![3]));
    assert_eq!(kalsel.pending[0].status, TransferStatus::Pending);
}

#[test]
fn a_viewer_of_another_region_gets_only_the_transfers_with_their_own() {
    let (_dir, store) = store_with(&[
        (KUKAR, PASER, "pending", None),
        (KUKAR, BERAU, "pending", None),
        (KUKAR, BANJAR, "approved", Some("2026-11-21T09:00:00.000Z")),
    ]);
    let q = query("64.02", Some("64.01"));
    let seen = store.region_transfers(&q).unwrap();
    assert_eq!(seen.pending_count, 1);
    assert_eq!(ids(&seen.pending), [1]);
    assert!(seen.decided.is_empty());
    let seen = store
        .region_transfers(&query("64.02", Some("64.05")))
        .unwrap();
    assert_eq!(seen.pending_count, 0);
    assert!(seen.pending.is_empty() && seen.decided.is_empty());
}

#[test]
fn the_count_is_whole_when_the_list_is_cut() {
    let rows: Vec<_> = (0..7)
        .map(|_| (KUKAR, PASER, "pending", None::<&str>))
        .collect();
    let (_dir, store) = store_with(&rows);
    let mut q = query("64.01", None);
    q.pending_limit = 3;
    let seen = store.region_transfers(&q).unwrap();
    assert_eq!(seen.pending_count, 7);
    assert_eq!(ids(&seen.pending), [7, 6, 5]);
}
