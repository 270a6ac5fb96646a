//! The calibration's targets, comparisons and file format (the committed file's reproduction
//! on its catalog is checked in the `app` crate, which builds that catalog).

use calibration::{CalibrationError, TargetGroup, calibration_targets, load_calibration};

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
