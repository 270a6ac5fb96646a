//! Linking FREIDA programs to NRMP tracks.
//!
//! FREIDA lists ACGME programs (ACGME id, program name, city, state); the NRMP lists Match
//! tracks (NRMP code, track name, abbreviated institution name). The two share no key, so the
//! join compares names, within one specialty and, when both sides say it, one state.
//!
//! - Names are normalized to one vocabulary (`Med Ctr` is `Medical Center`), acronyms are
//!   matched against the initials of the other name, and every word is weighted by how rare it
//!   is across both lists, so that a place name counts more than `Hospital`.
//! - A program joins an *anchor* track: a categorical (C) track of its specialty, or a
//!   primary-care (M) track, which is categorical too. An institution's main anchor is its
//!   plain categorical track; its other anchors go only to a program whose name or city has the
//!   campus words of the track's name (`Internal Med/<campus>`).
//! - When an institution's state is known, a program in another state cannot join it; when it
//!   is not (a suffix that is no city the join knows), the program must match more strongly.
//! - Decisions are made best score first. A program joins only when its best track is clearly
//!   better than its best track at any other institution and no other program claims that
//!   track about as strongly; otherwise it is *ambiguous* and stays unjoined, since a wrong
//!   join is worse than none.
//! - The institution's other tracks of the specialty (preliminary, further categorical and
//!   primary-care tracks) then follow the program that joined it, or, when several programs
//!   joined one institution, the program whose name has the track's campus words, else the
//!   program holding the institution's main anchor.

mod names;
mod places;
mod report;
mod similarity;

use std::collections::{BTreeMap, HashMap, HashSet};

use catalog::{
    NrmpCode, Program, ProgramId, SPECIALTIES, SpecialtyCode, Track, TrackType, UsState,
};
use serde::{Deserialize, Serialize};

use self::names::{Name, Weights};
use self::places::{
    Whereabouts, campus_city, known_city, name_without_state, suffix_city, whereabouts,
};
use self::similarity::{ProgramSide, TrackSide, compare, similarity};

pub use self::report::{JoinExample, JoinReport, SpecialtyJoin};

/// An NRMP institution name without the trailing `-<state>` its listing adds, when `state`
/// is that state.
pub(crate) use self::places::name_without_state as institution_name_without_state;

/// The lowest score at which a program may join a track.
const JOIN_THRESHOLD: f64 = 0.5;
/// How much better a program's best institution must score than its next best.
const CLEAR_MARGIN: f64 = 0.08;
/// How close another program's claim on the same track must be to make it contested.
const CONTEST_MARGIN: f64 = 0.065;
/// The least share of an institution's name proper (without a city suffix) that the
/// program's name proper (without its city in parentheses) must explain, unless the track
/// names the program's campus: a hospital named after a city is not every program there.
const IDENTITY_THRESHOLD: f64 = 0.3;
/// What an institution whose state cannot be checked costs a candidate's score.
const UNKNOWN_STATE_PENALTY: f64 = 0.15;
/// What an institution whose name ends in another city than the program's costs a
/// candidate's score.
const OTHER_CITY_PENALTY: f64 = 0.15;
/// How much less a track another institution runs at the program's campus counts against a
/// program's own institution, when telling whether the program's best choice is clear.
const CAMPUS_TRACK_DISCOUNT: f64 = 0.1;
/// Candidates scoring below this are not worth keeping, even as examples.
const CANDIDATE_FLOOR: f64 = 0.2;
/// What a match on one part of a program's name (`<sponsor>/<hospital>`) is worth against a
/// match on the whole name.
const PART_DISCOUNT: f64 = 0.9;
/// How many candidates a report lists for a program.
const CANDIDATES_SHOWN: usize = 4;

/// Words of track names that describe the kind of training rather than a campus, beyond the
/// words of specialty names.
const TRAINING_WORDS: &str = "int im prelim preliminary primary care categorical research \
    track trk path pathway scholar scholars scholarly investigator physician scientist clin yr \
    year global health hospitalist leadership education underserved rural urban community onc \
    neuro anesth anesthesia ophthalmology ophth psych pm r rad derm peds md do mph phd abim \
    advanced reserved combined international school";

/// A FREIDA program's join: what it joined, or why it did not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramJoin {
    /// The FREIDA program.
    pub program: ProgramId,
    /// The outcome.
    pub status: JoinStatus,
}

/// How a FREIDA program fared in the join.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum JoinStatus {
    /// Joined to a categorical or primary-care track of its specialty (its anchor); the
    /// institution's other tracks may be linked to the program as well.
    Joined {
        /// The anchor track.
        anchor: Candidate,
    },
    /// Candidates too close to call; the program stays unjoined.
    Ambiguous {
        /// The candidates, best first.
        candidates: Vec<Candidate>,
        /// Other programs that claim the best candidate about as strongly.
        rivals: Vec<ProgramId>,
    },
    /// No candidate was good enough.
    Unmatched {
        /// The nearest candidates, best first (possibly none).
        nearest: Vec<Candidate>,
    },
}

/// A track a program was compared with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The track's NRMP code.
    pub track: NrmpCode,
    /// The NRMP institution name.
    pub institution: String,
    /// The track's name.
    pub track_name: String,
    /// The match score, from 0 to 1, after any penalty for an unknown state.
    pub score: f64,
}

/// What the join decided.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinOutcome {
    /// Every linked track with the FREIDA program it belongs to, in track order.
    pub links: Vec<(NrmpCode, ProgramId)>,
    /// One entry per FREIDA program, in the order given.
    pub programs: Vec<ProgramJoin>,
    /// Counts and examples, for people.
    pub report: JoinReport,
}

