//! The stability checker on matchings built by hand, so that each kind of problem is seen to
//! be found (a checker that never complains would pass every other test).

use expect_test::expect;

use crate::support::check_matching;

const TWO_PROGRAMS: &str = "
    program X 1: B A
    program Y 2: A B
    applicant A: X Y
    applicant B: Y X
";

#[test]
fn stable_matching_has_no_problem() {
    check_matching(
        TWO_PROGRAMS,
        "A X\nB Y",
        expect![[r#"
        stable
    "#]],
    );
}

#[test]
fn unmatched_applicant_blocks_with_a_program_that_has_room() {
    check_matching(
        TWO_PROGRAMS,
        "A X",
        expect![[r#"
        {"kind":"applicant","applicant":"B","program":"Y"}
        {"kind":"applicant","applicant":"B","program":"X"}
    "#]],
    );
}

#[test]
fn program_holding_someone_it_ranks_lower_blocks() {
    check_matching(
        TWO_PROGRAMS,
        "A Y\nB X",
        expect![[r#"
        {"kind":"applicant","applicant":"B","program":"Y"}
    "#]],
    );
}

#[test]
fn over_quota_is_its_own_problem() {
    check_matching(
        TWO_PROGRAMS,
        "A X\nB X",
        expect![[r#"
        {"kind":"over_quota","program":"X","held":2,"quota":1}
        {"kind":"applicant","applicant":"B","program":"Y"}
    "#]],
    );
}

#[test]
fn position_the_program_did_not_rank_is_unacceptable() {
    check_matching(
        "
        program X 1: B
        program Y 1: A
        applicant A: X Y
        applicant B: X
        ",
        "A X",
        expect![[r#"
            {"kind":"unacceptable_assignment","applicant":"A","program":"X"}
            {"kind":"applicant","applicant":"A","program":"Y"}
            {"kind":"applicant","applicant":"B","program":"X"}
        "#]],
    );
}

#[test]
fn couple_blocks_with_a_pair_both_programs_would_take() {
    check_matching(
        "
        program X 1: Ann
        program Y 1: Bob
        program Z 2: Ann Bob
        couple Ann Bob: X+Y Z+Z
        ",
        "Ann Z\nBob Z",
        expect![[r#"
            {"kind":"couple","applicants":["Ann","Bob"],"programs":["X","Y"]}
        "#]],
    );
}

#[test]
fn couple_does_not_block_when_one_program_would_refuse() {
    check_matching(
        "
        program X 1: Ann
        program Y 1: S Bob
        program Z 2: Ann Bob
        applicant S: Y
        couple Ann Bob: X+Y Z+Z
        ",
        "S Y\nAnn Z\nBob Z",
        expect![[r#"
            stable
        "#]],
    );
}

#[test]
fn couple_swapping_its_own_positions_blocks() {
    // The couple would rather trade places; each program has room once the couple's own
    // positions are set aside.
    check_matching(
        "
        program X 1: Ann Bob
        program Y 1: Ann Bob
        couple Ann Bob: Y+X X+Y
        ",
        "Ann X\nBob Y",
        expect![[r#"
            {"kind":"couple","applicants":["Ann","Bob"],"programs":["Y","X"]}
        "#]],
    );
}

#[test]
fn couple_pair_in_one_program_needs_two_positions_to_block() {
    check_matching(
        "
        program P 2: Ann S Bob
        program Q 2: Ann Bob
        applicant S: P
        couple Ann Bob: P+P Q+Q
        ",
        "S P\nAnn Q\nBob Q",
        expect![[r#"
            stable
        "#]],
    );
}

#[test]
fn couple_holding_a_pair_it_did_not_rank() {
    check_matching(
        "
        program X 1: Ann
        program Y 1: Bob
        couple Ann Bob: X+Y
        ",
        "Ann X",
        expect![[r#"
            {"kind":"unranked_couple_pair","applicants":["Ann","Bob"],"programs":["X",null]}
            {"kind":"couple","applicants":["Ann","Bob"],"programs":["X","Y"]}
        "#]],
    );
}

#[test]
fn supplemental_position_below_an_open_one_blocks() {
    check_matching(
        "
        program Adv 1: Eve
        program Pre1 1: Eve
        program Pre2 1: Eve
        applicant Eve: Adv[Pre1,Pre2]
        ",
        "Eve Adv+Pre2",
        expect![[r#"
            {"kind":"supplemental","applicant":"Eve","program":"Pre1"}
        "#]],
    );
}

#[test]
fn supplemental_position_without_its_advanced_one_is_unacceptable() {
    check_matching(
        "
        program Adv 1: Gus Eve
        program Cat 1: Eve
        program Pre 1: Eve
        applicant Gus: Adv
        applicant Eve: Adv[Pre] Cat
        ",
        "Gus Adv\nEve Cat+Pre",
        expect![[r#"
            {"kind":"unacceptable_assignment","applicant":"Eve","program":"Pre"}
        "#]],
    );
}
