//! One Match season end to end: applicants, applications, screening and interview offers,
//! rank order lists, couples, the match, and the tallies; and many seasons in parallel.

use match_engine::{
    ApplicantIdx, ApplicantSpec, CoupleSpec, Market, MarketSpec, MatchOptions, RankEntry,
    SupplementalListIdx, TrackIdx, TrackSpec, run_match, run_match_with,
};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};

use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use targets::STEP2_BANDS;

use crate::assumptions::{
    EXAM_FAILURE_SHARE, IMG_USCE_HANDS_ON_SHARE, IMG_USCE_MAX_MONTHS, IMG_USCE_SHARE,
    IMG_YEARS_SINCE_GRADUATION, NON_US_IMG_VISA_SHARES, STEP2_RANGE,
};
use crate::outcomes::{
    CONTIGUOUS_BINS, HISTOGRAM_BINS, HISTOGRAM_MIN_SCORE, INTERVIEW_BINS, SeasonOutcomes,
};
use crate::params::BehaviourParameters;
use crate::probe::{ProbeApplicant, ProbeError, ProbeList, ProbeOutcomes, SignalTier, VisaNeed};
use crate::setup::{ProgramTraits, ScreeningRequirements, SeasonSetup, type_index};
use crate::single::StrengthTerms;

/// The probe's draws come from their own stream family, so that inserting it leaves every
/// other applicant's draws as they were (common random numbers across probes).
/// Proposals after which a match with couples that has not settled is abandoned; a season
/// without couples settles in well under a tenth of this.
const COUPLES_PROPOSAL_LIMIT: u64 = 1_000_000;

#[allow(clippy::unusual_byte_groupings)] // The groups spell a salt, not a quantity.
const PROBE_STREAM_SALT: u64 = 0x5EED_0F_9E37_79B9;

/// A simulated applicant.
#[derive(Debug, Clone)]
pub(crate) struct Applicant {
    pub(crate) kind: usize,
    specialty: u16,
    step2: u16,
    usce_months: u8,
    usce_hands_on: bool,
    years_since_graduation: u8,
    visa: VisaNeed,
    exam_failures: u8,
    applications: u32,
    /// Strength without the latent factor: what the applicant can judge of themself.
    known_strength: f64,
    /// Strength as programs see it on average.
    strength: f64,
}

/// Resolution of the standard normal quantile table: 2^13 intervals.
const NORMAL_TABLE_BITS: u32 = 13;

/// Quantiles of the standard normal at `i / 2^13`, the ends pulled in by half an interval
/// (so draws are bounded by about ±3.7 SD, plenty for a behavioural model).
static NORMAL_TABLE: LazyLock<Vec<f64>> = LazyLock::new(|| {
    let size = 1usize << NORMAL_TABLE_BITS;
    let edge = 0.5 / size as f64;
    (0..=size)
        .map(|i| inverse_normal_cdf((i as f64 / size as f64).clamp(edge, 1.0 - edge)))
        .collect()
});

/// Acklam's rational approximation of the normal quantile (relative error below 1.2e-9).
fn inverse_normal_cdf(p: f64) -> f64 {
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
    let low = 0.024_25;
    if p < low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -inverse_normal_cdf(1.0 - p)
    }
}

/// A standard normal draw from one 32-bit random number: a quantile table, interpolated.
/// Much faster than Box–Muller, which dominated the season's time.
#[inline(always)]
fn standard_normal(rng: &mut impl Rng) -> f64 {
    let bits: u32 = rng.random();
    let index = (bits >> (32 - NORMAL_TABLE_BITS)) as usize;
    let fraction = f64::from(bits & ((1 << (32 - NORMAL_TABLE_BITS)) - 1))
        / f64::from(1u32 << (32 - NORMAL_TABLE_BITS));
    let table = &*NORMAL_TABLE;
    table[index] + fraction * (table[index + 1] - table[index])
}

/// The standard normal distribution function (Abramowitz–Stegun 7.1.26 through erf).
fn normal_cdf(x: f64) -> f64 {
    let z = x / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z.abs());
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    let erf = if z >= 0.0 { erf } else { -erf };
    0.5 * (1.0 + erf)
}

/// `x.round() as usize` for `0 ≤ x < 2^52`, without the call to the C library's `round`
/// that `f64::round` compiles to on baseline x86-64. `x − ⌊x⌋` is exact in binary
/// floating point, so halves round away from zero exactly as `round` does. The conversions
/// go through `i64`, which x86-64 does in one instruction each way (unsigned ones take
/// several), and give the same values in that range.
fn round_non_negative(x: f64) -> usize {
    let whole = x as i64;
    (whole + i64::from(x - whole as f64 >= 0.5)) as usize
}

fn pick_cumulative(cumulative: &[f64], u: f64) -> usize {
    cumulative
        .partition_point(|&c| c < u)
        .min(cumulative.len().saturating_sub(1))
}

pub(crate) fn strength_of(applicant: &Applicant, params: &BehaviourParameters) -> f64 {
    strength_terms(applicant, params).total()
}

/// The parts of an applicant's known strength; their total is bit for bit the sum the
/// simulator has always used (subtracting a term and adding its negation are the same in
/// binary floating point).
pub(crate) fn strength_terms(applicant: &Applicant, params: &BehaviourParameters) -> StrengthTerms {
    let img = applicant.kind >= 2;
    let months = f64::from(applicant.usce_months.min(6)) / 6.0;
    let weight = if applicant.usce_hands_on { 1.0 } else { 0.5 };
    StrengthTerms {
        step2: params.step2_weight * (f64::from(applicant.step2) - 245.0) / 15.0,
        usce: if img {
            params.usce_weight * months * weight
        } else {
            0.0
        },
        years_since_graduation: if img {
            -(params.years_since_graduation_penalty
                * f64::from(applicant.years_since_graduation.saturating_sub(1)))
        } else {
            0.0
        },
        exam_failures: -(params.exam_failure_penalty * f64::from(applicant.exam_failures)),
    }
}

fn applications_count(rng: &mut impl Rng, mean: f64, cv: f64) -> u32 {
    let sigma2 = (1.0 + cv * cv).ln();
    let mu = mean.ln() - sigma2 / 2.0;
    let value = (mu + sigma2.sqrt() * standard_normal(rng)).exp();
    value.round().clamp(1.0, 400.0) as u32
}

fn generate_applicant(
    rng: &mut impl Rng,
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    kind: usize,
    specialty_choice: &[f64],
) -> Applicant {
    let specialty = pick_cumulative(specialty_choice, rng.random::<f64>()) as u16;
    let distribution = setup.specialties[usize::from(specialty)].step2[kind];
    let step2 = (distribution.mean + distribution.sd * standard_normal(rng))
        .clamp(STEP2_RANGE.0, STEP2_RANGE.1)
        .round() as u16;
    let (mut usce_months, mut usce_hands_on, mut years, mut visa) = (0, false, 0, VisaNeed::None);
    if kind >= 2 {
        if rng.random_bool(IMG_USCE_SHARE) {
            usce_months = rng.random_range(1..=IMG_USCE_MAX_MONTHS);
            usce_hands_on = rng.random_bool(IMG_USCE_HANDS_ON_SHARE);
        }
        let u = rng.random::<f64>();
        let mut seen = 0.0;
        for (value, share) in IMG_YEARS_SINCE_GRADUATION {
            seen += share;
            years = value;
            if u < seen {
                break;
            }
        }
        if kind == 3 {
            let u = rng.random::<f64>();
            visa = if u < NON_US_IMG_VISA_SHARES[0] {
                VisaNeed::None
            } else if u < NON_US_IMG_VISA_SHARES[0] + NON_US_IMG_VISA_SHARES[1] {
                VisaNeed::J1
            } else {
                VisaNeed::H1b
            };
        }
    }
    let exam_failures = u8::from(rng.random_bool(EXAM_FAILURE_SHARE[kind]));
    let applications =
        applications_count(rng, params.applications_mean[kind], params.applications_cv);
    let mut applicant = Applicant {
        kind,
        specialty,
        step2,
        usce_months,
        usce_hands_on,
        years_since_graduation: years,
        visa,
        exam_failures,
        applications,
        known_strength: 0.0,
        strength: 0.0,
    };
    applicant.known_strength = strength_of(&applicant, params);
    applicant.strength =
        applicant.known_strength + params.applicant_latent_sd * standard_normal(rng);
    applicant
}

fn probe_applicant(
    rng: &mut impl Rng,
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    probe: &ProbeApplicant,
) -> Applicant {
    let mut applicant = probe_without_latent(setup, params, probe);
    applicant.strength =
        applicant.known_strength + params.applicant_latent_sd * standard_normal(rng);
    applicant
}

