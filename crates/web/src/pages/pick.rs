//! Smart Pick in the browser: the profile form, the results (sorted and filtered on request),
//! the CSV download, the print view, the shareable link and editing a profile again.
//!
//! The form is posted, so a profile travels in request bodies: the results page carries it in
//! hidden fields for sorting, exporting, printing, editing and sharing, and the server keeps
//! nothing. Only when the applicant asks for a shareable link is the profile stored, under a
//! random id, until the link expires or whoever holds it deletes it.

use std::fmt::Display;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use catalog::Catalog;
use smart_pick::{Improvement, Pick, Profile, ProfileError};

use super::{FormErrors, Layout, SelectOption};
use crate::input::{FieldError, QueryPairs};
use crate::pick_form::{FieldMap, PickForm, SPECIALTY_ROWS, decode_profile, encode_profile};
use crate::pick_view::{self, Chart, ListRow, ListView, PlanRow, SignalView, dollars, pct};
use crate::state::{AppState, ShareFailure, Site};

#[derive(Template, WebTemplate)]
#[template(path = "pick_form.html")]
pub struct PickFormPage {
    layout: Layout,
    form: PickForm,
    errors: FormErrors,
    catalog: Catalog,
}

impl PickFormPage {
    fn options(&self, key: &str) -> Vec<SelectOption> {
        self.form.options(key, &self.catalog)
    }

    fn specialty_rows(&self) -> Vec<usize> {
        (1..=SPECIALTY_ROWS).collect()
    }

    fn options_row(&self, prefix: &str, row: impl Display) -> Vec<SelectOption> {
        self.options(&format!("{prefix}{row}"))
    }

    fn value_row(&self, prefix: &str, row: impl Display) -> String {
        self.form.value(&format!("{prefix}{row}"))
    }

    fn error_row(&self, prefix: &str, row: impl Display) -> Option<String> {
        self.errors.get(&format!("{prefix}{row}"))
    }

    fn checked_row(&self, prefix: &str, row: impl Display) -> bool {
        self.form.checked(&format!("{prefix}{row}"), "yes")
    }

    fn research_fields(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("publications", "Peer-reviewed publications"),
            ("abstracts", "Abstracts"),
            ("presentations", "Presentations and posters"),
        ]
    }
}

fn form_page(state: &AppState, form: PickForm, errors: Vec<FieldError>) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = PickFormPage {
        layout: Layout::new(state, "Smart Pick: your profile", "/pick"),
        form,
        errors: FormErrors(errors),
        // The form lists the catalog's specialties; a copy of that list is all it needs.
        catalog: Catalog {
            meta: state.catalog().meta.clone(),
            specialties: state.catalog().specialties.clone(),
            programs: Vec::new(),
            tracks: Vec::new(),
        },
    };
    (status, [(header::CACHE_CONTROL, "no-store")], page).into_response()
}

/// `GET /pick`: the form with its defaults.
pub async fn pick_form(State(state): State<AppState>) -> Response {
    form_page(&state, PickForm::defaults(), Vec::new())
}

/// An excluded program, ready to show.
pub struct ExcludedRow {
    name: String,
    state: String,
    track: String,
    reasons: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pick_results.html")]
pub struct PickResultsPage {
    layout: Layout,
    print_view: bool,
    profile_summary: String,
    p_match: String,
    p_low: String,
    p_high: String,
    held_out_error: String,
    weighted: bool,
    expected_worth: String,
    expected_interviews: String,
    list_size: usize,
    cost: String,
    considered: usize,
    eligible: usize,
    likely: usize,
    target: usize,
    reach: usize,
    rows: Vec<ListRow>,
    sort_options: Vec<SelectOption>,
    tier_options: Vec<SelectOption>,
    shown_note: String,
    chart: Option<Chart>,
    signals: Vec<SignalView>,
    plan: Vec<PlanRow>,
    excluded: Vec<ExcludedRow>,
    excluded_total: usize,
    notes: Vec<String>,
    profile_blob: String,
    sharing: Sharing,
}

/// What a results page offers or says about sharing.
pub enum Sharing {
    /// The server keeps no shared links.
    Unavailable,
    /// A button that makes a link kept this many days.
    Offer {
        /// Days a link is kept.
        days: u64,
    },
    /// The page was opened from a shared link.
    Shared(SharedView),
}

impl Sharing {
    /// The offer of a site: a button when it has a store to keep links in.
    fn offer(site: &Site) -> Sharing {
        match site.share_days() {
            Some(days) => Sharing::Offer { days },
            None => Sharing::Unavailable,
        }
    }
}

/// What a results page opened from a shared link says about the link.
pub struct SharedView {
    /// The share's id, for the delete button.
    id: String,
    /// The link's address on this site.
    link: String,
    /// The day the link stops working.
    expires: String,
}

/// A pick and its improvement plan for a profile, computed off the async threads.
async fn run_pick(
    state: &AppState,
    profile: Profile,
    with_plan: bool,
) -> Result<(Profile, Pick, Vec<Improvement>), FieldError> {
    let state = state.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let model = state.model();
        let pick = model.pick(&profile)?;
        let plan = if with_plan {
            model.improvement_plan(&profile, pick.p_match)?
        } else {
            Vec::new()
        };
        Ok::<_, smart_pick::PickError>((profile, pick, plan))
    })
    .await;
    match outcome {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(smart_pick::PickError::Profile { field, reason })) => {
            Err(FieldError::problem(field, reason))
        }
        Err(_) => Err(FieldError::problem(
            "form",
            "the list could not be computed; please try again",
        )),
    }
}

