//! `/api/v1/workers/{nik}`: is this person protected? Everyone gets the masked answer (NIK and
//! name masked, no birth date) — the public's sticker check. An account allowed to see the
//! worker's region (`Action::ViewWorker`) gets the full record, and that view is written to the
//! audit trail. `/api/v1/workers?region=&name=` finds workers by name inside a region the
//! account may search.

use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, Query, State};
use paritrana_core::auth::Action;
use paritrana_core::codes::{Category, Funding, ProgrammeSet, Sector, Segment};
use paritrana_core::nik::{self, Nik};
use paritrana_core::region::RegionCode;
use paritrana_store::WorkerRecord;
use paritrana_store::audit::AuditEntry;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct PublicWorker {
    /// `masked` or `full`.
    view: &'static str,
    nik: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sex: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    birth_date: Option<chrono::NaiveDate>,
    village: String,
    village_name: String,
    active: bool,
    periods: Vec<PublicPeriod>,
}

#[derive(Serialize)]
pub struct PublicPeriod {
    segment: Segment,
    category: Category,
    funding: Funding,
    programmes: ProgrammeSet,
    start: chrono::NaiveDate,
    end: Option<chrono::NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sector: Option<Sector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    csr_company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wage: Option<i64>,
}

/// "SITI AMINAH" → "S*** A*****": enough to recognise oneself, not to identify a stranger.
fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(String::from).unwrap_or_default();
            first + &"*".repeat(chars.count())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn render(state: &AppState, w: &WorkerRecord, full: bool) -> PublicWorker {
    let today = state.today();
    let n = w.person.nik;
    PublicWorker {
        view: if full { "full" } else { "masked" },
        nik: if full { n.to_string() } else { n.masked() },
        name: if full {
            w.person.name.clone()
        } else {
            mask_name(&w.person.name)
        },
        sex: full.then(|| w.person.sex.code()),
        birth_date: full.then_some(w.person.birth_date),
        village: w.person.village.to_string(),
        village_name: state
            .tree
            .get(w.person.village)
            .map(|r| r.name.clone())
            .unwrap_or_default(),
        active: w.periods.iter().any(|p| p.covers(today)),
        periods: w
            .periods
            .iter()
            .map(|p| PublicPeriod {
                segment: p.segment,
                category: p.category,
                funding: p.funding,
                programmes: p.programmes,
                start: p.start,
                end: p.end,
                sector: if full { p.sector } else { None },
                csr_company: if full { p.csr_company.clone() } else { None },
                wage: if full { p.wage.map(|r| r.0) } else { None },
            })
            .collect(),
    }
}

/// Records that `caller` saw the full record of `nik` (the NIK itself only as a keyed hash).
fn audit_view(
    store: &dyn paritrana_store::Store,
    caller: &Caller,
    nik: Nik,
    village: RegionCode,
) -> Result<(), paritrana_store::StoreError> {
    let mut entry = AuditEntry::new("worker.view").object(format!("worker:{}", nik.masked()));
    entry.object_key = Some(store.nik_key(nik)?);
    entry.region = Some(village.to_string());
    store.audit(&caller.actor(), &entry).map(|_| ())
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(input): Path<String>,
) -> Result<Json<PublicWorker>, ApiError> {
    let check = nik::check(&input, &state.tree, state.today());
    let Some(n) = check.nik else {
        return Err(ApiError::BadRequest {
            id: "NIK tidak valid".into(),
            en: "the NIK is not valid".into(),
        });
    };
    let store = state.store.clone();
    let audited = caller.clone();
    let found = tokio::task::spawn_blocking(move || {
        let Some(w) = store.worker(n)? else {
            return Ok(None);
        };
        let full = audited.may(Action::ViewWorker(w.person.village));
        if full {
            audit_view(&*store, &audited, n, w.person.village)?;
        }
        Ok::<_, paritrana_store::StoreError>(Some((w, full)))
    })
    .await??;
    let Some((w, full)) = found else {
        return Err(ApiError::NotFound {
            id: format!("NIK {} tidak terdaftar", n.masked()),
            en: format!("NIK {} is not registered", n.masked()),
        });
    };
    Ok(Json(render(&state, &w, full)))
}

#[derive(Deserialize)]
pub struct SearchQuery {
    region: Option<String>,
    name: Option<String>,
}

#[derive(Serialize)]
pub struct SearchAnswer {
    region: String,
    workers: Vec<PublicWorker>,
    /// True when more workers match than were returned.
    truncated: bool,
}

const SEARCH_LIMIT: u32 = 50;

pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<SearchQuery>,
) -> Result<Json<SearchAnswer>, ApiError> {
    let region_text = q.region.unwrap_or_default();
    let region = state
        .tree
        .resolve(&region_text)
        .map_err(|_| ApiError::BadRequest {
            id: format!(
                "wilayah (\"{}\"): tidak ditemukan",
                region_text.chars().take(60).collect::<String>()
            ),
            en: format!(
                "region (\"{}\"): not found",
                region_text.chars().take(60).collect::<String>()
            ),
        })?;
    caller.require(Action::SearchWorkers(region))?;
    let name = q.name.unwrap_or_default().trim().to_string();
    if name.chars().count() < 3 || name.chars().count() > 100 {
        return Err(ApiError::BadRequest {
            id: "nama: tulis 3 sampai 100 huruf".into(),
            en: "name: type 3 to 100 letters".into(),
        });
    }
    let store = state.store.clone();
    let actor = caller.actor();
    let mut found = tokio::task::spawn_blocking(move || {
        let found = store.find_workers(region, &name, SEARCH_LIMIT + 1)?;
        // The searched name is personal data: the trail keeps the region and the count only.
        let mut entry = AuditEntry::new("worker.search")
            .detail(serde_json::json!({ "results": found.len().min(SEARCH_LIMIT as usize) }));
        entry.region = Some(region.to_string());
        store.audit(&actor, &entry)?;
        Ok::<_, paritrana_store::StoreError>(found)
    })
    .await??;
    let truncated = found.len() > SEARCH_LIMIT as usize;
    found.truncate(SEARCH_LIMIT as usize);
    Ok(Json(SearchAnswer {
        region: region.to_string(),
        workers: found.iter().map(|w| render(&state, w, true)).collect(),
        truncated,
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_masked_word_by_word() {
        assert_eq!(super::mask_name("SITI  AMINAH"), "S*** A*****");
        assert_eq!(super::mask_name("Ni Made Ayu"), "N* M*** A**");
    }
}
