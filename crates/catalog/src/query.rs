//! Filtering programs: the search behind the program explorer and `residency-advisor programs`.

use serde::{Deserialize, Serialize};

use crate::error::ParseError;
use crate::geography::{CensusRegion, UsState};
use crate::program::{Program, ProgramType};
use crate::specialty::SpecialtyCode;

/// Which visa sponsorship a search asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VisaFilter {
    /// Sponsors J-1 visas.
    J1,
    /// Sponsors H-1B visas.
    H1b,
    /// Sponsors at least one of them.
    Any,
}

impl VisaFilter {
    /// Parses `j1`, `j-1`, `h1b`, `h-1b` or `any`, case-insensitively.
    pub fn parse(text: &str) -> Result<VisaFilter, ParseError> {
        let folded: String = text
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| *c != '-')
            .collect();
        match folded.as_str() {
            "j1" => Ok(VisaFilter::J1),
            "h1b" => Ok(VisaFilter::H1b),
            "any" => Ok(VisaFilter::Any),
            _ => Err(ParseError::new("visa", "j1, h1b or any", text)),
        }
    }
}

/// A program search. Empty fields do not filter. A filter on an attribute keeps only programs
/// whose value is *known* to satisfy it: a program whose visa sponsorship is unknown is not
/// listed as sponsoring one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProgramQuery {
    /// Only this specialty.
    pub specialty: Option<SpecialtyCode>,
    /// Only these states (any of them).
    pub states: Vec<UsState>,
    /// Only these census regions (any of them).
    pub regions: Vec<CensusRegion>,
    /// Only programs sponsoring this visa.
    pub visa: Option<VisaFilter>,
    /// Only this program type.
    pub program_type: Option<ProgramType>,
    /// Only programs with at least this many first-year positions.
    pub min_positions: Option<u16>,
    /// Only programs whose residents are at least this percent IMGs.
    pub min_img_share: Option<f64>,
    /// Words that must all appear in the name, institution or city (case-insensitive).
    pub text: Option<String>,
}

impl ProgramQuery {
    /// Whether a program satisfies every filter.
    pub fn matches(&self, program: &Program) -> bool {
        if self.specialty.is_some_and(|code| code != program.specialty) {
            return false;
        }
        if !self.states.is_empty()
            && !program
                .state
                .get()
                .is_some_and(|state| self.states.contains(state))
        {
            return false;
        }
        if !self.regions.is_empty()
            && !program
                .region()
                .is_some_and(|region| self.regions.contains(&region))
        {
            return false;
        }
        if let Some(visa) = self.visa {
            let j1 = program.sponsors_j1.get() == Some(&true);
            let h1b = program.sponsors_h1b.get() == Some(&true);
            let sponsors = match visa {
                VisaFilter::J1 => j1,
                VisaFilter::H1b => h1b,
                VisaFilter::Any => j1 || h1b,
            };
            if !sponsors {
                return false;
            }
        }
        if let Some(wanted) = self.program_type
            && program.program_type.get() != Some(&wanted)
        {
            return false;
        }
        if let Some(minimum) = self.min_positions
            && program
                .first_year_positions
                .get()
                .is_none_or(|positions| *positions < minimum)
        {
            return false;
        }
        if let Some(minimum) = self.min_img_share
            && program
                .resident_mix
                .get()
                .is_none_or(|mix| mix.img_pct < minimum)
        {
            return false;
        }
        if let Some(text) = &self.text {
            let haystack = format!(
                "{} {} {}",
                program.name,
                program.institution.get().map(String::as_str).unwrap_or(""),
                program.city.get().map(String::as_str).unwrap_or("")
            )
            .to_lowercase();
            if !text
                .split_whitespace()
                .all(|word| haystack.contains(&word.to_lowercase()))
            {
                return false;
            }
        }
        true
    }
}
