//! Profiles for a whole class at once: a CSV file with one profile per row, for advising
//! offices. Each row becomes a [`ProfileInput`]; a bad row is reported with its line and
//! field and the others go on.

use crate::profile::{
    BudgetInput, Ecfmg, ExamsInput, PassFailInput, PreferencesInput, Profile, ProfileError,
    ProfileInput, ScoreInput, UsceInput, UsceKind, Visa, applicant_type_of_key,
};

/// The columns a batch file may have; `id`, `applicant_type` and `specialties` are required.
/// Lists (specialties, states, regions, program types) are separated by `;`.
pub const COLUMNS: [&str; 20] = [
    "id",
    "applicant_type",
    "graduation_year",
    "match_year",
    "step1_attempts",
    "step2_ck",
    "step2_ck_attempts",
    "step3_passed",
    "comlex_level2",
    "ecfmg",
    "visa",
    "usce_hands_on_months",
    "usce_observership_months",
    "specialties",
    "states",
    "regions",
    "program_types",
    "only_preferred",
    "applications",
    "dollars",
];

/// One row of a batch file.
#[derive(Debug)]
pub struct BatchRow {
    /// The line in the file (1-based, the header is line 1).
    pub line: u64,
    /// The row's id (or `line-N` when empty).
    pub id: String,
    /// The profile, or what is wrong with the row.
    pub profile: Result<Profile, ProfileError>,
}

/// A batch file that cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    /// The header is missing, has unknown columns or lacks required ones.
    #[error("header: {0}")]
    Header(String),
    /// The CSV cannot be parsed.
    #[error("line {line}: {reason}")]
    Csv {
        /// Line.
        line: u64,
        /// Why.
        reason: String,
    },
}

fn field_error(column: &str, reason: impl Into<String>) -> ProfileError {
    ProfileError::field(column, format!("column {column}"), reason)
}

/// A column holding one of a fixed list of keys, or nothing.
fn choice<T: Copy>(
    column: &str,
    text: &str,
    all: &[T],
    key: impl Fn(T) -> &'static str,
) -> Result<Option<T>, ProfileError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match all.iter().copied().find(|&value| key(value) == text) {
        Some(value) => Ok(Some(value)),
        None => {
            let keys: Vec<&str> = all.iter().map(|&value| key(value)).collect();
            Err(field_error(
                column,
                format!("`{text}` is not one of {}", keys.join(", ")),
            ))
        }
    }
}

fn number<T: std::str::FromStr>(column: &str, text: &str) -> Result<Option<T>, ProfileError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| field_error(column, format!("`{text}` is not a whole number")))
}

fn boolean(column: &str, text: &str) -> Result<bool, ProfileError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "0" => Ok(false),
        "true" | "yes" | "1" => Ok(true),
        other => Err(field_error(
            column,
            format!("`{other}` is not true or false"),
        )),
    }
}

