//! Programs as people read them: every attribute as text, with its source and as-of date, and
//! unknown values shown as "unknown". Shared by the explorer, the program page and the
//! comparison.

use catalog::{Catalog, Fact, Program, Requirement, Track, UsceRequirement};
use market::sizes::TrackSize;

use crate::state::ProgramPositions;

/// The word shown wherever a value is not known.
pub const UNKNOWN: &str = "unknown";

/// One attribute of a program, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldView {
    /// What the attribute is.
    pub label: &'static str,
    /// Its value as text ("unknown" when not known).
    pub value: String,
    /// Whether the value is known.
    pub known: bool,
    /// For requirements: "strict", "preference" or "none"; empty otherwise.
    pub rule: &'static str,
    /// The data source.
    pub source: String,
    /// The date the source describes, YYYY-MM-DD.
    pub as_of: String,
}

fn field<T>(label: &'static str, fact: &Fact<T>, show: impl Fn(&T) -> String) -> FieldView {
    FieldView {
        label,
        value: fact.get().map_or_else(|| UNKNOWN.to_owned(), show),
        known: fact.is_known(),
        rule: "",
        source: fact.source.to_string(),
        as_of: fact.as_of.to_string(),
    }
}

fn requirement<T>(
    label: &'static str,
    fact: &Fact<Requirement<T>>,
    show: impl Fn(&T) -> String,
) -> FieldView {
    let (value, rule) = match fact.get() {
        None => (UNKNOWN.to_owned(), ""),
        Some(Requirement::None) => ("no requirement".to_owned(), "none"),
        Some(Requirement::Strict(threshold)) => (show(threshold), "strict"),
        Some(Requirement::Preference(threshold)) => (show(threshold), "preference"),
    };
    FieldView {
        label,
        value,
        known: fact.is_known(),
        rule,
        source: fact.source.to_string(),
        as_of: fact.as_of.to_string(),
    }
}

fn yes_no(value: &bool) -> String {
    if *value { "yes" } else { "no" }.to_owned()
}

fn usce(requirement: &UsceRequirement) -> String {
    format!(
        "{} month{} {}",
        requirement.months,
        if requirement.months == 1 { "" } else { "s" },
        if requirement.hands_on {
            "hands-on"
        } else {
            "of any kind"
        }
    )
}

/// A percentage with at most one decimal.
pub fn percent(value: f64) -> String {
    if (value - value.round()).abs() < 0.05 {
        format!("{value:.0}%")
    } else {
        format!("{value:.1}%")
    }
}

/// Every attribute of a program, in the order the program page and the comparison show them.
pub fn program_fields(program: &Program) -> Vec<FieldView> {
    let r = &program.requirements;
    vec![
        field("Institution", &program.institution, Clone::clone),
        field("City", &program.city, Clone::clone),
        field("State", &program.state, |state| {
            format!("{} ({})", state.name(), state.region().name())
        }),
        field("Program type", &program.program_type, |t| {
            t.name().to_owned()
        }),
        field(
            "First-year positions",
            &program.first_year_positions,
            u16::to_string,
        ),
        field(
            "Interviews last season",
            &program.interviews_per_year,
            u16::to_string,
        ),
        field("Residents: US MD", &program.resident_mix, |mix| {
            percent(mix.us_md_pct)
        }),
        field("Residents: DO", &program.resident_mix, |mix| {
            percent(mix.do_pct)
        }),
        field("Residents: IMG", &program.resident_mix, |mix| {
            percent(mix.img_pct)
        }),
        field("Sponsors J-1 visas", &program.sponsors_j1, yes_no),
        field("Sponsors H-1B visas", &program.sponsors_h1b, yes_no),
        field(
            "Takes ERAS applications",
            &program.participates_in_eras,
            yes_no,
        ),
        field("Takes preference signals", &program.accepts_signals, yes_no),
        field("ACGME id", &program.acgme_id, ToString::to_string),
        requirement(
            "Minimum Step 2 CK score",
            &r.min_step2_score,
            u16::to_string,
        ),
        requirement("Most exam attempts", &r.max_exam_attempts, |n| {
            n.to_string()
        }),
        requirement(
            "Most years since graduation",
            &r.max_years_since_graduation,
            |n| format!("{n} years"),
        ),
        requirement("US clinical experience", &r.usce, usce),
        requirement(
            "ECFMG certification at application",
            &r.ecfmg_certification,
            |_| "required".to_owned(),
        ),
        requirement("Step 3 passed for H-1B", &r.step3_for_h1b, |_| {
            "required".to_owned()
        }),
    ]
}

/// A program as one row of the explorer's table.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramRow {
    /// The catalog id.
    pub id: String,
    /// The program's name.
    pub name: String,
    /// The specialty's name.
    pub specialty: String,
    /// City and state.
    pub place: String,
    /// Program type.
    pub program_type: String,
    /// First-year positions.
    pub positions: String,
    /// Share of residents who are IMGs.
    pub img_share: String,
    /// Visas sponsored.
    pub visas: String,
}

