//! Checking a pick against the simulator: the profile, with exactly the chosen list and
//! signals, inserted into simulated seasons of the same market, and how often it matched.

use market::{ProbeList, simulate_seasons_with_probes};
use serde::Serialize;

use crate::model::ChanceModel;
use crate::pick::{Pick, PickError, probe_of};
use crate::profile::Profile;

/// The pick's numbers beside the simulator's frequencies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verification {
    /// Seasons simulated.
    pub seasons: u32,
    /// Share of seasons in which the profile matched with the list.
    pub simulated_p_match: f64,
    /// The engine's P(match) for the same list and signals.
    pub engine_p_match: f64,
    /// Mean interviews attended in the simulated seasons.
    pub simulated_interviews: f64,
    /// The engine's expected interviews.
    pub engine_interviews: f64,
    /// Standard error of the simulated frequency, 0–1 (seasons are independent).
    pub standard_error: f64,
}

impl ChanceModel {
    /// Inserts the profile with the pick's list and signals into `seasons` simulated seasons
    /// (from `seed`) and compares. `on_done` is called per season.
    pub fn verify_pick(
        &self,
        profile: &Profile,
        pick: &Pick,
        seed: u64,
        seasons: u32,
        on_done: impl Fn(u32) + Sync,
    ) -> Result<Verification, PickError> {
        let track = |code: &str| {
            catalog::NrmpCode::parse(code)
                .ok()
                .and_then(|code| self.setup.track_index(&code))
        };
        let mut probe = probe_of(profile);
        probe.list = Some(ProbeList {
            tracks: pick.list.iter().filter_map(|c| track(&c.track)).collect(),
            signals: pick
                .list
                .iter()
                .filter_map(|c| Some((track(&c.track)?, c.signal?)))
                .collect(),
            ranked_in_list_order: false,
        });
        let (_, outcomes) = simulate_seasons_with_probes(
            &self.setup,
            &self.params,
            seed,
            seasons,
            &[probe],
            on_done,
        )
        .map_err(|error| PickError::Profile {
            field: "specialties[0]".to_owned(),
            reason: error.to_string(),
        })?;
        let outcome = &outcomes[0];
        let p = outcome.match_probability();
        Ok(Verification {
            seasons,
            simulated_p_match: p,
            engine_p_match: pick.p_match,
            simulated_interviews: outcome.mean_interviews(),
            engine_interviews: pick.expected_interviews,
            standard_error: (p * (1.0 - p) / f64::from(seasons.max(1))).sqrt(),
        })
    }
}
