//! Paritrana's HTTP layer: the JSON API under `/api/v1` and the pages, served by axum.
//! Handlers extract, call one store or domain function, and render; errors go through
//! [`error::ApiError`].

pub mod auth;
pub use paritrana_app::award_figures;
pub mod award_view;
pub mod charts;
pub mod coverage_view;
pub mod error;
pub mod health;
pub mod import_flow;
mod lang;
pub mod map;
pub mod openapi;
pub mod page_cache;
mod pages;
pub mod panic;
pub mod public_url;
mod routes;
pub mod security_headers;
pub mod server;
// The use cases shared with the command line live in `paritrana-app`; the pages and the API
// reach them under their old paths.
pub use paritrana_app::{audit_view, coverage, coverage_table, query_date};

use axum::Router;
use chrono::NaiveDate;
use paritrana_core::region::RegionTree;
use paritrana_core::target::TargetBook;
use paritrana_store::Store;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// A target book and the store version it was built at.
type VersionedBook = (i64, Arc<TargetBook>);

/// Everything a handler may need, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub tree: Arc<RegionTree>,
    /// A fixed "today" for reproducible runs; `None` means the real date.
    fixed_today: Option<NaiveDate>,
    /// The target book with the store version it was built at.
    targets: Arc<Mutex<Option<VersionedBook>>>,
    /// Sessions, cookies and sign-in throttling.
    pub auth: Arc<auth::AuthConfig>,
    /// The one-time code that lets the first administrator be created from the browser; set
    /// by `serve` when no account exists, cleared once used.
    pub setup_code: Arc<Mutex<Option<String>>>,
    /// Rendered public coverage pages and their JSON, per store version and day.
    pub pages: Arc<page_cache::PageCache>,
    /// Uploads waiting for their commit, reports of past imports, running import jobs.
    pub imports: Arc<import_flow::ImportFlow>,
    /// The data directory: award evidence files live under it (`award::evidence_path`).
    pub data_dir: Arc<std::path::PathBuf>,
    /// The configured public address (`serve --public-url`), the base of the verification URLs
    /// printed on certificates; `None`: taken from the request ([`AppState::public_base`]).
    pub public_url: Option<Arc<public_url::PublicUrl>>,
    /// Whether the server can save now (`/healthz`), probed every few seconds.
    pub health: Arc<health::Health>,
    /// The registry's counts for `/status` with the generation they were counted at: counting
    /// 10 million workers takes about a second, so it is done once per import and day, by one
    /// request while the others wait (the lock is held while counting).
    pub registry_stats:
        Arc<tokio::sync::Mutex<Option<(page_cache::Generation, paritrana_store::RegistryStats)>>>,
}

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        tree: Arc<RegionTree>,
        fixed_today: Option<NaiveDate>,
    ) -> AppState {
        AppState {
            store,
            tree,
            fixed_today,
            targets: Arc::default(),
            auth: Arc::new(auth::AuthConfig::default()),
            setup_code: Arc::default(),
            pages: Arc::default(),
            registry_stats: Arc::default(),
            // A private folder per process until `with_import_dir` names the data directory's.
            imports: Arc::new(import_flow::ImportFlow::in_dir(
                &std::env::temp_dir().join(format!("paritrana-impor-{}", std::process::id())),
            )),
            data_dir: Arc::new(
                std::env::temp_dir().join(format!("paritrana-data-{}", std::process::id())),
            ),
            public_url: None,
            health: Arc::default(),
        }
    }

    /// The same state with a configured public address.
    pub fn with_public_url(mut self, url: public_url::PublicUrl) -> AppState {
        self.public_url = Some(Arc::new(url));
        self
    }

    /// The public base address for URLs that leave the server: the configured one, else the
    /// one the request came to (its `Host` header, checked; see [`public_url`]).
    pub fn public_base(
        &self,
        headers: &axum::http::HeaderMap,
    ) -> Result<public_url::PublicUrl, error::ApiError> {
        if let Some(url) = &self.public_url {
            return Ok((**url).clone());
        }
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        public_url::PublicUrl::from_host(host, self.auth.secure_cookies).ok_or_else(|| {
            error::ApiError::BadRequest {
                id: format!(
                    "alamat publik server tidak diketahui (header Host `{host}` tidak sah): jalankan serve dengan --public-url"
                ),
                en: format!(
                    "the server's public address is unknown (Host header `{host}` is not valid): run serve with --public-url"
                ),
            }
        })
    }

    /// The same state keeping uploads and import reports in `dir` (`DATA_DIR/impor`).
    pub fn with_import_dir(mut self, dir: &std::path::Path) -> AppState {
        self.imports = Arc::new(import_flow::ImportFlow::in_dir(dir));
        self
    }

    /// The same state keeping award evidence under `dir` (the data directory).
    pub fn with_data_dir(mut self, dir: &std::path::Path) -> AppState {
        self.data_dir = Arc::new(dir.to_path_buf());
        self
    }

    /// The same state with other account settings.
    pub fn with_auth(mut self, auth: auth::AuthConfig) -> AppState {
        self.auth = Arc::new(auth);
        self
    }

    /// When no account exists yet, makes a one-time code for creating the first administrator
    /// in the browser (at `/pasang?kode=…`) and returns it (blocking: it reads the store).
    pub fn first_run_code(&self) -> Result<Option<String>, paritrana_store::StoreError> {
        if self.store.user_count()? > 0 {
            return Ok(None);
        }
        let code = auth::secret::random_hex();
        if let Ok(mut slot) = self.setup_code.lock() {
            *slot = Some(code.clone());
        }
        Ok(Some(code))
    }

    /// The target book, rebuilt when an import has changed the store since it was built
    /// (blocking: it reads the store).
    pub fn targets(&self) -> Result<Arc<TargetBook>, paritrana_store::StoreError> {
        let version = self.store.version()?;
        let mut cached = self
            .targets
            .lock()
            .map_err(|_| paritrana_store::StoreError::backend("target cache poisoned"))?;
        if let Some((v, book)) = cached.as_ref()
            && *v == version
        {
            return Ok(book.clone());
        }
        let book = Arc::new(TargetBook::new(self.store.targets()?, &self.tree));
        *cached = Some((version, book.clone()));
        Ok(book)
    }

    /// The generation of cached public pages: the store version and today (blocking: it reads
    /// the store; async code calls [`AppState::current_generation`]).
    pub fn page_generation(&self) -> Result<page_cache::Generation, paritrana_store::StoreError> {
        Ok((self.store.version()?, self.today()))
    }

    /// [`AppState::page_generation`] from async code: the version is read on a blocking
    /// thread, never on an async worker.
    pub async fn current_generation(&self) -> Result<page_cache::Generation, error::ApiError> {
        let state = self.clone();
        Ok(tokio::task::spawn_blocking(move || state.page_generation()).await??)
    }

    /// The date taken as today.
    pub fn today(&self) -> NaiveDate {
        self.fixed_today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// The application's routes.
pub fn router(state: AppState) -> Router {
    let app = routes::router()
        .layer(axum::middleware::from_fn(auth::csrf::same_origin))
        .layer(tower_http::compression::CompressionLayer::new());
    // A panic anywhere inside is a 500 answer, not a dropped connection; the security headers
    // go on every answer, that one included.
    panic::catch_panics(app)
        .layer(axum::middleware::from_fn(security_headers::apply))
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM, within `limits` ([`server`]).
pub async fn serve(
    addr: SocketAddr,
    state: AppState,
    limits: server::Limits,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    panic::install_quiet_hook();
    let bound = listener.local_addr()?;
    tracing::info!("Paritrana serving on http://{bound}");
    use std::io::Write as _;
    let mut out = std::io::stdout();
    // The store is read on a blocking thread, as every store call from async code.
    let first_run = state.clone();
    let code = tokio::task::spawn_blocking(move || first_run.first_run_code())
        .await
        .map_err(std::io::Error::other)?
        .map_err(std::io::Error::other)?;
    if let Some(code) = code {
        // The only way in on a fresh installation besides `paritrana user add`: printed once,
        // never a default password.
        let _ = writeln!(
            out,
            "Belum ada akun. Buat administrator pertama di http://{bound}/pasang?kode={code} \
             (atau: paritrana user add NAMA --role admin)"
        );
    }
    // On stdout as well, so scripts (and tests that bind port 0) learn the address. A closed
    // stdout (a test that stopped reading) must not stop the server.
    let _ = writeln!(out, "Paritrana: http://{bound}/");
    let _ = out.flush();
    server::run(listener, router(state), limits, shutdown()).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
