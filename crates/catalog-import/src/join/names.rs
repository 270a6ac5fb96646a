//! Names as the join compares them: words, abbreviations spelled out, acronyms, and weights
//! that make rare words count more than common ones.
//!
//! FREIDA spells names out ("University Medical Center") while the NRMP list abbreviates them
//! ("Univ Med Ctr"), so both sides are brought to one canonical vocabulary before comparing.
//! Institution-specific acronyms are never listed here: they are recognised at run time by
//! comparing an acronym with the initials of the other name's words.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use catalog::UsState;

/// A name split into canonical tokens, with the words they came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Name {
    /// Distinct canonical tokens, in order of first appearance.
    pub(crate) tokens: Vec<Token>,
    /// The words of the name, lowercase, without stop words, for acronym matching.
    pub(crate) words: Vec<Word>,
}

/// One canonical token of a name.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// The canonical spelling, e.g. `hospital` for `Hosp`.
    pub(crate) text: String,
    /// The indices into [`Name::words`] this token came from.
    pub(crate) words: Vec<usize>,
    /// The token's weight, once [`Weights::weigh`] has set it.
    pub(crate) weight: f64,
    /// Tokens of the same name that this token, an acronym, spells out (`Teal Institute
    /// ... (TI)`): when the acronym matches, so do they.
    pub(crate) spells: Vec<usize>,
    /// Whether the token only says where (a campus in parentheses, a city suffix) rather
    /// than who.
    pub(crate) qualifier: bool,
}

/// One word of a name as written.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// The word, lowercase.
    pub(crate) lower: String,
    /// Whether the word was written as an acronym (2 to 6 capital letters) that the
    /// abbreviation table does not know.
    pub(crate) acronym: bool,
}

/// Abbreviations and spelling variants, each with the canonical tokens it stands for. Only
/// general words of hospital and school names belong here.
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("med", &["medical"]),
    ("medicine", &["medical"]),
    ("medl", &["medical"]),
    ("ctr", &["center"]),
    ("ctrs", &["center"]),
    ("cntr", &["center"]),
    ("centers", &["center"]),
    ("centre", &["center"]),
    ("hosp", &["hospital"]),
    ("hosps", &["hospital"]),
    ("hospitals", &["hospital"]),
    ("u", &["university"]),
    ("univ", &["university"]),
    ("universities", &["university"]),
    ("som", &["school", "medical"]),
    ("sch", &["school"]),
    ("schl", &["school"]),
    ("schools", &["school"]),
    ("com", &["school", "medical"]),
    // "College of Medicine" and "School of Medicine" name the same kind of school, and the
    // two lists do not always agree on which.
    ("coll", &["school"]),
    ("college", &["school"]),
    ("colleges", &["school"]),
    ("hlth", &["health"]),
    ("hsc", &["health", "science", "center"]),
    ("sys", &["system"]),
    ("syst", &["system"]),
    ("systems", &["system"]),
    ("saint", &["st"]),
    ("ste", &["st"]),
    ("mt", &["mount"]),
    ("ft", &["fort"]),
    ("affil", &["affiliated"]),
    ("affiliate", &["affiliated"]),
    ("affiliates", &["affiliated"]),
    ("fdn", &["foundation"]),
    ("fndn", &["foundation"]),
    ("reg", &["regional"]),
    ("regl", &["regional"]),
    ("comm", &["community"]),
    ("gen", &["general"]),
    ("mem", &["memorial"]),
    ("meml", &["memorial"]),
    ("osteo", &["osteopathic"]),
    ("inst", &["institute"]),
    ("sci", &["science"]),
    ("scis", &["science"]),
    ("sciences", &["science"]),
    ("ed", &["education"]),
    ("educ", &["education"]),
    ("educational", &["education"]),
    ("grad", &["graduate"]),
    ("gme", &["graduate", "medical", "education"]),
    ("natl", &["national"]),
    ("intl", &["international"]),
    ("cty", &["county"]),
    ("svcs", &["services"]),
    ("svc", &["services"]),
    ("service", &["services"]),
    ("assoc", &["associates"]),
    ("presby", &["presbyterian"]),
    ("bapt", &["baptist"]),
    ("meth", &["methodist"]),
    ("luth", &["lutheran"]),
    ("childrens", &["children"]),
    ("n", &["north"]),
    ("s", &["south"]),
    ("e", &["east"]),
    ("w", &["west"]),
    ("no", &["north"]),
    ("so", &["south"]),
    ("consortia", &["consortium"]),
    ("corp", &["corporation"]),
    ("dept", &["department"]),
    ("res", &["research"]),
    ("twp", &["township"]),
    ("pt", &["point"]),
    ("sf", &["san", "francisco"]),
    ("prim", &["primary"]),
    ("sw", &["southwest"]),
    ("se", &["southeast"]),
    ("nw", &["northwest"]),
    ("ne", &["northeast"]),
];