/// The probe as a simulated applicant whose latent factor is zero.
pub(crate) fn probe_without_latent(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    probe: &ProbeApplicant,
) -> Applicant {
    // The public entry points check that the specialty is in the market.
    let specialty = setup.specialty_of(probe.specialty).unwrap_or(0);
    let mut applicant = Applicant {
        kind: type_index(probe.applicant_type),
        specialty,
        step2: probe.step2,
        usce_months: probe.usce_months,
        usce_hands_on: probe.usce_hands_on,
        years_since_graduation: probe.years_since_graduation,
        visa: probe.visa,
        exam_failures: probe.exam_failures,
        applications: probe
            .list
            .as_ref()
            .map_or(probe.applications, |list| list.tracks.len() as u32),
        known_strength: 0.0,
        strength: 0.0,
    };
    applicant.known_strength = strength_of(&applicant, params);
    applicant.strength = applicant.known_strength;
    applicant
}

fn visa_ok(visa: VisaNeed, program: &ProgramTraits) -> bool {
    match visa {
        VisaNeed::None => true,
        VisaNeed::J1 => program.sponsors_j1 || program.sponsors_h1b,
        VisaNeed::H1b => program.sponsors_h1b,
    }
}

/// How little a program's resident mix favours DO graduates and IMGs, computed once a
/// season so that screening an application needs no division.
pub(crate) struct ProgramMixPenalties {
    /// Per program: the DO senior penalty.
    do_penalty: Vec<f64>,
    /// Per program: the share of the IMG penalty that applies (its unfriendliness to IMGs).
    img_unfriendliness: Vec<f64>,
    /// Per type (US IMG, non-US IMG) and specialty: the IMG penalty before unfriendliness.
    img_penalty: [Vec<f64>; 2],
}

impl ProgramMixPenalties {
    pub(crate) fn new(setup: &SeasonSetup, params: &BehaviourParameters) -> ProgramMixPenalties {
        let friendly = params.img_friendly_share.max(1e-6);
        let floor = params.img_penalty_floor.clamp(0.0, 1.0);
        let unfriendliness = |share: f64| (1.0 - (share / friendly).min(1.0)).max(floor);
        let img_penalty = [params.us_img_penalty, params.non_us_img_penalty].map(|base| {
            setup
                .specialties
                .iter()
                .map(|s| {
                    let offset = params
                        .specialty_img_penalty_offset
                        .get(s.code.as_str())
                        .copied()
                        .unwrap_or(0.0);
                    (base + offset).max(0.0)
                })
                .collect()
        });
        ProgramMixPenalties {
            do_penalty: setup
                .programs
                .iter()
                .map(|p| params.do_penalty * unfriendliness(p.do_share))
                .collect(),
            img_unfriendliness: setup
                .programs
                .iter()
                .map(|p| unfriendliness(p.img_share))
                .collect(),
            img_penalty,
        }
    }

    /// The penalty an applicant of `kind` meets at `program` in `specialty` for its mix.
    pub(crate) fn of(&self, kind: usize, program: usize, specialty: usize) -> f64 {
        match kind {
            1 => self.do_penalty[program],
            2 | 3 => self.img_penalty[kind - 2][specialty] * self.img_unfriendliness[program],
            _ => 0.0,
        }
    }
}

/// What screening an application to a track needs, for one applicant type.
struct TrackScreening {
    requirements: ScreeningRequirements,
    /// The program's resident mix penalty for the type.
    mix_penalty: f64,
    /// How much more than the applicant's shared strength Step 2 CK counts in the specialty.
    step2_extra_weight: f64,
}

/// Whether strict requirements admit the applicant, and if so the penalty from missed
/// preferences plus `mix_penalty`, the program's resident mix penalty for the applicant's
/// type. `preference_penalties[k]` is the penalty for `k` missed preferences.
pub(crate) fn screen(
    applicant: &Applicant,
    requirements: &ScreeningRequirements,
    preference_penalties: &[f64; 5],
    mix_penalty: f64,
) -> Option<f64> {
    if requirements.visa_allowed & (1 << visa_slot(applicant.visa)) == 0 {
        return None;
    }
    // Every check is computed and the misses combined as bits, which avoids a branch per
    // requirement in the hottest loop of the season.
    let img = applicant.kind >= 2;
    let usce_met = applicant.usce_months >= requirements.usce_months
        && (!requirements.usce_hands_on || applicant.usce_hands_on);
    // A limit of n attempts admits n − 1 failures.
    let bit = |missed: bool, requirement: u8| if missed { requirement } else { 0 };
    let missed = (bit(
        applicant.step2 < requirements.min_step2,
        ScreeningRequirements::MIN_STEP2,
    ) | bit(
        applicant.exam_failures >= requirements.max_attempts,
        ScreeningRequirements::MAX_ATTEMPTS,
    ) | bit(
        img && applicant.years_since_graduation > requirements.max_years_since_graduation,
        ScreeningRequirements::MAX_YEARS_SINCE_GRADUATION,
    ) | bit(img && !usce_met, ScreeningRequirements::USCE))
        & requirements.present;
    if missed & requirements.strict != 0 {
        return None;
    }
    Some(preference_penalties[missed.count_ones() as usize] + mix_penalty)
}

/// The order in which a track considers its applications as one integer: evaluation
/// descending (in `f32::total_cmp` order), then applicant index ascending. Sorting integers
/// is much faster than sorting pairs with a comparison closure, and gives the same order.
fn evaluation_key(evaluation: f32, applicant: u32) -> u64 {
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
fn descending_key(value: f64) -> u64 {
    let bits = value.to_bits();
    let ordered = if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    };
    !ordered
}

/// The value a [`descending_key`] holds.
fn descending_key_value(key: u64) -> f64 {
    let ordered = !key;
    let bits = if ordered >> 63 == 1 {
        ordered & !(1 << 63)
    } else {
        !ordered
    };
    f64::from_bits(bits)
}

/// The evaluation an [`evaluation_key`] holds.
fn key_evaluation(key: u64) -> f32 {
    let ordered = !((key >> 32) as u32);
    let bits = if ordered >> 31 == 1 {
        ordered & 0x7FFF_FFFF
    } else {
        !ordered
    };
    f32::from_bits(bits)
}

/// The applicant an [`evaluation_key`] holds.
fn key_applicant(key: u64) -> u32 {
    key as u32
}

/// An interview offer as the applicant sees it, with the program's evaluation of them.
#[derive(Debug, Clone, Copy)]
struct Offer {
    /// The applicant's order of preference as one integer: the list the track belongs to
    /// (see [`priority`]), then utility descending, then track ascending. Sorting one integer
    /// is cheaper than comparing the three in turn, and gives the same order.
    preference: u128,
    evaluation: f32,
}

impl Offer {
    fn new(priority: u8, utility: f64, track: u32, evaluation: f32) -> Offer {
        Offer {
            preference: u128::from(priority) << 96
                | u128::from(descending_key(utility)) << 32
                | u128::from(track),
            evaluation,
        }
    }

    fn priority(&self) -> u8 {
        (self.preference >> 96) as u8
    }

    fn track(&self) -> u32 {
        self.preference as u32
    }
}

/// Which of an applicant's lists a track belongs to: 0 preferred specialty, 1 backup
/// specialty, 2 preliminary or transitional.
fn priority(track_specialty: u16, preliminary: bool, applicant: &Applicant) -> u8 {
    if preliminary {
        2
    } else if track_specialty == applicant.specialty {
        0
    } else {
        1
    }
}

/// Per-season state of the market, reused across the steps of one season.
struct SeasonMarket<'a> {
    setup: &'a SeasonSetup,
    params: &'a BehaviourParameters,
    applicants: Vec<Applicant>,
    /// The probes, which are the last applicants, from this index on.
    first_probe: usize,
    /// Per program: desirability this season (observed traits plus the latent factor).
    desirability: Vec<f64>,
    /// Per visa need (none, J-1, H-1B only) and bucket (specialties, then the preliminary
    /// tracks): the tracks that can take such an applicant, most desirable first.
    sorted_buckets: [Vec<Vec<u32>>; 3],
}

