//! The market a match runs on: tracks with quotas and rank order lists, applicants, couples.
//!
//! Callers describe a market with the plain [`MarketSpec`] and turn it into a [`Market`] with
//! [`Market::new`], which checks every rule the algorithm relies on and precomputes the lookups
//! that keep a proposal to constant work (for each rank order list entry, the position the track
//! gives the applicant; for each track list entry, where the track sits on the applicant's list).

use std::collections::HashSet;
use std::fmt;

use thiserror::Error;

/// Marks "no value" in the dense `u32` tables of the precomputed index.
pub(crate) const NONE: u32 = u32::MAX;

macro_rules! dense_index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            /// The position as a `usize`, for indexing slices.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

dense_index!(
    /// An applicant: a position in [`MarketSpec::applicants`].
    ApplicantIdx
);
dense_index!(
    /// A program track: a position in [`MarketSpec::tracks`].
    TrackIdx
);
dense_index!(
    /// A couple: a position in [`MarketSpec::couples`].
    CoupleIdx
);
dense_index!(
    /// One of an applicant's own supplemental rank order lists: a position in
    /// [`ApplicantSpec::supplemental_lists`].
    SupplementalListIdx
);

/// Where unfilled positions of a track go once the match has run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reversion {
    /// The track of the same program that receives the unfilled positions.
    pub to: TrackIdx,
}

/// A program track: its quota and its rank order list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrackSpec {
    /// How many positions the track offers.
    pub quota: u32,
    /// Applicants in the track's order of preference; an applicant absent from the list is
    /// unacceptable to the track.
    pub rank: Vec<ApplicantIdx>,
    /// Where the track's unfilled positions revert, if anywhere.
    pub reversion: Option<Reversion>,
}

/// One line of an applicant's primary rank order list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RankEntry {
    /// The track ranked.
    pub track: TrackIdx,
    /// The supplemental list of PGY-1 tracks to use when the applicant matches this track
    /// (meant for advanced tracks).
    pub supplemental: Option<SupplementalListIdx>,
}

impl RankEntry {
    /// An entry without a supplemental list.
    pub fn track(track: TrackIdx) -> RankEntry {
        RankEntry {
            track,
            supplemental: None,
        }
    }
}

/// An applicant's rank order lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplicantSpec {
    /// The primary rank order list, most preferred first. Empty for couple members, whose
    /// preferences live in their [`CoupleSpec`].
    pub rank: Vec<RankEntry>,
    /// Supplemental lists of PGY-1 tracks, most preferred first, referred to by the entries of
    /// the primary list.
    pub supplemental_lists: Vec<Vec<TrackIdx>>,
}

/// Two tracks ranked together by a couple, one for each member in the order of
/// [`CoupleSpec::members`]; `None` means that member goes unmatched.
pub type TrackPair = [Option<TrackIdx>; 2];

/// Two applicants who rank pairs of tracks jointly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoupleSpec {
    /// The two partners.
    pub members: [ApplicantIdx; 2],
    /// Pairs of tracks, most preferred first.
    pub rank: Vec<TrackPair>,
}

/// A market as the caller describes it, before any check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MarketSpec {
    /// Every program track.
    pub tracks: Vec<TrackSpec>,
    /// Every applicant, couple members included.
    pub applicants: Vec<ApplicantSpec>,
    /// Every couple.
    pub couples: Vec<CoupleSpec>,
}

/// Who refers to an index that does not exist, for [`MarketError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Referrer {
    /// An applicant's rank order lists.
    Applicant(ApplicantIdx),
    /// A couple's members or pairs.
    Couple(CoupleIdx),
    /// A track's rank order list or reversion.
    Track(TrackIdx),
}

impl fmt::Display for Referrer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Referrer::Applicant(a) => write!(f, "applicant {}", a.0),
            Referrer::Couple(c) => write!(f, "couple {}", c.0),
            Referrer::Track(t) => write!(f, "track {}", t.0),
        }
    }
}

