//! The outcome of a NIK check as the API and `paritrana nik check --format json` show it: only
//! what the NIK itself encodes, with reasons in one language.

use paritrana_core::Lang;
use paritrana_core::lang::Localized;
use paritrana_core::nik::NikCheck;
use paritrana_core::region::RegionTree;
use serde::Serialize;

/// The outcome of a NIK check with its reasons in one language.
#[derive(Serialize)]
pub struct NikReport {
    pub valid: bool,
    pub nik: Option<String>,
    pub reasons: Vec<Reason>,
    pub warnings: Vec<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<chrono::NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regency_name: Option<String>,
}

#[derive(Serialize)]
pub struct Reason {
    pub code: String,
    pub message: String,
}

fn reason<T: Serialize + Localized>(item: &T, lang: Lang) -> Reason {
    let code = serde_json::to_value(item)
        .ok()
        .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_string))
        .unwrap_or_default();
    Reason {
        code,
        message: item.message(lang),
    }
}

impl NikReport {
    pub fn new(c: &NikCheck, tree: &RegionTree, lang: Lang) -> NikReport {
        NikReport {
            valid: c.valid,
            nik: c.nik.map(|n| n.to_string()),
            reasons: c.problems.iter().map(|p| reason(p, lang)).collect(),
            warnings: c.warnings.iter().map(|w| reason(w, lang)).collect(),
            sex: c.facts.as_ref().map(|f| f.sex.code()),
            birth_date: c.facts.as_ref().map(|f| f.birth_date),
            district: c.facts.as_ref().map(|f| f.district.to_string()),
            regency_name: c
                .nik
                .and_then(|n| tree.get(n.regency()))
                .map(|r| r.name.clone()),
        }
    }
}
