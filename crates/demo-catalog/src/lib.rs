//! The demo catalog: fictional residency programs generated from a seed, the embedded default
//! catalog that lets everything run on a fresh machine.
//!
//! The programs are fictional (invented institution names in real US cities), but their
//! numbers follow published figures: every specialty of the NRMP 2025 PGY-1 table has exactly
//! its published number of tracks and positions, the other specialties follow Charting
//! Outcomes 2026 and stated assumptions ([`plan`]), and program attributes follow
//! distributions fitted to the FREIDA Internal Medicine programs ([`fit_freida`],
//! [`FREIDA_2025_FIT`]), scaled to each specialty's IMG share ([`assumptions`]). Requirements,
//! which no program publishes in a usable form, are drawn from the documented assumptions and
//! carry the source `demo-assumption`.
//!
//! # What a demo program holds
//!
//! Every program has a fictional institution (whose program type it shares), a real city and
//! state, its tracks with their positions, and known attributes: program type, first-year
//! positions, interviews, resident mix, visa sponsorship, ERAS and signal participation. Its
//! first-year positions are the sum of its PGY-1 tracks (categorical, preliminary, primary
//! care); a program whose tracks all start at PGY-2 (advanced and reserved, as in many
//! Dermatology and Radiology programs) counts those tracks' positions instead, since they are
//! the positions of its first year of training. Its ACGME id is unknown: a fictional program
//! has none. Track codes have the NRMP shape with institution numbers from 8000 up, a range
//! no published NRMP institution uses.
//!
//! Generation is deterministic: the same seed gives the same catalog. Each specialty draws
//! from its own random stream, so the programs of a specialty do not depend on which other
//! specialties are generated. This crate does no I/O and reads no clock.

pub mod assumptions;
mod fit;
mod fitted;
mod generate;
mod institutions;
mod names;
mod places;
pub mod plan;
mod profile;
mod sampling;

use catalog::{
    Catalog, CatalogMeta, CatalogOrigin, Provenance, Source, SourceInfo, Specialty, SpecialtyCode,
};
use chrono::NaiveDate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use crate::fit::{FittedParameters, ProgramTypeFit, Quantiles, VisaMix, fit_freida};
pub use crate::fitted::FREIDA_2025_FIT;
pub use crate::profile::{SpecialtyProfile, do_fraction, img_ratio, step2_q1};

/// The date the demo catalog's facts describe: Match Day 2025, the Match its figures follow.
pub const DEMO_AS_OF: NaiveDate = NaiveDate::from_ymd_opt(2025, 3, 21).expect("a valid date");

/// The source of generated program attributes.
pub const ATTRIBUTE_SOURCE: &str = "demo-2025";

/// The source of requirements drawn from [`assumptions`].
pub const ASSUMPTION_SOURCE: &str = "demo-assumption";

/// The seed of the embedded default catalog.
pub const DEFAULT_SEED: u64 = 2025;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// The seed: the same seed gives the same catalog.
    pub seed: u64,
    /// Generate only these specialties' programs (all built-in specialties when `None`).
    /// A specialty's programs are the same whichever others are generated with it, which lets
    /// a simulation of one specialty regenerate only that one.
    pub only_specialties: Option<Vec<SpecialtyCode>>,
}

impl DemoOptions {
    /// Every specialty, from this seed.
    pub fn new(seed: u64) -> DemoOptions {
        DemoOptions {
            seed,
            only_specialties: None,
        }
    }
}

/// The demo catalog of every built-in specialty for a seed.
pub fn generate(seed: u64) -> Catalog {
    generate_with(&DemoOptions::new(seed))
}

/// The demo catalog as the options ask.
pub fn generate_with(options: &DemoOptions) -> Catalog {
    let seed = options.seed;
    let provenances = generate::Provenances {
        attributes: Provenance::new(source(ATTRIBUTE_SOURCE), DEMO_AS_OF),
        requirements: Provenance::new(source(ASSUMPTION_SOURCE), DEMO_AS_OF),
    };
    let fit = &FREIDA_2025_FIT;
    // Stream 0 makes the institutions; stream 1 + i makes the i-th built-in specialty.
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let institutions = institutions::institution_pool(&mut rng);
    let plans = plan::specialty_plans();
    let planned_programs = plans.iter().map(|p| usize::from(p.programs)).sum();
    let planned_tracks = plans
        .iter()
        .flat_map(|p| &p.tracks)
        .map(|track| usize::from(track.tracks))
        .sum();
    let mut programs = Vec::with_capacity(planned_programs);
    let mut tracks = Vec::with_capacity(planned_tracks);
    for (index, specialty_plan) in plans.iter().enumerate() {
        let wanted = options
            .only_specialties
            .as_ref()
            .is_none_or(|only| only.contains(&specialty_plan.specialty));
        if !wanted {
            continue;
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(1 + index as u64);
        let profile = SpecialtyProfile::of(specialty_plan.specialty, fit);
        let inputs = generate::SpecialtyInputs {
            plan: specialty_plan,
            profile: &profile,
            fit,
            institutions: &institutions,
            provenances: &provenances,
        };
        generate::generate_specialty(&mut rng, &inputs, &mut programs, &mut tracks);
    }
    Catalog {
        meta: meta(seed),
        specialties: Specialty::builtin(),
        programs,
        tracks,
    }
}

fn source(id: &str) -> Source {
    Source::parse(id).expect("demo source identifiers are valid")
}

fn meta(seed: u64) -> CatalogMeta {
    CatalogMeta {
        label: format!("Demo catalog — fictional programs (seed {seed})"),
        origin: CatalogOrigin::Demo { seed },
        fictional: true,
        sources: vec![
            SourceInfo {
                id: source(ATTRIBUTE_SOURCE),
                description: "Fictional programs and tracks generated by the demo catalog: \
                    invented institutions in real US cities, sized per specialty to the NRMP \
                    2025 Main Residency Match and Charting Outcomes 2026, with attributes drawn \
                    from distributions fitted to FREIDA Internal Medicine programs. No program \
                    is real."
                    .to_owned(),
                as_of: DEMO_AS_OF,
            },
            SourceInfo {
                id: source(ASSUMPTION_SOURCE),
                description: "Fictional requirements of the demo catalog's programs (score \
                    cut-offs, attempt and year-of-graduation limits, US clinical experience, \
                    ECFMG certification, Step 3 for H-1B), drawn from the generator's \
                    documented assumptions. No program published them."
                    .to_owned(),
                as_of: DEMO_AS_OF,
            },
        ],
    }
}
