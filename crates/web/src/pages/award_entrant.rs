//! The entrant's pages of the Paritrana Award: `/penghargaan/peserta`, the caller's entries of
//! the cycle and the registration form; `/penghargaan/peserta/{year}/{entry}`, one entry: its
//! statement, its evidence (upload, download), submitting it; and the evidence download
//! `/penghargaan/bukti/{year}/{entry}/{id}`, also used by assessors and the secretariat.
//!
//! Access: `Action::EnterAward` to change an entry (a Pemda operator for the government entries
//! of their scope, a business operator for their company), `Action::ViewAwardEntry` to read it,
//! `Action::ViewAwardScores` for its results (entrants only once the round is published). The
//! deadline and the lock after submission are the store's (`entry::may_change`).
//!
//! Evidence: PDF, PNG, JPEG or XLSX, told by the first bytes and matching the extension, at most
//! 20 MiB, kept once per SHA-256 at `award::evidence_path` under the data directory; served
//! only as an attachment with `nosniff` and a sandboxing content security policy.

use super::{PageCtx, PageError, render};
use crate::AppState;
use crate::auth::Caller;
use crate::award_view::{
    CycleParts, EvidenceKind, MAX_EVIDENCE_BYTES, attachment_name, award_error, check_evidence,
    evidence_too_large, region_name,
};
use crate::error::ApiError;
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use paritrana_core::Lang;
use paritrana_core::auth::{Action, Denied, Role};
use paritrana_core::award::category::EntrantKind;
use paritrana_core::award::entry::{Entrant, EntryState, may_change};
use paritrana_core::award::framework::Stage;
use paritrana_core::award::ids::{CategoryCode, CompanyId, EntryId, IndicatorCode};
use paritrana_core::award::panel::Round;
use paritrana_core::award::round::GroupRanking;
use paritrana_core::lang::Localized;
use paritrana_core::region::RegionCode;
use paritrana_store::Store;
use paritrana_store::award::{EntryRecord, EvidenceRecord, NewEntry, NewEvidence, evidence_path};
use sha2::{Digest, Sha256};
use std::io::Write;

/// The published result of an entry in one round.
pub struct ResultView {
    pub round: String,
    pub rank: u32,
    pub of: usize,
    pub score: String,
}

/// The results of published rounds (`None` for a round not published).
pub fn published(
    store: &dyn Store,
    year: u16,
) -> Result<Vec<(Round, Vec<GroupRanking>)>, ApiError> {
    let mut out = Vec::new();
    for round in [Round::Provincial, Round::National] {
        if store.award_round_status(year, round)?.is_published() {
            let export = store.award_round_export(year, round).map_err(award_error)?;
            out.push((round, export.rankings));
        }
    }
    Ok(out)
}

/// The entry's places in the published rounds.
pub fn results_of(
    published: &[(Round, Vec<GroupRanking>)],
    entry: EntryId,
    lang: Lang,
) -> Vec<ResultView> {
    let mut out = Vec::new();
    for (round, groups) in published {
        for g in groups {
            if let Some(r) = g.ranked.iter().find(|r| r.standing.entry == entry) {
                out.push(ResultView {
                    round: round.label(lang).to_string(),
                    rank: r.rank,
                    of: g.ranked.len(),
                    score: r.standing.final_score.format(lang),
                });
            }
        }
    }
    out
}

/// The entrant the caller registers as, for a region: their company for a business operator.
fn entrant_for(caller: &Caller, region: RegionCode) -> Entrant {
    Entrant {
        region,
        company: caller
            .account()
            .filter(|a| a.role == Role::BusinessOperator)
            .and_then(|a| a.company.as_deref())
            .and_then(paritrana_core::award::ids::CompanyKey::parse),
    }
}

/// May the caller enter the award at all (for their own scope or company)?
fn require_entrant(caller: &Caller, path: &str) -> Result<RegionCode, PageError> {
    let Some(scope) = caller.scope() else {
        return Err(PageError::denied(Denied::SignInRequired, caller, path));
    };
    let root = crate::import_flow::scope_root(scope);
    caller
        .require(Action::EnterAward(entrant_for(caller, root)))
        .map_err(|d| PageError::denied(d, caller, path))?;
    Ok(root)
}

