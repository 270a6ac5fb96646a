//! The Smart Pick form: its fields as typed, their conversion into the engine's
//! [`ProfileInput`], the engine's field paths mapped back to the form's fields so that each
//! error shows beside its field, and the compact encoding of a profile that results pages
//! carry (hidden fields, the shareable link).

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use catalog::{Catalog, CensusRegion, SpecialtyCode};
use smart_pick::profile::{
    BudgetInput, ExamsInput, PassFailInput, PreferencesInput, ResearchInput, ScoreInput,
    SignalsInput, UsceInput, applicant_type_of_key,
};
use smart_pick::{Ecfmg, ProfileInput, UsceKind, Visa};
use targets::ApplicantType;

use crate::input::{FieldError, QueryPairs};
use crate::pages::SelectOption;

/// Rows of US clinical experience the form offers.
pub const USCE_ROWS: usize = 3;
/// Specialties the form offers (the preferred one and backups).
pub const SPECIALTY_ROWS: usize = 3;
/// The longest encoded profile accepted, in characters.
pub const MAX_ENCODED_PROFILE: usize = 8192;

const PASS_FAIL: [(&str, &str); 3] = [
    ("", "Not taken or not reported"),
    ("passed", "Passed"),
    ("failed", "Not passed yet"),
];
/// The value of a row of US clinical experience left empty.
const NO_USCE: &str = "";
/// Program types a profile may prefer: value and label.
pub const PROGRAM_TYPES: [(&str, &str); 3] = [
    ("university", "University-based"),
    (
        "community-affiliated",
        "Community-based, university-affiliated",
    ),
    ("community", "Community-based"),
];

/// The form as typed (or as first offered).
#[derive(Debug, Clone, Default)]
pub struct PickForm {
    values: HashMap<String, Vec<String>>,
}

impl PickForm {
    /// A new form: empty but for the Match year, so that no answer is made for the applicant
    /// (a default that changes the result, such as a visa or ECFMG status, is theirs to give).
    pub fn defaults() -> PickForm {
        let mut form = PickForm::default();
        form.set(
            "match_year",
            smart_pick::profile::DEFAULT_MATCH_YEAR.to_string(),
        );
        form
    }

    /// Aims the form at one program: its specialty first, and its id kept so that the results
    /// show that program's chances first.
    pub fn focus_on(&mut self, program: &str, specialty: &str) {
        self.set("program", program);
        if self.trimmed("specialty_1").is_none() {
            self.set("specialty_1", specialty);
        }
    }

    /// The form as submitted.
    pub fn from_pairs(pairs: &QueryPairs) -> PickForm {
        let mut form = PickForm::default();
        for (key, value) in pairs.iter() {
            form.values
                .entry(key.to_owned())
                .or_default()
                .push(value.to_owned());
        }
        form
    }

    fn set(&mut self, key: &str, value: impl Into<String>) {
        self.values.insert(key.to_owned(), vec![value.into()]);
    }

    fn push(&mut self, key: &str, value: impl Into<String>) {
        self.values
            .entry(key.to_owned())
            .or_default()
            .push(value.into());
    }

    /// A field's value as typed (empty when absent).
    pub fn value(&self, key: &str) -> String {
        self.values
            .get(key)
            .and_then(|values| values.first())
            .cloned()
            .unwrap_or_default()
    }

