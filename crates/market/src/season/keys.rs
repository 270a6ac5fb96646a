//! Orders as integers: the season sorts millions of (value, index) pairs, and sorting one
//! integer whose unsigned order is the wanted order is much faster than comparing pairs.

/// The order in which a track considers its applications as one integer: evaluation
/// descending (in `f32::total_cmp` order), then applicant index ascending. Sorting integers
/// is much faster than sorting pairs with a comparison closure, and gives the same order.
pub(crate) fn evaluation_key(evaluation: f32, applicant: u32) -> u64 {
    (u64::from(!ascending_key32(evaluation)) << 32) | u64::from(applicant)
}

/// An integer whose unsigned order is `f32::total_cmp` order.
pub(crate) fn ascending_key32(value: f32) -> u32 {
    let bits = value.to_bits();
    // Flipping the sign bit of positive numbers and every bit of negative ones makes the
    // unsigned order of the bits the total order of the numbers.
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 0x8000_0000
    }
}

/// The evaluation an [`evaluation_key`] holds.
pub(crate) fn key_evaluation(key: u64) -> f32 {
    let ordered = !((key >> 32) as u32);
    let bits = if ordered >> 31 == 1 {
        ordered & 0x7FFF_FFFF
    } else {
        !ordered
    };
    f32::from_bits(bits)
}

/// The applicant an [`evaluation_key`] holds.
pub(crate) fn key_applicant(key: u64) -> u32 {
    key as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluation_keys_sort_by_evaluation_descending_then_applicant() {
        let pairs = [(1.5f32, 3u32), (-0.25, 1), (1.5, 2), (0.0, 9), (-7.0, 0)];
        let mut keys: Vec<u64> = pairs.iter().map(|&(e, a)| evaluation_key(e, a)).collect();
        keys.sort_unstable();
        let back: Vec<(f32, u32)> = keys
            .iter()
            .map(|&k| (key_evaluation(k), key_applicant(k)))
            .collect();
        assert_eq!(back, [(1.5, 2), (1.5, 3), (0.0, 9), (-0.25, 1), (-7.0, 0)]);
    }

    #[test]
    fn ascending_keys_follow_the_total_order() {
        let values = [2.0f32, -1.0, 0.5, -0.0, 0.0, 1e-9, f32::NEG_INFINITY];
        let mut sorted = values;
        sorted.sort_by(f32::total_cmp);
        let mut by_key = values;
        by_key.sort_by_key(|&v| ascending_key32(v));
        assert_eq!(sorted.map(f32::to_bits), by_key.map(f32::to_bits));
    }
}
