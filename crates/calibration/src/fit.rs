//! The fit: coordinate descent over a few behavioural parameters, every evaluation simulating
//! the same seasons (common random numbers), so that the fit is deterministic and differences
//! between evaluations come from the parameters, not from sampling.

use market::{BehaviourParameters, SeasonOutcomes, SeasonSetup, simulate_seasons};
use serde::{Deserialize, Serialize};

use crate::compare::{ErrorSummary, TargetComparison, compare, loss, summarize};
use crate::targets_list::{Target, TargetKind, calibration_targets};

/// One parameter the fit moves: its name, how to read and write it, its bounds and its first
/// step.
pub struct FittedParameter {
    /// The field's name in [`BehaviourParameters`].
    pub name: &'static str,
    /// Reads the value.
    pub get: fn(&BehaviourParameters) -> f64,
    /// Writes the value.
    pub set: fn(&mut BehaviourParameters, f64),
    /// Lowest allowed value.
    pub min: f64,
    /// Highest allowed value.
    pub max: f64,
    /// First step size.
    pub step: f64,
}

/// The parameters the fit moves, chosen because the targets identify them: the IMG and DO
/// screening penalties set the match rates by type, the Step 2 weights (overall and in competitive
/// specialties) and the latent SD set how steeply P(match) rises with Step 2 CK, the interview noise sets how evenly interviews
/// spread, the friendliness share and the penalty floor how far IMGs concentrate at
/// IMG-friendly programs, the non-US IMGs' backup share how many of them match outside the
/// specialty they prefer. The target spread (how many reaches and safeties applicants send) and
/// shift (how far above or below their standing they aim) are left where the fit starts: no
/// published figure measures how applicants spread their applications, so fitting them would
/// only trade them against the other parameters' errors. The committed calibration started
/// with the shift at −0.2 (applicants aim above their standing): with it, selective academic
/// programs give US seniors lower chances than community programs, with every aggregate goal
/// still met.
pub fn fitted_parameters() -> Vec<FittedParameter> {
    vec![
        FittedParameter {
            name: "non_us_img_penalty",
            get: |p| p.non_us_img_penalty,
            set: |p, v| p.non_us_img_penalty = v,
            min: 0.0,
            max: 5.0,
            step: 0.4,
        },
        FittedParameter {
            name: "us_img_penalty",
            get: |p| p.us_img_penalty,
            set: |p, v| p.us_img_penalty = v,
            min: 0.0,
            max: 5.0,
            step: 0.4,
        },
        FittedParameter {
            name: "do_penalty",
            get: |p| p.do_penalty,
            set: |p, v| p.do_penalty = v,
            min: 0.0,
            max: 3.0,
            step: 0.3,
        },
        FittedParameter {
            name: "step2_weight",
            get: |p| p.step2_weight,
            set: |p, v| p.step2_weight = v,
            min: 0.05,
            max: 3.0,
            step: 0.3,
        },
        FittedParameter {
            name: "step2_competitive_weight",
            get: |p| p.step2_competitive_weight,
            set: |p, v| p.step2_competitive_weight = v,
            min: -1.0,
            max: 4.0,
            step: 0.3,
        },
        FittedParameter {
            name: "applicant_latent_sd",
            get: |p| p.applicant_latent_sd,
            set: |p, v| p.applicant_latent_sd = v,
            min: 0.1,
            max: 2.5,
            step: 0.3,
        },
        FittedParameter {
            name: "interview_offer_noise_sd",
            get: |p| p.interview_offer_noise_sd,
            set: |p, v| p.interview_offer_noise_sd = v,
            min: 0.2,
            max: 3.0,
            step: 0.3,
        },
        FittedParameter {
            name: "img_friendly_share",
            get: |p| p.img_friendly_share,
            set: |p, v| p.img_friendly_share = v,
            min: 0.1,
            max: 1.0,
            step: 0.1,
        },
        FittedParameter {
            name: "img_penalty_floor",
            get: |p| p.img_penalty_floor,
            set: |p, v| p.img_penalty_floor = v,
            min: 0.0,
            max: 1.0,
            step: 0.15,
        },
        FittedParameter {
            name: "backup_share[non-US IMG]",
            get: |p| p.backup_share[3],
            set: |p, v| p.backup_share[3] = v,
            min: 0.0,
            max: 0.6,
            step: 0.05,
        },
    ]
}

