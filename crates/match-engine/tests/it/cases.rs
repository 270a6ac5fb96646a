//! Hand-written tiny markets, one behaviour each, with the expected matching as a snapshot.

use expect_test::expect;

use crate::support::check;

#[test]
fn one_applicant_one_position() {
    check(
        "
        program P 1: A
        applicant A: P
        ",
        expect![[r#"
            A: P
            stable
        "#]],
    );
}

#[test]
fn applicant_the_program_did_not_rank_stays_unmatched() {
    check(
        "
        program P 1: B
        applicant A: P
        applicant B:
        ",
        expect![[r#"
            A: unmatched
            B: unmatched
            stable
        "#]],
    );
}

#[test]
fn program_the_applicant_did_not_rank_gets_nobody() {
    check(
        "
        program P 1: A
        program Q 1: A
        applicant A: Q
        ",
        expect![[r#"
            A: Q
            stable
        "#]],
    );
}

#[test]
fn program_preference_decides_between_two_applicants() {
    check(
        "
        program P 1: B A
        applicant A: P
        applicant B: P
        ",
        expect![[r#"
            A: unmatched
            B: P
            stable
        "#]],
    );
}

#[test]
fn listing_order_of_applicants_does_not_matter() {
    check(
        "
        program P 1: B A
        applicant B: P
        applicant A: P
        ",
        expect![[r#"
            B: P
            A: unmatched
            stable
        "#]],
    );
}

#[test]
fn quota_zero_takes_nobody() {
    check(
        "
        program Closed 0: A B
        program Open 1: B A
        applicant A: Closed Open
        applicant B: Closed Open
        ",
        expect![[r#"
            A: unmatched
            B: Open
            stable
        "#]],
    );
}

#[test]
fn empty_lists_everywhere() {
    check(
        "
        program P 2:
        applicant A:
        ",
        expect![[r#"
            A: unmatched
            stable
        "#]],
    );
}

#[test]
fn market_without_applicants() {
    check(
        "
        program P 3:
        ",
        expect![[r#"
            stable
        "#]],
    );
}

#[test]
fn quota_of_two_keeps_the_two_it_prefers() {
    check(
        "
        program P 2: C A B
        applicant A: P
        applicant B: P
        applicant C: P
        ",
        expect![[r#"
            A: P
            B: unmatched
            C: P
            stable
        "#]],
    );
}

#[test]
fn displaced_applicant_moves_down_and_displaces_in_turn() {
    check(
        "
        program X 1: B A
        program Y 1: A C
        program Z 1: C
        applicant A: X Y
        applicant C: Y Z
        applicant B: X
        ",
        expect![[r#"
            A: Y
            C: Z
            B: X
            stable
        "#]],
    );
}

#[test]
fn applicants_get_the_best_of_the_stable_matchings() {
    // Both "A at X, B at Y" and "A at Y, B at X" are stable; applicants proposing get the
    // first, which both applicants prefer.
    check(
        "
        program X 1: B A
        program Y 1: A B
        applicant A: X Y
        applicant B: Y X
        ",
        expect![[r#"
            A: X
            B: Y
            stable
        "#]],
    );
}

#[test]
fn couple_takes_its_first_pair_when_both_programs_accept() {
    check(
        "
        program X 1: Ann
        program Y 1: Bob
        couple Ann Bob: X+Y
        ",
        expect![[r#"
            Ann: X
            Bob: Y
            stable
        "#]],
    );
}

#[test]
fn couple_moves_together_when_one_program_refuses() {
    // X would take Ann, but Y is full with someone it prefers to Bob, so the couple moves on
    // to its second pair and X stays with nobody from the couple.
    check(
        "
        program X 1: Ann
        program Y 1: S Bob
        program Z 2: Ann Bob
        applicant S: Y
        couple Ann Bob: X+Y Z+Z
        ",
        expect![[r#"
            S: Y
            Ann: Z
            Bob: Z
            stable
        "#]],
    );
}

#[test]
fn couple_pair_with_one_member_unmatched() {
    check(
        "
        program X 1: Ann
        program Y 1: S Bob
        applicant S: Y
        couple Ann Bob: X+Y X+-
        ",
        expect![[r#"
            S: Y
            Ann: X
            Bob: unmatched
            stable
        "#]],
    );
}

#[test]
fn couple_in_one_program_needs_two_positions() {
    check(
        "
        program Small 1: Ann Bob
        program Big 2: Ann Bob
        couple Ann Bob: Small+Small Big+Big
        ",
        expect![[r#"
            Ann: Big
            Bob: Big
            stable
        "#]],
    );
}

#[test]
fn couple_in_one_program_displaces_the_two_least_preferred() {
    check(
        "
        program P 3: Ann S Bob T U
        applicant S: P
        applicant T: P
        applicant U: P
        couple Ann Bob: P+P
        ",
        expect![[r#"
            S: P
            T: unmatched
            U: unmatched
            Ann: P
            Bob: P
            stable
        "#]],
    );
}

#[test]
fn couple_in_one_program_refused_when_one_member_would_not_fit() {
    // P holds S and T, both preferred to Bob, so the pair fails even though Ann alone fits.
    check(
        "
        program P 2: Ann S T Bob
        applicant S: P
        applicant T: P
        couple Ann Bob: P+P
        ",
        expect![[r#"
            S: P
            T: P
            Ann: unmatched
            Bob: unmatched
            stable
        "#]],
    );
}

#[test]
fn displaced_couple_member_withdraws_the_partner() {
    // The second couple takes Y from Bob; Ann leaves X with him, and S, who X had turned away
    // for Ann, gets X back.
    check(
        "
        program X 1: Ann S
        program Y 1: Dee Bob
        program Z 1: Ann
        program W 1: Bob
        program Q 1: S
        program V 1: Cal
        applicant S: X Q
        couple Ann Bob: X+Y Z+W
        couple Dee Cal: Y+V
        ",
        expect![[r#"
            S: X
            Ann: Z
            Bob: W
            Dee: Y
            Cal: V
            stable
        "#]],
    );
}

#[test]
fn couple_and_single_chasing_each_other_have_no_stable_matching() {
    // Whenever the couple holds X and Y, S is turned out of X, and Y takes S over Bob; when
    // the couple is elsewhere, it would take X and Y back. No matching is stable.
    check(
        "
        program X 1: Ann S
        program Y 1: S Bob
        program Z 1: Ann
        program W 1: Bob
        applicant S: X Y
        couple Ann Bob: X+Y Z+W
        ",
        expect![[r#"
            S: Y
            Ann: unmatched
            Bob: unmatched
            no stable matching found
            {"kind":"applicant","applicant":"S","program":"X"}
            {"kind":"couple","applicants":["Ann","Bob"],"programs":["Z","W"]}
        "#]],
    );
}

#[test]
fn supplemental_position_comes_with_the_advanced_one() {
    check(
        "
        program Adv 1: Eve
        program Pre1 1: Eve
        program Pre2 1: Eve
        applicant Eve: Adv[Pre1,Pre2]
        ",
        expect![[r#"
            Eve: Adv + Pre1
            stable
        "#]],
    );
}

#[test]
fn supplemental_list_exhausted_keeps_the_advanced_position_alone() {
    check(
        "
        program Adv 1: Eve
        program Pre 1: Fay Eve
        applicant Eve: Adv[Pre]
        applicant Fay: Pre
        ",
        expect![[r#"
            Eve: Adv
            Fay: Pre
            stable
        "#]],
    );
}

#[test]
fn supplemental_list_unused_without_the_advanced_position() {
    check(
        "
        program Adv 1: Gus Eve
        program Cat 1: Eve
        program Pre 1: Eve
        applicant Gus: Adv
        applicant Eve: Adv[Pre] Cat
        ",
        expect![[r#"
            Gus: Adv
            Eve: Cat
            stable
        "#]],
    );
}

#[test]
fn losing_the_advanced_position_releases_the_supplemental_one() {
    // Eve first holds Adv and Pre; Gus, processed later, takes Adv, so Eve releases Pre and
    // Fay, whom Pre had turned away for Eve, gets it back.
    check(
        "
        program Adv 1: Gus Eve
        program Cat 1: Eve
        program Pre 1: Eve Fay
        program Other 1: Fay
        applicant Gus: Cat2 Adv
        applicant Eve: Adv[Pre] Cat
        applicant Fay: Pre Other
        applicant Hal: Cat2
        program Cat2 1: Hal Gus
        ",
        expect![[r#"
            Gus: Adv
            Eve: Cat
            Fay: Pre
            Hal: Cat2
            stable
        "#]],
    );
}

#[test]
fn unfilled_positions_revert_to_the_program_that_turned_applicants_away() {
    check(
        "
        program Research 2 -> Clinical: A
        program Clinical 1: B C
        applicant A: Research
        applicant B: Clinical
        applicant C: Clinical
        ",
        expect![[r#"
            A: Research
            B: Clinical
            C: Clinical
            quota Research: 2 -> 1
            quota Clinical: 1 -> 2
            stable
        "#]],
    );
}

#[test]
fn filled_program_reverts_nothing() {
    check(
        "
        program Research 1 -> Clinical: A
        program Clinical 1: B C
        applicant A: Research
        applicant B: Clinical
        applicant C: Clinical
        ",
        expect![[r#"
            A: Research
            B: Clinical
            C: unmatched
            stable
        "#]],
    );
}

#[test]
fn reversions_follow_a_chain() {
    check(
        "
        program First 1 -> Second:
        program Second 1 -> Third:
        program Third 1: A B C
        applicant A: Third
        applicant B: Third
        applicant C: Third
        ",
        expect![[r#"
            A: Third
            B: Third
            C: Third
            quota First: 1 -> 0
            quota Second: 1 -> 0
            quota Third: 1 -> 3
            stable
        "#]],
    );
}

#[test]
fn reverted_position_can_pull_an_applicant_up_their_list() {
    // B settles for Fallback when Clinical is full; once Research's spare position reverts,
    // Clinical takes B, and Fallback's position opens for D.
    check(
        "
        program Research 1 -> Clinical:
        program Clinical 1: A B
        program Fallback 1: B D
        applicant A: Clinical
        applicant B: Clinical Fallback
        applicant D: Fallback
        ",
        expect![[r#"
            A: Clinical
            B: Clinical
            D: Fallback
            quota Research: 1 -> 0
            quota Clinical: 1 -> 2
            stable
        "#]],
    );
}
