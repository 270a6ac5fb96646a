//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.
//!
//! Every endpoint reads its parameters with the same parsers as the pages ([`crate::input`]),
//! refuses parameters it does not know, and answers invalid input with 422 and an
//! [`ApiError`] listing the path of each bad field and what was expected. Smart Pick's
//! endpoints (`/pick`, `/rank-list-check`, `/shares`) take JSON bodies, sent as
//! `application/json` (anything else is answered 415) and holding exactly one JSON value, and
//! name bad fields by their path in the body.

mod admin;
mod body;
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
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use utoipa::ToSchema;

use crate::input::FieldError;
use crate::state::Site;

/// A request body that must be JSON: its `Content-Type` is `application/json` (or another
/// `+json` type, parameters such as `charset` allowed); anything else, or none, is answered
/// 415 before the body is read.
pub(crate) struct JsonBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let media_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| {
                value
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let json = media_type == "application/json"
            || (media_type.starts_with("application/") && media_type.ends_with("+json"));
        if !json {
            let found = if media_type.is_empty() {
                "none".to_owned()
            } else {
                format!("`{media_type}`")
            };
            return Err(ApiError::Refused {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_media_type",
                message: format!(
                    "The body must be JSON, sent with `Content-Type: application/json`; the content type was {found}."
                ),
                errors: Vec::new(),
            }
            .into_response());
        }
        read_body(request, state).await.map(JsonBody)
    }
}

/// A request body of any type (a file to import), read whole.
pub(crate) struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_body(request, state).await.map(RawBody)
    }
}

/// Reads a request's body; a body over the route's limit (413) or one that cannot be read is
/// answered in the API's JSON error shape.
async fn read_body<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, Response> {
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            let status = rejection.status();
            let (code, message) = if status == StatusCode::PAYLOAD_TOO_LARGE {
                (
                    "too_large",
                    "The body is larger than this endpoint accepts; nothing of it was used."
                        .to_owned(),
                )
            } else {
                (
                    "unreadable_body",
                    format!("The body could not be read: {}.", rejection.body_text()),
                )
            };
            ApiError::Refused {
                status,
                code,
                message,
                errors: Vec::new(),
            }
            .into_response()
        })
}

/// Gives every error answer under `/api/` the API's JSON shape ([`ErrorBody`]), whatever
/// produced it: the layers in front of the handlers answer in their own way (408 when a
/// request takes too long, 403 for a cross-site post, 405 for a method a path does not take,
/// 500 after a panic), with an empty or plain-text body.
pub(crate) async fn uniform_errors(request: Request, next: axum::middleware::Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !api || json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (code, message) = match status {
        StatusCode::REQUEST_TIMEOUT => (
            "timeout",
            "The request took too long and was stopped; nothing of it was kept.",
        ),
        StatusCode::FORBIDDEN => (
            "forbidden",
            "The request was refused: a cross-site request cannot change anything here.",
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "This path does not take that method; the Allow header lists those it takes.",
        ),
        StatusCode::NOT_FOUND => ("not_found", "Nothing is at this path."),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "too_large",
            "The body is larger than this endpoint accepts; nothing of it was used.",
        ),
        status if status.is_server_error() => ("internal", INTERNAL_MESSAGE),
        _ => ("refused", "The request was refused."),
    };
    // The answer keeps its headers (security headers, `Allow`, `Retry-After`) with the new body.
    let (mut parts, _) = response.into_parts();
    let (shaped, json_body) = body(status, code, message, Vec::new()).into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Some(content_type) = shaped.headers.get(header::CONTENT_TYPE) {
        parts
            .headers
            .insert(header::CONTENT_TYPE, content_type.clone());
    }
    Response::from_parts(parts, json_body)
}

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

/// Why a request was refused: the JSON body of every error answer (named `ApiError` in the
/// OpenAPI document).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ApiError)]
pub struct ErrorBody {
    /// `invalid_input`, `not_found`, `rate_limited`, `unavailable`, `internal`, or for the
    /// admin API `unauthorized` or `forbidden`.
    pub error: String,
    /// What went wrong, in a sentence.
    pub message: String,
    /// For invalid input: every bad field, with its path and what was expected.
    pub errors: Vec<FieldError>,
}

