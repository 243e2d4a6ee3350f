//! `/pekerja`: checking a NIK and finding workers by name.
//!
//! Anyone may check a NIK (the public's sticker check) and gets the masked answer; an account
//! allowed to see the worker's region gets it in full, and that view is audited. Searching by
//! name is for accounts that may search the region typed (`Action::SearchWorkers`), and every
//! search is audited. Both forms are posted, so neither a NIK nor a name ends up in a URL, a
//! browser history or a proxy's log; each result links to the worker's page
//! ([`super::worker_page`]).
//!
//! Who sees what, the masking and the audit entries are those of the API
//! (`routes::workers`): this module calls the same functions and only renders.

use super::account::scope_label;
use super::{PageCtx, PageError, SignedForm, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::workers::{self as api, PublicWorker};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Scope};
use paritrana_core::lang::Localized;
use paritrana_core::nik::{self, Nik, NikCheck};
use paritrana_core::region::RegionCode;

/// Workers per page of name results.
const PAGE_SIZE: u32 = 20;
/// The last page one may ask for (20 × 500 = 10,000 names: narrow the search beyond that).
const MAX_PAGE: u32 = 500;

/// One worker in a result list.
pub(crate) struct ResultRow {
    pub href: String,
    pub nik: String,
    pub name: String,
    pub village: String,
    pub active: bool,
    pub full: bool,
}

/// A result list, with the paging of name results.
pub(crate) struct Results {
    pub heading: String,
    pub rows: Vec<ResultRow>,
    /// For name results: the page shown and the neighbouring pages that exist.
    pub page_no: u32,
    pub prev_page: Option<u32>,
    pub next_page: Option<u32>,
}

#[derive(Template)]
#[template(path = "workers.html")]
pub(crate) struct SearchPage {
    pub page: PageCtx,
    /// `?lang=id|en`, kept on every link and form of these pages.
    pub lang_q: String,
    pub nik: String,
    pub region: String,
    pub name: String,
    /// The caller may search some region by name.
    pub can_search_names: bool,
    pub signed_in: bool,
    pub nik_errors: Vec<String>,
    pub name_error: Option<String>,
    pub results: Option<Results>,
}

impl SearchPage {
    /// The empty form for `caller`, the region field holding the account's own scope.
    pub(crate) fn new(caller: &Caller) -> SearchPage {
        let page = PageCtx::new(caller, "/pekerja", "Cek pekerja", "Check a worker");
        SearchPage {
            lang_q: format!("?lang={}", page.lang_code()),
            page,
            nik: String::new(),
            region: caller
                .scope()
                .and_then(Scope::region)
                .map(|r| r.to_string())
                .unwrap_or_default(),
            name: String::new(),
            can_search_names: may_search_names(caller),
            signed_in: caller.account().is_some(),
            nik_errors: Vec::new(),
            name_error: None,
            results: None,
        }
    }
}

/// Whether the caller may search by name anywhere: inside their own scope, the widest region
/// they could ever search.
fn may_search_names(caller: &Caller) -> bool {
    caller.scope().is_some_and(|s| {
        caller.may(Action::SearchWorkers(
            s.region().unwrap_or(RegionCode::NATION),
        ))
    })
}

/// Worker pages hold personal data: never cached, never sent as a referrer to another site,
/// never indexed. `same-origin`, not `no-referrer`: under `no-referrer` browsers send
/// `Origin: null` with the page's own form posts, which the same-origin check refuses.
pub(crate) fn private(status: StatusCode, mut response: Response) -> Response {
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    response
}

fn show_page(status: StatusCode, page: &SearchPage) -> Result<Response, PageError> {
    Ok(private(status, render(page)?))
}

/// "NIK "123": NIK harus 16 digit, bukan 3" — the value typed and every reason it is refused.
pub(crate) fn nik_problems(input: &str, check: &NikCheck, lang: Lang) -> Vec<String> {
    let shown: String = input.trim().chars().take(40).collect();
    check
        .problems
        .iter()
        .map(|p| match lang {
            Lang::Id => format!("NIK \"{shown}\" tidak valid: {}", p.message(lang)),
            Lang::En => format!("NIK \"{shown}\" is not valid: {}", p.message(lang)),
        })
        .collect()
}

