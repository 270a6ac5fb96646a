//! The generated demo catalog against the figures it is built to match: the NRMP 2025 table,
//! the national totals, the FREIDA fit and the documented assumptions.

use std::collections::{BTreeMap, HashMap, HashSet};

use catalog::{
    Catalog, CatalogOrigin, Program, ProgramType, Requirement, SpecialtyCode, TrackType,
};
use demo_catalog::assumptions::{
    ATTEMPT_LIMIT, ByGroup, ECFMG_AT_APPLICATION, RequirementGroup, RuleShares, STEP2_CUTOFF,
    STEP2_CUTOFF_FLOOR, STEP3_FOR_H1B, UNKNOWN_REQUIREMENT_SHARE, USCE, YOG_LIMIT,
};
use demo_catalog::{
    DEFAULT_SEED, DemoOptions, FREIDA_2025_FIT, Quantiles, SpecialtyProfile, generate,
    generate_with,
};
use expect_test::expect;
use targets::{NRMP_2025_PGY1_BY_SPECIALTY, NRMP_2025_TOTALS};

fn code(text: &str) -> SpecialtyCode {
    SpecialtyCode::parse(text).unwrap()
}

/// Several catalogs' programs pooled, for statistical checks with enough programs.
fn pooled_programs(seeds: std::ops::RangeInclusive<u64>) -> Vec<Program> {
    seeds.flat_map(|seed| generate(seed).programs).collect()
}

/// Whether an observed share is within `sigmas` binomial standard errors of the expected one.
fn assert_share(what: &str, hits: usize, n: usize, expected: f64, sigmas: f64) {
    assert!(n > 0, "{what}: no programs to check");
    let observed = hits as f64 / n as f64;
    let standard_error = (expected * (1.0 - expected) / n as f64).sqrt().max(1e-9);
    assert!(
        (observed - expected).abs() <= sigmas * standard_error + 1e-9,
        "{what}: observed {observed:.4} ({hits} of {n}), expected {expected:.4} ± {:.4}",
        sigmas * standard_error
    );
}

#[test]
fn the_same_seed_gives_the_same_catalog() {
    assert_eq!(generate(7), generate(7));
    assert_ne!(generate(7).programs, generate(8).programs);
}

#[test]
fn the_catalog_is_valid_and_says_it_is_fictional() {
    let catalog = generate(DEFAULT_SEED);
    if let Err(problems) = catalog.validate() {
        panic!("{} problems, first: {}", problems.len(), problems[0]);
    }
    assert!(catalog.meta.fictional);
    assert_eq!(catalog.meta.origin, CatalogOrigin::Demo { seed: 2025 });
    assert_eq!(
        catalog.meta.label,
        "Demo catalog — fictional programs (seed 2025)"
    );
    let sources: Vec<&str> = catalog.meta.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(sources, ["demo-2025", "demo-assumption"]);
    assert!(
        catalog
            .meta
            .sources
            .iter()
            .all(|source| source.description.contains("Fictional"))
    );
    assert_eq!(catalog.specialties.len(), catalog::SPECIALTIES.len());
}

/// Tracks and positions of one specialty and track type.
fn tracks_of(catalog: &Catalog, specialty: SpecialtyCode, track_type: TrackType) -> (u32, u32) {
    catalog
        .tracks
        .iter()
        .filter(|track| track.specialty == specialty && track.track_type == track_type)
        .fold((0, 0), |(count, positions), track| {
            (count + 1, positions + u32::from(track.positions.unwrap()))
        })
}

#[test]
fn every_nrmp_2025_row_is_matched() {
    for seed in [DEFAULT_SEED, 1, 99] {
        let catalog = generate(seed);
        for row in &NRMP_2025_PGY1_BY_SPECIALTY {
            let track_type = row.catalog.track_type.unwrap();
            let (tracks, positions) = row
                .catalog
                .specialty_codes()
                .map(|specialty| tracks_of(&catalog, specialty, track_type))
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            assert_eq!(tracks, u32::from(row.programs), "{} tracks", row.specialty);
            let target = f64::from(row.positions_offered);
            let off = (f64::from(positions) - target).abs() / target;
            assert!(
                off <= 0.01,
                "{}: {positions} positions, target {target}",
                row.specialty
            );
            // The plan shares positions out exactly; 1% is the tolerance the figures allow.
            assert_eq!(positions, row.positions_offered, "{}", row.specialty);
        }
    }
}

