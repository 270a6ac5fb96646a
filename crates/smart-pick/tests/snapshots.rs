//! Smart Pick's whole answer for three typical applicants (a US MD senior, a US-citizen IMG,
//! a non-US IMG who needs a J-1) on the demo catalog's Internal Medicine and Family Medicine
//! market with the committed calibration, written compactly with chances rounded to 0.1%, so
//! that any change to the numbers shows as a readable diff. After an intended change, run
//! `UPDATE_EXPECT=1 cargo test -p smart-pick --test snapshots` and review the diff.

use std::fmt::Write as _;
use std::sync::LazyLock;

use catalog::{Catalog, SpecialtyCode};
use demo_catalog::DemoOptions;
use expect_test::{Expect, expect};
use market::{BehaviourParameters, SignalTier};
use smart_pick::{ChanceModel, Profile};

/// Curve points shown: the first ones, where each added application matters most.
const CURVE_POINTS: usize = 8;

fn code(text: &str) -> SpecialtyCode {
    SpecialtyCode::parse(text).unwrap()
}

static MODEL: LazyLock<ChanceModel> = LazyLock::new(|| {
    let catalog: Catalog = demo_catalog::generate_with(&DemoOptions {
        seed: 2025,
        only_specialties: Some(vec![code("140"), code("120")]),
    });
    let text = include_str!("../../../calibration/calibration-v1.toml");
    let file: toml::Table = toml::from_str(text).unwrap();
    let params: BehaviourParameters = file["parameters"].clone().try_into().unwrap();
    ChanceModel::survey_and_build(catalog, params, 5, 12, |_| {}).0
});

