//! The FREIDA-style program CSV: one row per ACGME program, as the AMA FREIDA database lists it.
//!
//! FREIDA gives an ACGME id, name, city and state, size, interviews, resident mix, setting,
//! ERAS participation and accepted visa statuses. It says nothing of NRMP tracks, signals or
//! requirements, so those are unknown here (with FREIDA as the source that left them unknown).
//! Numbers come as floats (`95.0`) and lists as Python-style literals (`['J-1 through ECFMG']`).

use catalog::{
    AcgmeId, Fact, Program, ProgramId, ProgramRequirements, ProgramType, Provenance, ResidentMix,
    SPECIALTIES, Source, SpecialtyCode, UsState,
};
use chrono::NaiveDate;

use crate::error::{ImportError, RowError};
use crate::table::{
    InvalidRows, Parsed, Row, UniqueKeys, boolean, percentage, read_csv, whole_number,
};

/// The source identifier of facts read from FREIDA.
pub const SOURCE: &str = "freida";

/// Columns a FREIDA file must have.
pub const REQUIRED_COLUMNS: [&str; 14] = [
    "program_id",
    "program_name_suffix",
    "city",
    "state",
    "data_last_updated",
    "specialty_title",
    "first_year_positions",
    "interviews_conducted_last_year",
    "pct_do",
    "pct_img",
    "pct_usmd",
    "program_best_described_as",
    "participates_in_eras",
    "visa_statuses_accepted",
];

/// Reads a FREIDA program CSV into catalog programs.
pub fn parse(
    bytes: &[u8],
    file: &str,
    invalid_rows: InvalidRows,
) -> Result<Parsed<Program>, ImportError> {
    let source = Source::parse(SOURCE).expect("a valid source identifier");
    let mut keys: UniqueKeys<AcgmeId, Program> = UniqueKeys::new();
    let mut zero_interviews = 0usize;
    let mut parsed = read_csv(
        bytes,
        file,
        "FREIDA program",
        &REQUIRED_COLUMNS,
        invalid_rows,
        |row| {
            let program = program_from_row(row, &source, &mut zero_interviews)?;
            let acgme_id = program
                .acgme_id
                .get()
                .expect("FREIDA rows always carry an ACGME id")
                .clone();
            keys.admit(row, "program_id", "ACGME id", acgme_id, program)
        },
    )?;
    let records: Vec<Program> = parsed.records.drain(..).flatten().collect();
    let mut parsed = Parsed {
        records,
        skipped: parsed.skipped,
        notes: parsed.notes,
    };
    parsed.notes.extend(keys.repeats_note());
    if zero_interviews > 0 {
        parsed.notes.push(format!(
            "{zero_interviews} program(s) report 0 interviews last year; read as unknown, since a program that fills positions interviews someone"
        ));
    }
    Ok(parsed)
}

fn program_from_row(
    row: &Row<'_>,
    source: &Source,
    zero_interviews: &mut usize,
) -> Result<Program, RowError> {
    let acgme_id = row.parse("program_id", AcgmeId::parse)?;
    let as_of = row.parse("data_last_updated", last_updated_date)?;
    let provenance = Provenance::new(source.clone(), as_of);

    let name = row.get("program_name_suffix");
    if name.is_empty() {
        return Err(row.error("program_name_suffix", "the program name is empty"));
    }
    let specialty = row.parse("specialty_title", specialty_by_name)?;
    let city = non_empty(row.get("city"));
    let state = row.parse("state", |text| {
        if text.is_empty() {
            Ok(None)
        } else {
            UsState::parse(text).map(Some)
        }
    })?;
    let positions = row.parse("first_year_positions", |text| {
        whole_number(text, u32::from(u16::MAX))
    })?;
    let mut interviews = row.parse("interviews_conducted_last_year", |text| {
        whole_number(text, u32::from(u16::MAX))
    })?;
    if interviews == Some(0) {
        *zero_interviews += 1;
        interviews = None;
    }
    let resident_mix = resident_mix(row)?;
    let program_type = row.parse("program_best_described_as", |text| {
        if text.is_empty() {
            Ok(None)
        } else {
            ProgramType::parse(text).map(Some)
        }
    })?;
    let eras = row.parse("participates_in_eras", boolean)?;
    let visas = row.parse("visa_statuses_accepted", visa_list)?;
    let sponsors_j1 = visas
        .iter()
        .any(|visa| visa.trim_start().starts_with("J-1"));
    let sponsors_h1b = visas.iter().any(|visa| visa.trim() == "H-1B");

    Ok(Program {
        id: ProgramId::parse(&format!("acgme-{acgme_id}"))
            .expect("ten digits make a valid program id"),
        acgme_id: Fact::known(acgme_id, &provenance),
        name: name.to_owned(),
        // FREIDA names the program, not its sponsoring institution; the NRMP join supplies it.
        institution: Fact::unknown(&provenance),
        specialty,
        city: Fact::maybe(city, &provenance),
        state: Fact::maybe(state, &provenance),
        program_type: Fact::maybe(program_type, &provenance),
        first_year_positions: Fact::maybe(positions.map(|n| n as u16), &provenance),
        interviews_per_year: Fact::maybe(interviews.map(|n| n as u16), &provenance),
        resident_mix: Fact::maybe(resident_mix, &provenance),
        sponsors_j1: Fact::known(sponsors_j1, &provenance),
        sponsors_h1b: Fact::known(sponsors_h1b, &provenance),
        participates_in_eras: Fact::maybe(eras, &provenance),
        accepts_signals: Fact::unknown(&provenance),
        requirements: unknown_requirements(&provenance),
    })
}

