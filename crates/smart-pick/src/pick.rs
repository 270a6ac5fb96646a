//! Smart Pick for one profile: eligibility, chances per program, the optimized list with its
//! curve, signals, tiers and the factors behind each program's fit.

use std::collections::HashMap;

use catalog::{Program, SpecialtyCode, Track, TrackType};
use market::assumptions::{STEP2_STANDARD_CENTRE, STEP2_STANDARD_SCALE};
use market::{PreparedProbe, ProbeApplicant, ProbeScreening, SignalTier, StrengthTerms, VisaNeed};
use serde::Serialize;
use targets::{FeeSchedule, NonUsImgSpecialtySummary, SignalAllotment, UsMdStep2Quartiles};

use crate::eligibility::{self, ExclusionReason, usce_months};
use crate::model::ChanceModel;
use crate::objective::list_outcome;
use crate::optimize::{Budget, CurvePoint, ListLength, Problem, Selection, optimize};
use crate::profile::Profile;

pub use crate::policy::{CURVE_TO, FEE_SEASON};
use crate::policy::{LIKELY_INTERVIEW, OBSERVERSHIP_MONTHS_PER_CREDITED_MONTH, TARGET_INTERVIEW};

/// Why the pick could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PickError {
    /// A field of the profile does not fit the catalog.
    #[error("field `{field}`: {reason}")]
    Profile {
        /// The field.
        field: String,
        /// What is wrong.
        reason: String,
    },
}

/// Reach, target or likely, by the chance of an interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// P(interview) below 20%.
    Reach,
    /// P(interview) from 20% to 50%.
    Target,
    /// P(interview) 50% or more.
    Likely,
}

impl Tier {
    fn of(p_interview: f64) -> Tier {
        if p_interview >= LIKELY_INTERVIEW {
            Tier::Likely
        } else if p_interview >= TARGET_INTERVIEW {
            Tier::Target
        } else {
            Tier::Reach
        }
    }

    /// The tier's name.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Reach => "reach",
            Tier::Target => "target",
            Tier::Likely => "likely",
        }
    }
}

/// A factor that raised or lowered the applicant's chance at a program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Factor {
    /// What it is, e.g. "Step 2 CK 238 (matched US MD median 249)".
    pub label: String,
    /// Its effect on P(interview), in percentage points (negative lowers).
    pub effect_points: f64,
    /// The topic it belongs to, for linking to guidance: `scores`, `usce`, `graduation`,
    /// `attempts`, `img_friendly`, `requirements`, `signals`.
    pub topic: &'static str,
}

/// One program track on the list, or considered for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgramChance {
    /// NRMP track code.
    pub track: String,
    /// Track type.
    pub track_type: String,
    /// Catalog program id, if linked.
    pub program_id: Option<String>,
    /// Program name (or the track's name).
    pub name: String,
    /// Institution.
    pub institution: String,
    /// City, if known.
    pub city: Option<String>,
    /// State code, if known.
    pub state: Option<String>,
    /// Specialty code.
    pub specialty: String,
    /// Specialty name.
    pub specialty_name: String,
    /// P(interview), 0–1.
    pub p_interview: f64,
    /// P(interview and ranked high enough to match there), 0–1: the chance of matching there
    /// if it were the only program ranked.
    pub p_match: f64,
    /// Reach, target or likely.
    pub tier: Tier,
    /// Fit score 0–100: P(interview) of an applicant with exactly this profile and an
    /// average latent factor.
    pub fit_score: u8,
    /// The factors, largest effect first.
    pub factors: Vec<Factor>,
    /// Unknown facts that make the chance uncertain.
    pub risks: Vec<String>,
    /// The signal advised for it.
    pub signal: Option<SignalTier>,
    /// Worth relative to the applicant's preferences (1 = preferred).
    pub worth: f64,
}

/// A program the applicant cannot be considered by, with the reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excluded {
    /// NRMP track code.
    pub track: String,
    /// Program or track name.
    pub name: String,
    /// State code, if known.
    pub state: Option<String>,
    /// Why.
    pub reasons: Vec<ExclusionReason>,
}

/// Where to place signals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalAdvice {
    /// The specialty the signals are for.
    pub specialty: String,
    /// Its name.
    pub specialty_name: String,
    /// Gold (or single-tier) signals available.
    pub gold_available: u8,
    /// Silver signals available.
    pub silver_available: u8,
    /// Tracks advised a gold signal.
    pub gold: Vec<String>,
    /// Tracks advised a silver signal.
    pub silver: Vec<String>,
    /// P(match) without signals.
    pub p_match_without: f64,
    /// P(match) with the advised signals.
    pub p_match_with: f64,
    /// Notes (e.g. why some signals are left unused).
    pub notes: Vec<String>,
}

/// What a profile can expect from applications chosen the way the simulated applicants
/// choose them: around their own standing among the preferred specialty's programs ranked by
/// desirability, with no regard for eligibility or signals. The mean over
/// [`TYPICAL_SAMPLES`] such lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TypicalBaseline {
    /// Applications in each list (as many as the optimized list holds).
    pub applications: u32,
    /// Mean P(match) of the lists, 0–1.
    pub p_match: f64,
    /// Mean expected interviews.
    pub expected_interviews: f64,
}

/// Interview offers from typical lists ([`ChanceModel::typical_offers`]), means over the lists.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TypicalOffers {
    /// Offers expected from the whole list.
    pub offers: f64,
    /// Programs of the list that take signals.
    pub signal_programs: f64,
    /// Offers expected from those programs without signals.
    pub offers_at_signal_programs: f64,
    /// Offers expected from those programs with a signal sent to each.
    pub offers_with_signals: f64,
}

