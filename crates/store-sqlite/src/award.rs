//! SQL of the award: the [`AwardReads`] and [`AwardUnit`] primitives over a connection inside a
//! transaction, their row mapping, and [`AwardData`]'s transactions for [`SqliteStore`] (reads
//! in one deferred transaction on a reader, changes in one immediate transaction on the
//! writer). No rule is asked here: what to write, and when to refuse, is the service's
//! ([`paritrana_store::award::service`]).

use crate::error::Db;
mod certificate;

use super::SqliteStore;
use super::audit::{append, now_millis};
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::assignment::Assignment;
use paritrana_core::award::certificate::Certificate;
use paritrana_core::award::computed::{Figure, Metric};
use paritrana_core::award::cycle::{Cycle, Phase};
use paritrana_core::award::decision::FinalDecision;
use paritrana_core::award::entry::{Entry, EntryState};
use paritrana_core::award::framework::{Framework, Stage};
use paritrana_core::award::ids::{
    AssessorId, CategoryCode, CompanyId, EntryId, IndicatorCode, PanelId,
};
use paritrana_core::award::nomination::NominationOverride;
use paritrana_core::award::panel::{
    Declaration, Expertise, Institution, Member, Panel, PanelLevel, Round,
};
use paritrana_core::award::points::Points;
use paritrana_core::award::ranking::ChairOrder;
use paritrana_core::award::round::GroupRanking;
use paritrana_core::award::score::Score;
use paritrana_core::award::verification::VerificationCode;
use paritrana_core::region::RegionCode;
use paritrana_store::StoreError;
use paritrana_store::audit::{Actor, AuditEntry};
use paritrana_store::award::certificate::CertificateRecord;
use paritrana_store::award::data::{AwardData, AwardReads, AwardUnit};
use paritrana_store::award::{
    AwardError, CycleRecord, EntryRecord, EvidenceRecord, NewEvidence, RoundStatus, ScoreChange,
};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

impl AwardData for SqliteStore {
    fn award_read<R, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn AwardReads) -> Result<R, E>,
    ) -> Result<R, E> {
        let mut out = None;
        self.with_reader(|c| {
            out = Some(super::consistent(c, |c| f(&mut SqlAward(c))));
            Ok(())
        })?;
        out.unwrap_or_else(|| Err(StoreError::backend("no read happened").into()))
    }

    fn award_unit<R>(
        &self,
        f: impl FnOnce(&mut dyn AwardUnit) -> Result<R, AwardError>,
    ) -> Result<R, AwardError> {
        self.with_writer(|conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .db()?;
            // Dropped without commit on an error: everything written is rolled back.
            let out = f(&mut SqlAward(&tx))?;
            tx.commit().db()?;
            Ok(out)
        })
    }
}

/// The award's primitives over a connection inside a transaction.
struct SqlAward<'c>(&'c Connection);

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

const EVIDENCE_COLUMNS: &str =
    "id, entry, indicator, sha256, file_name, media_type, size, uploaded_by, uploaded_at";

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

fn member_from_row(r: &Row<'_>) -> rusqlite::Result<Member> {
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
}

fn level_columns(level: PanelLevel) -> (&'static str, String) {
    match level {
        PanelLevel::Provincial(p) => ("provincial", p.to_string()),
        PanelLevel::National => ("national", String::new()),
    }
}

fn corrupt_code<T>(
    what: &str,
    value: &str,
    parsed: Result<T, impl Sized>,
) -> Result<T, StoreError> {
    parsed.map_err(|_| StoreError::Corrupt(format!("{what} {value}")))
}

