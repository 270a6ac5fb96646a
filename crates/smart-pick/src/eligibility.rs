//! Which programs will consider the applicant: strict requirements exclude with a reason,
//! unknown facts are named as risks, never passed in silence.

use catalog::{Program, Requirement, Track, TrackType};
use market::VisaNeed;

use crate::profile::{Ecfmg, Profile, UsceKind};

/// The verdict on one track.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    /// Why the applicant cannot be considered (empty when eligible).
    pub reasons: Vec<String>,
    /// What is unknown and so a risk.
    pub risks: Vec<String>,
}

impl Verdict {
    /// Whether nothing excludes the applicant.
    pub fn eligible(&self) -> bool {
        self.reasons.is_empty()
    }
}

/// The months of USCE the model and programs count: recent hands-on months, and hands-on plus
/// observership months.
pub fn usce_months(profile: &Profile) -> (u32, u32) {
    let hands_on = profile.recent_usce_months(UsceKind::HandsOn);
    (
        hands_on,
        hands_on + profile.recent_usce_months(UsceKind::Observership),
    )
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Checks the applicant against one track and its program (if the catalog links one).
pub fn check(profile: &Profile, track: &Track, program: Option<&Program>) -> Verdict {
    let mut verdict = Verdict::default();
    if track.track_type == TrackType::Reserved {
        verdict
            .reasons
            .push("reserved for physicians who already hold a PGY-1 position".to_owned());
    }
    let Some(program) = program else {
        verdict.risks.push(
            "no program details in the catalog: visa sponsorship and requirements are unknown"
                .to_owned(),
        );
        if profile.visa == VisaNeed::H1b {
            verdict
                .reasons
                .push("H-1B sponsorship is not known: confirm with the program".to_owned());
        }
        return verdict;
    };
    if program.participates_in_eras.get() == Some(&false) {
        verdict
            .reasons
            .push("does not take applications through ERAS".to_owned());
    }
    let j1 = program.sponsors_j1.get().copied();
    let h1b = program.sponsors_h1b.get().copied();
    match profile.visa {
        VisaNeed::None => {}
        VisaNeed::J1 => match (j1, h1b) {
            (Some(false), Some(false)) => verdict
                .reasons
                .push("does not sponsor J-1 or H-1B visas".to_owned()),
            (Some(true), _) | (_, Some(true)) => {}
            _ => verdict.risks.push(
                "J-1 sponsorship is not known (most programs accept J-1 through ECFMG)".to_owned(),
            ),
        },
        VisaNeed::H1b => match h1b {
            Some(true) => {
                let step3 = &program.requirements.step3_for_h1b;
                match step3.get() {
                    Some(Requirement::Strict(())) if !profile.step3_passed => verdict.reasons.push(
                        "sponsors H-1B only for applicants who passed Step 3: you have not"
                            .to_owned(),
                    ),
                    Some(Requirement::Preference(())) if !profile.step3_passed => verdict
                        .risks
                        .push("prefers Step 3 passed for H-1B: you have not".to_owned()),
                    None if !profile.step3_passed => verdict
                        .risks
                        .push("whether H-1B needs Step 3 passed is not known".to_owned()),
                    _ => {}
                }
            }
            Some(false) => verdict.reasons.push(if j1 == Some(true) {
                "sponsors J-1 visas only, not H-1B".to_owned()
            } else {
                "does not sponsor H-1B visas".to_owned()
            }),
            None => verdict
                .reasons
                .push("H-1B sponsorship is not known: confirm with the program".to_owned()),
        },
    }

    let requirements = &program.requirements;
    match requirements.min_step2_score.get() {
        Some(Requirement::Strict(min)) if profile.step2 < *min => verdict.reasons.push(format!(
            "requires Step 2 CK of at least {min}: you have {}",
            profile.step2
        )),
        None => verdict
            .risks
            .push("minimum Step 2 CK score is not known".to_owned()),
        _ => {}
    }
    match requirements.max_exam_attempts.get() {
        // A limit of n attempts admits n − 1 failures.
        Some(Requirement::Strict(max)) if profile.exam_failures >= *max => {
            verdict.reasons.push(format!(
                "accepts at most {max} attempts at an exam: you have {}",
                plural(
                    u32::from(profile.exam_failures),
                    "failed attempt",
                    "failed attempts"
                )
            ))
        }
        None if profile.exam_failures > 0 => verdict
            .risks
            .push("its limit on exam attempts is not known".to_owned()),
        _ => {}
    }
    if profile.is_img() {
        let years = profile.years_since_graduation();
        match requirements.max_years_since_graduation.get() {
            Some(Requirement::Strict(max)) if years > *max => verdict.reasons.push(format!(
                "requires graduation within {max} years: you graduated {} before the Match",
                plural(u32::from(years), "year", "years")
            )),
            None if years > 0 => verdict
                .risks
                .push("its limit on years since graduation is not known".to_owned()),
            _ => {}
        }
        let (hands_on, total) = usce_months(profile);
        match requirements.usce.get() {
            Some(Requirement::Strict(usce)) => {
                let have = if usce.hands_on { hands_on } else { total };
                if have < u32::from(usce.months) {
                    let kind = if usce.hands_on {
                        "hands-on USCE"
                    } else {
                        "USCE"
                    };
                    verdict.reasons.push(format!(
                        "requires {} of {kind}: you have {}",
                        plural(u32::from(usce.months), "month", "months"),
                        have
                    ));
                }
            }
            None => verdict
                .risks
                .push("its US clinical experience requirement is not known".to_owned()),
            _ => {}
        }
        match (requirements.ecfmg_certification.get(), profile.ecfmg) {
            (Some(Requirement::Strict(())), Ecfmg::Pending | Ecfmg::NotCertified) => {
                verdict.reasons.push(
                    "requires ECFMG certification when applying: yours is not complete".to_owned(),
                )
            }
            (None, Ecfmg::Pending | Ecfmg::NotCertified) => verdict.risks.push(
                "whether it requires ECFMG certification when applying is not known".to_owned(),
            ),
            _ => {}
        }
        if profile.ecfmg == Ecfmg::NotCertified
            && !verdict.reasons.iter().any(|r| r.contains("ECFMG"))
        {
            verdict.reasons.push(
                "IMGs must be ECFMG certified by the rank order list deadline to start training"
                    .to_owned(),
            );
        }
    }
    verdict
}