/// An NRMP institution's tracks of one specialty.
struct Institution<'a> {
    /// The NRMP institution name as listed.
    listed_name: &'a str,
    name: Name,
    whereabouts: Whereabouts,
    specialty: SpecialtyCode,
    /// Indices of all its tracks of the specialty, in code order.
    tracks: Vec<usize>,
    /// Indices of its categorical and primary-care tracks, in code order.
    anchors: Vec<usize>,
    /// The anchor any program of the institution may join; the others need their campus
    /// words in the program's name.
    main_anchor: usize,
    /// The city the institution's name ends in, when it is one the join knows.
    suffix_city: Option<&'static str>,
    /// Keys of its distinctive words, campus words and acronyms, for finding the programs
    /// that may be it (see [`word_key`] and [`initials_key`]).
    index_keys: Vec<String>,
}

/// The key under which a word is indexed: its first four letters, so that a shortened
/// spelling (`Presby`) meets the long one (`Presbyterian`).
fn word_key(word: &str) -> String {
    let end = word
        .char_indices()
        .nth(4)
        .map_or(word.len(), |(end, _)| end);
    format!("w:{}", &word[..end])
}

/// The key under which an acronym, or two words an acronym may stand for, are indexed: two
/// initial letters.
fn initials_key(first: &str, second: Option<&str>) -> Option<String> {
    let mut letters = first.chars();
    let a = letters.next()?;
    let b = match second {
        Some(second) => second.chars().next()?,
        None => letters.next()?,
    };
    Some(format!("i:{a}{b}"))
}

/// Index keys of a name's acronyms (their first two letters) and of each pair of its
/// consecutive words (their initials), which another name's acronym may spell.
fn acronym_keys(name: &Name) -> impl Iterator<Item = String> + '_ {
    let acronyms = name
        .words
        .iter()
        .filter(|word| word.acronym)
        .filter_map(|word| initials_key(&word.lower, None));
    let pairs = name
        .words
        .windows(2)
        .filter_map(|pair| initials_key(&pair[0].lower, Some(&pair[1].lower)));
    acronyms.chain(pairs)
}

/// A FREIDA program as the join sees it.
struct ProgramNames {
    name: Name,
    /// The parts of a name written `<sponsor>/<hospital>` that are its own (of at least two
    /// words, and found in no other program's name), since the NRMP often lists the hospital
    /// alone; empty for a name of one part.
    parts: Vec<Name>,
    city: Name,
    /// The city as the join's city table spells it, when the table has it.
    known_city: Option<&'static str>,
    state: Option<UsState>,
    /// The words of the state's name.
    state_words: Name,
    specialty: SpecialtyCode,
}

/// One track a program may join, with its score.
#[derive(Debug, Clone, Copy)]
struct Choice {
    track: usize,
    institution: usize,
    score: f64,
    campus: f64,
    /// Whether the track is its institution's main anchor.
    main: bool,
}

/// What the join decided for one program, by index.
#[derive(Debug, Clone)]
enum Decision {
    Joined(Choice),
    Ambiguous {
        candidates: Vec<Choice>,
        rivals: Vec<usize>,
    },
    Unmatched,
}

/// Links FREIDA programs to NRMP tracks of their specialty. See the module documentation for
/// how.
pub fn join(programs: &[Program], tracks: &[Track]) -> JoinOutcome {
    let specialties: HashSet<SpecialtyCode> =
        programs.iter().map(|program| program.specialty).collect();
    let mut campus_words = campus_words(tracks, &specialties);
    let mut institutions = institutions(tracks, &specialties, &campus_words);
    let mut program_names = program_names(programs);
    let weights = Weights::new(
        program_names
            .iter()
            .map(|program| &program.name)
            .chain(institutions.iter().map(|institution| &institution.name)),
    );
    for program in &mut program_names {
        weights.weigh(&mut program.name);
        for part in &mut program.parts {
            weights.weigh(part);
        }
        weights.weigh(&mut program.state_words);
    }
    for campus in &mut campus_words {
        weights.weigh(campus);
    }
    for institution in &mut institutions {
        weights.weigh(&mut institution.name);
        institution.index_keys = index_keys(institution, &campus_words, &weights);
    }

    let choices = choices(&program_names, &institutions, &campus_words, &weights);
    let decisions = decide(&choices, tracks.len());
    let linked = attach(
        &decisions,
        &choices,
        &institutions,
        &campus_words,
        &program_names,
        &weights,
        tracks.len(),
    );

    let candidate = |choice: &Choice| Candidate {
        track: tracks[choice.track].code.clone(),
        institution: institutions[choice.institution].listed_name.to_owned(),
        track_name: tracks[choice.track].name.clone(),
        score: (choice.score * 1000.0).round() / 1000.0,
    };
    let joins: Vec<ProgramJoin> = programs
        .iter()
        .zip(&decisions)
        .zip(&choices)
        .map(|((program, decision), choices)| ProgramJoin {
            program: program.id.clone(),
            status: match decision {
                Decision::Joined(choice) => JoinStatus::Joined {
                    anchor: candidate(choice),
                },
                Decision::Ambiguous { candidates, rivals } => JoinStatus::Ambiguous {
                    candidates: candidates.iter().map(candidate).collect(),
                    rivals: rivals
                        .iter()
                        .map(|rival| programs[*rival].id.clone())
                        .collect(),
                },
                Decision::Unmatched => JoinStatus::Unmatched {
                    nearest: choices
                        .iter()
                        .take(CANDIDATES_SHOWN)
                        .map(candidate)
                        .collect(),
                },
            },
        })
        .collect();
    let links: Vec<(NrmpCode, ProgramId)> = linked
        .into_iter()
        .enumerate()
        .filter_map(|(track, program)| {
            program.map(|program| (tracks[track].code.clone(), programs[program].id.clone()))
        })
        .collect();
    let report = JoinReport::new(programs, tracks, &joins, &links);
    JoinOutcome {
        links,
        programs: joins,
        report,
    }
}