/// Words that say nothing about which institution a name is.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "in", "inc", "llc", "ltd", "of", "on", "the", "program",
    "programs", "prog", "progs", "pgm", "dba",
];

/// Splits text into words: apostrophes vanish (`Luke's` is `Lukes`), any other character that
/// is not a letter or digit separates words, and joined words (`RiverHealth`, `QZHealth`) are
/// split where their capitals say a new word starts.
pub(crate) fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c == '\'' || c == '\u{2019}' {
            continue;
        }
        if c.is_alphanumeric() {
            current.push(c);
        } else if !current.is_empty() {
            words.extend(split_joined_word(&current));
            current.clear();
        }
    }
    if !current.is_empty() {
        words.extend(split_joined_word(&current));
    }
    words
}

/// Splits `RiverHealth` into `River` and `Health` and `QZHealth` into `QZ` and `Health`, but
/// leaves short prefixes alone (`McArdle`, `DeWitt`), which are parts of one name.
fn split_joined_word(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let segment = i - start;
        let lower_then_upper =
            chars[i - 1].is_lowercase() && chars[i].is_uppercase() && segment >= 3;
        let acronym_then_word = chars[i - 1].is_uppercase()
            && chars[i].is_uppercase()
            && chars.get(i + 1).is_some_and(|next| next.is_lowercase())
            && segment >= 2
            && chars[start..i].iter().all(|c| c.is_uppercase());
        if lower_then_upper || acronym_then_word {
            parts.push(chars[start..i].iter().collect());
            start = i;
        }
    }
    parts.push(chars[start..].iter().collect());
    parts
}

