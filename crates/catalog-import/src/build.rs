//! Assembling a catalog from imported sources.
