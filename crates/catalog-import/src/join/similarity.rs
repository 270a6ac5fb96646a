//! How alike a FREIDA program's name is to an NRMP institution's name and track name.
//!
//! The score is the geometric mean of two coverages: the share of the institution's name
//! (by weight) that the program's name explains, and the share of the program's name that the
//! institution's name explains. A FREIDA name often adds a university before the hospital and
//! an NRMP name often adds its sponsor, so neither side alone may decide.

use super::names::{Name, Weights};

/// The result of comparing a program with one track of an institution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Similarity {
    /// From 0 (nothing in common) to 1 (the same words).
    pub(crate) score: f64,
    /// The weight of the track's campus words that the program's name or city has; above 0
    /// means the track names this program's campus.
    pub(crate) campus: f64,
    /// The share of the institution's name proper (without a city suffix) that the program's
    /// name proper (without a campus in parentheses or its city) explains: a hospital named
    /// after a city is not every program in that city.
    pub(crate) identity: f64,
}

/// The program's side of a comparison.
pub(crate) struct ProgramSide<'a> {
    /// The program's name.
    pub(crate) name: &'a Name,
    /// The program's city, which counts when the institution's name has it but is not
    /// expected to be in it.
    pub(crate) city: &'a Name,
}

/// The institution's side of a comparison.
pub(crate) struct TrackSide<'a> {
    /// The institution's name, without a trailing state.
    pub(crate) institution: &'a Name,
    /// Words of the track's name that may name a campus; they count only when the program
    /// has them, since most track names say nothing about a campus.
    pub(crate) campus: &'a Name,
    /// The words of the institution's state when the program is in it (a program named
    /// after its state agrees with an institution listed with that state); empty otherwise.
    pub(crate) state: &'a Name,
}

/// Credits of the program's tokens, as the comparison finds them.
struct ProgramCredit<'a> {
    program: &'a ProgramSide<'a>,
    credit: Vec<f64>,
}

/// How well one token of the institution's side is found in the program's side.
#[derive(Debug, Clone, Copy, Default)]
struct Found {
    /// In the program's name or city.
    anywhere: f64,
    /// In the program's name proper (not a qualifier, not the city).
    proper: f64,
}

impl ProgramCredit<'_> {
    /// How well `token` (a token of the institution's side, whose word may be an acronym) is
    /// found in the program's name or city, crediting the program's tokens that explain it.
    fn find(&mut self, token: &str, acronym: Option<&str>, weights: &Weights) -> Found {
        let name = self.program.name;
        let mut found = Found::default();
        let mut which = None;
        for (index, other) in name.tokens.iter().enumerate() {
            let agreement = weights.agreement(token, &other.text);
            if agreement > found.anywhere {
                found.anywhere = agreement;
                which = Some(index);
            }
            if !other.qualifier {
                found.proper = found.proper.max(agreement);
            }
        }
        if let Some(which) = which {
            self.credit[which] = self.credit[which].max(found.anywhere);
        }
        for other in &self.program.city.tokens {
            found.anywhere = found.anywhere.max(weights.agreement(token, &other.text));
        }
        if found.anywhere == 0.0
            && let Some(acronym) = acronym
            && let Some((credit, run)) = name.acronym_credit(acronym)
        {
            // An acronym such as the initials of a school's name stands for several words of
            // the program's name.
            found = Found {
                anywhere: credit,
                proper: credit,
            };
            for (index, other) in name.tokens.iter().enumerate() {
                if other.words.iter().any(|word| run.contains(word)) {
                    self.credit[index] = self.credit[index].max(credit);
                }
            }
        }
        found
    }
}

/// The acronym a token was written as, if any.
fn acronym_of<'a>(name: &'a Name, token: &super::names::Token) -> Option<&'a str> {
    token
        .words
        .iter()
        .map(|word| &name.words[*word])
        .find(|word| word.acronym)
        .map(|word| word.lower.as_str())
}

/// Gives the words an acronym spells out in its own name the acronym's credit.
fn spread_to_spelled_out(name: &Name, credit: &mut [f64]) {
    for (index, token) in name.tokens.iter().enumerate() {
        for &spelled in &token.spells {
            credit[spelled] = credit[spelled].max(credit[index]);
        }
    }
}

