//! SQL of the award. Each change runs in one immediate transaction: load what the core rule
//! needs, ask it, write, append the audit entry, commit. People are named by account id in the
//! trail; free texts (reasons, comments) enter it only as their SHA-256.

pub(super) mod certificate;

use super::audit::{append, hex, now_millis};
use crate::StoreError;
use crate::audit::{Actor, AuditEntry};
use crate::award::{
    AwardError, CycleRecord, EntryRecord, EvidenceRecord, NewEntry, NewEvidence, NewMember,
    RoundStatus, ScoreChange, valid_sha256,
};
use chrono::NaiveDate;
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::assignment::{Assignment, assign};
use paritrana_core::award::computed::{Figure, Metric};
use paritrana_core::award::cycle::{Cycle, Phase};
use paritrana_core::award::decision::{FinalDecision, Winner, decide};
use paritrana_core::award::entry::{Entry, EntryState, may_change};
use paritrana_core::award::framework::{Framework, FrameworkSpec, Stage};
use paritrana_core::award::ids::{
    AssessorId, CategoryCode, CompanyId, EntryId, IndicatorCode, PanelId,
};
use paritrana_core::award::nomination::{Nomination, NominationOverride, nominate};
use paritrana_core::award::panel::{
    Declaration, Expertise, Institution, Member, Panel, PanelLevel, Round,
};
use paritrana_core::award::points::Points;
use paritrana_core::award::ranking::ChairOrder;
use paritrana_core::award::reproduce::RoundExport;
use paritrana_core::award::round::{GroupRanking, RoundInput, rank_round};
use paritrana_core::award::score::{Score, accept};
use paritrana_core::region::RegionCode;
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use sha2::{Digest, Sha256};

fn bad(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored {what} `{value}` is not valid").into(),
    )
}

fn to_json<T: Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::backend(format!("cannot serialise: {e}")))
}

fn from_json<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("stored {what}: {e}")))
}

fn sha256(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn object(year: u16, what: &str) -> String {
    if what.is_empty() {
        format!("award:{year}")
    } else {
        format!("award:{year}:{what}")
    }
}

fn audit(
    conn: &Connection,
    actor: &Actor,
    action: &str,
    object: String,
    region: Option<RegionCode>,
    detail: serde_json::Value,
) -> rusqlite::Result<i64> {
    let mut e = AuditEntry::new(action).object(object).detail(detail);
    e.region = region.map(|r| r.to_string());
    append(conn, actor, &e)
}

fn write_tx(conn: &mut Connection) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
}

// ---------------------------------------------------------------------------------------------
// Cycles and frameworks

pub(super) fn cycle(conn: &Connection, year: u16) -> Result<Option<CycleRecord>, StoreError> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT cycle, method FROM award_cycles WHERE year = ?1",
            [year],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(c, m)| {
        Ok(CycleRecord {
            cycle: from_json::<Cycle>(&c, "cycle")?,
            method: from_json::<Aggregation>(&m, "aggregation method")?,
        })
    })
    .transpose()
}

fn need_cycle(conn: &Connection, year: u16) -> Result<CycleRecord, AwardError> {
    cycle(conn, year)?.ok_or(AwardError::NoCycle(year))
}

pub(super) fn years(conn: &Connection) -> Result<Vec<u16>, StoreError> {
    let mut stmt = conn.prepare("SELECT year FROM award_cycles ORDER BY year DESC")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn insert_framework(conn: &Connection, f: &Framework) -> Result<(), StoreError> {
    let now = now_millis();
    conn.execute(
        "INSERT INTO award_frameworks (year, category, version, frozen, framework, created_at, frozen_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            f.year,
            f.category.as_str(),
            f.version(),
            f.is_frozen(),
            to_json(f)?,
            now,
            f.is_frozen().then_some(&now)
        ],
    )?;
    Ok(())
}

pub(super) fn create_cycle(
    conn: &mut Connection,
    c: &Cycle,
    method: Aggregation,
    frameworks: &[Framework],
    actor: &Actor,
) -> Result<(), AwardError> {
    let tx = write_tx(conn)?;
    if cycle(&tx, c.year)?.is_some() {
        return Err(AwardError::CycleExists(c.year));
    }
    let registration_end = c
        .milestone(Phase::Registration)
        .map(|m| m.end.to_string())
        .unwrap_or_default();
    let now = now_millis();
    tx.execute(
        "INSERT INTO award_cycles (year, cycle, cut_off, registration_end, method, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            c.year,
            to_json(c)?,
            c.cut_off.to_string(),
            registration_end,
            to_json(&method)?,
            now
        ],
    )?;
    for f in frameworks {
        if f.year != c.year || c.category(&f.category).is_none() {
            return Err(AwardError::UnknownCategory {
                year: c.year,
                category: f.category.to_string(),
            });
        }
        insert_framework(&tx, f)?;
    }
    let timeline: Vec<_> = c
        .timeline()
        .iter()
        .map(|m| json!({"phase": m.phase, "start": m.start, "end": m.end}))
        .collect();
    audit(
        &tx,
        actor,
        "award.cycle.create",
        object(c.year, ""),
        None,
        json!({
            "cut_off": c.cut_off,
            "timeline": timeline,
            "categories": c.categories.iter().map(|k| k.code.as_str()).collect::<Vec<_>>(),
            "method": method,
            "frameworks": frameworks.iter().map(|f| json!({"category": f.category, "version": f.version()})).collect::<Vec<_>>(),
        }),
    )?;
    tx.commit()?;
    Ok(())
}

/// The current (highest) version of every framework of the cycle.
pub(super) fn frameworks(conn: &Connection, year: u16) -> Result<Vec<Framework>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT framework FROM award_frameworks f WHERE year = ?1 AND version = \
         (SELECT MAX(version) FROM award_frameworks g WHERE g.year = f.year AND g.category = f.category) \
         ORDER BY category",
    )?;
    let texts: Vec<String> = stmt
        .query_map([year], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    texts.iter().map(|t| from_json(t, "framework")).collect()
}

