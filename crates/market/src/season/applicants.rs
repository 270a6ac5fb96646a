//! The applicants stage: simulated applicants drawn from the published figures, and probes
//! turned into applicants.

use rand::{Rng, RngExt};
use targets::ApplicantType;

use crate::assumptions::{
    EXAM_FAILURE_SHARE, IMG_USCE_HANDS_ON_SHARE, IMG_USCE_MAX_MONTHS, IMG_USCE_SHARE,
    IMG_YEARS_SINCE_GRADUATION, NON_US_IMG_VISA_SHARES, STEP2_RANGE,
};
use crate::evaluation::{ApplicantFile, is_img, standardized_step2, strength_terms};
use crate::params::BehaviourParameters;
use crate::probe::{ProbeApplicant, VisaNeed};
use crate::season::streams::standard_normal;
use crate::setup::SeasonSetup;

/// Applications an applicant sends at most (and the most a probe may give).
pub(crate) const MAX_APPLICATIONS: f64 = 400.0;

/// A simulated applicant.
#[derive(Debug, Clone)]
pub(crate) struct Applicant {
    /// What programs see of the applicant.
    pub file: ApplicantFile,
    /// The preferred specialty's index in the market.
    pub specialty: u16,
    /// Applications the applicant means to send.
    pub applications: u32,
    /// Strength without the latent factor: what the applicant can judge of themself.
    pub known_strength: f64,
    /// Strength as programs see it on average.
    pub strength: f64,
    /// Standardized Step 2 CK, kept for screening.
    pub standardized_step2: f64,
}

impl Applicant {
    /// The applicant type.
    pub(crate) fn kind(&self) -> ApplicantType {
        self.file.kind
    }

    /// An applicant with this file, whose latent factor is zero.
    fn without_latent(
        file: ApplicantFile,
        specialty: u16,
        applications: u32,
        params: &BehaviourParameters,
    ) -> Applicant {
        let known_strength = strength_terms(&file, params).total();
        Applicant {
            file,
            specialty,
            applications,
            known_strength,
            strength: known_strength,
            standardized_step2: standardized_step2(f64::from(file.step2)),
        }
    }

    /// Draws the applicant's latent factor.
    fn with_latent(mut self, rng: &mut impl Rng, params: &BehaviourParameters) -> Applicant {
        self.strength = self.known_strength + params.applicant_latent_sd * standard_normal(rng);
        self
    }
}

/// The applicant types of the simulated applicants, in index order: every type's applicants
/// together, in the order of [`ApplicantType::ALL`].
pub(crate) fn kind_of_index(setup: &SeasonSetup, index: usize) -> ApplicantType {
    let mut end = 0;
    for kind in ApplicantType::ALL {
        end += setup.applicant_counts[kind.index()] as usize;
        if index < end {
            return kind;
        }
    }
    ApplicantType::NonUsImg
}

/// Draws a simulated applicant of `kind` whose preferred specialty is drawn from the
/// cumulative shares `specialty_choice`.
pub(crate) fn generate(
    rng: &mut impl Rng,
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    kind: ApplicantType,
    specialty_choice: &[f64],
) -> Applicant {
    let specialty = pick_cumulative(specialty_choice, rng.random::<f64>()) as u16;
    let distribution = setup.specialties[usize::from(specialty)].step2[kind.index()];
    let step2 = (distribution.mean + distribution.sd * standard_normal(rng))
        .clamp(STEP2_RANGE.0, STEP2_RANGE.1)
        .round() as u16;
    let mut file = ApplicantFile {
        kind,
        step2,
        usce_months: 0,
        usce_hands_on: false,
        years_since_graduation: 0,
        visa: VisaNeed::None,
        exam_failures: 0,
    };
    if is_img(kind) {
        if rng.random_bool(IMG_USCE_SHARE) {
            file.usce_months = rng.random_range(1..=IMG_USCE_MAX_MONTHS);
            file.usce_hands_on = rng.random_bool(IMG_USCE_HANDS_ON_SHARE);
        }
        let u = rng.random::<f64>();
        let mut seen = 0.0;
        for (value, share) in IMG_YEARS_SINCE_GRADUATION {
            seen += share;
            file.years_since_graduation = value;
            if u < seen {
                break;
            }
        }
        if kind == ApplicantType::NonUsImg {
            let u = rng.random::<f64>();
            file.visa = if u < NON_US_IMG_VISA_SHARES[0] {
                VisaNeed::None
            } else if u < NON_US_IMG_VISA_SHARES[0] + NON_US_IMG_VISA_SHARES[1] {
                VisaNeed::J1
            } else {
                VisaNeed::H1b
            };
        }
    }
    file.exam_failures = u8::from(rng.random_bool(EXAM_FAILURE_SHARE[kind.index()]));
    let applications = applications_count(
        rng,
        params.applications_mean[kind.index()],
        params.applications_cv,
    );
    Applicant::without_latent(file, specialty, applications, params).with_latent(rng, params)
}

/// The probe as a simulated applicant, its latent factor drawn.
pub(crate) fn from_probe(
    rng: &mut impl Rng,
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    probe: &ProbeApplicant,
) -> Applicant {
    probe_without_latent(setup, params, probe).with_latent(rng, params)
}

/// The probe as a simulated applicant whose latent factor is zero.
pub(crate) fn probe_without_latent(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    probe: &ProbeApplicant,
) -> Applicant {
    // The public entry points check that the specialty is in the market.
    let specialty = setup.specialty_of(probe.specialty).unwrap_or(0);
    let file = ApplicantFile {
        kind: probe.applicant_type,
        step2: probe.step2,
        usce_months: probe.usce_months,
        usce_hands_on: probe.usce_hands_on,
        years_since_graduation: probe.years_since_graduation,
        visa: probe.visa,
        exam_failures: probe.exam_failures,
    };
    let applications = probe
        .list
        .as_ref()
        .map_or(probe.applications, |list| list.tracks.len() as u32);
    Applicant::without_latent(file, specialty, applications, params)
}

/// Applications sent: log-normal with the type's mean and coefficient of variation.
fn applications_count(rng: &mut impl Rng, mean: f64, cv: f64) -> u32 {
    let sigma2 = (1.0 + cv * cv).ln();
    let mu = mean.ln() - sigma2 / 2.0;
    let value = (mu + sigma2.sqrt() * standard_normal(rng)).exp();
    value.round().clamp(1.0, MAX_APPLICATIONS) as u32
}

/// The index whose cumulative share first reaches `u`.
pub(crate) fn pick_cumulative(cumulative: &[f64], u: f64) -> usize {
    cumulative
        .partition_point(|&c| c < u)
        .min(cumulative.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cumulative_choice_takes_the_first_share_that_reaches_the_draw() {
        let cumulative = [0.2, 0.5, 1.0];
        assert_eq!(pick_cumulative(&cumulative, 0.0), 0);
        assert_eq!(pick_cumulative(&cumulative, 0.2), 0);
        assert_eq!(pick_cumulative(&cumulative, 0.21), 1);
        assert_eq!(pick_cumulative(&cumulative, 0.99), 2);
        assert_eq!(pick_cumulative(&cumulative, 1.5), 2);
    }
}
