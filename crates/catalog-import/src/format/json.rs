//! The catalog as one JSON document: `{"format": "residency-advisor-catalog", "version": 1,
//! "catalog": {...}}`, where the catalog is the serde form of [`Catalog`].
//!
//! The format tag and version are checked before the catalog itself, so that a file of another
//! kind, or of a later version, is refused for what it is rather than for its first odd field.

use catalog::{Catalog, CatalogError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::ImportError;

/// The value of the document's `format` field.
pub const FORMAT_TAG: &str = "residency-advisor-catalog";

/// The version of the document layout this crate writes and reads.
pub const FORMAT_VERSION: u64 = 1;

/// The document as written.
#[derive(Serialize)]
struct DocumentOut<'a> {
    format: &'static str,
    version: u64,
    catalog: &'a Catalog,
}

/// The document as read, once its tag and version are known to be right.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentIn {
    #[allow(dead_code, reason = "checked before the typed read")]
    format: String,
    #[allow(dead_code, reason = "checked before the typed read")]
    version: u64,
    catalog: Catalog,
}

/// Writes a catalog as a pretty-printed JSON document ending in a newline. Fields come in the
/// order the types declare them and records in catalog order, so the same catalog always gives
/// the same text.
pub fn write_json(catalog: &Catalog) -> String {
    let document = DocumentOut {
        format: FORMAT_TAG,
        version: FORMAT_VERSION,
        catalog,
    };
    let mut text = serde_json::to_string_pretty(&document)
        .expect("a catalog has only string keys, so it always serializes");
    text.push('\n');
    text
}

/// Reads a catalog JSON document and checks that its records agree with each other.
///
/// Every error names the file; a syntax or type error also names the line, the column and the
/// field (`catalog.programs[12].state`).
pub fn read_json(bytes: &[u8], file: &str) -> Result<Catalog, ImportError> {
    let malformed = |reason: String| ImportError::Malformed {
        file: file.to_owned(),
        reason,
    };
    let document: Value = serde_json::from_slice(bytes).map_err(|error| {
        malformed(format!(
            "line {}, column {}: not valid JSON: {}",
            error.line(),
            error.column(),
            message_without_position(&error)
        ))
    })?;
    check_tag_and_version(&document).map_err(malformed)?;
    drop(document);

    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let document: DocumentIn =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let path = error.path().to_string();
            let inner = error.into_inner();
            malformed(format!(
                "line {}, column {}, at {path}: {}",
                inner.line(),
                inner.column(),
                message_without_position(&inner)
            ))
        })?;
    let catalog = document.catalog;
    catalog
        .validate()
        .map_err(|problems| malformed(inconsistencies(&catalog, &problems)))?;
    Ok(catalog)
}

/// Checks the `format` and `version` fields of a parsed document.
fn check_tag_and_version(document: &Value) -> Result<(), String> {
    let Value::Object(fields) = document else {
        return Err(format!(
            "not a Residency Advisor catalog: expected a JSON object with \"format\": \"{FORMAT_TAG}\", found {}",
            kind_of(document)
        ));
    };
    match fields.get("format") {
        Some(Value::String(tag)) if tag == FORMAT_TAG => {}
        Some(other) => {
            return Err(format!(
                "not a Residency Advisor catalog: expected \"format\": \"{FORMAT_TAG}\", found {other}"
            ));
        }
        None => {
            return Err(format!(
                "not a Residency Advisor catalog: expected \"format\": \"{FORMAT_TAG}\", found no \"format\" field"
            ));
        }
    }
    match fields.get("version") {
        Some(version) if version.as_u64() == Some(FORMAT_VERSION) => Ok(()),
        Some(version) if version.as_u64().is_some() => Err(format!(
            "catalog format version {version} is not supported; this program reads version {FORMAT_VERSION}"
        )),
        Some(other) => Err(format!(
            "expected \"version\": {FORMAT_VERSION}, found {other}"
        )),
        None => Err(format!(
            "expected \"version\": {FORMAT_VERSION}, found no \"version\" field"
        )),
    }
}

/// A JSON value's kind, as a reader would call it.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without the " at line L column C" it appends, since the caller puts the
/// position first.
fn message_without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

