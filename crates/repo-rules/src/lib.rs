//! The repository's own rules, checked by the tests in `tests/`: every Rust file says what it is
//! for, nothing is left unfinished or skipped, no path of a particular machine is committed, and
//! no third-party record from `../shared/data/real/` is copied into the repository.
