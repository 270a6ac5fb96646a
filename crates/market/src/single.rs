//! One applicant against the market without simulating: the terms of the screening evaluation
//! every simulated program computes, exposed so that Smart Pick evaluates the very functions
//! the simulator samples.

use crate::params::BehaviourParameters;
use crate::probe::ProbeApplicant;
use crate::season::{Applicant, ProgramMixPenalties, probe_without_latent, screen, strength_terms};
use crate::setup::SeasonSetup;

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

/// What one track's screening adds to an applicant's strength, for an applicant its strict
/// requirements admit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackTerms {
    /// Extra weight of Step 2 CK in a competitive specialty (may be negative below 245).
    pub step2_extra: f64,
    /// The penalty of the program's resident mix for the applicant's type (zero or negative).
    pub mix_penalty: f64,
    /// Preferences (not strict requirements) the applicant misses.
    pub missed_preferences: u32,
    /// The penalty for them (zero or negative).
    pub preference_penalty: f64,
}

impl TrackTerms {
    /// The sum of the terms.
    pub fn total(&self) -> f64 {
        self.step2_extra + self.mix_penalty + self.preference_penalty
    }
}

/// Screening of one applicant at any track of a market, prepared once per market and
/// parameters.
pub struct ProbeScreening<'a> {
    setup: &'a SeasonSetup,
    params: &'a BehaviourParameters,
    mix: ProgramMixPenalties,
    preference_penalties: [f64; 5],
}

/// A probe prepared for screening.
pub struct PreparedProbe {
    applicant: Applicant,
    standardized_step2: f64,
}

impl<'a> ProbeScreening<'a> {
    /// Prepares screening for the market and parameters.
    pub fn new(setup: &'a SeasonSetup, params: &'a BehaviourParameters) -> ProbeScreening<'a> {
        let mut preference_penalties = [0.0; 5];
        for missed in 1..preference_penalties.len() {
            preference_penalties[missed] =
                preference_penalties[missed - 1] + params.preference_penalty;
        }
        ProbeScreening {
            setup,
            params,
            mix: ProgramMixPenalties::new(setup, params),
            preference_penalties,
        }
    }

    /// Prepares a probe; its specialty must be in the market for the preferred-specialty
    /// logic of the simulator to apply (otherwise the market's first specialty stands in).
    pub fn prepare(&self, probe: &ProbeApplicant) -> PreparedProbe {
        PreparedProbe {
            applicant: probe_without_latent(self.setup, self.params, probe),
            standardized_step2: (f64::from(probe.step2) - 245.0) / 15.0,
        }
    }

    /// The known parts of the probe's strength.
    pub fn strength(&self, probe: &PreparedProbe) -> StrengthTerms {
        strength_terms(&probe.applicant, self.params)
    }

    /// The probe's screening terms at a track, or `None` when a strict requirement or its
    /// visa need screens it out there.
    pub fn at_track(&self, probe: &PreparedProbe, track: u32) -> Option<TrackTerms> {
        let sim = &self.setup.tracks[track as usize];
        let kind = probe.applicant.kind;
        let mix_penalty = self
            .mix
            .of(kind, sim.program as usize, usize::from(sim.specialty));
        let requirements = &self.setup.track_requirements[track as usize];
        let penalty = screen(
            &probe.applicant,
            requirements,
            &self.preference_penalties,
            mix_penalty,
        )?;
        let preference_penalty = penalty - mix_penalty;
        let missed = self
            .preference_penalties
            .iter()
            .position(|&p| (p - preference_penalty).abs() < 1e-9)
            .unwrap_or(0) as u32;
        let competitiveness = self.setup.specialties[usize::from(sim.specialty)].competitiveness;
        Some(TrackTerms {
            step2_extra: self.params.step2_competitive_weight
                * competitiveness
                * probe.standardized_step2,
            mix_penalty: -mix_penalty,
            missed_preferences: missed,
            preference_penalty: -preference_penalty,
        })
    }

    /// How desirable applicants find the track's program on average (the season's latent
    /// part is unknown beforehand): applicants rank their interviews by this plus noise.
    pub fn mean_desirability(&self, track: u32) -> f64 {
        let program = &self.setup.programs[self.setup.tracks[track as usize].program as usize];
        self.params.program_type_desirability * program.type_score
            - self.params.img_share_desirability * program.img_share
    }

    /// Whether the track is a preliminary or transitional (PGY-1 only) track.
    pub fn is_preliminary(&self, track: u32) -> bool {
        self.setup.tracks[track as usize].preliminary
    }
}