/// The problems [`Catalog::validate`] found, each with the path of the field at fault.
fn inconsistencies(catalog: &Catalog, problems: &[CatalogError]) -> String {
    let program_path = |id: &str, field: &str| {
        // A duplicate's path is its second occurrence: the first is the one that stands.
        let mut indices = catalog
            .programs
            .iter()
            .enumerate()
            .filter(|(_, program)| program.id.as_str() == id)
            .map(|(index, _)| index);
        let first = indices.next();
        let index = if field == "id" {
            indices.next().or(first)
        } else {
            first
        };
        match index {
            Some(index) => format!("catalog.programs[{index}].{field}"),
            None => "catalog.programs".to_owned(),
        }
    };
    let track_path = |code: &str, field: &str| {
        let mut indices = catalog
            .tracks
            .iter()
            .enumerate()
            .filter(|(_, track)| track.code.as_str() == code)
            .map(|(index, _)| index);
        let first = indices.next();
        let index = if field == "code" {
            indices.next().or(first)
        } else {
            first
        };
        match index {
            Some(index) => format!("catalog.tracks[{index}].{field}"),
            None => "catalog.tracks".to_owned(),
        }
    };
    let mut text = format!(
        "{} inconsistent record(s); nothing was imported",
        problems.len()
    );
    for problem in problems {
        let path = match problem {
            CatalogError::DuplicateProgram(id) => program_path(id, "id"),
            CatalogError::DuplicateTrack(code) => track_path(code, "code"),
            CatalogError::DanglingTrack { track, .. } => track_path(track, "program"),
            CatalogError::UnknownSpecialty { program, .. } => program_path(program, "specialty"),
            CatalogError::ResidentMixTotal { program, .. } => program_path(program, "resident_mix"),
        };
        text.push_str(&format!("\n  at {path}: {problem}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::format::test_catalog::small_catalog;

    /// The fixture catalog's JSON with each `(from, to)` edit applied; `from` must occur once.
    fn check(edits: &[(&str, &str)], expected: Expect) {
        let mut text = write_json(&small_catalog());
        for (from, to) in edits {
            assert_eq!(text.matches(from).count(), 1, "{from:?} should occur once");
            text = text.replacen(from, to, 1);
        }
        check_text(&text, expected);
    }

    fn check_text(text: &str, expected: Expect) {
        let actual = match read_json(text.as_bytes(), "catalog.json") {
            Ok(catalog) => format!("read {} program(s)", catalog.programs.len()),
            Err(error) => error.to_string(),
        };
        expected.assert_eq(&actual);
    }

    #[test]
    fn writes_the_catalog_under_a_format_tag_and_version() {
        let text = write_json(&small_catalog());
        expect![[r#"
            {
              "format": "residency-advisor-catalog",
              "version": 1,
              "catalog": {
                "meta": {
                  "label": "Fixture catalog (fictional programs)",
                  "origin": {
                    "kind": "demo",
                    "seed": 7
                  },
                  "fictional": true,
                  "sources": ["#]]
        .assert_eq(&text.lines().take(12).collect::<Vec<_>>().join("\n"));
        check(&[], expect!["read 1 program(s)"]);
    }

    #[test]
    fn files_that_are_not_catalog_documents() {
        check_text(
            "record,id,field\n",
            expect!["catalog.json: line 1, column 1: not valid JSON: expected value"],
        );
        check_text(
            "{\"format\": \"residency-advisor-catalog\",\n \"version\": 1,\n",
            expect!["catalog.json: line 3, column 0: not valid JSON: EOF while parsing a value"],
        );
        check_text(
            "[1, 2]",
            expect![[
                r#"catalog.json: not a Residency Advisor catalog: expected a JSON object with "format": "residency-advisor-catalog", found an array"#
            ]],
        );
        check_text(
            "{\"version\": 1}",
            expect![[
                r#"catalog.json: not a Residency Advisor catalog: expected "format": "residency-advisor-catalog", found no "format" field"#
            ]],
        );
        check(
            &[("\"residency-advisor-catalog\"", "\"freida\"")],
            expect![[
                r#"catalog.json: not a Residency Advisor catalog: expected "format": "residency-advisor-catalog", found "freida""#
            ]],
        );
        check(
            &[("\"version\": 1", "\"version\": 2")],
            expect![
                "catalog.json: catalog format version 2 is not supported; this program reads version 1"
            ],
        );
        check(
            &[("\"version\": 1", "\"version\": \"1\"")],
            expect![[r#"catalog.json: expected "version": 1, found "1""#]],
        );
    }

    #[test]
    fn fields_of_the_wrong_type_are_named_by_their_path() {
        check(
            &[(
                "\"state\": {\n          \"value\": \"IL\"",
                "\"state\": {\n          \"value\": \"XX\"",
            )],
            expect![[
                r#"catalog.json: line 52, column 23, at catalog.programs[0].state.value: state: expected a two-letter US postal code such as NY, found "XX""#
            ]],
        );
        check(
            &[("\"value\": 12,", "\"value\": \"12\",")],
            expect![[
                r#"catalog.json: line 62, column 23, at catalog.programs[0].first_year_positions.value: invalid type: string "12", expected u16"#
            ]],
        );
        check(
            &[("\"rule\": \"preference\"", "\"rule\": \"must\"")],
            expect![
                "catalog.json: line 111, column 28, at catalog.programs[0].requirements.max_exam_attempts.value.rule: unknown variant `must`, expected one of `none`, `strict`, `preference`"
            ],
        );
        check(
            &[("\"fictional\": true", "\"fictional\": true, \"color\": 1")],
            expect![
                "catalog.json: line 11, column 32, at catalog.meta.color: unknown field `color`, expected one of `label`, `origin`, `fictional`, `sources`"
            ],
        );
        check(
            &[("\"name\": \"Lakeview Internal Medicine\",\n", "")],
            expect![
                "catalog.json: line 148, column 7, at catalog.programs[0]: missing field `name`"
            ],
        );
        check(
            &[(
                "operator\",\n          \"as_of\": \"2025-06-01\"",
                "operator\",\n          \"as_of\": \"June 2025\"",
            )],
            expect![
                "catalog.json: line 21, column 30, at catalog.meta.sources[1].as_of: input contains invalid characters"
            ],
        );
    }

    #[test]
    fn records_that_contradict_each_other_are_named_by_their_path() {
        check(
            &[
                (
                    "\"program\": \"demo-140-0001\"",
                    "\"program\": \"demo-140-0002\"",
                ),
                ("\"img_pct\": 60.0", "\"img_pct\": 0.0"),
            ],
            expect![[r#"
                catalog.json: 2 inconsistent record(s); nothing was imported
                  at catalog.programs[0].resident_mix: program demo-140-0001: resident mix adds up to 40.0%, expected about 100%
                  at catalog.tracks[0].program: track 9001140C0 is linked to program demo-140-0002, which is not in the catalog"#]],
        );
    }
}
