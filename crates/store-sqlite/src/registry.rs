//! SQL of the worker registry: executing the plans of an import's rows, reading a worker,
//! counting. What a row does is decided in core ([`plan::plan_row`]); this module reads the
//! recorded state a plan needs and writes what the plan says.

use super::iso_date::iso;
use crate::error::Db;
use chrono::NaiveDate;
use paritrana_core::auth::Scope;
use paritrana_core::codes::{Category, Funding, ProgrammeSet, Sector, Segment};
use paritrana_core::coverage::Deltas;
use paritrana_core::nik::{Nik, Sex};
use paritrana_core::region::RegionCode;
use paritrana_core::registry::plan::{self, PersonWrite, RowOutcome};
use paritrana_core::worker::{Enrolment, Person, Rupiah};
use paritrana_store::audit::AuditEntry;
use paritrana_store::{
    ImportBatch, ImportLogEntry, ImportOutcome, ImportRows, ImportSource, IncomingRow,
    RegistryStats, StoreError, WorkerRecord,
};
use rusqlite::{
    Connection, OptionalExtension, Row, Statement, Transaction, TransactionBehavior, params,
    params_from_iter,
};
use std::collections::HashMap;

const PROGRESS_EVERY: u64 = 10_000;
/// Coverage sums held in memory during an import before they are added to the table (about
/// 60 bytes each): memory stays bounded whatever the size of the file. Sums are added in the
/// database (`delta = delta + excluded.delta`), so handing them over in parts changes nothing.
const DELTAS_HELD: usize = 200_000;

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

/// Rows per multi-row `INSERT` of new workers or periods: one statement writes many rows.
const INSERT_ROWS: usize = 64;

const INSERT_WORKERS: &str =
    "INSERT INTO workers (nik, name, sex, birth_date, village, import_id) VALUES ";
const WORKER_COLUMNS: usize = 6;
const INSERT_ENROLMENTS: &str = "INSERT INTO enrolments (nik, segment, category, sector, funding, \
     csr_company, programmes, start_date, end_date, wage, import_id) VALUES ";
const ENROLMENT_COLUMNS: usize = 11;

/// `INSERT … VALUES (?, …), …` for `rows` rows of `columns` values.
fn multi_insert(head: &str, rows: usize, columns: usize) -> String {
    let one = format!("({})", vec!["?"; columns].join(", "));
    format!("{head}{}", vec![one; rows].join(", "))
}

/// Binds a worker's values from parameter `at` on (NIK, name, sex, birth date, village,
/// import id).
fn bind_worker(
    stmt: &mut Statement<'_>,
    at: usize,
    p: &Person,
    import_id: i64,
) -> rusqlite::Result<()> {
    stmt.raw_bind_parameter(at, p.nik.as_u64() as i64)?;
    stmt.raw_bind_parameter(at + 1, &p.name)?;
    stmt.raw_bind_parameter(at + 2, p.sex.code())?;
    stmt.raw_bind_parameter(at + 3, iso(p.birth_date))?;
    stmt.raw_bind_parameter(at + 4, p.village.as_u64() as i64)?;
    stmt.raw_bind_parameter(at + 5, import_id)
}

/// Binds an enrolment's values from parameter `at` on, in the order of [`INSERT_ENROLMENTS`]
/// (the numbered parameters of the revising `UPDATE` follow it too).
fn bind_enrolment(
    stmt: &mut Statement<'_>,
    at: usize,
    nik: u64,
    e: &Enrolment,
    import_id: i64,
) -> rusqlite::Result<()> {
    stmt.raw_bind_parameter(at, nik as i64)?;
    stmt.raw_bind_parameter(at + 1, e.segment.code())?;
    stmt.raw_bind_parameter(at + 2, e.category.code())?;
    stmt.raw_bind_parameter(at + 3, e.sector.map(|s| s.code()))?;
    stmt.raw_bind_parameter(at + 4, e.funding.code())?;
    stmt.raw_bind_parameter(at + 5, &e.csr_company)?;
    stmt.raw_bind_parameter(at + 6, e.programmes.bits())?;
    stmt.raw_bind_parameter(at + 7, iso(e.start))?;
    stmt.raw_bind_parameter(at + 8, e.end.map(iso))?;
    stmt.raw_bind_parameter(at + 9, e.wage.map(|w| w.0))?;
    stmt.raw_bind_parameter(at + 10, import_id)
}