pub struct EntryRow {
    pub year: u16,
    pub id: u32,
    pub name: String,
    pub category: String,
    pub region: String,
    pub state: String,
    pub results: Vec<ResultView>,
}

#[derive(Template)]
#[template(path = "award_peserta.html")]
struct ListPage {
    page: PageCtx,
    year: Option<u16>,
    registration: String,
    open: bool,
    categories: Vec<(String, String, bool)>,
    region: String,
    rows: Vec<EntryRow>,
    error: Option<String>,
    form_name: String,
    form_statement: String,
}

#[derive(serde::Deserialize, Default)]
pub struct YearQuery {
    tahun: Option<u16>,
}

/// The year shown: the one asked for, else the newest cycle.
fn pick_year(store: &dyn Store, asked: Option<u16>) -> Result<Option<u16>, ApiError> {
    let years = store.award_years()?;
    Ok(match asked {
        Some(y) if years.contains(&y) => Some(y),
        _ => years.first().copied(),
    })
}

fn kind_fits(kind: EntrantKind, role: Option<Role>) -> bool {
    match role {
        Some(Role::BusinessOperator) => matches!(kind, EntrantKind::Business { .. }),
        Some(Role::PemdaOperator) => kind.is_government(),
        _ => true,
    }
}

fn entry_row(
    parts: &CycleParts,
    rec: &EntryRecord,
    results: Vec<ResultView>,
    lang: Lang,
    tree: &paritrana_core::region::RegionTree,
) -> EntryRow {
    EntryRow {
        year: parts.year(),
        id: rec.entry.id.0,
        name: rec.entry.name.clone(),
        category: parts.category_label(&rec.entry, lang),
        region: region_name(tree, rec.entry.region),
        state: rec.state.label(lang).to_string(),
        results,
    }
}

async fn list_page(
    state: &AppState,
    caller: &Caller,
    asked: Option<u16>,
    error: Option<String>,
    form: Option<(String, String)>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let root = require_entrant(caller, "/penghargaan/peserta")?;
    let store = state.store.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        let Some(year) = pick_year(&*store, asked)? else {
            return Ok::<_, ApiError>(None);
        };
        let parts = CycleParts::load(&*store, year)?;
        let published = published(&*store, year)?;
        Ok(parts.map(|p| (p, published)))
    })
    .await??;
    let lang = caller.lang;
    let role = caller.account().map(|a| a.role);
    let (name, statement) = form.unwrap_or_default();
    let mut page = ListPage {
        page: PageCtx::new(
            caller,
            "/penghargaan/peserta",
            "Peserta Paritrana Award",
            "Paritrana Award entries",
        ),
        year: None,
        registration: String::new(),
        open: false,
        categories: Vec::new(),
        region: if root == RegionCode::NATION {
            String::new()
        } else {
            root.to_string()
        },
        rows: Vec::new(),
        error,
        form_name: name,
        form_statement: statement,
    };
    if let Some((parts, published)) = loaded {
        let cycle = &parts.cycle.cycle;
        let today = state.today();
        page.year = Some(cycle.year);
        match may_change(cycle, EntryState::Draft, today) {
            Ok(()) => {
                page.open = true;
                let end = cycle
                    .milestone(paritrana_core::award::cycle::Phase::Registration)
                    .map(|m| m.end.to_string())
                    .unwrap_or_default();
                page.registration = match lang {
                    Lang::Id => format!("Pendaftaran {} dibuka sampai {end}.", cycle.year),
                    Lang::En => format!("Registration for {} is open until {end}.", cycle.year),
                };
            }
            Err(e) => page.registration = format!("{}.", e.message(lang)),
        }
        let probe_region = root;
        page.categories = cycle
            .categories
            .iter()
            .filter(|c| kind_fits(c.kind, role))
            .map(|c| {
                let fits = paritrana_core::award::entry::Entry {
                    id: EntryId(0),
                    category: c.code.clone(),
                    name: String::new(),
                    region: probe_region,
                    company: None,
                }
                .check(c)
                .is_ok();
                (c.code.to_string(), c.label.get(lang).to_string(), fits)
            })
            .collect();
        for rec in &parts.entries {
            let entrant = rec.entry.entrant();
            let view = Action::ViewAwardEntry {
                entrant,
                assigned: false,
            };
            if !caller.may(view) || role == Some(Role::Assessor) {
                continue;
            }
            let scores = Action::ViewAwardScores {
                entrant,
                assigned: false,
                published: !published.is_empty(),
            };
            let results = if caller.may(scores) {
                results_of(&published, rec.entry.id, lang)
            } else {
                Vec::new()
            };
            page.rows
                .push(entry_row(&parts, rec, results, lang, &state.tree));
        }
    }
    let mut r = render(&page)?;
    *r.status_mut() = status;
    Ok(r)
}