/// A program compared with an institution's name and state, before any track's campus
/// words: the part of the comparison that all of the institution's tracks share.
pub(crate) struct InstitutionMatch<'a> {
    program: &'a ProgramSide<'a>,
    institution: &'a Name,
    /// Credits of the program's tokens so far.
    credit: Vec<f64>,
    institution_total: f64,
    institution_matched: f64,
    identity: f64,
}

/// Compares a program with an institution's name and, when the program is in the
/// institution's state, that state's words. Every name must have been weighed.
pub(crate) fn compare<'a>(
    program: &'a ProgramSide<'a>,
    institution: &'a Name,
    state: &Name,
    weights: &Weights,
) -> InstitutionMatch<'a> {
    let mut found = ProgramCredit {
        program,
        credit: vec![0.0; program.name.tokens.len()],
    };
    let finds: Vec<Found> = institution
        .tokens
        .iter()
        .map(|token| found.find(&token.text, acronym_of(institution, token), weights))
        .collect();
    let mut institution_credit: Vec<f64> = finds.iter().map(|found| found.anywhere).collect();

    // The other way round: an acronym in the program's name for words of the institution's.
    for (which, token) in program.name.tokens.iter().enumerate() {
        if found.credit[which] > 0.0 {
            continue;
        }
        if let Some(acronym) = acronym_of(program.name, token)
            && let Some((credit, run)) = institution.acronym_credit(acronym)
        {
            found.credit[which] = credit;
            for (index, other) in institution.tokens.iter().enumerate() {
                if other.words.iter().any(|word| run.contains(word)) {
                    institution_credit[index] = institution_credit[index].max(credit);
                }
            }
        }
    }

    // An acronym that matched vouches for the words it spells out in the same name.
    spread_to_spelled_out(institution, &mut institution_credit);

    let mut institution_total = 0.0;
    let mut institution_matched = 0.0;
    let mut identity_total = 0.0;
    let mut identity_matched = 0.0;
    for ((token, credit), found) in institution
        .tokens
        .iter()
        .zip(&institution_credit)
        .zip(&finds)
    {
        institution_total += token.weight;
        institution_matched += token.weight * credit;
        if !token.qualifier {
            identity_total += token.weight;
            // An acronym of the program's found the other way round counts as proper too.
            identity_matched += token.weight * found.proper.max(credit - found.anywhere);
        }
    }

    // State words count when the program has them.
    for token in &state.tokens {
        if institution.has(&token.text) {
            continue;
        }
        let credit = found
            .find(&token.text, acronym_of(state, token), weights)
            .anywhere;
        if credit > 0.0 {
            institution_total += token.weight;
            institution_matched += token.weight * credit;
        }
    }

    InstitutionMatch {
        program,
        institution,
        credit: found.credit,
        institution_total,
        institution_matched,
        identity: if identity_total > 0.0 {
            identity_matched / identity_total
        } else {
            1.0
        },
    }
}

impl InstitutionMatch<'_> {
    /// The comparison with one of the institution's tracks, given its campus words.
    pub(crate) fn with_campus(&self, campus_words: &Name, weights: &Weights) -> Similarity {
        let mut found = ProgramCredit {
            program: self.program,
            credit: self.credit.clone(),
        };
        let mut institution_total = self.institution_total;
        let mut institution_matched = self.institution_matched;
        // Campus words count only when the program has them, and then all of them, so that a
        // program with half a campus's name does not take its track.
        let mut campus = 0.0;
        let mut campus_total = 0.0;
        for token in &campus_words.tokens {
            if self.institution.has(&token.text) {
                continue;
            }
            let credit = found
                .find(&token.text, acronym_of(campus_words, token), weights)
                .anywhere;
            campus += token.weight * credit;
            campus_total += token.weight;
        }
        if campus > 0.0 {
            institution_total += campus_total;
            institution_matched += campus;
        }

        let mut program_credit = found.credit;
        spread_to_spelled_out(self.program.name, &mut program_credit);
        let mut program_total = 0.0;
        let mut program_matched = 0.0;
        for (token, credit) in self.program.name.tokens.iter().zip(&program_credit) {
            program_total += token.weight;
            program_matched += token.weight * credit;
        }

        let coverage = |matched: f64, total: f64| if total > 0.0 { matched / total } else { 0.0 };
        let score = (coverage(institution_matched, institution_total)
            * coverage(program_matched, program_total))
        .sqrt();
        Similarity {
            score,
            campus,
            identity: self.identity,
        }
    }
}

