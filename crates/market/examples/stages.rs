#![allow(clippy::print_stdout)]
use market::{BehaviourParameters, SeasonSetup, simulate_seasons};
fn main() {
    let seasons: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4);
    let catalog = demo_catalog::generate(demo_catalog::DEFAULT_SEED);
    let setup = SeasonSetup::from_catalog(&catalog);
    let text = std::fs::read_to_string("calibration/calibration-v1.toml").unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap();
    let params: BehaviourParameters = v["parameters"].clone().try_into().unwrap();
    let start = std::time::Instant::now();
    let o = simulate_seasons(&setup, &params, 2025, seasons, |_| {});
    println!("{seasons} seasons in {:?}", start.elapsed());
    if std::env::var_os("PRINT").is_some() {
        println!("{o}");
    }
}
