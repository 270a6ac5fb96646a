//! `/pick` and `/rank-list-check`: Smart Pick for one profile given as JSON, and the check of a
//! rank order list after interviews.
//!
//! The request bodies mirror the engine's [`ProfileInput`] field for field (so that the OpenAPI
//! document can describe them); unknown fields are refused, and every error names the path of
//! its field in the body (`exams.step2_ck.score`, `usce[1].months`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use smart_pick::profile::{
    BudgetInput, ExamsInput, PassFailInput, PreferencesInput, ResearchInput, ScoreInput,
    SignalsInput, UsceInput,
};
use smart_pick::{
    Improvement, Pick, PickError, Profile, ProfileError, ProfileInput, RankListCheck,
};
use utoipa::ToSchema;

use super::invalid_input;
use crate::input::{FieldError, QueryPairs};
use crate::state::AppState;

/// A pass/fail exam.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PassFailBody {
    /// Passed.
    pub passed: bool,
    /// Attempts taken, 1 to 6 (default 1).
    #[serde(default = "one")]
    pub attempts: u8,
}

/// A scored exam.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreBody {
    /// The score (Step 2 CK 150 to 300; COMLEX 200 to 999).
    pub score: u16,
    /// Attempts taken, 1 to 6 (default 1).
    #[serde(default = "one")]
    pub attempts: u8,
}

fn one() -> u8 {
    1
}

/// Exam results. A Step 2 CK score is needed (DO applicants may give COMLEX Level 2-CE).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExamsBody {
    /// USMLE Step 1.
    #[serde(default)]
    pub step1: Option<PassFailBody>,
    /// USMLE Step 2 CK.
    #[serde(default)]
    pub step2_ck: Option<ScoreBody>,
    /// USMLE Step 3.
    #[serde(default)]
    pub step3: Option<PassFailBody>,
    /// COMLEX Level 2-CE.
    #[serde(default)]
    pub comlex_level2: Option<ScoreBody>,
}

/// One US clinical experience.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UsceBody {
    /// `hands_on`, `observership`, `research` or `volunteering`.
    pub kind: String,
    /// Months, 1 to 60.
    pub months: u8,
    /// Year it ended (default: the year before the Match).
    #[serde(default)]
    pub ended_year: Option<u16>,
    /// Specialty code or name.
    #[serde(default)]
    pub specialty: Option<String>,
    /// Came with a US letter of recommendation.
    #[serde(default)]
    pub us_letter: bool,
}

/// Research output.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResearchBody {
    /// Peer-reviewed publications.
    #[serde(default)]
    pub publications: u16,
    /// Abstracts.
    #[serde(default)]
    pub abstracts: u16,
    /// Presentations and posters.
    #[serde(default)]
    pub presentations: u16,
}

/// Preferences.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesBody {
    /// Preferred states (two-letter codes).
    #[serde(default)]
    pub states: Vec<String>,
    /// Preferred census regions.
    #[serde(default)]
    pub regions: Vec<String>,
    /// States with ties.
    #[serde(default)]
    pub ties: Vec<String>,
    /// Preferred program types (`university`, `community-affiliated`, `community`, ...).
    #[serde(default)]
    pub program_types: Vec<String>,
    /// Apply only where the preferences are met.
    #[serde(default)]
    pub only_preferred: bool,
    /// Also consider preliminary and transitional tracks.
    #[serde(default)]
    pub include_preliminary: bool,
    /// Worth of a match outside the preferences, 0 to 1 (default 0.6).
    #[serde(default)]
    pub other_weight: Option<f64>,
}

/// The budget: applications, dollars of ERAS fees, or both.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetBody {
    /// Most applications, 1 to 400 (default: the national mean of the applicant type).
    #[serde(default)]
    pub applications: Option<u32>,
    /// Most US dollars of ERAS fees, 11 to 20000.
    #[serde(default)]
    pub dollars: Option<u32>,
}

/// Signals available, when not the specialty's ERAS allotment.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalsBody {
    /// Gold (or single-tier) signals.
    #[serde(default)]
    pub gold: Option<u8>,
    /// Silver signals.
    #[serde(default)]
    pub silver: Option<u8>,
}

/// An applicant's profile.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileBody {
    /// `us_md_senior`, `us_do_senior`, `us_img` or `non_us_img`.
    pub applicant_type: String,
    /// Studied at a Caribbean medical school.
    #[serde(default)]
    pub caribbean_school: bool,
    /// Year of medical school graduation (required of IMGs).
    #[serde(default)]
    pub graduation_year: Option<u16>,
    /// The Match year (default 2026).
    #[serde(default)]
    pub match_year: Option<u16>,
    /// Exams.
    #[serde(default)]
    pub exams: ExamsBody,
    /// `certified`, `pending` or `not_certified` (IMGs).
    #[serde(default)]
    pub ecfmg: Option<String>,
    /// `none`, `j1` (either visa will do) or `h1b`.
    #[serde(default)]
    pub visa: Option<String>,
    /// US clinical experience.
    #[serde(default)]
    pub usce: Vec<UsceBody>,
    /// Research output.
    #[serde(default)]
    pub research: ResearchBody,
    /// Specialty codes or names, the preferred first (1 to 4).
    pub specialties: Vec<String>,
    /// Preferences.
    #[serde(default)]
    pub preferences: PreferencesBody,
    /// Budget.
    #[serde(default)]
    pub budget: BudgetBody,
    /// Signals, when not the specialty's allotment.
    #[serde(default)]
    pub signals: Option<SignalsBody>,
}

