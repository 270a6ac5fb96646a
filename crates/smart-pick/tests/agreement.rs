//! The engine's chances against the simulator's Monte Carlo frequencies: the same profiles and
//! lists inserted as probes into simulated seasons of the same market.

use catalog::SpecialtyCode;
use demo_catalog::DemoOptions;
use market::{BehaviourParameters, ProbeList, SeasonSetup, simulate_seasons_with_probes};
use smart_pick::{ChanceModel, Profile};

fn code(text: &str) -> SpecialtyCode {
    SpecialtyCode::parse(text).unwrap()
}

fn calibrated() -> BehaviourParameters {
    let text = include_str!("../../../calibration/calibration-v1.toml");
    let file: toml::Table = toml::from_str(text).unwrap();
    file["parameters"].clone().try_into().unwrap()
}

fn profile(text: &str) -> Profile {
    Profile::from_toml(text).unwrap()
}

#[test]
fn engine_agrees_with_simulated_frequencies() {
    let catalog = demo_catalog::generate_with(&DemoOptions {
        seed: 2025,
        only_specialties: Some(vec![code("180"), code("300"), code("400")]),
    });
    let params = calibrated();
    let seasons: u32 = std::env::var("AGREEMENT_SEASONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1200);
    let (model, _survey) =
        ChanceModel::survey_and_build(catalog.clone(), params.clone(), 7, 24, |_| {});
    let setup = SeasonSetup::from_catalog(&catalog);
    let profiles = [
        profile(
            "applicant_type = \"us_md_senior\"\nspecialties = [\"400\"]\nexams.step2_ck = { score = 240 }\nbudget.applications = 12\n",
        ),
        profile(
            "applicant_type = \"us_do_senior\"\nspecialties = [\"300\"]\nexams.step2_ck = { score = 228 }\nbudget.applications = 8\n",
        ),
        profile(
            "applicant_type = \"non_us_img\"\ngraduation_year = 2023\nvisa = \"j1\"\nspecialties = [\"400\"]\nexams.step2_ck = { score = 245 }\nbudget.applications = 40\n[[usce]]\nkind = \"hands_on\"\nmonths = 4\n",
        ),
        profile(
            "applicant_type = \"us_img\"\ngraduation_year = 2022\nspecialties = [\"180\"]\nexams.step2_ck = { score = 235 }\nbudget.applications = 25\n[[usce]]\nkind = \"observership\"\nmonths = 3\n",
        ),
        profile(
            "applicant_type = \"non_us_img\"\ngraduation_year = 2019\nvisa = \"h1b\"\nspecialties = [\"300\"]\nexams.step2_ck = { score = 232 }\nbudget.applications = 30\n",
        ),
        profile(
            "applicant_type = \"us_md_senior\"\nspecialties = [\"180\"]\nexams.step2_ck = { score = 215 }\nbudget.applications = 5\n",
        ),
    ];
    let mut probes = Vec::new();
    let mut predicted = Vec::new();
    for p in &profiles {
        let pick = model.pick(p).unwrap();
        let tracks: Vec<u32> = pick
            .list
            .iter()
            .map(|c| {
                setup
                    .track_index(&catalog::NrmpCode::parse(&c.track).unwrap())
                    .unwrap()
            })
            .collect();
        let mut probe = smart_pick::probe_of(p);
        probe.list = Some(ProbeList {
            tracks,
            signals: Vec::new(),
            ranked_in_list_order: false,
        });
        probes.push(probe);
        let no_signals: f64 = pick
            .signals
            .first()
            .map_or(pick.p_match, |s| s.p_match_without);
        predicted.push((no_signals, pick.expected_interviews, pick.list.len()));
    }
    let (_, outcomes) =
        simulate_seasons_with_probes(&setup, &params, 99, seasons, &probes, |_| {}).unwrap();
    let mut worst: f64 = 0.0;
    let mut report = String::new();
    for ((p, i, n), o) in predicted.iter().zip(&outcomes) {
        let simulated = o.match_probability();
        let interviews = o.mean_interviews();
        report += &format!(
            "list {n}: engine {:.1}% / {:.1} interviews, simulator {:.1}% / {:.1}",
            100.0 * p,
            i,
            100.0 * simulated,
            interviews
        );
        report.push('\n');
        worst = worst.max((p - simulated).abs());
    }
    assert!(
        worst <= 0.03,
        "largest gap {:.1} points:\n{report}",
        100.0 * worst
    );
}