/// The join's view of each program: its name and parts, city and state.
fn program_names(programs: &[Program]) -> Vec<ProgramNames> {
    let mut names: Vec<ProgramNames> = programs
        .iter()
        .map(|program| {
            let city = program.city.get().map(String::as_str).unwrap_or("");
            let state = program.state.get().copied();
            let city_words = Name::new(city);
            let parts: Vec<Name> = if program.name.contains('/') {
                program
                    .name
                    .split('/')
                    .map(|part| Name::program(part, &city_words))
                    .filter(|part| part.tokens.len() >= 2)
                    .collect()
            } else {
                Vec::new()
            };
            ProgramNames {
                parts,
                name: Name::program(&program.name, &city_words),
                city: city_words,
                known_city: known_city(city),
                state,
                state_words: Name::new(state.map_or("", UsState::name)),
                specialty: program.specialty,
            }
        })
        .collect();
    // A part that several programs' names share is a sponsor, not a hospital.
    let mut part_counts: HashMap<String, usize> = HashMap::new();
    for program in &names {
        for part in &program.parts {
            *part_counts.entry(part.key()).or_default() += 1;
        }
    }
    for program in &mut names {
        program.parts.retain(|part| part_counts[&part.key()] == 1);
    }
    names
}

/// An institution's index keys: its distinctive words (all of its words when it has only
/// common ones), its tracks' campus words, and its acronyms and pairs of initials.
fn index_keys(
    institution: &Institution<'_>,
    campus_words: &[Name],
    weights: &Weights,
) -> Vec<String> {
    let distinctive: Vec<&str> = institution
        .name
        .tokens
        .iter()
        .filter(|token| !weights.is_common(&token.text))
        .map(|token| token.text.as_str())
        .collect();
    let words: Vec<&str> = if distinctive.is_empty() {
        institution
            .name
            .tokens
            .iter()
            .map(|token| token.text.as_str())
            .collect()
    } else {
        distinctive
    };
    let campus = institution
        .anchors
        .iter()
        .flat_map(|track| &campus_words[*track].tokens)
        .map(|token| token.text.as_str());
    let mut keys: Vec<String> = words
        .into_iter()
        .chain(campus)
        .map(word_key)
        .chain(acronym_keys(&institution.name))
        .chain(
            institution
                .anchors
                .iter()
                .flat_map(|track| acronym_keys(&campus_words[*track])),
        )
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The canonical words of every specialty name and of [`TRAINING_WORDS`].
fn generic_track_words() -> HashSet<String> {
    SPECIALTIES
        .iter()
        .map(|(_, name)| Name::new(name))
        .chain(std::iter::once(Name::new(TRAINING_WORDS)))
        .flat_map(|name| name.tokens.into_iter().map(|token| token.text))
        .collect()
}

/// For each track of the given specialties, the words of its name that may name a campus:
/// those that are neither generic training words nor words of its institution's name. A
/// primary-care track keeps the word `primary`, which a program may have in its name.
fn campus_words(tracks: &[Track], specialties: &HashSet<SpecialtyCode>) -> Vec<Name> {
    let generic = generic_track_words();
    let mut institution_names: HashMap<&str, Name> = HashMap::new();
    tracks
        .iter()
        .map(|track| {
            if !specialties.contains(&track.specialty) {
                return Name::default();
            }
            let institution = institution_names
                .entry(&track.institution_name)
                .or_insert_with(|| Name::new(&track.institution_name));
            let mut removed: HashSet<&str> = generic.iter().map(String::as_str).collect();
            if track.track_type == TrackType::PrimaryCare {
                removed.remove("primary");
            }
            removed.extend(institution.tokens.iter().map(|token| token.text.as_str()));
            Name::new(&track.name).without(&removed)
        })
        .collect()
}

/// Groups the tracks of the given specialties by institution and specialty.
fn institutions<'a>(
    tracks: &'a [Track],
    specialties: &HashSet<SpecialtyCode>,
    campus_words: &[Name],
) -> Vec<Institution<'a>> {
    // A state given by any track of an institution holds for all of its tracks.
    let mut listed_states: HashMap<&str, Vec<UsState>> = HashMap::new();
    for track in tracks {
        let states = listed_states
            .entry(track.code.institution_code())
            .or_default();
        if let Some(state) = track.state
            && !states.contains(&state)
        {
            states.push(state);
        }
    }
    let mut by_key: BTreeMap<(&str, SpecialtyCode), Vec<usize>> = BTreeMap::new();
    for (index, track) in tracks.iter().enumerate() {
        if specialties.contains(&track.specialty) {
            by_key
                .entry((track.code.institution_code(), track.specialty))
                .or_default()
                .push(index);
        }
    }
    by_key
        .into_iter()
        .filter_map(|((code, specialty), mut indices)| {
            indices.sort_by(|a, b| tracks[*a].code.cmp(&tracks[*b].code));
            let anchors: Vec<usize> = indices
                .iter()
                .copied()
                .filter(|index| {
                    matches!(
                        tracks[*index].track_type,
                        TrackType::Categorical | TrackType::PrimaryCare
                    )
                })
                .collect();
            // The main anchor is the first plain categorical track, else the first
            // categorical one, else the first (plain) primary-care one.
            let plain = |index: &&usize| campus_words[**index].tokens.is_empty();
            let categorical = |index: &&usize| tracks[**index].track_type == TrackType::Categorical;
            let main_anchor = anchors
                .iter()
                .filter(categorical)
                .find(plain)
                .or_else(|| anchors.iter().find(categorical))
                .or_else(|| anchors.iter().find(plain))
                .or_else(|| anchors.first())
                .copied()?;
            let first = &tracks[indices[0]];
            let states = &listed_states[code];
            let proper_name = name_without_state(&first.institution_name, states.first().copied());
            let mut name = Name::new(proper_name);
            // A city after the name's last hyphen says where, not who.
            if let Some((rest, suffix)) = proper_name.rsplit_once('-')
                && suffix_city(proper_name).is_some()
            {
                name.mark_qualifiers(suffix, rest);
            }
            Some(Institution {
                listed_name: &first.institution_name,
                whereabouts: whereabouts(&first.institution_name, states),
                name,
                specialty,
                tracks: indices,
                anchors,
                main_anchor,
                suffix_city: if states.is_empty() {
                    suffix_city(&first.institution_name)
                } else {
                    None
                },
                index_keys: Vec::new(),
            })
        })
        .collect()
}

