//! The catalog's own file format, as JSON and as the CSV fact table.
#![no_main]

use catalog_import::InvalidRows;
use catalog_import::format::{CatalogFileFormat, read_catalog};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [CatalogFileFormat::Json, CatalogFileFormat::Csv] {
        let _ = read_catalog(data, "fuzz", format, InvalidRows::Reject);
        let _ = read_catalog(data, "fuzz", format, InvalidRows::Skip);
    }
});
