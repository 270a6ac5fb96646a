//! The catalog file format reads back exactly what it wrote, in JSON and in CSV: on a
//! hand-built catalog holding every kind of value, and on random catalogs.
//!
//! Every catalog here is fictional.

use catalog::{
    AcgmeId, Catalog, CatalogMeta, CatalogOrigin, Fact, FillRecord, NrmpCode, Program, ProgramId,
    ProgramRequirements, ProgramType, Provenance, Requirement, ResidentMix, Source, SourceInfo,
    Specialty, SpecialtyCode, Track, UsState, UsceRequirement,
};
use catalog_import::InvalidRows;
use catalog_import::format::{CatalogFileFormat, read_catalog, write_catalog};
use chrono::NaiveDate;
use expect_test::expect;
use proptest::prelude::*;

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
}

fn provenance(source: &str, as_of: NaiveDate) -> Provenance {
    Provenance::new(Source::parse(source).expect("a valid source"), as_of)
}

/// Reads text in a format, failing the test with the reader's message.
fn read(text: &str, format: CatalogFileFormat) -> Catalog {
    let contents = read_catalog(text.as_bytes(), "catalog", format, InvalidRows::Reject)
        .unwrap_or_else(|error| panic!("{format}: {error}\n{text}"));
    assert_eq!(contents.skipped, vec![], "{format}");
    contents.catalog
}

/// Checks `read(write(c)) == c` and `write(read(write(c))) == write(c)` in both formats.
fn assert_round_trips(catalog: &Catalog) {
    for format in CatalogFileFormat::ALL {
        let written = write_catalog(catalog, format);
        let read_back = read(&written, format);
        assert_eq!(&read_back, catalog, "{format}:\n{written}");
        assert_eq!(write_catalog(&read_back, format), written, "{format}");
    }
}

/// A program whose facts are all unknown and whose requirements are all unknown.
fn unknown_program(id: &str, name: &str, specialty: &str, said: &Provenance) -> Program {
    Program {
        id: ProgramId::parse(id).unwrap(),
        acgme_id: Fact::unknown(said),
        name: name.to_owned(),
        institution: Fact::unknown(said),
        specialty: SpecialtyCode::parse(specialty).unwrap(),
        city: Fact::unknown(said),
        state: Fact::unknown(said),
        program_type: Fact::unknown(said),
        first_year_positions: Fact::unknown(said),
        interviews_per_year: Fact::unknown(said),
        resident_mix: Fact::unknown(said),
        sponsors_j1: Fact::unknown(said),
        sponsors_h1b: Fact::unknown(said),
        participates_in_eras: Fact::unknown(said),
        accepts_signals: Fact::unknown(said),
        requirements: ProgramRequirements {
            min_step2_score: Fact::unknown(said),
            max_exam_attempts: Fact::unknown(said),
            max_years_since_graduation: Fact::unknown(said),
            usce: Fact::unknown(said),
            ecfmg_certification: Fact::unknown(said),
            step3_for_h1b: Fact::unknown(said),
        },
    }
}

