//! Choosing the application list: greedy by marginal gain over the latent factor's nodes,
//! then single swaps, within a budget of applications and ERAS fees.
//!
//! The objective for a set S is E_z[Σ_ℓ A_ℓ(z) w_ℓ (1 − R_ℓ(z))], where programs are grouped in
//! levels of equal worth w_ℓ (highest first, ranked in that order), R_ℓ(z) is the chance of
//! being matchable nowhere in level ℓ given the latent factor z, and A_ℓ = Π_{m<ℓ} R_m the
//! chance of reaching level ℓ unmatched. With one level of worth 1 it is P(match). Given z,
//! programs' outcomes are independent; over z they are not, which is why the expectation is
//! taken outside the product. Adding program c to level ℓ gains
//! E_z[q_c (A_ℓ w_ℓ R_ℓ − T_ℓ)], T_ℓ being the worth expected below level ℓ, which is never
//! negative: adding a program never lowers the objective, so the curve never falls.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use targets::FeeSchedule;

use crate::objective::{ListOutcome, list_outcome};

/// Chances are kept below one so that removing a program (dividing it out) stays finite.
const MAX_CHANCE: f64 = 0.999_999;
/// Non-chosen programs tried as swaps for each chosen one.
const SWAP_CANDIDATES: usize = 30;

/// The optimization problem.
#[derive(Debug, Clone)]
pub struct Problem<'a> {
    /// Weights of the latent factor's nodes (summing to one).
    pub node_weights: &'a [f64],
    /// Worth of each level, highest first.
    pub level_worth: &'a [f64],
    /// Per candidate, its P(interview and matchable) at each node, flattened
    /// (`candidates × nodes`).
    pub chances: &'a [f64],
    /// Per candidate, its level.
    pub levels: &'a [usize],
    /// Per candidate, its fee group (specialty): fees count per group.
    pub groups: &'a [usize],
    /// The budget.
    pub budget: Budget,
    /// Per candidate, how desirable applicants find its program (the model's mean): what
    /// the applications beyond the point of diminishing returns go to.
    pub desirability: &'a [f64],
    /// The curve is extended to at least this many applications (beyond the budget) so the
    /// applicant sees what more would bring.
    pub curve_to: u32,
    /// How long the list is.
    pub length: ListLength,
}

/// How long a list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLength {
    /// As the budget allows: the programs that reach within [`ENOUGH_WITHIN`] of the best
    /// objective the budget allows, then the most desirable programs where the chance is at
    /// least [`FILL_MIN_CHANCE`].
    FillBudget,
    /// Only the programs that reach within [`ENOUGH_WITHIN`] of the best objective the budget
    /// allows (the point of diminishing returns).
    DiminishingReturns,
}

/// The point of diminishing returns: the fewest applications whose objective is within this of
/// the best the budget allows (one point of P(match)).
pub const ENOUGH_WITHIN: f64 = 0.01;

/// The least P(match) at a program for it to take one of the applications beyond the point
/// of diminishing returns: a reach, not an application with no hope.
pub const FILL_MIN_CHANCE: f64 = 0.01;

/// A budget: applications, and optionally dollars of ERAS fees.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Most applications.
    pub applications: u32,
    /// Most dollars.
    pub dollars: Option<u32>,
    /// The fee schedule.
    pub fees: &'static FeeSchedule,
}

/// One point of the curve of the objective against the number of applications.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CurvePoint {
    /// Applications.
    pub applications: u32,
    /// The objective (P(match) when programs are of equal worth).
    pub value: f64,
    /// P(match) of the list.
    pub p_match: f64,
    /// ERAS fees in US dollars for these applications.
    pub cost_usd: u32,
}

