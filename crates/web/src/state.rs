//! What every request reads: the catalog being served, Smart Pick's chance model of it and the
//! model's calibration, built once at start-up and shared read-only between requests.

use std::sync::Arc;

use app::CurrentCatalog;
use calibration::CalibrationFile;
use catalog::Catalog;
use smart_pick::ChanceModel;

use crate::methodology::Methodology;

use app::pick::{SURVEY_SEASONS, SURVEY_SEED};

/// The application's shared, read-only state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    model: ChanceModel,
    calibration: CalibrationFile,
    version: i64,
    methodology: Methodology,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("catalog", &self.catalog().meta.label)
            .field("version", &self.inner.version)
            .finish_non_exhaustive()
    }
}

/// The calibration built into the binary.
pub fn embedded_calibration() -> CalibrationFile {
    Methodology::embedded()
        .file
        .expect("the calibration file built into the binary reads")
}

impl AppState {
    /// State serving the store's current catalog, with the chance model built from the
    /// calibration built into the binary.
    pub fn new(current: CurrentCatalog) -> AppState {
        AppState::with_survey(current.catalog, current.version.id, SURVEY_SEASONS)
    }

    /// State serving a catalog held in memory, labelled with a version number.
    pub fn from_catalog(catalog: Catalog, version: i64) -> AppState {
        AppState::with_survey(catalog, version, SURVEY_SEASONS)
    }

    /// State whose chance model surveys `seasons` simulated seasons (fewer build faster and
    /// estimate cutoffs more roughly).
    pub fn with_survey(catalog: Catalog, version: i64, seasons: u32) -> AppState {
        let calibration = embedded_calibration();
        let (model, _) = ChanceModel::survey_and_build(
            catalog,
            calibration.parameters.clone(),
            SURVEY_SEED,
            seasons.max(1),
            |_| {},
        );
        AppState::with_model(model, calibration, version)
    }

    /// State serving the catalog of an already built chance model (for instance one whose
    /// survey was read from the store's cache by `app::pick::load_model`).
    pub fn with_model(model: ChanceModel, calibration: CalibrationFile, version: i64) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                model,
                calibration,
                version,
                methodology: Methodology::embedded(),
            }),
        }
    }

    /// The catalog being served.
    pub fn catalog(&self) -> &Catalog {
        self.inner.model.catalog()
    }

    /// The catalog's version number in the store.
    pub fn version(&self) -> i64 {
        self.inner.version
    }

    /// Smart Pick's chance model of the catalog.
    pub fn model(&self) -> &ChanceModel {
        &self.inner.model
    }

    /// The calibration the model uses.
    pub fn calibration(&self) -> &CalibrationFile {
        &self.inner.calibration
    }

    /// The model's calibration, as the methodology page shows it.
    pub(crate) fn methodology(&self) -> &Methodology {
        &self.inner.methodology
    }
}
