//! The interview stage: invitations in rounds. Each track invites its best-evaluated
//! applicants not yet invited, up to its interview capacity; applicants attend their most
//! preferred offers up to their limit and decline the rest, and tracks invite again for the
//! declined slots in the next round.

use rayon::prelude::*;

use crate::assumptions::PRELIMINARY_ALLOWANCE_SHARE;

use crate::season::Season;
use crate::season::applications::{Applications, Programs, Screened};
use crate::season::keys::{ascending_key32, key_applicant, key_evaluation};
use crate::season::streams::{Stage, StreamRng, standard_normal};

/// Tracks per parallel task when tracks invite.
const TRACK_CHUNK: usize = 256;
/// Applicants per parallel task when applicants answer.
const APPLICANT_CHUNK: usize = 2048;

/// An interview offer as the applicant sees it, with the program's evaluation of them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Offer {
    /// The applicant's order of preference as one integer: the list the track belongs to
    /// (see [`ListPriority`], 2 bits), then utility descending (32 bits), then track ascending
    /// (30 bits).
    pub preference: u64,
    pub evaluation: f32,
}

/// Bits of an offer's preference that hold the track.
const TRACK_BITS: u32 = 30;

/// Which of an applicant's lists a track belongs to, in the order the applicant prefers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub(crate) enum ListPriority {
    /// The preferred specialty.
    Preferred = 0,
    /// The backup specialty.
    Backup = 1,
    /// Preliminary or transitional tracks.
    Preliminary = 2,
}

impl Offer {
    fn new(priority: ListPriority, utility: f32, track: u32, evaluation: f32) -> Offer {
        debug_assert!(
            track < 1 << TRACK_BITS,
            "a market has fewer than 2^30 tracks"
        );
        Offer {
            preference: u64::from(priority as u8) << (32 + TRACK_BITS)
                | u64::from(!ascending_key32(utility)) << TRACK_BITS
                | u64::from(track),
            evaluation,
        }
    }

    fn priority(&self) -> u8 {
        (self.preference >> (32 + TRACK_BITS)) as u8
    }

    pub(crate) fn is_preferred_specialty(&self) -> bool {
        self.priority() == ListPriority::Preferred as u8
    }

    fn is_preliminary(&self) -> bool {
        self.priority() == ListPriority::Preliminary as u8
    }

    pub(crate) fn track(&self) -> u32 {
        (self.preference & ((1 << TRACK_BITS) - 1)) as u32
    }
}

/// The interviews attended, grouped by applicant.
pub(crate) struct Interviews {
    /// Each applicant's attended offers (unsorted), applicant after applicant.
    pub offers: Vec<Offer>,
    /// Where each applicant's offers start in `offers` (one more entry than applicants).
    pub start: Vec<usize>,
    /// Per track: interviews held.
    pub per_track: Vec<u32>,
    /// Per track: the lowest screening evaluation invited (minus infinity when every applicant
    /// was invited, plus infinity when nobody was).
    pub interview_cutoffs: Vec<f32>,
}

impl Interviews {
    /// Applicant `index`'s attended offers.
    pub(crate) fn of(&self, index: usize) -> &[Offer] {
        &self.offers[self.start[index]..self.start[index + 1]]
    }
}

/// One track's list of applications, brought into the order it considers them only as far
/// as the rounds need: each round's invitations are the next best, in no particular order.
struct TrackQueue<'a> {
    /// Evaluation keys. Those before `next` were invited; those before `window_end` are better
    /// than every one after it.
    list: &'a mut [u64],
    window_end: usize,
    /// The next application to invite.
    next: usize,
    /// Interviews the track holds at most.
    capacity: usize,
}

