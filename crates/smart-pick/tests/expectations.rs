//! What follows from the domain, checked on the demo catalog's Internal Medicine, Family
//! Medicine and Psychiatry market with the committed calibration: visa sponsorship is
//! respected, more years since graduation never raises a chance, a higher Step 2 CK or more
//! USCE never lowers one, budgets hold, the curve never falls, and the optimized list beats a
//! list of the same size chosen by fit score alone.

use std::sync::LazyLock;

use catalog::{Catalog, SpecialtyCode};
use demo_catalog::DemoOptions;
use market::{BehaviourParameters, VisaNeed};
use smart_pick::optimize::ENOUGH_WITHIN;
use smart_pick::{ChanceModel, ExclusionReason, Profile, ProfileInput};

fn code(text: &str) -> SpecialtyCode {
    SpecialtyCode::parse(text).unwrap()
}

static MODEL: LazyLock<ChanceModel> = LazyLock::new(|| {
    let catalog: Catalog = demo_catalog::generate_with(&DemoOptions {
        seed: 2025,
        only_specialties: Some(vec![code("140"), code("120"), code("400")]),
    });
    let text = include_str!("../../../calibration/calibration-v1.toml");
    let file: toml::Table = toml::from_str(text).unwrap();
    let params: BehaviourParameters = file["parameters"].clone().try_into().unwrap();
    ChanceModel::survey_and_build(catalog, params, 5, 12, |_| {}).0
});

fn input(text: &str) -> ProfileInput {
    toml::from_str(text).unwrap()
}

fn profile(input: &ProfileInput) -> Profile {
    Profile::from_input(input.clone()).unwrap()
}

const IMG: &str = r#"
applicant_type = "non_us_img"
graduation_year = 2022
visa = "j1"
ecfmg = "certified"
specialties = ["140"]
exams.step2_ck = { score = 238 }
budget.applications = 60
[[usce]]
kind = "hands_on"
months = 2
"#;

const US_MD: &str = r#"
applicant_type = "us_md_senior"
specialties = ["400"]
exams.step2_ck = { score = 236 }
budget.applications = 20
"#;

/// Per track, (P(interview), P(match)) of the profile.
fn chances(p: &Profile) -> std::collections::HashMap<String, (f64, f64)> {
    MODEL
        .program_chances(p)
        .unwrap()
        .into_iter()
        .map(|c| (c.track, (c.p_interview, c.p_match)))
        .collect()
}

/// `better` is at least as good as `worse` at every track `worse` is eligible for, and
/// eligible wherever `worse` is.
fn dominates(better: &Profile, worse: &Profile) {
    let good = chances(better);
    let bad = chances(worse);
    assert!(!bad.is_empty());
    for (track, (i, m)) in &bad {
        let (gi, gm) = good
            .get(track)
            .unwrap_or_else(|| panic!("{track} is open to the weaker profile only"));
        assert!(gi + 1e-9 >= *i, "{track}: interview {gi} < {i}");
        assert!(gm + 1e-9 >= *m, "{track}: match {gm} < {m}");
    }
    let (pb, pw) = (MODEL.pick(better).unwrap(), MODEL.pick(worse).unwrap());
    assert!(
        pb.p_match + 0.005 >= pw.p_match,
        "{} < {}",
        pb.p_match,
        pw.p_match
    );
}

#[test]
fn an_h1b_applicant_is_never_offered_a_program_that_sponsors_only_j1() {
    let mut i = input(IMG);
    i.visa = Some(smart_pick::Visa::H1b);
    i.exams.step3 = Some(smart_pick::profile::PassFailInput {
        passed: true,
        attempts: 1,
    });
    let p = profile(&i);
    let pick = MODEL.pick(&p).unwrap();
    assert!(!pick.list.is_empty());
    for c in MODEL.program_chances(&p).unwrap() {
        let id = c
            .program_id
            .as_deref()
            .expect("eligible tracks have programs");
        let program = MODEL
            .catalog()
            .programs
            .iter()
            .find(|prog| prog.id.to_string() == id)
            .unwrap();
        assert_eq!(program.sponsors_h1b.get(), Some(&true), "{}", c.track);
    }
    assert!(
        pick.excluded
            .iter()
            .any(|e| e.reasons.contains(&ExclusionReason::J1OnlyNotH1b)),
        "J-1-only programs are listed as excluded with the reason"
    );
}

