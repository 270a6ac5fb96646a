//! The stylesheets, built into the binary and served with their content type and a day of
//! caching. The site uses no script: every page works without JavaScript.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::state::Site;

const SITE_CSS: &str = include_str!("../static/site.css");
const PRINT_CSS: &str = include_str!("../static/print.css");

fn stylesheet(body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
}

/// The static file routes.
pub fn routes() -> Router<Site> {
    Router::new()
        .route("/static/site.css", get(|| async { stylesheet(SITE_CSS) }))
        .route("/static/print.css", get(|| async { stylesheet(PRINT_CSS) }))
}