impl TypicalOffers {
    /// Adds another list's (or applicant's) offers.
    pub fn add(&mut self, other: &TypicalOffers) {
        self.offers += other.offers;
        self.signal_programs += other.signal_programs;
        self.offers_at_signal_programs += other.offers_at_signal_programs;
        self.offers_with_signals += other.offers_with_signals;
    }

    /// The odds ratio of an offer with a signal against without, pooled over the programs
    /// that take signals (`None` without any).
    pub fn signal_odds_ratio(&self) -> Option<f64> {
        let odds = |offers: f64| offers / (self.signal_programs - offers);
        let ratio = odds(self.offers_with_signals) / odds(self.offers_at_signal_programs);
        (self.signal_programs > 0.0 && ratio.is_finite()).then_some(ratio)
    }
}

/// Typical lists drawn for the baseline.
pub const TYPICAL_SAMPLES: u32 = 8;
/// Seed of their draws (the same profile always gets the same baseline).
const TYPICAL_SEED: u64 = 2026;

/// The core outcome for one profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pick {
    /// P(match) of the list, with the advised signals.
    pub p_match: f64,
    /// Expected worth of the match when preferences weigh programs (equals `p_match` when
    /// they do not).
    pub expected_worth: f64,
    /// Whether the list maximizes expected worth (preferences given) rather than P(match).
    pub weighted: bool,
    /// Expected interviews from the list.
    pub expected_interviews: f64,
    /// The list, most preferred first.
    pub list: Vec<ProgramChance>,
    /// The curve of P(match) (or expected worth) against applications, with ERAS fees.
    pub curve: Vec<CurvePoint>,
    /// The point of diminishing returns: the fewest applications whose P(match) (or
    /// expected worth) is within one point of the best the budget allows. Beyond it, unless
    /// the profile asks to stop there, the budget goes to the most desirable programs where
    /// the chance is at least 1%.
    pub enough_applications: u32,
    /// The best P(match) (or expected worth) the budget allows, as the list's greedy choice
    /// finds it.
    pub budget_best: f64,
    /// What as many applications as the list holds would bring if chosen the way the
    /// simulated applicants choose: the baseline the list improves on.
    pub typical: TypicalBaseline,
    /// ERAS fees of the list.
    pub cost_usd: u32,
    /// Signals.
    pub signals: Vec<SignalAdvice>,
    /// Programs excluded, with reasons.
    pub excluded: Vec<Excluded>,
    /// Tracks considered (in the chosen specialties).
    pub considered: usize,
    /// Of those, eligible.
    pub eligible: usize,
    /// Notes on the profile and the model.
    pub notes: Vec<String>,
}

impl Pick {
    /// How many excluded tracks each reason keeps out (a track may have several), the most
    /// common first, each reason in the program's terms ([`ExclusionReason::summary`]).
    pub fn excluded_by_reason(&self) -> Vec<(String, usize)> {
        let mut reasons: Vec<(String, usize)> = Vec::new();
        for excluded in &self.excluded {
            for reason in &excluded.reasons {
                let key = reason.summary();
                match reasons.iter_mut().find(|(r, _)| *r == key) {
                    Some((_, n)) => *n += 1,
                    None => reasons.push((key, 1)),
                }
            }
        }
        reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
        reasons
    }

    /// The list against the typical-list baseline, in one sentence.
    pub fn typical_comparison(&self) -> String {
        let typical = &self.typical;
        let gain = (100.0 * (self.p_match - typical.p_match)).round() as i64;
        let difference = match gain {
            0 => "about the same chance".to_owned(),
            1 => "1 point more".to_owned(),
            -1 => "1 point less".to_owned(),
            gain if gain > 0 => format!("{gain} points more"),
            gain => format!("{} points less", -gain),
        };
        format!(
            "Chosen the way most applicants choose (around their own standing, without regard to eligibility or signals), {} applications would bring P(match) {} and {:.1} interviews; this list brings {} and {:.1} ({difference}).",
            typical.applications,
            whole_percent(typical.p_match),
            typical.expected_interviews,
            whole_percent(self.p_match),
            self.expected_interviews,
        )
    }

    /// Where more applications stop paying, said apart from the list: how many bring the
    /// chance to within a point of the most the budget allows, and what the rest of the list
    /// is for (`None` for an empty list).
    pub fn diminishing_returns(&self) -> Option<String> {
        let enough = self.enough_applications as usize;
        let listed = self.list.len();
        if enough == 0 {
            return None;
        }
        let measure = if self.weighted {
            "expected worth"
        } else {
            "chance"
        };
        Some(if enough < listed {
            format!(
                "About {enough} applications bring your {measure} to within 1 point of the most your budget allows; the other {} on the list are the most sought-after programs where your chance is at least 1%. Ask to stop at the point of diminishing returns to apply to {enough} only.",
                listed - enough
            )
        } else {
            format!(
                "Every application on the list counts: with fewer than about {enough}, your {measure} would fall more than 1 point below the most your budget allows."
            )
        })
    }
}

/// A probability as a whole percentage, never shown as certain or impossible.
fn whole_percent(p: f64) -> String {
    if p >= 0.995 {
        ">99%".to_owned()
    } else if p < 0.005 {
        "<1%".to_owned()
    } else {
        format!("{:.0}%", 100.0 * p)
    }
}