#[test]
fn unknown_sponsorship_weighs_the_chances_by_its_estimate() {
    // The demo Internal Medicine market with every program's sponsorship unknown, as on a
    // catalog built from the NRMP track list alone.
    let mut catalog: Catalog = demo_catalog::generate_with(&DemoOptions {
        seed: 2025,
        only_specialties: Some(vec![code("140")]),
    });
    for program in &mut catalog.programs {
        program.sponsors_j1.value = None;
        program.sponsors_h1b.value = None;
    }
    let sponsorship = market::sponsorship::program_sponsorship(&catalog);
    let index: std::collections::HashMap<String, usize> = catalog
        .programs
        .iter()
        .enumerate()
        .map(|(i, program)| (program.id.to_string(), i))
        .collect();
    let text = include_str!("../../../calibration/calibration-v1.toml");
    let file: toml::Table = toml::from_str(text).unwrap();
    let params: BehaviourParameters = file["parameters"].clone().try_into().unwrap();
    let model = ChanceModel::survey_and_build(catalog, params, 5, 4, |_| {}).0;

    let mut i = input(IMG);
    i.exams.step3 = Some(smart_pick::profile::PassFailInput {
        passed: true,
        attempts: 1,
    });
    let citizen = {
        let mut i = i.clone();
        i.visa = Some(smart_pick::Visa::None);
        profile(&i)
    };
    let without_visa: std::collections::HashMap<String, (f64, f64)> = model
        .program_chances(&citizen)
        .unwrap()
        .into_iter()
        .map(|c| (c.track, (c.p_interview, c.p_match)))
        .collect();
    for (visa, need) in [
        (smart_pick::Visa::H1b, VisaNeed::H1b),
        (smart_pick::Visa::J1, VisaNeed::J1),
    ] {
        i.visa = Some(visa);
        let p = profile(&i);
        let chances = model.program_chances(&p).unwrap();
        // Not one program is left out for its unknown sponsorship.
        assert_eq!(chances.len(), without_visa.len(), "{visa:?}");
        for c in chances {
            let estimate = &sponsorship[index[c.program_id.as_deref().unwrap()]];
            let p_sponsor = estimate.for_visa(need);
            assert!(p_sponsor > 0.0 && p_sponsor < 1.0);
            let (interview, matched) = without_visa[&c.track];
            assert!(
                (c.p_interview - p_sponsor * interview).abs() < 1e-12,
                "{}",
                c.track
            );
            assert!(
                (c.p_match - p_sponsor * matched).abs() < 1e-12,
                "{}",
                c.track
            );
        }
        let pick = model.pick(&p).unwrap();
        assert!(!pick.list.is_empty());
        assert!(pick.list.iter().all(|c| {
            c.risks
                .iter()
                .any(|r| r.contains("sponsorship is not known: estimated at"))
        }));
    }
}

#[test]
fn graduating_longer_ago_never_raises_a_chance() {
    let recent = input(IMG);
    for years_earlier in [1u16, 3, 6] {
        let mut older = recent.clone();
        older.graduation_year = Some(2022 - years_earlier);
        dominates(&profile(&recent), &profile(&older));
    }
}

#[test]
fn a_higher_step2_never_lowers_a_chance() {
    for base in [IMG, US_MD] {
        let low = input(base);
        for extra in [4u16, 12, 25] {
            let mut high = low.clone();
            let score = high.exams.step2_ck.as_mut().unwrap();
            score.score += extra;
            dominates(&profile(&high), &profile(&low));
        }
    }
}

#[test]
fn more_usce_never_lowers_a_chance() {
    let base = input(IMG);
    let mut none = base.clone();
    none.usce.clear();
    let mut more = base.clone();
    more.usce[0].months = 6;
    let mut observer = none.clone();
    observer.usce.push(smart_pick::profile::UsceInput {
        kind: smart_pick::UsceKind::Observership,
        months: 3,
        ended_year: None,
        specialty: None,
        us_letter: false,
    });
    dominates(&profile(&base), &profile(&none));
    dominates(&profile(&more), &profile(&base));
    dominates(&profile(&observer), &profile(&none));
}

#[test]
fn budgets_hold_and_the_curve_never_falls() {
    for dollars in [100u32, 330, 700, 1500] {
        let mut i = input(IMG);
        i.budget.applications = None;
        i.budget.dollars = Some(dollars);
        let pick = MODEL.pick(&profile(&i)).unwrap();
        assert!(
            pick.cost_usd <= dollars,
            "${} over ${dollars}",
            pick.cost_usd
        );
        for pair in pick.curve.windows(2) {
            assert!(pair[1].p_match + 1e-12 >= pair[0].p_match);
            assert!(pair[1].value + 1e-12 >= pair[0].value);
        }
    }
    for applications in [1u32, 5, 30] {
        let mut i = input(IMG);
        i.budget.applications = Some(applications);
        let pick = MODEL.pick(&profile(&i)).unwrap();
        assert!(pick.list.len() <= applications as usize);
    }
}

