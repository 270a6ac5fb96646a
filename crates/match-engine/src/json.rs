//! The market file format read by `residency-advisor match MARKET.json`, and the report written
//! back.
//!
//! # Input
//!
//! ```json
//! {
//!   "programs": [
//!     {"id": "P1", "quota": 2, "rank": ["A1", "A3"]},
//!     {"id": "P1-R", "quota": 1, "rank": ["A3"], "reverts_to": "P1"}
//!   ],
//!   "applicants": [
//!     {"id": "A1", "rank": ["ADV", "P1"], "supplemental": {"ADV": ["PRE1", "PRE2"]}}
//!   ],
//!   "couples": [
//!     {"ids": ["A7", "A8"], "rank": [["P1", "P2"], ["P1", null]]}
//!   ]
//! }
//! ```
//!
//! Each program is one track. `reverts_to` sends the program's unfilled positions to another
//! program once the match has run. An applicant's optional `supplemental` maps a program of
//! their primary list (meant to be an advanced one) to the PGY-1 programs to try, in order, when
//! they match it. A couple ranks pairs of programs, the first for the first id and the second
//! for the second; `null` leaves that member unmatched. Couple members are listed only in their
//! couple, never in `applicants`. `applicants` and `couples` may be left out. Unknown fields,
//! unknown ids, repeated ids or rank entries, a quota that is not a non-negative integer and an
//! applicant in two couples are all rejected with a message naming the entry.
//!
//! # Output
//!
//! ```json
//! {"assignments": {"A1": "P1", "A2": null}, "stable": true, "blocking_pairs": []}
//! ```
//!
//! `assignments` names every applicant and couple member, sorted by id. When any applicant has
//! supplemental lists, `supplemental_assignments` gives, for each of them, the PGY-1 program
//! they hold. `stable` is false only when the run gave up on couples that cycle, and then
//! `blocking_pairs` says why the matching it stopped on is not stable.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use thiserror::Error;

use crate::engine::{Matching, run_match};
use crate::market::{
    ApplicantIdx, ApplicantSpec, CoupleIdx, CoupleSpec, Market, MarketError, MarketSpec, RankEntry,
    Referrer, Reversion, SupplementalListIdx, TrackIdx, TrackSpec,
};
use crate::stability::{BlockingPair, blocking_pairs};

/// A market file as written, before its ids are resolved.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarketFile {
    /// Every program, each one track.
    pub programs: Vec<ProgramEntry>,
    /// Every applicant who is not in a couple.
    #[serde(default)]
    pub applicants: Vec<ApplicantEntry>,
    /// Every couple.
    #[serde(default)]
    pub couples: Vec<CoupleEntry>,
}

/// A program of the market file.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramEntry {
    /// The program's id.
    pub id: String,
    /// Its number of positions, kept as written so that a bad value can be reported with the
    /// program's id.
    pub quota: serde_json::Number,
    /// Applicant ids in the program's order of preference.
    pub rank: Vec<String>,
    /// The program that receives this one's unfilled positions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverts_to: Option<String>,
}

/// A single applicant of the market file.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicantEntry {
    /// The applicant's id.
    pub id: String,
    /// Program ids, most preferred first.
    pub rank: Vec<String>,
    /// For a program of `rank`, the PGY-1 programs to try when the applicant matches it.
    #[serde(
        default,
        skip_serializing_if = "SupplementalLists::is_empty",
        deserialize_with = "supplemental_without_repeats"
    )]
    pub supplemental: SupplementalLists,
}

/// Supplemental lists keyed by the program they belong to.
pub type SupplementalLists = BTreeMap<String, Vec<String>>;

/// A couple of the market file.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CoupleEntry {
    /// The two members' ids.
    pub ids: [String; 2],
    /// Pairs of program ids, most preferred first; `None` leaves that member unmatched.
    pub rank: Vec<[Option<String>; 2]>,
}

