//! One applicant against the market without simulating: the simulator's own screening
//! function ([`crate::evaluation`]) evaluated for one profile at any track, so that Smart Pick
//! computes its chances from the very terms the simulator samples.

use crate::evaluation::{
    ApplicantFile, Screening, StrengthTerms, TrackTerms, mean_desirability, strength_terms,
};
use crate::params::BehaviourParameters;
use crate::probe::{ProbeApplicant, SignalTier, VisaNeed};
use crate::season::{Applicant, probe_without_latent};
use crate::setup::SeasonSetup;

/// Screening of one applicant at any track of a market, prepared once per market and
/// parameters.
pub struct ProbeScreening<'a> {
    setup: &'a SeasonSetup,
    params: &'a BehaviourParameters,
    screening: Screening,
}

/// A probe prepared for screening.
pub struct PreparedProbe {
    applicant: Applicant,
}

impl<'a> ProbeScreening<'a> {
    /// Prepares screening for the market and parameters.
    pub fn new(setup: &'a SeasonSetup, params: &'a BehaviourParameters) -> ProbeScreening<'a> {
        ProbeScreening {
            setup,
            params,
            screening: Screening::new(setup, params),
        }
    }

    /// Prepares a probe; its specialty must be in the market for the preferred-specialty
    /// logic of the simulator to apply (otherwise the market's first specialty stands in).
    pub fn prepare(&self, probe: &ProbeApplicant) -> PreparedProbe {
        PreparedProbe {
            applicant: probe_without_latent(self.setup, self.params, probe),
        }
    }

    /// The known parts of the probe's strength.
    pub fn strength(&self, probe: &PreparedProbe) -> StrengthTerms {
        strength_terms(&probe.applicant.file, self.params)
    }

    /// The probe's screening terms at a track with or without a signal, or `None` when a
    /// strict requirement or its visa need screens it out there.
    pub fn at_track(
        &self,
        probe: &PreparedProbe,
        track: u32,
        signal: Option<SignalTier>,
    ) -> Option<TrackTerms> {
        self.terms_of(probe, &probe.applicant.file, track, signal)
    }

    /// As [`Self::at_track`], for a program whose sponsorship of the probe's visa is not
    /// known: the terms if it sponsors (the caller weighs them by the probability that it
    /// does, [`crate::sponsorship`]).
    pub fn at_track_if_sponsored(
        &self,
        probe: &PreparedProbe,
        track: u32,
        signal: Option<SignalTier>,
    ) -> Option<TrackTerms> {
        let file = ApplicantFile {
            visa: VisaNeed::None,
            ..probe.applicant.file
        };
        self.terms_of(probe, &file, track, signal)
    }

    /// The screening terms of the probe at a track, with `file` as what the program sees.
    fn terms_of(
        &self,
        probe: &PreparedProbe,
        file: &ApplicantFile,
        track: u32,
        signal: Option<SignalTier>,
    ) -> Option<TrackTerms> {
        let applicant = &probe.applicant;
        let screening = &self.screening.for_type(applicant.kind())[track as usize];
        self.screening
            .terms(file, applicant.standardized_step2, screening, signal)
    }

    /// How desirable applicants find the track's program on average (the season's latent
    /// part is unknown beforehand): applicants rank their interviews by this plus noise.
    pub fn mean_desirability(&self, track: u32) -> f64 {
        let program = &self.setup.programs[self.setup.tracks[track as usize].program as usize];
        mean_desirability(self.params, program)
    }

    /// Whether the track is a preliminary or transitional (PGY-1 only) track.
    pub fn is_preliminary(&self, track: u32) -> bool {
        self.setup.tracks[track as usize].preliminary
    }
}
