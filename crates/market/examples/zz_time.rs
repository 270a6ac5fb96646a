//! Throwaway timing.
use market::{BehaviourParameters, SeasonSetup, simulate_season};
fn main() {
    let catalog = demo_catalog::generate(demo_catalog::DEFAULT_SEED);
    let setup = SeasonSetup::from_catalog(&catalog);
    let params = BehaviourParameters::default();
    let n: u32 = std::env::args().nth(1).map_or(10, |a| a.parse().unwrap());
    simulate_season(&setup, &params, 7, 0);
    let t = std::time::Instant::now();
    for s in 1..=n {
        std::hint::black_box(simulate_season(&setup, &params, 7, s));
    }
    println!("{:?} per season", t.elapsed() / n);
}
