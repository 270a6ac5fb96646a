//! `/pick` and `/rank-list-check`: Smart Pick for one profile given as JSON, and the check of a
//! rank order list after interviews.
//!
//! The request body is the engine's own [`ProfileInput`] (its OpenAPI schema comes from the
//! smart-pick crate's `openapi` feature); unknown fields are refused, and every error names the
//! path of its field in the body (`exams.step2_ck.score`, `usce[1].months`).

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use smart_pick::{
    Improvement, Pick, PickError, Profile, ProfileError, ProfileInput, ProgramChance, RankListCheck,
};
use utoipa::ToSchema;

use super::{ApiError, JsonBody};
use crate::errors::on_blocking_thread;
use crate::input::{FieldError, QueryPairs};
use crate::state::AppState;

/// What the numbers rest on.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelNote {
    /// The catalog's label.
    pub catalog: String,
    /// Whether the catalog's programs are fictional.
    pub fictional: bool,
    /// The date of the calibration in use.
    pub calibration_date: String,
    /// Mean absolute error, percentage points, on published outcomes the model was fitted to.
    pub fitted_error_points: f64,
    /// The same on published outcomes held out of the fit: how far to trust a new number.
    pub held_out_error_points: f64,
}

/// Smart Pick's answer for one profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct PickResponse {
    /// What the numbers rest on.
    pub model: ModelNote,
    /// P(match) of the list, the list with tiers, chances and factors, the curve of P(match)
    /// and fees against applications, signal advice, excluded programs with reasons, notes.
    #[schema(value_type = Object)]
    pub pick: Pick,
    /// The changes that would raise P(match) most, best first (empty with `plan=false`).
    #[schema(value_type = Vec<Object>)]
    pub plan: Vec<Improvement>,
    /// With `chances=true`: every eligible track's P(interview) and P(match) without signals,
    /// tier and main factors, listed or not, in catalog order.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub chances: Option<Vec<ProgramChance>>,
}

/// A rank order list to check.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RankListBody {
    /// The applicant's profile.
    pub profile: ProfileInput,
    /// NRMP track codes of the programs that interviewed the applicant, in rank order.
    pub rank: Vec<String>,
}

/// The check of a rank order list.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankListResponse {
    /// What the numbers rest on.
    pub model: ModelNote,
    /// P(match) to any ranked track, the chance at each rank, the most likely landing rank.
    #[schema(value_type = Object)]
    pub check: RankListCheck,
}

fn model_note(state: &AppState) -> ModelNote {
    let calibration = state.calibration();
    ModelNote {
        catalog: state.catalog().meta.label.clone(),
        fictional: state.catalog().meta.fictional,
        calibration_date: calibration.date.clone(),
        fitted_error_points: calibration.summary.fitted_mae,
        held_out_error_points: calibration.summary.held_out_mae,
    }
}

/// What a Smart Pick answer holds beyond the list.
#[derive(Debug, Clone, Copy)]
pub(super) struct Extras {
    /// The improvement plan (`plan`, default true).
    pub plan: bool,
    /// Every eligible track's chances (`chances`, default false).
    pub chances: bool,
}

/// Reads the query parameters a Smart Pick answer takes: `plan`, and `chances` where
/// `chances_allowed`.
pub(super) fn extras(raw: Option<&str>, chances_allowed: bool) -> Result<Extras, ApiError> {
    let pairs = QueryPairs::parse(raw);
    let keys: &[&str] = if chances_allowed {
        &["plan", "chances"]
    } else {
        &["plan"]
    };
    let mut errors = pairs.refusals(keys);
    let mut flag = |key: &str, default: bool| match pairs.first(key) {
        None => default,
        Some("true") => true,
        Some("false") => false,
        Some(other) => {
            errors.push(FieldError::new(key, "true or false", Some(other)));
            default
        }
    };
    let extras = Extras {
        plan: flag("plan", true),
        chances: chances_allowed && flag("chances", false),
    };
    if errors.is_empty() {
        Ok(extras)
    } else {
        Err(ApiError::InvalidInput(errors))
    }
}

/// Reads a body that holds a profile (`profile` finds it in the body; its fields are named
/// under `prefix`): the fields of the wrong type and, in the rest of the profile, the fields
/// its checks refuse, all listed at once.
pub(super) fn read_with_profile<T: DeserializeOwned + Serialize>(
    bytes: &[u8],
    profile: impl Fn(&T) -> &ProfileInput,
    prefix: &str,
) -> Result<(T, Profile), ApiError> {
    let read = super::body::read_body::<T>(bytes)?;
    let mut errors = read.errors;
    let Some(value) = read.value else {
        return Err(ApiError::InvalidInput(errors));
    };
    match profile_of(profile(&value).clone(), prefix) {
        Ok(checked) if errors.is_empty() => Ok((value, checked)),
        Ok(_) => Err(ApiError::InvalidInput(errors)),
        Err(ApiError::InvalidInput(more)) => {
            // A field taken out for its type is not reported again, as missing say.
            let related = |a: &str, b: &str| a.starts_with(b) || b.starts_with(a);
            let more: Vec<FieldError> = more
                .into_iter()
                .filter(|m| !errors.iter().any(|e| related(&e.path, &m.path)))
                .collect();
            errors.extend(more);
            Err(ApiError::InvalidInput(errors))
        }
        Err(other) => Err(other),
    }
}

