//! The committed calibration file reproduced by simulation on the catalog it was fitted on.

use calibration::{
    CalibrationFile, calibration_targets, compare, load_calibration, summarize, write_report,
};
use catalog::Catalog;
use market::SeasonSetup;

/// The committed calibration file, read at compile time so the test always checks the file
/// in the repository.
const COMMITTED: &str = include_str!("../../../calibration/calibration-v1.toml");

/// The first-run catalog the file names: the real programs of the embedded track list (the
/// default), or the fictional demo catalog.
fn catalog_of(file: &CalibrationFile) -> Catalog {
    let first = if file.catalog == app::TRACK_LIST_LABEL {
        app::FirstCatalog::Real
    } else {
        app::FirstCatalog::Demo
    };
    let catalog = app::first_catalog(first).unwrap();
    assert_eq!(
        catalog.meta.label, file.catalog,
        "the file names a first-run catalog"
    );
    catalog
}

#[test]
fn the_committed_calibration_is_fitted_on_the_default_catalog() {
    let file = load_calibration(COMMITTED).unwrap();
    assert_eq!(file.catalog, app::TRACK_LIST_LABEL);
}

/// The report regenerated from the committed file: simulating its report seasons with its
/// parameters reproduces the errors it records (the simulation is deterministic, so up to
/// floating-point formatting).
#[test]
fn the_committed_calibration_reproduces_its_reported_errors() {
    let file: CalibrationFile = load_calibration(COMMITTED).unwrap();
    let catalog = catalog_of(&file);
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
