//! `/api/v1/workers/{nik}`: is this person protected? Until accounts exist (a later issue) this
//! route answers as for the public: NIK and name masked, no birth date.

use crate::AppState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use paritrana_core::codes::{Category, Funding, ProgrammeSet, Segment};
use paritrana_core::nik;
use serde::Serialize;

#[derive(Serialize)]
pub struct PublicWorker {
    nik: String,
    name: String,
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

pub async fn show(
    State(state): State<AppState>,
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
    let record = tokio::task::spawn_blocking(move || store.worker(n)).await??;
    let Some(w) = record else {
        return Err(ApiError::NotFound {
            id: format!("NIK {} tidak terdaftar", n.masked()),
            en: format!("NIK {} is not registered", n.masked()),
        });
    };
    let today = state.today();
    Ok(Json(PublicWorker {
        nik: n.masked(),
        name: mask_name(&w.person.name),
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
            })
            .collect(),
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
