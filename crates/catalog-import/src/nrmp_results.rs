//! The NRMP Program Results: for every program track, its quota and how many it matched in
//! each of the last Matches.
//!
//! The file is a CSV (it may start with a byte-order mark) whose header names `Program Code`
//! and, for each year it covers, `YYYY Quota` and `YYYY Matched`. Other columns may be there:
//! `Table` (Main Residency Match rows are kept, rows of other matches are left out and
//! counted), `Sponsoring Institution`, `Specialty` (the track's name when the catalog lacks the
//! track), `State`, `City`, `Program Name`. A year a track did not take part in is left empty.
//!
//! [`apply`] makes the results facts of the catalog's tracks: the latest quota is the track's
//! size, and every year is its fill history; tracks the catalog lacks are added.

use std::collections::{BTreeMap, HashMap};

use catalog::{
    Catalog, FillRecord, NrmpCode, ProgramId, Provenance, Source, SourceInfo, Track, TrackType,
    UsState,
};
use chrono::NaiveDate;

use crate::build::track_derived_programs;
use crate::error::{ImportError, RowError};
use crate::table::{InvalidRows, Parsed, Row, UniqueKeys, read_csv};

/// The source identifier of facts read from the NRMP Program Results.
pub const SOURCE: &str = "nrmp-results";

/// The column naming a row's track.
pub const CODE_COLUMN: &str = "Program Code";

/// One track's row of the results.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TrackResults {
    /// The track.
    pub code: NrmpCode,
    /// The sponsoring institution, when the file names it.
    pub institution: Option<String>,
    /// The track's specialty or name as the file gives it.
    pub name: Option<String>,
    /// The state, when the file gives one.
    pub state: Option<UsState>,
    /// Quota and matches per year, oldest first (years the track took part in).
    pub years: Vec<FillRecord>,
}

impl TrackResults {
    /// The latest year's quota: the track's size.
    pub fn latest_quota(&self) -> Option<u16> {
        self.years.last().map(|record| record.quota)
    }
}

/// Reads the Program Results.
pub fn parse(
    bytes: &[u8],
    file: &str,
    invalid_rows: InvalidRows,
) -> Result<Parsed<TrackResults>, ImportError> {
    let years = year_columns(bytes, file)?;
    let mut required: Vec<String> = vec![CODE_COLUMN.to_owned()];
    for year in &years {
        required.push(year.quota.clone());
        required.push(year.matched.clone());
    }
    let required: Vec<&str> = required.iter().map(String::as_str).collect();
    let mut other_matches = 0usize;
    let mut unknown_specialties = 0usize;
    let mut keys: UniqueKeys<NrmpCode, TrackResults> = UniqueKeys::new();
    let mut parsed = read_csv(
        bytes,
        file,
        "NRMP Program Results",
        &required,
        invalid_rows,
        |row| {
            if is_other_match(row.get("Table")) {
                other_matches += 1;
                return Ok(None);
            }
            let results = results_from_row(row, &years)?;
            if results.code.specialty().builtin_name().is_none() {
                unknown_specialties += 1;
                return Ok(None);
            }
            keys.admit(
                row,
                CODE_COLUMN,
                "Program Code",
                results.code.clone(),
                results,
            )
        },
    )?;
    let records: Vec<TrackResults> = parsed.records.drain(..).flatten().collect();
    let mut notes: Vec<String> = keys.repeats_note().into_iter().collect();
    if other_matches > 0 {
        notes.push(format!(
            "{other_matches} row(s) of matches other than the Main Residency Match (column Table) left out"
        ));
    }
    if unknown_specialties > 0 {
        notes.push(format!(
            "{unknown_specialties} row(s) of specialty codes the catalog does not know left out"
        ));
    }
    Ok(Parsed {
        records,
        skipped: parsed.skipped,
        notes,
    })
}

/// Whether a `Table` value names a match other than the Main Residency Match (the Specialties
/// Matching Service, fellowships); an empty or unrecognised value counts as the Main Match.
fn is_other_match(table: &str) -> bool {
    let table = table.to_ascii_lowercase();
    !table.contains("main")
        && (table.contains("specialt")
            || table.contains("fellowship")
            || table.split_whitespace().any(|word| word == "sms"))
}

/// One year's two columns, named as the header writes them.
struct YearColumns {
    year: u16,
    quota: String,
    matched: String,
}

