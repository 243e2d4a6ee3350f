//! Public verification of a piagam (award certificate): `/piagam`, a form to type a code;
//! `/piagam/{code}`, what the certificate says and whether it is in force; `/piagam/{code}/pdf`,
//! the piagam printed again from its stored value; and `GET /api/v1/award/certificates/{code}`.
//!
//! No account is needed: the piagam is public. A code is read with `VerificationCode::parse`
//! (any case, with or without dashes, `I`/`L`/`O` for `1`/`0`), so a typing error is caught
//! before any lookup and answered 400 with the reason; a readable code not in the store is 404.
//! The page shows only what the piagam prints (recipient, achievement, place and date,
//! signatories, code) and, for a withdrawn one, the date of the withdrawal, never its reason,
//! which may name people.

use super::{PageCtx, PageError, pick, render};
use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::auth::Action;
use paritrana_core::award::certificate::{AwardLevel, Place};
use paritrana_core::award::panel::Round;
use paritrana_core::award::verification::VerificationCode;
use paritrana_core::lang::Localized;
use paritrana_store::award::certificate::CertificateRecord;
use serde::Serialize;

/// What the verification page shows of a certificate, in the page's language.
pub struct CertificateView {
    pub code: String,
    pub valid: bool,
    /// The date of the withdrawal (`2026-12-01`), for a withdrawn certificate.
    pub withdrawn_on: String,
    pub recipient: String,
    pub achievement: String,
    pub award_name: String,
    pub place_and_date: String,
    /// (title, name), left to right as printed.
    pub signatories: Vec<(String, String)>,
}

impl CertificateView {
    pub fn new(rec: &CertificateRecord, lang: Lang) -> CertificateView {
        let c = &rec.certificate;
        CertificateView {
            code: c.code.to_string(),
            valid: rec.is_valid(),
            withdrawn_on: withdrawn_on(rec).map_or_else(String::new, |d| d.to_string()),
            recipient: c.recipient.clone(),
            achievement: c.achievement(lang),
            award_name: c.award_name(),
            place_and_date: c.place_and_date(lang),
            signatories: c
                .signatories
                .iter()
                .map(|s| (s.title(lang).to_string(), s.name.clone()))
                .collect(),
        }
    }
}

fn withdrawn_on(rec: &CertificateRecord) -> Option<NaiveDate> {
    rec.withdrawn.as_ref().and_then(|w| w.date())
}

#[derive(Template)]
#[template(path = "piagam.html")]
struct VerifyPage {
    page: PageCtx,
    certificate: Option<CertificateView>,
    error: Option<String>,
    /// What the visitor typed, kept in the form.
    typed: String,
}

#[derive(serde::Deserialize, Default)]
pub struct CodeQuery {
    kode: Option<String>,
}

/// The query keeping English on a redirect.
fn lang_query(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "",
        Lang::En => "?lang=en",
    }
}