/// How to run the calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationOptions {
    /// The seed of every evaluation's seasons.
    pub seed: u64,
    /// Seasons per evaluation during the fit.
    pub seasons_per_evaluation: u32,
    /// Most evaluations of the objective (bounds the time).
    pub max_evaluations: u32,
    /// The seed of the final, reported simulation (different from the fit's, so the report
    /// is not flattered by the fit's own noise).
    pub report_seed: u64,
    /// Seasons of the final, reported simulation.
    pub report_seasons: u32,
    /// Rounds of per-specialty adjustment (IMG penalty offsets and US MD demand factors) after
    /// each descent (each one evaluation, counted in [`Self::max_evaluations`]).
    pub specialty_rounds: u32,
    /// Cycles of descent followed by specialty rounds; the evaluation budget is shared.
    pub cycles: u32,
    /// Where the fit starts.
    pub start: BehaviourParameters,
}

impl Default for CalibrationOptions {
    fn default() -> Self {
        CalibrationOptions {
            seed: 2025,
            seasons_per_evaluation: 2,
            max_evaluations: 60,
            report_seed: 2026,
            report_seasons: 8,
            specialty_rounds: 8,
            cycles: 3,
            start: BehaviourParameters::default(),
        }
    }
}

/// What the calibration reports as it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum CalibrationProgress {
    /// An evaluation finished.
    Evaluated {
        /// Evaluations so far.
        evaluation: u32,
        /// Its objective value.
        loss: f64,
        /// The best objective value so far.
        best_loss: f64,
    },
    /// The final simulation for the report started.
    Reporting,
}

/// The calibration's result.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationResult {
    /// The fitted parameters.
    pub parameters: BehaviourParameters,
    /// Evaluations used.
    pub evaluations: u32,
    /// The objective at the start and at the end, on the fit's seasons.
    pub loss_start: f64,
    /// The objective of the fitted parameters, on the fit's seasons.
    pub loss_end: f64,
    /// Every target against the final simulation.
    pub comparisons: Vec<TargetComparison>,
    /// Summary errors of the final simulation.
    pub summary: ErrorSummary,
    /// The final simulation's outcomes.
    pub outcomes: SeasonOutcomes,
}

/// Simulates `seasons` seasons and compares them with the targets.
pub fn evaluate(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    targets: &[Target],
) -> (SeasonOutcomes, Vec<TargetComparison>) {
    let outcomes = simulate_seasons(setup, params, seed, seasons, |_| {});
    let comparisons = compare(&outcomes, targets);
    (outcomes, comparisons)
}

/// Per-specialty adjustment of the IMG penalty offset, per point of match-rate error: a
/// penalty unit moves a specialty's non-US IMG match rate by roughly 25 points.
const SPECIALTY_GAIN: f64 = 0.04;
/// Bounds of a specialty's IMG penalty offset.
const SPECIALTY_OFFSET_BOUND: f64 = 3.0;
/// Per-specialty adjustment of the logarithm of the US MD demand factor, per point of mean
/// error of the specialty's fitted P(match | band) cells: half again as many US MD seniors
/// lower a specialty's rates by roughly 25 points.
const DEMAND_GAIN: f64 = 0.012;
/// Bounds of a specialty's US MD demand factor.
const DEMAND_BOUNDS: (f64, f64) = (0.4, 2.5);

/// The next specialty-level parameters: each specialty's IMG penalty offset moved against its
/// non-US IMG match-rate error, and each specialty's US MD demand factor moved against the
/// mean error of its fitted P(match | band) cells (held-out cells are never read).
fn adjust_specialties(
    params: &BehaviourParameters,
    targets: &[Target],
    outcomes: &SeasonOutcomes,
) -> BehaviourParameters {
    let mut next = params.clone();
    let mut band_errors: std::collections::BTreeMap<String, (f64, u32)> =
        std::collections::BTreeMap::new();
    for target in targets.iter().filter(|t| !t.held_out) {
        let Some(simulated) = target.simulated(outcomes) else {
            continue;
        };
        match target.kind {
            TargetKind::NonUsImgMatchRate(code) => {
                let offset = next
                    .specialty_img_penalty_offset
                    .entry(code.as_str().to_owned())
                    .or_insert(0.0);
                *offset = (*offset + SPECIALTY_GAIN * (simulated - target.value))
                    .clamp(-SPECIALTY_OFFSET_BOUND, SPECIALTY_OFFSET_BOUND);
                // Two decimals keep the committed file readable; finer is below the noise.
                *offset = (*offset * 100.0).round() / 100.0;
            }
            TargetKind::UsMdBand(code, _) => {
                let entry = band_errors.entry(code.as_str().to_owned()).or_default();
                entry.0 += simulated - target.value;
                entry.1 += 1;
            }
            _ => {}
        }
    }
    for (code, (sum, n)) in band_errors {
        let factor = next.specialty_us_md_demand.entry(code).or_insert(1.0);
        let mean_error = sum / f64::from(n.max(1));
        *factor =
            (*factor * (DEMAND_GAIN * mean_error).exp()).clamp(DEMAND_BOUNDS.0, DEMAND_BOUNDS.1);
        *factor = (*factor * 100.0).round() / 100.0;
    }
    next
}

