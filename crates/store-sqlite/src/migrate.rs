//! Applies the numbered SQL files of this crate's `migrations/` that the database has not seen
//! yet, each in its own transaction.

use crate::error::Db;
use paritrana_store::StoreError;
use rusqlite::Connection;

/// (version, SQL) in order. A new migration is a new file and a new line here.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_registry.sql")),
    (2, include_str!("../migrations/0002_targets.sql")),
    (3, include_str!("../migrations/0003_coverage.sql")),
    (4, include_str!("../migrations/0004_accounts.sql")),
    (5, include_str!("../migrations/0005_award.sql")),
    (6, include_str!("../migrations/0006_award_certificates.sql")),
    (7, include_str!("../migrations/0007_signin_throttle.sql")),
    (8, include_str!("../migrations/0008_transfers.sql")),
    (9, include_str!("../migrations/0009_audit_head.sql")),
    (10, include_str!("../migrations/0010_concurrent_writes.sql")),
];

/// The newest schema version this build knows.
pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Brings the schema up to date.
pub fn run(conn: &mut Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
    ).db()?;
    for (version, sql) in MIGRATIONS {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .db()?;
        let seen: bool = tx
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE version = ?1)",
                [version],
                |r| r.get(0),
            )
            .db()?;
        if !seen {
            tx.execute_batch(sql).db()?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, datetime('now'))",
                [version],
            )
            .db()?;
        }
        tx.commit().db()?;
    }
    Ok(())
}