/// Every bad field of a profile, each at its engine path.
fn profile_errors(error: ProfileError) -> Vec<FieldError> {
    match error {
        ProfileError::Invalid(fields) => fields
            .into_iter()
            .map(|field| FieldError::problem(field.path, field.reason))
            .collect(),
        ProfileError::Syntax(reason) => vec![FieldError::problem("form", reason)],
    }
}

fn profile_summary(state: &AppState, profile: &Profile) -> String {
    let applicant = profile.applicant_type().name();
    let specialties: Vec<String> = profile
        .specialties()
        .iter()
        .map(|code| {
            state
                .catalog()
                .specialty(*code)
                .map_or_else(|| code.to_string(), |s| s.name.clone())
        })
        .collect();
    format!(
        "{applicant}, {}, Step 2 CK {}{}, graduated {}",
        specialties.join(" and "),
        profile.step2(),
        if profile.step2_estimated() {
            " (estimated from COMLEX)"
        } else {
            ""
        },
        profile.graduation_year()
    )
}

#[allow(
    clippy::too_many_arguments,
    reason = "every argument is a different part of the page"
)]
fn results_page(
    state: &AppState,
    profile: &Profile,
    pick: &Pick,
    plan: &[Improvement],
    view: &ListView,
    print_view: bool,
    sharing: Sharing,
) -> Response {
    let error_points = state.calibration().summary.held_out_mae;
    let (likely, target, reach) = pick_view::tier_counts(pick);
    let rows = pick_view::list_rows(pick, view);
    let shown_note = if rows.len() == pick.list.len() {
        format!("All {} programs of the list.", rows.len())
    } else {
        format!(
            "{} of the {} programs of the list.",
            rows.len(),
            pick.list.len()
        )
    };
    let blob = encode_profile(profile.input());
    const EXCLUDED_SHOWN: usize = 300;
    let page = PickResultsPage {
        layout: Layout::new(
            state,
            if print_view {
                "Smart Pick results (print)"
            } else {
                "Smart Pick results"
            },
            "/pick",
        ),
        print_view,
        profile_summary: profile_summary(state, profile),
        p_match: pct(pick.p_match),
        p_low: pct((pick.p_match - error_points / 100.0).max(0.0)),
        p_high: pct((pick.p_match + error_points / 100.0).min(1.0)),
        held_out_error: format!("{error_points:.0}"),
        weighted: pick.weighted,
        expected_worth: pct(pick.expected_worth),
        expected_interviews: format!("{:.1}", pick.expected_interviews),
        list_size: pick.list.len(),
        cost: dollars(pick.cost_usd),
        considered: pick.considered,
        eligible: pick.eligible,
        likely,
        target,
        reach,
        rows,
        sort_options: view.sort_options(),
        tier_options: view.tier_options(),
        shown_note,
        chart: pick_view::chart(pick),
        signals: pick_view::signal_views(pick),
        plan: pick_view::plan_rows(plan),
        excluded: pick
            .excluded
            .iter()
            .take(EXCLUDED_SHOWN)
            .map(|e| ExcludedRow {
                name: e.name.clone(),
                state: e.state.clone().unwrap_or_else(|| "unknown".to_owned()),
                track: e.track.clone(),
                reasons: e
                    .reasons
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            })
            .collect(),
        excluded_total: pick.excluded.len(),
        notes: pick.notes.clone(),
        profile_blob: blob,
        sharing,
    };
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], page).into_response()
}

