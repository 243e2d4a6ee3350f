//! Reading of dates as people type them into spreadsheets (filled in by the import work).
