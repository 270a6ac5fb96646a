//! What every request reads: the catalog being served and the model's calibration, loaded once
//! at start-up and shared read-only between requests.

use std::sync::Arc;

use app::CurrentCatalog;
use catalog::Catalog;

use crate::methodology::Methodology;

/// The application's shared, read-only state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    catalog: Catalog,
    version: i64,
    methodology: Methodology,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("catalog", &self.inner.catalog.meta.label)
            .field("version", &self.inner.version)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State serving the store's current catalog.
    pub fn new(current: CurrentCatalog) -> AppState {
        AppState::from_catalog(current.catalog, current.version.id)
    }

    /// State serving a catalog held in memory, labelled with a version number.
    pub fn from_catalog(catalog: Catalog, version: i64) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                catalog,
                version,
                methodology: Methodology::embedded(),
            }),
        }
    }

    /// The catalog being served.
    pub fn catalog(&self) -> &Catalog {
        &self.inner.catalog
    }

    /// The catalog's version number in the store.
    pub fn version(&self) -> i64 {
        self.inner.version
    }

    /// The model's calibration, as the methodology page shows it.
    pub(crate) fn methodology(&self) -> &Methodology {
        &self.inner.methodology
    }
}
