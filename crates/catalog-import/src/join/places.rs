//! Where an NRMP institution is, when its listing does not end in a state.
//!
//! Most NRMP institution names end in a state (`-NY`); some end in a city or a campus
//! instead, and a few in nothing. The state is then read from a city in the suffix (a small
//! table of US cities), from another track of the same institution that has a state, or,
//! more weakly, from a state named in the institution's name (`... of Kansas ...`).

use catalog::UsState;

use super::names::{AMBIGUOUS_POSTAL_CODES, split_words};

/// What is known of an institution's state, and how firmly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Whereabouts {
    /// The listing says the state, or a city in its suffix does: a program elsewhere cannot
    /// be this institution.
    Firm(UsState),
    /// The name mentions these states; a program in one of them agrees, any other program
    /// is compared as if the state were unknown.
    Hinted(Vec<UsState>),
    /// Nothing says where the institution is.
    Unknown,
}

impl Whereabouts {
    /// Whether a program in `state` agrees with this: `Some(true)` agrees, `Some(false)`
    /// contradicts, `None` cannot tell.
    pub(crate) fn agrees_with(&self, state: UsState) -> Option<bool> {
        match self {
            Whereabouts::Firm(firm) => Some(*firm == state),
            Whereabouts::Hinted(states) if states.contains(&state) => Some(true),
            Whereabouts::Hinted(_) | Whereabouts::Unknown => None,
        }
    }
}

