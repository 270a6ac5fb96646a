//! The committed calibration file: a versioned TOML record of the fitted parameters, how they
//! were fitted and the errors they achieved; and the markdown report of every target.

use std::fmt::Write as _;

use market::BehaviourParameters;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::compare::{ErrorSummary, TargetComparison};
use crate::fit::{CalibrationOptions, CalibrationResult};
use crate::yields::InterviewYields;

/// The format version this crate writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The calibration file's contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationFile {
    /// The file format's version ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The date of the calibration, as the caller passed it (e.g. `2026-11-25`).
    pub date: String,
    /// The catalog the market was built from, e.g. `demo catalog, seed 2025`.
    pub catalog: String,
    /// How the fit ran: seeds, seasons, evaluation budget.
    pub options: FitRecord,
    /// Evaluations used.
    pub evaluations: u32,
    /// The objective at the start and at the end of the fit.
    pub loss_start: f64,
    /// The objective of the fitted parameters.
    pub loss_end: f64,
    /// The summary errors of the report simulation.
    pub summary: ErrorSummary,
    /// The fitted behavioural parameters.
    pub parameters: BehaviourParameters,
    /// Every target of the report simulation beside its simulated value and error, held-out
    /// targets marked: the rows of the report's table, as data (absent in files written before
    /// the rows were recorded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<TargetComparison>,
    /// Interview yields against applicants' own reports, when the calibration was given them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview_yields: Option<InterviewYields>,
}

/// The options of a fit, as recorded (the start parameters are left out: the fitted ones are
/// what matters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FitRecord {
    /// The seed of every evaluation's seasons.
    pub seed: u64,
    /// Seasons per evaluation.
    pub seasons_per_evaluation: u32,
    /// The evaluation budget.
    pub max_evaluations: u32,
    /// The seed of the report simulation.
    pub report_seed: u64,
    /// Seasons of the report simulation.
    pub report_seasons: u32,
    /// Rounds of per-specialty IMG offset adjustment (absent in files written before the
    /// adjustment existed, hence the default of none).
    #[serde(default)]
    pub specialty_rounds: u32,
    /// Cycles of descent and specialty rounds (one in files written before cycles existed).
    #[serde(default = "one")]
    pub cycles: u32,
    /// Where the fit started, when not from the model's default parameters (e.g. an earlier
    /// calibration), so that the fit can be repeated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
}

fn one() -> u32 {
    1
}

/// A calibration file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalibrationError {
    /// Not valid TOML, or a field is missing, unknown or of the wrong type.
    #[error("the calibration file is not valid: {0}")]
    Syntax(String),
    /// A field's value is not acceptable.
    #[error("field `{field}`: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A version this crate does not read.
    #[error("field `format_version`: version {found} is not supported (expected {expected})")]
    UnsupportedVersion {
        /// The version found.
        found: u32,
        /// The version expected.
        expected: u32,
    },
}

impl CalibrationFile {
    /// The record of a calibration run.
    pub fn new(
        result: &CalibrationResult,
        options: &CalibrationOptions,
        date: &str,
        catalog: &str,
    ) -> CalibrationFile {
        CalibrationFile {
            format_version: FORMAT_VERSION,
            date: date.to_owned(),
            catalog: catalog.to_owned(),
            options: FitRecord {
                seed: options.seed,
                seasons_per_evaluation: options.seasons_per_evaluation,
                max_evaluations: options.max_evaluations,
                report_seed: options.report_seed,
                report_seasons: options.report_seasons,
                specialty_rounds: options.specialty_rounds,
                cycles: options.cycles,
                start: None,
            },
            evaluations: result.evaluations,
            loss_start: result.loss_start,
            loss_end: result.loss_end,
            summary: result.summary.clone(),
            parameters: result.parameters.clone(),
            targets: result.comparisons.clone(),
            interview_yields: None,
        }
    }

    /// The same record with the rows of a new report simulation of its parameters (see
    /// [`crate::evaluate`] with the file's report seed and seasons), and their summary.
    pub fn with_report(mut self, comparisons: Vec<TargetComparison>) -> CalibrationFile {
        self.summary = crate::compare::summarize(&comparisons);
        self.targets = comparisons;
        self
    }

    /// The file as TOML text.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).expect("the calibration record serializes to TOML");
        format!(
            "# Residency Advisor market calibration (generated by the calibration crate; do not edit by hand).\n{body}"
        )
    }
}

