//! Times the generation of the demo catalog, whole and for Internal Medicine alone:
//! `cargo run --release -p demo-catalog --example generate_timing`.

#![allow(clippy::print_stdout)]

use std::time::Instant;

use catalog::SpecialtyCode;
use demo_catalog::{DemoOptions, generate_with};

/// The best and mean milliseconds of generating with `options` for seeds 1 to `runs`.
fn time(options: &DemoOptions, runs: u64) -> (f64, f64, usize, usize) {
    // The first run warms caches and the allocator; the best of the runs after it is the
    // usual figure for a short computation on a busy machine.
    let warm = generate_with(options);
    let (programs, tracks) = (warm.programs.len(), warm.tracks.len());
    let mut best = f64::INFINITY;
    let mut total = 0.0;
    for seed in 1..=runs {
        let options = DemoOptions {
            seed,
            ..options.clone()
        };
        let start = Instant::now();
        let catalog = generate_with(&options);
        std::hint::black_box(&catalog);
        drop(catalog);
        let elapsed = start.elapsed().as_secs_f64() * 1000.0;
        best = best.min(elapsed);
        total += elapsed;
    }
    (best, total / runs as f64, programs, tracks)
}

fn main() {
    let runs = 30;
    let whole = DemoOptions::new(0);
    let internal_medicine = DemoOptions {
        seed: 0,
        only_specialties: Some(vec![SpecialtyCode::parse("140").expect("a valid code")]),
    };
    for (label, options) in [
        ("whole catalog", whole),
        ("Internal Medicine only", internal_medicine),
    ] {
        let (best, mean, programs, tracks) = time(&options, runs);
        println!(
            "{label}: {programs} programs, {tracks} tracks: best {best:.2} ms, mean {mean:.2} ms over {runs} seeds (generation and drop)"
        );
    }
}
