//! Store errors.
//!
//! All of these are "something unexpected" from the user's point of view (the database is
//! unreachable, a file cannot be created, a stored record is damaged), except
//! [`StoreError::NoSuchVersion`] and [`StoreError::BadUrl`], which are the user's input being
//! wrong. Messages never include a database password.
//!
//! Database failures are described by what they mean for the operator (the server cannot be
//! reached, the file is read-only, the disk is full, the file is damaged), with the driver's
//! own words kept as the cause; [`StoreError::is_unavailable`] tells the failures worth trying
//! again later from the faults.

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
    #[error("cannot open the database at {url}: {}", problem(source).describe())]
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
    /// The SQLite file is not a database, or its content is damaged. Nothing was written to
    /// it; the file is left as it is for the operator to restore or inspect.
    #[error(
        "the database file {path} is damaged ({reason}); it was left untouched: restore it from a backup, or move it aside to start again from the demo catalog"
    )]
    Damaged {
        /// The file.
        path: String,
        /// What SQLite reported.
        reason: String,
    },
    /// A database operation failed.
    #[error("{}", problem(.0).describe())]
    Database(#[from] sqlx::Error),
    /// A record could not be encoded.
    #[error("cannot encode a catalog record")]
    Encode(#[from] serde_json::Error),
}

/// What a database failure means for whoever runs the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    /// The server is down or restarting, a connection broke, or no connection came free.
    Unreachable,
    /// Another process holds the SQLite file's write lock.
    Busy,
    /// The SQLite file or its folder cannot be written.
    ReadOnly,
    /// The disk is full or a write failed.
    Full,
    /// The file is not a database or is damaged.
    Damaged,
    /// Anything else.
    Other,
}

impl Problem {
    fn describe(self) -> &'static str {
        match self {
            Problem::Unreachable => "the database server cannot be reached",
            Problem::Busy => "the database file is busy with another writer",
            Problem::ReadOnly => {
                "the database cannot be written (the file or its folder is read-only, or permission is missing); nothing was changed"
            }
            Problem::Full => {
                "the database could not be written (the disk is full or failing); nothing was changed"
            }
            Problem::Damaged => "the database file is damaged or is not a database",
            Problem::Other => "database error",
        }
    }
}

fn problem(error: &sqlx::Error) -> Problem {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => Problem::Unreachable,
        sqlx::Error::Database(database) => {
            let code = database.code().unwrap_or_default();
            // PostgreSQL: class 08 is a connection exception, 57P an operator intervention
            // (shutdown, restart), 53 insufficient resources.
            if code.starts_with("08") || code.starts_with("57P") || code.starts_with("53") {
                return Problem::Unreachable;
            }
            // SQLite: extended result codes keep the primary code in their low byte.
            match code.parse::<u32>().map(|code| code & 0xff) {
                Ok(5 | 6) => Problem::Busy,
                Ok(8 | 14 | 23) => Problem::ReadOnly,
                Ok(10 | 13) => Problem::Full,
                Ok(11 | 26) => Problem::Damaged,
                _ => Problem::Other,
            }
        }
        _ => Problem::Other,
    }
}

impl StoreError {
    /// Whether the database is out of reach or cannot take the operation just now (the
    /// server is down or restarting, a connection broke, the pool is exhausted, the SQLite
    /// file is busy, read-only or its disk is full), as opposed to a fault in the data or the
    /// program. Such an operation may succeed if tried again later.
    pub fn is_unavailable(&self) -> bool {
        let source = match self {
            StoreError::Connect { source, .. } => source,
            StoreError::Database(error) => error,
            StoreError::Migrate(sqlx::migrate::MigrateError::Execute(error)) => error,
            _ => return false,
        };
        matches!(
            problem(source),
            Problem::Unreachable | Problem::Busy | Problem::ReadOnly | Problem::Full
        )
    }

    /// Whether the SQLite file is damaged or not a database.
    pub fn is_damaged(&self) -> bool {
        match self {
            StoreError::Damaged { .. } => true,
            StoreError::Connect { source, .. } | StoreError::Database(source) => {
                problem(source) == Problem::Damaged
            }
            _ => false,
        }
    }
}