/// Why a market file was rejected: the user's input is wrong, and the message says where.
#[derive(Debug, Error)]
pub enum MarketFileError {
    /// Not JSON, or JSON of another shape; the message carries line and column.
    #[error("invalid market file: {0}")]
    Syntax(#[from] serde_json::Error),
    /// Two programs, or two applicants (couple members included), share an id.
    #[error("{kind} \"{id}\" is listed more than once")]
    DuplicateId {
        /// "program" or "applicant".
        kind: &'static str,
        /// The repeated id.
        id: String,
    },
    /// A quota that is not a non-negative integer that fits in 32 bits.
    #[error("program \"{program}\" has quota {quota}; a quota must be a non-negative integer")]
    InvalidQuota {
        /// The program.
        program: String,
        /// The quota as written.
        quota: String,
    },
    /// An id that names nothing in the file.
    #[error("{owner} {relation} unknown {kind} \"{id}\"")]
    UnknownId {
        /// Who mentions it, e.g. `applicant "A1"`.
        owner: String,
        /// How, e.g. "ranks".
        relation: &'static str,
        /// "program" or "applicant".
        kind: &'static str,
        /// The unknown id.
        id: String,
    },
    /// An applicant in two couples.
    #[error("applicant \"{applicant}\" is in two couples")]
    ApplicantInTwoCouples {
        /// The applicant.
        applicant: String,
    },
    /// An applicant listed both alone and in a couple.
    #[error("applicant \"{applicant}\" is listed both in applicants and in a couple")]
    CoupleMemberListedAlone {
        /// The applicant.
        applicant: String,
    },
    /// A supplemental list attached to a program the applicant does not rank.
    #[error(
        "applicant \"{applicant}\" has a supplemental list for \"{program}\", which is not on their rank list"
    )]
    SupplementalForUnrankedProgram {
        /// The applicant.
        applicant: String,
        /// The program the list is keyed by.
        program: String,
    },
    /// Any other rule of the market broken, described with the file's ids.
    #[error("{0}")]
    Rule(String),
}

/// A market read from a file, with the ids to write results back with.
#[derive(Clone, Debug)]
pub struct ParsedMarket {
    /// The checked market.
    pub market: Market,
    /// Program ids by track index.
    pub program_ids: Vec<String>,
    /// Applicant ids by applicant index: single applicants in file order, then couple members
    /// couple by couple.
    pub applicant_ids: Vec<String>,
    /// Whether any applicant has a supplemental list, so the report includes that section.
    pub has_supplemental_lists: bool,
}

/// The result of a match as written to the output file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchReport {
    /// Every applicant's program, or `null` when unmatched.
    pub assignments: BTreeMap<String, Option<String>>,
    /// For every applicant with supplemental lists, the PGY-1 program they hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplemental_assignments: Option<BTreeMap<String, Option<String>>>,
    /// Whether the matching has no blocking pair.
    pub stable: bool,
    /// Every reason the matching is not stable.
    pub blocking_pairs: Vec<BlockingPairReport>,
}

/// A [`BlockingPair`] written with ids.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum BlockingPairReport {
    /// See [`BlockingPair::OverQuota`].
    OverQuota {
        /// The program.
        program: String,
        /// How many it holds.
        held: u32,
        /// Its quota.
        quota: u32,
    },
    /// See [`BlockingPair::UnacceptableAssignment`].
    UnacceptableAssignment {
        /// The applicant.
        applicant: String,
        /// The program.
        program: String,
    },
    /// See [`BlockingPair::UnrankedCouplePair`].
    UnrankedCouplePair {
        /// The couple's members.
        applicants: [String; 2],
        /// The pair they hold.
        programs: [Option<String>; 2],
    },
    /// See [`BlockingPair::Applicant`].
    Applicant {
        /// The applicant.
        applicant: String,
        /// The program.
        program: String,
    },
    /// See [`BlockingPair::Supplemental`].
    Supplemental {
        /// The applicant.
        applicant: String,
        /// The PGY-1 program.
        program: String,
    },
    /// See [`BlockingPair::Couple`].
    Couple {
        /// The couple's members.
        applicants: [String; 2],
        /// The pair.
        programs: [Option<String>; 2],
    },
}

/// Reads a market file, runs the match and writes the report as pretty-printed JSON.
pub fn run_market_json(input: &str) -> Result<String, MarketFileError> {
    let parsed = parse_market(input)?;
    let outcome = run_match(&parsed.market);
    let report = parsed.report(outcome.matching());
    Ok(serde_json::to_string_pretty(&report)?)
}