/// The specialty's name in the catalog, or its code.
pub fn specialty_name(catalog: &Catalog, program: &Program) -> String {
    catalog
        .specialty(program.specialty)
        .map_or_else(|| program.specialty.to_string(), |s| s.name.clone())
}

/// The visas a program sponsors, as text.
pub fn visas(program: &Program) -> String {
    match (program.sponsors_j1.get(), program.sponsors_h1b.get()) {
        (Some(true), Some(true)) => "J-1, H-1B".to_owned(),
        (Some(true), Some(false)) => "J-1".to_owned(),
        (Some(false), Some(true)) => "H-1B".to_owned(),
        (Some(false), Some(false)) => "none".to_owned(),
        (Some(true), None) => "J-1; H-1B unknown".to_owned(),
        (None, Some(true)) => "H-1B; J-1 unknown".to_owned(),
        (Some(false), None) => "no J-1; H-1B unknown".to_owned(),
        (None, Some(false)) => "no H-1B; J-1 unknown".to_owned(),
        (None, None) => UNKNOWN.to_owned(),
    }
}

/// A program as a row of the explorer, with its size (known or estimated, see
/// [`crate::state::AppState::program_positions`]).
pub fn program_row(
    catalog: &Catalog,
    program: &Program,
    positions: Option<ProgramPositions>,
) -> ProgramRow {
    let city = program.city.get().map_or(UNKNOWN, String::as_str);
    let state = program.state.get().map_or(UNKNOWN, |state| state.code());
    ProgramRow {
        id: program.id.to_string(),
        name: program.name.clone(),
        specialty: specialty_name(catalog, program),
        place: format!("{city}, {state}"),
        program_type: program
            .program_type
            .get()
            .map_or(UNKNOWN, |t| t.name())
            .to_owned(),
        positions: positions.map_or_else(|| UNKNOWN.to_owned(), ProgramPositions::text),
        img_share: program
            .resident_mix
            .get()
            .map_or_else(|| UNKNOWN.to_owned(), |mix| percent(mix.img_pct)),
        visas: visas(program),
    }
}

/// An NRMP track as a row of the program page.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackRow {
    /// The NRMP code.
    pub code: String,
    /// The track's name.
    pub name: String,
    /// Categorical, Preliminary, ...
    pub track_type: String,
    /// Positions offered (an estimate is marked so).
    pub positions: String,
    /// What an estimated size rests on; empty for a size from a source.
    pub positions_basis: String,
    /// Where a size from a source of its own comes from (`nrmp-results, 2024-03-15`); empty
    /// when the track's source gave it or it is estimated.
    pub positions_source: String,
    /// Past Matches, latest first (`2024: 11 of 12 filled`); empty when unknown.
    pub history: String,
    /// How often the model's simulated seasons filled it (`in 75% of 16 simulated seasons`);
    /// empty when it offers no positions.
    pub model_fill: String,
    /// The data source.
    pub source: String,
    /// The date the source describes.
    pub as_of: String,
}

/// How often a track filled in the seasons the chance model surveyed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelFill {
    /// Share of the seasons in which it filled every position, 0–1.
    pub share: f64,
    /// Seasons surveyed.
    pub seasons: u32,
}

impl ModelFill {
    /// In words: `in 75% of 16 simulated seasons`.
    pub fn describe(&self) -> String {
        format!(
            "in {} of {} simulated seasons",
            percent(100.0 * self.share),
            self.seasons
        )
    }
}

/// A track as a row, with its size (known or estimated) and how often the model fills it.
pub fn track_row(track: &Track, size: TrackSize, fill: Option<ModelFill>) -> TrackRow {
    TrackRow {
        code: track.code.to_string(),
        name: track.name.clone(),
        track_type: format!(
            "{} ({})",
            track.track_type.name(),
            track.track_type.letter()
        ),
        positions: if size.basis.is_estimate() {
            format!("~{} (estimated)", size.positions)
        } else {
            size.positions.to_string()
        },
        positions_basis: if size.basis.is_estimate() {
            size.basis.describe()
        } else {
            String::new()
        },
        positions_source: match (&track.positions_source, size.basis.is_estimate()) {
            (Some(said), false) => format!("{}, {}", said.source, said.as_of),
            _ => String::new(),
        },
        history: track
            .fill_history
            .iter()
            .rev()
            .map(|record| {
                format!(
                    "{}: {} of {} filled",
                    record.year, record.matched, record.quota
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        model_fill: fill.map(|fill| fill.describe()).unwrap_or_default(),
        source: track.source.to_string(),
        as_of: track.as_of.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_drop_needless_decimals() {
        assert_eq!(percent(40.0), "40%");
        assert_eq!(percent(12.34), "12.3%");
    }
}