/// `POST /pick`: the submitted form into results, or the form again with its errors.
pub async fn submit_pick(State(site): State<Site>, body: String) -> Response {
    let state = site.current();
    let pairs = QueryPairs::parse(Some(&body));
    let form = PickForm::from_pairs(&pairs);
    let (input, map) = match form.to_input() {
        Ok(converted) => converted,
        Err(errors) => return form_page(&state, form, errors),
    };
    let to_form = |error: FieldError| FieldError {
        path: map.form_field(&error.path),
        ..error
    };
    let profile = match Profile::from_input(input) {
        Ok(profile) => profile,
        Err(error) => {
            let errors = profile_errors(error).into_iter().map(to_form).collect();
            return form_page(&state, form, errors);
        }
    };
    match run_pick(&state, profile, true).await {
        Ok((profile, pick, plan)) => results_page(
            &state,
            &profile,
            &pick,
            &plan,
            &ListView::from_pairs(&pairs),
            false,
            Sharing::offer(&site),
        ),
        Err(error) => form_page(&state, form, vec![to_form(error)]),
    }
}

/// Reads the encoded profile of a results page's hidden field or shared link; a bad one shows
/// the form with the reason.
async fn from_blob(
    state: &AppState,
    pairs: &QueryPairs,
    with_plan: bool,
) -> Result<(Profile, Pick, Vec<Improvement>), Response> {
    let Some(input) = pairs.first("profile").and_then(decode_profile) else {
        return Err(form_page(
            state,
            PickForm::defaults(),
            vec![FieldError::problem(
                "form",
                "the profile in this link or page cannot be read; please fill in the form",
            )],
        ));
    };
    let form = PickForm::from_input(&input);
    let map = FieldMap::in_order(&input);
    let to_form = |error: FieldError| FieldError {
        path: map.form_field(&error.path),
        ..error
    };
    let profile = Profile::from_input(input).map_err(|error| {
        let errors = profile_errors(error).into_iter().map(to_form).collect();
        form_page(state, form.clone(), errors)
    })?;
    run_pick(state, profile, with_plan)
        .await
        .map_err(|error| form_page(state, form, vec![to_form(error)]))
}

/// `POST /pick/results`: the same results sorted or filtered differently.
pub async fn resort(State(site): State<Site>, body: String) -> Response {
    let state = site.current();
    let pairs = QueryPairs::parse(Some(&body));
    match from_blob(&state, &pairs, true).await {
        Ok((profile, pick, plan)) => results_page(
            &state,
            &profile,
            &pick,
            &plan,
            &ListView::from_pairs(&pairs),
            false,
            Sharing::offer(&site),
        ),
        Err(response) => response,
    }
}

/// The page answering a failed use case: 503 when the database is out of reach just now, 500
/// (logged) for a fault.
fn app_error_page(state: &AppState, error: &app::AppError) -> Response {
    crate::errors::log_fault(error);
    if error.is_unavailable() {
        super::message(
            state,
            StatusCode::SERVICE_UNAVAILABLE,
            "Please try again in a moment",
            "The site's database cannot be reached just now. Nothing you entered was lost: go back and send the form again in a few seconds.",
        )
    } else {
        super::message(
            state,
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong",
            "The server could not do this; the problem has been logged.",
        )
    }
}

/// The page answering a shared-link operation that could not be done.
fn share_failure_page(state: &AppState, failure: ShareFailure) -> Response {
    match failure {
        ShareFailure::NoStore => super::message(
            state,
            StatusCode::SERVICE_UNAVAILABLE,
            "Sharing is not available",
            "This server keeps no shared links.",
        ),
        ShareFailure::Failed(error) => app_error_page(state, &error),
    }
}

fn share_gone_page(state: &AppState) -> Response {
    super::message(
        state,
        StatusCode::NOT_FOUND,
        "This shared link does not work",
        "No shared result has this address: the link is mistyped, has expired or was deleted by someone who had it. Smart Pick can make the list again from the profile.",
    )
}

/// The day a shared link stops working, as people read it.
fn expiry_day(epoch_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(epoch_seconds, 0)
        .map(|time| time.format("%B %-d, %Y").to_string())
        .unwrap_or_default()
}

