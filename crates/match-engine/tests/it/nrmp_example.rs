//! The NRMP's own worked example of the algorithm ("Run a Match": five applicants, three
//! programs with two positions each).
//!
//! The rank order lists below are transcribed from a plain-text copy of that handout whose
//! table layout was partly lost, so the exact published lists are not certain. The test
//! therefore checks two things: the result the lists produce, and that this result is the
//! applicant-optimal stable matching found by exhaustive search, which is what the algorithm
//! must produce whatever the lists are. The narrative of the handout agrees with the result:
//! Chen, who ranked Mercy second and was Mercy's first choice, ends at Mercy, and Ford, who
//! ranked City and General above Mercy, ends at General, leaving one position at Mercy empty.

use expect_test::expect;
use match_engine::run_match;

use crate::reference::{all_stable_matchings, applicant_optimal};
use crate::support::{parsed, render};

const RUN_A_MATCH: &str = "
    applicant Anderson: City
    applicant Chen: City Mercy
    applicant Ford: City General Mercy
    applicant Davis: Mercy City General
    applicant Eastman: City Mercy General
    program Mercy 2: Chen Ford
    program City 2: Eastman Anderson Chen Davis Ford
    program General 2: Eastman Anderson Ford Davis
";

#[test]
fn run_a_match_result() {
    let parsed = parsed(RUN_A_MATCH);
    let outcome = run_match(&parsed.market);
    expect![[r#"
        Anderson: City
        Chen: Mercy
        Ford: General
        Davis: General
        Eastman: City
        stable
    "#]]
    .assert_eq(&render(&parsed, &outcome));
}

#[test]
fn run_a_match_result_is_the_applicant_optimal_stable_matching() {
    let parsed = parsed(RUN_A_MATCH);
    let outcome = run_match(&parsed.market);
    let stable = all_stable_matchings(&parsed.market);
    let optimal = applicant_optimal(&parsed.market, &stable).expect("an optimal matching");
    assert_eq!(outcome.matching(), &optimal);
}
