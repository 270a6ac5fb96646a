//! How a program evaluates an applicant, written once: the applicant's known strength, the
//! terms a track's screening adds to it (strict requirements, missed preferences, the resident
//! mix, competitive specialties, signals), and how desirable applicants find a program.
//!
//! The simulator samples these functions (adding the latent factor and noise), and Smart Pick
//! evaluates the very same functions for one applicant through [`crate::ProbeScreening`], so
//! their numbers agree by construction.

use targets::ApplicantType;

use crate::assumptions::{
    OBSERVERSHIP_WEIGHT, STEP2_STANDARD_CENTRE, STEP2_STANDARD_SCALE, USCE_SATURATION_MONTHS,
};
use crate::params::BehaviourParameters;
use crate::probe::{SignalTier, VisaNeed};
use crate::setup::{ProgramTraits, ScreeningRequirements, SeasonSetup};

/// What a program can know of an applicant from the application.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ApplicantFile {
    pub kind: ApplicantType,
    pub step2: u16,
    pub usce_months: u8,
    pub usce_hands_on: bool,
    pub years_since_graduation: u8,
    pub visa: VisaNeed,
    pub exam_failures: u8,
}

/// A Step 2 CK score in standardized units.
pub(crate) fn standardized_step2(score: f64) -> f64 {
    (score - STEP2_STANDARD_CENTRE) / STEP2_STANDARD_SCALE
}

/// Whether an applicant type is an international medical graduate.
pub(crate) fn is_img(kind: ApplicantType) -> bool {
    matches!(kind, ApplicantType::UsImg | ApplicantType::NonUsImg)
}

/// The parts of an applicant's strength that the applicant and programs both know (the shared
/// latent factor is not among them), in strength units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StrengthTerms {
    /// Standardized Step 2 CK times its weight.
    pub step2: f64,
    /// US clinical experience (IMGs).
    pub usce: f64,
    /// Years since graduation beyond the first, negative (IMGs).
    pub years_since_graduation: f64,
    /// Failed exam attempts, negative.
    pub exam_failures: f64,
}

impl StrengthTerms {
    /// The known strength.
    pub fn total(&self) -> f64 {
        self.step2 + self.usce + self.years_since_graduation + self.exam_failures
    }
}

/// The known parts of an applicant's strength.
pub(crate) fn strength_terms(file: &ApplicantFile, params: &BehaviourParameters) -> StrengthTerms {
    let img = is_img(file.kind);
    let months =
        f64::from(file.usce_months.min(USCE_SATURATION_MONTHS)) / f64::from(USCE_SATURATION_MONTHS);
    let weight = if file.usce_hands_on {
        1.0
    } else {
        OBSERVERSHIP_WEIGHT
    };
    StrengthTerms {
        step2: params.step2_weight * standardized_step2(f64::from(file.step2)),
        usce: if img {
            params.usce_weight * months * weight
        } else {
            0.0
        },
        years_since_graduation: if img {
            -(params.years_since_graduation_penalty
                * f64::from(file.years_since_graduation.saturating_sub(1)))
        } else {
            0.0
        },
        exam_failures: -(params.exam_failure_penalty * f64::from(file.exam_failures)),
    }
}

/// What one track's screening adds to an applicant's strength, for an applicant its strict
/// requirements admit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackTerms {
    /// Extra weight of Step 2 CK in a competitive specialty (may be negative below the
    /// standardizing score).
    pub step2_extra: f64,
    /// The penalty the applicant's type meets even at the programs most open to it (zero or
    /// negative): what programs' preference for graduates of US MD schools costs.
    pub type_penalty: f64,
    /// The further penalty of this program's resident mix (zero or negative): zero where its
    /// share of the applicant's kind of graduates makes it as open as programs get.
    pub mix_penalty: f64,
    /// Preferences (not strict requirements) the applicant misses.
    pub missed_preferences: u32,
    /// The penalty for them (zero or negative).
    pub preference_penalty: f64,
    /// The bonus of a preference signal sent to the program (zero without one).
    pub signal: f64,
}

impl TrackTerms {
    /// The sum of the terms.
    pub fn total(&self) -> f64 {
        self.step2_extra
            + self.type_penalty
            + self.mix_penalty
            + self.preference_penalty
            + self.signal
    }
}