/// A market description that breaks a rule the match relies on.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MarketError {
    /// A track index past the end of [`MarketSpec::tracks`].
    #[error("{referrer} refers to track {} but the market has no such track", track.0)]
    UnknownTrack {
        /// Who refers to it.
        referrer: Referrer,
        /// The missing track.
        track: TrackIdx,
    },
    /// An applicant index past the end of [`MarketSpec::applicants`].
    #[error("{referrer} refers to applicant {} but the market has no such applicant", applicant.0)]
    UnknownApplicant {
        /// Who refers to it.
        referrer: Referrer,
        /// The missing applicant.
        applicant: ApplicantIdx,
    },
    /// A primary entry names a supplemental list the applicant does not have.
    #[error("applicant {} refers to supplemental list {} but has no such list", applicant.0, list.0)]
    UnknownSupplementalList {
        /// The applicant.
        applicant: ApplicantIdx,
        /// The missing list.
        list: SupplementalListIdx,
    },
    /// A track lists the same applicant twice.
    #[error("track {} ranks applicant {} twice", track.0, applicant.0)]
    TrackRanksApplicantTwice {
        /// The track.
        track: TrackIdx,
        /// The repeated applicant.
        applicant: ApplicantIdx,
    },
    /// An applicant lists the same track twice on the primary list.
    #[error("applicant {} ranks track {} twice", applicant.0, track.0)]
    ApplicantRanksTrackTwice {
        /// The applicant.
        applicant: ApplicantIdx,
        /// The repeated track.
        track: TrackIdx,
    },
    /// A supplemental list names the same track twice.
    #[error("supplemental list {} of applicant {} ranks track {} twice", list.0, applicant.0, track.0)]
    SupplementalListRanksTrackTwice {
        /// The applicant.
        applicant: ApplicantIdx,
        /// The list.
        list: SupplementalListIdx,
        /// The repeated track.
        track: TrackIdx,
    },
    /// A track appears both on an applicant's primary list and on one of their supplemental
    /// lists, which would let one applicant hold two positions in one track.
    #[error("applicant {} ranks track {} both on the primary list and on a supplemental list", applicant.0, track.0)]
    TrackOnPrimaryAndSupplementalList {
        /// The applicant.
        applicant: ApplicantIdx,
        /// The track on both lists.
        track: TrackIdx,
    },
    /// Both members of a couple are the same applicant.
    #[error("couple {} has the same applicant as both members", couple.0)]
    CoupleMemberRepeated {
        /// The couple.
        couple: CoupleIdx,
    },
    /// An applicant belongs to two couples.
    #[error("applicant {} belongs to two couples", applicant.0)]
    ApplicantInTwoCouples {
        /// The applicant.
        applicant: ApplicantIdx,
    },
    /// A couple member also has individual rank order lists, which the match would ignore.
    #[error("applicant {} is in a couple but also has individual rank order lists", applicant.0)]
    CoupleMemberWithOwnLists {
        /// The applicant.
        applicant: ApplicantIdx,
    },
    /// A couple ranks the same pair of tracks twice.
    #[error("couple {} ranks the same pair of tracks twice", couple.0)]
    CoupleRanksPairTwice {
        /// The couple.
        couple: CoupleIdx,
        /// The repeated pair.
        pair: TrackPair,
    },
    /// A couple ranks a pair that leaves both members unmatched, which is where every list
    /// already ends.
    #[error("couple {} ranks a pair that leaves both members unmatched", couple.0)]
    CouplePairWithoutTrack {
        /// The couple.
        couple: CoupleIdx,
    },
    /// A track reverts its unfilled positions to itself.
    #[error("track {} reverts its unfilled positions to itself", track.0)]
    ReversionToItself {
        /// The track.
        track: TrackIdx,
    },
    /// More tracks, applicants, couples or rank order list entries than the `u32` indices of
    /// the match can address.
    #[error("the market has too many {what} for 32-bit indices")]
    TooLarge {
        /// What overflows, e.g. "rank order list entries".
        what: &'static str,
    },
    /// Reversions that lead back to where they started, so positions could circle forever.
    #[error("the reversions starting at track {} form a cycle", track.0)]
    ReversionCycle {
        /// A track on the cycle.
        track: TrackIdx,
    },
}

/// A checked market, ready to be matched.
#[derive(Clone, Debug)]
pub struct Market {
    spec: MarketSpec,
    pub(crate) index: MarketIndex,
}

impl Market {
    /// Checks the description and builds the lookups the match and the stability checker use.
    pub fn new(spec: MarketSpec) -> Result<Market, MarketError> {
        validate(&spec)?;
        let index = MarketIndex::build(&spec);
        Ok(Market { spec, index })
    }