/// The verification page with a status.
fn page(
    caller: &Caller,
    path: &str,
    status: StatusCode,
    certificate: Option<CertificateView>,
    error: Option<String>,
    typed: String,
) -> Result<Response, PageError> {
    let mut r = render(&VerifyPage {
        page: PageCtx::new(
            caller,
            path,
            "Verifikasi piagam Paritrana Award",
            "Paritrana Award certificate verification",
        ),
        certificate,
        error,
        typed,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

fn require(caller: &Caller, path: &str) -> Result<(), PageError> {
    caller
        .require(Action::ViewAggregates)
        .map_err(|d| PageError::denied(d, caller, path))
}

/// The certificate of a typed code: `Err` with the page's answer when the code does not read,
/// is not the canonical form (a redirect to it, `suffix` kept), or is not registered.
async fn lookup(
    state: &AppState,
    caller: &Caller,
    typed: &str,
    suffix: &str,
) -> Result<Result<CertificateRecord, Response>, PageError> {
    let lang = caller.lang;
    let path = format!("/piagam/{typed}");
    let code = match VerificationCode::parse(typed) {
        Ok(code) => code,
        Err(e) => {
            let r = page(
                caller,
                "/piagam",
                StatusCode::BAD_REQUEST,
                None,
                Some(e.message(lang)),
                typed.to_string(),
            )?;
            return Ok(Err(r));
        }
    };
    if code.to_string() != typed {
        let to = format!("/piagam/{code}{suffix}{}", lang_query(lang));
        return Ok(Err(Redirect::permanent(&to).into_response()));
    }
    let store = state.store.clone();
    let found = tokio::task::spawn_blocking(move || store.award_certificate(code)).await??;
    match found {
        Some(rec) => Ok(Ok(rec)),
        None => {
            let message = match lang {
                Lang::Id => format!("Piagam dengan kode {code} tidak terdaftar."),
                Lang::En => format!("No certificate with code {code} is registered."),
            };
            let r = page(
                caller,
                &path,
                StatusCode::NOT_FOUND,
                None,
                Some(message),
                typed.to_string(),
            )?;
            Ok(Err(r))
        }
    }
}

/// `GET /piagam[?kode=…]`: the form; a typed code goes to its page.
pub async fn form(caller: Caller, Query(q): Query<CodeQuery>) -> Result<Response, PageError> {
    require(&caller, "/piagam")?;
    let typed = q.kode.unwrap_or_default();
    if typed.trim().is_empty() {
        return page(
            &caller,
            "/piagam",
            StatusCode::OK,
            None,
            None,
            String::new(),
        );
    }
    match VerificationCode::parse(&typed) {
        Ok(code) => {
            Ok(Redirect::to(&format!("/piagam/{code}{}", lang_query(caller.lang))).into_response())
        }
        Err(e) => page(
            &caller,
            "/piagam",
            StatusCode::BAD_REQUEST,
            None,
            Some(e.message(caller.lang)),
            typed,
        ),
    }
}

/// `GET /piagam/{code}`: the certificate and whether it is in force.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(typed): Path<String>,
) -> Result<Response, PageError> {
    require(&caller, &format!("/piagam/{typed}"))?;
    let rec = match lookup(&state, &caller, &typed, "").await? {
        Ok(rec) => rec,
        Err(answer) => return Ok(answer),
    };
    let view = CertificateView::new(&rec, caller.lang);
    let path = format!("/piagam/{}", view.code);
    page(
        &caller,
        &path,
        StatusCode::OK,
        Some(view),
        None,
        rec.code().to_string(),
    )
}

/// `GET /piagam/{code}/pdf[?lang=en]`: the piagam printed again from its stored value (the
/// same bytes as when issued). A withdrawn piagam is not handed out: 410 with the date.
pub async fn pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(typed): Path<String>,
) -> Result<Response, PageError> {
    require(&caller, &format!("/piagam/{typed}/pdf"))?;
    let rec = match lookup(&state, &caller, &typed, "/pdf").await? {
        Ok(rec) => rec,
        Err(answer) => return Ok(answer),
    };
    let lang = caller.lang;
    if !rec.is_valid() {
        let date = withdrawn_on(&rec).map_or_else(String::new, |d| d.to_string());
        let message = pick(
            lang,
            "Piagam ini sudah dicabut dan tidak dapat diunduh lagi. Dicabut pada",
            "This certificate has been withdrawn and can no longer be downloaded. Withdrawn on",
        );
        let view = CertificateView::new(&rec, lang);
        let path = format!("/piagam/{}", view.code);
        return page(
            &caller,
            &path,
            StatusCode::GONE,
            Some(view),
            Some(format!("{message} {date}.")),
            rec.code().to_string(),
        );
    }
    let certificate = rec.certificate.clone();
    let bytes =
        tokio::task::spawn_blocking(move || paritrana_sheets::certificate_pdf(&certificate, lang))
            .await?
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    let name = match lang {
        Lang::Id => format!("piagam-{}.pdf", rec.code()),
        Lang::En => format!("piagam-{}-en.pdf", rec.code()),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            // A piagam may be withdrawn later: always ask again.
            (header::CACHE_CONTROL, "no-cache".to_string()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Serialize)]
pub struct ApiSignatory {
    title: String,
    name: String,
}

/// `GET /api/v1/award/certificates/{code}`: what the verification page says, as JSON.
#[derive(Serialize)]
pub struct ApiCertificate {
    code: String,
    /// `valid` or `withdrawn`.
    status: &'static str,
    withdrawn_on: Option<NaiveDate>,
    year: u16,
    round: Round,
    place: Place,
    /// `provincial` or `national`.
    level: &'static str,
    /// The province's name for a provincial award.
    province: Option<String>,
    recipient: String,
    category: String,
    achievement: String,
    award_name: String,
    place_and_date: String,
    city: String,
    date: NaiveDate,
    signatories: Vec<ApiSignatory>,
    url: String,
}

impl ApiCertificate {
    fn new(rec: &CertificateRecord, lang: Lang) -> ApiCertificate {
        let c = &rec.certificate;
        let (level, province) = match &c.level {
            AwardLevel::Provincial { province } => ("provincial", Some(province.clone())),
            AwardLevel::National => ("national", None),
        };
        ApiCertificate {
            code: c.code.to_string(),
            status: if rec.is_valid() { "valid" } else { "withdrawn" },
            withdrawn_on: withdrawn_on(rec),
            year: c.year,
            round: rec.round,
            place: c.place,
            level,
            province,
            recipient: c.recipient.clone(),
            category: match c.category.get(lang).trim() {
                "" => c.category.id.clone(),
                label => label.to_string(),
            },
            achievement: c.achievement(lang),
            award_name: c.award_name(),
            place_and_date: c.place_and_date(lang),
            city: c.city.clone(),
            date: c.date,
            signatories: c
                .signatories
                .iter()
                .map(|s| ApiSignatory {
                    title: s.title(lang).to_string(),
                    name: s.name.clone(),
                })
                .collect(),
            url: c.url.clone(),
        }
    }
}

/// `GET /api/v1/award/certificates/{code}`: public; 400 when the code does not read (the
/// reason in both languages), 404 when it is not registered.
pub async fn api(
    State(state): State<AppState>,
    caller: Caller,
    Path(typed): Path<String>,
) -> Result<axum::Json<ApiCertificate>, ApiError> {
    caller.require(Action::ViewAggregates)?;
    let code = VerificationCode::parse(&typed).map_err(|e| ApiError::BadRequest {
        id: e.message(Lang::Id),
        en: e.message(Lang::En),
    })?;
    let store = state.store.clone();
    let rec = tokio::task::spawn_blocking(move || store.award_certificate(code))
        .await??
        .ok_or_else(|| ApiError::NotFound {
            id: format!("piagam {code} tidak terdaftar"),
            en: format!("certificate {code} is not registered"),
        })?;
    Ok(axum::Json(ApiCertificate::new(&rec, caller.lang)))
}