#[test]
fn totals_are_near_the_national_figures() {
    let catalog = generate(DEFAULT_SEED);
    let tracks = catalog.tracks.len() as f64;
    let positions: u32 = catalog
        .tracks
        .iter()
        .map(|track| u32::from(track.positions.unwrap()))
        .sum();
    let pgy1: u32 = catalog
        .tracks
        .iter()
        .filter(|track| track.track_type.starts_at_pgy1())
        .map(|track| u32::from(track.positions.unwrap()))
        .sum();
    let near = |value: f64, target: u32, tolerance: f64| {
        (value - f64::from(target)).abs() / f64::from(target) <= tolerance
    };
    assert!(
        near(tracks, NRMP_2025_TOTALS.program_tracks, 0.03),
        "{tracks} tracks"
    );
    assert!(
        near(positions.into(), NRMP_2025_TOTALS.positions_offered, 0.02),
        "{positions} positions"
    );
    assert!(
        near(pgy1.into(), NRMP_2025_TOTALS.pgy1_positions_offered, 0.02),
        "{pgy1} PGY-1 positions"
    );
    expect!["5502 programs, 6537 tracks, 43694 positions (40393 PGY-1)"].assert_eq(&format!(
        "{} programs, {tracks} tracks, {positions} positions ({pgy1} PGY-1)",
        catalog.programs.len()
    ));
}

#[test]
fn programs_have_places_and_positions_that_add_up() {
    let catalog = generate(DEFAULT_SEED);
    let mut tracks_by_program: HashMap<&catalog::ProgramId, Vec<&catalog::Track>> = HashMap::new();
    for track in &catalog.tracks {
        let program = track
            .program
            .as_ref()
            .expect("every demo track has a program");
        tracks_by_program.entry(program).or_default().push(track);
    }
    for program in &catalog.programs {
        assert!(program.city.get().is_some_and(|city| !city.is_empty()));
        let state = program.state.get().expect("every program has a state");
        let tracks = &tracks_by_program[&program.id];
        assert!(tracks.iter().all(|track| track.state == Some(*state)));
        assert!(
            tracks
                .iter()
                .all(|track| track.specialty == program.specialty)
        );
        let pgy1: u16 = tracks
            .iter()
            .filter(|track| track.track_type.starts_at_pgy1())
            .map(|track| track.positions.unwrap())
            .sum();
        let all: u16 = tracks.iter().map(|track| track.positions.unwrap()).sum();
        let expected = if pgy1 > 0 { pgy1 } else { all };
        assert_eq!(
            program.first_year_positions.get(),
            Some(&expected),
            "{}",
            program.id
        );
        assert!(program.interviews_per_year.get().is_some_and(|n| *n > 0));
    }
}

#[test]
fn names_are_unique_within_each_specialty_and_fictional() {
    let catalog = generate(DEFAULT_SEED);
    let mut seen = HashSet::new();
    for program in &catalog.programs {
        assert!(
            seen.insert((program.specialty, program.name.as_str())),
            "{} appears twice in {}",
            program.name,
            program.specialty
        );
        assert!(program.name.ends_with(" Program"));
    }
    // Institution codes come from the fictional range, above every published NRMP code.
    assert!(
        catalog
            .tracks
            .iter()
            .all(|track| { track.code.institution_code().parse::<u32>().unwrap() >= 8000 })
    );
}