/// A validated profile, or a 422 naming the bad field with `prefix` before its path.
pub(super) fn profile_of(body: ProfileInput, prefix: &str) -> Result<Profile, ApiError> {
    Profile::from_input(body).map_err(|error| {
        ApiError::InvalidInput(match error {
            ProfileError::Invalid(fields) => fields
                .into_iter()
                .map(|field| FieldError::problem(format!("{prefix}{}", field.path), field.reason))
                .collect(),
            ProfileError::Syntax(reason) => vec![FieldError::problem("body", reason)],
        })
    })
}

fn pick_error(error: PickError, prefix: &str) -> ApiError {
    match error {
        PickError::Profile { field, reason } => ApiError::InvalidInput(vec![FieldError::problem(
            format!("{prefix}{field}"),
            reason,
        )]),
    }
}

fn no_store(response: impl IntoResponse) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], response).into_response()
}

/// Smart Pick: eligibility, chances, the optimized list within the budget, signals and the
/// improvement plan for one profile.
#[utoipa::path(
    post,
    path = "/api/v1/pick",
    tag = "smart-pick",
    request_body = ProfileInput,
    params(
        ("plan" = Option<bool>, Query, description = "Include the improvement plan (default true); false answers several times faster"),
        ("chances" = Option<bool>, Query, description = "Also list every eligible track's chances, on the list or not (default false; the answer grows by about 1 KB a track)"),
    ),
    responses(
        (status = 200, description = "The list and everything around it", body = PickResponse),
        (status = 413, description = "The body is over 64 KiB", body = super::ErrorBody),
        (status = 415, description = "The body is not sent as JSON", body = super::ErrorBody),
        (status = 422, description = "The profile is invalid; the path of the bad field is given", body = super::ErrorBody),
    )
)]
pub async fn pick(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let extras = extras(raw.as_deref(), true)?;
    let (_, profile) = read_with_profile(&body, |input: &ProfileInput| input, "")?;
    computed(&state, profile, extras).await
}

/// Smart Pick's answer for a validated profile, computed on a blocking thread; a panic there is
/// logged and answered 500.
pub(super) async fn computed(
    state: &AppState,
    profile: Profile,
    extras: Extras,
) -> Result<Response, ApiError> {
    let worker = state.clone();
    let (pick, plan, chances) = on_blocking_thread(move || {
        let model = worker.model();
        let pick = model.pick(&profile)?;
        let plan = if extras.plan {
            model.improvement_plan(&profile, pick.p_match)?
        } else {
            Vec::new()
        };
        let chances = if extras.chances {
            Some(model.program_chances(&profile)?)
        } else {
            None
        };
        Ok::<_, PickError>((pick, plan, chances))
    })
    .await
    .map_err(|panic| ApiError::Fault(panic.to_string()))?
    .map_err(|error| pick_error(error, ""))?;
    Ok(no_store(Json(PickResponse {
        model: model_note(state),
        pick,
        plan,
        chances,
    })))
}

/// The chance of matching with a rank order list of the programs that interviewed the
/// applicant, and where they are likely to land.
#[utoipa::path(
    post,
    path = "/api/v1/rank-list-check",
    tag = "smart-pick",
    request_body = RankListBody,
    responses(
        (status = 200, description = "P(match) and the chance at each rank", body = RankListResponse),
        (status = 413, description = "The body is over 64 KiB", body = super::ErrorBody),
        (status = 415, description = "The body is not sent as JSON", body = super::ErrorBody),
        (status = 422, description = "The profile or the list is invalid; the path of the bad field is given", body = super::ErrorBody),
    )
)]
pub async fn rank_list_check(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let (body, profile) =
        read_with_profile(&body, |body: &RankListBody| &body.profile, "profile.")?;
    let check = state
        .model()
        .check_rank_list(&profile, &body.rank)
        .map_err(|error| {
            let PickError::Profile { field, reason } = error;
            let path = if field.starts_with("rank") {
                field
            } else {
                format!("profile.{field}")
            };
            ApiError::InvalidInput(vec![FieldError::problem(path, reason)])
        })?;
    Ok(no_store(Json(RankListResponse {
        model: model_note(&state),
        check,
    })))
}