/// Reads and checks a market file.
pub fn parse_market(input: &str) -> Result<ParsedMarket, MarketFileError> {
    let file: MarketFile = serde_json::from_str(input)?;
    file.resolve()
}

impl MarketFile {
    /// Resolves ids into indices and checks the market.
    pub fn resolve(&self) -> Result<ParsedMarket, MarketFileError> {
        let mut program_index: HashMap<&str, u32> = HashMap::new();
        for (t, program) in self.programs.iter().enumerate() {
            if program_index.insert(&program.id, t as u32).is_some() {
                return Err(MarketFileError::DuplicateId {
                    kind: "program",
                    id: program.id.clone(),
                });
            }
        }

        let mut applicant_ids: Vec<String> = Vec::new();
        let mut applicant_index: HashMap<&str, u32> = HashMap::new();
        for applicant in &self.applicants {
            let next = applicant_ids.len() as u32;
            if applicant_index.insert(&applicant.id, next).is_some() {
                return Err(MarketFileError::DuplicateId {
                    kind: "applicant",
                    id: applicant.id.clone(),
                });
            }
            applicant_ids.push(applicant.id.clone());
        }
        let single_count = applicant_ids.len();
        for couple in &self.couples {
            for id in &couple.ids {
                let next = applicant_ids.len() as u32;
                match applicant_index.insert(id, next) {
                    None => applicant_ids.push(id.clone()),
                    Some(previous) if (previous as usize) < single_count => {
                        return Err(MarketFileError::CoupleMemberListedAlone {
                            applicant: id.clone(),
                        });
                    }
                    Some(_) if couple.ids[0] == couple.ids[1] => {
                        return Err(MarketFileError::DuplicateId {
                            kind: "applicant",
                            id: id.clone(),
                        });
                    }
                    Some(_) => {
                        return Err(MarketFileError::ApplicantInTwoCouples {
                            applicant: id.clone(),
                        });
                    }
                }
            }
        }

        let program = |owner: &dyn Fn() -> String, relation: &'static str, id: &str| {
            program_index
                .get(id)
                .map(|&t| TrackIdx(t))
                .ok_or_else(|| MarketFileError::UnknownId {
                    owner: owner(),
                    relation,
                    kind: "program",
                    id: id.to_owned(),
                })
        };

        let mut tracks = Vec::with_capacity(self.programs.len());
        for entry in &self.programs {
            let owner = || format!("program \"{}\"", entry.id);
            let quota = entry
                .quota
                .as_u64()
                .and_then(|q| u32::try_from(q).ok())
                .ok_or_else(|| MarketFileError::InvalidQuota {
                    program: entry.id.clone(),
                    quota: entry.quota.to_string(),
                })?;
            let mut rank = Vec::with_capacity(entry.rank.len());
            for id in &entry.rank {
                let applicant =
                    applicant_index
                        .get(id.as_str())
                        .ok_or_else(|| MarketFileError::UnknownId {
                            owner: owner(),
                            relation: "ranks",
                            kind: "applicant",
                            id: id.clone(),
                        })?;
                rank.push(ApplicantIdx(*applicant));
            }
            let reversion = match &entry.reverts_to {
                Some(id) => Some(Reversion {
                    to: program(&owner, "reverts to", id)?,
                }),
                None => None,
            };
            tracks.push(TrackSpec {
                quota,
                rank,
                reversion,
            });
        }

