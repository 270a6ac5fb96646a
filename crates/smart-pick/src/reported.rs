//! Applicants' own reports of a season: a CSV file with one applicant per row, as the public
//! sheets of Internal Medicine applicants lay it out (`graduateType`, `medicalDegree`,
//! `step2Score`, `yearOfGraduation`, `monthsOfUSCE`, `ecfmgCertified`, `visaRequired`,
//! `numPublications`, `numApplications`, `numInterviews`, and other columns that are not read).
//! Each usable row becomes a [`Profile`] with the number of applications and interviews the
//! applicant reported, and the groups it is compared in.
//!
//! The sheets say less than a profile holds, so the reading rests on stated assumptions: a US
//! graduate is a senior of their degree; an IMG who needs a visa is a non-US IMG who needs a
//! J-1 (or H-1B), one who does not is a US IMG; reported months of US clinical experience
//! count as hands-on; an IMG not yet certified expects certification by the rank list
//! deadline.

use crate::batch::{BatchError, open_csv, record_at, require_columns};
use targets::ApplicantType;

use crate::policy::MAX_APPLICATIONS;
use crate::profile::{
    BudgetInput, Ecfmg, ExamsInput, PreferencesInput, Profile, ProfileInput, ResearchInput,
    ScoreInput, UsceInput, UsceKind, Visa,
};

/// One applicant's report, read into a profile.
#[derive(Debug, Clone)]
pub struct ReportedApplicant {
    /// The line in the file (the header is line 1).
    pub line: u64,
    /// The profile the report describes, applying to Internal Medicine.
    pub profile: Profile,
    /// Applications sent, as reported.
    pub applications: u32,
    /// Interviews offered, as reported.
    pub interviews: u32,
    /// The groups the applicant is compared in.
    pub groups: Vec<String>,
}

/// A file of reports: the usable rows, and the others with why they were left out.
#[derive(Debug, Clone, Default)]
pub struct SelfReported {
    /// The usable rows.
    pub applicants: Vec<ReportedApplicant>,
    /// Line and reason of each row left out.
    pub skipped: Vec<(u64, String)>,
}

/// The season the reports are of: applicants who matched in this year.
const REPORTED_MATCH_YEAR: u16 = 2024;

/// The groups applicants are compared in, in the order a report lists them: applicant types,
/// Step 2 CK bands, then IMGs by visa need, years since graduation and USCE.
pub const YIELD_GROUPS: [&str; 13] = [
    "US MD senior",
    "US DO senior",
    "US-citizen IMG",
    "Non-US-citizen IMG",
    STEP2_BANDS[0],
    STEP2_BANDS[1],
    STEP2_BANDS[2],
    VISA_GROUPS[0],
    VISA_GROUPS[1],
    RECENT_GRADUATES[0],
    RECENT_GRADUATES[1],
    USCE_GROUPS[0],
    USCE_GROUPS[1],
];

const STEP2_BANDS: [&str; 3] = [
    "Step 2 CK below 240",
    "Step 2 CK 240–249",
    "Step 2 CK 250 or more",
];
const VISA_GROUPS: [&str; 2] = ["IMGs needing no visa", "IMGs needing a visa"];
const RECENT_GRADUATES: [&str; 2] = [
    "IMGs graduated 3 years or less before",
    "IMGs graduated more than 3 years before",
];
const USCE_GROUPS: [&str; 2] = [
    "IMGs with under 3 months of USCE",
    "IMGs with 3 or more months of USCE",
];

/// The columns that must be present.
const REQUIRED: [&str; 4] = [
    "graduateType",
    "step2Score",
    "numApplications",
    "numInterviews",
];

/// Reads a file of reports. A missing required column stops everything; a row without a Step
/// 2 CK score, applications or interviews, or whose profile the model cannot take, is left out
/// with its reason.
pub fn read_self_reported(bytes: &[u8]) -> Result<SelfReported, BatchError> {
    let (mut reader, names) =
        open_csv(bytes, true, |h| h.trim_start_matches('\u{feff}').to_owned())?;
    require_columns(&names, &REQUIRED)?;
    let mut reported = SelfReported::default();
    for record in reader.records() {
        let (record, line) = record_at(record)?;
        let row = Fields {
            names: &names,
            record: &record,
        };
        match read_row(&row) {
            Ok((profile, applications, interviews, groups)) => {
                reported.applicants.push(ReportedApplicant {
                    line,
                    profile,
                    applications,
                    interviews,
                    groups,
                })
            }
            Err(reason) => reported.skipped.push((line, reason)),
        }
    }
    Ok(reported)
}

/// One row's fields by column name.
struct Fields<'a> {
    names: &'a [String],
    record: &'a csv::StringRecord,
}

impl<'a> Fields<'a> {
    /// The column's text (empty when the column or the field is missing).
    fn get(&self, column: &str) -> &'a str {
        self.names
            .iter()
            .position(|name| name == column)
            .and_then(|i| self.record.get(i))
            .unwrap_or("")
    }
}

/// A whole number in a report's column (`95.0` reads as 95), or why not.
fn count(row: &Fields<'_>, column: &str) -> Result<u32, String> {
    let text = row.get(column);
    let value: f64 = text
        .parse()
        .map_err(|_| format!("{column} `{text}` is not a number"))?;
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value < 1e6 {
        Ok(value as u32)
    } else {
        Err(format!("{column} `{text}` is not a whole number"))
    }
}

type Row = (Profile, u32, u32, Vec<String>);