/// The abbreviation table by abbreviation.
fn abbreviations() -> &'static HashMap<&'static str, &'static [&'static str]> {
    static TABLE: OnceLock<HashMap<&'static str, &'static [&'static str]>> = OnceLock::new();
    TABLE.get_or_init(|| ABBREVIATIONS.iter().copied().collect())
}

/// The canonical tokens a lowercase word stands for; empty for a stop word.
fn canonical(lower: &str) -> Vec<String> {
    if STOP_WORDS.contains(&lower) {
        return Vec::new();
    }
    match abbreviations().get(lower) {
        Some(long) => long.iter().map(|token| (*token).to_owned()).collect(),
        None => vec![lower.to_owned()],
    }
}

/// Postal codes that, written in capitals inside a name, usually mean something else
/// (Veterans Affairs, Los Angeles, a doctor of medicine, a company or county).
pub(crate) const AMBIGUOUS_POSTAL_CODES: &[&str] =
    &["VA", "LA", "MD", "CO", "DO", "ME", "IN", "OR"];

/// The words of the state a capitalized postal code stands for (`PA` is `pennsylvania`), so
/// that an abbreviated name agrees with a spelled-out one.
fn state_words(written: &str) -> Option<Vec<String>> {
    if written.len() != 2
        || !written.chars().all(|c| c.is_ascii_uppercase())
        || AMBIGUOUS_POSTAL_CODES.contains(&written)
    {
        return None;
    }
    let state = UsState::parse(written).ok()?;
    Some(
        split_words(state.name())
            .iter()
            .map(|word| word.to_lowercase())
            .collect(),
    )
}

/// Joins initials written apart (`Q R`, `Q-RS`) into one acronym, when one of them is a single
/// letter and the others are at most two capitals. Each word comes with whether it was
/// joined so, since joined initials are an acronym and never an abbreviation (`N&W` is not
/// `NW`, northwest).
fn merge_initials(words: Vec<String>) -> Vec<(String, bool)> {
    let short_capitals = |word: &str| {
        (1..=2).contains(&word.len())
            && word.chars().all(|c| c.is_ascii_uppercase())
            && state_words(word).is_none()
            && word != "U"
    };
    let mut merged: Vec<(String, bool)> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, merged: &mut Vec<(String, bool)>| {
        if run.len() >= 2 && run.iter().any(|word| word.len() == 1) {
            merged.push((run.concat(), true));
        } else {
            merged.extend(run.drain(..).map(|word| (word, false)));
        }
        run.clear();
    };
    for word in words {
        if short_capitals(&word) {
            run.push(word);
        } else {
            flush(&mut run, &mut merged);
            merged.push((word, false));
        }
    }
    flush(&mut run, &mut merged);
    merged
}

/// Where a run of consecutive words spells `acronym`: each word gives its initial, or, when
/// it is itself an acronym, all of its letters (`QSU Health Sciences Center` spells `qsuhsc`).
fn spelled_run(acronym: &str, words: &[Word]) -> Option<std::ops::Range<usize>> {
    fn spells_from(acronym: &str, words: &[Word], at: usize) -> Option<usize> {
        if acronym.is_empty() {
            return Some(at);
        }
        let word = words.get(at)?;
        if word.acronym
            && let Some(rest) = acronym.strip_prefix(word.lower.as_str())
            && let Some(end) = spells_from(rest, words, at + 1)
        {
            return Some(end);
        }
        let initial = word.lower.chars().next()?;
        let rest = acronym.strip_prefix(initial)?;
        spells_from(rest, words, at + 1)
    }
    // An acronym has at least two letters.
    acronym.chars().nth(1)?;
    (0..words.len()).find_map(|start| spells_from(acronym, words, start).map(|end| start..end))
}

impl Name {
    /// Normalizes a name.
    pub(crate) fn new(text: &str) -> Name {
        let mut name = Name::default();
        for (written, joined_initials) in merge_initials(split_words(text)) {
            let lower = written.to_lowercase();
            let state = state_words(&written);
            let tokens = match &state {
                Some(words) => words.clone(),
                None if joined_initials => vec![lower.clone()],
                None => canonical(&lower),
            };
            if tokens.is_empty() {
                continue;
            }
            let known_abbreviation =
                !joined_initials && abbreviations().contains_key(lower.as_str());
            let letters = written.chars().count();
            let acronym = !known_abbreviation
                && state.is_none()
                && (2..=6).contains(&letters)
                && written.chars().all(|c| c.is_ascii_uppercase());
            let index = name.words.len();
            name.words.push(Word { lower, acronym });
            for text in tokens {
                match name.tokens.iter_mut().find(|token| token.text == text) {
                    Some(token) => token.words.push(index),
                    None => name.tokens.push(Token {
                        text,
                        words: vec![index],
                        weight: 1.0,
                        spells: Vec::new(),
                        qualifier: false,
                    }),
                }
            }
        }
        name.link_spelled_out_acronyms();
        name
    }

    /// Marks as qualifiers the tokens of `qualifier` (a part of the name that says where)
    /// that the rest of the name does not also have.
    pub(crate) fn mark_qualifiers(&mut self, qualifier: &str, rest: &str) {
        let qualifier = Name::new(qualifier);
        let rest = Name::new(rest);
        for token in &mut self.tokens {
            if qualifier.has(&token.text) && !rest.has(&token.text) {
                token.qualifier = true;
            }
        }
    }

    /// A program name whose parenthesized words that are `places` (its city, say) are
    /// qualifiers: `(Lakeside)` in a program in Lakeside says where, while `(Lakeside
    /// Hospital)` in a program elsewhere names a hospital.
    pub(crate) fn program(text: &str, places: &Name) -> Name {
        if !text.contains(['(', '[']) {
            return Name::new(text);
        }
        let mut inside = String::new();
        let mut outside = String::new();
        let mut depth = 0usize;
        for c in text.chars() {
            match c {
                '(' | '[' => {
                    depth += 1;
                    inside.push(' ');
                }
                ')' | ']' => {
                    depth = depth.saturating_sub(1);
                    inside.push(' ');
                }
                _ if depth > 0 => inside.push(c),
                _ => outside.push(c),
            }
        }
        let mut name = Name::new(text);
        let inside = Name::new(&inside);
        let outside = Name::new(&outside);
        for token in &mut name.tokens {
            if inside.has(&token.text) && !outside.has(&token.text) && places.has(&token.text) {
                token.qualifier = true;
            }
        }
        name
    }

    /// Finds acronyms that the name also spells out, before or after them.
    fn link_spelled_out_acronyms(&mut self) {
        for index in 0..self.tokens.len() {
            let Some(&word) = self.tokens[index].words.first() else {
                continue;
            };
            if !self.words[word].acronym {
                continue;
            }
            let acronym = self.words[word].lower.as_str();
            let before = spelled_run(acronym, &self.words[..word]);
            let after = spelled_run(acronym, &self.words[word + 1..])
                .map(|run| run.start + word + 1..run.end + word + 1);
            if let Some(run) = before.or(after) {
                self.tokens[index].spells = (0..self.tokens.len())
                    .filter(|other| {
                        self.tokens[*other]
                            .words
                            .iter()
                            .any(|word| run.contains(word))
                    })
                    .collect();
            }
        }
    }

    /// The name with some tokens removed (by canonical text).
    pub(crate) fn without(&self, removed: &HashSet<&str>) -> Name {
        Name {
            tokens: self
                .tokens
                .iter()
                .filter(|token| !removed.contains(token.text.as_str()))
                .cloned()
                .collect(),
            words: self.words.clone(),
        }
    }

    /// The name's tokens, sorted and joined: two names with one key say the same.
    pub(crate) fn key(&self) -> String {
        let mut texts: Vec<&str> = self
            .tokens
            .iter()
            .map(|token| token.text.as_str())
            .collect();
        texts.sort_unstable();
        texts.join(" ")
    }

    /// Whether the name has this canonical token.
    pub(crate) fn has(&self, text: &str) -> bool {
        self.tokens.iter().any(|token| token.text == text)
    }

    /// Where a run of consecutive words spells `acronym`, the run's range.
    pub(crate) fn initials_run(&self, acronym: &str) -> Option<std::ops::Range<usize>> {
        spelled_run(acronym, &self.words)
    }

    /// How much of an acronym the initials of this name's words spell from its start: the
    /// share of its letters (at least three of them, unless it is shorter) and the words that
    /// spelled them. Long acronyms often glue a school's initials to an abbreviation.
    pub(crate) fn acronym_credit(&self, acronym: &str) -> Option<(f64, std::ops::Range<usize>)> {
        let letters = acronym.chars().count();
        (letters.min(3)..=letters).rev().find_map(|length| {
            let end = acronym
                .char_indices()
                .nth(length)
                .map_or(acronym.len(), |(at, _)| at);
            self.initials_run(&acronym[..end])
                .map(|run| (length as f64 / letters as f64, run))
        })
    }
}

/// Inverse document frequencies of tokens over a set of names: a token found in few names
/// weighs more than one found in many (`hospital` weighs little, a place name much).
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    frequency: HashMap<String, usize>,
    documents: f64,
}

