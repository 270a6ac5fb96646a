//! One applicant profile inserted into every simulated season (the probe), read from TOML, and
//! what happened to it.

use catalog::SpecialtyCode;
use serde::{Deserialize, Serialize};
use targets::ApplicantType;
use thiserror::Error;

use crate::outcomes::INTERVIEW_BINS;

/// Which visa an applicant needs to train in the US.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisaNeed {
    /// No visa (US citizens, permanent residents).
    None,
    /// Any training visa: a J-1 or an H-1B sponsor will do.
    J1,
    /// Only an H-1B: only H-1B sponsors can take the applicant.
    H1b,
}

/// The tier of an ERAS preference signal. Specialties with one tier use gold only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalTier {
    /// A gold (or the only) signal.
    Gold,
    /// A silver signal.
    Silver,
}

/// An explicit application list for a probe: the tracks it applies to, the tracks it signals,
/// and how it ranks the interviews it gets.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProbeList {
    /// Track indexes in the season setup (see [`crate::SeasonSetup::track_index`]), without
    /// repeats; tracks the probe cannot be trained at are screened out as for anyone.
    pub tracks: Vec<u32>,
    /// Signalled tracks (each also in `tracks`) and the tier of each signal.
    pub signals: Vec<(u32, SignalTier)>,
    /// Rank the interviews in the order of `tracks` (a rank order list the applicant chose);
    /// otherwise by the applicant's usual preference, as every simulated applicant does.
    pub ranked_in_list_order: bool,
}

/// An applicant profile to insert into simulated seasons.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeApplicant {
    /// The applicant type.
    pub applicant_type: ApplicantType,
    /// The preferred specialty.
    pub specialty: SpecialtyCode,
    /// Step 2 CK score.
    pub step2: u16,
    /// Months of US clinical experience.
    pub usce_months: u8,
    /// Whether that experience is hands-on.
    pub usce_hands_on: bool,
    /// Years since medical school graduation.
    pub years_since_graduation: u8,
    /// The visa needed.
    pub visa: VisaNeed,
    /// Applications sent.
    pub applications: u32,
    /// Failed exam attempts.
    pub exam_failures: u8,
    /// The tracks it applies to, when given; otherwise it chooses `applications` tracks as
    /// every simulated applicant does.
    pub list: Option<ProbeList>,
}

/// A probe file that could not be read; each error names the field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProbeError {
    /// The text is not valid TOML or a field has the wrong type or is missing.
    #[error("the profile is not valid: {0}")]
    Syntax(String),
    /// A field's value is out of range.
    #[error("field `{field}`: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeFile {
    applicant_type: String,
    specialty: String,
    step2: u16,
    #[serde(default)]
    usce_months: u8,
    #[serde(default)]
    usce_hands_on: bool,
    #[serde(default)]
    years_since_graduation: u8,
    #[serde(default = "no_visa")]
    visa: VisaNeed,
    applications: u32,
    #[serde(default)]
    exam_failures: u8,
}

fn no_visa() -> VisaNeed {
    VisaNeed::None
}

impl ProbeApplicant {
    /// Parses a profile such as:
    ///
    /// ```toml
    /// applicant_type = "non_us_img"   # us_md_senior, us_do_senior, us_img, non_us_img
    /// specialty = "140"               # 3-digit specialty code
    /// step2 = 245
    /// usce_months = 3                 # optional, default 0
    /// usce_hands_on = true            # optional, default false
    /// years_since_graduation = 2      # optional, default 0
    /// visa = "j1"                     # optional: none, j1, h1b; default none
    /// applications = 120
    /// exam_failures = 0               # optional, default 0
    /// ```
    pub fn from_toml(text: &str) -> Result<ProbeApplicant, ProbeError> {
        let file: ProbeFile =
            toml::from_str(text).map_err(|error| ProbeError::Syntax(error.to_string()))?;
        let applicant_type = ApplicantType::ALL
            .into_iter()
            .find(|t| t.key() == file.applicant_type.trim())
            .ok_or_else(|| ProbeError::Invalid {
                field: "applicant_type",
                reason: format!(
                    "`{}` is not one of us_md_senior, us_do_senior, us_img, non_us_img",
                    file.applicant_type
                ),
            })?;
        let specialty =
            SpecialtyCode::parse(&file.specialty).map_err(|error| ProbeError::Invalid {
                field: "specialty",
                reason: error.to_string(),
            })?;
        if !(150..=300).contains(&file.step2) {
            return Err(ProbeError::Invalid {
                field: "step2",
                reason: format!("{} is outside 150 to 300", file.step2),
            });
        }
        if file.applications == 0 || file.applications > 1000 {
            return Err(ProbeError::Invalid {
                field: "applications",
                reason: format!("{} is outside 1 to 1000", file.applications),
            });
        }
        if file.years_since_graduation > 60 {
            return Err(ProbeError::Invalid {
                field: "years_since_graduation",
                reason: format!("{} is more than 60", file.years_since_graduation),
            });
        }
        Ok(ProbeApplicant {
            applicant_type,
            specialty,
            step2: file.step2,
            usce_months: file.usce_months,
            usce_hands_on: file.usce_hands_on,
            years_since_graduation: file.years_since_graduation,
            visa: file.visa,
            applications: file.applications,
            exam_failures: file.exam_failures,
            list: None,
        })
    }
}