/// Every kind of value the format must carry: known and unknown facts, each requirement rule,
/// USCE hands-on and not, decimal percentages, awkward text, several sources.
fn every_kind_of_value() -> Catalog {
    let listed = provenance("fictional-listing", date(2025, 3, 28));
    let survey = provenance("fictional-survey.v2", date(2024, 11, 2));
    let operator = provenance("operator", date(2026, 1, 5));

    let mut complete = unknown_program(
        "demo-140-0001",
        "Harbor, Bay & \"Northside\" Internal Medicine",
        "140",
        &listed,
    );
    complete.acgme_id = Fact::known(AcgmeId::parse("1409990001").unwrap(), &listed);
    complete.institution = Fact::known(
        "Hôpital Sainte-Émilie, \"Campus Nord\"\nBuilding 2".to_owned(),
        &listed,
    );
    complete.city = Fact::known("Münster Falls".to_owned(), &listed);
    complete.state = Fact::known(UsState::parse("PR").unwrap(), &listed);
    complete.program_type = Fact::known(ProgramType::MilitaryBased, &survey);
    complete.first_year_positions = Fact::known(0, &listed);
    complete.interviews_per_year = Fact::known(u16::MAX, &survey);
    complete.resident_mix = Fact::known(ResidentMix::new(35.3, 0.1, 64.6).unwrap(), &survey);
    complete.sponsors_j1 = Fact::known(true, &listed);
    complete.sponsors_h1b = Fact::known(false, &listed);
    complete.participates_in_eras = Fact::known(true, &operator);
    complete.accepts_signals = Fact::known(false, &operator);
    complete.requirements = ProgramRequirements {
        min_step2_score: Fact::known(Requirement::Strict(230), &operator),
        max_exam_attempts: Fact::known(Requirement::Preference(1), &survey),
        max_years_since_graduation: Fact::known(Requirement::None, &listed),
        usce: Fact::known(
            Requirement::Strict(UsceRequirement {
                months: 3,
                hands_on: true,
            }),
            &operator,
        ),
        ecfmg_certification: Fact::known(Requirement::Preference(()), &survey),
        step3_for_h1b: Fact::known(Requirement::Strict(()), &survey),
    };

    let mut partial = unknown_program("demo-400-0002", "  Spaced  name, 精神科 ", "400", &survey);
    partial.institution = Fact::known(" leading space".to_owned(), &survey);
    partial.resident_mix = Fact::known(ResidentMix::new(0.0, 0.0, 0.0).unwrap(), &survey);
    partial.requirements.min_step2_score = Fact::known(Requirement::Preference(245), &survey);
    partial.requirements.max_exam_attempts = Fact::known(Requirement::Strict(0), &survey);
    partial.requirements.max_years_since_graduation =
        Fact::known(Requirement::Preference(7), &survey);
    partial.requirements.usce = Fact::known(
        Requirement::Preference(UsceRequirement {
            months: 1,
            hands_on: false,
        }),
        &survey,
    );
    partial.requirements.ecfmg_certification = Fact::known(Requirement::None, &survey);
    partial.requirements.step3_for_h1b = Fact::known(Requirement::None, &survey);

    let unknown = unknown_program("demo-400-0003", "", "400", &operator);

    let track = |code: &str, program: Option<&Program>, name: &str| Track {
        code: NrmpCode::parse(code).unwrap(),
        name: name.to_owned(),
        institution_name: "Harbor \"Bay\", Inc.\r\nEast".to_owned(),
        state: program.map(|_| UsState::parse("WY").unwrap()),
        specialty: NrmpCode::parse(code).unwrap().specialty(),
        track_type: NrmpCode::parse(code).unwrap().track_type(),
        positions: program.map(|_| 4),
        positions_source: None,
        fill_history: Vec::new(),
        program: program.map(|program| program.id.clone()),
        source: listed.source.clone(),
        as_of: listed.as_of,
    };
    let tracks = vec![
        track("9001140C0", Some(&complete), "Harbor-Medicine"),
        track(
            "9001140P12",
            Some(&complete),
            "Harbor-Medicine-Prelim, \"P\"",
        ),
        track("9002400R1", None, ""),
    ];

    Catalog {
        meta: CatalogMeta {
            label: "Test catalog, \"every value\"\nsecond line — fictional".to_owned(),
            origin: CatalogOrigin::Demo { seed: u64::MAX },
            fictional: true,
            sources: vec![
                SourceInfo {
                    id: listed.source.clone(),
                    description: "A fictional listing, with commas".to_owned(),
                    as_of: listed.as_of,
                },
                SourceInfo {
                    id: survey.source.clone(),
                    description: "".to_owned(),
                    as_of: survey.as_of,
                },
                SourceInfo {
                    id: operator.source.clone(),
                    description: "Edits made by hand".to_owned(),
                    as_of: operator.as_of,
                },
            ],
        },
        specialties: vec![
            Specialty {
                code: SpecialtyCode::parse("140").unwrap(),
                name: "Internal Medicine".to_owned(),
            },
            Specialty {
                code: SpecialtyCode::parse("400").unwrap(),
                name: "Psychiatry, \"adult\"".to_owned(),
            },
        ],
        programs: vec![complete, partial, unknown],
        tracks,
    }
}

