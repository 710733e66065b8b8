//! Resolving report paths against the repository (being written).