/// What happened to the probe over the simulated seasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeOutcomes {
    /// Seasons simulated.
    pub seasons: u64,
    /// Seasons in which the probe matched to any track.
    pub matched: u64,
    /// Seasons in which it matched in its preferred specialty.
    pub matched_preferred: u64,
    /// Seasons by number of interviews attended (the last bin holds more).
    pub interviews: Vec<u64>,
    /// Interviews at programs that cannot sponsor the visa the probe needs (always zero: a
    /// check on screening).
    pub interviews_without_visa_sponsor: u64,
    /// With an explicit list: per position in the list, seasons in which the probe attended an
    /// interview at that track.
    pub interviewed_at: Vec<u64>,
    /// With an explicit list: per position in the list, seasons in which the probe matched
    /// there.
    pub matched_at: Vec<u64>,
}

impl ProbeOutcomes {
    /// No seasons yet.
    pub fn empty() -> ProbeOutcomes {
        ProbeOutcomes {
            seasons: 0,
            matched: 0,
            matched_preferred: 0,
            interviews: vec![0; INTERVIEW_BINS],
            interviews_without_visa_sponsor: 0,
            interviewed_at: Vec::new(),
            matched_at: Vec::new(),
        }
    }

    /// Adds another tally.
    pub fn merge(mut self, other: &ProbeOutcomes) -> ProbeOutcomes {
        self.seasons += other.seasons;
        self.matched += other.matched;
        self.matched_preferred += other.matched_preferred;
        for (a, b) in self.interviews.iter_mut().zip(&other.interviews) {
            *a += b;
        }
        self.interviews_without_visa_sponsor += other.interviews_without_visa_sponsor;
        for (mine, theirs) in [
            (&mut self.interviewed_at, &other.interviewed_at),
            (&mut self.matched_at, &other.matched_at),
        ] {
            if mine.len() < theirs.len() {
                mine.resize(theirs.len(), 0);
            }
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
        self
    }

    /// Share of seasons in which the probe matched, 0 to 1.
    pub fn match_probability(&self) -> f64 {
        if self.seasons == 0 {
            0.0
        } else {
            self.matched as f64 / self.seasons as f64
        }
    }

    /// Share of seasons in which the probe matched in its preferred specialty, 0 to 1.
    pub fn preferred_match_probability(&self) -> f64 {
        if self.seasons == 0 {
            0.0
        } else {
            self.matched_preferred as f64 / self.seasons as f64
        }
    }

    /// Mean interviews attended per season.
    pub fn mean_interviews(&self) -> f64 {
        let sum: u64 = self
            .interviews
            .iter()
            .enumerate()
            .map(|(count, n)| count as u64 * n)
            .sum();
        sum as f64 / self.seasons.max(1) as f64
    }
}

impl std::fmt::Display for ProbeOutcomes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "Seasons simulated: {}", self.seasons)?;
        writeln!(
            f,
            "P(match, any track): {:.1}%",
            100.0 * self.match_probability()
        )?;
        writeln!(
            f,
            "P(match, preferred specialty): {:.1}%",
            100.0 * self.preferred_match_probability()
        )?;
        writeln!(f, "Mean interviews: {:.1}", self.mean_interviews())?;
        write!(f, "Interviews (count: seasons):")?;
        for (count, seasons) in self.interviews.iter().enumerate() {
            if *seasons > 0 {
                write!(f, " {count}: {seasons}")?;
            }
        }
        writeln!(f)
    }
}