/// Writes rows with a statement for [`INSERT_ROWS`] rows, the rest one by one.
fn insert_rows<T>(
    many: &mut Statement<'_>,
    one: &mut Statement<'_>,
    rows: &[T],
    columns: usize,
    bind: impl Fn(&mut Statement<'_>, usize, &T) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let mut chunks = rows.chunks_exact(INSERT_ROWS);
    for chunk in &mut chunks {
        for (i, row) in chunk.iter().enumerate() {
            bind(many, 1 + i * columns, row)?;
        }
        many.raw_execute()?;
    }
    for row in chunks.remainder() {
        bind(one, 1, row)?;
        one.raw_execute()?;
    }
    Ok(())
}

/// Executes the plans of an import ([`plan::RowPlan`]) with statements prepared once.
struct PlanWriter<'c> {
    import_id: i64,
    at: &'c str,
    workers_many: Statement<'c>,
    workers_one: Statement<'c>,
    enrolments_many: Statement<'c>,
    enrolments_one: Statement<'c>,
    /// Keeps the former version of a period before it is revised or closed.
    archive: Statement<'c>,
    /// Rewrites the period of a NIK that starts on the given start (which never changes).
    revise: Statement<'c>,
    worker_history: Statement<'c>,
    worker_update: Statement<'c>,
}

impl<'c> PlanWriter<'c> {
    fn new(tx: &'c Transaction<'c>, import_id: i64, at: &'c str) -> rusqlite::Result<Self> {
        Ok(PlanWriter {
            import_id,
            at,
            workers_many: tx.prepare(&multi_insert(INSERT_WORKERS, INSERT_ROWS, WORKER_COLUMNS))?,
            workers_one: tx.prepare(&multi_insert(INSERT_WORKERS, 1, WORKER_COLUMNS))?,
            enrolments_many: tx.prepare(&multi_insert(
                INSERT_ENROLMENTS,
                INSERT_ROWS,
                ENROLMENT_COLUMNS,
            ))?,
            enrolments_one: tx.prepare(&multi_insert(INSERT_ENROLMENTS, 1, ENROLMENT_COLUMNS))?,
            archive: tx.prepare(
                "INSERT INTO enrolment_history (nik, segment, category, sector, funding, csr_company, \
                 programmes, start_date, end_date, wage, replaced_by_import, replaced_at) \
                 SELECT nik, segment, category, sector, funding, csr_company, programmes, start_date, \
                 end_date, wage, ?3, ?4 FROM enrolments WHERE nik = ?1 AND start_date = ?2",
            )?,
            revise: tx.prepare(
                "UPDATE enrolments SET segment = ?2, category = ?3, sector = ?4, funding = ?5, \
                 csr_company = ?6, programmes = ?7, end_date = ?9, wage = ?10, import_id = ?11 \
                 WHERE nik = ?1 AND start_date = ?8",
            )?,
            worker_history: tx.prepare(
                "INSERT INTO worker_history (nik, name, village, replaced_by_import, replaced_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            worker_update: tx.prepare(
                "UPDATE workers SET name = ?2, village = ?3, import_id = ?4 WHERE nik = ?1",
            )?,
        })
    }