#[test]
fn the_list_fills_the_budget_unless_asked_to_stop_at_diminishing_returns() {
    // A strong applicant: a few programs already bring the chance near its best.
    let mut strong = input(US_MD);
    strong.exams.step2_ck.as_mut().unwrap().score = 255;
    strong.budget.applications = Some(30);
    let filled = MODEL.pick(&profile(&strong)).unwrap();
    assert_eq!(filled.list.len(), 30, "the budget is filled");
    let enough = filled.enough_applications as usize;
    assert!(enough > 0 && enough < 30, "{enough}");
    let note = filled.diminishing_returns().unwrap();
    assert!(
        note.contains(&format!("About {enough} applications")),
        "{note}"
    );

    strong.budget.diminishing_returns = true;
    let stopped = MODEL.pick(&profile(&strong)).unwrap();
    assert_eq!(stopped.list.len(), enough);
    // Within a point of what the whole budget reaches, and filling never lowers it.
    assert!(
        stopped.p_match >= filled.budget_best - 0.01 - 0.01,
        "{} {}",
        stopped.p_match,
        filled.budget_best
    );
    let listed = |pick: &smart_pick::Pick| -> Vec<String> {
        let mut tracks: Vec<String> = pick.list.iter().map(|c| c.track.clone()).collect();
        tracks.sort();
        tracks
    };
    let all = listed(&filled);
    assert!(listed(&stopped).iter().all(|track| all.contains(track)));
    // Every program added beyond the point has a chance of at least 1%.
    let stopped_tracks = listed(&stopped);
    for c in filled
        .list
        .iter()
        .filter(|c| !stopped_tracks.contains(&c.track))
    {
        assert!(c.p_match >= 0.01 - 1e-9, "{} {}", c.track, c.p_match);
    }
}

#[test]
fn the_list_does_at_least_as_well_as_lists_chosen_as_typical_applicants_choose() {
    for text in [IMG, US_MD] {
        let pick = MODEL.pick(&profile(&input(text))).unwrap();
        let typical = pick.typical;
        assert_eq!(typical.applications as usize, pick.list.len());
        assert!((0.0..=1.0).contains(&typical.p_match));
        assert!(typical.expected_interviews >= 0.0);
        assert!(
            pick.p_match + 0.01 >= typical.p_match,
            "{} {typical:?}",
            pick.p_match
        );
        assert!(
            pick.typical_comparison()
                .contains("applications would bring")
        );
    }
}

#[test]
fn the_optimized_list_beats_one_chosen_by_fit_score() {
    for base in [IMG, US_MD] {
        let p = profile(&input(base));
        let pick = MODEL.pick(&p).unwrap();
        let mut by_fit = MODEL.program_chances(&p).unwrap();
        by_fit.sort_by(|a, b| {
            b.fit_score
                .cmp(&a.fit_score)
                .then(b.p_interview.total_cmp(&a.p_interview))
        });
        let n = pick.list.len();
        let fit_list: Vec<String> = by_fit.iter().take(n).map(|c| c.track.clone()).collect();
        let chosen: Vec<String> = pick.list.iter().map(|c| c.track.clone()).collect();
        let optimized = MODEL.list_p_match(&p, &chosen).unwrap();
        let by_fit_p = MODEL.list_p_match(&p, &fit_list).unwrap();
        // The list past the point of diminishing returns goes to desirable programs at a cost
        // of at most one point of chance.
        assert!(
            optimized + ENOUGH_WITHIN + 1e-9 >= by_fit_p,
            "optimized {optimized} < by fit {by_fit_p}"
        );
    }
}

#[test]
fn rank_list_check_adds_up_and_favours_the_top() {
    let p = profile(&input(US_MD));
    let pick = MODEL.pick(&p).unwrap();
    let ranked: Vec<String> = pick.list.iter().take(6).map(|c| c.track.clone()).collect();
    let check = MODEL.check_rank_list(&p, &ranked).unwrap();
    let total: f64 = check.ranks.iter().map(|r| r.p_match_here).sum();
    assert!((total - check.p_match).abs() < 1e-9);
    assert!(check.p_match > 0.0 && check.p_match <= 1.0);
    let error = MODEL
        .check_rank_list(&p, &["1234567C0".to_owned(), "bad".to_owned()])
        .unwrap_err();
    assert!(error.to_string().contains("rank[0]") || error.to_string().contains("rank[1]"));
}

