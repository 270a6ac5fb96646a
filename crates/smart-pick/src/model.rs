//! The chance model of one catalog: the simulated market, the calibrated parameters, and per
//! track the probability of an interview and of being matchable as functions of the
//! applicant's screening evaluation, tabulated from the surveyed cutoffs.
//!
//! A program screens an applicant by an evaluation `μ + ε_o` (μ: the applicant's strength as
//! the program sees it on average, ε_o: screening noise) and invites when it clears the
//! season's interview cutoff `c`; it ranks by `μ + ε_o + ε_r` (ε_r: interview-day noise), and
//! the applicant can match there when that clears the season's match cutoff `m`. Over seasons
//! `c` and `m` vary; the survey gives their means, spreads, covariance and how often the track
//! took everyone. So for a given μ, P(interview) is a normal tail and P(interview and
//! matchable) a bivariate normal orthant, mixed over whether the cutoffs were open.

use std::collections::HashMap;

use catalog::{Catalog, NrmpCode, Program, ProgramId};
use market::mix::EstimatedMix;
use market::sponsorship::Sponsorship;
use market::{BehaviourParameters, CutoffSurvey, SeasonSetup, TrackCutoffs};
use rayon::prelude::*;

use normal::{bivariate_normal_cdf, normal_cdf, standard_normal_quadrature};

/// Points of each track's table.
const TABLE_POINTS: usize = 97;
/// The table spans this many spreads either side of the cutoffs.
const TABLE_SPREADS: f64 = 5.5;
/// Gauss–Hermite nodes over the applicant's latent factor.
pub const LATENT_NODES: usize = 16;

/// One track's chances as functions of the evaluation mean μ, on an even grid.
#[derive(Debug, Clone)]
pub(crate) struct TrackTable {
    start: f64,
    inverse_step: f64,
    interview: Vec<f32>,
    joint: Vec<f32>,
}

impl TrackTable {
    fn build(cutoffs: &TrackCutoffs, params: &BehaviourParameters) -> TrackTable {
        let offer = params.interview_offer_noise_sd.powi(2);
        let rank = params.program_rank_noise_sd.powi(2);
        let s_interview = (offer + cutoffs.interview_sd.powi(2)).sqrt().max(1e-6);
        let s_match = (offer + rank + cutoffs.match_sd.powi(2)).sqrt().max(1e-6);
        let rho = ((offer + cutoffs.covariance) / (s_interview * s_match)).clamp(-0.999, 0.999);
        let [both_open, interview_only, match_only, neither] = cutoffs.mixture();
        let spread = s_interview.max(s_match);
        let low = cutoffs.interview_mean.min(cutoffs.match_mean) - TABLE_SPREADS * spread;
        let high = cutoffs.interview_mean.max(cutoffs.match_mean) + TABLE_SPREADS * spread;
        let step = (high - low) / (TABLE_POINTS - 1) as f64;
        let mut interview = Vec::with_capacity(TABLE_POINTS);
        let mut joint = Vec::with_capacity(TABLE_POINTS);
        for i in 0..TABLE_POINTS {
            let mu = low + step * i as f64;
            let a = (mu - cutoffs.interview_mean) / s_interview;
            let b = (mu - cutoffs.match_mean) / s_match;
            let p_interview =
                cutoffs.interview_open + (1.0 - cutoffs.interview_open) * normal_cdf(a);
            let p_joint = both_open
                + interview_only * normal_cdf(b)
                + match_only * normal_cdf(a)
                + if neither > 0.0 {
                    neither * bivariate_normal_cdf(a, b, rho)
                } else {
                    0.0
                };
            interview.push(p_interview.clamp(0.0, 1.0) as f32);
            joint.push(p_joint.clamp(0.0, p_interview) as f32);
        }
        TrackTable {
            start: low,
            inverse_step: 1.0 / step,
            interview,
            joint,
        }
    }

    /// P(interview) and P(interview and matchable) at evaluation mean `mu`.
    #[inline]
    pub(crate) fn at(&self, mu: f64) -> (f64, f64) {
        let x = ((mu - self.start) * self.inverse_step).clamp(0.0, (TABLE_POINTS - 1) as f64);
        let i = (x as usize).min(TABLE_POINTS - 2);
        let f = x - i as f64;
        let lerp = |v: &[f32]| f64::from(v[i]) + f * (f64::from(v[i + 1]) - f64::from(v[i]));
        (lerp(&self.interview), lerp(&self.joint))
    }
}