fn read_row(row: &Fields<'_>) -> Result<Row, String> {
    let yes = |column: &str| row.get(column).to_ascii_lowercase().starts_with('y');
    let step2 = count(row, "step2Score")?;
    let applications = count(row, "numApplications")?;
    let interviews = count(row, "numInterviews")?;
    if applications == 0 {
        return Err("no applications reported".to_owned());
    }
    let img = row.get("graduateType").eq_ignore_ascii_case("img");
    let needs_visa = img && yes("visaRequired");
    let applicant_type = match (img, needs_visa) {
        (true, true) => ApplicantType::NonUsImg,
        (true, false) => ApplicantType::UsImg,
        (false, _) if row.get("medicalDegree").to_ascii_uppercase().contains("DO") => {
            ApplicantType::UsDoSenior
        }
        (false, _) => ApplicantType::UsMdSenior,
    };
    let graduation_year = if img {
        Some(count(row, "yearOfGraduation")? as u16)
    } else {
        None
    };
    let usce_months = if img {
        count(row, "monthsOfUSCE")
            .unwrap_or(0)
            .min(u32::from(u8::MAX)) as u8
    } else {
        0
    };
    let input = ProfileInput {
        applicant_type,
        caribbean_school: false,
        graduation_year,
        match_year: graduation_year.map(|_| REPORTED_MATCH_YEAR),
        exams: ExamsInput {
            step2_ck: Some(ScoreInput {
                score: u16::try_from(step2).map_err(|_| "step2Score is out of range")?,
                attempts: 1,
            }),
            ..ExamsInput::default()
        },
        ecfmg: img.then(|| {
            if row.get("ecfmgCertified").eq_ignore_ascii_case("certified") {
                Ecfmg::Certified
            } else {
                Ecfmg::Pending
            }
        }),
        visa: Some(if needs_visa { Visa::J1 } else { Visa::None }),
        usce: if usce_months > 0 {
            vec![UsceInput {
                kind: UsceKind::HandsOn,
                months: usce_months,
                ended_year: None,
                specialty: None,
                us_letter: false,
            }]
        } else {
            Vec::new()
        },
        research: ResearchInput {
            publications: count(row, "numPublications").unwrap_or(0).min(999) as u16,
            ..ResearchInput::default()
        },
        specialties: vec!["140".to_owned()],
        preferences: PreferencesInput::default(),
        budget: BudgetInput {
            applications: Some(applications.min(MAX_APPLICATIONS)),
            dollars: None,
            diminishing_returns: false,
        },
        signals: None,
    };
    let profile = Profile::from_input(input).map_err(|error| error.to_string())?;
    let band = match step2 {
        0..240 => 0,
        240..250 => 1,
        _ => 2,
    };
    let mut groups = vec![applicant_type.name(), STEP2_BANDS[band]];
    if img {
        groups.push(VISA_GROUPS[usize::from(needs_visa)]);
        let years = REPORTED_MATCH_YEAR.saturating_sub(graduation_year.unwrap_or(0));
        groups.push(RECENT_GRADUATES[usize::from(years > 3)]);
        groups.push(USCE_GROUPS[usize::from(usce_months >= 3)]);
    }
    let groups = groups.into_iter().map(str::to_owned).collect();
    Ok((profile, applications, interviews, groups))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "graduateType,medicalDegree,step2Score,yearOfGraduation,monthsOfUSCE,\
                          ecfmgCertified,visaRequired,numPublications,numApplications,numInterviews";

    #[test]
    fn rows_become_profiles_with_their_groups_and_bad_rows_are_left_out() {
        let text = format!(
            "\u{feff}{HEADER}\n\
             US,US MD,252,,,,,3,45,12\n\
             US,US DO,238,,,,,0,60,9\n\
             IMG,,247,2020,4,Certified,yes,1,180,5\n\
             IMG,,255,2023,1,Not certified,No,0,120,6\n\
             IMG,,,2021,2,Certified,Yes,0,100,3\n\
             US,US MD,245,,,,,0,0,0\n"
        );
        let reported = read_self_reported(text.as_bytes()).unwrap();
        assert_eq!(reported.applicants.len(), 4);
        let first = &reported.applicants[0];
        assert_eq!(
            (first.line, first.applications, first.interviews),
            (2, 45, 12)
        );
        assert_eq!(first.groups, ["US MD senior", "Step 2 CK 250 or more"]);
        assert_eq!(reported.applicants[1].groups[0], "US DO senior");
        let img = &reported.applicants[2];
        assert_eq!(
            img.groups,
            [
                "Non-US-citizen IMG",
                "Step 2 CK 240–249",
                "IMGs needing a visa",
                "IMGs graduated more than 3 years before",
                "IMGs with 3 or more months of USCE"
            ]
        );
        assert_eq!(reported.applicants[3].groups[0], "US-citizen IMG");
        // The row without a score and the row without applications are left out, named by line.
        assert_eq!(reported.skipped.len(), 2);
        assert_eq!(reported.skipped[0].0, 6);
        assert!(
            reported.skipped[0].1.contains("step2Score"),
            "{:?}",
            reported.skipped
        );
        assert_eq!(reported.skipped[1].1, "no applications reported");
    }

    #[test]
    fn a_missing_column_stops_the_file() {
        let error = read_self_reported(b"graduateType,step2Score,numApplications\nUS,250,40\n")
            .unwrap_err();
        assert!(error.to_string().contains("numInterviews"), "{error}");
    }
}
