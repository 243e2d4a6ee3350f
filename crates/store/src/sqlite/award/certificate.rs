//! SQL of the award's certificates (piagam): the winners of a closed round, issuing their
//! certificates with fresh codes, looking them up and withdrawing them. Each change runs in one
//! immediate transaction with its audit entries; a withdrawal's reason enters the trail only as
//! its SHA-256. The table's triggers keep an issued certificate as printed.

use super::{
    audit, closed_rankings, decisions, entry_object, from_json, need_cycle, need_entry,
    nominations, round_status, sha256, to_json, write_tx,
};
use crate::StoreError;
use crate::audit::Actor;
use crate::award::AwardError;
use crate::award::certificate::{
    AwardWinner, CertificateIssue, CertificateRecord, IssueReport, RoundWinners, Withdrawal,
};
use crate::sqlite::audit::now_millis;
use paritrana_core::award::certificate::{Award, AwardLevel, Certificate, Place};
use paritrana_core::award::ids::EntryId;
use paritrana_core::award::panel::Round;
use paritrana_core::award::verification::{RANDOM_BYTES, VerificationCode};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// How often a code is drawn again when the one drawn is taken. With 40 random bits a single
/// collision is already improbable; several in a row mean the random source is broken.
const MAX_DRAWS: u32 = 8;

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

fn select(
    conn: &Connection,
    filter: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<CertificateRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM award_certificates WHERE {filter} ORDER BY rowid");
    let mut stmt = conn.prepare(&sql)?;
    let rows: Vec<Row> = stmt.query_map(args, Row::read)?.collect::<Result<_, _>>()?;
    rows.into_iter().map(Row::record).collect()
}

pub(in crate::sqlite) fn list(
    conn: &Connection,
    year: u16,
) -> Result<Vec<CertificateRecord>, StoreError> {
    select(conn, "year = ?1", [year])
}

pub(in crate::sqlite) fn find(
    conn: &Connection,
    code: VerificationCode,
) -> Result<Option<CertificateRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM award_certificates WHERE code = ?1");
    let row = conn
        .query_row(&sql, [code.to_string()], Row::read)
        .optional()?;
    row.map(Row::record).transpose()
}

pub(in crate::sqlite) fn winners(
    conn: &Connection,
    year: u16,
    round: Round,
) -> Result<RoundWinners, AwardError> {
    need_cycle(conn, year)?;
    if !round_status(conn, year, round)?.is_closed() {
        return Err(AwardError::RoundNotClosed(round));
    }
    match round {
        Round::Provincial => Ok(RoundWinners {
            winners: nominations(conn, year)?
                .into_iter()
                .filter_map(|n| {
                    Some(AwardWinner {
                        place: Place::from_rank(n.place)?,
                        entry: n.entry,
                        category: n.category,
                        province: Some(n.province),
                    })
                })
                .collect(),
            undecided: Vec::new(),
        }),
        Round::National => {
            let decided = decisions(conn, year)?;
            let mut winners = Vec::new();
            for d in &decided {
                for (rank, entry) in (1..).zip(&d.winners) {
                    if let Some(place) = Place::from_rank(rank) {
                        winners.push(AwardWinner {
                            entry: *entry,
                            category: d.category.clone(),
                            province: None,
                            place,
                        });
                    }
                }
            }
            let mut undecided = Vec::new();
            for g in closed_rankings(conn, year, round)?.unwrap_or_default() {
                let decided = decided.iter().any(|d| d.category == g.category);
                if !g.ranked.is_empty() && !decided && !undecided.contains(&g.category) {
                    undecided.push(g.category);
                }
            }
            Ok(RoundWinners { winners, undecided })
        }
    }
}

/// A code of `year` not yet in use.
fn fresh_code(
    conn: &Connection,
    year: u16,
    draw: &mut dyn FnMut() -> [u8; RANDOM_BYTES],
) -> Result<VerificationCode, AwardError> {
    for _ in 0..MAX_DRAWS {
        let code = VerificationCode::new(year, draw());
        let taken: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM award_certificates WHERE code = ?1)",
            [code.to_string()],
            |r| r.get(0),
        )?;
        if !taken {
            return Ok(code);
        }
    }
    Err(AwardError::NoFreeCode(MAX_DRAWS))
}

