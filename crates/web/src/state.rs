//! What every request reads: the catalog being served, Smart Pick's chance model of it and the
//! model's calibration ([`AppState`], read-only), and the site around it ([`Site`]): the store,
//! the settings, and the catalog snapshot currently served, which is replaced as a whole when
//! the store's current catalog version changes. Each request takes the snapshot current when
//! it starts and keeps it to its end.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use axum::extract::FromRef;
use store::Store;

use app::CurrentCatalog;
use calibration::CalibrationFile;
use catalog::{Catalog, NrmpCode, Program, ProgramId, Track};
use ipnet::IpNet;
use market::mix::EstimatedMix;
use market::sizes::{TrackSize, track_sizes};
use market::sponsorship::Sponsorship;
use smart_pick::ChanceModel;

use crate::limits::RateLimits;
use crate::methodology::Methodology;
use crate::views::ModelFill;

use app::pick::{SURVEY_SEASONS, SURVEY_SEED};

/// The application's shared, read-only state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    model: ChanceModel,
    /// Every track's size, known or estimated, by NRMP code.
    sizes: HashMap<NrmpCode, TrackSize>,
    /// Every program's visa sponsorship, known or estimated, by id.
    sponsorship: HashMap<ProgramId, Sponsorship>,

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

/// A program's size as the pages show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgramPositions {
    /// First-year positions.
    pub positions: u32,
    /// Whether the number is an estimate (the sum of its tracks' estimated sizes).
    pub estimated: bool,
}

