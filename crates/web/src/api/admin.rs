//! `/api/v1/admin/...`: catalog writes for the site's operator (imports, the catalog file
//! to edit and import back, the current version switched), behind the admin token.
//!
//! Every request must carry `Authorization: Bearer <token>`; the token is compared with the
//! configured one in constant time (both are hashed first, so not even their lengths are
//! compared). A server started without a token refuses every admin request with 403.
//! After a write, this server switches to the new current version at once and the others on
//! the same database within their reload interval.

use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use catalog_import::format::CatalogFileFormat;
use catalog_import::{ImportError, InvalidRows};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::VersionSummary;
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

use super::{ApiError, ErrorBody};
use crate::input::{FieldError, QueryPairs};
use crate::state::Site;

/// Largest file an import accepts through the API.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// The admin routes, relative to `/api/v1`, each behind the token check.
pub fn routes(site: &Site) -> Router<Site> {
    Router::new()
        .route("/admin/catalog/versions", get(list_versions))
        .route("/admin/catalog/current", put(switch_version))
        .route("/admin/catalog/export", get(export))
        .route(
            "/admin/imports/{kind}",
            post(import).layer(axum::extract::DefaultBodyLimit::max(MAX_IMPORT_BYTES)),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            site.clone(),
            require_admin_token,
        ))
}

fn refusal(status: StatusCode, code: &'static str, message: &str) -> Response {
    ApiError::Refused {
        status,
        code,
        message: message.to_owned(),
        errors: Vec::new(),
    }
    .into_response()
}

/// The token of an `Authorization` value of the Bearer scheme, whose name is case-insensitive
/// (RFC 9110, section 11.1).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// Lets the request through only with the right bearer token.
async fn require_admin_token(State(site): State<Site>, request: Request, next: Next) -> Response {
    let Some(expected) = &site.settings().admin_token else {
        return refusal(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Catalog writes through the API are turned off on this server; its operator turns them on by setting RESIDENCY_ADVISOR_ADMIN_TOKEN.",
        );
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(bearer_token)
        .unwrap_or("");
    let matches: bool = Sha256::digest(given.trim().as_bytes())
        .ct_eq(&Sha256::digest(expected.expose().as_bytes()))
        .into();
    if !matches {
        tracing::warn!("an admin request was refused: missing or wrong token");
        let mut response = refusal(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "This endpoint needs the admin token, sent as `Authorization: Bearer <token>`.",
        );
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"residency-advisor admin\""),
        );
        return response;
    }
    if site.store().is_none() {
        return refusal(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "This server has no database to write to.",
        );
    }
    next.run(request).await
}

fn store_of(site: &Site) -> &store::Store {
    site.store()
        .expect("require_admin_token lets no request through without a store")
}

/// Switches this server to the store's current version in the background; the others follow
/// within their reload interval.
fn reload_soon(site: &Site) {
    let site = site.clone();
    tokio::spawn(async move {
        match site.reload().await {
            Ok(reload) => tracing::info!(?reload, "catalog reloaded after an admin write"),
            Err(error) => {
                tracing::error!(error = %error, "reloading the catalog after an admin write failed")
            }
        }
    });
}

/// The stored catalog versions.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionList {
    /// Every version, newest first.
    #[schema(value_type = Vec<Object>)]
    pub versions: Vec<VersionSummary>,
    /// The version this server serves now (it follows the current one within seconds).
    pub served: i64,
}

/// Every stored catalog version.
#[utoipa::path(
    get,
    path = "/api/v1/admin/catalog/versions",
    tag = "admin",
    security(("admin_token" = [])),
    responses(
        (status = 200, description = "Every version, newest first", body = VersionList),
        (status = 401, description = "The admin token is missing or wrong", body = ErrorBody),
        (status = 403, description = "Catalog writes are turned off on this server", body = ErrorBody),
    )
)]
pub async fn list_versions(State(site): State<Site>) -> Result<Json<VersionList>, ApiError> {
    let versions = store_of(&site)
        .versions()
        .await
        .map_err(|error| ApiError::App(error.into()))?;
    Ok(Json(VersionList {
        versions,
        served: site.current().version(),
    }))
}

/// Which version to make current.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SwitchBody {
    /// A stored version's number.
    pub version: i64,
}

