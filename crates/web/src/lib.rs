//! Paritrana's HTTP layer: the JSON API under `/api/v1` and the pages, served by axum.
//! Handlers extract, call one store or domain function, and render; errors go through
//! [`error::ApiError`].

pub mod coverage;
pub mod error;
mod lang;
mod routes;
pub use routes::nik::NikReport;

use axum::Router;
use chrono::NaiveDate;
use paritrana_core::region::RegionTree;
use paritrana_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;

/// Everything a handler may need, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub tree: Arc<RegionTree>,
    /// A fixed "today" for reproducible runs; `None` means the real date.
    fixed_today: Option<NaiveDate>,
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
        }
    }

    /// The targets coverage % is computed against.
    pub fn targets(
        &self,
    ) -> Result<
        Arc<dyn paritrana_core::coverage::report::Targets + Send + Sync>,
        paritrana_store::StoreError,
    > {
        Ok(Arc::new(paritrana_core::coverage::report::NoTargets))
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