/// Requirements a source does not describe: every one unknown.
pub(crate) fn unknown_requirements(provenance: &Provenance) -> ProgramRequirements {
    ProgramRequirements {
        min_step2_score: Fact::unknown(provenance),
        max_exam_attempts: Fact::unknown(provenance),
        max_years_since_graduation: Fact::unknown(provenance),
        usce: Fact::unknown(provenance),
        ecfmg_certification: Fact::unknown(provenance),
        step3_for_h1b: Fact::unknown(provenance),
    }
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The date part of an ISO 8601 timestamp such as `2025-03-28T08:08:20+00:00`.
fn last_updated_date(text: &str) -> Result<NaiveDate, String> {
    let date = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| format!("expected a date such as 2025-03-28T08:08:20+00:00, found {text:?}"))
}

/// The specialty whose built-in name is the FREIDA specialty title.
fn specialty_by_name(title: &str) -> Result<SpecialtyCode, String> {
    SPECIALTIES
        .iter()
        .find(|(_, name)| name.eq_ignore_ascii_case(title))
        .map(|(code, _)| SpecialtyCode::parse(code).expect("built-in codes are valid"))
        .ok_or_else(|| {
            format!("unknown specialty title {title:?}; expected a name such as Internal Medicine")
        })
}

/// The three resident-mix percentages: all present, or all empty (unknown).
fn resident_mix(row: &Row<'_>) -> Result<Option<ResidentMix>, RowError> {
    let us_md = row.parse("pct_usmd", percentage)?;
    let osteopathic = row.parse("pct_do", percentage)?;
    let img = row.parse("pct_img", percentage)?;
    match (us_md, osteopathic, img) {
        (None, None, None) => Ok(None),
        (Some(us_md), Some(osteopathic), Some(img)) => {
            let total = us_md + osteopathic + img;
            if total == 0.0 {
                // A program with no residents yet reports zeros: there is no mix to know.
                return Ok(None);
            }
            if !(80.0..=102.0).contains(&total) {
                return Err(row.error(
                    "pct_usmd",
                    format!("pct_usmd + pct_do + pct_img add up to {total:.1}, expected about 100"),
                ));
            }
            ResidentMix::new(us_md, osteopathic, img)
                .map(Some)
                .map_err(|error| row.error("pct_usmd", error.to_string()))
        }
        _ => Err(row.row_error("pct_usmd, pct_do and pct_img must be all given or all empty")),
    }
}

/// The visa statuses column: a Python-style list of strings, or (in some rows) of dictionaries
/// whose `'value'` entry is the status, e.g. `[{'value': 'H-1B', 'label': 'H-1B visa'}]`.
fn visa_list(text: &str) -> Result<Vec<String>, String> {
    if !text.contains('{') {
        return python_list(text);
    }
    let expected = || {
        format!(
            "expected a list of visa statuses such as ['J-1 through ECFMG', 'H-1B'], found {text:?}"
        )
    };
    let inner = text
        .trim()
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .ok_or_else(expected)?;
    let mut statuses = Vec::new();
    for item in inner.split('}') {
        let item = item.trim().trim_start_matches(',').trim();
        if item.is_empty() {
            continue;
        }
        let body = item.strip_prefix('{').ok_or_else(expected)?;
        let value_at = body.find("'value':").ok_or_else(expected)?;
        let after = body[value_at + "'value':".len()..].trim_start();
        let value = after
            .strip_prefix('\'')
            .and_then(|rest| rest.split_once('\''))
            .ok_or_else(expected)?
            .0;
        statuses.push(value.to_owned());
    }
    Ok(statuses)
}

