//! How a run reports itself: the proposal limit that turns a cycle into an outcome, the counts
//! it keeps, and the same answer every time.

use expect_test::expect;
use match_engine::json::run_market_json;
use match_engine::{MatchOptions, MatchOutcome, run_match, run_match_with};

use crate::support::{parsed, render};

const CHASE: &str = "
    program X 1: Ann S
    program Y 1: S Bob
    program Z 1: Ann
    program W 1: Bob
    applicant S: X Y
    couple Ann Bob: X+Y Z+W
";

#[test]
fn cycling_run_stops_just_past_its_proposal_limit() {
    let parsed = parsed(CHASE);
    let options = MatchOptions {
        proposal_limit: Some(500),
    };
    let outcome = run_match_with(&parsed.market, &options);
    assert!(!outcome.is_stable());
    let proposals = outcome.statistics().proposals;
    assert!((501..=510).contains(&proposals), "{proposals} proposals");
}

#[test]
fn run_cut_short_on_a_stable_state_still_counts_as_stable() {
    // The limit stops the run after A's first proposal, before B is taken from the stack;
    // B's only program ranks B below A, so the state reached is already stable.
    let parsed = parsed(
        "
        program P 1: A B
        applicant A: P
        applicant B: P
        ",
    );
    let options = MatchOptions {
        proposal_limit: Some(0),
    };
    let outcome = run_match_with(&parsed.market, &options);
    expect![[r#"
        A: P
        B: unmatched
        stable
        MatchStatistics { proposals: 1, reversion_rounds: 0, positions_reverted: 0 }"#]]
    .assert_eq(&format!(
        "{}{:?}",
        render(&parsed, &outcome),
        outcome.statistics()
    ));
}

#[test]
fn run_cut_short_on_an_unstable_state_says_so() {
    let parsed = parsed(
        "
        program P 1: B A
        applicant A: P
        applicant B: P
        ",
    );
    let options = MatchOptions {
        proposal_limit: Some(0),
    };
    let outcome = run_match_with(&parsed.market, &options);
    expect![[r#"
        A: P
        B: unmatched
        no stable matching found
        {"kind":"applicant","applicant":"B","program":"P"}
    "#]]
    .assert_eq(&render(&parsed, &outcome));
}

#[test]
fn statistics_count_proposals_and_reversions() {
    let parsed = parsed(
        "
        program Research 2 -> Clinical: A
        program Clinical 1: B C
        applicant A: Research
        applicant B: Clinical
        applicant C: Clinical
        ",
    );
    let outcome = run_match(&parsed.market);
    expect!["MatchStatistics { proposals: 4, reversion_rounds: 1, positions_reverted: 1 }"]
        .assert_eq(&format!("{:?}", outcome.statistics()));
}

#[test]
fn same_market_same_report() {
    let input = r#"{
        "programs": [
            {"id": "X", "quota": 1, "rank": ["Ann", "S", "T"]},
            {"id": "Y", "quota": 2, "rank": ["T", "S", "Bob"]},
            {"id": "Adv", "quota": 1, "rank": ["T"]},
            {"id": "Pre", "quota": 1, "rank": ["T", "S"], "reverts_to": "Y"}
        ],
        "applicants": [
            {"id": "S", "rank": ["X", "Y", "Pre"]},
            {"id": "T", "rank": ["Adv", "Y"], "supplemental": {"Adv": ["X"]}}
        ],
        "couples": [{"ids": ["Ann", "Bob"], "rank": [["X", "Y"], [null, "Y"]]}]
    }"#;
    let first = run_market_json(input).expect("valid market");
    for _ in 0..5 {
        assert_eq!(run_market_json(input).expect("valid market"), first);
    }
    let parsed = match_engine::json::parse_market(input).expect("valid market");
    assert!(matches!(
        run_match(&parsed.market),
        MatchOutcome::Stable { .. }
    ));
}
