//! One module per area; `router` lists every route in one place.

mod accounts;
mod assets;
mod audit;
pub(crate) mod award;
mod budget;
mod budget_page;
mod coverage;
pub(crate) mod imports;
pub mod nik;
mod openapi;
mod regions;
pub(crate) mod status;
mod summary;
mod targets;
pub(crate) mod transfers;
pub(crate) mod workers;

use crate::AppState;
use crate::pages;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

/// The body limit of the upload forms: twice the file limit, so that the rest of a file that is
/// too large can be read and dropped and the browser shows the 413 page rather than a reset
/// connection (the file itself is cut at `import_flow::MAX_UPLOAD_BYTES`).
const FORM_UPLOAD_LIMIT: usize = 2 * imports::MAX_UPLOAD_BYTES + 1024 * 1024;

/// The body limit of the award evidence form: twice the file limit (the rest of a file that is
/// too large is read and dropped, and the page says why).
const AWARD_UPLOAD_LIMIT: usize = 2 * crate::award_view::MAX_EVIDENCE_BYTES as usize + 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        // The public coverage pages and their JSON.
        .route("/", get(pages::dashboard::show))
        .route("/wilayah", get(pages::region::search))
        .route("/wilayah/{code}", get(pages::region::show))
        .route("/api/v1/dashboard", get(summary::dashboard_api))
        .route("/api/v1/regions/{code}/summary", get(summary::region_api))
        .route("/status", get(status::page))
        .route("/healthz", get(status::health))
        // The OpenAPI document of /api/v1 (crates/web/openapi/, docs/api.md).
        .route("/api/v1/openapi.json", get(openapi::get))
        .route("/api/v1/status", get(status::api))
        .route("/api/v1/regions", get(regions::search))
        .route("/api/v1/regions/{code}", get(regions::show))
        .route("/api/v1/nik/{nik}", get(nik::check))
        .route("/api/v1/coverage", get(coverage::get))
        .route("/api/v1/workers", get(workers::search))
        .route("/api/v1/workers/{nik}", get(workers::show))
        .route("/api/v1/me", get(accounts::me))
        .route("/api/v1/users", get(accounts::list).post(accounts::create))
        .route("/api/v1/users/{id}", axum::routing::patch(accounts::update))
        .route("/api/v1/audit", get(audit::search))
        .route("/api/v1/imports", get(imports::list))
        .route("/api/v1/imports/{id}", get(imports::show))
        .route(
            "/api/v1/imports/participants",
            post(imports::upload_participants)
                .layer(DefaultBodyLimit::max(imports::MAX_UPLOAD_BYTES)),
        )
        // Import pages (upload → preview → commit), target page, and their API routes.
        .route(
            "/api/v1/imports/targets",
            post(imports::upload_targets).layer(DefaultBodyLimit::max(imports::MAX_UPLOAD_BYTES)),
        )
        .route("/api/v1/imports/jobs/{id}", get(imports::job))
        .route("/api/v1/imports/{id}/report", get(imports::report))
        .route("/api/v1/imports/{id}/problems", get(imports::problems))
        .route(
            "/api/v1/imports/previews/{id}/report",
            get(imports::preview_report),
        )
        .route(
            "/impor",
            get(pages::import::page)
                .post(pages::import::upload)
                .layer(DefaultBodyLimit::max(FORM_UPLOAD_LIMIT)),
        )
        .route("/impor/templat.xlsx", get(pages::import::template_xlsx))
        .route("/impor/templat.csv", get(pages::import::template_csv))
        .route("/impor/{id}", get(pages::import::detail))
        .route("/impor/pratinjau/{id}", get(pages::import_preview::show))
        .route(
            "/impor/pratinjau/{id}/simpan",
            post(pages::import_upload::commit),
        )
        .route(
            "/impor/pratinjau/{id}/batal",
            post(pages::import_upload::cancel),
        )
        .route(
            "/target",
            get(pages::targets::page)
                .post(pages::targets::upload)
                .layer(DefaultBodyLimit::max(FORM_UPLOAD_LIMIT)),
        )
        .route("/api/v1/targets", get(targets::show))
        .route("/api/v1/budget/rates", get(budget::rates))
        .route("/api/v1/budget/worker", get(budget::worker))
        .route("/api/v1/budget/plan", post(budget::plan))
        .route("/anggaran", get(budget_page::show))
        .route("/anggaran.xlsx", get(budget_page::xlsx))
        .route("/anggaran.pdf", get(budget_page::pdf))
        .route("/assets/{name}", get(assets::get))
        .route("/masuk", get(pages::login::form).post(pages::login::submit))
        .route("/keluar", post(pages::login::logout))
        .route("/keluar-semua", post(pages::login::logout_everywhere))
        .route(
            "/pasang",
            get(pages::setup::form).post(pages::setup::submit),
        )
        .route("/akun", get(pages::account::show))
        .route("/akun/sandi", post(pages::account::change_password))
        .route("/akun/token", post(pages::account::create_token))
        .route("/akun/token/{id}/cabut", post(pages::account::revoke_token))
        .route(
            "/admin/pengguna",
            get(pages::users::list).post(pages::users::create),
        )
        .route(
            "/admin/pengguna/{id}",
            get(pages::users::edit).post(pages::users::update),
        )
        .route(
            "/admin/pengguna/{id}/sandi",
            post(pages::users::reset_password),
        )
        .route("/admin/audit", get(pages::audit::page))
        .route("/admin/audit.csv", get(pages::audit::csv))
        // Worker pages: NIK check, name search, one worker.
        .route(
            "/pekerja",
            get(pages::workers::form).post(pages::workers::search),
        )
        .route("/pekerja/{nik}", get(pages::worker_page::show))
        // The Paritrana Award (docs/award-web.md): assessor, entrant, secretariat and public
        // pages, and their JSON.
        .route("/penilaian", get(pages::award_assess::list))
        .route(
            "/penilaian/{year}/penetapan",
            get(pages::award_decide::show).post(pages::award_decide::decide),
        )
        .route(
            "/penilaian/{year}/{entry}/{stage}",
            get(pages::award_assess::sheet).post(pages::award_assess::save),
        )
        .route(
            "/penghargaan/peserta",
            get(pages::award_entrant::list).post(pages::award_entrant::register),
        )
        .route(
            "/penghargaan/peserta/{year}/{entry}",
            get(pages::award_entrant::show),
        )
        .route(
            "/penghargaan/peserta/{year}/{entry}/pernyataan",
            post(pages::award_entrant::statement),
        )
        .route(
            "/penghargaan/peserta/{year}/{entry}/kirim",
            post(pages::award_entrant::submit),
        )
        .route(
            "/penghargaan/peserta/{year}/{entry}/bukti",
            post(pages::award_entrant::upload).layer(DefaultBodyLimit::max(AWARD_UPLOAD_LIMIT)),
        )
        .route(
            "/penghargaan/bukti/{year}/{entry}/{id}",
            get(pages::award_entrant::download),
        )
        .route("/admin/penghargaan", get(pages::award_admin::page))
        .route(
            "/admin/penghargaan/siklus",
            post(pages::award_admin::create_cycle),
        )
        .route(
            "/admin/penghargaan/{year}/kerangka/{category}/kunci",
            post(pages::award_admin::freeze),
        )
        .route(
            "/admin/penghargaan/{year}/tim",
            post(pages::award_admin::create_panel),
        )
        .route(
            "/admin/penghargaan/{year}/tim/{panel}/anggota",
            post(pages::award_admin::add_member),
        )
        .route(
            "/admin/penghargaan/{year}/penugasan",
            post(pages::award_admin::assign),
        )
        .route(
            "/admin/penghargaan/{year}/angka",
            post(pages::award_admin::enter_figure),
        )
        .route(
            "/admin/penghargaan/{year}/angka/registri",
            post(pages::award_admin::refresh_figures),
        )
        .route(
            "/admin/penghargaan/{year}/nominasi",
            post(pages::award_admin::nominate),
        )
        .route(
            "/admin/penghargaan/{year}/babak/{round}/tutup",
            post(pages::award_admin::close),
        )
        .route(
            "/admin/penghargaan/{year}/babak/{round}/umumkan",
            post(pages::award_admin::publish),
        )
        .route(
            "/admin/penghargaan/{year}/peringkat/{round}",
            get(pages::award_admin::rankings),
        )
        .route("/penghargaan", get(pages::award_public::latest))
        .route("/penghargaan/{year}", get(pages::award_public::show))
        .route(
            "/penghargaan/{year}/hasil.xlsx",
            get(pages::award_public::xlsx),
        )
        .route(
            "/penghargaan/{year}/hasil.pdf",
            get(pages::award_public::pdf),
        )
        .route(
            "/api/v1/award/{year}/results",
            get(pages::award_public::api),
        )
        .route("/api/v1/award/assignments", get(award::assignments))
        .route("/api/v1/award/{year}/entries", get(award::entries))
        .route(
            "/api/v1/award/{year}/entries/{entry}/history",
            get(award::history),
        )
        // Award certificates (docs/award-certificates.md): issuing and withdrawing on the
        // secretariat's page, public verification by code, the PDF printed again, the JSON.
        .route(
            "/admin/penghargaan/{year}/piagam/{round}/terbitkan",
            post(pages::award_piagam_admin::issue),
        )
        .route(
            "/admin/penghargaan/{year}/piagam/cabut",
            post(pages::award_piagam_admin::withdraw),
        )
        .route("/piagam", get(pages::award_piagam::form))
        .route("/piagam/{code}", get(pages::award_piagam::show))
        .route("/piagam/{code}/pdf", get(pages::award_piagam::pdf))
        .route(
            "/api/v1/award/certificates/{code}",
            get(pages::award_piagam::api),
        )
        // Transfers of workers between regions (docs/transfers.md): the page and the JSON.
        .route(
            "/pemindahan",
            get(pages::transfers::show).post(pages::transfers::request),
        )
        .route("/pemindahan/{id}/setujui", post(pages::transfers::approve))
        .route("/pemindahan/{id}/tolak", post(pages::transfers::refuse))
        .route("/pemindahan/{id}/batal", post(pages::transfers::cancel))
        .route(
            "/api/v1/transfers",
            get(transfers::list).post(transfers::create),
        )
        .route("/api/v1/transfers/{id}/approve", post(transfers::approve))
        .route("/api/v1/transfers/{id}/refuse", post(transfers::refuse))
        .route("/api/v1/transfers/{id}/cancel", post(transfers::cancel))
}
