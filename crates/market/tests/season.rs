//! Properties of simulated seasons: determinism, consistent tallies, the probe's behaviour,
//! and merging.

use catalog::SpecialtyCode;
use demo_catalog::DemoOptions;
use market::{
    BehaviourParameters, ProbeApplicant, ProbeError, ProbeList, SeasonOutcomes, SeasonSetup,
    SignalTier, VisaNeed, simulate_season, simulate_seasons, simulate_seasons_with_probe,
    simulate_seasons_with_probes, survey_cutoffs,
};
use targets::ApplicantType;

fn code(text: &str) -> SpecialtyCode {
    SpecialtyCode::parse(text).unwrap()
}

/// A small market (Neurology, Pathology, Psychiatry) so that debug-mode tests stay quick.
fn small_setup() -> SeasonSetup {
    let catalog = demo_catalog::generate_with(&DemoOptions {
        seed: 2025,
        only_specialties: Some(vec![code("180"), code("300"), code("400")]),
    });
    SeasonSetup::from_catalog(&catalog)
}

fn probe(applicant_type: ApplicantType, step2: u16, visa: VisaNeed) -> ProbeApplicant {
    ProbeApplicant {
        applicant_type,
        specialty: code("400"),
        step2,
        usce_months: 3,
        usce_hands_on: true,
        years_since_graduation: 1,
        visa,
        applications: 40,
        exam_failures: 0,
        list: None,
    }
}

#[test]
fn same_seed_gives_identical_outcomes_for_any_thread_count() {
    let setup = small_setup();
    let params = BehaviourParameters::default();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| simulate_seasons(&setup, &params, 11, 4, |_| {}))
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one.seasons, 4);
    assert_ne!(
        one,
        simulate_seasons(&setup, &params, 12, 4, |_| {}),
        "another seed gives another market"
    );
}

#[test]
fn tallies_are_consistent_and_rates_are_probabilities() {
    let setup = small_setup();
    let outcomes = simulate_seasons(&setup, &BehaviourParameters::default(), 3, 2, |_| {});
    for tally in &outcomes.by_type {
        assert!(tally.active > 0);
        assert!(tally.matched_preferred <= tally.matched);
        assert!(tally.matched <= tally.active);
        assert_eq!(tally.interviews.iter().sum::<u64>(), tally.active);
    }
    for row in &outcomes.rows {
        assert!(row.filled <= row.positions_offered);
        assert_eq!(row.filled_by_type.iter().sum::<u64>(), row.filled);
    }
    for applicant_type in ApplicantType::ALL {
        let rate = outcomes.match_rate_pct(applicant_type).unwrap();
        assert!((0.0..=100.0).contains(&rate), "{rate}");
    }
    for specialty in &outcomes.specialties {
        for band in 0..7 {
            assert!(specialty.us_md_matched_by_band[band] <= specialty.us_md_by_band[band]);
        }
        if let Some(rates) = outcomes.non_us_img(specialty.code) {
            assert!((0.0..=100.0).contains(&rates.match_rate_pct));
        }
    }
    // Positions of the Neurology row are the catalog's: the demo catalog matches NRMP 2025.
    let neurology = outcomes.nrmp_row(11).unwrap();
    assert!(
        (neurology.positions_offered - 932.0).abs() < 1.0,
        "{neurology:?}"
    );
    assert!((0.0..=100.0).contains(&neurology.fill_pct));

    // Every track's matches hold at least the rows' and the matched applicants (a track
    // counts in one row at most, an applicant matched to an advanced track also holds a
    // preliminary one), never exceed its positions, and it filled in a season only when every
    // position was taken.
    let tracks = setup.track_outcomes(&outcomes);
    assert_eq!(tracks.len(), setup.track_count());
    let by_track: Vec<u64> = outcomes
        .tracks
        .iter()
        .map(|tally| tally.matched_by_type.iter().sum())
        .collect();
    let rows: u64 = outcomes.rows.iter().map(|row| row.filled).sum();
    let matched: u64 = outcomes.by_type.iter().map(|tally| tally.matched).sum();
    assert!(by_track.iter().sum::<u64>() >= rows.max(matched));
    for ((track, matched), tally) in tracks.iter().zip(&by_track).zip(&outcomes.tracks) {
        assert!(*matched <= 2 * u64::from(track.positions), "{track:?}");
        assert!(tally.filled_seasons <= 2);
        if *matched == 2 * u64::from(track.positions) {
            assert_eq!(track.filled_pct, 100.0, "{track:?}");
        }
        if *matched < u64::from(track.positions) {
            assert!(track.filled_pct < 100.0, "{track:?}");
        }
        let per_season = track.matched_per_season;
        let mean = per_season.us_md_senior
            + per_season.us_do_senior
            + per_season.us_img
            + per_season.non_us_img;
        assert!((mean - *matched as f64 / 2.0).abs() < 1e-9);
    }
}

