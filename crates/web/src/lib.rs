//! The web application: server-rendered pages and the JSON API under `/api/v1`.
//!
//! Pages are typed structs rendered by compile-time templates (askama) and work without
//! JavaScript; the stylesheet is a static file. The JSON API answers the same questions for
//! programs, comparisons and fees, is described by an OpenAPI document at
//! `/api/v1/openapi.json`, and refuses invalid input with HTTP 422 and the path of each bad
//! field. Handlers only extract, convert, call the catalog or the `app` crate, and render: the
//! rules live in the domain crates.
//!
//! Start a server with [`serve`] on any listener (tests bind `127.0.0.1:0`), or get the
//! [`router`] to drive it in-process.

mod api;
mod fees;
mod input;
mod methodology;
mod ops;
mod pages;
mod pick_form;
mod pick_view;
mod resource_links;
mod resource_search;
mod state;
mod static_files;
mod views;

use std::future::Future;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;

pub use crate::ops::{MAX_BODY_BYTES, REQUEST_TIMEOUT};
pub use crate::state::{AppState, embedded_calibration};

/// The Content-Security-Policy every response carries: only this site's own scripts, styles and
/// images, no inline script, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The whole application: pages, static files and the JSON API, with the security headers
/// every response carries.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(ops::routes())
        .merge(pages::routes())
        .merge(pages::resource_pages::routes())
        .merge(static_files::routes())
        .nest("/api/v1", api::routes())
        .fallback(pages::not_found_fallback)
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
}

/// Serves the application on `listener` until `shutdown` completes, then finishes the requests
/// in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