#[test]
fn generating_some_specialties_gives_the_same_programs_as_the_whole_catalog() {
    let whole = generate(11);
    let options = DemoOptions {
        seed: 11,
        only_specialties: Some(vec![code("140"), code("999")]),
    };
    let part = generate_with(&options);
    let expected: Vec<&Program> = whole
        .programs
        .iter()
        .filter(|program| ["140", "999"].contains(&program.specialty.as_str()))
        .collect();
    assert_eq!(part.programs.iter().collect::<Vec<_>>(), expected);
    assert!(part.validate().is_ok());
}

/// The empirical share of values at or below a threshold.
fn share_at_or_below(values: &[f64], threshold: f64) -> f64 {
    values.iter().filter(|v| **v <= threshold + 1e-9).count() as f64 / values.len() as f64
}

#[test]
fn internal_medicine_follows_the_freida_fit() {
    let programs = pooled_programs(1..=4);
    let internal_medicine: Vec<&Program> = programs
        .iter()
        .filter(|program| program.specialty == code("140"))
        .collect();
    for (program_type, fit) in FREIDA_2025_FIT.by_types() {
        let of_type: Vec<&&Program> = internal_medicine
            .iter()
            .filter(|program| program.program_type.get() == Some(&program_type))
            .collect();
        let n = of_type.len();
        // Program type counts follow the fitted shares exactly (largest remainders).
        let expected_count = fit.share * internal_medicine.len() as f64;
        assert!(
            (n as f64 - expected_count).abs() <= 4.0,
            "{program_type}: {n}"
        );

        // The IMG share's distribution: the empirical CDF at each fitted inner decile is near
        // that decile's level (a Kolmogorov–Smirnov bound at the 0.1% level).
        let img: Vec<f64> = of_type
            .iter()
            .map(|program| program.resident_mix.get().unwrap().img_pct)
            .collect();
        let bound = 1.95 / (n as f64).sqrt();
        for decile in 1..10 {
            let level = decile as f64 / 10.0;
            let observed = share_at_or_below(&img, fit.img_pct.deciles[decile]);
            assert!(
                (observed - level).abs() <= bound,
                "{program_type} IMG decile {decile}: {observed:.3} of programs at or below {}",
                fit.img_pct.deciles[decile]
            );
        }

        // The visa mix.
        let visa_count = |j1: bool, h1b: bool| {
            of_type
                .iter()
                .filter(|program| {
                    program.sponsors_j1.get() == Some(&j1)
                        && program.sponsors_h1b.get() == Some(&h1b)
                })
                .count()
        };
        let key = program_type.key();
        assert_share(
            &format!("{key} J-1 only"),
            visa_count(true, false),
            n,
            fit.visa.j1_only,
            4.0,
        );
        assert_share(
            &format!("{key} J-1 and H-1B"),
            visa_count(true, true),
            n,
            fit.visa.j1_and_h1b,
            4.0,
        );
        assert_share(
            &format!("{key} H-1B only"),
            visa_count(false, true),
            n,
            fit.visa.h1b_only,
            4.0,
        );
        assert_share(
            &format!("{key} neither"),
            visa_count(false, false),
            n,
            fit.visa.neither,
            4.0,
        );
    }

    // Interviews per position, over every program: the empirical CDF at the fitted deciles.
    let ratios: Vec<f64> = internal_medicine
        .iter()
        .map(|program| {
            f64::from(*program.interviews_per_year.get().unwrap())
                / f64::from(*program.first_year_positions.get().unwrap())
        })
        .collect();
    check_quantiles(
        "interviews per position",
        &ratios,
        &FREIDA_2025_FIT.interviews_per_position,
        0.03,
    );

    let eras = internal_medicine
        .iter()
        .filter(|program| program.participates_in_eras.get() == Some(&true))
        .count();
    assert_share(
        "ERAS participation",
        eras,
        internal_medicine.len(),
        FREIDA_2025_FIT.eras_participation,
        4.0,
    );
}