#[test]
fn a_stronger_probe_matches_at_least_as_often() {
    let setup = small_setup();
    let params = BehaviourParameters::default();
    let seasons = 24;
    let weak = probe(ApplicantType::UsMdSenior, 212, VisaNeed::None);
    let strong = probe(ApplicantType::UsMdSenior, 262, VisaNeed::None);
    let (_, weak) =
        simulate_seasons_with_probe(&setup, &params, 5, seasons, &weak, |_| {}).unwrap();
    let (_, strong) =
        simulate_seasons_with_probe(&setup, &params, 5, seasons, &strong, |_| {}).unwrap();
    for outcome in [&weak, &strong] {
        assert_eq!(outcome.seasons, u64::from(seasons));
        assert!((0.0..=1.0).contains(&outcome.match_probability()));
    }
    assert!(
        strong.preferred_match_probability() >= weak.preferred_match_probability(),
        "strong {strong:?} weak {weak:?}"
    );
    assert!(strong.mean_interviews() >= weak.mean_interviews());
}

#[test]
fn a_probe_needing_an_h1b_interviews_only_at_h1b_sponsors() {
    let setup = small_setup();
    let params = BehaviourParameters::default();
    let profile = probe(ApplicantType::NonUsImg, 250, VisaNeed::H1b);
    let (_, outcome) =
        simulate_seasons_with_probe(&setup, &params, 9, 6, &profile, |_| {}).unwrap();
    assert_eq!(outcome.interviews_without_visa_sponsor, 0);
    assert!(outcome.mean_interviews() > 0.0, "{outcome:?}");
}

#[test]
fn the_probe_is_not_counted_in_the_market_tallies() {
    let setup = small_setup();
    let params = BehaviourParameters::default();
    let profile = probe(ApplicantType::UsMdSenior, 240, VisaNeed::None);
    let (with_probe, _) =
        simulate_seasons_with_probe(&setup, &params, 4, 1, &profile, |_| {}).unwrap();
    let without = simulate_season(&setup, &params, 4, 0);
    assert_eq!(
        with_probe.by_type[0].active, without.by_type[0].active,
        "the probe only displaces others"
    );
}

#[test]
fn outcomes_merge_associatively() {
    let setup = small_setup();
    let params = BehaviourParameters::default();
    let [a, b, c]: [SeasonOutcomes; 3] =
        [0, 1, 2].map(|season| simulate_season(&setup, &params, 21, season));
    let left = a.clone().merge(&b).merge(&c);
    let right = a.merge(&b.merge(&c));
    assert_eq!(left, right);
    assert_eq!(left.seasons, 3);
}

/// A single season runs its own stages in parallel; many seasons at once run each season's
/// stages in turn. Both give the same seasons.
#[test]
fn single_seasons_and_many_at_once_agree() {
    let setup = small_setup();
    let params = BehaviourParameters::default();
    let one_by_one = (0..4)
        .map(|season| simulate_season(&setup, &params, 5, season))
        .reduce(|a, b| a.merge(&b))
        .unwrap();
    let at_once = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| simulate_seasons(&setup, &params, 5, 4, |_| {}));
    assert_eq!(one_by_one, at_once);
}

