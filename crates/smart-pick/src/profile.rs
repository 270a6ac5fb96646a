//! The applicant's profile: the form as submitted ([`ProfileInput`], read from TOML or JSON)
//! and the validated domain value ([`Profile`]), with errors that name the field.

use catalog::{CensusRegion, ProgramType, SpecialtyCode, UsState};
use market::VisaNeed;
use serde::{Deserialize, Serialize};
use targets::ApplicantType;
use thiserror::Error;

/// The Match year profiles refer to when they do not say: the 2026 Main Residency Match, for
/// which applications open in the 2025-2026 ERAS season.
pub const DEFAULT_MATCH_YEAR: u16 = 2026;
/// USCE that ended more than this many years before the Match year is not counted: programs
/// that ask for US clinical experience ask for recent experience.
pub const USCE_RECENT_YEARS: u16 = 3;
/// A COMLEX Level 2-CE score is turned into a Step 2 CK estimate by matching standard scores:
/// COMLEX's mean and standard deviation (about 560 and 85 for recent takers) onto Step 2 CK's
/// (about 245 and 15). An approximation, shown as such in the results.
pub const COMLEX_TO_STEP2: (f64, f64, f64, f64) = (560.0, 85.0, 245.0, 15.0);

/// A profile as written in a file or submitted in a form. Every field but the applicant type
/// and the specialties has a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    /// `us_md_senior`, `us_do_senior`, `us_img` or `non_us_img`.
    pub applicant_type: String,
    /// Graduated (or will graduate) from a Caribbean medical school.
    #[serde(default)]
    pub caribbean_school: bool,
    /// Year of medical school graduation (required of IMGs; seniors graduate in the Match
    /// year).
    #[serde(default)]
    pub graduation_year: Option<u16>,
    /// The Match the applicant enters (default 2026).
    #[serde(default)]
    pub match_year: Option<u16>,
    /// Exams.
    #[serde(default)]
    pub exams: ExamsInput,
    /// ECFMG certification: `certified`, `pending` (expected by the rank list deadline) or
    /// `not_certified`. IMGs only; default `pending` for IMGs.
    #[serde(default)]
    pub ecfmg: Option<String>,
    /// Visa needed: `none`, `j1` (any training visa will do) or `h1b` (only an H-1B).
    /// Default `none`.
    #[serde(default)]
    pub visa: Option<String>,
    /// US clinical experience, one entry per rotation or position.
    #[serde(default)]
    pub usce: Vec<UsceInput>,
    /// Research output.
    #[serde(default)]
    pub research: ResearchInput,
    /// Specialty codes or names, the preferred one first; the others are backups.
    pub specialties: Vec<String>,
    /// Where and what kind of program the applicant prefers.
    #[serde(default)]
    pub preferences: PreferencesInput,
    /// How much the applicant can apply to.
    #[serde(default)]
    pub budget: BudgetInput,
    /// Signals available, when not the specialty's ERAS allotment.
    #[serde(default)]
    pub signals: Option<SignalsInput>,
}

/// Exam results.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExamsInput {
    /// USMLE Step 1 (pass/fail).
    #[serde(default)]
    pub step1: Option<PassFailInput>,
    /// USMLE Step 2 CK.
    #[serde(default)]
    pub step2_ck: Option<ScoreInput>,
    /// USMLE Step 3.
    #[serde(default)]
    pub step3: Option<PassFailInput>,
    /// COMLEX Level 2-CE (DO applicants).
    #[serde(default)]
    pub comlex_level2: Option<ScoreInput>,
}

/// A pass/fail exam.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PassFailInput {
    /// Passed.
    pub passed: bool,
    /// Attempts taken (default 1).
    #[serde(default = "one")]
    pub attempts: u8,
}

/// A scored exam.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScoreInput {
    /// The (latest passing) score.
    pub score: u16,
    /// Attempts taken (default 1).
    #[serde(default = "one")]
    pub attempts: u8,
}

fn one() -> u8 {
    1
}

/// One US clinical experience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UsceInput {
    /// `hands_on` (clerkship, sub-internship, externship), `observership`, `research` or
    /// `volunteering`.
    pub kind: String,
    /// Months.
    pub months: u8,
    /// Year it ended (default: the year before the Match year).
    #[serde(default)]
    pub ended_year: Option<u16>,
    /// Specialty code or name, if any.
    #[serde(default)]
    pub specialty: Option<String>,
    /// Came with a US letter of recommendation.
    #[serde(default)]
    pub us_letter: bool,
}

