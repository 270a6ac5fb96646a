//! Importing files into a new catalog version, and exporting the current one.
//!
//! FREIDA and NRMP track imports rebuild the joined catalog: the new file replaces its own
//! kind of source, and the current version's other source is kept, so importing FREIDA and then
//! the track list (or the other way round) gives a catalog with both, joined. Real sources are
//! never mixed with the fictional demo catalog: importing into a demo (or a catalog-file)
//! version starts from the imported file alone. A catalog-format import replaces the whole
//! catalog with the file's content.

use catalog::{Catalog, CatalogOrigin, Program, Track};
use catalog_import::build::{BuiltCatalog, build_imported};
use catalog_import::format::{CatalogFileFormat, read_catalog, write_catalog};
use catalog_import::join::JoinReport;
use catalog_import::nrmp_results::{self, TrackResults};
use catalog_import::{InvalidRows, Parsed, freida, nrmp_tracks};
use chrono::NaiveDate;
use serde::{Serialize, de::DeserializeOwned};
use store::{Dataset, NewVersion, Store, VersionSummary};

use crate::error::AppError;

/// The kinds of file `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// The FREIDA-style program CSV.
    Freida,
    /// The NRMP program-track list.
    NrmpTracks,
    /// The NRMP Program Results: quota and matches per track and year, applied to the
    /// current real catalog (or to the embedded track list's when the current one is the demo).
    NrmpResults,
    /// The catalog's own format (CSV or JSON).
    Catalog,
}

impl ImportKind {
    /// The dataset name stored with a version (`freida`, `nrmp-tracks`).
    pub(crate) fn dataset_kind(self) -> &'static str {
        match self {
            ImportKind::Freida => freida::SOURCE,
            ImportKind::NrmpTracks => nrmp_tracks::SOURCE,
            ImportKind::NrmpResults => nrmp_results::SOURCE,
            ImportKind::Catalog => "catalog",
        }
    }
}

/// Whether an import may shrink the served catalog sharply (see [`MAX_LOSS_SHARE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shrink {
    /// Refuse an import that would lose more than [`MAX_LOSS_SHARE`] of the current programs
    /// or tracks (the default).
    Refuse,
    /// Import it anyway (`--force`, `force=true`).
    Allow,
}

/// The share of the current catalog's programs or tracks an import may lose without being
/// forced. A real catalog that halves is far more often a truncated or wrong file than a
/// wanted change. An import that would leave no programs is refused even when forced.
pub const MAX_LOSS_SHARE: f64 = 0.5;

/// How to import.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// Refuse the file on any invalid row (the default), or skip and list invalid rows.
    pub invalid_rows: InvalidRows,
    /// Whether the import may shrink the current catalog sharply.
    pub shrink: Shrink,
    /// The date an NRMP track list describes (the file does not say).
    pub as_of: NaiveDate,
    /// The catalog file's format; `None` decides from the file extension.
    pub format: Option<CatalogFileFormat>,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportSummary {
    /// The new, current version.
    pub version: VersionSummary,
    /// Records read from the file.
    pub records_read: usize,
    /// Invalid rows that were skipped, with their file, line, column and reason.
    pub skipped: Vec<String>,
    /// Things the reader or the join noticed.
    pub notes: Vec<String>,
    /// The source kept from the previous version, described.
    pub kept: Option<String>,
    /// The join report, when FREIDA programs and NRMP tracks were joined.
    pub join_report: Option<JoinReport>,
}

