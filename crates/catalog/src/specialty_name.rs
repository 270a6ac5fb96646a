//! Reading a specialty the way people and published tables write it: a code (`140`), a name
//! (`Internal Medicine`), an NRMP track-list name (`Surgery-General`, `Medicine-Preliminary`,
//! `Obstetrics-Gynecology`) or a common short form (`OB/GYN`, `IM`, `Peds`, `Rads`), ignoring
//! case, punctuation and spacing. The CLI, the web forms and Smart Pick's profiles all read
//! specialties with [`parse_specialty`].

use thiserror::Error;

use crate::specialty::{Specialty, SpecialtyCode};

/// A specialty name that names no specialty, or several.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SpecialtyNameError {
    /// Nothing is called this.
    #[error(
        "no specialty is called {0:?}; use a code such as 140, a name such as Internal Medicine or a short form such as IM"
    )]
    Unknown(String),
    /// A part of the name that several specialties share.
    #[error(
        "{text:?} could be {}; be more specific or use the code",
        list(candidates)
    )]
    Ambiguous {
        /// The text as given.
        text: String,
        /// Every specialty whose name contains it.
        candidates: Vec<Specialty>,
    },
}

fn list(candidates: &[Specialty]) -> String {
    candidates
        .iter()
        .map(|specialty| format!("{} ({})", specialty.name, specialty.code))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Other names of the Match's specialties: the names of NRMP track lists and published tables
/// (NRMP Results and Data, Charting Outcomes), and the short forms applicants use. Each is
/// compared after [`key`], so case, punctuation and spacing do not matter.
const OTHER_NAMES: &[(&str, &str)] = &[
    // NRMP track lists and published tables.
    ("Anesthesia", "040"),
    ("Medicine", "140"),
    ("Internal Medicine (Categorical)", "140"),
    ("Neurosurgery", "160"),
    ("Obstetrics-Gynecology", "220"),
    ("Orthopedic Surgery", "260"),
    ("Neuromusculoskeletal Medicine", "275"),
    ("Pathology", "300"),
    ("Pathology-Anatomic and Clinical", "300"),
    ("Physical Medicine & Rehab", "340"),
    ("Plastic Surgery", "362"),
    ("Public Health and Preventive Medicine", "380"),
    ("Interventional Radiology", "416"),
    ("Radiology-Diagnostic", "420"),
    ("Radiology (Diagnostic)", "420"),
    ("Surgery", "440"),
    ("Surgery-General", "440"),
    ("Surgery (General)", "440"),
    ("Vascular Surgery", "451"),
    ("Thoracic Surgery", "461"),
    ("Medicine-Pediatrics", "700"),
    ("Medicine-Emergency Medicine", "705"),
    ("Medicine-Emergency Med", "705"),
    ("Medicine-Psychiatry", "715"),
    ("Psychiatry-Family Medicine", "720"),
    ("Pediatrics-Emergency Medicine", "725"),
    ("Pediatrics-Emergency Med", "725"),
    ("Pediatrics-Anesthesiology", "726"),
    ("Peds/Psych/Child Psych", "730"),
    ("Pediatrics-Physical Medicine & Rehab", "735"),
    ("Pediatrics-Phys Med & Rehab", "735"),
    ("Medicine-Anesthesiology", "742"),
    ("Medicine-Preventive Medicine", "751"),
    ("Medicine-Preventive Med", "751"),
    ("Family Medicine-Preventive Medicine", "752"),
    ("Family Med-Preventive Med", "752"),
    ("Psychiatry-Neurology", "755"),
    ("Pediatrics-Medical Genetics", "765"),
    ("Medicine-Medical Genetics", "766"),
    ("Medicine-Dermatology", "785"),
    ("Emergency Medicine-Family Medicine", "795"),
    ("Emergency Med-Family Med", "795"),
    ("Emergency Medicine-Anesthesiology", "796"),
    ("Emergency Med-Anesthesiology", "796"),
    ("Transitional", "999"),
    ("Transitional (PGY-1)", "999"),
    // Short forms.
    ("Anes", "040"),
    ("Gas", "040"),
    ("Derm", "080"),
    ("EM", "110"),
    ("FM", "120"),
    ("IM", "140"),
    ("NSGY", "160"),
    ("Neurosurg", "160"),
    ("Neuro", "180"),
    ("Child Neuro", "185"),
    ("Nuc Med", "200"),
    ("OB/GYN", "220"),
    ("OBGYN", "220"),
    ("OB", "220"),
    ("Ortho", "260"),
    ("ONMM", "275"),
    ("ENT", "280"),
    ("Path", "300"),
    ("Peds", "320"),
    ("PM&R", "340"),
    ("PMR", "340"),
    ("Physiatry", "340"),
    ("Plastics", "362"),
    ("Prev Med", "380"),
    ("Psych", "400"),
    ("IR", "416"),
    ("Rads", "420"),
    ("DR", "420"),
    ("Radiology", "420"),
    ("Rad Onc", "430"),
    ("General Surgery", "440"),
    ("Gen Surg", "440"),
    ("Vascular", "451"),
    ("Thoracic", "461"),
    ("Med-Peds", "700"),
    ("IM/Peds", "700"),
    ("IM/EM", "705"),
    ("IM/Psych", "715"),
    ("Psych/FM", "720"),
    ("Peds/EM", "725"),
    ("IM/Anesthesia", "742"),
    ("Psych/Neuro", "755"),
    ("IM/Derm", "785"),
    ("EM/FM", "795"),
    ("TY", "999"),
];

/// Words that name a kind of NRMP track rather than a specialty (`Medicine-Preliminary`,
/// `Pediatrics (Categorical)`, `Anesthesiology (Advanced)`, `Internal Medicine (Physician)`):
/// the last word of a name, dropped when the name without it is a specialty.
const TRACK_WORDS: [&str; 5] = [
    "preliminary",
    "categorical",
    "primary",
    "advanced",
    "physician",
];

/// The comparable form of a name: lower case, `&` read as `and`, every run of other
/// characters a word break, the words `and`, `of` and `the` dropped, British and American
/// spellings alike.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !matches!(*word, "and" | "of" | "the"))
        .map(|word| match word {
            "orthopedic" => "orthopaedic".to_owned(),
            "gynaecology" => "gynecology".to_owned(),
            "paediatrics" => "pediatrics".to_owned(),
            "anaesthesiology" => "anesthesiology".to_owned(),
            other => other.to_owned(),
        })
        .collect()
}