/// Makes a stored version current (to undo an import, say).
#[utoipa::path(
    put,
    path = "/api/v1/admin/catalog/current",
    tag = "admin",
    security(("admin_token" = [])),
    request_body = SwitchBody,
    responses(
        (status = 200, description = "The version is current", body = VersionList),
        (status = 401, description = "The admin token is missing or wrong", body = ErrorBody),
        (status = 404, description = "No version has this number", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON", body = ErrorBody),
        (status = 422, description = "The body is not a version number", body = ErrorBody),
    )
)]
pub async fn switch_version(
    State(site): State<Site>,
    super::JsonBody(body): super::JsonBody,
) -> Result<Json<VersionList>, ApiError> {
    let body: SwitchBody = super::body::parse_body(&body)?;
    store_of(&site)
        .switch_to(body.version)
        .await
        .map_err(|error| match error {
            store::StoreError::NoSuchVersion(id) => {
                ApiError::NotFound(format!("there is no catalog version {id}"))
            }
            error => ApiError::App(error.into()),
        })?;
    tracing::info!(
        version = body.version,
        "catalog version switched through the API"
    );
    reload_soon(&site);
    list_versions(State(site)).await
}

/// The current catalog in its own file format, to edit and import back.
#[utoipa::path(
    get,
    path = "/api/v1/admin/catalog/export",
    tag = "admin",
    security(("admin_token" = [])),
    params(("format" = Option<String>, Query, description = "`json` (default) or `csv`")),
    responses(
        (status = 200, description = "The catalog file", content_type = "application/json"),
        (status = 401, description = "The admin token is missing or wrong", body = ErrorBody),
        (status = 422, description = "An unknown format", body = ErrorBody),
    )
)]
pub async fn export(
    State(site): State<Site>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = QueryPairs::parse(raw.as_deref());
    let mut errors = pairs.refusals(&["format"]);
    let format = match pairs.first("format") {
        None => CatalogFileFormat::Json,
        Some(text) => CatalogFileFormat::parse(text).unwrap_or_else(|_| {
            errors.push(FieldError::new("format", "json or csv", Some(text)));
            CatalogFileFormat::Json
        }),
    };
    if !errors.is_empty() {
        return Err(ApiError::InvalidInput(errors));
    }
    let state = site.current();
    let (content_type, name) = match format {
        CatalogFileFormat::Json => ("application/json", "catalog.json"),
        CatalogFileFormat::Csv => ("text/csv; charset=utf-8", "catalog.csv"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        app::export_catalog(state.catalog(), format),
    )
        .into_response())
}

/// The kinds of file `POST /api/v1/admin/imports/{kind}` takes, by their name in the path.
pub(crate) const IMPORT_KINDS: [(&str, app::ImportKind); 4] = [
    ("freida", app::ImportKind::Freida),
    ("nrmp-tracks", app::ImportKind::NrmpTracks),
    ("nrmp-results", app::ImportKind::NrmpResults),
    ("catalog", app::ImportKind::Catalog),
];

/// The names of the catalog's own file formats, as `format` takes them.
pub(crate) const CATALOG_FORMATS: [&str; 2] = ["json", "csv"];

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResponse {
    /// The new version, now current.
    #[schema(value_type = Object)]
    pub version: VersionSummary,
    /// Records read from the file.
    pub records_read: usize,
    /// Invalid rows skipped (with `skip_invalid=true`), each with its line and reason.
    pub skipped: Vec<String>,
    /// What the reader and the join noticed.
    pub notes: Vec<String>,
    /// The other source kept from the previous version, if any.
    pub kept: Option<String>,
    /// The FREIDA–NRMP join report, when sources were joined.
    #[schema(value_type = Option<Object>)]
    pub join_report: Option<serde_json::Value>,
}