/// A token found in at least this many names is a word in its own right, never a shortened
/// spelling of a longer one (`North` is not `Northgate`).
const WHOLE_WORD_FREQUENCY: usize = 3;

impl Weights {
    /// Weights from every name the join compares.
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a Name>) -> Weights {
        let mut documents = 0usize;
        let mut frequency: HashMap<String, usize> = HashMap::new();
        for name in names {
            documents += 1;
            for token in &name.tokens {
                *frequency.entry(token.text.clone()).or_default() += 1;
            }
        }
        Weights {
            frequency,
            documents: documents.max(1) as f64,
        }
    }

    /// The weight of a canonical token.
    pub(crate) fn of(&self, token: &str) -> f64 {
        // Digits (track numbers, years) say little about an institution.
        if token.chars().all(|c| c.is_ascii_digit()) {
            return 0.2;
        }
        let count = self.frequency.get(token).copied().unwrap_or(0) as f64;
        (1.0 + self.documents / count.max(1.0)).ln()
    }

    /// Whether a token is common: found in more than one name in thirty (`medical`,
    /// `hospital`).
    pub(crate) fn is_common(&self, token: &str) -> bool {
        self.frequency.get(token).copied().unwrap_or(0) as f64 * 30.0 > self.documents
    }

    /// Sets the weight of every token of a name.
    pub(crate) fn weigh(&self, name: &mut Name) {
        for token in &mut name.tokens {
            token.weight = self.of(&token.text);
        }
    }

    /// How well two tokens agree: 1 when equal; less for a shortened spelling (`Teach` and
    /// `Teaching`) or a one-letter slip in a long word; 0 otherwise.
    pub(crate) fn agreement(&self, a: &str, b: &str) -> f64 {
        if a == b {
            return 1.0;
        }
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        if short.len() >= 4
            && long.starts_with(short)
            && self.frequency.get(short).copied().unwrap_or(0) < WHOLE_WORD_FREQUENCY
        {
            return 0.85;
        }
        if short.len() >= 6 && one_edit_apart(short, long) {
            return 0.85;
        }
        0.0
    }
}

