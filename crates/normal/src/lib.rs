//! The standard normal distribution, once for the whole workspace: the distribution function
//! in one and two dimensions, the quantile, quantile tables that turn one random 32-bit word
//! into a draw (the simulator's draws), and Gauss–Hermite nodes for expectations over a
//! standard normal factor (Smart Pick's latent factor).

use std::f64::consts::{PI, SQRT_2};
use std::sync::LazyLock;

/// The standard normal distribution function, through the complementary error function
/// (absolute error below 1.2e-7).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / SQRT_2)
}

/// The complementary error function by the Chebyshev fit of Numerical Recipes' `erfcc`
/// (fractional error below 1.2e-7 everywhere).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let value = t * poly.exp();
    if x >= 0.0 { value } else { 2.0 - value }
}

/// Acklam's rational approximation of the standard normal quantile (relative error below
/// 1.2e-9); `p` in (0, 1).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    // Below this probability (and above its complement) the tail form applies.
    const LOW: f64 = 0.024_25;
    if p < LOW {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -normal_quantile(1.0 - p)
    }
}

/// A distribution's quantile function tabulated at `i / 2^12`, the ends pulled in by half an
/// interval, so that one uniformly random 32-bit word becomes a draw by interpolation: much
/// faster than transforming the word with logarithms or Box–Muller, and one word per draw.
pub struct QuantileTable {
    values: Vec<f64>,
}

impl QuantileTable {
    /// Resolution of the table: 2^12 intervals (a table of 32 KiB, which stays in the fastest
    /// cache).
    const BITS: u32 = 12;

    /// Tabulates `quantile` (a function of a probability strictly between 0 and 1).
    pub fn new(quantile: impl Fn(f64) -> f64) -> QuantileTable {
        let size = 1usize << Self::BITS;
        let edge = 0.5 / size as f64;
        QuantileTable {
            values: (0..=size)
                .map(|i| quantile((i as f64 / size as f64).clamp(edge, 1.0 - edge)))
                .collect(),
        }
    }

    /// The draw a uniformly random word gives.
    #[inline(always)]
    pub fn draw(&self, bits: u32) -> f64 {
        let index = (bits >> (32 - Self::BITS)) as usize;
        let fraction =
            f64::from(bits & ((1 << (32 - Self::BITS)) - 1)) / f64::from(1u32 << (32 - Self::BITS));
        let (low, high) = (self.values[index], self.values[index + 1]);
        low + fraction * (high - low)
    }
}

/// Quantiles of the standard normal (draws are bounded by about ±3.67 SD, plenty for a
/// behavioural model).
static NORMAL_TABLE: LazyLock<QuantileTable> =
    LazyLock::new(|| QuantileTable::new(normal_quantile));

/// A standard normal draw from one uniformly random 32-bit word (see [`QuantileTable`]).
#[inline(always)]
pub fn normal_from_bits(bits: u32) -> f64 {
    NORMAL_TABLE.draw(bits)
}