impl SeasonMarket<'_> {
    fn is_probe(&self, applicant: usize) -> bool {
        applicant >= self.first_probe
    }

    fn track_desirability(&self, track: u32) -> f64 {
        self.desirability[self.setup.tracks[track as usize].program as usize]
    }

    /// Weighted sampling without replacement (Efraimidis–Spirakis keys) of up to `count` of
    /// the free `tracks`, weighted by closeness to `percentile`; leaves the chosen tracks'
    /// keys in `keyed`, in order of choice (the track is the low 32 bits).
    fn weighted_sample(
        &self,
        rng: &mut ChaCha8Rng,
        tracks: &[u32],
        percentile: f64,
        count: usize,
        free: impl Fn(u32) -> bool,
        keyed: &mut Vec<u128>,
    ) {
        let n = tracks.len();
        let spread = self.params.target_spread.max(1e-3);
        keyed.clear();
        for (position, &track) in tracks.iter().enumerate() {
            if !free(track) {
                continue;
            }
            let standing = 1.0 - position as f64 / (n - 1).max(1) as f64;
            let distance = ((standing - percentile) / spread).powi(2).min(600.0);
            let u: f64 = 1.0 - rng.random::<f64>();
            let key = u.ln() * (0.5 * distance).exp();
            // Key descending, then track ascending, as one integer.
            keyed.push(u128::from(descending_key(key)) << 32 | u128::from(track));
        }
        // The keys with the track as tie-break are a total order, so selecting the best
        // `count` and sorting only them gives the same tracks in the same order as a full
        // sort.
        if count < keyed.len() {
            keyed.select_nth_unstable(count);
            keyed.truncate(count);
        }
        keyed.sort_unstable();
    }

    /// Fills the placeholders of deferred samplings in an applicant's chosen tracks.
    fn complete_deferred(
        &self,
        rng: &mut ChaCha8Rng,
        applicant: &Applicant,
        deferred: &[DeferredSample],
        chosen: &mut [u32],
        keyed: &mut Vec<u128>,
    ) {
        for sample in deferred {
            let tracks = &self.sorted_buckets[visa_slot(applicant.visa)][sample.bucket as usize];
            rng.set_word_pos(sample.position);
            self.weighted_sample(
                rng,
                tracks,
                sample.percentile,
                sample.count as usize,
                |_| true,
                keyed,
            );
            let at = sample.at as usize;
            for (slot, &key) in chosen[at..at + keyed.len()].iter_mut().zip(keyed.iter()) {
                *slot = key as u32;
            }
        }
    }

    /// Chooses up to `count` tracks of a bucket around the applicant's percentile, skipping
    /// tracks that cannot sponsor the applicant's visa (applicants know which programs do).
    #[allow(clippy::too_many_arguments)] // The scratch buffers are passed in to be reused.
    fn choose(
        &self,
        rng: &mut ChaCha8Rng,
        applicant: &Applicant,
        percentile: f64,
        bucket: usize,
        count: usize,
        stamp: &mut [u32],
        stamp_value: u32,
        chosen: &mut Vec<u32>,
        keyed: &mut Vec<u128>,
        deferred: Option<&mut Vec<DeferredSample>>,
    ) {
        let tracks = &self.sorted_buckets[visa_slot(applicant.visa)][bucket];
        let n = tracks.len();
        if n == 0 || count == 0 {
            return;
        }
        let free = |track: u32, stamp: &[u32]| stamp[track as usize] != stamp_value;
        let spread = self.params.target_spread.max(1e-3);
        if count.saturating_mul(3) >= n {
            // Near saturation, probing for a free track costs O(n) per pick, so weighted
            // sampling without replacement (Efraimidis–Spirakis keys) is used instead.
            if let Some(deferred) = deferred {
                // The buckets are disjoint, so the applicant has chosen none of these tracks
                // and the sampling draws two words per track: it can be done later from the
                // recorded stream position, its tracks held by placeholders meanwhile.
                if tracks.iter().all(|&track| free(track, stamp)) {
                    let position = rng.get_word_pos();
                    deferred.push(DeferredSample {
                        position,
                        bucket: bucket as u32,
                        percentile,
                        count: count as u32,
                        at: chosen.len() as u32,
                    });
                    chosen.extend(std::iter::repeat_n(u32::MAX, count.min(n)));
                    rng.set_word_pos(position + 2 * n as u128);
                    return;
                }
            }
            self.weighted_sample(rng, tracks, percentile, count, |t| free(t, stamp), keyed);
            for track in keyed.iter().map(|&key| key as u32) {
                stamp[track as usize] = stamp_value;
                chosen.push(track);
            }
            return;
        }
        let draw_centre = |rng: &mut ChaCha8Rng| {
            // Reflecting at the ends keeps the spread there instead of piling every draw onto
            // the first or last track.
            let mut target = percentile + spread * standard_normal(rng);
            if target < 0.0 {
                target = -target;
            }
            if target > 1.0 {
                target = 2.0 - target;
            }
            round_non_negative((1.0 - target.clamp(0.0, 1.0)) * (n - 1) as f64)
        };
        for _ in 0..count {
            // Redrawing when the drawn track is taken keeps the choice close to the intended
            // distribution and cheap; a nearest-free search is the fallback.
            let mut found = None;
            let mut centre = 0;
            for _ in 0..8 {
                centre = draw_centre(rng);
                if free(tracks[centre], stamp) {
                    found = Some(tracks[centre]);
                    break;
                }
            }
            if found.is_none() {
                'search: for radius in 1..n {
                    for index in [centre.checked_add(radius), centre.checked_sub(radius)]
                        .into_iter()
                        .flatten()
                    {
                        if index < n && free(tracks[index], stamp) {
                            found = Some(tracks[index]);
                            break 'search;
                        }
                    }
                }
            }
            if let Some(track) = found {
                stamp[track as usize] = stamp_value;
                chosen.push(track);
            }
        }
    }
}

/// One backup specialty other than the preferred one, with probability proportional to its
/// positions.
fn pick_backup(pool: &[(u16, f64)], preferred: u16, rng: &mut impl Rng) -> Option<u16> {
    let total: f64 = pool
        .iter()
        .filter(|(index, _)| *index != preferred)
        .map(|(_, weight)| weight)
        .sum();
    let mut u = rng.random::<f64>() * total;
    let mut last = None;
    for &(index, weight) in pool.iter().filter(|(index, _)| *index != preferred) {
        last = Some(index);
        if u < weight {
            return Some(index);
        }
        u -= weight;
    }
    last
}

fn visa_slot(visa: VisaNeed) -> usize {
    match visa {
        VisaNeed::None => 0,
        VisaNeed::J1 => 1,
        VisaNeed::H1b => 2,
    }
}

/// Applicants per chunk of the applications pipeline in [`run_season`].
const APPLICATION_CHUNK: usize = 2048;

/// A chunk of applicants' choices of tracks, waiting to be screened.
#[derive(Default)]
struct Picks {
    /// The applicants, in order.
    applicants: Vec<u32>,
    /// Where in the season's random stream each applicant's screening noise starts.
    noise_position: Vec<u128>,
    /// The tracks applied to, applicant after applicant.
    tracks: Vec<u32>,
    /// Where each applicant's tracks end in `tracks`.
    end: Vec<usize>,
    /// Near-saturation samplings left for the screening stage, applicant after applicant.
    deferred: Vec<DeferredSample>,
    /// Where each applicant's deferred samplings end in `deferred`.
    deferred_end: Vec<usize>,
    /// Applications screened at the choice stage (when the stages do not run in parallel),
    /// as track and evaluation key.
    passed: Vec<(u32, u64)>,
}

/// A near-saturation weighted sampling of tracks (see [`SeasonMarket::choose`]) left for
/// later: it draws two words per track of its bucket from `position` on.
#[derive(Debug, Clone, Copy)]
struct DeferredSample {
    position: u128,
    bucket: u32,
    percentile: f64,
    count: u32,
    /// Where its tracks go in the applicant's chosen tracks.
    at: u32,
}

impl Picks {
    fn clear(&mut self) {
        self.applicants.clear();
        self.noise_position.clear();
        self.tracks.clear();
        self.end.clear();
        self.deferred.clear();
        self.deferred_end.clear();
        self.passed.clear();
    }

    /// The `i`th applicant's tracks and deferred samplings.
    fn applicant(&self, i: usize) -> (&[u32], &[DeferredSample]) {
        let start = if i == 0 { 0 } else { self.end[i - 1] };
        let deferred_start = if i == 0 { 0 } else { self.deferred_end[i - 1] };
        (
            &self.tracks[start..self.end[i]],
            &self.deferred[deferred_start..self.deferred_end[i]],
        )
    }
}

/// A chunk of applicants' screened applications, grouped by track.
struct ScreenedChunk {
    /// Per track: how many of the chunk's applications passed its screening.
    counts: Vec<u32>,
    /// The applications as [`evaluation_key`]s, track after track, each track's in the
    /// order given.
    keys: Vec<u64>,
}

impl ScreenedChunk {
    fn group(passed: &[(u32, u64)], track_count: usize) -> ScreenedChunk {
        let mut counts = vec![0u32; track_count];
        for &(track, _) in passed {
            counts[track as usize] += 1;
        }
        let mut next = Vec::with_capacity(track_count);
        let mut start = 0;
        for &count in &counts {
            next.push(start);
            start += count as usize;
        }
        let mut keys = vec![0u64; passed.len()];
        for &(track, key) in passed {
            let at = &mut next[track as usize];
            keys[*at] = key;
            *at += 1;
        }
        ScreenedChunk { counts, keys }
    }
}

/// What screening needs beyond the applicant and the track.
struct ScreeningInputs {
    /// Per applicant type and track.
    track_screening: [Vec<TrackScreening>; 4],
    /// The penalty for `k` missed preferences.
    preference_penalties: [f64; 5],
    /// The SD of the noise in a program's evaluation of an application.
    noise_sd: f64,
}

