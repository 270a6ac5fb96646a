//! Values with provenance: [`Fact`] (a value or unknown, its source and date) and
//! [`Requirement`] (a program requirement that is absent, strict or a preference).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::ParseError;

/// Where a value came from: a short, stable identifier of a data source, such as
/// `freida-2025`, `nrmp-tracks-2024`, `demo-assumption` or `operator`.
///
/// The catalog's [`crate::CatalogMeta::sources`] describes each identifier in full.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Source(String);

impl Source {
    /// Parses a source identifier: 1 to 64 characters from `a-z`, `0-9`, `-`, `_`, `.`.
    pub fn parse(text: &str) -> Result<Source, ParseError> {
        let valid = !text.is_empty()
            && text.len() <= 64
            && text.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
            });
        if valid {
            Ok(Source(text.to_owned()))
        } else {
            Err(ParseError::new(
                "source",
                "1 to 64 characters from a-z, 0-9, '-', '_', '.'",
                text,
            ))
        }
    }

    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Source {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Source::parse(&value)
    }
}

impl From<Source> for String {
    fn from(value: Source) -> Self {
        value.0
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who said a value, and as of when it was true.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    /// The data source.
    pub source: Source,
    /// The date the source describes (its publication or last-update date).
    pub as_of: NaiveDate,
}

impl Provenance {
    /// A provenance from a source and a date.
    pub fn new(source: Source, as_of: NaiveDate) -> Provenance {
        Provenance { source, as_of }
    }
}

/// A program attribute: its value, or *unknown*, with where it came from.
///
/// Unknown is a first-class answer: a source that leaves a field empty yields an unknown fact
/// with that source's provenance, and consumers must show it as unknown rather than assume a
/// value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact<T> {
    /// The value; `None` means the source does not know it.
    pub value: Option<T>,
    /// The data source.
    pub source: Source,
    /// The date the source describes.
    pub as_of: NaiveDate,
}

impl<T> Fact<T> {
    /// A known value.
    pub fn known(value: T, provenance: &Provenance) -> Fact<T> {
        Fact {
            value: Some(value),
            source: provenance.source.clone(),
            as_of: provenance.as_of,
        }
    }

    /// An unknown value, as reported by a source.
    pub fn unknown(provenance: &Provenance) -> Fact<T> {
        Fact {
            value: None,
            source: provenance.source.clone(),
            as_of: provenance.as_of,
        }
    }

    /// A value that may be unknown.
    pub fn maybe(value: Option<T>, provenance: &Provenance) -> Fact<T> {
        Fact {
            value,
            source: provenance.source.clone(),
            as_of: provenance.as_of,
        }
    }

    /// The value, if known.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// Whether the value is known.
    pub fn is_known(&self) -> bool {
        self.value.is_some()
    }

    /// The provenance of this fact.
    pub fn provenance(&self) -> Provenance {
        Provenance {
            source: self.source.clone(),
            as_of: self.as_of,
        }
    }
}

/// A program requirement: none, a strict cut-off, or a preference.
///
/// A *strict* requirement screens applicants out; a *preference* only lowers their fit.
/// Whether a program has a requirement at all may itself be unknown, which is why program
/// requirements are stored as `Fact<Requirement<T>>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "rule", content = "value", rename_all = "snake_case")]
pub enum Requirement<T> {
    /// The program has no such requirement.
    None,
    /// A cut-off: applicants who do not meet it are not considered.
    Strict(T),
    /// A preference: applicants who do not meet it are considered, at a disadvantage.
    Preference(T),
}

impl<T> Requirement<T> {
    /// The threshold, whether strict or preferred.
    pub fn threshold(&self) -> Option<&T> {
        match self {
            Requirement::None => None,
            Requirement::Strict(value) | Requirement::Preference(value) => Some(value),
        }
    }

    /// Whether the requirement is a strict cut-off.
    pub fn is_strict(&self) -> bool {
        matches!(self, Requirement::Strict(_))
    }

    /// A short word for the rule: `none`, `strict` or `preference`.
    pub fn rule_name(&self) -> &'static str {
        match self {
            Requirement::None => "none",
            Requirement::Strict(_) => "strict",
            Requirement::Preference(_) => "preference",
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    fn provenance() -> Provenance {
        Provenance::new(
            Source::parse("freida-2025").unwrap(),
            NaiveDate::from_ymd_opt(2025, 3, 28).unwrap(),
        )
    }

    #[test]
    fn source_accepts_short_lowercase_identifiers_only() {
        assert!(Source::parse("nrmp-tracks-2024").is_ok());
        expect![[r#"Err(ParseError { what: "source", expected: "1 to 64 characters from a-z, 0-9, '-', '_', '.'", found: "FREIDA 2025" })"#]]
            .assert_eq(&format!("{:?}", Source::parse("FREIDA 2025")));
        assert!(Source::parse("").is_err());
    }

    #[test]
    fn facts_serialize_with_their_provenance() {
        let known = Fact::known(12u16, &provenance());
        let unknown: Fact<u16> = Fact::unknown(&provenance());
        expect![[r#"{"value":12,"source":"freida-2025","as_of":"2025-03-28"}"#]]
            .assert_eq(&serde_json::to_string(&known).unwrap());
        expect![[r#"{"value":null,"source":"freida-2025","as_of":"2025-03-28"}"#]]
            .assert_eq(&serde_json::to_string(&unknown).unwrap());
    }

    #[test]
    fn requirements_serialize_with_their_rule() {
        let strict = Fact::known(Requirement::Strict(230u16), &provenance());
        let none: Fact<Requirement<u16>> = Fact::known(Requirement::None, &provenance());
        expect![[
            r#"{"value":{"rule":"strict","value":230},"source":"freida-2025","as_of":"2025-03-28"}"#
        ]]
        .assert_eq(&serde_json::to_string(&strict).unwrap());
        expect![[r#"{"value":{"rule":"none"},"source":"freida-2025","as_of":"2025-03-28"}"#]]
            .assert_eq(&serde_json::to_string(&none).unwrap());
        let back: Fact<Requirement<u16>> =
            serde_json::from_str(r#"{"value":{"rule":"preference","value":240},"source":"operator","as_of":"2026-01-02"}"#)
                .unwrap();
        assert_eq!(back.value, Some(Requirement::Preference(240)));
    }
}
