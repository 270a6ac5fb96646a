//! Program data in and out of the catalog.
//!
//! - [`freida`] reads the FREIDA-style program CSV (ACGME ids, sizes, resident mix, visas);
//! - [`nrmp_tracks`] reads the NRMP program-track list (NRMP codes, institutions, track types);
//! - [`nrmp_results`] reads the NRMP Program Results (quota and matches per track and year);
//! - [`join`] links FREIDA programs to NRMP tracks on institution name, state and specialty,
//!   since the two share no key, and reports what it could and could not join;
//! - [`build`] assembles a [`catalog::Catalog`] from those sources;
//! - [`mod@format`] writes and reads the catalog's own CSV and JSON format.
//!
//! Readers take bytes and a file name for messages; they never open files themselves. Every
//! rejected row is reported with its file, line, column and reason ([`RowError`]); a reader
//! either returns every record or, unless told to skip invalid rows, none.

pub mod build;
pub mod error;
pub mod format;
pub mod freida;
pub mod join;
pub mod nrmp_results;
pub mod nrmp_tracks;
mod table;

pub use crate::error::{ImportError, RowError};
pub use crate::table::{InvalidRows, Parsed};