/// Screens an applicant's applications to `tracks` in order, one noise draw each, and
/// appends those that pass as track and evaluation.
fn screen_applications(
    inputs: &ScreeningInputs,
    applicant: &Applicant,
    tracks: &[u32],
    rng: &mut ChaCha8Rng,
    applications: &mut Vec<(u32, f32)>,
) {
    let standardized = (f64::from(applicant.step2) - 245.0) / 15.0;
    let screening = &inputs.track_screening[applicant.kind];
    for &track in tracks {
        let noise = inputs.noise_sd * standard_normal(rng);
        let track_screening = &screening[track as usize];
        let extra = track_screening.step2_extra_weight * standardized;
        if let Some(penalty) = screen(
            applicant,
            &track_screening.requirements,
            &inputs.preference_penalties,
            track_screening.mix_penalty,
        ) {
            applications.push((track, (applicant.strength + extra - penalty + noise) as f32));
        }
    }
}

/// Per track of one season, the evaluations that separated in from out: the lowest screening
/// evaluation a track invited to interview (minus infinity when it invited everyone who
/// applied), and the lowest rank score it matched (minus infinity when it did not fill).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeasonCutoffs {
    pub interview: Vec<f32>,
    pub matched: Vec<f32>,
}

/// Simulates one season and tallies it; the probes are inserted and their outcomes tallied
/// separately (they are not counted in the season's tallies). With `cutoffs`, the season's
/// cutoffs are recorded there. `pipelined` runs the choice and screening of applications as a
/// two-stage pipeline, which uses a second core at the cost of some repositioning in the
/// random stream (the results are the same); without it, applicants are screened as soon as
/// they have chosen.
fn run_season(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    season: u32,
    probes: &[ProbeApplicant],
    mut cutoffs: Option<&mut SeasonCutoffs>,
    pipelined: bool,
) -> (SeasonOutcomes, Vec<ProbeOutcomes>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(u64::from(season));
    let mut probe_rng = ChaCha8Rng::seed_from_u64(seed ^ PROBE_STREAM_SALT);
    probe_rng.set_stream(u64::from(season));

    // Programs' latent selectivity, shared by all their tracks and seen by every applicant.
    let desirability: Vec<f64> = setup
        .programs
        .iter()
        .map(|program| {
            params.program_type_desirability * program.type_score
                - params.img_share_desirability * program.img_share
                + params.program_latent_sd * standard_normal(&mut rng)
        })
        .collect();

    let mut applicants = Vec::new();
    let us_md_choice = setup.us_md_specialty_choice(params);
    for (kind, &count) in setup.applicant_counts.iter().enumerate() {
        let choice = match (&us_md_choice, kind) {
            (Some(choice), 0) => choice.as_slice(),
            _ => setup.specialty_choice[kind].as_slice(),
        };
        for _ in 0..count {
            applicants.push(generate_applicant(&mut rng, setup, params, kind, choice));
        }
    }
    let first_probe = applicants.len();
    for profile in probes {
        applicants.push(probe_applicant(&mut probe_rng, setup, params, profile));
    }
    let probe_list = |index: usize| -> Option<&ProbeList> {
        index
            .checked_sub(first_probe)
            .and_then(|p| probes[p].list.as_ref())
    };

    let mut sorted_buckets: Vec<Vec<u32>> = setup
        .specialties
        .iter()
        .map(|s| s.main_tracks.clone())
        .collect();
    sorted_buckets.push(setup.preliminary_tracks.clone());
    for bucket in &mut sorted_buckets {
        bucket.sort_by(|a, b| {
            let da = desirability[setup.tracks[*a as usize].program as usize];
            let db = desirability[setup.tracks[*b as usize].program as usize];
            db.total_cmp(&da).then(a.cmp(b))
        });
    }
    let preliminary_bucket = sorted_buckets.len() - 1;
    let sorted_buckets = [0, 1, 2].map(|slot| {
        let allowed = &setup.visa_allowed[slot];
        sorted_buckets
            .iter()
            .map(|bucket| {
                bucket
                    .iter()
                    .copied()
                    .filter(|&track| allowed[track as usize])
                    .collect::<Vec<u32>>()
            })
            .collect::<Vec<_>>()
    });
    let market = SeasonMarket {
        setup,
        params,
        applicants,
        first_probe,
        desirability,
        sorted_buckets,
    };

    // Per type and track, everything screening an application needs beyond the applicant,
    // side by side, so that the hottest loop of the season reads one record per application.
    let mix_penalties = ProgramMixPenalties::new(setup, params);
    let track_screening: [Vec<TrackScreening>; 4] = [0, 1, 2, 3].map(|kind| {
        setup
            .tracks
            .iter()
            .zip(&setup.track_requirements)
            .map(|(t, requirements)| TrackScreening {
                requirements: *requirements,
                mix_penalty: mix_penalties.of(kind, t.program as usize, usize::from(t.specialty)),
                // Competitive specialties weigh Step 2 CK more than the applicant's shared
                // strength says.
                step2_extra_weight: params.step2_competitive_weight
                    * setup.specialties[usize::from(t.specialty)].competitiveness,
            })
            .collect()
    });
    // Missed preferences add up one at a time, as a sum in that order.
    let mut preference_penalties = [0.0; 5];
    for missed in 1..preference_penalties.len() {
        preference_penalties[missed] = preference_penalties[missed - 1] + params.preference_penalty;
    }
    let screening_inputs = ScreeningInputs {
        track_screening,
        preference_penalties,
        noise_sd: params.interview_offer_noise_sd,
    };

    // Applications, each evaluated by the program at once (screening with noise).
    let track_count = setup.tracks.len();
    // Each chunk of applicants' applications are grouped by track as they are screened,
    // and the chunks' parts joined per track afterwards, which is much cheaper than growing
    // a list per track or grouping millions of applications at the end.
    let mut screened: Vec<ScreenedChunk> = Vec::new();
    let mut stamp = vec![0u32; setup.tracks.len()];
    let mut chosen = Vec::new();
    let mut keyed = Vec::new();
    let mut sent = vec![0u32; market.applicants.len()];
    // Choosing where to apply draws a varying number of random words, so it runs in applicant
    // order; screening draws one word per application, so when `pipelined`, once an
    // applicant's choice is made the screening words are skipped and screened later from the
    // recorded stream position. Chunks of applicants are then chosen and screened in a
    // pipeline (choosing one chunk while screening the one before), with the same draws as
    // one pass in applicant order.
    // Probes' applications that passed screening, as track and evaluation key.
    let mut probe_passed: Vec<(u32, u64)> = Vec::new();
    let mut applications: Vec<(u32, f32)> = Vec::new();
    let screening_rng = rng.clone();
    let mut pick = |index: usize, picks: &mut Picks| {
        let applicant = &market.applicants[index];
        let is_probe = market.is_probe(index);
        let rng: &mut ChaCha8Rng = if is_probe { &mut probe_rng } else { &mut rng };
        let specialty = &setup.specialties[usize::from(applicant.specialty)];
        if let Some(list) = probe_list(index) {
            // A probe with its own list applies exactly there, screened at once from its own
            // stream with the bonus of its signals.
            chosen.clear();
            for &track in &list.tracks {
                if (track as usize) < track_count && stamp[track as usize] != index as u32 + 1 {
                    stamp[track as usize] = index as u32 + 1;
                    chosen.push(track);
                }
            }
            sent[index] = chosen.len() as u32;
            let standardized = (f64::from(applicant.step2) - 245.0) / 15.0;
            let screening = &screening_inputs.track_screening[applicant.kind];
            for &track in &chosen {
                let noise = screening_inputs.noise_sd * standard_normal(rng);
                let track_screening = &screening[track as usize];
                let extra = track_screening.step2_extra_weight * standardized;
                let bonus = match list.signals.iter().find(|(t, _)| *t == track) {
                    Some((_, SignalTier::Gold)) => params.signal_gold_bonus,
                    Some((_, SignalTier::Silver)) => params.signal_silver_bonus,
                    None => 0.0,
                };
                if let Some(penalty) = screen(
                    applicant,
                    &track_screening.requirements,
                    &screening_inputs.preference_penalties,
                    track_screening.mix_penalty,
                ) {
                    let evaluation = applicant.strength + extra - penalty + bonus + noise;
                    probe_passed.push((track, evaluation_key(evaluation as f32, index as u32)));
                }
            }
            return;
        }
        let reference = params.step2_weight * (specialty.step2[0].mean - 245.0) / 15.0;
        let mut percentile = normal_cdf(applicant.known_strength - reference) - params.target_shift;
        if applicant.kind >= 2 {
            percentile -= params.img_target_shift;
        }
        let total = applicant.applications as f64;
        let preliminary_share = if specialty.advanced {
            params.preliminary_share_advanced
        } else {
            params.preliminary_share[applicant.kind]
        };
        let backup = pick_backup(&setup.backup_specialties, applicant.specialty, rng);
        let backup_count = match backup {
            Some(_) => (total * params.backup_share[applicant.kind]).round() as usize,
            None => 0,
        };
        let preliminary_count = (total * preliminary_share).round() as usize;
        let preferred_count = (applicant.applications as usize)
            .saturating_sub(backup_count + preliminary_count)
            .max(1);
        chosen.clear();
        let stamp_value = index as u32 + 1;
        // Every other applicant's near-saturation samplings are left to the screening stage,
        // which balances the two stages of the pipeline.
        let mut deferred =
            (pipelined && !is_probe && index % 2 == 1).then_some(&mut picks.deferred);
        market.choose(
            rng,
            applicant,
            percentile,
            usize::from(applicant.specialty),
            preferred_count,
            &mut stamp,
            stamp_value,
            &mut chosen,
            &mut keyed,
            deferred.as_deref_mut(),
        );
        if let Some(backup) = backup {
            market.choose(
                rng,
                applicant,
                percentile + 0.2,
                usize::from(backup),
                backup_count,
                &mut stamp,
                stamp_value,
                &mut chosen,
                &mut keyed,
                deferred.as_deref_mut(),
            );
        }
        market.choose(
            rng,
            applicant,
            percentile,
            preliminary_bucket,
            preliminary_count,
            &mut stamp,
            stamp_value,
            &mut chosen,
            &mut keyed,
            deferred,
        );
        sent[index] = chosen.len() as u32;
        if is_probe {
            // Probes, the last applicants, are screened at once from their own stream.
            applications.clear();
            screen_applications(
                &screening_inputs,
                applicant,
                &chosen,
                rng,
                &mut applications,
            );
            probe_passed.extend(
                applications
                    .iter()
                    .map(|&(track, evaluation)| (track, evaluation_key(evaluation, index as u32))),
            );
            return;
        }
        if !pipelined {
            // Screened at once from the season's stream, as the pipeline would.
            applications.clear();
            screen_applications(
                &screening_inputs,
                applicant,
                &chosen,
                rng,
                &mut applications,
            );
            picks.passed.extend(
                applications
                    .iter()
                    .map(|&(track, evaluation)| (track, evaluation_key(evaluation, index as u32))),
            );
            return;
        }
        let position = rng.get_word_pos();
        picks.applicants.push(index as u32);
        picks.noise_position.push(position);
        picks.tracks.extend_from_slice(&chosen);
        picks.end.push(picks.tracks.len());
        picks.deferred_end.push(picks.deferred.len());
        rng.set_word_pos(position + chosen.len() as u128);
    };
    // Completes a chunk's deferred samplings, screens its applicants and groups their
    // applications by track.
    let screen_chunk = |picks: &mut Picks| {
        let mut rng = screening_rng.clone();
        let mut chosen = Vec::new();
        let mut keyed = Vec::new();
        let mut applications: Vec<(u32, f32)> = Vec::new();
        // Applications already screened at the choice stage come first (there are none
        // when the pipeline runs); at most one application passes per track applied to.
        let mut passed = std::mem::take(&mut picks.passed);
        passed.reserve(picks.tracks.len());
        for i in 0..picks.applicants.len() {
            let index = picks.applicants[i];
            let applicant = &market.applicants[index as usize];
            let (mut tracks, deferred) = picks.applicant(i);
            if !deferred.is_empty() {
                chosen.clear();
                chosen.extend_from_slice(tracks);
                market.complete_deferred(&mut rng, applicant, deferred, &mut chosen, &mut keyed);
                tracks = &chosen;
            }
            rng.set_word_pos(picks.noise_position[i]);
            applications.clear();
            screen_applications(
                &screening_inputs,
                applicant,
                tracks,
                &mut rng,
                &mut applications,
            );
            passed.extend(
                applications
                    .iter()
                    .map(|&(track, evaluation)| (track, evaluation_key(evaluation, index))),
            );
        }
        let chunk = ScreenedChunk::group(&passed, track_count);
        picks.passed = passed;
        chunk
    };
    let applicant_total = market.applicants.len();
    let mut current = Picks::default();
    let mut next = Picks::default();
    for index in 0..APPLICATION_CHUNK.min(applicant_total) {
        pick(index, &mut current);
    }
    let mut chunk_start = APPLICATION_CHUNK.min(applicant_total);
    while !current.applicants.is_empty()
        || !current.passed.is_empty()
        || chunk_start < applicant_total
    {
        let chunk_end = (chunk_start + APPLICATION_CHUNK).min(applicant_total);
        next.clear();
        let ((), screened_chunk) = rayon::join(
            || {
                for index in chunk_start..chunk_end {
                    pick(index, &mut next);
                }
            },
            || screen_chunk(&mut current),
        );
        screened.push(screened_chunk);
        std::mem::swap(&mut current, &mut next);
        chunk_start = chunk_end;
    }
    if !probe_passed.is_empty() {
        screened.push(ScreenedChunk::group(&probe_passed, track_count));
    }

    // Interview offers in rounds: each track invites its best-evaluated applicants not yet
    // invited; applicants attend their most preferred offers up to their limit and decline
    // the rest, and tracks invite again for the declined slots in the next round.
    let applicant_count = market.applicants.len();
    let capacity: Vec<u32> = setup
        .tracks
        .iter()
        .map(|t| (params.interviews_per_position * f64::from(t.positions)).ceil() as u32)
        .collect();
    // Only the best few times the interview capacity can be reached in the invitation
    // rounds, so only they are candidates.
    let reach = (params.interview_rounds.max(1) as usize + 2) * 2;
    // Each track's applications are grouped into one part of a flat list, as integer keys
    // that sort in the track's order of preference (see `evaluation_key`).
    let mut track_start = vec![0usize; track_count + 1];
    for track in 0..track_count {
        track_start[track + 1] = track_start[track]
            + screened
                .iter()
                .map(|c| c.counts[track] as usize)
                .sum::<usize>();
    }
    // Chunk after chunk, so each track's applications stay in applicant order; the two
    // halves of the tracks (by applications) in parallel.
    let track_half = track_start
        .partition_point(|&start| start < track_start[track_count] / 2)
        .clamp(1, track_count.max(1))
        - 1;
    let mut by_track = vec![0u64; track_start[track_count]];
    let join_chunks = |tracks: std::ops::Range<usize>, lists: &mut [u64]| {
        let mut next = track_start[tracks.start..tracks.end].to_vec();
        let base = track_start[tracks.start];
        for chunk in &screened {
            let mut from: usize = chunk.counts[..tracks.start]
                .iter()
                .map(|&count| count as usize)
                .sum();
            for (next, &count) in next.iter_mut().zip(&chunk.counts[tracks.clone()]) {
                let count = count as usize;
                lists[*next - base..*next - base + count]
                    .copy_from_slice(&chunk.keys[from..from + count]);
                *next += count;
                from += count;
            }
        }
    };
    {
        let (lists_before, lists_after) = by_track.split_at_mut(track_start[track_half]);
        rayon::join(
            || join_chunks(0..track_half, lists_before),
            || join_chunks(track_half..track_count, lists_after),
        );
    }
    drop(screened);
    let mut next_candidate = track_start.clone();
    let mut accepted = vec![0u32; track_count];
    // The interviews attended, as applicant and offer in the order they were accepted, and
    // how many each applicant holds on their main and preliminary allowances: one flat list
    // instead of a growing list per applicant.
    let mut attended: Vec<(u32, Offer)> = Vec::new();
    let mut held = vec![[0u32; 2]; applicant_count];
    // Each round's invitations, then the same grouped by applicant (in track order, the
    // order in which the applicant draws their preferences).
    let mut invitations: Vec<(u32, u32, f32)> = Vec::new();
    let mut invitations_after: Vec<(u32, u32, f32)> = Vec::new();
    let mut sorted_end = vec![0usize; track_count];
    let mut pending: Vec<(u32, f32)> = Vec::new();
    let mut pending_start = vec![0usize; applicant_count + 1];
    let mut attended_after: Vec<(u32, Offer)> = Vec::new();
    let limit = params.max_interviews as usize;
    // Tracks invite independently of each other, so the two halves of the tracks invite in
    // parallel; their invitations are joined in track order.
    let invite = |first_track: usize,
                  lists: &mut [u64],
                  next_candidate: &mut [usize],
                  sorted_end: &mut [usize],
                  accepted: &[u32],
                  invitations: &mut Vec<(u32, u32, f32)>| {
        invitations.clear();
        let base = track_start[first_track];
        for (offset, (next, sorted_end)) in next_candidate
            .iter_mut()
            .zip(sorted_end.iter_mut())
            .enumerate()
        {
            let track = first_track + offset;
            let list = &mut lists[track_start[track] - base..track_start[track + 1] - base];
            let open = capacity[track].saturating_sub(accepted[track]) as usize;
            let start = *next - track_start[track];
            let candidates = list.len().min(capacity[track] as usize * reach);
            let end = start.saturating_add(open).min(candidates).max(start);
            if end == start {
                continue;
            }
            // The keys are a total order, so the list need only be sorted as far as the rounds
            // reach: it is kept sorted up to `sorted_end`, and when a round needs more, twice
            // as much is selected and sorted, so that later rounds rarely select again.
            if end > *sorted_end {
                let rest = &mut list[*sorted_end..];
                let grow = (2 * end).min(candidates) - *sorted_end;
                if grow < rest.len() {
                    rest.select_nth_unstable(grow);
                }
                rest[..grow].sort_unstable();
                *sorted_end += grow;
            }
            for &key in &list[start..end] {
                invitations.push((key_applicant(key), track as u32, key_evaluation(key)));
            }
            *next = track_start[track] + end;
        }
    };
    // An applicant's answer to the invitations of a round: one preference draw per
    // invitation, then the most preferred are accepted up to the allowances.
    let answer = |index: usize,
                  received: &[(u32, f32)],
                  rng: &mut ChaCha8Rng,
                  held: &mut [u32; 2],
                  offers: &mut Vec<Offer>,
                  attended: &mut Vec<(u32, Offer)>| {
        let applicant = &market.applicants[index];
        offers.clear();
        match probe_list(index).filter(|list| list.ranked_in_list_order) {
            None => offers.extend(received.iter().map(|&(track, evaluation)| {
                let sim = &setup.tracks[track as usize];
                let utility = market.track_desirability(track)
                    + params.applicant_rank_noise_sd * standard_normal(rng);
                Offer::new(
                    priority(sim.specialty, sim.preliminary, applicant),
                    utility,
                    track,
                    evaluation,
                )
            })),
            // A probe ranking in list order prefers its interviews in the order of its list
            // (the preference draws are made all the same).
            Some(list) => offers.extend(received.iter().map(|&(track, evaluation)| {
                standard_normal(rng);
                let position = list.tracks.iter().position(|&t| t == track).unwrap_or(0);
                Offer::new(0, -(position as f64), track, evaluation)
            })),
        }
        offers.sort_unstable_by_key(|offer| offer.preference);
        // Applicants to specialties that start at PGY-2 also need a preliminary year, so
        // their preliminary interviews have an allowance of their own.
        let separate = setup.specialties[usize::from(applicant.specialty)].advanced;
        let is_separate = |offer: &Offer| separate && offer.priority() == 2;
        let [main_held, preliminary_held] = held;
        for &offer in offers.iter() {
            let (held, cap) = if is_separate(&offer) {
                (&mut *preliminary_held, limit / 2)
            } else {
                (&mut *main_held, limit)
            };
            if (*held as usize) < cap {
                *held += 1;
                attended.push((index as u32, offer));
            }
        }
    };
    // Applicants answer independently of each other, each drawing one word of the season's
    // stream per invitation in applicant order, so the two halves of the applicants answer
    // in parallel, the second from the stream position the first would have reached.
    let non_probe_count = first_probe;
    for _round in 0..params.interview_rounds.max(1) {
        let (lists_before, lists_after) = by_track.split_at_mut(track_start[track_half]);
        let (next_before, next_after) = next_candidate[..track_count].split_at_mut(track_half);
        let (sorted_before, sorted_after) = sorted_end.split_at_mut(track_half);
        rayon::join(
            || {
                invite(
                    0,
                    lists_before,
                    next_before,
                    sorted_before,
                    &accepted,
                    &mut invitations,
                )
            },
            || {
                invite(
                    track_half,
                    lists_after,
                    next_after,
                    sorted_after,
                    &accepted,
                    &mut invitations_after,
                )
            },
        );
        invitations.extend_from_slice(&invitations_after);
        pending_start.fill(0);
        for &(applicant, _, _) in &invitations {
            pending_start[applicant as usize + 1] += 1;
        }
        for index in 0..applicant_count {
            pending_start[index + 1] += pending_start[index];
        }
        pending.clear();
        pending.resize(invitations.len(), (0, 0.0));
        let mut fill = pending_start.clone();
        for &(applicant, track, evaluation) in &invitations {
            pending[fill[applicant as usize]] = (track, evaluation);
            fill[applicant as usize] += 1;
        }
        let start_position = rng.get_word_pos();
        let applicant_half = pending_start[..=non_probe_count]
            .partition_point(|&start| start < pending_start[non_probe_count] / 2)
            .min(non_probe_count);
        let mut rng_after = rng.clone();
        rng_after.set_word_pos(start_position + pending_start[applicant_half] as u128);
        let (held_before, held_after) = held.split_at_mut(applicant_half);
        let attended_before = attended.len();
        attended_after.clear();
        let answer_range = |first: usize,
                            held: &mut [[u32; 2]],
                            rng: &mut ChaCha8Rng,
                            mut probe_rng: Option<&mut ChaCha8Rng>,
                            attended: &mut Vec<(u32, Offer)>| {
            let mut offers = Vec::new();
            for (offset, held) in held.iter_mut().enumerate() {
                let index = first + offset;
                let received = &pending[pending_start[index]..pending_start[index + 1]];
                if received.is_empty() {
                    continue;
                }
                if market.is_probe(index) {
                    // Probes, the last applicants, draw from their own stream.
                    if let Some(probe_rng) = probe_rng.as_deref_mut() {
                        answer(index, received, probe_rng, held, &mut offers, attended);
                    }
                    continue;
                }
                answer(index, received, rng, held, &mut offers, attended);
            }
        };
        rayon::join(
            || answer_range(0, held_before, &mut rng, None, &mut attended),
            || {
                answer_range(
                    applicant_half,
                    held_after,
                    &mut rng_after,
                    Some(&mut probe_rng),
                    &mut attended_after,
                )
            },
        );
        attended.extend_from_slice(&attended_after);
        rng.set_word_pos(start_position + pending_start[non_probe_count] as u128);
        for &(_, offer) in &attended[attended_before..] {
            accepted[offer.track() as usize] += 1;
        }
    }
    drop(pending);
    if let Some(cutoffs) = cutoffs.as_deref_mut() {
        // Invitations went down each track's list in order, so the last one invited holds the
        // lowest evaluation invited.
        cutoffs.interview = (0..track_count)
            .map(|track| {
                let invited = next_candidate[track] - track_start[track];
                if invited == track_start[track + 1] - track_start[track] {
                    f32::NEG_INFINITY
                } else if invited == 0 {
                    f32::INFINITY
                } else {
                    key_evaluation(by_track[next_candidate[track] - 1])
                }
            })
            .collect();
    }
    // The attended interviews grouped by applicant.
    let mut attended_start = vec![0usize; applicant_count + 1];
    for (index, [main, preliminary]) in held.iter().enumerate() {
        attended_start[index + 1] = attended_start[index] + (main + preliminary) as usize;
    }
    drop(held);
    let mut by_applicant = vec![Offer::new(0, 0.0, 0, 0.0); attended.len()];
    let mut fill = attended_start.clone();
    for &(applicant, offer) in &attended {
        by_applicant[fill[applicant as usize]] = offer;
        fill[applicant as usize] += 1;
    }
    drop(fill);
    drop(attended);

    // Applicants rank their most preferred share of the interviews they attended: preferred
    // specialty first, then the backup, then preliminary tracks. Programs rank everyone they
    // interviewed.
    // The interviews grouped by track, in applicant order (a track interviews an applicant
    // once, so this is the order of the applicants' indices).
    let mut interviewed_start = vec![0usize; track_count + 1];
    for track in 0..track_count {
        interviewed_start[track + 1] = interviewed_start[track] + accepted[track] as usize;
    }
    let mut interviewed = vec![(0u32, 0.0f32); by_applicant.len()];
    let mut fill = interviewed_start.clone();
    for (index, bounds) in attended_start.windows(2).enumerate() {
        for offer in &by_applicant[bounds[0]..bounds[1]] {
            let at = &mut fill[offer.track() as usize];
            interviewed[*at] = (index as u32, offer.evaluation);
            *at += 1;
        }
    }
    drop(fill);
    // Each applicant's rank order list is a part of one flat list of tracks.
    let mut rank_tracks: Vec<u32> = Vec::with_capacity(by_applicant.len());
    let mut rank_start = Vec::with_capacity(applicant_count + 1);
    rank_start.push(0);
    let mut contiguous = vec![0u32; applicant_count];
    let mut interviews_attended = vec![0usize; applicant_count];
    let applicant_lists = || {
        for (index, bounds) in attended_start.windows(2).enumerate() {
            let ranked = &mut by_applicant[bounds[0]..bounds[1]];
            ranked.sort_unstable_by_key(|offer| offer.preference);
            interviews_attended[index] = ranked.len();
            let keep = (params.rank_share.clamp(0.0, 1.0) * ranked.len() as f64).ceil() as usize;
            let ranked = &ranked[..keep.min(ranked.len())];
            contiguous[index] = ranked.iter().filter(|r| r.priority() == 0).count() as u32;
            rank_tracks.extend(ranked.iter().map(|r| r.track()));
            rank_start.push(rank_tracks.len());
        }
    };

    // Programs rank everyone they interviewed, by their evaluation plus interview-day noise.
    // The scores are sorted as integer pairs in the same order as score descending, then
    // applicant ascending, which is cheaper than comparing floating-point pairs.
    // With cutoffs wanted, each track's rank scores and applicants in rank order are kept too.
    let want_rank_scores = cutoffs.is_some();
    let program_lists =
        |tracks: std::ops::Range<usize>, rng: &mut ChaCha8Rng, probe_rng: &mut ChaCha8Rng| {
            let mut track_specs: Vec<TrackSpec> = Vec::with_capacity(tracks.len());
            let mut rank_scores: Vec<Vec<(f32, u32)>> = Vec::new();
            let mut scored: Vec<(u64, u32)> = Vec::new();
            for track in tracks {
                let list = &interviewed[interviewed_start[track]..interviewed_start[track + 1]];
                scored.clear();
                scored.extend(list.iter().map(|&(applicant, evaluation)| {
                    let rng: &mut ChaCha8Rng = if market.is_probe(applicant as usize) {
                        &mut *probe_rng
                    } else {
                        &mut *rng
                    };
                    let score =
                        f64::from(evaluation) + params.program_rank_noise_sd * standard_normal(rng);
                    (descending_key(score), applicant)
                }));
                scored.sort_unstable();
                if want_rank_scores {
                    rank_scores.push(
                        scored
                            .iter()
                            .map(|s| (descending_key_value(s.0) as f32, s.1))
                            .collect(),
                    );
                }
                track_specs.push(TrackSpec {
                    quota: setup.tracks[track].positions,
                    rank: scored.iter().map(|s| ApplicantIdx(s.1)).collect(),
                    reversion: None,
                });
            }
            (track_specs, rank_scores)
        };
    // Each interview draws one word, of the season's stream or the probes', in track order,
    // so the second half of the tracks starts from the positions the first half would reach;
    // the applicants' lists are built meanwhile.
    let interview_half = interviewed_start
        .partition_point(|&start| start < interviewed_start[track_count] / 2)
        .clamp(1, track_count.max(1))
        - 1;
    let probe_interviews = |entries: &[(u32, f32)]| {
        entries
            .iter()
            .filter(|&&(applicant, _)| market.is_probe(applicant as usize))
            .count()
    };
    let probe_before = probe_interviews(&interviewed[..interviewed_start[interview_half]]);
    let probe_total =
        probe_before + probe_interviews(&interviewed[interviewed_start[interview_half]..]);
    let (start_position, probe_start_position) = (rng.get_word_pos(), probe_rng.get_word_pos());
    let mut rng_after = rng.clone();
    rng_after
        .set_word_pos(start_position + (interviewed_start[interview_half] - probe_before) as u128);
    let mut probe_rng_after = probe_rng.clone();
    probe_rng_after.set_word_pos(probe_start_position + probe_before as u128);
    let ((), ((mut track_specs, mut rank_scores), (track_specs_after, rank_scores_after))) =
        rayon::join(applicant_lists, || {
            rayon::join(
                || program_lists(0..interview_half, &mut rng, &mut probe_rng),
                || {
                    program_lists(
                        interview_half..track_count,
                        &mut rng_after,
                        &mut probe_rng_after,
                    )
                },
            )
        });
    track_specs.extend(track_specs_after);
    rank_scores.extend(rank_scores_after);
    rng.set_word_pos(start_position + (interviewed_start[track_count] - probe_total) as u128);
    probe_rng.set_word_pos(probe_start_position + probe_total as u128);
    // Each probe's attended interviews.
    let probe_interviews: Vec<Vec<u32>> = (first_probe..applicant_count)
        .map(|index| {
            by_applicant[attended_start[index]..attended_start[index + 1]]
                .iter()
                .map(|offer| offer.track())
                .collect()
        })
        .collect();
    drop(by_applicant);
    drop(interviewed);
    let rank_list = |index: usize| &rank_tracks[rank_start[index]..rank_start[index + 1]];

    // Couples: a share of applicants (never a probe) rank pairs of tracks jointly.
    let couple_count =
        ((params.couples_share * setup.applicant_counts.iter().sum::<u32>() as f64) / 2.0) as usize;
    let population = setup.applicant_counts.iter().sum::<u32>() as usize;
    let mut in_couple = vec![false; market.applicants.len()];
    let mut couples = Vec::with_capacity(couple_count);
    let mut members = Vec::with_capacity(couple_count * 2);
    while members.len() < couple_count * 2 && population >= 2 {
        let candidate = rng.random_range(0..population);
        if !in_couple[candidate] {
            in_couple[candidate] = true;
            members.push(candidate);
        }
    }
    for pair in members.chunks_exact(2) {
        let (a, b) = (pair[0], pair[1]);
        let (list_a, list_b) = (rank_list(a), rank_list(b));
        let mut joint: Vec<(usize, usize)> = Vec::new();
        for (i, track_a) in list_a.iter().enumerate() {
            for (j, track_b) in list_b.iter().enumerate() {
                if track_a != track_b {
                    joint.push((i, j));
                }
            }
        }
        joint.sort_by_key(|&(i, j)| (i + j, i));
        let limit = params.couple_pairs_max as usize;
        let mut rank: Vec<[Option<TrackIdx>; 2]> = joint
            .iter()
            .take(limit)
            .map(|&(i, j)| [Some(TrackIdx(list_a[i])), Some(TrackIdx(list_b[j]))])
            .collect();
        // A couple would rather one of them match than neither.
        for &track in list_a.iter().take(5) {
            rank.push([Some(TrackIdx(track)), None]);
        }
        for &track in list_b.iter().take(5) {
            rank.push([None, Some(TrackIdx(track))]);
        }
        couples.push(CoupleSpec {
            members: [ApplicantIdx(a as u32), ApplicantIdx(b as u32)],
            rank,
        });
    }
    // An applicant who ranks tracks starting at PGY-2 ranks their preliminary interviews on
    // a supplemental list attached to those tracks, as in the NRMP.
    let applicant_specs = |with_couples: bool| -> Vec<ApplicantSpec> {
        (0..applicant_count)
            .into_par_iter()
            .with_min_len(4096)
            .map(|index| {
                let list = rank_list(index);
                if with_couples && in_couple[index] {
                    return ApplicantSpec::default();
                }
                let has_pgy2 = list.iter().any(|&t| setup.tracks[t as usize].pgy2);
                if !has_pgy2 {
                    return ApplicantSpec {
                        rank: list
                            .iter()
                            .map(|&t| RankEntry::track(TrackIdx(t)))
                            .collect(),
                        supplemental_lists: Vec::new(),
                    };
                }
                let preliminary: Vec<TrackIdx> = list
                    .iter()
                    .filter(|&&t| setup.tracks[t as usize].preliminary)
                    .map(|&t| TrackIdx(t))
                    .collect();
                let supplemental = (!preliminary.is_empty()).then_some(SupplementalListIdx(0));
                ApplicantSpec {
                    rank: list
                        .iter()
                        .filter(|&&t| !setup.tracks[t as usize].preliminary)
                        .map(|&t| RankEntry {
                            track: TrackIdx(t),
                            supplemental: if setup.tracks[t as usize].pgy2 {
                                supplemental
                            } else {
                                None
                            },
                        })
                        .collect(),
                    supplemental_lists: if preliminary.is_empty() {
                        Vec::new()
                    } else {
                        vec![preliminary]
                    },
                }
            })
            .collect()
    };
    let couples_present = !couples.is_empty();
    // Couples can make the deferred-acceptance run cycle without settling; such a season is
    // matched again with couple members ranking alone, and counted. A season simulated on
    // its own may have a core to spare during the match, so it offers the match without
    // couples as a parallel task, in case it is needed; the task is skipped when it only
    // gets to start after the match with couples has settled.
    let match_alone = |tracks: Vec<TrackSpec>| {
        let spec = MarketSpec {
            tracks,
            applicants: applicant_specs(false),
            couples: Vec::new(),
        };
        let market_alone =
            Market::new(spec).expect("the season builds markets that satisfy the match's rules");
        run_match(&market_alone)
    };
    let tracks_alone = (pipelined && couples_present).then(|| track_specs.clone());
    let spec = MarketSpec {
        tracks: track_specs,
        applicants: applicant_specs(true),
        couples,
    };
    let match_with_couples = || {
        let match_market =
            Market::new(spec).expect("the season builds markets that satisfy the match's rules");
        let options = MatchOptions {
            proposal_limit: Some(COUPLES_PROPOSAL_LIMIT),
        };
        let outcome = run_match_with(&match_market, &options);
        // The tracks of an unsettled match, for the match without couples.
        let tracks =
            (!outcome.is_stable() && couples_present).then(|| match_market.spec().tracks.clone());
        (outcome, tracks)
    };
    let (mut outcome, unsettled_tracks, outcome_alone) = match tracks_alone {
        Some(tracks) => {
            let settled = AtomicBool::new(false);
            let ((outcome, unsettled_tracks), alone) = rayon::join(
                || {
                    let result = match_with_couples();
                    settled.store(result.1.is_none(), Ordering::Relaxed);
                    result
                },
                || (!settled.load(Ordering::Relaxed)).then(|| match_alone(tracks)),
            );
            (outcome, unsettled_tracks, alone)
        }
        None => {
            let (outcome, tracks) = match_with_couples();
            (outcome, tracks, None)
        }
    };
    let couples_unsettled = unsettled_tracks.is_some();
    if let Some(tracks) = unsettled_tracks {
        outcome = match outcome_alone {
            Some(alone) => alone,
            None => match_alone(tracks),
        };
    }
    let matching = outcome.matching();
    if let Some(cutoffs) = cutoffs {
        // A full track's cutoff is the rank score of the last applicant it matched, going down
        // its rank order list; a track with a free position took anyone who ranked it.
        let matched_to = |applicant: ApplicantIdx, track: usize| {
            matching.track_of(applicant).map(|t| t.index()) == Some(track)
                || matching.supplemental_track_of(applicant).map(|t| t.index()) == Some(track)
        };
        cutoffs.matched = rank_scores
            .iter()
            .enumerate()
            .map(|(track, ranked)| {
                let mut filled = 0;
                let mut lowest = f32::NEG_INFINITY;
                for &(score, applicant) in ranked {
                    if matched_to(ApplicantIdx(applicant), track) {
                        filled += 1;
                        lowest = score;
                    }
                }
                if filled < setup.tracks[track].positions {
                    f32::NEG_INFINITY
                } else {
                    lowest
                }
            })
            .collect();
    }

    // Tallies.
    let mut outcomes = SeasonOutcomes::empty(&setup.specialty_codes());
    outcomes.seasons = 1;
    outcomes.couples_unsettled_seasons = u64::from(couples_unsettled);
    for sim in &setup.tracks {
        if let Some(row) = sim.nrmp_row {
            outcomes.rows[usize::from(row)].positions_offered += u64::from(sim.positions);
        }
    }
    let mut probe_outcomes = vec![ProbeOutcomes::empty(); probes.len()];
    for (index, applicant) in market.applicants.iter().enumerate() {
        let matched = matching.track_of(ApplicantIdx(index as u32));
        let matched_preferred = matched.is_some_and(|track| {
            let sim = &setup.tracks[track.index()];
            !sim.preliminary && sim.specialty == applicant.specialty
        });
        let interviews = interviews_attended[index];
        if market.is_probe(index) {
            let probe = &mut probe_outcomes[index - first_probe];
            probe.seasons = 1;
            probe.matched = u64::from(matched.is_some());
            probe.matched_preferred = u64::from(matched_preferred);
            probe.interviews[interviews.min(INTERVIEW_BINS - 1)] += 1;
            probe.interviews_without_visa_sponsor = rank_list(index)
                .iter()
                .filter(|&&track| {
                    let program = &setup.programs[setup.tracks[track as usize].program as usize];
                    !visa_ok(applicant.visa, program)
                })
                .count() as u64;
            if let Some(list) = probe_list(index) {
                let attended = &probe_interviews[index - first_probe];
                probe.interviewed_at = list
                    .tracks
                    .iter()
                    .map(|track| u64::from(attended.contains(track)))
                    .collect();
                probe.matched_at = list
                    .tracks
                    .iter()
                    .map(|&track| u64::from(matched == Some(TrackIdx(track))))
                    .collect();
            }
            continue;
        }
        let tally = &mut outcomes.by_type[applicant.kind];
        tally.active += 1;
        tally.applications += u64::from(sent[index]);
        tally.interviews[interviews.min(INTERVIEW_BINS - 1)] += 1;
        if matched.is_some() {
            tally.matched += 1;
        }
        for track in [
            matched,
            matching.supplemental_track_of(ApplicantIdx(index as u32)),
        ]
        .into_iter()
        .flatten()
        {
            if let Some(row) = setup.tracks[track.index()].nrmp_row {
                let row = &mut outcomes.rows[usize::from(row)];
                row.filled += 1;
                row.filled_by_type[applicant.kind] += 1;
            }
        }
        if matched_preferred {
            tally.matched_preferred += 1;
        }
        let bin = (contiguous[index] as usize).min(CONTIGUOUS_BINS - 1);
        outcomes.contiguous_ranks[bin][0] += 1;
        outcomes.contiguous_ranks[bin][1] += u64::from(matched_preferred);
        let specialty = &mut outcomes.specialties[usize::from(applicant.specialty)];
        let score_bin = usize::from(applicant.step2.saturating_sub(HISTOGRAM_MIN_SCORE))
            .min(HISTOGRAM_BINS - 1);
        match applicant.kind {
            0 => {
                if let Some(band) = STEP2_BANDS.iter().position(|b| b.contains(applicant.step2)) {
                    specialty.us_md_by_band[band] += 1;
                    specialty.us_md_matched_by_band[band] += u64::from(matched_preferred);
                }
            }
            3 if matched_preferred => {
                specialty.non_us_img_matched += 1;
                specialty.non_us_img_matched_step2[score_bin] += 1;
            }
            3 => {
                specialty.non_us_img_unmatched += 1;
                specialty.non_us_img_unmatched_step2[score_bin] += 1;
            }
            _ => {}
        }
    }
    (outcomes, probe_outcomes)
}

