//! Store errors.
//!
//! All of these are "something unexpected" from the user's point of view (the database is
//! unreachable, a file cannot be created, a stored record is damaged), except
//! [`StoreError::NoSuchVersion`] and [`StoreError::BadUrl`], which are the user's input being
//! wrong. Messages never include a database password.

use thiserror::Error;

/// Why a store operation failed.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database URL is not one the store understands.
    #[error("database URL {url:?}: {reason}")]
    BadUrl {
        /// The URL, with any password removed.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The folder for the SQLite file could not be created.
    #[error("cannot create the folder {path} for the database")]
    CreateFolder {
        /// The folder.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The database could not be reached or opened.
    #[error("cannot open the database at {url}")]
    Connect {
        /// The URL, with any password removed.
        url: String,
        /// The cause.
        #[source]
        source: sqlx::Error,
    },
    /// The schema could not be brought up to date.
    #[error("cannot bring the database schema up to date")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    /// No version has this number.
    #[error("there is no catalog version {0}; `residency-advisor catalog versions` lists them")]
    NoSuchVersion(i64),
    /// A stored record cannot be read back.
    #[error("catalog version {version}: the stored {what} is damaged ({reason})")]
    Corrupt {
        /// The version.
        version: i64,
        /// Which record.
        what: String,
        /// The decoding error.
        reason: String,
    },
    /// A database operation failed.
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// A record could not be encoded.
    #[error("cannot encode a catalog record")]
    Encode(#[from] serde_json::Error),
}

impl StoreError {
    /// Whether the database is out of reach or cannot take the operation just now (the
    /// server is down or restarting, a connection broke, the pool is exhausted, the SQLite
    /// file is busy, read-only or its disk is full), as opposed to a fault in the data or the
    /// program. Such an operation may succeed if tried again later.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Connect { .. } => true,
            StoreError::Database(error) => database_unavailable(error),
            StoreError::Migrate(sqlx::migrate::MigrateError::Execute(error)) => {
                database_unavailable(error)
            }
            _ => false,
        }
    }
}

fn database_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(database) => {
            let code = database.code().unwrap_or_default();
            // PostgreSQL: class 08 is a connection exception, class 57P an operator
            // intervention (shutdown, restart), 53 insufficient resources. SQLite: 5 busy,
            // 6 locked, 8 read-only, 10 disk I/O error, 13 full (extended codes keep the
            // primary code in their low byte).
            code.starts_with("08")
                || code.starts_with("57P")
                || code.starts_with("53")
                || code
                    .parse::<u32>()
                    .is_ok_and(|code| matches!(code & 0xff, 5 | 6 | 8 | 10 | 13))
        }
        _ => false,
    }
}
