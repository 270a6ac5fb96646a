//! A whole catalog: its description, specialties, programs and tracks, and the checks that
//! keep them consistent with each other.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::CatalogError;
use crate::fact::Source;
use crate::program::{Program, ProgramId};
use crate::specialty::{Specialty, SpecialtyCode};
use crate::track::Track;

/// How a catalog came to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CatalogOrigin {
    /// The fictional demo catalog, generated from a seed.
    Demo {
        /// The generator's seed.
        seed: u64,
    },
    /// Built from imported source files (FREIDA, NRMP tracks), joined.
    Imported,
    /// Read from a file in the catalog's own format.
    CatalogFile,
}

/// What one data source is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    /// The identifier facts refer to.
    pub id: Source,
    /// What the source is, in a sentence.
    pub description: String,
    /// The date the source describes.
    pub as_of: NaiveDate,
}

/// The catalog's description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogMeta {
    /// A human label, e.g. "Demo catalog (fictional programs), seed 2025".
    pub label: String,
    /// How the catalog was made.
    pub origin: CatalogOrigin,
    /// Whether the programs are fictional. Every place that shows a fictional catalog's programs
    /// says so.
    pub fictional: bool,
    /// The data sources that facts refer to.
    pub sources: Vec<SourceInfo>,
}

/// A complete program catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// The catalog's description.
    pub meta: CatalogMeta,
    /// The specialties programs refer to.
    pub specialties: Vec<Specialty>,
    /// The programs.
    pub programs: Vec<Program>,
    /// The NRMP tracks, each linked to its program when known.
    pub tracks: Vec<Track>,
}

/// Programs and first-year positions of one specialty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SpecialtyCounts {
    /// Programs in the specialty.
    pub programs: usize,
    /// Programs whose first-year positions are known.
    pub programs_with_positions: usize,
    /// Sum of the known first-year positions.
    pub first_year_positions: u64,
    /// Tracks in the specialty.
    pub tracks: usize,
}

impl Catalog {
    /// Checks that ids are unique, every track's program exists and every program's specialty
    /// is listed. Returns every problem found, not just the first.
    pub fn validate(&self) -> Result<(), Vec<CatalogError>> {
        let mut problems = Vec::new();
        let specialties: HashSet<SpecialtyCode> = self.specialties.iter().map(|s| s.code).collect();
        let mut program_ids: HashSet<&ProgramId> = HashSet::new();
        for program in &self.programs {
            if !program_ids.insert(&program.id) {
                problems.push(CatalogError::DuplicateProgram(program.id.to_string()));
            }
            if !specialties.contains(&program.specialty) {
                problems.push(CatalogError::UnknownSpecialty {
                    program: program.id.to_string(),
                    specialty: program.specialty.to_string(),
                });
            }
            if let Some(mix) = program.resident_mix.get() {
                let total = mix.us_md_pct + mix.do_pct + mix.img_pct;
                // Published mixes are rounded per column and sometimes leave out other groups
                // (e.g. Canadian graduates), so only a gross mismatch is an error.
                if !(80.0..=102.0).contains(&total) && total != 0.0 {
                    problems.push(CatalogError::ResidentMixTotal {
                        program: program.id.to_string(),
                        total,
                    });
                }
            }
        }
        let mut codes = HashSet::new();
        for track in &self.tracks {
            if !codes.insert(&track.code) {
                problems.push(CatalogError::DuplicateTrack(track.code.to_string()));
            }
            if let Some(program) = &track.program
                && !program_ids.contains(program)
            {
                problems.push(CatalogError::DanglingTrack {
                    track: track.code.to_string(),
                    program: program.to_string(),
                });
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The specialty with this code, if listed.
    pub fn specialty(&self, code: SpecialtyCode) -> Option<&Specialty> {
        self.specialties
            .iter()
            .find(|specialty| specialty.code == code)
    }

    /// The program with this id.
    pub fn program(&self, id: &ProgramId) -> Option<&Program> {
        self.programs.iter().find(|program| &program.id == id)
    }

    /// The tracks linked to a program.
    pub fn tracks_of<'a>(&'a self, id: &'a ProgramId) -> impl Iterator<Item = &'a Track> + 'a {
        self.tracks
            .iter()
            .filter(move |track| track.program.as_ref() == Some(id))
    }

    /// Programs, positions and tracks per specialty, for every listed specialty.
    pub fn counts_by_specialty(&self) -> BTreeMap<SpecialtyCode, SpecialtyCounts> {
        let mut counts: BTreeMap<SpecialtyCode, SpecialtyCounts> = self
            .specialties
            .iter()
            .map(|s| (s.code, SpecialtyCounts::default()))
            .collect();
        for program in &self.programs {
            let entry = counts.entry(program.specialty).or_default();
            entry.programs += 1;
            if let Some(positions) = program.first_year_positions.get() {
                entry.programs_with_positions += 1;
                entry.first_year_positions += u64::from(*positions);
            }
        }
        for track in &self.tracks {
            counts.entry(track.specialty).or_default().tracks += 1;
        }
        counts
    }
}