/// The framework scores are given against: the latest frozen version of each category, or the
/// current version when none is frozen yet (intake then refuses with the core's reason).
fn scoring_frameworks(conn: &Connection, year: u16) -> Result<Vec<Framework>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT framework FROM award_frameworks WHERE year = ?1 ORDER BY category, frozen DESC, version DESC",
    )?;
    let texts: Vec<String> = stmt
        .query_map([year], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out: Vec<Framework> = Vec::new();
    for t in &texts {
        let f: Framework = from_json(t, "framework")?;
        if out.last().is_none_or(|l| l.category != f.category) {
            out.push(f);
        }
    }
    Ok(out)
}

fn current_framework(
    conn: &Connection,
    year: u16,
    category: &CategoryCode,
) -> Result<Framework, AwardError> {
    let c = need_cycle(conn, year)?;
    if c.cycle.category(category).is_none() {
        return Err(AwardError::UnknownCategory {
            year,
            category: category.to_string(),
        });
    }
    frameworks(conn, year)?
        .into_iter()
        .find(|f| &f.category == category)
        .ok_or_else(|| AwardError::NoFramework(category.to_string()))
}

pub(super) fn edit_framework(
    conn: &mut Connection,
    year: u16,
    category: &CategoryCode,
    spec: FrameworkSpec,
    actor: &Actor,
) -> Result<Framework, AwardError> {
    let tx = write_tx(conn)?;
    let mut f = current_framework(&tx, year, category)?;
    let before = f.version();
    f.edit(|s| *s = spec)?;
    insert_framework(&tx, &f)?;
    audit(
        &tx,
        actor,
        "award.framework.edit",
        object(year, &format!("framework:{category}")),
        None,
        json!({"version_before": before, "version": f.version(), "spec": f.spec()}),
    )?;
    tx.commit()?;
    Ok(f)
}

pub(super) fn freeze_framework(
    conn: &mut Connection,
    year: u16,
    category: &CategoryCode,
    actor: &Actor,
) -> Result<Framework, AwardError> {
    let tx = write_tx(conn)?;
    let mut f = current_framework(&tx, year, category)?;
    f.freeze().map_err(AwardError::Framework)?;
    tx.execute(
        "UPDATE award_frameworks SET frozen = 1, framework = ?4, frozen_at = COALESCE(frozen_at, ?5) \
         WHERE year = ?1 AND category = ?2 AND version = ?3",
        params![year, category.as_str(), f.version(), to_json(&f)?, now_millis()],
    )?;
    audit(
        &tx,
        actor,
        "award.framework.freeze",
        object(year, &format!("framework:{category}")),
        None,
        json!({"version": f.version()}),
    )?;
    tx.commit()?;
    Ok(f)
}

// ---------------------------------------------------------------------------------------------
// Entries and evidence

const ENTRY_COLUMNS: &str = "id, category, name, region, company, owner_id, statement, state, created_at, updated_at, submitted_at";

fn entry_from_row(year: u16, r: &Row<'_>) -> rusqlite::Result<EntryRecord> {
    let category: String = r.get(1)?;
    let region: String = r.get(3)?;
    let company: Option<String> = r.get(4)?;
    let state: String = r.get(7)?;
    Ok(EntryRecord {
        year,
        entry: Entry {
            id: EntryId(r.get(0)?),
            category: CategoryCode::parse(&category).map_err(|_| bad("category", &category))?,
            name: r.get(2)?,
            region: RegionCode::parse(&region).map_err(|_| bad("region", &region))?,
            company: company
                .map(|c| CompanyId::parse(&c).map_err(|_| bad("company", &c)))
                .transpose()?,
        },
        owner_id: r.get(5)?,
        statement: r.get(6)?,
        state: EntryState::parse(&state).ok_or_else(|| bad("entry state", &state))?,
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
        submitted_at: r.get(10)?,
    })
}

pub(super) fn entries(conn: &Connection, year: u16) -> Result<Vec<EntryRecord>, StoreError> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM award_entries WHERE year = ?1 ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([year], |r| entry_from_row(year, r))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn entry(
    conn: &Connection,
    year: u16,
    id: EntryId,
) -> Result<Option<EntryRecord>, StoreError> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM award_entries WHERE year = ?1 AND id = ?2");
    Ok(conn
        .query_row(&sql, params![year, id.0], |r| entry_from_row(year, r))
        .optional()?)
}

fn need_entry(conn: &Connection, year: u16, id: EntryId) -> Result<EntryRecord, AwardError> {
    entry(conn, year, id)?.ok_or(AwardError::NoEntry(id))
}

fn entry_object(year: u16, id: EntryId) -> String {
    object(year, &format!("entry:{}", id.0))
}

pub(super) fn register_entry(
    conn: &mut Connection,
    year: u16,
    new: &NewEntry,
    today: NaiveDate,
    actor: &Actor,
) -> Result<EntryRecord, AwardError> {
    let tx = write_tx(conn)?;
    let c = need_cycle(&tx, year)?;
    let category = c
        .cycle
        .category(&new.category)
        .ok_or_else(|| AwardError::UnknownCategory {
            year,
            category: new.category.to_string(),
        })?;
    may_change(&c.cycle, EntryState::Draft, today)?;
    let next: u32 = tx.query_row(
        "SELECT COALESCE(MAX(id), 0) + 1 FROM award_entries WHERE year = ?1",
        [year],
        |r| r.get(0),
    )?;
    let e = Entry {
        id: EntryId(next),
        category: new.category.clone(),
        name: new.name.trim().to_string(),
        region: new.region,
        company: new.company.clone(),
    };
    e.check(category)?;
    let now = now_millis();
    tx.execute(
        "INSERT INTO award_entries (year, id, category, name, region, company, owner_id, statement, state, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            year,
            next,
            e.category.as_str(),
            e.name,
            e.region.to_string(),
            e.company.as_ref().map(|c| c.as_str()),
            actor.user_id,
            new.statement,
            EntryState::Draft.code(),
            now
        ],
    )?;
    audit(
        &tx,
        actor,
        "award.entry.register",
        entry_object(year, e.id),
        Some(e.region),
        json!({"category": e.category, "company": e.company, "owner": actor.user_id}),
    )?;
    let rec = need_entry(&tx, year, e.id)?;
    tx.commit()?;
    Ok(rec)
}

