//! Reading the audit trail from typed-in filters, shared by the admin page, the API and
//! `paritrana audit`: the query, and the CSV export. A NIK filter is turned into the trail's
//! keyed hash, so the NIK itself is never stored nor compared in plain.

use paritrana_core::nik::Nik;
use paritrana_store::audit::{AuditQuery, AuditRecord};
use paritrana_store::{Store, StoreError};
use serde::Deserialize;

/// Filters as typed (every field optional; blank means no filter).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuditFilters {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub nik: String,
    #[serde(default)]
    pub since: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub sebelum: Option<i64>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A filter that cannot be used.
#[derive(Debug)]
pub enum FilterError {
    Nik(String),
    Date(&'static str, String),
    Store(StoreError),
}

impl paritrana_core::lang::Localized for FilterError {
    fn message(&self, lang: paritrana_core::Lang) -> String {
        use paritrana_core::Lang::*;
        match (self, lang) {
            (FilterError::Nik(v), Id) => format!("NIK (\"{v}\"): harus 16 angka"),
            (FilterError::Nik(v), En) => format!("NIK (\"{v}\"): must be 16 digits"),
            (FilterError::Date(f, v), Id) => {
                format!("{f} (\"{v}\"): tanggal harus berbentuk TTTT-BB-HH")
            }
            (FilterError::Date(f, v), En) => format!("{f} (\"{v}\"): a date looks like YYYY-MM-DD"),
            (FilterError::Store(e), _) => e.to_string(),
        }
    }
}

fn date(field: &'static str, v: &str) -> Result<Option<String>, FilterError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(|d| Some(d.to_string()))
        .map_err(|_| FilterError::Date(field, v.chars().take(40).collect()))
}

fn text(v: &str) -> Option<String> {
    Some(v.trim().chars().take(200).collect::<String>()).filter(|s| !s.is_empty())
}

impl AuditFilters {
    /// The store query for these filters.
    pub fn query(&self, store: &dyn Store, default_limit: u32) -> Result<AuditQuery, FilterError> {
        let object_key = match self.nik.trim() {
            "" => None,
            n => {
                let nik = n
                    .parse::<u64>()
                    .ok()
                    .and_then(Nik::from_stored)
                    .ok_or_else(|| FilterError::Nik(n.chars().take(20).collect()))?;
                Some(store.nik_key(nik).map_err(FilterError::Store)?)
            }
        };
        Ok(AuditQuery {
            actor: text(&self.actor).map(|s| s.to_lowercase()),
            action: text(&self.action),
            object: text(&self.object),
            object_key,
            since: date("since", &self.since)?,
            until: date("until", &self.until)?,
            before_id: self.sebelum,
            limit: self.limit.unwrap_or(default_limit).clamp(1, 100_000),
        })
    }
}

fn json_text(v: &Option<serde_json::Value>) -> String {
    v.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

/// Text forms of an entry's JSON fields, for pages and CSV.
pub trait AuditText {
    fn before_text(&self) -> String;
    fn after_text(&self) -> String;
    fn detail_text(&self) -> String;
}

impl AuditText for AuditRecord {
    fn before_text(&self) -> String {
        json_text(&self.before)
    }
    fn after_text(&self) -> String {
        json_text(&self.after)
    }
    fn detail_text(&self) -> String {
        json_text(&self.detail)
    }
}

/// The entries as CSV (UTF-8, comma-separated, one header row).
pub fn to_csv(entries: &[AuditRecord]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id", "at", "actor", "actor_id", "addr", "action", "object", "region", "before", "after",
        "detail",
    ])?;
    for e in entries {
        w.write_record([
            e.id.to_string(),
            e.at.clone(),
            e.actor.clone(),
            e.actor_id.map(|i| i.to_string()).unwrap_or_default(),
            e.addr.clone().unwrap_or_default(),
            e.action.clone(),
            e.object.clone().unwrap_or_default(),
            e.region.clone().unwrap_or_default(),
            e.before_text(),
            e.after_text(),
            e.detail_text(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
