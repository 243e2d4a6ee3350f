//! SQL of the worker registry: applying imports, reading a worker, counting.

use super::iso_date::iso;
use crate::audit::AuditEntry;
use crate::{
    ImportBatch, ImportLogEntry, ImportOutcome, ImportSource, IncomingRow, RegistryStats,
    StoreError, WorkerRecord,
};
use chrono::NaiveDate;
use paritrana_core::auth::Scope;
use paritrana_core::codes::{Category, Funding, ProgrammeSet, Sector, Segment};
use paritrana_core::coverage::Deltas;
use paritrana_core::nik::{Nik, Sex};
use paritrana_core::region::RegionCode;
use paritrana_core::registry::{self, PeriodAction, RegistryConflict};
use paritrana_core::transfer::{self, Custody};
use paritrana_core::worker::{Enrolment, Person, Rupiah};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};

const PROGRESS_EVERY: u64 = 10_000;

const SELECT_ENROLMENTS: &str = "SELECT segment, category, sector, funding, csr_company, programmes, \
     start_date, end_date, wage FROM enrolments WHERE nik = ?1 ORDER BY start_date";

pub(super) fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn corrupt(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored {what} `{value}` is not valid").into(),
    )
}

/// Reads an enrolment row laid out as [`SELECT_ENROLMENTS`].
fn enrolment_from_row(row: &Row<'_>) -> rusqlite::Result<Enrolment> {
    let code = |i: usize| -> rusqlite::Result<String> { row.get(i) };
    let segment = code(0)?;
    let category = code(1)?;
    let sector: Option<String> = row.get(2)?;
    let funding = code(3)?;
    let e = Enrolment {
        segment: Segment::parse(&segment).ok_or_else(|| corrupt("segment", &segment))?,
        category: Category::parse(&category).ok_or_else(|| corrupt("category", &category))?,
        sector: match sector {
            Some(s) => Some(Sector::parse(&s).ok_or_else(|| corrupt("sector", &s))?),
            None => None,
        },
        funding: Funding::parse(&funding).ok_or_else(|| corrupt("funding", &funding))?,
        csr_company: row.get(4)?,
        programmes: ProgrammeSet::from_bits(row.get::<_, u8>(5)?),
        start: row.get(6)?,
        end: row.get(7)?,
        wage: row.get::<_, Option<i64>>(8)?.map(Rupiah),
    };
    Ok(e)
}

/// Runs an enrolment statement whose numbered parameters are, in order: NIK, segment,
/// category, sector, funding, CSR company, programmes, start, end, wage, import id.
fn write_enrolment(
    tx: &Transaction<'_>,
    sql: &str,
    nik: u64,
    e: &Enrolment,
    import_id: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(sql)?.execute(params![
        nik as i64,
        e.segment.code(),
        e.category.code(),
        e.sector.map(|s| s.code()),
        e.funding.code(),
        e.csr_company,
        e.programmes.bits(),
        iso(e.start),
        e.end.map(iso),
        e.wage.map(|w| w.0),
        import_id
    ])?;
    Ok(())
}

fn insert_enrolment(
    tx: &Transaction<'_>,
    nik: u64,
    e: &Enrolment,
    import_id: i64,
) -> rusqlite::Result<()> {
    write_enrolment(
        tx,
        "INSERT INTO enrolments (nik, segment, category, sector, funding, csr_company, programmes, \
         start_date, end_date, wage, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        nik,
        e,
        import_id,
    )
}

fn insert_worker(tx: &Transaction<'_>, p: &Person, import_id: i64) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO workers (nik, name, sex, birth_date, village, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    stmt.execute(params![
        p.nik.as_u64() as i64,
        p.name,
        p.sex.code(),
        iso(p.birth_date),
        p.village.as_u64() as i64,
        import_id
    ])?;
    Ok(())
}

