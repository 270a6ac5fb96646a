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
            P(match) 99.9%, 10.5 interviews expected, 12 programs for $132, 787 of 848 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8165140C0 likely  99.6%  53.3% silver
              8067140C0 likely  59.6%  27.0% silver
              8153140C0 likely  97.4%  44.6% silver
              8233140C0 likely  96.4%  34.1% silver
              8156140C0 likely  69.4%  22.7% silver
              8233140M0 likely  50.7%  17.3% silver
              8162140C0 likely  93.9%  44.2% silver
              8008140C0 likely  80.2%  31.2% silver
              8317140C0 likely  99.8%  94.4% gold
              8646140C0 likely  99.9%  93.8% gold
              8668140C0 likely 100.0%  94.8% gold
              8400140C0 likely  98.4%  88.0% silver
            curve: 1 86.0%, 2 96.1%, 3 98.3%, 4 99.1%, 5 99.4%, 6 99.5%, 7 99.6%, 8 99.7%
            signals 140: 3 gold of 3, 9 silver of 12, P(match) 99.3% without
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
            P(match) 97.3%, 12.4 interviews expected, 20 programs for $220, 1491 of 1665 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8646140C0 likely  95.9%  59.4% gold
              8668140C0 likely  98.4%  61.9% gold
              8400140C0 likely  87.1%  57.2% gold
              8070120C0 likely  99.1%  22.5%
              8006120C0 target  49.4%  11.1%
              8003120C0 target  42.0%  10.7%
              8098120C0 likely  90.0%   9.9%
              8033120C0 likely  63.9%  27.1%
              8048120C0 likely  68.2%  23.2%
              8041120C0 target  48.0%  25.6%
              8239120C0 target  34.5%  25.6%
              8150120C0 likely  57.4%  30.2%
              8278120C0 target  31.1%  27.3%
              8677120C0 likely  58.5%  58.2% gold
              8606120C0 likely  70.6%  54.5% gold
              8503120C0 target  37.6%  27.0%
              8599120C0 likely  78.4%  56.2% gold
              8492120C0 likely  81.9%  69.8% gold
              8615120C0 likely  60.0%  57.2% gold
              8722120C0 target  32.6%  28.4%
            curve: 1 46.8%, 2 62.1%, 3 70.6%, 4 75.9%, 5 79.2%, 6 81.4%, 7 83.2%, 8 84.6%
            signals 140: 3 gold of 3, 0 silver of 12, P(match) 90.6% without
            signals 120: 5 gold of 5, 0 silver of 0, P(match) 94.6% without
            excluded: 174 (not_enough_usce 37, not_in_eras 75, step2_below_minimum 37, usce_credited_below_requirement 28)
            plan:
              also apply to preliminary and transitional-year positions → 100.0% (+2.7 pts)
              three more months of hands-on US clinical experience (with a US letter) → 98.4% (+1.2 pts)
              apply to 30 programs instead of 20 → 97.5% (+0.3 pts)
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
            P(match) 51.6%, 7.0 interviews expected, 25 programs for $275, 495 of 848 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8150140C0 likely  83.3%   1.0%
              8234140C0 likely  84.8%   2.1%
              8110140C0 likely  55.6%   1.5%
              8019140C0 likely  64.1%   4.5% silver
              8223140C0 likely  52.4%   6.8% silver
              8196140C0 target  20.3%   2.5%
              8650140C0 target  23.3%   4.6% silver
              8573140C0 likely  57.4%  15.9% gold
              8532140C0 reach   19.0%   2.3%
              8346140C0 target  35.2%   5.6% silver
              8422140C0 target  23.1%   7.5% silver
              8589140C0 target  31.3%   6.8% silver
              8277140C0 reach   10.7%   6.6% silver
              8142140C0 reach    5.5%   2.4%
              8395140C0 target  28.3%   2.2%
              8256140C0 reach   12.8%   5.3% silver
              8389140C0 reach   11.4%   7.1% silver
              8345140C0 reach    9.0%   6.2% silver
              8305140C0 reach   11.4%   4.9%
              8314140C0 reach    6.9%   5.8% silver
              8335140C0 reach   13.2%   6.1%
              8249140C0 reach    8.5%   6.1% silver
              8845140C0 target  26.8%  17.1% gold
              8818140C0 reach    3.9%   3.3%
              8870140C0 reach   15.9%  14.8% gold
            curve: 1 6.1%, 2 10.8%, 3 14.4%, 4 17.2%, 5 19.2%, 6 21.0%, 7 22.5%, 8 23.8%
            signals 140: 3 gold of 3, 12 silver of 12, P(match) 34.3% without
            excluded: 353 (graduated_too_long_ago 50, no_visa_sponsorship 187, not_enough_usce 110, not_in_eras 39, step2_below_minimum 37)
            plan:
              also apply to preliminary and transitional-year positions → 100.0% (+48.4 pts)
              three more months of hands-on US clinical experience (with a US letter) → 76.0% (+24.4 pts)
              add Family Medicine as a backup specialty (same total budget) → 74.4% (+22.9 pts)
              apply to 37 programs instead of 25 → 52.9% (+1.4 pts)
        "#]],
    );
}