impl TrackQueue<'_> {
    /// Invites up to `open` more applicants (only the best `reach` times capacity can ever be
    /// reached) and appends the invitations as (applicant, track, evaluation).
    fn invite(
        &mut self,
        track: u32,
        open: usize,
        reach: usize,
        invitations: &mut Vec<(u32, u32, f32)>,
    ) {
        let candidates = self.list.len().min(self.capacity * reach);
        let start = self.next;
        let end = start.saturating_add(open).min(candidates).max(start);
        if end == start {
            return;
        }
        // The keys are a total order, so selection finds the same applicants as a full sort.
        // The first selection takes twice what the round needs from the whole list, so that
        // later rounds select within that window and rarely from the whole list again.
        if end > self.window_end {
            let rest = &mut self.list[self.window_end..];
            let grow = (2 * end).min(candidates) - self.window_end;
            if grow < rest.len() {
                rest.select_nth_unstable(grow);
            }
            self.window_end += grow;
        }
        let window = &mut self.list[start..self.window_end];
        if end - start < window.len() {
            // The worst of the invited lands last, at `end - 1`.
            window.select_nth_unstable(end - start - 1);
        }
        for &key in &self.list[start..end] {
            invitations.push((key_applicant(key), track, key_evaluation(key)));
        }
        self.next = end;
    }

    /// The lowest evaluation invited, or an infinity when all or none were.
    fn cutoff(&self) -> f32 {
        if self.next == self.list.len() {
            f32::NEG_INFINITY
        } else if self.next == 0 {
            f32::INFINITY
        } else {
            key_evaluation(self.list[self.next - 1])
        }
    }
}

/// Runs the invitation rounds.
pub(crate) fn offer_rounds(
    season: &Season<'_>,
    programs: &Programs,
    applications: &Applications,
    screened: &mut Screened,
) -> Interviews {
    let (setup, params) = (season.setup, season.params);
    let track_count = setup.tracks.len();
    let applicant_count = applications.applicants.len();
    let Screened { keys, start } = screened;
    let mut queues = split_queues(keys, start, |track| {
        (params.interviews_per_position * f64::from(setup.tracks[track].positions)).ceil() as usize
    });
    // Only the best few times the interview capacity can be reached in the rounds.
    let reach = (params.interview_rounds.max(1) as usize + 2) * 2;
    let mut per_track = vec![0u32; track_count];
    let mut answering: Vec<AnsweringChunk> = (0..applicant_count.div_ceil(APPLICANT_CHUNK))
        .map(|chunk| {
            let first = chunk * APPLICANT_CHUNK;
            AnsweringChunk {
                first,
                held: vec![[0; 2]; APPLICANT_CHUNK.min(applicant_count - first)],
                attended: Vec::new(),
            }
        })
        .collect();
    for round in 0..params.interview_rounds.max(1) {
        let invitations: Vec<Vec<(u32, u32, f32)>> = queues
            .par_chunks_mut(TRACK_CHUNK)
            .enumerate()
            .map(|(chunk, queues)| {
                let mut invitations = Vec::new();
                for (offset, queue) in queues.iter_mut().enumerate() {
                    let track = chunk * TRACK_CHUNK + offset;
                    let open = queue.capacity.saturating_sub(per_track[track] as usize);
                    queue.invite(track as u32, open, reach, &mut invitations);
                }
                invitations
            })
            .collect();
        let (pending, pending_start) = group_by_applicant(&invitations, applicant_count);
        let before: Vec<usize> = answering.iter().map(|chunk| chunk.attended.len()).collect();
        answering.par_iter_mut().for_each(|chunk| {
            let mut offers = Vec::new();
            for (offset, held) in chunk.held.iter_mut().enumerate() {
                let index = chunk.first + offset;
                let received = &pending[pending_start[index]..pending_start[index + 1]];
                if !received.is_empty() {
                    let mut rng = season.applicant_rng(Stage::InterviewRound(round), index);
                    let answer = Answer {
                        season,
                        programs,
                        applications,
                        index,
                    };
                    answer.attend(received, &mut rng, held, &mut offers, &mut chunk.attended);
                }
            }
        });
        for (chunk, before) in answering.iter().zip(before) {
            for &(_, offer) in &chunk.attended[before..] {
                per_track[offer.track() as usize] += 1;
            }
        }
    }
    let interview_cutoffs = queues.iter().map(TrackQueue::cutoff).collect();
    let (offers, start) = group_offers(&answering);
    Interviews {
        offers,
        start,
        per_track,
        interview_cutoffs,
    }
}

