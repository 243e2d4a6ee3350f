//! `/admin/audit`: searching the audit trail, and `/admin/audit.csv`: the same search as CSV.

use super::{PageCtx, PageError, encode, render};
use crate::AppState;
use crate::audit_view::{AuditFilters, AuditText, to_csv};
use crate::auth::Caller;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use paritrana_core::auth::Action;
use paritrana_core::lang::Localized;
use paritrana_store::audit::{AuditEntry, AuditRecord};

const PAGE_SIZE: u32 = 100;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    page: PageCtx,
    q: AuditFilters,
    entries: Vec<AuditRecord>,
    chain: String,
    csv_href: String,
    older_href: Option<String>,
    error: Option<String>,
}

fn query_string(q: &AuditFilters) -> String {
    [
        ("actor", &q.actor),
        ("action", &q.action),
        ("object", &q.object),
        ("nik", &q.nik),
        ("since", &q.since),
        ("until", &q.until),
    ]
    .iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("{k}={}", encode(v.trim())))
    .collect::<Vec<_>>()
    .join("&")
}

pub async fn page(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AuditFilters>,
) -> Result<Response, PageError> {
    caller
        .require(Action::ViewAudit)
        .map_err(|d| PageError::denied(d, &caller, "/admin/audit"))?;
    let store = state.store.clone();
    let filters = q.clone();
    let (found, verification) = tokio::task::spawn_blocking(move || {
        let found = filters.query(&*store, PAGE_SIZE).and_then(|query| {
            store
                .audit_search(&query)
                .map_err(crate::audit_view::FilterError::Store)
        });
        (found, store.audit_verify())
    })
    .await?;
    let lang = caller.lang;
    let chain = match verification? {
        v if v.first_broken.is_none() => format!(
            "{} ({} {})",
            super::pick(lang, "utuh", "intact"),
            v.entries,
            super::pick(lang, "entri", "entries")
        ),
        v => format!(
            "{} #{}",
            super::pick(lang, "RUSAK mulai entri", "BROKEN from entry"),
            v.first_broken.unwrap_or_default()
        ),
    };
    let (entries, error) = match found {
        Ok(e) => (e, None),
        Err(e) => (Vec::new(), Some(e.message(lang))),
    };
    let qs = query_string(&q);
    let older_href = (entries.len() as u32 == PAGE_SIZE)
        .then(|| {
            entries
                .last()
                .map(|e| format!("/admin/audit?{qs}&sebelum={}", e.id))
        })
        .flatten();
    render(&AuditPage {
        page: PageCtx::new(&caller, "/admin/audit", "Jejak audit", "Audit trail"),
        csv_href: format!("/admin/audit.csv?{qs}"),
        q,
        entries,
        chain,
        older_href,
        error,
    })
}

pub async fn csv(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AuditFilters>,
) -> Result<Response, PageError> {
    caller
        .require(Action::ViewAudit)
        .map_err(|d| PageError::denied(d, &caller, "/admin/audit"))?;
    let store = state.store.clone();
    let actor = caller.actor();
    let body = tokio::task::spawn_blocking(move || {
        let query = q.query(&*store, 100_000)?;
        let entries = store
            .audit_search(&query)
            .map_err(crate::audit_view::FilterError::Store)?;
        // Exporting the trail is itself recorded.
        store
            .audit(
                &actor,
                &AuditEntry::new("audit.export")
                    .detail(serde_json::json!({ "entries": entries.len() })),
            )
            .map_err(crate::audit_view::FilterError::Store)?;
        Ok::<_, crate::audit_view::FilterError>(to_csv(&entries))
    })
    .await?
    .map_err(|e| {
        PageError::Api(crate::error::ApiError::BadRequest {
            id: e.message(paritrana_core::Lang::Id),
            en: e.message(paritrana_core::Lang::En),
        })
    })?
    .map_err(|e| PageError::Api(crate::error::ApiError::Internal(e.to_string())))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"jejak-audit.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