/// US cities that NRMP listings use as suffixes or that commonly name teaching hospitals,
/// with every state that has a city of that name.
const CITIES: &[(&str, &[&str])] = &[
    ("albany", &["NY", "GA"]),
    ("albuquerque", &["NM"]),
    ("allentown", &["PA"]),
    ("amarillo", &["TX"]),
    ("anchorage", &["AK"]),
    ("ann arbor", &["MI"]),
    ("asheville", &["NC"]),
    ("atlanta", &["GA"]),
    ("augusta", &["GA", "ME"]),
    ("austin", &["TX"]),
    ("bakersfield", &["CA"]),
    ("baltimore", &["MD"]),
    ("baton rouge", &["LA"]),
    ("billings", &["MT"]),
    ("birmingham", &["AL", "MI"]),
    ("boise", &["ID"]),
    ("boston", &["MA"]),
    ("bronx", &["NY"]),
    ("brooklyn", &["NY"]),
    ("bryan", &["TX"]),
    ("buffalo", &["NY"]),
    ("burlington", &["VT", "MA", "NC"]),
    ("camden", &["NJ"]),
    ("casper", &["WY"]),
    ("cedar rapids", &["IA"]),
    ("charleston", &["SC", "WV"]),
    ("charlotte", &["NC"]),
    ("charlottesville", &["VA"]),
    ("chattanooga", &["TN"]),
    ("cheyenne", &["WY"]),
    ("chicago", &["IL"]),
    ("cincinnati", &["OH"]),
    ("cleveland", &["OH"]),
    ("college station", &["TX"]),
    ("colorado springs", &["CO"]),
    ("columbia", &["SC", "MO", "MD"]),
    ("columbus", &["OH", "GA"]),
    ("corpus christi", &["TX"]),
    ("dallas", &["TX"]),
    ("danville", &["PA", "VA", "IL"]),
    ("davenport", &["IA"]),
    ("dayton", &["OH"]),
    ("dearborn", &["MI"]),
    ("denver", &["CO"]),
    ("des moines", &["IA"]),
    ("detroit", &["MI"]),
    ("durham", &["NC"]),
    ("east lansing", &["MI"]),
    ("el paso", &["TX"]),
    ("erie", &["PA"]),
    ("evansville", &["IN"]),
    ("fargo", &["ND"]),
    ("fayetteville", &["AR", "NC"]),
    ("flint", &["MI"]),
    ("fort lauderdale", &["FL"]),
    ("fort wayne", &["IN"]),
    ("fort worth", &["TX"]),
    ("fresno", &["CA"]),
    ("gainesville", &["FL", "GA"]),
    ("galveston", &["TX"]),
    ("grand rapids", &["MI"]),
    ("greensboro", &["NC"]),
    ("greenville", &["SC", "NC"]),
    ("harrisburg", &["PA"]),
    ("hattiesburg", &["MS"]),
    ("hartford", &["CT"]),
    ("honolulu", &["HI"]),
    ("houston", &["TX"]),
    ("huntington", &["WV", "NY"]),
    ("huntsville", &["AL", "TX"]),
    ("indianapolis", &["IN"]),
    ("iowa city", &["IA"]),
    ("jackson", &["MS", "MI", "TN"]),
    ("jacksonville", &["FL", "NC"]),
    ("johnson city", &["TN", "NY"]),
    ("kalamazoo", &["MI"]),
    ("kansas city", &["MO", "KS"]),
    ("knoxville", &["TN"]),
    ("lafayette", &["LA", "IN"]),
    ("lansing", &["MI"]),
    ("las vegas", &["NV"]),
    ("lexington", &["KY"]),
    ("lincoln", &["NE"]),
    ("little rock", &["AR"]),
    ("long beach", &["CA"]),
    ("los angeles", &["CA"]),
    ("louisville", &["KY"]),
    ("lubbock", &["TX"]),
    ("macon", &["GA"]),
    ("madison", &["WI"]),
    ("manhattan", &["NY", "KS"]),
    ("memphis", &["TN"]),
    ("miami", &["FL"]),
    ("milwaukee", &["WI"]),
    ("minneapolis", &["MN"]),
    ("mobile", &["AL"]),
    ("montgomery", &["AL"]),
    ("morgantown", &["WV"]),
    ("nashville", &["TN"]),
    ("new haven", &["CT"]),
    ("new orleans", &["LA"]),
    ("newark", &["NJ", "DE"]),
    ("norfolk", &["VA"]),
    ("oakland", &["CA", "MI"]),
    ("odessa", &["TX"]),
    ("oklahoma city", &["OK"]),
    ("omaha", &["NE"]),
    ("orlando", &["FL"]),
    ("pensacola", &["FL"]),
    ("peoria", &["IL", "AZ"]),
    ("philadelphia", &["PA"]),
    ("phoenix", &["AZ"]),
    ("pittsburgh", &["PA"]),
    ("portland", &["OR", "ME"]),
    ("providence", &["RI"]),
    ("queens", &["NY"]),
    ("raleigh", &["NC"]),
    ("reno", &["NV"]),
    ("richmond", &["VA"]),
    ("roanoke", &["VA"]),
    ("rochester", &["NY", "MN"]),
    ("rockford", &["IL"]),
    ("sacramento", &["CA"]),
    ("saginaw", &["MI"]),
    ("salt lake city", &["UT"]),
    ("san antonio", &["TX"]),
    ("san diego", &["CA"]),
    ("san francisco", &["CA"]),
    ("san jose", &["CA"]),
    ("san juan", &["PR"]),
    ("savannah", &["GA"]),
    ("scranton", &["PA"]),
    ("seattle", &["WA"]),
    ("shreveport", &["LA"]),
    ("sioux falls", &["SD"]),
    ("spokane", &["WA"]),
    ("springfield", &["MA", "IL", "MO"]),
    ("st louis", &["MO"]),
    ("st paul", &["MN"]),
    ("st petersburg", &["FL"]),
    ("staten island", &["NY"]),
    ("stockton", &["CA"]),
    ("syracuse", &["NY"]),
    ("tacoma", &["WA"]),
    ("tallahassee", &["FL"]),
    ("tampa", &["FL"]),
    ("temple", &["TX"]),
    ("toledo", &["OH"]),
    ("topeka", &["KS"]),
    ("tucson", &["AZ"]),
    ("tulsa", &["OK"]),
    ("tuscaloosa", &["AL"]),
    ("tyler", &["TX"]),
    ("washington", &["DC"]),
    ("wichita", &["KS"]),
    ("wilmington", &["DE", "NC"]),
    ("winston salem", &["NC"]),
    ("worcester", &["MA"]),
    ("youngstown", &["OH"]),
];

