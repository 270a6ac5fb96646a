//! How the web server reports faults: logged with their whole cause chain (never a request
//! body or a profile), answered with a message that says nothing of the server's insides.

use std::error::Error;

/// Logs a fault with its cause chain.
pub(crate) fn log_fault(error: &(dyn Error + 'static)) {
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    tracing::error!(error = %chain, "request failed");
}

/// A computation that panicked, with the panic's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Panicked(pub String);

impl std::fmt::Display for Panicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a computation panicked: {}", self.0)
    }
}

/// Runs a computation on a blocking thread, off the async threads; a panic comes back as
/// [`Panicked`] for the caller to log and answer with a 500.
pub(crate) async fn on_blocking_thread<T: Send + 'static>(
    computation: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Panicked> {
    tokio::task::spawn_blocking(computation)
        .await
        .map_err(|error| {
            if !error.is_panic() {
                return Panicked(error.to_string());
            }
            let payload = error.into_panic();
            let message = payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned());
            Panicked(message)
        })
}
