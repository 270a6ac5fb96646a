//! Residency programs, their attributes and their requirements.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::ParseError;
use crate::fact::{Fact, Requirement};
use crate::geography::{CensusRegion, UsState};
use crate::specialty::SpecialtyCode;

/// A program's 10-digit ACGME identifier, as FREIDA lists it (e.g. `1409990001`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AcgmeId(String);

impl AcgmeId {
    /// Parses exactly ten ASCII digits.
    pub fn parse(text: &str) -> Result<AcgmeId, ParseError> {
        let id = text.trim();
        if id.len() == 10 && id.bytes().all(|b| b.is_ascii_digit()) {
            Ok(AcgmeId(id.to_owned()))
        } else {
            Err(ParseError::new(
                "ACGME id",
                "ten digits such as 1409990001",
                text,
            ))
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AcgmeId {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        AcgmeId::parse(&value)
    }
}

impl From<AcgmeId> for String {
    fn from(value: AcgmeId) -> Self {
        value.0
    }
}

impl fmt::Display for AcgmeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The catalog's own key for a program, stable across catalog versions built from the same
/// sources: `acgme-1409990001` for a program FREIDA lists, `nrmp-9903-140` for one known only
/// from NRMP tracks, `demo-140-0001` for a fictional demo program.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProgramId(String);

impl ProgramId {
    /// Parses 1 to 64 characters from `a-z`, `0-9` and `-`.
    pub fn parse(text: &str) -> Result<ProgramId, ParseError> {
        let id = text.trim();
        let valid = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(ProgramId(id.to_owned()))
        } else {
            Err(ParseError::new(
                "program id",
                "1 to 64 characters from a-z, 0-9 and '-'",
                text,
            ))
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ProgramId {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ProgramId::parse(&value)
    }
}

impl From<ProgramId> for String {
    fn from(value: ProgramId) -> Self {
        value.0
    }
}

impl fmt::Display for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a program describes its setting (FREIDA's "program best described as").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgramType {
    /// Based at a university hospital.
    UniversityBased,
    /// A community hospital affiliated with a university.
    CommunityUniversityAffiliated,
    /// A community hospital.
    CommunityBased,
    /// A military hospital.
    MilitaryBased,
    /// Any other setting.
    Other,
}

impl ProgramType {
    /// Every program type, in display order.
    pub const ALL: [ProgramType; 3] = [
        ProgramType::UniversityBased,
        ProgramType::CommunityUniversityAffiliated,
        ProgramType::CommunityBased,
    ];

    /// The name as shown to users.
    pub fn name(self) -> &'static str {
        match self {
            ProgramType::UniversityBased => "University-based",
            ProgramType::CommunityUniversityAffiliated => "Community-based, university-affiliated",
            ProgramType::CommunityBased => "Community-based",
            ProgramType::MilitaryBased => "Military-based",
            ProgramType::Other => "Other",
        }
    }

    /// The short identifier used on the command line and in files.
    pub fn key(self) -> &'static str {
        match self {
            ProgramType::UniversityBased => "university",
            ProgramType::CommunityUniversityAffiliated => "community-affiliated",
            ProgramType::CommunityBased => "community",
            ProgramType::MilitaryBased => "military",
            ProgramType::Other => "other",
        }
    }

    /// Parses the short identifier (`university`, `community-affiliated`, `community`,
    /// `military`, `other`) or a
    /// FREIDA description (`Community-based university affiliated`), case-insensitively.
    pub fn parse(text: &str) -> Result<ProgramType, ParseError> {
        let folded: String = text
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        match folded.as_str() {
            "university" | "universitybased" => Ok(ProgramType::UniversityBased),
            "communityaffiliated"
            | "communitybaseduniversityaffiliated"
            | "communityuniversityaffiliated" => Ok(ProgramType::CommunityUniversityAffiliated),
            "community" | "communitybased" => Ok(ProgramType::CommunityBased),
            "military" | "militarybased" => Ok(ProgramType::MilitaryBased),
            "other" => Ok(ProgramType::Other),
            _ => Err(ParseError::new(
                "program type",
                "university, community-affiliated, community, military or other",
                text,
            )),
        }
    }
}

impl fmt::Display for ProgramType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Who the program's current residents are, in percent of residents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResidentMix {
    /// Percent graduates of US MD schools.
    pub us_md_pct: f64,
    /// Percent graduates of US DO schools.
    pub do_pct: f64,
    /// Percent international medical graduates.
    pub img_pct: f64,
}

