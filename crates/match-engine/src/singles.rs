//! The opening pass over single applicants when none of them has supplemental lists: plain
//! applicant-proposing deferred acceptance over compact tables.
//!
//! Without supplemental lists, a single applicant who proposes holds nothing (they are new, or
//! were just displaced), so no track ever loses an applicant without a better replacement and
//! nobody needs to be put back by a scan. Every order of proposing then ends in the same
//! matching, the applicant-optimal one, with the same number of proposals: each applicant
//! proposes to every entry down to the one they end up holding (or to the whole list). The pass
//! below exploits that freedom for speed. New applicants come strongest first (see
//! [`MarketIndex::singles_order`]), so that few of them are taken only to be displaced later.
//! Each track keeps its held applicants sorted by its preference, each with the entry held and
//! the end of their list, so that displacing someone needs nothing else from memory: the
//! displaced applicant waits already knowing where to resume.

use crate::market::{Entry, MarketIndex, NONE};

/// An applicant a track holds during the pass.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SingleHeld {
    /// Position of the applicant on the track's list.
    pub rank: u32,
    /// The applicant.
    pub applicant: u32,
    /// Global index in [`MarketIndex::primary`] of the entry held.
    pub entry: u32,
    /// Global index just past the applicant's primary list.
    pub end: u32,
}

/// Where a track's holdings lie in the arena, how many it holds and its quota, together so
/// that an acceptance reads one record.
#[derive(Clone, Copy, Debug)]
struct Slots {
    start: u32,
    len: u32,
    quota: u32,
}

/// The state the pass ends in.
pub(crate) struct SinglesPass {
    /// Held applicants, the track's slice starting at [`MarketIndex::held_start`], sorted by
    /// the track's preference.
    pub held: Vec<SingleHeld>,
    /// How many applicants each track holds.
    pub held_len: Vec<u32>,
    /// For each track, the rank a newcomer must be below to be taken (see `Run`).
    pub threshold: Vec<u32>,
    /// Proposals made.
    pub proposals: u64,
}

/// How many applicants are in flight at once; see [`singles_pass`].
const DEPTH: usize = 4;

/// An applicant on their way through the pass: where they resume on their primary list and
/// where that list ends (global indices into [`MarketIndex::primary`]).
#[derive(Clone, Copy, Debug)]
struct Proposer {
    applicant: u32,
    from: u32,
    end: u32,
}

impl Proposer {
    const NOBODY: Proposer = Proposer {
        applicant: NONE,
        from: 0,
        end: 0,
    };
}

/// The tables the pass works on.
struct Pass<'m> {
    primary: &'m [Entry],
    threshold: Vec<u32>,
    slots: Vec<Slots>,
    held: Vec<SingleHeld>,
    proposals: u64,
}

impl Pass<'_> {
    /// Moves past every entry that now turns the applicant down, which stays final: a track's
    /// threshold only ever falls during the pass. Returns whether an entry is left to try.
    fn skip_refusals(&mut self, proposer: &mut Proposer) -> bool {
        let list = &self.primary[proposer.from as usize..proposer.end as usize];
        let skipped = list
            .iter()
            .position(|e| e.rank_at_track < self.threshold[e.track as usize])
            .unwrap_or(list.len());
        self.proposals += skipped as u64;
        proposer.from += skipped as u32;
        proposer.from < proposer.end
    }

    /// Reads the records an acceptance by the entry `proposer` stands at would touch, so that
    /// they are close at hand when the applicant proposes.
    fn touch_track(&self, proposer: &Proposer) {
        if let Some(entry) = self.primary.get(proposer.from as usize)
            && let Some(slot) = self.slots.get(entry.track as usize)
            && let Some(last) = self
                .held
                .get(slot.start as usize + (slot.len as usize).saturating_sub(1))
        {
            std::hint::black_box(last.rank);
        }
    }

    /// Lets the applicant propose down the rest of the list until a track takes them; returns
    /// whoever that track turns out, if they have entries left.
    fn propose(&mut self, mut proposer: Proposer) -> Option<Proposer> {
        if !self.skip_refusals(&mut proposer) {
            return None;
        }
        self.proposals += 1;
        let entry = self.primary[proposer.from as usize];
        let t = entry.track as usize;
        let slot = &mut self.slots[t];
        let start = slot.start as usize;
        let len = slot.len as usize;
        let quota = slot.quota as usize;
        let full = len == quota;
        let filled = if full { len } else { len + 1 };
        let track_held = &mut self.held[start..start + filled];
        let out = track_held[filled - 1];
        // Quotas are small, so shifting the less preferred holders down by one beats a binary
        // search followed by a block move.
        let mut at = filled - 1;
        while at > 0 && track_held[at - 1].rank > entry.rank_at_track {
            track_held[at] = track_held[at - 1];
            at -= 1;
        }
        track_held[at] = SingleHeld {
            rank: entry.rank_at_track,
            applicant: proposer.applicant,
            entry: proposer.from,
            end: proposer.end,
        };
        if filled == quota {
            self.threshold[t] = track_held[filled - 1].rank;
        }
        slot.len = filled as u32;
        (full && out.entry + 1 < out.end).then_some(Proposer {
            applicant: out.applicant,
            from: out.entry + 1,
            end: out.end,
        })
    }
}

