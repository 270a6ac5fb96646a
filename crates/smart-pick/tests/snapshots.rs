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
            P(match) 100.0%, 7.6 interviews expected, 8 programs for $88, 787 of 848 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8317140C0 likely  99.8%  92.9% gold
              8372140C0 likely  93.8%  85.0% silver
              8646140C0 likely  99.7%  87.6% silver
              8678140C0 likely  93.9%  81.5% silver
              8668140C0 likely 100.0%  94.8% gold
              8400140C0 likely  98.1%  84.9% silver
              8742140C0 likely  95.0%  94.4% gold
              8947140C0 likely  83.7%  83.7% silver
            curve: 1 85.2%, 2 95.8%, 3 98.1%, 4 98.9%, 5 99.3%, 6 99.5%, 7 99.6%, 8 99.7%
            signals 140: 3 gold of 3, 5 silver of 12, P(match) 99.7% without
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
            P(match) 98.2%, 12.0 interviews expected, 20 programs for $220, 1491 of 1665 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8646140C0 likely  97.3%  63.3% gold
              8678140C0 likely  59.7%  39.1% silver
              8668140C0 likely  98.4%  68.7% gold
              8400140C0 likely  90.4%  59.3% gold
              8742140C0 likely  51.1%  49.8% silver
              8070120C0 likely  97.1%  23.2%
              8033120C0 likely  61.6%  25.9%
              8041120C0 likely  54.0%  27.4%
              8239120C0 target  39.3%  25.7%
              8150120C0 likely  54.3%  32.0%
              8414120C0 target  29.7%  27.7%
              8278120C0 target  36.2%  32.9%
              8677120C0 likely  65.3%  62.9% gold
              8606120C0 likely  72.2%  57.5% gold
              8386120C0 likely  63.1%  52.8% gold
              8503120C0 target  40.4%  30.7%
              8599120C0 likely  80.4%  57.7% gold
              8492120C0 likely  82.3%  69.7% gold
              8615120C0 target  38.5%  32.6%
              8722120C0 target  34.4%  31.3%
            curve: 1 46.8%, 2 65.9%, 3 74.8%, 4 79.8%, 5 82.7%, 6 85.0%, 7 86.6%, 8 87.8%
            signals 140: 3 gold of 3, 2 silver of 12, P(match) 93.2% without
            signals 120: 5 gold of 5, 0 silver of 0, P(match) 96.6% without
            excluded: 174 (not_enough_usce 37, not_in_eras 75, step2_below_minimum 37, usce_credited_below_requirement 28)
            plan:
              also apply to preliminary and transitional-year positions → 100.0% (+1.8 pts)
              three more months of hands-on US clinical experience (with a US letter) → 99.0% (+0.9 pts)
              apply to 30 programs instead of 20 → 98.4% (+0.2 pts)
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
            P(match) 59.2%, 5.6 interviews expected, 25 programs for $275, 495 of 848 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8019140C0 likely  61.4%   2.8%
              8057140C0 likely  62.7%   3.1%
              8223140C0 target  48.3%   8.4% silver
              8513140C0 reach    6.1%   3.0%
              8196140C0 target  25.8%   3.6%
              8650140C0 target  29.4%   6.7% silver
              8573140C0 likely  58.6%  19.4% gold
              8346140C0 target  40.2%   7.1% silver
              8422140C0 target  26.5%   9.0% silver
              8589140C0 target  33.0%   7.5% silver
              8277140C0 reach   12.3%   7.8% silver
              8256140C0 reach   14.6%   7.3% silver
              8322140C0 reach    4.9%   3.4%
              8389140C0 reach   14.8%   8.9% silver
              8345140C0 reach   11.9%   7.7% silver
              8305140C0 reach   13.3%   6.3%
              8314140C0 reach    4.7%   3.6%
              8427140C0 reach    3.7%   3.6%
              8329140C0 reach    8.4%   7.1% silver
              8335140C0 reach   16.1%   7.9%
              8249140C0 reach   10.6%   6.8% silver
              8845140C0 target  30.6%  24.2% gold
              8818140C0 reach    5.0%   4.4%
              8870140C0 target  20.1%  18.4% gold
              8704140C0 reach    7.1%   7.1% silver
            curve: 1 9.2%, 2 15.0%, 3 19.4%, 4 22.5%, 5 25.0%, 6 26.8%, 7 28.4%, 8 29.9%
            signals 140: 3 gold of 3, 12 silver of 12, P(match) 41.4% without
            excluded: 353 (graduated_too_long_ago 50, no_visa_sponsorship 187, not_enough_usce 110, not_in_eras 39, step2_below_minimum 37)
            plan:
              also apply to preliminary and transitional-year positions → 100.0% (+40.8 pts)
              three more months of hands-on US clinical experience (with a US letter) → 80.8% (+21.6 pts)
              add Family Medicine as a backup specialty (same total budget) → 77.6% (+18.5 pts)
              apply to 37 programs instead of 25 → 60.6% (+1.4 pts)
        "#]],
    );
}