fn list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn row_to_input(get: &dyn Fn(&str) -> String) -> Result<ProfileInput, ProfileError> {
    let step2 = number::<u16>("step2_ck", &get("step2_ck"))?;
    let step2_attempts = number::<u8>("step2_ck_attempts", &get("step2_ck_attempts"))?.unwrap_or(1);
    let comlex = number::<u16>("comlex_level2", &get("comlex_level2"))?;
    let step1_attempts = number::<u8>("step1_attempts", &get("step1_attempts"))?;
    let step3_passed = boolean("step3_passed", &get("step3_passed"))?;
    let mut usce = Vec::new();
    for (column, kind) in [
        ("usce_hands_on_months", UsceKind::HandsOn),
        ("usce_observership_months", UsceKind::Observership),
    ] {
        if let Some(months) = number::<u8>(column, &get(column))?
            && months > 0
        {
            usce.push(UsceInput {
                kind,
                months,
                ended_year: None,
                specialty: None,
                us_letter: false,
            });
        }
    }
    let applicant_type = get("applicant_type");
    let applicant_type = applicant_type_of_key(applicant_type.trim()).ok_or_else(|| {
        field_error(
            "applicant_type",
            format!(
                "`{}` is not one of us_md_senior, us_do_senior, us_img, non_us_img",
                applicant_type.trim()
            ),
        )
    })?;
    Ok(ProfileInput {
        applicant_type,
        caribbean_school: false,
        graduation_year: number("graduation_year", &get("graduation_year"))?,
        match_year: number("match_year", &get("match_year"))?,
        exams: ExamsInput {
            step1: step1_attempts.map(|attempts| PassFailInput {
                passed: true,
                attempts,
            }),
            step2_ck: step2.map(|score| ScoreInput {
                score,
                attempts: step2_attempts,
            }),
            step3: step3_passed.then_some(PassFailInput {
                passed: true,
                attempts: 1,
            }),
            comlex_level2: comlex.map(|score| ScoreInput { score, attempts: 1 }),
        },
        ecfmg: choice("ecfmg", &get("ecfmg"), &Ecfmg::ALL, Ecfmg::key)?,
        visa: choice("visa", &get("visa"), &Visa::ALL, Visa::key)?,
        usce,
        research: Default::default(),
        specialties: list(&get("specialties")),
        preferences: PreferencesInput {
            states: list(&get("states")),
            regions: list(&get("regions")),
            ties: Vec::new(),
            program_types: list(&get("program_types")),
            only_preferred: boolean("only_preferred", &get("only_preferred"))?,
            include_preliminary: false,
            other_weight: None,
        },
        budget: BudgetInput {
            applications: number("applications", &get("applications"))?,
            dollars: number("dollars", &get("dollars"))?,
            diminishing_returns: false,
        },
        signals: None,
    })
}

/// A CSV reader over `bytes` (rows of any length when `flexible`) and its column names, each
/// as `name` makes it.
pub(crate) fn open_csv(
    bytes: &[u8],
    flexible: bool,
    name: impl Fn(&str) -> String,
) -> Result<(csv::Reader<&[u8]>, Vec<String>), BatchError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(flexible)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let names = reader
        .headers()
        .map_err(|e| BatchError::Header(e.to_string()))?
        .iter()
        .map(name)
        .collect();
    Ok((reader, names))
}

/// Fails unless every required column is among `names`.
pub(crate) fn require_columns(names: &[String], required: &[&str]) -> Result<(), BatchError> {
    match required
        .iter()
        .find(|required| !names.iter().any(|name| name == *required))
    {
        Some(missing) => Err(BatchError::Header(format!(
            "the column `{missing}` is required"
        ))),
        None => Ok(()),
    }
}

/// A row of a CSV file with its line, or what is wrong with it and where.
pub(crate) fn record_at(
    record: Result<csv::StringRecord, csv::Error>,
) -> Result<(csv::StringRecord, u64), BatchError> {
    let record = record.map_err(|e| BatchError::Csv {
        line: e.position().map_or(0, |p| p.line()),
        reason: e.to_string(),
    })?;
    let line = record.position().map_or(0, |p| p.line());
    Ok((record, line))
}

/// Reads a batch file: the header is checked as a whole (an error stops everything), then
/// every row is read into a profile or an error naming its column.
pub fn read_batch(bytes: &[u8]) -> Result<Vec<BatchRow>, BatchError> {
    let (mut reader, names) = open_csv(bytes, false, |h| h.trim().to_ascii_lowercase())?;
    if let Some(unknown) = names.iter().find(|n| !COLUMNS.contains(&n.as_str())) {
        return Err(BatchError::Header(format!(
            "unknown column `{unknown}`; the columns are {}",
            COLUMNS.join(", ")
        )));
    }
    require_columns(&names, &["id", "applicant_type", "specialties"])?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let (record, line) = record_at(record)?;
        let get = |column: &str| -> String {
            names
                .iter()
                .position(|n| n == column)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .to_owned()
        };
        let id = match get("id").trim() {
            "" => format!("line-{line}"),
            id => id.to_owned(),
        };
        let profile = row_to_input(&get).and_then(Profile::from_input);
        rows.push(BatchRow { line, id, profile });
    }
    Ok(rows)
}
