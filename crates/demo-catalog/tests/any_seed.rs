//! Any seed gives a valid catalog with the planned tracks and positions.

use demo_catalog::plan::specialty_plans;
use proptest::prelude::*;

proptest! {
    // Each case generates a whole catalog; a few dozen seeds cover the random paths well.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_seed_gives_a_valid_catalog_with_the_planned_sizes(seed in any::<u64>()) {
        let catalog = demo_catalog::generate(seed);
        if let Err(problems) = catalog.validate() {
            prop_assert!(false, "seed {seed}: {} problems, first: {}", problems.len(), problems[0]);
        }
        for plan in specialty_plans() {
            let programs = catalog
                .programs
                .iter()
                .filter(|program| program.specialty == plan.specialty)
                .count();
            prop_assert_eq!(programs, usize::from(plan.programs), "{}", plan.specialty);
            for track_plan in &plan.tracks {
                let (tracks, positions) = catalog
                    .tracks
                    .iter()
                    .filter(|t| t.specialty == plan.specialty && t.track_type == track_plan.track_type)
                    .fold((0u16, 0u32), |(n, sum), t| (n + 1, sum + u32::from(t.positions.unwrap())));
                prop_assert_eq!(tracks, track_plan.tracks, "{} {:?}", plan.specialty, track_plan.track_type);
                prop_assert_eq!(positions, track_plan.positions, "{} {:?}", plan.specialty, track_plan.track_type);
            }
        }
        for program in &catalog.programs {
            let mix = program.resident_mix.get().unwrap();
            let total = mix.us_md_pct + mix.do_pct + mix.img_pct;
            prop_assert!((total - 100.0).abs() < 0.15, "{}: mix adds up to {total}", program.id);
        }
    }
}
