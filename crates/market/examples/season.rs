//! Simulates seasons of the demo catalog with the default parameters and prints the tables.
//! Usage: `cargo run --release -p market --example season [seasons]`.

// An example's purpose is to print.
#![allow(clippy::print_stdout)]

use std::time::Instant;

use market::{BehaviourParameters, SeasonSetup, simulate_seasons};

fn main() {
    let seasons: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4);
    let catalog = demo_catalog::generate(demo_catalog::DEFAULT_SEED);
    let setup = SeasonSetup::from_catalog(&catalog);
    println!(
        "tracks {} positions {} applicants {:?}",
        setup.track_count(),
        setup.position_count(),
        setup.applicant_counts()
    );
    let start = Instant::now();
    let params: BehaviourParameters = match std::env::args().nth(2) {
        Some(path) => toml::from_str(&std::fs::read_to_string(path).expect("readable parameters"))
            .expect("valid parameters"),
        None => BehaviourParameters::default(),
    };
    let outcomes = simulate_seasons(&setup, &params, 1, seasons, |_| {});
    for t in &outcomes.by_type {
        println!(
            "applications per applicant {:.1}",
            t.applications as f64 / t.active as f64
        );
    }
    println!("{seasons} seasons in {:?}", start.elapsed());
    println!("{outcomes}");
}
