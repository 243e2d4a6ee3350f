//! SQL of UCJ targets: applying a batch of targets and reading them all back. Resolution (roll-up,
//! year fallback) is the domain's job (`paritrana_core::target::TargetBook`), not SQL's.

use super::registry::now_text;
use crate::error::Db;
use paritrana_core::codes::Segment;
use paritrana_core::region::RegionCode;
use paritrana_core::target::{Target, TargetChange};
use paritrana_store::{StoreError, TargetBatch, TargetOutcome};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

/// The stored form of a segment: its code, or '' for the total.
fn segment_text(segment: Option<Segment>) -> &'static str {
    segment.map_or("", Segment::code)
}

fn corrupt(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored target {what} `{value}` is not valid").into(),
    )
}

/// Applies a batch in one IMMEDIATE transaction, logged as an import of kind `targets`; rolls
/// back for a dry run (the counts still say what would have happened).
pub fn apply(conn: &mut Connection, batch: &TargetBatch<'_>) -> Result<TargetOutcome, StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    let started = now_text();
    tx.execute(
        "INSERT INTO imports (kind, file_name, file_sha256, started_at, strict, actor, user_id, scope) VALUES ('targets', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
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
    let mut out = TargetOutcome::default();
    {
        let mut current = tx.prepare(
            "SELECT workers, source, estimate FROM targets WHERE region = ?1 AND year = ?2 AND segment = ?3",
        ).db()?;
        let mut insert = tx.prepare(
            "INSERT INTO targets (region, year, segment, workers, source, estimate, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        ).db()?;
        let mut archive = tx.prepare(
            "INSERT INTO targets_history (region, year, segment, workers, source, estimate, import_id, replaced_by_import, replaced_at) \
             SELECT region, year, segment, workers, source, estimate, import_id, ?4, ?5 FROM targets \
             WHERE region = ?1 AND year = ?2 AND segment = ?3",
        ).db()?;
        let mut update = tx
            .prepare(
                "UPDATE targets SET workers = ?4, source = ?5, estimate = ?6, import_id = ?7 \
             WHERE region = ?1 AND year = ?2 AND segment = ?3",
            )
            .db()?;
        for t in batch.targets {
            let region = t.region.as_u64() as i64;
            let segment = segment_text(t.segment);
            let workers = t.workers as i64;
            let stored: Option<Target> = current
                .query_row(params![region, t.year, segment], |r| {
                    Ok(Target {
                        workers: u64::try_from(r.get::<_, i64>(0)?).unwrap_or(u64::MAX),
                        source: r.get(1)?,
                        estimate: r.get(2)?,
                        ..t.clone()
                    })
                })
                .optional()
                .db()?;
            match TargetChange::of(stored.as_ref(), t) {
                TargetChange::Insert => {
                    insert
                        .execute(params![
                            region, t.year, segment, workers, t.source, t.estimate, import_id
                        ])
                        .db()?;
                    out.inserted += 1;
                }
                TargetChange::Unchanged => out.unchanged += 1,
                TargetChange::Replace => {
                    archive
                        .execute(params![region, t.year, segment, import_id, started])
                        .db()?;
                    update
                        .execute(params![
                            region, t.year, segment, workers, t.source, t.estimate, import_id
                        ])
                        .db()?;
                    out.replaced += 1;
                }
            }
        }
    }
    tx.execute(
        "UPDATE imports SET finished_at = ?2, rows_read = ?3, imported = ?4, updated = ?5, unchanged = ?6, rejected = ?7 WHERE id = ?1",
        params![
            import_id,
            now_text(),
            batch.rows_read as i64,
            out.inserted as i64,
            out.replaced as i64,
            out.unchanged as i64,
            batch.rejected_before_store as i64
        ],
    ).db()?;
    super::audit::append(
        &tx,
        &batch.source.actor,
        &super::registry::import_entry("import.targets", import_id, &batch.source).detail(
            serde_json::json!({
                "file_name": batch.source.file_name,
                "file_sha256": batch.source.file_sha256,
                "rows_read": batch.rows_read,
                "inserted": out.inserted,
                "replaced": out.replaced,
                "unchanged": out.unchanged,
                "rejected": batch.rejected_before_store,
            }),
        ),
    )
    .db()?;
    if batch.dry_run {
        tx.rollback().db()?;
    } else {
        super::coverage::bump_version(&tx).db()?;
        tx.commit().db()?;
        out.committed = true;
        out.import_id = Some(import_id);
    }
    Ok(out)
}

/// Every target, by region, year and segment.
pub fn all(conn: &Connection) -> Result<Vec<Target>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT region, year, segment, workers, source, estimate FROM targets ORDER BY region, year, segment",
    ).db()?;
    let rows = stmt
        .query_map([], |r| {
            let region: i64 = r.get(0)?;
            let segment: String = r.get(2)?;
            let workers: i64 = r.get(3)?;
            Ok(Target {
                region: u64::try_from(region)
                    .ok()
                    .and_then(RegionCode::from_u64)
                    .ok_or_else(|| corrupt("region", &region.to_string()))?,
                year: r.get(1)?,
                segment: match segment.as_str() {
                    "" => None,
                    s => Some(Segment::parse(s).ok_or_else(|| corrupt("segment", s))?),
                },
                workers: u64::try_from(workers)
                    .map_err(|_| corrupt("workers", &workers.to_string()))?,
                source: r.get(4)?,
                estimate: r.get(5)?,
            })
        })
        .db()?;
    rows.collect::<Result<_, _>>().db()
}

