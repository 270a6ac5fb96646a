//! US states and territories, and the US Census Bureau regions programs are grouped by.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::ParseError;

/// A US Census Bureau region (with territories as their own group, since the Census
/// regions cover only the states and DC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CensusRegion {
    /// New England and the Mid-Atlantic.
    Northeast,
    /// The East and West North Central divisions.
    Midwest,
    /// The South Atlantic, East and West South Central divisions (with DC).
    South,
    /// The Mountain and Pacific divisions.
    West,
    /// Puerto Rico and the other US territories.
    Territories,
}

impl CensusRegion {
    /// Every region, in display order.
    pub const ALL: [CensusRegion; 5] = [
        CensusRegion::Northeast,
        CensusRegion::Midwest,
        CensusRegion::South,
        CensusRegion::West,
        CensusRegion::Territories,
    ];

    /// The region's name as shown to users.
    pub fn name(self) -> &'static str {
        match self {
            CensusRegion::Northeast => "Northeast",
            CensusRegion::Midwest => "Midwest",
            CensusRegion::South => "South",
            CensusRegion::West => "West",
            CensusRegion::Territories => "Territories",
        }
    }

    /// Parses a region name, case-insensitively (`northeast`, `Midwest`, ...).
    pub fn parse(text: &str) -> Result<CensusRegion, ParseError> {
        CensusRegion::ALL
            .into_iter()
            .find(|region| region.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                ParseError::new(
                    "census region",
                    "Northeast, Midwest, South, West or Territories",
                    text,
                )
            })
    }

    /// The states and territories in this region.
    pub fn states(self) -> impl Iterator<Item = UsState> {
        UsState::all().filter(move |state| state.region() == self)
    }
}

impl fmt::Display for CensusRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Postal code, name and region of every state, DC and the territories with residency programs.
const STATES: [(&str, &str, CensusRegion); 56] = {
    use CensusRegion::*;
    [
        ("AL", "Alabama", South),
        ("AK", "Alaska", West),
        ("AZ", "Arizona", West),
        ("AR", "Arkansas", South),
        ("CA", "California", West),
        ("CO", "Colorado", West),
        ("CT", "Connecticut", Northeast),
        ("DE", "Delaware", South),
        ("DC", "District of Columbia", South),
        ("FL", "Florida", South),
        ("GA", "Georgia", South),
        ("HI", "Hawaii", West),
        ("ID", "Idaho", West),
        ("IL", "Illinois", Midwest),
        ("IN", "Indiana", Midwest),
        ("IA", "Iowa", Midwest),
        ("KS", "Kansas", Midwest),
        ("KY", "Kentucky", South),
        ("LA", "Louisiana", South),
        ("ME", "Maine", Northeast),
        ("MD", "Maryland", South),
        ("MA", "Massachusetts", Northeast),
        ("MI", "Michigan", Midwest),
        ("MN", "Minnesota", Midwest),
        ("MS", "Mississippi", South),
        ("MO", "Missouri", Midwest),
        ("MT", "Montana", West),
        ("NE", "Nebraska", Midwest),
        ("NV", "Nevada", West),
        ("NH", "New Hampshire", Northeast),
        ("NJ", "New Jersey", Northeast),
        ("NM", "New Mexico", West),
        ("NY", "New York", Northeast),
        ("NC", "North Carolina", South),
        ("ND", "North Dakota", Midwest),
        ("OH", "Ohio", Midwest),
        ("OK", "Oklahoma", South),
        ("OR", "Oregon", West),
        ("PA", "Pennsylvania", Northeast),
        ("RI", "Rhode Island", Northeast),
        ("SC", "South Carolina", South),
        ("SD", "South Dakota", Midwest),
        ("TN", "Tennessee", South),
        ("TX", "Texas", South),
        ("UT", "Utah", West),
        ("VT", "Vermont", Northeast),
        ("VA", "Virginia", South),
        ("WA", "Washington", West),
        ("WV", "West Virginia", South),
        ("WI", "Wisconsin", Midwest),
        ("WY", "Wyoming", West),
        ("PR", "Puerto Rico", Territories),
        ("GU", "Guam", Territories),
        ("VI", "US Virgin Islands", Territories),
        ("AS", "American Samoa", Territories),
        ("MP", "Northern Mariana Islands", Territories),
    ]
};

/// A US state, DC or territory, by its two-letter postal code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UsState(u8);

impl UsState {
    /// Parses a two-letter postal code, case-insensitively (`NY`, `ny`).
    pub fn parse(text: &str) -> Result<UsState, ParseError> {
        let code = text.trim();
        STATES
            .iter()
            .position(|(postal, _, _)| postal.eq_ignore_ascii_case(code))
            .map(|index| UsState(index as u8))
            .ok_or_else(|| ParseError::new("state", "a two-letter US postal code such as NY", text))
    }

    /// Finds a state by its full name (`New York`), case-insensitively.
    pub fn from_name(name: &str) -> Option<UsState> {
        STATES
            .iter()
            .position(|(_, full, _)| full.eq_ignore_ascii_case(name.trim()))
            .map(|index| UsState(index as u8))
    }

    /// Every state, DC and territory, in a fixed order.
    pub fn all() -> impl Iterator<Item = UsState> {
        (0..STATES.len()).map(|index| UsState(index as u8))
    }

    /// The two-letter postal code.
    pub fn code(self) -> &'static str {
        STATES[self.0 as usize].0
    }

    /// The full name.
    pub fn name(self) -> &'static str {
        STATES[self.0 as usize].1
    }

    /// The census region.
    pub fn region(self) -> CensusRegion {
        STATES[self.0 as usize].2
    }
}

impl TryFrom<String> for UsState {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        UsState::parse(&value)
    }
}

impl From<UsState> for String {
    fn from(value: UsState) -> Self {
        value.code().to_owned()
    }
}

impl fmt::Display for UsState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_parse_by_code_and_name_and_know_their_region() {
        let ny = UsState::parse("ny").unwrap();
        assert_eq!(
            (ny.code(), ny.name(), ny.region()),
            ("NY", "New York", CensusRegion::Northeast)
        );
        assert_eq!(
            UsState::from_name("district of columbia").unwrap().region(),
            CensusRegion::South
        );
        assert_eq!(
            UsState::parse("PR").unwrap().region(),
            CensusRegion::Territories
        );
        assert!(UsState::parse("XX").is_err());
        assert!(UsState::parse("").is_err());
    }

    #[test]
    fn census_regions_hold_the_fifty_states_and_dc() {
        let counts: Vec<usize> = CensusRegion::ALL
            .iter()
            .map(|region| region.states().count())
            .collect();
        assert_eq!(counts, vec![9, 12, 17, 13, 5]);
        assert_eq!(
            CensusRegion::parse("midwest").unwrap(),
            CensusRegion::Midwest
        );
    }
}
