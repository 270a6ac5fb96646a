//! Slow, obviously correct reference implementations for single applicants without
//! supplemental lists: exhaustive search over all matchings, program-proposing deferred
//! acceptance, and a stability check written straight from the definition.

use match_engine::{ApplicantIdx, Market, MarketSpec, Matching, TrackIdx, blocking_pairs};

/// Where an applicant ranks a track (0 is best); `None` when they do not rank it.
fn applicant_position(spec: &MarketSpec, applicant: usize, track: usize) -> Option<usize> {
    spec.applicants[applicant]
        .rank
        .iter()
        .position(|e| e.track.index() == track)
}

/// Where a track ranks an applicant (0 is best); `None` when it does not rank them.
fn track_position(spec: &MarketSpec, track: usize, applicant: usize) -> Option<usize> {
    spec.tracks[track]
        .rank
        .iter()
        .position(|a| a.index() == applicant)
}

/// How much an applicant likes an assignment: lower is better, unmatched is last.
fn applicant_cost(spec: &MarketSpec, applicant: usize, track: Option<TrackIdx>) -> usize {
    match track {
        Some(t) => applicant_position(spec, applicant, t.index()).unwrap_or(usize::MAX),
        None => spec.applicants[applicant].rank.len(),
    }
}

/// Every stable matching, found by trying every assignment of applicants to tracks both sides
/// ranked (or to nothing) and keeping those the checker passes.
pub fn all_stable_matchings(market: &Market) -> Vec<Matching> {
    let spec = market.spec();
    let choices: Vec<Vec<Option<TrackIdx>>> = (0..spec.applicants.len())
        .map(|a| {
            let mut options = vec![None];
            for entry in &spec.applicants[a].rank {
                if track_position(spec, entry.track.index(), a).is_some() {
                    options.push(Some(entry.track));
                }
            }
            options
        })
        .collect();
    let mut stable = Vec::new();
    let mut pick = vec![0usize; choices.len()];
    loop {
        let mut matching = Matching::empty(market);
        for (a, &p) in pick.iter().enumerate() {
            matching.track_of[a] = choices[a][p];
        }
        if blocking_pairs(market, &matching).is_empty() {
            stable.push(matching);
        }
        // Advance the odometer over all choices.
        let mut digit = 0;
        loop {
            if digit == pick.len() {
                return stable;
            }
            pick[digit] += 1;
            if pick[digit] < choices[digit].len() {
                break;
            }
            pick[digit] = 0;
            digit += 1;
        }
    }
}

/// The stable matching every applicant likes at least as much as every other stable matching,
/// if there is one (theory says there always is for single applicants).
pub fn applicant_optimal(market: &Market, stable: &[Matching]) -> Option<Matching> {
    let spec = market.spec();
    stable
        .iter()
        .find(|candidate| {
            stable.iter().all(|other| {
                (0..spec.applicants.len()).all(|a| {
                    applicant_cost(spec, a, candidate.track_of[a])
                        <= applicant_cost(spec, a, other.track_of[a])
                })
            })
        })
        .cloned()
}

/// Deferred acceptance with tracks proposing, for single applicants only.
pub fn program_proposing(market: &Market) -> Matching {
    let spec = market.spec();
    let mut matching = Matching::empty(market);
    let mut next_offer = vec![0usize; spec.tracks.len()];
    let mut held = vec![0u32; spec.tracks.len()];
    loop {
        let mut offered = false;
        for t in 0..spec.tracks.len() {
            while held[t] < spec.tracks[t].quota && next_offer[t] < spec.tracks[t].rank.len() {
                let a = spec.tracks[t].rank[next_offer[t]].index();
                next_offer[t] += 1;
                offered = true;
                let Some(position) = applicant_position(spec, a, t) else {
                    continue;
                };
                let current = matching.track_of[a];
                let better = current.is_none_or(|c| {
                    position < applicant_position(spec, a, c.index()).unwrap_or(usize::MAX)
                });
                if better {
                    if let Some(c) = current {
                        held[c.index()] -= 1;
                    }
                    matching.track_of[a] = Some(TrackIdx(t as u32));
                    held[t] += 1;
                }
            }
        }
        if !offered {
            return matching;
        }
    }
}

/// The problems of a singles matching, straight from the definitions, in the checker's order
/// and words: `over-quota T`, `unacceptable A T`, `applicant A T`.
pub fn naive_problems(market: &Market, matching: &Matching) -> Vec<String> {
    let spec = market.spec();
    let mut problems = Vec::new();
    for t in 0..spec.tracks.len() {
        let count = matching
            .track_of
            .iter()
            .filter(|h| **h == Some(TrackIdx(t as u32)))
            .count();
        if count as u32 > matching.quotas[t] {
            problems.push(format!("over-quota {t}"));
        }
    }
    for a in 0..spec.applicants.len() {
        if let Some(t) = matching.track_of[a]
            && (applicant_position(spec, a, t.index()).is_none()
                || track_position(spec, t.index(), a).is_none())
        {
            problems.push(format!("unacceptable {a} {}", t.0));
        }
    }
    for a in 0..spec.applicants.len() {
        // An assignment either side did not rank counts as no assignment at all.
        let mine = match matching.track_of[a] {
            Some(t) if track_position(spec, t.index(), a).is_some() => {
                applicant_position(spec, a, t.index()).unwrap_or(spec.applicants[a].rank.len())
            }
            _ => spec.applicants[a].rank.len(),
        };
        for entry in &spec.applicants[a].rank[..mine] {
            let t = entry.track.index();
            let Some(me) = track_position(spec, t, a) else {
                continue;
            };
            // The track would take `a` when fewer than its quota of its holders are ranked
            // above `a`; holders it does not rank count as below everyone.
            let preferred = (0..spec.applicants.len())
                .filter(|&b| matching.track_of[b] == Some(entry.track))
                .filter(|&b| track_position(spec, t, b).is_some_and(|theirs| theirs < me))
                .count();
            if (preferred as u32) < matching.quotas[t] {
                problems.push(format!("applicant {a} {t}"));
            }
        }
    }
    problems
}

/// The checker's findings in the words of [`naive_problems`].
pub fn checker_problems(market: &Market, matching: &Matching) -> Vec<String> {
    use match_engine::BlockingPair as B;
    blocking_pairs(market, matching)
        .into_iter()
        .map(|b| match b {
            B::OverQuota { track, .. } => format!("over-quota {}", track.0),
            B::UnacceptableAssignment { applicant, track } => {
                format!("unacceptable {} {}", applicant.0, track.0)
            }
            B::Applicant { applicant, track } => format!("applicant {} {}", applicant.0, track.0),
            other => format!("{other:?}"),
        })
        .collect()
}

/// An applicant's track in a matching, by index, for compact assertions.
pub fn assignment(matching: &Matching) -> Vec<Option<u32>> {
    (0..matching.track_of.len())
        .map(|a| matching.track_of(ApplicantIdx(a as u32)).map(|t| t.0))
        .collect()
}