    fn trimmed(&self, key: &str) -> Option<String> {
        let value = self.value(key);
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_owned())
    }

    /// Whether a checkbox with this value is ticked.
    pub fn checked(&self, key: &str, value: &str) -> bool {
        self.values
            .get(key)
            .is_some_and(|values| values.iter().any(|v| v == value))
    }

    /// The options of a select, the typed value selected.
    pub fn options(&self, key: &str, catalog: &Catalog) -> Vec<SelectOption> {
        let chosen = self.value(key);
        let fixed = |list: &[(&str, &str)]| {
            SelectOption::list(
                None,
                list.iter().map(|(v, l)| ((*v).to_owned(), (*l).to_owned())),
                &chosen,
            )
        };
        // The engine's own lists of values and labels, so the form offers what it accepts.
        let engine = |list: Vec<(&'static str, &'static str)>| fixed(&list);
        // A required choice starts unmade, with an empty first option that says what to do.
        let unchosen = |prompt: &str, list: &mut dyn Iterator<Item = (&str, &str)>| {
            SelectOption::list(
                Some(prompt),
                list.map(|(v, l)| (v.to_owned(), l.to_owned())),
                &chosen,
            )
        };
        match key {
            "applicant_type" => unchosen(
                "Choose your applicant type",
                &mut ApplicantType::ALL.iter().map(|t| (t.key(), t.name())),
            ),
            "visa" => unchosen(
                "Choose (non-US IMGs)",
                &mut Visa::ALL.iter().map(|v| (v.key(), v.label())),
            ),
            "ecfmg" => unchosen(
                "Choose (IMGs)",
                &mut Ecfmg::ALL.iter().map(|e| (e.key(), e.label())),
            ),
            "step1" | "step3" => {
                let mut options = fixed(&PASS_FAIL);
                if chosen.is_empty() {
                    options[0].selected = true;
                }
                options
            }
            _ if key.starts_with("usce_kind_") => {
                let kinds = std::iter::once((NO_USCE, "None"))
                    .chain(UsceKind::ALL.iter().map(|k| (k.key(), k.label())));
                let mut options = engine(kinds.collect());
                if chosen.is_empty() {
                    options[0].selected = true;
                }
                options
            }
            _ => {
                let any = if key == "specialty_1" {
                    "Choose a specialty"
                } else if key.starts_with("specialty_") {
                    "No backup specialty"
                } else {
                    "Any or none"
                };
                // The Transitional Year is a one-year position, not a specialty to apply to
                // (the profile refuses it), though it counts as clinical experience.
                let to_apply_to = key.starts_with("specialty_");
                SelectOption::list(
                    Some(any),
                    catalog
                        .specialties
                        .iter()
                        .filter(|s| !(to_apply_to && s.code == SpecialtyCode::TRANSITIONAL_YEAR))
                        .map(|s| (s.code.to_string(), format!("{} ({})", s.name, s.code))),
                    &chosen,
                )
            }
        }
    }

    /// The census regions as checkboxes: value, label, ticked.
    pub fn regions(&self) -> Vec<(String, &'static str, bool)> {
        CensusRegion::ALL
            .iter()
            .map(|r| {
                let value = r.name().to_lowercase();
                let checked = self.checked("pref_regions", &value);
                (value, r.name(), checked)
            })
            .collect()
    }

    /// The program types as checkboxes: value, label, ticked.
    pub fn program_types(&self) -> Vec<(&'static str, &'static str, bool)> {
        PROGRAM_TYPES
            .iter()
            .map(|(v, l)| (*v, *l, self.checked("program_types", v)))
            .collect()
    }

    /// The form's numbered rows of US clinical experience (1-based).
    pub fn usce_rows(&self) -> Vec<usize> {
        (1..=USCE_ROWS).collect()
    }

    /// A select holding one of the engine's values (absent when left empty); a value the
    /// engine does not know is reported with the labels of those it does.
    fn choice<T: Copy>(
        &self,
        key: &str,
        all: &[T],
        value_key: impl Fn(T) -> &'static str,
        label: impl Fn(T) -> &'static str,
        errors: &mut Vec<FieldError>,
    ) -> Option<T> {
        let text = self.trimmed(key)?;
        let found = all.iter().copied().find(|&value| value_key(value) == text);
        if found.is_none() {
            errors.push(FieldError::new(
                key,
                one_of(all.iter().map(|&value| label(value))),
                Some(&text),
            ));
        }
        found
    }

    /// Converts the form into the engine's input. Values that are not numbers where numbers
    /// are expected are reported here, all at once; the engine checks the rest.
    pub fn to_input(&self) -> Result<(ProfileInput, FieldMap), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut map = FieldMap::default();
        let number = |key: &str, expected: &str, errors: &mut Vec<FieldError>| -> Option<u32> {
            let text = self.trimmed(key)?;
            match text.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(FieldError::new(key, expected, Some(&text)));
                    None
                }
            }
        };
        let small = |n: Option<u32>| n.map(|n| n.min(u32::from(u8::MAX)) as u8);
        let medium = |n: Option<u32>| n.map(|n| n.min(u32::from(u16::MAX)) as u16);
        let year = |key: &str, errors: &mut Vec<FieldError>| {
            medium(number(key, "a year such as 2024", errors))
        };
        let attempts = |key: &str, errors: &mut Vec<FieldError>| {
            small(number(key, "a number of attempts from 1 to 6", errors)).unwrap_or(1)
        };
        let pass_fail = |key: &str, errors: &mut Vec<FieldError>| -> Option<PassFailInput> {
            let attempts = attempts(&format!("{key}_attempts"), errors);
            match self.value(key).as_str() {
                "passed" => Some(PassFailInput {
                    passed: true,
                    attempts,
                }),
                "failed" => Some(PassFailInput {
                    passed: false,
                    attempts,
                }),
                _ => None,
            }
        };
        let step1 = pass_fail("step1", &mut errors);
        let step3 = pass_fail("step3", &mut errors);
        let step2_ck = medium(number(
            "step2_score",
            "a Step 2 CK score such as 240",
            &mut errors,
        ))
        .map(|score| ScoreInput {
            score,
            attempts: attempts("step2_attempts", &mut errors),
        });
        let comlex_level2 = medium(number(
            "comlex_score",
            "a COMLEX Level 2-CE score such as 560",
            &mut errors,
        ))
        .map(|score| ScoreInput {
            score,
            attempts: attempts("comlex_attempts", &mut errors),
        });
        let mut usce = Vec::new();
        for row in 1..=USCE_ROWS {
            let kind_key = format!("usce_kind_{row}");
            let Some(kind_text) = self.trimmed(&kind_key) else {
                continue;
            };
            let Some(kind) = UsceKind::from_key(&kind_text) else {
                errors.push(FieldError::new(
                    kind_key,
                    one_of(UsceKind::ALL.iter().map(|k| k.label())),
                    Some(&kind_text),
                ));
                continue;
            };
            let months = small(number(
                &format!("usce_months_{row}"),
                "a number of months from 1 to 60",
                &mut errors,
            ));
            let Some(months) = months else {
                if !errors
                    .iter()
                    .any(|e| e.path == format!("usce_months_{row}"))
                {
                    errors.push(FieldError::new(
                        format!("usce_months_{row}"),
                        "the number of months of this experience",
                        None,
                    ));
                }
                continue;
            };
            map.usce_rows.push(row);
            usce.push(UsceInput {
                kind,
                months,
                ended_year: year(&format!("usce_year_{row}"), &mut errors),
                specialty: self.trimmed(&format!("usce_specialty_{row}")),
                us_letter: self.checked(&format!("usce_letter_{row}"), "yes"),
            });
        }
        let mut specialties = Vec::new();
        for row in 1..=SPECIALTY_ROWS {
            if let Some(code) = self.trimmed(&format!("specialty_{row}")) {
                map.specialty_rows.push(row);
                specialties.push(code);
            }
        }
        let list = |key: &str| -> Vec<String> {
            self.values
                .get(key)
                .into_iter()
                .flatten()
                .flat_map(|v| v.split([',', ' ']))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let other_weight =
            self.trimmed("other_weight")
                .and_then(|text| match text.parse::<f64>() {
                    Ok(w) if w.is_finite() => Some(w),
                    _ => {
                        errors.push(FieldError::new(
                            "other_weight",
                            "a number from 0 to 1, such as 0.6",
                            Some(&text),
                        ));
                        None
                    }
                });
        let research = |key: &str, errors: &mut Vec<FieldError>| {
            medium(number(key, "a whole number, 0 or more", errors)).unwrap_or(0)
        };
        let research = ResearchInput {
            publications: research("publications", &mut errors),
            abstracts: research("abstracts", &mut errors),
            presentations: research("presentations", &mut errors),
        };
        let budget = BudgetInput {
            applications: number(
                "applications",
                "a number of programs, such as 60",
                &mut errors,
            ),
            dollars: number("dollars", "whole US dollars, such as 1500", &mut errors),
            diminishing_returns: self.checked("diminishing_returns", "yes"),
        };
        let gold = small(number("signals_gold", "a number of signals", &mut errors));
        let silver = small(number("signals_silver", "a number of signals", &mut errors));
        let applicant_type = match self.trimmed("applicant_type") {
            Some(text) => applicant_type_of_key(&text).ok_or_else(|| {
                FieldError::new(
                    "applicant_type",
                    one_of(ApplicantType::ALL.iter().map(|t| t.name())),
                    Some(&text),
                )
            }),
            None => Err(FieldError::new(
                "applicant_type",
                one_of(ApplicantType::ALL.iter().map(|t| t.name())),
                None,
            )),
        };
        let ecfmg = self.choice("ecfmg", &Ecfmg::ALL, Ecfmg::key, Ecfmg::label, &mut errors);
        let visa = self.choice("visa", &Visa::ALL, Visa::key, Visa::label, &mut errors);
        // What the form asks and the engine would otherwise assume: a specialty, and for IMGs
        // the ECFMG status and (non-US IMGs) the visa, each of which changes the result.
        if specialties.is_empty() {
            errors.push(FieldError::new(
                "specialty_1",
                "the specialty you are applying to",
                None,
            ));
        }
        if let Ok(kind) = applicant_type {
            let img = matches!(kind, ApplicantType::UsImg | ApplicantType::NonUsImg);
            if img && ecfmg.is_none() && self.trimmed("ecfmg").is_none() {
                errors.push(FieldError::new(
                    "ecfmg",
                    "your ECFMG certification status (programs require it by the rank list deadline)",
                    None,
                ));
            }
            if kind == ApplicantType::NonUsImg && visa.is_none() && self.trimmed("visa").is_none() {
                errors.push(FieldError::new(
                    "visa",
                    "the visa you need, or “No visa needed” (a permanent resident)",
                    None,
                ));
            }
        }
        let applicant_type = match applicant_type {
            Ok(applicant_type) => applicant_type,
            Err(error) => {
                errors.insert(0, error);
                return Err(errors);
            }
        };
        let input = ProfileInput {
            applicant_type,
            caribbean_school: self.checked("caribbean_school", "yes"),
            graduation_year: year("graduation_year", &mut errors),
            match_year: year("match_year", &mut errors),
            exams: ExamsInput {
                step1,
                step2_ck,
                step3,
                comlex_level2,
            },
            ecfmg,
            visa,
            usce,
            research,
            specialties,
            preferences: PreferencesInput {
                states: list("pref_states"),
                regions: list("pref_regions"),
                ties: list("ties"),
                program_types: list("program_types"),
                only_preferred: self.checked("only_preferred", "yes"),
                include_preliminary: self.checked("include_preliminary", "yes"),
                other_weight,
            },
            budget,
            signals: (gold.is_some() || silver.is_some()).then_some(SignalsInput { gold, silver }),
        };
        if errors.is_empty() {
            Ok((input, map))
        } else {
            Err(errors)
        }
    }

    /// The form that would produce this input (for editing a profile from its results).
    pub fn from_input(input: &ProfileInput) -> PickForm {
        let mut form = PickForm::default();
        form.set("applicant_type", input.applicant_type.key());
        if input.caribbean_school {
            form.set("caribbean_school", "yes");
        }
        let opt = |v: Option<u16>| v.map(|v| v.to_string()).unwrap_or_default();
        form.set("graduation_year", opt(input.graduation_year));
        form.set("match_year", opt(input.match_year));
        form.set("ecfmg", input.ecfmg.map_or("", Ecfmg::key));
        form.set("visa", input.visa.map_or("", Visa::key));
        let exams = &input.exams;
        for (key, exam) in [("step1", &exams.step1), ("step3", &exams.step3)] {
            if let Some(exam) = exam {
                form.set(key, if exam.passed { "passed" } else { "failed" });
                form.set(&format!("{key}_attempts"), exam.attempts.to_string());
            }
        }
        for (key, exam) in [("step2", &exams.step2_ck), ("comlex", &exams.comlex_level2)] {
            if let Some(exam) = exam {
                form.set(&format!("{key}_score"), exam.score.to_string());
                form.set(&format!("{key}_attempts"), exam.attempts.to_string());
            }
        }
        for (index, entry) in input.usce.iter().take(USCE_ROWS).enumerate() {
            let row = index + 1;
            form.set(&format!("usce_kind_{row}"), entry.kind.key());
            form.set(&format!("usce_months_{row}"), entry.months.to_string());
            form.set(&format!("usce_year_{row}"), opt(entry.ended_year));
            form.set(
                &format!("usce_specialty_{row}"),
                entry.specialty.clone().unwrap_or_default(),
            );
            if entry.us_letter {
                form.set(&format!("usce_letter_{row}"), "yes");
            }
        }
        form.set("publications", input.research.publications.to_string());
        form.set("abstracts", input.research.abstracts.to_string());
        form.set("presentations", input.research.presentations.to_string());
        for (index, specialty) in input.specialties.iter().take(SPECIALTY_ROWS).enumerate() {
            form.set(&format!("specialty_{}", index + 1), specialty);
        }
        let prefs = &input.preferences;
        form.set("pref_states", prefs.states.join(", "));
        form.set("ties", prefs.ties.join(", "));
        for region in &prefs.regions {
            form.push("pref_regions", region.to_lowercase());
        }
        for program_type in &prefs.program_types {
            form.push("program_types", program_type);
        }
        if prefs.only_preferred {
            form.set("only_preferred", "yes");
        }
        if prefs.include_preliminary {
            form.set("include_preliminary", "yes");
        }
        if let Some(weight) = prefs.other_weight {
            form.set("other_weight", weight.to_string());
        }
        let opt32 = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        form.set("applications", opt32(input.budget.applications));
        form.set("dollars", opt32(input.budget.dollars));
        if input.budget.diminishing_returns {
            form.set("diminishing_returns", "yes");
        }
        if let Some(signals) = &input.signals {
            let opt8 = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
            form.set("signals_gold", opt8(signals.gold));
            form.set("signals_silver", opt8(signals.silver));
        }
        form
    }
}

