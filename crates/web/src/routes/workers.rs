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

/// One worker as a caller may see them: masked or full, built by [`render`] for the API and
/// the pages alike.
#[derive(Serialize)]
pub struct PublicWorker {
    /// `masked` or `full`.
    pub(crate) view: &'static str,
    pub(crate) nik: String,
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sex: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) birth_date: Option<chrono::NaiveDate>,
    pub(crate) village: String,
    pub(crate) village_name: String,
    pub(crate) active: bool,
    pub(crate) periods: Vec<PublicPeriod>,
}

#[derive(Serialize)]
pub struct PublicPeriod {
    pub(crate) segment: Segment,
    pub(crate) category: Category,
    pub(crate) funding: Funding,
    pub(crate) programmes: ProgrammeSet,
    pub(crate) start: chrono::NaiveDate,
    pub(crate) end: Option<chrono::NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sector: Option<Sector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) csr_company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) wage: Option<i64>,
}

impl PublicWorker {
    pub(crate) fn is_full(&self) -> bool {
        self.view == "full"
    }

    /// "Muara Pasir (64.01.04.2010)", or the code alone when the tree no longer has it.
    pub(crate) fn village_label(&self) -> String {
        if self.village_name.is_empty() {
            self.village.clone()
        } else {
            format!("{} ({})", self.village_name, self.village)
        }
    }
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

/// What `full` or masked view shows of a worker: the one masking rule of the web layer.
pub(crate) fn render(state: &AppState, w: &WorkerRecord, full: bool) -> PublicWorker {
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

/// Looks `nik` up for `caller` (blocking: call from `spawn_blocking`). The view is full when
/// the caller may see the worker's village (`Action::ViewWorker`), and that full view is written
/// to the audit trail before it is returned; everyone else gets the masked view.
/// `None` when the NIK is not registered.
pub(crate) fn look_up(
    store: &dyn paritrana_store::Store,
    caller: &Caller,
    nik: Nik,
) -> Result<Option<(WorkerRecord, bool)>, paritrana_store::StoreError> {
    let Some(w) = store.worker(nik)? else {
        return Ok(None);
    };
    let full = caller.may(Action::ViewWorker(w.person.village));
    if full {
        audit_view(store, caller, nik, w.person.village)?;
    }
    Ok(Some((w, full)))
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
    let found = tokio::task::spawn_blocking(move || look_up(&*store, &audited, n)).await??;
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

/// The region of a name search, as typed: a code or a name that [`RegionTree::resolve`]
/// understands.
///
/// [`RegionTree::resolve`]: paritrana_core::region::RegionTree::resolve
pub(crate) fn search_region(
    tree: &paritrana_core::region::RegionTree,
    text: &str,
) -> Result<RegionCode, ApiError> {
    use paritrana_core::lang::{Lang, Localized};
    if text.chars().count() > 100 {
        let shown: String = text.chars().take(60).collect();
        return Err(ApiError::BadRequest {
            id: format!("wilayah (\"{shown}…\"): tidak ditemukan"),
            en: format!("region (\"{shown}…\"): not found"),
        });
    }
    // The lookup's own messages name the field and the value ("wilayah `X` tidak ditemukan").
    tree.resolve(text).map_err(|e| ApiError::BadRequest {
        id: e.message(Lang::Id),
        en: e.message(Lang::En),
    })
}

/// The name of a name search, trimmed: 3 to 100 letters.
pub(crate) fn search_name(text: &str) -> Result<String, ApiError> {
    let name = text.trim();
    let n = name.chars().count();
    if !(3..=100).contains(&n) {
        return Err(ApiError::BadRequest {
            id: "nama: tulis 3 sampai 100 huruf".into(),
            en: "name: type 3 to 100 letters".into(),
        });
    }
    Ok(name.to_string())
}

/// Finds workers by name in `region` (blocking) and writes the search to the audit trail. The
/// caller must already hold `Action::SearchWorkers(region)`. The searched name is personal data:
/// the trail keeps the region and the count only.
pub(crate) fn find_by_name(
    store: &dyn paritrana_store::Store,
    actor: &paritrana_store::Actor,
    region: RegionCode,
    name: &str,
    offset: u32,
    limit: u32,
) -> Result<Vec<WorkerRecord>, paritrana_store::StoreError> {
    let found = store.find_workers(region, name, offset, limit + 1)?;
    let mut entry = AuditEntry::new("worker.search")
        .detail(serde_json::json!({ "results": found.len().min(limit as usize) }));
    entry.region = Some(region.to_string());
    store.audit(actor, &entry)?;
    Ok(found)
}

pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<SearchQuery>,
) -> Result<Json<SearchAnswer>, ApiError> {
    let region = search_region(&state.tree, &q.region.unwrap_or_default())?;
    caller.require(Action::SearchWorkers(region))?;
    let name = search_name(&q.name.unwrap_or_default())?;
    let store = state.store.clone();
    let actor = caller.actor();
    let mut found = tokio::task::spawn_blocking(move || {
        find_by_name(&*store, &actor, region, &name, 0, SEARCH_LIMIT)
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
