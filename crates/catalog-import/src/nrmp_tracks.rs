//! The NRMP program-track list: one row per Main Residency Match track.
//!
//! Each row gives the track's NRMP code, name, institution (code, name and the suffix of the
//! name, which is usually the state), specialty and track type. The code embeds the
//! institution, specialty and type, and the reader checks that the columns agree with it.
//! The list has no sizes and no cities.

use catalog::{NrmpCode, Source, SpecialtyCode, Track, TrackType, UsState};
use chrono::NaiveDate;

use crate::error::{ImportError, RowError};
use crate::table::{InvalidRows, Parsed, Row, UniqueKeys, read_csv};

/// The source identifier of facts read from the NRMP track list.
pub const SOURCE: &str = "nrmp-tracks";

/// Columns an NRMP track file must have.
pub const REQUIRED_COLUMNS: [&str; 8] = [
    "nrmp_code",
    "track_name",
    "institution_code",
    "institution_name",
    "institution_state_or_suffix",
    "specialty_code",
    "specialty_name",
    "track_type",
];

/// Reads an NRMP track list. `as_of` is the date the list describes (the file does not say).
///
/// A row repeated exactly is kept once and noted; two different rows with one NRMP code are
/// an error.
pub fn parse(
    bytes: &[u8],
    file: &str,
    as_of: NaiveDate,
    invalid_rows: InvalidRows,
) -> Result<Parsed<Track>, ImportError> {
    let source = Source::parse(SOURCE).expect("a valid source identifier");
    let mut keys: UniqueKeys<NrmpCode, Track> = UniqueKeys::new();
    let mut parsed = read_csv(
        bytes,
        file,
        "NRMP track list",
        &REQUIRED_COLUMNS,
        invalid_rows,
        |row| {
            let track = track_from_row(row, &source, as_of)?;
            keys.admit(row, "nrmp_code", "NRMP code", track.code.clone(), track)
        },
    )?;
    let records: Vec<Track> = parsed.records.drain(..).flatten().collect();
    let notes = keys.repeats_note().into_iter().collect();
    Ok(Parsed {
        records,
        skipped: parsed.skipped,
        notes,
    })
}

fn track_from_row(row: &Row<'_>, source: &Source, as_of: NaiveDate) -> Result<Track, RowError> {
    let code = row.parse("nrmp_code", NrmpCode::parse)?;
    let specialty = row.parse("specialty_code", SpecialtyCode::parse)?;
    let track_type = row.parse("track_type", TrackType::parse)?;
    let institution_code = row.get("institution_code");
    if institution_code != code.institution_code() {
        return Err(row.error(
            "institution_code",
            format!(
                "{institution_code:?} does not match the NRMP code {code}, which says {}",
                code.institution_code()
            ),
        ));
    }
    if specialty != code.specialty() {
        return Err(row.error(
            "specialty_code",
            format!("{specialty} does not match the NRMP code {code}"),
        ));
    }
    if track_type != code.track_type() {
        return Err(row.error(
            "track_type",
            format!(
                "{} does not match the NRMP code {code}",
                track_type.letter()
            ),
        ));
    }
    if specialty.builtin_name().is_none() {
        return Err(row.error(
            "specialty_code",
            format!(
                "unknown specialty code {specialty} ({:?})",
                row.get("specialty_name")
            ),
        ));
    }
    let name = row.get("track_name");
    if name.is_empty() {
        return Err(row.error("track_name", "the track name is empty"));
    }
    let institution_name = row.get("institution_name");
    if institution_name.is_empty() {
        return Err(row.error("institution_name", "the institution name is empty"));
    }
    // The suffix is a state for most institutions and a city or campus for some; only a state
    // is taken as one.
    let state = UsState::parse(row.get("institution_state_or_suffix")).ok();
    Ok(Track {
        code,
        name: name.to_owned(),
        institution_name: institution_name.to_owned(),
        state,
        specialty,
        track_type,
        positions: None,
        positions_source: None,
        fill_history: Vec::new(),
        program: None,
        source: source.clone(),
        as_of,
    })
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    const HEADER: &str = "nrmp_code,track_name,institution_code,institution_name,institution_state_or_suffix,specialty_code,specialty_name,track_type\n";

    fn check(rows: &str, expected: Expect) {
        let text = format!("{HEADER}{rows}");
        let as_of = NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
        let actual = match parse(text.as_bytes(), "tracks.csv", as_of, InvalidRows::Reject) {
            Ok(parsed) => parsed
                .records
                .iter()
                .map(|t| {
                    format!(
                        "{} {} | {} | {:?} | {} {:?}",
                        t.code,
                        t.name,
                        t.institution_name,
                        t.state.map(|s| s.code()),
                        t.specialty,
                        t.track_type
                    )
                })
                .chain(parsed.notes)
                .collect::<Vec<_>>()
                .join("\n"),
            Err(error) => error.to_string(),
        };
        expected.assert_eq(&actual);
    }

    #[test]
    fn reads_tracks_and_keeps_exact_repeats_once() {
        check(
            "9903140C0,Internal Medicine,9903,Lakeside Health-AL,AL,140,Internal Medicine,C\n\
             9903140P0,Medicine-Preliminary,9903,Lakeside Health-AL,AL,140,Internal Medicine,P\n\
             9911140M0,Medicine-Primary,9911,Desert COM-Phoenix,Phoenix,140,Internal Medicine,M\n\
             9903140C0,Internal Medicine,9903,Lakeside Health-AL,AL,140,Internal Medicine,C\n",
            expect![[r#"
                9903140C0 Internal Medicine | Lakeside Health-AL | Some("AL") | 140 Categorical
                9903140P0 Medicine-Preliminary | Lakeside Health-AL | Some("AL") | 140 Preliminary
                9911140M0 Medicine-Primary | Desert COM-Phoenix | None | 140 PrimaryCare
                1 exact repeat(s) kept once: line 5 repeats line 2 (9903140C0)"#]],
        );
    }

    #[test]
    fn columns_must_agree_with_the_code() {
        check(
            "9903140C0,Internal Medicine,9904,Lakeside Health-AL,AL,140,Internal Medicine,C\n\
             9903140C1,Internal Medicine,9903,Lakeside Health-AL,AL,120,Family Medicine,C\n\
             9903140C2,Internal Medicine,9903,Lakeside Health-AL,AL,140,Internal Medicine,P\n\
             19031X0C2,Internal Medicine,9903,Lakeside Health-AL,AL,140,Internal Medicine,C\n\
             9903140C3,Internal Medicine,9903,Lakeside Health-AL,AL,140,Internal Medicine,C\n\
             9903140C3,Research,9903,Lakeside Health-AL,AL,140,Internal Medicine,C\n",
            expect![[r#"
                tracks.csv: 5 invalid row(s); nothing was imported
                  tracks.csv:2: column institution_code: "9904" does not match the NRMP code 9903140C0, which says 9903
                  tracks.csv:3: column specialty_code: 120 does not match the NRMP code 9903140C1
                  tracks.csv:4: column track_type: P does not match the NRMP code 9903140C2
                  tracks.csv:5: column nrmp_code: NRMP code: expected 4-digit institution, 3-digit specialty, track type C/P/A/R/M and track number, such as 9903140C0, found "19031X0C2"
                  tracks.csv:7: column nrmp_code: NRMP code 9903140C3 already appears on line 6 with different values"#]],
        );
    }

    #[test]
    fn a_file_with_only_a_header_is_refused() {
        check("", expect![[r#"tracks.csv: no records after the header"#]]);
    }
}