/// Loads a draft that may still change on `today`.
fn changeable_entry(
    conn: &Connection,
    year: u16,
    id: EntryId,
    today: NaiveDate,
) -> Result<EntryRecord, AwardError> {
    let c = need_cycle(conn, year)?;
    let rec = need_entry(conn, year, id)?;
    may_change(&c.cycle, rec.state, today)?;
    Ok(rec)
}

pub(super) fn update_statement(
    conn: &mut Connection,
    year: u16,
    id: EntryId,
    statement: &str,
    today: NaiveDate,
    actor: &Actor,
) -> Result<EntryRecord, AwardError> {
    let tx = write_tx(conn)?;
    let rec = changeable_entry(&tx, year, id, today)?;
    tx.execute(
        "UPDATE award_entries SET statement = ?3, updated_at = ?4 WHERE year = ?1 AND id = ?2",
        params![year, id.0, statement, now_millis()],
    )?;
    audit(
        &tx,
        actor,
        "award.entry.statement",
        entry_object(year, id),
        Some(rec.entry.region),
        json!({"chars_before": rec.statement.chars().count(), "chars": statement.chars().count(), "sha256": sha256(statement)}),
    )?;
    let rec = need_entry(&tx, year, id)?;
    tx.commit()?;
    Ok(rec)
}

pub(super) fn submit_entry(
    conn: &mut Connection,
    year: u16,
    id: EntryId,
    today: NaiveDate,
    actor: &Actor,
) -> Result<EntryRecord, AwardError> {
    let tx = write_tx(conn)?;
    let rec = changeable_entry(&tx, year, id, today)?;
    let now = now_millis();
    tx.execute(
        "UPDATE award_entries SET state = ?3, submitted_at = ?4, updated_at = ?4 WHERE year = ?1 AND id = ?2",
        params![year, id.0, EntryState::Submitted.code(), now],
    )?;
    audit(
        &tx,
        actor,
        "award.entry.submit",
        entry_object(year, id),
        Some(rec.entry.region),
        json!({"statement_sha256": sha256(&rec.statement)}),
    )?;
    let rec = need_entry(&tx, year, id)?;
    tx.commit()?;
    Ok(rec)
}

fn evidence_from_row(r: &Row<'_>) -> rusqlite::Result<EvidenceRecord> {
    let indicator: String = r.get(2)?;
    Ok(EvidenceRecord {
        id: r.get(0)?,
        entry: EntryId(r.get(1)?),
        indicator: IndicatorCode::parse(&indicator).map_err(|_| bad("indicator", &indicator))?,
        sha256: r.get(3)?,
        file_name: r.get(4)?,
        media_type: r.get(5)?,
        size: r.get::<_, i64>(6)? as u64,
        uploaded_by: r.get(7)?,
        uploaded_at: r.get(8)?,
    })
}

const EVIDENCE_COLUMNS: &str =
    "id, entry, indicator, sha256, file_name, media_type, size, uploaded_by, uploaded_at";

pub(super) fn add_evidence(
    conn: &mut Connection,
    year: u16,
    id: EntryId,
    ev: &NewEvidence,
    today: NaiveDate,
    actor: &Actor,
) -> Result<EvidenceRecord, AwardError> {
    if !valid_sha256(&ev.sha256) {
        return Err(AwardError::BadSha256(ev.sha256.clone()));
    }
    let tx = write_tx(conn)?;
    let rec = changeable_entry(&tx, year, id, today)?;
    tx.execute(
        "INSERT INTO award_evidence (year, entry, indicator, sha256, file_name, media_type, size, uploaded_by, uploaded_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            year,
            id.0,
            ev.indicator.as_str(),
            ev.sha256,
            ev.file_name,
            ev.media_type,
            ev.size as i64,
            actor.user_id,
            now_millis()
        ],
    )?;
    let evidence_id = tx.last_insert_rowid();
    // The original file name may name people: only the hash goes to the trail.
    audit(
        &tx,
        actor,
        "award.evidence.add",
        entry_object(year, id),
        Some(rec.entry.region),
        json!({"evidence": evidence_id, "indicator": ev.indicator, "sha256": ev.sha256, "size": ev.size, "media_type": ev.media_type}),
    )?;
    let sql = format!("SELECT {EVIDENCE_COLUMNS} FROM award_evidence WHERE id = ?1");
    let out = tx.query_row(&sql, [evidence_id], evidence_from_row)?;
    tx.commit()?;
    Ok(out)
}