fn percent(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

/// The pick and plan of a profile, one line per fact.
fn render(profile_text: &str) -> String {
    let profile = Profile::from_toml(profile_text).unwrap();
    let pick = MODEL.pick(&profile).unwrap();
    let plan = MODEL.improvement_plan(&profile, pick.p_match).unwrap();
    let mut out = String::new();
    let w = &mut out;
    writeln!(
        w,
        "P(match) {}, {:.1} interviews expected, {} programs for ${}, {} of {} tracks eligible",
        percent(pick.p_match),
        pick.expected_interviews,
        pick.list.len(),
        pick.cost_usd,
        pick.eligible,
        pick.considered
    )
    .unwrap();
    writeln!(w, "list (track, tier, P(interview), P(match), signal):").unwrap();
    for program in &pick.list {
        let signal = match program.signal {
            Some(SignalTier::Gold) => " gold",
            Some(SignalTier::Silver) => " silver",
            None => "",
        };
        writeln!(
            w,
            "  {} {:<6} {:>6} {:>6}{signal}",
            program.track,
            program.tier.name(),
            percent(program.p_interview),
            percent(program.p_match)
        )
        .unwrap();
    }
    let curve: Vec<String> = pick
        .curve
        .iter()
        .take(CURVE_POINTS)
        .map(|point| format!("{} {}", point.applications, percent(point.p_match)))
        .collect();
    writeln!(w, "curve: {}", curve.join(", ")).unwrap();
    for signals in &pick.signals {
        writeln!(
            w,
            "signals {}: {} gold of {}, {} silver of {}, P(match) {} without",
            signals.specialty,
            signals.gold.len(),
            signals.gold_available,
            signals.silver.len(),
            signals.silver_available,
            percent(signals.p_match_without)
        )
        .unwrap();
    }
    let mut reasons = std::collections::BTreeMap::new();
    for excluded in &pick.excluded {
        for reason in &excluded.reasons {
            *reasons.entry(reason.code()).or_insert(0) += 1;
        }
    }
    let reasons: Vec<String> = reasons
        .iter()
        .map(|(code, count)| format!("{code} {count}"))
        .collect();
    writeln!(
        w,
        "excluded: {} ({})",
        pick.excluded.len(),
        reasons.join(", ")
    )
    .unwrap();
    writeln!(w, "plan:").unwrap();
    for step in &plan {
        writeln!(
            w,
            "  {} → {} (+{:.1} pts)",
            step.change,
            percent(step.p_match),
            100.0 * step.gain
        )
        .unwrap();
    }
    out
}

fn check(profile_text: &str, expected: Expect) {
    expected.assert_eq(&render(profile_text));
}

#[test]
fn us_md_senior() {
    check(
        r#"
applicant_type = "us_md_senior"
specialties = ["140"]
exams.step2_ck = { score = 243 }
budget.applications = 12
"#,
        expect![[r#"
            P(match) 100.0%, 8.6 interviews expected, 9 programs for $99, 787 of 848 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8317140C0 likely  99.8%  93.9% gold
              8372140C0 likely  94.0%  85.1% silver
              8646140C0 likely  99.6%  87.4% silver
              8678140C0 likely  93.7%  82.5% silver
              8668140C0 likely 100.0%  94.6% gold
              8400140C0 likely  97.8%  87.4% silver
              8274140C0 likely  92.6%  83.3% silver
              8742140C0 likely  95.3%  94.1% gold
              8947140C0 likely  83.5%  83.5% silver
            curve: 1 84.9%, 2 95.7%, 3 98.0%, 4 98.9%, 5 99.3%, 6 99.5%, 7 99.6%, 8 99.7%
            signals 140: 3 gold of 3, 6 silver of 12, P(match) 99.7% without
            excluded: 61 (not_in_eras 39, step2_below_minimum 23)
            plan:
        "#]],
    );
}

#[test]
fn us_citizen_img() {
    check(
        r#"
applicant_type = "us_img"
caribbean_school = true
graduation_year = 2024
ecfmg = "certified"
specialties = ["140", "120"]
exams.step2_ck = { score = 236 }
budget.applications = 20
[[usce]]
kind = "hands_on"
months = 4
us_letter = true
[[usce]]
kind = "observership"
months = 2
"#,
        expect![[r#"
            P(match) 98.4%, 12.6 interviews expected, 20 programs for $220, 1491 of 1665 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8646140C0 likely  96.5%  62.4% gold
              8678140C0 likely  59.7%  40.3% silver
              8668140C0 likely  98.1%  68.0% gold
              8400140C0 likely  90.0%  61.9% gold
              8742140C0 likely  52.7%  50.1% silver
              8070120C0 likely  97.0%  25.2%
              8616120C0 likely  71.2%  24.3%
              8033120C0 likely  66.2%  28.9%
              8041120C0 likely  59.3%  28.1%
              8239120C0 target  42.4%  26.9%
              8150120C0 likely  82.5%  56.7% gold
              8278120C0 target  37.2%  32.9%
              8677120C0 likely  66.7%  63.3% gold
              8606120C0 target  49.2%  33.1%
              8386120C0 likely  63.4%  59.0% gold
              8503120C0 target  42.6%  30.0%
              8599120C0 likely  82.2%  60.4% gold
              8492120C0 likely  84.9%  71.3% gold
              8615120C0 target  41.9%  34.6%
              8722120C0 target  36.7%  34.4%
            curve: 1 49.3%, 2 67.0%, 3 75.0%, 4 80.1%, 5 83.3%, 6 85.5%, 7 87.2%, 8 88.4%
            signals 140: 3 gold of 3, 2 silver of 12, P(match) 93.8% without
            signals 120: 5 gold of 5, 0 silver of 0, P(match) 96.8% without
            excluded: 174 (not_enough_usce 37, not_in_eras 75, step2_below_minimum 37, usce_credited_below_requirement 28)
            plan:
              also apply to preliminary and transitional-year positions → 100.0% (+1.6 pts)
              three more months of hands-on US clinical experience (with a US letter) → 99.1% (+0.8 pts)
              apply to 30 programs instead of 20 → 98.5% (+0.2 pts)
        "#]],
    );
}

#[test]
fn non_us_img_needing_a_j1() {
    check(
        r#"
applicant_type = "non_us_img"
graduation_year = 2022
ecfmg = "certified"
visa = "j1"
specialties = ["140"]
exams.step2_ck = { score = 238 }
budget.applications = 25
[[usce]]
kind = "hands_on"
months = 2
"#,
        expect![[r#"
            P(match) 58.5%, 5.3 interviews expected, 25 programs for $275, 495 of 848 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8057140C0 likely  58.1%   3.1%
              8223140C0 target  48.8%   8.1% silver
              8196140C0 target  24.0%   3.7%
              8650140C0 reach   19.2%   3.0%
              8573140C0 likely  58.3%  18.7% gold
              8532140C0 reach   19.7%   3.4%
              8346140C0 target  39.1%   7.8% silver
              8422140C0 target  25.3%   8.1% silver
              8589140C0 target  33.1%   7.8% silver
              8277140C0 reach   12.8%   7.7% silver
              8395140C0 target  28.4%   3.0%
              8256140C0 reach   14.7%   7.6% silver
              8389140C0 reach   14.6%   8.9% silver
              8345140C0 reach   12.6%   7.6% silver
              8305140C0 reach   13.5%   6.4%
              8314140C0 reach    9.3%   7.5% silver
              8427140C0 reach    7.7%   7.2% silver
              8329140C0 reach    4.2%   3.3%
              8335140C0 reach   16.2%   7.8%
              8249140C0 reach   10.5%   7.5% silver
              8845140C0 target  31.1%  21.3% gold
              8818140C0 reach    5.1%   4.2%
              8878140C0 reach    3.5%   3.5%
              8870140C0 target  20.5%  18.6% gold
              8704140C0 reach    7.1%   7.1% silver
            curve: 1 8.0%, 2 14.0%, 3 18.2%, 4 21.5%, 5 24.1%, 6 25.9%, 7 27.5%, 8 28.8%
            signals 140: 3 gold of 3, 12 silver of 12, P(match) 41.1% without
            excluded: 353 (graduated_too_long_ago 50, no_visa_sponsorship 187, not_enough_usce 110, not_in_eras 39, step2_below_minimum 37)
            plan:
              also apply to preliminary and transitional-year positions → 100.0% (+41.5 pts)
              three more months of hands-on US clinical experience (with a US letter) → 80.3% (+21.9 pts)
              add Family Medicine as a backup specialty (same total budget) → 78.4% (+19.9 pts)
              apply to 37 programs instead of 25 → 60.0% (+1.5 pts)
        "#]],
    );
}
