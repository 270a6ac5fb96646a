//! The Roth–Peranson applicant-proposing algorithm: one applicant (or couple) at a time from a
//! stack, each track holding its best applicants so far up to its quota.
//!
//! Below, a unit is what proposes: a single applicant, or a couple proposing pairs.
//!
//! # What the run keeps
//!
//! Every track keeps the applicants it holds sorted by its own preference in a fixed slice of
//! one shared arena, so the least preferred one is always last, and a threshold (the rank a
//! newcomer must beat) so that a refusal costs one read. Every single applicant keeps the entry
//! of the primary list they hold, and (when that entry carries a supplemental list) the entry of
//! that list they hold; every couple keeps the pair they hold. A waiting unit also carries a
//! restart position: the first entry of its list that may now accept it. Nothing is allocated
//! per proposal.
//!
//! # Order of processing
//!
//! Single applicants go first, through a first-in, first-out queue: for single applicants any
//! order gives the same (applicant-optimal) matching, and a queue lets the run fetch the lists
//! of applicants a few places ahead while the current one proposes, which is where the time goes
//! at NRMP scale. Everything after that (couples, one at a time, and whoever they displace) uses
//! a last-in, first-out stack, as Roth and Peranson describe. When a scan puts several units
//! back, the track's favourite is taken first, so that it fills the free position and the others
//! are refused at once rather than each displacing the one before; besides saving work, this
//! keeps couples from chasing each other in long cycles.
//!
//! When no applicant has supplemental lists, nobody a single proposes to ever has to be put
//! back by a scan during the opening pass, so it is plain deferred acceptance, whose result
//! and proposal count do not depend on the order; a separate pass over compact tables does it
//! (see the `singles` module) and the run continues from the state it ends in.
//!
//! # The invariant that makes the result stable
//!
//! After each step, for every unit, no entry above its restart position (or above what it holds,
//! when it is off the stack) would accept it. A track can start accepting someone it turned
//! away only when it loses an applicant without a better replacement (a couple withdrawing, an
//! applicant leaving for something better, a supplemental position released) or when its quota
//! grows (a reversion). Whenever a track loses an applicant, the end of the step scans its rank
//! order list and puts back on the stack every unit that ranks the track above what it holds
//! and that the track would now take, with its restart position lowered to that entry. A unit
//! put back keeps what it holds until something better accepts it. When the stack is empty,
//! the invariant says that no applicant, supplemental list or couple has a better entry that
//! would accept it, which is stability.
//!
//! # Couples
//!
//! A couple proposes its pairs in order. A pair is accepted when every track in it accepts its
//! member; a pair naming one track twice needs two positions there, and both members must be
//! among the track's quota best once added. While deciding, the couple's current positions are
//! set aside, so that a pair may reuse a position one member already holds. When a track
//! displaces one member, the other member withdraws at once, the couple goes back on the stack
//! to continue from the pair after the one it lost, and the track the partner left is scanned
//! as above. Seen from the couple's own earlier pairs, a track that turned someone out to make
//! room for a member now has room, so it is scanned too. With couples a stable matching may not
//! exist and the process may cycle; a cap on the number of proposals turns that into
//! [`MatchOutcome::NoStableMatchingFound`]. The process is a heuristic, as in the NRMP: it may
//! also cycle on a market that does have a stable matching.
//!
//! # Supplemental lists
//!
//! An entry of a primary list may carry a supplemental list of PGY-1 tracks. While the
//! applicant holds that entry, they also propose down that list, independently, and hold at
//! most one position from it. If they are displaced from the PGY-1 position they continue down
//! the same list. If they exhaust the list they keep the advanced position alone, as the NRMP
//! does. If they lose the advanced position, or move to a better primary entry, they release
//! the PGY-1 position (and its track is scanned); a new entry with its own list starts that
//! list from the top.
//!
//! # Reversions
//!
//! When the stack is empty, every track that has a reversion and unfilled positions gives those
//! positions to its target (its quota drops to what it holds; the target's quota grows), the
//! target is scanned for applicants it turned away for lack of room, and the algorithm
//! continues. This repeats until a round moves no position. Positions that have reverted stay
//! reverted; the quotas in the final [`Matching`] are the effective ones.

use std::collections::VecDeque;

use crate::market::{ApplicantIdx, Market, MarketIndex, NONE, TrackIdx};
use crate::singles::{SinglesPass, singles_pass};
use crate::stability::blocking_pairs;

/// How a run is bounded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MatchOptions {
    /// Most proposals before the run gives up with
    /// [`MatchOutcome::NoStableMatchingFound`]; `None` picks 64 proposals per rank order
    /// list entry in the market plus 10,000, far above what a run without cycles needs.
    pub proposal_limit: Option<u64>,
}

/// Who holds which position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matching {
    /// For each applicant (couple members included), the track of their primary list (or of
    /// their couple's pair) they hold.
    pub track_of: Vec<Option<TrackIdx>>,
    /// For each applicant, the PGY-1 track they hold from a supplemental list.
    pub supplemental_track_of: Vec<Option<TrackIdx>>,
    /// For each track, its quota after reversions.
    pub quotas: Vec<u32>,
}

