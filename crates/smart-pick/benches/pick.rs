//! Smart Pick's speed on the full demo catalog with the committed calibration: one profile at
//! a time on one core (median and 99th percentile; the list filled to the budget, the curve to
//! 100 applications and the typical-list baseline included), and a batch of 10,000 profiles with their improvement plans on
//! every core, as `pick --batch` runs them.
//!
//! Run with `cargo bench -p smart-pick`; `PICK_BENCH_BATCH=N` changes the batch size.

use std::hint::black_box;
use std::io::Write as _;
use std::time::{Duration, Instant};

use market::BehaviourParameters;
use rayon::prelude::*;
use smart_pick::{ChanceModel, Profile};

const PROFILES: [&str; 4] = ["us-md-senior", "us-do-senior", "us-img", "non-us-img"];

fn profiles() -> Vec<Profile> {
    let mut out = Vec::new();
    for name in PROFILES {
        let path = format!(
            "{}/../../examples/profiles/{name}.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("example profile");
        out.push(Profile::from_toml(&text).expect("valid example"));
    }
    // Variations across scores and budgets, as a class of applicants would have.
    let base: Vec<Profile> = out.clone();
    for (i, profile) in base.iter().enumerate() {
        for delta in [-12i32, -6, 6, 12] {
            let mut input = profile.input().clone();
            if let Some(score) = input.exams.step2_ck.as_mut() {
                score.score = (i32::from(score.score) + delta).clamp(200, 280) as u16;
            }
            input.budget.applications = Some(20 + 15 * (i as u32 + delta.unsigned_abs() % 5));
            input.budget.dollars = None;
            out.push(Profile::from_input(input).expect("valid variation"));
        }
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let mut err = std::io::stderr().lock();
    let catalog = demo_catalog::generate(demo_catalog::DEFAULT_SEED);
    let text = include_str!("../../../calibration/calibration-v1.toml");
    let file: toml::Table = toml::from_str(text).expect("calibration file");
    let params: BehaviourParameters = file["parameters"].clone().try_into().expect("parameters");
    let started = Instant::now();
    let (model, _) = ChanceModel::survey_and_build(catalog, params, 2026, 16, |_| {});
    let _ = writeln!(
        err,
        "model built (16 surveyed seasons) in {:.2?}",
        started.elapsed()
    );
    let profiles = profiles();

    // One core: the pool has one thread, as a single request would.
    let single = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let times = single.install(|| {
        for p in &profiles {
            black_box(model.pick(p).expect("pick"));
        }
        let mut times = Vec::new();
        for round in 0..50 {
            for (i, p) in profiles.iter().enumerate() {
                if (round + i) % 2 == 0 {
                    let start = Instant::now();
                    black_box(model.pick(p).expect("pick"));
                    times.push(start.elapsed());
                }
            }
        }
        times
    });
    let mut sorted = times.clone();
    sorted.sort();
    let _ = writeln!(
        err,
        "pick, one profile on one core ({} runs over {} profiles): median {:.2?}, p99 {:.2?}, max {:.2?}  [targets: median <= 5 ms, p99 <= 20 ms]",
        sorted.len(),
        profiles.len(),
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.99),
        sorted[sorted.len() - 1]
    );
    let plan_start = Instant::now();
    for p in &profiles {
        let pick = model.pick(p).expect("pick");
        black_box(model.improvement_plan(p, pick.p_match).expect("plan"));
    }
    let _ = writeln!(
        err,
        "pick with improvement plan: mean {:.2?} per profile",
        plan_start.elapsed() / profiles.len() as u32
    );

    let batch: usize = std::env::var("PICK_BENCH_BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let start = Instant::now();
    let done: usize = (0..batch)
        .into_par_iter()
        .map(|i| {
            let p = &profiles[i % profiles.len()];
            let pick = model.pick(p).expect("pick");
            black_box(model.improvement_plan(p, pick.p_match).expect("plan"));
            1
        })
        .sum();
    let _ = writeln!(
        err,
        "batch of {done} profiles with plans on {} threads: {:.1?}  [target: 10,000 in <= 60 s on 2 cores]",
        rayon::current_num_threads(),
        start.elapsed()
    );
}
