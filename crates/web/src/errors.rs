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
