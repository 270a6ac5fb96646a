//! The rules [`Market::new`] enforces on a market described by indices, one tiny case each,
//! with the message a caller would show.

use expect_test::{Expect, expect};
use match_engine::{
    ApplicantIdx, ApplicantSpec, CoupleSpec, Market, MarketSpec, RankEntry, Reversion,
    SupplementalListIdx, TrackIdx, TrackSpec,
};

fn track(quota: u32, rank: &[u32]) -> TrackSpec {
    TrackSpec {
        quota,
        rank: rank.iter().map(|&a| ApplicantIdx(a)).collect(),
        reversion: None,
    }
}

fn applicant(rank: &[u32]) -> ApplicantSpec {
    ApplicantSpec {
        rank: rank
            .iter()
            .map(|&t| RankEntry::track(TrackIdx(t)))
            .collect(),
        supplemental_lists: Vec::new(),
    }
}

fn couple(members: [u32; 2], rank: &[[Option<u32>; 2]]) -> CoupleSpec {
    CoupleSpec {
        members: members.map(ApplicantIdx),
        rank: rank.iter().map(|p| p.map(|t| t.map(TrackIdx))).collect(),
    }
}

fn check(spec: MarketSpec, expect: Expect) {
    let verdict = match Market::new(spec) {
        Ok(_) => "valid".to_owned(),
        Err(error) => error.to_string(),
    };
    expect.assert_eq(&verdict);
}

#[test]
fn valid_market() {
    check(
        MarketSpec {
            tracks: vec![track(1, &[0, 1])],
            applicants: vec![
                applicant(&[0]),
                ApplicantSpec::default(),
                ApplicantSpec::default(),
            ],
            couples: vec![couple([1, 2], &[[Some(0), Some(0)], [None, Some(0)]])],
        },
        expect!["valid"],
    );
}

#[test]
fn applicant_ranking_a_missing_track() {
    check(
        MarketSpec {
            tracks: vec![track(1, &[])],
            applicants: vec![applicant(&[3])],
            couples: vec![],
        },
        expect!["applicant 0 refers to track 3 but the market has no such track"],
    );
}

#[test]
fn track_ranking_a_missing_applicant() {
    check(
        MarketSpec {
            tracks: vec![track(1, &[5])],
            applicants: vec![],
            couples: vec![],
        },
        expect!["track 0 refers to applicant 5 but the market has no such applicant"],
    );
}

#[test]
fn couple_with_a_missing_member() {
    check(
        MarketSpec {
            tracks: vec![],
            applicants: vec![ApplicantSpec::default()],
            couples: vec![couple([0, 1], &[])],
        },
        expect!["couple 0 refers to applicant 1 but the market has no such applicant"],
    );
}

#[test]
fn entry_naming_a_missing_supplemental_list() {
    let mut eve = applicant(&[0]);
    eve.rank[0].supplemental = Some(SupplementalListIdx(0));
    check(
        MarketSpec {
            tracks: vec![track(1, &[0])],
            applicants: vec![eve],
            couples: vec![],
        },
        expect!["applicant 0 refers to supplemental list 0 but has no such list"],
    );
}

#[test]
fn supplemental_list_ranking_a_track_twice() {
    let mut eve = applicant(&[0]);
    eve.rank[0].supplemental = Some(SupplementalListIdx(0));
    eve.supplemental_lists = vec![vec![TrackIdx(1), TrackIdx(1)]];
    check(
        MarketSpec {
            tracks: vec![track(1, &[0]), track(1, &[0])],
            applicants: vec![eve],
            couples: vec![],
        },
        expect!["supplemental list 0 of applicant 0 ranks track 1 twice"],
    );
}

#[test]
fn couple_member_with_an_own_list() {
    check(
        MarketSpec {
            tracks: vec![track(1, &[])],
            applicants: vec![applicant(&[0]), ApplicantSpec::default()],
            couples: vec![couple([0, 1], &[])],
        },
        expect!["applicant 0 is in a couple but also has individual rank order lists"],
    );
}

#[test]
fn applicant_in_two_couples() {
    check(
        MarketSpec {
            tracks: vec![],
            applicants: vec![ApplicantSpec::default(); 3],
            couples: vec![couple([0, 1], &[]), couple([2, 1], &[])],
        },
        expect!["applicant 1 belongs to two couples"],
    );
}

#[test]
fn reversion_to_a_missing_track() {
    check(
        MarketSpec {
            tracks: vec![TrackSpec {
                reversion: Some(Reversion { to: TrackIdx(7) }),
                ..track(1, &[])
            }],
            applicants: vec![],
            couples: vec![],
        },
        expect!["track 0 refers to track 7 but the market has no such track"],
    );
}

#[test]
fn reversions_in_a_longer_cycle() {
    let reverting = |to: u32| TrackSpec {
        reversion: Some(Reversion { to: TrackIdx(to) }),
        ..track(1, &[])
    };
    check(
        MarketSpec {
            tracks: vec![reverting(1), reverting(2), reverting(0)],
            applicants: vec![],
            couples: vec![],
        },
        expect!["the reversions starting at track 0 form a cycle"],
    );
}
