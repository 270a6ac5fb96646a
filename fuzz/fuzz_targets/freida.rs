//! The FREIDA program importer, strict and skipping invalid rows.
#![no_main]

use catalog_import::InvalidRows;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = catalog_import::freida::parse(data, "fuzz.csv", InvalidRows::Reject);
    let _ = catalog_import::freida::parse(data, "fuzz.csv", InvalidRows::Skip);
});
