//! Query strings into domain types, shared by the pages and the API.
//!
//! Each parser returns either the parsed request or every problem found, each naming the
//! parameter (its path) and what was expected, so that a page can show the message beside its
//! field and the API can answer 422 with the same list. Empty values count as absent, because
//! forms submit their empty fields.

use catalog::{
    Catalog, CensusRegion, ProgramId, ProgramQuery, ProgramType, SpecialtyCode, UsState, VisaFilter,
};
use serde::Serialize;
use utoipa::ToSchema;

/// One bad input field.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldError {
    /// Where the bad value is: the query parameter's name, with an index for repeated ones
    /// (`ids[2]`).
    pub path: String,
    /// What a valid value looks like.
    pub expected: String,
    /// The value given, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// Whether `expected` is a whole sentence about the problem rather than a description of
    /// a valid value.
    #[serde(skip)]
    pub sentence: bool,
}

impl FieldError {
    /// An error at `path`: what was expected, and what was found.
    pub fn new(path: impl Into<String>, expected: impl Into<String>, found: Option<&str>) -> Self {
        FieldError {
            path: path.into(),
            expected: expected.into(),
            found: found.map(str::to_owned),
            sentence: false,
        }
    }

    /// An error at `path` described by a sentence of its own (the engine's reason).
    pub fn problem(path: impl Into<String>, reason: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            expected: reason.into(),
            found: None,
            sentence: true,
        }
    }

    /// The message shown beside a form field.
    pub fn message(&self) -> String {
        if self.sentence {
            let mut text = self.expected.clone();
            if let Some(first) = text.get(..1) {
                text.replace_range(..1, &first.to_uppercase());
            }
            if !text.ends_with('.') {
                text.push('.');
            }
            return text;
        }
        match &self.found {
            Some(found) => format!("Expected {}; “{}” is not.", self.expected, found),
            None => format!("Expected {}.", self.expected),
        }
    }
}

/// A decoded query string: its pairs in order, keys repeated as given.
#[derive(Debug, Clone, Default)]
pub struct QueryPairs(Vec<(String, String)>);

impl QueryPairs {
    /// Decodes `a=1&b=2` (absent means empty).
    pub fn parse(raw: Option<&str>) -> QueryPairs {
        QueryPairs(
            form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(key, value)| (key.into_owned(), value.into_owned()))
                .collect(),
        )
    }

    /// Every pair, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The first non-empty value of `key`, trimmed.
    pub fn first(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .find(|v| !v.is_empty())
    }

    /// Every non-empty value of `key`, also splitting comma-separated lists.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Every value of `key` as given, empty ones included (for redisplaying a form).
    pub fn raw_all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// What the API refuses in a query string: every key not in `known` (so that a misspelt
    /// filter is not silently ignored) and every known key given with an empty value (`limit=`
    /// is a mistake to name, not a parameter left out).
    pub fn refusals(&self, known: &[&str]) -> Vec<FieldError> {
        let mut errors = self.unknown_keys(known);
        for (key, value) in &self.0 {
            if known.contains(&key.as_str())
                && value.trim().is_empty()
                && !errors.iter().any(|e| &e.path == key)
            {
                errors.push(FieldError::new(
                    key.clone(),
                    "a value (leave the parameter out to use its default)",
                    Some(value.as_str()),
                ));
            }
        }
        errors
    }

    /// An error for every key not in `known`.
    fn unknown_keys(&self, known: &[&str]) -> Vec<FieldError> {
        let mut errors: Vec<FieldError> = Vec::new();
        for (key, _) in &self.0 {
            if !known.contains(&key.as_str()) && !errors.iter().any(|e| &e.path == key) {
                errors.push(FieldError::new(
                    key.clone(),
                    format!("no such parameter; known: {}", known.join(", ")),
                    None,
                ));
            }
        }
        errors
    }
}

/// The explorer's parameters, as their own names in the query string.
pub const EXPLORER_KEYS: [&str; 11] = [
    "specialty",
    "state",
    "region",
    "visa",
    "program_type",
    "min_positions",
    "min_img_share",
    "text",
    "page",
    "per_page",
    "sort",
];

