//! Re-simulates the report seasons of `calibration/calibration-v1.toml` with its own
//! parameters, seed and season count, and rewrites the file with every target's row and
//! `calibration/report.md` from that simulation. The fitted parameters are left as they are.
//!
//! Usage: `cargo run --release -p calibration --example report`.

// An example's purpose is to print progress and write the files.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;

use calibration::{calibration_targets, evaluate, load_calibration, write_report};
use market::SeasonSetup;

fn main() {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../calibration");
    let path = folder.join("calibration-v1.toml");
    let text = std::fs::read_to_string(&path).expect("the calibration file can be read");
    let file = load_calibration(&text).expect("the calibration file is valid");
    let catalog = demo_catalog::generate(demo_catalog::DEFAULT_SEED);
    let setup = SeasonSetup::from_catalog(&catalog);
    let (_, comparisons) = evaluate(
        &setup,
        &file.parameters,
        file.options.report_seed,
        file.options.report_seasons,
        &calibration_targets(),
    );
    let parameters = file.parameters.clone();
    let file = file.with_report(comparisons);
    assert_eq!(
        file.parameters, parameters,
        "the fitted parameters are kept"
    );
    std::fs::write(&path, file.to_toml()).expect("the calibration file can be written");
    std::fs::write(folder.join("report.md"), write_report(&file, &file.targets))
        .expect("the report can be written");
    println!("{}", file.summary);
}
