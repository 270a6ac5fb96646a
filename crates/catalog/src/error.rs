//! Errors of the catalog domain.
//!
//! [`ParseError`] is the user's input being wrong: a value that cannot be the thing it claims
//! to be (an NRMP code of the wrong shape, an unknown state). Its message names what was
//! expected. [`CatalogError`] is a catalog whose records contradict each other (a duplicate
//! program id, a track pointing at a program that does not exist).

use thiserror::Error;

/// A single value failed to parse into its domain type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{what}: expected {expected}, found {found:?}")]
pub struct ParseError {
    /// What was being parsed, e.g. "NRMP code".
    pub what: &'static str,
    /// What a valid value looks like.
    pub expected: &'static str,
    /// The offending input, as given.
    pub found: String,
}

impl ParseError {
    pub(crate) fn new(
        what: &'static str,
        expected: &'static str,
        found: impl Into<String>,
    ) -> Self {
        ParseError {
            what,
            expected,
            found: found.into(),
        }
    }
}

/// A catalog whose records are inconsistent with each other.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CatalogError {
    /// Two programs share one id.
    #[error("program id {0} appears more than once")]
    DuplicateProgram(String),
    /// Two tracks share one NRMP code.
    #[error("NRMP code {0} appears more than once")]
    DuplicateTrack(String),
    /// A track is linked to a program the catalog does not hold.
    #[error("track {track} is linked to program {program}, which is not in the catalog")]
    DanglingTrack {
        /// The track's NRMP code.
        track: String,
        /// The missing program id.
        program: String,
    },
    /// A program's specialty is not one the catalog knows.
    #[error(
        "program {program} has specialty code {specialty}, which is not in the catalog's specialty list"
    )]
    UnknownSpecialty {
        /// The program id.
        program: String,
        /// The unknown code.
        specialty: String,
    },
    /// A program's resident mix does not add up to about 100%.
    #[error("program {program}: resident mix adds up to {total:.1}%, expected about 100%")]
    ResidentMixTotal {
        /// The program id.
        program: String,
        /// The sum found.
        total: f64,
    },
}