/// One chunk of applicants answering invitations, round after round.
struct AnsweringChunk {
    /// The chunk's first applicant.
    first: usize,
    /// Per applicant of the chunk: the interviews held on the main and the preliminary
    /// allowance.
    held: Vec<[u32; 2]>,
    /// The offers accepted, as applicant and offer, round after round.
    attended: Vec<(u32, Offer)>,
}

/// The flat list cut into each track's queue.
fn split_queues<'a>(
    mut by_track: &'a mut [u64],
    track_start: &[usize],
    capacity: impl Fn(usize) -> usize,
) -> Vec<TrackQueue<'a>> {
    let mut queues = Vec::with_capacity(track_start.len().saturating_sub(1));
    for (track, bounds) in track_start.windows(2).enumerate() {
        let (list, rest) = std::mem::take(&mut by_track).split_at_mut(bounds[1] - bounds[0]);
        by_track = rest;
        queues.push(TrackQueue {
            list,
            window_end: 0,
            next: 0,
            capacity: capacity(track),
        });
    }
    queues
}

/// A round's invitations grouped by applicant (each applicant's in track order) as track and
/// evaluation, and where each applicant's start.
fn group_by_applicant(
    invitations: &[Vec<(u32, u32, f32)>],
    applicant_count: usize,
) -> (Vec<(u32, f32)>, Vec<usize>) {
    let mut start = vec![0usize; applicant_count + 1];
    for &(applicant, _, _) in invitations.iter().flatten() {
        start[applicant as usize + 1] += 1;
    }
    for index in 0..applicant_count {
        start[index + 1] += start[index];
    }
    let mut pending = vec![(0u32, 0.0f32); start[applicant_count]];
    let mut fill = start.clone();
    for &(applicant, track, evaluation) in invitations.iter().flatten() {
        pending[fill[applicant as usize]] = (track, evaluation);
        fill[applicant as usize] += 1;
    }
    (pending, start)
}

/// The attended offers grouped by applicant, each applicant's in the order accepted, and where
/// each applicant's start.
fn group_offers(chunks: &[AnsweringChunk]) -> (Vec<Offer>, Vec<usize>) {
    let mut start = vec![0usize];
    for chunk in chunks {
        for [main, preliminary] in &chunk.held {
            start.push(start[start.len() - 1] + (main + preliminary) as usize);
        }
    }
    let mut offers = vec![Offer::new(ListPriority::Preferred, 0.0, 0, 0.0); start[start.len() - 1]];
    let mut fill = start.clone();
    for &(applicant, offer) in chunks.iter().flat_map(|chunk| &chunk.attended) {
        offers[fill[applicant as usize]] = offer;
        fill[applicant as usize] += 1;
    }
    (offers, start)
}

/// One applicant answering one round's invitations.
struct Answer<'a> {
    season: &'a Season<'a>,
    programs: &'a Programs,
    applications: &'a Applications,
    index: usize,
}