/// The institutions of each specialty, by firm state, and those whose state is not firm.
struct Blocks {
    firm: HashMap<(SpecialtyCode, UsState), Vec<usize>>,
    loose: HashMap<SpecialtyCode, Vec<usize>>,
}

impl Blocks {
    fn new(institutions: &[Institution<'_>]) -> Blocks {
        let mut blocks = Blocks {
            firm: HashMap::new(),
            loose: HashMap::new(),
        };
        for (index, institution) in institutions.iter().enumerate() {
            match &institution.whereabouts {
                Whereabouts::Firm(state) => blocks
                    .firm
                    .entry((institution.specialty, *state))
                    .or_default()
                    .push(index),
                _ => blocks
                    .loose
                    .entry(institution.specialty)
                    .or_default()
                    .push(index),
            }
        }
        blocks
    }

    /// The institutions a program could be: of its specialty, and in its state or in no firm
    /// state (every state when the program's is unknown).
    fn candidates(&self, program: &ProgramNames) -> Vec<usize> {
        let loose = self.loose.get(&program.specialty).into_iter().flatten();
        match program.state {
            Some(state) => self
                .firm
                .get(&(program.specialty, state))
                .into_iter()
                .flatten()
                .chain(loose)
                .copied()
                .collect(),
            None => self
                .firm
                .iter()
                .filter(|((specialty, _), _)| *specialty == program.specialty)
                .flat_map(|(_, institutions)| institutions)
                .chain(loose)
                .copied()
                .collect(),
        }
    }
}

/// Every anchor track each program may join, best first.
fn choices(
    programs: &[ProgramNames],
    institutions: &[Institution<'_>],
    campus_words: &[Name],
    weights: &Weights,
) -> Vec<Vec<Choice>> {
    let blocks = Blocks::new(institutions);
    let mut campus_cities: HashMap<usize, Option<(&'static str, Vec<UsState>)>> = HashMap::new();
    for institution in institutions {
        for &track in &institution.anchors {
            let words: Vec<&str> = campus_words[track]
                .words
                .iter()
                .map(|word| word.lower.as_str())
                .collect();
            campus_cities.insert(track, campus_city(&words.join(" ")));
        }
    }
    let context = Context {
        institutions,
        campus_words,
        campus_cities: &campus_cities,
        weights,
    };
    let mut all: Vec<Vec<Choice>> = programs
        .iter()
        .map(|program| program_choices(program, &blocks.candidates(program), &context))
        .collect();

    let claimed = claimed_by_campus(&all, programs, institutions, campus_words);
    for choices in &mut all {
        choices.retain(|choice| {
            choice.campus > 0.0
                || (choice.track == institutions[choice.institution].main_anchor
                    && !claimed.contains(&choice.track))
        });
        // On a tie, an institution's main anchor comes before another's campus track.
        let is_main =
            |choice: &Choice| choice.track == institutions[choice.institution].main_anchor;
        choices.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(is_main(b).cmp(&is_main(a)))
                .then(a.track.cmp(&b.track))
        });
        for choice in choices.iter_mut() {
            choice.main = is_main(choice);
        }
    }
    all
}

/// What scoring a program against institutions needs besides the program.
struct Context<'a> {
    institutions: &'a [Institution<'a>],
    campus_words: &'a [Name],
    /// The city each anchor's campus words name, if any.
    campus_cities: &'a HashMap<usize, Option<(&'static str, Vec<UsState>)>>,
    weights: &'a Weights,
}

/// The anchor tracks of the candidate institutions that a program may join, with scores.
fn program_choices(
    program: &ProgramNames,
    candidates: &[usize],
    context: &Context<'_>,
) -> Vec<Choice> {
    let weights = context.weights;
    let side = ProgramSide {
        name: &program.name,
        city: &program.city,
    };
    let part_sides: Vec<ProgramSide> = program
        .parts
        .iter()
        .map(|part| ProgramSide {
            name: part,
            city: &program.city,
        })
        .collect();
    let program_keys: HashSet<String> = program
        .name
        .tokens
        .iter()
        .chain(&program.city.tokens)
        .map(|token| word_key(&token.text))
        .chain(acronym_keys(&program.name))
        .collect();
    let no_state = Name::default();
    let mut choices = Vec::new();
    for &index in candidates {
        let institution = &context.institutions[index];
        // Only an institution with a word in common with the program, or an acronym that may
        // stand for its words, can score; the others are not compared.
        if !institution
            .index_keys
            .iter()
            .any(|key| program_keys.contains(key))
        {
            continue;
        }
        let agrees = program
            .state
            .and_then(|state| institution.whereabouts.agrees_with(state));
        if agrees == Some(false) {
            continue;
        }
        let mut penalty = if agrees == Some(true) {
            0.0
        } else {
            UNKNOWN_STATE_PENALTY
        };
        if let (Some(theirs), Some(ours)) = (institution.suffix_city, program.known_city)
            && theirs != ours
            && !theirs.split(' ').all(|word| program.name.has(word))
        {
            penalty += OTHER_CITY_PENALTY;
        }
        let state = if agrees == Some(true) {
            &program.state_words
        } else {
            &no_state
        };
        let whole = compare(&side, &institution.name, state, weights);
        let parts: Vec<_> = part_sides
            .iter()
            .map(|part| compare(part, &institution.name, state, weights))
            .collect();
        for &track in &institution.anchors {
            let campus = &context.campus_words[track];
            let mut result = whole.with_campus(campus, weights);
            for part in &parts {
                let mut by_part = part.with_campus(campus, weights);
                by_part.score *= PART_DISCOUNT;
                if by_part.score > result.score {
                    result = by_part;
                }
            }
            let mut score = result.score - penalty;
            // A track for a campus in another state is not this program's, and one in another
            // city is unlikely to be.
            if let Some((city, states)) = &context.campus_cities[&track]
                && result.campus == 0.0
            {
                if program.state.is_some_and(|state| !states.contains(&state)) {
                    continue;
                }
                if program.known_city.is_some_and(|ours| ours != *city) {
                    score -= OTHER_CITY_PENALTY;
                }
            }
            if result.identity < IDENTITY_THRESHOLD && result.campus == 0.0 {
                continue;
            }
            if score >= CANDIDATE_FLOOR {
                choices.push(Choice {
                    track,
                    institution: index,
                    score,
                    campus: result.campus,
                    main: false,
                });
            }
        }
    }
    choices
}

