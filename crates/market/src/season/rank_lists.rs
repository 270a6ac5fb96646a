//! The rank order list stage. Applicants rank their most preferred share of the interviews they
//! attended: preferred specialty first, then the backup, then preliminary tracks. Programs rank
//! everyone they interviewed by their screening evaluation plus interview-day noise.

use match_engine::{ApplicantIdx, TrackSpec};
use rayon::prelude::*;

use crate::season::Season;
use crate::season::interviews::{Interviews, Offer};
use crate::season::keys::{evaluation_key, key_applicant, key_evaluation};
use crate::season::streams::{Entity, Stage, standard_normal};

/// Tracks per parallel task when programs rank.
const TRACK_CHUNK: usize = 128;
/// Applicants per parallel task when applicants rank.
const APPLICANT_CHUNK: usize = 4096;

/// Every applicant's rank order list.
pub(crate) struct ApplicantLists {
    /// The tracks ranked, applicant after applicant, most preferred first.
    tracks: Vec<u32>,
    /// Where each applicant's list starts in `tracks` (one more entry than applicants).
    start: Vec<usize>,
    /// Per applicant: interviews attended.
    pub interviews: Vec<usize>,
    /// Per applicant: the programs of the preferred specialty ranked (contiguously, at the top).
    pub contiguous: Vec<u32>,
}

impl ApplicantLists {
    /// Lists given directly, for tests of the stages that read them.
    #[cfg(test)]
    pub(crate) fn from_lists(lists: &[&[u32]]) -> ApplicantLists {
        let mut start = vec![0];
        let mut tracks = Vec::new();
        for list in lists {
            tracks.extend_from_slice(list);
            start.push(tracks.len());
        }
        ApplicantLists {
            tracks,
            start,
            interviews: lists.iter().map(|l| l.len()).collect(),
            contiguous: lists.iter().map(|l| l.len() as u32).collect(),
        }
    }

    /// Applicant `index`'s rank order list.
    pub(crate) fn of(&self, index: usize) -> &[u32] {
        &self.tracks[self.start[index]..self.start[index + 1]]
    }
}

/// Every program's rank order list.
pub(crate) struct ProgramLists {
    /// Per track, as the match takes it.
    pub tracks: Vec<TrackSpec>,
    /// Per track, when the season records its cutoffs: the rank scores and applicants in rank
    /// order.
    pub rank_scores: Option<Vec<Vec<(f32, u32)>>>,
}

/// Whether the program lists keep their rank scores (to survey cutoffs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RankScores {
    Keep,
    Drop,
}

/// Applicants' lists from the interviews they attended.
pub(crate) fn applicant_lists(season: &Season<'_>, interviews: &Interviews) -> ApplicantLists {
    let applicant_count = interviews.start.len() - 1;
    let share = season.params.rank_share.clamp(0.0, 1.0);
    let chunks: Vec<ApplicantLists> = (0..applicant_count.div_ceil(APPLICANT_CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let range =
                chunk * APPLICANT_CHUNK..((chunk + 1) * APPLICANT_CHUNK).min(applicant_count);
            let mut lists = ApplicantLists {
                tracks: Vec::new(),
                start: Vec::with_capacity(range.len()),
                interviews: Vec::with_capacity(range.len()),
                contiguous: Vec::with_capacity(range.len()),
            };
            let mut ranked: Vec<Offer> = Vec::new();
            for index in range {
                ranked.clear();
                ranked.extend_from_slice(interviews.of(index));
                ranked.sort_unstable_by_key(|offer| offer.preference);
                lists.interviews.push(ranked.len());
                let keep = ((share * ranked.len() as f64).ceil() as usize).min(ranked.len());
                let kept = &ranked[..keep];
                lists
                    .contiguous
                    .push(kept.iter().filter(|r| r.is_preferred_specialty()).count() as u32);
                lists.tracks.extend(kept.iter().map(Offer::track));
                lists.start.push(lists.tracks.len());
            }
            lists
        })
        .collect();
    let mut lists = ApplicantLists {
        tracks: Vec::with_capacity(interviews.offers.len()),
        start: Vec::with_capacity(applicant_count + 1),
        interviews: Vec::with_capacity(applicant_count),
        contiguous: Vec::with_capacity(applicant_count),
    };
    lists.start.push(0);
    for chunk in chunks {
        let base = lists.tracks.len();
        lists.tracks.extend(chunk.tracks);
        // A chunk's `start` holds where each of its lists ends, from the chunk's own start.
        lists.start.extend(chunk.start.iter().map(|end| base + end));
        lists.interviews.extend(chunk.interviews);
        lists.contiguous.extend(chunk.contiguous);
    }
    lists
}

/// Programs' lists: each track draws one interview-day noise per applicant it interviewed, in
/// applicant order, from its own stream (probes, the last applicants, draw last, so inserting
/// them leaves everyone else's draws as they were).
pub(crate) fn program_lists(
    season: &Season<'_>,
    interviews: &Interviews,
    keep: RankScores,
) -> ProgramLists {
    let track_count = season.setup.tracks.len();
    let (interviewed, start) = interviewed_by_track(interviews, track_count);
    let noise_sd = season.params.program_rank_noise_sd;
    let ranked: Vec<(TrackSpec, Vec<(f32, u32)>)> = (0..track_count)
        .into_par_iter()
        .with_min_len(TRACK_CHUNK)
        .map(|track| {
            let mut rng = season
                .streams
                .rng(Stage::ProgramRanking, Entity::Track(track as u32));
            let mut scored: Vec<u64> = interviewed[start[track]..start[track + 1]]
                .iter()
                .map(|&(applicant, evaluation)| {
                    let score = f64::from(evaluation) + noise_sd * standard_normal(&mut rng);
                    evaluation_key(score as f32, applicant)
                })
                .collect();
            scored.sort_unstable();
            let scores = match keep {
                RankScores::Keep => scored
                    .iter()
                    .map(|&key| (key_evaluation(key), key_applicant(key)))
                    .collect(),
                RankScores::Drop => Vec::new(),
            };
            let spec = TrackSpec {
                quota: season.setup.tracks[track].positions,
                rank: scored
                    .iter()
                    .map(|&key| ApplicantIdx(key_applicant(key)))
                    .collect(),
                reversion: None,
            };
            (spec, scores)
        })
        .collect();
    let (tracks, scores): (Vec<TrackSpec>, Vec<Vec<(f32, u32)>>) = ranked.into_iter().unzip();
    ProgramLists {
        tracks,
        rank_scores: (keep == RankScores::Keep).then_some(scores),
    }
}

/// The interviews grouped by track as (applicant, evaluation), in applicant order, and where
/// each track's start.
fn interviewed_by_track(
    interviews: &Interviews,
    track_count: usize,
) -> (Vec<(u32, f32)>, Vec<usize>) {
    let mut start = vec![0usize; track_count + 1];
    for track in 0..track_count {
        start[track + 1] = start[track] + interviews.per_track[track] as usize;
    }
    let mut interviewed = vec![(0u32, 0.0f32); interviews.offers.len()];
    let mut fill = start.clone();
    for index in 0..interviews.start.len() - 1 {
        for offer in interviews.of(index) {
            let at = &mut fill[offer.track() as usize];
            interviewed[*at] = (index as u32, offer.evaluation);
            *at += 1;
        }
    }
    (interviewed, start)
}
