//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.
//!
//! Every endpoint reads its parameters with the same parsers as the pages ([`crate::input`]),
//! refuses parameters it does not know, and answers invalid input with 422 and an
//! [`ApiError`] listing the path of each bad field and what was expected. Smart Pick's
//! endpoints (`/pick`, `/rank-list-check`) take JSON bodies and name bad fields by their path
//! in the body.

mod admin;
pub use admin::MAX_IMPORT_BYTES;
mod dto;
mod fees;
mod openapi;
mod pick;
mod programs;
mod resources;
mod shares;

use axum::Json;
use axum::Router;
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use utoipa::ToSchema;

use crate::input::FieldError;
use crate::state::Site;

/// The API routes, relative to `/api/v1`.
pub fn routes(site: &Site) -> Router<Site> {
    Router::new()
        .route("/programs", get(programs::list_programs))
        .route("/programs/{id}", get(programs::get_program))
        .route("/compare", get(programs::compare_programs))
        .route("/fees", get(fees::get_fees))
        .route("/pick", post(pick::pick))
        .route("/rank-list-check", post(pick::rank_list_check))
        .route("/shares", post(shares::create_share))
        .route(
            "/shares/{id}",
            get(shares::get_share).delete(shares::delete_share),
        )
        .route("/openapi.json", get(openapi::openapi_json))
        .merge(resources::routes())
        .merge(admin::routes(site))
}

/// Why a request was refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// `invalid_input` or `not_found`.
    pub error: String,
    /// What went wrong, in a sentence.
    pub message: String,
    /// For invalid input: every bad field, with its path and what was expected.
    pub errors: Vec<FieldError>,
}

/// A 422 answer listing every bad field.
pub fn invalid_input(errors: Vec<FieldError>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(ApiError {
            error: "invalid_input".to_owned(),
            message: "Some parameters are invalid; each is listed with what was expected."
                .to_owned(),
            errors,
        }),
    )
        .into_response()
}

/// A 404 answer.
pub fn not_found_json(message: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(ApiError {
            error: "not_found".to_owned(),
            message: message.to_owned(),
            errors: Vec::new(),
        }),
    )
        .into_response()
}

/// A 429 answer: this client asked for too much; it may try again after `seconds`.
pub fn too_many_requests(seconds: u64) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        Json(ApiError {
            error: "rate_limited".to_owned(),
            message: format!(
                "Too many requests from this address; try again in {seconds} second(s)."
            ),
            errors: Vec::new(),
        }),
    )
        .into_response()
}

/// The answer to a use case that failed: the user's input (422, with the message), the
/// database out of reach (503, try again shortly) or a fault (500, logged with its cause
/// chain, nothing of it shown).
pub fn app_error(error: &app::AppError) -> Response {
    if error.is_user_error() {
        return invalid_input(vec![FieldError::problem("body", error.to_string())]);
    }
    crate::errors::log_fault(error);
    let (status, code, message) = if error.is_unavailable() {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "The database cannot be reached just now; please try again in a few seconds.",
        )
    } else {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on the server; it has been logged.",
        )
    };
    let mut response = (
        status,
        Json(ApiError {
            error: code.to_owned(),
            message: message.to_owned(),
            errors: Vec::new(),
        }),
    )
        .into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            HeaderValue::from_static("5"),
        );
    }
    response
}