    /// The description the market was built from.
    pub fn spec(&self) -> &MarketSpec {
        &self.spec
    }

    /// The description the market was built from, given back.
    pub fn into_spec(self) -> MarketSpec {
        self.spec
    }

    /// How many tracks the market has.
    pub fn track_count(&self) -> usize {
        self.spec.tracks.len()
    }

    /// How many applicants the market has, couple members included.
    pub fn applicant_count(&self) -> usize {
        self.spec.applicants.len()
    }

    /// How many couples the market has.
    pub fn couple_count(&self) -> usize {
        self.spec.couples.len()
    }

    /// The couple an applicant belongs to, if any.
    pub fn couple_of(&self, applicant: ApplicantIdx) -> Option<CoupleIdx> {
        match self.index.couple_of.get(applicant.index()) {
            Some(&c) if c != NONE => Some(CoupleIdx(c)),
            _ => None,
        }
    }

    /// The position of `applicant` on the rank order list of `track` (0 is the most preferred),
    /// or `None` when the track does not rank them.
    pub fn position_on_track_list(&self, track: TrackIdx, applicant: ApplicantIdx) -> Option<u32> {
        let list = &self.spec.tracks.get(track.index())?.rank;
        list.iter().position(|&a| a == applicant).map(|p| p as u32)
    }
}

/// A primary or supplemental list entry with the position the track gives the applicant,
/// kept to eight bytes because reading an applicant's list is most of the work of a match.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub track: u32,
    /// Position of the applicant on the track's list, or [`NONE`] when unranked.
    pub rank_at_track: u32,
}

/// A couple's pair with the positions each track gives its member.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PairEntry {
    pub track: [u32; 2],
    pub rank_at_track: [u32; 2],
}

/// Flat tables derived once from a [`MarketSpec`]; every range is a start offset table of
/// length n + 1 over a shared vector (primary lists have a start and an end table instead),
/// so that the match walks contiguous memory.
#[derive(Clone, Debug)]
pub(crate) struct MarketIndex {
    /// Where each applicant's primary list starts in `primary`.
    pub primary_start: Vec<u32>,
    /// Where each applicant's primary list ends in `primary`. Without supplemental lists, the
    /// lists lie in the order of `singles_order`, not in applicant order.
    pub primary_end: Vec<u32>,
    pub primary: Vec<Entry>,
    /// For each primary entry, the global id of its supplemental list, or [`NONE`].
    pub primary_supplemental: Vec<u32>,
    /// For each applicant, whether any primary entry carries a supplemental list.
    pub has_supplemental: Vec<bool>,
    pub supplemental_start: Vec<u32>,
    pub supplemental: Vec<Entry>,
    pub pair_start: Vec<u32>,
    pub pairs: Vec<PairEntry>,
    pub couple_members: Vec<[u32; 2]>,
    pub couple_of: Vec<u32>,
    pub side_of: Vec<u8>,
    pub track_start: Vec<u32>,
    pub track_ranked: Vec<u32>,
    /// For each track list entry: where the track first appears on the applicant's primary
    /// list, or for a couple member the first pair that sends them there; [`NONE`] if nowhere.
    pub track_first_position: Vec<u32>,
    /// For each track list entry: whether the track is on one of the applicant's
    /// supplemental lists.
    pub track_in_supplemental: Vec<bool>,
    pub quota: Vec<u32>,
    pub reversion: Vec<u32>,
    /// Where each track's slice of the arena of held applicants starts (length n + 1): each
    /// slice has room for the most applicants the track can ever hold, its quota plus
    /// everything that can revert to it, and never more than it ranks.
    pub held_start: Vec<u32>,
    /// Whether any primary entry carries a supplemental list.
    pub any_supplemental: bool,
    /// Applicants with a non-empty primary list, strongest first (see [`strength_order`]);
    /// their lists lie in this order in `primary`, so a pass in this order reads it front to
    /// back.
    pub singles_order: Vec<u32>,
    /// Where the list of each applicant of `singles_order` ends in `primary`; each starts where
    /// the one before ends, the first at 0.
    pub singles_end: Vec<u32>,
    /// Whether any track has a reversion.
    pub any_reversion: bool,
}