/// Simulates one Match season of the market `setup` describes, from `seed` and the season
/// number (each season has its own random stream).
pub fn simulate_season(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    season: u32,
) -> SeasonOutcomes {
    run_season(setup, params, seed, season, &[], None, true).0
}

/// Simulates seasons `0..seasons` in parallel and merges their tallies as they finish
/// (markets are never kept). `on_done` is called with each finished season's number. The
/// result is the same for any number of threads.
pub fn simulate_seasons(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    on_done: impl Fn(u32) + Sync,
) -> SeasonOutcomes {
    simulate_many(setup, params, seed, seasons, &[], on_done).0
}

/// As [`simulate_seasons`], with the probe inserted into every season; also returns what
/// happened to the probe. Refuses a probe whose specialty has no track in the market.
pub fn simulate_seasons_with_probe(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    probe: &ProbeApplicant,
    on_done: impl Fn(u32) + Sync,
) -> Result<(SeasonOutcomes, ProbeOutcomes), ProbeError> {
    let (outcomes, mut probes) = simulate_seasons_with_probes(
        setup,
        params,
        seed,
        seasons,
        std::slice::from_ref(probe),
        on_done,
    )?;
    Ok((outcomes, probes.pop().unwrap_or_else(ProbeOutcomes::empty)))
}

