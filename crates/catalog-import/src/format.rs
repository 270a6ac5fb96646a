//! The catalog's own file format.