        let mut applicants = Vec::with_capacity(applicant_ids.len());
        let mut has_supplemental_lists = false;
        for entry in &self.applicants {
            let owner = || format!("applicant \"{}\"", entry.id);
            let mut lists = Vec::new();
            let mut list_of: HashMap<&str, SupplementalListIdx> = HashMap::new();
            for (key, list) in &entry.supplemental {
                if !entry.rank.contains(key) {
                    program(&owner, "has a supplemental list for", key)?;
                    return Err(MarketFileError::SupplementalForUnrankedProgram {
                        applicant: entry.id.clone(),
                        program: key.clone(),
                    });
                }
                let tracks = list
                    .iter()
                    .map(|id| program(&owner, "ranks", id))
                    .collect::<Result<Vec<_>, _>>()?;
                list_of.insert(key, SupplementalListIdx(lists.len() as u32));
                lists.push(tracks);
            }
            has_supplemental_lists |= !lists.is_empty();
            let rank = entry
                .rank
                .iter()
                .map(|id| {
                    Ok(RankEntry {
                        track: program(&owner, "ranks", id)?,
                        supplemental: list_of.get(id.as_str()).copied(),
                    })
                })
                .collect::<Result<Vec<_>, MarketFileError>>()?;
            applicants.push(ApplicantSpec {
                rank,
                supplemental_lists: lists,
            });
        }
        let mut couples = Vec::with_capacity(self.couples.len());
        for (c, entry) in self.couples.iter().enumerate() {
            let owner = || format!("couple \"{}\"+\"{}\"", entry.ids[0], entry.ids[1]);
            let mut rank = Vec::with_capacity(entry.rank.len());
            for pair in &entry.rank {
                let mut resolved = [None, None];
                for (side, id) in pair.iter().enumerate() {
                    if let Some(id) = id {
                        resolved[side] = Some(program(&owner, "ranks", id)?);
                    }
                }
                rank.push(resolved);
            }
            let first = (single_count + 2 * c) as u32;
            applicants.push(ApplicantSpec::default());
            applicants.push(ApplicantSpec::default());
            couples.push(CoupleSpec {
                members: [ApplicantIdx(first), ApplicantIdx(first + 1)],
                rank,
            });
        }

        let program_ids: Vec<String> = self.programs.iter().map(|p| p.id.clone()).collect();
        let spec = MarketSpec {
            tracks,
            applicants,
            couples,
        };
        let market = Market::new(spec).map_err(|error| {
            MarketFileError::Rule(describe(&error, &program_ids, &applicant_ids, self))
        })?;
        Ok(ParsedMarket {
            market,
            program_ids,
            applicant_ids,
            has_supplemental_lists,
        })
    }
}

/// Rewrites a [`MarketError`] with the file's ids instead of indices.
fn describe(
    error: &MarketError,
    programs: &[String],
    applicants: &[String],
    file: &MarketFile,
) -> String {
    let program = |t: TrackIdx| format!("\"{}\"", programs[t.index()]);
    let applicant = |a: ApplicantIdx| format!("\"{}\"", applicants[a.index()]);
    let couple = |c: CoupleIdx| {
        let ids = &file.couples[c.index()].ids;
        format!("couple \"{}\"+\"{}\"", ids[0], ids[1])
    };
    let referrer = |r: Referrer| match r {
        Referrer::Applicant(a) => format!("applicant {}", applicant(a)),
        Referrer::Couple(c) => couple(c),
        Referrer::Track(t) => format!("program {}", program(t)),
    };
    let pair = |p: &[Option<TrackIdx>; 2]| {
        let side = |t: Option<TrackIdx>| t.map_or("null".to_owned(), program);
        format!("[{}, {}]", side(p[0]), side(p[1]))
    };
    match error {
        MarketError::UnknownTrack { referrer: r, track } => {
            format!("{} refers to unknown program {}", referrer(*r), track.0)
        }
        MarketError::UnknownApplicant {
            referrer: r,
            applicant: a,
        } => format!("{} refers to unknown applicant {}", referrer(*r), a.0),
        MarketError::UnknownSupplementalList { applicant: a, .. } => {
            format!(
                "applicant {} refers to a missing supplemental list",
                applicant(*a)
            )
        }
        MarketError::TrackRanksApplicantTwice {
            track,
            applicant: a,
        } => format!(
            "program {} ranks applicant {} twice",
            program(*track),
            applicant(*a)
        ),
        MarketError::ApplicantRanksTrackTwice {
            applicant: a,
            track,
        } => format!(
            "applicant {} ranks program {} twice",
            applicant(*a),
            program(*track)
        ),
        MarketError::SupplementalListRanksTrackTwice {
            applicant: a,
            track,
            ..
        } => format!(
            "applicant {} ranks program {} twice on one supplemental list",
            applicant(*a),
            program(*track)
        ),
        MarketError::TrackOnPrimaryAndSupplementalList {
            applicant: a,
            track,
        } => format!(
            "applicant {} ranks program {} both on the rank list and on a supplemental list",
            applicant(*a),
            program(*track)
        ),
        MarketError::CoupleMemberRepeated { couple: c } => {
            format!("{} names the same applicant twice", couple(*c))
        }
        MarketError::ApplicantInTwoCouples { applicant: a } => {
            format!("applicant {} is in two couples", applicant(*a))
        }
        MarketError::CoupleMemberWithOwnLists { applicant: a } => format!(
            "applicant {} is in a couple but has individual lists",
            applicant(*a)
        ),
        MarketError::CoupleRanksPairTwice { couple: c, pair: p } => {
            format!("{} ranks the pair {} twice", couple(*c), pair(p))
        }
        MarketError::CouplePairWithoutTrack { couple: c } => format!(
            "{} ranks [null, null]; every couple's list already ends with both unmatched",
            couple(*c)
        ),
        MarketError::ReversionToItself { track } => {
            format!("program {} reverts to itself", program(*track))
        }
        MarketError::TooLarge { .. } => error.to_string(),
        MarketError::ReversionCycle { track } => format!(
            "the reversions starting at program {} form a cycle",
            program(*track)
        ),
    }
}