/// As [`simulate_seasons`], with every probe inserted into every season (they apply, are
/// screened and are ranked alongside each other and everyone else); also returns what happened
/// to each. Refuses a probe whose specialty has no track in the market, or whose list names a
/// track that is not in it.
pub fn simulate_seasons_with_probes(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    probes: &[ProbeApplicant],
    on_done: impl Fn(u32) + Sync,
) -> Result<(SeasonOutcomes, Vec<ProbeOutcomes>), ProbeError> {
    for probe in probes {
        if setup.specialty_of(probe.specialty).is_none() {
            return Err(ProbeError::Invalid {
                field: "specialty",
                reason: format!(
                    "the catalog has no track of specialty {} to apply to",
                    probe.specialty
                ),
            });
        }
        if let Some(list) = &probe.list {
            let outside = list
                .tracks
                .iter()
                .chain(list.signals.iter().map(|(track, _)| track))
                .find(|&&track| track as usize >= setup.track_count());
            if let Some(track) = outside {
                return Err(ProbeError::Invalid {
                    field: "list",
                    reason: format!("track {track} is not in the market"),
                });
            }
        }
    }
    Ok(simulate_many(setup, params, seed, seasons, probes, on_done))
}

/// Simulates seasons `0..seasons` and returns each one's cutoffs, in season order.
pub(crate) fn season_cutoffs(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    on_done: impl Fn(u32) + Sync,
) -> Vec<SeasonCutoffs> {
    // As in `simulate_many`: a season runs its own parallel stages only when there are too few
    // seasons to keep every thread busy.
    let pipelined = (seasons as usize) < 2 * rayon::current_num_threads();
    (0..seasons)
        .into_par_iter()
        .map(|season| {
            let mut cutoffs = SeasonCutoffs {
                interview: Vec::new(),
                matched: Vec::new(),
            };
            run_season(
                setup,
                params,
                seed,
                season,
                &[],
                Some(&mut cutoffs),
                pipelined,
            );
            on_done(season);
            cutoffs
        })
        .collect()
}

fn simulate_many(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    probes: &[ProbeApplicant],
    on_done: impl Fn(u32) + Sync,
) -> (SeasonOutcomes, Vec<ProbeOutcomes>) {
    let codes = setup.specialty_codes();
    let empty = || {
        (
            SeasonOutcomes::empty(&codes),
            vec![ProbeOutcomes::empty(); probes.len()],
        )
    };
    let merge_probes = |a: Vec<ProbeOutcomes>, b: &[ProbeOutcomes]| -> Vec<ProbeOutcomes> {
        a.into_iter().zip(b).map(|(a, b)| a.merge(b)).collect()
    };
    // With seasons enough to keep every thread busy, each season's own parallelism would
    // only add work.
    let pipelined = (seasons as usize) < 2 * rayon::current_num_threads();
    (0..seasons)
        .into_par_iter()
        .fold(empty, |(outcomes, probe_outcomes), season| {
            let (one, one_probes) =
                run_season(setup, params, seed, season, probes, None, pipelined);
            on_done(season);
            (
                outcomes.merge(&one),
                merge_probes(probe_outcomes, &one_probes),
            )
        })
        .reduce(empty, |(a, pa), (b, pb)| {
            (a.merge(&b), merge_probes(pa, &pb))
        })
}
