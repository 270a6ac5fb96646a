//! A compact text notation for tiny markets and a readable rendering of match results, so that
//! each hand-written case is a few lines of fixture and an inline snapshot.
//!
//! ```text
//! program City 2: Eastman Anderson Chen     # id, quota, rank order list
//! program Spare 1 -> City: Chen             # unfilled positions revert to City
//! applicant Chen: City Mercy                # primary rank order list
//! applicant Eve: Adv[Pre1,Pre2] Cat         # Adv carries the supplemental list Pre1, Pre2
//! couple Ann Bob: City+Mercy City+-         # pairs; `-` leaves that member unmatched
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use expect_test::Expect;
use match_engine::json::{ApplicantEntry, CoupleEntry, MarketFile, ParsedMarket, ProgramEntry};
use match_engine::{ApplicantIdx, MatchOutcome, Matching, TrackIdx, run_match};

/// Parses the notation above into a market file.
pub fn market_file(fixture: &str) -> MarketFile {
    let mut file = MarketFile::default();
    for raw in fixture.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let (head, list) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("fixture line without ':': {line}"));
        let head: Vec<&str> = head.split_whitespace().collect();
        let list: Vec<&str> = list.split_whitespace().collect();
        match head.as_slice() {
            ["program", id, quota, rest @ ..] => {
                let reverts_to = match rest {
                    [] => None,
                    ["->", target] => Some((*target).to_owned()),
                    _ => panic!("bad program line: {line}"),
                };
                let quota: u32 = quota.parse().expect("quota is a number");
                file.programs.push(ProgramEntry {
                    id: (*id).to_owned(),
                    quota: quota.into(),
                    rank: list.iter().map(|s| (*s).to_owned()).collect(),
                    reverts_to,
                });
            }
            ["applicant", id] => {
                let mut rank = Vec::new();
                let mut supplemental = BTreeMap::new();
                for token in list {
                    match token.split_once('[') {
                        Some((program, tail)) => {
                            let inner = tail.strip_suffix(']').expect("closing ]");
                            let pgy1 = inner.split(',').map(str::to_owned).collect();
                            supplemental.insert(program.to_owned(), pgy1);
                            rank.push(program.to_owned());
                        }
                        None => rank.push(token.to_owned()),
                    }
                }
                file.applicants.push(ApplicantEntry {
                    id: (*id).to_owned(),
                    rank,
                    supplemental,
                });
            }
            ["couple", first, second] => {
                let side = |s: &str| (s != "-").then(|| s.to_owned());
                let rank = list
                    .iter()
                    .map(|pair| {
                        let (a, b) = pair.split_once('+').expect("pair written A+B");
                        [side(a), side(b)]
                    })
                    .collect();
                file.couples.push(CoupleEntry {
                    ids: [(*first).to_owned(), (*second).to_owned()],
                    rank,
                });
            }
            _ => panic!("unknown fixture line: {line}"),
        }
    }
    file
}

/// Parses and checks a fixture, panicking with the market error if it is invalid.
pub fn parsed(fixture: &str) -> ParsedMarket {
    market_file(fixture)
        .resolve()
        .unwrap_or_else(|e| panic!("fixture is not a valid market: {e}"))
}

/// One line per applicant in fixture order (`name: program`, `+ pgy1` for a supplemental
/// position), then any quota changed by reversions, then the verdict and its reasons.
pub fn render(parsed: &ParsedMarket, outcome: &MatchOutcome) -> String {
    let matching = outcome.matching();
    let mut out = String::new();
    for (a, id) in parsed.applicant_ids.iter().enumerate() {
        let a = ApplicantIdx(a as u32);
        let name = |t: Option<TrackIdx>| {
            t.map_or("unmatched".to_owned(), |t| {
                parsed.program_ids[t.index()].clone()
            })
        };
        let _ = write!(out, "{id}: {}", name(matching.track_of(a)));
        if let Some(pgy1) = matching.supplemental_track_of(a) {
            let _ = write!(out, " + {}", name(Some(pgy1)));
        }
        out.push('\n');
    }
    for (t, spec) in parsed.market.spec().tracks.iter().enumerate() {
        if matching.quotas[t] != spec.quota {
            let _ = writeln!(
                out,
                "quota {}: {} -> {}",
                parsed.program_ids[t], spec.quota, matching.quotas[t]
            );
        }
    }
    if !outcome.is_stable() {
        out.push_str("no stable matching found\n");
    }
    out.push_str(&verdict(parsed, matching));
    out
}

/// "stable", or the reasons the matching is not stable, one JSON object a line.
pub fn verdict(parsed: &ParsedMarket, matching: &Matching) -> String {
    let report = parsed.report(matching);
    let mut out = String::new();
    if report.blocking_pairs.is_empty() {
        out.push_str("stable\n");
    }
    for pair in report.blocking_pairs {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string(&pair).expect("serializable")
        );
    }
    out
}

/// Runs a fixture and compares the rendering with the snapshot.
pub fn check(fixture: &str, expect: Expect) {
    let parsed = parsed(fixture);
    let outcome = run_match(&parsed.market);
    expect.assert_eq(&render(&parsed, &outcome));
}

/// Builds a matching by hand from `applicant program` pairs (`applicant program+pgy1` for a
/// supplemental position) and lists its blocking pairs.
pub fn check_matching(fixture: &str, assignment: &str, expect: Expect) {
    let parsed = parsed(fixture);
    let mut matching = Matching::empty(&parsed.market);
    let track = |id: &str| {
        TrackIdx(
            parsed
                .program_ids
                .iter()
                .position(|p| p == id)
                .unwrap_or_else(|| panic!("unknown program {id}")) as u32,
        )
    };
    for line in assignment.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (applicant, programs) = line.split_once(' ').expect("`applicant program`");
        let a = parsed
            .applicant_ids
            .iter()
            .position(|id| id == applicant)
            .unwrap_or_else(|| panic!("unknown applicant {applicant}"));
        let mut programs = programs.trim().split('+');
        matching.track_of[a] = programs.next().map(track);
        matching.supplemental_track_of[a] = programs.next().map(track);
    }
    expect.assert_eq(&verdict(&parsed, &matching));
}
