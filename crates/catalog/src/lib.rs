//! The residency program catalog's domain: specialties, NRMP program tracks, programs and
//! their requirements.
//!
//! Every program attribute is a [`Fact`]: a value or *unknown*, with the source that said so
//! and the date it was true. Requirements additionally say whether they are a strict cut-off
//! or a preference ([`Requirement`]). Identifiers parse into types that can only hold valid
//! values ([`NrmpCode`], [`AcgmeId`], [`SpecialtyCode`], [`UsState`]).
//!
//! This crate does no I/O. It derives serde so that the catalog file format (see
//! `docs/catalog-format.md`) is the serialized form of these types.

mod catalog;
mod error;
mod fact;
mod geography;
mod program;
mod query;
mod specialty;
mod specialty_name;
mod track;

pub use crate::catalog::{Catalog, CatalogMeta, CatalogOrigin, SourceInfo, SpecialtyCounts};
pub use crate::error::{CatalogError, ParseError};
pub use crate::fact::{Fact, Provenance, Requirement, Source};
pub use crate::geography::{CensusRegion, UsState};
pub use crate::program::{
    AcgmeId, Program, ProgramId, ProgramRequirements, ProgramType, ResidentMix, UsceRequirement,
};
pub use crate::query::{ProgramQuery, VisaFilter};
pub use crate::specialty::{SPECIALTIES, Specialty, SpecialtyCode};
pub use crate::specialty_name::{SpecialtyNameError, parse_specialty};
pub use crate::track::{FillRecord, NrmpCode, Track, TrackType};
