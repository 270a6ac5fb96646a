//! The rank list check as a page: after interviews, the applicant numbers the programs of
//! their Smart Pick list that interviewed them in the order they will rank them (and adds any
//! other program by NRMP code or name), and sees their chance of matching and where they are
//! likely to land.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use catalog::{Catalog, NrmpCode};

use super::pick::{ProfileSource, Ran, profile_summary, run};
use super::{FormErrors, Layout, PageError};
use crate::input::{FieldError, QueryPairs};
use crate::pick_form::encode_profile;
use crate::pick_view::pct;
use crate::state::Site;

/// The longest rank order list the page checks (the NRMP allows more; the model's evidence
/// about a list this long is already saturated).
const MAX_RANKED: usize = 60;
/// The chart's bar area, in SVG units.
const BAR_WIDTH: f64 = 300.0;

/// A program of the Smart Pick list, with the rank number typed beside it.
pub struct RankInput {
    code: String,
    name: String,
    detail: String,
    value: String,
}

/// A ranked program's outcome, ready to show.
pub struct RankedRow {
    rank: usize,
    name: String,
    code: String,
    p_here: String,
    p_by_here: String,
    /// The bar of P(matching here), in SVG units.
    bar: f64,
}

/// The check's result.
pub struct RankResult {
    p_match: String,
    most_likely: Option<String>,
    unmatched: String,
    rows: Vec<RankedRow>,
    notes: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "rank_list.html")]
pub struct RankListPage {
    layout: Layout,
    profile_blob: String,
    profile_summary: String,
    inputs: Vec<RankInput>,
    others: String,
    errors: FormErrors,
    result: Option<RankResult>,
}

impl RankListPage {
    fn bar_width(&self) -> f64 {
        BAR_WIDTH
    }
}

/// `POST /pick/rank-list`: with a results page's profile, the form; with `action=check`, the
/// ranks read (numbers beside the list's programs, then other programs one per line) and
/// checked. Anything unreadable is named beside its field, the rest kept as typed.
pub async fn rank_list(State(site): State<Site>, body: String) -> Result<Response, PageError> {
    let state = site.current();
    let pairs = QueryPairs::parse(Some(&body));
    let ran = run(&state, ProfileSource::Encoded(&pairs), false).await?;
    let inputs: Vec<RankInput> = ran
        .pick
        .list
        .iter()
        .map(|c| RankInput {
            code: c.track.clone(),
            name: c.name.clone(),
            detail: format!(
                "{}, {}",
                c.track_type,
                c.state
                    .clone()
                    .unwrap_or_else(|| "state unknown".to_owned())
            ),
            value: pairs
                .first(&format!("rank_{}", c.track))
                .unwrap_or("")
                .to_owned(),
        })
        .collect();
    let others = pairs.first("others").unwrap_or("").to_owned();
    let mut page = RankListPage {
        layout: Layout::new(&state, "Check your rank list", "/pick"),
        profile_blob: encode_profile(ran.profile.input()),
        profile_summary: profile_summary(&state, &ran.profile),
        inputs,
        others,
        errors: FormErrors::default(),
        result: None,
    };
    if pairs.first("action") == Some("check") {
        match ranked(state.catalog(), &page.inputs, &page.others) {
            Ok(codes) => match state.model().check_rank_list(&ran.profile, &codes) {
                Ok(check) => page.result = Some(result(&ran, &check)),
                Err(smart_pick::PickError::Profile { reason, .. }) => {
                    page.errors = FormErrors(vec![FieldError::problem("others", reason)]);
                }
            },
            Err(errors) => page.errors = FormErrors(errors),
        }
    }
    let status = if page.errors.any() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((
        status,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        page,
    )
        .into_response())
}