/// The message of a valid NIK nobody registered.
pub(crate) fn not_registered(nik: Nik, lang: Lang) -> String {
    match lang {
        Lang::Id => format!(
            "NIK {nik} tidak terdaftar sebagai peserta: belum ada data kepesertaan BPJS \
             Ketenagakerjaan untuk NIK ini di Paritrana."
        ),
        Lang::En => format!(
            "NIK {nik} is not registered as a participant: Paritrana holds no BPJS \
             Ketenagakerjaan coverage for this NIK."
        ),
    }
}

fn row(w: &PublicWorker, nik: Nik, lang_q: &str) -> ResultRow {
    ResultRow {
        href: format!("/pekerja/{nik}{lang_q}"),
        nik: w.nik.clone(),
        name: w.name.clone(),
        village: w.village_label(),
        active: w.active,
        full: w.is_full(),
    }
}

/// `GET /pekerja`: the forms.
pub async fn form(caller: Caller) -> Result<Response, PageError> {
    show_page(StatusCode::OK, &SearchPage::new(&caller))
}

/// `POST /pekerja`: a NIK check (`cari=nik`) or a name search (`cari=nama`).
pub async fn search(
    State(state): State<AppState>,
    form: SignedForm,
) -> Result<Response, PageError> {
    if form.get("cari") == "nama" {
        by_name(&state, &form).await
    } else {
        by_nik(&state, &form).await
    }
}

async fn by_nik(state: &AppState, form: &SignedForm) -> Result<Response, PageError> {
    let caller = &form.caller;
    let lang = caller.lang;
    let mut page = SearchPage::new(caller);
    page.nik = form.get("nik").chars().take(40).collect();
    let check = nik::check(&page.nik, &state.tree, state.today());
    let Some(n) = check.nik else {
        page.nik_errors = nik_problems(&page.nik, &check, lang);
        return show_page(StatusCode::BAD_REQUEST, &page);
    };
    caller
        .require(Action::CheckWorker)
        .map_err(|d| PageError::denied(d, caller, "/pekerja"))?;
    let store = state.store.clone();
    let viewer = caller.clone();
    let found = tokio::task::spawn_blocking(move || api::look_up(&*store, &viewer, n)).await??;
    let Some((w, full)) = found else {
        page.nik_errors = vec![not_registered(n, lang)];
        return show_page(StatusCode::NOT_FOUND, &page);
    };
    let shown = api::render(state, &w, full);
    page.results = Some(Results {
        heading: pick(lang, "Hasil pemeriksaan NIK", "NIK check result").into(),
        rows: vec![row(&shown, n, &page.lang_q)],
        page_no: 1,
        prev_page: None,
        next_page: None,
    });
    show_page(StatusCode::OK, &page)
}