impl ParsedMarket {
    /// Writes a matching of this market with the file's ids.
    pub fn report(&self, matching: &Matching) -> MatchReport {
        let program = |t: TrackIdx| self.program_ids[t.index()].clone();
        let applicant = |a: ApplicantIdx| self.applicant_ids[a.index()].clone();
        let assignments = self
            .applicant_ids
            .iter()
            .enumerate()
            .map(|(a, id)| {
                (
                    id.clone(),
                    matching.track_of(ApplicantIdx(a as u32)).map(program),
                )
            })
            .collect();
        let supplemental_assignments = self.has_supplemental_lists.then(|| {
            self.market
                .spec()
                .applicants
                .iter()
                .enumerate()
                .filter(|(_, spec)| !spec.supplemental_lists.is_empty())
                .map(|(a, _)| {
                    let a = ApplicantIdx(a as u32);
                    (applicant(a), matching.supplemental_track_of(a).map(program))
                })
                .collect()
        });
        let members = |c: CoupleIdx| self.market.spec().couples[c.index()].members.map(applicant);
        let pair = |p: [Option<TrackIdx>; 2]| p.map(|t| t.map(program));
        let blocking: Vec<BlockingPairReport> = blocking_pairs(&self.market, matching)
            .into_iter()
            .map(|b| match b {
                BlockingPair::OverQuota { track, held, quota } => BlockingPairReport::OverQuota {
                    program: program(track),
                    held,
                    quota,
                },
                BlockingPair::UnacceptableAssignment {
                    applicant: a,
                    track,
                } => BlockingPairReport::UnacceptableAssignment {
                    applicant: applicant(a),
                    program: program(track),
                },
                BlockingPair::UnrankedCouplePair { couple, pair: p } => {
                    BlockingPairReport::UnrankedCouplePair {
                        applicants: members(couple),
                        programs: pair(p),
                    }
                }
                BlockingPair::Applicant {
                    applicant: a,
                    track,
                } => BlockingPairReport::Applicant {
                    applicant: applicant(a),
                    program: program(track),
                },
                BlockingPair::Supplemental {
                    applicant: a,
                    track,
                } => BlockingPairReport::Supplemental {
                    applicant: applicant(a),
                    program: program(track),
                },
                BlockingPair::Couple { couple, pair: p } => BlockingPairReport::Couple {
                    applicants: members(couple),
                    programs: pair(p),
                },
            })
            .collect();
        MatchReport {
            assignments,
            supplemental_assignments,
            stable: blocking.is_empty(),
            blocking_pairs: blocking,
        }
    }
}

/// Reads the `supplemental` object, refusing a program named twice (a plain map would keep the
/// last list silently).
fn supplemental_without_repeats<'de, D>(deserializer: D) -> Result<SupplementalLists, D::Error>
where
    D: Deserializer<'de>,
{
    struct ListsVisitor;

    impl<'de> Visitor<'de> for ListsVisitor {
        type Value = SupplementalLists;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object from program id to a list of PGY-1 program ids")
        }

        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
            let mut lists = SupplementalLists::new();
            while let Some((key, list)) = map.next_entry::<String, Vec<String>>()? {
                if lists.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "supplemental list for \"{key}\" is given twice"
                    )));
                }
                lists.insert(key, list);
            }
            Ok(lists)
        }
    }

    deserializer.deserialize_map(ListsVisitor)
}
