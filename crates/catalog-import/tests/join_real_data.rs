//! The FREIDA–NRMP join and the imported catalog on the real files in `../shared/data/real/`.
//!
//! These files are read at test time and never copied into the repository, and only aggregate
//! numbers are asserted here. A missing file is a failure that names it, not a silent pass.

use std::collections::{HashMap, HashSet};

use catalog::{Program, Track, TrackType};
use catalog_import::build::build_imported;
use catalog_import::join::{JoinStatus, join};
use catalog_import::{InvalidRows, freida, nrmp_tracks};
use chrono::NaiveDate;

/// Reads a file of the shared real-data folder, failing the test with its path when absent.
fn real_file(name: &str) -> Vec<u8> {
    shared_data::read_real(name)
}

fn freida_programs() -> Vec<Program> {
    freida::parse(
        &real_file("freida_im_programs_2025.csv"),
        "freida_im_programs_2025.csv",
        InvalidRows::Reject,
    )
    .unwrap_or_else(|error| panic!("{error}"))
    .records
}

fn nrmp_track_list() -> Vec<Track> {
    nrmp_tracks::parse(
        &real_file("nrmp_program_tracks_2024.csv"),
        "nrmp_program_tracks_2024.csv",
        NaiveDate::from_ymd_opt(2024, 3, 15).unwrap(),
        InvalidRows::Reject,
    )
    .unwrap_or_else(|error| panic!("{error}"))
    .records
}

#[test]
fn most_freida_programs_join_a_categorical_track_of_their_specialty() {
    let programs = freida_programs();
    let tracks = nrmp_track_list();
    let outcome = join(&programs, &tracks);
    let report = &outcome.report;
    assert_eq!(report.programs, programs.len());
    assert_eq!(
        report.joined + report.ambiguous + report.unmatched,
        report.programs,
        "{report}"
    );
    assert_eq!(report.tracks, tracks.len());
    assert_eq!(report.tracks_linked + report.tracks_unlinked, report.tracks);
    // The 2024 track list has 760 categorical and primary-care Internal Medicine tracks for
    // 688 FREIDA programs of 2025, several of them sub-tracks of one program, and it lacks
    // programs that are new or renamed since; about 79% is what a cautious join reaches.
    assert!(
        report.joined_share() >= 0.78,
        "joined share {:.3}\n{report}",
        report.joined_share()
    );
    assert!(report.ambiguous + report.unmatched > 0, "{report}");
}

#[test]
fn every_join_is_to_a_distinct_categorical_track_of_the_specialty_in_the_same_state() {
    let programs = freida_programs();
    let tracks = nrmp_track_list();
    let outcome = join(&programs, &tracks);
    let by_code: HashMap<_, &Track> = tracks.iter().map(|track| (&track.code, track)).collect();
    let mut anchors = HashSet::new();
    for (program, joined) in programs.iter().zip(&outcome.programs) {
        assert_eq!(program.id, joined.program);
        if let JoinStatus::Joined { anchor } = &joined.status {
            assert!(
                anchors.insert(anchor.track.clone()),
                "{} is the anchor of two programs",
                anchor.track
            );
            let track = by_code[&anchor.track];
            assert_eq!(track.specialty, program.specialty, "{}", anchor.track);
            assert!(
                matches!(
                    track.track_type,
                    TrackType::Categorical | TrackType::PrimaryCare
                ),
                "{}",
                anchor.track
            );
            if let (Some(theirs), Some(ours)) = (track.state, program.state.get()) {
                assert_eq!(theirs, *ours, "{} and {}", anchor.track, program.id);
            }
        }
    }
    let mut linked = HashSet::new();
    for (code, program) in &outcome.links {
        assert!(linked.insert(code), "{code} is linked twice");
        let program = programs
            .iter()
            .find(|candidate| &candidate.id == program)
            .expect("links point to given programs");
        assert_eq!(by_code[code].specialty, program.specialty, "{code}");
    }
    assert!(anchors.iter().all(|anchor| linked.contains(anchor)));
}

#[test]
fn the_imported_catalog_keeps_every_program_and_track_and_validates() {
    let programs = freida_programs();
    let tracks = nrmp_track_list();
    let built = build_imported(Some(&programs), Some(&tracks), "Imported FREIDA and NRMP");
    let catalog = &built.catalog;
    catalog
        .validate()
        .unwrap_or_else(|problems| panic!("{problems:?}"));
    let program_ids: HashSet<_> = catalog.programs.iter().map(|program| &program.id).collect();
    assert!(
        programs
            .iter()
            .all(|program| program_ids.contains(&program.id))
    );
    let codes: HashSet<_> = catalog.tracks.iter().map(|track| &track.code).collect();
    assert_eq!(catalog.tracks.len(), tracks.len());
    assert!(tracks.iter().all(|track| codes.contains(&track.code)));
    // Every track belongs to a FREIDA program or to a program derived from the track list,
    // so that every specialty has searchable programs.
    assert!(catalog.tracks.iter().all(|track| track.program.is_some()));
    let specialties_with_tracks: HashSet<_> =
        catalog.tracks.iter().map(|track| track.specialty).collect();
    let specialties_with_programs: HashSet<_> = catalog
        .programs
        .iter()
        .map(|program| program.specialty)
        .collect();
    assert_eq!(specialties_with_tracks, specialties_with_programs);
    let report = built.report.expect("both sources give a join report");
    let joined_with_institution = catalog
        .programs
        .iter()
        .filter(|program| program.id.as_str().starts_with("acgme-"))
        .filter(|program| program.institution.source.as_str() == nrmp_tracks::SOURCE)
        .count();
    assert_eq!(joined_with_institution, report.joined);
    assert_eq!(catalog.meta.sources.len(), 2);
    assert!(!catalog.meta.fictional);
}

#[test]
fn the_report_reads_as_text_and_round_trips_as_json() {
    let outcome = join(&freida_programs(), &nrmp_track_list());
    let text = outcome.report.to_string();
    assert!(text.contains("FREIDA programs: 688"), "{text}");
    assert!(text.contains("Internal Medicine (140)"), "{text}");
    let json = serde_json::to_string(&outcome.report).unwrap();
    let back: catalog_import::join::JoinReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, outcome.report);
}
