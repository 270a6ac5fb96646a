//! Smart Pick in the browser: the profile form, the results (sorted and filtered on request),
//! the CSV download, the print view, the shareable link and editing a profile again.
//!
//! The form is posted, so a profile travels in request bodies: the results page carries it in
//! hidden fields for sorting, exporting, printing, editing and sharing, and the server keeps
//! nothing. Only when the applicant asks for a shareable link is the profile stored, under a
//! random id, until the link expires or whoever holds it deletes it.

use std::fmt::Display;

use app::share::Deletion;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use catalog::Catalog;
use smart_pick::{ChanceModel, Improvement, Pick, PickError, Profile, ProfileError, ProfileInput};

use super::{FormErrors, Layout, PageError, PageProblem, SelectOption};
use crate::errors::on_blocking_thread;
use crate::input::{FieldError, QueryPairs};
use crate::pick_form::{
    FieldMap, PickForm, SPECIALTY_ROWS, decode_profile, encode_profile, field_label,
};
use crate::pick_view::{self, Chart, ListRow, ListView, PlanRow, SignalView, dollars, pct};
use crate::state::{AppState, ShareFailure, Site};

#[derive(Template, WebTemplate)]
#[template(path = "pick_form.html")]
pub struct PickFormPage {
    layout: Layout,
    form: PickForm,
    errors: FormErrors,
    catalog: Catalog,
    /// The program whose chances the visitor came to see ("my chances here"), by name.
    focus: Option<String>,
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

    /// "1 answer" or "N answers".
    fn error_count(&self) -> String {
        match self.errors.0.len() {
            1 => "1 answer".to_owned(),
            n => format!("{n} answers"),
        }
    }

