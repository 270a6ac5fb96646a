//! The improvement plan: the changes to a profile that would raise P(match) most, each
//! evaluated by running Smart Pick again on the changed profile.

use market::{ProbeScreening, VisaNeed};
use serde::Serialize;

use crate::model::ChanceModel;
use crate::pick::PickError;
use crate::profile::{Ecfmg, PassFailInput, Profile, ProfileInput, UsceInput};

/// Most steps shown.
pub const PLAN_STEPS: usize = 5;
/// Steps that gain less than this (in P(match), 0–1) are left out.
const MIN_GAIN: f64 = 0.001;

/// One change and what it would bring.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Improvement {
    /// A short key: `usce`, `step3`, `wider_geography`, `more_applications`, `backup_specialty`,
    /// `ecfmg`, `preliminary`.
    pub key: &'static str,
    /// The change, in words.
    pub change: String,
    /// P(match) after the change.
    pub p_match: f64,
    /// The gain in P(match), 0–1.
    pub gain: f64,
    /// ERAS fees after the change.
    pub cost_usd: u32,
}

fn variants(profile: &Profile) -> Vec<(&'static str, String, ProfileInput)> {
    let mut out = Vec::new();
    let base = &profile.input;
    if profile.is_img() {
        let (hands_on, _) = crate::eligibility::usce_months(profile);
        if hands_on < 12 {
            let mut input = base.clone();
            input.usce.push(UsceInput {
                kind: "hands_on".to_owned(),
                months: 3,
                ended_year: Some(profile.match_year - 1),
                specialty: Some(profile.specialties[0].as_str().to_owned()),
                us_letter: true,
            });
            out.push((
                "usce",
                "three more months of hands-on US clinical experience (with a US letter)"
                    .to_owned(),
                input,
            ));
        }
        if profile.ecfmg == Ecfmg::NotCertified {
            let mut input = base.clone();
            input.ecfmg = Some("certified".to_owned());
            out.push((
                "ecfmg",
                "ECFMG certification before applying".to_owned(),
                input,
            ));
        }
    }
    if profile.visa == VisaNeed::H1b && !profile.step3_passed {
        let mut input = base.clone();
        input.exams.step3 = Some(PassFailInput {
            passed: true,
            attempts: 1,
        });
        out.push((
            "step3",
            "pass Step 3, which many programs ask of H-1B applicants".to_owned(),
            input,
        ));
    }
    if profile.only_preferred {
        let mut input = base.clone();
        input.preferences.only_preferred = false;
        out.push((
            "wider_geography",
            "apply beyond your preferred places and program types".to_owned(),
            input,
        ));
    }
    if profile.max_applications < 400 && profile.max_dollars.is_none() {
        let more = (profile.max_applications * 3 / 2).clamp(profile.max_applications + 5, 400);
        let mut input = base.clone();
        input.budget.applications = Some(more);
        out.push((
            "more_applications",
            format!(
                "apply to {more} programs instead of {}",
                profile.max_applications
            ),
            input,
        ));
    }
    if let Some(dollars) = profile.max_dollars {
        let mut input = base.clone();
        input.budget.dollars = Some(dollars + 500);
        out.push((
            "more_applications",
            format!(
                "spend ${} on ERAS fees instead of ${dollars}",
                dollars + 500
            ),
            input,
        ));
    }
    if profile.specialties.len() < 4 {
        for backup in ["140", "120"] {
            if profile.specialties.iter().all(|s| s.as_str() != backup) {
                let mut input = base.clone();
                input.specialties.push(backup.to_owned());
                let name = if backup == "140" {
                    "Internal Medicine"
                } else {
                    "Family Medicine"
                };
                out.push((
                    "backup_specialty",
                    format!("add {name} as a backup specialty (same total budget)"),
                    input,
                ));
                break;
            }
        }
    }
    if !profile.include_preliminary {
        let mut input = base.clone();
        input.preferences.include_preliminary = true;
        out.push((
            "preliminary",
            "also apply to preliminary and transitional-year positions".to_owned(),
            input,
        ));
    }
    out
}

impl ChanceModel {
    /// The changes that would raise P(match) most, best first (at most [`PLAN_STEPS`]).
    pub fn improvement_plan(
        &self,
        profile: &Profile,
        p_match: f64,
    ) -> Result<Vec<Improvement>, PickError> {
        let screening = ProbeScreening::new(&self.setup, &self.params);
        let mut steps = Vec::new();
        for (key, change, input) in variants(profile) {
            let Ok(changed) = Profile::from_input(input) else {
                continue;
            };
            let outcome = self.pick_with(&screening, &changed, false)?;
            let gain = outcome.p_match - p_match;
            if gain >= MIN_GAIN {
                steps.push(Improvement {
                    key,
                    change,
                    p_match: outcome.p_match,
                    gain,
                    cost_usd: outcome.cost_usd,
                });
            }
        }
        steps.sort_by(|a, b| b.gain.total_cmp(&a.gain));
        steps.truncate(PLAN_STEPS);
        Ok(steps)
    }
}