/// Runs deferred acceptance for every single applicant; couple members, whose primary lists
/// are empty, take no part.
///
/// Much of the time goes into waiting for memory: the list of an applicant who was just
/// displaced, then the holdings of the track they propose to. So applicants move through a
/// short pipeline of [`DEPTH`] places: on entering, the start of a displaced applicant's list
/// is read (new applicants' lists are read in order, which memory streams ahead); halfway,
/// they skip the entries that already turn them down and the holdings of the track they stand
/// at are read; on leaving, they propose. Each step works on three different applicants whose
/// reads from memory overlap. Displaced applicants enter first; new ones, in the order of
/// [`MarketIndex::singles_order`], when nobody displaced is waiting.
pub(crate) fn singles_pass(index: &MarketIndex) -> SinglesPass {
    let track_count = index.quota.len();
    let order = &index.singles_order;
    let mut pass = Pass {
        primary: &index.primary,
        threshold: index
            .quota
            .iter()
            .map(|&q| if q == 0 { 0 } else { NONE })
            .collect(),
        slots: (0..track_count)
            .map(|t| Slots {
                start: index.held_start[t],
                len: 0,
                quota: index.quota[t],
            })
            .collect(),
        held: vec![SingleHeld::default(); index.held_start[track_count] as usize],
        proposals: 0,
    };
    let mut pipeline = [Proposer::NOBODY; DEPTH];
    let mut in_flight = 0usize;
    let mut displaced: Vec<Proposer> = Vec::new();
    let mut next_applicant = 0usize;
    let mut next_list = 0u32;
    let mut step = 0usize;
    loop {
        let place = step % DEPTH;
        let leaving = std::mem::replace(&mut pipeline[place], Proposer::NOBODY);
        if leaving.applicant != NONE {
            in_flight -= 1;
            if let Some(out) = pass.propose(leaving) {
                displaced.push(out);
            }
        }
        let entering = match displaced.pop() {
            Some(entering) => {
                // New applicants' lists are read in order, which memory streams ahead on its
                // own; a displaced applicant's list is anywhere.
                if let Some(first) = pass.primary.get(entering.from as usize) {
                    std::hint::black_box(first.rank_at_track);
                }
                Some(entering)
            }
            None => {
                // New applicants' lists lie one after the other.
                let new = order
                    .get(next_applicant)
                    .zip(index.singles_end.get(next_applicant));
                new.map(|(&applicant, &end)| {
                    next_applicant += 1;
                    let from = std::mem::replace(&mut next_list, end);
                    Proposer {
                        applicant,
                        from,
                        end,
                    }
                })
            }
        };
        if let Some(entering) = entering {
            pipeline[place] = entering;
            in_flight += 1;
        } else if in_flight == 0 {
            break;
        }
        let halfway = &mut pipeline[(place + DEPTH / 2) % DEPTH];
        if halfway.applicant != NONE {
            let mut proposer = *halfway;
            if pass.skip_refusals(&mut proposer) {
                pass.touch_track(&proposer);
                *halfway = proposer;
            } else {
                *halfway = Proposer::NOBODY;
                in_flight -= 1;
            }
        }
        step += 1;
    }

    SinglesPass {
        held_len: pass.slots.iter().map(|s| s.len).collect(),
        held: pass.held,
        threshold: pass.threshold,
        proposals: pass.proposals,
    }
}
