//! One Match season end to end, and many seasons in parallel.
//!
//! A season runs in stages, one module each, in this order:
//! 1. [`applications`]: programs' desirability this season; then each applicant is drawn
//!    ([`applicants`]), chooses where to apply, and each program screens the application with
//!    the one screening function ([`crate::evaluation`]) plus noise;
//! 2. [`interviews`]: invitations and acceptances in rounds;
//! 3. [`rank_lists`]: both sides' rank order lists;
//! 4. [`couples`]: a few applicants pair up and rank jointly;
//! 5. [`matching`]: the NRMP algorithm;
//! 6. [`tallies`]: the outcomes, and what happened to each probe.
//!
//! Every draw comes from a stream of one stage and one entity ([`streams`]), so the season is
//! the same whatever the number of threads and whatever order the entities run in.

mod applicants;
mod applications;
mod couples;
mod interviews;
mod keys;
mod matching;
mod rank_lists;
mod streams;
mod tallies;

use rayon::prelude::*;
use targets::ApplicantType;

use crate::evaluation::Screening;
use crate::outcomes::SeasonOutcomes;
use crate::params::BehaviourParameters;
use crate::probe::{ProbeApplicant, ProbeError, ProbeList, ProbeOutcomes};
use crate::setup::SeasonSetup;

pub(crate) use applicants::{Applicant, probe_without_latent};
pub use applications::TypicalLists;
use rank_lists::RankScores;
use streams::{Entity, Stage, StreamRng, Streams};

/// One season being simulated: the market, the parameters, the probes inserted, the random
/// streams and what screening needs.
pub(crate) struct Season<'a> {
    setup: &'a SeasonSetup,
    params: &'a BehaviourParameters,
    probes: &'a [ProbeApplicant],
    streams: Streams,
    screening: Screening,
    /// Cumulative specialty shares of US MD seniors under the parameters' demand factors.
    us_md_choice: Option<Vec<f64>>,
}

impl<'a> Season<'a> {
    fn new(
        setup: &'a SeasonSetup,
        params: &'a BehaviourParameters,
        probes: &'a [ProbeApplicant],
        seed: u64,
        season: u32,
    ) -> Season<'a> {
        Season {
            setup,
            params,
            probes,
            streams: Streams::new(seed, season),
            screening: Screening::new(setup, params),
            us_md_choice: setup.us_md_specialty_choice(params),
        }
    }

    /// Simulated applicants (the probes come after them).
    fn simulated_count(&self) -> usize {
        self.setup.applicant_counts.iter().sum::<u32>() as usize
    }

    /// The index of the first probe.
    fn first_probe(&self) -> usize {
        self.simulated_count()
    }

    /// Every applicant, the probes included.
    fn applicant_count(&self) -> usize {
        self.simulated_count() + self.probes.len()
    }

    /// The probe's position among the probes, when applicant `index` is one.
    fn probe_number(&self, index: usize) -> Option<usize> {
        index
            .checked_sub(self.first_probe())
            .filter(|&number| number < self.probes.len())
    }

    /// The explicit list of applicant `index`, when it is a probe with one.
    fn probe_list(&self, index: usize) -> Option<&'a ProbeList> {
        self.probe_number(index)
            .and_then(|number| self.probes[number].list.as_ref())
    }

    /// Applicant `index`'s stream in a stage (a probe's own family of streams for probes).
    fn applicant_rng(&self, stage: Stage, index: usize) -> StreamRng {
        let entity = match self.probe_number(index) {
            Some(number) => Entity::Probe(number as u32),
            None => Entity::Applicant(index as u32),
        };
        self.streams.rng(stage, entity)
    }

    /// Cumulative shares of the specialties applicants of `kind` prefer.
    fn specialty_choice(&self, kind: ApplicantType) -> &[f64] {
        match (&self.us_md_choice, kind) {
            (Some(choice), ApplicantType::UsMdSenior) => choice,
            _ => &self.setup.specialty_choice[kind.index()],
        }
    }
}

/// Per track of one season, the evaluations that separated in from out: the lowest screening
/// evaluation a track invited to interview (minus infinity when it invited everyone who
/// applied), and the lowest rank score it matched (minus infinity when it did not fill).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeasonCutoffs {
    pub interview: Vec<f32>,
    pub matched: Vec<f32>,
}

/// The largest buffers of a season, kept from one season to the next that a task simulates:
/// fresh memory costs a page fault per page, which showed in the season's profile.
#[derive(Default)]
struct Buffers {
    scratches: Vec<applications::Scratch>,
    screened: applications::Screened,
}

/// What one season gives back.
struct SeasonResult {
    outcomes: SeasonOutcomes,
    probes: Vec<ProbeOutcomes>,
    cutoffs: Option<SeasonCutoffs>,
}

