//! Linking FREIDA programs to NRMP tracks.