/// The screening bonus of a signal of this tier.
pub fn signal_bonus(params: &BehaviourParameters, tier: Option<SignalTier>) -> f64 {
    SignalBonus::of_params(params).of(tier)
}

/// The screening bonuses of gold and silver signals.
#[derive(Debug, Clone, Copy)]
struct SignalBonus {
    gold: f64,
    silver: f64,
}

impl SignalBonus {
    fn of_params(params: &BehaviourParameters) -> SignalBonus {
        SignalBonus {
            gold: params.signal_gold_bonus,
            silver: params.signal_silver_bonus,
        }
    }

    fn of(self, tier: Option<SignalTier>) -> f64 {
        match tier {
            Some(SignalTier::Gold) => self.gold,
            Some(SignalTier::Silver) => self.silver,
            None => 0.0,
        }
    }
}

/// How desirable applicants find a program on average; each season adds the program's latent
/// factor, and each applicant their own noise when ranking.
pub(crate) fn mean_desirability(params: &BehaviourParameters, program: &ProgramTraits) -> f64 {
    params.program_type_desirability * program.type_score
        - params.img_share_desirability * program.img_share
        + params.academic_desirability * program.academic
}

/// Whether a program can train an applicant with this visa need.
pub(crate) fn visa_ok(visa: VisaNeed, program: &ProgramTraits) -> bool {
    match visa {
        VisaNeed::None => true,
        VisaNeed::J1 => program.sponsors_j1 || program.sponsors_h1b,
        VisaNeed::H1b => program.sponsors_h1b,
    }
}

/// The bit of a visa need in [`ScreeningRequirements::visa_allowed`].
pub(crate) fn visa_slot(visa: VisaNeed) -> usize {
    match visa {
        VisaNeed::None => 0,
        VisaNeed::J1 => 1,
        VisaNeed::H1b => 2,
    }
}

/// Everything screening an application to one track needs beyond the applicant, for one
/// applicant type: one record per track and type, so that the season's hottest loop reads one
/// record per application.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TrackScreening {
    pub requirements: ScreeningRequirements,
    /// The program's resident mix penalty for the type (zero or positive).
    pub mix_penalty: f64,
    /// The part of it the type meets at the programs most open to it.
    pub open_penalty: f64,
    /// How much more than the applicant's shared strength Step 2 CK counts in the specialty.
    pub step2_extra_weight: f64,
}

/// Every track's screening for every applicant type, and the penalties of missed preferences:
/// what a market's programs need to evaluate applications, prepared once per market and
/// parameters.
pub(crate) struct Screening {
    by_type: [Vec<TrackScreening>; 4],
    /// The penalty for `k` missed preferences.
    preference_penalties: [f64; 5],
    signal_bonus: SignalBonus,
}

impl Screening {
    pub(crate) fn new(setup: &SeasonSetup, params: &BehaviourParameters) -> Screening {
        let mix = MixPenalties::new(setup, params);
        let by_type = ApplicantType::ALL.map(|kind| {
            setup
                .tracks
                .iter()
                .zip(&setup.track_requirements)
                .map(|(t, requirements)| TrackScreening {
                    requirements: *requirements,
                    mix_penalty: mix.of(kind, t.program as usize, usize::from(t.specialty)),
                    open_penalty: mix.at_most_open(kind, usize::from(t.specialty)),
                    // Competitive specialties weigh Step 2 CK more than the applicant's shared
                    // strength says.
                    step2_extra_weight: params.step2_competitive_weight
                        * setup.specialties[usize::from(t.specialty)].competitiveness,
                })
                .collect()
        });
        // Missed preferences add up one at a time.
        let mut preference_penalties = [0.0; 5];
        for missed in 1..preference_penalties.len() {
            preference_penalties[missed] =
                preference_penalties[missed - 1] + params.preference_penalty;
        }
        Screening {
            by_type,
            preference_penalties,
            signal_bonus: SignalBonus::of_params(params),
        }
    }

    /// The tracks' screening for one applicant type.
    pub(crate) fn for_type(&self, kind: ApplicantType) -> &[TrackScreening] {
        &self.by_type[kind.index()]
    }

