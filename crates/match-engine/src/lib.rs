//! The NRMP Main Residency Match algorithm as Roth and Peranson designed it: applicant-proposing
//! deferred acceptance over program tracks with quotas, with couples, supplemental rank order
//! lists and reversions, plus a stability checker.
//!
//! The crate knows nothing of profiles or probabilities. Applicants and tracks are dense
//! indices ([`ApplicantIdx`], [`TrackIdx`]); callers keep their own ids and map them, as the
//! [`json`] module does for the market file format. It does no I/O, reads no clock and uses no
//! randomness: the same market always gives the same matching.
//!
//! Typical use: describe a [`MarketSpec`], check it with [`Market::new`], call [`run_match`],
//! and if you like confirm the result with [`blocking_pairs`]. The semantics of couples,
//! supplemental lists and reversions are described in the [`engine`] module.

pub mod engine;
pub mod json;
pub mod market;
mod singles;
pub mod stability;

pub use engine::{
    MatchOptions, MatchOutcome, MatchStatistics, Matching, run_match, run_match_with,
};
pub use market::{
    ApplicantIdx, ApplicantSpec, CoupleIdx, CoupleSpec, Market, MarketError, MarketSpec, RankEntry,
    Referrer, Reversion, SupplementalListIdx, TrackIdx, TrackPair, TrackSpec,
};
pub use stability::{BlockingPair, blocking_pairs};