/// Everything Smart Pick needs of one catalog, built once (about a second for the full
/// catalog, most of it in the survey given to [`ChanceModel::new`]).
pub struct ChanceModel {
    pub(crate) catalog: Catalog,
    pub(crate) setup: SeasonSetup,
    pub(crate) params: BehaviourParameters,
    pub(crate) tables: Vec<TrackTable>,
    /// The latent factor's quadrature: (node, weight).
    pub(crate) nodes: Vec<(f64, f64)>,
    /// Per catalog track: its index in the market, if it is in it.
    pub(crate) market_track: Vec<Option<u32>>,
    /// Per catalog track: its program's index in the catalog.
    pub(crate) track_program: Vec<Option<usize>>,
    /// Per catalog program: the probability that it sponsors each visa (estimated where the
    /// catalog does not say).
    pub(crate) program_sponsorship: Vec<Sponsorship>,
    /// The estimated resident mix of every program whose mix the catalog does not state and
    /// whose institution the track list names.
    estimated_mix: HashMap<ProgramId, EstimatedMix>,
    /// Per market track: the share of surveyed seasons in which it filled.
    fill_shares: Vec<f64>,
    /// The market's programs as simulated applicants rank them, for the typical-list
    /// baseline.
    pub(crate) typical: market::TypicalLists,
    pub(crate) survey_seasons: u32,
}

/// The survey does not fit the catalog's market.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the cutoff survey has {survey} tracks but the catalog's market has {market}; survey this catalog again"
)]
pub struct SurveyMismatch {
    /// Tracks in the survey.
    pub survey: usize,
    /// Tracks in the market.
    pub market: usize,
}

impl ChanceModel {
    /// Builds the model of `catalog` from calibrated parameters and a cutoff survey of the
    /// same catalog's market with those parameters ([`market::survey_cutoffs`]).
    pub fn new(
        catalog: Catalog,
        params: BehaviourParameters,
        survey: &CutoffSurvey,
    ) -> Result<ChanceModel, SurveyMismatch> {
        let setup = SeasonSetup::from_catalog(&catalog);
        if survey.tracks.len() != setup.track_count() {
            return Err(SurveyMismatch {
                survey: survey.tracks.len(),
                market: setup.track_count(),
            });
        }
        let tables = survey
            .tracks
            .par_iter()
            .map(|cutoffs| TrackTable::build(cutoffs, &params))
            .collect();
        let program_index: HashMap<_, _> = catalog
            .programs
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let market_track = catalog
            .tracks
            .iter()
            .map(|t| setup.track_index(&t.code))
            .collect();
        let track_program = catalog
            .tracks
            .iter()
            .map(|t| {
                t.program
                    .as_ref()
                    .and_then(|id| program_index.get(id).copied())
            })
            .collect();
        let typical = market::TypicalLists::new(&setup, &params);
        Ok(ChanceModel {
            typical,
            program_sponsorship: market::sponsorship::program_sponsorship(&catalog),
            estimated_mix: catalog
                .programs
                .iter()
                .zip(market::mix::program_evidence(&catalog))
                .filter(|(program, _)| !program.resident_mix.is_known())
                .filter_map(|(program, evidence)| {
                    Some((program.id.clone(), evidence?.estimated_mix()))
                })
                .collect(),
            catalog,
            setup,
            params,
            tables,
            nodes: standard_normal_quadrature(LATENT_NODES),
            market_track,
            track_program,
            fill_shares: survey
                .tracks
                .iter()
                .map(|cutoffs| 1.0 - cutoffs.match_open)
                .collect(),
            survey_seasons: survey.seasons,
        })
    }

    /// The model's estimate of a program's resident mix, where the catalog does not state it
    /// and the track list names its institution ([`market::mix`]).
    pub fn estimated_mix(&self, program: &Program) -> Option<EstimatedMix> {
        self.estimated_mix.get(&program.id).copied()
    }

    /// Every catalog program's visa sponsorship, in catalog order: from its facts, estimated
    /// where they do not say ([`market::sponsorship`]).
    pub fn program_sponsorship(&self) -> &[Sponsorship] {
        &self.program_sponsorship
    }

    /// Surveys the catalog's market with the parameters and builds the model: the simple way
    /// when no stored survey is at hand. `on_done` is called per simulated season.
    pub fn survey_and_build(
        catalog: Catalog,
        params: BehaviourParameters,
        seed: u64,
        seasons: u32,
        on_done: impl Fn(u32) + Sync,
    ) -> (ChanceModel, CutoffSurvey) {
        let setup = SeasonSetup::from_catalog(&catalog);
        let survey = market::survey_cutoffs(&setup, &params, seed, seasons, on_done);
        let model = ChanceModel::new(catalog, params, &survey)
            .expect("a survey of the catalog's own market fits it");
        (model, survey)
    }

    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The simulated market.
    pub fn setup(&self) -> &SeasonSetup {
        &self.setup
    }

    /// The calibrated parameters.
    pub fn params(&self) -> &BehaviourParameters {
        &self.params
    }

    /// Seasons the cutoffs were surveyed over.
    pub fn survey_seasons(&self) -> u32 {
        self.survey_seasons
    }

    /// The share of the surveyed seasons in which the track with this code filled every
    /// position (`None` when it is not in the market: it offers no positions).
    pub fn fill_share(&self, code: &NrmpCode) -> Option<f64> {
        self.setup
            .track_index(code)
            .map(|track| self.fill_shares[track as usize])
    }

    /// The catalog index of the track with this code.
    pub fn catalog_track(&self, code: &NrmpCode) -> Option<usize> {
        self.catalog.tracks.iter().position(|t| &t.code == code)
    }
}