#[test]
fn profile_errors_name_the_field() {
    let cases = [
        (
            "applicant_type = \"alien\"\nspecialties = [\"140\"]\nexams.step2_ck = { score = 240 }",
            "applicant_type",
        ),
        (
            "applicant_type = \"non_us_img\"\nspecialties = [\"140\"]\nexams.step2_ck = { score = 240 }",
            "graduation_year",
        ),
        (
            "applicant_type = \"us_md_senior\"\nspecialties = [\"140\"]\nexams.step2_ck = { score = 340 }",
            "exams.step2_ck.score",
        ),
        (
            "applicant_type = \"us_md_senior\"\nspecialties = [\"nonsense\"]\nexams.step2_ck = { score = 240 }",
            "specialties[0]",
        ),
        (
            "applicant_type = \"us_md_senior\"\nspecialties = [\"140\"]",
            "exams.step2_ck",
        ),
        (
            "applicant_type = \"us_md_senior\"\nspecialties = [\"140\"]\nvisa = \"h1b\"\nexams.step2_ck = { score = 240 }",
            "visa",
        ),
        (
            "applicant_type = \"non_us_img\"\ngraduation_year = 2020\nspecialties = [\"140\"]\nexams.step2_ck = { score = 240 }\n[[usce]]\nkind = \"shadowing\"\nmonths = 2",
            "usce[0].kind",
        ),
        (
            "applicant_type = \"us_md_senior\"\nspecialties = [\"140\"]\nexams.step2_ck = { score = 240 }\npreferences.states = [\"ZZ\"]",
            "preferences.states[0]",
        ),
        (
            "applicant_type = \"us_md_senior\"\nspecialties = [\"140\"]\nexams.step2_ck = { score = 240 }\nbudget.applications = 0",
            "budget.applications",
        ),
        (
            "applicant_type = \"us_md_senior\"\nspecialties = [\"140\"]\nexams.step2_ck = { score = 240 }\ncolour = \"blue\"",
            "colour",
        ),
    ];
    for (text, field) in cases {
        let error = Profile::from_toml(text).unwrap_err().to_string();
        assert!(error.contains(field), "{field}: {error}");
    }
}

#[test]
fn example_profiles_are_valid_and_picked() {
    for name in ["us-md-senior", "us-do-senior", "us-img", "non-us-img"] {
        let path = format!(
            "{}/../../examples/profiles/{name}.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        Profile::from_toml(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn every_bad_field_is_reported_at_once_in_the_words_of_the_form() {
    let text = r#"
applicant_type = "non_us_img"
graduation_year = 2020
specialties = ["140", "nonsense"]
exams.step2_ck = { score = 340, attempts = 9 }
budget.applications = 0
[[usce]]
kind = "hands_on"
months = 0
"#;
    let error = Profile::from_toml(text).unwrap_err();
    let fields: Vec<(&str, &str)> = error
        .fields()
        .iter()
        .map(|f| (f.path.as_str(), f.name.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("exams.step2_ck.score", "Step 2 CK score"),
            ("exams.step2_ck.attempts", "Step 2 CK attempts"),
            ("usce[0].months", "US clinical experience 1: months"),
            ("specialties[1]", "specialty 2"),
            ("budget.applications", "number of applications"),
        ]
    );
    let message = error.to_string();
    assert!(
        message.starts_with("5 fields are not acceptable: "),
        "{message}"
    );
    for field in error.fields() {
        assert!(message.contains(&field.reason), "{message}");
    }
}

#[test]
fn an_imgs_score_is_set_against_matched_imgs_and_a_seniors_against_us_md_seniors() {
    for (text, whom) in [(IMG, "non-US IMGs"), (US_MD, "US MD seniors")] {
        let chances = MODEL.program_chances(&profile(&input(text))).unwrap();
        let step2 = chances[0]
            .factors
            .iter()
            .find(|f| f.topic == "scores")
            .unwrap();
        assert!(
            step2
                .label
                .contains(&format!("the median of matched {whom}")),
            "{}",
            step2.label
        );
    }
    // The type's own penalty is a factor of its own, apart from the program's resident mix.
    let chances = MODEL.program_chances(&profile(&input(IMG))).unwrap();
    assert!(chances.iter().all(|c| c.factors.iter().any(|f| {
        f.label
            .starts_with("an IMG: programs screen US graduates first")
    })));
}
