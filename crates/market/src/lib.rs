//! Synthetic Match seasons: the market simulator that calibration fits and Smart Pick's
//! probabilities are checked against.
//!
//! A season generates applicants from published figures (counts by type, specialty choice,
//! Step 2 CK, USCE, years since graduation, visa needs; see [`assumptions`]), lets them apply
//! around their own standing, lets programs screen and offer interviews by a noisy evaluation
//! of each applicant's latent strength, builds both sides' rank order lists with noise, pairs
//! a few couples, runs the NRMP algorithm ([`match_engine::run_match`]) and tallies the result
//! into [`SeasonOutcomes`], whose accessors return the same quantities as the target tables.
//! The behavioural knobs are [`BehaviourParameters`].
//!
//! Typical use: build a [`SeasonSetup`] from a catalog once, then call [`simulate_seasons`]
//! (or [`simulate_seasons_with_probe`] to follow one applicant profile).
//!
//! The crate does no I/O, reads no clock and uses no global randomness: every draw of a season
//! comes from a stream of its own stage and entity, seeded from the seed and the season number,
//! so results are identical for any number of threads.

pub mod assumptions;
mod cutoffs;
mod evaluation;
pub mod mix;
mod outcomes;
mod params;
mod probe;
mod season;
mod setup;
mod single;
pub mod sizes;
pub mod sponsorship;

pub use crate::cutoffs::{CutoffSurvey, TrackCutoffs, survey_cutoffs};
pub use crate::evaluation::{StrengthTerms, TrackTerms, signal_bonus};
pub use crate::outcomes::{
    CONTIGUOUS_BINS, HISTOGRAM_BINS, HISTOGRAM_MIN_SCORE, INTERVIEW_BINS, NonUsImgRates, RowRates,
    RowTally, SeasonOutcomes, SpecialtyTally, TrackTally, TypeTally, histogram_median,
};
pub use crate::params::BehaviourParameters;
pub use crate::probe::{
    ProbeApplicant, ProbeError, ProbeList, ProbeOutcomes, SignalTier, VisaNeed,
};
pub use crate::season::{
    TypicalLists, simulate_season, simulate_seasons, simulate_seasons_with_probe,
    simulate_seasons_with_probes,
};
pub use crate::setup::{MatchedByType, SeasonSetup, TrackOutcome};
pub use crate::single::{PreparedProbe, ProbeScreening};
