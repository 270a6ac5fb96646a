//! What the join did, counted and illustrated, for the person importing the files.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use catalog::{NrmpCode, Program, ProgramId, SpecialtyCode, Track, TrackType, UsState};
use serde::{Deserialize, Serialize};

use super::{Candidate, JoinStatus, ProgramJoin};

/// How many examples of each kind of outcome a report keeps.
const EXAMPLES: usize = 5;

/// Counts and examples of a FREIDA–NRMP join.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinReport {
    /// FREIDA programs given.
    pub programs: usize,
    /// Programs joined to a categorical (or primary-care) track of their specialty.
    pub joined: usize,
    /// Of the joined programs, those whose anchor is a primary-care (M) track, for
    /// institutions that list no categorical track the program could join.
    pub joined_through_primary_care: usize,
    /// Programs left unjoined because candidates were too close to call.
    pub ambiguous: usize,
    /// Programs with no good enough candidate.
    pub unmatched: usize,
    /// NRMP tracks given, of all specialties.
    pub tracks: usize,
    /// Tracks linked to a FREIDA program.
    pub tracks_linked: usize,
    /// Tracks left unlinked.
    pub tracks_unlinked: usize,
    /// The same per specialty, for the specialties of the FREIDA programs.
    pub specialties: Vec<SpecialtyJoin>,
    /// A few joins, spread over the list.
    pub joined_examples: Vec<JoinExample>,
    /// A few ambiguous programs with their candidates.
    pub ambiguous_examples: Vec<JoinExample>,
    /// A few unmatched programs with their nearest candidates.
    pub unmatched_examples: Vec<JoinExample>,
}

/// Join counts of one specialty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialtyJoin {
    /// The specialty.
    pub specialty: SpecialtyCode,
    /// FREIDA programs of the specialty.
    pub programs: usize,
    /// Those joined.
    pub joined: usize,
    /// Those ambiguous.
    pub ambiguous: usize,
    /// Those unmatched.
    pub unmatched: usize,
    /// NRMP tracks of the specialty.
    pub tracks: usize,
    /// Of which categorical or primary-care tracks.
    pub anchor_tracks: usize,
    /// Tracks linked to a FREIDA program.
    pub tracks_linked: usize,
    /// Categorical or primary-care tracks linked.
    pub anchor_tracks_linked: usize,
    /// Tracks left unlinked.
    pub tracks_unlinked: usize,
    /// NRMP institutions with tracks of the specialty.
    pub institutions: usize,
    /// Those with their tracks linked.
    pub institutions_linked: usize,
}

/// One program and the tracks that decided its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinExample {
    /// The program's id.
    pub program: ProgramId,
    /// The program's name.
    pub name: String,
    /// The program's state.
    pub state: Option<UsState>,
    /// The joined track, the candidates, or the nearest candidates.
    pub candidates: Vec<Candidate>,
}