/// `GET /penghargaan/peserta`: the caller's entries and the registration form.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    list_page(&state, &caller, q.tahun, None, None, StatusCode::OK).await
}

fn bad(id: String, en: String) -> ApiError {
    ApiError::BadRequest { id, en }
}

/// `POST /penghargaan/peserta`: registers an entry (a draft) in a category.
pub async fn register(
    State(state): State<AppState>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    let lang = caller.lang;
    let keep = Some((
        form.get("nama").to_string(),
        form.get("pernyataan").to_string(),
    ));
    let year: Option<u16> = form.get("tahun").parse().ok();
    let refuse = |e: ApiError, status: StatusCode| {
        let (state, caller, keep) = (state.clone(), caller.clone(), keep.clone());
        async move { list_page(&state, &caller, year, Some(e.text(lang)), keep, status).await }
    };
    require_entrant(&caller, "/penghargaan/peserta")?;
    let Some(year) = year else {
        return refuse(
            bad("Tahun: pilih siklus".into(), "Year: choose a cycle".into()),
            StatusCode::BAD_REQUEST,
        )
        .await;
    };
    let category = match CategoryCode::parse(form.get("kategori")) {
        Ok(c) => c,
        Err(_) => {
            let v = form.get("kategori");
            return refuse(
                bad(
                    format!("Kategori: \"{v}\" bukan kode kategori"),
                    format!("Category: \"{v}\" is not a category code"),
                ),
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    let region = match RegionCode::parse(form.get("wilayah")) {
        Ok(r) => r,
        Err(_) => {
            let v = form.get("wilayah");
            return refuse(
                bad(
                    format!("Wilayah: \"{v}\" bukan kode wilayah (mis. 64.01)"),
                    format!("Region: \"{v}\" is not a region code (e.g. 64.01)"),
                ),
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    let name = form.get("nama").to_string();
    if name.is_empty() {
        return refuse(
            bad(
                "Nama peserta wajib diisi".into(),
                "The entry's name is required".into(),
            ),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    let entrant = entrant_for(&caller, region);
    let company = match (
        caller.account().map(|a| a.role),
        caller.account().and_then(|a| a.company.clone()),
    ) {
        (Some(Role::BusinessOperator), Some(c)) => CompanyId::parse(&c).ok(),
        _ => None,
    };
    if let Err(d) = caller.require(Action::EnterAward(entrant)) {
        let e = ApiError::Forbidden {
            id: format!("Wilayah {region} di luar cakupan akun Anda"),
            en: format!("Region {region} is outside your account's scope"),
        };
        let status = ApiError::from(d).status();
        return refuse(e, status).await;
    }
    let new = NewEntry {
        category,
        name,
        region,
        company,
        statement: form.get("pernyataan").to_string(),
    };
    let (store, today, actor) = (state.store.clone(), state.today(), caller.actor());
    let done =
        tokio::task::spawn_blocking(move || store.register_award_entry(year, &new, today, &actor))
            .await?;
    match done {
        Ok(rec) => Ok(Redirect::to(&entry_path(year, rec.entry.id.0, lang)).into_response()),
        Err(e) => {
            let e = award_error(e);
            let status = e.status();
            refuse(e, status).await
        }
    }
}

fn entry_path(year: u16, entry: u32, lang: Lang) -> String {
    let q = if lang == Lang::En { "?lang=en" } else { "" };
    format!("/penghargaan/peserta/{year}/{entry}{q}")
}

#[derive(Template)]
#[template(path = "award_berkas.html")]
struct EntryPage {
    page: PageCtx,
    year: u16,
    row: EntryRow,
    statement: String,
    evidence: Vec<EvidenceRecord>,
    indicators: Vec<(String, String)>,
    editable: bool,
    lock: Option<String>,
    may_enter: bool,
    error: Option<String>,
    notice: Option<String>,
    max_mib: u64,
    /// (code, achievement) of the entry's certificates in force.
    certificates: Vec<(String, String)>,
}

impl EntryPage {
    fn evidence_href(&self, e: &EvidenceRecord) -> String {
        format!("/penghargaan/bukti/{}/{}/{}", self.year, self.row.id, e.id)
    }

    fn action(&self, what: &str) -> String {
        format!("/penghargaan/peserta/{}/{}/{what}", self.year, self.row.id)
    }
}

struct Loaded {
    parts: CycleParts,
    evidence: Vec<EvidenceRecord>,
    published: Vec<(Round, Vec<GroupRanking>)>,
    /// The entry's certificates in force.
    certificates: Vec<paritrana_store::award::certificate::CertificateRecord>,
}

/// Loads an entry for its entrant: 404 when it does not exist, the policy's answer otherwise.
async fn load_entry(
    state: &AppState,
    caller: &Caller,
    year: u16,
    entry: u32,
    path: &str,
) -> Result<Loaded, PageError> {
    let store = state.store.clone();
    let id = EntryId(entry);
    let loaded = tokio::task::spawn_blocking(move || {
        let Some(parts) = CycleParts::load(&*store, year)? else {
            return Ok::<_, ApiError>(None);
        };
        if parts.entry(id).is_none() {
            return Ok(None);
        }
        Ok(Some(Loaded {
            evidence: store.award_evidence(year, id)?,
            published: published(&*store, year)?,
            certificates: store
                .award_certificates(year)?
                .into_iter()
                .filter(|c| c.entry == id && c.is_valid())
                .collect(),
            parts,
        }))
    })
    .await??;
    let loaded = loaded.ok_or_else(|| PageError::denied(Denied::Hidden, caller, path))?;
    let rec = loaded.parts.entry(id).expect("checked");
    let assigned = caller.account().is_some_and(|a| {
        loaded
            .parts
            .is_assigned(paritrana_core::award::ids::AssessorId(a.id), id)
    });
    caller
        .require(Action::ViewAwardEntry {
            entrant: rec.entry.entrant(),
            assigned,
        })
        .map_err(|d| PageError::denied(d, caller, path))?;
    Ok(loaded)
}

async fn entry_page(
    state: &AppState,
    caller: &Caller,
    year: u16,
    entry: u32,
    error: Option<String>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let path = format!("/penghargaan/peserta/{year}/{entry}");
    let loaded = load_entry(state, caller, year, entry, &path).await?;
    let lang = caller.lang;
    let rec = loaded.parts.entry(EntryId(entry)).expect("checked");
    let entrant = rec.entry.entrant();
    let may_enter = caller.may(Action::EnterAward(entrant));
    let lock = may_change(&loaded.parts.cycle.cycle, rec.state, state.today())
        .err()
        .map(|e| e.message(lang));
    let scores = Action::ViewAwardScores {
        entrant,
        assigned: false,
        published: !loaded.published.is_empty(),
    };
    let results = if caller.may(scores) {
        results_of(&loaded.published, rec.entry.id, lang)
    } else {
        Vec::new()
    };
    let indicators = loaded
        .parts
        .framework_of(&rec.entry)
        .map(|f| {
            f.indicators(Stage::Document)
                .map(|(_, i)| {
                    (
                        i.code.to_string(),
                        format!("{} {}", i.code, i.label.get(lang)),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let page = EntryPage {
        page: PageCtx::new(caller, &path, &rec.entry.name, &rec.entry.name),
        year,
        row: entry_row(&loaded.parts, rec, results, lang, &state.tree),
        statement: rec.statement.clone(),
        evidence: loaded.evidence.clone(),
        indicators,
        editable: may_enter && lock.is_none(),
        lock,
        may_enter,
        error,
        notice,
        max_mib: MAX_EVIDENCE_BYTES / (1024 * 1024),
        certificates: loaded
            .certificates
            .iter()
            .map(|c| (c.code().to_string(), c.certificate.achievement(lang)))
            .collect(),
    };
    let mut r = render(&page)?;
    *r.status_mut() = status;
    Ok(r)
}

#[derive(serde::Deserialize, Default)]
pub struct EntryQuery {
    ok: Option<String>,
}

/// `GET /penghargaan/peserta/{year}/{entry}`: one entry.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path((year, entry)): Path<(u16, u32)>,
    Query(q): Query<EntryQuery>,
) -> Result<Response, PageError> {
    let notice = q.ok.map(|what| {
        let lang = caller.lang;
        match what.as_str() {
            "bukti" => super::pick(lang, "Bukti tersimpan.", "Evidence saved."),
            "kirim" => super::pick(
                lang,
                "Berkas terkirim dan terkunci.",
                "Entry submitted and locked.",
            ),
            _ => super::pick(lang, "Tersimpan.", "Saved."),
        }
        .to_string()
    });
    entry_page(&state, &caller, year, entry, None, notice, StatusCode::OK).await
}

/// Asks `EnterAward` for an existing entry.
async fn require_enter(
    state: &AppState,
    caller: &Caller,
    year: u16,
    entry: u32,
) -> Result<(), PageError> {
    let path = format!("/penghargaan/peserta/{year}/{entry}");
    let loaded = load_entry(state, caller, year, entry, &path).await?;
    let rec = loaded.parts.entry(EntryId(entry)).expect("checked");
    caller
        .require(Action::EnterAward(rec.entry.entrant()))
        .map_err(|d| PageError::denied(d, caller, &path))
}

async fn after_change(
    state: &AppState,
    caller: &Caller,
    year: u16,
    entry: u32,
    done: Result<(), paritrana_store::AwardError>,
    ok: &str,
) -> Result<Response, PageError> {
    match done {
        Ok(()) => {
            let lang_q = if caller.lang == Lang::En {
                "&lang=en"
            } else {
                ""
            };
            Ok(Redirect::to(&format!(
                "/penghargaan/peserta/{year}/{entry}?ok={ok}{lang_q}"
            ))
            .into_response())
        }
        Err(e) => {
            let e = award_error(e);
            let status = e.status();
            entry_page(
                state,
                caller,
                year,
                entry,
                Some(e.text(caller.lang)),
                None,
                status,
            )
            .await
        }
    }
}

/// `POST /penghargaan/peserta/{year}/{entry}/pernyataan`: changes the statement of a draft.
pub async fn statement(
    State(state): State<AppState>,
    Path((year, entry)): Path<(u16, u32)>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    require_enter(&state, &caller, year, entry).await?;
    let text = form.get("pernyataan").to_string();
    let (store, today, actor) = (state.store.clone(), state.today(), caller.actor());
    let done = tokio::task::spawn_blocking(move || {
        store
            .update_award_statement(year, EntryId(entry), &text, today, &actor)
            .map(|_| ())
    })
    .await?;
    after_change(&state, &caller, year, entry, done, "pernyataan").await
}

/// `POST /penghargaan/peserta/{year}/{entry}/kirim`: submits a draft; it is locked from then on.
pub async fn submit(
    State(state): State<AppState>,
    Path((year, entry)): Path<(u16, u32)>,
    form: super::SignedForm,
) -> Result<Response, PageError> {
    let caller = form.caller.clone();
    require_enter(&state, &caller, year, entry).await?;
    let (store, today, actor) = (state.store.clone(), state.today(), caller.actor());
    let done = tokio::task::spawn_blocking(move || {
        store
            .submit_award_entry(year, EntryId(entry), today, &actor)
            .map(|_| ())
    })
    .await?;
    after_change(&state, &caller, year, entry, done, "kirim").await
}

/// An evidence file as received: in a temporary file beside the evidence folder.
struct Received {
    temp: tempfile::NamedTempFile,
    file_name: String,
    kind: EvidenceKind,
    size: u64,
    sha256: String,
}

/// Reads the upload form: its text fields and the file `berkas`, streamed to disk while hashed;
/// the first bytes decide the type. A refusal is returned after the whole body has been read.
async fn receive(
    mut form: Multipart,
    dir: &std::path::Path,
) -> Result<(std::collections::HashMap<String, String>, Option<Received>), ApiError> {
    let mut fields = std::collections::HashMap::new();
    let mut file: Option<Received> = None;
    let mut refusal: Option<ApiError> = None;
    let broken = |e: axum::extract::multipart::MultipartError, name: &str| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            evidence_too_large(name)
        } else {
            ApiError::BadRequest {
                id: format!("Unggahan tidak lengkap atau rusak ({})", e.body_text()),
                en: format!("The upload is incomplete or damaged ({})", e.body_text()),
            }
        }
    };
    paritrana_store::files::private_dir(dir).map_err(|e| ApiError::io("evidence", &e))?;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(refusal.unwrap_or_else(|| broken(e, ""))),
        };
        let name = field.name().unwrap_or("").to_string();
        match field.file_name().map(str::to_string) {
            Some(given)
                if name == "berkas"
                    && file.is_none()
                    && refusal.is_none()
                    && !given.trim().is_empty() =>
            {
                let file_name = crate::import_flow::clean_file_name(&given);
                let mut temp = tempfile::NamedTempFile::new_in(dir)
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                let mut hasher = Sha256::new();
                let mut head: Vec<u8> = Vec::new();
                let mut size = 0u64;
                let mut refused = false;
                loop {
                    let chunk = match field.chunk().await {
                        Ok(Some(c)) => c,
                        Ok(None) => break,
                        Err(e) => return Err(refusal.unwrap_or_else(|| broken(e, &file_name))),
                    };
                    if refused {
                        continue;
                    }
                    size += chunk.len() as u64;
                    if size > MAX_EVIDENCE_BYTES {
                        refusal = Some(evidence_too_large(&file_name));
                        refused = true;
                        continue;
                    }
                    if head.len() < 16 {
                        head.extend(chunk.iter().take(16 - head.len()));
                    }
                    hasher.update(&chunk);
                    temp.write_all(&chunk)
                        .map_err(|e| ApiError::Internal(e.to_string()))?;
                }
                if refused {
                    continue;
                }
                if size == 0 {
                    refusal = Some(ApiError::BadRequest {
                        id: format!("Berkas \"{file_name}\" kosong (0 bita)"),
                        en: format!("File \"{file_name}\" is empty (0 bytes)"),
                    });
                    continue;
                }
                match check_evidence(&file_name, &head) {
                    Ok(kind) => {
                        file = Some(Received {
                            temp,
                            file_name,
                            kind,
                            size,
                            sha256: hasher
                                .finalize()
                                .iter()
                                .map(|b| format!("{b:02x}"))
                                .collect(),
                        })
                    }
                    Err(e) => refusal = Some(e),
                }
            }
            Some(_) => while let Ok(Some(_)) = field.chunk().await {},
            None => match field.text().await {
                Ok(text) if text.len() <= 4096 && fields.len() < 16 => {
                    fields.insert(name, text);
                }
                Ok(_) => {}
                Err(e) => return Err(refusal.unwrap_or_else(|| broken(e, ""))),
            },
        }
    }
    match refusal {
        Some(r) => Err(r),
        None => Ok((fields, file)),
    }
}

/// `POST /penghargaan/peserta/{year}/{entry}/bukti` (multipart: `indikator`, `berkas`): adds an
/// evidence file to a draft.
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Path((year, entry)): Path<(u16, u32)>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let lang = caller.lang;
    require_enter(&state, &caller, year, entry).await?;
    let dir = state
        .data_dir
        .join("award")
        .join("evidence")
        .join("incoming");
    let received = match form {
        Ok(form) => receive(form, &dir).await,
        Err(e) => Err(ApiError::BadRequest {
            id: format!("Formulir unggah harus dikirim sebagai multipart/form-data ({e})"),
            en: format!("The upload form must be sent as multipart/form-data ({e})"),
        }),
    };
    let (fields, file) = match received {
        Ok(r) => r,
        Err(e) => {
            let status = e.status();
            return entry_page(
                &state,
                &caller,
                year,
                entry,
                Some(e.text(lang)),
                None,
                status,
            )
            .await;
        }
    };
    crate::auth::csrf::verify(&caller, fields.get("csrf").map(String::as_str))
        .map_err(PageError::Api)?;
    let refuse = |e: ApiError| {
        let (state, caller) = (state.clone(), caller.clone());
        async move {
            let status = e.status();
            entry_page(
                &state,
                &caller,
                year,
                entry,
                Some(e.text(lang)),
                None,
                status,
            )
            .await
        }
    };
    let Some(file) = file else {
        return refuse(bad(
            "Berkas: pilih berkas PDF, PNG, JPEG atau XLSX".into(),
            "File: choose a PDF, PNG, JPEG or XLSX file".into(),
        ))
        .await;
    };
    let raw = fields.get("indikator").map_or("", |s| s.trim());
    let Ok(indicator) = IndicatorCode::parse(raw) else {
        return refuse(bad(
            format!("Indikator: \"{raw}\" bukan kode indikator"),
            format!("Indicator: \"{raw}\" is not an indicator code"),
        ))
        .await;
    };
    let new = NewEvidence {
        indicator,
        sha256: file.sha256.clone(),
        file_name: file.file_name.clone(),
        media_type: file.kind.media_type().to_string(),
        size: file.size,
    };
    let (store, today, actor, data_dir) = (
        state.store.clone(),
        state.today(),
        caller.actor(),
        state.data_dir.clone(),
    );
    let done = tokio::task::spawn_blocking(move || {
        // The indicator must be one of the entry's framework.
        let parts = CycleParts::load(&*store, year)
            .map_err(paritrana_store::AwardError::Store)?
            .ok_or(paritrana_store::AwardError::NoCycle(year))?;
        let rec = parts
            .entry(EntryId(entry))
            .ok_or(paritrana_store::AwardError::NoEntry(EntryId(entry)))?;
        let known = parts
            .framework_of(&rec.entry)
            .is_some_and(|f| f.indicator(&new.indicator).is_some());
        if !known {
            return Err(paritrana_store::AwardError::Score(
                paritrana_core::award::score::ScoreError::UnknownIndicator {
                    indicator: new.indicator.clone(),
                    category: rec.entry.category.to_string(),
                },
            ));
        }
        store.add_award_evidence(year, EntryId(entry), &new, today, &actor)?;
        // Kept once per content: a file already there is the same bytes.
        let path = evidence_path(&data_dir, &new.sha256)
            .ok_or_else(|| paritrana_store::AwardError::BadSha256(new.sha256.clone()))?;
        if !path.exists() {
            let io = |e: std::io::Error| {
                paritrana_store::AwardError::Store(paritrana_store::StoreError::io(&path, e))
            };
            if let Some(parent) = path.parent() {
                paritrana_store::files::private_dir(parent).map_err(io)?;
            }
            file.temp.persist(&path).map_err(|e| io(e.error))?;
        }
        Ok(())
    })
    .await?;
    after_change(&state, &caller, year, entry, done, "bukti").await
}

/// `GET /penghargaan/bukti/{year}/{entry}/{id}`: an evidence file, for whoever may read the
/// entry, always as an attachment of its stored type.
pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path((year, entry, id)): Path<(u16, u32, i64)>,
) -> Result<Response, PageError> {
    let path = format!("/penghargaan/bukti/{year}/{entry}/{id}");
    let loaded = load_entry(&state, &caller, year, entry, &path).await?;
    let hidden = || PageError::denied(Denied::Hidden, &caller, &path);
    let ev = loaded
        .evidence
        .iter()
        .find(|e| e.id == id)
        .cloned()
        .ok_or_else(hidden)?;
    let file = evidence_path(&state.data_dir, &ev.sha256).ok_or_else(hidden)?;
    let bytes = tokio::task::spawn_blocking(move || std::fs::read(file))
        .await?
        .map_err(|_| hidden())?;
    let name = attachment_name(&ev.file_name);
    Ok((
        [
            (header::CONTENT_TYPE, ev.media_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
