//! The applicant's profile: the form as submitted ([`ProfileInput`], read from TOML or JSON)
//! with its choices as enums that list their values and labels (so forms offer exactly what
//! the engine accepts), and the validated domain value ([`Profile`]), whose fields are private
//! so that every profile in hand satisfies its invariants. Validation reports every bad field
//! at once, each named both by its path and in the form's words.

use std::fmt;
use std::ops::RangeInclusive;

use catalog::{CensusRegion, ProgramType, SpecialtyCode, UsState};
use market::VisaNeed;
use serde::{Deserialize, Serialize};
use targets::ApplicantType;
use thiserror::Error;

use crate::policy::{
    DEFAULT_OTHER_WEIGHT, MAX_APPLICATIONS, MAX_SPECIALTIES, MAX_USCE_ENTRIES,
    MAX_USCE_TOTAL_MONTHS,
};

/// The Match year profiles refer to when they do not say: the 2026 Main Residency Match, for
/// which applications open in the 2025-2026 ERAS season.
pub const DEFAULT_MATCH_YEAR: u16 = 2026;
/// The Step 2 CK score scale.
pub const STEP2_SCALE: RangeInclusive<u16> = 150..=300;
/// The COMLEX Level 2-CE score scale.
pub const COMLEX_SCALE: RangeInclusive<u16> = 200..=999;
/// Attempts at one exam a profile may state (USMLE allows at most four, and a sixth attempt is
/// no longer a realistic applicant).
pub const EXAM_ATTEMPTS: RangeInclusive<u8> = 1..=6;
/// The Match years a profile may name.
pub const MATCH_YEARS: RangeInclusive<u16> = 2000..=2100;
/// The most years a graduation may lie before the Match year.
pub const MAX_YEARS_BEFORE_MATCH: u16 = 60;
/// Months one US clinical experience may last (five years at most for one entry).
pub const USCE_ENTRY_MONTHS: RangeInclusive<u8> = 1..=60;
/// An ERAS fee budget in dollars: from one application's fee up to far beyond any real one.
pub const ERAS_BUDGET_DOLLARS: RangeInclusive<u32> = 11..=20_000;
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
    #[serde(with = "ApplicantTypeKey")]
    #[cfg_attr(feature = "openapi", schema(value_type = ApplicantTypeKey))]
    pub applicant_type: ApplicantType,
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
    pub ecfmg: Option<Ecfmg>,
    /// Visa needed: `none`, `j1` (any training visa will do) or `h1b` (only an H-1B).
    /// Default `none`.
    #[serde(default)]
    pub visa: Option<Visa>,
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
    pub kind: UsceKind,
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
    /// Stop the list at the point of diminishing returns (the fewest applications within one
    /// point of the best chance the budget allows) instead of filling the budget.
    #[serde(default)]
    pub diminishing_returns: bool,
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

/// The applicant types as profile files write them: the keys of [`ApplicantType`] (its
/// [`ApplicantType::ALL`] and [`ApplicantType::name`] give every value and its label).
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "ApplicantType", rename_all = "snake_case")]
pub enum ApplicantTypeKey {
    /// A senior of a US MD-granting school.
    UsMdSenior,
    /// A senior of a US DO-granting school.
    UsDoSenior,
    /// An international medical graduate who is a US citizen.
    UsImg,
    /// An international medical graduate who is not a US citizen.
    NonUsImg,
}

/// Finds an applicant type by its key (`us_md_senior`).
pub fn applicant_type_of_key(key: &str) -> Option<ApplicantType> {
    ApplicantType::ALL.into_iter().find(|t| t.key() == key)
}

/// The visa an applicant needs, as a profile states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Visa {
    /// No visa (US citizens, permanent residents).
    None,
    /// A training visa, and a J-1 or an H-1B will do.
    J1,
    /// Only an H-1B.
    H1b,
}

impl Visa {
    /// Every value, in the order forms offer them.
    pub const ALL: [Visa; 3] = [Visa::None, Visa::J1, Visa::H1b];

    /// The value as written in profiles.
    pub fn key(self) -> &'static str {
        match self {
            Visa::None => "none",
            Visa::J1 => "j1",
            Visa::H1b => "h1b",
        }
    }

    /// The value as shown to applicants.
    pub fn label(self) -> &'static str {
        match self {
            Visa::None => "No visa needed",
            Visa::J1 => "J-1 or H-1B (either will do)",
            Visa::H1b => "H-1B only",
        }
    }

    /// Finds a value by its key.
    pub fn from_key(key: &str) -> Option<Visa> {
        Visa::ALL.into_iter().find(|v| v.key() == key)
    }

    /// The need as the market model knows it.
    pub fn need(self) -> VisaNeed {
        match self {
            Visa::None => VisaNeed::None,
            Visa::J1 => VisaNeed::J1,
            Visa::H1b => VisaNeed::H1b,
        }
    }
}