/// The years the header covers: each with both a `YYYY Quota` and a `YYYY Matched` column.
fn year_columns(bytes: &[u8], file: &str) -> Result<Vec<YearColumns>, ImportError> {
    let malformed = |reason: String| ImportError::Malformed {
        file: file.to_owned(),
        reason,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|error| malformed(format!("cannot read the header line: {error}")))?;
    let mut quota: BTreeMap<u16, String> = BTreeMap::new();
    let mut matched: BTreeMap<u16, String> = BTreeMap::new();
    for name in header.iter() {
        let name = name.trim().trim_start_matches('\u{feff}');
        let Some((year, kind)) = name.split_once(' ') else {
            continue;
        };
        let Ok(year) = year.parse::<u16>() else {
            continue;
        };
        if !(1950..=2100).contains(&year) {
            continue;
        }
        match kind.trim().to_ascii_lowercase().as_str() {
            "quota" => quota.insert(year, name.to_owned()),
            "matched" => matched.insert(year, name.to_owned()),
            _ => None,
        };
    }
    if let Some(year) = quota.keys().find(|year| !matched.contains_key(year)) {
        return Err(malformed(format!(
            "line 1: the header has \"{year} Quota\" but no \"{year} Matched\""
        )));
    }
    if let Some(year) = matched.keys().find(|year| !quota.contains_key(year)) {
        return Err(malformed(format!(
            "line 1: the header has \"{year} Matched\" but no \"{year} Quota\""
        )));
    }
    if quota.is_empty() {
        return Err(malformed(
            "line 1: the header names no year: expected columns such as \"2024 Quota\" and \"2024 Matched\"".to_owned(),
        ));
    }
    Ok(quota
        .into_iter()
        .map(|(year, quota)| YearColumns {
            year,
            matched: matched[&year].clone(),
            quota,
        })
        .collect())
}

