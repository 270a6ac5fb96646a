//! Published national figures about the Match that the project calibrates against and
//! validates with: NRMP Results and Data 2025, NRMP Charting Outcomes, and AAMC ERAS facts.
//!
//! The figures are carried as Rust tables, each citing its source, so that every crate can use
//! them without reading files. Rows about a specialty also say which catalog specialty codes
//! (and, where the published row is about one kind of track, which track type) they describe,
//! through [`CatalogSpecialties`].
//!
//! This crate holds data and small types only; it does no I/O. Its integration tests compare
//! every table with the published files kept beside the repository.

mod charting_outcomes;
mod charting_outcomes_measures;
mod eras;
mod literature;
mod mapping;
mod nrmp;

pub use crate::charting_outcomes::{
    CHARTING_OUTCOMES_2026_NON_US_IMG, NonUsImgSpecialtySummary, STEP2_BANDS, ScoreSummary,
    Step2Band, USMD_MATCH_BY_STEP2_BAND_2020_2024, USMD_STEP2_QUARTILES_2026, UsMdMatchByStep2Band,
    UsMdStep2Quartiles,
};
pub use crate::charting_outcomes_measures::{
    CHARTING_OUTCOMES_2026_NON_US_IMG_MEASURES, Distribution, MatchedAndNot, NonUsImgMeasures,
};
pub use crate::eras::{
    ERAS_2025_APPLICATIONS, ERAS_2025_SIGNALS, ERAS_FEE_SCHEDULES, ErasApplications, FeeSchedule,
    INTERVIEWS_PER_POSITION_IM_2025, InterviewsPerPosition, SignalAllotment,
};
pub use crate::literature::{SIGNAL_INTERVIEW_ODDS_RATIOS, SignalOddsRatio};
pub use crate::mapping::CatalogSpecialties;
pub use crate::nrmp::{
    ApplicantType, MatchRate, NRMP_2025_MATCH_RATES, NRMP_2025_PGY1_BY_SPECIALTY, NRMP_2025_TOTALS,
    NationalTotals, Pgy1SpecialtyRow,
};
