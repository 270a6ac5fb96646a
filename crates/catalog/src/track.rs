//! NRMP program tracks: the units applicants rank and the Match fills.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::ParseError;
use crate::fact::{Provenance, Source};
use crate::geography::UsState;
use crate::program::ProgramId;
use crate::specialty::SpecialtyCode;

/// The kind of position a track offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TrackType {
    /// Categorical (C): the full residency from PGY-1.
    #[serde(rename = "C")]
    Categorical,
    /// Preliminary (P): one PGY-1 year before an advanced position elsewhere.
    #[serde(rename = "P")]
    Preliminary,
    /// Advanced (A): starts at PGY-2, after a preliminary or transitional year.
    #[serde(rename = "A")]
    Advanced,
    /// Reserved / Physician (R): starts at PGY-2, reserved for physicians with prior training.
    #[serde(rename = "R")]
    Reserved,
    /// Primary care (M): a categorical track with a primary-care emphasis.
    #[serde(rename = "M")]
    PrimaryCare,
}

impl TrackType {
    /// Parses the NRMP one-letter track type: C, P, A, R or M.
    pub fn parse(text: &str) -> Result<TrackType, ParseError> {
        match text.trim() {
            "C" => Ok(TrackType::Categorical),
            "P" => Ok(TrackType::Preliminary),
            "A" => Ok(TrackType::Advanced),
            "R" => Ok(TrackType::Reserved),
            "M" => Ok(TrackType::PrimaryCare),
            _ => Err(ParseError::new("track type", "one of C, P, A, R, M", text)),
        }
    }

    /// The one-letter NRMP code.
    pub fn letter(self) -> char {
        match self {
            TrackType::Categorical => 'C',
            TrackType::Preliminary => 'P',
            TrackType::Advanced => 'A',
            TrackType::Reserved => 'R',
            TrackType::PrimaryCare => 'M',
        }
    }

    /// The name as shown to users.
    pub fn name(self) -> &'static str {
        match self {
            TrackType::Categorical => "Categorical",
            TrackType::Preliminary => "Preliminary",
            TrackType::Advanced => "Advanced",
            TrackType::Reserved => "Reserved",
            TrackType::PrimaryCare => "Primary care",
        }
    }

    /// Whether the track's first year is PGY-1 (as opposed to starting at PGY-2).
    pub fn starts_at_pgy1(self) -> bool {
        !matches!(self, TrackType::Advanced | TrackType::Reserved)
    }
}

/// An NRMP track code: 4-digit institution, 3-digit specialty, track type letter and a 1- or
/// 2-digit track number, e.g. `9903140C0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NrmpCode(String);

