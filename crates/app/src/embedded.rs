//! The catalogs built into the program: the real NRMP track list, which a new database starts
//! from, and the fictional demo catalog, which tests and simulation studies start from.
//!
//! The track list (`data/nrmp_program_tracks_2024.csv`) is the NRMP Main Residency Match
//! program-track list of 2024-03-15, published under MIT No Attribution
//! (`data/LICENSE.nrmp_tracks.txt`). It gives every track's code, name, institution, state,
//! specialty and type, and no sizes: sizes are estimated from the NRMP 2025 totals
//! (`market::sizes`) and shown as estimates.

use catalog::Catalog;
use catalog_import::build::build_imported;
use catalog_import::{InvalidRows, nrmp_tracks};
use chrono::NaiveDate;
use store::Dataset;

use crate::error::AppError;
use crate::imports::{ImportKind, dataset};

/// The embedded NRMP track list, as published.
const TRACK_LIST: &[u8] = include_bytes!("../data/nrmp_program_tracks_2024.csv");

/// The file name the embedded track list is recorded under.
pub const TRACK_LIST_FILE: &str = "nrmp_program_tracks_2024.csv";

/// The date the embedded track list describes.
pub fn track_list_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 15).expect("a valid date")
}

/// The label of the catalog built from the embedded track list.
pub const TRACK_LIST_LABEL: &str =
    "Real programs: NRMP Main Match track list of 2024-03-15 (sizes estimated)";

/// Which catalog a new database starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FirstCatalog {
    /// The real programs of the embedded NRMP track list.
    #[default]
    Real,
    /// The fictional demo catalog (tests, simulation studies, `--demo`).
    Demo,
}

/// The catalog of the embedded track list, with the track list recorded as its dataset so that
/// a later FREIDA import is joined to it.
pub(crate) fn track_list_catalog() -> Result<(Catalog, Vec<Dataset>), AppError> {
    let parsed = nrmp_tracks::parse(
        TRACK_LIST,
        TRACK_LIST_FILE,
        track_list_as_of(),
        InvalidRows::Reject,
    )?;
    let built = build_imported(None, Some(&parsed.records), TRACK_LIST_LABEL);
    let datasets = vec![dataset(
        ImportKind::NrmpTracks,
        TRACK_LIST_FILE,
        &parsed.records,
    )?];
    Ok((built.catalog, datasets))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_track_list_reads_in_full() {
        let (catalog, datasets) = track_list_catalog().unwrap();
        assert_eq!(catalog.tracks.len(), 6263);
        assert!(!catalog.meta.fictional);
        assert!(catalog.tracks.iter().all(|t| t.as_of == track_list_as_of()));
        assert_eq!(datasets[0].row_count, 6263);
        assert!(catalog.validate().is_ok());
    }
}