impl Matching {
    /// Nobody matched, with the market's own quotas: a starting point for building a matching
    /// by hand.
    pub fn empty(market: &Market) -> Matching {
        Matching {
            track_of: vec![None; market.applicant_count()],
            supplemental_track_of: vec![None; market.applicant_count()],
            quotas: market.spec().tracks.iter().map(|t| t.quota).collect(),
        }
    }

    /// The track an applicant holds, if any.
    pub fn track_of(&self, applicant: ApplicantIdx) -> Option<TrackIdx> {
        self.track_of.get(applicant.index()).copied().flatten()
    }

    /// The supplemental PGY-1 track an applicant holds, if any.
    pub fn supplemental_track_of(&self, applicant: ApplicantIdx) -> Option<TrackIdx> {
        self.supplemental_track_of
            .get(applicant.index())
            .copied()
            .flatten()
    }

    /// How many applicants hold a position in each track, supplemental positions included.
    pub fn filled(&self) -> Vec<u32> {
        let mut filled = vec![0u32; self.quotas.len()];
        for track in self
            .track_of
            .iter()
            .chain(&self.supplemental_track_of)
            .flatten()
        {
            if let Some(count) = filled.get_mut(track.index()) {
                *count += 1;
            }
        }
        filled
    }
}

/// Counts describing one run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MatchStatistics {
    /// Proposals made: each time a unit asked a track (or a pair of tracks) to take it.
    pub proposals: u64,
    /// Rounds of reversions that moved at least one position.
    pub reversion_rounds: u32,
    /// Positions moved by reversions, summed over rounds.
    pub positions_reverted: u64,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchOutcome {
    /// The run settled on a matching without blocking pairs.
    Stable {
        /// The matching.
        matching: Matching,
        /// Counts describing the run.
        statistics: MatchStatistics,
    },
    /// The run reached its proposal limit without settling, which couples or supplemental
    /// lists can cause; `last_matching` is where it stopped and has blocking pairs.
    NoStableMatchingFound {
        /// The state of the run when it stopped.
        last_matching: Matching,
        /// Counts describing the run.
        statistics: MatchStatistics,
    },
}

impl MatchOutcome {
    /// The matching the run ended with, stable or not.
    pub fn matching(&self) -> &Matching {
        match self {
            MatchOutcome::Stable { matching, .. } => matching,
            MatchOutcome::NoStableMatchingFound { last_matching, .. } => last_matching,
        }
    }

    /// Counts describing the run.
    pub fn statistics(&self) -> MatchStatistics {
        match self {
            MatchOutcome::Stable { statistics, .. }
            | MatchOutcome::NoStableMatchingFound { statistics, .. } => *statistics,
        }
    }

    /// Whether the run settled on a stable matching.
    pub fn is_stable(&self) -> bool {
        matches!(self, MatchOutcome::Stable { .. })
    }
}

/// Runs the match with the default proposal limit.
pub fn run_match(market: &Market) -> MatchOutcome {
    run_match_with(market, &MatchOptions::default())
}

/// Runs the match.
pub fn run_match_with(market: &Market, options: &MatchOptions) -> MatchOutcome {
    let index = &market.index;
    let entries = (index.primary.len() + index.supplemental.len() + index.pairs.len()) as u64;
    let limit = options
        .proposal_limit
        .unwrap_or_else(|| entries.saturating_mul(64).saturating_add(10_000));
    // Without supplemental lists, and with a limit the singles cannot reach on their own
    // (each proposes to each entry at most once), the opening pass has a faster equivalent.
    if !index.any_supplemental && limit >= index.primary.len() as u64 {
        let pass = singles_pass(index);
        if index.couple_members.is_empty() && !index.any_reversion {
            return MatchOutcome::Stable {
                matching: singles_matching(index, &pass),
                statistics: MatchStatistics {
                    proposals: pass.proposals,
                    ..MatchStatistics::default()
                },
            };
        }
        let mut run = Run::new(index, limit);
        run.adopt_singles_pass(&pass);
        drop(pass);
        let settled = run.settle();
        return finish(market, &run, settled);
    }
    let mut run = Run::new(index, limit);
    let settled = run.run();
    finish(market, &run, settled)
}

/// The matching at the end of a singles pass that leaves nothing else to do.
fn singles_matching(index: &MarketIndex, pass: &SinglesPass) -> Matching {
    let mut track_of = vec![None; index.couple_of.len()];
    for (t, &len) in pass.held_len.iter().enumerate() {
        let start = index.held_start[t] as usize;
        for held in &pass.held[start..start + len as usize] {
            track_of[held.applicant as usize] = Some(TrackIdx(t as u32));
        }
    }
    Matching {
        supplemental_track_of: vec![None; track_of.len()],
        track_of,
        quotas: index.quota.clone(),
    }
}