/// Fits the parameters of [`fitted_parameters`] in [`CalibrationOptions::cycles`] cycles of:
/// coordinate descent (each parameter tried a step up and down; steps halve after a sweep
/// without improvement) within its share of the evaluation budget, then
/// [`CalibrationOptions::specialty_rounds`] rounds moving each specialty's IMG penalty offset
/// towards its non-US IMG match rate and each specialty's US MD demand factor towards its fitted
/// P(match | band) cells (keeping the best round). Finally simulates the report
/// seasons with the result. Deterministic for given options.
pub fn run_calibration(
    setup: &SeasonSetup,
    options: &CalibrationOptions,
    mut on_progress: impl FnMut(CalibrationProgress),
) -> CalibrationResult {
    let targets = calibration_targets();
    let parameters = fitted_parameters();
    let mut evaluations = 0u32;
    let mut best_seen = f64::INFINITY;
    let mut objective = |params: &BehaviourParameters| {
        let (outcomes, comparisons) = evaluate(
            setup,
            params,
            options.seed,
            options.seasons_per_evaluation,
            &targets,
        );
        let value = loss(&comparisons);
        evaluations += 1;
        best_seen = best_seen.min(value);
        on_progress(CalibrationProgress::Evaluated {
            evaluation: evaluations,
            loss: value,
            best_loss: best_seen,
        });
        (value, outcomes)
    };
    let mut best = options.start.clone();
    let (mut best_loss, mut best_outcomes) = objective(&best);
    let loss_start = best_loss;
    let cycles = options.cycles.max(1);
    let descent_budget = options
        .max_evaluations
        .saturating_sub(cycles * options.specialty_rounds)
        / cycles;
    let mut used = 1u32;
    for _cycle in 0..cycles {
        // Each cycle restarts the steps, so a later descent can move again after the
        // specialty offsets changed the landscape.
        let mut steps: Vec<f64> = parameters.iter().map(|p| p.step).collect();
        let cycle_budget = used + descent_budget;
        'descent: while used < cycle_budget {
            let mut improved = false;
            for (index, parameter) in parameters.iter().enumerate() {
                for direction in [1.0, -1.0] {
                    if used >= cycle_budget {
                        break 'descent;
                    }
                    let current = (parameter.get)(&best);
                    let proposed =
                        (current + direction * steps[index]).clamp(parameter.min, parameter.max);
                    if (proposed - current).abs() < 1e-9 {
                        continue;
                    }
                    let mut candidate = best.clone();
                    (parameter.set)(&mut candidate, proposed);
                    let (value, outcomes) = objective(&candidate);
                    used += 1;
                    if value < best_loss {
                        best_loss = value;
                        best = candidate;
                        best_outcomes = outcomes;
                        improved = true;
                        break;
                    }
                }
            }
            if !improved {
                for step in &mut steps {
                    *step /= 2.0;
                }
                if steps
                    .iter()
                    .zip(&parameters)
                    .all(|(s, p)| *s < p.step / 16.0)
                {
                    break;
                }
            }
        }
        // Each specialty's openness to IMGs and its US MD demand: move them against the
        // specialty's errors.
        let mut candidate = best.clone();
        let mut outcomes = best_outcomes.clone();
        for _ in 0..options.specialty_rounds {
            candidate = adjust_specialties(&candidate, &targets, &outcomes);
            let (value, next) = objective(&candidate);
            used += 1;
            if value < best_loss {
                best_loss = value;
                best = candidate.clone();
                best_outcomes = next.clone();
            }
            outcomes = next;
        }
    }
    on_progress(CalibrationProgress::Reporting);
    let (outcomes, comparisons) = evaluate(
        setup,
        &best,
        options.report_seed,
        options.report_seasons,
        &targets,
    );
    let summary = summarize(&comparisons);
    CalibrationResult {
        parameters: best,
        evaluations,
        loss_start,
        loss_end: best_loss,
        comparisons,
        summary,
        outcomes,
    }
}