/// Several probes, some with lists, signals and their own ranking, and the cutoff survey give
/// the same seasons whether each season runs its stages in parallel (few seasons for the
/// threads) or in turn (many).
#[test]
fn probes_and_cutoffs_agree_with_and_without_a_season_s_own_parallelism() {
    let setup = small_setup();
    let params = BehaviourParameters::default();
    let tracks = setup.track_count() as u32;
    let mut probes = vec![probe(ApplicantType::NonUsImg, 235, VisaNeed::J1)];
    for (k, ranked_in_list_order) in [(0u32, true), (1, false), (2, true)] {
        let mut listed = probe(
            ApplicantType::UsMdSenior,
            230 + 10 * k as u16,
            VisaNeed::None,
        );
        let list: Vec<u32> = (0..tracks.min(25)).map(|i| (i * 7 + k) % tracks).collect();
        let mut seen = Vec::new();
        for track in list {
            if !seen.contains(&track) {
                seen.push(track);
            }
        }
        listed.list = Some(ProbeList {
            signals: vec![(seen[0], SignalTier::Gold), (seen[2], SignalTier::Silver)],
            tracks: seen,
            ranked_in_list_order,
        });
        probes.push(listed);
    }
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                (
                    simulate_seasons_with_probes(&setup, &params, 3, 2, &probes, |_| {}).unwrap(),
                    survey_cutoffs(&setup, &params, 3, 2, |_| {}),
                )
            })
    };
    let ((in_turn, probes_in_turn), cutoffs_in_turn) = run(1);
    let ((in_parallel, probes_in_parallel), cutoffs_in_parallel) = run(4);
    assert_eq!(in_turn, in_parallel);
    assert_eq!(probes_in_turn, probes_in_parallel);
    assert_eq!(cutoffs_in_turn, cutoffs_in_parallel);
    assert!(probes_in_turn.iter().all(|p| p.seasons == 2));
}

#[test]
fn probe_profiles_parse_and_errors_name_the_field() {
    let profile = ProbeApplicant::from_toml(
        "applicant_type = \"non_us_img\"\nspecialty = \"140\"\nstep2 = 245\nvisa = \"h1b\"\napplications = 120\n",
    )
    .unwrap();
    assert_eq!(profile.applicant_type, ApplicantType::NonUsImg);
    assert_eq!(profile.visa, VisaNeed::H1b);
    let bad_type = ProbeApplicant::from_toml(
        "applicant_type = \"martian\"\nspecialty = \"140\"\nstep2 = 245\napplications = 10\n",
    )
    .unwrap_err();
    assert!(matches!(
        bad_type,
        ProbeError::Invalid {
            field: "applicant_type",
            ..
        }
    ));
    let bad_score = ProbeApplicant::from_toml(
        "applicant_type = \"us_img\"\nspecialty = \"140\"\nstep2 = 400\napplications = 10\n",
    )
    .unwrap_err();
    assert!(bad_score.to_string().contains("step2"), "{bad_score}");
    let missing =
        ProbeApplicant::from_toml("applicant_type = \"us_img\"\nstep2 = 240\n").unwrap_err();
    assert!(missing.to_string().contains("specialty"), "{missing}");
    let unknown = ProbeApplicant::from_toml(
        "applicant_type = \"us_img\"\nspecialty = \"140\"\nstep2 = 240\napplications = 5\nhobby = \"chess\"\n",
    )
    .unwrap_err();
    assert!(unknown.to_string().contains("hobby"), "{unknown}");
}

#[test]
fn a_probe_of_a_specialty_absent_from_the_market_is_refused() {
    let setup = small_setup();
    let mut profile = probe(ApplicantType::UsMdSenior, 240, VisaNeed::None);
    profile.specialty = code("080");
    let error = simulate_seasons_with_probe(
        &setup,
        &BehaviourParameters::default(),
        1,
        1,
        &profile,
        |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(
            error,
            ProbeError::Invalid {
                field: "specialty",
                ..
            }
        ),
        "{error}"
    );
}
