//! SQL of the award's certificates (piagam): storing an issued certificate, recording its
//! withdrawal, looking certificates up. Which winners get one, and when a withdrawal is
//! refused, is the service's ([`paritrana_store::award::service`]). The table's triggers keep an issued
//! certificate as printed.

use super::{from_json, to_json};
use crate::audit::now_millis;
use crate::error::Db;
use paritrana_core::award::certificate::Certificate;
use paritrana_core::award::ids::EntryId;
use paritrana_core::award::panel::Round;
use paritrana_core::award::verification::VerificationCode;
use paritrana_store::StoreError;
use paritrana_store::audit::Actor;
use paritrana_store::award::certificate::{CertificateRecord, Withdrawal};
use rusqlite::{Connection, OptionalExtension, params};

const COLUMNS: &str = "round, entry, certificate, issued_at, issued_by, issued_by_id, \
                       withdrawn_at, withdrawn_by, withdrawn_by_id, withdrawal_reason";

/// A row as read, before its JSON is decoded.
struct Row {
    round: String,
    entry: u32,
    certificate: String,
    issued_at: String,
    issued_by: String,
    issued_by_id: Option<i64>,
    withdrawn_at: Option<String>,
    withdrawn_by: Option<String>,
    withdrawn_by_id: Option<i64>,
    withdrawal_reason: Option<String>,
}

impl Row {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
        Ok(Row {
            round: r.get(0)?,
            entry: r.get(1)?,
            certificate: r.get(2)?,
            issued_at: r.get(3)?,
            issued_by: r.get(4)?,
            issued_by_id: r.get(5)?,
            withdrawn_at: r.get(6)?,
            withdrawn_by: r.get(7)?,
            withdrawn_by_id: r.get(8)?,
            withdrawal_reason: r.get(9)?,
        })
    }

    fn record(self) -> Result<CertificateRecord, StoreError> {
        let round = Round::parse(&self.round)
            .ok_or_else(|| StoreError::Corrupt(format!("certificate round {}", self.round)))?;
        let withdrawn = match (self.withdrawn_at, self.withdrawal_reason) {
            (Some(at), Some(reason)) => Some(Withdrawal {
                at,
                by: self.withdrawn_by.unwrap_or_default(),
                by_id: self.withdrawn_by_id,
                reason,
            }),
            _ => None,
        };
        Ok(CertificateRecord {
            round,
            entry: EntryId(self.entry),
            certificate: from_json::<Certificate>(&self.certificate, "certificate")?,
            issued_at: self.issued_at,
            issued_by: self.issued_by,
            issued_by_id: self.issued_by_id,
            withdrawn,
        })
    }
}

pub(super) fn list(conn: &Connection, year: u16) -> Result<Vec<CertificateRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM award_certificates WHERE year = ?1 ORDER BY rowid");
    let mut stmt = conn.prepare(&sql).db()?;
    let rows: Vec<Row> = stmt
        .query_map([year], Row::read)
        .db()?
        .collect::<Result<_, _>>()
        .db()?;
    rows.into_iter().map(Row::record).collect()
}

pub(super) fn find(
    conn: &Connection,
    code: VerificationCode,
) -> Result<Option<CertificateRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM award_certificates WHERE code = ?1");
    let row = conn
        .query_row(&sql, [code.to_string()], Row::read)
        .optional()
        .db()?;
    row.map(Row::record).transpose()
}

fn stored(conn: &Connection, code: VerificationCode) -> Result<CertificateRecord, StoreError> {
    find(conn, code)?.ok_or_else(|| StoreError::Corrupt(format!("certificate {code} not stored")))
}

pub(super) fn insert(
    conn: &Connection,
    round: Round,
    entry: EntryId,
    c: &Certificate,
    actor: &Actor,
) -> Result<CertificateRecord, StoreError> {
    conn.execute(
        "INSERT INTO award_certificates (code, year, round, entry, place, certificate, issued_at, issued_by, issued_by_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            c.code.to_string(),
            c.year,
            round.code(),
            entry.0,
            c.place.rank(),
            to_json(c)?,
            now_millis(),
            actor.name,
            actor.user_id
        ],
    ).db()?;
    stored(conn, c.code)
}

pub(super) fn withdraw(
    conn: &Connection,
    code: VerificationCode,
    reason: &str,
    actor: &Actor,
) -> Result<CertificateRecord, StoreError> {
    conn.execute(
        "UPDATE award_certificates SET withdrawn_at = ?2, withdrawn_by = ?3, withdrawn_by_id = ?4, \
         withdrawal_reason = ?5 WHERE code = ?1",
        params![
            code.to_string(),
            now_millis(),
            actor.name,
            actor.user_id,
            reason
        ],
    )
    .db()?;
    stored(conn, code)
}