pub(in crate::sqlite) fn issue(
    conn: &mut Connection,
    request: &CertificateIssue<'_>,
    draw: &mut dyn FnMut() -> [u8; RANDOM_BYTES],
    actor: &Actor,
) -> Result<IssueReport, AwardError> {
    let (year, round) = (request.year, request.round);
    let tx = write_tx(conn)?;
    let cycle = need_cycle(&tx, year)?.cycle;
    let status = round_status(&tx, year, round)?;
    if !status.is_closed() {
        return Err(AwardError::RoundNotClosed(round));
    }
    if !status.is_published() {
        return Err(AwardError::RoundNotPublished(round));
    }
    let RoundWinners { winners, undecided } = winners(&tx, year, round)?;
    let in_force = select(
        &tx,
        "year = ?1 AND round = ?2 AND withdrawn_at IS NULL",
        params![year, round.code()],
    )?;
    let mut report = IssueReport {
        undecided,
        stale: in_force
            .iter()
            .filter(|c| {
                !winners
                    .iter()
                    .any(|w| w.entry == c.entry && w.place == c.certificate.place)
            })
            .cloned()
            .collect(),
        ..IssueReport::default()
    };
    for w in &winners {
        if let Some(held) = in_force.iter().find(|c| c.entry == w.entry) {
            if held.certificate.place == w.place {
                report.kept.push(held.clone());
            }
            continue;
        }
        let entry = need_entry(&tx, year, w.entry)?.entry;
        let level = match w.province {
            Some(p) => AwardLevel::Provincial {
                province: (request.province_name)(p),
            },
            None => AwardLevel::National,
        };
        let award = Award {
            cycle: &cycle,
            entry: &entry,
            place: w.place,
            level,
        };
        let code = fresh_code(&tx, year, draw)?;
        // `for_entry` runs `Certificate::check`: nothing incomplete is stored.
        let certificate = Certificate::for_entry(
            award,
            request.city,
            request.signatories.to_vec(),
            code,
            request.base_url,
        )?;
        let text = to_json(&certificate)?;
        tx.execute(
            "INSERT INTO award_certificates (code, year, round, entry, place, certificate, issued_at, issued_by, issued_by_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                code.to_string(),
                year,
                round.code(),
                w.entry.0,
                w.place.rank(),
                text,
                now_millis(),
                actor.name,
                actor.user_id
            ],
        )?;
        audit(
            &tx,
            actor,
            "award.certificate.issue",
            entry_object(year, w.entry),
            Some(entry.region),
            json!({
                "round": round,
                "code": code,
                "category": w.category,
                "place": w.place,
                "certificate_sha256": sha256(&text),
            }),
        )?;
        let stored = find(&tx, code)?
            .ok_or_else(|| StoreError::Corrupt(format!("certificate {code} not stored")))?;
        report.issued.push(stored);
    }
    tx.commit()?;
    Ok(report)
}

pub(in crate::sqlite) fn withdraw(
    conn: &mut Connection,
    code: VerificationCode,
    reason: &str,
    actor: &Actor,
) -> Result<CertificateRecord, AwardError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AwardError::NoReason);
    }
    let tx = write_tx(conn)?;
    let rec = find(&tx, code)?.ok_or(AwardError::NoCertificate(code))?;
    if let Some(w) = &rec.withdrawn {
        return Err(AwardError::CertificateWithdrawn {
            code,
            date: w.at.get(..10).unwrap_or(&w.at).to_string(),
        });
    }
    let year = rec.certificate.year;
    let region = need_entry(&tx, year, rec.entry)?.entry.region;
    tx.execute(
        "UPDATE award_certificates SET withdrawn_at = ?2, withdrawn_by = ?3, withdrawn_by_id = ?4, \
         withdrawal_reason = ?5 WHERE code = ?1",
        params![
            code.to_string(),
            now_millis(),
            actor.name,
            actor.user_id,
            reason
        ],
    )?;
    audit(
        &tx,
        actor,
        "award.certificate.withdraw",
        entry_object(year, rec.entry),
        Some(region),
        json!({"round": rec.round, "code": code, "reason_sha256": sha256(reason)}),
    )?;
    let rec = find(&tx, code)?
        .ok_or_else(|| StoreError::Corrupt(format!("certificate {code} vanished")))?;
    tx.commit()?;
    Ok(rec)
}