    /// The error summary's lines: the field to link to (none for the form as a whole), its
    /// label and the message.
    fn error_summary(&self) -> Vec<(Option<String>, String, String)> {
        self.errors
            .0
            .iter()
            .map(|error| {
                let field = error.path.split('[').next().unwrap_or(&error.path);
                // Every field's element has its name as id (a checkbox group's fieldset too).
                let anchor = (field != "form").then(|| field.to_owned());
                (anchor, field_label(field), error.message())
            })
            .collect()
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
    let title = if errors.is_empty() {
        "Smart Pick: your profile"
    } else {
        "Error: Smart Pick: your profile"
    };
    let focus = focus_program(state, &form.value("program")).map(|p| p.name.clone());
    let page = PickFormPage {
        layout: Layout::new(state, title, "/pick"),
        focus,
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

/// `GET /pick`: the form with its defaults; `?program=ID` (a program page's "my chances
/// here") sets the program's specialty and shows that program's chances first in the results.
pub async fn pick_form(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let pairs = QueryPairs::parse(raw.as_deref());
    let mut form = PickForm::defaults();
    if let Some(program) = pairs
        .first("program")
        .and_then(|id| focus_program(&state, id))
    {
        form.focus_on(&program.id.to_string(), &program.specialty.to_string());
    }
    form_page(&state, form, Vec::new())
}

/// The catalog program an address or form names by id, if there is one.
fn focus_program<'a>(state: &'a AppState, id: &str) -> Option<&'a catalog::Program> {
    let id = catalog::ProgramId::parse(id.trim()).ok()?;
    state.catalog().program(&id)
}

/// Eligible programs the list leaves out that the results page shows at most.
const LEFT_OUT_SHOWN: usize = 100;

/// An eligible program that is not on the list, and why.
pub struct LeftOutRow {
    row: ListRow,
    why: &'static str,
}

/// Every eligible track the list leaves out, likeliest match first. The list takes every
/// program worth a point of chance up to the budget, then fills the budget with programs where
/// the chance of matching is at least 1%: so a track left out of a list shorter than the
/// budget is under 1%, and one left out of a full list lost its place to the budget. Answers
/// how many there are and the first [`LEFT_OUT_SHOWN`].
fn left_out_rows(ran: &Ran, all: &[smart_pick::ProgramChance]) -> (usize, Vec<LeftOutRow>) {
    let budget_full = ran.pick.list.len() >= ran.profile.max_applications() as usize;
    let mut rows: Vec<&smart_pick::ProgramChance> = all
        .iter()
        .filter(|c| !ran.pick.list.iter().any(|l| l.track == c.track))
        .collect();
    rows.sort_by(|a, b| b.p_match.total_cmp(&a.p_match));
    let total = rows.len();
    let shown = rows
        .into_iter()
        .take(LEFT_OUT_SHOWN)
        .map(|c| LeftOutRow {
            row: pick_view::list_row(0, c),
            why: if budget_full && c.p_match >= 0.01 {
                "your budget went to programs that add more to your chance"
            } else {
                "a chance of matching there under 1%"
            },
        })
        .collect();
    (total, shown)
}

/// Programs whose name, institution or city holds the words typed on the results page, to
/// see the chances at one of them.
pub struct FoundView {
    words: String,
    programs: Vec<(String, String)>,
    total: usize,
}

fn found_view(state: &AppState, words: &str) -> FoundView {
    let query = catalog::ProgramQuery {
        text: Some(words.to_owned()),
        ..catalog::ProgramQuery::default()
    };
    let found: Vec<&catalog::Program> = state
        .catalog()
        .programs
        .iter()
        .filter(|p| query.matches(p))
        .collect();
    FoundView {
        words: words.to_owned(),
        total: found.len(),
        programs: found
            .iter()
            .take(10)
            .map(|p| {
                let place = p.state.get().map_or("state unknown", |s| s.code());
                let specialty = crate::views::specialty_name(state.catalog(), p);
                (
                    p.id.to_string(),
                    format!("{} ({specialty}, {place})", p.name),
                )
            })
            .collect(),
    }
}

/// A program's chances for the profile, shown above the list when the visitor came from its
/// page: each of its tracks, listed or not, and those that cannot consider the applicant.
pub struct FocusView {
    id: String,
    name: String,
    /// The tracks that can consider the applicant (rank 0: not on the list).
    rows: Vec<ListRow>,
    /// The tracks that cannot, with the reasons.
    excluded: Vec<(String, String)>,
    /// When neither: why the program was not looked at.
    note: Option<String>,
}

fn focus_view(
    state: &AppState,
    ran: &Ran,
    all: &[smart_pick::ProgramChance],
    id: &str,
) -> Option<FocusView> {
    let program = focus_program(state, id)?;
    let tracks: Vec<String> = state
        .catalog()
        .tracks_of(&program.id)
        .map(|t| t.code.to_string())
        .collect();
    let ours = |code: &String| tracks.contains(code);
    let mut rows: Vec<ListRow> = ran
        .pick
        .list
        .iter()
        .enumerate()
        .filter(|(_, c)| ours(&c.track))
        .map(|(i, c)| pick_view::list_row(i + 1, c))
        .collect();
    let excluded: Vec<(String, String)> = ran
        .pick
        .excluded
        .iter()
        .filter(|e| ours(&e.track))
        .map(|e| {
            let reasons: Vec<String> = e.reasons.iter().map(ToString::to_string).collect();
            (e.track.clone(), reasons.join("; "))
        })
        .collect();
    if rows.len() + excluded.len() < tracks.len() {
        // Eligible tracks the list left out: their chances, computed apart.
        rows.extend(
            all.iter()
                .filter(|c| ours(&c.track) && !ran.pick.list.iter().any(|l| l.track == c.track))
                .map(|c| pick_view::list_row(0, c)),
        );
    }
    let note = (rows.is_empty() && excluded.is_empty()).then(|| {
        format!(
            "Smart Pick looked only at the specialties you chose; this program's specialty, {}, is not among them. Add it to your profile to see your chances here.",
            crate::views::specialty_name(state.catalog(), program)
        )
    });
    Some(FocusView {
        id: program.id.to_string(),
        name: program.name.clone(),
        rows,
        excluded,
        note,
    })
}

/// A results address opened without its form (reopened, bookmarked, or reached by going back
/// after printing): results are not kept, so the page says so and offers to start again.
pub async fn not_kept(State(state): State<AppState>) -> Response {
    super::message(
        &state,
        StatusCode::OK,
        "Your results are not kept",
        "Smart Pick does not store what you enter, so its results cannot be opened again from their address. Fill in Smart Pick again (your browser may still hold what you typed if you go back to the form), or next time make a shareable link from the results to keep them for a while.",
    )
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
    diminishing_returns: Option<String>,
    typical_comparison: String,
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
    excluded_reasons: Vec<(String, usize)>,
    notes: Vec<String>,
    profile_blob: String,
    sharing: Sharing,
    focus: Option<FocusView>,
    /// Programs found by the words typed in the results' search, when there was a search.
    found: Option<FoundView>,
    /// Eligible programs the list leaves out, likeliest first, with why.
    left_out: Vec<LeftOutRow>,
    left_out_total: usize,
    specialty_guides: Vec<super::specialty_guides::PickGuideLink>,
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
    /// The link's full address.
    link: String,
    /// The day the link stops working.
    expires: String,
    /// The deletion key, shown once: on the page that answers the making of the link.
    delete_key: Option<String>,
}

/// The full address of a shared link, as the visitor reached this site (the `Host` header, and
/// `https` when a proxy says so); the path alone when the request names no host.
fn share_address(headers: &HeaderMap, id: &str) -> String {
    let path = format!("/pick/shared/{id}");
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        });
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|proto| proto.eq_ignore_ascii_case("https"));
    match host {
        Some(host) => format!("{}://{host}{path}", if https { "https" } else { "http" }),
        None => path,
    }
}