/// Simulates one season, stage after stage; the probes are inserted and their outcomes tallied
/// separately. `keep` says whether the season's cutoffs are recorded.
fn run_season(
    buffers: &mut Buffers,
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    season_number: u32,
    probes: &[ProbeApplicant],
    keep: RankScores,
) -> SeasonResult {
    let season = Season::new(setup, params, probes, seed, season_number);
    let programs = applications::Programs::draw(&season);
    let applications = applications::apply(
        &season,
        &programs,
        &mut buffers.scratches,
        &mut buffers.screened,
    );
    let interviews =
        interviews::offer_rounds(&season, &programs, &applications, &mut buffers.screened);
    let (program_lists, applicant_lists) = rayon::join(
        || rank_lists::program_lists(&season, &interviews, keep),
        || rank_lists::applicant_lists(&season, &interviews),
    );
    let couples = couples::pair(&season, &applicant_lists);
    let season_match = matching::run(&season, program_lists.tracks, &applicant_lists, couples);
    let finished = tallies::Finished {
        applicants: &applications.applicants,
        sent: &applications.sent,
        interviews: &interviews,
        lists: &applicant_lists,
        matching: season_match.matching(),
        couples_unsettled: season_match.couples_unsettled,
    };
    let cutoffs = program_lists.rank_scores.map(|scores| SeasonCutoffs {
        interview: interviews.interview_cutoffs.clone(),
        matched: matching::match_cutoffs(&season, season_match.matching(), &scores),
    });
    SeasonResult {
        outcomes: tallies::season_outcomes(&season, &finished),
        probes: tallies::probe_outcomes(&season, &finished),
        cutoffs,
    }
}

/// Simulates one Match season of the market `setup` describes, from `seed` and the season
/// number (each season has its own random streams).
pub fn simulate_season(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    season: u32,
) -> SeasonOutcomes {
    let mut buffers = Buffers::default();
    run_season(
        &mut buffers,
        setup,
        params,
        seed,
        season,
        &[],
        RankScores::Drop,
    )
    .outcomes
}

/// Simulates seasons `0..seasons` in parallel and merges their tallies as they finish
/// (markets are never kept). `on_done` is called with each finished season's number. The
/// result is the same for any number of threads.
pub fn simulate_seasons(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    on_done: impl Fn(u32) + Sync,
) -> SeasonOutcomes {
    simulate_many(setup, params, seed, seasons, &[], on_done).0
}

/// As [`simulate_seasons`], with the probe inserted into every season; also returns what
/// happened to the probe. Refuses a probe whose specialty has no track in the market.
pub fn simulate_seasons_with_probe(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    probe: &ProbeApplicant,
    on_done: impl Fn(u32) + Sync,
) -> Result<(SeasonOutcomes, ProbeOutcomes), ProbeError> {
    let (outcomes, mut probes) = simulate_seasons_with_probes(
        setup,
        params,
        seed,
        seasons,
        std::slice::from_ref(probe),
        on_done,
    )?;
    Ok((outcomes, probes.pop().unwrap_or_else(ProbeOutcomes::empty)))
}

/// As [`simulate_seasons`], with every probe inserted into every season (they apply, are
/// screened and are ranked alongside each other and everyone else); also returns what happened
/// to each. Refuses a probe whose specialty has no track in the market, or whose list names a
/// track that is not in it.
pub fn simulate_seasons_with_probes(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    probes: &[ProbeApplicant],
    on_done: impl Fn(u32) + Sync,
) -> Result<(SeasonOutcomes, Vec<ProbeOutcomes>), ProbeError> {
    for probe in probes {
        if setup.specialty_of(probe.specialty).is_none() {
            return Err(ProbeError::Invalid {
                field: "specialty",
                reason: format!(
                    "the catalog has no track of specialty {} to apply to",
                    probe.specialty
                ),
            });
        }
        if let Some(list) = &probe.list {
            let outside = list
                .tracks
                .iter()
                .chain(list.signals.iter().map(|(track, _)| track))
                .find(|&&track| track as usize >= setup.track_count());
            if let Some(track) = outside {
                return Err(ProbeError::Invalid {
                    field: "list",
                    reason: format!("track {track} is not in the market"),
                });
            }
        }
    }
    Ok(simulate_many(setup, params, seed, seasons, probes, on_done))
}

/// Simulates seasons `0..seasons` and returns each one's cutoffs, in season order.
pub(crate) fn season_cutoffs(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    on_done: impl Fn(u32) + Sync,
) -> Vec<SeasonCutoffs> {
    (0..seasons)
        .into_par_iter()
        .map_init(Buffers::default, |buffers, season| {
            let result = run_season(buffers, setup, params, seed, season, &[], RankScores::Keep);
            on_done(season);
            result
                .cutoffs
                .expect("a season asked to keep its rank scores records its cutoffs")
        })
        .collect()
}

fn simulate_many(
    setup: &SeasonSetup,
    params: &BehaviourParameters,
    seed: u64,
    seasons: u32,
    probes: &[ProbeApplicant],
    on_done: impl Fn(u32) + Sync,
) -> (SeasonOutcomes, Vec<ProbeOutcomes>) {
    let codes = setup.specialty_codes();
    let empty = || {
        (
            SeasonOutcomes::empty(&codes, setup.track_count()),
            vec![ProbeOutcomes::empty(); probes.len()],
        )
    };
    let empty_with_buffers = || (empty(), Buffers::default());
    let merge_probes = |a: Vec<ProbeOutcomes>, b: &[ProbeOutcomes]| -> Vec<ProbeOutcomes> {
        a.into_iter().zip(b).map(|(a, b)| a.merge(b)).collect()
    };
    (0..seasons)
        .into_par_iter()
        .fold(
            empty_with_buffers,
            |((outcomes, probe_outcomes), mut buffers), season| {
                let one = run_season(
                    &mut buffers,
                    setup,
                    params,
                    seed,
                    season,
                    probes,
                    RankScores::Drop,
                );
                on_done(season);
                (
                    (
                        outcomes.merge(&one.outcomes),
                        merge_probes(probe_outcomes, &one.probes),
                    ),
                    buffers,
                )
            },
        )
        .map(|(tallies, _)| tallies)
        .reduce(empty, |(a, pa), (b, pb)| {
            (a.merge(&b), merge_probes(pa, &pb))
        })
}
