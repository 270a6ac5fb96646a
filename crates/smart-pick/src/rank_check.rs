//! The rank list check after interviews: given the tracks that interviewed the applicant, in
//! the order they will be ranked, the chance of matching and where the applicant is likely to
//! land.
//!
//! Having been invited is evidence about the latent factor, so the expectation over it is
//! taken under its posterior: the prior times the chance of every one of these invitations.
//! Given the factor, the chance of matching at the k-th track is being matchable there and at
//! none above it (deferred acceptance gives each applicant the best ranked track that would
//! take them).

use catalog::NrmpCode;
use market::ProbeScreening;
use serde::Serialize;

use crate::model::ChanceModel;
use crate::pick::PickError;
use crate::profile::Profile;

/// A ranked track's code, name and, if the model can weigh it, its P(interview) and
/// P(interview and matchable) at each latent node.
type RankRow = (String, String, Option<Vec<(f64, f64)>>);

/// One ranked track's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedChance {
    /// The track.
    pub track: String,
    /// Program or track name.
    pub name: String,
    /// P(matching here), 0–1.
    pub p_match_here: f64,
    /// P(matching here or higher on the list), 0–1.
    pub p_match_by_here: f64,
}

/// The check of a rank order list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankListCheck {
    /// P(match) to any ranked track.
    pub p_match: f64,
    /// Per ranked track, in rank order.
    pub ranks: Vec<RankedChance>,
    /// The rank position (1-based) where the applicant most likely lands, if anywhere.
    pub most_likely: Option<usize>,
    /// Notes (tracks the model could not weigh).
    pub notes: Vec<String>,
}

impl ChanceModel {
    /// Checks a rank order list of tracks that interviewed the applicant.
    pub fn check_rank_list(
        &self,
        profile: &Profile,
        ranked: &[String],
    ) -> Result<RankListCheck, PickError> {
        if ranked.is_empty() {
            return Err(PickError::Profile {
                field: "rank".to_owned(),
                reason: "the rank order list is empty".to_owned(),
            });
        }
        let screening = ProbeScreening::new(&self.setup, &self.params);
        let probe = screening.prepare(&crate::pick::probe_of(profile));
        let known = screening.strength(&probe).total();
        let nodes = self.nodes.len();
        // Per rank: P(interview) and P(matchable | interviewed) at each node.
        let mut rows: Vec<RankRow> = Vec::new();
        let mut notes = Vec::new();
        let mut seen = Vec::new();
        for (index, text) in ranked.iter().enumerate() {
            let field = format!("rank[{index}]");
            let code = NrmpCode::parse(text.trim()).map_err(|e| PickError::Profile {
                field: field.clone(),
                reason: e.to_string(),
            })?;
            if seen.contains(&code) {
                return Err(PickError::Profile {
                    field,
                    reason: format!("{code} is ranked twice"),
                });
            }
            seen.push(code.clone());
            let catalog_track = self
                .catalog_track(&code)
                .ok_or_else(|| PickError::Profile {
                    field: field.clone(),
                    reason: format!("{code} is not a track of the catalog"),
                })?;
            let track = &self.catalog.tracks[catalog_track];
            let name = self.track_program[catalog_track].map_or(track.name.clone(), |i| {
                self.catalog.programs[i].name.clone()
            });
            let terms = self.market_track[catalog_track].and_then(|t| {
                self.screen(&screening, &probe, profile.visa(), catalog_track, t)
                    .map(|screened| (t, screened))
            });
            let chances = terms.map(|(t, (terms, sponsored))| {
                let mut out = Vec::with_capacity(nodes);
                self.node_chances(t, known + terms.total(), 0.0, sponsored, &mut out);
                out
            });
            if chances.is_none() {
                notes.push(format!(
                    "{code}: the model screens this profile out there, so it counts as no chance."
                ));
            }
            rows.push((code.to_string(), name, chances));
        }
        // Posterior weights of the latent nodes given the invitations.
        let mut weights: Vec<f64> = self.nodes.iter().map(|n| n.1).collect();
        for (_, _, chances) in &rows {
            if let Some(chances) = chances {
                for (w, &(pi, _)) in weights.iter_mut().zip(chances) {
                    *w *= pi.max(1e-12);
                }
            }
        }
        let total: f64 = weights.iter().sum();
        if total > 0.0 {
            for w in &mut weights {
                *w /= total;
            }
        }
        let mut unmatched = weights.clone();
        let mut ranks = Vec::with_capacity(rows.len());
        let mut by_here = 0.0;
        for (track, name, chances) in rows {
            let mut here = 0.0;
            if let Some(chances) = chances {
                for (node, &(pi, pj)) in chances.iter().enumerate() {
                    let matchable = if pi > 0.0 { (pj / pi).min(1.0) } else { 0.0 };
                    here += unmatched[node] * matchable;
                    unmatched[node] *= 1.0 - matchable;
                }
            }
            by_here += here;
            ranks.push(RankedChance {
                track,
                name,
                p_match_here: here,
                p_match_by_here: by_here,
            });
        }
        let most_likely = ranks
            .iter()
            .enumerate()
            .filter(|(_, r)| r.p_match_here > 0.0)
            .max_by(|a, b| a.1.p_match_here.total_cmp(&b.1.p_match_here))
            .map(|(i, _)| i + 1);
        Ok(RankListCheck {
            p_match: by_here,
            ranks,
            most_likely,
            notes,
        })
    }
}