/// The rank order list the form gives: the numbered programs by their numbers, then the other
/// programs in the order of their lines. Every unreadable number or line is reported at once.
fn ranked(
    catalog: &Catalog,
    inputs: &[RankInput],
    others: &str,
) -> Result<Vec<String>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut numbered: Vec<(u32, String)> = Vec::new();
    for input in inputs {
        let text = input.value.trim();
        if text.is_empty() {
            continue;
        }
        match text.parse::<u32>() {
            Ok(n) if (1..=MAX_RANKED as u32).contains(&n) => {
                if numbered.iter().any(|(m, _)| *m == n) {
                    errors.push(FieldError::new(
                        format!("rank_{}", input.code),
                        "a rank number no other program has",
                        Some(text),
                    ));
                } else {
                    numbered.push((n, input.code.clone()));
                }
            }
            _ => errors.push(FieldError::new(
                format!("rank_{}", input.code),
                format!("a rank from 1 to {MAX_RANKED}, or nothing if it did not interview you"),
                Some(text),
            )),
        }
    }
    numbered.sort();
    let mut codes: Vec<String> = numbered.into_iter().map(|(_, code)| code).collect();
    for line in others.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match resolve(catalog, line) {
            Ok(code) if codes.contains(&code) => errors.push(FieldError::problem(
                "others",
                format!("“{line}” ({code}) is already ranked above"),
            )),
            Ok(code) => codes.push(code),
            Err(reason) => errors.push(FieldError::problem("others", reason)),
        }
    }
    if codes.is_empty() && errors.is_empty() {
        errors.push(FieldError::problem(
            "others",
            "number at least one program that interviewed you, or add one below",
        ));
    }
    if codes.len() > MAX_RANKED {
        errors.push(FieldError::problem(
            "others",
            format!("at most {MAX_RANKED} programs can be checked at once"),
        ));
    }
    if errors.is_empty() {
        Ok(codes)
    } else {
        Err(errors)
    }
}

/// A line of the "other programs" box as a track: an NRMP code, or words found in exactly one
/// track's program, institution or track name.
fn resolve(catalog: &Catalog, line: &str) -> Result<String, String> {
    if let Ok(code) = NrmpCode::parse(line) {
        return catalog
            .tracks
            .iter()
            .find(|t| t.code == code)
            .map(|t| t.code.to_string())
            .ok_or_else(|| format!("no track in the catalog has the NRMP code {code}"));
    }
    let words: Vec<String> = line.split_whitespace().map(str::to_lowercase).collect();
    let found: Vec<_> = catalog
        .tracks
        .iter()
        .filter(|t| {
            let program = t
                .program
                .as_ref()
                .and_then(|id| catalog.program(id))
                .map_or("", |p| p.name.as_str());
            let text = format!("{program} {} {}", t.institution_name, t.name).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one.code.to_string()),
        [] => Err(format!(
            "no program or track matches “{line}”; write its NRMP code, shown on the program's page"
        )),
        many => {
            let shown: Vec<String> = many
                .iter()
                .take(3)
                .map(|t| format!("{} ({})", t.name, t.code))
                .collect();
            Err(format!(
                "“{line}” matches {} tracks, such as {}; write the NRMP code of the one you mean",
                many.len(),
                shown.join(", ")
            ))
        }
    }
}

fn result(ran: &Ran, check: &smart_pick::RankListCheck) -> RankResult {
    let name_of = |code: &str| {
        ran.pick
            .list
            .iter()
            .find(|c| c.track == code)
            .map(|c| c.name.clone())
    };
    let rows: Vec<RankedRow> = check
        .ranks
        .iter()
        .enumerate()
        .map(|(i, r)| RankedRow {
            rank: i + 1,
            name: name_of(&r.track).unwrap_or_else(|| r.name.clone()),
            code: r.track.clone(),
            p_here: pct(r.p_match_here),
            p_by_here: pct(r.p_match_by_here),
            bar: (r.p_match_here * BAR_WIDTH).max(1.0),
        })
        .collect();
    RankResult {
        p_match: pct(check.p_match),
        most_likely: check
            .most_likely
            .and_then(|rank| rows.get(rank - 1))
            .map(|row| format!("number {}, {}", row.rank, row.name)),
        unmatched: pct(1.0 - check.p_match),
        rows,
        notes: check.notes.clone(),
    }
}
