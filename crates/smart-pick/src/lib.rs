//! Smart Pick: from one applicant's profile, the programs that will consider them, their
//! chances at each, the list to apply to that maximizes the chance of matching within their
//! budget, where to signal, what would help most, and a check of a rank order list.
//!
//! Chances come from the calibrated market model ([`market`]): a [`ChanceModel`] is built from
//! a catalog, the calibrated [`market::BehaviourParameters`] and a survey of every track's
//! interview and match cutoffs over simulated seasons ([`market::survey_cutoffs`]). For one
//! applicant it evaluates the same screening terms the simulator samples
//! ([`market::ProbeScreening`]) and integrates over the applicant's latent factor, so that
//! outcomes at different programs are correlated as in the simulator. Nothing here reads
//! files, the clock or global state.
//!
//! Typical use: `ChanceModel::survey_and_build(catalog, params, seed, seasons, |_| {})`, then
//! `model.pick(&Profile::from_toml(text)?)`, `model.improvement_plan(&profile, p)` and
//! `model.check_rank_list(&profile, &codes)`.

pub mod batch;
mod eligibility;
mod model;
mod objective;
pub mod optimize;
mod pick;
mod plan;
pub mod policy;
pub mod profile;
mod rank_check;
pub mod reported;
mod verify;

pub use crate::eligibility::{ExclusionReason, Verdict, check as check_eligibility, usce_months};
pub use crate::model::{ChanceModel, LATENT_NODES, SurveyMismatch};
pub use crate::optimize::CurvePoint;
pub use crate::pick::{
    CURVE_TO, Excluded, FEE_SEASON, Factor, Pick, PickError, ProgramChance, SignalAdvice,
    TYPICAL_SAMPLES, Tier, TypicalBaseline, TypicalOffers, probe_of, takes_signals,
};
pub use crate::plan::{Improvement, backup_specialty};
pub use crate::policy::PLAN_STEPS;
pub use crate::profile::{
    ApplicantTypeKey, Ecfmg, InvalidField, Profile, ProfileError, ProfileInput, UsceKind, Visa,
};
pub use crate::rank_check::{RankListCheck, RankedChance};
pub use crate::verify::Verification;