#[test]
fn every_kind_of_value_round_trips_in_both_formats() {
    assert_round_trips(&every_kind_of_value());
}

#[test]
fn every_origin_round_trips() {
    for origin in [
        CatalogOrigin::Imported,
        CatalogOrigin::CatalogFile,
        CatalogOrigin::Demo { seed: 0 },
    ] {
        let mut catalog = every_kind_of_value();
        catalog.meta.origin = origin;
        catalog.meta.fictional = false;
        assert_round_trips(&catalog);
    }
}

#[test]
fn awkward_text_is_quoted_in_csv() {
    let text = write_catalog(&every_kind_of_value(), CatalogFileFormat::Csv);
    // The rows from one field's row up to the next field's row, so that a cell holding a line
    // break is shown whole.
    let rows_between = |from: &str, to: &str| {
        let start = text.find(from).expect("the first row is written");
        let end = text.find(to).expect("the next row is written");
        text[start..end].to_owned()
    };
    let shown = [
        rows_between("meta,,label,", "meta,,origin,"),
        rows_between(
            "program,demo-140-0001,institution,",
            "program,demo-140-0001,city,",
        ),
        rows_between(
            "program,demo-140-0001,resident_mix,",
            "program,demo-140-0001,sponsors_j1,",
        ),
        rows_between(
            "program,demo-400-0002,name,",
            "program,demo-400-0002,specialty,",
        ),
        rows_between(
            "track,9001140P12,name,",
            "track,9001140P12,institution_name,",
        ),
        rows_between(
            "track,9001140P12,institution_name,",
            "track,9001140P12,state,",
        ),
    ];
    // A carriage return is shown as `\r`, since a source file cannot hold one in a literal.
    expect![[r#"
        meta,,label,"Test catalog, ""every value""
        second line — fictional",,,
        program,demo-140-0001,institution,"Hôpital Sainte-Émilie, ""Campus Nord""
        Building 2",,fictional-listing,2025-03-28
        program,demo-140-0001,resident_mix,us_md=35.3;do=0.1;img=64.6,,fictional-survey.v2,2024-11-02
        program,demo-400-0002,name,"  Spaced  name, 精神科 ",,,
        track,9001140P12,name,"Harbor-Medicine-Prelim, ""P""",,,
        track,9001140P12,institution_name,"Harbor ""Bay"", Inc.\r
        East",,,
    "#]].assert_eq(&shown.concat().replace('\r', "\\r"));
}

#[test]
fn a_file_converted_between_formats_keeps_its_catalog() {
    let catalog = every_kind_of_value();
    let from_csv = read(
        &write_catalog(&catalog, CatalogFileFormat::Csv),
        CatalogFileFormat::Csv,
    );
    let through_json = read(
        &write_catalog(&from_csv, CatalogFileFormat::Json),
        CatalogFileFormat::Json,
    );
    assert_eq!(through_json, catalog);
}

/// Text with the characters CSV and JSON must escape, and some that are not ASCII.
fn awkward_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,\"'\n\r;=é中\\-]{0,12}"
}

/// Known text facts must not be empty: in CSV an empty cell means unknown.
fn known_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,\"'\n\r;=é中\\-]{1,12}"
}