fn normal_density(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

/// Nodes and weights of 20-point Gauss–Legendre quadrature on [−1, 1] (half of them; the
/// rule is symmetric).
const LEGENDRE_20: [(f64, f64); 10] = [
    (0.076_526_521_133_497_33, 0.152_753_387_130_725_85),
    (0.227_785_851_141_645_08, 0.149_172_986_472_603_75),
    (0.373_706_088_715_419_56, 0.142_096_109_318_382_05),
    (0.510_867_001_950_827_1, 0.131_688_638_449_176_63),
    (0.636_053_680_726_515, 0.118_194_531_961_518_42),
    (0.746_331_906_460_150_8, 0.101_930_119_817_240_44),
    (0.839_116_971_822_218_8, 0.083_276_741_576_704_75),
    (0.912_234_428_251_326, 0.062_672_048_334_109_06),
    (0.963_971_927_277_913_8, 0.040_601_429_800_386_94),
    (0.993_128_599_185_094_9, 0.017_614_007_139_152_12),
];

/// P(X ≤ a, Y ≤ b) for standard normals X and Y with correlation `rho`.
///
/// For |ρ| ≤ 0.95 the integral over θ from 0 to asin ρ of the bivariate density's angular
/// form is taken by 20-point Gauss–Legendre; beyond, the conditional form
/// ∫ φ(x) Φ((b − ρx)/√(1−ρ²)) dx up to `a` is taken by Simpson's rule.
pub fn bivariate_normal_cdf(a: f64, b: f64, rho: f64) -> f64 {
    let rho = rho.clamp(-0.999_999, 0.999_999);
    if rho.abs() <= 0.95 {
        let limit = rho.asin();
        let half = 0.5 * limit;
        let mut sum = 0.0;
        for &(node, weight) in &LEGENDRE_20 {
            for theta in [half * (1.0 + node), half * (1.0 - node)] {
                let (sin, cos) = theta.sin_cos();
                sum += weight * (-(a * a + b * b - 2.0 * a * b * sin) / (2.0 * cos * cos)).exp();
            }
        }
        (normal_cdf(a) * normal_cdf(b) + half * sum / (2.0 * PI)).clamp(0.0, 1.0)
    } else {
        let lower = -9.0_f64;
        let upper = a.min(9.0);
        if upper <= lower {
            return 0.0;
        }
        let root = (1.0 - rho * rho).sqrt();
        let steps = 400;
        let h = (upper - lower) / f64::from(steps);
        let f = |x: f64| normal_density(x) * normal_cdf((b - rho * x) / root);
        let mut sum = f(lower) + f(upper);
        for i in 1..steps {
            let x = lower + h * f64::from(i);
            sum += if i % 2 == 1 { 4.0 } else { 2.0 } * f(x);
        }
        (sum * h / 3.0).clamp(0.0, 1.0)
    }
}

/// Nodes `z` and weights `w` such that Σ w·f(z) ≈ E f(Z) for a standard normal Z: Gauss–
/// Hermite quadrature, with the nodes found by Newton's method on the Hermite polynomials.
pub fn standard_normal_quadrature(n: usize) -> Vec<(f64, f64)> {
    let nf = n as f64;
    // Roots of the physicists' Hermite polynomial, largest first, with their weights.
    let mut roots: Vec<f64> = Vec::with_capacity(n);
    let mut pairs = Vec::with_capacity(n);
    for i in 0..n.div_ceil(2) {
        let mut root = match i {
            0 => (2.0 * nf + 1.0).sqrt() - 1.855_75 * (2.0 * nf + 1.0).powf(-1.0 / 6.0),
            1 => roots[0] - 1.14 * nf.powf(0.426) / roots[0],
            2 => 1.86 * roots[1] - 0.86 * roots[0],
            3 => 1.91 * roots[2] - 0.91 * roots[1],
            _ => 2.0 * roots[i - 1] - roots[i - 2],
        };
        let mut derivative = 1.0;
        for _ in 0..100 {
            // The orthonormal Hermite recurrence.
            let mut current = PI.powf(-0.25);
            let mut previous = 0.0;
            for j in 0..n {
                let older = previous;
                previous = current;
                let jf = j as f64;
                current =
                    root * (2.0 / (jf + 1.0)).sqrt() * previous - (jf / (jf + 1.0)).sqrt() * older;
            }
            derivative = (2.0 * nf).sqrt() * previous;
            let step = current / derivative;
            root -= step;
            if step.abs() < 1e-14 {
                break;
            }
        }
        roots.push(root);
        // Weight e^{−x²} at root x becomes a probability at z = √2·x.
        let weight = 2.0 / (derivative * derivative) / PI.sqrt();
        pairs.push((SQRT_2 * root, weight));
        if root.abs() > 1e-12 {
            pairs.push((-SQRT_2 * root, weight));
        }
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_inverts_the_distribution_function() {
        for p in [1e-6, 0.01, 0.024_25, 0.1, 0.5, 0.8, 0.975, 0.999_9] {
            let x = normal_quantile(p);
            assert!(
                (normal_cdf(x) - p).abs() < 2e-7 * p.max(1e-3),
                "p {p}: x {x}"
            );
        }
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-6);
    }

    #[test]
    fn draws_from_bits_have_the_normal_moments_and_bounds() {
        // An even sweep over the 32-bit words stands in for uniform random words.
        let draws: Vec<f64> = (0..1u64 << 16)
            .map(|i| normal_from_bits((i << 16 | 0x8000) as u32))
            .collect();
        let n = draws.len() as f64;
        let mean = draws.iter().sum::<f64>() / n;
        let variance = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        assert!(mean.abs() < 1e-3, "mean {mean}");
        assert!((variance - 1.0).abs() < 5e-3, "variance {variance}");
        // The ends: the quantiles half an interval in from 0 and 1, about ±3.67.
        for (bits, end) in [(0, -3.668), (u32::MAX, 3.668)] {
            assert!((normal_from_bits(bits) - end).abs() < 1e-3, "{bits}");
        }
        assert!(normal_from_bits(u32::MAX / 2) < normal_from_bits(u32::MAX / 2 + 4096));
    }

    #[test]
    fn normal_cdf_matches_known_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.96) - 0.975_002_1).abs() < 1e-6);
        assert!((normal_cdf(-1.0) - 0.158_655_25).abs() < 1e-6);
    }

    #[test]
    fn bivariate_cdf_has_the_right_limits_and_values() {
        // Independence.
        let p = bivariate_normal_cdf(0.3, -0.4, 0.0);
        assert!((p - normal_cdf(0.3) * normal_cdf(-0.4)).abs() < 1e-7);
        // At the origin: 1/4 + asin(ρ)/(2π).
        for rho in [-0.9, -0.5, 0.2, 0.87, 0.97, 0.99] {
            let p = bivariate_normal_cdf(0.0, 0.0, rho);
            let expected = 0.25 + f64::asin(rho) / (2.0 * PI);
            assert!((p - expected).abs() < 2e-5, "rho {rho}: {p} vs {expected}");
        }
        // Far out in one coordinate, the other's marginal.
        let p = bivariate_normal_cdf(8.0, 0.7, 0.6);
        assert!((p - normal_cdf(0.7)).abs() < 1e-6);
        // Continuity across the switch of method.
        let below = bivariate_normal_cdf(0.5, 1.0, 0.95);
        let above = bivariate_normal_cdf(0.5, 1.0, 0.950_001);
        assert!((below - above).abs() < 1e-4);
    }

    #[test]
    fn quadrature_integrates_normal_moments() {
        let nodes = standard_normal_quadrature(16);
        assert_eq!(nodes.len(), 16);
        let moment = |k: i32| nodes.iter().map(|(z, w)| w * z.powi(k)).sum::<f64>();
        assert!((moment(0) - 1.0).abs() < 1e-10);
        assert!(moment(1).abs() < 1e-10);
        assert!((moment(2) - 1.0).abs() < 1e-9);
        assert!((moment(4) - 3.0).abs() < 1e-8);
        let odd = standard_normal_quadrature(9);
        assert_eq!(odd.len(), 9);
        assert!((odd.iter().map(|(z, w)| w * z * z).sum::<f64>() - 1.0).abs() < 1e-9);
    }
}
