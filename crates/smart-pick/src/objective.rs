//! The list objective, computed in one place for the optimizer and the results: given, per
//! level of worth and latent node, the chance that no program of the level on the list matches
//! (the miss table), the chance of matching anywhere and the worth expected. Levels are ranked
//! highest first, so an applicant reaches a level only when every level above it missed.

/// What a list is expected to give.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ListOutcome {
    /// The chance of matching somewhere on the list.
    pub p_match: f64,
    /// The worth expected (P(match) when every program is of equal worth 1).
    pub worth: f64,
}

/// The outcome of a miss table laid out level after level, `node_weights` holding the
/// quadrature weight of each latent node.
pub(crate) fn list_outcome(
    level_worth: &[f64],
    node_weights: impl ExactSizeIterator<Item = f64>,
    miss: &[f64],
) -> ListOutcome {
    let nodes = node_weights.len();
    let mut outcome = ListOutcome {
        p_match: 0.0,
        worth: 0.0,
    };
    for (node, weight) in node_weights.enumerate() {
        let mut reach = 1.0;
        for (level, &level_worth) in level_worth.iter().enumerate() {
            let m = miss[level * nodes + node];
            outcome.worth += weight * reach * level_worth * (1.0 - m);
            reach *= m;
        }
        outcome.p_match += weight * (1.0 - reach);
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_level_gives_the_chance_of_any_match_as_its_worth() {
        // Two nodes of equal weight; misses 0.5 and 0.2.
        let outcome = list_outcome(&[1.0], [0.5, 0.5].into_iter(), &[0.5, 0.2]);
        assert!((outcome.p_match - 0.65).abs() < 1e-12);
        assert!((outcome.worth - 0.65).abs() < 1e-12);
    }

    #[test]
    fn a_lower_level_counts_only_when_the_higher_one_missed() {
        // One node: the top level misses with 0.6, the second (worth 0.5) with 0.5.
        let outcome = list_outcome(&[1.0, 0.5], [1.0].into_iter(), &[0.6, 0.5]);
        assert!((outcome.p_match - (1.0 - 0.6 * 0.5)).abs() < 1e-12);
        assert!((outcome.worth - (0.4 + 0.6 * 0.5 * 0.5)).abs() < 1e-12);
    }
}