/// Reads a calibration file.
pub fn load_calibration(text: &str) -> Result<CalibrationFile, CalibrationError> {
    #[derive(Deserialize)]
    struct VersionOnly {
        format_version: Option<u32>,
    }
    let version: VersionOnly =
        toml::from_str(text).map_err(|error| CalibrationError::Syntax(error.to_string()))?;
    match version.format_version {
        Some(FORMAT_VERSION) => {}
        Some(found) => {
            return Err(CalibrationError::UnsupportedVersion {
                found,
                expected: FORMAT_VERSION,
            });
        }
        None => {
            return Err(CalibrationError::Syntax(
                "missing field `format_version`".to_owned(),
            ));
        }
    }
    let file: CalibrationFile =
        toml::from_str(text).map_err(|error| CalibrationError::Syntax(error.to_string()))?;
    for code in file.parameters.specialty_img_penalty_offset.keys() {
        if catalog::SpecialtyCode::parse(code).is_err() {
            return Err(CalibrationError::Invalid {
                field: "parameters.specialty_img_penalty_offset",
                reason: format!("`{code}` is not a three-digit specialty code"),
            });
        }
    }
    for (code, factor) in &file.parameters.specialty_us_md_demand {
        if catalog::SpecialtyCode::parse(code).is_err() {
            return Err(CalibrationError::Invalid {
                field: "parameters.specialty_us_md_demand",
                reason: format!("`{code}` is not a three-digit specialty code"),
            });
        }
        if !(factor.is_finite() && *factor >= 0.0) {
            return Err(CalibrationError::Invalid {
                field: "parameters.specialty_us_md_demand",
                reason: format!("the factor of `{code}` is {factor}, not a number of zero or more"),
            });
        }
    }
    Ok(file)
}

fn cell(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"))
}

/// The markdown report: how the calibration ran, the summary errors, and every target with
/// its simulated value, error and held-out flag.
pub fn write_report(file: &CalibrationFile, comparisons: &[TargetComparison]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Market calibration report\n");
    let _ = writeln!(
        out,
        "Calibration of {date} (format version {version}) on the {catalog}. The fit ran {evaluations} \
         evaluations (budget {budget}) of {per} seasons each with seed {seed} (common random numbers); \
         the objective went from {start:.1} to {end:.1}. The figures below come from a separate \
         simulation of {report} seasons with seed {report_seed}.\n",
        date = file.date,
        version = file.format_version,
        catalog = file.catalog,
        evaluations = file.evaluations,
        budget = file.options.max_evaluations,
        per = file.options.seasons_per_evaluation,
        seed = file.options.seed,
        start = file.loss_start,
        end = file.loss_end,
        report = file.options.report_seasons,
        report_seed = file.options.report_seed,
    );
    if let Some(start) = &file.options.start {
        let _ = writeln!(out, "The fit started from {start}.\n");
    }
    let _ = writeln!(
        out,
        "Held out of the fit (validation only): every share of filled positions, every non-US IMG \
         Step 2 CK median, and US MD P(match | Step 2 band) for every second specialty of the \
         published table.\n"
    );
    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(out, "{}", file.summary);
    let _ = writeln!(out, "## Fitted parameters\n");
    let _ = writeln!(out, "```toml");
    let _ = write!(
        out,
        "{}",
        toml::to_string(&file.parameters).expect("parameters serialize to TOML")
    );
    let _ = writeln!(out, "```\n");
    let _ = writeln!(out, "## Every target\n");
    let _ = writeln!(
        out,
        "| target | group | published | simulated | error | held out |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|:---:|");
    for row in comparisons {
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {} | {} | {} |",
            row.name.replace('|', "\\|"),
            row.group.label().replace('|', "\\|"),
            row.target,
            cell(row.simulated),
            row.error
                .map_or_else(|| "–".to_owned(), |e| format!("{e:+.1}")),
            if row.held_out { "yes" } else { "" }
        );
    }
    let _ = writeln!(
        out,
        "\nSources: NRMP Results and Data 2025 (match rates, PGY-1 table); NRMP Charting \
         Outcomes 2026, non-US IMGs; NRMP Charting Outcomes, US MD seniors, pooled 2020–2024 \
         (P(match | Step 2 band))."
    );
    if let Some(yields) = &file.interview_yields {
        let _ = writeln!(out, "\n{}", yields.section());
    }
    out
}
