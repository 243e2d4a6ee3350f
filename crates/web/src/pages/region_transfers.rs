//! The transfers section of a region page (`/wilayah/{code}`, docs/transfers.md): the workers
//! moving into and out of the region and the regions below it — how many requests wait for a
//! decision, the newest of them and the latest decided — with a link to `/pemindahan`, where
//! they are decided. Only for accounts that may read transfers, by the rule of `/pemindahan`
//! and `/api/v1/transfers` (`ViewTransfer`: administrators, BPJS officers and Pemda operators,
//! either side in their scope); an account whose scope does not cover the region sees only the
//! transfers between the region and its own. The public and other roles get no section, so the
//! cached public page never holds one. NIKs are masked here; the whole transfer is on
//! `/pemindahan`.

use super::figures::{Fmt, Links};
use super::pick;
use crate::AppState;
use crate::auth::Caller;
use crate::routes::transfers::{self as api, TransferView};
use chrono::NaiveDate;
use paritrana_core::auth::{Action, Scope};
use paritrana_core::region::{Level, RegionCode};
use paritrana_store::StoreError;
use paritrana_store::transfers::{RegionTransferQuery, TransferRecord};

/// How many pending transfers the page lists (all are counted).
const PENDING_SHOWN: u32 = 50;
/// How many decided transfers the page lists.
const DECIDED_SHOWN: u32 = 10;

/// One transfer as the region page lists it.
pub struct TransferRow {
    pub id: i64,
    /// The transfer on `/pemindahan`.
    pub href: String,
    /// `6402••••••••0041`.
    pub nik: String,
    /// *keluar*, *masuk*, or *di dalam wilayah* (both villages below this region).
    pub direction: &'static str,
    pub from: String,
    pub to: String,
    pub status: &'static str,
    pub requested: String,
    /// The day of the decision ('' while pending).
    pub decided: String,
}

/// The section as the template shows it.
pub struct TransfersSection {
    pub pending_count: u64,
    /// "2 permintaan pemindahan menunggu keputusan …".
    pub pending_text: String,
    pub pending: Vec<TransferRow>,
    pub decided: Vec<TransferRow>,
    /// More are pending than listed.
    pub more_pending: bool,
    /// The viewer's region when their scope does not cover this one (only the transfers
    /// between the two are shown).
    pub only_with: Option<String>,
    /// `/pemindahan` (with the page's language).
    pub manage_href: String,
}

/// The day of a stored time (`2026-11-23T08:00:00.000Z`), as pages write dates.
fn day(text: &str, f: Fmt) -> String {
    text.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| text.to_string(), |d| f.date(d))
}

/// The section for the caller, or `None` when they may not read transfers (blocking).
pub fn section(
    state: &AppState,
    caller: &Caller,
    region: RegionCode,
    links: &Links,
) -> Result<Option<TransfersSection>, StoreError> {
    // The public, assessors and business operators: no section at all.
    let Ok(filter) = api::filter_for(caller, None) else {
        return Ok(None);
    };
    let scope = filter.within;
    let viewer = (!scope.contains(region)).then_some(scope);
    let found = state.store.region_transfers(&RegionTransferQuery {
        region,
        viewer,
        pending_limit: PENDING_SHOWN,
        decided_limit: DECIDED_SHOWN,
    })?;
    let f = Fmt { lang: caller.lang };
    let t = |id, en| pick(f.lang, id, en);
    let manage_href = links.to("/pemindahan", "");
    let row = |r: &TransferRecord| {
        let v: TransferView = api::view(&state.tree, caller, r);
        let (out, into) = (
            r.from_village.is_within(region),
            r.to_village.is_within(region),
        );
        TransferRow {
            id: r.id,
            href: format!("{manage_href}#pemindahan-{}", r.id),
            nik: r.nik.masked(),
            direction: match (out, into) {
                (true, false) => t("keluar", "out"),
                (false, true) => t("masuk", "in"),
                _ => t("di dalam wilayah", "within"),
            },
            from: format!("{} ({})", v.from_name, v.from_village),
            to: format!("{} ({})", v.to_name, v.to_village),
            status: r.status.label(f.lang),
            requested: day(&r.requested_at, f),
            decided: r
                .decided_at
                .as_deref()
                .map_or_else(String::new, |d| day(d, f)),
        }
    };
    // The store already keeps to the viewer's transfers; the rule is asked once more per row.
    let visible = |r: &&TransferRecord| {
        caller.may(Action::ViewTransfer {
            from: r.from_village,
            to: r.to_village,
        })
    };
    let pending: Vec<TransferRow> = found.pending.iter().filter(visible).map(row).collect();
    let decided = found.decided.iter().filter(visible).map(row).collect();
    let below = region.level() != Level::Village;
    let what = if below {
        match found.pending_count {
            1 => t(
                "permintaan pemindahan menunggu keputusan di wilayah ini dan wilayah di bawahnya",
                "transfer request waits for a decision in this region and the regions below it",
            ),
            _ => t(
                "permintaan pemindahan menunggu keputusan di wilayah ini dan wilayah di bawahnya",
                "transfer requests wait for a decision in this region and the regions below it",
            ),
        }
    } else {
        match found.pending_count {
            1 => t(
                "permintaan pemindahan menunggu keputusan di wilayah ini",
                "transfer request waits for a decision in this region",
            ),
            _ => t(
                "permintaan pemindahan menunggu keputusan di wilayah ini",
                "transfer requests wait for a decision in this region",
            ),
        }
    };
    let pending_text = format!("{} {what}", f.count(found.pending_count));
    let only_with = viewer.map(|s| match s {
        Scope::National => String::new(),
        Scope::Region(r) => state
            .tree
            .get(r)
            .map_or_else(|| r.to_string(), |x| format!("{} ({r})", x.name)),
    });
    Ok(Some(TransfersSection {
        pending_count: found.pending_count,
        pending_text,
        more_pending: found.pending_count > pending.len() as u64,
        pending,
        decided,
        only_with,
        manage_href,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use paritrana_core::Lang;

    #[test]
    fn stored_times_are_shown_as_days() {
        let id = Fmt { lang: Lang::Id };
        assert_eq!(day("2026-11-23T08:00:00.000Z", id), "23 November 2026");
        assert_eq!(day("kemarin", id), "kemarin");
    }
}