    /// Executes the plans of a batch of rows (one NIK each). Each plan's writes keep their
    /// order — person insert, period revision, period insert, person revision — and rows of
    /// different NIKs never touch the same rows, so the writes are grouped by kind: the new
    /// workers in multi-row inserts, then the revisions, then the new periods, then the person
    /// revisions, each in row order.
    fn execute(&mut self, plans: &[(u64, plan::RowPlan<'_>)]) -> rusqlite::Result<()> {
        let import_id = self.import_id;
        let people: Vec<&Person> = plans
            .iter()
            .filter_map(|(_, p)| match p.person {
                PersonWrite::Insert(person) => Some(person),
                _ => None,
            })
            .collect();
        insert_rows(
            &mut self.workers_many,
            &mut self.workers_one,
            &people,
            WORKER_COLUMNS,
            |stmt, at, p| bind_worker(stmt, at, p, import_id),
        )?;
        for (nik, p) in plans {
            if let Some(r) = &p.revise {
                self.archive.execute(params![
                    *nik as i64,
                    iso(r.former.start),
                    import_id,
                    self.at
                ])?;
                bind_enrolment(&mut self.revise, 1, *nik, &r.now, import_id)?;
                self.revise.raw_execute()?;
            }
        }
        let periods: Vec<(u64, &Enrolment)> = plans
            .iter()
            .filter_map(|(nik, p)| p.insert.map(|e| (*nik, e)))
            .collect();
        insert_rows(
            &mut self.enrolments_many,
            &mut self.enrolments_one,
            &periods,
            ENROLMENT_COLUMNS,
            |stmt, at, (nik, e)| bind_enrolment(stmt, at, *nik, e, import_id),
        )?;
        for (nik, p) in plans {
            if let PersonWrite::Revise {
                former_name,
                former_village,
                now,
            } = p.person
            {
                self.worker_history.execute(params![
                    *nik as i64,
                    former_name,
                    former_village.as_u64() as i64,
                    import_id,
                    self.at
                ])?;
                self.worker_update.execute(params![
                    *nik as i64,
                    now.name,
                    now.village.as_u64() as i64,
                    import_id
                ])?;
            }
        }
        Ok(())
    }
}

/// How many rows are planned together: their recorded state is read in two statements, then
/// each row is planned in core and its plan executed.
const BATCH_ROWS: usize = 1_000;

/// `(?1, ?2, …, ?n)`.
fn placeholders(n: usize) -> String {
    let mut s = String::with_capacity(n * 6 + 2);
    s.push('(');
    for i in 1..=n {
        if i > 1 {
            s.push_str(", ");
        }
        s.push('?');
        s.push_str(&i.to_string());
    }
    s.push(')');
    s
}

/// What the registry holds for the NIKs of a batch (those recorded; the others are new).
fn read_recorded(
    tx: &Transaction<'_>,
    niks: &[i64],
) -> rusqlite::Result<HashMap<i64, plan::Recorded>> {
    let list = placeholders(niks.len());
    let mut out: HashMap<i64, plan::Recorded> = HashMap::with_capacity(niks.len());
    let mut people = tx.prepare_cached(&format!(
        "SELECT nik, name, village FROM workers WHERE nik IN {list}"
    ))?;
    let mut q = people.query(params_from_iter(niks))?;
    while let Some(r) = q.next()? {
        let village: i64 = r.get(2)?;
        out.insert(
            r.get(0)?,
            plan::Recorded {
                name: r.get(1)?,
                village: RegionCode::from_u64(village as u64)
                    .ok_or_else(|| corrupt("village", &village.to_string()))?,
                periods: Vec::new(),
            },
        );
    }
    if out.is_empty() {
        return Ok(out);
    }
    let mut periods = tx.prepare_cached(&format!(
        "SELECT segment, category, sector, funding, csr_company, programmes, start_date, end_date, \
         wage, nik FROM enrolments WHERE nik IN {list} ORDER BY nik, start_date"
    ))?;
    let mut q = periods.query(params_from_iter(niks))?;
    while let Some(r) = q.next()? {
        let nik: i64 = r.get(9)?;
        let e = enrolment_from_row(r)?;
        match out.get_mut(&nik) {
            Some(w) => w.periods.push(e),
            None => {
                return Err(corrupt(
                    "enrolment of an unrecorded worker",
                    &nik.to_string(),
                ));
            }
        }
    }
    Ok(out)
}

/// Applies an import in one IMMEDIATE transaction; rolls back on any error, in strict mode on
/// any refused row, and always for a dry run. Rows are taken [`BATCH_ROWS`] at a time from
/// `rows`: the recorded state of their NIKs is read, core plans each row
/// ([`plan::plan_row`]), and the plans are executed. A committed import bumps the registry
/// version last, just before the commit.
pub fn apply_import(
    conn: &mut Connection,
    batch: &ImportBatch,
    rows: &mut dyn ImportRows,
    progress: &dyn Fn(u64),
) -> Result<ImportOutcome, StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
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
    ).db()?;
    let import_id = tx.last_insert_rowid();
    // An empty registry needs no look-ups: every row is new (the rows hold each NIK once).
    // Asked inside the IMMEDIATE transaction, which holds the write lock: no other writer can
    // add a worker before this one commits or rolls back; a second import waits, then finds
    // this one's workers.
    let fresh: bool = !tx
        .query_row("SELECT EXISTS(SELECT 1 FROM workers)", [], |r| r.get(0))
        .db()?;
    if fresh {
        // Building the village index once after the rows are in is faster than keeping it up
        // to date row by row (docs/benchmarks.md). Safe beside other connections: the drop is
        // made under the write lock, DDL is transactional, and readers keep their snapshot
        // (with the index) until the commit, which has rebuilt it; a failed import leaves it as
        // it was. (A PostgreSQL backend keeps the index: there `DROP INDEX` would lock the
        // table against readers for the whole import.)
        tx.execute_batch("DROP INDEX IF EXISTS workers_village")
            .db()?;
    }
    let mut out = ImportOutcome::default();
    let importer = &plan::Importer {
        scope: batch.source.scope,
        today: batch.today,
    };
    let mut moves: Vec<super::transfers::ImportedMove> = Vec::new();
    let mut done = 0u64;
    let (written, deltas) = std::thread::scope(|s| {
        // On a first import every plan only adds its row's period: the coverage deltas are
        // summed from the same rows on the second core, a part behind the writer.
        let (to_side, side_rows) = std::sync::mpsc::sync_channel::<Vec<IncomingRow>>(4);
        // Unbounded, so the side thread never waits on the writer (which may be waiting to
        // hand it a part); it sends a map only every DELTAS_HELD sums.
        let (from_side, side_sums) = std::sync::mpsc::channel::<Deltas>();
        let side = fresh.then(|| {
            s.spawn(move || {
                let mut d = Deltas::new();
                for part in side_rows {
                    for row in &part {
                        plan::plan_row(None, &row.person, &row.enrolment, importer)
                            .add_coverage(&mut d);
                    }
                    if d.len() >= DELTAS_HELD && from_side.send(std::mem::take(&mut d)).is_err() {
                        break;
                    }
                }
                d
            })
        });
        let mut deltas = Deltas::new();
        let written = (|| -> Result<(), StoreError> {
            let mut writer = PlanWriter::new(&tx, import_id, &started).db()?;
            let mut niks: Vec<i64> = Vec::with_capacity(BATCH_ROWS);
            let mut part: Vec<IncomingRow> = Vec::with_capacity(BATCH_ROWS);
            let mut last: Option<Nik> = None;
            loop {
                rows.next_rows(BATCH_ROWS, &mut part)?;
                if part.is_empty() {
                    break;
                }
                // A part's recorded state is read before any of its rows is written, and its
                // writes are grouped by kind: both need each NIK once, in order.
                let ordered = part
                    .first()
                    .is_none_or(|r| last.is_none_or(|l| l < r.person.nik))
                    && part.windows(2).all(|w| w[0].person.nik < w[1].person.nik);
                if !ordered {
                    return Err(StoreError::backend(
                        "the rows of an import must be sorted by NIK, one row per NIK",
                    ));
                }
                last = part.last().map(|r| r.person.nik);
                let recorded = if fresh {
                    None
                } else {
                    niks.clear();
                    niks.extend(part.iter().map(|r| r.person.nik.as_u64() as i64));
                    Some(read_recorded(&tx, &niks).db()?)
                };
                let mut plans: Vec<(u64, plan::RowPlan<'_>)> = Vec::with_capacity(part.len());
                for row in &part {
                    let nik = row.person.nik.as_u64();
                    let plan = plan::plan_row(
                        recorded.as_ref().and_then(|r| r.get(&(nik as i64))),
                        &row.person,
                        &row.enrolment,
                        importer,
                    );
                    if !fresh {
                        plan.add_coverage(&mut deltas);
                    }
                    if let Some(m) = plan.transfer {
                        moves.push(super::transfers::ImportedMove {
                            nik: row.person.nik,
                            from: m.from,
                            to: m.to,
                        });
                    }
                    match &plan.outcome {
                        RowOutcome::Imported => out.imported += 1,
                        RowOutcome::Updated => out.updated += 1,
                        RowOutcome::Unchanged => out.unchanged += 1,
                        RowOutcome::Refused(c) => {
                            out.refused += 1;
                            rows.refused(row.line, row.person.nik, c.clone())?;
                        }
                    }
                    plans.push((nik, plan));
                }
                writer.execute(&plans).db()?;
                drop(plans);
                let before = done;
                done += part.len() as u64;
                if done / PROGRESS_EVERY > before / PROGRESS_EVERY {
                    progress(done / PROGRESS_EVERY * PROGRESS_EVERY);
                }
                if fresh {
                    let next = Vec::with_capacity(BATCH_ROWS);
                    if to_side.send(std::mem::replace(&mut part, next)).is_err() {
                        return Err(StoreError::backend("coverage deltas thread failed"));
                    }
                    while let Ok(sums) = side_sums.try_recv() {
                        super::coverage::apply_deltas(&tx, &sums, false).db()?;
                    }
                } else if deltas.len() >= DELTAS_HELD {
                    super::coverage::apply_deltas(&tx, &std::mem::take(&mut deltas), false).db()?;
                }
            }
            Ok(())
        })();
        drop(to_side);
        // The side thread may be waiting to hand over sums: take them until it ends. (When
        // there is no side thread, its closure, holding `from_side`, was dropped unrun by
        // `then`, so this ends at once.)
        let mut handed = Ok(());
        for sums in side_sums.iter() {
            if handed.is_ok() {
                handed = super::coverage::apply_deltas(&tx, &sums, false).db();
            }
        }
        let written = written.and(handed);
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
    tracing::debug!(rows = done, "rows written");
    let deltas = deltas?;
    progress(done);
    let t = std::time::Instant::now();
    super::coverage::apply_deltas(&tx, &deltas, false).db()?;
    tracing::debug!(
        elapsed_ms = t.elapsed().as_millis() as u64,
        "coverage deltas written"
    );
    if fresh {
        let t = std::time::Instant::now();
        // The index is sorted through temporary files (unnamed, in SQLITE_TMPDIR: the binary
        // sets it to the data folder) rather than in memory: at 10 million workers an
        // in-memory sort would cost about half a gigabyte.
        tx.execute_batch(
            "PRAGMA temp_store = FILE;
             CREATE INDEX IF NOT EXISTS workers_village ON workers (village);
             PRAGMA temp_store = MEMORY;",
        )
        .db()?;
        tracing::debug!(
            elapsed_ms = t.elapsed().as_millis() as u64,
            "village index built"
        );
    }
    let t = std::time::Instant::now();
    super::transfers::record_imported(&tx, &moves, import_id, batch.today, &batch.source.actor)?;
    let before_store = rows.rejected_before_store();
    let rejected = before_store + out.refused;
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
    ).db()?;
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
    )
    .db()?;
    tracing::debug!(
        elapsed_ms = t.elapsed().as_millis() as u64,
        moves = moves.len(),
        "transfers, log and audit entry written"
    );
    let t = std::time::Instant::now();
    if batch.dry_run || (batch.strict && rejected > 0) {
        tx.rollback().db()?;
        out.committed = false;
        out.import_id = None;
    } else {
        super::coverage::bump_version(&tx).db()?;
        tx.commit().db()?;
        out.committed = true;
        out.import_id = Some(import_id);
    }
    tracing::debug!(
        elapsed_ms = t.elapsed().as_millis() as u64,
        committed = out.committed,
        "ended"
    );
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
        .optional()
        .db()?;
    let Some(person) = person else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(SELECT_ENROLMENTS).db()?;
    let periods = stmt
        .query_map([nik.as_u64() as i64], enrolment_from_row)
        .db()?
        .collect::<Result<Vec<_>, _>>()
        .db()?;
    Ok(Some(WorkerRecord { person, periods }))
}

/// Registry counts for a date.
pub fn stats(conn: &Connection, on: NaiveDate) -> Result<RegistryStats, StoreError> {
    let count = |sql: &str| -> Result<u64, StoreError> {
        Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0)).db()? as u64)
    };
    let active: i64 = conn.query_row(
        "SELECT COUNT(DISTINCT nik) FROM enrolments WHERE start_date <= ?1 AND (end_date IS NULL OR end_date >= ?1)",
        [on],
        |r| r.get(0),
    ).db()?;
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
    let mut stmt = conn.prepare(&sql).db()?;
    let rows = stmt.query_map([limit], import_from_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// One entry of the import log.
pub fn import(conn: &Connection, id: i64) -> Result<Option<ImportLogEntry>, StoreError> {
    let sql = format!("SELECT {IMPORT_COLUMNS} FROM imports WHERE id = ?1");
    conn.query_row(&sql, [id], import_from_row).optional().db()
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
    ).db()?;
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
        )
        .db()?
        .collect::<Result<Vec<_>, _>>()
        .db()?;
    let mut out = Vec::with_capacity(niks.len());
    for n in niks {
        let nik = Nik::from_stored(n as u64)
            .ok_or_else(|| corrupt("nik", &n.to_string()))
            .db()?;
        if let Some(w) = worker(conn, nik)? {
            out.push(w);
        }
    }
    Ok(out)
}
