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
            P(match) 100.0%, 6.7 interviews expected, 12 programs for $132, 787 of 848 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8165140C0 likely  78.1%  55.5% gold
              8067140C0 target  47.5%  31.8% silver
              8153140C0 likely  52.0%  31.9% silver
              8156140C0 target  40.8%  28.0% silver
              8233140C0 target  39.9%  19.5% silver
              8233140M0 target  36.1%  17.5% silver
              8162140C0 likely  79.8%  64.9% gold
              8016140C0 target  49.5%  32.0% silver
              8008140C0 target  44.8%  30.3% silver
              8084140C0 target  49.9%  34.3% silver
              8206140C0 likely  50.6%  32.8% silver
              8947140C0 likely 100.0% 100.0% gold
            curve: 1 100.0%, 2 100.0%, 3 100.0%, 4 100.0%, 5 100.0%, 6 100.0%, 7 100.0%, 8 100.0%
            signals 140: 3 gold of 3, 9 silver of 12, P(match) 100.0% without
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
            P(match) 100.0%, 9.0 interviews expected, 20 programs for $220, 1491 of 1665 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8651140C0 likely  84.4%  81.5% gold
              8793140C0 likely  96.1%  91.1% gold
              8003120C0 reach    4.2%   3.7%
              8218120C0 reach    1.7%   1.4%
              8006120C0 reach    1.9%   1.2%
              8070120C0 reach    1.1%   1.0%
              8160120C0 reach    1.4%   1.0%
              8197120C0 reach    1.3%   1.2%
              8014120C0 reach    2.0%   1.9%
              8167120C0 reach    1.1%   1.0%
              8165120C0 reach    1.5%   1.2%
              8414120C0 target  47.7%  45.4%
              8278120C0 likely  94.4%  92.1% gold
              8677120C0 likely  97.8%  94.0% gold
              8760120C0 likely  52.6%  46.9%
              8577120C0 likely  62.7%  54.2%
              8386120C0 likely  59.6%  50.5%
              8684120C0 likely  95.8%  93.9% gold
              8904120C0 likely  99.4%  96.7% gold
              8946120C0 likely  94.3%  89.9% gold
            curve: 1 70.6%, 2 84.2%, 3 90.2%, 4 93.0%, 5 94.9%, 6 96.0%, 7 96.9%, 8 97.4%
            signals 140: 2 gold of 3, 0 silver of 12, P(match) 98.4% without
            signals 120: 5 gold of 5, 0 silver of 0, P(match) 99.5% without
            excluded: 174 (not_enough_usce 37, not_in_eras 75, step2_below_minimum 37, usce_credited_below_requirement 28)
            plan:
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
            P(match) 88.5%, 5.1 interviews expected, 25 programs for $275, 495 of 848 tracks eligible
            list (track, tier, P(interview), P(match), signal):
              8513140C0 reach    1.9%   1.9%
              8483140C0 reach    1.6%   1.2%
              8277140C0 reach    4.1%   3.7%
              8417140C0 reach    7.1%   3.9%
              8469140C0 reach   19.7%  17.8% silver
              8379140C0 target  22.0%  15.5% silver
              8777140C0 reach    5.6%   3.4%
              8265140C0 reach   18.4%  17.3% silver
              8314140C0 reach   17.3%  16.1% silver
              8427140C0 reach   19.8%  17.4% silver
              8619140C0 target  21.2%  20.2% silver
              8642140C0 reach    4.9%   3.9%
              8481140C0 target  22.6%  18.2% silver
              8550140C0 reach    5.9%   4.6%
              8329140C0 reach    6.3%   4.4%
              8845140C0 target  22.2%  18.5% silver
              8845140M0 target  20.1%  16.2% silver
              8965140C0 likely  69.0%  55.9% gold
              8731140C0 likely  65.8%  50.3% gold
              8870140C0 target  20.8%  20.7% silver
              8704140C0 likely  66.7%  54.1% gold
              8738140C0 reach    5.6%   5.4%
              8699140C0 target  25.5%  20.7% silver
              8954140C0 reach    5.8%   4.9%
              8756140C0 target  36.9%  27.3% silver
            curve: 1 13.8%, 2 23.2%, 3 29.9%, 4 33.8%, 5 35.9%, 6 37.6%, 7 39.0%, 8 40.2%
            signals 140: 3 gold of 3, 12 silver of 12, P(match) 49.7% without
            excluded: 353 (graduated_too_long_ago 50, no_visa_sponsorship 187, not_enough_usce 110, not_in_eras 39, step2_below_minimum 37)
            plan:
              add Family Medicine as a backup specialty (same total budget) → 98.5% (+10.0 pts)
              also apply to preliminary and transitional-year positions → 97.5% (+9.0 pts)
              three more months of hands-on US clinical experience (with a US letter) → 95.4% (+6.8 pts)
        "#]],
    );
}
