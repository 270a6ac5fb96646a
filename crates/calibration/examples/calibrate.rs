//! Runs the calibration on the demo catalog and writes `calibration/calibration-v1.toml` and
//! `calibration/report.md` at the repository root.
//!
//! Usage: `cargo run --release -p calibration --example calibrate -- DATE [EVALUATIONS]
//! [SEASONS_PER_EVALUATION] [REPORT_SEASONS] [START_FILE]`, e.g. `-- 2026-11-25 360 3 8`.
//! `START_FILE` is a calibration file whose parameters the fit starts from.

// An example's purpose is to print progress and write the files.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::time::Instant;

use calibration::{
    CalibrationFile, CalibrationOptions, CalibrationProgress, run_calibration, write_report,
};
use market::SeasonSetup;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(date) = args.first().cloned() else {
        eprintln!("usage: calibrate DATE [EVALUATIONS] [SEASONS_PER_EVALUATION] [REPORT_SEASONS]");
        std::process::exit(2);
    };
    let number = |index: usize, default: u32| {
        args.get(index)
            .map_or(default, |text| text.parse().expect("a whole number"))
    };
    let (start, start_label) = match args.get(4) {
        Some(path) => {
            let text = std::fs::read_to_string(path).expect("the start file can be read");
            let file =
                calibration::load_calibration(&text).expect("the start file is a calibration file");
            let label = format!(
                "the parameters of the calibration of {} ({} evaluations of {} seasons)",
                file.date, file.evaluations, file.options.seasons_per_evaluation
            );
            (file.parameters, Some(label))
        }
        None => (market::BehaviourParameters::default(), None),
    };
    let options = CalibrationOptions {
        start,
        max_evaluations: number(1, 60),
        seasons_per_evaluation: number(2, 2),
        report_seasons: number(3, 8),
        ..CalibrationOptions::default()
    };
    let catalog = demo_catalog::generate(demo_catalog::DEFAULT_SEED);
    let setup = SeasonSetup::from_catalog(&catalog);
    let start = Instant::now();
    let result = run_calibration(&setup, &options, |progress| match progress {
        CalibrationProgress::Evaluated {
            evaluation,
            loss,
            best_loss,
        } => eprintln!(
            "[{:>6.1}s] evaluation {evaluation}: loss {loss:.2} (best {best_loss:.2})",
            start.elapsed().as_secs_f64()
        ),
        CalibrationProgress::Reporting => eprintln!("simulating the report seasons"),
    });
    let catalog_label = format!("demo catalog, seed {}", demo_catalog::DEFAULT_SEED);
    let mut file = CalibrationFile::new(&result, &options, &date, &catalog_label);
    file.options.start = start_label;
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../calibration");
    std::fs::create_dir_all(&folder).expect("the calibration folder can be created");
    std::fs::write(folder.join("calibration-v1.toml"), file.to_toml())
        .expect("the calibration file can be written");
    std::fs::write(
        folder.join("report.md"),
        write_report(&file, &result.comparisons),
    )
    .expect("the report can be written");
    println!("{}", result.summary);
    println!("done in {:.1}s", start.elapsed().as_secs_f64());
}