/// `POST /pick/share`: stores the results page's profile under a new random id and sends the
/// browser to its link.
pub async fn share(State(site): State<Site>, body: String) -> Response {
    let state = site.current();
    let pairs = QueryPairs::parse(Some(&body));
    let Some(input) = pairs.first("profile").and_then(decode_profile) else {
        return form_page(
            &state,
            PickForm::defaults(),
            vec![FieldError::problem(
                "form",
                "the profile to share cannot be read; please fill in the form",
            )],
        );
    };
    if let Err(error) = Profile::from_input(input.clone()) {
        let map = FieldMap::in_order(&input);
        let errors = profile_errors(error)
            .into_iter()
            .map(|error| FieldError {
                path: map.form_field(&error.path),
                ..error
            })
            .collect();
        return form_page(&state, PickForm::from_input(&input), errors);
    }
    match site.share(&input).await {
        Ok(shared) => (
            StatusCode::SEE_OTHER,
            [
                (
                    header::LOCATION,
                    format!("/pick/shared/{}", shared.id.as_str()),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
        )
            .into_response(),
        Err(failure) => share_failure_page(&state, failure),
    }
}

/// `GET /pick/shared/{id}`: the results of a shared profile, with a way to delete the link.
pub async fn shared(
    State(site): State<Site>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let state = site.current();
    let shared = match site.open_share(&id).await {
        Ok(Some(shared)) => shared,
        Ok(None) => return share_gone_page(&state),
        Err(failure) => return share_failure_page(&state, failure),
    };
    let form = PickForm::from_input(&shared.profile);
    let map = FieldMap::in_order(&shared.profile);
    let to_form = |error: FieldError| FieldError {
        path: map.form_field(&error.path),
        ..error
    };
    let profile = match Profile::from_input(shared.profile) {
        Ok(profile) => profile,
        Err(error) => {
            let errors = profile_errors(error).into_iter().map(to_form).collect();
            return form_page(&state, form, errors);
        }
    };
    let pairs = QueryPairs::parse(raw.as_deref());
    match run_pick(&state, profile, true).await {
        Ok((profile, pick, plan)) => results_page(
            &state,
            &profile,
            &pick,
            &plan,
            &ListView::from_pairs(&pairs),
            false,
            Sharing::Shared(SharedView {
                link: format!("/pick/shared/{}", shared.id.as_str()),
                id: shared.id.as_str().to_owned(),
                expires: expiry_day(shared.expires_at),
            }),
        ),
        Err(error) => form_page(&state, form, vec![to_form(error)]),
    }
}

/// `POST /pick/shared/{id}/delete`: deletes a shared link, for whoever holds it.
pub async fn delete_shared(State(site): State<Site>, Path(id): Path<String>) -> Response {
    let state = site.current();
    match site.delete_share(&id).await {
        Ok(true) => super::message(
            &state,
            StatusCode::OK,
            "The shared link was deleted",
            "The profile behind it is gone from the server, and the link no longer opens anything.",
        ),
        Ok(false) => share_gone_page(&state),
        Err(failure) => share_failure_page(&state, failure),
    }
}

/// `POST /pick/print`: the results laid out for printing.
pub async fn print(State(site): State<Site>, body: String) -> Response {
    let state = site.current();
    let pairs = QueryPairs::parse(Some(&body));
    match from_blob(&state, &pairs, true).await {
        Ok((profile, pick, plan)) => results_page(
            &state,
            &profile,
            &pick,
            &plan,
            &ListView::from_pairs(&pairs),
            true,
            Sharing::Unavailable,
        ),
        Err(response) => response,
    }
}

/// `POST /pick/export.csv`: the list as a CSV file.
pub async fn export_csv(State(state): State<AppState>, body: String) -> Response {
    let pairs = QueryPairs::parse(Some(&body));
    match from_blob(&state, &pairs, false).await {
        Ok((_, pick, _)) => match pick_view::list_csv(&pick) {
            Ok(csv) => (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"smart-pick-list.csv\"",
                    ),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                csv,
            )
                .into_response(),
            Err(error) => {
                tracing::error!(%error, "writing the Smart Pick CSV failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        },
        Err(response) => response,
    }
}

/// `POST /pick/edit`: the form filled with a profile, to change it.
pub async fn edit(State(state): State<AppState>, body: String) -> Response {
    let pairs = QueryPairs::parse(Some(&body));
    match pairs.first("profile").and_then(decode_profile) {
        Some(input) => form_page(&state, PickForm::from_input(&input), Vec::new()),
        None => form_page(
            &state,
            PickForm::defaults(),
            vec![FieldError::problem(
                "form",
                "the profile could not be read; please fill in the form",
            )],
        ),
    }
}