fn provenance_strategy() -> impl Strategy<Value = Provenance> {
    (
        prop::sample::select(vec!["alpha", "beta-2024", "gamma_x.y"]),
        0u32..20_000,
    )
        .prop_map(|(source, days)| {
            provenance(
                source,
                date(1990, 1, 1) + chrono::Days::new(u64::from(days)),
            )
        })
}

fn fact<T: std::fmt::Debug + Clone>(
    value: impl Strategy<Value = T>,
) -> impl Strategy<Value = Fact<T>> {
    (prop::option::of(value), provenance_strategy())
        .prop_map(|(value, said)| Fact::maybe(value, &said))
}

fn requirement<T: std::fmt::Debug + Clone>(
    threshold: impl Strategy<Value = T> + Clone,
) -> impl Strategy<Value = Fact<Requirement<T>>> {
    let rule = prop_oneof![
        Just(Requirement::None),
        threshold.clone().prop_map(Requirement::Strict),
        threshold.prop_map(Requirement::Preference),
    ];
    fact(rule)
}

/// A resident mix whose percentages are arbitrary `f64`s that add up to about 100, as
/// [`Catalog::validate`] asks.
fn resident_mix() -> impl Strategy<Value = ResidentMix> {
    (0.0..=1.0f64, 0.0..=1.0f64).prop_map(|(first, second)| {
        let us_md = 100.0 * first;
        let osteopathic = (100.0 - us_md) * second;
        let img = (100.0 - us_md - osteopathic).max(0.0);
        ResidentMix::new(us_md, osteopathic, img).expect("percentages within 0 to 100")
    })
}

const SPECIALTY_CODES: [&str; 3] = ["040", "140", "999"];

fn program(index: usize) -> impl Strategy<Value = Program> {
    let facts = (
        fact("[0-9]{10}".prop_map(|digits| AcgmeId::parse(&digits).expect("ten digits"))),
        awkward_text(),
        fact(known_text()),
        prop::sample::select(SPECIALTY_CODES.to_vec()),
        fact(known_text()),
        fact(prop::sample::select(UsState::all().collect::<Vec<_>>())),
        fact(prop::sample::select(vec![
            ProgramType::UniversityBased,
            ProgramType::CommunityUniversityAffiliated,
            ProgramType::CommunityBased,
            ProgramType::MilitaryBased,
            ProgramType::Other,
        ])),
        fact(any::<u16>()),
        fact(any::<u16>()),
        fact(resident_mix()),
    );
    let flags = (
        fact(any::<bool>()),
        fact(any::<bool>()),
        fact(any::<bool>()),
        fact(any::<bool>()),
    );
    let requirements = (
        requirement(any::<u16>()),
        requirement(any::<u8>()),
        requirement(any::<u8>()),
        requirement(
            (any::<u8>(), any::<bool>())
                .prop_map(|(months, hands_on)| UsceRequirement { months, hands_on }),
        ),
        requirement(Just(())),
        requirement(Just(())),
    );
    (facts, flags, requirements).prop_map(
        move |(
            (
                acgme_id,
                name,
                institution,
                specialty,
                city,
                state,
                program_type,
                positions,
                interviews,
                mix,
            ),
            (j1, h1b, eras, signals),
            (step2, attempts, years, usce, ecfmg, step3),
        )| Program {
            id: ProgramId::parse(&format!("prop-{index}")).expect("a valid id"),
            acgme_id,
            name,
            institution,
            specialty: SpecialtyCode::parse(specialty).expect("a valid code"),
            city,
            state,
            program_type,
            first_year_positions: positions,
            interviews_per_year: interviews,
            resident_mix: mix,
            sponsors_j1: j1,
            sponsors_h1b: h1b,
            participates_in_eras: eras,
            accepts_signals: signals,
            requirements: ProgramRequirements {
                min_step2_score: step2,
                max_exam_attempts: attempts,
                max_years_since_graduation: years,
                usce,
                ecfmg_certification: ecfmg,
                step3_for_h1b: step3,
            },
        },
    )
}