/// ECFMG certification status of an IMG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Ecfmg {
    /// Certified.
    Certified,
    /// Expected by the rank order list deadline.
    Pending,
    /// Not certified and not expected in time.
    NotCertified,
}

impl Ecfmg {
    /// Every value, in the order forms offer them.
    pub const ALL: [Ecfmg; 3] = [Ecfmg::Certified, Ecfmg::Pending, Ecfmg::NotCertified];

    /// The value as written in profiles.
    pub fn key(self) -> &'static str {
        match self {
            Ecfmg::Certified => "certified",
            Ecfmg::Pending => "pending",
            Ecfmg::NotCertified => "not_certified",
        }
    }

    /// The value as shown to applicants.
    pub fn label(self) -> &'static str {
        match self {
            Ecfmg::Certified => "Certified",
            Ecfmg::Pending => "Expected by the rank list deadline",
            Ecfmg::NotCertified => "Not certified and not expected in time",
        }
    }

    /// Finds a value by its key.
    pub fn from_key(key: &str) -> Option<Ecfmg> {
        Ecfmg::ALL.into_iter().find(|v| v.key() == key)
    }
}

/// Kinds of US clinical experience, from most to least valued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

impl UsceKind {
    /// Every value, from most to least valued.
    pub const ALL: [UsceKind; 4] = [
        UsceKind::HandsOn,
        UsceKind::Observership,
        UsceKind::Research,
        UsceKind::Volunteering,
    ];

    /// The value as written in profiles.
    pub fn key(self) -> &'static str {
        match self {
            UsceKind::HandsOn => "hands_on",
            UsceKind::Observership => "observership",
            UsceKind::Research => "research",
            UsceKind::Volunteering => "volunteering",
        }
    }

    /// The value as shown to applicants.
    pub fn label(self) -> &'static str {
        match self {
            UsceKind::HandsOn => "Hands-on (clerkship, sub-internship, externship)",
            UsceKind::Observership => "Observership",
            UsceKind::Research => "Research in a US clinical setting",
            UsceKind::Volunteering => "Volunteering",
        }
    }

    /// Finds a value by its key.
    pub fn from_key(key: &str) -> Option<UsceKind> {
        UsceKind::ALL.into_iter().find(|v| v.key() == key)
    }
}

/// One field of a profile whose value is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidField {
    /// The field's path in a profile file, e.g. `exams.step2_ck.score`.
    pub path: String,
    /// The field in the words of the form, e.g. "Step 2 CK score".
    pub name: String,
    /// What is wrong and what was expected.
    pub reason: String,
}

impl fmt::Display for InvalidField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (`{}`): {}", self.name, self.path, self.reason)
    }
}

/// A profile that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProfileError {
    /// The text is not valid TOML or JSON, a field has the wrong type, or a field is unknown.
    #[error("the profile cannot be read: {0}")]
    Syntax(String),
    /// Values that are not acceptable: every bad field, in the order of the profile (never
    /// empty).
    #[error("{}", list_fields(.0))]
    Invalid(Vec<InvalidField>),
}

fn list_fields(fields: &[InvalidField]) -> String {
    match fields {
        [one] => one.to_string(),
        many => {
            let items: Vec<String> = many.iter().map(InvalidField::to_string).collect();
            format!(
                "{} fields are not acceptable: {}",
                many.len(),
                items.join("; ")
            )
        }
    }
}

impl ProfileError {
    /// One bad field: its path, its name in the form's words, and what is wrong.
    pub fn field(
        path: impl Into<String>,
        name: impl Into<String>,
        reason: impl Into<String>,
    ) -> ProfileError {
        ProfileError::Invalid(vec![InvalidField {
            path: path.into(),
            name: name.into(),
            reason: reason.into(),
        }])
    }

    /// The bad fields (none for a syntax error).
    pub fn fields(&self) -> &[InvalidField] {
        match self {
            ProfileError::Syntax(_) => &[],
            ProfileError::Invalid(fields) => fields,
        }
    }
}

/// A profile text that cannot be read, naming the field where reading stopped (`.` is the
/// whole profile, e.g. a field missing or unknown there).
fn syntax_error(path: String, reason: String) -> ProfileError {
    if path == "." {
        ProfileError::Syntax(reason)
    } else {
        ProfileError::Syntax(format!("`{path}`: {reason}"))
    }
}

/// The bad fields found so far while validating a profile.
#[derive(Default)]
struct Problems(Vec<InvalidField>);