/// "one of A, B or C" for a list of labels.
fn one_of<'a>(labels: impl Iterator<Item = &'a str>) -> String {
    let labels: Vec<&str> = labels.collect();
    match labels.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("one of {} or {last}", rest.join(", "))
        }
        _ => labels.concat(),
    }
}

/// The label of a form field, as its error summary names it (`usce_months_2` → "US clinical
/// experience 2: months").
pub fn field_label(key: &str) -> String {
    let row = |prefix: &str| {
        key.strip_prefix(prefix)
            .and_then(|r| r.parse::<usize>().ok())
    };
    for (prefix, what) in [
        ("usce_kind_", "kind"),
        ("usce_months_", "months"),
        ("usce_year_", "year it ended"),
        ("usce_specialty_", "specialty"),
    ] {
        if let Some(n) = row(prefix) {
            return format!("US clinical experience {n}: {what}");
        }
    }
    if let Some(n) = row("specialty_") {
        return if n == 1 {
            "Specialty".to_owned()
        } else {
            format!("Backup specialty {}", n - 1)
        };
    }
    match key {
        "applicant_type" => "Applicant type",
        "graduation_year" => "Year of medical school graduation",
        "match_year" => "Match year",
        "visa" => "Visa",
        "ecfmg" => "ECFMG certification",
        "step1_attempts" => "Step 1 attempts",
        "step2_score" => "Step 2 CK score",
        "step2_attempts" => "Step 2 CK attempts",
        "step3_attempts" => "Step 3 attempts",
        "comlex_score" => "COMLEX Level 2-CE score",
        "comlex_attempts" => "COMLEX attempts",
        "publications" => "Publications",
        "abstracts" => "Abstracts",
        "presentations" => "Presentations and posters",
        "pref_states" => "Preferred states",
        "pref_regions" => "Preferred regions",
        "ties" => "States where you have ties",
        "program_types" => "Program types",
        "other_weight" => "Weight of other programs",
        "applications" => "Applications",
        "dollars" => "Budget in dollars",
        "signals_gold" => "Gold signals",
        "signals_silver" => "Silver signals",
        _ => "Your profile",
    }
    .to_owned()
}

