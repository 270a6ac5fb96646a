//! Database URLs: `sqlite://PATH` or `postgres://USER:PASSWORD@HOST:PORT/DATABASE`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::StoreError;

/// Which database a URL points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A database URL. Its `Debug` and `Display` forms hide any password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    backend: Backend,
    /// For SQLite, the file path; for PostgreSQL, the whole URL.
    text: String,
}

impl DatabaseUrl {
    /// Parses `sqlite://PATH` (a relative or absolute path; `sqlite::memory:` is refused since
    /// a catalog must outlive the process) or `postgres://...` / `postgresql://...`.
    pub fn parse(text: &str) -> Result<DatabaseUrl, StoreError> {
        let text = text.trim();
        if let Some(path) = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
        {
            let path = path.split('?').next().unwrap_or("");
            if path.is_empty() || path.starts_with(":memory:") {
                return Err(StoreError::BadUrl {
                    url: text.to_owned(),
                    reason: "expected sqlite://PATH with the path of a database file".to_owned(),
                });
            }
            return Ok(DatabaseUrl::sqlite_file(Path::new(path)));
        }
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(DatabaseUrl {
                backend: Backend::Postgres,
                text: text.to_owned(),
            });
        }
        Err(StoreError::BadUrl {
            url: redact(text),
            reason: "expected sqlite://PATH or postgres://USER@HOST:PORT/DATABASE".to_owned(),
        })
    }

    /// The URL of an SQLite file.
    pub fn sqlite_file(path: &Path) -> DatabaseUrl {
        DatabaseUrl {
            backend: Backend::Sqlite,
            text: path.display().to_string(),
        }
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The SQLite file's path, for an SQLite URL.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        (self.backend == Backend::Sqlite).then(|| PathBuf::from(&self.text))
    }

    /// The string handed to the database driver (it may hold a password: never print it).
    pub(crate) fn connect_string(&self) -> String {
        match self.backend {
            // `mode=rwc` creates the file on first use.
            Backend::Sqlite => format!("sqlite://{}?mode=rwc", self.text),
            Backend::Postgres => self.text.clone(),
        }
    }

    /// The URL with any password replaced by `***`.
    pub fn redacted(&self) -> String {
        match self.backend {
            Backend::Sqlite => format!("sqlite://{}", self.text),
            Backend::Postgres => redact(&self.text),
        }
    }
}

impl FromStr for DatabaseUrl {
    type Err = StoreError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DatabaseUrl::parse(text)
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Replaces the password of `scheme://user:password@host` with `***`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend_and_hide_passwords() {
        let sqlite = DatabaseUrl::parse("sqlite://data/catalog.sqlite").unwrap();
        assert_eq!(sqlite.backend(), Backend::Sqlite);
        assert_eq!(
            sqlite.sqlite_path().unwrap(),
            PathBuf::from("data/catalog.sqlite")
        );
        let absolute = DatabaseUrl::parse("sqlite:///tmp/x.db").unwrap();
        assert_eq!(absolute.sqlite_path().unwrap(), PathBuf::from("/tmp/x.db"));
        let postgres =
            DatabaseUrl::parse("postgres://advisor:s3cret@db.local:5432/catalog").unwrap();
        assert_eq!(postgres.backend(), Backend::Postgres);
        assert_eq!(
            format!("{postgres:?}"),
            "DatabaseUrl(postgres://advisor:***@db.local:5432/catalog)"
        );
        assert!(!postgres.to_string().contains("s3cret"));
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("sqlite::memory:").is_err());
        let error = DatabaseUrl::parse("redis://u:pw@h")
            .unwrap_err()
            .to_string();
        assert!(!error.contains("pw@"), "{error}");
    }
}