/// Whether two words differ by one inserted, deleted or replaced letter.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let mut short_chars = short.chars();
    let mut long_chars = long.chars();
    loop {
        match (short_chars.next(), long_chars.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => return true,
            (None, Some(_)) => return long_chars.next().is_none(),
            (Some(_), None) => return false,
            (Some(x), Some(_)) => {
                // Either this letter was replaced, or one was inserted into the longer word.
                let (short_rest, long_rest) = (short_chars.as_str(), long_chars.as_str());
                return short_rest == long_rest || long_rest.strip_prefix(x) == Some(short_rest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    fn check(text: &str, expected: Expect) {
        let name = Name::new(text);
        let tokens: Vec<String> = name.tokens.iter().map(|token| token.text.clone()).collect();
        let acronyms: Vec<&str> = name
            .words
            .iter()
            .filter(|word| word.acronym)
            .map(|word| word.lower.as_str())
            .collect();
        expected.assert_eq(&format!("{} | acronyms {acronyms:?}", tokens.join(" ")));
    }

    #[test]
    fn abbreviations_become_canonical_tokens() {
        check(
            "Lakeview Univ Med Ctr-Hosps",
            expect![[r#"lakeview university medical center hospital | acronyms []"#]],
        );
        check(
            "Lakeview University Medical Center Hospitals Program",
            expect![[r#"lakeview university medical center hospital | acronyms []"#]],
        );
        check(
            "Pinecrest SOM Affil Hosps",
            expect![[r#"pinecrest school medical affiliated hospital | acronyms []"#]],
        );
        check(
            "Saint Ottilie's Hosp of the N Shore",
            expect![[r#"st ottilies hospital north shore | acronyms []"#]],
        );
    }

    #[test]
    fn joined_words_split_but_short_prefixes_stay() {
        check(
            "RiverHealth/McArdle Hosp",
            expect![[r#"river health mcardle hospital | acronyms []"#]],
        );
        check(
            "QZHealth DeWitt",
            expect![[r#"qz health dewitt | acronyms ["qz"]"#]],
        );
    }

    #[test]
    fn postal_codes_become_states_and_initials_written_apart_join() {
        check(
            "Hosp of the Keystone Univ of PA",
            expect!["hospital keystone university pennsylvania | acronyms []"],
        );
        check(
            "B I Quillfeather Med Ctr-VA",
            expect![[r#"bi quillfeather medical center va | acronyms ["bi", "va"]"#]],
        );
        check(
            "Oakmere N&W Hosp",
            expect![[r#"oakmere nw hospital | acronyms ["nw"]"#]],
        );
    }

    #[test]
    fn parenthesized_places_are_qualifiers_but_parenthesized_hospitals_are_not() {
        let city = Name::new("Elm Falls");
        let show = |name: Name| {
            name.tokens
                .iter()
                .map(|token| format!("{}{}", token.text, if token.qualifier { "*" } else { "" }))
                .collect::<Vec<_>>()
                .join(" ")
        };
        expect!["juniper university elm* falls*"].assert_eq(&show(Name::program(
            "Juniper University (Elm Falls) Program",
            &city,
        )));
        expect!["juniper university birchwood hospital"].assert_eq(&show(Name::program(
            "Juniper University (Birchwood Hospital) Program",
            &city,
        )));
    }

    #[test]
    fn an_acronym_spelled_out_in_its_own_name_vouches_for_its_words() {
        let name = Name::new("Teal Institute for Graduate Education (TIGE) Program");
        let tige = name
            .tokens
            .iter()
            .find(|token| token.text == "tige")
            .unwrap();
        let spelled: Vec<&str> = tige
            .spells
            .iter()
            .map(|index| name.tokens[*index].text.as_str())
            .collect();
        expect!["teal institute graduate education"].assert_eq(&spelled.join(" "));
    }

    #[test]
    fn acronyms_are_found_in_initials() {
        let name = Name::new("Quillon School of Medicine at Mount Verity/Lakeside Program");
        assert_eq!(name.initials_run("qsmmv"), Some(0..5));
        assert_eq!(name.initials_run("mvl"), Some(3..6));
        assert_eq!(name.initials_run("xyz"), None);
        // An acronym word gives all of its letters: `QSU` then the initials of the rest.
        let glued = Name::new("QSU Health Sciences Center");
        assert_eq!(glued.initials_run("qsuhsc"), Some(0..4));
        assert_eq!(
            glued.acronym_credit("qsuxyz").map(|(credit, _)| credit),
            Some(0.5)
        );
    }

    #[test]
    fn tokens_agree_on_shortened_spellings() {
        let weights = Weights::new(&[
            Name::new("Oak Hospital"),
            Name::new("Oak Park"),
            Name::new("Oak Grove"),
        ]);
        let cases = [
            ("teach", "teaching"),
            ("presb", "presbyterial"),
            ("mary", "marys"),
            ("lakewood", "lakewod"),
            ("oak", "oakland"),
            ("lakes", "lanes"),
        ];
        let results: Vec<String> = cases
            .iter()
            .map(|(a, b)| format!("{a}~{b}={}", weights.agreement(a, b)))
            .collect();
        expect!["teach~teaching=0.85 presb~presbyterial=0.85 mary~marys=0.85 lakewood~lakewod=0.85 oak~oakland=0 lakes~lanes=0"]
            .assert_eq(&results.join(" "));
    }
}
