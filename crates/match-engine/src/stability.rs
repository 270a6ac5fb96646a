//! The stability checker: every reason a matching is not stable, independently of how the
//! matching was produced.
//!
//! A matching is stable when it respects every quota, gives no one a position that either side
//! left off its list, and has no blocking pair:
//!
//! - a single applicant and a track the applicant ranks above what they hold, where the track
//!   ranks the applicant and has an unfilled position or holds someone it ranks lower;
//! - the same within the supplemental list of the primary entry an applicant holds;
//! - a couple and a pair it ranks above the pair it holds, where every track of the pair would
//!   take its member once the couple's own positions are set aside (a pair naming one track
//!   twice needs both members to fit among that track's quota best).
//!
//! Quotas are the ones the matching carries, which after reversions differ from the market's.

use crate::engine::Matching;
use crate::market::{ApplicantIdx, CoupleIdx, Market, NONE, TrackIdx, TrackPair};

/// One reason a matching is not stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BlockingPair {
    /// A track holds more applicants than its quota.
    OverQuota {
        /// The track.
        track: TrackIdx,
        /// How many applicants it holds.
        held: u32,
        /// Its quota.
        quota: u32,
    },
    /// An applicant holds a position the applicant did not rank, or that does not rank them:
    /// a violation of individual rationality.
    UnacceptableAssignment {
        /// The applicant.
        applicant: ApplicantIdx,
        /// The track they hold.
        track: TrackIdx,
    },
    /// A couple holds a pair of positions that is not on its list.
    UnrankedCouplePair {
        /// The couple.
        couple: CoupleIdx,
        /// The pair they hold.
        pair: TrackPair,
    },
    /// A single applicant and a track that would both rather be matched to each other.
    Applicant {
        /// The applicant.
        applicant: ApplicantIdx,
        /// The track.
        track: TrackIdx,
    },
    /// An applicant and a PGY-1 track of their active supplemental list that would both rather
    /// be matched to each other.
    Supplemental {
        /// The applicant.
        applicant: ApplicantIdx,
        /// The PGY-1 track.
        track: TrackIdx,
    },
    /// A couple and a pair of tracks, ranked above what the couple holds, that would take them.
    Couple {
        /// The couple.
        couple: CoupleIdx,
        /// The pair.
        pair: TrackPair,
    },
}

