//! Which programs will consider the applicant: strict requirements exclude with a reason,
//! unknown facts are named as risks, never passed in silence.

use std::fmt;

use catalog::{Program, ProgramRequirements, Requirement, Track, TrackType};
use market::VisaNeed;
use market::sponsorship::Sponsorship;
use serde::Serialize;

use crate::profile::{Ecfmg, Profile, UsceKind};

/// Why a program cannot consider the applicant. Shown as its human text ([`fmt::Display`]);
/// serialized as that text with a stable [`ExclusionReason::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExclusionReason {
    /// The track is reserved for physicians who already hold a PGY-1 position.
    ReservedTrack,
    /// The applicant needs an H-1B and the track has no program details to say whether it
    /// sponsors one (a program whose details are known but its sponsorship not is weighed by
    /// the estimated probability instead).
    H1bSponsorshipUnknown,
    /// The program does not take applications through ERAS.
    NotInEras,
    /// The applicant needs a visa and the program sponsors neither J-1 nor H-1B.
    NoVisaSponsorship,
    /// The program sponsors H-1B only for applicants who passed Step 3.
    H1bNeedsStep3,
    /// The applicant needs an H-1B; the program sponsors J-1 only.
    J1OnlyNotH1b,
    /// The applicant needs an H-1B; the program does not sponsor it.
    NoH1bSponsorship,
    /// A strict minimum Step 2 CK score above the applicant's.
    Step2BelowMinimum {
        /// The program's minimum.
        minimum: u16,
        /// The applicant's score (or COMLEX estimate).
        score: u16,
    },
    /// A strict limit on exam attempts that the applicant's failures exceed.
    TooManyAttempts {
        /// Attempts the program accepts at an exam.
        max_attempts: u8,
        /// The applicant's failed attempts.
        failures: u8,
    },
    /// A strict limit on years since graduation that the applicant exceeds.
    GraduatedTooLongAgo {
        /// Years the program accepts.
        max_years: u8,
        /// The applicant's years since graduation.
        years: u8,
    },
    /// A strict US clinical experience requirement the applicant does not meet.
    NotEnoughUsce {
        /// Months the program requires.
        required_months: u8,
        /// Whether they must be hands-on.
        hands_on: bool,
        /// The applicant's months of the kind counted.
        months: u32,
    },
    /// The program requires ECFMG certification when applying; the applicant's is pending.
    EcfmgRequiredWhenApplying,
    /// The applicant will not be ECFMG certified by the rank order list deadline.
    EcfmgNotCertified,
    /// The applicant applies only where preferences are met, and this program meets none.
    OutsidePreferences,
    /// The track offers no positions in the season surveyed.
    NoPositions,
    /// The program's USCE requirement is met only when observership months count in full,
    /// which the model does not do beside hands-on months.
    UsceCreditedBelowRequirement,
}

