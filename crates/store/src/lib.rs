//! Where catalogs live: versioned program catalogs in SQLite (the default, a file) or
//! PostgreSQL (for several servers sharing one database), chosen by the database URL.
//!
//! Both backends run the same SQL through `sqlx::Any`; each has its own migrations folder
//! (`migrations/sqlite`, `migrations/postgres`), kept in step by a test. This is the only
//! crate that knows SQL. It holds no business logic: it stores and returns whole catalog
//! versions, and switches the current one, atomically; and it keeps the profiles applicants
//! chose to share as links, until they expire or are deleted.

mod error;
mod shares;
mod url;

use std::time::Duration;

use catalog::{Catalog, CatalogMeta, CatalogOrigin, Program, Specialty, Track};
use serde::{Deserialize, Serialize};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyConnection, AnyPool, AssertSqlSafe, Connection, Row};

pub use crate::error::StoreError;
pub use crate::shares::SharedProfileRow;
pub use crate::url::{Backend, DatabaseUrl};

/// A catalog version's number.
pub type VersionId = i64;

/// What a stored version is, without its programs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionSummary {
    /// The version number.
    pub id: VersionId,
    /// When it was created, in seconds since the Unix epoch.
    pub created_at: i64,
    /// The catalog's label.
    pub label: String,
    /// How the catalog was made.
    pub origin: CatalogOrigin,
    /// Whether its programs are fictional.
    pub fictional: bool,
    /// Number of programs.
    pub program_count: i64,
    /// Number of tracks.
    pub track_count: i64,
    /// Whether it is the current version.
    pub current: bool,
}

/// The source records a version was built from (e.g. the parsed FREIDA file), kept so that a
/// later import of another source can rebuild the joined catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The kind of source: `freida`, `nrmp-tracks`, ...
    pub kind: String,
    /// The file it was read from.
    pub file_name: String,
    /// Number of records.
    pub row_count: i64,
    /// The records, as JSON.
    pub payload: String,
}

/// A version to store.
#[derive(Debug, Clone)]
pub struct NewVersion<'a> {
    /// The catalog.
    pub catalog: &'a Catalog,
    /// The source records it was built from.
    pub datasets: Vec<Dataset>,
    /// The join report, as JSON, when sources were joined.
    pub join_report: Option<serde_json::Value>,
    /// What the import said (notes, skipped rows).
    pub notes: Vec<String>,
    /// Creation time, in seconds since the Unix epoch.
    pub created_at: i64,
}

/// Details stored beside a version: its join report and import notes.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionDetails {
    /// The summary.
    pub summary: VersionSummary,
    /// The join report, as JSON, if the version was joined from sources.
    pub join_report: Option<serde_json::Value>,
    /// What the import said.
    pub notes: Vec<String>,
}

/// Rows per multi-row INSERT: few round trips, well under the bind-parameter limits.
const ROWS_PER_INSERT: usize = 200;

