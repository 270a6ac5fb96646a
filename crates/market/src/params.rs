//! The behavioural knobs of the market model: how strong applicants look, how programs screen,
//! interview and rank them, and how applicants apply and rank. Calibration fits a few of them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The model's behavioural parameters. Strengths, penalties and noises are on one latent
/// scale whose unit is one standard deviation of Step 2 CK among US MD seniors (15 points).
///
/// Per-type arrays are indexed in [`targets::ApplicantType::ALL`] order: US MD senior, US DO
/// senior, US-citizen IMG, non-US-citizen IMG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BehaviourParameters {
    /// Weight of standardized Step 2 CK ((score − 245) / 15) in an applicant's strength.
    pub step2_weight: f64,
    /// Extra weight of standardized Step 2 CK at programs of competitive specialties, per unit
    /// of competitiveness ((matched US MD median − 245) / 10, Charting Outcomes 2026).
    pub step2_competitive_weight: f64,
    /// Standard deviation of the applicant's shared latent factor (interview skill, letters,
    /// research), seen alike by every program.
    pub applicant_latent_sd: f64,
    /// Strength added by six or more months of hands-on US clinical experience (IMGs);
    /// observerships count half, fewer months count pro rata.
    pub usce_weight: f64,
    /// Strength lost per year since graduation beyond the first (IMGs).
    pub years_since_graduation_penalty: f64,
    /// Strength lost per failed exam attempt.
    pub exam_failure_penalty: f64,
    /// Screening penalty of a non-US IMG at a program without IMG residents; it shrinks
    /// linearly to zero as the program's IMG share reaches [`Self::img_friendly_share`].
    pub non_us_img_penalty: f64,
    /// The same penalty for a US-citizen IMG.
    pub us_img_penalty: f64,
    /// Screening penalty of a DO senior at a program without DO residents, shrinking to zero
    /// at a DO share of [`Self::img_friendly_share`].
    pub do_penalty: f64,
    /// The resident share (IMG or DO) at which a program no longer penalizes that group.
    pub img_friendly_share: f64,
    /// Share of the IMG and DO penalties that remains even at the friendliest programs: US
    /// graduates keep some advantage everywhere.
    pub img_penalty_floor: f64,
    /// Penalty for missing a requirement the program states as a preference (not strict).
    pub preference_penalty: f64,
    /// Standard deviation of a program's latent selectivity (shared across applicants), which
    /// also shifts how desirable applicants find it.
    pub program_latent_sd: f64,
    /// Standard deviation of per-application noise in the screening that decides interview
    /// offers.
    pub interview_offer_noise_sd: f64,
    /// Standard deviation of per-interview noise in programs' rank order lists.
    pub program_rank_noise_sd: f64,
    /// Standard deviation of per-interview noise in applicants' rank order lists.
    pub applicant_rank_noise_sd: f64,
    /// Mean applications per applicant by type (ERAS 2025: 58 US MD, 72 US DO, 129 IMG).
    pub applications_mean: [f64; 4],
    /// Coefficient of variation of applications per applicant (log-normal spread).
    pub applications_cv: f64,
    /// Share of applications that go to a backup specialty (Internal Medicine, Family
    /// Medicine or Pediatrics, see [`crate::assumptions::BACKUP_SPECIALTIES`]), by type.
    pub backup_share: [f64; 4],
    /// Share of applications that go to preliminary and transitional tracks for applicants
    /// whose preferred specialty starts at PGY-2 (mostly advanced tracks).
    pub preliminary_share_advanced: f64,
    /// The same share for everyone else, by type.
    pub preliminary_share: [f64; 4],
    /// Spread, in percentiles of program desirability, around the applicant's own percentile
    /// when picking programs: larger means more reaches and safeties.
    pub target_spread: f64,
    /// How far down (in percentiles) applicants aim relative to their own percentile: a
    /// positive value means more safeties than reaches.
    pub target_shift: f64,
    /// Extra downward aim of IMGs, who favour IMG-friendly (less desirable) programs.
    pub img_target_shift: f64,
    /// Interviews a program offers per position.
    pub interviews_per_position: f64,
    /// Rounds of interview invitations: slots declined in one round are offered again in the
    /// next.
    pub interview_rounds: u32,
    /// Most interviews an applicant attends; extra offers are declined, least preferred first.
    pub max_interviews: u32,
    /// Share of the interviews attended that an applicant ranks (most preferred first, at
    /// least one); applicants rank nearly every interview, so the default is all.
    pub rank_share: f64,
    /// Share of applicants who enter the match as members of a couple.
    pub couples_share: f64,
    /// Most pairs a couple ranks.
    pub couple_pairs_max: u32,
    /// Weight of program type (university +1, affiliated 0, community −1) in desirability.
    pub program_type_desirability: f64,
    /// Weight of the program's IMG share (0–1) in desirability (lower for IMG-heavy programs).
    pub img_share_desirability: f64,
    /// Weight in desirability of each unit of the academic evidence of the program's
    /// institution (see [`crate::mix::InstitutionEvidence::academic`]).
    pub academic_desirability: f64,
    /// Per specialty code, an amount added to both IMG screening penalties at that specialty's
    /// programs: how much more (or less) open to IMGs the specialty is than its programs'
    /// resident mix says. Missing specialties have no offset.
    pub specialty_img_penalty_offset: BTreeMap<String, f64>,
    /// Per specialty code, a factor on how many US MD seniors prefer the specialty, relative to
    /// the published counts the market is built from; the number of US MD seniors stays the
    /// same (the other specialties share the difference). It stands for competitors the market
    /// leaves out (reapplicants and prior graduates, who crowd into some specialties) and for
    /// preferences the published counts miss. Missing specialties have a factor of one, and
    /// with no factors at all the market is exactly the published one.
    pub specialty_us_md_demand: BTreeMap<String, f64>,
    /// Added to the screening evaluation of an application that carries a gold (or single-tier)
    /// preference signal. Not fitted: the targets hold no published interview rates with and
    /// without signals, so this is an assumption (see [`crate::assumptions`]).
    pub signal_gold_bonus: f64,
    /// The same for a silver signal.
    pub signal_silver_bonus: f64,
}