/// Research output.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResearchInput {
    /// Peer-reviewed publications.
    #[serde(default)]
    pub publications: u16,
    /// Abstracts.
    #[serde(default)]
    pub abstracts: u16,
    /// Presentations and posters.
    #[serde(default)]
    pub presentations: u16,
}

/// Preferences.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PreferencesInput {
    /// Preferred states (codes such as `NY`).
    #[serde(default)]
    pub states: Vec<String>,
    /// Preferred census regions (`northeast`, `midwest`, `south`, `west`, `territories`).
    #[serde(default)]
    pub regions: Vec<String>,
    /// States where the applicant has ties (family, school, past work).
    #[serde(default)]
    pub ties: Vec<String>,
    /// Preferred program types (`university`, `community-affiliated`, `community`,
    /// `military`, `other`).
    #[serde(default)]
    pub program_types: Vec<String>,
    /// Apply only where the preferences are met (default: prefer them, apply anywhere).
    #[serde(default)]
    pub only_preferred: bool,
    /// Also consider preliminary and transitional tracks.
    #[serde(default)]
    pub include_preliminary: bool,
    /// What matching elsewhere is worth against a preferred program (0 to 1, default 0.6);
    /// with preferences, the list maximizes the expected value of the match.
    #[serde(default)]
    pub other_weight: Option<f64>,
}

/// The budget: a number of applications, dollars of ERAS fees, or both (the tighter binds).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BudgetInput {
    /// Most applications.
    #[serde(default)]
    pub applications: Option<u32>,
    /// Most US dollars of ERAS fees.
    #[serde(default)]
    pub dollars: Option<u32>,
}

/// Signals available.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignalsInput {
    /// Gold (or single-tier) signals.
    #[serde(default)]
    pub gold: Option<u8>,
    /// Silver signals.
    #[serde(default)]
    pub silver: Option<u8>,
}

/// A profile that could not be read; names the field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProfileError {
    /// The text is not valid TOML or JSON, a field has the wrong type, or a field is unknown.
    #[error("the profile cannot be read: {0}")]
    Syntax(String),
    /// A field's value is not acceptable.
    #[error("field `{field}`: {reason}")]
    Invalid {
        /// The field's path, e.g. `exams.step2_ck.score`.
        field: String,
        /// What is wrong and what was expected.
        reason: String,
    },
}

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> ProfileError {
    ProfileError::Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}

/// ECFMG certification status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ecfmg {
    /// Not an IMG.
    NotApplicable,
    /// Certified.
    Certified,
    /// Expected by the rank order list deadline.
    Pending,
    /// Not certified and not expected in time.
    NotCertified,
}

/// Kinds of US clinical experience, from most to least valued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsceKind {
    /// Clerkships, sub-internships, externships: patient care under supervision.
    HandsOn,
    /// Observerships.
    Observership,
    /// Research in a US clinical setting.
    Research,
    /// Volunteering.
    Volunteering,
}

/// One US clinical experience, validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsceEntry {
    /// Kind.
    pub kind: UsceKind,
    /// Months.
    pub months: u8,
    /// Year it ended.
    pub ended_year: u16,
    /// Specialty.
    pub specialty: Option<SpecialtyCode>,
    /// With a US letter.
    pub us_letter: bool,
}

/// A validated profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Applicant type.
    pub applicant_type: ApplicantType,
    /// Caribbean school.
    pub caribbean_school: bool,
    /// The Match year.
    pub match_year: u16,
    /// Graduation year.
    pub graduation_year: u16,
    /// Step 2 CK as the model uses it: the score, or an estimate from COMLEX.
    pub step2: u16,
    /// Whether `step2` was estimated from COMLEX Level 2-CE.
    pub step2_estimated: bool,
    /// Failed attempts over all exams.
    pub exam_failures: u8,
    /// Step 3 passed.
    pub step3_passed: bool,
    /// ECFMG status.
    pub ecfmg: Ecfmg,
    /// Visa needed.
    pub visa: VisaNeed,
    /// US clinical experience.
    pub usce: Vec<UsceEntry>,
    /// Research (publications, abstracts, presentations).
    pub research: (u16, u16, u16),
    /// Specialties, the preferred first.
    pub specialties: Vec<SpecialtyCode>,
    /// Preferred states (explicit, plus those of preferred regions).
    pub preferred_states: Vec<UsState>,
    /// States with ties.
    pub ties: Vec<UsState>,
    /// Preferred program types.
    pub program_types: Vec<ProgramType>,
    /// Apply only where preferences are met.
    pub only_preferred: bool,
    /// Consider preliminary tracks.
    pub include_preliminary: bool,
    /// Weight of a program that meets no preference, 0–1 (1 when there are no preferences).
    pub other_weight: f64,
    /// Most applications.
    pub max_applications: u32,
    /// Most dollars, if limited.
    pub max_dollars: Option<u32>,
    /// Signals available (gold, silver), if not the specialty's allotment.
    pub signals: Option<(u8, u8)>,
    /// The input it came from.
    pub input: ProfileInput,
}

