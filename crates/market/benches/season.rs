//! Times one simulated season on the demo catalog, generation included, and many in parallel.

use criterion::{Criterion, criterion_group, criterion_main};
use market::{BehaviourParameters, SeasonSetup, simulate_season, simulate_seasons};

fn season(c: &mut Criterion) {
    let catalog = demo_catalog::generate(demo_catalog::DEFAULT_SEED);
    let setup = SeasonSetup::from_catalog(&catalog);
    let params = BehaviourParameters::default();
    let mut group = c.benchmark_group("market");
    group.sample_size(10);
    let mut season = 0;
    group.bench_function("one season, demo catalog", |b| {
        b.iter(|| {
            season += 1;
            simulate_season(&setup, &params, 7, season)
        })
    });
    group.bench_function("8 seasons in parallel, demo catalog", |b| {
        b.iter(|| simulate_seasons(&setup, &params, 7, 8, |_| {}))
    });
    group.finish();
}

criterion_group!(benches, season);
criterion_main!(benches);