impl Problems {
    fn add(&mut self, path: impl Into<String>, name: impl Into<String>, reason: impl Into<String>) {
        self.0.push(InvalidField {
            path: path.into(),
            name: name.into(),
            reason: reason.into(),
        });
    }
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

/// A validated profile: at least one and at most four distinct specialties, scores on their
/// scales, years in range, a visa only for non-US-citizen IMGs, a budget of at least one
/// application. Made only by [`Profile::from_input`] (or the readers that call it); read
/// through its accessors.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    applicant_type: ApplicantType,
    caribbean_school: bool,
    match_year: u16,
    graduation_year: u16,
    step2: u16,
    step2_estimated: bool,
    exam_failures: u8,
    step3_passed: bool,
    ecfmg: Option<Ecfmg>,
    visa: VisaNeed,
    usce: Vec<UsceEntry>,
    research: (u16, u16, u16),
    specialties: Vec<SpecialtyCode>,
    preferred_states: Vec<UsState>,
    ties: Vec<UsState>,
    program_types: Vec<ProgramType>,
    only_preferred: bool,
    include_preliminary: bool,
    other_weight: f64,
    max_applications: u32,
    max_dollars: Option<u32>,
    signals: Option<(u8, u8)>,
    input: ProfileInput,
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
        let deserializer =
            toml::Deserializer::parse(text).map_err(|e| ProfileError::Syntax(e.to_string()))?;
        let input: ProfileInput = serde_path_to_error::deserialize(deserializer)
            .map_err(|e| syntax_error(e.path().to_string(), e.into_inner().to_string()))?;
        Profile::from_input(input)
    }

    /// Reads a profile from JSON.
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let input: ProfileInput = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|e| syntax_error(e.path().to_string(), e.into_inner().to_string()))?;
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

    /// Validates a submitted profile, reporting every bad field: each part of the form is
    /// checked in the order of the profile, and all the parts' problems are gathered before
    /// the profile is refused.
    pub fn from_input(input: ProfileInput) -> Result<Profile, ProfileError> {
        let mut problems = Problems::default();
        let applicant_type = input.applicant_type;
        let img = matches!(
            applicant_type,
            ApplicantType::UsImg | ApplicantType::NonUsImg
        );
        let years = validate_years(input.match_year, input.graduation_year, img, &mut problems);
        let exams = validate_exams(&input.exams, &mut problems);
        // ECFMG certification concerns IMGs only; seniors' answers are ignored.
        let ecfmg = img.then(|| input.ecfmg.unwrap_or(Ecfmg::Pending));
        let visa = validate_visa(input.visa, applicant_type, &mut problems);
        let usce = validate_usce(&input.usce, &years, &mut problems);
        let specialties = validate_specialties(&input.specialties, &mut problems);
        let preferences = validate_preferences(&input.preferences, &mut problems);
        let max_applications = validate_budget(&input.budget, applicant_type, &mut problems);
        let signals = validate_signals(input.signals.as_ref(), &mut problems);

        if !problems.0.is_empty() {
            return Err(ProfileError::Invalid(problems.0));
        }
        Ok(Profile {
            applicant_type,
            caribbean_school: input.caribbean_school,
            match_year: years.match_year,
            graduation_year: years.graduation_year,
            step2: exams.step2,
            step2_estimated: exams.step2_estimated,
            exam_failures: exams.failures,
            step3_passed: exams.step3_passed,
            ecfmg,
            visa,
            usce,
            research: (
                input.research.publications,
                input.research.abstracts,
                input.research.presentations,
            ),
            specialties,
            preferred_states: preferences.preferred_states,
            ties: preferences.ties,
            program_types: preferences.program_types,
            only_preferred: input.preferences.only_preferred,
            include_preliminary: input.preferences.include_preliminary,
            other_weight: preferences.other_weight,
            max_applications,
            max_dollars: input.budget.dollars,
            signals,
            input,
        })
    }

    /// Applicant type.
    pub fn applicant_type(&self) -> ApplicantType {
        self.applicant_type
    }

    /// Whether the applicant graduated (or will graduate) from a Caribbean school.
    pub fn caribbean_school(&self) -> bool {
        self.caribbean_school
    }

    /// The Match year.
    pub fn match_year(&self) -> u16 {
        self.match_year
    }

    /// Year of medical school graduation (the Match year for seniors).
    pub fn graduation_year(&self) -> u16 {
        self.graduation_year
    }

    /// Step 2 CK as the model uses it: the score, or an estimate from COMLEX Level 2-CE.
    pub fn step2(&self) -> u16 {
        self.step2
    }

    /// Whether [`Self::step2`] was estimated from COMLEX Level 2-CE.
    pub fn step2_estimated(&self) -> bool {
        self.step2_estimated
    }

    /// Failed attempts over all exams (at most 10).
    pub fn exam_failures(&self) -> u8 {
        self.exam_failures
    }

    /// Whether Step 3 is passed.
    pub fn step3_passed(&self) -> bool {
        self.step3_passed
    }

    /// ECFMG status: `None` for seniors, to whom it does not apply.
    pub fn ecfmg(&self) -> Option<Ecfmg> {
        self.ecfmg
    }

    /// Visa needed.
    pub fn visa(&self) -> VisaNeed {
        self.visa
    }

    /// US clinical experience.
    pub fn usce(&self) -> &[UsceEntry] {
        &self.usce
    }

    /// Research: publications, abstracts, presentations.
    pub fn research(&self) -> (u16, u16, u16) {
        self.research
    }

    /// Specialties, the preferred first (one to four, distinct).
    pub fn specialties(&self) -> &[SpecialtyCode] {
        &self.specialties
    }

    /// The preferred specialty.
    pub fn preferred_specialty(&self) -> SpecialtyCode {
        self.specialties[0]
    }

    /// Preferred states (explicit, plus those of preferred regions).
    pub fn preferred_states(&self) -> &[UsState] {
        &self.preferred_states
    }

    /// States with ties.
    pub fn ties(&self) -> &[UsState] {
        &self.ties
    }

    /// Preferred program types.
    pub fn program_types(&self) -> &[ProgramType] {
        &self.program_types
    }

    /// Whether to apply only where preferences are met.
    pub fn only_preferred(&self) -> bool {
        self.only_preferred
    }

    /// Whether preliminary and transitional tracks are considered.
    pub fn include_preliminary(&self) -> bool {
        self.include_preliminary
    }

    /// Worth of a program that meets no preference, 0–1 (1 when there are no preferences).
    pub fn other_weight(&self) -> f64 {
        self.other_weight
    }

    /// Most applications.
    pub fn max_applications(&self) -> u32 {
        self.max_applications
    }

    /// Most dollars of ERAS fees, if limited.
    pub fn max_dollars(&self) -> Option<u32> {
        self.max_dollars
    }

    /// Whether the list stops at the point of diminishing returns instead of filling the
    /// budget.
    pub fn stops_at_diminishing_returns(&self) -> bool {
        self.input.budget.diminishing_returns
    }

    /// Signals available (gold, silver), if not the specialty's allotment.
    pub fn signals(&self) -> Option<(u8, u8)> {
        self.signals
    }

    /// The input the profile was validated from.
    pub fn input(&self) -> &ProfileInput {
        &self.input
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

/// The Match year and the graduation year of a profile being validated.
struct Years {
    match_year: u16,
    /// Whether the Match year is itself acceptable: checks against it are made only when it
    /// is.
    match_year_acceptable: bool,
    graduation_year: u16,
}

/// Validates the Match year (default [`DEFAULT_MATCH_YEAR`]) and the graduation year, which
/// IMGs must give and seniors may give only as the Match year.
fn validate_years(
    match_year: Option<u16>,
    graduation_year: Option<u16>,
    img: bool,
    problems: &mut Problems,
) -> Years {
    let match_year = match_year.unwrap_or(DEFAULT_MATCH_YEAR);
    let match_year_acceptable = MATCH_YEARS.contains(&match_year);
    if !match_year_acceptable {
        problems.add(
            "match_year",
            "Match year",
            format!(
                "{match_year} is not a year between {} and {}",
                MATCH_YEARS.start(),
                MATCH_YEARS.end()
            ),
        );
    }
    let graduation_year = match (graduation_year, img) {
        (Some(year), _) => {
            if match_year_acceptable
                && (year > match_year || year + MAX_YEARS_BEFORE_MATCH < match_year)
            {
                problems.add(
                    "graduation_year",
                    "graduation year",
                    format!(
                        "{year} must be between {} and the Match year {match_year}",
                        match_year - MAX_YEARS_BEFORE_MATCH
                    ),
                );
            } else if match_year_acceptable && !img && year != match_year {
                problems.add(
                    "graduation_year",
                    "graduation year",
                    format!(
                        "a senior graduates in the Match year {match_year}, not {year}; prior graduates apply as IMGs or are not modelled"
                    ),
                );
            }
            year
        }
        (None, false) => match_year,
        (None, true) => {
            problems.add(
                "graduation_year",
                "graduation year",
                "required for IMGs: the year of medical school graduation",
            );
            match_year
        }
    };
    Years {
        match_year,
        match_year_acceptable,
        graduation_year,
    }
}

/// The exam results of a profile being validated.
struct Exams {
    /// The Step 2 CK score, or its estimate from COMLEX Level 2-CE.
    step2: u16,
    step2_estimated: bool,
    /// Failed attempts over all exams, at most 10.
    failures: u8,
    step3_passed: bool,
}

/// Validates the exams: attempts, scores on their scales, and a Step 2 CK score or a COMLEX
/// Level 2-CE score to estimate it from.
fn validate_exams(exams: &ExamsInput, problems: &mut Problems) -> Exams {
    let mut failures: u32 = 0;
    if let Some(step1) = &exams.step1 {
        failures += failed_attempts(problems, "Step 1", "step1", step1.passed, step1.attempts);
    }
    if let Some(step3) = &exams.step3 {
        failures += failed_attempts(problems, "Step 3", "step3", step3.passed, step3.attempts);
    }
    if let Some(score) = &exams.step2_ck {
        if !STEP2_SCALE.contains(&score.score) {
            problems.add(
                "exams.step2_ck.score",
                "Step 2 CK score",
                format!(
                    "{} is outside the Step 2 CK scale ({} to {})",
                    score.score,
                    STEP2_SCALE.start(),
                    STEP2_SCALE.end()
                ),
            );
        }
        failures += failed_attempts(problems, "Step 2 CK", "step2_ck", true, score.attempts);
    }
    if let Some(score) = &exams.comlex_level2 {
        if !COMLEX_SCALE.contains(&score.score) {
            problems.add(
                "exams.comlex_level2.score",
                "COMLEX Level 2-CE score",
                format!(
                    "{} is outside the COMLEX scale ({} to {})",
                    score.score,
                    COMLEX_SCALE.start(),
                    COMLEX_SCALE.end()
                ),
            );
        }
        failures += failed_attempts(
            problems,
            "COMLEX Level 2-CE",
            "comlex_level2",
            true,
            score.attempts,
        );
    }
    let (step2, step2_estimated) = match (&exams.step2_ck, &exams.comlex_level2) {
        (Some(score), _) => (score.score, false),
        (None, Some(comlex)) => (step2_estimate_from_comlex(comlex.score), true),
        (None, None) => {
            problems.add(
                "exams.step2_ck",
                "Step 2 CK score",
                "a Step 2 CK score is needed (DO applicants may give COMLEX Level 2-CE instead)",
            );
            (0, false)
        }
    };
    Exams {
        step2,
        step2_estimated,
        failures: failures.min(10) as u8,
        step3_passed: exams.step3.as_ref().is_some_and(|s| s.passed),
    }
}

/// The failed attempts of one exam (all but the last, or all of them when it was not
/// passed), or none when the number of attempts is not acceptable, which is reported.
fn failed_attempts(
    problems: &mut Problems,
    exam: &str,
    key: &str,
    passed: bool,
    attempts: u8,
) -> u32 {
    if !EXAM_ATTEMPTS.contains(&attempts) {
        problems.add(
            format!("exams.{key}.attempts"),
            format!("{exam} attempts"),
            format!(
                "{attempts} attempts: expected {} to {}",
                EXAM_ATTEMPTS.start(),
                EXAM_ATTEMPTS.end()
            ),
        );
        0
    } else {
        u32::from(attempts) - u32::from(passed)
    }
}

/// The Step 2 CK score a COMLEX Level 2-CE score corresponds to ([`COMLEX_TO_STEP2`]), on the
/// Step 2 CK scale.
fn step2_estimate_from_comlex(comlex: u16) -> u16 {
    let (c_mean, c_sd, s_mean, s_sd) = COMLEX_TO_STEP2;
    let estimate = s_mean + s_sd * (f64::from(comlex) - c_mean) / c_sd;
    estimate.round().clamp(
        f64::from(*STEP2_SCALE.start()),
        f64::from(*STEP2_SCALE.end()),
    ) as u16
}

/// Validates the visa needed (default none), which only non-US-citizen IMGs may state.
fn validate_visa(
    visa: Option<Visa>,
    applicant_type: ApplicantType,
    problems: &mut Problems,
) -> VisaNeed {
    let visa = visa.map_or(VisaNeed::None, Visa::need);
    if visa != VisaNeed::None && applicant_type != ApplicantType::NonUsImg {
        problems.add(
            "visa",
            "visa",
            "only non-US-citizen IMGs need a visa; use `none`",
        );
    }
    visa
}

/// Validates the US clinical experience, entry by entry, and its totals.
fn validate_usce(entries: &[UsceInput], years: &Years, problems: &mut Problems) -> Vec<UsceEntry> {
    if entries.len() > MAX_USCE_ENTRIES {
        problems.add(
            "usce",
            "US clinical experience",
            format!(
                "{} experiences: expected at most {MAX_USCE_ENTRIES}",
                entries.len()
            ),
        );
        return Vec::new();
    }
    let validated: Vec<UsceEntry> = entries
        .iter()
        .enumerate()
        .map(|(index, entry)| validate_usce_entry(index, entry, years, problems))
        .collect();
    let total: u32 = validated.iter().map(|entry| u32::from(entry.months)).sum();
    if total > MAX_USCE_TOTAL_MONTHS {
        problems.add(
            "usce",
            "US clinical experience",
            format!("{total} months in all: expected at most {MAX_USCE_TOTAL_MONTHS} (ten years)"),
        );
    }
    validated
}

/// Validates one US clinical experience (the `index`th, from 0): its months, the year it
/// ended (default the year before the Match year) and its specialty.
fn validate_usce_entry(
    index: usize,
    entry: &UsceInput,
    years: &Years,
    problems: &mut Problems,
) -> UsceEntry {
    let path = |name: &str| format!("usce[{index}].{name}");
    let name = |what: &str| format!("US clinical experience {}: {what}", index + 1);
    if !USCE_ENTRY_MONTHS.contains(&entry.months) {
        problems.add(
            path("months"),
            name("months"),
            format!(
                "{} months: expected {} to {}",
                entry.months,
                USCE_ENTRY_MONTHS.start(),
                USCE_ENTRY_MONTHS.end()
            ),
        );
    }
    let match_year = years.match_year;
    let ended_year = entry.ended_year.unwrap_or(match_year.saturating_sub(1));
    if years.match_year_acceptable && (ended_year > match_year || ended_year + 60 < match_year) {
        problems.add(
            path("ended_year"),
            name("year it ended"),
            format!("{ended_year} must be a year up to the Match year {match_year}"),
        );
    }
    let specialty = entry.specialty.as_ref().and_then(|text| {
        let code = parse_specialty(text);
        if code.is_none() {
            problems.add(
                path("specialty"),
                name("specialty"),
                format!("`{text}` is not a specialty code or name"),
            );
        }
        code
    });
    UsceEntry {
        kind: entry.kind,
        months: entry.months,
        ended_year,
        specialty,
        us_letter: entry.us_letter,
    }
}

/// Validates the specialties: at least one and at most [`MAX_SPECIALTIES`], each a code or a
/// name, none twice.
fn validate_specialties(list: &[String], problems: &mut Problems) -> Vec<SpecialtyCode> {
    if list.is_empty() {
        problems.add(
            "specialties",
            "specialties",
            "at least one specialty is needed, the preferred one first",
        );
    }
    let mut specialties = Vec::new();
    for (index, text) in list.iter().enumerate() {
        let path = format!("specialties[{index}]");
        let name = format!("specialty {}", index + 1);
        match parse_specialty(text) {
            None => problems.add(
                path,
                name,
                format!("`{text}` is not a specialty code or name"),
            ),
            Some(code) if specialties.contains(&code) => {
                problems.add(path, name, format!("{code} is listed twice"))
            }
            Some(SpecialtyCode::TRANSITIONAL_YEAR) => problems.add(
                path,
                name,
                "the Transitional Year is a one-year position, not a specialty to train in; list the specialty you mean to apply to",
            ),
            Some(code) => specialties.push(code),
        }
    }
    if list.len() > MAX_SPECIALTIES {
        problems.add(
            "specialties",
            "specialties",
            format!("at most {MAX_SPECIALTIES} specialties"),
        );
    }
    specialties
}

/// The preferences of a profile being validated.
struct Preferences {
    /// The preferred states and the states of the preferred regions.
    preferred_states: Vec<UsState>,
    ties: Vec<UsState>,
    program_types: Vec<ProgramType>,
    /// What matching elsewhere is worth: 1 when nothing is preferred.
    other_weight: f64,
}

/// Validates the preferences: states, regions, ties and program types that read, preferences
/// to keep to when only preferred programs are wanted, and the worth of other programs.
fn validate_preferences(prefs: &PreferencesInput, problems: &mut Problems) -> Preferences {
    let before_preferences = problems.0.len();
    let mut preferred_states = parse_states(problems, "states", "preferred state", &prefs.states);
    add_region_states(problems, &prefs.regions, &mut preferred_states);
    let ties = parse_states(problems, "ties", "state with ties", &prefs.ties);
    let program_types = parse_program_types(problems, &prefs.program_types);
    let has_preferences = !preferred_states.is_empty() || !program_types.is_empty();
    // A preference that could not be read is reported already; only a profile whose
    // preferences all read and are empty is told that it states none.
    if prefs.only_preferred && !has_preferences && problems.0.len() == before_preferences {
        problems.add(
            "preferences.only_preferred",
            "apply only where preferred",
            "needs preferred states, regions or program types",
        );
    }
    let other_weight = match prefs.other_weight {
        None => DEFAULT_OTHER_WEIGHT,
        Some(w) if (0.0..=1.0).contains(&w) => w,
        Some(w) => {
            problems.add(
                "preferences.other_weight",
                "worth of other programs",
                format!("{w} is outside 0 to 1"),
            );
            DEFAULT_OTHER_WEIGHT
        }
    };
    Preferences {
        preferred_states,
        ties,
        program_types,
        other_weight: if has_preferences { other_weight } else { 1.0 },
    }
}

/// Reads a list of states of the preferences (`preferences.{key}`, each called `{name} n` in
/// the form), reporting those that do not read.
fn parse_states(problems: &mut Problems, key: &str, name: &str, list: &[String]) -> Vec<UsState> {
    let mut states = Vec::new();
    for (i, text) in list.iter().enumerate() {
        match UsState::parse(text) {
            Ok(state) => states.push(state),
            Err(e) => problems.add(
                format!("preferences.{key}[{i}]"),
                format!("{name} {}", i + 1),
                e.to_string(),
            ),
        }
    }
    states
}

/// Adds the states of the preferred census regions to the preferred states (each once),
/// reporting the regions that do not read.
fn add_region_states(problems: &mut Problems, regions: &[String], states: &mut Vec<UsState>) {
    for (i, region) in regions.iter().enumerate() {
        match CensusRegion::parse(region) {
            Ok(region) => {
                for state in region.states() {
                    if !states.contains(&state) {
                        states.push(state);
                    }
                }
            }
            Err(e) => problems.add(
                format!("preferences.regions[{i}]"),
                format!("preferred region {}", i + 1),
                e.to_string(),
            ),
        }
    }
}

/// Reads the preferred program types, reporting those that do not read.
fn parse_program_types(problems: &mut Problems, list: &[String]) -> Vec<ProgramType> {
    let mut program_types = Vec::new();
    for (i, text) in list.iter().enumerate() {
        match ProgramType::parse(text) {
            Ok(program_type) => program_types.push(program_type),
            Err(e) => problems.add(
                format!("preferences.program_types[{i}]"),
                format!("preferred program type {}", i + 1),
                e.to_string(),
            ),
        }
    }
    program_types
}

/// Validates the budget and returns the most applications it allows: the count when given,
/// else [`MAX_APPLICATIONS`] under a dollar budget, else the applicant type's usual number.
fn validate_budget(
    budget: &BudgetInput,
    applicant_type: ApplicantType,
    problems: &mut Problems,
) -> u32 {
    if let Some(n) = budget.applications
        && !(1..=MAX_APPLICATIONS).contains(&n)
    {
        problems.add(
            "budget.applications",
            "number of applications",
            format!("{n} is outside 1 to {MAX_APPLICATIONS}"),
        );
    }
    if let Some(d) = budget.dollars
        && !ERAS_BUDGET_DOLLARS.contains(&d)
    {
        problems.add(
            "budget.dollars",
            "ERAS fee budget",
            format!(
                "{d} is outside {} to {}",
                ERAS_BUDGET_DOLLARS.start(),
                ERAS_BUDGET_DOLLARS.end()
            ),
        );
    }
    match (budget.applications, budget.dollars) {
        (Some(n), _) => n,
        (None, Some(_)) => MAX_APPLICATIONS,
        (None, None) => default_applications(applicant_type),
    }
}

/// Validates the signals available, as (gold, silver), a tier not given counting none.
fn validate_signals(signals: Option<&SignalsInput>, problems: &mut Problems) -> Option<(u8, u8)> {
    signals.map(|s| {
        let gold = s.gold.unwrap_or(0);
        let silver = s.silver.unwrap_or(0);
        if gold > 40 || silver > 40 {
            problems.add("signals", "signals", "at most 40 signals of a tier");
        }
        (gold, silver)
    })
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    /// Validates a TOML profile that must be refused and compares every bad field it reports,
    /// in order, with the expected list.
    fn check_refused(text: &str, expected: Expect) {
        let error = Profile::from_toml(text).unwrap_err();
        assert!(matches!(error, ProfileError::Invalid(_)), "{error}");
        let listed: Vec<String> = error.fields().iter().map(|f| f.to_string()).collect();
        expected.assert_eq(&listed.join("\n"));
    }

    #[test]
    fn every_check_of_a_profile_with_an_acceptable_match_year_reports_in_order() {
        check_refused(
            r#"
applicant_type = "us_md_senior"
graduation_year = 2020
visa = "j1"
specialties = ["140", "Internal Medicine", "nonsense", "Pediatrics", "Psychiatry", "Neurology"]
exams.step1 = { passed = true, attempts = 0 }
exams.step2_ck = { score = 340, attempts = 9 }
exams.step3 = { passed = false, attempts = 7 }
exams.comlex_level2 = { score = 100, attempts = 0 }
preferences = { states = ["ZZ"], regions = ["nowhere"], ties = ["QQ"], program_types = ["castle"], only_preferred = true, other_weight = 2.0 }
budget = { applications = 0, dollars = 5 }
signals = { gold = 41 }
[[usce]]
kind = "hands_on"
months = 61
ended_year = 2030
specialty = "nonsense"
"#,
            expect![[r#"
                graduation year (`graduation_year`): a senior graduates in the Match year 2026, not 2020; prior graduates apply as IMGs or are not modelled
                Step 1 attempts (`exams.step1.attempts`): 0 attempts: expected 1 to 6
                Step 3 attempts (`exams.step3.attempts`): 7 attempts: expected 1 to 6
                Step 2 CK score (`exams.step2_ck.score`): 340 is outside the Step 2 CK scale (150 to 300)
                Step 2 CK attempts (`exams.step2_ck.attempts`): 9 attempts: expected 1 to 6
                COMLEX Level 2-CE score (`exams.comlex_level2.score`): 100 is outside the COMLEX scale (200 to 999)
                COMLEX Level 2-CE attempts (`exams.comlex_level2.attempts`): 0 attempts: expected 1 to 6
                visa (`visa`): only non-US-citizen IMGs need a visa; use `none`
                US clinical experience 1: months (`usce[0].months`): 61 months: expected 1 to 60
                US clinical experience 1: year it ended (`usce[0].ended_year`): 2030 must be a year up to the Match year 2026
                US clinical experience 1: specialty (`usce[0].specialty`): `nonsense` is not a specialty code or name
                specialty 2 (`specialties[1]`): 140 is listed twice
                specialty 3 (`specialties[2]`): `nonsense` is not a specialty code or name
                specialties (`specialties`): at most 4 specialties
                preferred state 1 (`preferences.states[0]`): state: expected a two-letter US postal code such as NY, found "ZZ"
                preferred region 1 (`preferences.regions[0]`): census region: expected Northeast, Midwest, South, West or Territories, found "nowhere"
                state with ties 1 (`preferences.ties[0]`): state: expected a two-letter US postal code such as NY, found "QQ"
                preferred program type 1 (`preferences.program_types[0]`): program type: expected university, community-affiliated, community, military or other, found "castle"
                worth of other programs (`preferences.other_weight`): 2 is outside 0 to 1
                number of applications (`budget.applications`): 0 is outside 1 to 400
                ERAS fee budget (`budget.dollars`): 5 is outside 11 to 20000
                signals (`signals`): at most 40 signals of a tier"#]],
        );
    }

    #[test]
    fn us_clinical_experience_is_capped_in_entries_and_in_total_months() {
        let profile = |entries: usize, months: u32| {
            let mut text = String::from(
                "applicant_type = \"non_us_img\"\ngraduation_year = 2020\nspecialties = [\"140\"]\nexams.step2_ck = { score = 240 }\n",
            );
            for _ in 0..entries {
                text.push_str(&format!(
                    "[[usce]]\nkind = \"hands_on\"\nmonths = {months}\n"
                ));
            }
            text
        };
        assert!(Profile::from_toml(&profile(2, 60)).is_ok());
        check_refused(
            &profile(3, 60),
            expect![[
                r#"US clinical experience (`usce`): 180 months in all: expected at most 120 (ten years)"#
            ]],
        );
        check_refused(
            &profile(1000, 60),
            expect![[r#"US clinical experience (`usce`): 1000 experiences: expected at most 30"#]],
        );
    }

    #[test]
    fn the_transitional_year_is_not_a_specialty_to_plan_for() {
        check_refused(
            r#"
applicant_type = "us_md_senior"
graduation_year = 2026
specialties = ["999"]
exams.step2_ck = { score = 245 }
"#,
            expect![[
                r#"specialty 1 (`specialties[0]`): the Transitional Year is a one-year position, not a specialty to train in; list the specialty you mean to apply to"#
            ]],
        );
    }

    #[test]
    fn checks_against_an_unacceptable_match_year_are_not_made() {
        check_refused(
            r#"
applicant_type = "non_us_img"
match_year = 1990
specialties = []
preferences = { only_preferred = true }
signals = { silver = 41 }
[[usce]]
kind = "observership"
months = 2
ended_year = 2030
"#,
            expect![[r#"
                Match year (`match_year`): 1990 is not a year between 2000 and 2100
                graduation year (`graduation_year`): required for IMGs: the year of medical school graduation
                Step 2 CK score (`exams.step2_ck`): a Step 2 CK score is needed (DO applicants may give COMLEX Level 2-CE instead)
                specialties (`specialties`): at least one specialty is needed, the preferred one first
                apply only where preferred (`preferences.only_preferred`): needs preferred states, regions or program types
                signals (`signals`): at most 40 signals of a tier"#]],
        );
    }

    /// The keys forms and batch files use are exactly the values serde reads and writes.
    #[test]
    fn keys_are_the_serialized_values() {
        let json = |value: serde_json::Value| value.as_str().unwrap().to_owned();
        for visa in Visa::ALL {
            assert_eq!(json(serde_json::to_value(visa).unwrap()), visa.key());
            assert_eq!(Visa::from_key(visa.key()), Some(visa));
        }
        for status in Ecfmg::ALL {
            assert_eq!(json(serde_json::to_value(status).unwrap()), status.key());
            assert_eq!(Ecfmg::from_key(status.key()), Some(status));
        }
        for kind in UsceKind::ALL {
            assert_eq!(json(serde_json::to_value(kind).unwrap()), kind.key());
            assert_eq!(UsceKind::from_key(kind.key()), Some(kind));
        }
        for applicant_type in ApplicantType::ALL {
            let text = format!(
                r#"{{"applicant_type": "{}", "specialties": []}}"#,
                applicant_type.key()
            );
            let input: ProfileInput = serde_json::from_str(&text).unwrap();
            assert_eq!(input.applicant_type, applicant_type);
            let back = serde_json::to_value(&input).unwrap();
            assert_eq!(json(back["applicant_type"].clone()), applicant_type.key());
            assert_eq!(
                applicant_type_of_key(applicant_type.key()),
                Some(applicant_type)
            );
        }
    }
}