/// An eligible candidate, prepared.
pub(crate) struct Candidate<'c> {
    pub market_track: u32,
    pub track: &'c Track,
    pub program: Option<&'c Program>,
    /// Evaluation mean without the latent factor (and without signals).
    pub mean: f64,
    pub terms: market::TrackTerms,
    pub level: usize,
    pub group: usize,
    pub risks: Vec<String>,
    pub worth: f64,
    pub desirability: f64,
    /// The probability that the program can take the applicant's visa need: 1 when it is
    /// known to, an estimate where its sponsorship is not known ([`market::sponsorship`]).
    pub sponsorship: f64,
}

/// Everything computed for one profile before the list is chosen.
pub(crate) struct Prepared<'c> {
    pub strength: StrengthTerms,
    pub candidates: Vec<Candidate<'c>>,
    pub excluded: Vec<Excluded>,
    pub considered: usize,
    pub level_worth: Vec<f64>,
    pub notes: Vec<String>,
}

/// The profile as the simulator's probe applicant.
pub fn probe_of(profile: &Profile) -> ProbeApplicant {
    let (hands_on, total) = usce_months(profile);
    let observership = total - hands_on;
    // The model counts hands-on months, observerships at half weight.
    let (months, is_hands_on) = if hands_on > 0 {
        (
            hands_on + observership / OBSERVERSHIP_MONTHS_PER_CREDITED_MONTH,
            true,
        )
    } else {
        (observership, false)
    };
    ProbeApplicant {
        applicant_type: profile.applicant_type(),
        specialty: profile.preferred_specialty(),
        step2: profile.step2(),
        usce_months: months.min(255) as u8,
        usce_hands_on: is_hands_on,
        years_since_graduation: profile.years_since_graduation(),
        visa: profile.visa(),
        applications: profile.max_applications(),
        exam_failures: profile.exam_failures(),
        list: None,
    }
}

/// Whether a candidate's program takes its specialty's signals (see [`takes_signals`]); a
/// track without a program takes none.
fn candidate_takes_signals(candidate: &Candidate<'_>) -> bool {
    candidate.program.is_some_and(takes_signals)
}

/// Whether a program takes its specialty's ERAS preference signals: as the catalog says or,
/// where it does not say, yes when the specialty uses signals in ERAS (it has a 2025 allotment;
/// Internal Medicine programs all take them from the 2025–26 season).
pub fn takes_signals(program: &Program) -> bool {
    match program.accepts_signals.get() {
        Some(&stated) => stated,
        None => SignalAllotment::find(program.specialty).is_some(),
    }
}

fn specialty_name(code: SpecialtyCode) -> String {
    code.builtin_name().unwrap_or(code.as_str()).to_owned()
}

