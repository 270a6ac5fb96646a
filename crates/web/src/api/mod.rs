//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.
//!
//! Every endpoint reads its parameters with the same parsers as the pages ([`crate::input`]),
//! refuses parameters it does not know, and answers invalid input with 422 and an
//! [`ApiError`] listing the path of each bad field and what was expected. Smart Pick's
//! endpoints (`/pick`, `/rank-list-check`) take JSON bodies and name bad fields by their path
//! in the body.

mod dto;
mod fees;
mod openapi;
mod pick;
mod programs;
mod resources;

use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use utoipa::ToSchema;

use crate::input::FieldError;
use crate::state::AppState;

/// The API routes, relative to `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/programs", get(programs::list_programs))
        .route("/programs/{id}", get(programs::get_program))
        .route("/compare", get(programs::compare_programs))
        .route("/fees", get(fees::get_fees))
        .route("/pick", post(pick::pick))
        .route("/rank-list-check", post(pick::rank_list_check))
        .route("/openapi.json", get(openapi::openapi_json))
        .merge(resources::routes())
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