impl MarketIndex {
    pub fn primary_range(&self, applicant: u32) -> std::ops::Range<usize> {
        let a = applicant as usize;
        self.primary_start[a] as usize..self.primary_end[a] as usize
    }

    pub fn supplemental_range(&self, list: u32) -> std::ops::Range<usize> {
        let l = list as usize;
        self.supplemental_start[l] as usize..self.supplemental_start[l + 1] as usize
    }

    pub fn pair_range(&self, couple: u32) -> std::ops::Range<usize> {
        let c = couple as usize;
        self.pair_start[c] as usize..self.pair_start[c + 1] as usize
    }

    pub fn track_range(&self, track: u32) -> std::ops::Range<usize> {
        let t = track as usize;
        self.track_start[t] as usize..self.track_start[t + 1] as usize
    }

    fn build(spec: &MarketSpec) -> MarketIndex {
        let track_count = spec.tracks.len();
        let applicant_count = spec.applicants.len();

        let mut track_start = Vec::with_capacity(track_count + 1);
        let mut track_ranked = Vec::new();
        track_start.push(0);
        for track in &spec.tracks {
            track_ranked.extend(track.rank.iter().map(|a| a.0));
            track_start.push(track_ranked.len() as u32);
        }

        // Inverse lists: for each applicant, the global track-list slots that name them.
        let mut inverse_start = vec![0u32; applicant_count + 1];
        for &a in &track_ranked {
            inverse_start[a as usize + 1] += 1;
        }
        for a in 0..applicant_count {
            inverse_start[a + 1] += inverse_start[a];
        }
        let mut fill = inverse_start.clone();
        let mut inverse = vec![(0u32, 0u32); track_ranked.len()];
        for t in 0..track_count {
            let start = track_start[t] as usize;
            let end = track_start[t + 1] as usize;
            for (slot, &a) in track_ranked[start..end].iter().enumerate() {
                let at = &mut fill[a as usize];
                inverse[*at as usize] = (t as u32, (start + slot) as u32);
                *at += 1;
            }
        }

        let mut couple_of = vec![NONE; applicant_count];
        let mut side_of = vec![0u8; applicant_count];
        let mut couple_members = Vec::with_capacity(spec.couples.len());
        for (c, couple) in spec.couples.iter().enumerate() {
            for (side, member) in couple.members.iter().enumerate() {
                couple_of[member.index()] = c as u32;
                side_of[member.index()] = side as u8;
            }
            couple_members.push([couple.members[0].0, couple.members[1].0]);
        }

        // `slot_of[t]` holds the global track-list slot naming the applicant being indexed;
        // `stamp[t]` says which applicant that was, so the table never needs clearing.
        let mut slot_of = vec![0u32; track_count];
        let mut stamp = vec![NONE; track_count];
        let mark = |applicant: usize, slot_of: &mut Vec<u32>, stamp: &mut Vec<u32>| {
            let range = inverse_start[applicant] as usize..inverse_start[applicant + 1] as usize;
            for &(t, slot) in &inverse[range] {
                slot_of[t as usize] = slot;
                stamp[t as usize] = applicant as u32;
            }
        };
        let lookup = |applicant: usize, track: u32, slot_of: &[u32], stamp: &[u32]| {
            if stamp[track as usize] == applicant as u32 {
                Some(slot_of[track as usize])
            } else {
                None
            }
        };

        let mut track_first_position = vec![NONE; track_ranked.len()];
        let mut track_in_supplemental = vec![false; track_ranked.len()];
        let mut primary_start = vec![0u32; applicant_count];
        let mut primary_end = vec![0u32; applicant_count];
        let mut primary = Vec::new();
        let mut primary_supplemental = Vec::new();
        let mut supplemental_start = vec![0u32];
        let mut supplemental = Vec::new();
        for (a, applicant) in spec.applicants.iter().enumerate() {
            mark(a, &mut slot_of, &mut stamp);
            primary_start[a] = primary.len() as u32;
            let first_list = (supplemental_start.len() - 1) as u32;
            for (position, entry) in applicant.rank.iter().enumerate() {
                let slot = lookup(a, entry.track.0, &slot_of, &stamp);
                let rank_at_track = match slot {
                    Some(slot) => {
                        track_first_position[slot as usize] = position as u32;
                        slot - track_start[entry.track.index()]
                    }
                    None => NONE,
                };
                primary.push(Entry {
                    track: entry.track.0,
                    rank_at_track,
                });
                primary_supplemental.push(entry.supplemental.map_or(NONE, |l| first_list + l.0));
            }
            primary_end[a] = primary.len() as u32;
            for list in &applicant.supplemental_lists {
                for &track in list {
                    let slot = lookup(a, track.0, &slot_of, &stamp);
                    let rank_at_track = match slot {
                        Some(slot) => {
                            track_in_supplemental[slot as usize] = true;
                            slot - track_start[track.index()]
                        }
                        None => NONE,
                    };
                    supplemental.push(Entry {
                        track: track.0,
                        rank_at_track,
                    });
                }
                supplemental_start.push(supplemental.len() as u32);
            }
        }

        let mut pair_start = Vec::with_capacity(spec.couples.len() + 1);
        let mut pairs: Vec<PairEntry> = Vec::new();
        pair_start.push(0);
        for couple in &spec.couples {
            let first = pairs.len();
            pairs.extend(couple.rank.iter().map(|pair| PairEntry {
                track: pair.map(|t| t.map_or(NONE, |t| t.0)),
                rank_at_track: [NONE; 2],
            }));
            for (side, member) in couple.members.iter().enumerate() {
                let a = member.index();
                mark(a, &mut slot_of, &mut stamp);
                for (position, pair) in pairs[first..].iter_mut().enumerate() {
                    let track = pair.track[side];
                    if track == NONE {
                        continue;
                    }
                    if let Some(slot) = lookup(a, track, &slot_of, &stamp) {
                        pair.rank_at_track[side] = slot - track_start[track as usize];
                        if track_first_position[slot as usize] == NONE {
                            track_first_position[slot as usize] = position as u32;
                        }
                    }
                }
            }
            pair_start.push(pairs.len() as u32);
        }

        let quota: Vec<u32> = spec.tracks.iter().map(|t| t.quota).collect();
        let reversion: Vec<u32> = spec
            .tracks
            .iter()
            .map(|t| t.reversion.map_or(NONE, |r| r.to.0))
            .collect();
        let mut reachable_quota: Vec<u64> = quota.iter().map(|&q| u64::from(q)).collect();
        for t in 0..track_count {
            let mut next = reversion[t];
            while next != NONE {
                reachable_quota[next as usize] += u64::from(quota[t]);
                next = reversion[next as usize];
            }
        }
        let capacity: Vec<u32> = (0..track_count)
            .map(|t| {
                let ranked = u64::from(track_start[t + 1] - track_start[t]);
                reachable_quota[t].min(ranked) as u32
            })
            .collect();
        let mut held_start = Vec::with_capacity(track_count + 1);
        held_start.push(0u32);
        for &c in &capacity {
            held_start.push(held_start[held_start.len() - 1] + c);
        }
        let has_supplemental: Vec<bool> = spec
            .applicants
            .iter()
            .map(|a| a.rank.iter().any(|e| e.supplemental.is_some()))
            .collect();

        // Without supplemental lists the singles pass does the opening, and it reads the lists
        // of `singles_order` in that order: they are laid out so, one after the other.
        let any_supplemental = has_supplemental.contains(&true);
        let singles_order = if any_supplemental {
            Vec::new()
        } else {
            let order = strength_order(spec, &inverse_start, &inverse, &track_start);
            let mut ordered = Vec::with_capacity(primary.len());
            for &a in &order {
                let a = a as usize;
                let list = &primary[primary_start[a] as usize..primary_end[a] as usize];
                primary_start[a] = ordered.len() as u32;
                ordered.extend_from_slice(list);
                primary_end[a] = ordered.len() as u32;
            }
            // Everyone else has an empty list; with supplemental lists absent,
            // `primary_supplemental` is all `NONE` and needs no reordering.
            for (start, end) in primary_start.iter_mut().zip(&mut primary_end) {
                if start == end {
                    *start = ordered.len() as u32;
                    *end = ordered.len() as u32;
                }
            }
            primary = ordered;
            order
        };
        let singles_end = singles_order
            .iter()
            .map(|&a| primary_end[a as usize])
            .collect();
        MarketIndex {
            singles_end,
            primary_start,
            primary_end,
            singles_order,
            primary,
            primary_supplemental,
            any_supplemental,
            has_supplemental,
            any_reversion: reversion.iter().any(|&r| r != NONE),
            supplemental_start,
            supplemental,
            pair_start,
            pairs,
            couple_members,
            couple_of,
            side_of,
            track_start,
            track_ranked,
            track_first_position,
            track_in_supplemental,
            quota,
            reversion,
            held_start,
        }
    }
}