    /// The one screening function: whether the track's strict requirements and visa admit the
    /// applicant, and if so the terms its evaluation adds to the applicant's strength. The
    /// simulator adds the applicant's latent factor and the screening noise to
    /// `strength + terms.total()`; Smart Pick integrates over both.
    #[inline]
    pub(crate) fn terms(
        &self,
        file: &ApplicantFile,
        standardized_step2: f64,
        track: &TrackScreening,
        signal: Option<SignalTier>,
    ) -> Option<TrackTerms> {
        let requirements = &track.requirements;
        if requirements.visa_allowed & (1 << visa_slot(file.visa)) == 0 {
            return None;
        }
        // Every check is computed and the misses combined as bits, which avoids a branch per
        // requirement in the hottest loop of the season.
        let img = is_img(file.kind);
        let usce_met = file.usce_months >= requirements.usce_months
            && (!requirements.usce_hands_on || file.usce_hands_on);
        // A limit of n attempts admits n − 1 failures.
        let bit = |missed: bool, requirement: u8| if missed { requirement } else { 0 };
        let missed = (bit(
            file.step2 < requirements.min_step2,
            ScreeningRequirements::MIN_STEP2,
        ) | bit(
            file.exam_failures >= requirements.max_attempts,
            ScreeningRequirements::MAX_ATTEMPTS,
        ) | bit(
            img && file.years_since_graduation > requirements.max_years_since_graduation,
            ScreeningRequirements::MAX_YEARS_SINCE_GRADUATION,
        ) | bit(img && !usce_met, ScreeningRequirements::USCE))
            & requirements.present;
        if missed & requirements.strict != 0 {
            return None;
        }
        let missed_preferences = missed.count_ones();
        Some(TrackTerms {
            step2_extra: track.step2_extra_weight * standardized_step2,
            type_penalty: -track.open_penalty,
            mix_penalty: track.open_penalty - track.mix_penalty,
            missed_preferences,
            preference_penalty: -self.preference_penalties[missed_preferences as usize],
            signal: self.signal_bonus.of(signal),
        })
    }
}

/// How little a program's resident mix favours DO graduates and IMGs, computed once per market
/// so that screening an application needs no division.
struct MixPenalties {
    /// The unfriendliness of the programs most open to IMGs and DO graduates.
    floor: f64,
    /// The DO senior penalty before unfriendliness.
    do_base: f64,
    /// Per program: the DO senior penalty.
    do_penalty: Vec<f64>,
    /// Per program: the share of the IMG penalty that applies (its unfriendliness to IMGs).
    img_unfriendliness: Vec<f64>,
    /// Per type (US IMG, non-US IMG) and specialty: the IMG penalty before unfriendliness.
    img_penalty: [Vec<f64>; 2],
}

impl MixPenalties {
    fn new(setup: &SeasonSetup, params: &BehaviourParameters) -> MixPenalties {
        let friendly = params.img_friendly_share.max(1e-6);
        let floor = params.img_penalty_floor.clamp(0.0, 1.0);
        let unfriendliness = |share: f64| (1.0 - (share / friendly).min(1.0)).max(floor);
        let img_penalty = [params.us_img_penalty, params.non_us_img_penalty].map(|base| {
            setup
                .specialties
                .iter()
                .map(|s| {
                    let offset = params
                        .specialty_img_penalty_offset
                        .get(s.code.as_str())
                        .copied()
                        .unwrap_or(0.0);
                    (base + offset).max(0.0)
                })
                .collect()
        });
        MixPenalties {
            floor,
            do_base: params.do_penalty,
            do_penalty: setup
                .programs
                .iter()
                .map(|p| params.do_penalty * unfriendliness(p.do_share))
                .collect(),
            img_unfriendliness: setup
                .programs
                .iter()
                .map(|p| unfriendliness(p.img_share))
                .collect(),
            img_penalty,
        }
    }

    /// The penalty an applicant of `kind` meets in `specialty` at the programs most open to
    /// its kind of graduates.
    fn at_most_open(&self, kind: ApplicantType, specialty: usize) -> f64 {
        self.floor
            * match kind {
                ApplicantType::UsMdSenior => 0.0,
                ApplicantType::UsDoSenior => self.do_base,
                ApplicantType::UsImg => self.img_penalty[0][specialty],
                ApplicantType::NonUsImg => self.img_penalty[1][specialty],
            }
    }

