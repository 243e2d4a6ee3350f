//! Paritrana's HTTP layer: the JSON API under `/api/v1` and the pages, served by axum.
//! Handlers extract, call one store or domain function, and render; errors go through
//! [`error::ApiError`].

pub mod coverage;
pub mod coverage_table;
pub mod error;
mod lang;
mod routes;
pub use routes::nik::NikReport;

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
        }
    }

    /// The target book, rebuilt when an import has changed the store since it was built.
    pub fn targets(&self) -> Result<Arc<TargetBook>, paritrana_store::StoreError> {
        let version = self.store.version()?;
        let mut cached = self
            .targets
            .lock()
            .map_err(|_| paritrana_store::StoreError::Corrupt("target cache poisoned".into()))?;
        if let Some((v, book)) = cached.as_ref()
            && *v == version
        {
            return Ok(book.clone());
        }
        let book = Arc::new(TargetBook::new(self.store.targets()?, &self.tree));
        *cached = Some((version, book.clone()));
        Ok(book)
    }

    /// The date taken as today.
    pub fn today(&self) -> NaiveDate {
        self.fixed_today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// The application's routes.
pub fn router(state: AppState) -> Router {
    routes::router()
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(addr: SocketAddr, state: AppState) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    tracing::info!("Paritrana serving on http://{bound}");
    // On stdout as well, so scripts (and tests that bind port 0) learn the address.
    println!("Paritrana: http://{bound}/");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown())
        .await
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
