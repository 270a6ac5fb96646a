//! The market model: simulating Match seasons on the current catalog with the calibrated
//! behavioural parameters, and refitting those parameters.
//!
//! The calibration file committed at `calibration/calibration-v1.toml` is embedded in the
//! binary, so every simulation runs with the fitted parameters unless another file is given.

use calibration::{
    CalibrationFile, CalibrationOptions, CalibrationProgress, CalibrationResult, TargetComparison,
};
use std::collections::HashMap;

use catalog::{Catalog, NrmpCode, Track};
use market::{
    BehaviourParameters, ProbeApplicant, ProbeOutcomes, SeasonOutcomes, SeasonSetup, TrackOutcome,
};
use serde::Serialize;

use crate::error::AppError;

/// The committed calibration file, as built into the binary.
pub const EMBEDDED_CALIBRATION: &str = include_str!("../../../calibration/calibration-v1.toml");

/// Reads a calibration file's text (the embedded one when `None`); a bad file is the user's
/// input being wrong, named by `file_name`.
pub fn load_calibration(text: Option<(&str, &str)>) -> Result<CalibrationFile, AppError> {
    match text {
        None => calibration::load_calibration(EMBEDDED_CALIBRATION)
            .map_err(|_| AppError::Unexpected("the embedded calibration file cannot be read")),
        Some((file_name, text)) => calibration::load_calibration(text)
            .map_err(|error| AppError::Input(format!("{file_name}: {error}"))),
    }
}

/// What a simulation produced.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The tallies of every season, merged.
    pub outcomes: SeasonOutcomes,
    /// Every track of the market: how often it filled and whom it matched.
    pub tracks: Vec<SimulatedTrack>,
    /// What happened to the inserted applicant, when there was one.
    pub probe: Option<ProbeOutcomes>,
}

/// One track's simulated outcomes, with what the catalog says it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimulatedTrack {
    /// The track's name in the catalog.
    pub name: String,
    /// The catalog id of its program, when the catalog links one.
    pub program: Option<String>,
    /// Its specialty's code.
    pub specialty: String,
    /// Code, positions, how often it filled and whom it matched.
    #[serde(flatten)]
    pub outcome: TrackOutcome,
}

impl Simulation {
    /// How many tracks filled in every season, in some, and in none.
    pub fn fill_summary(&self) -> [usize; 3] {
        let mut counts = [0; 3];
        for track in &self.tracks {
            let filled = track.outcome.filled_pct;
            counts[if filled >= 100.0 {
                0
            } else if filled > 0.0 {
                1
            } else {
                2
            }] += 1;
        }
        counts
    }
}

/// Simulates `seasons` Match seasons of the catalog's market, in parallel; `on_done` is called
/// as each season finishes.
pub fn simulate(
    catalog: &Catalog,
    parameters: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    probe: Option<&ProbeApplicant>,
    on_done: impl Fn(u32) + Sync,
) -> Result<Simulation, AppError> {
    let setup = SeasonSetup::from_catalog(catalog);
    let (outcomes, probe) = match probe {
        Some(probe) => {
            let (outcomes, probe) = market::simulate_seasons_with_probe(
                &setup, parameters, seed, seasons, probe, on_done,
            )
            .map_err(|error| AppError::Input(format!("profile: {error}")))?;
            (outcomes, Some(probe))
        }
        None => (
            market::simulate_seasons(&setup, parameters, seed, seasons, on_done),
            None,
        ),
    };
    let by_code: HashMap<&NrmpCode, &Track> = catalog
        .tracks
        .iter()
        .map(|track| (&track.code, track))
        .collect();
    let tracks = setup
        .track_outcomes(&outcomes)
        .into_iter()
        .filter_map(|outcome| {
            let track = by_code.get(&outcome.code)?;
            Some(SimulatedTrack {
                name: track.name.clone(),
                program: track.program.as_ref().map(ToString::to_string),
                specialty: track.specialty.to_string(),
                outcome,
            })
        })
        .collect();
    Ok(Simulation {
        outcomes,
        tracks,
        probe,
    })
}

/// A calibration run and the files it produces.
#[derive(Debug, Clone)]
pub struct Calibration {
    /// The fit's result.
    pub result: CalibrationResult,
    /// The calibration file, as TOML.
    pub file_text: String,
    /// The report, as Markdown.
    pub report: String,
}

/// Fits the behavioural parameters to the published targets on the catalog's market.
/// `date` (YYYY-MM-DD) is recorded in the file, and so is `start`, the calibration whose
/// parameters `options.start` holds, when the fit starts from one.
pub fn calibrate(
    catalog: &Catalog,
    options: &CalibrationOptions,
    date: &str,
    start: Option<&CalibrationFile>,
    on_progress: impl FnMut(CalibrationProgress),
) -> Calibration {
    let setup = SeasonSetup::from_catalog(catalog);
    let result = calibration::run_calibration(&setup, options, on_progress);
    let mut file = CalibrationFile::new(&result, options, date, &catalog.meta.label);
    file.options.start = start.map(|start| {
        format!(
            "the parameters of the calibration of {} ({} evaluations of {} seasons)",
            start.date, start.evaluations, start.options.seasons_per_evaluation
        )
    });
    let report = calibration::write_report(&file, &result.comparisons);
    Calibration {
        file_text: file.to_toml(),
        report,
        result,
    }
}

/// Re-simulates a calibration file's report seasons and compares them with the targets, so
/// that a committed report can be regenerated from its file.
pub fn check_calibration(
    catalog: &Catalog,
    file: &CalibrationFile,
) -> (Vec<TargetComparison>, String) {
    let setup = SeasonSetup::from_catalog(catalog);
    let targets = calibration::calibration_targets();
    let (_, comparisons) = calibration::evaluate(
        &setup,
        &file.parameters,
        file.options.report_seed,
        file.options.report_seasons,
        &targets,
    );
    // The summary is this simulation's, not the one the file recorded, so that a report that
    // no longer reproduces shows it in its summary too.
    let resimulated = file.clone().with_report(comparisons);
    let report = calibration::write_report(&resimulated, &resimulated.targets);
    (resimulated.targets, report)
}