/// Reads the matching and the counts off a finished run.
fn finish(market: &Market, run: &Run<'_>, settled: bool) -> MatchOutcome {
    let matching = run.matching();
    let statistics = MatchStatistics {
        proposals: run.proposals,
        reversion_rounds: run.reversion_rounds,
        positions_reverted: run.positions_reverted,
    };
    // A run cut short may still have stopped on a stable matching (the units left on the
    // stack would all have been turned away); the checker decides.
    if settled || blocking_pairs(market, &matching).is_empty() {
        MatchOutcome::Stable {
            matching,
            statistics,
        }
    } else {
        MatchOutcome::NoStableMatchingFound {
            last_matching: matching,
            statistics,
        }
    }
}

/// An applicant held by a track, with the position the track gives them.
#[derive(Clone, Copy, Debug, Default)]
struct Held {
    rank: u32,
    applicant: u32,
    /// For a primary position, the global index of the entry in [`MarketIndex::primary`];
    /// [`NONE`] for supplemental positions and couple members.
    entry: u32,
    kind: HeldKind,
}

/// How an applicant holds a position, kept with the position so that displacing them needs
/// nothing else from memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum HeldKind {
    /// A primary entry of an applicant without supplemental lists.
    #[default]
    Primary,
    /// A primary entry of an applicant with supplemental lists.
    PrimaryWithSupplemental,
    /// An entry of a supplemental list.
    Supplemental,
    /// A couple member's half of a pair.
    CoupleMember,
}

/// What an applicant holds on the primary list and where they resume; one compact record per
/// applicant so that displacing someone touches one cache line.
#[derive(Clone, Copy, Debug)]
struct SingleState {
    /// Global index of the primary entry held, or [`NONE`].
    primary_held: u32,
    /// Track of that entry, or [`NONE`].
    primary_track: u32,
    /// Global index of the first primary entry to try when next taken from the stack, or
    /// [`NONE`].
    primary_restart: u32,
    /// Where the applicant's primary list lies in [`MarketIndex::primary`].
    list_start: u32,
    list_end: u32,
    /// Whether the applicant has supplemental lists at all; most do not, and skipping their
    /// supplemental records keeps those out of the cache.
    has_supplemental: bool,
}

/// What a single applicant holds on the supplemental list of the primary entry they hold.
#[derive(Clone, Copy, Debug)]
struct SupplementalState {
    /// Global id of the supplemental list of the entry held or last held, kept until its
    /// position is released.
    list: u32,
    /// Entry of that list held, or [`NONE`].
    held: u32,
    /// First entry to try when next taken from the stack, or [`NONE`].
    restart: u32,
}

/// A track's place in the arena of held applicants, its quota (which reversions change) and
/// how many couple members it holds.
#[derive(Clone, Copy, Debug)]
struct TrackState {
    held_start: u32,
    held_len: u32,
    quota: u32,
    couple_members_held: u32,
}

struct Run<'m> {
    index: &'m MarketIndex,
    applicant_count: u32,
    tracks: Vec<TrackState>,
    /// For each track, the rank an applicant must be below (better than) to be taken: the
    /// least preferred rank held when full, [`NONE`] while positions are free. Most proposals
    /// are refused, and this keeps a refusal to one read.
    threshold: Vec<u32>,
    held: Vec<Held>,
    loosened: Vec<u32>,
    is_loosened: Vec<bool>,
    single: Vec<SingleState>,
    supplemental: Vec<SupplementalState>,
    pair_held: Vec<u32>,
    pair_restart: Vec<u32>,
    /// Whether a unit is waiting, on the stack or in the opening queue.
    on_stack: Vec<bool>,
    stack: Vec<u32>,
    /// Single applicants waiting during the opening pass, each with the global primary entry
    /// it will propose to first ([`NONE`] when not known).
    queue: VecDeque<(u32, u32)>,
    /// Whether the opening pass over single applicants is still going.
    opening: bool,
    /// Units a scan puts back, in the scanned track's order, before they go on the stack.
    requeued: Vec<u32>,
    proposals: u64,
    limit: u64,
    reversion_rounds: u32,
    positions_reverted: u64,
}