impl AwardReads for SqlAward<'_> {
    fn cycle(&mut self, year: u16) -> Result<Option<CycleRecord>, StoreError> {
        let row: Option<(String, String)> = self
            .0
            .query_row(
                "SELECT cycle, method FROM award_cycles WHERE year = ?1",
                [year],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .db()?;
        row.map(|(c, m)| {
            Ok(CycleRecord {
                cycle: from_json::<Cycle>(&c, "cycle")?,
                method: from_json::<Aggregation>(&m, "aggregation method")?,
            })
        })
        .transpose()
    }

    fn years(&mut self) -> Result<Vec<u16>, StoreError> {
        let mut stmt = self
            .0
            .prepare("SELECT year FROM award_cycles ORDER BY year DESC")
            .db()?;
        let rows = stmt.query_map([], |r| r.get(0)).db()?;
        rows.collect::<Result<_, _>>().db()
    }

    fn frameworks(&mut self, year: u16) -> Result<Vec<Framework>, StoreError> {
        let mut stmt = self.0.prepare(
            "SELECT framework FROM award_frameworks f WHERE year = ?1 AND version = \
             (SELECT MAX(version) FROM award_frameworks g WHERE g.year = f.year AND g.category = f.category) \
             ORDER BY category",
        ).db()?;
        let texts: Vec<String> = stmt
            .query_map([year], |r| r.get(0))
            .db()?
            .collect::<Result<_, _>>()
            .db()?;
        texts.iter().map(|t| from_json(t, "framework")).collect()
    }

    fn scoring_frameworks(&mut self, year: u16) -> Result<Vec<Framework>, StoreError> {
        let mut stmt = self.0.prepare(
            "SELECT framework FROM award_frameworks WHERE year = ?1 ORDER BY category, frozen DESC, version DESC",
        ).db()?;
        let texts: Vec<String> = stmt
            .query_map([year], |r| r.get(0))
            .db()?
            .collect::<Result<_, _>>()
            .db()?;
        let mut out: Vec<Framework> = Vec::new();
        for t in &texts {
            let f: Framework = from_json(t, "framework")?;
            if out.last().is_none_or(|l| l.category != f.category) {
                out.push(f);
            }
        }
        Ok(out)
    }

    fn entries(&mut self, year: u16) -> Result<Vec<EntryRecord>, StoreError> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM award_entries WHERE year = ?1 ORDER BY id");
        let mut stmt = self.0.prepare(&sql).db()?;
        let rows = stmt.query_map([year], |r| entry_from_row(year, r)).db()?;
        rows.collect::<Result<_, _>>().db()
    }

    fn entry(&mut self, year: u16, id: EntryId) -> Result<Option<EntryRecord>, StoreError> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM award_entries WHERE year = ?1 AND id = ?2");
        self.0
            .query_row(&sql, params![year, id.0], |r| entry_from_row(year, r))
            .optional()
            .db()
    }

    fn evidence(&mut self, year: u16, entry: EntryId) -> Result<Vec<EvidenceRecord>, StoreError> {
        let sql = format!(
            "SELECT {EVIDENCE_COLUMNS} FROM award_evidence WHERE year = ?1 AND entry = ?2 ORDER BY id"
        );
        let mut stmt = self.0.prepare(&sql).db()?;
        let rows = stmt
            .query_map(params![year, entry.0], evidence_from_row)
            .db()?;
        rows.collect::<Result<_, _>>().db()
    }

    fn account_name(&mut self, account_id: i64) -> Result<Option<String>, StoreError> {
        self.0
            .query_row(
                "SELECT full_name FROM users WHERE id = ?1",
                [account_id],
                |r| r.get(0),
            )
            .optional()
            .db()
    }

    fn panels(&mut self, year: u16) -> Result<Vec<Panel>, StoreError> {
        let mut stmt = self
            .0
            .prepare("SELECT id, level, province FROM award_panels WHERE year = ?1 ORDER BY id")
            .db()?;
        let heads: Vec<(u32, String, String)> = stmt
            .query_map([year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .db()?
            .collect::<Result<_, _>>()
            .db()?;
        let mut members_stmt = self.0.prepare(
            "SELECT m.account_id, COALESCE(u.full_name, ''), m.institution, m.expertise, m.home_region, m.company, m.chair \
             FROM award_panel_members m LEFT JOIN users u ON u.id = m.account_id \
             WHERE m.panel_id = ?1 ORDER BY m.chair DESC, m.account_id",
        ).db()?;
        let mut declared_stmt = self.0.prepare(
            "SELECT entry, reason FROM award_conflicts WHERE panel_id = ?1 AND account_id = ?2 ORDER BY entry",
        ).db()?;
        let mut out = Vec::with_capacity(heads.len());
        for (id, level, province) in heads {
            let level = match level.as_str() {
                "national" => PanelLevel::National,
                _ => PanelLevel::Provincial(
                    RegionCode::parse(&province)
                        .map_err(|_| bad("panel province", &province))
                        .db()?,
                ),
            };
            let mut members: Vec<Member> = members_stmt
                .query_map([id], member_from_row)
                .db()?
                .collect::<Result<_, _>>()
                .db()?;
            for m in &mut members {
                m.declared = declared_stmt
                    .query_map(params![id, m.assessor.0], |r| {
                        Ok(Declaration {
                            entry: EntryId(r.get(0)?),
                            reason: r.get(1)?,
                        })
                    })
                    .db()?
                    .collect::<Result<_, _>>()
                    .db()?;
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

    fn assignments(&mut self, year: u16) -> Result<Vec<Assignment>, StoreError> {
        let mut stmt = self.0.prepare(
            "SELECT panel_id, account_id, entry FROM award_assignments WHERE year = ?1 ORDER BY panel_id, account_id, entry",
        ).db()?;
        let rows = stmt
            .query_map([year], |r| {
                Ok(Assignment {
                    panel: PanelId(r.get(0)?),
                    assessor: AssessorId(r.get(1)?),
                    entry: EntryId(r.get(2)?),
                })
            })
            .db()?;
        rows.collect::<Result<_, _>>().db()
    }

    fn scores(&mut self, year: u16, round: Round) -> Result<Vec<Score>, StoreError> {
        let mut stmt = self
            .0
            .prepare(
                "SELECT round, assessor, entry, stage, indicator, value, comment FROM award_scores \
             WHERE year = ?1 AND round = ?2 ORDER BY entry, stage, assessor, indicator",
            )
            .db()?;
        let rows = stmt
            .query_map(params![year, round.code()], score_from_row)
            .db()?;
        rows.collect::<Result<_, _>>().db()
    }

    fn stored_score(
        &mut self,
        year: u16,
        s: &Score,
    ) -> Result<Option<(Points, String)>, StoreError> {
        let old: Option<(i64, String)> = self
            .0
            .prepare_cached(
                "SELECT value, comment FROM award_scores WHERE year = ?1 AND round = ?2 AND assessor = ?3 \
                 AND entry = ?4 AND stage = ?5 AND indicator = ?6",
            ).db()?
            .query_row(
                params![
                    year,
                    s.round.code(),
                    s.assessor.0,
                    s.entry.0,
                    s.stage.code(),
                    s.indicator.as_str()
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional().db()?;
        Ok(old.map(|(v, c)| (Points::from_milli(v), c)))
    }

    fn score_history(&mut self, year: u16, id: EntryId) -> Result<Vec<ScoreChange>, StoreError> {
        let mut stmt = self.0.prepare(
            "SELECT round, assessor, entry, stage, indicator, old_value, new_value, old_comment, comment, changed_by, changed_at \
             FROM award_score_history WHERE year = ?1 AND entry = ?2 ORDER BY id",
        ).db()?;
        let rows = stmt
            .query_map(params![year, id.0], |r| {
                let (round, stage, indicator): (String, String, String) =
                    (r.get(0)?, r.get(3)?, r.get(4)?);
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
            })
            .db()?;
        rows.collect::<Result<_, _>>().db()
    }

    fn figures(&mut self, year: u16) -> Result<Vec<Figure>, StoreError> {
        let mut stmt = self.0.prepare(
            "SELECT entry, metric, value, as_of FROM award_figures WHERE year = ?1 ORDER BY entry, metric",
        ).db()?;
        let rows = stmt
            .query_map([year], |r| {
                let (metric, as_of): (String, String) = (r.get(1)?, r.get(3)?);
                Ok(Figure {
                    entry: EntryId(r.get(0)?),
                    metric: Metric::parse(&metric).ok_or_else(|| bad("metric", &metric))?,
                    value: r.get(2)?,
                    as_of: as_of.parse().map_err(|_| bad("date", &as_of))?,
                })
            })
            .db()?;
        rows.collect::<Result<_, _>>().db()
    }

    fn chair_orders(&mut self, year: u16, round: Round) -> Result<Vec<ChairOrder>, StoreError> {
        let mut stmt = self
            .0
            .prepare(
                "SELECT category, province, chair, entries, reason FROM award_chair_orders \
             WHERE year = ?1 AND round = ?2 ORDER BY category, province",
            )
            .db()?;
        let rows: Vec<(String, String, i64, String, String)> = stmt
            .query_map(params![year, round.code()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .db()?
            .collect::<Result<_, _>>()
            .db()?;
        rows.into_iter()
            .map(|(category, province, chair, entries, reason)| {
                let order: Vec<u32> = from_json(&entries, "chair's order")?;
                Ok(ChairOrder {
                    category: corrupt_code("category", &category, CategoryCode::parse(&category))?,
                    province: if province.is_empty() {
                        None
                    } else {
                        Some(corrupt_code(
                            "province",
                            &province,
                            RegionCode::parse(&province),
                        )?)
                    },
                    chair: AssessorId(chair),
                    order: order.into_iter().map(EntryId).collect(),
                    reason,
                })
            })
            .collect()
    }

    fn nomination_overrides(&mut self, year: u16) -> Result<Vec<NominationOverride>, StoreError> {
        let mut stmt = self.0.prepare(
            "SELECT category, province, remove, add_entry, by, reason FROM award_nomination_overrides \
             WHERE year = ?1 ORDER BY id",
        ).db()?;
        let rows = stmt
            .query_map([year], |r| {
                let (category, province): (String, String) = (r.get(0)?, r.get(1)?);
                Ok(NominationOverride {
                    category: CategoryCode::parse(&category)
                        .map_err(|_| bad("category", &category))?,
                    province: RegionCode::parse(&province)
                        .map_err(|_| bad("province", &province))?,
                    remove: EntryId(r.get(2)?),
                    add: EntryId(r.get(3)?),
                    by: AssessorId(r.get(4)?),
                    reason: r.get(5)?,
                })
            })
            .db()?;
        rows.collect::<Result<_, _>>().db()
    }

    fn decisions(&mut self, year: u16) -> Result<Vec<FinalDecision>, StoreError> {
        let mut stmt = self.0.prepare(
            "SELECT category, chair, winners, reason FROM award_decisions WHERE year = ?1 ORDER BY category",
        ).db()?;
        let rows: Vec<(String, i64, String, String)> = stmt
            .query_map([year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .db()?
            .collect::<Result<_, _>>()
            .db()?;
        rows.into_iter()
            .map(|(category, chair, winners, reason)| {
                let ids: Vec<u32> = from_json(&winners, "winners")?;
                Ok(FinalDecision {
                    category: corrupt_code("category", &category, CategoryCode::parse(&category))?,
                    chair: AssessorId(chair),
                    winners: ids.into_iter().map(EntryId).collect(),
                    reason,
                })
            })
            .collect()
    }

    fn round_status(&mut self, year: u16, round: Round) -> Result<RoundStatus, StoreError> {
        Ok(self
            .0
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
            .optional()
            .db()?
            .unwrap_or_default())
    }

    fn closed_rankings(
        &mut self,
        year: u16,
        round: Round,
    ) -> Result<Option<Vec<GroupRanking>>, StoreError> {
        let text: Option<String> = self
            .0
            .query_row(
                "SELECT rankings FROM award_rounds WHERE year = ?1 AND round = ?2",
                params![year, round.code()],
                |r| r.get(0),
            )
            .optional()
            .db()?;
        text.map(|t| from_json(&t, "rankings")).transpose()
    }

    fn certificates(&mut self, year: u16) -> Result<Vec<CertificateRecord>, StoreError> {
        certificate::list(self.0, year)
    }

    fn certificate(
        &mut self,
        code: VerificationCode,
    ) -> Result<Option<CertificateRecord>, StoreError> {
        certificate::find(self.0, code)
    }
}

impl AwardUnit for SqlAward<'_> {
    fn insert_cycle(&mut self, c: &Cycle, method: Aggregation) -> Result<(), StoreError> {
        let registration_end = c
            .milestone(Phase::Registration)
            .map(|m| m.end.to_string())
            .unwrap_or_default();
        self.0.execute(
            "INSERT INTO award_cycles (year, cycle, cut_off, registration_end, method, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                c.year,
                to_json(c)?,
                c.cut_off.to_string(),
                registration_end,
                to_json(&method)?,
                now_millis()
            ],
        ).db()?;
        Ok(())
    }

    fn insert_framework(&mut self, f: &Framework) -> Result<(), StoreError> {
        let now = now_millis();
        self.0.execute(
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
        ).db()?;
        Ok(())
    }

    fn store_frozen_framework(&mut self, f: &Framework) -> Result<(), StoreError> {
        self.0.execute(
            "UPDATE award_frameworks SET frozen = 1, framework = ?4, frozen_at = COALESCE(frozen_at, ?5) \
             WHERE year = ?1 AND category = ?2 AND version = ?3",
            params![f.year, f.category.as_str(), f.version(), to_json(f)?, now_millis()],
        ).db()?;
        Ok(())
    }

    fn next_entry_id(&mut self, year: u16) -> Result<EntryId, StoreError> {
        Ok(EntryId(
            self.0
                .query_row(
                    "SELECT COALESCE(MAX(id), 0) + 1 FROM award_entries WHERE year = ?1",
                    [year],
                    |r| r.get(0),
                )
                .db()?,
        ))
    }

    fn insert_entry(
        &mut self,
        year: u16,
        e: &Entry,
        owner: Option<i64>,
        statement: &str,
    ) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT INTO award_entries (year, id, category, name, region, company, owner_id, statement, state, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            params![
                year,
                e.id.0,
                e.category.as_str(),
                e.name,
                e.region.to_string(),
                e.company.as_ref().map(|c| c.as_str()),
                owner,
                statement,
                EntryState::Draft.code(),
                now_millis()
            ],
        ).db()?;
        Ok(())
    }

    fn set_statement(&mut self, year: u16, id: EntryId, statement: &str) -> Result<(), StoreError> {
        self.0.execute(
            "UPDATE award_entries SET statement = ?3, updated_at = ?4 WHERE year = ?1 AND id = ?2",
            params![year, id.0, statement, now_millis()],
        ).db()?;
        Ok(())
    }

    fn mark_submitted(&mut self, year: u16, id: EntryId) -> Result<(), StoreError> {
        self.0.execute(
            "UPDATE award_entries SET state = ?3, submitted_at = ?4, updated_at = ?4 WHERE year = ?1 AND id = ?2",
            params![year, id.0, EntryState::Submitted.code(), now_millis()],
        ).db()?;
        Ok(())
    }

    fn insert_evidence(
        &mut self,
        year: u16,
        id: EntryId,
        ev: &NewEvidence,
        uploaded_by: Option<i64>,
    ) -> Result<EvidenceRecord, StoreError> {
        self.0.execute(
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
                uploaded_by,
                now_millis()
            ],
        ).db()?;
        let evidence_id = self.0.last_insert_rowid();
        let sql = format!("SELECT {EVIDENCE_COLUMNS} FROM award_evidence WHERE id = ?1");
        self.0
            .query_row(&sql, [evidence_id], evidence_from_row)
            .db()
    }

    fn insert_panel(&mut self, year: u16, level: PanelLevel) -> Result<PanelId, StoreError> {
        let (level_text, province) = level_columns(level);
        self.0.execute(
            "INSERT INTO award_panels (year, level, province, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![year, level_text, province, now_millis()],
        ).db()?;
        Ok(PanelId(self.0.last_insert_rowid() as u32))
    }

    fn insert_panel_member(&mut self, panel: PanelId, m: &Member) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT INTO award_panel_members (panel_id, account_id, institution, expertise, home_region, company, chair) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                panel.0,
                m.assessor.0,
                m.institution.code(),
                m.expertise.map(|e| e.code()),
                m.home_region.map(|r| r.to_string()),
                m.company.as_ref().map(|c| c.as_str()),
                m.chair
            ],
        ).db()?;
        Ok(())
    }

    fn put_conflict(
        &mut self,
        year: u16,
        panel: PanelId,
        assessor: AssessorId,
        entry: EntryId,
        reason: &str,
    ) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT OR REPLACE INTO award_conflicts (panel_id, account_id, year, entry, reason, declared_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![panel.0, assessor.0, year, entry.0, reason, now_millis()],
        ).db()?;
        Ok(())
    }

    fn insert_assignment(&mut self, year: u16, a: &Assignment) -> Result<bool, StoreError> {
        let added = self.0.execute(
            "INSERT OR IGNORE INTO award_assignments (panel_id, account_id, year, entry, assigned_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![a.panel.0, a.assessor.0, year, a.entry.0, now_millis()],
        ).db()?;
        Ok(added > 0)
    }

    fn put_score(&mut self, year: u16, s: &Score, at: &str) -> Result<(), StoreError> {
        self.0
            .prepare_cached(
                "INSERT INTO award_scores (year, round, assessor, entry, stage, indicator, value, comment, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                 ON CONFLICT (year, round, assessor, entry, stage, indicator) \
                 DO UPDATE SET value = excluded.value, comment = excluded.comment, updated_at = excluded.updated_at",
            ).db()?
            .execute(params![
                year,
                s.round.code(),
                s.assessor.0,
                s.entry.0,
                s.stage.code(),
                s.indicator.as_str(),
                s.value.milli(),
                s.comment,
                at
            ]).db()?;
        Ok(())
    }

    fn insert_score_change(
        &mut self,
        year: u16,
        c: &ScoreChange,
        changed_id: Option<i64>,
    ) -> Result<(), StoreError> {
        self.0
            .prepare_cached(
                "INSERT INTO award_score_history (year, round, assessor, entry, stage, indicator, old_value, new_value, \
                 old_comment, comment, changed_by, changed_id, changed_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            ).db()?
            .execute(params![
                year,
                c.round.code(),
                c.assessor.0,
                c.entry.0,
                c.stage.code(),
                c.indicator.as_str(),
                c.old_value.map(|v| v.milli()),
                c.new_value.milli(),
                c.old_comment,
                c.comment,
                c.changed_by,
                changed_id,
                c.changed_at
            ]).db()?;
        Ok(())
    }

    fn put_figure(&mut self, year: u16, f: &Figure) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT OR REPLACE INTO award_figures (year, entry, metric, value, as_of) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![year, f.entry.0, f.metric.code(), f.value, f.as_of.to_string()],
        ).db()?;
        Ok(())
    }

    fn put_chair_order(
        &mut self,
        year: u16,
        round: Round,
        order: &ChairOrder,
    ) -> Result<(), StoreError> {
        let province = order.province.map(|p| p.to_string()).unwrap_or_default();
        let entries: Vec<u32> = order.order.iter().map(|e| e.0).collect();
        self.0.execute(
            "INSERT OR REPLACE INTO award_chair_orders (year, round, category, province, chair, entries, reason, set_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                year,
                round.code(),
                order.category.as_str(),
                province,
                order.chair.0,
                to_json(&entries)?,
                order.reason,
                now_millis()
            ],
        ).db()?;
        Ok(())
    }

    fn insert_nomination_override(
        &mut self,
        year: u16,
        change: &NominationOverride,
    ) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT INTO award_nomination_overrides (year, category, province, remove, add_entry, by, reason, at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                year,
                change.category.as_str(),
                change.province.to_string(),
                change.remove.0,
                change.add.0,
                change.by.0,
                change.reason,
                now_millis()
            ],
        ).db()?;
        Ok(())
    }

    fn put_decision(&mut self, year: u16, d: &FinalDecision) -> Result<(), StoreError> {
        let ids: Vec<u32> = d.winners.iter().map(|e| e.0).collect();
        self.0.execute(
            "INSERT OR REPLACE INTO award_decisions (year, category, chair, winners, reason, decided_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                year,
                d.category.as_str(),
                d.chair.0,
                to_json(&ids)?,
                d.reason,
                now_millis()
            ],
        ).db()?;
        Ok(())
    }

    fn insert_closed_round(
        &mut self,
        year: u16,
        round: Round,
        rankings: &[GroupRanking],
    ) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT INTO award_rounds (year, round, closed_at, rankings) VALUES (?1, ?2, ?3, ?4)",
            params![year, round.code(), now_millis(), to_json(&rankings)?],
        ).db()?;
        Ok(())
    }

    fn mark_published(&mut self, year: u16, round: Round) -> Result<(), StoreError> {
        self.0
            .execute(
                "UPDATE award_rounds SET published_at = ?3 WHERE year = ?1 AND round = ?2",
                params![year, round.code(), now_millis()],
            )
            .db()?;
        Ok(())
    }

    fn code_taken(&mut self, code: VerificationCode) -> Result<bool, StoreError> {
        self.0
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM award_certificates WHERE code = ?1)",
                [code.to_string()],
                |r| r.get(0),
            )
            .db()
    }

    fn insert_certificate(
        &mut self,
        round: Round,
        entry: EntryId,
        c: &Certificate,
        actor: &Actor,
    ) -> Result<CertificateRecord, StoreError> {
        certificate::insert(self.0, round, entry, c, actor)
    }

    fn withdraw_certificate(
        &mut self,
        code: VerificationCode,
        reason: &str,
        actor: &Actor,
    ) -> Result<CertificateRecord, StoreError> {
        certificate::withdraw(self.0, code, reason, actor)
    }

    fn append_audit(&mut self, actor: &Actor, entry: &AuditEntry) -> Result<i64, StoreError> {
        append(self.0, actor, entry).db()
    }
}
