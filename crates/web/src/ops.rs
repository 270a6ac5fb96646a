//! Endpoints for whoever runs the site: liveness (`/healthz`, the process answers) and
//! readiness (`/readyz`, the catalog and Smart Pick's model are loaded, with the catalog
//! version served), for load balancers and orchestrators.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::state::{AppState, Site};

/// Largest request body accepted, in bytes: a Smart Pick profile or a form is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Longest a request may take before it is answered with 408 Request Timeout.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// The operations routes.
pub fn routes() -> Router<Site> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> &'static str {
    "ok\n"
}

/// What readiness reports.
#[derive(Debug, Serialize)]
struct Readiness {
    status: &'static str,
    catalog_version: i64,
    catalog: String,
    fictional: bool,
}

async fn readyz(State(state): State<AppState>) -> Json<Readiness> {
    // The state is built, catalog and model included, before the server accepts connections,
    // so a server that answers is ready.
    let meta = &state.catalog().meta;
    Json(Readiness {
        status: "ready",
        catalog_version: state.version(),
        catalog: meta.label.clone(),
        fictional: meta.fictional,
    })
}