impl Default for BehaviourParameters {
    fn default() -> Self {
        BehaviourParameters {
            step2_weight: 1.0,
            step2_competitive_weight: 0.0,
            applicant_latent_sd: 0.8,
            usce_weight: 0.4,
            years_since_graduation_penalty: 0.12,
            exam_failure_penalty: 0.6,
            non_us_img_penalty: 1.6,
            us_img_penalty: 1.2,
            do_penalty: 0.4,
            img_friendly_share: 0.5,
            img_penalty_floor: 0.0,
            preference_penalty: 0.5,
            program_latent_sd: 0.5,
            interview_offer_noise_sd: 1.2,
            program_rank_noise_sd: 0.5,
            applicant_rank_noise_sd: 0.6,
            applications_mean: [58.0, 72.0, 129.0, 129.0],
            applications_cv: 0.6,
            backup_share: [0.08, 0.12, 0.25, 0.25],
            preliminary_share_advanced: 0.3,
            preliminary_share: [0.05, 0.05, 0.12, 0.12],
            target_spread: 0.25,
            target_shift: 0.05,
            img_target_shift: 0.2,
            interviews_per_position: 11.4,
            interview_rounds: 4,
            max_interviews: 16,
            rank_share: 1.0,
            couples_share: 0.02,
            couple_pairs_max: 80,
            program_type_desirability: 0.5,
            img_share_desirability: 1.5,
            academic_desirability: crate::assumptions::ACADEMIC_DESIRABILITY,
            specialty_img_penalty_offset: BTreeMap::new(),
            specialty_us_md_demand: BTreeMap::new(),
            signal_gold_bonus: crate::assumptions::SIGNAL_GOLD_BONUS,
            signal_silver_bonus: crate::assumptions::SIGNAL_SILVER_BONUS,
        }
    }
}
