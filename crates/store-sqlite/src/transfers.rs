//! SQL of transfers between regions: requests, decisions (an approval moves the worker and the
//! coverage aggregates in one transaction), moves made directly by imports, and listing.
//! No decision is made here: the steps are `paritrana_store::transfers::service`'s, the rules
//! `paritrana_core::transfer`'s.

use super::SqliteStore;
use super::iso_date::iso;
use crate::error::Db;
use chrono::NaiveDate;
use paritrana_core::auth::Scope;
use paritrana_core::nik::Nik;
use paritrana_core::region::RegionCode;
use paritrana_core::transfer::{Decision, MovePlan, TransferStatus};
use paritrana_store::audit::{Actor, AuditEntry};
use paritrana_store::transfers::{
    NewTransfer, RegionTransferQuery, RegionTransfers, TransferData, TransferError, TransferFilter,
    TransferRecord, TransferStore, TransferUnit, service,
};
use paritrana_store::{StoreError, WorkerRecord};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};

const COLUMNS: &str = "id, nik, from_village, to_village, reason, status, requested_by, requested_at, \
     decided_by, decided_at, note, effective_date, import_id";

fn corrupt(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored {what} `{value}` is not valid").into(),
    )
}

fn village(n: i64) -> rusqlite::Result<RegionCode> {
    RegionCode::from_u64(n as u64).ok_or_else(|| corrupt("village", &n.to_string()))
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<TransferRecord> {
    let nik: i64 = r.get(1)?;
    let status: String = r.get(5)?;
    Ok(TransferRecord {
        id: r.get(0)?,
        nik: Nik::from_stored(nik as u64).ok_or_else(|| corrupt("nik", "…"))?,
        from_village: village(r.get(2)?)?,
        to_village: village(r.get(3)?)?,
        reason: r.get(4)?,
        status: TransferStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        requested_by: r.get(6)?,
        requested_at: r.get(7)?,
        decided_by: r.get(8)?,
        decided_at: r.get(9)?,
        note: r.get(10)?,
        effective: r.get(11)?,
        import_id: r.get(12)?,
    })
}

/// One transfer.
pub fn find(conn: &Connection, id: i64) -> Result<Option<TransferRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM transfers WHERE id = ?1");
    conn.query_row(&sql, [id], from_row).optional().db()
}

/// The villages of a scope as a range of stored codes.
fn village_range(scope: Scope) -> (i64, i64) {
    match scope.region() {
        Some(r) => {
            let range = r.village_range();
            (
                *range.start() as i64,
                (*range.end()).min(i64::MAX as u64) as i64,
            )
        }
        None => (0, i64::MAX),
    }
}

/// Transfers with either side in the filter's scope, newest first.
pub fn list(conn: &Connection, f: &TransferFilter) -> Result<Vec<TransferRecord>, StoreError> {
    let (lo, hi) = village_range(f.within);
    let sql = format!(
        "SELECT {COLUMNS} FROM transfers \
         WHERE ((from_village BETWEEN ?1 AND ?2) OR (to_village BETWEEN ?1 AND ?2)) \
         AND (?3 IS NULL OR status = ?3) ORDER BY id DESC LIMIT ?4"
    );
    let mut stmt = conn.prepare(&sql).db()?;
    let rows = stmt
        .query_map(
            params![lo, hi, f.status.map(|s| s.code()), f.limit],
            from_row,
        )
        .db()?;
    rows.collect::<Result<_, _>>().db()
}

