//! Reading a CSV file row by row with line-numbered, column-named errors.
//!
//! The readers of every CSV kind share this: header checks, invalid UTF-8, rows with the wrong
//! number of fields, and the all-or-nothing rule.

use std::collections::HashMap;

use crate::error::{ImportError, RowError};

/// Records read from a file, and what was skipped or noticed on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<T> {
    /// The records, in file order.
    pub records: Vec<T>,
    /// Rows that were invalid and skipped (only when skipping was asked for).
    pub skipped: Vec<RowError>,
    /// Things worth telling the user that did not stop the import.
    pub notes: Vec<String>,
}

/// What to do with invalid rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InvalidRows {
    /// Refuse the whole file (the default: imports are all-or-nothing).
    #[default]
    Reject,
    /// Skip them and list every one.
    Skip,
}

/// One CSV row being read: the values by column name, with errors that know where they are.
pub(crate) struct Row<'a> {
    file: &'a str,
    line: u64,
    columns: &'a HashMap<String, usize>,
    values: Vec<String>,
}

impl Row<'_> {
    /// The 1-based line this row starts on.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// The trimmed text of a column (the header was checked, so the column exists).
    pub(crate) fn get(&self, column: &str) -> &str {
        self.columns
            .get(column)
            .and_then(|index| self.values.get(*index))
            .map(|value| value.trim())
            .unwrap_or("")
    }

    /// The text of a column exactly as written, for values whose spaces are part of the value
    /// (a name must read back exactly as it was written).
    pub(crate) fn get_untrimmed(&self, column: &str) -> &str {
        self.columns
            .get(column)
            .and_then(|index| self.values.get(*index))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// An error about one column of this row.
    pub(crate) fn error(&self, column: &str, reason: impl Into<String>) -> RowError {
        RowError {
            file: self.file.to_owned(),
            line: self.line,
            column: Some(column.to_owned()),
            reason: reason.into(),
        }
    }

    /// An error about the row as a whole.
    pub(crate) fn row_error(&self, reason: impl Into<String>) -> RowError {
        RowError {
            file: self.file.to_owned(),
            line: self.line,
            column: None,
            reason: reason.into(),
        }
    }

    /// Parses a column with a parser whose error is shown as the reason.
    pub(crate) fn parse<T, E: std::fmt::Display>(
        &self,
        column: &str,
        parser: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, RowError> {
        parser(self.get(column)).map_err(|error| self.error(column, error.to_string()))
    }
}

/// Reads every row of a CSV file, converting each with `convert`.
///
/// `required` lists the columns that must be in the header. `convert` turns a row into a record
/// or an error; with [`InvalidRows::Reject`] any error refuses the whole file, listing every bad
/// row, and with [`InvalidRows::Skip`] bad rows are left out and listed in [`Parsed::skipped`].
pub(crate) fn read_csv<T>(
    bytes: &[u8],
    file: &str,
    kind: &'static str,
    required: &[&str],
    invalid_rows: InvalidRows,
    mut convert: impl FnMut(&Row<'_>) -> Result<T, RowError>,
) -> Result<Parsed<T>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let header = reader
        .byte_headers()
        .map_err(|error| ImportError::Malformed {
            file: file.to_owned(),
            reason: format!("cannot read the header line: {error}"),
        })?;
    let header: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(index, name)| {
            std::str::from_utf8(name)
                .map(|name| name.trim().trim_start_matches('\u{feff}').to_owned())
                .map_err(|_| ImportError::Malformed {
                    file: file.to_owned(),
                    reason: format!(
                        "line 1, column {}: the header is not valid UTF-8",
                        index + 1
                    ),
                })
        })
        .collect::<Result<_, _>>()?;
    let columns: HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(index, name)| (name.clone(), index))
        .collect();
    let missing: Vec<String> = required
        .iter()
        .filter(|name| !columns.contains_key(**name))
        .map(|name| (*name).to_owned())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns {
            file: file.to_owned(),
            kind,
            missing,
            expected: required.join(", "),
        });
    }

    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut lines = LineCounter::default();
    loop {
        let line = lines.line_at(bytes, reader.position().byte());
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                // The csv reader cannot resynchronise after a malformed record, so this ends the
                // file; the rows before it were read.
                let line = error
                    .position()
                    .map(|position| lines.line_at(bytes, position.byte()))
                    .unwrap_or(line);
                errors.push(RowError {
                    file: file.to_owned(),
                    line,
                    column: None,
                    reason: format!("unreadable CSV: {error}"),
                });
                break;
            }
        }
        let line = record
            .position()
            .map(|position| lines.line_at(bytes, record_start(bytes, position.byte())))
            .unwrap_or(line);
        if record.len() == 1
            && record
                .get(0)
                .is_some_and(|field| field.iter().all(u8::is_ascii_whitespace))
        {
            continue; // A blank line.
        }
        if record.len() != header.len() {
            errors.push(RowError {
                file: file.to_owned(),
                line,
                column: None,
                reason: format!(
                    "expected {} fields as in the header, found {} (is the line truncated or a comma unquoted?)",
                    header.len(),
                    record.len()
                ),
            });
            continue;
        }
        let mut values = Vec::with_capacity(record.len());
        let mut utf8_error = None;
        for (index, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(text) => values.push(text.to_owned()),
                Err(error) => {
                    utf8_error = Some(RowError {
                        file: file.to_owned(),
                        line,
                        column: Some(header[index].clone()),
                        reason: format!(
                            "not valid UTF-8 (byte {} of the field)",
                            error.valid_up_to() + 1
                        ),
                    });
                    break;
                }
            }
        }
        if let Some(error) = utf8_error {
            errors.push(error);
            continue;
        }
        let row = Row {
            file,
            line,
            columns: &columns,
            values,
        };
        match convert(&row) {
            Ok(value) => records.push(value),
            Err(error) => errors.push(error),
        }
    }

    if records.is_empty() && errors.is_empty() {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    match invalid_rows {
        InvalidRows::Reject if !errors.is_empty() => Err(ImportError::InvalidRows {
            file: file.to_owned(),
            rows: errors,
        }),
        _ => Ok(Parsed {
            records,
            skipped: errors,
            notes: Vec::new(),
        }),
    }
}

