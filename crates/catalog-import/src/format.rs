//! The catalog's own file format, which `residency-advisor export` writes and
//! `residency-advisor import catalog FILE` reads back unchanged, in two forms:
//!
//! - JSON ([`write_json`], [`read_json`]): one document, the serde form of [`Catalog`] under a
//!   format tag and version;
//! - CSV ([`write_csv`], [`read_csv_catalog`]): a "long" fact table with one row per field, so
//!   that every fact keeps its own provenance and a spreadsheet user can change a requirement in
//!   one cell.
//!
//! `docs/catalog-format.md` describes both for operators. Reading either form ends with
//! [`Catalog::validate`]; writing never fails.

mod cells;
mod fact_table;
mod fact_table_reader;
mod json;
#[cfg(test)]
mod test_catalog;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use catalog::{Catalog, ParseError, Source};

pub use self::fact_table::{CSV_COLUMNS, write_csv};
pub use self::fact_table_reader::read_csv_catalog;
pub use self::json::{FORMAT_TAG, FORMAT_VERSION, read_json, write_json};
use crate::error::{ImportError, RowError};
use crate::table::InvalidRows;

/// The two forms of the catalog file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CatalogFileFormat {
    /// One JSON document (`.json`).
    Json,
    /// A CSV fact table (`.csv`).
    Csv,
}

impl CatalogFileFormat {
    /// Both formats.
    pub const ALL: [CatalogFileFormat; 2] = [CatalogFileFormat::Json, CatalogFileFormat::Csv];

    /// The format a file name's extension says (`.json` or `.csv`, in any case), if either.
    pub fn from_file_name(file: &str) -> Option<CatalogFileFormat> {
        let extension = Path::new(file).extension()?.to_str()?;
        CatalogFileFormat::ALL
            .into_iter()
            .find(|format| format.extension().eq_ignore_ascii_case(extension))
    }

    /// Parses a format name as given on the command line: `json` or `csv`, in any case.
    pub fn parse(text: &str) -> Result<CatalogFileFormat, ParseError> {
        CatalogFileFormat::ALL
            .into_iter()
            .find(|format| format.extension().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| ParseError {
                what: "catalog file format",
                expected: "json or csv",
                found: text.to_owned(),
            })
    }

    /// The file extension, without the dot: `json` or `csv`.
    pub fn extension(self) -> &'static str {
        match self {
            CatalogFileFormat::Json => "json",
            CatalogFileFormat::Csv => "csv",
        }
    }
}

impl fmt::Display for CatalogFileFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// A catalog read from a catalog file, and what was skipped or noticed on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogFileContents {
    /// The catalog.
    pub catalog: Catalog,
    /// Problems whose records were left out (only when skipping was asked for, and only in
    /// CSV files: a JSON document is read whole or not at all).
    pub skipped: Vec<RowError>,
    /// Things worth telling the user that did not stop the import.
    pub notes: Vec<String>,
}

/// Writes a catalog in either format. Reading the text back with [`read_catalog`] gives the
/// same catalog.
pub fn write_catalog(catalog: &Catalog, format: CatalogFileFormat) -> String {
    match format {
        CatalogFileFormat::Json => write_json(catalog),
        CatalogFileFormat::Csv => write_csv(catalog),
    }
}

/// Reads a catalog file in either format. `invalid_rows` applies to CSV files; a JSON document
/// is all-or-nothing.
pub fn read_catalog(
    bytes: &[u8],
    file: &str,
    format: CatalogFileFormat,
    invalid_rows: InvalidRows,
) -> Result<CatalogFileContents, ImportError> {
    match format {
        CatalogFileFormat::Json => {
            let catalog = read_json(bytes, file)?;
            let notes = notes_on(&catalog);
            Ok(CatalogFileContents {
                catalog,
                skipped: Vec::new(),
                notes,
            })
        }
        CatalogFileFormat::Csv => read_csv_catalog(bytes, file, invalid_rows),
    }
}

/// Things worth telling whoever imports this catalog: facts citing a source that the catalog
/// does not describe, which is most often a typo made while editing the file.
fn notes_on<'a>(catalog: &'a Catalog) -> Vec<String> {
    let described: Vec<&Source> = catalog.meta.sources.iter().map(|info| &info.id).collect();
    let mut undescribed: BTreeMap<&Source, usize> = BTreeMap::new();
    let mut cite = |source: &'a Source| {
        if !described.contains(&source) {
            *undescribed.entry(source).or_default() += 1;
        }
    };
    for program in &catalog.programs {
        let requirements = &program.requirements;
        for source in [
            &program.acgme_id.source,
            &program.institution.source,
            &program.city.source,
            &program.state.source,
            &program.program_type.source,
            &program.first_year_positions.source,
            &program.interviews_per_year.source,
            &program.resident_mix.source,
            &program.sponsors_j1.source,
            &program.sponsors_h1b.source,
            &program.participates_in_eras.source,
            &program.accepts_signals.source,
            &requirements.min_step2_score.source,
            &requirements.max_exam_attempts.source,
            &requirements.max_years_since_graduation.source,
            &requirements.usce.source,
            &requirements.ecfmg_certification.source,
            &requirements.step3_for_h1b.source,
        ] {
            cite(source);
        }
    }
    for track in &catalog.tracks {
        cite(&track.source);
    }
    undescribed
        .into_iter()
        .map(|(source, facts)| {
            format!(
                "source {source} is cited by {facts} fact(s) but has no source record describing it"
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    #[test]
    fn formats_are_told_by_extension_and_name() {
        let detected: Vec<Option<CatalogFileFormat>> =
            ["catalog.json", "export.CSV", "notes.txt", "json"]
                .into_iter()
                .map(CatalogFileFormat::from_file_name)
                .collect();
        expect!["[Some(Json), Some(Csv), None, None]"].assert_eq(&format!("{detected:?}"));
        assert_eq!(
            CatalogFileFormat::parse(" JSON ").unwrap(),
            CatalogFileFormat::Json
        );
        expect![[r#"catalog file format: expected json or csv, found "xml""#]]
            .assert_eq(&CatalogFileFormat::parse("xml").unwrap_err().to_string());
    }

    #[test]
    fn both_formats_read_back_what_they_wrote() {
        let catalog = test_catalog::small_catalog();
        for format in CatalogFileFormat::ALL {
            let text = write_catalog(&catalog, format);
            let read = read_catalog(text.as_bytes(), "catalog", format, InvalidRows::Reject)
                .unwrap_or_else(|error| panic!("{format}: {error}"));
            assert_eq!(read.catalog, catalog, "{format}");
            assert_eq!(read.skipped, vec![], "{format}");
            assert_eq!(read.notes, Vec::<String>::new(), "{format}");
        }
    }

    #[test]
    fn csv_saved_by_a_spreadsheet_reads_the_same() {
        let catalog = test_catalog::small_catalog();
        let text = write_csv(&catalog);
        // Spreadsheets on Windows end lines with CRLF, and some start UTF-8 files with a BOM.
        let saved = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let read = read_csv_catalog(saved.as_bytes(), "catalog.csv", InvalidRows::Reject)
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(read.catalog, catalog);
    }
}
