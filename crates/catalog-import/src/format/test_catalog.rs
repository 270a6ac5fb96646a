//! A small fictional catalog that the format's unit tests write, edit and read back.

use catalog::{
    AcgmeId, Catalog, CatalogMeta, CatalogOrigin, Fact, NrmpCode, Program, ProgramId,
    ProgramRequirements, ProgramType, Provenance, Requirement, ResidentMix, Source, SourceInfo,
    Specialty, SpecialtyCode, Track, TrackType, UsState, UsceRequirement,
};
use chrono::NaiveDate;

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
}

/// One specialty, one program with every kind of fact, and two tracks (one linked, one not).
pub(super) fn small_catalog() -> Catalog {
    let assumed = Provenance::new(Source::parse("demo-assumption").unwrap(), date(2025, 1, 15));
    let operator = Provenance::new(Source::parse("operator").unwrap(), date(2025, 6, 1));
    let program = Program {
        id: ProgramId::parse("demo-140-0001").unwrap(),
        acgme_id: Fact::known(AcgmeId::parse("1409990001").unwrap(), &assumed),
        name: "Lakeview Internal Medicine".to_owned(),
        institution: Fact::known("Lakeview Medical Center".to_owned(), &assumed),
        specialty: SpecialtyCode::parse("140").unwrap(),
        city: Fact::known("Springfield".to_owned(), &assumed),
        state: Fact::known(UsState::parse("IL").unwrap(), &assumed),
        program_type: Fact::known(ProgramType::CommunityUniversityAffiliated, &assumed),
        first_year_positions: Fact::known(12, &assumed),
        interviews_per_year: Fact::unknown(&assumed),
        resident_mix: Fact::known(ResidentMix::new(30.0, 10.0, 60.0).unwrap(), &assumed),
        sponsors_j1: Fact::known(true, &assumed),
        sponsors_h1b: Fact::known(false, &assumed),
        participates_in_eras: Fact::known(true, &assumed),
        accepts_signals: Fact::unknown(&assumed),
        requirements: ProgramRequirements {
            min_step2_score: Fact::known(Requirement::Strict(230), &operator),
            max_exam_attempts: Fact::known(Requirement::Preference(2), &assumed),
            max_years_since_graduation: Fact::known(Requirement::None, &assumed),
            usce: Fact::known(
                Requirement::Strict(UsceRequirement {
                    months: 3,
                    hands_on: true,
                }),
                &assumed,
            ),
            ecfmg_certification: Fact::known(Requirement::Strict(()), &assumed),
            step3_for_h1b: Fact::unknown(&assumed),
        },
    };
    let track = |code: &str, name: &str, linked: bool| Track {
        code: NrmpCode::parse(code).unwrap(),
        name: name.to_owned(),
        institution_name: "Lakeview Medical Center".to_owned(),
        state: linked.then(|| UsState::parse("IL").unwrap()),
        specialty: SpecialtyCode::parse("140").unwrap(),
        track_type: NrmpCode::parse(code).unwrap().track_type(),
        positions: linked.then_some(10),
        positions_source: None,
        fill_history: Vec::new(),
        program: linked.then(|| program.id.clone()),
        source: assumed.source.clone(),
        as_of: assumed.as_of,
    };
    let tracks = vec![
        track("9001140C0", "Lakeview-Internal Medicine", true),
        track("9001140P0", "Lakeview-Medicine-Preliminary", false),
    ];
    assert_eq!(tracks[1].track_type, TrackType::Preliminary);
    Catalog {
        meta: CatalogMeta {
            label: "Fixture catalog (fictional programs)".to_owned(),
            origin: CatalogOrigin::Demo { seed: 7 },
            fictional: true,
            sources: vec![
                SourceInfo {
                    id: assumed.source.clone(),
                    description: "Values assumed for the fictional demo".to_owned(),
                    as_of: assumed.as_of,
                },
                SourceInfo {
                    id: operator.source.clone(),
                    description: "Edited by the operator".to_owned(),
                    as_of: operator.as_of,
                },
            ],
        },
        specialties: vec![Specialty {
            code: SpecialtyCode::parse("140").unwrap(),
            name: "Internal Medicine".to_owned(),
        }],
        programs: vec![program],
        tracks,
    }
}