/// Which form rows the engine's list indexes refer to (empty rows are skipped).
#[derive(Debug, Clone, Default)]
pub struct FieldMap {
    usce_rows: Vec<usize>,
    specialty_rows: Vec<usize>,
}

impl FieldMap {
    /// The map of an input that came from a file or link rather than the form: rows in order.
    pub fn in_order(input: &ProfileInput) -> FieldMap {
        FieldMap {
            usce_rows: (1..=input.usce.len()).collect(),
            specialty_rows: (1..=input.specialties.len()).collect(),
        }
    }

    /// The form field of an engine field path (`exams.step2_ck.score` → `step2_score`).
    pub fn form_field(&self, path: &str) -> String {
        let indexed = |prefix: &str| -> Option<(usize, String)> {
            let rest = path.strip_prefix(prefix)?.strip_prefix('[')?;
            let (index, rest) = rest.split_once(']')?;
            Some((index.parse().ok()?, rest.trim_start_matches('.').to_owned()))
        };
        if let Some((index, field)) = indexed("usce") {
            let row = self.usce_rows.get(index).copied().unwrap_or(index + 1);
            let name = match field.as_str() {
                "months" => "months",
                "ended_year" => "year",
                "specialty" => "specialty",
                _ => "kind",
            };
            return format!("usce_{name}_{row}");
        }
        if let Some((index, _)) = indexed("specialties") {
            let row = self.specialty_rows.get(index).copied().unwrap_or(index + 1);
            return format!("specialty_{row}");
        }
        let base = path.split('[').next().unwrap_or(path);
        match base {
            "specialties" => "specialty_1",
            "exams.step1" | "exams.step1.attempts" => "step1_attempts",
            "exams.step3" | "exams.step3.attempts" => "step3_attempts",
            "exams.step2_ck" | "exams.step2_ck.score" => "step2_score",
            "exams.step2_ck.attempts" => "step2_attempts",
            "exams.comlex_level2" | "exams.comlex_level2.score" => "comlex_score",
            "exams.comlex_level2.attempts" => "comlex_attempts",
            "preferences.states" => "pref_states",
            "preferences.regions" => "pref_regions",
            "preferences.ties" => "ties",
            "preferences.program_types" => "program_types",
            "preferences.only_preferred" => "only_preferred",
            "preferences.other_weight" => "other_weight",
            "preferences.include_preliminary" => "include_preliminary",
            "budget.applications" => "applications",
            "budget.dollars" => "dollars",
            "budget.diminishing_returns" => "diminishing_returns",
            "signals" => "signals_gold",
            other => other,
        }
        .to_owned()
    }
}