/// Tracks that belong to the program their campus words name: those a well-matching program
/// names, and those whose campus words spell the city of any program of the specialty
/// (perhaps one across a state line). Other programs may not take them, even as an
/// institution's main anchor.
fn claimed_by_campus(
    choices: &[Vec<Choice>],
    programs: &[ProgramNames],
    institutions: &[Institution<'_>],
    campus_words: &[Name],
) -> HashSet<usize> {
    let mut claimed: HashSet<usize> = choices
        .iter()
        .flatten()
        .filter(|choice| choice.campus > 0.0 && choice.score >= JOIN_THRESHOLD)
        .map(|choice| choice.track)
        .collect();
    let mut in_city: HashMap<(SpecialtyCode, &str), Vec<usize>> = HashMap::new();
    for (index, program) in programs.iter().enumerate() {
        for token in &program.city.tokens {
            let entry = in_city
                .entry((program.specialty, token.text.as_str()))
                .or_default();
            if entry.last() != Some(&index) {
                entry.push(index);
            }
        }
    }
    for institution in institutions {
        for &track in &institution.anchors {
            let mut place = campus_words[track]
                .tokens
                .iter()
                .filter(|token| token.text != "primary");
            let Some(first) = place.next() else {
                continue;
            };
            let spells_a_city = in_city
                .get(&(institution.specialty, first.text.as_str()))
                .into_iter()
                .flatten()
                .any(|program| {
                    place
                        .clone()
                        .all(|token| programs[*program].city.has(&token.text))
                });
            if spells_a_city {
                claimed.insert(track);
            }
        }
    }
    claimed
}

/// Decides, best score first, which program joins which anchor track.
///
/// Each round, every undecided program whose best free track is good enough, clearly better
/// than its best track elsewhere and not claimed as strongly by another program joins it.
/// When no program can, the stuck programs are settled in groups (see [`ready_as_groups`]);
/// if that decides nothing either, the rest are ambiguous or unmatched.
fn decide(choices: &[Vec<Choice>], track_count: usize) -> Vec<Decision> {
    let mut taken = vec![false; track_count];
    let mut decisions: Vec<Option<Decision>> = vec![None; choices.len()];
    loop {
        let mut ready = ready(choices, &decisions, &taken);
        if ready.is_empty() {
            ready = ready_as_groups(choices, &decisions, &taken);
        }
        if ready.is_empty() {
            break;
        }
        for (program, best) in ready {
            // A track taken earlier in this round sends the program to the next round.
            if !taken[best.track] {
                taken[best.track] = true;
                decisions[program] = Some(Decision::Joined(best));
            }
        }
    }

    // What is left is ambiguous when it has a good enough candidate, else unmatched.
    let views = views(choices, &decisions, &taken);
    let claims = claims(choices, &views, &taken);
    decisions
        .into_iter()
        .enumerate()
        .map(|(program, decision)| {
            decision.unwrap_or_else(|| match views[program] {
                Some(view) if view.best.score >= JOIN_THRESHOLD => Decision::Ambiguous {
                    rivals: rivals(&claims, program, &view.best),
                    candidates: choices[program]
                        .iter()
                        .filter(|choice| {
                            !taken[choice.track] && choice.score >= view.best.score - CLEAR_MARGIN
                        })
                        .take(CANDIDATES_SHOWN)
                        .copied()
                        .collect(),
                },
                _ => Decision::Unmatched,
            })
        })
        .collect()
}

/// An undecided program's best free track, and the score of its best free track at another
/// institution.
#[derive(Debug, Clone, Copy)]
struct View {
    best: Choice,
    elsewhere: f64,
}

/// Each undecided program's view of its free tracks.
fn views(
    choices: &[Vec<Choice>],
    decisions: &[Option<Decision>],
    taken: &[bool],
) -> Vec<Option<View>> {
    choices
        .iter()
        .enumerate()
        .map(|(program, choices)| {
            if decisions[program].is_some() {
                return None;
            }
            let mut free = choices.iter().filter(|choice| !taken[choice.track]);
            let best = *free.next()?;
            // A campus track of another institution weighs less against a program's own
            // institution's main track: the program is that institution's.
            let elsewhere = free
                .filter(|choice| choice.institution != best.institution)
                .map(|choice| {
                    if best.main && !choice.main {
                        choice.score - CAMPUS_TRACK_DISCOUNT
                    } else {
                        choice.score
                    }
                })
                .fold(0.0, f64::max);
            Some(View { best, elsewhere })
        })
        .collect()
}

/// Who claims each free track seriously: programs for which it is about as good as their
/// best.
fn claims(
    choices: &[Vec<Choice>],
    views: &[Option<View>],
    taken: &[bool],
) -> HashMap<usize, Vec<(usize, f64)>> {
    let mut claims: HashMap<usize, Vec<(usize, f64)>> = HashMap::new();
    for (program, view) in views.iter().enumerate() {
        let Some(view) = view else { continue };
        for choice in &choices[program] {
            if !taken[choice.track] && choice.score >= view.best.score - CLEAR_MARGIN {
                claims
                    .entry(choice.track)
                    .or_default()
                    .push((program, choice.score));
            }
        }
    }
    claims
}

/// The programs that may join their best track now, best first.
fn ready(
    choices: &[Vec<Choice>],
    decisions: &[Option<Decision>],
    taken: &[bool],
) -> Vec<(usize, Choice)> {
    let views = views(choices, decisions, taken);
    let claims = claims(choices, &views, taken);
    let mut ready: Vec<(usize, Choice)> = views
        .iter()
        .enumerate()
        .filter_map(|(program, view)| {
            let view = (*view)?;
            let clear = view.best.score >= JOIN_THRESHOLD
                && view.best.score - view.elsewhere >= CLEAR_MARGIN
                && rivals(&claims, program, &view.best).is_empty();
            clear.then_some((program, view.best))
        })
        .collect();
    ready.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
    ready
}

/// The largest group of stuck programs whose assignments are enumerated.
const LARGEST_GROUP: usize = 8;

/// When no program can join on its own, the stuck programs that compete for the same tracks
/// are settled together: each group of them (joined by the tracks they want) takes the
/// assignment of programs to tracks with the highest total score, if it beats every other
/// assignment by a clear margin. Two programs each wanting the other's track a little more
/// than their own thus both join, while two programs wanting one track equally stay
/// ambiguous.
fn ready_as_groups(
    choices: &[Vec<Choice>],
    decisions: &[Option<Decision>],
    taken: &[bool],
) -> Vec<(usize, Choice)> {
    // Each stuck program's good free choices, the best one per institution.
    let mut good: BTreeMap<usize, Vec<Choice>> = BTreeMap::new();
    for (program, choices) in choices.iter().enumerate() {
        if decisions[program].is_some() {
            continue;
        }
        let mut best_per_institution: Vec<Choice> = Vec::new();
        for choice in choices {
            if !taken[choice.track]
                && choice.score >= JOIN_THRESHOLD
                && !best_per_institution
                    .iter()
                    .any(|kept| kept.institution == choice.institution)
            {
                best_per_institution.push(*choice);
            }
        }
        if !best_per_institution.is_empty() {
            good.insert(program, best_per_institution);
        }
    }
    // Groups: programs linked by a track both want.
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut wanted_by: HashMap<usize, Vec<usize>> = HashMap::new();
    for (program, choices) in &good {
        for choice in choices {
            wanted_by.entry(choice.track).or_default().push(*program);
        }
    }
    for &start in good.keys() {
        if group_of.contains_key(&start) {
            continue;
        }
        let mut group = vec![start];
        group_of.insert(start, groups.len());
        let mut next = 0;
        while next < group.len() {
            let program = group[next];
            next += 1;
            for choice in &good[&program] {
                for &other in &wanted_by[&choice.track] {
                    if let std::collections::hash_map::Entry::Vacant(entry) = group_of.entry(other)
                    {
                        entry.insert(groups.len());
                        group.push(other);
                    }
                }
            }
        }
        groups.push(group);
    }

    let mut ready = Vec::new();
    for group in groups {
        if group.len() > LARGEST_GROUP {
            continue;
        }
        let options: Vec<&[Choice]> = group
            .iter()
            .map(|program| good[program].as_slice())
            .collect();
        let mut search = AssignmentSearch::default();
        search.explore(&options, 0, &mut Vec::new(), 0.0);
        if search.best_total - search.runner_up_total >= CLEAR_MARGIN {
            for (program, choice) in group.iter().zip(&search.best) {
                if let Some(choice) = choice {
                    ready.push((*program, *choice));
                }
            }
        }
    }
    ready
}

/// The best and second-best total scores over every assignment of a group of programs to
/// distinct tracks (or to none).
#[derive(Default)]
struct AssignmentSearch {
    best: Vec<Option<Choice>>,
    best_total: f64,
    runner_up_total: f64,
}

impl AssignmentSearch {
    fn explore(
        &mut self,
        options: &[&[Choice]],
        at: usize,
        assigned: &mut Vec<Option<Choice>>,
        total: f64,
    ) {
        if at == options.len() {
            if total > self.best_total {
                self.runner_up_total = self.best_total;
                self.best_total = total;
                self.best = assigned.clone();
            } else if total > self.runner_up_total {
                self.runner_up_total = total;
            }
            return;
        }
        assigned.push(None);
        self.explore(options, at + 1, assigned, total);
        assigned.pop();
        for choice in options[at] {
            let used = assigned
                .iter()
                .flatten()
                .any(|other| other.track == choice.track);
            if !used {
                assigned.push(Some(*choice));
                self.explore(options, at + 1, assigned, total + choice.score);
                assigned.pop();
            }
        }
    }
}

/// Other programs that claim `best`'s track about as strongly as `program` does.
fn rivals(claims: &HashMap<usize, Vec<(usize, f64)>>, program: usize, best: &Choice) -> Vec<usize> {
    claims
        .get(&best.track)
        .into_iter()
        .flatten()
        .filter(|(other, score)| *other != program && *score >= best.score - CONTEST_MARGIN)
        .map(|(other, _)| *other)
        .collect()
}

/// Whether a program's name or city has every place word of a track's campus words (all but
/// `primary`), each exactly or as an acronym of its words.
fn names_place(program: &ProgramNames, campus: &Name) -> bool {
    let mut place = campus
        .tokens
        .iter()
        .filter(|token| token.text != "primary")
        .peekable();
    place.peek().is_some()
        && place.all(|token| {
            program.name.has(&token.text)
                || program.city.has(&token.text)
                || token.words.iter().any(|word| {
                    campus.words[*word].acronym
                        && program
                            .name
                            .initials_run(&campus.words[*word].lower)
                            .is_some()
                })
        })
}

/// Links every track of each joined institution and specialty to one of the programs that
/// joined it; returns, per track, the program's index.
///
/// A track goes to the joined program whose name or city has the track's campus words, else
/// to the program holding the institution's main anchor (or the best-scoring one). A track
/// whose campus words name a program that did not join stays unlinked rather than going to
/// another campus's program.
fn attach(
    decisions: &[Decision],
    choices: &[Vec<Choice>],
    institutions: &[Institution<'_>],
    campus_words: &[Name],
    programs: &[ProgramNames],
    weights: &Weights,
    track_count: usize,
) -> Vec<Option<usize>> {
    let mut linked: Vec<Option<usize>> = vec![None; track_count];
    let mut holders: BTreeMap<usize, Vec<(usize, Choice)>> = BTreeMap::new();
    for (program, decision) in decisions.iter().enumerate() {
        if let Decision::Joined(choice) = decision {
            linked[choice.track] = Some(program);
            holders
                .entry(choice.institution)
                .or_default()
                .push((program, *choice));
        }
    }
    // The programs compared with each institution: those that may own a campus track.
    let mut compared: HashMap<usize, Vec<usize>> = HashMap::new();
    for (program, choices) in choices.iter().enumerate() {
        for choice in choices {
            let programs = compared.entry(choice.institution).or_default();
            if !programs.contains(&program) {
                programs.push(program);
            }
        }
    }
    let no_state = Name::default();
    for (index, holders) in holders {
        let institution = &institutions[index];
        let main_holder = holders
            .iter()
            .find(|(_, choice)| choice.track == institution.main_anchor)
            .or_else(|| {
                holders
                    .iter()
                    .max_by(|a, b| a.1.score.total_cmp(&b.1.score).then(b.0.cmp(&a.0)))
            })
            .map(|(program, _)| *program)
            .expect("an institution in the map has a holder");
        for &track in &institution.tracks {
            if linked[track].is_some() {
                continue;
            }
            let campus = &campus_words[track];
            if campus.tokens.is_empty() {
                linked[track] = Some(main_holder);
                continue;
            }
            let names_campus = |program: usize| {
                similarity(
                    &ProgramSide {
                        name: &programs[program].name,
                        city: &programs[program].city,
                    },
                    &TrackSide {
                        institution: &institution.name,
                        campus,
                        state: &no_state,
                    },
                    weights,
                )
                .campus
            };
            let named = holders
                .iter()
                .map(|(program, _)| (*program, names_campus(*program)))
                .filter(|(_, campus)| *campus > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            let names_an_unjoined_program = || {
                compared.get(&index).into_iter().flatten().any(|program| {
                    !matches!(decisions[*program], Decision::Joined(_))
                        && names_place(&programs[*program], campus)
                })
            };
            linked[track] = match named {
                Some((program, _)) => Some(program),
                None if names_an_unjoined_program() => None,
                None => Some(main_holder),
            };
        }
    }
    linked
}

#[cfg(test)]
pub(crate) mod fixtures;

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    /// Joins fictional programs and tracks (see [`fixtures`]) and shows each program's
    /// outcome, then every link.
    fn check(programs: &str, tracks: &str, expected: Expect) {
        let outcome = join(&fixtures::programs(programs), &fixtures::tracks(tracks));
        let mut lines: Vec<String> = outcome
            .programs
            .iter()
            .map(|joined| {
                let codes = |candidates: &[Candidate]| {
                    if candidates.is_empty() {
                        return "none".to_owned();
                    }
                    candidates
                        .iter()
                        .map(|candidate| candidate.track.to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                match &joined.status {
                    JoinStatus::Joined { anchor } => {
                        format!("{} joined {}", joined.program, anchor.track)
                    }
                    JoinStatus::Ambiguous { candidates, rivals } => format!(
                        "{} ambiguous: {} rivals {:?}",
                        joined.program,
                        codes(candidates),
                        rivals.iter().map(ToString::to_string).collect::<Vec<_>>()
                    ),
                    JoinStatus::Unmatched { nearest } => {
                        format!("{} unmatched, nearest: {}", joined.program, codes(nearest))
                    }
                }
            })
            .collect();
        lines.extend(
            outcome
                .links
                .iter()
                .map(|(code, program)| format!("  {code} -> {program}")),
        );
        expected.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn abbreviated_names_join_and_bring_their_other_tracks() {
        check(
            "1400000001 | Lakeview University Medical Center Program | Lakeview | NY",
            "9901140C0 | Internal Medicine | Lakeview Univ Med Ctr-NY
             9901140P0 | Medicine-Preliminary | Lakeview Univ Med Ctr-NY
             9901120C0 | Family Medicine | Lakeview Univ Med Ctr-NY",
            expect![[r#"
                acgme-1400000001 joined 9901140C0
                  9901140C0 -> acgme-1400000001
                  9901140P0 -> acgme-1400000001"#]],
        );
    }

    #[test]
    fn a_state_that_disagrees_prevents_the_join() {
        check(
            "1400000001 | Lakeview University Medical Center Program | Lakeview | NJ",
            "9901140C0 | Internal Medicine | Lakeview Univ Med Ctr-NY",
            expect!["acgme-1400000001 unmatched, nearest: none"],
        );
    }

    #[test]
    fn a_city_suffix_gives_the_state() {
        check(
            "1400000001 | Prairie University College of Medicine (Tulsa) Program | Tulsa | OK
             1400000002 | Prairie University College of Medicine Program | Topeka | KS",
            "9901140C0 | Internal Medicine | Prairie U COM-Tulsa",
            expect![[r#"
                acgme-1400000001 joined 9901140C0
                acgme-1400000002 unmatched, nearest: none
                  9901140C0 -> acgme-1400000001"#]],
        );
    }

    #[test]
    fn an_unknown_state_needs_a_stronger_match() {
        check(
            "1400000001 | Granite Valley Hospital Program | Granite | VT
             1400000002 | Granite Health Program | Granite | NH",
            "9901140C0 | Internal Medicine | Granite Valley Hosp
             9902140C0 | Internal Medicine | Granite Hlth Partners Hosp Sys",
            expect![[r#"
                acgme-1400000001 joined 9901140C0
                acgme-1400000002 unmatched, nearest: 9902140C0
                  9901140C0 -> acgme-1400000001"#]],
        );
    }

    #[test]
    fn campus_tracks_split_one_institution_between_its_programs() {
        check(
            "1400000001 | Wren Health/Fernwood Hospital Program | Fernwood | OH
             1400000002 | Wren Health/Maple Grove Hospital Program | Maple Grove | OH",
            "9901140C0 | Internal Med/Fernwood | Wren Health-OH
             9901140C1 | Internal Med/Maple Grove | Wren Health-OH
             9901140P0 | Med-Prelim/Maple Grove | Wren Health-OH
             9901140P1 | Medicine-Preliminary | Wren Health-OH",
            expect![[r#"
                acgme-1400000001 joined 9901140C0
                acgme-1400000002 joined 9901140C1
                  9901140C0 -> acgme-1400000001
                  9901140C1 -> acgme-1400000002
                  9901140P0 -> acgme-1400000002
                  9901140P1 -> acgme-1400000001"#]],
        );
    }

    #[test]
    fn a_campus_track_goes_to_its_campus_not_to_the_main_program() {
        check(
            "1400000001 | Cobalt Clinic Foundation Program | Cobalt | OH
             1400000002 | Cobalt Clinic Foundation/Birchwood Hospital Program | Birchwood | OH",
            "9901140C0 | Internal Medicine | Cobalt Clinic Fdn-OH
             9901140C1 | Internal Med/Birchwood | Cobalt Clinic Fdn-OH
             9901140C2 | Internal Med/Research | Cobalt Clinic Fdn-OH
             9901140P0 | Medicine-Preliminary | Cobalt Clinic Fdn-OH
             9901140P1 | Med-Prelim/Birchwood | Cobalt Clinic Fdn-OH",
            expect![[r#"
                acgme-1400000001 joined 9901140C0
                acgme-1400000002 joined 9901140C1
                  9901140C0 -> acgme-1400000001
                  9901140C1 -> acgme-1400000002
                  9901140C2 -> acgme-1400000001
                  9901140P0 -> acgme-1400000001
                  9901140P1 -> acgme-1400000002"#]],
        );
    }

    #[test]
    fn acronyms_match_the_initials_of_the_other_name() {
        check(
            "1400000001 | Orchard School of Medicine at Mount Willow/Lakeside Hospital Program | Lakeside | NY
             1400000002 | Teal Valley Health Sciences Center (TVHSC) Program | Teal | NY",
            "9901140C0 | Internal Medicine | OSMMW Lakeside Hosp-NY
             9902140C0 | Internal Medicine | TVHSC-NY",
            expect![[r#"
                acgme-1400000001 joined 9901140C0
                acgme-1400000002 joined 9902140C0
                  9901140C0 -> acgme-1400000001
                  9902140C0 -> acgme-1400000002"#]],
        );
    }

    #[test]
    fn two_programs_wanting_one_track_equally_are_ambiguous() {
        check(
            "1400000001 | Quarry Valley Medical Center Program | Quarry | PA
             1400000002 | Quarry Valley Medical Center Program | Elm Falls | PA",
            "9901140C0 | Internal Medicine | Quarry Valley Med Ctr-PA",
            expect![[r#"
                acgme-1400000001 ambiguous: 9901140C0 rivals ["acgme-1400000002"]
                acgme-1400000002 ambiguous: 9901140C0 rivals ["acgme-1400000001"]"#]],
        );
    }

    #[test]
    fn a_program_between_two_equally_good_institutions_is_ambiguous() {
        check(
            "1400000001 | Harbor Health Program | Harbor | ME",
            "9901140C0 | Internal Medicine | Harbor Health North-ME
             9902140C0 | Internal Medicine | Harbor Health South-ME",
            expect!["acgme-1400000001 ambiguous: 9901140C0 9902140C0 rivals []"],
        );
    }

    #[test]
    fn an_unrelated_name_is_unmatched() {
        check(
            "1400000001 | Saint Ottilie Hospital Program | Ridge | IA",
            "9901140C0 | Internal Medicine | Juniper Med Ctr-IA
             9902140C0 | Internal Medicine | Juniper Univ Hosps-IA",
            expect!["acgme-1400000001 unmatched, nearest: none"],
        );
    }

    #[test]
    fn a_primary_care_program_takes_the_primary_care_track() {
        check(
            "1400000001 | Linden Medical Center Program | Linden | CT
             1400000002 | Linden Medical Center (Primary Care) Program | Linden | CT",
            "9901140C0 | Internal Medicine | Linden Med Ctr-CT
             9901140M0 | Medicine-Primary | Linden Med Ctr-CT",
            expect![[r#"
                acgme-1400000001 joined 9901140C0
                acgme-1400000002 joined 9901140M0
                  9901140C0 -> acgme-1400000001
                  9901140M0 -> acgme-1400000002"#]],
        );
    }

    #[test]
    fn only_tracks_of_the_programs_specialty_join() {
        check(
            "1400000001 | Lakeview Medical Center Program | Lakeview | NY",
            "9901120C0 | Family Medicine | Lakeview Med Ctr-NY",
            expect!["acgme-1400000001 unmatched, nearest: none"],
        );
    }

    #[test]
    fn the_report_counts_and_shows_examples() {
        let outcome = join(
            &fixtures::programs(
                "1400000001 | Lakeview University Medical Center Program | Lakeview | NY
                 1400000002 | Saint Ottilie Hospital Program | Ridge | NY",
            ),
            &fixtures::tracks(
                "9901140C0 | Internal Medicine | Lakeview Univ Med Ctr-NY
                 9901140P0 | Medicine-Preliminary | Lakeview Univ Med Ctr-NY
                 9902140C0 | Internal Medicine | Juniper Med Ctr-NY
                 9903440C0 | Surgery-General | Juniper Med Ctr-NY",
            ),
        );
        assert_eq!(outcome.report.joined_share(), 0.5);
        expect![[r#"
            FREIDA-NRMP join
              FREIDA programs: 2
                joined to a categorical track of their specialty: 1 (50.0%), 0 of them through a primary-care track
                ambiguous (candidates too close to call, left unjoined): 0
                unmatched: 1
              NRMP tracks: 4, linked to a FREIDA program: 2, left unlinked: 2
              Internal Medicine (140): 2 programs, 1 joined, 0 ambiguous, 1 unmatched; 3 tracks (2 categorical or primary-care), 2 linked (1 of the categorical or primary-care), 1 unlinked; 1 of 2 institutions linked
              Some joins:
                Lakeview University Medical Center Program (NY)
                  9901140C0 Lakeview Univ Med Ctr-NY | Internal Medicine (score 1.00)
              Some unmatched programs and their nearest candidates:
                Saint Ottilie Hospital Program (NY)
                  no candidate
        "#]].assert_eq(&outcome.report.to_string());
        let json = serde_json::to_string(&outcome.report).unwrap();
        let back: JoinReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, outcome.report);
    }
}