/// Lists every reason `matching` is not stable in `market`, in a fixed order: quota
/// violations, individual-rationality violations, then blocking pairs, each by index.
pub fn blocking_pairs(market: &Market, matching: &Matching) -> Vec<BlockingPair> {
    let index = &market.index;
    let spec = market.spec();
    let track_count = spec.tracks.len();
    let quota_of = |t: usize| -> u32 {
        matching
            .quotas
            .get(t)
            .copied()
            .unwrap_or(spec.tracks[t].quota)
    };
    let track_of = |a: usize| matching.track_of(ApplicantIdx(a as u32)).map(|t| t.0);
    let supplemental_of = |a: usize| {
        matching
            .supplemental_track_of(ApplicantIdx(a as u32))
            .map(|t| t.0)
    };
    // The position a track gives an applicant it holds; someone it does not rank counts as
    // below everyone it does.
    let rank_at = |t: u32, a: usize| -> u32 {
        market
            .position_on_track_list(TrackIdx(t), ApplicantIdx(a as u32))
            .unwrap_or(NONE)
    };

    let mut found = Vec::new();
    let mut holders: Vec<Vec<u32>> = vec![Vec::new(); track_count];
    for a in 0..spec.applicants.len() {
        for track in [track_of(a), supplemental_of(a)].into_iter().flatten() {
            if let Some(list) = holders.get_mut(track as usize) {
                list.push(rank_at(track, a));
            }
        }
    }
    for (t, list) in holders.iter_mut().enumerate() {
        list.sort_unstable();
        let quota = quota_of(t);
        if list.len() as u64 > u64::from(quota) {
            found.push(BlockingPair::OverQuota {
                track: TrackIdx(t as u32),
                held: list.len() as u32,
                quota,
            });
        }
    }

    // Whether track `t` would take the applicants at `incoming` ranks once those at `leaving`
    // ranks are set aside: every newcomer must end among the quota best.
    let would_take = |t: u32, incoming: &[u32], leaving: &[u32]| -> bool {
        if incoming.contains(&NONE) {
            return false;
        }
        let Some(worst_incoming) = incoming.iter().copied().max() else {
            return true;
        };
        let held = &holders[t as usize];
        let preferred = held.partition_point(|&r| r < worst_incoming)
            - leaving.iter().filter(|&&r| r < worst_incoming).count();
        (preferred + incoming.len()) as u64 <= u64::from(quota_of(t as usize))
    };

    let mut blocking = Vec::new();
    for a in 0..spec.applicants.len() {
        if index.couple_of[a] != NONE {
            if let Some(track) = supplemental_of(a) {
                found.push(BlockingPair::UnacceptableAssignment {
                    applicant: ApplicantIdx(a as u32),
                    track: TrackIdx(track),
                });
            }
            continue;
        }
        let entries = &index.primary[index.primary_range(a as u32)];
        let held = track_of(a);
        let position = match held {
            None => entries.len(),
            Some(track) => match entries.iter().position(|e| e.track == track) {
                Some(p) if entries[p].rank_at_track != NONE => p,
                _ => {
                    found.push(BlockingPair::UnacceptableAssignment {
                        applicant: ApplicantIdx(a as u32),
                        track: TrackIdx(track),
                    });
                    entries.len()
                }
            },
        };
        for entry in &entries[..position] {
            if would_take(entry.track, &[entry.rank_at_track], &[]) {
                blocking.push(BlockingPair::Applicant {
                    applicant: ApplicantIdx(a as u32),
                    track: TrackIdx(entry.track),
                });
            }
        }

        let list = if position < entries.len() {
            index.primary_supplemental[index.primary_range(a as u32).start + position]
        } else {
            NONE
        };
        let list_entries = if list == NONE {
            &[][..]
        } else {
            &index.supplemental[index.supplemental_range(list)]
        };
        let supplemental_position = match supplemental_of(a) {
            None => list_entries.len(),
            Some(track) => match list_entries.iter().position(|e| e.track == track) {
                Some(p) if list_entries[p].rank_at_track != NONE => p,
                _ => {
                    found.push(BlockingPair::UnacceptableAssignment {
                        applicant: ApplicantIdx(a as u32),
                        track: TrackIdx(track),
                    });
                    list_entries.len()
                }
            },
        };
        for entry in &list_entries[..supplemental_position] {
            if would_take(entry.track, &[entry.rank_at_track], &[]) {
                blocking.push(BlockingPair::Supplemental {
                    applicant: ApplicantIdx(a as u32),
                    track: TrackIdx(entry.track),
                });
            }
        }
    }

    for (c, members) in index.couple_members.iter().enumerate() {
        let couple = CoupleIdx(c as u32);
        let held = [track_of(members[0] as usize), track_of(members[1] as usize)];
        let held_pair: TrackPair = held.map(|t| t.map(TrackIdx));
        let pairs = &index.pairs[index.pair_range(c as u32)];
        let as_raw = held.map(|t| t.unwrap_or(NONE));
        let position = match pairs.iter().position(|p| p.track == as_raw) {
            Some(p) => p,
            None if held == [None, None] => pairs.len(),
            None => {
                found.push(BlockingPair::UnrankedCouplePair {
                    couple,
                    pair: held_pair,
                });
                pairs.len()
            }
        };
        for side in 0..2 {
            if let Some(track) = held[side]
                && rank_at(track, members[side] as usize) == NONE
            {
                found.push(BlockingPair::UnacceptableAssignment {
                    applicant: ApplicantIdx(members[side]),
                    track: TrackIdx(track),
                });
            }
        }
        for pair in &pairs[..position] {
            let mut acceptable = true;
            for side in 0..2 {
                let track = pair.track[side];
                if track == NONE {
                    continue;
                }
                // Both members going to one track are judged together, once.
                if side == 1 && pair.track[0] == track {
                    continue;
                }
                let incoming: Vec<u32> = (0..2)
                    .filter(|&s| pair.track[s] == track)
                    .map(|s| pair.rank_at_track[s])
                    .collect();
                let leaving: Vec<u32> = (0..2)
                    .filter(|&s| held[s] == Some(track))
                    .map(|s| rank_at(track, members[s] as usize))
                    .collect();
                if !would_take(track, &incoming, &leaving) {
                    acceptable = false;
                    break;
                }
            }
            if acceptable {
                blocking.push(BlockingPair::Couple {
                    couple,
                    pair: pair.track.map(|t| (t != NONE).then_some(TrackIdx(t))),
                });
            }
        }
    }
    found.extend(blocking);
    found
}
