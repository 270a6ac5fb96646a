//! Tiny fictional programs and tracks for the join's and the catalog builder's tests.

use catalog::{
    AcgmeId, Fact, NrmpCode, Program, ProgramId, Provenance, Source, SpecialtyCode, Track, UsState,
};
use chrono::NaiveDate;

use crate::freida::unknown_requirements;

/// A FREIDA-like program: `"1400000001 | Lakeside Hospital Program | Lakeside | NY"`, with
/// an optional fifth field, the specialty code (140 when absent).
pub(crate) fn program(line: &str) -> Program {
    let fields: Vec<&str> = line.split('|').map(str::trim).collect();
    let provenance = Provenance::new(
        Source::parse("freida").unwrap(),
        NaiveDate::from_ymd_opt(2025, 3, 28).unwrap(),
    );
    let specialty = SpecialtyCode::parse(fields.get(4).copied().unwrap_or("140")).unwrap();
    Program {
        id: ProgramId::parse(&format!("acgme-{}", fields[0])).unwrap(),
        acgme_id: Fact::known(AcgmeId::parse(fields[0]).unwrap(), &provenance),
        name: fields[1].to_owned(),
        institution: Fact::unknown(&provenance),
        specialty,
        city: Fact::known(fields[2].to_owned(), &provenance),
        state: Fact::maybe(UsState::parse(fields[3]).ok(), &provenance),
        program_type: Fact::unknown(&provenance),
        first_year_positions: Fact::known(10, &provenance),
        interviews_per_year: Fact::unknown(&provenance),
        resident_mix: Fact::unknown(&provenance),
        sponsors_j1: Fact::known(true, &provenance),
        sponsors_h1b: Fact::known(false, &provenance),
        participates_in_eras: Fact::known(true, &provenance),
        accepts_signals: Fact::unknown(&provenance),
        requirements: unknown_requirements(&provenance),
    }
}

/// An NRMP-like track: `"9901140C0 | Internal Medicine | Lakeside Med Ctr-NY"`. The state is
/// the institution name's suffix when that is a postal code, as the track list reader does.
pub(crate) fn track(line: &str) -> Track {
    let fields: Vec<&str> = line.split('|').map(str::trim).collect();
    let code = NrmpCode::parse(fields[0]).unwrap();
    let institution = fields[2];
    let state = institution
        .rsplit_once('-')
        .and_then(|(_, suffix)| UsState::parse(suffix).ok());
    Track {
        specialty: code.specialty(),
        track_type: code.track_type(),
        code,
        name: fields[1].to_owned(),
        institution_name: institution.to_owned(),
        state,
        positions: None,
        positions_source: None,
        fill_history: Vec::new(),
        program: None,
        source: Source::parse("nrmp-tracks").unwrap(),
        as_of: NaiveDate::from_ymd_opt(2024, 3, 15).unwrap(),
    }
}

/// Programs from lines of [`program`]'s form; blank lines are skipped.
pub(crate) fn programs(text: &str) -> Vec<Program> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(program)
        .collect()
}

/// Tracks from lines of [`track`]'s form; blank lines are skipped.
pub(crate) fn tracks(text: &str) -> Vec<Track> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(track)
        .collect()
}