/// Parses a Python-style list of strings: `[]`, `['a']`, `['a', "b"]`.
pub(crate) fn python_list(text: &str) -> Result<Vec<String>, String> {
    let expected =
        || format!("expected a list such as ['J-1 through ECFMG', 'H-1B'], found {text:?}");
    let inner = text
        .trim()
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .ok_or_else(expected)?;
    let mut items = Vec::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let quote = rest
            .chars()
            .next()
            .filter(|c| *c == '\'' || *c == '"')
            .ok_or_else(expected)?;
        let end = rest[1..].find(quote).ok_or_else(expected)? + 1;
        items.push(rest[1..end].to_owned());
        rest = rest[end + 1..].trim_start();
        if let Some(after_comma) = rest.strip_prefix(',') {
            rest = after_comma.trim_start();
            if rest.is_empty() {
                return Err(expected());
            }
        } else if !rest.is_empty() {
            return Err(expected());
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    const HEADER: &str = "program_id,program_name_suffix,city,state,data_last_updated,specialty_title,first_year_positions,interviews_conducted_last_year,pct_do,pct_img,pct_usmd,program_best_described_as,participates_in_eras,visa_statuses_accepted\n";

    fn check(rows: &str, expected: Expect) {
        let text = format!("{HEADER}{rows}");
        let actual = match parse(text.as_bytes(), "freida.csv", InvalidRows::Reject) {
            Ok(parsed) => parsed
                .records
                .iter()
                .map(|p| {
                    format!(
                        "{} {} | {:?} {:?} | pos={:?} int={:?} mix={:?} | {:?} | j1={:?} h1b={:?} eras={:?}",
                        p.id,
                        p.name,
                        p.city.get(),
                        p.state.get().map(|s| s.code()),
                        p.first_year_positions.get(),
                        p.interviews_per_year.get(),
                        p.resident_mix.get().map(|m| (m.us_md_pct, m.do_pct, m.img_pct)),
                        p.program_type.get(),
                        p.sponsors_j1.get(),
                        p.sponsors_h1b.get(),
                        p.participates_in_eras.get(),
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
    fn reads_a_complete_row() {
        check(
            "1400000001,Lakeside Program,Albany,NY,2025-03-28T08:08:20+00:00,Internal Medicine,12.0,150.0,10.0,60.0,30.0,Community-based university affiliated,True,\"['J-1 through ECFMG', 'H-1B', 'F-1']\"\n",
            expect![[
                r#"acgme-1400000001 Lakeside Program | Some("Albany") Some("NY") | pos=Some(12) int=Some(150) mix=Some((30.0, 10.0, 60.0)) | Some(CommunityUniversityAffiliated) | j1=Some(true) h1b=Some(true) eras=Some(true)"#
            ]],
        );
    }

    #[test]
    fn empty_fields_are_unknown_and_zero_interviews_are_noted() {
        check(
            "1400000002,Hilltop Program,Reno,NV,2025-03-28T08:08:20+00:00,Internal Medicine,,0.0,,,,,False,[]\n",
            expect![[r#"
                acgme-1400000002 Hilltop Program | Some("Reno") Some("NV") | pos=None int=None mix=None | None | j1=Some(false) h1b=Some(false) eras=Some(false)
                1 program(s) report 0 interviews last year; read as unknown, since a program that fills positions interviews someone"#]],
        );
    }

    #[test]
    fn bad_values_name_line_and_column() {
        check(
            "1400000003,A Program,Reno,NV,2025-03-28,Internal Medicine,twelve,10,,,,,True,[]\n\
             1400000004,B Program,Reno,ZZ,2025-03-28,Internal Medicine,12,10,,,,,True,[]\n\
             1400000005,C Program,Reno,NV,2025-03-28,Internal Medicine,12,10,,,,,True,['J-1\n\
             1400000005,D Program,Reno,NV,2025-03-28,Internal Medicine,12,10,,,,,True,[]\n\
             1400000005,E Program,Reno,NV,2025-03-28,Internal Medicine,12,10,,,,,True,[]\n\
             1400000006,F Program,Reno\n",
            expect![[r#"
                freida.csv: 5 invalid row(s); nothing was imported
                  freida.csv:2: column first_year_positions: expected a whole number, found "twelve"
                  freida.csv:3: column state: state: expected a two-letter US postal code such as NY, found "ZZ"
                  freida.csv:4: column visa_statuses_accepted: expected a list such as ['J-1 through ECFMG', 'H-1B'], found "['J-1"
                  freida.csv:6: column program_id: ACGME id 1400000005 already appears on line 5 with different values
                  freida.csv:7: expected 14 fields as in the header, found 3 (is the line truncated or a comma unquoted?)"#]],
        );
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_column() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(
            b"1400000007,Caf\xe9 Program,Reno,NV,2025-03-28,Internal Medicine,12,10,,,,,True,[]\n",
        );
        let error = parse(&bytes, "freida.csv", InvalidRows::Reject).unwrap_err();
        expect![[r#"
            freida.csv: 1 invalid row(s); nothing was imported
              freida.csv:2: column program_name_suffix: not valid UTF-8 (byte 4 of the field)"#]]
        .assert_eq(&error.to_string());
    }

    #[test]
    fn missing_columns_are_named() {
        let error =
            parse(b"program_id,city\n1,2\n", "freida.csv", InvalidRows::Reject).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("freida.csv:1: missing column(s) program_name_suffix, state,"),
            "{error}"
        );
    }

    #[test]
    fn skipping_keeps_good_rows_and_lists_bad_ones() {
        let text = format!(
            "{HEADER}1400000008,Good Program,Reno,NV,2025-03-28,Internal Medicine,12,10,,,,,True,[]\n1400000009,Bad Program,Reno,NV,2025-03-28,Internal Medicine,-4,10,,,,,True,[]\n"
        );
        let parsed = parse(text.as_bytes(), "freida.csv", InvalidRows::Skip).unwrap();
        assert_eq!(parsed.records.len(), 1);
        expect![[r#"["freida.csv:3: column first_year_positions: expected a whole number from 0 to 65535, found \"-4\""]"#]]
            .assert_eq(&format!("{:?}", parsed.skipped.iter().map(ToString::to_string).collect::<Vec<_>>()));
    }

    #[test]
    fn visa_lists_of_dictionaries_are_read_by_their_value() {
        assert_eq!(
            visa_list("[{'value': 'J-1 through ECFMG', 'label': 'J-1 visa'}, {'value': 'H-1B', 'label': 'H-1B visa'}]")
                .unwrap(),
            vec!["J-1 through ECFMG", "H-1B"]
        );
        assert!(visa_list("[{'label': 'H-1B visa'}]").is_err());
    }

    #[test]
    fn exact_repeats_are_kept_once_and_crlf_lines_are_counted_right() {
        let row = "1400000010,Same Program,Reno,NV,2025-03-28,Internal Medicine,12,10,,,,,True,[]";
        let text = format!(
            "{}{row}\r\n{row}\r\n1400000011,X,Reno,NV,2025-03-28,Internal Medicine,x,10,,,,,True,[]\r\n",
            HEADER.replace('\n', "\r\n")
        );
        let error = parse(text.as_bytes(), "freida.csv", InvalidRows::Reject).unwrap_err();
        expect![[r#"
            freida.csv: 1 invalid row(s); nothing was imported
              freida.csv:4: column first_year_positions: expected a whole number, found "x""#]]
        .assert_eq(&error.to_string());
        let parsed = parse(text.as_bytes(), "freida.csv", InvalidRows::Skip).unwrap();
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(
            parsed.notes,
            vec!["1 exact repeat(s) kept once: line 3 repeats line 2 (1400000010)"]
        );
    }

    #[test]
    fn python_lists_parse() {
        assert_eq!(python_list("[]").unwrap(), Vec::<String>::new());
        assert_eq!(python_list("['a', \"b c\"]").unwrap(), vec!["a", "b c"]);
        for bad in ["", "['a'", "[a]", "['a',]", "['a' 'b']"] {
            assert!(python_list(bad).is_err(), "{bad} should not parse");
        }
    }
}
