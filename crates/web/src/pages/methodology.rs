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
