//! The market file format: the report written for a good file, and the message for each kind
//! of bad one.

use expect_test::{Expect, expect};
use match_engine::json::run_market_json;

fn check(input: &str, expect: Expect) {
    let output = match run_market_json(input) {
        Ok(report) => report,
        Err(error) => format!("error: {error}"),
    };
    expect.assert_eq(&output);
}

#[test]
fn report_names_every_applicant_in_sorted_order() {
    check(
        r#"{
            "programs": [
                {"id": "P1", "quota": 2, "rank": ["A1", "A8", "A3"]},
                {"id": "P2", "quota": 1, "rank": ["A7", "A2"]}
            ],
            "applicants": [
                {"id": "A3", "rank": ["P1"]},
                {"id": "A2", "rank": ["P2"]},
                {"id": "A1", "rank": ["P1", "P2"]}
            ],
            "couples": [{"ids": ["A8", "A7"], "rank": [["P1", "P2"], ["P1", null]]}]
        }"#,
        expect![[r#"
            {
              "assignments": {
                "A1": "P1",
                "A2": null,
                "A3": null,
                "A7": "P2",
                "A8": "P1"
              },
              "stable": true,
              "blocking_pairs": []
            }"#]],
    );
}

#[test]
fn couples_may_be_left_out() {
    check(
        r#"{"programs": [{"id": "P", "quota": 1, "rank": ["A"]}],
            "applicants": [{"id": "A", "rank": ["P"]}]}"#,
        expect![[r#"
            {
              "assignments": {
                "A": "P"
              },
              "stable": true,
              "blocking_pairs": []
            }"#]],
    );
}

#[test]
fn supplemental_lists_and_reversions() {
    check(
        r#"{
            "programs": [
                {"id": "Derm", "quota": 1, "rank": ["Eve"]},
                {"id": "Prelim", "quota": 1, "rank": ["Eve", "Fay"]},
                {"id": "Spare", "quota": 1, "rank": [], "reverts_to": "Prelim"}
            ],
            "applicants": [
                {"id": "Eve", "rank": ["Derm"], "supplemental": {"Derm": ["Prelim"]}},
                {"id": "Fay", "rank": ["Prelim"]}
            ]
        }"#,
        expect![[r#"
            {
              "assignments": {
                "Eve": "Derm",
                "Fay": "Prelim"
              },
              "supplemental_assignments": {
                "Eve": "Prelim"
              },
              "stable": true,
              "blocking_pairs": []
            }"#]],
    );
}

#[test]
fn no_stable_matching_is_reported_with_its_blocking_pairs() {
    check(
        r#"{
            "programs": [
                {"id": "X", "quota": 1, "rank": ["Ann", "S"]},
                {"id": "Y", "quota": 1, "rank": ["S", "Bob"]},
                {"id": "Z", "quota": 1, "rank": ["Ann"]},
                {"id": "W", "quota": 1, "rank": ["Bob"]}
            ],
            "applicants": [{"id": "S", "rank": ["X", "Y"]}],
            "couples": [{"ids": ["Ann", "Bob"], "rank": [["X", "Y"], ["Z", "W"]]}]
        }"#,
        expect![[r#"
            {
              "assignments": {
                "Ann": null,
                "Bob": null,
                "S": "Y"
              },
              "stable": false,
              "blocking_pairs": [
                {
                  "kind": "applicant",
                  "applicant": "S",
                  "program": "X"
                },
                {
                  "kind": "couple",
                  "applicants": [
                    "Ann",
                    "Bob"
                  ],
                  "programs": [
                    "Z",
                    "W"
                  ]
                }
              ]
            }"#]],
    );
}

#[test]
fn invalid_json_gives_line_and_column() {
    check(
        "{\n  \"programs\": [\n    {\"id\": \"P1\",, }\n  ]\n}",
        expect!["error: invalid market file: key must be a string at line 3 column 17"],
    );
}

#[test]
fn unknown_field_is_rejected() {
    check(
        r#"{"programs": [{"id": "P", "quota": 1, "rank": [], "size": 3}]}"#,
        expect![
            "error: invalid market file: unknown field `size`, expected one of `id`, `quota`, `rank`, `reverts_to` at line 1 column 56"
        ],
    );
}

#[test]
fn applicant_ranking_an_unknown_program() {
    check(
        r#"{"programs": [], "applicants": [{"id": "A1", "rank": ["P9"]}]}"#,
        expect![[r#"error: applicant "A1" ranks unknown program "P9""#]],
    );
}

#[test]
fn program_ranking_an_unknown_applicant() {
    check(
        r#"{"programs": [{"id": "P1", "quota": 1, "rank": ["A9"]}]}"#,
        expect![[r#"error: program "P1" ranks unknown applicant "A9""#]],
    );
}

#[test]
fn couple_ranking_an_unknown_program() {
    check(
        r#"{"programs": [], "couples": [{"ids": ["A", "B"], "rank": [["P9", null]]}]}"#,
        expect![[r#"error: couple "A"+"B" ranks unknown program "P9""#]],
    );
}

#[test]
fn reversion_to_an_unknown_program() {
    check(
        r#"{"programs": [{"id": "P1", "quota": 1, "rank": [], "reverts_to": "P9"}]}"#,
        expect![[r#"error: program "P1" reverts to unknown program "P9""#]],
    );
}

#[test]
fn duplicate_program_id() {
    check(
        r#"{"programs": [{"id": "P1", "quota": 1, "rank": []}, {"id": "P1", "quota": 2, "rank": []}]}"#,
        expect![[r#"error: program "P1" is listed more than once"#]],
    );
}

#[test]
fn duplicate_applicant_id() {
    check(
        r#"{"programs": [], "applicants": [{"id": "A1", "rank": []}, {"id": "A1", "rank": []}]}"#,
        expect![[r#"error: applicant "A1" is listed more than once"#]],
    );
}

#[test]
fn negative_quota() {
    check(
        r#"{"programs": [{"id": "P1", "quota": -1, "rank": []}]}"#,
        expect![[r#"error: program "P1" has quota -1; a quota must be a non-negative integer"#]],
    );
}

#[test]
fn fractional_quota() {
    check(
        r#"{"programs": [{"id": "P1", "quota": 1.5, "rank": []}]}"#,
        expect![[r#"error: program "P1" has quota 1.5; a quota must be a non-negative integer"#]],
    );
}

#[test]
fn applicant_in_two_couples() {
    check(
        r#"{"programs": [], "couples": [
            {"ids": ["A", "B"], "rank": []},
            {"ids": ["C", "A"], "rank": []}
        ]}"#,
        expect![[r#"error: applicant "A" is in two couples"#]],
    );
}

#[test]
fn couple_member_also_listed_alone() {
    check(
        r#"{"programs": [], "applicants": [{"id": "A", "rank": []}],
            "couples": [{"ids": ["A", "B"], "rank": []}]}"#,
        expect![[r#"error: applicant "A" is listed both in applicants and in a couple"#]],
    );
}

#[test]
fn couple_of_one_applicant() {
    check(
        r#"{"programs": [], "couples": [{"ids": ["A", "A"], "rank": []}]}"#,
        expect![[r#"error: applicant "A" is listed more than once"#]],
    );
}

#[test]
fn applicant_ranking_a_program_twice() {
    check(
        r#"{"programs": [{"id": "P1", "quota": 1, "rank": []}],
            "applicants": [{"id": "A1", "rank": ["P1", "P1"]}]}"#,
        expect![[r#"error: applicant "A1" ranks program "P1" twice"#]],
    );
}

#[test]
fn program_ranking_an_applicant_twice() {
    check(
        r#"{"programs": [{"id": "P1", "quota": 1, "rank": ["A1", "A1"]}],
            "applicants": [{"id": "A1", "rank": []}]}"#,
        expect![[r#"error: program "P1" ranks applicant "A1" twice"#]],
    );
}

#[test]
fn couple_ranking_a_pair_twice() {
    check(
        r#"{"programs": [{"id": "P1", "quota": 1, "rank": []}],
            "couples": [{"ids": ["A", "B"], "rank": [["P1", null], ["P1", null]]}]}"#,
        expect![[r#"error: couple "A"+"B" ranks the pair ["P1", null] twice"#]],
    );
}

#[test]
fn couple_ranking_both_unmatched() {
    check(
        r#"{"programs": [], "couples": [{"ids": ["A", "B"], "rank": [[null, null]]}]}"#,
        expect![[
            r#"error: couple "A"+"B" ranks [null, null]; every couple's list already ends with both unmatched"#
        ]],
    );
}

#[test]
fn supplemental_list_for_a_program_not_ranked() {
    check(
        r#"{"programs": [{"id": "Adv", "quota": 1, "rank": []}, {"id": "Pre", "quota": 1, "rank": []}],
            "applicants": [{"id": "A1", "rank": [], "supplemental": {"Adv": ["Pre"]}}]}"#,
        expect![[
            r#"error: applicant "A1" has a supplemental list for "Adv", which is not on their rank list"#
        ]],
    );
}

#[test]
fn supplemental_list_given_twice() {
    check(
        r#"{"programs": [{"id": "Adv", "quota": 1, "rank": []}, {"id": "Pre", "quota": 1, "rank": []}],
            "applicants": [{"id": "A1", "rank": ["Adv"],
                            "supplemental": {"Adv": ["Pre"], "Adv": []}}]}"#,
        expect![[
            r#"error: invalid market file: supplemental list for "Adv" is given twice at line 3 column 71"#
        ]],
    );
}

#[test]
fn supplemental_program_also_on_the_primary_list() {
    check(
        r#"{"programs": [{"id": "Adv", "quota": 1, "rank": []}, {"id": "Pre", "quota": 1, "rank": []}],
            "applicants": [{"id": "A1", "rank": ["Adv", "Pre"], "supplemental": {"Adv": ["Pre"]}}]}"#,
        expect![[
            r#"error: applicant "A1" ranks program "Pre" both on the rank list and on a supplemental list"#
        ]],
    );
}

#[test]
fn reversions_in_a_cycle() {
    check(
        r#"{"programs": [
            {"id": "P1", "quota": 1, "rank": [], "reverts_to": "P2"},
            {"id": "P2", "quota": 1, "rank": [], "reverts_to": "P1"}
        ]}"#,
        expect![[r#"error: the reversions starting at program "P1" form a cycle"#]],
    );
}

#[test]
fn reversion_to_itself() {
    check(
        r#"{"programs": [{"id": "P1", "quota": 1, "rank": [], "reverts_to": "P1"}]}"#,
        expect![[r#"error: program "P1" reverts to itself"#]],
    );
}