impl ProgramPositions {
    /// The number as shown: `12`, or `~12 (estimated)`.
    pub fn text(self) -> String {
        if self.estimated {
            format!("~{} (estimated)", self.positions)
        } else {
            self.positions.to_string()
        }
    }
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
        let catalog = model.catalog();
        let sizes = catalog
            .tracks
            .iter()
            .map(|track| track.code.clone())
            .zip(track_sizes(catalog))
            .collect();
        let sponsorship = catalog
            .programs
            .iter()
            .map(|program| program.id.clone())
            .zip(model.program_sponsorship().iter().copied())
            .collect();
        AppState {
            inner: Arc::new(Inner {
                sizes,
                sponsorship,
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

    /// A track's size: its positions as the catalog's source gives them, or an estimate.
    pub fn track_size(&self, track: &Track) -> TrackSize {
        self.inner
            .sizes
            .get(&track.code)
            .copied()
            .expect("every track of the served catalog has a size")
    }

    /// How often the chance model's surveyed seasons filled a track (`None` when it offers no
    /// positions).
    pub fn model_fill(&self, track: &Track) -> Option<ModelFill> {
        let model = &self.inner.model;
        model.fill_share(&track.code).map(|share| ModelFill {
            share,
            seasons: model.survey_seasons(),
        })
    }

    /// The model's estimate of a program's resident mix, where the catalog does not state it
    /// and the track list names its institution.
    pub fn estimated_mix(&self, program: &Program) -> Option<EstimatedMix> {
        self.inner.model.estimated_mix(program)
    }

    /// A program's visa sponsorship: from its facts, estimated where they are not known.
    pub fn sponsorship(&self, program: &Program) -> Sponsorship {
        self.inner
            .sponsorship
            .get(&program.id)
            .copied()
            .expect("every program of the served catalog has its sponsorship")
    }

    /// The programs a search finds, in the order it asks for.
    pub fn search_programs(&self, request: &crate::input::ExplorerRequest) -> Vec<&Program> {
        use crate::input::ProgramSort;
        let mut found: Vec<&Program> = self
            .catalog()
            .programs
            .iter()
            .filter(|program| request.query.matches(program))
            .collect();
        let img = |p: &Program| p.resident_mix.get().map(|mix| mix.img_pct);
        let state = |p: &Program| p.state.get().map(|s| s.code());
        match request.sort {
            ProgramSort::Catalog => {}
            ProgramSort::Name => found.sort_by(|a, b| a.name.cmp(&b.name)),
            ProgramSort::State => found.sort_by(|a, b| {
                // Programs whose state is unknown come last.
                (state(a).is_none(), state(a), &a.name).cmp(&(
                    state(b).is_none(),
                    state(b),
                    &b.name,
                ))
            }),
            ProgramSort::Positions => {
                found.sort_by_cached_key(|p| {
                    std::cmp::Reverse(self.program_positions(p).map_or(0, |n| n.positions))
                });
            }
            ProgramSort::ImgShare => found.sort_by(|a, b| {
                let (a, b) = (img(a), img(b));
                b.unwrap_or(-1.0).total_cmp(&a.unwrap_or(-1.0))
            }),
        }
        found
    }

    /// A program's first-year positions: the catalog's figure, or else the sum of its tracks'
    /// sizes, an estimate when any of them is (`None` when neither is there).
    pub fn program_positions(&self, program: &Program) -> Option<ProgramPositions> {
        if let Some(&known) = program.first_year_positions.get() {
            return Some(ProgramPositions {
                positions: u32::from(known),
                estimated: false,
            });
        }
        let sizes: Vec<TrackSize> = self
            .catalog()
            .tracks_of(&program.id)
            .map(|track| self.track_size(track))
            .collect();
        let positions: u32 = sizes.iter().map(|size| size.positions).sum();
        (positions > 0).then_some(ProgramPositions {
            positions,
            estimated: sizes.iter().any(|size| size.basis.is_estimate()),
        })
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

/// Where the server reads the time: the binary passes the system clock, tests a clock they
/// move by hand. The web crate never reads the clock itself.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> i64 + Send + Sync>);

impl Clock {
    /// A clock that answers `now()`, in seconds since the Unix epoch.
    pub fn new(now: impl Fn() -> i64 + Send + Sync + 'static) -> Clock {
        Clock(Arc::new(now))
    }

    /// A clock stopped at `epoch_seconds`.
    pub fn fixed(epoch_seconds: i64) -> Clock {
        Clock::new(move || epoch_seconds)
    }

    /// The time now, in seconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        (self.0)()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clock")
    }
}

/// The server's settings (made from `app::config::ServeConfig` by [`Settings::from_config`]).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The token catalog writes through the API must present; `None` refuses them all.
    pub admin_token: Option<app::config::Secret>,
    /// How long a shared result is kept.
    pub share_retention: Duration,
    /// Expensive requests per client per minute, on average.
    pub expensive_per_minute: u32,
    /// Expensive requests a client may make at once.
    pub expensive_burst: u32,
    /// Reverse proxies whose forwarding headers say which client a request comes from (none:
    /// the peer address is the client).
    pub trusted_proxies: Vec<IpNet>,
    /// Where the time comes from.
    pub clock: Clock,
}

impl Default for Settings {
    /// The defaults of `app::config`, no admin token, and a clock stopped at the epoch (a site
    /// without a store, which is what these settings serve in tests, never asks the time).
    fn default() -> Settings {
        use app::config::defaults;
        Settings {
            admin_token: None,
            share_retention: Duration::from_secs(
                u64::from(defaults::SHARE_RETENTION_DAYS) * 86_400,
            ),
            expensive_per_minute: defaults::EXPENSIVE_PER_MINUTE,
            expensive_burst: defaults::EXPENSIVE_BURST,
            trusted_proxies: Vec::new(),
            clock: Clock::fixed(0),
        }
    }
}

impl Settings {
    /// The settings of a resolved configuration, with the time read from `clock`.
    pub fn from_config(config: &app::config::ServeConfig, clock: Clock) -> Settings {
        Settings {
            admin_token: config.admin_token.clone(),
            share_retention: config.share_retention,
            expensive_per_minute: config.expensive_per_minute,
            expensive_burst: config.expensive_burst,
            trusted_proxies: config.trusted_proxies.clone(),
            clock,
        }
    }
}

/// The site: the catalog snapshot being served, the store (absent when the site serves a
/// catalog held only in memory, as some tests do), the settings and the per-client rate limits.
/// Cheap to clone.
#[derive(Clone)]
pub struct Site {
    inner: Arc<SiteInner>,
}

struct SiteInner {
    served: ArcSwap<Inner>,
    store: Option<Store>,
    settings: Settings,
    limits: RateLimits,
    /// Held while the served catalog is being replaced, so that a poll and an import on this
    /// server do not build the same model twice.
    reloading: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("served", &self.current())
            .field("store", &self.inner.store)
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

/// What a reload did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// The store's current version is the one served.
    Unchanged(i64),
    /// The site now serves this version (it was serving the other).
    Switched {
        /// The version served before.
        from: i64,
        /// The version served now.
        to: i64,
    },
}

impl Site {
    /// A site serving `state`, with a store or without one.
    pub fn new(state: AppState, store: Option<Store>, settings: Settings) -> Site {
        let limits = RateLimits::new(settings.expensive_per_minute, settings.expensive_burst);
        Site {
            inner: Arc::new(SiteInner {
                served: ArcSwap::new(state.inner),
                store,
                settings,
                limits,
                reloading: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The snapshot being served now.
    pub fn current(&self) -> AppState {
        AppState {
            inner: self.inner.served.load_full(),
        }
    }

    /// Serves `state` from now on; requests already running keep the snapshot they started with.
    pub fn replace(&self, state: AppState) {
        self.inner.served.store(state.inner);
    }

    /// The store, when the site has one.
    pub fn store(&self) -> Option<&Store> {
        self.inner.store.as_ref()
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The time now, from the settings' clock.
    pub fn now(&self) -> i64 {
        self.inner.settings.clock.now()
    }

    pub(crate) fn limits(&self) -> &RateLimits {
        &self.inner.limits
    }

    /// Serves the store's current catalog version if it is not the one served: loads it and
    /// builds its chance model (from the store's cached survey when another server already
    /// made one) on a blocking thread, then swaps it in whole. Several servers on one database
    /// each call this periodically, so an import on any of them reaches all.
    pub async fn reload(&self) -> Result<Reload, app::AppError> {
        let Some(store) = self.store().cloned() else {
            return Ok(Reload::Unchanged(self.current().version()));
        };
        let _guard = self.inner.reloading.lock().await;
        let served = self.current().version();
        let Some(latest) = store.current_version().await? else {
            return Ok(Reload::Unchanged(served));
        };
        if latest.id == served {
            return Ok(Reload::Unchanged(served));
        }
        let catalog = store.load_catalog(latest.id).await?;
        let current = CurrentCatalog {
            version: latest,
            catalog,
        };
        let calibration = self.current().calibration().clone();
        let now = self.now();
        let runtime = tokio::runtime::Handle::current();
        let state = tokio::task::spawn_blocking(move || {
            let version = current.version.id;
            let model = runtime.block_on(app::pick::load_model(
                &store,
                current,
                &calibration,
                now,
                |_| {},
            ))?;
            Ok::<_, app::AppError>(AppState::with_model(model, calibration, version))
        })
        .await
        .map_err(|_| {
            app::AppError::Unexpected("building the chance model of a new catalog failed")
        })??;
        let to = state.version();
        self.replace(state);
        Ok(Reload::Switched { from: served, to })
    }

    /// Housekeeping the binary runs periodically: deletes shared profiles past their
    /// retention and forgets rate-limit state of clients idle long enough to be back at full
    /// allowance, so that neither grows without bound. Returns the number of shares deleted.
    pub async fn sweep(&self) -> Result<u64, app::AppError> {
        self.inner.limits.forget_idle_clients();
        match self.store() {
            Some(store) => app::share::delete_expired_shared_profiles(store, self.now()).await,
            None => Ok(0),
        }
    }
}

/// Why a shared-link operation could not be done.
#[derive(Debug)]
pub(crate) enum ShareFailure {
    /// The site has no store to keep links in.
    NoStore,
    /// The store failed.
    Failed(app::AppError),
}

impl Site {
    fn share_store(&self) -> Result<&Store, ShareFailure> {
        self.store().ok_or(ShareFailure::NoStore)
    }

    /// How long a new shared link is kept, in whole days (rounded up), when the site keeps
    /// links at all.
    pub(crate) fn share_days(&self) -> Option<u64> {
        self.store()
            .map(|_| self.settings().share_retention.as_secs().div_ceil(86_400))
    }

    /// Stores a profile as a shared link, kept for the configured retention from now.
    pub(crate) async fn share(
        &self,
        profile: &smart_pick::ProfileInput,
    ) -> Result<app::share::SharedProfile, ShareFailure> {
        let store = self.share_store()?;
        let retention =
            i64::try_from(self.settings().share_retention.as_secs()).unwrap_or(i64::MAX);
        app::share::share_profile(store, profile, self.now(), retention)
            .await
            .map_err(ShareFailure::Failed)
    }

    /// The shared profile behind a link's id as typed; `None` when the id is malformed, or
    /// no link has it any more.
    pub(crate) async fn open_share(
        &self,
        id: &str,
    ) -> Result<Option<app::share::SharedProfile>, ShareFailure> {
        let store = self.share_store()?;
        let Some(id) = app::share::ShareId::parse(id) else {
            return Ok(None);
        };
        app::share::open_shared_profile(store, &id, self.now())
            .await
            .map_err(ShareFailure::Failed)
    }

    /// Deletes the shared link with this id as typed, when the key typed is its deletion key.
    pub(crate) async fn delete_share(
        &self,
        id: &str,
        key: &str,
    ) -> Result<app::share::Deletion, ShareFailure> {
        let store = self.share_store()?;
        let Some(id) = app::share::ShareId::parse(id) else {
            return Ok(app::share::Deletion::NotFound);
        };
        let Some(key) = app::share::DeleteKey::parse(key) else {
            return Ok(app::share::Deletion::WrongKey);
        };
        app::share::delete_shared_profile(store, &id, &key)
            .await
            .map_err(ShareFailure::Failed)
    }
}

impl From<AppState> for Site {
    /// A site without a store, with default settings.
    fn from(state: AppState) -> Site {
        Site::new(state, None, Settings::default())
    }
}

impl FromRef<Site> for AppState {
    fn from_ref(site: &Site) -> AppState {
        site.current()
    }
}