/// The chosen list.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// Chosen candidates.
    pub chosen: Vec<usize>,
    /// The objective of the chosen list.
    pub value: f64,
    /// ERAS fees of the chosen list.
    pub cost_usd: u32,
    /// The curve from one application up to the budget or `curve_to`, whichever is larger
    /// (and no more than the candidates).
    pub curve: Vec<CurvePoint>,
    /// The point of diminishing returns: the fewest applications whose objective is within
    /// [`ENOUGH_WITHIN`] of the best the budget allows.
    pub enough: u32,
    /// The best objective the budget allows (as the greedy choice finds it).
    pub budget_best: f64,
}

/// A candidate in the lazy greedy's queue with its key as of a step: the highest key first,
/// the lowest index among equal keys.
struct Queued {
    key: f64,
    candidate: usize,
    step: usize,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Queued) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Queued {}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Queued) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Queued {
    fn cmp(&self, other: &Queued) -> Ordering {
        self.key
            .total_cmp(&other.key)
            .then(other.candidate.cmp(&self.candidate))
    }
}

struct State<'p, 'a> {
    problem: &'p Problem<'a>,
    nodes: usize,
    /// Per level and node: Π(1 − q) over chosen candidates of the level.
    miss: Vec<f64>,
    counts: Vec<u32>,
}

impl<'p, 'a> State<'p, 'a> {
    fn new(problem: &'p Problem<'a>) -> State<'p, 'a> {
        let nodes = problem.node_weights.len();
        let groups = problem.groups.iter().copied().max().map_or(0, |g| g + 1);
        State {
            problem,
            nodes,
            miss: vec![1.0; problem.level_worth.len() * nodes],
            counts: vec![0; groups],
        }
    }

    fn chance(&self, candidate: usize, node: usize) -> f64 {
        self.problem.chances[candidate * self.nodes + node].min(MAX_CHANCE)
    }

    /// Per level and node, the coefficient of q in the gain of adding to that level, times
    /// the node's weight.
    fn coefficients(&self) -> Vec<f64> {
        let levels = self.problem.level_worth.len();
        let mut coefficients = vec![0.0; levels * self.nodes];
        for node in 0..self.nodes {
            // Worth expected from levels below each level, given reaching it.
            let mut reach = vec![1.0; levels];
            for level in 1..levels {
                reach[level] = reach[level - 1] * self.miss[(level - 1) * self.nodes + node];
            }
            let mut below = 0.0;
            for level in (0..levels).rev() {
                let miss = self.miss[level * self.nodes + node];
                let worth = self.problem.level_worth[level];
                coefficients[level * self.nodes + node] =
                    self.problem.node_weights[node] * (reach[level] * worth * miss - below);
                below += reach[level] * worth * (1.0 - miss);
            }
        }
        coefficients
    }

    fn outcome(&self) -> ListOutcome {
        list_outcome(
            self.problem.level_worth,
            self.problem.node_weights.iter().copied(),
            &self.miss,
        )
    }

    fn value(&self) -> f64 {
        self.outcome().worth
    }

    fn p_match(&self) -> f64 {
        self.outcome().p_match
    }

    fn gain(&self, coefficients: &[f64], candidate: usize) -> f64 {
        let level = self.problem.levels[candidate];
        let row = &coefficients[level * self.nodes..(level + 1) * self.nodes];
        (0..self.nodes)
            .map(|node| self.chance(candidate, node) * row[node])
            .sum()
    }

    fn add(&mut self, candidate: usize) {
        let level = self.problem.levels[candidate];
        for node in 0..self.nodes {
            self.miss[level * self.nodes + node] *= 1.0 - self.chance(candidate, node);
        }
        self.counts[self.problem.groups[candidate]] += 1;
    }

    fn remove(&mut self, candidate: usize) {
        let level = self.problem.levels[candidate];
        for node in 0..self.nodes {
            self.miss[level * self.nodes + node] /= 1.0 - self.chance(candidate, node);
        }
        self.counts[self.problem.groups[candidate]] -= 1;
    }

