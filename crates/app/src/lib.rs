//! The use cases that the command line and the web server share.
//!
//! Each use case takes its inputs already parsed (a store, a query, the bytes of a file, the
//! date) and returns a plain result for the caller to print or render. Nothing here knows HTTP,
//! HTML or terminals, and nothing reads the clock: callers pass the time in.

pub mod config;
mod embedded;
mod error;
mod imports;
pub mod model;
pub mod pick;
pub mod share;
mod summary;

use catalog::Catalog;
use store::{NewVersion, Store, VersionSummary};

pub use crate::embedded::{FirstCatalog, TRACK_LIST_FILE, TRACK_LIST_LABEL, track_list_as_of};
pub use crate::error::AppError;
pub use crate::imports::{
    ImportKind, ImportOptions, ImportSummary, MAX_LOSS_SHARE, Shrink, export_catalog, import_file,
};
pub use crate::summary::{SpecialtySummaryRow, specialty_summary};

/// The seed of the embedded demo catalog. Changing it changes every fictional program.
pub const DEMO_SEED: u64 = 2025;

/// The current catalog and its version.
#[derive(Debug, Clone)]
pub struct CurrentCatalog {
    /// The version's summary.
    pub version: VersionSummary,
    /// The catalog.
    pub catalog: Catalog,
}

/// Loads the current catalog, first storing the `first` catalog when the store has never held
/// one (see [`ensure_catalog`]).
pub async fn current_catalog(
    store: &Store,
    first: FirstCatalog,
    now_epoch_seconds: i64,
) -> Result<CurrentCatalog, AppError> {
    let version = ensure_catalog(store, first, now_epoch_seconds).await?;
    let catalog = store.load_catalog(version.id).await?;
    Ok(CurrentCatalog { version, catalog })
}

/// The catalog a new store starts with: the real programs of the embedded NRMP track list, or
/// the fictional demo catalog (what the committed calibration was fitted on is one of them).
pub fn first_catalog(first: FirstCatalog) -> Result<Catalog, AppError> {
    match first {
        FirstCatalog::Real => Ok(embedded::track_list_catalog()?.0),
        FirstCatalog::Demo => Ok(demo_catalog::generate(DEMO_SEED)),
    }
}

/// The current version. A store that has never held a catalog (a first run) first gets the
/// `first` catalog as version 1: the real programs of the embedded NRMP track list, or the
/// fictional demo catalog. A store that holds a catalog keeps it, whatever `first` says. An
/// import on a new store calls this first, so that a FREIDA file joins the real track list.
pub async fn ensure_catalog(
    store: &Store,
    first: FirstCatalog,
    now_epoch_seconds: i64,
) -> Result<VersionSummary, AppError> {
    if let Some(version) = store.current_version().await? {
        return Ok(version);
    }
    let (catalog, datasets, note) = match first {
        FirstCatalog::Real => {
            let (catalog, datasets) = embedded::track_list_catalog()?;
            (
                catalog,
                datasets,
                "created on first run from the embedded NRMP track list (2024-03-15)",
            )
        }
        FirstCatalog::Demo => (
            first_catalog(first)?,
            vec![],
            "created on first run from the embedded fictional demo catalog",
        ),
    };
    // Another process starting on the same new database may store its first catalog first;
    // then that one is used.
    store
        .save_first_version(NewVersion {
            catalog: &catalog,
            datasets,
            join_report: None,
            notes: vec![note.to_owned()],
            created_at: now_epoch_seconds,
        })
        .await?;
    store.current_version().await?.ok_or(AppError::Unexpected(
        "the first catalog was saved but is not current",
    ))
}