/// Applicants with a non-empty primary list, the strongest first, for the singles pass.
///
/// Any order of proposing gives single applicants the same matching, but not the same amount
/// of work: an applicant who is taken and later displaced costs an acceptance and a
/// displacement for nothing. Applicants whom tracks rank high are rarely displaced, so taking
/// them first leaves little to undo. Strength is estimated from the tracks' lists alone: the
/// mean relative position (position over list length) the tracks that rank an applicant give
/// them, in at most 2^16 steps, ties in index order; applicants no track ranks come last.
fn strength_order(
    spec: &MarketSpec,
    inverse_start: &[u32],
    inverse: &[(u32, u32)],
    track_start: &[u32],
) -> Vec<u32> {
    // For each track, where its list starts and the step one place down it is worth.
    let scale: Vec<(u32, f64)> = track_start
        .windows(2)
        .map(|w| (w[0], 1.0 / f64::from((w[1] - w[0]).max(1))))
        .collect();
    let applicant_count = spec.applicants.len();
    // About one step per applicant is fine enough; more would only cost time for small
    // markets.
    let steps = applicant_count.next_power_of_two().min(1 << 16);
    let mut bucket = vec![steps as u32; applicant_count];
    let mut count = vec![0u32; steps + 2];
    for (a, applicant) in spec.applicants.iter().enumerate() {
        if applicant.rank.is_empty() {
            continue;
        }
        let slots = &inverse[inverse_start[a] as usize..inverse_start[a + 1] as usize];
        if !slots.is_empty() {
            let sum: f64 = slots
                .iter()
                .map(|&(t, slot)| {
                    let (start, step) = scale[t as usize];
                    f64::from(slot - start) * step
                })
                .sum();
            let relative = sum / slots.len() as f64;
            bucket[a] = ((relative * steps as f64) as usize).min(steps - 1) as u32;
        }
        count[bucket[a] as usize + 1] += 1;
    }
    for b in 0..=steps {
        count[b + 1] += count[b];
    }
    let mut order = vec![0u32; count[steps + 1] as usize];
    for (a, applicant) in spec.applicants.iter().enumerate() {
        if applicant.rank.is_empty() {
            continue;
        }
        let at = &mut count[bucket[a] as usize];
        order[*at as usize] = a as u32;
        *at += 1;
    }
    order
}