/// Where a profile to run comes from.
pub(super) enum ProfileSource<'a> {
    /// The submitted form.
    Form(&'a QueryPairs),
    /// The encoded profile of a results page's hidden field.
    Encoded(&'a QueryPairs),
    /// A stored shared profile.
    Stored(Box<ProfileInput>),
}

/// The form a profile shows as, and where each of its fields is on it: what a refused
/// profile is shown again with.
struct FormContext {
    form: PickForm,
    map: FieldMap,
}

impl FormContext {
    /// The form page again with its errors, their paths turned into the form fields'.
    fn refused(self, state: &AppState, errors: Vec<FieldError>) -> PageError {
        let errors = errors
            .into_iter()
            .map(|error| FieldError {
                path: self.map.form_field(&error.path),
                ..error
            })
            .collect();
        PageError::invalid(state, form_page(state, self.form, errors))
    }
}

/// Decodes and validates a profile; anything wrong is the form again with the reason beside
/// its field. The input is returned too, for sharing.
fn validate(
    state: &AppState,
    source: ProfileSource<'_>,
) -> Result<(Profile, ProfileInput, FormContext), PageError> {
    let (input, context) = match source {
        ProfileSource::Form(pairs) => {
            let form = PickForm::from_pairs(pairs);
            match form.to_input() {
                Ok((input, map)) => (input, FormContext { form, map }),
                Err(errors) => {
                    return Err(PageError::invalid(state, form_page(state, form, errors)));
                }
            }
        }
        ProfileSource::Encoded(pairs) => match pairs.first("profile").and_then(decode_profile) {
            Some(input) => {
                let context = FormContext {
                    form: PickForm::from_input(&input),
                    map: FieldMap::in_order(&input),
                };
                (input, context)
            }
            None => {
                return Err(PageError::invalid(
                    state,
                    form_page(
                        state,
                        PickForm::defaults(),
                        vec![FieldError::problem(
                            "form",
                            "the profile in this link or page cannot be read; please fill in the form",
                        )],
                    ),
                ));
            }
        },
        ProfileSource::Stored(input) => {
            let input = *input;
            let context = FormContext {
                form: PickForm::from_input(&input),
                map: FieldMap::in_order(&input),
            };
            (input, context)
        }
    };
    match Profile::from_input(input.clone()) {
        Ok(profile) => Ok((profile, input, context)),
        Err(ProfileError::Invalid(fields)) => Err(context.refused(
            state,
            fields
                .into_iter()
                .map(|field| FieldError::problem(field.path, field.reason))
                .collect(),
        )),
        Err(ProfileError::Syntax(reason)) => {
            Err(context.refused(state, vec![FieldError::problem("form", reason)]))
        }
    }
}

/// What Smart Pick made of a profile.
pub(super) struct Ran {
    pub(super) profile: Profile,
    pub(super) pick: Pick,
    plan: Vec<Improvement>,
}

/// Decode → validate → run, the path of every results page: the profile through Smart Pick
/// (and its improvement plan when asked) on a blocking thread. A profile Smart Pick refuses is
/// the form again; a panic is logged and answered with the 500 page.
pub(super) async fn run(
    state: &AppState,
    source: ProfileSource<'_>,
    with_plan: bool,
) -> Result<Ran, PageError> {
    run_with(state, source, with_plan, pick_and_plan).await
}

/// Smart Pick's list for a profile and, when asked, its improvement plan.
fn pick_and_plan(
    model: &ChanceModel,
    profile: &Profile,
    with_plan: bool,
) -> Result<(Pick, Vec<Improvement>), PickError> {
    let pick = model.pick(profile)?;
    let plan = if with_plan {
        model.improvement_plan(profile, pick.p_match)?
    } else {
        Vec::new()
    };
    Ok((pick, plan))
}

/// A computation of Smart Pick's list and plan.
type Compute = fn(&ChanceModel, &Profile, bool) -> Result<(Pick, Vec<Improvement>), PickError>;

/// [`run`] with the computation given (tests pass one that fails).
async fn run_with(
    state: &AppState,
    source: ProfileSource<'_>,
    with_plan: bool,
    compute: Compute,
) -> Result<Ran, PageError> {
    let (profile, _, context) = validate(state, source)?;
    let worker = state.clone();
    let outcome = on_blocking_thread(move || {
        compute(worker.model(), &profile, with_plan).map(|(pick, plan)| Ran {
            profile,
            pick,
            plan,
        })
    })
    .await
    .map_err(|panic| PageError::new(state, PageProblem::Fault(panic.to_string())))?;
    outcome.map_err(|PickError::Profile { field, reason }| {
        context.refused(state, vec![FieldError::problem(field, reason)])
    })
}

pub(super) fn profile_summary(state: &AppState, profile: &Profile) -> String {
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

/// The results page of a run, its list shown as `view` says.
fn results_page(
    state: &AppState,
    ran: &Ran,
    view: &ListView,
    print_view: bool,
    sharing: Sharing,
) -> Response {
    let Ran {
        profile,
        pick,
        plan,
    } = ran;
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
    // Every eligible track's chances, for those the list leaves out and the one asked about.
    let all = state
        .model()
        .program_chances(&ran.profile)
        .unwrap_or_default();
    let (left_out_total, left_out) = left_out_rows(ran, &all);
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
        diminishing_returns: pick.diminishing_returns(),
        typical_comparison: pick.typical_comparison(),
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
        excluded_reasons: pick.excluded_by_reason(),
        notes: pick.notes.clone(),
        profile_blob: blob,
        sharing,
        focus: view
            .program
            .as_deref()
            .and_then(|id| focus_view(state, ran, &all, id)),
        found: view.find.as_deref().map(|words| found_view(state, words)),
        left_out_total,
        left_out,
        specialty_guides: super::specialty_guides::pick_guide_links(profile, plan),
    };
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], page).into_response()
}