/// A profile as a compact, URL-safe text (base64url of its JSON).
pub fn encode_profile(input: &ProfileInput) -> String {
    let json = serde_json::to_vec(input).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

/// Reads a profile encoded by [`encode_profile`]; `None` when it is not one.
pub fn decode_profile(text: &str) -> Option<ProfileInput> {
    if text.len() > MAX_ENCODED_PROFILE {
        return None;
    }
    let json = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
    serde_json::from_slice(&json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(pairs: &[(&str, &str)]) -> PickForm {
        let mut form = PickForm::defaults();
        for (key, value) in pairs {
            form.set(key, *value);
        }
        form
    }

    const NON_US_IMG: [(&str, &str); 6] = [
        ("applicant_type", "non_us_img"),
        ("graduation_year", "2023"),
        ("ecfmg", "pending"),
        ("visa", "j1"),
        ("step2_score", "240"),
        ("specialty_1", "140"),
    ];

    #[test]
    fn a_new_form_makes_no_answer_for_the_applicant_and_says_what_is_missing_at_once() {
        let errors = PickForm::defaults().to_input().unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["applicant_type", "specialty_1"]);
        let errors = filled(&[("applicant_type", "non_us_img"), ("step2_score", "2x0")])
            .to_input()
            .unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["step2_score", "specialty_1", "ecfmg", "visa"]);
        let (input, _) = filled(&NON_US_IMG).to_input().unwrap();
        smart_pick::Profile::from_input(input).unwrap();
    }

    #[test]
    fn every_field_an_error_can_name_has_a_label() {
        for key in [
            "usce_months_2",
            "specialty_1",
            "specialty_3",
            "ties",
            "ecfmg",
        ] {
            assert_ne!(field_label(key), "Your profile", "{key}");
        }
        assert_eq!(field_label("specialty_2"), "Backup specialty 1");
    }

    #[test]
    fn a_profile_survives_the_form_and_the_link() {
        let (input, _) = filled(&NON_US_IMG).to_input().unwrap();
        let back = decode_profile(&encode_profile(&input)).unwrap();
        assert_eq!(back, input);
        let (again, _) = PickForm::from_input(&input).to_input().unwrap();
        assert_eq!(again, input);
        assert!(decode_profile("not base64 !").is_none());
    }

    #[test]
    fn engine_paths_map_to_form_fields() {
        let map = FieldMap {
            usce_rows: vec![2, 3],
            specialty_rows: vec![1, 3],
        };
        assert_eq!(map.form_field("exams.step2_ck.score"), "step2_score");
        assert_eq!(map.form_field("usce[1].months"), "usce_months_3");
        assert_eq!(map.form_field("specialties[1]"), "specialty_3");
        assert_eq!(map.form_field("preferences.states[0]"), "pref_states");
        assert_eq!(map.form_field("graduation_year"), "graduation_year");
    }
}