/// Compares a program with a track of an institution. Every name must have been weighed.
pub(crate) fn similarity(
    program: &ProgramSide<'_>,
    track: &TrackSide<'_>,
    weights: &Weights,
) -> Similarity {
    compare(program, track.institution, track.state, weights).with_campus(track.campus, weights)
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    /// Scores a program (name, city) against institution and track names, with weights from
    /// a few fictional names so that common words weigh less.
    fn check(program: (&str, &str), track: (&str, &str), expected: Expect) {
        let background = [
            "Lakeside Hospital",
            "Hilltop Medical Center",
            "Riverbend University Hospital",
            "Pine Medical Center",
            "Harbor Health System",
        ]
        .map(Name::new);
        let city = Name::new(program.1);
        let mut program_name = Name::program(program.0, &city);
        let mut institution = Name::new(track.0);
        let mut campus = Name::new(track.1);
        let weights = Weights::new(background.iter().chain([&program_name, &institution]));
        for name in [&mut program_name, &mut institution, &mut campus] {
            weights.weigh(name);
        }
        let result = similarity(
            &ProgramSide {
                name: &program_name,
                city: &city,
            },
            &TrackSide {
                institution: &institution,
                campus: &campus,
                state: &Name::default(),
            },
            &weights,
        );
        expected.assert_eq(&format!(
            "score {:.2} campus {:.2} identity {:.2}",
            result.score, result.campus, result.identity
        ));
    }

    #[test]
    fn abbreviated_and_spelled_out_names_agree() {
        check(
            ("Quarry Valley Medical Center Program", "Quarry"),
            ("Quarry Valley Med Ctr", ""),
            expect!["score 1.00 campus 0.00 identity 1.00"],
        );
    }

    #[test]
    fn an_acronym_stands_for_the_initials_of_the_other_name() {
        check(
            (
                "Orchard School of Medicine at Mount Willow/Lakeside Hospital Program",
                "Elm",
            ),
            ("OSMMW Lakeside Hosp", ""),
            expect!["score 1.00 campus 0.00 identity 1.00"],
        );
    }

    #[test]
    fn a_university_before_the_hospital_lowers_but_does_not_sink_the_score() {
        check(
            (
                "Juniper University/Quarry Valley Hospital Program",
                "Quarry",
            ),
            ("Quarry Valley Hosp", ""),
            expect!["score 0.73 campus 0.00 identity 1.00"],
        );
    }

    #[test]
    fn the_city_counts_when_the_institution_names_it() {
        check(
            ("Juniper University Program", "Tamarack Falls"),
            ("Juniper Univ-Tamarack Falls", ""),
            expect!["score 1.00 campus 0.00 identity 0.39"],
        );
        check(
            ("Juniper University Program", "Elm"),
            ("Juniper Univ-Tamarack Falls", ""),
            expect!["score 0.63 campus 0.00 identity 0.39"],
        );
    }

    #[test]
    fn campus_words_of_a_track_count_only_for_the_program_that_has_them() {
        check(
            ("Wren Health/Fernwood Hospital Program", "Elm"),
            ("Wren Health", "Fernwood"),
            expect!["score 0.89 campus 2.08 identity 1.00"],
        );
        check(
            ("Wren Health Program", "Elm"),
            ("Wren Health", "Fernwood"),
            expect!["score 1.00 campus 0.00 identity 1.00"],
        );
    }

    #[test]
    fn half_a_campus_name_counts_less_than_all_of_it() {
        check(
            ("Wren Health/Sierra Pines Program", "Elm"),
            ("Wren Health", "Sierra Vista"),
            expect!["score 0.70 campus 2.08 identity 1.00"],
        );
        check(
            ("Wren Health/Sierra Vista Program", "Elm"),
            ("Wren Health", "Sierra Vista"),
            expect!["score 1.00 campus 4.16 identity 1.00"],
        );
    }

    #[test]
    fn different_names_score_low() {
        check(
            ("Lakeside Hospital Program", "Elm"),
            ("Hilltop Medical Center", ""),
            expect!["score 0.00 campus 0.00 identity 0.00"],
        );
    }
}