/// Keeps the former version of an enrolment before it is revised or closed.
fn archive_enrolment(
    tx: &Transaction<'_>,
    nik: u64,
    start: NaiveDate,
    import_id: i64,
    at: &str,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO enrolment_history (nik, segment, category, sector, funding, csr_company, \
         programmes, start_date, end_date, wage, replaced_by_import, replaced_at) \
         SELECT nik, segment, category, sector, funding, csr_company, programmes, start_date, end_date, wage, ?3, ?4 \
         FROM enrolments WHERE nik = ?1 AND start_date = ?2",
    )?;
    stmt.execute(params![nik as i64, iso(start), import_id, at])?;
    Ok(())
}

/// Rewrites the period of `nik` that starts on `e.start` (the start itself never changes).
fn revise_enrolment(
    tx: &Transaction<'_>,
    nik: u64,
    e: &Enrolment,
    import_id: i64,
) -> rusqlite::Result<()> {
    write_enrolment(
        tx,
        "UPDATE enrolments SET segment = ?2, category = ?3, sector = ?4, funding = ?5, csr_company = ?6, \
         programmes = ?7, end_date = ?9, wage = ?10, import_id = ?11 WHERE nik = ?1 AND start_date = ?8",
        nik,
        e,
        import_id,
    )
}

