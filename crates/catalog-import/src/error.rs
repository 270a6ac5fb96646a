//! Import errors.
//!
//! [`RowError`] is one bad row in a user's file: the file, line, column and what was expected.
//! [`ImportError`] is why a whole import was refused: bad rows (all of them are listed), a
//! missing column, or a file that is not what its kind says. All of these are the user's input
//! being wrong; there is no "unexpected" variant because readers do no I/O.

use std::fmt;

use thiserror::Error;

/// One rejected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The file name, as given by the caller.
    pub file: String,
    /// The 1-based line number in the file.
    pub line: u64,
    /// The column name, when the problem is in one column.
    pub column: Option<String>,
    /// What was wrong and what was expected.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(
                f,
                "{}:{}: column {column}: {}",
                self.file, self.line, self.reason
            ),
            None => write!(f, "{}:{}: {}", self.file, self.line, self.reason),
        }
    }
}

/// Why an import was refused as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    /// Rows failed to parse and invalid rows were not to be skipped.
    #[error("{file}: {} invalid row(s); nothing was imported\n{}", rows.len(), list(rows))]
    InvalidRows {
        /// The file name.
        file: String,
        /// Every invalid row.
        rows: Vec<RowError>,
    },
    /// The header lacks columns this kind of file must have.
    #[error("{file}:1: missing column(s) {}; expected a {kind} file with columns {expected}", missing.join(", "))]
    MissingColumns {
        /// The file name.
        file: String,
        /// The kind of file expected.
        kind: &'static str,
        /// The columns not found.
        missing: Vec<String>,
        /// Every required column.
        expected: String,
    },
    /// The file has a header but no records.
    #[error("{file}: no records after the header")]
    Empty {
        /// The file name.
        file: String,
    },
    /// The file is not of the expected kind at all (e.g. not JSON when JSON was expected).
    #[error("{file}: {reason}")]
    Malformed {
        /// The file name.
        file: String,
        /// What is wrong.
        reason: String,
    },
}

fn list(rows: &[RowError]) -> String {
    const SHOWN: usize = 50;
    let mut text: String = rows
        .iter()
        .take(SHOWN)
        .map(|row| format!("  {row}\n"))
        .collect();
    if rows.len() > SHOWN {
        text.push_str(&format!("  ... and {} more\n", rows.len() - SHOWN));
    }
    text.trim_end().to_owned()
}