/// Applications assumed when the budget gives neither a count nor dollars: the ERAS 2025 mean
/// for the applicant type (58 US MD, 72 US DO, 129 IMG).
pub fn default_applications(applicant_type: ApplicantType) -> u32 {
    let means = targets::ERAS_2025_APPLICATIONS;
    match applicant_type {
        ApplicantType::UsMdSenior => u32::from(means.mean_per_us_md_applicant),
        ApplicantType::UsDoSenior => u32::from(means.mean_per_us_do_applicant),
        ApplicantType::UsImg | ApplicantType::NonUsImg => u32::from(means.mean_per_img_applicant),
    }
}

/// Parses a specialty given as a code (`140`), a name (`Internal Medicine`), an NRMP
/// track-list name (`Surgery-General`) or a short form (`OB/GYN`), with
/// [`catalog::parse_specialty`] over the built-in specialties.
pub fn parse_specialty(text: &str) -> Option<SpecialtyCode> {
    catalog::parse_specialty(text, &catalog::Specialty::builtin()).ok()
}

impl Profile {
    /// Reads a profile from TOML.
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        let input: ProfileInput =
            toml::from_str(text).map_err(|e| ProfileError::Syntax(e.to_string()))?;
        Profile::from_input(input)
    }

    /// Reads a profile from JSON.
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        let input: ProfileInput =
            serde_json::from_str(text).map_err(|e| ProfileError::Syntax(e.to_string()))?;
        Profile::from_input(input)
    }

    /// Reads a profile from a file's text, as JSON when `file_name` ends in `.json`, else
    /// as TOML.
    pub fn from_file_text(file_name: &str, text: &str) -> Result<Profile, ProfileError> {
        if file_name.to_ascii_lowercase().ends_with(".json") {
            Profile::from_json(text)
        } else {
            Profile::from_toml(text)
        }
    }

    /// Validates a submitted profile.
    pub fn from_input(input: ProfileInput) -> Result<Profile, ProfileError> {
        let applicant_type = ApplicantType::ALL
            .into_iter()
            .find(|t| t.key() == input.applicant_type.trim())
            .ok_or_else(|| {
                invalid(
                    "applicant_type",
                    format!(
                        "`{}` is not one of us_md_senior, us_do_senior, us_img, non_us_img",
                        input.applicant_type
                    ),
                )
            })?;
        let img = matches!(
            applicant_type,
            ApplicantType::UsImg | ApplicantType::NonUsImg
        );
        let match_year = input.match_year.unwrap_or(DEFAULT_MATCH_YEAR);
        if !(2000..=2100).contains(&match_year) {
            return Err(invalid(
                "match_year",
                format!("{match_year} is not a year between 2000 and 2100"),
            ));
        }
        let graduation_year = match (input.graduation_year, img) {
            (Some(year), _) => {
                if year > match_year || year + 60 < match_year {
                    return Err(invalid(
                        "graduation_year",
                        format!(
                            "{year} must be between {} and the Match year {match_year}",
                            match_year - 60
                        ),
                    ));
                }
                if !img && year != match_year {
                    return Err(invalid(
                        "graduation_year",
                        format!(
                            "a senior graduates in the Match year {match_year}, not {year}; prior graduates apply as IMGs or are not modelled"
                        ),
                    ));
                }
                year
            }
            (None, false) => match_year,
            (None, true) => {
                return Err(invalid(
                    "graduation_year",
                    "required for IMGs: the year of medical school graduation",
                ));
            }
        };

        let exams = &input.exams;
        let mut failures: u32 = 0;
        let mut attempts = |field: &str, passed: bool, attempts: u8| -> Result<(), ProfileError> {
            if attempts == 0 || attempts > 6 {
                return Err(invalid(
                    field,
                    format!("{attempts} attempts: expected 1 to 6"),
                ));
            }
            failures += u32::from(attempts) - u32::from(passed);
            Ok(())
        };
        if let Some(step1) = &exams.step1 {
            attempts("exams.step1.attempts", step1.passed, step1.attempts)?;
        }
        if let Some(step3) = &exams.step3 {
            attempts("exams.step3.attempts", step3.passed, step3.attempts)?;
        }
        if let Some(score) = &exams.step2_ck {
            if !(150..=300).contains(&score.score) {
                return Err(invalid(
                    "exams.step2_ck.score",
                    format!(
                        "{} is outside the Step 2 CK scale (150 to 300)",
                        score.score
                    ),
                ));
            }
            attempts("exams.step2_ck.attempts", true, score.attempts)?;
        }
        if let Some(score) = &exams.comlex_level2 {
            if !(200..=999).contains(&score.score) {
                return Err(invalid(
                    "exams.comlex_level2.score",
                    format!("{} is outside the COMLEX scale (200 to 999)", score.score),
                ));
            }
            attempts("exams.comlex_level2.attempts", true, score.attempts)?;
        }
        let (step2, step2_estimated) = match (&exams.step2_ck, &exams.comlex_level2) {
            (Some(score), _) => (score.score, false),
            (None, Some(comlex)) => {
                let (c_mean, c_sd, s_mean, s_sd) = COMLEX_TO_STEP2;
                let estimate = s_mean + s_sd * (f64::from(comlex.score) - c_mean) / c_sd;
                (estimate.round().clamp(150.0, 300.0) as u16, true)
            }
            (None, None) => {
                return Err(invalid(
                    "exams.step2_ck",
                    "a Step 2 CK score is needed (DO applicants may give COMLEX Level 2-CE instead)",
                ));
            }
        };

        let ecfmg = match (input.ecfmg.as_deref().map(str::trim), img) {
            (None, true) => Ecfmg::Pending,
            (None, false) => Ecfmg::NotApplicable,
            (Some(_), false) => Ecfmg::NotApplicable,
            (Some("certified"), true) => Ecfmg::Certified,
            (Some("pending"), true) => Ecfmg::Pending,
            (Some("not_certified"), true) => Ecfmg::NotCertified,
            (Some(other), true) => {
                return Err(invalid(
                    "ecfmg",
                    format!("`{other}` is not one of certified, pending, not_certified"),
                ));
            }
        };
        let visa = match input.visa.as_deref().map(str::trim) {
            None | Some("none") => VisaNeed::None,
            Some("j1") => VisaNeed::J1,
            Some("h1b") => VisaNeed::H1b,
            Some(other) => {
                return Err(invalid(
                    "visa",
                    format!("`{other}` is not one of none, j1, h1b"),
                ));
            }
        };
        if visa != VisaNeed::None && applicant_type != ApplicantType::NonUsImg {
            return Err(invalid(
                "visa",
                "only non-US-citizen IMGs need a visa; use `none`",
            ));
        }

        let mut usce = Vec::with_capacity(input.usce.len());
        for (index, entry) in input.usce.iter().enumerate() {
            let field = |name: &str| format!("usce[{index}].{name}");
            let kind = match entry.kind.trim() {
                "hands_on" => UsceKind::HandsOn,
                "observership" => UsceKind::Observership,
                "research" => UsceKind::Research,
                "volunteering" => UsceKind::Volunteering,
                other => {
                    return Err(invalid(
                        field("kind"),
                        format!(
                            "`{other}` is not one of hands_on, observership, research, volunteering"
                        ),
                    ));
                }
            };
            if entry.months == 0 || entry.months > 60 {
                return Err(invalid(
                    field("months"),
                    format!("{} months: expected 1 to 60", entry.months),
                ));
            }
            let ended_year = entry.ended_year.unwrap_or(match_year - 1);
            if ended_year > match_year || ended_year + 60 < match_year {
                return Err(invalid(
                    field("ended_year"),
                    format!("{ended_year} must be a year up to the Match year {match_year}"),
                ));
            }
            let specialty = match &entry.specialty {
                None => None,
                Some(text) => Some(parse_specialty(text).ok_or_else(|| {
                    invalid(
                        field("specialty"),
                        format!("`{text}` is not a specialty code or name"),
                    )
                })?),
            };
            usce.push(UsceEntry {
                kind,
                months: entry.months,
                ended_year,
                specialty,
                us_letter: entry.us_letter,
            });
        }

        if input.specialties.is_empty() {
            return Err(invalid(
                "specialties",
                "at least one specialty is needed, the preferred one first",
            ));
        }
        let mut specialties = Vec::new();
        for (index, text) in input.specialties.iter().enumerate() {
            let code = parse_specialty(text).ok_or_else(|| {
                invalid(
                    format!("specialties[{index}]"),
                    format!("`{text}` is not a specialty code or name"),
                )
            })?;
            if specialties.contains(&code) {
                return Err(invalid(
                    format!("specialties[{index}]"),
                    format!("{code} is listed twice"),
                ));
            }
            specialties.push(code);
        }
        if specialties.len() > 4 {
            return Err(invalid("specialties", "at most 4 specialties"));
        }

        let prefs = &input.preferences;
        let parse_states = |field: &str, list: &[String]| -> Result<Vec<UsState>, ProfileError> {
            list.iter()
                .enumerate()
                .map(|(i, s)| {
                    UsState::parse(s).map_err(|e| invalid(format!("{field}[{i}]"), e.to_string()))
                })
                .collect()
        };
        let mut preferred_states = parse_states("preferences.states", &prefs.states)?;
        for (i, region) in prefs.regions.iter().enumerate() {
            let region = CensusRegion::parse(region)
                .map_err(|e| invalid(format!("preferences.regions[{i}]"), e.to_string()))?;
            for state in region.states() {
                if !preferred_states.contains(&state) {
                    preferred_states.push(state);
                }
            }
        }
        let ties = parse_states("preferences.ties", &prefs.ties)?;
        let program_types = prefs
            .program_types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                ProgramType::parse(t)
                    .map_err(|e| invalid(format!("preferences.program_types[{i}]"), e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let has_preferences = !preferred_states.is_empty() || !program_types.is_empty();
        if prefs.only_preferred && !has_preferences {
            return Err(invalid(
                "preferences.only_preferred",
                "needs preferred states, regions or program types",
            ));
        }
        let other_weight = match prefs.other_weight {
            None => 0.6,
            Some(w) if (0.0..=1.0).contains(&w) => w,
            Some(w) => {
                return Err(invalid(
                    "preferences.other_weight",
                    format!("{w} is outside 0 to 1"),
                ));
            }
        };

        let budget = &input.budget;
        if let Some(n) = budget.applications
            && !(1..=400).contains(&n)
        {
            return Err(invalid(
                "budget.applications",
                format!("{n} is outside 1 to 400"),
            ));
        }
        if let Some(d) = budget.dollars
            && !(11..=20_000).contains(&d)
        {
            return Err(invalid(
                "budget.dollars",
                format!("{d} is outside 11 to 20000"),
            ));
        }
        let max_applications = match (budget.applications, budget.dollars) {
            (Some(n), _) => n,
            (None, Some(_)) => 400,
            (None, None) => default_applications(applicant_type),
        };
        let signals = match &input.signals {
            None => None,
            Some(s) => {
                let gold = s.gold.unwrap_or(0);
                let silver = s.silver.unwrap_or(0);
                if gold > 40 || silver > 40 {
                    return Err(invalid("signals", "at most 40 signals of a tier"));
                }
                Some((gold, silver))
            }
        };

        Ok(Profile {
            applicant_type,
            caribbean_school: input.caribbean_school,
            match_year,
            graduation_year,
            step2,
            step2_estimated,
            exam_failures: failures.min(10) as u8,
            step3_passed: exams.step3.as_ref().is_some_and(|s| s.passed),
            ecfmg,
            visa,
            usce,
            research: (
                input.research.publications,
                input.research.abstracts,
                input.research.presentations,
            ),
            specialties,
            preferred_states,
            ties,
            program_types,
            only_preferred: prefs.only_preferred,
            include_preliminary: prefs.include_preliminary,
            other_weight: if has_preferences { other_weight } else { 1.0 },
            max_applications,
            max_dollars: budget.dollars,
            signals,
            input,
        })
    }

    /// Whether the applicant is an IMG.
    pub fn is_img(&self) -> bool {
        matches!(
            self.applicant_type,
            ApplicantType::UsImg | ApplicantType::NonUsImg
        )
    }

    /// Years since graduation at the Match.
    pub fn years_since_graduation(&self) -> u8 {
        (self.match_year - self.graduation_year).min(60) as u8
    }

    /// Recent months of a kind of USCE.
    pub fn recent_usce_months(&self, kind: UsceKind) -> u32 {
        self.usce
            .iter()
            .filter(|e| e.kind == kind && e.ended_year + USCE_RECENT_YEARS >= self.match_year)
            .map(|e| u32::from(e.months))
            .sum()
    }

    /// Whether the profile states any location or program-type preference.
    pub fn has_preferences(&self) -> bool {
        !self.preferred_states.is_empty() || !self.program_types.is_empty()
    }
}