async fn by_name(state: &AppState, form: &SignedForm) -> Result<Response, PageError> {
    let caller = &form.caller;
    let lang = caller.lang;
    let mut page = SearchPage::new(caller);
    if !page.can_search_names {
        // The public is asked to sign in; other roles are refused.
        let widest = caller
            .scope()
            .and_then(Scope::region)
            .unwrap_or(RegionCode::NATION);
        caller
            .require(Action::SearchWorkers(widest))
            .map_err(|d| PageError::denied(d, caller, "/pekerja"))?;
    }
    page.region = form.get("wilayah").chars().take(120).collect();
    page.name = form.get("nama").chars().take(120).collect();
    let bad = |page: &mut SearchPage, e: ApiError| {
        page.name_error = Some(match e {
            ApiError::BadRequest { id, en } => pick(lang, &id, &en).to_string(),
            other => other.to_string(),
        });
    };
    let region = match api::search_region(&state.tree, &page.region) {
        Ok(r) => r,
        Err(e) => {
            bad(&mut page, e);
            return show_page(StatusCode::BAD_REQUEST, &page);
        }
    };
    if caller.require(Action::SearchWorkers(region)).is_err() {
        let name = state
            .tree
            .get(region)
            .map_or_else(|| region.to_string(), |r| format!("{} ({region})", r.name));
        let scope = caller
            .scope()
            .map(|s| scope_label(state, s, lang))
            .unwrap_or_default();
        page.name_error = Some(match lang {
            Lang::Id => format!(
                "wilayah: akun Anda tidak berwenang mencari pekerja di {name}; wilayah kewenangan Anda: {scope}"
            ),
            Lang::En => format!(
                "region: your account may not search workers in {name}; your scope: {scope}"
            ),
        });
        return show_page(StatusCode::FORBIDDEN, &page);
    }
    let name = match api::search_name(&page.name) {
        Ok(n) => n,
        Err(e) => {
            bad(&mut page, e);
            return show_page(StatusCode::BAD_REQUEST, &page);
        }
    };
    let page_no = form
        .get("halaman")
        .parse::<u32>()
        .unwrap_or(1)
        .clamp(1, MAX_PAGE);
    let store = state.store.clone();
    let actor = caller.actor();
    let offset = (page_no - 1) * PAGE_SIZE;
    let mut found = tokio::task::spawn_blocking(move || {
        api::find_by_name(&*store, &actor, region, &name, offset, PAGE_SIZE)
    })
    .await??;
    let more = found.len() > PAGE_SIZE as usize;
    found.truncate(PAGE_SIZE as usize);
    let region_name = state
        .tree
        .get(region)
        .map_or_else(|| region.to_string(), |r| r.name.clone());
    let rows = found
        .iter()
        .map(|w| {
            let full = caller.may(Action::ViewWorker(w.person.village));
            row(&api::render(state, w, full), w.person.nik, &page.lang_q)
        })
        .collect::<Vec<_>>();
    let heading = match (lang, rows.is_empty()) {
        (Lang::Id, false) => format!(
            "Pekerja di {region_name} dengan nama memuat \"{}\"",
            page.name
        ),
        (Lang::En, false) => format!(
            "Workers in {region_name} whose name contains \"{}\"",
            page.name
        ),
        (Lang::Id, true) => format!(
            "Tidak ada pekerja di {region_name} dengan nama memuat \"{}\"",
            page.name
        ),
        (Lang::En, true) => format!(
            "No worker in {region_name} has a name containing \"{}\"",
            page.name
        ),
    };
    page.results = Some(Results {
        heading,
        rows,
        page_no,
        prev_page: (page_no > 1).then(|| page_no - 1),
        next_page: (more && page_no < MAX_PAGE).then(|| page_no + 1),
    });
    show_page(StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use paritrana_core::region::RegionTree;

    const TREE: &str = "code,parent_code,level,name,kind
64,,province,Kalimantan Timur,
64.01,64,regency,Kabupaten Paser,KABUPATEN
64.01.04,64.01,district,Tanah Grogot,
64.01.04.2010,64.01.04,village,Tapis,DESA
";

    fn check(input: &str) -> NikCheck {
        let tree = RegionTree::from_csv(TREE).unwrap();
        nik::check(input, &tree, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    }

    #[test]
    fn a_bad_nik_is_named_with_every_reason() {
        let c = check("640104020483002");
        assert_eq!(
            nik_problems("640104020483002", &c, Lang::Id),
            ["NIK \"640104020483002\" tidak valid: NIK harus 16 digit, bukan 15"]
        );
        let c = check("6499043202830000");
        let msgs = nik_problems("6499043202830000", &c, Lang::En);
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs[0].contains("kab/kota code 64.99"), "{msgs:?}");
        assert!(msgs[1].contains("not a real date"), "{msgs:?}");
        assert!(msgs[2].contains("serial"), "{msgs:?}");
    }

    #[test]
    fn an_unregistered_nik_is_said_so_in_both_languages() {
        let n = check("6401040204830021").nik.unwrap();
        assert!(not_registered(n, Lang::Id).contains("tidak terdaftar sebagai peserta"));
        assert!(not_registered(n, Lang::En).contains("not registered as a participant"));
    }
}
