//! Specialties, identified by the 3-digit codes that ACGME and NRMP share.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::ParseError;

/// A 3-digit ACGME/NRMP specialty code, such as `140` for Internal Medicine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SpecialtyCode([u8; 3]);

impl SpecialtyCode {
    /// Parses exactly three ASCII digits.
    pub fn parse(text: &str) -> Result<SpecialtyCode, ParseError> {
        let bytes = text.trim().as_bytes();
        match bytes {
            [a, b, c] if bytes.iter().all(u8::is_ascii_digit) => Ok(SpecialtyCode([*a, *b, *c])),
            _ => Err(ParseError::new(
                "specialty code",
                "three digits such as 140",
                text,
            )),
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // The bytes are ASCII digits by construction.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// The Transitional Year: one broad PGY-1 year, taken before a specialty that starts at
    /// PGY-2 or on its own, never a specialty one trains in.
    pub const TRANSITIONAL_YEAR: SpecialtyCode = SpecialtyCode(*b"999");

    /// The built-in name of this specialty, if it is one of [`SPECIALTIES`].
    pub fn builtin_name(&self) -> Option<&'static str> {
        SPECIALTIES
            .iter()
            .find(|(code, _)| *code == self.as_str())
            .map(|(_, name)| *name)
    }
}

impl TryFrom<String> for SpecialtyCode {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        SpecialtyCode::parse(&value)
    }
}

impl From<SpecialtyCode> for String {
    fn from(value: SpecialtyCode) -> Self {
        value.as_str().to_owned()
    }
}

impl fmt::Display for SpecialtyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A specialty: its code and its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Specialty {
    /// The 3-digit code.
    pub code: SpecialtyCode,
    /// The name as shown to users.
    pub name: String,
}

impl Specialty {
    /// Every built-in specialty, in code order.
    pub fn builtin() -> Vec<Specialty> {
        SPECIALTIES
            .iter()
            .map(|(code, name)| Specialty {
                code: SpecialtyCode::parse(code)
                    .expect("built-in specialty codes are three digits"),
                name: (*name).to_owned(),
            })
            .collect()
    }
}

/// The specialties, combined programs and the Transitional Year that enter the NRMP Main
/// Residency Match, by their ACGME/NRMP code. These identifiers are public; the names are the common ones.
pub const SPECIALTIES: [(&str, &str); 46] = [
    ("040", "Anesthesiology"),
    ("080", "Dermatology"),
    ("110", "Emergency Medicine"),
    ("120", "Family Medicine"),
    ("140", "Internal Medicine"),
    ("160", "Neurological Surgery"),
    ("180", "Neurology"),
    ("185", "Child Neurology"),
    ("186", "Neurodevelopmental Disabilities"),
    ("200", "Nuclear Medicine"),
    ("220", "Obstetrics and Gynecology"),
    ("260", "Orthopaedic Surgery"),
    ("275", "Osteopathic Neuromusculoskeletal Medicine"),
    ("280", "Otolaryngology"),
    ("300", "Pathology (Anatomic and Clinical)"),
    ("320", "Pediatrics"),
    ("340", "Physical Medicine and Rehabilitation"),
    ("362", "Plastic Surgery (Integrated)"),
    ("380", "Preventive Medicine"),
    ("400", "Psychiatry"),
    ("416", "Interventional Radiology (Integrated)"),
    ("420", "Diagnostic Radiology"),
    ("430", "Radiation Oncology"),
    ("440", "General Surgery"),
    ("451", "Vascular Surgery (Integrated)"),
    ("461", "Thoracic Surgery (Integrated)"),
    ("700", "Internal Medicine/Pediatrics"),
    ("705", "Internal Medicine/Emergency Medicine"),
    ("715", "Internal Medicine/Psychiatry"),
    ("720", "Psychiatry/Family Medicine"),
    ("725", "Pediatrics/Emergency Medicine"),
    ("726", "Pediatrics/Anesthesiology"),
    (
        "730",
        "Pediatrics/Psychiatry/Child and Adolescent Psychiatry",
    ),
    ("735", "Pediatrics/Physical Medicine and Rehabilitation"),
    ("742", "Internal Medicine/Anesthesiology"),
    ("751", "Internal Medicine/Preventive Medicine"),
    ("752", "Family Medicine/Preventive Medicine"),
    (
        "753",
        "Family Medicine/Osteopathic Neuromusculoskeletal Medicine",
    ),
    ("755", "Psychiatry/Neurology"),
    ("765", "Pediatrics/Medical Genetics"),
    ("766", "Internal Medicine/Medical Genetics"),
    (
        "770",
        "Diagnostic Radiology/Nuclear Medicine/Nuclear Radiology",
    ),
    ("785", "Internal Medicine/Dermatology"),
    ("795", "Emergency Medicine/Family Medicine"),
    ("796", "Emergency Medicine/Anesthesiology"),
    ("999", "Transitional Year"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_three_digits() {
        assert_eq!(SpecialtyCode::parse("140").unwrap().as_str(), "140");
        assert_eq!(SpecialtyCode::parse(" 040 ").unwrap().to_string(), "040");
        for bad in ["14", "1400", "14a", ""] {
            assert!(SpecialtyCode::parse(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn builtin_codes_are_unique_and_sorted() {
        let codes: Vec<&str> = SPECIALTIES.iter().map(|(code, _)| *code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        assert_eq!(
            SpecialtyCode::parse("140").unwrap().builtin_name(),
            Some("Internal Medicine")
        );
    }
}