/// State names that, inside an institution's name, often do not mean the state (a university
/// named after a person).
const AMBIGUOUS_STATE_NAMES: &[&str] = &["Washington"];

/// The text after an institution name's last hyphen, which the NRMP list uses for the state
/// or, for some institutions, a city or campus.
pub(crate) fn name_suffix(institution_name: &str) -> Option<&str> {
    institution_name
        .rsplit_once('-')
        .map(|(_, suffix)| suffix.trim())
        .filter(|suffix| !suffix.is_empty())
}

/// The institution name without a trailing `-<state>` when the listing gives the state.
pub(crate) fn name_without_state(institution_name: &str, state: Option<UsState>) -> &str {
    match (name_suffix(institution_name), state) {
        (Some(suffix), Some(state)) if suffix.eq_ignore_ascii_case(state.code()) => {
            institution_name
                .rsplit_once('-')
                .map_or(institution_name, |(name, _)| name.trim_end())
        }
        _ => institution_name,
    }
}

/// A city named by consecutive words of a text, as the table spells it.
struct CityMention {
    city: &'static str,
    states: Vec<UsState>,
    /// The text without the city's words.
    rest: String,
}

/// Words as the city table spells them: lower case, with "saint" written "st".
fn city_words(written: &[String]) -> Vec<String> {
    written
        .iter()
        .map(|word| word.to_lowercase())
        .map(|word| {
            if word == "saint" {
                "st".to_owned()
            } else {
                word
            }
        })
        .collect()
}

/// The city named by consecutive words of `text` (the longest name wins).
fn city_mention(text: &str) -> Option<CityMention> {
    let written = split_words(text);
    let words = city_words(&written);
    for length in (1..=3).rev() {
        for start in 0..words.len().saturating_sub(length - 1) {
            let phrase = words[start..start + length].join(" ");
            if let Some((city, states)) = CITIES.iter().find(|(city, _)| *city == phrase) {
                let states = states
                    .iter()
                    .map(|code| UsState::parse(code).expect("the city table holds postal codes"))
                    .collect();
                let rest = written[..start]
                    .iter()
                    .chain(&written[start + length..])
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" ");
                return Some(CityMention { city, states, rest });
            }
        }
    }
    None
}

/// The city named by consecutive words of `text`, with its states.
fn city_in(text: &str) -> Option<(&'static str, Vec<UsState>)> {
    city_mention(text).map(|mention| (mention.city, mention.states))
}

/// A city that a track's name names (a campus in another city), with its states.
pub(crate) fn campus_city(track_name: &str) -> Option<(&'static str, Vec<UsState>)> {
    city_in(track_name)
}

/// The city an institution name's suffix names, as the table spells it.
pub(crate) fn suffix_city(institution_name: &str) -> Option<&'static str> {
    name_suffix(institution_name)
        .and_then(city_in)
        .map(|(city, _)| city)
}

/// A program's city as the table spells it, when the table has it.
pub(crate) fn known_city(city: &str) -> Option<&'static str> {
    let (found, _) = city_in(city)?;
    let whole = city_words(&split_words(city));
    (whole.join(" ") == found).then_some(found)
}

/// States a name mentions by full name (longest first, so `West Virginia` is not `Virginia`)
/// or by a capitalized postal code.
fn named_states(name: &str) -> Vec<UsState> {
    let written = split_words(name);
    let lower: Vec<String> = written.iter().map(|word| word.to_lowercase()).collect();
    let mut states = Vec::new();
    let mut covered = vec![false; lower.len()];
    for length in (1..=3).rev() {
        for start in 0..lower.len().saturating_sub(length - 1) {
            if covered[start..start + length].iter().any(|c| *c) {
                continue;
            }
            let phrase = lower[start..start + length].join(" ");
            if let Some(state) = UsState::from_name(&phrase)
                && !AMBIGUOUS_STATE_NAMES.contains(&state.name())
            {
                covered[start..start + length]
                    .iter_mut()
                    .for_each(|c| *c = true);
                if !states.contains(&state) {
                    states.push(state);
                }
            }
        }
    }
    for word in &written {
        if word.len() == 2
            && word.chars().all(|c| c.is_ascii_uppercase())
            && !AMBIGUOUS_POSTAL_CODES.contains(&word.as_str())
            && let Ok(state) = UsState::parse(word)
            && !states.contains(&state)
        {
            states.push(state);
        }
    }
    states
}