impl From<ProfileBody> for ProfileInput {
    fn from(body: ProfileBody) -> ProfileInput {
        let pass_fail = |exam: Option<PassFailBody>| {
            exam.map(|e| PassFailInput {
                passed: e.passed,
                attempts: e.attempts,
            })
        };
        let score = |exam: Option<ScoreBody>| {
            exam.map(|e| ScoreInput {
                score: e.score,
                attempts: e.attempts,
            })
        };
        ProfileInput {
            applicant_type: body.applicant_type,
            caribbean_school: body.caribbean_school,
            graduation_year: body.graduation_year,
            match_year: body.match_year,
            exams: ExamsInput {
                step1: pass_fail(body.exams.step1),
                step2_ck: score(body.exams.step2_ck),
                step3: pass_fail(body.exams.step3),
                comlex_level2: score(body.exams.comlex_level2),
            },
            ecfmg: body.ecfmg,
            visa: body.visa,
            usce: body
                .usce
                .into_iter()
                .map(|u| UsceInput {
                    kind: u.kind,
                    months: u.months,
                    ended_year: u.ended_year,
                    specialty: u.specialty,
                    us_letter: u.us_letter,
                })
                .collect(),
            research: ResearchInput {
                publications: body.research.publications,
                abstracts: body.research.abstracts,
                presentations: body.research.presentations,
            },
            specialties: body.specialties,
            preferences: PreferencesInput {
                states: body.preferences.states,
                regions: body.preferences.regions,
                ties: body.preferences.ties,
                program_types: body.preferences.program_types,
                only_preferred: body.preferences.only_preferred,
                include_preliminary: body.preferences.include_preliminary,
                other_weight: body.preferences.other_weight,
            },
            budget: BudgetInput {
                applications: body.budget.applications,
                dollars: body.budget.dollars,
            },
            signals: body.signals.map(|s| SignalsInput {
                gold: s.gold,
                silver: s.silver,
            }),
        }
    }
}

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
}

/// A rank order list to check.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RankListBody {
    /// The applicant's profile.
    pub profile: ProfileBody,
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

/// Parses a JSON body, naming the path of the first bad field.
fn parse_body<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, Box<Response>> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let path = if path == "." { "body".to_owned() } else { path };
        Box::new(invalid_input(vec![FieldError::problem(
            path,
            inner.to_string(),
        )]))
    })
}

fn profile_of(body: ProfileBody, prefix: &str) -> Result<Profile, Box<Response>> {
    Profile::from_input(body.into())
        .map_err(|error| Box::new(profile_error_response(error, prefix)))
}

fn profile_error_response(error: ProfileError, prefix: &str) -> Response {
    match error {
        ProfileError::Invalid { field, reason } => invalid_input(vec![FieldError::problem(
            format!("{prefix}{field}"),
            reason,
        )]),
        ProfileError::Syntax(reason) => invalid_input(vec![FieldError::problem("body", reason)]),
    }
}

fn pick_error(error: PickError, prefix: &str) -> Response {
    match error {
        PickError::Profile { field, reason } => invalid_input(vec![FieldError::problem(
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
    request_body = ProfileBody,
    params(
        ("plan" = Option<bool>, Query, description = "Include the improvement plan (default true); false answers several times faster"),
    ),
    responses(
        (status = 200, description = "The list and everything around it", body = PickResponse),
        (status = 422, description = "The profile is invalid; the path of the bad field is given", body = super::ApiError),
    )
)]
pub async fn pick(State(state): State<AppState>, RawQuery(raw): RawQuery, body: Bytes) -> Response {
    let pairs = QueryPairs::parse(raw.as_deref());
    let mut errors = pairs.unknown_keys(&["plan"]);
    let with_plan = match pairs.first("plan") {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            errors.push(FieldError::new("plan", "true or false", Some(other)));
            true
        }
    };
    if !errors.is_empty() {
        return invalid_input(errors);
    }
    let body: ProfileBody = match parse_body(&body) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let profile = match profile_of(body, "") {
        Ok(profile) => profile,
        Err(response) => return *response,
    };
    let worker = state.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let model = worker.model();
        let pick = model.pick(&profile)?;
        let plan = if with_plan {
            model.improvement_plan(&profile, pick.p_match)?
        } else {
            Vec::new()
        };
        Ok::<_, PickError>((pick, plan))
    })
    .await;
    match outcome {
        Ok(Ok((pick, plan))) => no_store(Json(PickResponse {
            model: model_note(&state),
            pick,
            plan,
        })),
        Ok(Err(error)) => pick_error(error, ""),
        Err(error) => {
            tracing::error!(%error, "a Smart Pick computation failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
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
        (status = 422, description = "The profile or the list is invalid; the path of the bad field is given", body = super::ApiError),
    )
)]
pub async fn rank_list_check(State(state): State<AppState>, body: Bytes) -> Response {
    let body: RankListBody = match parse_body(&body) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let profile = match profile_of(body.profile, "profile.") {
        Ok(profile) => profile,
        Err(response) => return *response,
    };
    match state.model().check_rank_list(&profile, &body.rank) {
        Ok(check) => no_store(Json(RankListResponse {
            model: model_note(&state),
            check,
        })),
        Err(error) => {
            let PickError::Profile { field, reason } = error;
            let path = if field.starts_with("rank") {
                field
            } else {
                format!("profile.{field}")
            };
            invalid_input(vec![FieldError::problem(path, reason)])
        }
    }
}