impl Answer<'_> {
    /// One preference draw per invitation, then the most preferred are accepted up to the
    /// allowances: `held` counts the interviews held on the main and the preliminary allowance.
    fn attend(
        &self,
        received: &[(u32, f32)],
        rng: &mut StreamRng,
        held: &mut [u32; 2],
        offers: &mut Vec<Offer>,
        attended: &mut Vec<(u32, Offer)>,
    ) {
        let (setup, params) = (self.season.setup, self.season.params);
        let applicant = &self.applications.applicants[self.index];
        let in_list_order = self
            .season
            .probe_list(self.index)
            .filter(|list| list.ranked_in_list_order);
        offers.clear();
        offers.extend(received.iter().map(|&(track, evaluation)| {
            let noise = params.applicant_rank_noise_sd * standard_normal(rng);
            match in_list_order {
                // A probe ranking in list order prefers its interviews in the order of its list.
                Some(list) => {
                    let position = list.tracks.iter().position(|&t| t == track).unwrap_or(0);
                    Offer::new(
                        ListPriority::Preferred,
                        -(position as f32),
                        track,
                        evaluation,
                    )
                }
                None => {
                    let sim = &setup.tracks[track as usize];
                    let priority = if sim.preliminary {
                        ListPriority::Preliminary
                    } else if sim.specialty == applicant.specialty {
                        ListPriority::Preferred
                    } else {
                        ListPriority::Backup
                    };
                    let utility = self.programs.of_track(track) + noise;
                    Offer::new(priority, utility as f32, track, evaluation)
                }
            }
        }));
        offers.sort_unstable_by_key(|offer| offer.preference);
        // Applicants to specialties that start at PGY-2 also need a preliminary year, so
        // their preliminary interviews have an allowance of their own.
        let separate = setup.specialties[usize::from(applicant.specialty)].advanced;
        let limit = params.max_interviews as usize;
        for &offer in offers.iter() {
            let (slot, cap) = if separate && offer.is_preliminary() {
                (1, (limit as f64 * PRELIMINARY_ALLOWANCE_SHARE) as usize)
            } else {
                (0, limit)
            };
            if (held[slot] as usize) < cap {
                held[slot] += 1;
                attended.push((self.index as u32, offer));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::season::keys::evaluation_key;

    #[test]
    fn a_queue_invites_the_best_first_round_after_round_and_reports_its_cutoff() {
        let mut list: Vec<u64> = [(0.5f32, 0u32), (2.0, 1), (-1.0, 2), (1.0, 3), (0.0, 4)]
            .iter()
            .map(|&(e, a)| evaluation_key(e, a))
            .collect();
        let mut queue = TrackQueue {
            list: &mut list,
            window_end: 0,
            next: 0,
            capacity: 2,
        };
        assert_eq!(queue.cutoff(), f32::INFINITY);
        // A round's invitations come in no particular order.
        let round = |queue: &mut TrackQueue<'_>, open: usize| {
            let mut invitations = Vec::new();
            queue.invite(7, open, 10, &mut invitations);
            invitations.sort_by(|a, b| b.2.total_cmp(&a.2));
            invitations
        };
        assert_eq!(round(&mut queue, 2), [(1, 7, 2.0), (3, 7, 1.0)]);
        assert_eq!(queue.cutoff(), 1.0);
        assert_eq!(round(&mut queue, 1), [(0, 7, 0.5)]);
        assert_eq!(queue.cutoff(), 0.5);
        assert_eq!(round(&mut queue, 5), [(4, 7, 0.0), (2, 7, -1.0)]);
        assert_eq!(queue.cutoff(), f32::NEG_INFINITY);
    }

    #[test]
    fn offers_order_by_list_then_utility_then_track() {
        let mut offers = [
            Offer::new(ListPriority::Preliminary, 5.0, 1, 0.0),
            Offer::new(ListPriority::Preferred, -1.0, 2, 0.0),
            Offer::new(ListPriority::Backup, 3.0, 3, 0.0),
            Offer::new(ListPriority::Preferred, 2.0, 4, 0.0),
            Offer::new(ListPriority::Preferred, 2.0, 0, 0.0),
        ];
        offers.sort_unstable_by_key(|offer| offer.preference);
        let tracks: Vec<u32> = offers.iter().map(Offer::track).collect();
        assert_eq!(tracks, [0, 4, 2, 3, 1]);
        assert!(offers[0].is_preferred_specialty() && offers[4].is_preliminary());
    }
}