    /// The penalty an applicant of `kind` meets at `program` in `specialty` for its mix.
    fn of(&self, kind: ApplicantType, program: usize, specialty: usize) -> f64 {
        match kind {
            ApplicantType::UsMdSenior => 0.0,
            ApplicantType::UsDoSenior => self.do_penalty[program],
            ApplicantType::UsImg => {
                self.img_penalty[0][specialty] * self.img_unfriendliness[program]
            }
            ApplicantType::NonUsImg => {
                self.img_penalty[1][specialty] * self.img_unfriendliness[program]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(kind: ApplicantType, step2: u16) -> ApplicantFile {
        ApplicantFile {
            kind,
            step2,
            usce_months: 2,
            usce_hands_on: false,
            years_since_graduation: 3,
            visa: VisaNeed::J1,
            exam_failures: 0,
        }
    }

    fn screening(params: &BehaviourParameters) -> Screening {
        let mut preference_penalties = [0.0; 5];
        for missed in 1..5 {
            preference_penalties[missed] =
                preference_penalties[missed - 1] + params.preference_penalty;
        }
        Screening {
            by_type: Default::default(),
            preference_penalties,
            signal_bonus: SignalBonus::of_params(params),
        }
    }

    /// A track asking for Step 2 CK 230 (strict unless `strict` is 0) and 3 months of USCE as
    /// a preference, taking J-1 and H-1B visas.
    fn track(strict: u8) -> TrackScreening {
        TrackScreening {
            requirements: ScreeningRequirements {
                min_step2: 230,
                max_attempts: 3,
                max_years_since_graduation: 5,
                usce_months: 3,
                usce_hands_on: false,
                present: ScreeningRequirements::MIN_STEP2 | ScreeningRequirements::USCE,
                strict,
                visa_allowed: 0b011,
            },
            mix_penalty: 0.7,
            open_penalty: 0.5,
            step2_extra_weight: 0.2,
        }
    }

    #[test]
    fn strength_terms_add_up_by_hand() {
        let params = BehaviourParameters::default();
        let terms = strength_terms(&file(ApplicantType::NonUsImg, 260), &params);
        assert!((terms.step2 - params.step2_weight * 1.0).abs() < 1e-12);
        // Two observership months of six, at half weight.
        assert!((terms.usce - params.usce_weight * (2.0 / 6.0) * 0.5).abs() < 1e-12);
        assert!(
            (terms.years_since_graduation + 2.0 * params.years_since_graduation_penalty).abs()
                < 1e-12
        );
        assert_eq!(terms.exam_failures, 0.0);
        // US seniors carry no USCE or graduation-year terms.
        let senior = strength_terms(&file(ApplicantType::UsMdSenior, 245), &params);
        assert_eq!(
            (senior.step2, senior.usce, senior.years_since_graduation),
            (0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn the_screening_function_applies_requirements_preferences_mix_and_signals() {
        let params = BehaviourParameters::default();
        let screening = screening(&params);
        let strict_score = track(ScreeningRequirements::MIN_STEP2);
        // Below a strict minimum score: screened out.
        let low = file(ApplicantType::NonUsImg, 225);
        assert_eq!(screening.terms(&low, -1.0, &strict_score, None), None);
        // Above it, missing the USCE preference: one preference penalty, the mix penalty and
        // the competitive weight on the standardized score.
        let high = file(ApplicantType::NonUsImg, 260);
        let terms = screening.terms(&high, 1.0, &strict_score, None).unwrap();
        assert_eq!(terms.missed_preferences, 1);
        assert!((terms.preference_penalty + params.preference_penalty).abs() < 1e-12);
        // The mix penalty splits into what the type meets everywhere and this program's part.
        assert!((terms.type_penalty + 0.5).abs() < 1e-12);
        assert!((terms.mix_penalty + 0.2).abs() < 1e-12);
        assert!((terms.step2_extra - 0.2).abs() < 1e-12);
        assert_eq!(terms.signal, 0.0);
        // The same minimum as a preference: admitted, with two preferences missed.
        let lenient = screening.terms(&low, -1.0, &track(0), None).unwrap();
        assert_eq!(lenient.missed_preferences, 2);
        // A gold signal adds its bonus and nothing else.
        let signalled = screening
            .terms(&high, 1.0, &strict_score, Some(SignalTier::Gold))
            .unwrap();
        assert!((signalled.total() - terms.total() - params.signal_gold_bonus).abs() < 1e-12);
        // An applicant needing a visa is screened out where no visa is sponsored.
        let mut no_visa_track = track(0);
        no_visa_track.requirements.visa_allowed = 0b001;
        assert_eq!(screening.terms(&high, 1.0, &no_visa_track, None), None);
    }
}