/// The orders a program search can be listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProgramSort {
    /// The catalog's own order (by specialty, then as imported).
    #[default]
    Catalog,
    /// By name, A to Z.
    Name,
    /// By state, then name.
    State,
    /// Most first-year positions first.
    Positions,
    /// Highest share of IMG residents first; programs whose share is unknown last.
    ImgShare,
}

impl ProgramSort {
    /// Every order, as the explorer offers them.
    pub const ALL: [ProgramSort; 5] = [
        ProgramSort::Catalog,
        ProgramSort::Name,
        ProgramSort::State,
        ProgramSort::Positions,
        ProgramSort::ImgShare,
    ];

    /// The value in an address.
    pub fn key(self) -> &'static str {
        match self {
            ProgramSort::Catalog => "catalog",
            ProgramSort::Name => "name",
            ProgramSort::State => "state",
            ProgramSort::Positions => "positions",
            ProgramSort::ImgShare => "img_share",
        }
    }

    /// The order as people read it.
    pub fn label(self) -> &'static str {
        match self {
            ProgramSort::Catalog => "Specialty (catalog order)",
            ProgramSort::Name => "Name, A to Z",
            ProgramSort::State => "State, then name",
            ProgramSort::Positions => "Most positions first",
            ProgramSort::ImgShare => "Most IMG residents first",
        }
    }
}

/// Programs shown per page unless asked otherwise.
pub const DEFAULT_PER_PAGE: usize = 25;
/// The most programs one page may ask for.
pub const MAX_PER_PAGE: usize = 100;

/// A parsed program search with its page.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplorerRequest {
    /// The filters.
    pub query: ProgramQuery,
    /// The page, from 1.
    pub page: usize,
    /// Programs per page.
    pub per_page: usize,
    /// The order of the list.
    pub sort: ProgramSort,
}

/// Parses the explorer's parameters against the catalog (a specialty must be one it lists).
pub fn parse_explorer(
    catalog: &Catalog,
    pairs: &QueryPairs,
) -> Result<ExplorerRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let specialty =
        pairs
            .first("specialty")
            .and_then(|text| match parse_specialty(catalog, text) {
                Ok(code) => Some(code),
                Err(expected) => {
                    errors.push(FieldError::new("specialty", expected, Some(text)));
                    None
                }
            });
    let mut states = Vec::new();
    for text in pairs.all("state") {
        match UsState::parse(&text) {
            Ok(state) => states.push(state),
            Err(error) => errors.push(FieldError::new("state", error.expected, Some(&text))),
        }
    }
    let mut regions = Vec::new();
    for text in pairs.all("region") {
        match CensusRegion::parse(&text) {
            Ok(region) => regions.push(region),
            Err(error) => errors.push(FieldError::new("region", error.expected, Some(&text))),
        }
    }
    let visa = pairs
        .first("visa")
        .and_then(|text| match VisaFilter::parse(text) {
            Ok(visa) => Some(visa),
            Err(error) => {
                errors.push(FieldError::new("visa", error.expected, Some(text)));
                None
            }
        });
    let program_type =
        pairs
            .first("program_type")
            .and_then(|text| match ProgramType::parse(text) {
                Ok(program_type) => Some(program_type),
                Err(error) => {
                    errors.push(FieldError::new("program_type", error.expected, Some(text)));
                    None
                }
            });
    let min_positions = pairs
        .first("min_positions")
        .and_then(|text| match text.parse::<u16>() {
            Ok(n) if n <= 500 => Some(n),
            _ => {
                errors.push(FieldError::new(
                    "min_positions",
                    "a whole number of positions from 0 to 500",
                    Some(text),
                ));
                None
            }
        });
    let min_img_share = pairs
        .first("min_img_share")
        .and_then(|text| match text.parse::<f64>() {
            Ok(share) if (0.0..=100.0).contains(&share) => Some(share),
            _ => {
                errors.push(FieldError::new(
                    "min_img_share",
                    "a percentage from 0 to 100",
                    Some(text),
                ));
                None
            }
        });
    let text = pairs.first("text").map(str::to_owned);
    if text.as_ref().is_some_and(|text| text.chars().count() > 200) {
        errors.push(FieldError::new(
            "text",
            "at most 200 characters of search words",
            None,
        ));
    }
    let page = parse_count(pairs, "page", 1, MAX_PAGE, 1, &mut errors);
    let per_page = parse_count(
        pairs,
        "per_page",
        1,
        MAX_PER_PAGE,
        DEFAULT_PER_PAGE,
        &mut errors,
    );
    let sort = pairs
        .first("sort")
        .map_or(Some(ProgramSort::Catalog), |text| {
            let found = ProgramSort::ALL.into_iter().find(|s| s.key() == text);
            if found.is_none() {
                let keys: Vec<&str> = ProgramSort::ALL.iter().map(|s| s.key()).collect();
                errors.push(FieldError::new(
                    "sort",
                    format!("one of {}", keys.join(", ")),
                    Some(text),
                ));
            }
            found
        });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ExplorerRequest {
        query: ProgramQuery {
            specialty,
            states,
            regions,
            visa,
            program_type,
            min_positions,
            min_img_share,
            text,
        },
        page,
        per_page,
        sort: sort.unwrap_or_default(),
    })
}

