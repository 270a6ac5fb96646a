//! The importers on the real FREIDA and NRMP files in `../shared/data/real/`.
//!
//! These files are read at test time and never copied into the repository. A missing file is
//! a failure that names it, not a silent pass.

use catalog_import::{InvalidRows, freida, nrmp_tracks};
use chrono::NaiveDate;

/// Reads a file of the shared real-data folder, failing the test with its path when absent.
fn real_file(name: &str) -> Vec<u8> {
    shared_data::read_real(name)
}

#[test]
fn every_freida_program_is_read() {
    let parsed = freida::parse(
        &real_file("freida_im_programs_2025.csv"),
        "freida_im_programs_2025.csv",
        InvalidRows::Reject,
    )
    .unwrap_or_else(|error| panic!("{error}"));
    // 689 rows, one of which repeats an earlier row exactly.
    assert_eq!(parsed.records.len(), 688);
    assert!(
        parsed
            .notes
            .iter()
            .any(|note| note.starts_with("1 exact repeat(s) kept once")),
        "{:?}",
        parsed.notes
    );
    assert!(
        parsed
            .records
            .iter()
            .all(|program| program.specialty.as_str() == "140")
    );
    assert!(
        parsed
            .records
            .iter()
            .all(|program| program.state.is_known())
    );
}

#[test]
fn every_nrmp_track_is_read_and_exact_repeats_are_kept_once() {
    let as_of = NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
    let parsed = nrmp_tracks::parse(
        &real_file("nrmp_program_tracks_2024.csv"),
        "nrmp_program_tracks_2024.csv",
        as_of,
        InvalidRows::Reject,
    )
    .unwrap_or_else(|error| panic!("{error}"));
    // 6,265 rows, two of which repeat earlier rows exactly.
    assert_eq!(parsed.records.len(), 6_263);
    assert_eq!(parsed.notes.len(), 1, "{:?}", parsed.notes);
    assert!(
        parsed.notes[0].starts_with("2 exact repeat(s) kept once"),
        "{:?}",
        parsed.notes
    );
}
