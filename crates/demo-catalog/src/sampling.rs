//! Small sampling helpers on a caller's seeded random number generator: weighted choices,
//! weighted subsets, and splitting a total into whole parts in proportion to weights.

use rand::{Rng, RngExt};

/// Picks an index with probability proportional to its weight. Weights must be non-negative
/// with a positive sum.
pub(crate) fn weighted_index<R: Rng>(rng: &mut R, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut target = rng.random::<f64>() * total;
    for (index, weight) in weights.iter().enumerate() {
        if target < *weight {
            return index;
        }
        target -= weight;
    }
    // Rounding can leave the target a hair above the last weight; the last positive weight
    // is then the right answer.
    weights
        .iter()
        .rposition(|weight| *weight > 0.0)
        .expect("weights have a positive sum")
}

/// Picks a value from `(value, weight)` pairs with probability proportional to the weight.
pub(crate) fn weighted_choice<R: Rng, T: Copy>(rng: &mut R, choices: &[(T, f64)]) -> T {
    let weights: Vec<f64> = choices.iter().map(|(_, weight)| *weight).collect();
    choices[weighted_index(rng, &weights)].0
}

/// Picks `count` distinct indices, each draw favouring larger weights (weighted sampling
/// without replacement, by the Efraimidis–Spirakis keys `u^(1/w)`). Returns them in ascending
/// order. Every weight must be positive.
pub(crate) fn weighted_subset<R: Rng>(rng: &mut R, weights: &[f64], count: usize) -> Vec<usize> {
    assert!(
        count <= weights.len(),
        "cannot pick {count} of {} items",
        weights.len()
    );
    if count == 0 {
        return Vec::new();
    }
    // Comparing ln(u)/w is the same order as u^(1/w) and keeps precision for small weights.
    let mut keyed: Vec<(f64, usize)> = weights
        .iter()
        .enumerate()
        .map(|(index, weight)| {
            let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
            (u.ln() / weight, index)
        })
        .collect();
    // Only which items have the largest keys matters, not their order, so a selection does.
    keyed.select_nth_unstable_by(count - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<usize> = keyed[..count].iter().map(|(_, index)| *index).collect();
    chosen.sort_unstable();
    chosen
}

/// Splits `total` into one whole part per weight, each at least one, adding up to `total`
/// exactly: every part gets one, and the rest is shared in proportion to the weights, with
/// the leftover units going to the largest remainders.
pub(crate) fn apportion(total: u32, weights: &[f64]) -> Vec<u32> {
    let parts = weights.len() as u32;
    assert!(
        total >= parts,
        "cannot split {total} into {parts} parts of at least one"
    );
    if weights.is_empty() {
        return Vec::new();
    }
    let rest = f64::from(total - parts);
    let weight_sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights
        .iter()
        .map(|weight| {
            if weight_sum > 0.0 {
                rest * weight / weight_sum
            } else {
                rest / f64::from(parts)
            }
        })
        .collect();
    let mut result: Vec<u32> = exact.iter().map(|share| 1 + share.floor() as u32).collect();
    let assigned: u32 = result.iter().sum();
    let mut by_remainder: Vec<usize> = (0..weights.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        let remainder = |i: usize| exact[i] - exact[i].floor();
        remainder(b).total_cmp(&remainder(a)).then(a.cmp(&b))
    });
    for index in by_remainder.into_iter().take((total - assigned) as usize) {
        result[index] += 1;
    }
    result
}

/// Splits `total` into whole counts in proportion to `shares` (largest remainders), adding up
/// to `total` exactly; parts may be zero.
pub(crate) fn split_by_shares(total: u32, shares: &[f64]) -> Vec<u32> {
    let share_sum: f64 = shares.iter().sum();
    let exact: Vec<f64> = shares
        .iter()
        .map(|share| f64::from(total) * share / share_sum)
        .collect();
    let mut result: Vec<u32> = exact.iter().map(|value| value.floor() as u32).collect();
    let assigned: u32 = result.iter().sum();
    let mut by_remainder: Vec<usize> = (0..shares.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        let remainder = |i: usize| exact[i] - exact[i].floor();
        remainder(b).total_cmp(&remainder(a)).then(a.cmp(&b))
    });
    for index in by_remainder.into_iter().take((total - assigned) as usize) {
        result[index] += 1;
    }
    result
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    #[test]
    fn apportion_adds_up_exactly_and_gives_everyone_one() {
        assert_eq!(apportion(10, &[1.0, 1.0, 2.0]), vec![3, 3, 4]);
        assert_eq!(apportion(3, &[5.0, 0.1, 0.1]), vec![1, 1, 1]);
        assert_eq!(apportion(7, &[0.0, 0.0]), vec![4, 3]);
        let weights: Vec<f64> = (1..=758).map(|i| f64::from(i % 17 + 1)).collect();
        let parts = apportion(10_941, &weights);
        assert_eq!(parts.iter().sum::<u32>(), 10_941);
        assert!(parts.iter().all(|part| *part >= 1));
    }

    #[test]
    fn split_by_shares_adds_up_exactly() {
        assert_eq!(split_by_shares(10, &[0.25, 0.25, 0.5]), vec![3, 2, 5]);
        assert_eq!(split_by_shares(0, &[0.5, 0.5]), vec![0, 0]);
        assert_eq!(
            split_by_shares(817, &[0.221, 0.4954, 0.2835])
                .iter()
                .sum::<u32>(),
            817
        );
    }

    #[test]
    fn weighted_subset_is_distinct_and_favours_heavy_items() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let weights = [100.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        let mut heavy_chosen = 0;
        for _ in 0..200 {
            let picked = weighted_subset(&mut rng, &weights, 2);
            assert_eq!(picked.len(), 2);
            assert!(picked[0] < picked[1], "distinct and ascending: {picked:?}");
            heavy_chosen += usize::from(picked[0] == 0);
        }
        assert!(
            heavy_chosen > 190,
            "heavy item chosen {heavy_chosen} of 200 times"
        );
        assert_eq!(
            weighted_subset(&mut rng, &weights, 10),
            (0..10).collect::<Vec<_>>()
        );
        assert!(weighted_subset(&mut rng, &weights, 0).is_empty());
    }

    #[test]
    fn weighted_index_follows_the_weights() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[weighted_index(&mut rng, &[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(counts[1], 0);
        let share = f64::from(counts[2]) / 30_000.0;
        assert!((share - 0.75).abs() < 0.015, "{share}");
    }
}
