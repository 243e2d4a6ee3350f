//! Validation of imported worker rows (filled in by the import work).
