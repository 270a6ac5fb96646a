//! The committed fit, `FREIDA_2025_FIT`, is what `fit_freida` makes of the real FREIDA
//! Internal Medicine file as the project's importer reads it. The file is read at test time
//! from `../shared/data/real/` and never copied into the repository.

use catalog_import::{InvalidRows, freida};
use demo_catalog::{FREIDA_2025_FIT, fit_freida};

const FREIDA_FILE: &str = "freida_im_programs_2025.csv";

#[test]
fn the_committed_fit_is_the_fit_of_the_freida_file() {
    let bytes = shared_data::read_real(FREIDA_FILE);
    let parsed = freida::parse(&bytes, FREIDA_FILE, InvalidRows::Reject)
        .unwrap_or_else(|error| panic!("{error}"));
    let fit = fit_freida(&parsed.records);
    let differences = fit.differences(&FREIDA_2025_FIT, 1e-9);
    assert!(
        differences.is_empty(),
        "the fit of {FREIDA_FILE} differs from the committed FREIDA_2025_FIT in:\n{}\n\n\
         If the importer or the file changed on purpose, commit the new fit in src/fitted.rs:\n\n{}",
        differences.join("\n"),
        fit.to_rust_source("FREIDA_2025_FIT")
    );
}