impl ExclusionReason {
    /// A stable identifier for programs reading the API, e.g. `step2_below_minimum`.
    pub fn code(&self) -> &'static str {
        match self {
            ExclusionReason::ReservedTrack => "reserved_track",
            ExclusionReason::H1bSponsorshipUnknown => "h1b_sponsorship_unknown",
            ExclusionReason::NotInEras => "not_in_eras",
            ExclusionReason::NoVisaSponsorship => "no_visa_sponsorship",
            ExclusionReason::H1bNeedsStep3 => "h1b_needs_step3",
            ExclusionReason::J1OnlyNotH1b => "j1_only_not_h1b",
            ExclusionReason::NoH1bSponsorship => "no_h1b_sponsorship",
            ExclusionReason::Step2BelowMinimum { .. } => "step2_below_minimum",
            ExclusionReason::TooManyAttempts { .. } => "too_many_attempts",
            ExclusionReason::GraduatedTooLongAgo { .. } => "graduated_too_long_ago",
            ExclusionReason::NotEnoughUsce { .. } => "not_enough_usce",
            ExclusionReason::EcfmgRequiredWhenApplying => "ecfmg_required_when_applying",
            ExclusionReason::EcfmgNotCertified => "ecfmg_not_certified",
            ExclusionReason::OutsidePreferences => "outside_preferences",
            ExclusionReason::NoPositions => "no_positions",
            ExclusionReason::UsceCreditedBelowRequirement => "usce_credited_below_requirement",
        }
    }

    /// The Resources topic that explains it (as a [`crate::Factor`]'s topic), if any.
    pub fn topic(&self) -> Option<&'static str> {
        match self {
            ExclusionReason::H1bSponsorshipUnknown
            | ExclusionReason::NoVisaSponsorship
            | ExclusionReason::H1bNeedsStep3
            | ExclusionReason::J1OnlyNotH1b
            | ExclusionReason::NoH1bSponsorship => Some("visa"),
            ExclusionReason::Step2BelowMinimum { .. } => Some("scores"),
            ExclusionReason::TooManyAttempts { .. } => Some("attempts"),
            ExclusionReason::GraduatedTooLongAgo { .. } => Some("graduation"),
            ExclusionReason::NotEnoughUsce { .. }
            | ExclusionReason::UsceCreditedBelowRequirement => Some("usce"),
            ExclusionReason::EcfmgRequiredWhenApplying | ExclusionReason::EcfmgNotCertified => {
                Some("ecfmg")
            }
            ExclusionReason::ReservedTrack | ExclusionReason::NotInEras => Some("requirements"),
            ExclusionReason::OutsidePreferences | ExclusionReason::NoPositions => None,
        }
    }

    /// Whether it concerns ECFMG certification.
    pub fn is_ecfmg(&self) -> bool {
        matches!(
            self,
            ExclusionReason::EcfmgRequiredWhenApplying | ExclusionReason::EcfmgNotCertified
        )
    }

    /// The program's side of the reason, without the applicant's own figures: what tallies
    /// of many excluded programs group by (the text before its colon).
    pub fn summary(&self) -> String {
        match *self {
            ExclusionReason::ReservedTrack => {
                "reserved for physicians who already hold a PGY-1 position".to_owned()
            }
            ExclusionReason::H1bSponsorshipUnknown => "H-1B sponsorship is not known".to_owned(),
            ExclusionReason::NotInEras => "does not take applications through ERAS".to_owned(),
            ExclusionReason::NoVisaSponsorship => "does not sponsor J-1 or H-1B visas".to_owned(),
            ExclusionReason::H1bNeedsStep3 => {
                "sponsors H-1B only for applicants who passed Step 3".to_owned()
            }
            ExclusionReason::J1OnlyNotH1b => "sponsors J-1 visas only, not H-1B".to_owned(),
            ExclusionReason::NoH1bSponsorship => "does not sponsor H-1B visas".to_owned(),
            ExclusionReason::Step2BelowMinimum { minimum, .. } => {
                format!("requires Step 2 CK of at least {minimum}")
            }
            ExclusionReason::TooManyAttempts { max_attempts, .. } => {
                format!("accepts at most {max_attempts} attempts at an exam")
            }
            ExclusionReason::GraduatedTooLongAgo { max_years, .. } => {
                format!("requires graduation within {max_years} years")
            }
            ExclusionReason::NotEnoughUsce {
                required_months,
                hands_on,
                ..
            } => format!(
                "requires {} of {}",
                plural(u32::from(required_months), "month", "months"),
                if hands_on { "hands-on USCE" } else { "USCE" }
            ),
            ExclusionReason::EcfmgRequiredWhenApplying => {
                "requires ECFMG certification when applying".to_owned()
            }
            ExclusionReason::EcfmgNotCertified => {
                "IMGs must be ECFMG certified by the rank order list deadline to start training"
                    .to_owned()
            }
            ExclusionReason::OutsidePreferences => {
                "outside your preferred places or program types".to_owned()
            }
            ExclusionReason::NoPositions => "offers no positions this season".to_owned(),
            ExclusionReason::UsceCreditedBelowRequirement => {
                "requires more US clinical experience than the model credits you with \
                 (observership months count half beside hands-on months)"
                    .to_owned()
            }
        }
    }

    /// The applicant's side, after the summary's colon, when the reason has one.
    fn detail(&self) -> Option<String> {
        match *self {
            ExclusionReason::H1bSponsorshipUnknown => Some("confirm with the program".to_owned()),
            ExclusionReason::H1bNeedsStep3 => Some("you have not".to_owned()),
            ExclusionReason::Step2BelowMinimum { score, .. } => Some(format!("you have {score}")),
            ExclusionReason::TooManyAttempts { failures, .. } => Some(format!(
                "you have {}",
                plural(u32::from(failures), "failed attempt", "failed attempts")
            )),
            ExclusionReason::GraduatedTooLongAgo { years, .. } => Some(format!(
                "you graduated {} before the Match",
                plural(u32::from(years), "year", "years")
            )),
            ExclusionReason::NotEnoughUsce { months, .. } => Some(format!("you have {months}")),
            ExclusionReason::EcfmgRequiredWhenApplying => Some("yours is not complete".to_owned()),
            _ => None,
        }
    }
}