#[cfg(test)]
mod tests {
    use crate::SqliteStore;
    use paritrana_core::codes::Segment;
    use paritrana_core::region::RegionCode;
    use paritrana_core::target::Target;
    use paritrana_store::{ImportSource, Store, TargetBatch};

    fn paser(workers: u64, source: &str) -> Target {
        Target {
            region: RegionCode::parse("64.01").unwrap(),
            year: 2023,
            segment: None,
            workers,
            source: source.into(),
            estimate: false,
        }
    }

    fn batch(targets: &[Target], dry_run: bool) -> TargetBatch<'_> {
        TargetBatch {
            source: ImportSource {
                file_name: "target.csv".into(),
                file_sha256: "00".into(),
                actor: paritrana_store::Actor::system("test"),
                scope: paritrana_core::auth::Scope::National,
            },
            targets,
            rows_read: targets.len() as u64,
            rejected_before_store: 0,
            strict: false,
            dry_run,
        }
    }

    fn history(store: &SqliteStore) -> Vec<(i64, String)> {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        let mut stmt = conn
            .prepare("SELECT workers, source FROM targets_history ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn reimport_replaces_and_keeps_the_former_value() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
        let nation = Target {
            region: RegionCode::NATION,
            segment: Some(Segment::Bpu),
            ..paser(1_000, "BPS")
        };
        let first = [paser(90_052, "BPS Sakernas Agustus 2023"), nation.clone()];
        let out = store.apply_targets(&batch(&first, false)).unwrap();
        assert_eq!((out.inserted, out.replaced, out.unchanged), (2, 0, 0));
        assert!(out.committed && out.import_id.is_some());
        assert_eq!(
            store.targets().unwrap(),
            first.iter().rev().cloned().collect::<Vec<_>>()
        );

        let again = [paser(91_000, "BPS revisi"), nation];
        let out = store.apply_targets(&batch(&again, false)).unwrap();
        assert_eq!((out.inserted, out.replaced, out.unchanged), (0, 1, 1));
        assert_eq!(
            history(&store),
            [(90_052, "BPS Sakernas Agustus 2023".into())]
        );
        assert!(
            store
                .targets()
                .unwrap()
                .contains(&paser(91_000, "BPS revisi"))
        );
        let log = store.imports(10).unwrap();
        assert_eq!(log[0].kind, "targets");
        assert_eq!((log[0].updated, log[0].unchanged), (1, 1));
    }

    #[test]
    fn dry_run_counts_but_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
        let out = store
            .apply_targets(&batch(&[paser(90_052, "BPS")], true))
            .unwrap();
        assert_eq!(out.inserted, 1);
        assert!(!out.committed && out.import_id.is_none());
        assert!(store.targets().unwrap().is_empty());
        assert!(store.imports(10).unwrap().is_empty());
    }
}
