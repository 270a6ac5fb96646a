//! Printing: tables for people, JSON and CSV for programs, and errors on standard error.

use std::io::{self, Write};

/// An error in what the user asked for; shown as it is, with exit code 2.
#[derive(Debug)]
pub struct UserError(pub String);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

/// Whether an error is the user's input being wrong.
pub fn is_user_error(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<UserError>().is_some()
            || cause
                .downcast_ref::<app::AppError>()
                .is_some_and(app::AppError::is_user_error)
            || cause
                .downcast_ref::<store::StoreError>()
                .is_some_and(|error| {
                    matches!(
                        error,
                        store::StoreError::NoSuchVersion(_) | store::StoreError::BadUrl { .. }
                    )
                })
    })
}

/// Whether an error is a closed standard output (e.g. piped into `head`), which is not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|error| error.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Prints an error: the message alone for the user's mistakes, the cause chain for faults.
#[allow(clippy::print_stderr)]
pub fn report_error(error: &anyhow::Error, user_error: bool) {
    if user_error {
        eprintln!("error: {error}");
    } else {
        eprintln!("error: {error:#}");
    }
}

/// Writes a text table with left-aligned columns, a header and a rule under it.
pub fn write_table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|title| title.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|width| "-".repeat(*width))
            .collect::<Vec<_>>()
            .join("  ")
    )?;
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// Cuts text to at most `max` characters, marking the cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}