fn parse_count(
    pairs: &QueryPairs,
    key: &str,
    min: usize,
    max: usize,
    default: usize,
    errors: &mut Vec<FieldError>,
) -> usize {
    match pairs.first(key) {
        None => default,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => n,
            _ => {
                let expected = if max >= usize::MAX / 2 {
                    format!("a whole number from {min}")
                } else {
                    format!("a whole number from {min} to {max}")
                };
                errors.push(FieldError::new(key, expected, Some(text)));
                default
            }
        },
    }
}

/// A specialty of the catalog by code (`140`), by name (`internal medicine`, an NRMP
/// track-list name such as `Surgery-General`, a short form such as `OB/GYN`) or by a part of
/// the name that only one specialty has, read by [`catalog::parse_specialty`]. The error is
/// what was expected.
pub fn parse_specialty(catalog: &Catalog, text: &str) -> Result<SpecialtyCode, String> {
    match catalog::parse_specialty(text, &catalog.specialties) {
        Ok(code) if catalog.specialty(code).is_some() => Ok(code),
        Ok(_) => Err("the code or name of a specialty in the catalog, such as 140".to_owned()),
        Err(catalog::SpecialtyNameError::Unknown(_)) => {
            Err("a specialty code such as 140 or a name such as Internal Medicine".to_owned())
        }
        Err(catalog::SpecialtyNameError::Ambiguous { candidates, .. }) => Err(format!(
            "one specialty; this could be {}",
            candidates
                .iter()
                .map(|specialty| format!("{} ({})", specialty.name, specialty.code))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The most programs a comparison shows side by side.
pub const MAX_COMPARED: usize = 4;

/// The highest page number the explorer's queries take (pages past the last are empty).
pub const MAX_PAGE: usize = usize::MAX / 2;

/// Parses `ids` (repeated or comma-separated): two to four programs of the catalog.
pub fn parse_compare(
    catalog: &Catalog,
    pairs: &QueryPairs,
) -> Result<Vec<ProgramId>, Vec<FieldError>> {
    let texts = pairs.all("ids");
    let mut errors = Vec::new();
    let mut ids: Vec<ProgramId> = Vec::new();
    for (index, text) in texts.iter().enumerate() {
        match ProgramId::parse(text) {
            Ok(id) if ids.contains(&id) => errors.push(FieldError::new(
                format!("ids[{index}]"),
                "each program once",
                Some(text),
            )),
            Ok(id) if catalog.program(&id).is_some() => ids.push(id),
            _ => errors.push(FieldError::new(
                format!("ids[{index}]"),
                "the id of a program in the catalog, such as those the explorer lists",
                Some(text),
            )),
        }
    }
    if errors.is_empty() && !(2..=MAX_COMPARED).contains(&ids.len()) {
        errors.push(FieldError::new(
            "ids",
            format!("two to {MAX_COMPARED} different program ids"),
            Some(&texts.join(",")),
        ));
    }
    if errors.is_empty() {
        Ok(ids)
    } else {
        Err(errors)
    }
}

/// The fee calculator's parameters.
pub const FEE_KEYS: [&str; 2] = ["programs", "season"];

/// The most programs the fee calculator prices in one specialty.
pub const MAX_PROGRAMS_PER_SPECIALTY: u32 = 1000;
/// The most specialties the fee calculator prices at once.
pub const MAX_FEE_SPECIALTIES: usize = 8;

/// A parsed fee question: programs applied to in each specialty, and the season.
#[derive(Debug, Clone, PartialEq)]
pub struct FeeRequest {
    /// ERAS season, e.g. `2025-2026`.
    pub season: &'static targets::FeeSchedule,
    /// Programs per specialty.
    pub programs: Vec<u32>,
}

/// Parses `programs` (one count per specialty, repeated or comma-separated) and `season`.
pub fn parse_fees(pairs: &QueryPairs) -> Result<FeeRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let seasons: Vec<&str> = targets::ERAS_FEE_SCHEDULES
        .iter()
        .map(|schedule| schedule.season)
        .collect();
    let season = match pairs.first("season") {
        None => targets::ERAS_FEE_SCHEDULES.last(),
        Some(text) => {
            let found = targets::FeeSchedule::for_season(text);
            if found.is_none() {
                errors.push(FieldError::new(
                    "season",
                    format!(
                        "an ERAS season with a known fee schedule: {}",
                        seasons.join(", ")
                    ),
                    Some(text),
                ));
            }
            found
        }
    };
    let texts = pairs.all("programs");
    let mut programs = Vec::new();
    for (index, text) in texts.iter().enumerate() {
        match text.parse::<u32>() {
            Ok(n) if n <= MAX_PROGRAMS_PER_SPECIALTY => programs.push(n),
            _ => errors.push(FieldError::new(
                format!("programs[{index}]"),
                format!("a whole number of programs from 0 to {MAX_PROGRAMS_PER_SPECIALTY}"),
                Some(text),
            )),
        }
    }
    if texts.is_empty() {
        errors.push(FieldError::new(
            "programs",
            "the number of programs in at least one specialty",
            None,
        ));
    } else if texts.len() > MAX_FEE_SPECIALTIES {
        errors.push(FieldError::new(
            "programs",
            format!("at most {MAX_FEE_SPECIALTIES} specialties"),
            None,
        ));
    }
    match (season, errors.is_empty()) {
        (Some(season), true) => Ok(FeeRequest { season, programs }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> QueryPairs {
        QueryPairs::parse(Some(text))
    }

    #[test]
    fn repeated_and_comma_separated_values_both_count() {
        let query = pairs("state=NY&state=&state=NJ,%20PA&text=");
        assert_eq!(query.all("state"), ["NY", "NJ", "PA"]);
        assert_eq!(query.first("text"), None);
        assert_eq!(query.raw_all("state").len(), 3);
    }

    #[test]
    fn fee_requests_name_each_bad_count() {
        let errors = parse_fees(&pairs("programs=40&programs=lots&season=1999")).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["season", "programs[1]"]);
        let ok = parse_fees(&pairs("programs=40,12")).unwrap();
        assert_eq!(ok.programs, [40, 12]);
        assert_eq!(ok.season.season, "2025-2026");
    }

    #[test]
    fn unknown_keys_are_listed_once() {
        let errors = pairs("statee=NY&statee=NJ&state=NY").refusals(&EXPLORER_KEYS);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, "statee");
        // An empty value of a known parameter is named too, once.
        let errors = pairs("limit=&page=%20&page=&state=NY").refusals(&EXPLORER_KEYS);
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["limit", "page"]);
    }
}
