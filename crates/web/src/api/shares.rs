//! `/shares`: a Smart Pick profile shared as a link. Creating one stores the profile under a
//! random 128-bit id for the configured retention and answers a deletion key, once; whoever
//! holds the id can open the results, and only the key deletes the share. Nothing else about an
//! applicant is stored.

use app::share::Deletion;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use smart_pick::ProfileInput;
use utoipa::ToSchema;

use super::pick::{computed, extras, profile_of, read_with_profile};
use super::{ApiError, ErrorBody, JsonBody};
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
    /// The key that deletes the share before it expires (send it in the `Share-Delete-Key`
    /// header of the DELETE). It is answered only here, once; the server does not keep it.
    pub delete_key: String,
}

/// The header that carries a share's deletion key.
pub const DELETE_KEY_HEADER: &str = "share-delete-key";

/// An RFC 3339 time from seconds since the Unix epoch.
pub(crate) fn rfc3339(epoch_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(epoch_seconds, 0)
        .map(|time| time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// The error of a shared-link operation that could not be done.
fn failure(failure: ShareFailure) -> ApiError {
    match failure {
        ShareFailure::NoStore => ApiError::Refused {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "unavailable",
            message: "This server keeps no shared links.".to_owned(),
            errors: Vec::new(),
        },
        ShareFailure::Failed(error) => ApiError::App(error),
    }
}

fn share_not_found() -> ApiError {
    ApiError::NotFound(
        "no shared profile has this id: the link is mistyped, has expired or was deleted"
            .to_owned(),
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
        (status = 413, description = "The body is over 64 KiB", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON", body = ErrorBody),
        (status = 422, description = "The profile is invalid; the path of the bad field is given", body = ErrorBody),
        (status = 429, description = "Too many requests from this client", body = ErrorBody),
    )
)]
pub async fn create_share(
    State(site): State<Site>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    // Only a profile Smart Pick accepts is worth keeping.
    let (input, _) = read_with_profile(&body, |input: &ProfileInput| input, "")?;
    let shared = site.share(&input).await.map_err(failure)?;
    let id = shared.id.as_str();
    let url = format!("/pick/shared/{id}");
    Ok((
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
            delete_key: shared
                .delete_key
                .map(|key| key.as_str().to_owned())
                .unwrap_or_default(),
        }),
    )
        .into_response())
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
        (status = 404, description = "No such share, or it expired or was deleted", body = ErrorBody),
    )
)]
pub async fn get_share(
    State(site): State<Site>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let extras = extras(raw.as_deref(), false)?;
    let shared = site
        .open_share(&id)
        .await
        .map_err(failure)?
        .ok_or_else(share_not_found)?;
    let profile = profile_of(shared.profile, "")?;
    computed(&site.current(), profile, extras).await
}

/// Deletes a shared profile, given the deletion key answered when it was made: its links stop
/// working at once.
#[utoipa::path(
    delete,
    path = "/api/v1/shares/{id}",
    tag = "smart-pick",
    params(
        ("id" = String, Path, description = "The share's id (32 hexadecimal digits)"),
        ("Share-Delete-Key" = String, Header, description = "The deletion key answered when the share was made (32 hexadecimal digits)"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "No key, or not this share's key", body = ErrorBody),
        (status = 404, description = "No such share, or it expired or was deleted", body = ErrorBody),
    )
)]
pub async fn delete_share(
    State(site): State<Site>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let key = headers
        .get(DELETE_KEY_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    match site.delete_share(&id, key).await.map_err(failure)? {
        Deletion::Deleted => Ok(StatusCode::NO_CONTENT),
        Deletion::WrongKey => Err(ApiError::Refused {
            status: StatusCode::FORBIDDEN,
            code: "forbidden",
            message: "only the deletion key answered when the share was made deletes it; send it in the Share-Delete-Key header".to_owned(),
            errors: Vec::new(),
        }),
        Deletion::NotFound => Err(share_not_found()),
    }
}