    fn added_cost(&self, candidate: usize) -> u32 {
        let fees = self.problem.budget.fees;
        let count = self.counts[self.problem.groups[candidate]];
        fees.fee_for_programs(count + 1) - fees.fee_for_programs(count)
    }

    fn cost(&self) -> u32 {
        let fees = self.problem.budget.fees;
        self.counts.iter().map(|&c| fees.fee_for_programs(c)).sum()
    }
}

/// Chooses the list: greedy additions by marginal gain (per dollar when dollars are limited)
/// until the budget is spent, then swaps of a chosen program for an unchosen one (that keeps
/// the fees within the budget) while any improves the objective.
pub fn optimize(problem: &Problem<'_>) -> Selection {
    let candidates = problem.levels.len();
    let mut state = State::new(problem);
    let mut chosen: Vec<usize> = Vec::new();
    let mut curve = Vec::new();
    let mut within_budget = 0;
    let mut budget_value = 0.0;
    let limit = problem.budget.applications.max(problem.curve_to) as usize;
    let by_dollars = problem.budget.dollars.is_some();
    // Lazy greedy: no candidate's gain grows as the list grows (another program lowers every
    // marginal gain, and a specialty's fee per program only rises), so a key computed at an
    // earlier step bounds the key now, and only the candidate on top of the queue needs its
    // key again. It chooses as a full scan would: the highest key, the lowest index on ties.
    let key_of = |state: &State<'_, '_>, coefficients: &[f64], candidate: usize| {
        let gain = state.gain(coefficients, candidate);
        if by_dollars {
            gain / f64::from(state.added_cost(candidate).max(1))
        } else {
            gain
        }
    };
    let mut queue: BinaryHeap<Queued> = {
        let coefficients = state.coefficients();
        (0..candidates)
            .map(|candidate| Queued {
                key: key_of(&state, &coefficients, candidate),
                candidate,
                step: 0,
            })
            .filter(|queued| queued.key > 0.0)
            .collect()
    };
    while chosen.len() < limit.min(candidates) {
        let coefficients = state.coefficients();
        let step = chosen.len();
        let next = loop {
            let Some(top) = queue.pop() else { break None };
            if top.step == step {
                break Some(top.candidate);
            }
            let key = key_of(&state, &coefficients, top.candidate);
            if key > 0.0 {
                queue.push(Queued { key, step, ..top });
            }
        };
        let Some(candidate) = next else { break };
        let cost_after = state.cost() + state.added_cost(candidate);
        state.add(candidate);
        chosen.push(candidate);
        let value = state.value();
        curve.push(CurvePoint {
            applications: chosen.len() as u32,
            value,
            p_match: state.p_match(),
            cost_usd: cost_after,
        });
        let fits = chosen.len() as u32 <= problem.budget.applications
            && problem.budget.dollars.is_none_or(|d| cost_after <= d);
        if fits && within_budget == chosen.len() - 1 {
            within_budget = chosen.len();
            budget_value = value;
        }
    }

    // The point of diminishing returns: the shortest prefix within a point of the budget's.
    let enough = curve[..within_budget]
        .iter()
        .position(|point| point.value >= budget_value - ENOUGH_WITHIN)
        .map_or(0, |at| at + 1);
    // The selection is that prefix, improved by swaps.
    let mut state = State::new(problem);
    let mut is_chosen = vec![false; candidates];
    let mut selection: Vec<usize> = chosen[..enough].to_vec();
    for &c in &selection {
        state.add(c);
        is_chosen[c] = true;
    }
    let mut value = state.value();
    debug_assert!(enough == 0 || (value - curve[enough - 1].value).abs() < 1e-9);
    for _pass in 0..3 {
        let mut improved = false;
        for slot in selection.iter_mut() {
            let out = *slot;
            state.remove(out);
            is_chosen[out] = false;
            let coefficients = state.coefficients();
            // With dollars limited, a swap must keep the fees within them.
            let affordable = |c: usize| {
                problem.budget.dollars.is_none_or(|d| {
                    problem.groups[c] == problem.groups[out]
                        || state.cost() + state.added_cost(c) <= d
                })
            };
            let mut options: Vec<(f64, usize)> = (0..candidates)
                .filter(|&c| !is_chosen[c] && affordable(c))
                .map(|c| (state.gain(&coefficients, c), c))
                .collect();
            let keep = SWAP_CANDIDATES.min(options.len());
            if keep > 0 && keep < options.len() {
                options.select_nth_unstable_by(keep - 1, |a, b| b.0.total_cmp(&a.0));
            }
            options.truncate(keep);
            let own = state.gain(&coefficients, out);
            let best = options
                .iter()
                .copied()
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            let incoming = match best {
                Some((gain, c)) if gain > own + 1e-12 => {
                    improved = true;
                    c
                }
                _ => out,
            };
            state.add(incoming);
            is_chosen[incoming] = true;
            *slot = incoming;
        }
        let new_value = state.value();
        if !improved || new_value <= value + 1e-12 {
            value = value.max(new_value);
            break;
        }
        value = new_value;
    }
    let value = value.max(state.value());
    if enough > 0 && value > curve[enough - 1].value {
        curve[enough - 1].value = value;
        curve[enough - 1].p_match = state.p_match();
    }
    if problem.length == ListLength::FillBudget {
        fill_budget(problem, &mut state, &mut selection, &mut is_chosen);
    }
    let value = state.value();
    if let Some(point) = curve.get_mut(selection.len().wrapping_sub(1))
        && value > point.value
    {
        point.value = value;
        point.p_match = state.p_match();
    }
    // The curve is the best known for at most n applications.
    let (mut best_value, mut best_p) = (0.0_f64, 0.0_f64);
    for point in &mut curve {
        best_value = best_value.max(point.value);
        best_p = best_p.max(point.p_match);
        point.value = best_value;
        point.p_match = best_p;
    }
    Selection {
        cost_usd: state.cost(),
        chosen: selection,
        value,
        curve,
        enough: enough as u32,
        budget_best: budget_value,
    }
}