/// Imports a file into a new catalog version and makes it current. On any error the current
/// version is left as it was.
pub async fn import_file(
    store: &Store,
    kind: ImportKind,
    bytes: &[u8],
    file_name: &str,
    options: ImportOptions,
    now_epoch_seconds: i64,
) -> Result<ImportSummary, AppError> {
    let current = store.current_version().await?;
    // Only a catalog built from real imports has sources worth keeping.
    let previous = current
        .clone()
        .filter(|version| version.origin == CatalogOrigin::Imported);

    let mut read = match kind {
        ImportKind::Catalog => read_catalog_file(bytes, file_name, options)?,
        ImportKind::Freida => {
            let parsed = freida::parse(bytes, file_name, options.invalid_rows)?;
            let kept =
                kept_dataset::<Track>(store, previous.as_ref(), ImportKind::NrmpTracks).await?;
            let built = build_imported(
                Some(&parsed.records),
                kept.as_ref().map(|(_, tracks)| tracks.as_slice()),
                IMPORTED_LABEL,
            );
            joined_import(kind, file_name, parsed, built, kept)?
        }
        ImportKind::NrmpTracks => {
            let parsed = nrmp_tracks::parse(bytes, file_name, options.as_of, options.invalid_rows)?;
            let kept =
                kept_dataset::<Program>(store, previous.as_ref(), ImportKind::Freida).await?;
            let built = build_imported(
                kept.as_ref().map(|(_, programs)| programs.as_slice()),
                Some(&parsed.records),
                IMPORTED_LABEL,
            );
            joined_import(kind, file_name, parsed, built, kept)?
        }
        ImportKind::NrmpResults => {
            let parsed = nrmp_results::parse(bytes, file_name, options.invalid_rows)?;
            results_import(store, current.as_ref(), file_name, parsed).await?
        }
    };
    if matches!(kind, ImportKind::Freida | ImportKind::NrmpTracks) {
        reapply_results(store, previous.as_ref(), &mut read).await?;
    }
    check_size(&read.catalog, current.as_ref(), options.shrink)?;
    let FileRead {
        catalog,
        records_read,
        skipped,
        notes,
        datasets,
        kept,
        join_report,
    } = read;
    let kept = kept.map(|dataset| {
        format!(
            "kept {} {} record(s) from {} (version {})",
            dataset.row_count,
            dataset.kind,
            dataset.file_name,
            previous
                .as_ref()
                .map(|version| version.id)
                .unwrap_or_default()
        )
    });

    let skipped: Vec<String> = skipped.iter().map(ToString::to_string).collect();
    let mut stored_notes = notes.clone();
    if !skipped.is_empty() {
        stored_notes.push(format!("{} invalid row(s) skipped:", skipped.len()));
        stored_notes.extend(skipped.iter().map(|row| format!("  {row}")));
    }
    stored_notes.extend(kept.clone());
    let join_json = join_report
        .as_ref()
        .map(serde_json::to_value)
        .transpose()
        .map_err(|_| AppError::Unexpected("a join report could not be encoded"))?;
    let id = store
        .save_version(NewVersion {
            catalog: &catalog,
            datasets,
            join_report: join_json,
            notes: stored_notes,
            created_at: now_epoch_seconds,
        })
        .await?;
    let version = store
        .versions()
        .await?
        .into_iter()
        .find(|version| version.id == id)
        .ok_or(AppError::Unexpected("a saved version is missing"))?;
    Ok(ImportSummary {
        version,
        records_read,
        skipped,
        notes,
        kept,
        join_report,
    })
}

/// Refuses a new catalog without programs, and one that loses more than [`MAX_LOSS_SHARE`] of
/// the current real catalog's programs or tracks unless shrinking is allowed. Replacing the
/// fictional demo catalog is never a loss.
fn check_size(
    catalog: &Catalog,
    current: Option<&VersionSummary>,
    shrink: Shrink,
) -> Result<(), AppError> {
    let kept_as_is = match current {
        Some(version) => format!("catalog version {} stays current", version.id),
        None => "nothing was changed".to_owned(),
    };
    if catalog.programs.is_empty() {
        return Err(AppError::ImportRefused(format!(
            "the import would leave a catalog with no programs, so it was refused and {kept_as_is}; check that the file is the right one and that its rows are valid"
        )));
    }
    let Some(current) =
        current.filter(|version| !matches!(version.origin, CatalogOrigin::Demo { .. }))
    else {
        return Ok(());
    };
    if shrink == Shrink::Allow {
        return Ok(());
    }
    let losses: Vec<String> = [
        (
            "programs",
            current.program_count,
            catalog.programs.len() as i64,
        ),
        ("tracks", current.track_count, catalog.tracks.len() as i64),
    ]
    .into_iter()
    .filter(|&(_, before, after)| (after as f64) < (before as f64) * (1.0 - MAX_LOSS_SHARE))
    .map(|(what, before, after)| format!("{what} from {before} to {after}"))
    .collect();
    if losses.is_empty() {
        return Ok(());
    }
    Err(AppError::ImportRefused(format!(
        "the import would shrink the catalog by more than half ({}), so it was refused and {kept_as_is}; if that is intended, import again with --force (force=true through the API)",
        losses.join(", ")
    )))
}

/// The label of catalogs built from imported sources.
const IMPORTED_LABEL: &str = "Imported catalog (FREIDA and NRMP sources)";

/// What reading one file produced, before it is stored.
struct FileRead {
    catalog: Catalog,
    records_read: usize,
    skipped: Vec<catalog_import::RowError>,
    notes: Vec<String>,
    datasets: Vec<Dataset>,
    kept: Option<Dataset>,
    join_report: Option<JoinReport>,
}

fn read_catalog_file(
    bytes: &[u8],
    file_name: &str,
    options: ImportOptions,
) -> Result<FileRead, AppError> {
    let format = match options.format {
        Some(format) => format,
        None => CatalogFileFormat::from_file_name(file_name).ok_or_else(|| {
            AppError::Input(format!(
                "{file_name}: cannot tell the catalog format from the file name; name it .json or .csv, or pass --format"
            ))
        })?,
    };
    let contents = read_catalog(bytes, file_name, format, options.invalid_rows)?;
    Ok(FileRead {
        records_read: contents.catalog.programs.len() + contents.catalog.tracks.len(),
        catalog: contents.catalog,
        skipped: contents.skipped,
        notes: contents.notes,
        datasets: vec![],
        kept: None,
        join_report: None,
    })
}