/// A region's transfers (either side inside the region and, when a viewer is named, either
/// side inside the viewer's scope): the pending count, the newest pending, the latest decided.
/// The caller reads inside one transaction so the count and the lists agree.
pub fn of_region(
    conn: &Connection,
    q: &RegionTransferQuery,
) -> Result<RegionTransfers, StoreError> {
    let (lo, hi) = village_range(Scope::Region(q.region));
    // Without a viewer, the second condition repeats the first.
    let (vlo, vhi) = q.viewer.map_or((lo, hi), village_range);
    const WHERE: &str = "((from_village BETWEEN ?1 AND ?2) OR (to_village BETWEEN ?1 AND ?2)) \
         AND ((from_village BETWEEN ?3 AND ?4) OR (to_village BETWEEN ?3 AND ?4))";
    let pending_count: i64 = conn
        .query_row(
            &format!("SELECT COUNT(*) FROM transfers WHERE {WHERE} AND status = 'pending'"),
            params![lo, hi, vlo, vhi],
            |r| r.get(0),
        )
        .db()?;
    let read = |sql: String, limit: u32| -> Result<Vec<TransferRecord>, StoreError> {
        let mut stmt = conn.prepare(&sql).db()?;
        let rows = stmt
            .query_map(params![lo, hi, vlo, vhi, limit], from_row)
            .db()?;
        rows.collect::<Result<_, _>>().db()
    };
    let pending = read(
        format!(
            "SELECT {COLUMNS} FROM transfers WHERE {WHERE} AND status = 'pending' \
             ORDER BY id DESC LIMIT ?5"
        ),
        q.pending_limit,
    )?;
    let decided = read(
        format!(
            "SELECT {COLUMNS} FROM transfers WHERE {WHERE} AND status <> 'pending' \
             ORDER BY COALESCE(decided_at, requested_at) DESC, id DESC LIMIT ?5"
        ),
        q.decided_limit,
    )?;
    Ok(RegionTransfers {
        pending_count: pending_count.max(0) as u64,
        pending,
        decided,
    })
}

/// The rows of one transfer step, inside its transaction ([`TransferData::transfer_unit`]).
struct Unit<'a, 'c> {
    tx: &'a Transaction<'c>,
}

impl TransferUnit for Unit<'_, '_> {
    fn worker(&mut self, nik: Nik) -> Result<Option<WorkerRecord>, StoreError> {
        super::registry::worker(self.tx, nik)
    }

    fn transfer(&mut self, id: i64) -> Result<Option<TransferRecord>, StoreError> {
        find(self.tx, id)
    }

    fn pending_of(&mut self, nik: Nik) -> Result<Option<i64>, StoreError> {
        self.tx
            .query_row(
                "SELECT id FROM transfers WHERE nik = ?1 AND status = 'pending'",
                [nik.as_u64() as i64],
                |r| r.get(0),
            )
            .optional()
            .db()
    }

    fn insert_request(
        &mut self,
        nik: Nik,
        from: RegionCode,
        to: RegionCode,
        reason: &str,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        self.tx.execute(
            "INSERT INTO transfers (nik, from_village, to_village, reason, status, requested_by, \
             requested_by_id, requested_at) VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?6, ?7)",
            params![
                nik.as_u64() as i64,
                from.as_u64() as i64,
                to.as_u64() as i64,
                reason,
                actor.name,
                actor.user_id,
                super::audit::now_millis()
            ],
        ).db()?;
        Ok(self.tx.last_insert_rowid())
    }

    fn set_decision(
        &mut self,
        id: i64,
        status: TransferStatus,
        note: Option<&str>,
        effective: Option<NaiveDate>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "UPDATE transfers SET status = ?2, decided_by = ?3, decided_by_id = ?4, decided_at = ?5, \
             note = ?6, effective_date = ?7 WHERE id = ?1",
            params![
                id,
                status.code(),
                actor.name,
                actor.user_id,
                super::audit::now_millis(),
                note,
                effective.map(iso)
            ],
        ).db()?;
        Ok(())
    }

    fn move_worker(&mut self, nik: Nik, to: RegionCode, plan: &MovePlan) -> Result<(), StoreError> {
        let tx = self.tx;
        let nik = nik.as_u64() as i64;
        let at = super::audit::now_millis();
        for (start, end) in &plan.revised {
            tx.execute(
                "INSERT INTO enrolment_history (nik, segment, category, sector, funding, \
                 csr_company, programmes, start_date, end_date, wage, replaced_by_import, replaced_at) \
                 SELECT nik, segment, category, sector, funding, csr_company, programmes, \
                 start_date, end_date, wage, NULL, ?3 FROM enrolments WHERE nik = ?1 AND start_date = ?2",
                params![nik, iso(*start), at],
            ).db()?;
            tx.execute(
                "UPDATE enrolments SET end_date = ?3 WHERE nik = ?1 AND start_date = ?2",
                params![nik, iso(*start), end.map(iso)],
            )
            .db()?;
        }
        for p in &plan.added {
            tx.execute(
                "INSERT INTO enrolments (nik, segment, category, sector, funding, csr_company, \
                 programmes, start_date, end_date, wage, import_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL)",
                params![
                    nik,
                    p.segment.code(),
                    p.category.code(),
                    p.sector.map(|s| s.code()),
                    p.funding.code(),
                    p.csr_company,
                    p.programmes.bits(),
                    iso(p.start),
                    p.end.map(iso),
                    p.wage.map(|w| w.0)
                ],
            )
            .db()?;
        }
        tx.execute(
            "INSERT INTO worker_history (nik, name, village, replaced_by_import, replaced_at) \
             SELECT nik, name, village, NULL, ?2 FROM workers WHERE nik = ?1",
            params![nik, at],
        )
        .db()?;
        tx.execute(
            "UPDATE workers SET village = ?2 WHERE nik = ?1",
            params![nik, to.as_u64() as i64],
        )
        .db()?;
        super::coverage::apply_deltas(tx, &plan.deltas, false).db()?;
        Ok(())
    }

    fn nik_key(&mut self, nik: Nik) -> Result<String, StoreError> {
        super::audit::nik_key(self.tx, nik)
    }

    fn audit(&mut self, actor: &Actor, entry: &AuditEntry) -> Result<(), StoreError> {
        super::audit::append(self.tx, actor, entry).db()?;
        Ok(())
    }
}