impl fmt::Display for ExclusionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.detail() {
            Some(detail) => write!(f, "{}: {detail}", self.summary()),
            None => f.write_str(&self.summary()),
        }
    }
}

impl Serialize for ExclusionReason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut reason = serializer.serialize_struct("ExclusionReason", 2)?;
        reason.serialize_field("code", self.code())?;
        reason.serialize_field("text", &self.to_string())?;
        reason.end()
    }
}

/// The verdict on one track.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    /// Why the applicant cannot be considered (empty when eligible).
    pub reasons: Vec<ExclusionReason>,
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
pub fn check(
    profile: &Profile,
    track: &Track,
    program: Option<(&Program, &Sponsorship)>,
) -> Verdict {
    let mut verdict = Verdict::default();
    if track.track_type == TrackType::Reserved {
        verdict.reasons.push(ExclusionReason::ReservedTrack);
    }
    let Some((program, sponsorship)) = program else {
        verdict.risks.push(
            "no program details in the catalog: visa sponsorship and requirements are unknown"
                .to_owned(),
        );
        if profile.visa() == VisaNeed::H1b {
            verdict.reasons.push(ExclusionReason::H1bSponsorshipUnknown);
        }
        return verdict;
    };
    if program.participates_in_eras.get() == Some(&false) {
        verdict.reasons.push(ExclusionReason::NotInEras);
    }
    check_visa(profile, program, sponsorship, &mut verdict);
    check_exams(profile, &program.requirements, &mut verdict);
    if profile.is_img() {
        check_img_requirements(profile, &program.requirements, &mut verdict);
    }
    verdict
}

/// Checks the visa the applicant needs against the program's sponsorship, and for an H-1B
/// its need of Step 3.
fn check_visa(
    profile: &Profile,
    program: &Program,
    sponsorship: &Sponsorship,
    verdict: &mut Verdict,
) {
    let j1 = program.sponsors_j1.get().copied();
    let h1b = program.sponsors_h1b.get().copied();
    let visa = profile.visa();
    match visa {
        VisaNeed::None => {}
        VisaNeed::J1 => match (j1, h1b) {
            (Some(false), Some(false)) => verdict.reasons.push(ExclusionReason::NoVisaSponsorship),
            (Some(true), _) | (_, Some(true)) => {}
            _ => verdict
                .risks
                .push(unknown_sponsorship("J-1", sponsorship, visa)),
        },
        VisaNeed::H1b => match h1b {
            Some(false) => verdict.reasons.push(if j1 == Some(true) {
                ExclusionReason::J1OnlyNotH1b
            } else {
                ExclusionReason::NoH1bSponsorship
            }),
            known_or_not => {
                if known_or_not.is_none() {
                    verdict
                        .risks
                        .push(unknown_sponsorship("H-1B", sponsorship, visa));
                }
                let step3_passed = profile.step3_passed();
                match program.requirements.step3_for_h1b.get() {
                    Some(Requirement::Strict(())) if !step3_passed => {
                        verdict.reasons.push(ExclusionReason::H1bNeedsStep3)
                    }
                    Some(Requirement::Preference(())) if !step3_passed => verdict.risks.push(
                        "for an H-1B it prefers Step 3 passed, which you have not yet".to_owned(),
                    ),
                    None if !step3_passed => verdict
                        .risks
                        .push("whether H-1B needs Step 3 passed is not known".to_owned()),
                    _ => {}
                }
            }
        },
    }
}