/// A FREIDA or NRMP track import, built into a catalog with the other source kept.
fn joined_import<T: Serialize, K>(
    kind: ImportKind,
    file_name: &str,
    parsed: Parsed<T>,
    built: BuiltCatalog,
    kept: Option<(Dataset, Vec<K>)>,
) -> Result<FileRead, AppError> {
    let kept = kept.map(|(dataset, _)| dataset);
    let mut datasets = vec![dataset(kind, file_name, &parsed.records)?];
    datasets.extend(kept.clone());
    Ok(FileRead {
        catalog: built.catalog,
        records_read: parsed.records.len(),
        skipped: parsed.skipped,
        notes: parsed.notes,
        datasets,
        kept,
        join_report: built.report,
    })
}

/// The Program Results applied to the current real catalog (whose sources are kept), or to the
/// embedded track list's catalog when the current one is fictional or there is none.
async fn results_import(
    store: &Store,
    current: Option<&VersionSummary>,
    file_name: &str,
    parsed: Parsed<TrackResults>,
) -> Result<FileRead, AppError> {
    let (mut catalog, mut datasets) = match current.filter(|version| !version.fictional) {
        Some(version) => {
            let catalog = store.load_catalog(version.id).await?;
            let mut datasets = Vec::new();
            for kind in [ImportKind::Freida, ImportKind::NrmpTracks] {
                datasets.extend(store.load_dataset(version.id, kind.dataset_kind()).await?);
            }
            (catalog, datasets)
        }
        None => crate::embedded::track_list_catalog()?,
    };
    let applied = nrmp_results::apply(&mut catalog, &parsed.records, results_date(&parsed.records));
    datasets.push(dataset(
        ImportKind::NrmpResults,
        file_name,
        &parsed.records,
    )?);
    let mut notes = parsed.notes;
    notes.push(format!(
        "{} track(s) now have their size and fill history from the results; {} track(s) the catalog lacked were added",
        applied.updated, applied.added
    ));
    Ok(FileRead {
        records_read: parsed.records.len(),
        catalog,
        skipped: parsed.skipped,
        notes,
        datasets,
        kept: None,
        join_report: None,
    })
}

/// Applies the previous version's Program Results again after a FREIDA or track import has
/// rebuilt the catalog from its sources, and keeps them as a source of the new version.
async fn reapply_results(
    store: &Store,
    previous: Option<&VersionSummary>,
    read: &mut FileRead,
) -> Result<(), AppError> {
    if let Some((dataset, results)) =
        kept_dataset::<TrackResults>(store, previous, ImportKind::NrmpResults).await?
    {
        nrmp_results::apply(&mut read.catalog, &results, results_date(&results));
        read.notes.push(format!(
            "the NRMP Program Results of {} were applied again",
            dataset.file_name
        ));
        read.datasets.push(dataset);
    }
    Ok(())
}

/// The date Program Results describe: the third Friday of March of their latest Match year is
/// Match Day; March 15 stands for it.
fn results_date(results: &[TrackResults]) -> NaiveDate {
    let year = results
        .iter()
        .filter_map(|r| r.years.last().map(|y| y.year))
        .max()
        .unwrap_or(2024);
    NaiveDate::from_ymd_opt(i32::from(year), 3, 15).expect("a valid date")
}

/// Writes the current catalog in the catalog format.
pub fn export_catalog(catalog: &Catalog, format: CatalogFileFormat) -> String {
    write_catalog(catalog, format)
}

pub(crate) fn dataset<T: Serialize>(
    kind: ImportKind,
    file_name: &str,
    records: &[T],
) -> Result<Dataset, AppError> {
    Ok(Dataset {
        kind: kind.dataset_kind().to_owned(),
        file_name: file_name.to_owned(),
        row_count: records.len() as i64,
        payload: serde_json::to_string(records)
            .map_err(|_| AppError::Unexpected("imported records could not be encoded"))?,
    })
}

/// The previous version's records of one source kind, if it has them.
async fn kept_dataset<T: DeserializeOwned>(
    store: &Store,
    previous: Option<&VersionSummary>,
    kind: ImportKind,
) -> Result<Option<(Dataset, Vec<T>)>, AppError> {
    let Some(previous) = previous else {
        return Ok(None);
    };
    let Some(dataset) = store.load_dataset(previous.id, kind.dataset_kind()).await? else {
        return Ok(None);
    };
    let records: Vec<T> = serde_json::from_str(&dataset.payload).map_err(|error| {
        AppError::Store(store::StoreError::Corrupt {
            version: previous.id,
            what: format!("{} source records", dataset.kind),
            reason: error.to_string(),
        })
    })?;
    Ok(Some((dataset, records)))
}