/// The words run together, so that `OB/GYN`, `OB-GYN` and `OBGYN` compare equal.
fn key(text: &str) -> String {
    words(text).concat()
}

/// Reads a specialty named by its three-digit code, by one of `known`'s names, by an NRMP
/// track-list name or a short form of a built-in specialty (`Surgery-General`, `OB/GYN`,
/// `IM`), with or without a track kind (`Medicine-Preliminary`), or by a part of a name that
/// only one of `known` has, starting at one of its words (`oncology`). Case, punctuation and spacing
/// do not matter.
///
/// A code is returned whether or not `known` has it; callers that need the specialty to exist
/// (in a catalog) check the code they get.
pub fn parse_specialty(
    text: &str,
    known: &[Specialty],
) -> Result<SpecialtyCode, SpecialtyNameError> {
    if let Ok(code) = SpecialtyCode::parse(text) {
        return Ok(code);
    }
    let mut wanted = words(text);
    if let Some(code) = by_whole_name(&wanted.concat(), known) {
        return Ok(code);
    }
    if wanted.len() > 1
        && wanted
            .last()
            .is_some_and(|last| TRACK_WORDS.contains(&last.as_str()))
    {
        wanted.pop();
        if let Some(code) = by_whole_name(&wanted.concat(), known) {
            return Ok(code);
        }
    }
    if wanted.is_empty() {
        return Err(SpecialtyNameError::Unknown(text.to_owned()));
    }
    // A part is whole words of the name: `oncology` is a part of Radiation Oncology, but
    // `urology` is not a part of Neurology, nor `y` of Transitional Year.
    let part = format!(" {} ", wanted.join(" "));
    let candidates: Vec<&Specialty> = known
        .iter()
        .filter(|specialty| format!(" {} ", words(&specialty.name).join(" ")).contains(&part))
        .collect();
    match candidates.as_slice() {
        [one] => Ok(one.code),
        [] => Err(SpecialtyNameError::Unknown(text.to_owned())),
        many => Err(SpecialtyNameError::Ambiguous {
            text: text.to_owned(),
            candidates: many.iter().map(|specialty| (*specialty).clone()).collect(),
        }),
    }
}

