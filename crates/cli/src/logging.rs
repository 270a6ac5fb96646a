//! The server's log: one line per event on standard error, as text or JSON, filtered by
//! `RUST_LOG` (default `info`). Request lines carry the request id, method, path, status and
//! latency; never a query string, a body or a secret.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Starts logging; a second call (tests that serve twice in one process) changes nothing.
pub fn init(format: app::config::LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, never in a file or a collector's pipe.
        .with_ansi(std::io::stderr().is_terminal());
    let _ = match format {
        app::config::LogFormat::Text => builder.try_init(),
        app::config::LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}
