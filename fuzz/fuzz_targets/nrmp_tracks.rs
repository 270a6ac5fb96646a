//! The NRMP track list importer, strict and skipping invalid rows.
#![no_main]

use catalog_import::InvalidRows;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 3, 21).expect("a valid date");
    let _ = catalog_import::nrmp_tracks::parse(data, "fuzz.csv", as_of, InvalidRows::Reject);
    let _ = catalog_import::nrmp_tracks::parse(data, "fuzz.csv", as_of, InvalidRows::Skip);
});