impl<'m> Run<'m> {
    fn new(index: &'m MarketIndex, limit: u64) -> Run<'m> {
        let track_count = index.quota.len();
        let applicant_count = index.couple_of.len();
        let couple_count = index.couple_members.len();
        let tracks = index
            .quota
            .iter()
            .zip(&index.held_start)
            .map(|(&quota, &held_start)| TrackState {
                held_start,
                held_len: 0,
                quota,
                couple_members_held: 0,
            })
            .collect();
        let total = index.held_start[track_count];
        Run {
            index,
            applicant_count: applicant_count as u32,
            tracks,
            threshold: index
                .quota
                .iter()
                .map(|&q| if q == 0 { 0 } else { NONE })
                .collect(),
            held: vec![Held::default(); total as usize],
            loosened: Vec::new(),
            is_loosened: vec![false; track_count],
            single: (0..applicant_count)
                .map(|a| SingleState {
                    primary_held: NONE,
                    primary_track: NONE,
                    primary_restart: NONE,
                    list_start: index.primary_start[a],
                    list_end: index.primary_end[a],
                    has_supplemental: index.has_supplemental[a],
                })
                .collect(),
            supplemental: vec![
                SupplementalState {
                    list: NONE,
                    held: NONE,
                    restart: NONE,
                };
                applicant_count
            ],
            pair_held: vec![NONE; couple_count],
            pair_restart: vec![NONE; couple_count],
            on_stack: vec![false; applicant_count + couple_count],
            stack: Vec::with_capacity(applicant_count + couple_count),
            queue: VecDeque::with_capacity(applicant_count),
            opening: true,
            requeued: Vec::new(),
            proposals: 0,
            limit,
            reversion_rounds: 0,
            positions_reverted: 0,
        }
    }

    /// Couples wait on the stack, lowest index on top, until every single applicant has been
    /// through the opening pass.
    fn stack_couples(&mut self) {
        for c in (0..self.pair_held.len() as u32).rev() {
            self.pair_restart[c as usize] = 0;
            self.push(self.applicant_count + c);
        }
    }

    /// Takes over the state the singles pass ended in, as if the opening pass had run.
    fn adopt_singles_pass(&mut self, pass: &SinglesPass) {
        self.stack_couples();
        for (t, &len) in pass.held_len.iter().enumerate() {
            let start = self.tracks[t].held_start as usize;
            let range = start..start + len as usize;
            for (to, from) in self.held[range.clone()].iter_mut().zip(&pass.held[range]) {
                let a = from.applicant as usize;
                let entry = from.entry;
                *to = Held {
                    rank: from.rank,
                    applicant: from.applicant,
                    entry,
                    kind: HeldKind::Primary,
                };
                let state = &mut self.single[a];
                state.primary_held = entry;
                state.primary_track = t as u32;
            }
            self.tracks[t].held_len = len;
        }
        self.threshold.copy_from_slice(&pass.threshold);
        self.proposals = pass.proposals;
        self.opening = false;
    }

    /// Returns whether the run settled (as opposed to hitting the proposal limit).
    fn run(&mut self) -> bool {
        self.stack_couples();
        for a in 0..self.applicant_count {
            if self.index.couple_of[a as usize] == NONE {
                self.single[a as usize].primary_restart = self.index.primary_start[a as usize];
                self.on_stack[a as usize] = true;
                self.queue
                    .push_back((a, self.index.primary_start[a as usize]));
            }
        }
        if !self.opening_pass() {
            return false;
        }
        self.settle()
    }

    /// Works through the stack and reversions until nothing changes; returns whether the run
    /// settled.
    fn settle(&mut self) -> bool {
        loop {
            while let Some(unit) = self.stack.pop() {
                self.on_stack[unit as usize] = false;
                if unit < self.applicant_count {
                    self.process_single(unit);
                } else {
                    self.process_couple(unit - self.applicant_count);
                }
                self.scan_loosened();
                if self.proposals > self.limit {
                    return false;
                }
            }
            if !self.revert_unfilled_positions() {
                return true;
            }
        }
    }

    /// Deferred acceptance among single applicants only, first in, first out. Any order gives
    /// single applicants the same matching, and this one lets the run read ahead: most of the
    /// time goes into fetching the rank order list of an applicant who was just displaced, so
    /// while one applicant proposes, the records of the applicants a few places behind are
    /// already on their way from memory.
    fn opening_pass(&mut self) -> bool {
        const READ_AHEAD: usize = 8;
        while let Some((applicant, _)) = self.queue.pop_front() {
            if let Some(&(ahead, entry)) = self.queue.get(READ_AHEAD) {
                std::hint::black_box(self.single[ahead as usize].primary_held);
                if let Some(next) = self.index.primary.get(entry as usize) {
                    std::hint::black_box(next.rank_at_track);
                }
            }
            self.on_stack[applicant as usize] = false;
            self.process_single(applicant);
            self.scan_loosened();
            if self.proposals > self.limit {
                return false;
            }
        }
        self.opening = false;
        true
    }

    fn push(&mut self, unit: u32) {
        self.push_from(unit, NONE);
    }

    /// Puts a unit on the stack (or, during the opening pass, a single applicant at the back
    /// of the queue); `entry` is the global primary entry it will propose to first, if known.
    fn push_from(&mut self, unit: u32, entry: u32) {
        if !self.on_stack[unit as usize] {
            self.on_stack[unit as usize] = true;
            if self.opening && unit < self.applicant_count {
                self.queue.push_back((unit, entry));
            } else {
                self.stack.push(unit);
            }
        }
    }

    fn loosen(&mut self, track: u32) {
        if !self.is_loosened[track as usize] {
            self.is_loosened[track as usize] = true;
            self.loosened.push(track);
        }
    }

    fn held_slice(&self, track: u32) -> &[Held] {
        let start = self.tracks[track as usize].held_start as usize;
        &self.held[start..start + self.tracks[track as usize].held_len as usize]
    }

    /// Whether `track` would take an applicant it ranks at `rank`.
    fn accepts(&self, track: u32, rank: u32) -> bool {
        rank < self.threshold[track as usize]
    }

    /// Recomputes the rank a newcomer must beat after the track's holdings or quota changed.
    fn update_threshold(&mut self, track: u32) {
        let t = track as usize;
        let len = self.tracks[t].held_len;
        self.threshold[t] = if len < self.tracks[t].quota {
            // Anyone ranked; unranked applicants carry `NONE`, which never passes.
            NONE
        } else if len == 0 {
            0
        } else {
            self.held[(self.tracks[t].held_start + len - 1) as usize].rank
        };
    }

    /// Whether `track` would take two applicants at once, both ending among its quota best.
    fn accepts_both(&self, track: u32, first: u32, second: u32) -> bool {
        if first == NONE || second == NONE {
            return false;
        }
        let t = track as usize;
        let len = self.tracks[t].held_len;
        let quota = self.tracks[t].quota;
        if len + 2 <= quota {
            return true;
        }
        // Both fit when the `need` least preferred applicants held are all below the less
        // preferred of the two.
        let need = len + 2 - quota;
        if need > len {
            return false;
        }
        let worse = first.max(second);
        self.held[(self.tracks[t].held_start + len - need) as usize].rank > worse
    }

    /// Adds an applicant the track accepts, displacing its least preferred one when full;
    /// returns whether someone was displaced.
    fn insert(
        &mut self,
        track: u32,
        rank: u32,
        applicant: u32,
        entry: u32,
        kind: HeldKind,
    ) -> bool {
        let t = track as usize;
        let start = self.tracks[t].held_start as usize;
        let mut len = self.tracks[t].held_len as usize;
        let mut displaced = None;
        if len as u32 >= self.tracks[t].quota {
            len -= 1;
            let out = self.held[start + len];
            displaced = Some(out);
            // Outside the opening pass the displaced applicant proposes next, from the entry
            // after this one: reading that entry now lets its trip from memory overlap with
            // the rest of this step.
            if !self.opening
                && let Some(next) = self.index.primary.get(out.entry.wrapping_add(1) as usize)
            {
                std::hint::black_box(next.rank_at_track);
            }
        }
        // Quotas are small, so shifting the less preferred holders up by one beats a binary
        // search followed by a block move.
        let slice = &mut self.held[start..start + len + 1];
        let mut at = len;
        while at > 0 && slice[at - 1].rank > rank {
            slice[at] = slice[at - 1];
            at -= 1;
        }
        slice[at] = Held {
            rank,
            applicant,
            entry,
            kind,
        };
        self.tracks[t].held_len = len as u32 + 1;
        self.update_threshold(track);
        if kind == HeldKind::CoupleMember {
            self.tracks[t].couple_members_held += 1;
        }
        match displaced {
            Some(out) => {
                if out.kind == HeldKind::CoupleMember {
                    self.tracks[t].couple_members_held -= 1;
                }
                self.displace(out);
                true
            }
            None => false,
        }
    }

    /// Takes an applicant out of a track; the caller decides whether the track is scanned.
    fn remove(&mut self, track: u32, applicant: u32) {
        let t = track as usize;
        let start = self.tracks[t].held_start as usize;
        let len = self.tracks[t].held_len as usize;
        let slice = &mut self.held[start..start + len];
        if let Some(at) = slice.iter().position(|h| h.applicant == applicant) {
            let kind = slice[at].kind;
            for i in at..len - 1 {
                slice[i] = slice[i + 1];
            }
            self.tracks[t].held_len -= 1;
            self.update_threshold(track);
            if kind == HeldKind::CoupleMember {
                self.tracks[t].couple_members_held -= 1;
            }
        }
    }

    /// Reacts to an applicant losing a position to someone the track prefers.
    fn displace(&mut self, out: Held) {
        let applicant = out.applicant;
        let a = applicant as usize;
        match out.kind {
            HeldKind::CoupleMember => {
                let couple = self.index.couple_of[a];
                let c = couple as usize;
                let lost = self.pair_held[c];
                let pair = self.index.pairs[self.index.pair_range(couple).start + lost as usize];
                self.pair_held[c] = NONE;
                let partner_side = 1 - self.index.side_of[a] as usize;
                let partner_track = pair.track[partner_side];
                if partner_track != NONE {
                    let partner = self.index.couple_members[c][partner_side];
                    self.remove(partner_track, partner);
                    self.loosen(partner_track);
                }
                self.pair_restart[c] = self.pair_restart[c].min(lost + 1);
                self.push(self.applicant_count + couple);
            }
            HeldKind::Primary | HeldKind::PrimaryWithSupplemental => {
                let next = out.entry + 1;
                // An applicant who is not waiting has no pending restart, so the record is
                // only written, not read: its trip from memory does not hold up this step.
                let waiting = self.on_stack[a];
                let state = &mut self.single[a];
                state.primary_restart = if waiting {
                    state.primary_restart.min(next)
                } else {
                    next
                };
                state.primary_held = NONE;
                state.primary_track = NONE;
                if out.kind == HeldKind::PrimaryWithSupplemental {
                    self.release_supplemental(applicant);
                }
                self.push_from(applicant, next);
            }
            HeldKind::Supplemental => {
                let lost = self.supplemental[a].held;
                self.supplemental[a].held = NONE;
                self.supplemental[a].restart = self.supplemental[a].restart.min(lost + 1);
                self.push(applicant);
            }
        }
    }

    /// The global id of the supplemental list active for a single applicant, or [`NONE`].
    fn active_supplemental_list(&self, applicant: u32) -> u32 {
        if self.single[applicant as usize].primary_held == NONE {
            NONE
        } else {
            self.supplemental[applicant as usize].list
        }
    }

    /// Gives up the supplemental position of an applicant, if any, and forgets the pending work
    /// on that list.
    fn release_supplemental(&mut self, applicant: u32) {
        let a = applicant as usize;
        let held = std::mem::replace(&mut self.supplemental[a].held, NONE);
        self.supplemental[a].restart = NONE;
        if held == NONE {
            return;
        }
        let list = self.supplemental[a].list;
        let start = self.index.supplemental_range(list).start;
        let track = self.index.supplemental[start + held as usize].track;
        self.remove(track, applicant);
        self.loosen(track);
    }

    fn process_single(&mut self, applicant: u32) {
        let a = applicant as usize;
        let state = self.single[a];
        let held = state.primary_held;
        let limit = if held == NONE { state.list_end } else { held };
        let restart = std::mem::replace(&mut self.single[a].primary_restart, NONE);
        let mut position = restart;
        while position < limit {
            self.proposals += 1;
            let entry = self.index.primary[position as usize];
            if self.accepts(entry.track, entry.rank_at_track) {
                if held != NONE {
                    let old = state.primary_track;
                    if state.has_supplemental {
                        self.release_supplemental(applicant);
                    }
                    self.remove(old, applicant);
                    self.loosen(old);
                }
                let kind = if state.has_supplemental {
                    HeldKind::PrimaryWithSupplemental
                } else {
                    HeldKind::Primary
                };
                self.insert(entry.track, entry.rank_at_track, applicant, position, kind);
                self.single[a].primary_held = position;
                self.single[a].primary_track = entry.track;
                if state.has_supplemental {
                    let list = self.index.primary_supplemental[position as usize];
                    self.supplemental[a].list = list;
                    self.supplemental[a].held = NONE;
                    self.supplemental[a].restart = if list == NONE { NONE } else { 0 };
                }
                break;
            }
            position += 1;
        }
        if state.has_supplemental {
            self.process_supplemental(applicant);
        }
    }

    fn process_supplemental(&mut self, applicant: u32) {
        let a = applicant as usize;
        let list = self.active_supplemental_list(applicant);
        let restart = std::mem::replace(&mut self.supplemental[a].restart, NONE);
        if list == NONE {
            return;
        }
        let range = self.index.supplemental_range(list);
        let held = self.supplemental[a].held;
        let limit = if held == NONE {
            range.len() as u32
        } else {
            held
        };
        let mut position = restart;
        while position < limit {
            self.proposals += 1;
            let entry = self.index.supplemental[range.start + position as usize];
            if self.accepts(entry.track, entry.rank_at_track) {
                if held != NONE {
                    let old = self.index.supplemental[range.start + held as usize].track;
                    self.remove(old, applicant);
                    self.loosen(old);
                }
                self.insert(
                    entry.track,
                    entry.rank_at_track,
                    applicant,
                    NONE,
                    HeldKind::Supplemental,
                );
                self.supplemental[a].held = position;
                break;
            }
            position += 1;
        }
    }

    fn pair_acceptable(&self, track: [u32; 2], rank: [u32; 2]) -> bool {
        match (track[0] != NONE, track[1] != NONE) {
            (true, true) if track[0] == track[1] => self.accepts_both(track[0], rank[0], rank[1]),
            (true, true) => self.accepts(track[0], rank[0]) && self.accepts(track[1], rank[1]),
            (true, false) => self.accepts(track[0], rank[0]),
            (false, true) => self.accepts(track[1], rank[1]),
            (false, false) => false,
        }
    }

    fn process_couple(&mut self, couple: u32) {
        let c = couple as usize;
        let range = self.index.pair_range(couple);
        let members = self.index.couple_members[c];
        let held = self.pair_held[c];
        let limit = if held == NONE {
            range.len() as u32
        } else {
            held
        };
        let restart = std::mem::replace(&mut self.pair_restart[c], NONE);
        if restart >= limit {
            return;
        }
        // The couple's own positions are set aside while it looks for a better pair, so that
        // a pair can count a position one member already fills.
        let old = (held != NONE).then(|| self.index.pairs[range.start + held as usize]);
        if let Some(old) = old {
            for (track, member) in old.track.into_iter().zip(members) {
                if track != NONE {
                    self.remove(track, member);
                }
            }
        }
        let mut position = restart;
        while position < limit {
            self.proposals += 1;
            let pair = self.index.pairs[range.start + position as usize];
            if self.pair_acceptable(pair.track, pair.rank_at_track) {
                break;
            }
            position += 1;
        }
        if position == limit {
            // Nothing better: the couple takes back the positions it set aside, which are
            // still free because nothing else happened meanwhile.
            if let Some(old) = old {
                for ((track, rank), member) in
                    old.track.into_iter().zip(old.rank_at_track).zip(members)
                {
                    if track != NONE {
                        self.insert(track, rank, member, NONE, HeldKind::CoupleMember);
                    }
                }
            }
            return;
        }
        self.pair_held[c] = position;
        if let Some(old) = old {
            for track in old.track.into_iter().filter(|&t| t != NONE) {
                self.loosen(track);
            }
        }
        let taken = self.index.pairs[range.start + position as usize];
        for ((track, rank), member) in taken
            .track
            .into_iter()
            .zip(taken.rank_at_track)
            .zip(members)
        {
            // Seen from the couple's own earlier pairs, a track that just turned someone out
            // for one member now has room, so it is scanned like any track that lost someone.
            if track != NONE && self.insert(track, rank, member, NONE, HeldKind::CoupleMember) {
                self.loosen(track);
            }
        }
    }

    /// Puts back on the stack every unit that a loosened track would now take in place of what
    /// it holds.
    fn scan_loosened(&mut self) {
        while let Some(track) = self.loosened.pop() {
            self.is_loosened[track as usize] = false;
            self.scan(track);
        }
    }

    fn scan(&mut self, track: u32) {
        let t = track as usize;
        let quota = self.tracks[t].quota;
        if quota == 0 {
            return;
        }
        let len = self.tracks[t].held_len;
        let full = len >= quota;
        let worst = if full {
            self.held_slice(track).last().map_or(NONE, |h| h.rank)
        } else {
            NONE
        };
        let range = self.index.track_range(track);
        for slot in range.clone() {
            let rank = (slot - range.start) as u32;
            let beyond_worst = full && rank > worst;
            // Past the least preferred applicant held, only a couple with a member inside could
            // still fit (its own position is set aside when it proposes).
            if beyond_worst && self.tracks[t].couple_members_held == 0 {
                break;
            }
            let applicant = self.index.track_ranked[slot];
            let a = applicant as usize;
            let couple = self.index.couple_of[a];
            let first = self.index.track_first_position[slot];
            if couple == NONE {
                if beyond_worst {
                    continue;
                }
                if first != NONE {
                    let state = &mut self.single[a];
                    let first = state.list_start + first;
                    if state.primary_held == NONE || first < state.primary_held {
                        state.primary_restart = state.primary_restart.min(first);
                        self.requeued.push(applicant);
                    }
                } else if self.index.track_in_supplemental[slot] {
                    self.requeue_for_supplemental(applicant, track);
                }
            } else if first != NONE {
                let c = couple as usize;
                let held = self.pair_held[c];
                let inside = held != NONE && {
                    let pair =
                        self.index.pairs[self.index.pair_range(couple).start + held as usize];
                    pair.track.contains(&track)
                };
                if beyond_worst && !inside {
                    continue;
                }
                if held == NONE || first < held {
                    self.pair_restart[c] = self.pair_restart[c].min(first);
                    self.requeued.push(self.applicant_count + couple);
                }
            }
        }
        // The track's favourite is taken first (top of the stack, or front of the opening
        // queue), so it takes the free position and the others are turned away at once
        // instead of each displacing the one before.
        if self.opening {
            for i in 0..self.requeued.len() {
                self.push(self.requeued[i]);
            }
            self.requeued.clear();
        } else {
            while let Some(unit) = self.requeued.pop() {
                self.push(unit);
            }
        }
    }

    fn requeue_for_supplemental(&mut self, applicant: u32, track: u32) {
        let a = applicant as usize;
        let list = self.active_supplemental_list(applicant);
        if list == NONE {
            return;
        }
        let range = self.index.supplemental_range(list);
        let found = self.index.supplemental[range]
            .iter()
            .position(|e| e.track == track);
        if let Some(position) = found {
            let position = position as u32;
            let held = self.supplemental[a].held;
            if held == NONE || position < held {
                self.supplemental[a].restart = self.supplemental[a].restart.min(position);
                self.requeued.push(applicant);
            }
        }
    }

    /// Moves unfilled positions along reversions; returns whether any moved.
    fn revert_unfilled_positions(&mut self) -> bool {
        let mut moved = false;
        for t in 0..self.tracks.len() {
            let to = self.index.reversion[t];
            if to == NONE {
                continue;
            }
            let unfilled = self.tracks[t].quota - self.tracks[t].held_len;
            if unfilled == 0 {
                continue;
            }
            self.tracks[t].quota -= unfilled;
            self.tracks[to as usize].quota =
                self.tracks[to as usize].quota.saturating_add(unfilled);
            self.update_threshold(t as u32);
            self.update_threshold(to);
            self.positions_reverted += u64::from(unfilled);
            self.loosen(to);
            moved = true;
        }
        if moved {
            self.reversion_rounds += 1;
            self.scan_loosened();
        }
        moved
    }

    fn matching(&self) -> Matching {
        let applicant_count = self.applicant_count as usize;
        let mut track_of = vec![None; applicant_count];
        let mut supplemental_track_of = vec![None; applicant_count];
        for a in 0..applicant_count {
            if self.index.couple_of[a] != NONE {
                continue;
            }
            let held = self.single[a].primary_held;
            if held == NONE {
                continue;
            }
            track_of[a] = Some(TrackIdx(self.single[a].primary_track));
            if !self.single[a].has_supplemental {
                continue;
            }
            let list = self.supplemental[a].list;
            let supplemental = self.supplemental[a].held;
            if list != NONE && supplemental != NONE {
                let range = self.index.supplemental_range(list);
                let track = self.index.supplemental[range.start + supplemental as usize].track;
                supplemental_track_of[a] = Some(TrackIdx(track));
            }
        }
        for (c, members) in self.index.couple_members.iter().enumerate() {
            let held = self.pair_held[c];
            if held == NONE {
                continue;
            }
            let pair = self.index.pairs[self.index.pair_range(c as u32).start + held as usize];
            for side in 0..2 {
                if pair.track[side] != NONE {
                    track_of[members[side] as usize] = Some(TrackIdx(pair.track[side]));
                }
            }
        }
        Matching {
            track_of,
            supplemental_track_of,
            quotas: self.tracks.iter().map(|t| t.quota).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    //! The singles pass against the general opening pass it stands in for.

    use rand::seq::SliceRandom;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::{MatchOptions, Run, finish, run_match_with};
    use crate::market::{
        ApplicantIdx, ApplicantSpec, CoupleSpec, Market, MarketSpec, RankEntry, Reversion,
        TrackIdx, TrackSpec,
    };

    /// A random market without supplemental lists, with couples and reversions on request.
    fn random_market(rng: &mut ChaCha8Rng, couples: bool, reversions: bool) -> MarketSpec {
        let track_count = rng.random_range(1..=8usize);
        let applicant_count = rng.random_range(0..=24usize);
        let couple_count = if couples {
            rng.random_range(0..=applicant_count / 2)
        } else {
            0
        };
        let first_member = applicant_count - 2 * couple_count;
        let subset = |rng: &mut ChaCha8Rng, n: usize| {
            let mut all: Vec<usize> = (0..n).collect();
            all.shuffle(rng);
            all.truncate(rng.random_range(0..=n));
            all
        };
        let tracks = (0..track_count)
            .map(|t| TrackSpec {
                quota: rng.random_range(0..=3),
                rank: subset(rng, applicant_count)
                    .into_iter()
                    .map(|a| ApplicantIdx(a as u32))
                    .collect(),
                reversion: (reversions && t + 1 < track_count && rng.random_bool(0.3)).then(|| {
                    Reversion {
                        to: TrackIdx(rng.random_range(t + 1..track_count) as u32),
                    }
                }),
            })
            .collect();
        let applicants = (0..applicant_count)
            .map(|a| ApplicantSpec {
                rank: if a < first_member {
                    subset(rng, track_count)
                        .into_iter()
                        .map(|t| RankEntry::track(TrackIdx(t as u32)))
                        .collect()
                } else {
                    Vec::new()
                },
                supplemental_lists: Vec::new(),
            })
            .collect();
        let couples = (0..couple_count)
            .map(|c| {
                let mut pairs = Vec::new();
                for _ in 0..rng.random_range(0..=6) {
                    let mut side = || {
                        rng.random_bool(0.8)
                            .then(|| TrackIdx(rng.random_range(0..track_count) as u32))
                    };
                    let pair = [side(), side()];
                    if pair != [None, None] && !pairs.contains(&pair) {
                        pairs.push(pair);
                    }
                }
                let a = (first_member + 2 * c) as u32;
                CoupleSpec {
                    members: [ApplicantIdx(a), ApplicantIdx(a + 1)],
                    rank: pairs,
                }
            })
            .collect();
        MarketSpec {
            tracks,
            applicants,
            couples,
        }
    }

    #[test]
    fn singles_pass_matches_the_general_opening_pass() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for round in 0..3000 {
            let spec = random_market(&mut rng, round % 3 != 0, round % 2 == 0);
            let market = Market::new(spec).expect("the generated market is valid");
            let options = MatchOptions::default();
            let fast = run_match_with(&market, &options);
            let index = &market.index;
            let entries =
                (index.primary.len() + index.supplemental.len() + index.pairs.len()) as u64;
            let mut run = Run::new(index, entries * 64 + 10_000);
            let settled = run.run();
            let general = finish(&market, &run, settled);
            assert_eq!(fast, general, "market {:?}", market.spec());
        }
    }
}