/// A catalog store.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the store at a URL, creating the SQLite file (and its folder) if needed, and
    /// bringing the schema up to date.
    pub async fn open(url: &DatabaseUrl) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        if let Some(path) = url.sqlite_path()
            && let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateFolder {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let backend = url.backend();
        // One connection first, on its own: a pool that cannot connect only reports that it
        // timed out, while this says why (refused, read-only, not a database), at once.
        let mut first = AnyConnection::connect(&url.connect_string())
            .await
            .map_err(|source| StoreError::Connect {
                url: url.redacted(),
                source,
            })?;
        if backend == Backend::Sqlite {
            prepare_sqlite(&mut first, url).await?;
        }
        first.close().await.ok();
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 8,
            })
            // A request waits this long for a connection when the database is out of reach,
            // then is answered "try again shortly".
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        sqlite_pragmas(connection).await?;
                    }
                    Ok(())
                })
            })
            .connect(&url.connect_string())
            .await
            .map_err(|source| StoreError::Connect {
                url: url.redacted(),
                source,
            })?;
        let migrator = match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator.run(&pool).await.map_err(StoreError::Migrate)?;
        Ok(Store { pool, backend })
    }

    /// Which database this store uses.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the connections.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The current version, if any catalog was ever stored.
    ///
    /// One row by the current-version table's key: servers ask this every few seconds.
    pub async fn current_version(&self) -> Result<Option<VersionSummary>, StoreError> {
        let row = sqlx::query(
            "SELECT v.id, v.created_at, v.label, v.meta, v.fictional, v.program_count, v.track_count, \
             CAST(1 AS BIGINT) AS is_current \
             FROM catalog_current c JOIN catalog_versions v ON v.id = c.version_id \
             WHERE c.singleton = 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(summary_from_row).transpose()
    }

    /// Every stored version, newest first.
    pub async fn versions(&self) -> Result<Vec<VersionSummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT v.id, v.created_at, v.label, v.meta, v.fictional, v.program_count, v.track_count, \
             CAST(CASE WHEN c.version_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS is_current \
             FROM catalog_versions v LEFT JOIN catalog_current c ON c.version_id = v.id \
             ORDER BY v.id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(summary_from_row).collect()
    }

    /// A version's summary, join report and notes.
    pub async fn version_details(&self, id: VersionId) -> Result<VersionDetails, StoreError> {
        let row = sqlx::query(
            "SELECT v.id, v.created_at, v.label, v.meta, v.fictional, v.program_count, v.track_count, \
             CAST(CASE WHEN c.version_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS is_current, v.join_report, v.notes \
             FROM catalog_versions v LEFT JOIN catalog_current c ON c.version_id = v.id WHERE v.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NoSuchVersion(id))?;
        let summary = summary_from_row(&row)?;
        let join_report: Option<String> = row.try_get("join_report")?;
        let join_report = join_report
            .map(|text| {
                serde_json::from_str(&text).map_err(|error| corrupt(id, "join report", error))
            })
            .transpose()?;
        let notes: String = row.try_get("notes")?;
        let notes =
            serde_json::from_str(&notes).map_err(|error| corrupt(id, "import notes", error))?;
        Ok(VersionDetails {
            summary,
            join_report,
            notes,
        })
    }

    /// Loads a whole catalog version, its programs and tracks in the order they were saved.
    pub async fn load_catalog(&self, id: VersionId) -> Result<Catalog, StoreError> {
        let row = sqlx::query("SELECT meta, specialties FROM catalog_versions WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NoSuchVersion(id))?;
        let meta: String = row.try_get("meta")?;
        let meta: CatalogMeta = serde_json::from_str(&meta)
            .map_err(|error| corrupt(id, "catalog description", error))?;
        let specialties: String = row.try_get("specialties")?;
        let specialties: Vec<Specialty> = serde_json::from_str(&specialties)
            .map_err(|error| corrupt(id, "specialty list", error))?;

        let program_rows =
            sqlx::query("SELECT program_id, record FROM catalog_programs WHERE version_id = $1 ORDER BY catalog_position, program_id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        let programs = program_rows
            .iter()
            .map(|row| {
                let key: String = row.try_get("program_id")?;
                let record: String = row.try_get("record")?;
                serde_json::from_str::<Program>(&record)
                    .map_err(|error| corrupt(id, &format!("program {key}"), error))
            })
            .collect::<Result<Vec<_>, _>>()?;

        let track_rows = sqlx::query(
            "SELECT nrmp_code, record FROM catalog_tracks WHERE version_id = $1 ORDER BY catalog_position, nrmp_code",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let tracks = track_rows
            .iter()
            .map(|row| {
                let key: String = row.try_get("nrmp_code")?;
                let record: String = row.try_get("record")?;
                serde_json::from_str::<Track>(&record)
                    .map_err(|error| corrupt(id, &format!("track {key}"), error))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Catalog {
            meta,
            specialties,
            programs,
            tracks,
        })
    }

    /// The source records of one kind a version was built from, if it has them.
    pub async fn load_dataset(
        &self,
        id: VersionId,
        kind: &str,
    ) -> Result<Option<Dataset>, StoreError> {
        let row = sqlx::query(
            "SELECT kind, file_name, row_count, payload FROM catalog_datasets WHERE version_id = $1 AND kind = $2",
        )
        .bind(id)
        .bind(kind)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(Dataset {
                kind: row.try_get("kind")?,
                file_name: row.try_get("file_name")?,
                row_count: row.try_get("row_count")?,
                payload: row.try_get("payload")?,
            })
        })
        .transpose()
    }

    /// A cached result derived from a version, if one was saved under this key.
    pub async fn load_cached(
        &self,
        id: VersionId,
        key: &str,
    ) -> Result<Option<String>, StoreError> {
        let row =
            sqlx::query("SELECT payload FROM model_cache WHERE version_id = $1 AND cache_key = $2")
                .bind(id)
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|row| row.try_get("payload")).transpose()?)
    }

    /// Saves a result derived from a version under a key. A result already saved under the
    /// key is kept (it was computed from the same inputs, so it is the same), which makes
    /// concurrent saves from several servers harmless.
    pub async fn save_cached(
        &self,
        id: VersionId,
        key: &str,
        payload: &str,
        created_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO model_cache (version_id, cache_key, created_at, payload) VALUES ($1, $2, $3, $4) ON CONFLICT (version_id, cache_key) DO NOTHING",
        )
        .bind(id)
        .bind(key)
        .bind(created_at)
        .bind(payload)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Stores a new version and makes it current, in one transaction: either the whole
    /// version is stored and current, or nothing changed.
    pub async fn save_version(&self, new: NewVersion<'_>) -> Result<VersionId, StoreError> {
        let saved = self.write_version(new, false).await?;
        Ok(saved.expect("a version saved unconditionally is always stored"))
    }

    /// Stores the store's first version and makes it current, unless some version is current
    /// already (another process stored one first): then nothing is written and `None` comes
    /// back. Several servers starting together on a new database store one first version.
    pub async fn save_first_version(
        &self,
        new: NewVersion<'_>,
    ) -> Result<Option<VersionId>, StoreError> {
        self.write_version(new, true).await
    }

    async fn write_version(
        &self,
        new: NewVersion<'_>,
        only_if_first: bool,
    ) -> Result<Option<VersionId>, StoreError> {
        let catalog = new.catalog;
        let meta = serde_json::to_string(&catalog.meta)?;
        let specialties = serde_json::to_string(&catalog.specialties)?;
        let origin = origin_name(&catalog.meta.origin);
        let join_report = new
            .join_report
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?;
        let notes = serde_json::to_string(&new.notes)?;

        let mut transaction = self.pool.begin().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO catalog_versions \
             (created_at, label, origin, fictional, meta, specialties, program_count, track_count, join_report, notes) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(new.created_at)
        .bind(catalog.meta.label.clone())
        .bind(origin)
        .bind(i64::from(catalog.meta.fictional))
        .bind(meta)
        .bind(specialties)
        .bind(catalog.programs.len() as i64)
        .bind(catalog.tracks.len() as i64)
        .bind(join_report)
        .bind(notes)
        .fetch_one(&mut *transaction)
        .await?
        .try_get("id")?;

        // Each row keeps its place in the catalog, so that the catalog reads back in the same
        // order (the market simulator's draws follow it).
        for (chunk_index, chunk) in catalog.programs.chunks(ROWS_PER_INSERT).enumerate() {
            let sql = multi_row_insert(
                "INSERT INTO catalog_programs (version_id, catalog_position, program_id, specialty, state, name, record) VALUES ",
                7,
                chunk.len(),
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (index, program) in chunk.iter().enumerate() {
                query = query
                    .bind(id)
                    .bind(catalog_position(chunk_index, index))
                    .bind(program.id.to_string())
                    .bind(program.specialty.to_string())
                    .bind(program.state.get().map(|state| state.code().to_owned()))
                    .bind(program.name.clone())
                    .bind(serde_json::to_string(program)?);
            }
            query.execute(&mut *transaction).await?;
        }
        for (chunk_index, chunk) in catalog.tracks.chunks(ROWS_PER_INSERT).enumerate() {
            let sql = multi_row_insert(
                "INSERT INTO catalog_tracks (version_id, catalog_position, nrmp_code, program_id, record) VALUES ",
                5,
                chunk.len(),
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (index, track) in chunk.iter().enumerate() {
                query = query
                    .bind(id)
                    .bind(catalog_position(chunk_index, index))
                    .bind(track.code.to_string())
                    .bind(track.program.as_ref().map(ToString::to_string))
                    .bind(serde_json::to_string(track)?);
            }
            query.execute(&mut *transaction).await?;
        }
        for dataset in &new.datasets {
            sqlx::query(
                "INSERT INTO catalog_datasets (version_id, kind, file_name, row_count, payload) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(dataset.kind.clone())
            .bind(dataset.file_name.clone())
            .bind(dataset.row_count)
            .bind(dataset.payload.clone())
            .execute(&mut *transaction)
            .await?;
        }
        if only_if_first {
            // Taking the current-version row is what decides which first version wins: a
            // second writer waits for the first one's transaction, then finds the row taken.
            let taken = sqlx::query(
                "INSERT INTO catalog_current (singleton, version_id) VALUES (1, $1) \
                 ON CONFLICT (singleton) DO NOTHING",
            )
            .bind(id)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
            if taken == 0 {
                transaction.rollback().await?;
                return Ok(None);
            }
        } else {
            set_current(&mut transaction, id).await?;
        }
        transaction.commit().await?;
        Ok(Some(id))
    }

    /// Makes a stored version current.
    pub async fn switch_to(&self, id: VersionId) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        let exists = sqlx::query("SELECT id FROM catalog_versions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *transaction)
            .await?
            .is_some();
        if !exists {
            return Err(StoreError::NoSuchVersion(id));
        }
        set_current(&mut transaction, id).await?;
        transaction.commit().await?;
        Ok(())
    }
}

/// The settings every SQLite connection runs with.
async fn sqlite_pragmas(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
    // WAL lets readers go on while an import writes; the busy timeout makes a second writer
    // wait instead of failing at once.
    sqlx::query("PRAGMA journal_mode = WAL")
        .execute(&mut *connection)
        .await?;
    sqlx::query("PRAGMA busy_timeout = 10000")
        .execute(&mut *connection)
        .await?;
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// Checks an SQLite file before it is used: it must be a database SQLite can write, and pass
/// SQLite's quick structural check (milliseconds for a catalog), so that a damaged file is
/// refused at start, untouched, rather than failing part way through a request.
async fn prepare_sqlite(
    connection: &mut AnyConnection,
    url: &DatabaseUrl,
) -> Result<(), StoreError> {
    let path = || {
        url.sqlite_path()
            .map(|path| path.display().to_string())
            .unwrap_or_else(|| url.redacted())
    };
    let damaged = |reason: String| StoreError::Damaged {
        path: path(),
        reason,
    };
    let checked = async {
        let row = sqlx::query("PRAGMA quick_check")
            .fetch_one(&mut *connection)
            .await?;
        let verdict: String = row.try_get(0)?;
        Ok::<_, sqlx::Error>(verdict)
    }
    .await;
    match checked {
        Ok(verdict) if verdict == "ok" => {}
        Ok(verdict) => {
            // SQLite lists every damaged page; the first problem says enough.
            let mut lines = verdict.lines().filter(|line| !line.starts_with("***"));
            let first = lines.next().unwrap_or_default().to_owned();
            let more = lines.count();
            return Err(damaged(if more > 0 {
                format!("{first}, and {more} more problem(s)")
            } else {
                first
            }));
        }
        Err(error) => {
            let error = StoreError::Connect {
                url: url.redacted(),
                source: error,
            };
            return Err(if error.is_damaged() {
                damaged(error_source_text(&error))
            } else {
                error
            });
        }
    }
    sqlite_pragmas(connection)
        .await
        .map_err(|source| StoreError::Connect {
            url: url.redacted(),
            source,
        })
}

fn error_source_text(error: &StoreError) -> String {
    std::error::Error::source(error)
        .map(ToString::to_string)
        .unwrap_or_default()
}

async fn set_current(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: VersionId,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO catalog_current (singleton, version_id) VALUES (1, $1) \
         ON CONFLICT (singleton) DO UPDATE SET version_id = excluded.version_id",
    )
    .bind(id)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}

/// `INSERT ... VALUES ($1, $2), ($3, $4), ...` for `rows` rows of `columns` placeholders. The
/// statement holds placeholders only; every value is bound.
fn multi_row_insert(prefix: &str, columns: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(prefix.len() + rows * columns * 6);
    sql.push_str(prefix);
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..columns {
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", row * columns + column + 1));
        }
        sql.push(')');
    }
    sql
}

/// The place in its catalog of the `index`th row of the `chunk_index`th chunk of
/// [`ROWS_PER_INSERT`] rows.
fn catalog_position(chunk_index: usize, index: usize) -> i64 {
    (chunk_index * ROWS_PER_INSERT + index) as i64
}

fn origin_name(origin: &CatalogOrigin) -> &'static str {
    match origin {
        CatalogOrigin::Demo { .. } => "demo",
        CatalogOrigin::Imported => "imported",
        CatalogOrigin::CatalogFile => "catalog_file",
    }
}

fn summary_from_row(row: &AnyRow) -> Result<VersionSummary, StoreError> {
    let id: i64 = row.try_get("id")?;
    let meta: String = row.try_get("meta")?;
    let meta: CatalogMeta =
        serde_json::from_str(&meta).map_err(|error| corrupt(id, "catalog description", error))?;
    Ok(VersionSummary {
        id,
        created_at: row.try_get("created_at")?,
        label: row.try_get("label")?,
        origin: meta.origin,
        fictional: row.try_get::<i64, _>("fictional")? != 0,
        program_count: row.try_get("program_count")?,
        track_count: row.try_get("track_count")?,
        current: row.try_get::<i64, _>("is_current")? != 0,
    })
}

fn corrupt(version: VersionId, what: &str, error: serde_json::Error) -> StoreError {
    StoreError::Corrupt {
        version,
        what: what.to_owned(),
        reason: error.to_string(),
    }
}