/// Spends the rest of the budget on the most desirable programs not yet chosen (preferred
/// levels first, then the likelier) where the chance is at least [`FILL_MIN_CHANCE`], within
/// the dollars.
fn fill_budget(
    problem: &Problem<'_>,
    state: &mut State<'_, '_>,
    selection: &mut Vec<usize>,
    is_chosen: &mut [bool],
) {
    let chance = |c: usize| -> f64 {
        (0..state.nodes)
            .map(|node| problem.node_weights[node] * state.chance(c, node))
            .sum()
    };
    let mut rest: Vec<(usize, f64)> = (0..problem.levels.len())
        .filter(|&c| !is_chosen[c])
        .map(|c| (c, chance(c)))
        .filter(|&(_, p)| p >= FILL_MIN_CHANCE)
        .collect();
    // Among programs alike in level and desirability, the likelier first.
    rest.sort_by(|&(a, pa), &(b, pb)| {
        problem.levels[a]
            .cmp(&problem.levels[b])
            .then(problem.desirability[b].total_cmp(&problem.desirability[a]))
            .then(pb.total_cmp(&pa))
            .then(a.cmp(&b))
    });
    for (c, _) in rest {
        if selection.len() as u32 >= problem.budget.applications {
            break;
        }
        if problem
            .budget
            .dollars
            .is_some_and(|d| state.cost() + state.added_cost(c) > d)
        {
            continue;
        }
        state.add(c);
        is_chosen[c] = true;
        selection.push(c);
    }
}

