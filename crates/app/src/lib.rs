//! The use cases that the command line and the web server share.
//!
//! Each use case takes its inputs already parsed (a store, a query, the bytes of a file, the
//! date) and returns a plain result for the caller to print or render. Nothing here knows HTTP,
//! HTML or terminals, and nothing reads the clock: callers pass the time in.

pub mod config;
mod error;
mod imports;
pub mod model;
pub mod pick;
pub mod share;
mod summary;

use catalog::Catalog;
use store::{NewVersion, Store, VersionSummary};

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

/// Loads the current catalog, first creating the demo catalog as version 1 when the store has
/// never held one (a first run).
pub async fn current_catalog(
    store: &Store,
    now_epoch_seconds: i64,
) -> Result<CurrentCatalog, AppError> {
    let version = match store.current_version().await? {
        Some(version) => version,
        None => {
            let demo = demo_catalog::generate(DEMO_SEED);
            // Another process starting on the same new database may store its demo first;
            // then that one is used.
            store
                .save_first_version(NewVersion {
                    catalog: &demo,
                    datasets: vec![],
                    join_report: None,
                    notes: vec!["created on first run from the embedded demo catalog".to_owned()],
                    created_at: now_epoch_seconds,
                })
                .await?;
            store.current_version().await?.ok_or(AppError::Unexpected(
                "the demo catalog was saved but is not current",
            ))?
        }
    };
    let catalog = store.load_catalog(version.id).await?;
    Ok(CurrentCatalog { version, catalog })
}
