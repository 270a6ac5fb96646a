//! The ERAS fee calculator: programs per specialty in, the fee of each and the total out.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{FormErrors, Layout, SelectOption};
use crate::fees::{FeeQuote, quote};
use crate::input::{self, QueryPairs};
use crate::state::AppState;

/// Number inputs the form offers, one per specialty.
const SPECIALTY_INPUTS: usize = 4;

/// One "programs in specialty N" input as typed.
pub struct ProgramsInput {
    number: usize,
    value: String,
    error: Option<String>,
}

/// The fee of one specialty at a given number of programs, for the reference table.
pub struct FeeStep {
    programs: u32,
    fee_usd: u32,
}

#[derive(Template, WebTemplate)]
#[template(path = "fees.html")]
pub struct FeesPage {
    layout: Layout,
    seasons: Vec<SelectOption>,
    inputs: Vec<ProgramsInput>,
    errors: FormErrors,
    quote: Option<FeeQuote>,
    steps: Vec<FeeStep>,
    first_tier_programs: u32,
    first_tier_fee_usd: u32,
    later_fee_usd: u32,
}

impl FeesPage {
    /// Dollars with thousands separators (`$3,250`).
    fn usd(&self, amount: impl std::borrow::Borrow<u32>) -> String {
        crate::pick_view::dollars(*amount.borrow())
    }
}

/// `GET /fees`: the form, and with `programs` the fee.
pub async fn fees(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let pairs = QueryPairs::parse(raw.as_deref());
    let typed = pairs.raw_all("programs");
    let submitted = !typed.is_empty();
    let result = submitted.then(|| input::parse_fees(&pairs));
    let errors = match &result {
        Some(Err(errors)) => FormErrors(errors.clone()),
        _ => FormErrors::default(),
    };
    // Errors name the index among the non-empty values; map them back to the inputs.
    let mut non_empty_index = 0;
    let mut inputs: Vec<ProgramsInput> = Vec::new();
    for (number, value) in typed.iter().enumerate().take(SPECIALTY_INPUTS) {
        let mut error = None;
        if !value.trim().is_empty() {
            error = errors.get(&format!("programs[{non_empty_index}]"));
            non_empty_index += 1;
        }
        inputs.push(ProgramsInput {
            number: number + 1,
            value: value.clone(),
            error,
        });
    }
    while inputs.len() < SPECIALTY_INPUTS {
        let number = inputs.len() + 1;
        inputs.push(ProgramsInput {
            number,
            value: if !submitted && number == 1 {
                "40".to_owned()
            } else {
                String::new()
            },
            error: None,
        });
    }
    if let Some(message) = errors
        .0
        .iter()
        .find(|e| e.path == "programs")
        .map(|e| e.message())
    {
        inputs[0].error.get_or_insert(message);
    }
    let schedule = match &result {
        Some(Ok(request)) => request.season,
        _ => targets::FeeSchedule::for_season(pairs.first("season").unwrap_or(""))
            .or(targets::ERAS_FEE_SCHEDULES.last())
            .unwrap_or(&targets::ERAS_FEE_SCHEDULES[0]),
    };
    let page = FeesPage {
        layout: Layout::new(&state, "ERAS fee calculator", "/fees"),
        seasons: SelectOption::list(
            None,
            targets::ERAS_FEE_SCHEDULES
                .iter()
                .map(|s| (s.season.to_owned(), format!("ERAS {} season", s.season))),
            pairs.first("season").unwrap_or(schedule.season),
        ),
        inputs,
        quote: match &result {
            Some(Ok(request)) => Some(quote(request.season, &request.programs)),
            _ => None,
        },
        steps: [10u32, 20, 30, 40, 50, 60, 80, 100, 120]
            .into_iter()
            .map(|programs| FeeStep {
                programs,
                fee_usd: schedule.fee_for_programs(programs),
            })
            .collect(),
        first_tier_programs: schedule.first_tier_programs,
        first_tier_fee_usd: schedule.first_tier_fee_usd,
        later_fee_usd: schedule.later_fee_usd,
        errors,
    };
    if page.errors.any() {
        (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
    } else {
        page.into_response()
    }
}