/// `POST /pick`: the submitted form into results, or the form again with its errors.
pub async fn submit_pick(State(site): State<Site>, body: String) -> Result<Response, PageError> {
    let pairs = QueryPairs::parse(Some(&body));
    results_of(&site, ProfileSource::Form(&pairs), &pairs).await
}

/// `POST /pick/results`: the same results sorted or filtered differently.
pub async fn resort(State(site): State<Site>, body: String) -> Result<Response, PageError> {
    let pairs = QueryPairs::parse(Some(&body));
    results_of(&site, ProfileSource::Encoded(&pairs), &pairs).await
}

/// The results page of a posted profile, sorted and filtered as the posted fields say, with
/// the offer to share it.
async fn results_of(
    site: &Site,
    source: ProfileSource<'_>,
    pairs: &QueryPairs,
) -> Result<Response, PageError> {
    let state = site.current();
    let ran = run(&state, source, true).await?;
    let view = ListView::from_pairs(pairs);
    Ok(results_page(
        &state,
        &ran,
        &view,
        false,
        Sharing::offer(site),
    ))
}

/// The error of a shared-link operation that could not be done: 503 without a store, or the
/// use case's failure.
fn share_failure(state: &AppState, failure: ShareFailure) -> PageError {
    match failure {
        ShareFailure::NoStore => PageError::refused(
            state,
            StatusCode::SERVICE_UNAVAILABLE,
            "Sharing is not available",
            "This server keeps no shared links.",
        ),
        ShareFailure::Failed(error) => PageError::new(state, error),
    }
}