impl TransferData for SqliteStore {
    fn transfer_unit(
        &self,
        step: &mut dyn FnMut(&mut dyn TransferUnit) -> Result<TransferRecord, TransferError>,
    ) -> Result<TransferRecord, TransferError> {
        self.with_writer(|c| {
            let tx = c
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .db()?;
            let t = step(&mut Unit { tx: &tx })?;
            tx.commit().db()?;
            Ok(t)
        })
    }
}

/// A worker moved between kab/kota by an import whose scope covered both
/// ([`paritrana_core::transfer::Custody::AcceptAsTransfer`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct ImportedMove {
    pub nik: Nik,
    pub from: RegionCode,
    pub to: RegionCode,
}

/// Records the moves an import made as transfers with status `imported`, audited on both sides
/// (inside the import's transaction).
pub(super) fn record_imported(
    tx: &Transaction<'_>,
    moves: &[ImportedMove],
    import_id: i64,
    today: NaiveDate,
    actor: &Actor,
) -> Result<(), StoreError> {
    let at = super::audit::now_millis();
    for m in moves {
        tx.execute(
            "INSERT INTO transfers (nik, from_village, to_village, reason, status, requested_by, \
             requested_by_id, requested_at, decided_by, decided_by_id, decided_at, effective_date, import_id) \
             VALUES (?1, ?2, ?3, ?4, 'imported', ?5, ?6, ?7, ?5, ?6, ?7, ?8, ?9)",
            params![
                m.nik.as_u64() as i64,
                m.from.as_u64() as i64,
                m.to.as_u64() as i64,
                format!("impor #{import_id}"),
                actor.name,
                actor.user_id,
                at,
                iso(today),
                import_id
            ],
        ).db()?;
        let t = find(tx, tx.last_insert_rowid())?
            .ok_or_else(|| StoreError::Corrupt("transfer just written is missing".into()))?;
        let key = super::audit::nik_key(tx, t.nik)?;
        let step = serde_json::json!({ "import": import_id });
        for e in service::audit_entries(&t, "transfer.import", &key, &step) {
            super::audit::append(tx, actor, &e).db()?;
        }
    }
    Ok(())
}

impl TransferStore for SqliteStore {
    fn request_transfer(
        &self,
        new: &NewTransfer,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<TransferRecord, TransferError> {
        service::request(self, new, today, actor)
    }

    fn decide_transfer(
        &self,
        id: i64,
        decision: Decision,
        note: Option<&str>,
        today: NaiveDate,
        actor: &Actor,
    ) -> Result<TransferRecord, TransferError> {
        service::decide(self, id, decision, note, today, actor)
    }

    fn transfer(&self, id: i64) -> Result<Option<TransferRecord>, StoreError> {
        self.with_reader(|c| find(c, id))
    }

    fn transfers(&self, filter: &TransferFilter) -> Result<Vec<TransferRecord>, StoreError> {
        self.with_reader(|c| list(c, filter))
    }

    fn region_transfers(&self, query: &RegionTransferQuery) -> Result<RegionTransfers, StoreError> {
        self.with_reader(|c| super::consistent(c, |c| of_region(c, query)))
    }
}