impl ResidentMix {
    /// Builds a mix from three percentages, each within 0 to 100.
    pub fn new(us_md_pct: f64, do_pct: f64, img_pct: f64) -> Result<ResidentMix, ParseError> {
        for value in [us_md_pct, do_pct, img_pct] {
            if !(0.0..=100.0).contains(&value) {
                return Err(ParseError::new(
                    "resident mix",
                    "percentages between 0 and 100",
                    value.to_string(),
                ));
            }
        }
        Ok(ResidentMix {
            us_md_pct,
            do_pct,
            img_pct,
        })
    }
}

/// A US clinical experience requirement: a number of months, and whether it must be hands-on
/// (clerkships, sub-internships, externships) rather than observerships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsceRequirement {
    /// Minimum months of US clinical experience.
    pub months: u8,
    /// Whether only hands-on experience counts.
    pub hands_on: bool,
}

/// What a program asks of applicants. Each requirement is a [`Fact`] (it may be unknown) of a
/// [`Requirement`] (none, strict or a preference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramRequirements {
    /// Minimum USMLE Step 2 CK score.
    pub min_step2_score: Fact<Requirement<u16>>,
    /// Maximum number of attempts at any USMLE/COMLEX exam.
    pub max_exam_attempts: Fact<Requirement<u8>>,
    /// Maximum years since medical school graduation (the YOG limit).
    pub max_years_since_graduation: Fact<Requirement<u8>>,
    /// US clinical experience.
    pub usce: Fact<Requirement<UsceRequirement>>,
    /// ECFMG certification by the time of application (IMGs must be certified by the rank
    /// order list deadline in any case).
    pub ecfmg_certification: Fact<Requirement<()>>,
    /// USMLE Step 3 passed, for applicants who need an H-1B visa.
    pub step3_for_h1b: Fact<Requirement<()>>,
}

/// A residency program: an ACGME-accredited program in one specialty at one institution. Its
/// NRMP tracks are [`crate::Track`]s linked to it by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// The catalog's key.
    pub id: ProgramId,
    /// The ACGME id, when known.
    pub acgme_id: Fact<AcgmeId>,
    /// The program's name.
    pub name: String,
    /// The sponsoring institution.
    pub institution: Fact<String>,
    /// The specialty.
    pub specialty: SpecialtyCode,
    /// City of the program.
    pub city: Fact<String>,
    /// State of the program.
    pub state: Fact<UsState>,
    /// University-based, community-based university-affiliated, or community-based.
    pub program_type: Fact<ProgramType>,
    /// First-year (PGY-1) positions.
    pub first_year_positions: Fact<u16>,
    /// Interviews conducted in the last season.
    pub interviews_per_year: Fact<u16>,
    /// The current residents' backgrounds.
    pub resident_mix: Fact<ResidentMix>,
    /// Whether the program sponsors J-1 visas (through ECFMG).
    pub sponsors_j1: Fact<bool>,
    /// Whether the program sponsors H-1B visas.
    pub sponsors_h1b: Fact<bool>,
    /// Whether the program takes applications through ERAS.
    pub participates_in_eras: Fact<bool>,
    /// Whether the program takes ERAS preference signals.
    pub accepts_signals: Fact<bool>,
    /// What the program asks of applicants.
    pub requirements: ProgramRequirements,
}

impl Program {
    /// The census region of the program's state, when the state is known.
    pub fn region(&self) -> Option<CensusRegion> {
        self.state.get().map(|state| state.region())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_types_parse_freida_descriptions_and_short_keys() {
        assert_eq!(
            ProgramType::parse("Community-based university affiliated").unwrap(),
            ProgramType::CommunityUniversityAffiliated
        );
        assert_eq!(
            ProgramType::parse("University-based").unwrap(),
            ProgramType::UniversityBased
        );
        for program_type in ProgramType::ALL {
            assert_eq!(
                ProgramType::parse(program_type.key()).unwrap(),
                program_type
            );
            assert_eq!(
                ProgramType::parse(program_type.name()).unwrap(),
                program_type
            );
        }
        assert!(ProgramType::parse("federal").is_err());
    }

    #[test]
    fn identifiers_reject_malformed_text() {
        assert!(AcgmeId::parse("1409990001").is_ok());
        assert!(AcgmeId::parse("140352129").is_err());
        assert!(ProgramId::parse("acgme-1409990001").is_ok());
        assert!(ProgramId::parse("Has Spaces").is_err());
        assert!(ResidentMix::new(50.0, 20.0, 30.0).is_ok());
        assert!(ResidentMix::new(120.0, 0.0, 0.0).is_err());
    }
}