fn share_gone(state: &AppState) -> PageError {
    PageError::refused(
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
pub async fn share(
    State(site): State<Site>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, PageError> {
    let state = site.current();
    let pairs = QueryPairs::parse(Some(&body));
    // Only a profile Smart Pick accepts is worth keeping.
    let (_, input, _) = validate(&state, ProfileSource::Encoded(&pairs))?;
    let shared = site
        .share(&input)
        .await
        .map_err(|failure| share_failure(&state, failure))?;
    let id = shared.id.as_str().to_owned();
    let sharing = Sharing::Shared(SharedView {
        link: share_address(&headers, &id),
        id,
        expires: expiry_day(shared.expires_at),
        delete_key: shared.delete_key.map(|key| key.as_str().to_owned()),
    });
    let ran = run(
        &state,
        ProfileSource::Stored(Box::new(shared.profile)),
        true,
    )
    .await?;
    let view = ListView::from_pairs(&pairs);
    Ok(results_page(&state, &ran, &view, false, sharing))
}

/// `GET /pick/shared/{id}`: the results of a shared profile, with a way to delete the link
/// for whoever holds its deletion key.
pub async fn shared(
    State(site): State<Site>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let state = site.current();
    let shared = site
        .open_share(&id)
        .await
        .map_err(|failure| share_failure(&state, failure))?
        .ok_or_else(|| share_gone(&state))?;
    let sharing = Sharing::Shared(SharedView {
        link: share_address(&headers, shared.id.as_str()),
        id: shared.id.as_str().to_owned(),
        expires: expiry_day(shared.expires_at),
        delete_key: None,
    });
    let ran = run(
        &state,
        ProfileSource::Stored(Box::new(shared.profile)),
        true,
    )
    .await?;
    let view = ListView::from_pairs(&QueryPairs::parse(raw.as_deref()));
    Ok(results_page(&state, &ran, &view, false, sharing))
}

/// `POST /pick/shared/{id}/delete` with `key`: deletes a shared link for the person who made
/// it (the deletion key shown to them once); 403 with a wrong key.
pub async fn delete_shared(
    State(site): State<Site>,
    Path(id): Path<String>,
    body: String,
) -> Result<Response, PageError> {
    let state = site.current();
    let pairs = QueryPairs::parse(Some(&body));
    let key = pairs.first("key").unwrap_or("");
    match site
        .delete_share(&id, key)
        .await
        .map_err(|failure| share_failure(&state, failure))?
    {
        Deletion::Deleted => Ok(super::message(
            &state,
            StatusCode::OK,
            "The shared link was deleted",
            "The profile behind it is gone from the server, and the link no longer opens anything.",
        )),
        Deletion::WrongKey => Err(PageError::refused(
            &state,
            StatusCode::FORBIDDEN,
            "This key does not delete this link",
            "Only the deletion key shown when the link was made deletes it (32 letters and digits). Without it, the link stops working by itself on the day it expires.",
        )),
        Deletion::NotFound => Err(share_gone(&state)),
    }
}

/// `POST /pick/print`: the results laid out for printing.
pub async fn print(State(site): State<Site>, body: String) -> Result<Response, PageError> {
    let state = site.current();
    let pairs = QueryPairs::parse(Some(&body));
    let ran = run(&state, ProfileSource::Encoded(&pairs), true).await?;
    let view = ListView::from_pairs(&pairs);
    Ok(results_page(
        &state,
        &ran,
        &view,
        true,
        Sharing::Unavailable,
    ))
}

/// `POST /pick/export.csv`: the list as a CSV file.
pub async fn export_csv(
    State(state): State<AppState>,
    body: String,
) -> Result<Response, PageError> {
    let pairs = QueryPairs::parse(Some(&body));
    let ran = run(&state, ProfileSource::Encoded(&pairs), false).await?;
    let csv = pick_view::list_csv(&ran.pick).map_err(|error| {
        PageError::new(
            &state,
            PageProblem::Fault(format!("writing the Smart Pick CSV failed: {error}")),
        )
    })?;
    Ok((
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
        .into_response())
}

/// `POST /pick/edit`: the form filled with a profile, to change it.
pub async fn edit(State(state): State<AppState>, body: String) -> Response {
    let pairs = QueryPairs::parse(Some(&body));
    match pairs.first("profile").and_then(decode_profile) {
        Some(input) => {
            let mut form = PickForm::from_input(&input);
            if let Some(program) = pairs
                .first("program")
                .and_then(|id| focus_program(&state, id))
            {
                form.focus_on(&program.id.to_string(), &program.specialty.to_string());
            }
            form_page(&state, form, Vec::new())
        }
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

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    #[test]
    fn a_shared_links_address_is_whole_where_the_host_is_known() {
        let mut headers = HeaderMap::new();
        assert_eq!(share_address(&headers, "ab"), "/pick/shared/ab");
        headers.insert(header::HOST, "advisor.example:8080".parse().unwrap());
        assert_eq!(
            share_address(&headers, "ab"),
            "http://advisor.example:8080/pick/shared/ab"
        );
        headers.insert("x-forwarded-proto", "https".parse().unwrap());
        assert_eq!(
            share_address(&headers, "ab"),
            "https://advisor.example:8080/pick/shared/ab"
        );
        headers.insert(header::HOST, "evil\"host".parse().unwrap());
        assert_eq!(share_address(&headers, "ab"), "/pick/shared/ab");
    }

    /// A log written to memory.
    #[derive(Clone, Default)]
    struct Log(Arc<Mutex<Vec<u8>>>);

    impl Write for Log {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .expect("the log is not poisoned")
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn panics(
        _: &ChanceModel,
        _: &Profile,
        _: bool,
    ) -> Result<(Pick, Vec<Improvement>), PickError> {
        panic!("the model broke");
    }

    #[tokio::test]
    async fn a_panic_on_the_page_path_is_logged_and_answered_with_the_500_page() {
        let log = Log::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let state = AppState::with_survey(demo_catalog::generate(app::DEMO_SEED), 1, 1);
        let input: ProfileInput = serde_json::from_value(serde_json::json!({
            "applicant_type": "us_md_senior",
            "specialties": ["140"],
            "exams": { "step2_ck": { "score": 240 } },
            "budget": { "applications": 10 }
        }))
        .expect("the profile reads");

        let Err(error) =
            run_with(&state, ProfileSource::Stored(Box::new(input)), true, panics).await
        else {
            panic!("a panicking computation has no results");
        };
        let response = error.into_response();

        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("the page reads");
        let body = String::from_utf8(body.to_vec()).expect("the page is UTF-8");
        assert!(body.contains("Something went wrong"), "{body}");
        assert!(body.contains("the problem has been logged"), "{body}");
        assert!(!body.contains("the model broke"), "the fault is not shown");
        assert!(
            !body.contains("<form"),
            "not the form with an error: {body}"
        );
        let logged = String::from_utf8(log.0.lock().expect("the log is not poisoned").clone())
            .expect("the log is UTF-8");
        assert!(logged.contains("ERROR"), "{logged}");
        assert!(logged.contains("the model broke"), "{logged}");
    }
}
