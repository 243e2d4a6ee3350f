//! Deterministic synthetic worker lists (filled in by the generator work).
