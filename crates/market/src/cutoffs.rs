//! Where each track drew its lines over many simulated seasons: the lowest screening
//! evaluation it invited to interview and the lowest rank score it matched, summarized per
//! track so that one applicant's chances can be computed without simulating.

use serde::{Deserialize, Serialize};

use crate::params::BehaviourParameters;
use crate::season::{SeasonCutoffs, season_cutoffs};
use crate::setup::SeasonSetup;

/// Interview cutoffs above this are treated as this (a track that invited nobody).
const CLOSED_CUTOFF: f64 = 10.0;

/// One track's cutoffs over the surveyed seasons. A cutoff is "open" in a season when the
/// track took everyone: it invited every applicant, or it did not fill. Means, standard
/// deviations and the covariance are over the seasons where the cutoffs were not open.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrackCutoffs {
    /// Share of seasons in which the track invited everyone who applied.
    pub interview_open: f64,
    /// Share of seasons in which the track did not fill.
    pub match_open: f64,
    /// Share of seasons in which both were open.
    pub both_open: f64,
    /// Mean interview cutoff.
    pub interview_mean: f64,
    /// Standard deviation of the interview cutoff.
    pub interview_sd: f64,
    /// Mean match cutoff.
    pub match_mean: f64,
    /// Standard deviation of the match cutoff.
    pub match_sd: f64,
    /// Covariance of the two cutoffs over seasons where neither was open.
    pub covariance: f64,
}

impl TrackCutoffs {
    /// Shares of seasons by which cutoffs were open: (both open, only the interview one open,
    /// only the match one open, neither).
    pub fn mixture(&self) -> [f64; 4] {
        let both = self.both_open;
        let interview_only = (self.interview_open - both).max(0.0);
        let match_only = (self.match_open - both).max(0.0);
        let neither = (1.0 - both - interview_only - match_only).max(0.0);
        [both, interview_only, match_only, neither]
    }
}

/// The cutoffs of every track of a market over simulated seasons, with the parameters that
/// produced them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CutoffSurvey {
    /// Seasons simulated.
    pub seasons: u32,
    /// The seed of the first season's stream.
    pub seed: u64,
    /// Per track of the market, in [`SeasonSetup`] order.
    pub tracks: Vec<TrackCutoffs>,
}

/// Simulates `seasons` seasons of the market and summarizes every track's cutoffs. The result
/// is the same for any number of threads. `on_done` is called with each finished season.
pub fn survey_cutoffs(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    on_done: impl Fn(u32) + Sync,
) -> CutoffSurvey {
    let per_season = season_cutoffs(setup, params, seed, seasons, on_done);
    CutoffSurvey {
        seasons,
        seed,
        tracks: (0..setup.track_count())
            .map(|track| summarize(&per_season, track))
            .collect(),
    }
}

fn summarize(seasons: &[SeasonCutoffs], track: usize) -> TrackCutoffs {
    let n = seasons.len().max(1) as f64;
    let mut interview_open = 0.0;
    let mut match_open = 0.0;
    let mut both_open = 0.0;
    let (mut interview, mut matched, mut both) = (Moments::default(), Moments::default(), 0.0);
    let mut cross = 0.0;
    let mut paired = Vec::new();
    for season in seasons {
        let i = f64::from(season.interview[track]);
        let m = f64::from(season.matched[track]);
        let (i_open, m_open) = (i == f64::NEG_INFINITY, m == f64::NEG_INFINITY);
        interview_open += f64::from(u8::from(i_open));
        match_open += f64::from(u8::from(m_open));
        both_open += f64::from(u8::from(i_open && m_open));
        let i = i.min(CLOSED_CUTOFF);
        if !i_open {
            interview.add(i);
        }
        if !m_open {
            matched.add(m);
        }
        if !i_open && !m_open {
            paired.push((i, m));
            both += 1.0;
        }
    }
    if both >= 2.0 {
        let mean_i = paired.iter().map(|p| p.0).sum::<f64>() / both;
        let mean_m = paired.iter().map(|p| p.1).sum::<f64>() / both;
        cross = paired
            .iter()
            .map(|(i, m)| (i - mean_i) * (m - mean_m))
            .sum::<f64>()
            / (both - 1.0);
    }
    let (interview_mean, interview_sd) = interview.mean_sd();
    let (match_mean, match_sd) = matched.mean_sd();
    // The covariance must keep the pair's correlation within ±1.
    let limit = interview_sd * match_sd;
    TrackCutoffs {
        interview_open: interview_open / n,
        match_open: match_open / n,
        both_open: both_open / n,
        interview_mean,
        interview_sd,
        match_mean,
        match_sd,
        covariance: cross.clamp(-limit, limit),
    }
}

#[derive(Default)]
struct Moments {
    n: f64,
    sum: f64,
    squares: f64,
}

impl Moments {
    fn add(&mut self, x: f64) {
        self.n += 1.0;
        self.sum += x;
        self.squares += x * x;
    }

    fn mean_sd(&self) -> (f64, f64) {
        if self.n == 0.0 {
            return (0.0, 0.0);
        }
        let mean = self.sum / self.n;
        let variance = if self.n >= 2.0 {
            ((self.squares - self.n * mean * mean) / (self.n - 1.0)).max(0.0)
        } else {
            0.0
        };
        (mean, variance.sqrt())
    }
}