pub(super) fn evidence(
    conn: &Connection,
    year: u16,
    id: EntryId,
) -> Result<Vec<EvidenceRecord>, StoreError> {
    let sql = format!(
        "SELECT {EVIDENCE_COLUMNS} FROM award_evidence WHERE year = ?1 AND entry = ?2 ORDER BY id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![year, id.0], evidence_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---------------------------------------------------------------------------------------------
// Panels, conflicts, assignments

fn level_columns(level: PanelLevel) -> (&'static str, String) {
    match level {
        PanelLevel::Provincial(p) => ("provincial", p.to_string()),
        PanelLevel::National => ("national", String::new()),
    }
}

pub(super) fn panels(conn: &Connection, year: u16) -> Result<Vec<Panel>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT id, level, province FROM award_panels WHERE year = ?1 ORDER BY id")?;
    let heads: Vec<(u32, String, String)> = stmt
        .query_map([year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut members_stmt = conn.prepare(
        "SELECT m.account_id, COALESCE(u.full_name, ''), m.institution, m.expertise, m.home_region, m.company, m.chair \
         FROM award_panel_members m LEFT JOIN users u ON u.id = m.account_id \
         WHERE m.panel_id = ?1 ORDER BY m.chair DESC, m.account_id",
    )?;
    let mut declared_stmt = conn.prepare(
        "SELECT entry, reason FROM award_conflicts WHERE panel_id = ?1 AND account_id = ?2 ORDER BY entry",
    )?;
    let mut out = Vec::with_capacity(heads.len());
    for (id, level, province) in heads {
        let level = match level.as_str() {
            "national" => PanelLevel::National,
            _ => PanelLevel::Provincial(
                RegionCode::parse(&province).map_err(|_| bad("panel province", &province))?,
            ),
        };
        let rows = members_stmt.query_map([id], |r| {
            let institution: String = r.get(2)?;
            let expertise: Option<String> = r.get(3)?;
            let home: Option<String> = r.get(4)?;
            let company: Option<String> = r.get(5)?;
            Ok(Member {
                assessor: AssessorId(r.get(0)?),
                name: r.get(1)?,
                institution: Institution::parse(&institution)
                    .ok_or_else(|| bad("institution", &institution))?,
                expertise: expertise
                    .map(|e| Expertise::parse(&e).ok_or_else(|| bad("expertise", &e)))
                    .transpose()?,
                home_region: home
                    .map(|h| RegionCode::parse(&h).map_err(|_| bad("home region", &h)))
                    .transpose()?,
                company: company
                    .map(|c| CompanyId::parse(&c).map_err(|_| bad("company", &c)))
                    .transpose()?,
                chair: r.get(6)?,
                declared: Vec::new(),
            })
        })?;
        let mut members: Vec<Member> = rows.collect::<Result<_, _>>()?;
        for m in &mut members {
            m.declared = declared_stmt
                .query_map(params![id, m.assessor.0], |r| {
                    Ok(Declaration {
                        entry: EntryId(r.get(0)?),
                        reason: r.get(1)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
        }
        out.push(Panel {
            id: PanelId(id),
            year,
            level,
            members,
        });
    }
    Ok(out)
}

fn need_panel(conn: &Connection, year: u16, id: PanelId) -> Result<Panel, AwardError> {
    panels(conn, year)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AwardError::NoPanel(id))
}

pub(super) fn create_panel(
    conn: &mut Connection,
    year: u16,
    level: PanelLevel,
    new: &[NewMember],
    actor: &Actor,
) -> Result<Panel, AwardError> {
    let tx = write_tx(conn)?;
    need_cycle(&tx, year)?;
    let mut members = Vec::with_capacity(new.len());
    for m in new {
        let name: Option<String> = tx
            .query_row(
                "SELECT full_name FROM users WHERE id = ?1",
                [m.account_id],
                |r| r.get(0),
            )
            .optional()?;
        let name = name.ok_or(AwardError::NoAccount(AssessorId(m.account_id)))?;
        members.push(m.member(name, Vec::new()));
    }
    let mut panel = Panel::new(PanelId(0), year, level, members)?;
    let (level_text, province) = level_columns(level);
    let exists: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM award_panels WHERE year = ?1 AND level = ?2 AND province = ?3)",
        params![year, level_text, province],
        |r| r.get(0),
    )?;
    if exists {
        return Err(AwardError::PanelExists(match level {
            PanelLevel::Provincial(p) => format!("provinsi {p}"),
            PanelLevel::National => "nasional".into(),
        }));
    }
    tx.execute(
        "INSERT INTO award_panels (year, level, province, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![year, level_text, province, now_millis()],
    )?;
    panel.id = PanelId(tx.last_insert_rowid() as u32);
    for m in &panel.members {
        tx.execute(
            "INSERT INTO award_panel_members (panel_id, account_id, institution, expertise, home_region, company, chair) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                panel.id.0,
                m.assessor.0,
                m.institution.code(),
                m.expertise.map(|e| e.code()),
                m.home_region.map(|r| r.to_string()),
                m.company.as_ref().map(|c| c.as_str()),
                m.chair
            ],
        )?;
    }
    let members: Vec<_> = panel
        .members
        .iter()
        .map(|m| json!({"account": m.assessor.0, "institution": m.institution, "chair": m.chair}))
        .collect();
    audit(
        &tx,
        actor,
        "award.panel.create",
        object(year, &format!("panel:{}", panel.id.0)),
        match level {
            PanelLevel::Provincial(p) => Some(p),
            PanelLevel::National => None,
        },
        json!({"level": level, "members": members}),
    )?;
    tx.commit()?;
    Ok(panel)
}

pub(super) fn add_panel_member(
    conn: &mut Connection,
    year: u16,
    panel_id: PanelId,
    new: &NewMember,
    actor: &Actor,
) -> Result<Panel, AwardError> {
    let tx = write_tx(conn)?;
    need_cycle(&tx, year)?;
    let panel = panels(&tx, year)?
        .into_iter()
        .find(|p| p.id == panel_id)
        .ok_or(AwardError::NoPanel(panel_id))?;
    let name: Option<String> = tx
        .query_row(
            "SELECT full_name FROM users WHERE id = ?1",
            [new.account_id],
            |r| r.get(0),
        )
        .optional()?;
    let name = name.ok_or(AwardError::NoAccount(AssessorId(new.account_id)))?;
    let mut members = panel.members.clone();
    members.push(new.member(name, Vec::new()));
    // The same checks as forming the panel: one chair, no member twice.
    let panel = Panel::new(panel.id, year, panel.level, members)?;
    tx.execute(
        "INSERT INTO award_panel_members (panel_id, account_id, institution, expertise, home_region, company, chair) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            panel.id.0,
            new.account_id,
            new.institution.code(),
            new.expertise.map(|e| e.code()),
            new.home_region.map(|r| r.to_string()),
            new.company.as_ref().map(|c| c.as_str()),
            new.chair
        ],
    )?;
    audit(
        &tx,
        actor,
        "award.panel.member.add",
        object(year, &format!("panel:{}", panel.id.0)),
        match panel.level {
            PanelLevel::Provincial(p) => Some(p),
            PanelLevel::National => None,
        },
        json!({"account": new.account_id, "institution": new.institution, "chair": new.chair}),
    )?;
    tx.commit()?;
    Ok(panel)
}

pub(super) fn declare_conflict(
    conn: &mut Connection,
    year: u16,
    panel_id: PanelId,
    assessor: AssessorId,
    id: EntryId,
    reason: &str,
    actor: &Actor,
) -> Result<(), AwardError> {
    if reason.trim().is_empty() {
        return Err(AwardError::NoReason);
    }
    let tx = write_tx(conn)?;
    let panel = need_panel(&tx, year, panel_id)?;
    if panel.member(assessor).is_none() {
        return Err(
            paritrana_core::award::assignment::AssignmentError::NotAMember {
                assessor,
                panel: panel_id,
            }
            .into(),
        );
    }
    let rec = need_entry(&tx, year, id)?;
    tx.execute(
        "INSERT OR REPLACE INTO award_conflicts (panel_id, account_id, year, entry, reason, declared_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![panel_id.0, assessor.0, year, id.0, reason.trim(), now_millis()],
    )?;
    // The reason may name people: the trail keeps its hash.
    audit(
        &tx,
        actor,
        "award.conflict.declare",
        entry_object(year, id),
        Some(rec.entry.region),
        json!({"panel": panel_id.0, "assessor": assessor.0, "reason_sha256": sha256(reason.trim())}),
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn assignments(conn: &Connection, year: u16) -> Result<Vec<Assignment>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT panel_id, account_id, entry FROM award_assignments WHERE year = ?1 ORDER BY panel_id, account_id, entry",
    )?;
    let rows = stmt.query_map([year], |r| {
        Ok(Assignment {
            panel: PanelId(r.get(0)?),
            assessor: AssessorId(r.get(1)?),
            entry: EntryId(r.get(2)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn assign_entry(
    conn: &mut Connection,
    year: u16,
    panel_id: PanelId,
    assessor: AssessorId,
    id: EntryId,
    actor: &Actor,
) -> Result<Assignment, AwardError> {
    let tx = write_tx(conn)?;
    let panel = need_panel(&tx, year, panel_id)?;
    let rec = need_entry(&tx, year, id)?;
    if rec.state != EntryState::Submitted {
        return Err(AwardError::NotSubmitted(id));
    }
    let a = assign(&panel, assessor, &rec.entry)?;
    let added = tx.execute(
        "INSERT OR IGNORE INTO award_assignments (panel_id, account_id, year, entry, assigned_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![panel_id.0, assessor.0, year, id.0, now_millis()],
    )?;
    if added > 0 {
        audit(
            &tx,
            actor,
            "award.assignment.create",
            entry_object(year, id),
            Some(rec.entry.region),
            json!({"panel": panel_id.0, "assessor": assessor.0}),
        )?;
    }
    tx.commit()?;
    Ok(a)
}

// ---------------------------------------------------------------------------------------------
// Scores

fn score_from_row(r: &Row<'_>) -> rusqlite::Result<Score> {
    let (round, stage, indicator): (String, String, String) = (r.get(0)?, r.get(3)?, r.get(4)?);
    Ok(Score {
        round: Round::parse(&round).ok_or_else(|| bad("round", &round))?,
        assessor: AssessorId(r.get(1)?),
        entry: EntryId(r.get(2)?),
        stage: Stage::parse(&stage).ok_or_else(|| bad("stage", &stage))?,
        indicator: IndicatorCode::parse(&indicator).map_err(|_| bad("indicator", &indicator))?,
        value: Points::from_milli(r.get(5)?),
        comment: r.get(6)?,
    })
}

pub(super) fn scores(conn: &Connection, year: u16, round: Round) -> Result<Vec<Score>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT round, assessor, entry, stage, indicator, value, comment FROM award_scores \
         WHERE year = ?1 AND round = ?2 ORDER BY entry, stage, assessor, indicator",
    )?;
    let rows = stmt.query_map(params![year, round.code()], score_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Saves a score sheet: every score is checked by `score::accept` and written in one
/// transaction, so a refused score (or a crash) saves none of them. The cycle's panels,
/// assignments and frameworks are read once for the whole sheet. A score saved again unchanged
/// writes nothing; its change is still returned (old = new).
pub(super) fn record_scores(
    conn: &mut Connection,
    year: u16,
    sheet: &[Score],
    actor: &Actor,
) -> Result<Vec<ScoreChange>, AwardError> {
    let tx = write_tx(conn)?;
    need_cycle(&tx, year)?;
    let panels = panels(&tx, year)?;
    let assignments = assignments(&tx, year)?;
    let frameworks = scoring_frameworks(&tx, year)?;
    let mut entries: Vec<EntryRecord> = Vec::new();
    let mut closed: Vec<(Round, bool)> = Vec::new();
    let now = now_millis();
    let mut changes = Vec::with_capacity(sheet.len());
    for s in sheet {
        let is_closed = match closed.iter().find(|(r, _)| *r == s.round) {
            Some((_, c)) => *c,
            None => {
                let c = round_status(&tx, year, s.round)?.is_closed();
                closed.push((s.round, c));
                c
            }
        };
        if is_closed {
            return Err(AwardError::RoundClosed(s.round));
        }
        if !entries.iter().any(|r| r.entry.id == s.entry) {
            entries.push(need_entry(&tx, year, s.entry)?);
        }
        let rec = entries
            .iter()
            .find(|r| r.entry.id == s.entry)
            .expect("loaded above");
        let of_round = || {
            panels
                .iter()
                .filter(|p| p.round() == s.round && p.member(s.assessor).is_some())
        };
        let panel = of_round()
            .find(|p| {
                assignments
                    .iter()
                    .any(|a| a.panel == p.id && a.assessor == s.assessor && a.entry == s.entry)
            })
            .or_else(|| of_round().next())
            .ok_or(paritrana_core::award::score::ScoreError::NotAssigned {
                assessor: s.assessor,
                entry: s.entry,
            })?;
        let framework = frameworks
            .iter()
            .find(|f| f.category == rec.entry.category)
            .ok_or_else(|| AwardError::NoFramework(rec.entry.category.to_string()))?;
        accept(s, panel, &assignments, &rec.entry, framework)?;
        changes.push(write_score(&tx, year, s, rec.entry.region, actor, &now)?);
    }
    tx.commit()?;
    Ok(changes)
}

/// Writes one accepted score, its history row and its audit entry (unless unchanged).
fn write_score(
    tx: &Connection,
    year: u16,
    s: &Score,
    region: RegionCode,
    actor: &Actor,
    now: &str,
) -> Result<ScoreChange, AwardError> {
    let key = params![
        year,
        s.round.code(),
        s.assessor.0,
        s.entry.0,
        s.stage.code(),
        s.indicator.as_str()
    ];
    let old: Option<(i64, String)> = tx
        .query_row(
            "SELECT value, comment FROM award_scores WHERE year = ?1 AND round = ?2 AND assessor = ?3 \
             AND entry = ?4 AND stage = ?5 AND indicator = ?6",
            key,
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let change = ScoreChange {
        round: s.round,
        assessor: s.assessor,
        entry: s.entry,
        stage: s.stage,
        indicator: s.indicator.clone(),
        old_value: old.as_ref().map(|(v, _)| Points::from_milli(*v)),
        new_value: s.value,
        old_comment: old.as_ref().map(|(_, c)| c.clone()),
        comment: s.comment.clone(),
        changed_by: actor.name.clone(),
        changed_at: now.to_string(),
    };
    if old.as_ref() == Some(&(s.value.milli(), s.comment.clone())) {
        // Saved again unchanged: nothing to record.
        return Ok(change);
    }
    tx.execute(
        "INSERT INTO award_scores (year, round, assessor, entry, stage, indicator, value, comment, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
         ON CONFLICT (year, round, assessor, entry, stage, indicator) \
         DO UPDATE SET value = excluded.value, comment = excluded.comment, updated_at = excluded.updated_at",
        params![
            year,
            s.round.code(),
            s.assessor.0,
            s.entry.0,
            s.stage.code(),
            s.indicator.as_str(),
            s.value.milli(),
            s.comment,
            now
        ],
    )?;
    tx.execute(
        "INSERT INTO award_score_history (year, round, assessor, entry, stage, indicator, old_value, new_value, \
         old_comment, comment, changed_by, changed_id, changed_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            year,
            s.round.code(),
            s.assessor.0,
            s.entry.0,
            s.stage.code(),
            s.indicator.as_str(),
            old.as_ref().map(|(v, _)| *v),
            s.value.milli(),
            old.as_ref().map(|(_, c)| c.as_str()),
            s.comment,
            actor.name,
            actor.user_id,
            now
        ],
    )?;
    // Comments may name people: the trail keeps their hash.
    audit(
        tx,
        actor,
        "award.score.set",
        entry_object(year, s.entry),
        Some(region),
        json!({
            "round": s.round,
            "assessor": s.assessor.0,
            "stage": s.stage,
            "indicator": s.indicator,
            "before": change.old_value.map(|v| v.to_string()),
            "after": s.value.to_string(),
            "comment_sha256": sha256(&s.comment),
        }),
    )?;
    Ok(change)
}

pub(super) fn score_history(
    conn: &Connection,
    year: u16,
    id: EntryId,
) -> Result<Vec<ScoreChange>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT round, assessor, entry, stage, indicator, old_value, new_value, old_comment, comment, changed_by, changed_at \
         FROM award_score_history WHERE year = ?1 AND entry = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![year, id.0], |r| {
        let (round, stage, indicator): (String, String, String) = (r.get(0)?, r.get(3)?, r.get(4)?);
        Ok(ScoreChange {
            round: Round::parse(&round).ok_or_else(|| bad("round", &round))?,
            assessor: AssessorId(r.get(1)?),
            entry: EntryId(r.get(2)?),
            stage: Stage::parse(&stage).ok_or_else(|| bad("stage", &stage))?,
            indicator: IndicatorCode::parse(&indicator)
                .map_err(|_| bad("indicator", &indicator))?,
            old_value: r.get::<_, Option<i64>>(5)?.map(Points::from_milli),
            new_value: Points::from_milli(r.get(6)?),
            old_comment: r.get(7)?,
            comment: r.get(8)?,
            changed_by: r.get(9)?,
            changed_at: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn set_figures(
    conn: &mut Connection,
    year: u16,
    figures: &[Figure],
    actor: &Actor,
) -> Result<(), AwardError> {
    let tx = write_tx(conn)?;
    need_cycle(&tx, year)?;
    // The provincial round's rankings (and the exports that re-check them) rest on the figures:
    // once it is closed they stay as they were.
    if round_status(&tx, year, Round::Provincial)?.is_closed() {
        return Err(AwardError::RoundClosed(Round::Provincial));
    }
    for f in figures {
        need_entry(&tx, year, f.entry)?;
        tx.execute(
            "INSERT OR REPLACE INTO award_figures (year, entry, metric, value, as_of) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![year, f.entry.0, f.metric.code(), f.value, f.as_of.to_string()],
        )?;
    }
    audit(
        &tx,
        actor,
        "award.figures.set",
        object(year, ""),
        None,
        json!({"figures": figures}),
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn figures(conn: &Connection, year: u16) -> Result<Vec<Figure>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT entry, metric, value, as_of FROM award_figures WHERE year = ?1 ORDER BY entry, metric",
    )?;
    let rows = stmt.query_map([year], |r| {
        let (metric, as_of): (String, String) = (r.get(1)?, r.get(3)?);
        Ok(Figure {
            entry: EntryId(r.get(0)?),
            metric: Metric::parse(&metric).ok_or_else(|| bad("metric", &metric))?,
            value: r.get(2)?,
            as_of: as_of.parse().map_err(|_| bad("date", &as_of))?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---------------------------------------------------------------------------------------------
// Chair's orders, nominations, decisions

pub(super) fn set_chair_order(
    conn: &mut Connection,
    year: u16,
    round: Round,
    order: &ChairOrder,
    actor: &Actor,
) -> Result<(), AwardError> {
    if order.reason.trim().is_empty() {
        return Err(AwardError::NoReason);
    }
    let tx = write_tx(conn)?;
    if round_status(&tx, year, round)?.is_closed() {
        return Err(AwardError::RoundClosed(round));
    }
    let level = match (round, order.province) {
        (Round::Provincial, Some(p)) => PanelLevel::Provincial(p),
        _ => PanelLevel::National,
    };
    let is_chair = panels(&tx, year)?
        .iter()
        .any(|p| p.level == level && p.chair().map(|c| c.assessor) == Some(order.chair));
    if !is_chair {
        return Err(AwardError::NotChair(order.chair));
    }
    let province = order.province.map(|p| p.to_string()).unwrap_or_default();
    let entries: Vec<u32> = order.order.iter().map(|e| e.0).collect();
    tx.execute(
        "INSERT OR REPLACE INTO award_chair_orders (year, round, category, province, chair, entries, reason, set_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            year,
            round.code(),
            order.category.as_str(),
            province,
            order.chair.0,
            to_json(&entries)?,
            order.reason.trim(),
            now_millis()
        ],
    )?;
    audit(
        &tx,
        actor,
        "award.chair_order.set",
        object(year, ""),
        order.province,
        json!({"round": round, "category": order.category, "chair": order.chair.0, "order": entries, "reason_sha256": sha256(order.reason.trim())}),
    )?;
    tx.commit()?;
    Ok(())
}

fn chair_orders(conn: &Connection, year: u16, round: Round) -> Result<Vec<ChairOrder>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT category, province, chair, entries, reason FROM award_chair_orders \
         WHERE year = ?1 AND round = ?2 ORDER BY category, province",
    )?;
    let rows: Vec<(String, String, i64, String, String)> = stmt
        .query_map(params![year, round.code()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(category, province, chair, entries, reason)| {
            let order: Vec<u32> = from_json(&entries, "chair's order")?;
            Ok(ChairOrder {
                category: CategoryCode::parse(&category)
                    .map_err(|_| StoreError::Corrupt(format!("category {category}")))?,
                province: if province.is_empty() {
                    None
                } else {
                    Some(
                        RegionCode::parse(&province)
                            .map_err(|_| StoreError::Corrupt(format!("province {province}")))?,
                    )
                },
                chair: AssessorId(chair),
                order: order.into_iter().map(EntryId).collect(),
                reason,
            })
        })
        .collect()
}

fn overrides(conn: &Connection, year: u16) -> Result<Vec<NominationOverride>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT category, province, remove, add_entry, by, reason FROM award_nomination_overrides \
         WHERE year = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([year], |r| {
        let (category, province): (String, String) = (r.get(0)?, r.get(1)?);
        Ok(NominationOverride {
            category: CategoryCode::parse(&category).map_err(|_| bad("category", &category))?,
            province: RegionCode::parse(&province).map_err(|_| bad("province", &province))?,
            remove: EntryId(r.get(2)?),
            add: EntryId(r.get(3)?),
            by: AssessorId(r.get(4)?),
            reason: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The provincial rankings: as kept when the round closed, or as they stand.
fn provincial_rankings(conn: &Connection, year: u16) -> Result<Vec<GroupRanking>, AwardError> {
    match closed_rankings(conn, year, Round::Provincial)? {
        Some(r) => Ok(r),
        None => rankings(conn, year, Round::Provincial),
    }
}

pub(super) fn nominations(conn: &Connection, year: u16) -> Result<Vec<Nomination>, AwardError> {
    Ok(nominate(
        &provincial_rankings(conn, year)?,
        &overrides(conn, year)?,
    )?)
}

pub(super) fn add_override(
    conn: &mut Connection,
    year: u16,
    change: &NominationOverride,
    actor: &Actor,
) -> Result<Vec<Nomination>, AwardError> {
    let tx = write_tx(conn)?;
    need_cycle(&tx, year)?;
    if round_status(&tx, year, Round::National)?.is_closed() {
        return Err(AwardError::RoundClosed(Round::National));
    }
    let rankings = provincial_rankings(&tx, year)?;
    let mut all = overrides(&tx, year)?;
    all.push(change.clone());
    let out = nominate(&rankings, &all)?;
    tx.execute(
        "INSERT INTO award_nomination_overrides (year, category, province, remove, add_entry, by, reason, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            year,
            change.category.as_str(),
            change.province.to_string(),
            change.remove.0,
            change.add.0,
            change.by.0,
            change.reason.trim(),
            now_millis()
        ],
    )?;
    audit(
        &tx,
        actor,
        "award.nomination.override",
        object(year, ""),
        Some(change.province),
        json!({"category": change.category, "remove": change.remove.0, "add": change.add.0, "by": change.by.0, "reason_sha256": sha256(change.reason.trim())}),
    )?;
    tx.commit()?;
    Ok(out)
}

pub(super) fn record_decision(
    conn: &mut Connection,
    year: u16,
    d: &FinalDecision,
    actor: &Actor,
) -> Result<Vec<Winner>, AwardError> {
    let tx = write_tx(conn)?;
    need_cycle(&tx, year)?;
    // Published winners are final (certificates may have been issued to them).
    if round_status(&tx, year, Round::National)?.is_published() {
        return Err(AwardError::WinnersPublished);
    }
    let panel = panels(&tx, year)?
        .into_iter()
        .find(|p| p.level == PanelLevel::National)
        .ok_or(AwardError::NoNationalPanel)?;
    let national = closed_rankings(&tx, year, Round::National)?
        .ok_or(AwardError::RoundNotClosed(Round::National))?;
    let ranking = national
        .iter()
        .find(|g| g.category == d.category)
        .ok_or_else(|| AwardError::UnknownCategory {
            year,
            category: d.category.to_string(),
        })?;
    let winners = decide(&panel, ranking, d)?;
    let ids: Vec<u32> = d.winners.iter().map(|e| e.0).collect();
    tx.execute(
        "INSERT OR REPLACE INTO award_decisions (year, category, chair, winners, reason, decided_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            year,
            d.category.as_str(),
            d.chair.0,
            to_json(&ids)?,
            d.reason.trim(),
            now_millis()
        ],
    )?;
    audit(
        &tx,
        actor,
        "award.decision",
        object(year, ""),
        None,
        json!({"category": d.category, "chair": d.chair.0, "winners": ids, "reason_sha256": sha256(d.reason.trim())}),
    )?;
    tx.commit()?;
    Ok(winners)
}

pub(super) fn decisions(conn: &Connection, year: u16) -> Result<Vec<FinalDecision>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT category, chair, winners, reason FROM award_decisions WHERE year = ?1 ORDER BY category",
    )?;
    let rows: Vec<(String, i64, String, String)> = stmt
        .query_map([year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(category, chair, winners, reason)| {
            let ids: Vec<u32> = from_json(&winners, "winners")?;
            Ok(FinalDecision {
                category: CategoryCode::parse(&category)
                    .map_err(|_| StoreError::Corrupt(format!("category {category}")))?,
                chair: AssessorId(chair),
                winners: ids.into_iter().map(EntryId).collect(),
                reason,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Rounds

/// What a round's rankings depend on, read from the store.
struct Parts {
    method: Aggregation,
    frameworks: Vec<Framework>,
    entries: Vec<Entry>,
    figures: Vec<Figure>,
    scores: Vec<Score>,
    chair_orders: Vec<ChairOrder>,
}

impl Parts {
    fn input(&self, round: Round) -> RoundInput<'_> {
        RoundInput {
            round,
            method: self.method,
            frameworks: &self.frameworks,
            entries: &self.entries,
            figures: &self.figures,
            scores: &self.scores,
            chair_orders: &self.chair_orders,
        }
    }
}

/// The provincial round holds every submitted entry; the national round the nominees.
fn parts(conn: &Connection, year: u16, round: Round) -> Result<Parts, AwardError> {
    let c = need_cycle(conn, year)?;
    let submitted = entries(conn, year)?
        .into_iter()
        .filter(|e| e.state == EntryState::Submitted)
        .map(|e| e.entry);
    let entries: Vec<Entry> = match round {
        Round::Provincial => submitted.collect(),
        Round::National => {
            let nominees: Vec<EntryId> = nominations(conn, year)?
                .into_iter()
                .map(|n| n.entry)
                .collect();
            submitted.filter(|e| nominees.contains(&e.id)).collect()
        }
    };
    let in_round = |id: EntryId| entries.iter().any(|e| e.id == id);
    let frameworks = scoring_frameworks(conn, year)?
        .into_iter()
        .filter(|f| entries.iter().any(|e| e.category == f.category))
        .collect();
    let figures = figures(conn, year)?
        .into_iter()
        .filter(|f| in_round(f.entry))
        .collect();
    let scores = scores(conn, year, round)?
        .into_iter()
        .filter(|s| in_round(s.entry))
        .collect();
    Ok(Parts {
        method: c.method,
        frameworks,
        figures,
        scores,
        chair_orders: chair_orders(conn, year, round)?,
        entries,
    })
}

pub(super) fn rankings(
    conn: &Connection,
    year: u16,
    round: Round,
) -> Result<Vec<GroupRanking>, AwardError> {
    let p = parts(conn, year, round)?;
    Ok(rank_round(&p.input(round))?)
}

pub(super) fn round_status(
    conn: &Connection,
    year: u16,
    round: Round,
) -> Result<RoundStatus, StoreError> {
    Ok(conn
        .query_row(
            "SELECT closed_at, published_at FROM award_rounds WHERE year = ?1 AND round = ?2",
            params![year, round.code()],
            |r| {
                Ok(RoundStatus {
                    closed_at: r.get(0)?,
                    published_at: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

fn closed_rankings(
    conn: &Connection,
    year: u16,
    round: Round,
) -> Result<Option<Vec<GroupRanking>>, StoreError> {
    let text: Option<String> = conn
        .query_row(
            "SELECT rankings FROM award_rounds WHERE year = ?1 AND round = ?2",
            params![year, round.code()],
            |r| r.get(0),
        )
        .optional()?;
    text.map(|t| from_json(&t, "rankings")).transpose()
}

pub(super) fn close_round(
    conn: &mut Connection,
    year: u16,
    round: Round,
    actor: &Actor,
) -> Result<Vec<GroupRanking>, AwardError> {
    let tx = write_tx(conn)?;
    need_cycle(&tx, year)?;
    if round_status(&tx, year, round)?.is_closed() {
        return Err(AwardError::AlreadyClosed(round));
    }
    if round == Round::National && !round_status(&tx, year, Round::Provincial)?.is_closed() {
        return Err(AwardError::RoundNotClosed(Round::Provincial));
    }
    let out = rankings(&tx, year, round)?;
    tx.execute(
        "INSERT INTO award_rounds (year, round, closed_at, rankings) VALUES (?1, ?2, ?3, ?4)",
        params![year, round.code(), now_millis(), to_json(&out)?],
    )?;
    let ranked: usize = out.iter().map(|g| g.ranked.len()).sum();
    let unranked: usize = out.iter().map(|g| g.unranked.len()).sum();
    audit(
        &tx,
        actor,
        "award.round.close",
        object(year, &format!("round:{}", round.code())),
        None,
        json!({"round": round, "groups": out.len(), "ranked": ranked, "unranked": unranked, "rankings_sha256": sha256(&to_json(&out)?)}),
    )?;
    tx.commit()?;
    Ok(out)
}

pub(super) fn publish_round(
    conn: &mut Connection,
    year: u16,
    round: Round,
    actor: &Actor,
) -> Result<(), AwardError> {
    let tx = write_tx(conn)?;
    let status = round_status(&tx, year, round)?;
    if !status.is_closed() {
        return Err(AwardError::RoundNotClosed(round));
    }
    if status.is_published() {
        return Ok(());
    }
    tx.execute(
        "UPDATE award_rounds SET published_at = ?3 WHERE year = ?1 AND round = ?2",
        params![year, round.code(), now_millis()],
    )?;
    audit(
        &tx,
        actor,
        "award.round.publish",
        object(year, &format!("round:{}", round.code())),
        None,
        json!({"round": round}),
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn round_export(
    conn: &Connection,
    year: u16,
    round: Round,
) -> Result<RoundExport, AwardError> {
    let rankings = closed_rankings(conn, year, round)?.ok_or(AwardError::RoundNotClosed(round))?;
    let p = parts(conn, year, round)?;
    Ok(RoundExport {
        year,
        round,
        method: p.method,
        frameworks: p.frameworks,
        entries: p.entries,
        figures: p.figures,
        scores: p.scores,
        chair_orders: p.chair_orders,
        rankings,
    })
}