/// Reads the recorded person (name, village) of a NIK.
fn recorded_person(tx: &Transaction<'_>, nik: u64) -> rusqlite::Result<Option<(String, i64)>> {
    let mut stmt = tx.prepare_cached("SELECT name, village FROM workers WHERE nik = ?1")?;
    stmt.query_row([nik as i64], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

enum RowResult {
    Imported,
    Updated,
    Unchanged,
    Conflict(RegistryConflict),
}

/// Who imports, and the moves between regions their rows made (see [`transfer::custody`]).
struct Custodian {
    scope: Scope,
    today: NaiveDate,
    moves: Vec<super::transfers::ImportedMove>,
}

fn apply_row(
    tx: &Transaction<'_>,
    row: &IncomingRow<'_>,
    import_id: i64,
    fresh: bool,
    at: &str,
    deltas: &mut Deltas,
    custodian: &mut Custodian,
) -> rusqlite::Result<RowResult> {
    let nik = row.person.nik.as_u64();
    let recorded = if fresh {
        None
    } else {
        recorded_person(tx, nik)?
    };
    let Some((name, village)) = recorded else {
        insert_worker(tx, row.person, import_id)?;
        insert_enrolment(tx, nik, row.enrolment, import_id)?;
        if !fresh {
            // (On a first import the caller sums every row's deltas on another thread.)
            deltas.add(row.person.village, row.enrolment);
        }
        return Ok(RowResult::Imported);
    };
    let periods: Vec<Enrolment> = {
        let mut stmt = tx.prepare_cached(SELECT_ENROLMENTS)?;
        stmt.query_map([nik as i64], enrolment_from_row)?
            .collect::<Result<_, _>>()?
    };
    let mut changed = false;
    let new_village = row.person.village;
    let moved = village != new_village.as_u64() as i64;
    let recorded_village = RegionCode::from_u64(village as u64)
        .ok_or_else(|| corrupt("village", &village.to_string()))?;
    // A worker actively enrolled elsewhere is not the importer's to change (docs/transfers.md).
    let custody = transfer::custody(
        recorded_village,
        &periods,
        new_village,
        custodian.scope,
        custodian.today,
    );
    if let Custody::RegisteredElsewhere { holder } = custody {
        return Ok(RowResult::Conflict(RegistryConflict::RegisteredElsewhere {
            region: holder,
            region_name: String::new(),
        }));
    }
    let action = registry::reconcile(&periods, row.enrolment);
    if let (Custody::AcceptAsTransfer { from, to }, false) =
        (custody, matches!(action, PeriodAction::Overlap(_)))
    {
        custodian.moves.push(super::transfers::ImportedMove {
            nik: row.person.nik,
            from,
            to,
        });
    }
    if moved && !matches!(action, PeriodAction::Overlap(_)) {
        // The worker's periods now count where they live now.
        for p in &periods {
            deltas.remove(recorded_village, p);
            deltas.add(new_village, p);
        }
    }
    match action {
        PeriodAction::Unchanged => {}
        PeriodAction::Add => {
            insert_enrolment(tx, nik, row.enrolment, import_id)?;
            deltas.add(new_village, row.enrolment);
            changed = true;
        }
        PeriodAction::Revise(i) => {
            archive_enrolment(tx, nik, periods[i].start, import_id, at)?;
            revise_enrolment(tx, nik, row.enrolment, import_id)?;
            deltas.remove(new_village, &periods[i]);
            deltas.add(new_village, row.enrolment);
            changed = true;
        }
        PeriodAction::CloseAndAdd { index, close_on } => {
            let old = &periods[index];
            archive_enrolment(tx, nik, old.start, import_id, at)?;
            let closed = Enrolment {
                end: Some(close_on),
                ..old.clone()
            };
            revise_enrolment(tx, nik, &closed, import_id)?;
            insert_enrolment(tx, nik, row.enrolment, import_id)?;
            deltas.remove(new_village, old);
            deltas.add(new_village, &closed);
            deltas.add(new_village, row.enrolment);
            changed = true;
        }
        PeriodAction::Overlap(i) => {
            let e = &periods[i];
            return Ok(RowResult::Conflict(
                RegistryConflict::OverlapsRecordedPeriod {
                    start: e.start,
                    end: e.end,
                },
            ));
        }
    }
    if name != row.person.name || moved {
        tx.prepare_cached(
            "INSERT INTO worker_history (nik, name, village, replaced_by_import, replaced_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![nik as i64, name, village, import_id, at])?;
        tx.prepare_cached(
            "UPDATE workers SET name = ?2, village = ?3, import_id = ?4 WHERE nik = ?1",
        )?
        .execute(params![
            nik as i64,
            row.person.name,
            row.person.village.as_u64() as i64,
            import_id
        ])?;
        changed = true;
    }
    Ok(if changed {
        RowResult::Updated
    } else {
        RowResult::Unchanged
    })
}

/// Applies a batch in one IMMEDIATE transaction; rolls back on any error, in strict mode on any
/// conflict, and always for a dry run.
pub fn apply_import(
    conn: &mut Connection,
    batch: &ImportBatch<'_>,
    progress: &dyn Fn(u64),
) -> Result<ImportOutcome, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let started = now_text();
    tx.execute(
        "INSERT INTO imports (kind, file_name, file_sha256, started_at, strict, actor, user_id, scope) VALUES ('participants', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            batch.source.file_name,
            batch.source.file_sha256,
            started,
            batch.strict,
            batch.source.actor.name,
            batch.source.actor.user_id,
            batch.source.scope.stored()
        ],
    )?;
    let import_id = tx.last_insert_rowid();
    // An empty registry needs no look-ups: every row is new.
    let fresh: bool = !tx.query_row("SELECT EXISTS(SELECT 1 FROM workers)", [], |r| r.get(0))?;
    if fresh {
        // Building the village index once after the rows are in is faster than keeping it up to
        // date row by row; DDL is transactional, so a failed import leaves the index as it was.
        tx.execute_batch("DROP INDEX IF EXISTS workers_village")?;
    }
    let mut out = ImportOutcome::default();
    let mut custodian = Custodian {
        scope: batch.source.scope,
        today: batch.today,
        moves: Vec::new(),
    };
    let (written, deltas) = std::thread::scope(|s| {
        // On a first import every row adds its period: the coverage deltas are summed on the
        // second core while this one writes the rows.
        let side = fresh.then(|| {
            s.spawn(|| {
                let mut d = Deltas::new();
                for row in batch.rows {
                    d.add(row.person.village, row.enrolment);
                }
                d
            })
        });
        let mut deltas = Deltas::new();
        let written = (|| -> rusqlite::Result<()> {
            for (i, row) in batch.rows.iter().enumerate() {
                match apply_row(
                    &tx,
                    row,
                    import_id,
                    fresh,
                    &started,
                    &mut deltas,
                    &mut custodian,
                )? {
                    RowResult::Imported => out.imported += 1,
                    RowResult::Updated => out.updated += 1,
                    RowResult::Unchanged => out.unchanged += 1,
                    RowResult::Conflict(c) => out.conflicts.push((row.line, c)),
                }
                if (i as u64 + 1).is_multiple_of(PROGRESS_EVERY) {
                    progress(i as u64 + 1);
                }
            }
            Ok(())
        })();
        match side.map(|h| h.join()) {
            Some(Ok(d)) => (written, Ok(d)),
            Some(Err(_)) => (
                written,
                Err(StoreError::backend("coverage deltas thread failed")),
            ),
            None => (written, Ok(deltas)),
        }
    });
    written?;
    let deltas = deltas?;
    progress(batch.rows.len() as u64);
    let t = std::time::Instant::now();
    super::coverage::apply_deltas(&tx, &deltas, fresh)?;
    tracing::debug!(
        elapsed_ms = t.elapsed().as_millis() as u64,
        "coverage deltas written"
    );
    if fresh {
        let t = std::time::Instant::now();
        tx.execute_batch("CREATE INDEX IF NOT EXISTS workers_village ON workers (village)")?;
        tracing::debug!(
            elapsed_ms = t.elapsed().as_millis() as u64,
            "village index built"
        );
    }
    super::transfers::record_imported(
        &tx,
        &custodian.moves,
        import_id,
        batch.today,
        &batch.source.actor,
    )?;
    let rejected = batch.rejected_before_store + out.conflicts.len() as u64;
    tx.execute(
        "UPDATE imports SET finished_at = ?2, rows_read = ?3, imported = ?4, updated = ?5, unchanged = ?6, rejected = ?7 WHERE id = ?1",
        params![
            import_id,
            now_text(),
            batch.rows_read as i64,
            out.imported as i64,
            out.updated as i64,
            out.unchanged as i64,
            rejected as i64
        ],
    )?;
    super::audit::append(
        &tx,
        &batch.source.actor,
        &import_entry("import.participants", import_id, &batch.source).detail(serde_json::json!({
            "file_name": batch.source.file_name,
            "file_sha256": batch.source.file_sha256,
            "rows_read": batch.rows_read,
            "imported": out.imported,
            "updated": out.updated,
            "unchanged": out.unchanged,
            "rejected": rejected,
        })),
    )?;
    if batch.dry_run || (batch.strict && !out.conflicts.is_empty()) {
        tx.rollback()?;
        out.committed = false;
        out.import_id = None;
    } else {
        tx.commit()?;
        out.committed = true;
        out.import_id = Some(import_id);
    }
    Ok(out)
}

/// The worker with every period.
pub fn worker(conn: &Connection, nik: Nik) -> Result<Option<WorkerRecord>, StoreError> {
    let person = conn
        .query_row(
            "SELECT name, sex, birth_date, village FROM workers WHERE nik = ?1",
            [nik.as_u64() as i64],
            |r| {
                let sex: String = r.get(1)?;
                let village: i64 = r.get(3)?;
                Ok(Person {
                    nik,
                    name: r.get(0)?,
                    sex: Sex::parse(&sex).ok_or_else(|| corrupt("sex", &sex))?,
                    birth_date: r.get(2)?,
                    village: RegionCode::from_u64(village as u64)
                        .ok_or_else(|| corrupt("village", &village.to_string()))?,
                })
            },
        )
        .optional()?;
    let Some(person) = person else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(SELECT_ENROLMENTS)?;
    let periods = stmt
        .query_map([nik.as_u64() as i64], enrolment_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(WorkerRecord { person, periods }))
}

/// Registry counts for a date.
pub fn stats(conn: &Connection, on: NaiveDate) -> Result<RegistryStats, StoreError> {
    let count = |sql: &str| -> Result<u64, StoreError> {
        Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
    };
    let active: i64 = conn.query_row(
        "SELECT COUNT(DISTINCT nik) FROM enrolments WHERE start_date <= ?1 AND (end_date IS NULL OR end_date >= ?1)",
        [on],
        |r| r.get(0),
    )?;
    Ok(RegistryStats {
        workers: count("SELECT COUNT(*) FROM workers")?,
        enrolments: count("SELECT COUNT(*) FROM enrolments")?,
        active: active as u64,
        on,
        imports: count("SELECT COUNT(*) FROM imports")?,
    })
}

/// The audit entry of an import (its file and counts are added by the caller).
pub(super) fn import_entry(action: &str, id: i64, source: &ImportSource) -> AuditEntry {
    let mut e = AuditEntry::new(action).object(format!("import:{id}"));
    e.region = source.scope.region().map(|r| r.to_string());
    e
}

const IMPORT_COLUMNS: &str = "id, kind, file_name, file_sha256, started_at, finished_at, strict, rows_read, imported, updated, \
     unchanged, rejected, actor, scope";

fn import_from_row(r: &Row<'_>) -> rusqlite::Result<ImportLogEntry> {
    let scope: String = r.get(13)?;
    Ok(ImportLogEntry {
        id: r.get(0)?,
        kind: r.get(1)?,
        file_name: r.get(2)?,
        file_sha256: r.get(3)?,
        started_at: r.get(4)?,
        finished_at: r.get(5)?,
        strict: r.get(6)?,
        rows_read: r.get::<_, i64>(7)? as u64,
        imported: r.get::<_, i64>(8)? as u64,
        updated: r.get::<_, i64>(9)? as u64,
        unchanged: r.get::<_, i64>(10)? as u64,
        rejected: r.get::<_, i64>(11)? as u64,
        actor: r.get(12)?,
        scope: Scope::parse(&scope).map_err(|_| corrupt("scope", &scope))?,
    })
}

/// The import log, newest first.
pub fn imports(conn: &Connection, limit: u32) -> Result<Vec<ImportLogEntry>, StoreError> {
    let sql = format!("SELECT {IMPORT_COLUMNS} FROM imports ORDER BY id DESC LIMIT ?1");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([limit], import_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One entry of the import log.
pub fn import(conn: &Connection, id: i64) -> Result<Option<ImportLogEntry>, StoreError> {
    let sql = format!("SELECT {IMPORT_COLUMNS} FROM imports WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], import_from_row).optional()?)
}

/// Workers living in `within` whose name contains `name` (case-insensitive), by name then NIK;
/// `offset` skipped, at most `limit`. The name is a bound parameter matched with `instr`, so no
/// character of it is a wildcard.
pub fn find_workers(
    conn: &Connection,
    within: RegionCode,
    name: &str,
    offset: u32,
    limit: u32,
) -> Result<Vec<WorkerRecord>, StoreError> {
    let range = within.village_range();
    let mut stmt = conn.prepare_cached(
        "SELECT nik FROM workers WHERE village BETWEEN ?1 AND ?2 AND instr(upper(name), upper(?3)) > 0 \
         ORDER BY name, nik LIMIT ?4 OFFSET ?5",
    )?;
    let niks = stmt
        .query_map(
            params![
                *range.start() as i64,
                *range.end() as i64,
                name,
                limit,
                offset
            ],
            |r| r.get::<_, i64>(0),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(niks.len());
    for n in niks {
        let nik = Nik::from_stored(n as u64).ok_or_else(|| corrupt("nik", &n.to_string()))?;
        if let Some(w) = worker(conn, nik)? {
            out.push(w);
        }
    }
    Ok(out)
}
