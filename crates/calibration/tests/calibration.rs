//! The calibration's targets, comparisons and file format, and the committed calibration file
//! reproduced by simulation.

use calibration::{
    CalibrationError, CalibrationFile, TargetGroup, calibration_targets, compare, load_calibration,
    summarize, write_report,
};
use market::SeasonSetup;

/// The committed calibration file, read at compile time so the test always checks the file
/// in the repository.
const COMMITTED: &str = include_str!("../../../calibration/calibration-v1.toml");

#[test]
fn targets_cover_every_family_and_hold_some_out() {
    let targets = calibration_targets();
    for group in [
        TargetGroup::MatchRateByType,
        TargetGroup::FillRate,
        TargetGroup::ShareOfFilled,
        TargetGroup::NonUsImgMatchRate,
        TargetGroup::NonUsImgStep2Median,
        TargetGroup::UsMdBandMatchRate,
    ] {
        assert!(targets.iter().any(|t| t.group == group), "{group}");
    }
    let bands: Vec<_> = targets
        .iter()
        .filter(|t| t.group == TargetGroup::UsMdBandMatchRate)
        .collect();
    assert!(bands.iter().any(|t| t.held_out) && bands.iter().any(|t| !t.held_out));
    assert!(
        targets
            .iter()
            .filter(|t| t.group == TargetGroup::MatchRateByType)
            .all(|t| !t.held_out)
    );
    let mut names: Vec<_> = targets.iter().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), targets.len(), "target names are unique");
}

/// The committed file with one more entry in a table of per-specialty parameters.
fn with_entry(table: &str, entry: &str) -> String {
    let header = format!("[parameters.{table}]\n");
    if COMMITTED.contains(&header) {
        COMMITTED.replacen(&header, &format!("{header}{entry}\n"), 1)
    } else {
        format!("{COMMITTED}\n{header}{entry}\n")
    }
}

#[test]
fn calibration_files_refuse_other_versions_and_name_bad_fields() {
    let other = COMMITTED.replacen("format_version = 1", "format_version = 7", 1);
    assert_eq!(
        load_calibration(&other).unwrap_err(),
        CalibrationError::UnsupportedVersion {
            found: 7,
            expected: 1
        }
    );
    let unknown = format!("surprise = 1\n{COMMITTED}");
    let error = load_calibration(&unknown).unwrap_err().to_string();
    assert!(error.contains("surprise"), "{error}");
    let bad_code = with_entry("specialty_img_penalty_offset", "\"12x\" = 1.0");
    let error = load_calibration(&bad_code).unwrap_err().to_string();
    assert!(error.contains("specialty_img_penalty_offset"), "{error}");
    let bad_demand = with_entry("specialty_us_md_demand", "\"999\" = -1.0");
    let error = load_calibration(&bad_demand).unwrap_err().to_string();
    assert!(error.contains("specialty_us_md_demand"), "{error}");
    let missing = COMMITTED.replacen("date = ", "# date = ", 1);
    let error = load_calibration(&missing).unwrap_err().to_string();
    assert!(error.contains("date"), "{error}");
    assert!(load_calibration("format_version = 1\n").is_err());
}

#[test]
fn the_committed_file_round_trips() {
    let file = load_calibration(COMMITTED).unwrap();
    let again = load_calibration(&file.to_toml()).unwrap();
    assert_eq!(file, again);
}

/// The report regenerated from the committed file: simulating its report seasons with its
/// parameters reproduces the errors it records (the simulation is deterministic, so up to
/// floating-point formatting).
#[test]
fn the_committed_calibration_reproduces_its_reported_errors() {
    let file: CalibrationFile = load_calibration(COMMITTED).unwrap();
    let catalog = demo_catalog::generate(demo_catalog::DEFAULT_SEED);
    let setup = SeasonSetup::from_catalog(&catalog);
    let outcomes = market::simulate_seasons(
        &setup,
        &file.parameters,
        file.options.report_seed,
        file.options.report_seasons,
        |_| {},
    );
    let comparisons = compare(&outcomes, &calibration_targets());
    let summary = summarize(&comparisons);
    let pairs = [
        (
            summary.match_rate_max_abs_error,
            file.summary.match_rate_max_abs_error,
        ),
        (
            summary.non_us_img_match_rate_mae,
            file.summary.non_us_img_match_rate_mae,
        ),
        (
            summary.us_md_band_fitted_mae,
            file.summary.us_md_band_fitted_mae,
        ),
        (
            summary.us_md_band_held_out_mae,
            file.summary.us_md_band_held_out_mae,
        ),
        (summary.fitted_mae, file.summary.fitted_mae),
        (summary.held_out_mae, file.summary.held_out_mae),
    ];
    for (simulated, recorded) in pairs {
        assert!(
            (simulated - recorded).abs() < 1e-6,
            "simulated {simulated}, recorded {recorded}"
        );
    }
    assert_eq!(
        file.targets.len(),
        comparisons.len(),
        "the file records every target's row"
    );
    for (recorded, simulated) in file.targets.iter().zip(&comparisons) {
        assert_eq!(
            (&recorded.name, recorded.group, recorded.held_out),
            (&simulated.name, simulated.group, simulated.held_out)
        );
        assert!((recorded.target - simulated.target).abs() < 1e-9);
        let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-6,
            (None, None) => true,
            _ => false,
        };
        assert!(
            close(recorded.simulated, simulated.simulated),
            "{}",
            recorded.name
        );
        assert!(close(recorded.error, simulated.error), "{}", recorded.name);
    }
    let report = write_report(&file, &comparisons);
    assert_eq!(
        report,
        include_str!("../../../calibration/report.md"),
        "the committed report is the report of the file's rows"
    );
    assert!(report.contains("| match rate: US MD senior |"));
    assert!(report.contains("held out"));
}
