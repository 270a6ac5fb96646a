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