impl JoinReport {
    pub(super) fn new(
        programs: &[Program],
        tracks: &[Track],
        joins: &[ProgramJoin],
        links: &[(NrmpCode, ProgramId)],
    ) -> JoinReport {
        let linked: HashSet<&NrmpCode> = links.iter().map(|(code, _)| code).collect();
        let mut specialties: BTreeMap<SpecialtyCode, SpecialtyJoin> = programs
            .iter()
            .map(|program| {
                (
                    program.specialty,
                    SpecialtyJoin {
                        specialty: program.specialty,
                        programs: 0,
                        joined: 0,
                        ambiguous: 0,
                        unmatched: 0,
                        tracks: 0,
                        anchor_tracks: 0,
                        tracks_linked: 0,
                        anchor_tracks_linked: 0,
                        tracks_unlinked: 0,
                        institutions: 0,
                        institutions_linked: 0,
                    },
                )
            })
            .collect();
        let mut institutions: HashMap<(SpecialtyCode, &str), bool> = HashMap::new();
        for track in tracks {
            let Some(counts) = specialties.get_mut(&track.specialty) else {
                continue;
            };
            let is_linked = linked.contains(&track.code);
            let anchor = matches!(
                track.track_type,
                TrackType::Categorical | TrackType::PrimaryCare
            );
            counts.tracks += 1;
            counts.anchor_tracks += usize::from(anchor);
            counts.tracks_linked += usize::from(is_linked);
            counts.anchor_tracks_linked += usize::from(anchor && is_linked);
            counts.tracks_unlinked += usize::from(!is_linked);
            *institutions
                .entry((track.specialty, track.code.institution_code()))
                .or_default() |= is_linked;
        }
        for ((specialty, _), is_linked) in institutions {
            let counts = specialties.get_mut(&specialty).expect("counted above");
            counts.institutions += 1;
            counts.institutions_linked += usize::from(is_linked);
        }

        let mut report = JoinReport {
            programs: programs.len(),
            joined: 0,
            joined_through_primary_care: 0,
            ambiguous: 0,
            unmatched: 0,
            tracks: tracks.len(),
            tracks_linked: linked.len(),
            tracks_unlinked: tracks.len() - linked.len(),
            specialties: Vec::new(),
            joined_examples: Vec::new(),
            ambiguous_examples: Vec::new(),
            unmatched_examples: Vec::new(),
        };
        let example = |program: &Program, candidates: Vec<Candidate>| JoinExample {
            program: program.id.clone(),
            name: program.name.clone(),
            state: program.state.get().copied(),
            candidates,
        };
        let mut joined = Vec::new();
        for (program, join) in programs.iter().zip(joins) {
            let counts = specialties
                .get_mut(&program.specialty)
                .expect("every program's specialty is counted");
            counts.programs += 1;
            match &join.status {
                JoinStatus::Joined { anchor } => {
                    report.joined += 1;
                    counts.joined += 1;
                    if anchor.track.track_type() == TrackType::PrimaryCare {
                        report.joined_through_primary_care += 1;
                    }
                    joined.push(example(program, vec![anchor.clone()]));
                }
                JoinStatus::Ambiguous { candidates, .. } => {
                    report.ambiguous += 1;
                    counts.ambiguous += 1;
                    if report.ambiguous_examples.len() < EXAMPLES {
                        report
                            .ambiguous_examples
                            .push(example(program, candidates.clone()));
                    }
                }
                JoinStatus::Unmatched { nearest } => {
                    report.unmatched += 1;
                    counts.unmatched += 1;
                    if report.unmatched_examples.len() < EXAMPLES {
                        report
                            .unmatched_examples
                            .push(example(program, nearest.clone()));
                    }
                }
            }
        }
        // Joins are shown spread over the list rather than the first few, which tend to come
        // from one state.
        let step = joined.len().div_ceil(EXAMPLES).max(1);
        report.joined_examples = joined.into_iter().step_by(step).collect();
        report.specialties = specialties.into_values().collect();
        report
    }

    /// The share of FREIDA programs joined to a categorical track, from 0 to 1 (0 when there
    /// are no programs).
    pub fn joined_share(&self) -> f64 {
        if self.programs == 0 {
            0.0
        } else {
            self.joined as f64 / self.programs as f64
        }
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".to_owned()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

fn write_examples(
    f: &mut fmt::Formatter<'_>,
    title: &str,
    examples: &[JoinExample],
) -> fmt::Result {
    if examples.is_empty() {
        return Ok(());
    }
    writeln!(f, "  {title}")?;
    for example in examples {
        let state = example.state.map_or("state unknown", UsState::code);
        writeln!(f, "    {} ({state})", example.name)?;
        if example.candidates.is_empty() {
            writeln!(f, "      no candidate")?;
        }
        for candidate in &example.candidates {
            writeln!(
                f,
                "      {} {} | {} (score {:.2})",
                candidate.track, candidate.institution, candidate.track_name, candidate.score
            )?;
        }
    }
    Ok(())
}

impl fmt::Display for JoinReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "FREIDA-NRMP join")?;
        writeln!(f, "  FREIDA programs: {}", self.programs)?;
        writeln!(
            f,
            "    joined to a categorical track of their specialty: {} ({}), {} of them through a primary-care track",
            self.joined,
            percent(self.joined, self.programs),
            self.joined_through_primary_care
        )?;
        writeln!(
            f,
            "    ambiguous (candidates too close to call, left unjoined): {}",
            self.ambiguous
        )?;
        writeln!(f, "    unmatched: {}", self.unmatched)?;
        writeln!(
            f,
            "  NRMP tracks: {}, linked to a FREIDA program: {}, left unlinked: {}",
            self.tracks, self.tracks_linked, self.tracks_unlinked
        )?;
        for specialty in &self.specialties {
            let name = specialty.specialty.builtin_name().unwrap_or("specialty");
            writeln!(
                f,
                "  {name} ({}): {} programs, {} joined, {} ambiguous, {} unmatched; {} tracks ({} categorical or primary-care), {} linked ({} of the categorical or primary-care), {} unlinked; {} of {} institutions linked",
                specialty.specialty,
                specialty.programs,
                specialty.joined,
                specialty.ambiguous,
                specialty.unmatched,
                specialty.tracks,
                specialty.anchor_tracks,
                specialty.tracks_linked,
                specialty.anchor_tracks_linked,
                specialty.tracks_unlinked,
                specialty.institutions_linked,
                specialty.institutions,
            )?;
        }
        write_examples(f, "Some joins:", &self.joined_examples)?;
        write_examples(
            f,
            "Some ambiguous programs and their candidates:",
            &self.ambiguous_examples,
        )?;
        write_examples(
            f,
            "Some unmatched programs and their nearest candidates:",
            &self.unmatched_examples,
        )
    }
}