/// The code of a whole name: one of `known`'s names, a built-in name, or another name.
fn by_whole_name(wanted: &str, known: &[Specialty]) -> Option<SpecialtyCode> {
    if wanted.is_empty() {
        return None;
    }
    known
        .iter()
        .find(|specialty| key(&specialty.name) == wanted)
        .map(|specialty| specialty.code)
        .or_else(|| {
            crate::specialty::SPECIALTIES
                .iter()
                .map(|(code, name)| (*code, *name))
                .chain(OTHER_NAMES.iter().map(|(name, code)| (*code, *name)))
                .find(|(_, name)| key(name) == wanted)
                .and_then(|(code, _)| SpecialtyCode::parse(code).ok())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::specialty::SPECIALTIES;

    fn builtin(text: &str) -> Result<String, SpecialtyNameError> {
        parse_specialty(text, &Specialty::builtin()).map(|code| code.to_string())
    }

    /// The same name as people type it differently.
    fn variants(name: &str) -> Vec<String> {
        vec![
            name.to_owned(),
            name.to_uppercase(),
            name.to_lowercase(),
            format!("  {}  ", name.replace(' ', "  ")),
            name.replace(['-', '/', '(', ')'], " "),
        ]
    }

    #[test]
    fn every_builtin_name_and_code_reads() {
        for (code, name) in SPECIALTIES {
            assert_eq!(builtin(code).unwrap(), code);
            for text in variants(name) {
                assert_eq!(builtin(&text).unwrap(), code, "{text:?}");
            }
        }
    }

    #[test]
    fn every_track_list_name_and_short_form_reads() {
        for (name, code) in OTHER_NAMES {
            for text in variants(name) {
                assert_eq!(builtin(&text).unwrap(), *code, "{text:?}");
            }
        }
    }

    #[test]
    fn other_names_name_builtin_specialties_and_never_shadow_a_name() {
        for (name, code) in OTHER_NAMES {
            assert!(
                SPECIALTIES.iter().any(|(builtin, _)| builtin == code),
                "{name} names {code}, not a built-in specialty"
            );
            for (other, builtin_name) in SPECIALTIES {
                if key(builtin_name) == key(name) {
                    assert_eq!(other, *code, "{name} is the name of {other}");
                }
            }
        }
    }

    #[test]
    fn the_nrmp_names_of_the_issue_read() {
        for (text, code) in [
            ("Surgery-General", "440"),
            ("General Surgery", "440"),
            ("surgery (categorical)", "440"),
            ("Surgery-Preliminary", "440"),
            ("Internal Medicine", "140"),
            ("Medicine-Preliminary", "140"),
            ("Medicine-Primary", "140"),
            ("Obstetrics and Gynecology", "220"),
            ("Obstetrics & Gynaecology", "220"),
            ("ob-gyn", "220"),
            ("Ob/Gyn", "220"),
            ("Orthopedic Surgery", "260"),
            ("Pediatrics (Categorical)", "320"),
            ("Anesthesiology (Advanced)", "040"),
            ("Internal Medicine (Physician)", "140"),
            ("Transitional Year", "999"),
            ("Pathology-Anatomic and Clinical", "300"),
            ("PM & R", "340"),
            ("im", "140"),
            ("Fm", "120"),
            ("peds", "320"),
            ("EM", "110"),
            ("Psych", "400"),
            ("neuro", "180"),
            ("Anesthesia", "040"),
            ("rads", "420"),
            ("DR", "420"),
        ] {
            assert_eq!(builtin(text).unwrap(), code, "{text:?}");
        }
    }

    #[test]
    fn a_part_of_one_name_reads_and_a_shared_part_is_ambiguous() {
        assert_eq!(builtin("oncology").unwrap(), "430");
        match builtin("genetics") {
            Err(SpecialtyNameError::Ambiguous { candidates, .. }) => {
                let codes: Vec<String> = candidates.iter().map(|s| s.code.to_string()).collect();
                assert_eq!(codes, ["765", "766"]);
            }
            other => panic!("{other:?}"),
        }
        for unknown in ["Urology", "", "  ", "-", "cardiology", "y", "onco"] {
            assert!(
                matches!(builtin(unknown), Err(SpecialtyNameError::Unknown(_))),
                "{unknown:?}"
            );
        }
    }

    #[test]
    fn a_catalogs_own_names_come_first_and_codes_are_not_checked() {
        let known = vec![Specialty {
            code: SpecialtyCode::parse("555").unwrap(),
            name: "Aerospace Medicine".to_owned(),
        }];
        assert_eq!(
            parse_specialty("aerospace medicine", &known)
                .unwrap()
                .as_str(),
            "555"
        );
        assert_eq!(
            parse_specialty("aerospace", &known).unwrap().as_str(),
            "555"
        );
        assert_eq!(parse_specialty("IM", &known).unwrap().as_str(), "140");
        assert_eq!(parse_specialty("321", &known).unwrap().as_str(), "321");
    }
}