/// The objective of a given list (for comparisons and tests).
pub fn evaluate(problem: &Problem<'_>, list: &[usize]) -> f64 {
    let mut state = State::new(problem);
    for &c in list {
        state.add(c);
    }
    state.value()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fees() -> &'static FeeSchedule {
        &targets::ERAS_FEE_SCHEDULES[0]
    }

    /// Random small problems: up to 10 candidates, 4 nodes, two levels, two fee groups. As
    /// in the model, a program's chance grows with the latent factor: each candidate's chances
    /// rise from node to node.
    fn problem_strategy() -> impl Strategy<Value = (Vec<f64>, Vec<usize>, Vec<usize>, u32, bool)> {
        (3usize..=10).prop_flat_map(|n| {
            (
                proptest::collection::vec(0.0f64..0.9, n * 4).prop_map(|mut chances| {
                    for row in chances.chunks_mut(4) {
                        row.sort_by(f64::total_cmp);
                    }
                    chances
                }),
                proptest::collection::vec(0usize..2, n),
                proptest::collection::vec(0usize..2, n),
                1u32..=4,
                any::<bool>(),
            )
        })
    }

    fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        for mask in 0u32..(1 << n) {
            if mask.count_ones() as usize == k {
                out.push((0..n).filter(|i| mask & (1 << i) != 0).collect());
            }
        }
        out
    }

    proptest! {
        #[test]
        fn greedy_with_swaps_is_near_the_exhaustive_optimum(
            (chances, levels, groups, budget, weighted) in problem_strategy()
        ) {
            let node_weights = [0.1, 0.4, 0.4, 0.1];
            let worth: &[f64] = if weighted { &[1.0, 0.5] } else { &[1.0] };
            let desirability: Vec<f64> = (0..groups.len()).map(|c| (c % 3) as f64).collect();
            let levels: Vec<usize> = if weighted { levels } else { vec![0; groups.len()] };
            let problem = Problem {
                node_weights: &node_weights,
                level_worth: worth,
                chances: &chances,
                levels: &levels,
                groups: &groups,
                budget: Budget { applications: budget, dollars: None, fees: fees() },
                desirability: &desirability,
                curve_to: 0,
                length: ListLength::DiminishingReturns,
            };
            let selection = optimize(&problem);
            let n = levels.len();
            let k = (budget as usize).min(n);
            prop_assert!(selection.chosen.len() <= budget as usize);
            let best = subsets(n, k)
                .iter()
                .map(|s| evaluate(&problem, s))
                .fold(0.0f64, f64::max);
            prop_assert!(
                best - selection.value <= ENOUGH_WITHIN + 0.005,
                "optimum {best}, found {}",
                selection.value
            );
            prop_assert!(selection.chosen.len() as u32 == selection.enough);
            // Filling the budget keeps that list and only adds to it.
            let filled = optimize(&Problem { length: ListLength::FillBudget, ..problem.clone() });
            prop_assert!(filled.chosen.len() <= budget as usize);
            prop_assert!(filled.chosen.starts_with(&selection.chosen));
            prop_assert!(filled.value >= selection.value - 1e-12);
            prop_assert!((evaluate(&problem, &selection.chosen) - selection.value).abs() < 1e-9);
            for pair in selection.curve.windows(2) {
                prop_assert!(pair[1].value >= pair[0].value - 1e-12);
            }
        }

        #[test]
        fn never_over_a_dollar_budget(
            (chances, _levels, groups, _budget, _w) in problem_strategy(),
            dollars in 11u32..400,
        ) {
            let node_weights = [0.1, 0.4, 0.4, 0.1];
            let levels = vec![0; groups.len()];
            let problem = Problem {
                node_weights: &node_weights,
                level_worth: &[1.0],
                chances: &chances,
                levels: &levels,
                groups: &groups,
                budget: Budget { applications: 400, dollars: Some(dollars), fees: fees() },
                desirability: &vec![0.0; groups.len()],
                curve_to: 0,
                length: ListLength::FillBudget,
            };
            let selection = optimize(&problem);
            prop_assert!(selection.cost_usd <= dollars);
        }
    }
}
