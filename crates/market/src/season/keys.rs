//! Orders as integers: the season sorts millions of (value, index) pairs, and sorting one
//! integer whose unsigned order is the wanted order is much faster than comparing pairs.

/// The order in which a track considers its applications as one integer: evaluation
/// descending (in `f32::total_cmp` order), then applicant index ascending. Sorting integers
/// is much faster than sorting pairs with a comparison closure, and gives the same order.
pub(crate) fn evaluation_key(evaluation: f32, applicant: u32) -> u64 {
    let bits = evaluation.to_bits();
    // Flipping the sign bit of positive numbers and every bit of negative ones makes the
    // unsigned order of the bits the total order of the numbers.
    let ordered = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 0x8000_0000
    };
    (u64::from(!ordered) << 32) | u64::from(applicant)
}

/// An integer whose unsigned order is the reverse of `f64::total_cmp` order.
pub(crate) fn descending_key(value: f64) -> u64 {
    let bits = value.to_bits();
    let ordered = if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    };
    !ordered
}

/// The value a [`descending_key`] holds.
pub(crate) fn descending_key_value(key: u64) -> f64 {
    let ordered = !key;
    let bits = if ordered >> 63 == 1 {
        ordered & !(1 << 63)
    } else {
        !ordered
    };
    f64::from_bits(bits)
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
    fn descending_keys_reverse_the_order_and_keep_the_value() {
        let values = [2.0, -1.0, 0.5, -0.0, 1e-9];
        let mut keys: Vec<u64> = values.iter().map(|&v| descending_key(v)).collect();
        keys.sort_unstable();
        let back: Vec<f64> = keys.iter().map(|&k| descending_key_value(k)).collect();
        assert_eq!(back, [2.0, 0.5, 1e-9, -0.0, -1.0]);
    }
}