fn results_from_row(row: &Row<'_>, years: &[YearColumns]) -> Result<TrackResults, RowError> {
    let code = row.parse(CODE_COLUMN, NrmpCode::parse)?;
    let count = |column: &str| -> Result<Option<u16>, RowError> {
        let text = row.get(column);
        // Spreadsheets mark a year a track did not take part in with a dash or N/A.
        if text.is_empty() || matches!(text, "-" | "—" | "–") || text.eq_ignore_ascii_case("n/a")
        {
            return Ok(None);
        }
        // Numbers may come as spreadsheets write them ("12.0").
        let value = text
            .strip_suffix(".0")
            .unwrap_or(text)
            .parse::<u16>()
            .map_err(|_| {
                row.error(
                    column,
                    format!("expected a whole number from 0 to 65535, found {text:?}"),
                )
            })?;
        Ok(Some(value))
    };
    let mut records = Vec::new();
    for columns in years {
        let (year, quota_column, matched_column) = (columns.year, &columns.quota, &columns.matched);
        match (count(quota_column)?, count(matched_column)?) {
            (Some(quota), Some(matched)) => records.push(FillRecord {
                year,
                quota,
                matched,
            }),
            (None, None) => {}
            (Some(_), None) => {
                return Err(row.error(
                    matched_column,
                    format!("empty, but {quota_column} is given: give both or neither"),
                ));
            }
            (None, Some(_)) => {
                return Err(row.error(
                    quota_column,
                    format!("empty, but {matched_column} is given: give both or neither"),
                ));
            }
        }
    }
    if records.is_empty() {
        return Err(row.row_error(format!(
            "no year has a quota: expected a number in at least one of {}",
            years
                .iter()
                .map(|columns| columns.quota.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let text = |column: &str| Some(row.get(column).to_owned()).filter(|t| !t.is_empty());
    Ok(TrackResults {
        code,
        institution: text("Sponsoring Institution"),
        name: text("Specialty").or_else(|| text("Program Name")),
        state: UsState::parse(row.get("State")).ok(),
        years: records,
    })
}

/// What applying the results did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    /// Tracks of the catalog whose size and history the results now give.
    pub updated: usize,
    /// Tracks the catalog lacked, added from the results.
    pub added: usize,
}

/// Makes the results facts of the catalog's tracks, with `as_of` the date the results
/// describe: each named track's size is its latest quota and its history every year given;
/// tracks the catalog lacks are added, linked to their institution's program of the specialty
/// when there is one and to a new track-derived program otherwise.
pub fn apply(catalog: &mut Catalog, results: &[TrackResults], as_of: NaiveDate) -> Applied {
    let source = Source::parse(SOURCE).expect("a valid source identifier");
    let provenance = Provenance::new(source.clone(), as_of);
    let index: HashMap<NrmpCode, usize> = catalog
        .tracks
        .iter()
        .enumerate()
        .map(|(index, track)| (track.code.clone(), index))
        .collect();
    catalog.meta.sources.retain(|info| info.id != source);
    catalog.meta.sources.push(SourceInfo {
        id: source.clone(),
        description:
            "NRMP Program Results: each track's quota and positions matched, by Match year"
                .to_owned(),
        as_of,
    });
    let mut applied = Applied::default();
    let mut added: Vec<Track> = Vec::new();
    for result in results {
        match index.get(&result.code) {
            Some(&at) => {
                let track = &mut catalog.tracks[at];
                track.positions = result.latest_quota();
                track.positions_source = Some(provenance.clone());
                track.fill_history = result.years.clone();
                applied.updated += 1;
            }
            None => {
                added.push(new_track(result, &source, as_of));
                applied.added += 1;
            }
        }
    }
    let programs: HashMap<ProgramId, ()> = catalog
        .programs
        .iter()
        .map(|program| (program.id.clone(), ()))
        .collect();
    for track in &mut added {
        let id = ProgramId::parse(&format!(
            "nrmp-{}-{}",
            track.code.institution_code(),
            track.specialty
        ))
        .expect("digits and hyphens make a valid program id");
        if programs.contains_key(&id) {
            track.program = Some(id);
        }
    }
    catalog.programs.extend(track_derived_programs(&mut added));
    catalog.tracks.extend(added);
    applied
}

/// A track the catalog lacked, as the results describe it.
fn new_track(result: &TrackResults, source: &Source, as_of: NaiveDate) -> Track {
    let code = result.code.clone();
    let specialty = code.specialty();
    let name = result.name.clone().unwrap_or_else(|| {
        specialty
            .builtin_name()
            .map_or_else(|| format!("specialty {specialty}"), str::to_owned)
    });
    Track {
        name: match code.track_type() {
            TrackType::Preliminary if !name.contains("Prelim") => format!("{name}-Preliminary"),
            _ => name,
        },
        institution_name: result
            .institution
            .clone()
            .unwrap_or_else(|| format!("NRMP institution {}", code.institution_code())),
        state: result.state,
        specialty,
        track_type: code.track_type(),
        positions: result.latest_quota(),
        positions_source: None,
        fill_history: result.years.clone(),
        program: None,
        source: source.clone(),
        as_of,
        code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "\u{feff}Table,Program Code,Sponsoring Institution,City,State,Specialty,2021 Quota,2021 Matched,2022 Quota,2022 Matched\n";

    fn read(rows: &str) -> Result<Parsed<TrackResults>, ImportError> {
        parse(
            format!("{HEADER}{rows}").as_bytes(),
            "results.csv",
            InvalidRows::Reject,
        )
    }

    #[test]
    fn rows_give_each_year_and_the_latest_quota() {
        let parsed = read(
            "Main,1234140C0,Lakeside Hospital,Springfield,IL,Internal Medicine,10,9,12,12.0\n\
             Main,1234140P0,Lakeside Hospital,Springfield,IL,Internal Medicine,,,4,3\n\
             Specialties Matching Service,5678155F0,Lakeside Hospital,Springfield,IL,Cardiology,3,3,3,3\n",
        )
        .unwrap();
        assert_eq!(parsed.records.len(), 2);
        let first = &parsed.records[0];
        assert_eq!(first.latest_quota(), Some(12));
        assert_eq!(
            first.years,
            [
                FillRecord {
                    year: 2021,
                    quota: 10,
                    matched: 9
                },
                FillRecord {
                    year: 2022,
                    quota: 12,
                    matched: 12
                }
            ]
        );
        assert_eq!(parsed.records[1].years.len(), 1);
        assert!(
            parsed.notes[0].contains("1 row(s) of matches other than"),
            "{:?}",
            parsed.notes
        );
    }

    #[test]
    fn bad_rows_name_their_line_and_column_and_refuse_the_file() {
        let error = read(
            "Main,1234140C0,Lakeside Hospital,Springfield,IL,Internal Medicine,ten,9,12,12\n\
             Main,12341,Lakeside Hospital,Springfield,IL,Internal Medicine,10,9,12,12\n\
             Main,1234140P0,Lakeside Hospital,Springfield,IL,Internal Medicine,4,,4,3\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("results.csv:2: column 2021 Quota")
                && error.contains("2021 Quota")
                && error.contains("\"ten\""),
            "{error}"
        );
        assert!(
            error.contains("results.csv:3: column Program Code") && error.contains("Program Code"),
            "{error}"
        );
        assert!(
            error.contains("results.csv:4: column 2021 Matched") && error.contains("2021 Matched"),
            "{error}"
        );
    }

    #[test]
    fn spreadsheet_habits_are_read() {
        let text = "Table,Program Code,2023 quota,2023 matched,2024 QUOTA,2024 Matched\n\
                    Main Residency Match,1234140C0,-,N/A,6,5\n\
                    SMS,1234155F0,3,3,3,3\n\
                    ,1234011C0,1,1,1,1\n";
        let parsed = parse(text.as_bytes(), "r.csv", InvalidRows::Reject).unwrap();
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(
            parsed.records[0].years,
            [FillRecord {
                year: 2024,
                quota: 6,
                matched: 5
            }]
        );
        assert!(
            parsed
                .notes
                .iter()
                .any(|n| n.contains("specialty codes the catalog does not know"))
        );
    }

    #[test]
    fn a_header_without_years_or_with_half_a_year_is_refused() {
        let none = parse(
            b"Program Code,Quota\n1234140C0,3\n",
            "r.csv",
            InvalidRows::Reject,
        )
        .unwrap_err()
        .to_string();
        assert!(none.contains("names no year"), "{none}");
        let half = parse(
            b"Program Code,2024 Quota\n1234140C0,3\n",
            "r.csv",
            InvalidRows::Reject,
        )
        .unwrap_err()
        .to_string();
        assert!(half.contains("no \"2024 Matched\""), "{half}");
    }
}
