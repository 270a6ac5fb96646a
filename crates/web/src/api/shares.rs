//! `/shares`: a Smart Pick profile shared as a link. Creating one stores the profile under a
//! random 128-bit id for the configured retention; whoever holds the id can open the results
//! or delete the share. Nothing else about an applicant is stored.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use smart_pick::ProfileInput;
use utoipa::ToSchema;

use super::pick::{computed, parse_body, plan_parameter, profile_of};
use super::{ApiError, app_error, not_found_json};
use crate::state::{ShareFailure, Site};

/// A shared profile's links and lifetime.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareResponse {
    /// The share's id: the secret part of its links.
    pub id: String,
    /// The results page anyone with the link can open.
    pub url: String,
    /// This API's address of the share (GET for the results, DELETE to delete it).
    pub api_url: String,
    /// When it was shared (RFC 3339, UTC).
    pub created_at: String,
    /// When the link stops working and the profile is deleted (RFC 3339, UTC).
    pub expires_at: String,
}

/// An RFC 3339 time from seconds since the Unix epoch.
pub(crate) fn rfc3339(epoch_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(epoch_seconds, 0)
        .map(|time| time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// The answer to a shared-link operation that could not be done.
fn failure(failure: ShareFailure) -> Response {
    match failure {
        ShareFailure::NoStore => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(ApiError {
                error: "unavailable".to_owned(),
                message: "This server keeps no shared links.".to_owned(),
                errors: Vec::new(),
            }),
        )
            .into_response(),
        ShareFailure::Failed(error) => app_error(&error),
    }
}

fn share_not_found() -> Response {
    not_found_json(
        "no shared profile has this id: the link is mistyped, has expired or was deleted",
    )
}

/// Shares a profile: stores it and answers the link.
#[utoipa::path(
    post,
    path = "/api/v1/shares",
    tag = "smart-pick",
    request_body = ProfileInput,
    responses(
        (status = 201, description = "The profile is stored; the links and expiry", body = ShareResponse),
        (status = 422, description = "The profile is invalid; the path of the bad field is given", body = ApiError),
        (status = 429, description = "Too many requests from this client", body = ApiError),
    )
)]
pub async fn create_share(State(site): State<Site>, body: Bytes) -> Response {
    let input: ProfileInput = match parse_body(&body) {
        Ok(input) => input,
        Err(response) => return *response,
    };
    // Only a profile Smart Pick accepts is worth keeping.
    if let Err(response) = profile_of(input.clone(), "") {
        return *response;
    }
    match site.share(&input).await {
        Ok(shared) => {
            let id = shared.id.as_str();
            let url = format!("/pick/shared/{id}");
            (
                StatusCode::CREATED,
                [
                    (header::LOCATION, url.clone()),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                Json(ShareResponse {
                    id: id.to_owned(),
                    url,
                    api_url: format!("/api/v1/shares/{id}"),
                    created_at: rfc3339(shared.created_at),
                    expires_at: rfc3339(shared.expires_at),
                }),
            )
                .into_response()
        }
        Err(error) => failure(error),
    }
}

/// The results of a shared profile, computed anew on the catalog served now.
#[utoipa::path(
    get,
    path = "/api/v1/shares/{id}",
    tag = "smart-pick",
    params(
        ("id" = String, Path, description = "The share's id (32 hexadecimal digits)"),
        ("plan" = Option<bool>, Query, description = "Include the improvement plan (default true)"),
    ),
    responses(
        (status = 200, description = "The list and everything around it", body = super::pick::PickResponse),
        (status = 404, description = "No such share, or it expired or was deleted", body = ApiError),
    )
)]
pub async fn get_share(
    State(site): State<Site>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let with_plan = match plan_parameter(raw.as_deref()) {
        Ok(with_plan) => with_plan,
        Err(response) => return *response,
    };
    let shared = match site.open_share(&id).await {
        Ok(Some(shared)) => shared,
        Ok(None) => return share_not_found(),
        Err(error) => return failure(error),
    };
    match profile_of(shared.profile, "") {
        Ok(profile) => computed(&site.current(), profile, with_plan).await,
        Err(response) => *response,
    }
}

/// Deletes a shared profile: its links stop working at once.
#[utoipa::path(
    delete,
    path = "/api/v1/shares/{id}",
    tag = "smart-pick",
    params(("id" = String, Path, description = "The share's id (32 hexadecimal digits)")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such share, or it expired or was deleted", body = ApiError),
    )
)]
pub async fn delete_share(State(site): State<Site>, Path(id): Path<String>) -> Response {
    match site.delete_share(&id).await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => share_not_found(),
        Err(error) => failure(error),
    }
}
