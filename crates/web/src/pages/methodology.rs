//! The methodology page: how the model works, how well it is calibrated, its limitations and
//! the data it rests on.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use calibration::InterviewYields;

use super::Layout;
use crate::methodology::{CalibrationRow, GroupErrors};
use crate::state::AppState;

/// A headline error beside its goal.
pub struct Headline {
    what: &'static str,
    value: String,
    goal: &'static str,
}

/// How far off the model has been for one kind of applicant, in plain words.
pub struct PlainError {
    who: String,
    sentence: String,
}

/// The plain-words opening: for each applicant type, the published match rate beside the
/// simulated one; then what the applicants who reported their interviews saw against what the
/// model expected for them.
fn plain_errors(
    rows: &[CalibrationRow],
    band_error: Option<f64>,
    yields: Option<&InterviewYields>,
) -> Vec<PlainError> {
    let mut lines: Vec<PlainError> = rows
        .iter()
        .filter_map(|row| {
            let who = row.name.strip_prefix("match rate: ")?;
            let published: f64 = row.published.parse().ok()?;
            let simulated: f64 = row.simulated.parse().ok()?;
            let off = simulated - published;
            let off = if off.abs() < 0.05 {
                "within a tenth of a point".to_owned()
            } else {
                format!(
                    "{:.1} points {}",
                    off.abs(),
                    if off > 0.0 { "too many" } else { "too few" }
                )
            };
            Some(PlainError {
                who: who.to_owned(),
                sentence: format!(
                    "{published:.0} in 100 matched in the 2025 Match; the model's simulated Matches give {simulated:.0} in 100 ({off})."
                ),
            })
        })
        .collect();
    let us_md = targets::ApplicantType::UsMdSenior.name();
    if let (Some(error), Some(line)) = (band_error, lines.iter_mut().find(|l| l.who == us_md)) {
        line.sentence.push_str(&format!(
            " For a senior with a given Step 2 CK score in a given specialty, the model's chance has been off by {error:.0} points on average on the published figures it was not tuned to."
        ));
    }
    for group in yields.map(|y| y.groups.as_slice()).unwrap_or_default() {
        if let Some(line) = lines
            .iter_mut()
            .find(|l| l.who.eq_ignore_ascii_case(&group.group))
        {
            line.sentence.push_str(&format!(
                " Of the {} who reported their Internal Medicine applications, the typical one heard back with an interview from {:.0} in 100 programs; for the same applications the model expected {:.0} in 100.",
                group.applicants, group.reported_median_pct, group.predicted_median_pct
            ));
        }
    }
    lines
}

/// A data source with its date.
pub struct SourceRow {
    name: String,
    description: String,
    as_of: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "methodology.html")]
pub struct MethodologyPage {
    layout: Layout,
    calibration_date: String,
    calibration_catalog: String,
    /// Whether the calibration was fitted on the catalog this server serves.
    fitted_here: bool,
    evaluations: String,
    report_seasons: String,
    headlines: Vec<Headline>,
    /// The held-out error every headline chance is read with, in points.
    typical_error: String,
    plain: Vec<PlainError>,
    groups: Vec<GroupErrors>,
    rows: Vec<CalibrationRow>,
    /// Interview yields against applicants' own reports, when the calibration holds them.
    yields: Option<InterviewYields>,
    catalog_sources: Vec<SourceRow>,
    published_sources: Vec<SourceRow>,
}

/// The published figures the model is calibrated to, with the dates they describe.
const PUBLISHED_SOURCES: [(&str, &str, &str); 4] = [
    (
        "NRMP Results and Data, 2025 Main Residency Match",
        "Match rates by applicant type, positions and fill rates by specialty, shares of filled positions.",
        "2025",
    ),
    (
        "NRMP Charting Outcomes: characteristics of non-US IMGs who matched, 2026",
        "Match rates and Step 2 CK medians of non-US IMGs by preferred specialty.",
        "2026",
    ),
    (
        "NRMP Charting Outcomes: US MD seniors, 2020–2024",
        "Probability of matching by Step 2 CK band and specialty.",
        "2020–2024",
    ),
    (
        "AAMC ERAS application facts and signaling table",
        "Applications per applicant, the fee schedule, preference signals per specialty, interviews per position.",
        "2025–2026 season",
    ),
];

/// `GET /methodology`.
pub async fn methodology(State(state): State<AppState>) -> MethodologyPage {
    let methodology = state.methodology();
    let file = methodology.file.as_ref();
    let headlines = methodology
        .summary()
        .map(|s| {
            vec![
                Headline {
                    what: "Match rate by applicant type, largest error",
                    value: format!("{:.1} points", s.match_rate_max_abs_error),
                    goal: "≤ 2 points",
                },
                Headline {
                    what: "Non-US IMG match rate per specialty, mean error",
                    value: format!("{:.1} points", s.non_us_img_match_rate_mae),
                    goal: "≤ 5 points",
                },
                Headline {
                    what: "US MD P(match | Step 2 CK band), fitted half, mean error",
                    value: format!("{:.1} points", s.us_md_band_fitted_mae),
                    goal: "≤ 5 points",
                },
                Headline {
                    what: "US MD P(match | Step 2 CK band), held-out half, mean error",
                    value: format!("{:.1} points", s.us_md_band_held_out_mae),
                    goal: "validation only",
                },
                Headline {
                    what: "All fitted targets, mean error",
                    value: format!("{:.1}", s.fitted_mae),
                    goal: "",
                },
                Headline {
                    what: "All held-out targets, mean error",
                    value: format!("{:.1}", s.held_out_mae),
                    goal: "validation only",
                },
            ]
        })
        .unwrap_or_default();
    MethodologyPage {
        layout: Layout::new(&state, "Methodology", "/methodology"),
        calibration_date: file.map_or_else(|| "unknown".to_owned(), |f| f.date.clone()),
        calibration_catalog: file.map_or_else(|| "unknown".to_owned(), |f| f.catalog.clone()),
        fitted_here: file.is_some_and(|f| f.catalog == state.catalog().meta.label),
        evaluations: file.map_or_else(|| "unknown".to_owned(), |f| f.evaluations.to_string()),
        report_seasons: file.map_or_else(
            || "unknown".to_owned(),
            |f| f.options.report_seasons.to_string(),
        ),
        headlines,
        typical_error: format!("{:.0}", state.calibration().summary.held_out_mae),
        plain: plain_errors(
            &methodology.rows,
            methodology.summary().map(|s| s.us_md_band_held_out_mae),
            file.and_then(|f| f.interview_yields.as_ref()),
        ),
        groups: methodology.groups.clone(),
        rows: methodology.rows.clone(),
        yields: file.and_then(|f| f.interview_yields.clone()),
        catalog_sources: state
            .catalog()
            .meta
            .sources
            .iter()
            .map(|source| SourceRow {
                name: source.id.to_string(),
                description: source.description.clone(),
                as_of: source.as_of.to_string(),
            })
            .collect(),
        published_sources: PUBLISHED_SOURCES
            .iter()
            .map(|(name, description, as_of)| SourceRow {
                name: (*name).to_owned(),
                description: (*description).to_owned(),
                as_of: (*as_of).to_owned(),
            })
            .collect(),
    }
}
