//! The improvement plan: the changes to a profile that would raise P(match) most, each
//! evaluated by running Smart Pick again on the changed profile.

use catalog::SpecialtyCode;
use market::{ProbeScreening, VisaNeed};
use serde::Serialize;

use crate::model::ChanceModel;
use crate::pick::PickError;
use crate::policy::{
    MAX_APPLICATIONS, MAX_SPECIALTIES, PLAN_APPLICATIONS_ADDED_AT_LEAST, PLAN_APPLICATIONS_GROWTH,
    PLAN_BACKUP_SPECIALTIES, PLAN_DOLLARS_ADDED, PLAN_MIN_GAIN, PLAN_STEPS, PLAN_USCE_ADDED_MONTHS,
    PLAN_USCE_BELOW_MONTHS,
};
use crate::profile::{Ecfmg, PassFailInput, Profile, ProfileInput, UsceInput, UsceKind};

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

/// The backup specialty the plan tries for this profile (its `backup_specialty` change): the
/// first of [`PLAN_BACKUP_SPECIALTIES`] the profile does not already name, while it names fewer
/// than the most specialties a profile may hold.
pub fn backup_specialty(profile: &Profile) -> Option<SpecialtyCode> {
    if profile.specialties().len() >= MAX_SPECIALTIES {
        return None;
    }
    PLAN_BACKUP_SPECIALTIES
        .iter()
        .find(|backup| profile.specialties().iter().all(|s| s.as_str() != **backup))
        .and_then(|backup| SpecialtyCode::parse(backup).ok())
}

fn variants(profile: &Profile) -> Vec<(&'static str, String, ProfileInput)> {
    let mut out = Vec::new();
    let base = profile.input();
    if profile.is_img() {
        let (hands_on, _) = crate::eligibility::usce_months(profile);
        if hands_on < PLAN_USCE_BELOW_MONTHS {
            let mut input = base.clone();
            input.usce.push(UsceInput {
                kind: UsceKind::HandsOn,
                months: PLAN_USCE_ADDED_MONTHS,
                ended_year: Some(profile.match_year() - 1),
                specialty: Some(profile.preferred_specialty().as_str().to_owned()),
                us_letter: true,
            });
            out.push((
                "usce",
                format!(
                    "{} more months of hands-on US clinical experience (with a US letter)",
                    number_word(PLAN_USCE_ADDED_MONTHS)
                ),
                input,
            ));
        }
        if profile.ecfmg() == Some(Ecfmg::NotCertified) {
            let mut input = base.clone();
            input.ecfmg = Some(Ecfmg::Certified);
            out.push((
                "ecfmg",
                "ECFMG certification before applying".to_owned(),
                input,
            ));
        }
    }
    if profile.visa() == VisaNeed::H1b && !profile.step3_passed() {
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
    if profile.only_preferred() {
        let mut input = base.clone();
        input.preferences.only_preferred = false;
        out.push((
            "wider_geography",
            "apply beyond your preferred places and program types".to_owned(),
            input,
        ));
    }
    let applications = profile.max_applications();
    if applications < MAX_APPLICATIONS && profile.max_dollars().is_none() {
        let (times, per) = PLAN_APPLICATIONS_GROWTH;
        let more = (applications * times / per).clamp(
            applications + PLAN_APPLICATIONS_ADDED_AT_LEAST,
            MAX_APPLICATIONS,
        );
        let mut input = base.clone();
        input.budget.applications = Some(more);
        out.push((
            "more_applications",
            format!("apply to {more} programs instead of {applications}"),
            input,
        ));
    }
    if let Some(dollars) = profile.max_dollars() {
        let more = dollars + PLAN_DOLLARS_ADDED;
        let mut input = base.clone();
        input.budget.dollars = Some(more);
        out.push((
            "more_applications",
            format!("spend ${more} on ERAS fees instead of ${dollars}"),
            input,
        ));
    }
    if let Some(backup) = backup_specialty(profile) {
        let mut input = base.clone();
        input.specialties.push(backup.to_string());
        let name = backup.builtin_name().unwrap_or(backup.as_str()).to_owned();
        out.push((
            "backup_specialty",
            format!("add {name} as a backup specialty (same total budget)"),
            input,
        ));
    }
    if !profile.include_preliminary() {
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

/// A small count in words, as the plan's sentences write it.
fn number_word(n: u8) -> String {
    const WORDS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    WORDS
        .get(usize::from(n))
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
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
            if gain >= PLAN_MIN_GAIN {
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
