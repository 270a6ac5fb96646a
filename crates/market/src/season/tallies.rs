//! The tallies stage: the season's outcomes in the shape of the target tables, and what
//! happened to each probe (which is never counted in the season's tallies).

use match_engine::{ApplicantIdx, Matching, TrackIdx};
use targets::{ApplicantType, STEP2_BANDS};

use crate::evaluation::visa_ok;
use crate::outcomes::{
    CONTIGUOUS_BINS, HISTOGRAM_BINS, HISTOGRAM_MIN_SCORE, INTERVIEW_BINS, SeasonOutcomes,
};
use crate::probe::ProbeOutcomes;
use crate::season::Season;
use crate::season::applicants::Applicant;
use crate::season::interviews::Interviews;
use crate::season::rank_lists::ApplicantLists;

/// What the tallies read of the season.
pub(crate) struct Finished<'a> {
    pub applicants: &'a [Applicant],
    pub sent: &'a [u32],
    pub interviews: &'a Interviews,
    pub lists: &'a ApplicantLists,
    pub matching: &'a Matching,
    pub couples_unsettled: bool,
}

impl Finished<'_> {
    /// Whether applicant `index` matched, and whether in a categorical or advanced track of
    /// their preferred specialty.
    fn matched(&self, season: &Season<'_>, index: usize) -> (Option<TrackIdx>, bool) {
        let matched = self.matching.track_of(ApplicantIdx(index as u32));
        let preferred = matched.is_some_and(|track| {
            let sim = &season.setup.tracks[track.index()];
            !sim.preliminary && sim.specialty == self.applicants[index].specialty
        });
        (matched, preferred)
    }
}

/// Tallies the simulated applicants.
pub(crate) fn season_outcomes(season: &Season<'_>, finished: &Finished<'_>) -> SeasonOutcomes {
    let setup = season.setup;
    let mut outcomes = SeasonOutcomes::empty(&setup.specialty_codes(), setup.track_count());
    outcomes.seasons = 1;
    outcomes.couples_unsettled_seasons = u64::from(finished.couples_unsettled);
    for sim in &setup.tracks {
        if let Some(row) = sim.nrmp_row {
            outcomes.rows[usize::from(row)].positions_offered += u64::from(sim.positions);
        }
    }
    for index in 0..season.simulated_count() {
        let applicant = &finished.applicants[index];
        let kind = applicant.kind();
        let (matched, matched_preferred) = finished.matched(season, index);
        let tally = &mut outcomes.by_type[kind.index()];
        tally.active += 1;
        tally.applications += u64::from(finished.sent[index]);
        let interviews = finished.lists.interviews[index];
        tally.interviews[interviews.min(INTERVIEW_BINS - 1)] += 1;
        tally.matched += u64::from(matched.is_some());
        tally.matched_preferred += u64::from(matched_preferred);
        let supplemental = finished
            .matching
            .supplemental_track_of(ApplicantIdx(index as u32));
        for track in [matched, supplemental].into_iter().flatten() {
            outcomes.tracks[track.index()].matched_by_type[kind.index()] += 1;
            if let Some(row) = setup.tracks[track.index()].nrmp_row {
                let row = &mut outcomes.rows[usize::from(row)];
                row.filled += 1;
                row.filled_by_type[kind.index()] += 1;
            }
        }
        let bin = (finished.lists.contiguous[index] as usize).min(CONTIGUOUS_BINS - 1);
        outcomes.contiguous_ranks[bin][0] += 1;
        outcomes.contiguous_ranks[bin][1] += u64::from(matched_preferred);
        let step2 = applicant.file.step2;
        let specialty = &mut outcomes.specialties[usize::from(applicant.specialty)];
        let score_bin =
            usize::from(step2.saturating_sub(HISTOGRAM_MIN_SCORE)).min(HISTOGRAM_BINS - 1);
        match kind {
            ApplicantType::UsMdSenior => {
                if let Some(band) = STEP2_BANDS.iter().position(|b| b.contains(step2)) {
                    specialty.us_md_by_band[band] += 1;
                    specialty.us_md_matched_by_band[band] += u64::from(matched_preferred);
                }
            }
            ApplicantType::NonUsImg if matched_preferred => {
                specialty.non_us_img_matched += 1;
                specialty.non_us_img_matched_step2[score_bin] += 1;
            }
            ApplicantType::NonUsImg => {
                specialty.non_us_img_unmatched += 1;
                specialty.non_us_img_unmatched_step2[score_bin] += 1;
            }
            ApplicantType::UsDoSenior | ApplicantType::UsImg => {}
        }
    }
    for (tally, track) in outcomes.tracks.iter_mut().zip(&setup.tracks) {
        tally.filled_seasons =
            u64::from(tally.matched_by_type.iter().sum::<u64>() >= u64::from(track.positions));
    }
    outcomes
}

/// What happened to each probe.
pub(crate) fn probe_outcomes(season: &Season<'_>, finished: &Finished<'_>) -> Vec<ProbeOutcomes> {
    let setup = season.setup;
    (0..season.probes.len())
        .map(|number| {
            let index = season.first_probe() + number;
            let applicant = &finished.applicants[index];
            let (matched, matched_preferred) = finished.matched(season, index);
            let mut probe = ProbeOutcomes::empty();
            probe.seasons = 1;
            probe.matched = u64::from(matched.is_some());
            probe.matched_preferred = u64::from(matched_preferred);
            let interviews = finished.lists.interviews[index];
            probe.interviews[interviews.min(INTERVIEW_BINS - 1)] += 1;
            probe.interviews_without_visa_sponsor = finished
                .lists
                .of(index)
                .iter()
                .filter(|&&track| {
                    let program = &setup.programs[setup.tracks[track as usize].program as usize];
                    !visa_ok(applicant.file.visa, program)
                })
                .count() as u64;
            if let Some(list) = season.probe_list(index) {
                let attended: Vec<u32> = finished
                    .interviews
                    .of(index)
                    .iter()
                    .map(|offer| offer.track())
                    .collect();
                probe.interviewed_at = list
                    .tracks
                    .iter()
                    .map(|track| u64::from(attended.contains(track)))
                    .collect();
                probe.matched_at = list
                    .tracks
                    .iter()
                    .map(|&track| u64::from(matched == Some(TrackIdx(track))))
                    .collect();
            }
            probe
        })
        .collect()
}
