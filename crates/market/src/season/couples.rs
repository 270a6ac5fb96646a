//! The couples stage: a share of the simulated applicants (never a probe) enter the match as
//! couples, ranking pairs of tracks jointly from their two lists.

use match_engine::{ApplicantIdx, CoupleSpec, TrackIdx};
use rand::RngExt;

use crate::season::Season;
use crate::season::rank_lists::ApplicantLists;
use crate::season::streams::{Entity, Stage};

/// Tracks of each member's list that the couple also ranks alone (one matched, the other
/// not), after every pair: a couple would rather one of them match than neither.
const SINGLE_FALLBACKS: usize = 5;

/// The couples of the season, and per applicant whether they are in one.
pub(crate) struct Couples {
    pub couples: Vec<CoupleSpec>,
    pub in_couple: Vec<bool>,
}

/// Draws the couples and their joint lists.
pub(crate) fn pair(season: &Season<'_>, lists: &ApplicantLists) -> Couples {
    let params = season.params;
    let population = season.simulated_count();
    let couple_count = ((params.couples_share * population as f64) / 2.0) as usize;
    let mut rng = season.streams.rng(Stage::Couples, Entity::Season);
    let mut in_couple = vec![false; season.applicant_count()];
    let mut members = Vec::with_capacity(couple_count * 2);
    while members.len() < couple_count * 2 && population >= 2 {
        let candidate = rng.random_range(0..population);
        if !in_couple[candidate] {
            in_couple[candidate] = true;
            members.push(candidate);
        }
    }
    let couples = members
        .chunks_exact(2)
        .map(|pair| joint_list(pair[0], pair[1], lists, params.couple_pairs_max as usize))
        .collect();
    Couples { couples, in_couple }
}

/// A couple's joint list: pairs of different tracks by the sum of their positions on the two
/// lists (the first member's position breaking ties), at most `limit`, then the fallbacks.
fn joint_list(a: usize, b: usize, lists: &ApplicantLists, limit: usize) -> CoupleSpec {
    let (list_a, list_b) = (lists.of(a), lists.of(b));
    let mut joint: Vec<(usize, usize)> = Vec::new();
    for (i, track_a) in list_a.iter().enumerate() {
        for (j, track_b) in list_b.iter().enumerate() {
            if track_a != track_b {
                joint.push((i, j));
            }
        }
    }
    joint.sort_by_key(|&(i, j)| (i + j, i));
    let mut rank: Vec<[Option<TrackIdx>; 2]> = joint
        .iter()
        .take(limit)
        .map(|&(i, j)| [Some(TrackIdx(list_a[i])), Some(TrackIdx(list_b[j]))])
        .collect();
    for &track in list_a.iter().take(SINGLE_FALLBACKS) {
        rank.push([Some(TrackIdx(track)), None]);
    }
    for &track in list_b.iter().take(SINGLE_FALLBACKS) {
        rank.push([None, Some(TrackIdx(track))]);
    }
    CoupleSpec {
        members: [ApplicantIdx(a as u32), ApplicantIdx(b as u32)],
        rank,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_joint_list_pairs_different_tracks_by_summed_position_then_falls_back_to_one() {
        let lists = ApplicantLists::from_lists(&[&[1, 2], &[2, 3]]);
        let spec = joint_list(0, 1, &lists, 10);
        let pairs: Vec<[Option<u32>; 2]> = spec
            .rank
            .iter()
            .map(|pair| pair.map(|t| t.map(|t| t.0)))
            .collect();
        // (1,2) at positions 0+0; (1,3) at 0+1 before (2,3) at 1+1, and never (2,2).
        assert_eq!(
            pairs,
            [
                [Some(1), Some(2)],
                [Some(1), Some(3)],
                [Some(2), Some(3)],
                [Some(1), None],
                [Some(2), None],
                [None, Some(2)],
                [None, Some(3)],
            ]
        );
        assert_eq!(joint_list(0, 1, &lists, 1).rank.len(), 1 + 4);
    }
}