/// Imports a file (the request body) into a new catalog version and makes it current: all of
/// it or, when any row is invalid and `skip_invalid` is not set, none of it. An import that
/// would leave the catalog without programs, or shrink a real catalog by more than half
/// without `force`, is refused and changes nothing.
#[utoipa::path(
    post,
    path = "/api/v1/admin/imports/{kind}",
    tag = "admin",
    security(("admin_token" = [])),
    params(
        ("kind" = String, Path, description = "`freida`, `nrmp-tracks`, `nrmp-results` or `catalog`"),
        ("file_name" = Option<String>, Query, description = "The file's name, used in messages (and for `catalog`, its extension gives the format)"),
        ("format" = Option<String>, Query, description = "For `catalog`: `json` or `csv` (default: from file_name)"),
        ("as_of" = Option<String>, Query, description = "For `nrmp-tracks`: the date the list describes, YYYY-MM-DD (default: today)"),
        ("skip_invalid" = Option<bool>, Query, description = "Skip invalid rows, listing each, instead of refusing the file (default false)"),
        ("force" = Option<bool>, Query, description = "Import even if the catalog would lose more than half of its programs or tracks (default false); an import that would leave no programs is refused all the same"),
    ),
    request_body(content = String, description = "The file's bytes", content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "The new version is current", body = ImportResponse),
        (status = 401, description = "The admin token is missing or wrong", body = ErrorBody),
        (status = 413, description = "The file is over 64 MiB", body = ErrorBody),
        (status = 409, description = "The import was refused for what it would do to the catalog: leave it without programs, or shrink it by more than half without `force`", body = ErrorBody),
        (status = 422, description = "The file was refused; every bad row is listed with its line", body = ErrorBody),
    )
)]
pub async fn import(
    State(site): State<Site>,
    Path(kind): Path<String>,
    RawQuery(raw): RawQuery,
    super::RawBody(body): super::RawBody,
) -> Result<Response, ApiError> {
    let pairs = QueryPairs::parse(raw.as_deref());
    let mut errors = pairs.refusals(&["file_name", "format", "as_of", "skip_invalid", "force"]);
    let kind = match IMPORT_KINDS.iter().find(|(name, _)| *name == kind) {
        Some(&(_, kind)) => kind,
        None => {
            errors.push(FieldError::new(
                "kind",
                "freida, nrmp-tracks, nrmp-results or catalog",
                Some(&kind),
            ));
            app::ImportKind::Catalog
        }
    };
    let file_name = pairs
        .first("file_name")
        .map(str::to_owned)
        .unwrap_or_else(|| match kind {
            app::ImportKind::Freida => "freida.csv".to_owned(),
            app::ImportKind::NrmpTracks => "nrmp-tracks.csv".to_owned(),
            app::ImportKind::NrmpResults => "nrmp-results.csv".to_owned(),
            app::ImportKind::Catalog => "catalog.json".to_owned(),
        });
    let format = pairs.first("format").and_then(|text| {
        CatalogFileFormat::parse(text)
            .map_err(|_| errors.push(FieldError::new("format", "json or csv", Some(text))))
            .ok()
    });
    let today = chrono::DateTime::from_timestamp(site.now(), 0)
        .map(|time| time.date_naive())
        .unwrap_or_default();
    let as_of = match pairs.first("as_of") {
        None => today,
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|_| {
            errors.push(FieldError::new(
                "as_of",
                "a date such as 2024-03-15",
                Some(text),
            ));
            today
        }),
    };
    let invalid_rows = match pairs.first("skip_invalid") {
        None | Some("false") => InvalidRows::Reject,
        Some("true") => InvalidRows::Skip,
        Some(other) => {
            errors.push(FieldError::new(
                "skip_invalid",
                "true or false",
                Some(other),
            ));
            InvalidRows::Reject
        }
    };
    let shrink = match pairs.first("force") {
        None | Some("false") => app::Shrink::Refuse,
        Some("true") => app::Shrink::Allow,
        Some(other) => {
            errors.push(FieldError::new("force", "true or false", Some(other)));
            app::Shrink::Refuse
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::InvalidInput(errors));
    }
    let options = app::ImportOptions {
        invalid_rows,
        shrink,
        as_of,
        format,
    };
    let store = store_of(&site);
    let summary = app::import_file(store, kind, &body, &file_name, options, site.now())
        .await
        .map_err(|error| match error {
            app::AppError::Import(error) => refused_file(&error),
            app::AppError::ImportRefused(message) => ApiError::Refused {
                status: StatusCode::CONFLICT,
                code: "import_refused",
                message: format!("Nothing was imported: {message}."),
                errors: Vec::new(),
            },
            error => ApiError::App(error),
        })?;
    tracing::info!(
        version = summary.version.id,
        records = summary.records_read,
        "catalog imported through the API"
    );
    reload_soon(&site);
    let join_report = summary
        .join_report
        .as_ref()
        .and_then(|report| serde_json::to_value(report).ok());
    Ok((
        StatusCode::CREATED,
        Json(ImportResponse {
            version: summary.version,
            records_read: summary.records_read,
            skipped: summary.skipped,
            notes: summary.notes,
            kept: summary.kept,
            join_report,
        }),
    )
        .into_response())
}

/// A refused file: 422 with every bad row as a field error whose path is its line (and
/// column), as far as the reader could tell.
fn refused_file(error: &ImportError) -> ApiError {
    let errors = match error {
        ImportError::InvalidRows { rows, .. } => rows
            .iter()
            .map(|row| {
                let path = match &row.column {
                    Some(column) => format!("line {}, column {column}", row.line),
                    None => format!("line {}", row.line),
                };
                FieldError::problem(path, row.reason.clone())
            })
            .collect(),
        ImportError::MissingColumns { .. } => {
            vec![FieldError::problem("line 1", error.to_string())]
        }
        ImportError::Empty { .. } | ImportError::Malformed { .. } => {
            vec![FieldError::problem("body", error.to_string())]
        }
    };
    ApiError::Refused {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "invalid_file",
        message: format!(
            "The file was refused and nothing was imported: {}",
            first_line(error)
        ),
        errors,
    }
}

fn first_line(error: &ImportError) -> String {
    error
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_the_schema_lists_is_read() {
        for name in CATALOG_FORMATS {
            assert!(CatalogFileFormat::parse(name).is_ok(), "{name}");
        }
    }
}