/// Why an API request was refused or failed. Handlers return `Result<_, ApiError>` and use
/// `?`; the answer is an [`ErrorBody`] with the status of its kind.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Bad parameters or body (422), each bad field listed.
    #[error("invalid input ({} field(s))", .0.len())]
    InvalidInput(Vec<FieldError>),
    /// Nothing has this id (404).
    #[error("not found: {0}")]
    NotFound(String),
    /// This client asked for too much; it may try again after this many seconds (429).
    #[error("too many requests; retry in {0} s")]
    TooManyRequests(u64),
    /// Refused with a status, a code and a message of its own (no shared links kept, the
    /// admin API's 401 and 403, an import file refused with its bad rows).
    #[error("{code}: {message}")]
    Refused {
        /// The status answered.
        status: StatusCode,
        /// The `error` code of the body.
        code: &'static str,
        /// The message.
        message: String,
        /// The bad fields or rows, if any.
        errors: Vec<FieldError>,
    },
    /// A use case failed: the user's input (422), the database out of reach (503) or a fault
    /// (500, logged with its cause chain, nothing of it shown).
    #[error(transparent)]
    App(#[from] app::AppError),
    /// A fault: a computation panicked, or the answer could not be written (500, logged).
    #[error("{0}")]
    Fault(String),
}

/// The message of every 500 answer.
const INTERNAL_MESSAGE: &str = "Something went wrong on the server; it has been logged.";

fn body(
    status: StatusCode,
    code: &str,
    message: impl Into<String>,
    errors: Vec<FieldError>,
) -> Response {
    (
        status,
        Json(ErrorBody {
            error: code.to_owned(),
            message: message.into(),
            errors,
        }),
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::InvalidInput(errors) => body(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
                "Some parameters are invalid; each is listed with what was expected.",
                errors,
            ),
            ApiError::NotFound(message) => {
                body(StatusCode::NOT_FOUND, "not_found", message, Vec::new())
            }
            ApiError::TooManyRequests(seconds) => body(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("Too many requests from this address; try again in {seconds} second(s)."),
                Vec::new(),
            ),
            ApiError::Refused {
                status,
                code,
                message,
                errors,
            } => body(status, code, message, errors),
            ApiError::App(error) if error.is_user_error() => {
                ApiError::InvalidInput(vec![FieldError::problem("body", error.to_string())])
                    .into_response()
            }
            ApiError::App(error) => {
                crate::errors::log_fault(&error);
                if error.is_unavailable() {
                    let mut response = body(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "unavailable",
                        "The database cannot be reached just now; please try again in a few seconds.",
                        Vec::new(),
                    );
                    response
                        .headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
                    response
                } else {
                    body(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal",
                        INTERNAL_MESSAGE,
                        Vec::new(),
                    )
                }
            }
            ApiError::Fault(fault) => {
                tracing::error!(error = %fault, "request failed");
                body(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    INTERNAL_MESSAGE,
                    Vec::new(),
                )
            }
        }
    }
}

/// The parsed request when neither the parser nor `errors` (unknown parameters, for
/// instance) found anything wrong; otherwise a 422 listing every bad field of both.
pub fn checked<T>(
    mut errors: Vec<FieldError>,
    parsed: Result<T, Vec<FieldError>>,
) -> Result<T, ApiError> {
    match parsed {
        Ok(request) if errors.is_empty() => Ok(request),
        Ok(_) => Err(ApiError::InvalidInput(errors)),
        Err(more) => {
            // A parameter the query's own checks named (given empty, say) is not named again
            // by the parser that then found it missing.
            let more: Vec<FieldError> = more
                .into_iter()
                .filter(|error| !errors.iter().any(|named| named.path == error.path))
                .collect();
            errors.extend(more);
            Err(ApiError::InvalidInput(errors))
        }
    }
}