/// The risk of a program whose sponsorship of the visa is not known, with its estimate.
fn unknown_sponsorship(visa_name: &str, sponsorship: &Sponsorship, visa: VisaNeed) -> String {
    format!(
        "{visa_name} sponsorship is not known: estimated at {:.0}% ({}), and your chances here are weighed by it",
        100.0 * sponsorship.for_visa(visa),
        sponsorship.basis.describe()
    )
}

/// Checks the Step 2 CK score and the failed exam attempts against the program's limits.
fn check_exams(profile: &Profile, requirements: &ProgramRequirements, verdict: &mut Verdict) {
    let step2 = profile.step2();
    match requirements.min_step2_score.get() {
        Some(Requirement::Strict(min)) if step2 < *min => {
            verdict.reasons.push(ExclusionReason::Step2BelowMinimum {
                minimum: *min,
                score: step2,
            })
        }
        None => verdict
            .risks
            .push("minimum Step 2 CK score is not known".to_owned()),
        _ => {}
    }
    let failures = profile.exam_failures();
    match requirements.max_exam_attempts.get() {
        // A limit of n attempts admits n − 1 failures.
        Some(Requirement::Strict(max)) if failures >= *max => {
            verdict.reasons.push(ExclusionReason::TooManyAttempts {
                max_attempts: *max,
                failures,
            })
        }
        None if failures > 0 => verdict
            .risks
            .push("its limit on exam attempts is not known".to_owned()),
        _ => {}
    }
}

/// Checks what programs ask of IMGs: years since graduation, US clinical experience and
/// ECFMG certification.
fn check_img_requirements(
    profile: &Profile,
    requirements: &ProgramRequirements,
    verdict: &mut Verdict,
) {
    let years = profile.years_since_graduation();
    match requirements.max_years_since_graduation.get() {
        Some(Requirement::Strict(max)) if years > *max => {
            verdict.reasons.push(ExclusionReason::GraduatedTooLongAgo {
                max_years: *max,
                years,
            })
        }
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
                verdict.reasons.push(ExclusionReason::NotEnoughUsce {
                    required_months: usce.months,
                    hands_on: usce.hands_on,
                    months: have,
                });
            }
        }
        None => verdict
            .risks
            .push("its US clinical experience requirement is not known".to_owned()),
        _ => {}
    }
    let ecfmg = profile.ecfmg();
    let incomplete = matches!(ecfmg, Some(Ecfmg::Pending | Ecfmg::NotCertified));
    match requirements.ecfmg_certification.get() {
        Some(Requirement::Strict(())) if incomplete => verdict
            .reasons
            .push(ExclusionReason::EcfmgRequiredWhenApplying),
        None if incomplete => verdict
            .risks
            .push("whether it requires ECFMG certification when applying is not known".to_owned()),
        _ => {}
    }
    if ecfmg == Some(Ecfmg::NotCertified) && !verdict.reasons.iter().any(ExclusionReason::is_ecfmg)
    {
        verdict.reasons.push(ExclusionReason::EcfmgNotCertified);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reasons read as they always have, and serialize as their text with a code.
    #[test]
    fn reasons_read_as_sentences() {
        let cases = [
            (
                ExclusionReason::Step2BelowMinimum {
                    minimum: 230,
                    score: 221,
                },
                "requires Step 2 CK of at least 230: you have 221",
            ),
            (
                ExclusionReason::TooManyAttempts {
                    max_attempts: 2,
                    failures: 1,
                },
                "accepts at most 2 attempts at an exam: you have 1 failed attempt",
            ),
            (
                ExclusionReason::GraduatedTooLongAgo {
                    max_years: 3,
                    years: 5,
                },
                "requires graduation within 3 years: you graduated 5 years before the Match",
            ),
            (
                ExclusionReason::NotEnoughUsce {
                    required_months: 1,
                    hands_on: true,
                    months: 0,
                },
                "requires 1 month of hands-on USCE: you have 0",
            ),
            (
                ExclusionReason::H1bSponsorshipUnknown,
                "H-1B sponsorship is not known: confirm with the program",
            ),
            (
                ExclusionReason::J1OnlyNotH1b,
                "sponsors J-1 visas only, not H-1B",
            ),
        ];
        for (reason, text) in cases {
            assert_eq!(reason.to_string(), text);
            assert_eq!(
                serde_json::to_value(reason).unwrap(),
                serde_json::json!({ "code": reason.code(), "text": text })
            );
        }
    }
}