impl NrmpCode {
    /// Parses a code such as `9903140C0` (9 characters, or 10 with a 2-digit track number).
    pub fn parse(text: &str) -> Result<NrmpCode, ParseError> {
        let code = text.trim().to_ascii_uppercase();
        let bytes = code.as_bytes();
        let valid = (9..=10).contains(&bytes.len())
            && bytes[..7].iter().all(u8::is_ascii_digit)
            && TrackType::parse(&code[7..8]).is_ok()
            && bytes[8..].iter().all(u8::is_ascii_digit);
        if valid {
            Ok(NrmpCode(code))
        } else {
            Err(ParseError::new(
                "NRMP code",
                "4-digit institution, 3-digit specialty, track type C/P/A/R/M and track number, such as 9903140C0",
                text,
            ))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 4-digit NRMP institution code.
    pub fn institution_code(&self) -> &str {
        &self.0[..4]
    }

    /// The specialty code embedded in the track code.
    pub fn specialty(&self) -> SpecialtyCode {
        SpecialtyCode::parse(&self.0[4..7]).expect("validated at parse time")
    }

    /// The track type embedded in the track code.
    pub fn track_type(&self) -> TrackType {
        TrackType::parse(&self.0[7..8]).expect("validated at parse time")
    }

    /// The track number after the type letter: 0 for an institution's first track of a
    /// specialty and type, 1 and up for further ones (a second site, a research or primary care
    /// pathway).
    pub fn track_number(&self) -> u8 {
        self.0[8..].parse().expect("validated at parse time")
    }
}

impl TryFrom<String> for NrmpCode {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        NrmpCode::parse(&value)
    }
}

impl From<NrmpCode> for String {
    fn from(value: NrmpCode) -> Self {
        value.0
    }
}

impl fmt::Display for NrmpCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One year of a track in the Match: the positions it offered and how many it filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FillRecord {
    /// The Match year (the spring the positions start).
    pub year: u16,
    /// Positions offered (the quota).
    pub quota: u16,
    /// Positions filled in the Match.
    pub matched: u16,
}

impl FillRecord {
    /// The records as `2021:10/10;2022:12/11` (year, quota / matched), the catalog file's form.
    pub fn format_list(records: &[FillRecord]) -> String {
        records
            .iter()
            .map(|r| format!("{}:{}/{}", r.year, r.quota, r.matched))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Reads [`FillRecord::format_list`]'s form, years strictly increasing.
    pub fn parse_list(text: &str) -> Result<Vec<FillRecord>, ParseError> {
        let expected = "year:quota/matched entries separated by ';', years increasing, such as 2023:10/10;2024:12/11";
        let bad = || ParseError::new("fill history", expected, text);
        let mut records: Vec<FillRecord> = Vec::new();
        for entry in text.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            let (year, counts) = entry.split_once(':').ok_or_else(bad)?;
            let (quota, matched) = counts.split_once('/').ok_or_else(bad)?;
            let record = FillRecord {
                year: year.trim().parse().map_err(|_| bad())?,
                quota: quota.trim().parse().map_err(|_| bad())?,
                matched: matched.trim().parse().map_err(|_| bad())?,
            };
            if records.last().is_some_and(|last| last.year >= record.year) {
                return Err(bad());
            }
            records.push(record);
        }
        Ok(records)
    }
}

/// One NRMP program track as listed by the NRMP.
///
/// A track's fields all come from one source, so the provenance is given once for the record.
/// `program` links it to the catalog program it belongs to; a track that could not be joined to
/// a program is kept with `program: None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Track {
    /// The NRMP code.
    pub code: NrmpCode,
    /// The track's name in the NRMP list, e.g. `Medicine-Preliminary`.
    pub name: String,
    /// The NRMP institution name.
    pub institution_name: String,
    /// The institution's state, when the NRMP listing says it.
    pub state: Option<UsState>,
    /// The specialty (also embedded in the code).
    pub specialty: SpecialtyCode,
    /// The track type (also embedded in the code).
    pub track_type: TrackType,
    /// First-year positions offered, when a source says.
    pub positions: Option<u16>,
    /// The source of `positions` and `fill_history` when it is not the track's own (the NRMP
    /// Program Results, or an operator's figure); `None` when the track's source gave them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positions_source: Option<Provenance>,
    /// The track's quota and matches in past Matches, oldest first (from the NRMP Program
    /// Results); empty when unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fill_history: Vec<FillRecord>,
    /// The catalog program this track belongs to, when known.
    pub program: Option<ProgramId>,
    /// The data source.
    pub source: Source,
    /// The date the source describes.
    pub as_of: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nrmp_codes_carry_institution_specialty_and_type() {
        let code = NrmpCode::parse("9903140c0").unwrap();
        assert_eq!(code.as_str(), "9903140C0");
        assert_eq!(code.institution_code(), "9903");
        assert_eq!(code.specialty().as_str(), "140");
        assert_eq!(code.track_type(), TrackType::Categorical);
        assert_eq!(code.track_number(), 0);
        assert_eq!(NrmpCode::parse("9916400C12").unwrap().track_number(), 12);
        assert!(
            NrmpCode::parse("9916400C10").is_ok(),
            "two-digit track numbers exist"
        );
    }

    #[test]
    fn malformed_nrmp_codes_are_rejected() {
        for bad in [
            "",
            "9903140",
            "9903140X0",
            "99031400C",
            "9903140C0A",
            "A903140C0",
        ] {
            assert!(NrmpCode::parse(bad).is_err(), "{bad} should not parse");
        }
    }
}
