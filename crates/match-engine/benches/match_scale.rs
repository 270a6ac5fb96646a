//! Solve time at NRMP scale: 48,000 applicants, 6,600 tracks, 43,000 positions and about 12
//! ranks per applicant, drawn from a fixed seed, without couples and with 1,000 couples.

use std::hint::black_box;
use std::io::Write as _;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use match_engine::{Market, run_match};

mod support;

use support::nrmp_scale_market;

fn match_scale(c: &mut Criterion) {
    let mut group = c.benchmark_group("nrmp_scale");
    group.sample_size(30);
    for couples in [0usize, 1_000] {
        let spec = nrmp_scale_market(2026, couples);
        let market = Market::new(spec.clone()).expect("generated market is valid");
        let outcome = run_match(&market);
        assert!(outcome.is_stable(), "the benchmark market should settle");
        let filled: u32 = outcome.matching().filled().iter().sum();
        let statistics = outcome.statistics();
        let _ = writeln!(
            std::io::stderr(),
            "{couples} couples: {filled} positions filled, {} proposals",
            statistics.proposals
        );
        group.bench_function(format!("solve_{couples}_couples"), |b| {
            b.iter(|| run_match(black_box(&market)))
        });
        group.bench_function(format!("index_{couples}_couples"), |b| {
            b.iter_batched(|| spec.clone(), Market::new, BatchSize::LargeInput)
        });
    }
    group.finish();
}

criterion_group!(benches, match_scale);
criterion_main!(benches);