fn validate(spec: &MarketSpec) -> Result<(), MarketError> {
    // Every count and every flattened list must stay below `NONE`, which marks "no value".
    let limit = NONE as usize;
    let too_large = |count: usize, what: &'static str| {
        if count < limit {
            Ok(())
        } else {
            Err(MarketError::TooLarge { what })
        }
    };
    too_large(spec.tracks.len(), "tracks")?;
    too_large(
        spec.applicants.len() + spec.couples.len(),
        "applicants and couples",
    )?;
    too_large(
        spec.tracks.iter().map(|t| t.rank.len()).sum(),
        "track rank order list entries",
    )?;
    too_large(
        spec.applicants.iter().map(|a| a.rank.len()).sum(),
        "primary rank order list entries",
    )?;
    too_large(
        spec.applicants
            .iter()
            .flat_map(|a| &a.supplemental_lists)
            .map(|l| l.len() + 1)
            .sum(),
        "supplemental rank order list entries",
    )?;
    too_large(
        spec.couples.iter().map(|c| c.rank.len()).sum(),
        "couple rank order list entries",
    )?;

    let track_count = spec.tracks.len();
    let applicant_count = spec.applicants.len();
    let known_track = |referrer: Referrer, track: TrackIdx| {
        if track.index() < track_count {
            Ok(())
        } else {
            Err(MarketError::UnknownTrack { referrer, track })
        }
    };
    let known_applicant = |referrer: Referrer, applicant: ApplicantIdx| {
        if applicant.index() < applicant_count {
            Ok(())
        } else {
            Err(MarketError::UnknownApplicant {
                referrer,
                applicant,
            })
        }
    };

    let mut seen_applicant = vec![NONE; applicant_count];
    for (t, track) in spec.tracks.iter().enumerate() {
        let referrer = Referrer::Track(TrackIdx(t as u32));
        if let Some(reversion) = track.reversion {
            known_track(referrer, reversion.to)?;
            if reversion.to.index() == t {
                return Err(MarketError::ReversionToItself {
                    track: TrackIdx(t as u32),
                });
            }
        }
        for &applicant in &track.rank {
            known_applicant(referrer, applicant)?;
            if seen_applicant[applicant.index()] == t as u32 {
                return Err(MarketError::TrackRanksApplicantTwice {
                    track: TrackIdx(t as u32),
                    applicant,
                });
            }
            seen_applicant[applicant.index()] = t as u32;
        }
    }

    // A reversion chain longer than the number of tracks must revisit a track.
    for start in 0..track_count {
        let mut steps = 0;
        let mut at = spec.tracks[start].reversion;
        while let Some(r) = at {
            steps += 1;
            if steps > track_count {
                return Err(MarketError::ReversionCycle {
                    track: TrackIdx(start as u32),
                });
            }
            at = spec.tracks[r.to.index()].reversion;
        }
    }

    let mut couple_of = vec![NONE; applicant_count];
    let mut seen_pairs = HashSet::new();
    for (c, couple) in spec.couples.iter().enumerate() {
        let couple_idx = CoupleIdx(c as u32);
        let referrer = Referrer::Couple(couple_idx);
        for &member in &couple.members {
            known_applicant(referrer, member)?;
        }
        if couple.members[0] == couple.members[1] {
            return Err(MarketError::CoupleMemberRepeated { couple: couple_idx });
        }
        for &member in &couple.members {
            if couple_of[member.index()] != NONE {
                return Err(MarketError::ApplicantInTwoCouples { applicant: member });
            }
            couple_of[member.index()] = c as u32;
            let own = &spec.applicants[member.index()];
            if !own.rank.is_empty() || !own.supplemental_lists.is_empty() {
                return Err(MarketError::CoupleMemberWithOwnLists { applicant: member });
            }
        }
        seen_pairs.clear();
        for pair in &couple.rank {
            for track in pair.iter().flatten() {
                known_track(referrer, *track)?;
            }
            if pair.iter().all(Option::is_none) {
                return Err(MarketError::CouplePairWithoutTrack { couple: couple_idx });
            }
            if !seen_pairs.insert(*pair) {
                return Err(MarketError::CoupleRanksPairTwice {
                    couple: couple_idx,
                    pair: *pair,
                });
            }
        }
    }

    // `on_primary[t] == a` says applicant a ranks t on the primary list; `on_list[t]` does the
    // same for the supplemental list being checked, identified by a running counter.
    let mut on_primary = vec![NONE; track_count];
    let mut on_list = vec![NONE; track_count];
    let mut list_counter = 0u32;
    for (a, applicant) in spec.applicants.iter().enumerate() {
        let applicant_idx = ApplicantIdx(a as u32);
        let referrer = Referrer::Applicant(applicant_idx);
        for entry in &applicant.rank {
            known_track(referrer, entry.track)?;
            if let Some(list) = entry.supplemental
                && list.index() >= applicant.supplemental_lists.len()
            {
                return Err(MarketError::UnknownSupplementalList {
                    applicant: applicant_idx,
                    list,
                });
            }
            if on_primary[entry.track.index()] == a as u32 {
                return Err(MarketError::ApplicantRanksTrackTwice {
                    applicant: applicant_idx,
                    track: entry.track,
                });
            }
            on_primary[entry.track.index()] = a as u32;
        }
        for (l, list) in applicant.supplemental_lists.iter().enumerate() {
            for &track in list {
                known_track(referrer, track)?;
                if on_primary[track.index()] == a as u32 {
                    return Err(MarketError::TrackOnPrimaryAndSupplementalList {
                        applicant: applicant_idx,
                        track,
                    });
                }
                if on_list[track.index()] == list_counter {
                    return Err(MarketError::SupplementalListRanksTrackTwice {
                        applicant: applicant_idx,
                        list: SupplementalListIdx(l as u32),
                        track,
                    });
                }
                on_list[track.index()] = list_counter;
            }
            list_counter += 1;
        }
    }
    Ok(())
}
