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
mod client;
mod connections;
mod errors;
mod fees;
mod guide_view;
mod input;
mod limits;
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
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, header};
use tokio::net::TcpListener;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use crate::api::MAX_IMPORT_BYTES;
pub use crate::connections::{ConnectionLimits, HEADER_READ_TIMEOUT, MAX_CONNECTIONS_PER_CLIENT};
pub use crate::ops::{MAX_BODY_BYTES, REQUEST_TIMEOUT};
pub use crate::state::{AppState, Clock, Reload, Settings, Site, embedded_calibration};

/// The Content-Security-Policy every response carries: only this site's own scripts, styles and
/// images, no inline script, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The header carrying each request's id, set when the client sent none and echoed back.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Whether a request is one of the expensive ones each client may make only so often: Smart
/// Pick's computations (pages and API), rank list checks and shared links.
pub fn is_expensive(method: &Method, path: &str) -> bool {
    let post = method == Method::POST;
    match path {
        "/pick" | "/pick/results" | "/pick/print" | "/pick/export.csv" | "/pick/share" => post,
        "/api/v1/pick" | "/api/v1/rank-list-check" | "/api/v1/shares" => post,
        _ => {
            (path.starts_with("/pick/shared/") || path.starts_with("/api/v1/shares/"))
                && (method == Method::GET || post || method == Method::DELETE)
        }
    }
}

/// The whole application: pages, static files and the JSON API, with the security headers
/// every response carries, per-client rate limits on the expensive requests, cross-site form
/// posts refused, a request id and a log line for every request.
pub fn router(site: impl Into<Site>) -> Router {
    let site = site.into();
    let request_id = HeaderName::from_static(REQUEST_ID_HEADER);
    Router::new()
        .merge(ops::routes())
        .merge(pages::routes())
        .merge(pages::resource_pages::routes())
        .merge(pages::specialty_guides::routes())
        .merge(static_files::routes())
        .nest("/api/v1", api::routes(&site))
        .fallback(pages::not_found_fallback)
        .layer(axum::middleware::from_fn_with_state(
            site.clone(),
            limits::limit_expensive,
        ))
        .with_state(site)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::csrf::CsrfLayer::new())
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
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(axum::middleware::from_fn(api::uniform_errors))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO))
                .on_failure(DefaultOnFailure::new().level(Level::ERROR)),
        )
        .layer(
            tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer::new([
                header::AUTHORIZATION,
                header::COOKIE,
            ]),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// The log span of a request: its id, method and path. Never the query string or the body,
/// which may carry a profile.
fn request_span(request: &Request) -> tracing::Span {
    let id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

/// Serves the application on `listener` until `shutdown` completes, then finishes the requests
/// in flight. Each connection's peer address keys the per-client rate limits; the default
/// [`ConnectionLimits`] bound how long a client may take to send its headers and how many
/// connections it may hold.
pub async fn serve(
    listener: TcpListener,
    site: Site,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with_limits(listener, site, shutdown, ConnectionLimits::default()).await
}

/// As [`serve`], with other limits on connections.
pub async fn serve_with_limits(
    listener: TcpListener,
    site: Site,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: ConnectionLimits,
) -> std::io::Result<()> {
    connections::serve_connections(listener, router(site), shutdown, limits).await
}