/// Where a record really starts, given the offset the csv reader reports for it. After a CRLF
/// line ending the reader reports the next record as starting on the line feed, one line too
/// early; no record starts with a line break, so skipping line breaks finds its first byte.
fn record_start(bytes: &[u8], offset: u64) -> u64 {
    let mut start = (offset as usize).min(bytes.len());
    while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
        start += 1;
    }
    start as u64
}

/// Records keyed by an identifier that must be unique in a file. A row that repeats an earlier
/// one exactly is kept once and noted (published files do contain such repeats); a row that
/// reuses an identifier with different values is an error.
pub(crate) struct UniqueKeys<K, T> {
    seen: HashMap<K, (u64, T)>,
    repeats: Vec<String>,
}

impl<K: std::hash::Hash + Eq + std::fmt::Display + Clone, T: PartialEq + Clone> UniqueKeys<K, T> {
    pub(crate) fn new() -> Self {
        UniqueKeys {
            seen: HashMap::new(),
            repeats: Vec::new(),
        }
    }

    /// The record if its key is new, `None` for an exact repeat, or an error on `column` naming
    /// the line where `what` (e.g. "ACGME id") first appeared.
    pub(crate) fn admit(
        &mut self,
        row: &Row<'_>,
        column: &str,
        what: &str,
        key: K,
        record: T,
    ) -> Result<Option<T>, RowError> {
        if let Some((first_line, first)) = self.seen.get(&key) {
            if *first == record {
                self.repeats.push(format!(
                    "line {} repeats line {first_line} ({key})",
                    row.line()
                ));
                return Ok(None);
            }
            return Err(row.error(
                column,
                format!("{what} {key} already appears on line {first_line} with different values"),
            ));
        }
        self.seen.insert(key, (row.line(), record.clone()));
        Ok(Some(record))
    }

    /// A note listing the exact repeats, if there were any.
    pub(crate) fn repeats_note(&self) -> Option<String> {
        (!self.repeats.is_empty()).then(|| {
            format!(
                "{} exact repeat(s) kept once: {}",
                self.repeats.len(),
                self.repeats.join("; ")
            )
        })
    }
}

/// Line numbers from byte offsets. The csv reader's own line count is off by one for files with
/// CRLF line endings, so lines are counted here from the bytes themselves.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u64,
}

impl LineCounter {
    /// The 1-based line of a byte offset; offsets must not decrease between calls.
    fn line_at(&mut self, bytes: &[u8], offset: u64) -> u64 {
        let offset = (offset as usize).min(bytes.len());
        if offset >= self.offset {
            self.line += bytes[self.offset..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            self.offset = offset;
        }
        self.line + 1
    }
}

/// Parses a whole number written as an integer or a float with no fraction (`12` or `12.0`),
/// within `0..=max`. Empty text is `None` (unknown).
pub(crate) fn whole_number(text: &str, max: u32) -> Result<Option<u32>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let value: f64 = text
        .parse()
        .map_err(|_| format!("expected a whole number, found {text:?}"))?;
    if !value.is_finite() || value.fract() != 0.0 || value < 0.0 || value > f64::from(max) {
        return Err(format!(
            "expected a whole number from 0 to {max}, found {text:?}"
        ));
    }
    Ok(Some(value as u32))
}

/// Parses a percentage (0 to 100). Empty text is `None` (unknown).
pub(crate) fn percentage(text: &str) -> Result<Option<f64>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let value: f64 = text
        .parse()
        .map_err(|_| format!("expected a percentage, found {text:?}"))?;
    if !(0.0..=100.0).contains(&value) {
        return Err(format!(
            "expected a percentage from 0 to 100, found {text:?}"
        ));
    }
    Ok(Some(value))
}

/// Parses `True`/`False` (any case, or `1`/`0`, `yes`/`no`). Empty text is `None`.
pub(crate) fn boolean(text: &str) -> Result<Option<bool>, String> {
    match text.to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "true" | "1" | "yes" => Ok(Some(true)),
        "false" | "0" | "no" => Ok(Some(false)),
        _ => Err(format!("expected True or False, found {text:?}")),
    }
}