/// Where an institution is, from its name and the states its tracks give (if any).
pub(crate) fn whereabouts(institution_name: &str, listed_states: &[UsState]) -> Whereabouts {
    if let Some(state) = listed_states.first() {
        return Whereabouts::Firm(*state);
    }
    let suffix = name_suffix(institution_name);
    let mention = suffix.and_then(city_mention);
    // The words of a city in the suffix (`Kansas City`) are not a mention of a state.
    let named = match (&mention, suffix) {
        (Some(mention), Some(suffix)) => {
            let before = &institution_name[..institution_name.len() - suffix.len()];
            named_states(&format!("{before} {}", mention.rest))
        }
        _ => named_states(institution_name),
    };
    if let Some(mention) = mention {
        let agreed: Vec<UsState> = mention
            .states
            .iter()
            .copied()
            .filter(|state| named.contains(state))
            .collect();
        match (mention.states.len(), agreed.len()) {
            (_, 1) => return Whereabouts::Firm(agreed[0]),
            (1, 0) if named.is_empty() => return Whereabouts::Firm(mention.states[0]),
            _ => {}
        }
    }
    if named.is_empty() {
        Whereabouts::Unknown
    } else {
        Whereabouts::Hinted(named)
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    fn check(name: &str, expected: Expect) {
        let shown = match whereabouts(name, &[]) {
            Whereabouts::Firm(state) => format!("firm {state}"),
            Whereabouts::Hinted(states) => format!(
                "hinted {}",
                states
                    .into_iter()
                    .map(UsState::code)
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Whereabouts::Unknown => "unknown".to_owned(),
        };
        expected.assert_eq(&shown);
    }

    #[test]
    fn a_city_suffix_gives_the_state() {
        check("Prairie Univ COM-Tulsa", expect!["firm OK"]);
        check("Redrock SOM-Salt Lake City", expect!["firm UT"]);
    }

    #[test]
    fn a_city_in_several_states_needs_the_name_to_choose() {
        check(
            "Bluestem Kansas Teaching Hosps-Kansas City",
            expect!["firm KS"],
        );
        check("Meadow Teaching Hosps-Kansas City", expect!["unknown"]);
        check("Palmetto Teaching Hosp SC Columbia", expect!["hinted SC"]);
        check("Palmetto Teaching Hosp SC-Columbia", expect!["firm SC"]);
    }

    #[test]
    fn a_state_in_the_name_is_only_a_hint() {
        check("Upper Vermont Medical Center", expect!["hinted VT"]);
        check("Ridge Hosp of West Virginia", expect!["hinted WV"]);
        check("Hosp of the Keystone Univ of PA", expect!["hinted PA"]);
        check("Washington Fictional Univ", expect!["unknown"]);
        check("Quarry VA Med Ctr", expect!["unknown"]);
        check("Lakeshore Health-Riverside Campus", expect!["unknown"]);
    }

    #[test]
    fn a_listed_state_wins() {
        let ny = UsState::parse("NY").unwrap();
        assert_eq!(
            whereabouts("Anywhere Hosp-Tulsa", &[ny]),
            Whereabouts::Firm(ny)
        );
        assert_eq!(
            name_without_state("Anywhere Hosp-NY", Some(ny)),
            "Anywhere Hosp"
        );
        assert_eq!(
            name_without_state("Anywhere Hosp-Tulsa", None),
            "Anywhere Hosp-Tulsa"
        );
    }
}
