//! Application errors: the user's input was wrong ([`AppError::Import`], [`AppError::Input`]),
//! or something unexpected happened ([`AppError::Store`], [`AppError::Unexpected`]). Callers
//! show the first kind as it is and log the second with its cause chain.

use thiserror::Error;

/// Why a use case failed.
#[derive(Debug, Error)]
pub enum AppError {
    /// A file to import was refused; the message lists every problem.
    #[error(transparent)]
    Import(#[from] catalog_import::ImportError),
    /// Some other input was wrong; the message says which and what was expected.
    #[error("{0}")]
    Input(String),
    /// An import was refused for what it would do to the served catalog (leave it without
    /// programs, or shrink it sharply without being forced); nothing was changed.
    #[error("{0}")]
    ImportRefused(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// An invariant did not hold.
    #[error("unexpected: {0}")]
    Unexpected(&'static str),
}

impl AppError {
    /// Whether the error is the user's input being wrong (as opposed to a fault).
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            AppError::Import(_)
                | AppError::Input(_)
                | AppError::ImportRefused(_)
                | AppError::Store(
                    store::StoreError::NoSuchVersion(_) | store::StoreError::BadUrl { .. }
                )
        )
    }

    /// Whether the store is out of reach or cannot take the operation just now (see
    /// `store::StoreError::is_unavailable`): worth trying again later.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, AppError::Store(error) if error.is_unavailable())
    }
}