fn catalog_strategy() -> impl Strategy<Value = Catalog> {
    let programs = (0usize..5).prop_flat_map(|count| (0..count).map(program).collect::<Vec<_>>());
    let tracks = prop::collection::vec(
        (
            awkward_text(),
            awkward_text(),
            prop::option::of(prop::sample::select(UsState::all().collect::<Vec<_>>())),
            prop::sample::select(vec!['C', 'P', 'A', 'R', 'M']),
            prop::option::of(any::<u16>()),
            any::<prop::sample::Index>(),
            any::<bool>(),
            provenance_strategy(),
        ),
        0..4,
    );
    (
        awkward_text(),
        prop_oneof![
            any::<u64>().prop_map(|seed| CatalogOrigin::Demo { seed }),
            Just(CatalogOrigin::Imported),
            Just(CatalogOrigin::CatalogFile),
        ],
        any::<bool>(),
        programs,
        tracks,
    )
        .prop_map(|(label, origin, fictional, programs, tracks)| {
            let tracks = tracks
                .into_iter()
                .enumerate()
                .map(
                    |(
                        index,
                        (name, institution_name, state, letter, positions, link, linked, said),
                    )| {
                        let program = (linked && !programs.is_empty())
                            .then(|| programs[link.index(programs.len())].id.clone());
                        let code =
                            NrmpCode::parse(&format!("{:04}140{letter}{index}", 9000 + index))
                                .expect("a valid NRMP code");
                        let with_results = index % 3 == 0 && positions.is_some();
                        Track {
                            specialty: code.specialty(),
                            track_type: code.track_type(),
                            code,
                            name,
                            institution_name,
                            state,
                            positions,
                            // Every third sized track carries a size and history of its own
                            // source, as after an NRMP Program Results import.
                            positions_source: with_results.then(|| said.clone()),
                            fill_history: match positions.filter(|_| with_results) {
                                Some(quota) => vec![
                                    FillRecord {
                                        year: 2023,
                                        quota,
                                        matched: quota / 2,
                                    },
                                    FillRecord {
                                        year: 2024,
                                        quota,
                                        matched: quota,
                                    },
                                ],
                                None => Vec::new(),
                            },
                            program,
                            source: said.source,
                            as_of: said.as_of,
                        }
                    },
                )
                .collect();
            Catalog {
                meta: CatalogMeta {
                    label,
                    origin,
                    fictional,
                    sources: ["alpha", "beta-2024", "gamma_x.y"]
                        .into_iter()
                        .map(|id| SourceInfo {
                            id: Source::parse(id).expect("a valid source"),
                            description: format!("Fictional source {id}"),
                            as_of: date(2025, 1, 1),
                        })
                        .collect(),
                },
                specialties: SPECIALTY_CODES
                    .iter()
                    .map(|code| Specialty {
                        code: SpecialtyCode::parse(code).expect("a valid code"),
                        name: format!("Specialty {code}"),
                    })
                    .collect(),
                programs,
                tracks,
            }
        })
}

proptest! {
    #[test]
    fn random_catalogs_round_trip_in_both_formats(catalog in catalog_strategy()) {
        prop_assert!(catalog.validate().is_ok(), "the strategy makes valid catalogs");
        for format in CatalogFileFormat::ALL {
            let written = write_catalog(&catalog, format);
            let contents = read_catalog(written.as_bytes(), "catalog", format, InvalidRows::Reject);
            let contents = match contents {
                Ok(contents) => contents,
                Err(error) => return Err(TestCaseError::fail(format!("{format}: {error}\n{written}"))),
            };
            prop_assert_eq!(&contents.catalog, &catalog, "{}", format);
            prop_assert_eq!(write_catalog(&contents.catalog, format), written, "{}", format);
            prop_assert!(contents.notes.is_empty(), "{:?}", contents.notes);
        }
    }
}
