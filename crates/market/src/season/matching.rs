//! The match stage: the NRMP algorithm on the season's lists, with couples; and the rank score
//! of the last applicant each full track matched (the season's match cutoffs).

use match_engine::{
    ApplicantIdx, ApplicantSpec, Market, MarketSpec, MatchOptions, MatchOutcome, Matching,
    RankEntry, SupplementalListIdx, TrackIdx, TrackSpec, run_match, run_match_with,
};
use rayon::prelude::*;

use crate::season::Season;
use crate::season::couples::Couples;
use crate::season::rank_lists::ApplicantLists;

/// Proposals per applicant after which a match with couples that has not settled is
/// abandoned. Seasons of the demo market that settle need about 2.4 per applicant (111,000 to
/// 116,000 proposals for 47,000 applicants in 48 seasons); one that needs twice that is
/// cycling among couples, and would reach no other end however long it ran. A run cut short
/// whose matching is stable all the same counts as settled (the engine checks).
const COUPLES_PROPOSALS_PER_APPLICANT: u64 = 5;

/// Applicants per parallel task when the match's applicant lists are built.
const APPLICANT_CHUNK: usize = 4096;

/// The season's matching, and whether couples kept it from settling (it was then matched
/// again with couple members ranking alone).
pub(crate) struct SeasonMatch {
    pub outcome: MatchOutcome,
    pub couples_unsettled: bool,
}

impl SeasonMatch {
    pub(crate) fn matching(&self) -> &Matching {
        self.outcome.matching()
    }
}

/// Whether couple members rank as couples or alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Members {
    InCouples,
    Alone,
}

/// Runs the match. Couples can make deferred acceptance cycle without settling; such a season
/// is matched again with couple members ranking alone, and counted.
pub(crate) fn run(
    season: &Season<'_>,
    tracks: Vec<TrackSpec>,
    lists: &ApplicantLists,
    couples: Couples,
) -> SeasonMatch {
    let Couples { couples, in_couple } = couples;
    let couples_present = !couples.is_empty();
    let spec = MarketSpec {
        tracks,
        applicants: applicant_specs(season, lists, &in_couple, Members::InCouples),
        couples,
    };
    let market =
        Market::new(spec).expect("the season builds markets that satisfy the match's rules");
    // Without couples the match cannot cycle, and the engine's own limit stands.
    let options = MatchOptions {
        proposal_limit: couples_present
            .then(|| COUPLES_PROPOSALS_PER_APPLICANT * in_couple.len() as u64),
    };
    let outcome = run_match_with(&market, &options);
    if outcome.is_stable() || !couples_present {
        return SeasonMatch {
            outcome,
            couples_unsettled: false,
        };
    }
    drop(outcome);
    let tracks = market.into_spec().tracks;
    let spec = MarketSpec {
        tracks,
        applicants: applicant_specs(season, lists, &in_couple, Members::Alone),
        couples: Vec::new(),
    };
    SeasonMatch {
        outcome: run_match(
            &Market::new(spec).expect("the season builds markets that satisfy the match's rules"),
        ),
        couples_unsettled: true,
    }
}

/// Each applicant's list as the match takes it. An applicant who ranks tracks starting at
/// PGY-2 ranks their preliminary interviews on a supplemental list attached to those tracks,
/// as in the NRMP. Couple members rank nothing alone when they rank as couples.
fn applicant_specs(
    season: &Season<'_>,
    lists: &ApplicantLists,
    in_couple: &[bool],
    members: Members,
) -> Vec<ApplicantSpec> {
    let setup = season.setup;
    (0..in_couple.len())
        .into_par_iter()
        .with_min_len(APPLICANT_CHUNK)
        .map(|index| {
            let list = lists.of(index);
            if members == Members::InCouples && in_couple[index] {
                return ApplicantSpec::default();
            }
            let track = |t: u32| &setup.tracks[t as usize];
            if !list.iter().any(|&t| track(t).pgy2) {
                return ApplicantSpec {
                    rank: list
                        .iter()
                        .map(|&t| RankEntry::track(TrackIdx(t)))
                        .collect(),
                    supplemental_lists: Vec::new(),
                };
            }
            let preliminary: Vec<TrackIdx> = list
                .iter()
                .filter(|&&t| track(t).preliminary)
                .map(|&t| TrackIdx(t))
                .collect();
            let supplemental = (!preliminary.is_empty()).then_some(SupplementalListIdx(0));
            ApplicantSpec {
                rank: list
                    .iter()
                    .filter(|&&t| !track(t).preliminary)
                    .map(|&t| RankEntry {
                        track: TrackIdx(t),
                        supplemental: if track(t).pgy2 { supplemental } else { None },
                    })
                    .collect(),
                supplemental_lists: if preliminary.is_empty() {
                    Vec::new()
                } else {
                    vec![preliminary]
                },
            }
        })
        .collect()
}

/// Per track, the rank score of the last applicant it matched going down its rank order list
/// when it filled, or minus infinity when it had a free position (it took anyone who ranked
/// it).
pub(crate) fn match_cutoffs(
    season: &Season<'_>,
    matching: &Matching,
    rank_scores: &[Vec<(f32, u32)>],
) -> Vec<f32> {
    let matched_to = |applicant: ApplicantIdx, track: usize| {
        matching.track_of(applicant).map(|t| t.index()) == Some(track)
            || matching.supplemental_track_of(applicant).map(|t| t.index()) == Some(track)
    };
    rank_scores
        .iter()
        .enumerate()
        .map(|(track, ranked)| {
            let mut filled = 0;
            let mut lowest = f32::NEG_INFINITY;
            for &(score, applicant) in ranked {
                if matched_to(ApplicantIdx(applicant), track) {
                    filled += 1;
                    lowest = score;
                }
            }
            if filled < season.setup.tracks[track].positions {
                f32::NEG_INFINITY
            } else {
                lowest
            }
        })
        .collect()
}
