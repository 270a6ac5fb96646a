//! A seeded market of NRMP size and shape, shared by the benchmark and its checks.
//!
//! The market has the shape that makes the real Match non-trivial: applicants mostly rank
//! within one specialty, popular programs draw far more applicants than others, and programs
//! rank the applicants who ranked them by a shared notion of strength plus their own taste.

use match_engine::{
    ApplicantIdx, ApplicantSpec, CoupleSpec, MarketSpec, RankEntry, TrackIdx, TrackPair, TrackSpec,
};
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const APPLICANTS: usize = 48_000;
const TRACKS: usize = 6_600;
const POSITIONS: u32 = 43_000;
const RANKS_PER_APPLICANT: usize = 12;
const SPECIALTIES: usize = 40;
const REGIONS: u32 = 9;

/// Draws an index with probability proportional to `weights`, given their running sums.
fn weighted(rng: &mut ChaCha8Rng, cumulative: &[f64]) -> usize {
    let total = cumulative.last().copied().unwrap_or(0.0);
    let x = rng.random_range(0.0..total);
    cumulative
        .partition_point(|&c| c <= x)
        .min(cumulative.len() - 1)
}

fn running_sums(weights: &[f64]) -> Vec<f64> {
    weights
        .iter()
        .scan(0.0, |sum, w| {
            *sum += w;
            Some(*sum)
        })
        .collect()
}

/// A seeded NRMP-sized market; `couples` pairs up that many pairs of applicants.
pub fn nrmp_scale_market(seed: u64, couples: usize) -> MarketSpec {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);

    // Quotas between 1 and 12, then nudged until they add up to the national total.
    let mut quota: Vec<u32> = (0..TRACKS).map(|_| rng.random_range(1..=12)).collect();
    let mut total: u32 = quota.iter().sum();
    while total != POSITIONS {
        let t = rng.random_range(0..TRACKS);
        if total > POSITIONS && quota[t] > 1 {
            quota[t] -= 1;
            total -= 1;
        } else if total < POSITIONS {
            quota[t] += 1;
            total += 1;
        }
    }
    let specialty: Vec<usize> = (0..TRACKS)
        .map(|_| rng.random_range(0..SPECIALTIES))
        .collect();
    let region: Vec<u32> = (0..TRACKS).map(|_| rng.random_range(0..REGIONS)).collect();
    // Popularity follows a heavy tail: a few programs attract many applicants.
    let popularity: Vec<f64> = (0..TRACKS)
        .map(|_| (rng.random_range(0.0..1.0f64) * 3.0).exp())
        .collect();
    let mut by_specialty: Vec<Vec<usize>> = vec![Vec::new(); SPECIALTIES];
    for t in 0..TRACKS {
        by_specialty[specialty[t]].push(t);
    }
    let specialty_cumulative: Vec<Vec<f64>> = by_specialty
        .iter()
        .map(|tracks| running_sums(&tracks.iter().map(|&t| popularity[t]).collect::<Vec<_>>()))
        .collect();
    let specialty_size = running_sums(
        &by_specialty
            .iter()
            .map(|tracks| tracks.iter().map(|&t| f64::from(quota[t])).sum())
            .collect::<Vec<f64>>(),
    );

    let strength: Vec<f64> = (0..APPLICANTS)
        .map(|_| rng.random_range(0.0..1.0))
        .collect();
    let mut applicant_lists: Vec<Vec<usize>> = Vec::with_capacity(APPLICANTS);
    for _ in 0..APPLICANTS {
        let main = weighted(&mut rng, &specialty_size);
        let backup = weighted(&mut rng, &specialty_size);
        let mut chosen: Vec<(f64, usize)> = Vec::with_capacity(RANKS_PER_APPLICANT);
        let mut attempts = 0;
        while chosen.len() < RANKS_PER_APPLICANT && attempts < 200 {
            attempts += 1;
            let s = if chosen.len() < RANKS_PER_APPLICANT - 2 {
                main
            } else {
                backup
            };
            let t = by_specialty[s][weighted(&mut rng, &specialty_cumulative[s])];
            if chosen.iter().any(|&(_, c)| c == t) {
                continue;
            }
            // Applicants mostly prefer popular programs, each with their own taste.
            let taste = popularity[t] * rng.random_range(0.5..1.5);
            chosen.push((taste, t));
        }
        chosen.sort_by(|a, b| b.0.total_cmp(&a.0));
        applicant_lists.push(chosen.into_iter().map(|(_, t)| t).collect());
    }

    // Couples are the last 2 × `couples` applicants; each ranks pairs of the members' own
    // choices in the same region, then each member alone.
    let first_member = APPLICANTS - 2 * couples;
    let mut couple_specs = Vec::with_capacity(couples);
    for c in 0..couples {
        let (a, b) = (first_member + 2 * c, first_member + 2 * c + 1);
        let mut pairs: Vec<(usize, TrackPair)> = Vec::new();
        for (i, &x) in applicant_lists[a].iter().enumerate() {
            for (j, &y) in applicant_lists[b].iter().enumerate() {
                if region[x] == region[y] || x == y {
                    pairs.push((i + j, [Some(TrackIdx(x as u32)), Some(TrackIdx(y as u32))]));
                }
            }
        }
        pairs.sort_by_key(|&(cost, _)| cost);
        pairs.truncate(30);
        for &x in applicant_lists[a].iter().take(3) {
            pairs.push((usize::MAX, [Some(TrackIdx(x as u32)), None]));
        }
        for &y in applicant_lists[b].iter().take(3) {
            pairs.push((usize::MAX, [None, Some(TrackIdx(y as u32))]));
        }
        couple_specs.push(CoupleSpec {
            members: [ApplicantIdx(a as u32), ApplicantIdx(b as u32)],
            rank: pairs.into_iter().map(|(_, p)| p).collect(),
        });
    }

    // Programs rank nearly everyone who ranked them, by strength and their own taste.
    let mut interested: Vec<Vec<(f64, u32)>> = vec![Vec::new(); TRACKS];
    for (a, list) in applicant_lists.iter().enumerate() {
        for &t in list {
            if rng.random_bool(0.9) {
                let score = strength[a] + rng.random_range(0.0..0.3);
                interested[t].push((score, a as u32));
            }
        }
    }
    let tracks = interested
        .into_iter()
        .enumerate()
        .map(|(t, mut list)| {
            list.sort_by(|a, b| b.0.total_cmp(&a.0));
            TrackSpec {
                quota: quota[t],
                rank: list.into_iter().map(|(_, a)| ApplicantIdx(a)).collect(),
                reversion: None,
            }
        })
        .collect();
    let applicants = applicant_lists
        .into_iter()
        .enumerate()
        .map(|(a, list)| ApplicantSpec {
            rank: if a >= first_member {
                Vec::new()
            } else {
                list.into_iter()
                    .map(|t| RankEntry::track(TrackIdx(t as u32)))
                    .collect()
            },
            supplemental_lists: Vec::new(),
        })
        .collect();
    let mut spec = MarketSpec {
        tracks,
        applicants,
        couples: couple_specs,
    };
    // Keep the processing order unrelated to who is in a couple.
    spec.couples.shuffle(&mut rng);
    spec
}