impl ChanceModel {
    /// Prepares a profile: the eligible candidates with their evaluation means.
    pub(crate) fn prepare<'c>(
        &'c self,
        screening: &ProbeScreening<'_>,
        profile: &Profile,
    ) -> Result<Prepared<'c>, PickError> {
        for (index, code) in profile.specialties().iter().enumerate() {
            if !self.catalog.tracks.iter().any(|t| t.specialty == *code) {
                return Err(PickError::Profile {
                    field: format!("specialties[{index}]"),
                    reason: format!(
                        "the catalog has no program of {} ({code})",
                        specialty_name(*code)
                    ),
                });
            }
        }
        let probe_applicant = probe_of(profile);
        let probe = screening.prepare(&probe_applicant);
        let strength = screening.strength(&probe);
        let mut notes = Vec::new();
        if profile.step2_estimated() {
            notes.push(format!(
                "Step 2 CK {} is estimated from your COMLEX Level 2-CE score; a real Step 2 CK score gives firmer numbers.",
                profile.step2()
            ));
        }
        let has_prefs = profile.has_preferences();
        let level_worth = if has_prefs {
            vec![1.0, profile.other_weight()]
        } else {
            vec![1.0]
        };
        let mut candidates = Vec::new();
        let mut excluded = Vec::new();
        let mut considered = 0;
        for (catalog_track, track) in self.catalog.tracks.iter().enumerate() {
            let Some(group) = profile
                .specialties()
                .iter()
                .position(|s| *s == track.specialty)
            else {
                continue;
            };
            if track.track_type == TrackType::Preliminary && !profile.include_preliminary() {
                continue;
            }
            considered += 1;
            let program_index = self.track_program[catalog_track];
            let program = program_index.map(|i| &self.catalog.programs[i]);
            let sponsorship = program_index.map(|i| &self.program_sponsorship[i]);
            let name = program.map_or(track.name.clone(), |p| p.name.clone());
            let state = program.and_then(|p| p.state.get().copied()).or(track.state);
            let preferred = {
                let place = profile.preferred_states().is_empty()
                    || state.is_some_and(|s| profile.preferred_states().contains(&s));
                let kind = profile.program_types().is_empty()
                    || program
                        .and_then(|p| p.program_type.get())
                        .is_some_and(|t| profile.program_types().contains(t));
                place && kind
            };
            let mut verdict = eligibility::check(profile, track, program.zip(sponsorship));
            if profile.only_preferred() && !preferred {
                verdict.reasons.push(ExclusionReason::OutsidePreferences);
            }
            let market_track = self.market_track[catalog_track];
            if market_track.is_none() && verdict.eligible() {
                verdict.reasons.push(ExclusionReason::NoPositions);
            }
            let terms = market_track
                .and_then(|t| self.screen(screening, &probe, profile.visa(), catalog_track, t));
            if verdict.eligible() && terms.is_none() {
                // Only US clinical experience is counted differently: the model credits
                // observership months at half when there are hands-on months too.
                verdict
                    .reasons
                    .push(ExclusionReason::UsceCreditedBelowRequirement);
            }
            match (verdict.eligible(), market_track, terms) {
                (true, Some(market_track), Some((terms, sponsored))) => {
                    candidates.push(Candidate {
                        market_track,
                        track,
                        program,
                        mean: strength.total() + terms.total(),
                        terms,
                        level: usize::from(has_prefs && !preferred),
                        group,
                        risks: verdict.risks,
                        worth: if preferred {
                            1.0
                        } else {
                            profile.other_weight()
                        },
                        desirability: screening.mean_desirability(market_track),
                        sponsorship: sponsored,
                    });
                }
                _ => excluded.push(Excluded {
                    track: track.code.to_string(),
                    name,
                    state: state.map(|s| s.code().to_owned()),
                    reasons: verdict.reasons,
                }),
            }
        }
        Ok(Prepared {
            strength,
            candidates,
            excluded,
            considered,
            level_worth,
            notes,
        })
    }

    /// The probe's screening terms at a track, with the probability that its program can take
    /// the probe's visa: where that is an estimate, the terms are those if it sponsors, to be
    /// weighed by the probability. `None` when the model screens the probe out there.
    pub(crate) fn screen(
        &self,
        screening: &ProbeScreening<'_>,
        probe: &PreparedProbe,
        visa: VisaNeed,
        catalog_track: usize,
        market_track: u32,
    ) -> Option<(market::TrackTerms, f64)> {
        let sponsorship = self.track_program[catalog_track].map(|i| &self.program_sponsorship[i]);
        match sponsorship {
            Some(sponsorship) if sponsorship.is_estimate(visa) => screening
                .at_track_if_sponsored(probe, market_track, None)
                .map(|terms| (terms, sponsorship.for_visa(visa))),
            _ => screening
                .at_track(probe, market_track, None)
                .map(|terms| (terms, 1.0)),
        }
    }

    /// P(interview) and P(interview and matchable) of a candidate at each latent node, with a
    /// screening bonus (a signal), times the probability `sponsored` that the program can take
    /// the applicant's visa.
    pub(crate) fn node_chances(
        &self,
        market_track: u32,
        mean: f64,
        bonus: f64,
        sponsored: f64,
        out: &mut Vec<(f64, f64)>,
    ) {
        let table = &self.tables[market_track as usize];
        let sd = self.params.applicant_latent_sd;
        out.clear();
        out.extend(self.nodes.iter().map(|&(z, _)| {
            let (pi, pj) = table.at(mean + bonus + sd * z);
            (sponsored * pi, sponsored * pj)
        }));
    }

    /// [`Self::node_chances`] of a candidate, with a screening bonus (a signal).
    fn candidate_node_chances(
        &self,
        candidate: &Candidate<'_>,
        bonus: f64,
        out: &mut Vec<(f64, f64)>,
    ) {
        self.node_chances(
            candidate.market_track,
            candidate.mean,
            bonus,
            candidate.sponsorship,
            out,
        );
    }

    /// P(interview) and P(interview and matchable) over the latent factor, times the
    /// probability `sponsored` that the program can take the applicant's visa.
    pub(crate) fn chances(
        &self,
        market_track: u32,
        mean: f64,
        bonus: f64,
        sponsored: f64,
    ) -> (f64, f64) {
        let table = &self.tables[market_track as usize];
        let sd = self.params.applicant_latent_sd;
        let (pi, pj) = self.nodes.iter().fold((0.0, 0.0), |(i, j), &(z, w)| {
            let (pi, pj) = table.at(mean + bonus + sd * z);
            (i + w * pi, j + w * pj)
        });
        (sponsored * pi, sponsored * pj)
    }

    fn signal_bonus(&self, tier: Option<SignalTier>) -> f64 {
        market::signal_bonus(&self.params, tier)
    }

    /// Every eligible program's chances for a profile, with their factors, without choosing a
    /// list (no signals), in catalog order.
    pub fn program_chances(&self, profile: &Profile) -> Result<Vec<ProgramChance>, PickError> {
        let screening = ProbeScreening::new(&self.setup, &self.params);
        let prepared = self.prepare(&screening, profile)?;
        Ok((0..prepared.candidates.len())
            .map(|c| self.describe(profile, &prepared, c, None, true))
            .collect())
    }

    /// P(match) of a given list of tracks (NRMP codes), without signals. Tracks the profile
    /// is not eligible for count as no chance.
    pub fn list_p_match(&self, profile: &Profile, tracks: &[String]) -> Result<f64, PickError> {
        let screening = ProbeScreening::new(&self.setup, &self.params);
        let prepared = self.prepare(&screening, profile)?;
        let list: Vec<usize> = prepared
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| tracks.iter().any(|t| *t == c.track.code.as_str()))
            .map(|(i, _)| i)
            .collect();
        let signals = vec![None; prepared.candidates.len()];
        Ok(self.list_summary(&prepared, &list, &signals).0)
    }

    /// Runs Smart Pick for a profile.
    pub fn pick(&self, profile: &Profile) -> Result<Pick, PickError> {
        let screening = ProbeScreening::new(&self.setup, &self.params);
        self.pick_with(&screening, profile, true)
    }

    pub(crate) fn pick_with(
        &self,
        screening: &ProbeScreening<'_>,
        profile: &Profile,
        details: bool,
    ) -> Result<Pick, PickError> {
        let prepared = self.prepare(screening, profile)?;
        let selection = self.select_list(&prepared, profile, details);
        let (signal_of, advice) = self.place_signals(&prepared, profile, &selection.chosen);
        let (p_match, expected_worth, expected_interviews) =
            self.list_summary(&prepared, &selection.chosen, &signal_of);
        let mut order: Vec<usize> = selection.chosen.clone();
        // Most preferred first: level, then the model's mean desirability.
        order.sort_by(|&a, &b| {
            let (ca, cb) = (&prepared.candidates[a], &prepared.candidates[b]);
            ca.level
                .cmp(&cb.level)
                .then(ca.group.cmp(&cb.group))
                .then(cb.desirability.total_cmp(&ca.desirability))
        });
        let list = order
            .iter()
            .map(|&c| self.describe(profile, &prepared, c, signal_of[c], details))
            .collect();
        let mut notes = prepared.notes.clone();
        if selection.chosen.is_empty() {
            notes.push("No program in the chosen specialties can consider this profile; see the excluded programs and the improvement plan.".to_owned());
        }
        Ok(Pick {
            p_match,
            expected_worth,
            weighted: prepared.level_worth.len() > 1,
            expected_interviews,
            list,
            curve: selection.curve,
            enough_applications: selection.enough,
            budget_best: selection.budget_best,
            // The improvement plan's runs need only the chance and the fees.
            typical: if details {
                self.typical_baseline(&prepared, profile, selection.chosen.len())
            } else {
                TypicalBaseline::default()
            },
            cost_usd: selection.cost_usd,
            signals: advice,
            excluded: if details {
                prepared.excluded.clone()
            } else {
                Vec::new()
            },
            considered: prepared.considered,
            eligible: prepared.candidates.len(),
            notes,
        })
    }

    /// The list the optimizer chooses among the eligible candidates within the profile's
    /// budget (with the curve of P(match) by list length when `details` are wanted).
    fn select_list(&self, prepared: &Prepared<'_>, profile: &Profile, details: bool) -> Selection {
        let nodes = self.nodes.len();
        let node_weights: Vec<f64> = self.nodes.iter().map(|n| n.1).collect();
        let mut joint = Vec::with_capacity(prepared.candidates.len() * nodes);
        let mut scratch = Vec::with_capacity(nodes);
        for c in &prepared.candidates {
            self.candidate_node_chances(c, 0.0, &mut scratch);
            joint.extend(scratch.iter().map(|p| p.1));
        }
        let levels: Vec<usize> = prepared.candidates.iter().map(|c| c.level).collect();
        let groups: Vec<usize> = prepared.candidates.iter().map(|c| c.group).collect();
        let desirability: Vec<f64> = prepared.candidates.iter().map(|c| c.desirability).collect();
        let fees = FeeSchedule::for_season(FEE_SEASON).unwrap_or(&targets::ERAS_FEE_SCHEDULES[0]);
        let applications = match profile.max_dollars() {
            // No list can hold more programs than the dollars buy at the lowest fee.
            Some(d) => profile
                .max_applications()
                .min(d / fees.first_tier_fee_usd.max(1)),
            None => profile.max_applications(),
        };
        let problem = Problem {
            node_weights: &node_weights,
            level_worth: &prepared.level_worth,
            chances: &joint,
            levels: &levels,
            groups: &groups,
            budget: Budget {
                applications,
                dollars: profile.max_dollars(),
                fees,
            },
            desirability: &desirability,
            curve_to: if details { CURVE_TO } else { 0 },
            length: if profile.stops_at_diminishing_returns() {
                ListLength::DiminishingReturns
            } else {
                ListLength::FillBudget
            },
        };
        optimize(&problem)
    }

    /// Places each specialty's signals (the profile's own counts for the preferred specialty,
    /// else the specialty's ERAS allotment) on the chosen programs that take them, where they
    /// gain most: the signal of each candidate and the advice per specialty.
    fn place_signals(
        &self,
        prepared: &Prepared<'_>,
        profile: &Profile,
        chosen: &[usize],
    ) -> (Vec<Option<SignalTier>>, Vec<SignalAdvice>) {
        let mut signal_of: Vec<Option<SignalTier>> = vec![None; prepared.candidates.len()];
        let mut advice = Vec::new();
        for (group, &specialty) in profile.specialties().iter().enumerate() {
            let allotment = SignalAllotment::find(specialty);
            let (gold, silver) = match (profile.signals(), allotment) {
                (Some(counts), _) if group == 0 => counts,
                (_, Some(a)) => (a.gold, a.silver),
                (_, None) => (0, 0),
            };
            if gold == 0 && silver == 0 {
                continue;
            }
            advice.push(self.place_specialty_signals(
                prepared,
                chosen,
                (group, specialty),
                (gold, silver),
                &mut signal_of,
            ));
        }
        (signal_of, advice)
    }

    /// Places the `(gold, silver)` signals of one specialty (its group among the profile's
    /// specialties, and its code) one at a time, gold first, each where it gains most given
    /// the signals already placed, and says where they went.
    fn place_specialty_signals(
        &self,
        prepared: &Prepared<'_>,
        chosen: &[usize],
        (group, specialty): (usize, SpecialtyCode),
        (gold, silver): (u8, u8),
        signal_of: &mut [Option<SignalTier>],
    ) -> SignalAdvice {
        let p_match_without = self.list_summary(prepared, chosen, signal_of).0;
        let mut notes = Vec::new();
        let mut placed = (Vec::new(), Vec::new());
        for (tier, count) in [(SignalTier::Gold, gold), (SignalTier::Silver, silver)] {
            for _ in 0..count {
                let Some(c) = self.best_signal_target(prepared, chosen, group, signal_of, tier)
                else {
                    notes.push(format!(
                        "No more programs on the list take {} signals; the rest are unused.",
                        specialty_name(specialty)
                    ));
                    break;
                };
                signal_of[c] = Some(tier);
                let code = prepared.candidates[c].track.code.to_string();
                match tier {
                    SignalTier::Gold => placed.0.push(code),
                    SignalTier::Silver => placed.1.push(code),
                }
            }
        }
        let unstated = signal_of
            .iter()
            .enumerate()
            .filter(|(c, tier)| {
                tier.is_some()
                    && prepared.candidates[*c].group == group
                    && prepared.candidates[*c]
                        .program
                        .is_some_and(|p| !p.accepts_signals.is_known())
            })
            .count();
        if unstated > 0 {
            notes.push(format!(
                "The catalog does not say whether {unstated} of the programs signalled take signals; they are taken to, as {} uses signals in ERAS (Internal Medicine programs all take them from the 2025–26 season). Confirm in ERAS before you send them.",
                specialty_name(specialty)
            ));
        }
        notes.dedup();
        SignalAdvice {
            specialty: specialty.as_str().to_owned(),
            specialty_name: specialty_name(specialty),
            gold_available: gold,
            silver_available: silver,
            gold: placed.0,
            silver: placed.1,
            p_match_without,
            p_match_with: self.list_summary(prepared, chosen, signal_of).0,
            notes,
        }
    }

    /// The chosen candidate of the specialty's `group`, not yet signalled and taking signals,
    /// where a signal of `tier` raises the list's objective most (the first of equals); none
    /// when no chosen program can take it.
    fn best_signal_target(
        &self,
        prepared: &Prepared<'_>,
        chosen: &[usize],
        group: usize,
        signal_of: &[Option<SignalTier>],
        tier: SignalTier,
    ) -> Option<usize> {
        let mut best: Option<(usize, f64)> = None;
        let miss = self.miss_table(prepared, chosen, signal_of);
        let mut scratch = Vec::new();
        for &c in chosen {
            let candidate = &prepared.candidates[c];
            if candidate.group != group
                || signal_of[c].is_some()
                || !candidate_takes_signals(candidate)
            {
                continue;
            }
            let value = self.objective_with_signal(prepared, &miss, c, tier, &mut scratch);
            if best.is_none_or(|(_, v)| value > v) {
                best = Some((c, value));
            }
        }
        best.map(|(c, _)| c)
    }

    /// Per level and node, the chance of being matchable nowhere on the list's programs of
    /// that level.
    fn miss_table(
        &self,
        prepared: &Prepared<'_>,
        list: &[usize],
        signals: &[Option<SignalTier>],
    ) -> Vec<f64> {
        let nodes = self.nodes.len();
        let mut miss = vec![1.0; prepared.level_worth.len() * nodes];
        let mut scratch = Vec::with_capacity(nodes);
        for &c in list {
            let candidate = &prepared.candidates[c];
            let bonus = self.signal_bonus(signals[c]);
            self.candidate_node_chances(candidate, bonus, &mut scratch);
            for (node, &(_, pj)) in scratch.iter().enumerate() {
                miss[candidate.level * nodes + node] *= 1.0 - pj;
            }
        }
        miss
    }

    /// P(match) and the expected worth from a [`Self::miss_table`].
    fn outcome_of(&self, prepared: &Prepared<'_>, miss: &[f64]) -> (f64, f64) {
        let outcome = list_outcome(
            &prepared.level_worth,
            self.nodes.iter().map(|&(_, weight)| weight),
            miss,
        );
        (outcome.p_match, outcome.worth)
    }

    /// The list's objective if candidate `c`, on the list, had a signal of `tier` instead of
    /// none: its factor in the miss table is swapped.
    fn objective_with_signal(
        &self,
        prepared: &Prepared<'_>,
        miss: &[f64],
        c: usize,
        tier: SignalTier,
        scratch: &mut Vec<f64>,
    ) -> f64 {
        let nodes = self.nodes.len();
        let candidate = &prepared.candidates[c];
        let table = &self.tables[candidate.market_track as usize];
        let sd = self.params.applicant_latent_sd;
        let bonus = self.signal_bonus(Some(tier));
        scratch.clear();
        scratch.extend_from_slice(miss);
        for (node, &(z, _)) in self.nodes.iter().enumerate() {
            let before = table.at(candidate.mean + sd * z).1.min(0.999_999);
            let after = table.at(candidate.mean + bonus + sd * z).1;
            scratch[candidate.level * nodes + node] *= (1.0 - after) / (1.0 - before);
        }
        self.outcome_of(prepared, scratch).1
    }

    /// The typical-list baseline of a prepared profile with as many applications as its list.
    fn typical_baseline(
        &self,
        prepared: &Prepared<'_>,
        profile: &Profile,
        applications: usize,
    ) -> TypicalBaseline {
        let lists = self.typical_lists(prepared, profile, applications);
        let no_signals = vec![None; prepared.candidates.len()];
        let (mut p_match, mut interviews) = (0.0, 0.0);
        for list in &lists {
            let (p, _, i) = self.list_summary(prepared, list, &no_signals);
            p_match += p;
            interviews += i;
        }
        let samples = lists.len().max(1) as f64;
        TypicalBaseline {
            applications: applications.max(1) as u32,
            p_match: p_match / samples,
            expected_interviews: interviews / samples,
        }
    }

    /// The interview offers a profile can expect from `applications` applications chosen the
    /// way simulated applicants choose them (offers, not interviews attended, so the model's
    /// interview cap does not apply), and at the programs of those lists that take signals,
    /// the offers expected without and with a signal that adds `signal_bonus` to the screening
    /// evaluation: each averaged over the lists.
    pub fn typical_offers(
        &self,
        profile: &Profile,
        applications: u32,
        signal_bonus: f64,
    ) -> Result<TypicalOffers, PickError> {
        let screening = ProbeScreening::new(&self.setup, &self.params);
        let prepared = self.prepare(&screening, profile)?;
        let lists = self.typical_lists(&prepared, profile, applications as usize);
        let mut total = TypicalOffers::default();
        for &c in lists.iter().flatten() {
            let candidate = &prepared.candidates[c];
            let chance = |bonus| {
                self.chances(
                    candidate.market_track,
                    candidate.mean,
                    bonus,
                    candidate.sponsorship,
                )
                .0
            };
            let without = chance(0.0);
            total.offers += without;
            if candidate.program.is_some_and(takes_signals) {
                total.signal_programs += 1.0;
                total.offers_at_signal_programs += without;
                total.offers_with_signals += chance(signal_bonus);
            }
        }
        let lists = lists.len().max(1) as f64;
        Ok(TypicalOffers {
            offers: total.offers / lists,
            signal_programs: total.signal_programs / lists,
            offers_at_signal_programs: total.offers_at_signal_programs / lists,
            offers_with_signals: total.offers_with_signals / lists,
        })
    }

    /// [`TYPICAL_SAMPLES`] typical lists of `applications` tracks, as candidates; tracks the
    /// profile cannot apply to are left out (they bring nothing).
    fn typical_lists(
        &self,
        prepared: &Prepared<'_>,
        profile: &Profile,
        applications: usize,
    ) -> Vec<Vec<usize>> {
        let probe = ProbeApplicant {
            applications: applications.max(1) as u32,
            ..probe_of(profile)
        };
        let candidate_at: HashMap<u32, usize> = prepared
            .candidates
            .iter()
            .enumerate()
            .map(|(c, candidate)| (candidate.market_track, c))
            .collect();
        self.typical
            .lists(
                &self.setup,
                &self.params,
                &probe,
                TYPICAL_SAMPLES,
                TYPICAL_SEED,
            )
            .iter()
            .map(|list| {
                list.iter()
                    .filter_map(|track| candidate_at.get(track).copied())
                    .collect()
            })
            .collect()
    }

    /// P(match), expected worth and expected interviews (attending at most the model's
    /// interview cap) of a list with signals.
    pub(crate) fn list_summary(
        &self,
        prepared: &Prepared<'_>,
        list: &[usize],
        signals: &[Option<SignalTier>],
    ) -> (f64, f64, f64) {
        let nodes = self.nodes.len();
        let miss = self.miss_table(prepared, list, signals);
        let (p_match, worth) = self.outcome_of(prepared, &miss);
        // Per node, the distribution of interviews offered, the last cell holding the cap or
        // more.
        let cap = self.params.max_interviews.max(1) as usize;
        let mut offered = vec![0.0; nodes * (cap + 1)];
        for node in 0..nodes {
            offered[node * (cap + 1)] = 1.0;
        }
        let mut scratch = Vec::with_capacity(nodes);
        for &c in list {
            let candidate = &prepared.candidates[c];
            let bonus = self.signal_bonus(signals[c]);
            self.candidate_node_chances(candidate, bonus, &mut scratch);
            for (node, &(pi, _)) in scratch.iter().enumerate() {
                let cells = &mut offered[node * (cap + 1)..(node + 1) * (cap + 1)];
                cells[cap] += cells[cap - 1] * pi;
                for k in (1..cap).rev() {
                    cells[k] = cells[k] * (1.0 - pi) + cells[k - 1] * pi;
                }
                cells[0] *= 1.0 - pi;
            }
        }
        let interviews = (0..nodes)
            .map(|node| {
                let cells = &offered[node * (cap + 1)..(node + 1) * (cap + 1)];
                let mean: f64 = cells.iter().enumerate().map(|(k, p)| k as f64 * p).sum();
                self.nodes[node].1 * mean
            })
            .sum();
        (p_match, worth, interviews)
    }

    /// A candidate as shown: chances, tier, fit and factors.
    fn describe(
        &self,
        profile: &Profile,
        prepared: &Prepared<'_>,
        c: usize,
        signal: Option<SignalTier>,
        details: bool,
    ) -> ProgramChance {
        let candidate = &prepared.candidates[c];
        let bonus = self.signal_bonus(signal);
        let (p_interview, p_match) = self.chances(
            candidate.market_track,
            candidate.mean,
            bonus,
            candidate.sponsorship,
        );
        let table = &self.tables[candidate.market_track as usize];
        let fit = table.at(candidate.mean + bonus).0;
        let track = candidate.track;
        let program = candidate.program;
        let factors = if details {
            self.factors(profile, prepared, candidate, bonus, signal, p_interview)
        } else {
            Vec::new()
        };
        ProgramChance {
            track: track.code.to_string(),
            track_type: track.track_type.name().to_owned(),
            program_id: track.program.as_ref().map(|p| p.to_string()),
            name: program.map_or(track.name.clone(), |p| p.name.clone()),
            institution: program
                .and_then(|p| p.institution.get().cloned())
                .unwrap_or_else(|| track.institution_name.clone()),
            city: program.and_then(|p| p.city.get().cloned()),
            state: program
                .and_then(|p| p.state.get().copied())
                .or(track.state)
                .map(|s| s.code().to_owned()),
            specialty: track.specialty.as_str().to_owned(),
            specialty_name: specialty_name(track.specialty),
            p_interview,
            p_match,
            tier: Tier::of(p_interview),
            fit_score: (100.0 * fit).round().clamp(0.0, 100.0) as u8,
            factors,
            risks: candidate.risks.clone(),
            signal,
            worth: candidate.worth,
        }
    }

    fn factors(
        &self,
        profile: &Profile,
        prepared: &Prepared<'_>,
        candidate: &Candidate<'_>,
        bonus: f64,
        signal: Option<SignalTier>,
        p_interview: f64,
    ) -> Vec<Factor> {
        let params = &self.params;
        let effect = |delta: f64| {
            let without = self
                .chances(
                    candidate.market_track,
                    candidate.mean + bonus - delta,
                    0.0,
                    candidate.sponsorship,
                )
                .0;
            100.0 * (p_interview - without)
        };
        let strength = &prepared.strength;
        let mut factors = Vec::new();
        // An IMG's score is set against matched non-US IMGs of the specialty (Charting
        // Outcomes 2026), anyone else's against matched US MD seniors.
        let specialty = candidate.track.specialty;
        let img_median = NonUsImgSpecialtySummary::find(specialty)
            .and_then(|row| row.step2_matched.median)
            .filter(|_| profile.is_img());
        let (reference, whom) = match img_median {
            Some(median) => (median, "non-US IMGs"),
            None => (
                UsMdStep2Quartiles::find(specialty)
                    .map_or(STEP2_STANDARD_CENTRE as u16, |row| row.matched_median),
                "US MD seniors",
            ),
        };
        let step2_delta = params.step2_weight * (f64::from(profile.step2()) - f64::from(reference))
            / STEP2_STANDARD_SCALE
            + candidate.terms.step2_extra;
        factors.push(Factor {
            label: format!(
                "Step 2 CK {}{} against {reference}, the median of matched {whom} in {}",
                profile.step2(),
                if profile.step2_estimated() {
                    " (estimated)"
                } else {
                    ""
                },
                specialty_name(specialty)
            ),
            effect_points: effect(step2_delta),
            topic: "scores",
        });
        if profile.is_img() {
            let (hands_on, total) = usce_months(profile);
            factors.push(Factor {
                label: if total == 0 {
                    "no recent US clinical experience".to_owned()
                } else {
                    format!(
                        "{hands_on} months of hands-on and {} of observership US clinical experience",
                        total - hands_on
                    )
                },
                effect_points: if strength.usce > 0.0 { effect(strength.usce) } else { effect(-params.usce_weight) },
                topic: "usce",
            });
            if strength.years_since_graduation < 0.0 {
                factors.push(Factor {
                    label: format!(
                        "graduated {} years before the Match",
                        profile.years_since_graduation()
                    ),
                    effect_points: effect(strength.years_since_graduation),
                    topic: "graduation",
                });
            }
        }
        if strength.exam_failures < 0.0 {
            factors.push(Factor {
                label: format!("{} failed exam attempt(s)", profile.exam_failures()),
                effect_points: effect(strength.exam_failures),
                topic: "attempts",
            });
        }
        if candidate.terms.type_penalty < 0.0 {
            factors.push(Factor {
                label: if profile.is_img() {
                    "an IMG: programs screen US graduates first, even those most open to IMGs"
                } else {
                    "a DO graduate: some programs screen MD graduates first"
                }
                .to_owned(),
                effect_points: effect(candidate.terms.type_penalty),
                topic: "img_friendly",
            });
        }
        if candidate.terms.mix_penalty < 0.0 {
            let share = candidate
                .program
                .and_then(|p| p.resident_mix.get())
                .map(|m| (m.img_pct, m.do_pct, ""))
                .or_else(|| {
                    let m = self.estimated_mix(candidate.program?)?;
                    Some((100.0 * m.img_share, 100.0 * m.do_share, " (estimated)"))
                })
                .map(|(img, dos, note)| (if profile.is_img() { img } else { dos }, note));
            let kind = if profile.is_img() {
                "IMGs"
            } else {
                "DO graduates"
            };
            factors.push(Factor {
                label: match share {
                    Some((pct, note)) => format!(
                        "{pct:.0}% of its residents are {kind}{note}, fewer than at the programs most open to them"
                    ),
                    None => "its resident mix is not known".to_owned(),
                },
                effect_points: effect(candidate.terms.mix_penalty),
                topic: "img_friendly",
            });
        }
        if candidate.terms.missed_preferences > 0 {
            factors.push(Factor {
                label: format!(
                    "misses {} of its stated preferences",
                    candidate.terms.missed_preferences
                ),
                effect_points: effect(candidate.terms.preference_penalty),
                topic: "requirements",
            });
        }
        if let Some(tier) = signal {
            factors.push(Factor {
                label: format!(
                    "{} signal",
                    match tier {
                        SignalTier::Gold => "gold",
                        SignalTier::Silver => "silver",
                    }
                ),
                effect_points: effect(bonus),
                topic: "signals",
            });
        }
        if profile.visa() != VisaNeed::None {
            factors.push(if candidate.sponsorship < 1.0 {
                Factor {
                    label: format!(
                        "may sponsor the visa you need: estimated at {:.0}%",
                        100.0 * candidate.sponsorship
                    ),
                    // What the estimate takes off the chance of an interview.
                    effect_points: -100.0 * p_interview * (1.0 / candidate.sponsorship - 1.0),
                    topic: "visa",
                }
            } else {
                Factor {
                    label: "sponsors the visa you need".to_owned(),
                    effect_points: 0.0,
                    topic: "visa",
                }
            });
        }
        factors.sort_by(|a, b| b.effect_points.abs().total_cmp(&a.effect_points.abs()));
        factors
    }
}