/// Checks that values follow deciles, allowing `slack` beyond the sampling bound for
/// rounding (interviews are whole numbers).
fn check_quantiles(what: &str, values: &[f64], quantiles: &Quantiles, slack: f64) {
    let bound = 1.95 / (values.len() as f64).sqrt() + slack;
    for decile in 1..10 {
        let observed = share_at_or_below(values, quantiles.deciles[decile]);
        let level = decile as f64 / 10.0;
        assert!(
            (observed - level).abs() <= bound,
            "{what} decile {decile}: {observed:.3} at or below {}",
            quantiles.deciles[decile]
        );
    }
}

/// The mean of the piecewise-linear distribution that deciles describe.
fn mean_of(quantiles: &Quantiles) -> f64 {
    quantiles
        .deciles
        .windows(2)
        .map(|pair| (pair[0] + pair[1]) / 2.0)
        .sum::<f64>()
        / 10.0
}

#[test]
fn img_share_and_visa_sponsorship_scale_with_the_specialty() {
    let programs = pooled_programs(1..=4);
    let mut by_specialty: BTreeMap<SpecialtyCode, Vec<&Program>> = BTreeMap::new();
    for program in &programs {
        by_specialty
            .entry(program.specialty)
            .or_default()
            .push(program);
    }
    let mut checked = 0;
    for (specialty, programs) in by_specialty {
        if programs.len() < 600 {
            continue; // Too few programs over four seeds for a tight check.
        }
        checked += 1;
        let profile = SpecialtyProfile::of(specialty, &FREIDA_2025_FIT);
        let shares = profile.program_type_shares;
        let fits = FREIDA_2025_FIT.by_types();
        let expected_img: f64 = profile.img_ratio
            * shares
                .iter()
                .zip(&fits)
                .map(|(share, (_, fit))| share * mean_of(&fit.img_pct))
                .sum::<f64>();
        let img: Vec<f64> = programs
            .iter()
            .map(|program| program.resident_mix.get().unwrap().img_pct)
            .collect();
        let n = img.len() as f64;
        let mean = img.iter().sum::<f64>() / n;
        let sd = (img.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
        assert!(
            (mean - expected_img).abs() <= 4.0 * sd / n.sqrt() + 0.5,
            "{specialty}: mean IMG share {mean:.2}%, expected {expected_img:.2}%"
        );

        let expected_sponsoring = profile.img_open_probability()
            * shares
                .iter()
                .zip(&fits)
                .map(|(share, (_, fit))| share * fit.visa.sponsors_any())
                .sum::<f64>();
        let sponsoring = programs
            .iter()
            .filter(|p| p.sponsors_j1.get() == Some(&true) || p.sponsors_h1b.get() == Some(&true))
            .count();
        assert_share(
            &format!("{specialty} visa sponsorship"),
            sponsoring,
            programs.len(),
            expected_sponsoring,
            4.0,
        );
    }
    assert!(checked >= 8, "only {checked} specialties checked");
}

/// The rule shares a requirement follows, by requirement name.
fn requirement_rules(program: &Program) -> [(&'static str, Option<&'static str>); 5] {
    let r = &program.requirements;
    let rule = |value: Option<&'static str>| value;
    [
        (
            "step2",
            rule(r.min_step2_score.get().map(Requirement::rule_name)),
        ),
        (
            "attempts",
            rule(r.max_exam_attempts.get().map(Requirement::rule_name)),
        ),
        (
            "yog",
            rule(
                r.max_years_since_graduation
                    .get()
                    .map(Requirement::rule_name),
            ),
        ),
        ("usce", rule(r.usce.get().map(Requirement::rule_name))),
        (
            "ecfmg",
            rule(r.ecfmg_certification.get().map(Requirement::rule_name)),
        ),
    ]
}

#[test]
fn requirements_follow_the_assumptions() {
    let programs = pooled_programs(1..=3);
    let assumptions: [(&str, &ByGroup<RuleShares>); 5] = [
        ("step2", &STEP2_CUTOFF),
        ("attempts", &ATTEMPT_LIMIT),
        ("yog", &YOG_LIMIT),
        ("usce", &USCE),
        ("ecfmg", &ECFMG_AT_APPLICATION),
    ];
    for group in RequirementGroup::ALL {
        let in_group: Vec<&Program> = programs
            .iter()
            .filter(|program| {
                RequirementGroup::of(
                    *program.program_type.get().unwrap(),
                    program.resident_mix.get().unwrap().img_pct,
                ) == group
            })
            .collect();
        for (index, (name, shares)) in assumptions.iter().enumerate() {
            let shares = shares.get(group);
            let rules: Vec<Option<&str>> = in_group
                .iter()
                .map(|program| requirement_rules(program)[index].1)
                .collect();
            let what = format!("{group:?} {name}");
            let unknown = rules.iter().filter(|rule| rule.is_none()).count();
            assert_share(
                &format!("{what} unknown"),
                unknown,
                rules.len(),
                UNKNOWN_REQUIREMENT_SHARE,
                4.0,
            );
            let known: Vec<&str> = rules.iter().flatten().copied().collect();
            let applying: Vec<&str> = known
                .iter()
                .copied()
                .filter(|rule| *rule != "none")
                .collect();
            assert_share(
                &format!("{what} applies"),
                applying.len(),
                known.len(),
                shares.applies,
                4.0,
            );
            let strict = applying.iter().filter(|rule| **rule == "strict").count();
            assert_share(
                &format!("{what} strict"),
                strict,
                applying.len(),
                shares.strict,
                4.0,
            );
        }
    }

    // Step 3 for H-1B only where the program sponsors H-1B visas.
    let h1b: Vec<&Program> = programs
        .iter()
        .filter(|program| program.sponsors_h1b.get() == Some(&true))
        .collect();
    let with_rule = h1b
        .iter()
        .filter(|program| {
            program
                .requirements
                .step3_for_h1b
                .get()
                .is_some_and(|rule| *rule != Requirement::None)
        })
        .count();
    let known = h1b
        .iter()
        .filter(|program| program.requirements.step3_for_h1b.is_known())
        .count();
    assert_share(
        "Step 3 for H-1B sponsors",
        with_rule,
        known,
        STEP3_FOR_H1B.applies,
        4.0,
    );
    assert!(programs.iter().all(|program| {
        program.sponsors_h1b.get() == Some(&true)
            || program
                .requirements
                .step3_for_h1b
                .get()
                .is_none_or(|rule| *rule == Requirement::None)
    }));
}

#[test]
fn score_cut_offs_follow_specialty_competitiveness() {
    let catalog = generate(DEFAULT_SEED);
    let mean_cut_off = |specialty: &str| {
        let cut_offs: Vec<f64> = catalog
            .programs
            .iter()
            .filter(|program| program.specialty == code(specialty))
            .filter_map(|program| program.requirements.min_step2_score.get())
            .filter_map(|rule| rule.threshold().copied())
            .map(f64::from)
            .collect();
        assert!(
            cut_offs.len() > 40,
            "{specialty}: {} cut-offs",
            cut_offs.len()
        );
        assert!(cut_offs.iter().all(|c| *c >= f64::from(STEP2_CUTOFF_FLOOR)));
        cut_offs.iter().sum::<f64>() / cut_offs.len() as f64
    };
    let orthopaedics = mean_cut_off("260");
    let family_medicine = mean_cut_off("120");
    assert!(
        orthopaedics > family_medicine + 8.0,
        "orthopaedics {orthopaedics:.1}, family medicine {family_medicine:.1}"
    );
    // No cut-off exceeds the matched first quartile of US MD seniors it is set from.
    for program in &catalog.programs {
        let q1 = demo_catalog::step2_q1(program.specialty);
        if let Some(cut_off) = program
            .requirements
            .min_step2_score
            .get()
            .and_then(|rule| rule.threshold())
        {
            assert!(*cut_off <= q1 + 2, "{}: {cut_off} above {q1}", program.id);
        }
    }
}

#[test]
fn signals_only_where_the_specialty_uses_them() {
    let catalog = generate(DEFAULT_SEED);
    for program in &catalog.programs {
        let uses = targets::SignalAllotment::find(program.specialty).is_some();
        let accepts = program.accepts_signals.get() == Some(&true);
        assert!(uses || !accepts, "{} accepts signals", program.id);
        if accepts {
            assert_eq!(program.participates_in_eras.get(), Some(&true));
        }
    }
    let internal_medicine: Vec<&Program> = catalog
        .programs
        .iter()
        .filter(|program| program.specialty == code("140"))
        .collect();
    let accepting = internal_medicine
        .iter()
        .filter(|program| program.accepts_signals.get() == Some(&true))
        .count();
    let expected =
        demo_catalog::assumptions::SIGNAL_PARTICIPATION * FREIDA_2025_FIT.eras_participation;
    assert_share(
        "IM signal participation",
        accepting,
        internal_medicine.len(),
        expected,
        4.0,
    );
}

/// One line per program of a specialty, for reading what the generator makes.
fn describe(program: &Program) -> String {
    let mix = program.resident_mix.get().unwrap();
    let visas = match (program.sponsors_j1.get(), program.sponsors_h1b.get()) {
        (Some(true), Some(true)) => "J-1+H-1B",
        (Some(true), _) => "J-1",
        (_, Some(true)) => "H-1B",
        _ => "no visa",
    };
    fn rule(name: Option<&str>) -> &str {
        name.unwrap_or("unknown")
    }
    let r = &program.requirements;
    format!(
        "{} | {} | {}, {} | {} | {} PGY-1, {} interviews | IMG {}% | {visas} | step2 {} yog {} usce {}",
        program.id,
        program.name,
        program.city.get().unwrap(),
        program.state.get().unwrap(),
        program.program_type.get().unwrap().key(),
        program.first_year_positions.get().unwrap(),
        program.interviews_per_year.get().unwrap(),
        mix.img_pct,
        rule(
            r.min_step2_score
                .get()
                .map(|rule| match rule {
                    Requirement::None => "none".to_owned(),
                    Requirement::Strict(score) => format!("strict {score}"),
                    Requirement::Preference(score) => format!("preferred {score}"),
                })
                .as_deref()
        ),
        rule(
            r.max_years_since_graduation
                .get()
                .map(Requirement::rule_name)
        ),
        rule(r.usce.get().map(Requirement::rule_name)),
    )
}

#[test]
fn a_look_at_the_default_catalog() {
    let catalog = generate(DEFAULT_SEED);
    let mut lines: Vec<String> = catalog
        .programs
        .iter()
        .filter(|program| program.specialty == code("140"))
        .take(4)
        .map(describe)
        .collect();
    lines.extend(
        catalog
            .tracks
            .iter()
            .filter(|track| track.specialty == code("140"))
            .take(4)
            .map(|track| {
                format!(
                    "{} | {} | {} | {} positions",
                    track.code,
                    track.name,
                    track.institution_name,
                    track.positions.unwrap()
                )
            }),
    );
    expect![[r#"
        demo-140-0001 | Mistvale University College of Medicine Program | Baltimore, MD | university | 36 PGY-1, 529 interviews | IMG 1.3% | J-1+H-1B | step2 none yog none usce strict
        demo-140-0002 | University of Eaglemoor Health Sciences Program | New York, NY | university | 41 PGY-1, 360 interviews | IMG 11.3% | J-1 | step2 none yog none usce unknown
        demo-140-0003 | Windmere University Medical Center Program | New York, NY | university | 46 PGY-1, 525 interviews | IMG 56.4% | J-1 | step2 none yog unknown usce unknown
        demo-140-0004 | Oldbridge University Hospitals Program | Queens, NY | university | 30 PGY-1, 476 interviews | IMG 79.4% | J-1 | step2 none yog none usce strict
        8001140C0 | Internal Medicine | Mistvale University College of Medicine-MD | 25 positions
        8001140M0 | Medicine-Primary | Mistvale University College of Medicine-MD | 11 positions
        8003140C0 | Internal Medicine | University of Eaglemoor Health Sciences-NY | 24 positions
        8003140P0 | Medicine-Preliminary | University of Eaglemoor Health Sciences-NY | 8 positions"#]].assert_eq(&lines.join("\n"));
}

#[test]
fn tracks_and_positions_by_specialty() {
    let catalog = generate(DEFAULT_SEED);
    /// Programs, and tracks and positions by track type letter.
    type Counts = (usize, BTreeMap<char, (u32, u32)>);
    let mut table: BTreeMap<SpecialtyCode, Counts> = BTreeMap::new();
    for program in &catalog.programs {
        table.entry(program.specialty).or_default().0 += 1;
    }
    for track in &catalog.tracks {
        let entry = table
            .entry(track.specialty)
            .or_default()
            .1
            .entry(track.track_type.letter())
            .or_default();
        entry.0 += 1;
        entry.1 += u32::from(track.positions.unwrap());
    }
    let mut text = String::new();
    for (specialty, (programs, by_type)) in table {
        let types: Vec<String> = by_type
            .iter()
            .map(|(letter, (tracks, positions))| format!("{letter} {tracks}/{positions}"))
            .collect();
        text.push_str(&format!(
            "{specialty} {programs:>4} programs: {}\n",
            types.join(", ")
        ));
    }
    expect![[r#"
        040  189 programs: A 50/300, C 189/1805, R 55/185
        080  140 programs: A 140/520, C 12/36, R 14/46
        110  292 programs: C 292/3068
        120  817 programs: C 817/5357
        140  758 programs: C 758/10941, M 90/691, P 329/1600
        160  116 programs: C 116/280
        180  159 programs: A 40/260, C 159/932, R 17/68
        185   78 programs: A 4/8, C 78/200, R 20/35
        186    5 programs: C 5/7
        200    3 programs: A 3/5
        220  295 programs: C 295/1587, P 15/51
        260  216 programs: C 216/929
        275    7 programs: C 7/12
        280  136 programs: C 136/403
        300  175 programs: C 175/622
        320  250 programs: C 250/3135, M 11/35, P 12/15
        340  100 programs: A 68/330, C 50/226, R 13/45
        362   91 programs: C 91/230
        380   20 programs: A 20/63
        400  404 programs: C 404/2388
        416   80 programs: A 68/170, C 27/68, R 3/7
        420  181 programs: A 170/1010, C 36/190, R 18/68
        430   86 programs: A 84/160, C 4/8, R 11/19
        440  377 programs: C 377/1778, P 261/1194
        451   75 programs: C 75/110
        461   36 programs: C 36/56
        700   78 programs: C 78/404
        705   12 programs: C 12/30
        715   13 programs: C 13/30
        720    6 programs: C 6/12
        725    4 programs: C 4/6
        726    5 programs: C 5/7
        730   10 programs: C 10/22
        735    3 programs: C 3/4
        742    2 programs: C 2/4
        751    4 programs: C 4/5
        752    2 programs: C 2/4
        753    2 programs: C 2/3
        755    4 programs: C 4/6
        765   19 programs: C 19/22
        766    5 programs: C 5/6
        770    2 programs: A 2/2
        785    5 programs: C 5/6
        795    3 programs: C 3/6
        796    1 programs: C 1/2
        999  236 programs: P 236/1860
    "#]]
    .assert_eq(&text);
}

#[test]
fn program_types_in_academic_specialties_lean_to_universities() {
    let catalog = generate(DEFAULT_SEED);
    let university_share = |specialty: &str| {
        let programs: Vec<&Program> = catalog
            .programs
            .iter()
            .filter(|program| program.specialty == code(specialty))
            .collect();
        programs
            .iter()
            .filter(|program| program.program_type.get() == Some(&ProgramType::UniversityBased))
            .count() as f64
            / programs.len() as f64
    };
    assert!(university_share("420") > 0.55);
    assert!(university_share("120") < 0.3);
}
