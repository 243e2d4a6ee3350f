//! The bounds a file read by [`crate::open`] must stay within, so that a small hostile file
//! cannot make the reader take gigabytes of memory. A file over one of them is refused with
//! [`crate::SheetError::TooLarge`], naming the part of the file and the limit.
//!
//! Legitimate lists stay far below each bound: a kab/kota list of a million workers is a few
//! hundred megabytes of worksheet XML, and Excel itself keeps a cell under 32,767 characters.

/// Characters in one cell: Excel's own limit.
pub const MAX_CELL_CHARS: u64 = 32_767;

/// Bytes of one run of XML text (a cell's text, with entities and 4-byte UTF-8 counted):
/// Excel's 32,767 characters fit several times over.
pub const MAX_TEXT_BYTES: u64 = 256 * 1024;

/// Bytes of one shared string or one cell element, markup included (rich text is many runs).
pub const MAX_ITEM_BYTES: u64 = 1024 * 1024;

/// Bytes of one XML tag (its attributes): calamine buffers a tag whole.
pub const MAX_TAG_BYTES: u64 = 64 * 1024;

/// Inflated bytes of one zip entry read as a stream (a worksheet).
pub const MAX_ENTRY_BYTES: u64 = 1024 * 1024 * 1024;

/// Inflated bytes of an entry calamine holds whole in memory: the shared strings of an XLSX,
/// the `content.xml` of an ODS.
pub const MAX_HELD_ENTRY_BYTES: u64 = 256 * 1024 * 1024;

/// Inflated bytes of all entries together.
pub const MAX_ZIP_TOTAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Inflated ÷ compressed size of one entry. Worksheet XML compresses 5–30 times; a zip bomb
/// about 1,000 times.
pub const MAX_ZIP_RATIO: u64 = 200;

/// Entries smaller than this (inflated) are not held to [`MAX_ZIP_RATIO`]: a tiny entry of
/// repeated markup may compress very well and costs nothing.
pub const RATIO_CHECKED_FROM: u64 = 1024 * 1024;

/// Entries in one zip: a workbook has a few dozen.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Cells a sheet may span (rows × columns of the rectangle calamine fills for an ODS or XLS
/// sheet): 16 million, a million rows of 16 columns.
pub const MAX_CELLS: u64 = 16 * 1024 * 1024;

/// Bytes of the text of one workbook row.
pub const MAX_ROW_BYTES: u64 = 1024 * 1024;

/// Size of an `.xls` file (BIFF, not compressed; calamine reads it whole).
pub const MAX_XLS_BYTES: u64 = 64 * 1024 * 1024;
