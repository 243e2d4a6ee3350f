//! CSV (and `.txt`) files: streamed with the `csv` crate, delimiter sniffed, BOM skipped,
//! Windows-1252 fallback for fields that are not UTF-8.

use super::trim_trailing_empty;
use crate::error::SheetError;
use paritrana_core::import::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// How much of the file's start is looked at to guess the delimiter.
const SNIFF_BYTES: usize = 64 * 1024;
/// How many lines are looked at to guess the delimiter.
const SNIFF_LINES: usize = 30;
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) struct DelimitedRows {
    path: PathBuf,
    reader: csv::Reader<BufReader<File>>,
    record: csv::ByteRecord,
    delimiter: u8,
    /// The physical line the reader stood on before the last read. The csv crate skips blank
    /// lines, which Excel shows as empty rows; counting lines finds them again.
    line_before: u64,
    /// Empty rows still owed for blank lines before the record held in `pending`.
    blank_rows: u64,
    pending: Option<csv::ByteRecord>,
    rows_read: u64,
    done: bool,
}

impl DelimitedRows {
    pub(super) fn open(path: &Path) -> Result<DelimitedRows, SheetError> {
        let file = File::open(path).map_err(|e| SheetError::io(path, e))?;
        let mut buffered = BufReader::with_capacity(SNIFF_BYTES, file);
        let head = buffered.fill_buf().map_err(|e| SheetError::io(path, e))?;
        let bom = head.starts_with(BOM);
        let start = if bom { BOM.len() } else { 0 };
        let delimiter = sniff_delimiter(&head[start..]);
        if bom {
            buffered.consume(BOM.len());
        }
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(buffered);
        Ok(DelimitedRows {
            path: path.to_path_buf(),
            reader,
            record: csv::ByteRecord::new(),
            delimiter,
            line_before: 1,
            blank_rows: 0,
            pending: None,
            rows_read: 0,
            done: false,
        })
    }

    pub(super) fn delimiter(&self) -> u8 {
        self.delimiter
    }

    fn read_record(&mut self) -> Result<Option<csv::ByteRecord>, SheetError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                // Lines consumed by this read: blank lines skipped, the record's own embedded
                // newlines, and its terminator (absent on a last line without one).
                let after = self.reader.position().line();
                let newlines: u64 = self
                    .record
                    .iter()
                    .map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64)
                    .sum();
                let terminator = u64::from(!self.reader.is_done());
                self.blank_rows = after
                    .saturating_sub(self.line_before)
                    .saturating_sub(newlines + terminator);
                self.line_before = after;
                let capacity = self.record.as_slice().len() + 16;
                Ok(Some(std::mem::replace(
                    &mut self.record,
                    csv::ByteRecord::with_capacity(capacity, 16),
                )))
            }
            Err(e) => Err(SheetError::Csv {
                path: self.path.clone(),
                row: self.rows_read + self.blank_rows + 1,
                detail: e.to_string(),
            }),
        }
    }
}

/// Turns one CSV record into cells (see [`super::RawRow`]).
pub(super) fn record_cells(record: &csv::ByteRecord) -> Vec<Cell> {
    let mut cells: Vec<Cell> = record.iter().map(field_cell).collect();
    trim_trailing_empty(&mut cells);
    cells
}

impl Iterator for DelimitedRows {
    type Item = Result<Option<csv::ByteRecord>, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.blank_rows > 0 {
            self.blank_rows -= 1;
            self.rows_read += 1;
            return Some(Ok(None));
        }
        if let Some(record) = self.pending.take() {
            self.rows_read += 1;
            return Some(Ok(Some(record)));
        }
        if self.done {
            return None;
        }
        match self.read_record() {
            Ok(None) => {
                self.done = true;
                None
            }
            Ok(Some(record)) => {
                self.pending = Some(record);
                self.next()
            }
            Err(e) => {
                // A broken record leaves the parser in an unknown place: stop after reporting.
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

fn field_cell(bytes: &[u8]) -> Cell {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    };
    if text.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text)
    }
}

/// Decodes one Windows-1252 byte. It is Latin-1 except for 0x80–0x9F, where Windows puts
/// typographic characters (curly quotes, dashes, €); the five unassigned bytes map through as
/// their Latin-1 control characters, as browsers do.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Guesses the delimiter among `,`, `;` and tab from the first lines.
///
/// For each candidate, counts its occurrences outside quotes on every line and takes the most
/// common non-zero count: a real delimiter appears the same number of times on most lines. The
/// candidate found on the most lines wins, then the one with the larger count (a `;` file whose
/// program column reads "JKK, JKM" has one comma and thirteen semicolons per line). Title rows
/// without delimiters do not count against anyone. Comma is the default.
fn sniff_delimiter(head: &[u8]) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let mut complete = head;
    // The last line in the buffer may be cut off, unless the buffer holds the whole file.
    if head.len() >= SNIFF_BYTES
        && let Some(end) = head.iter().rposition(|&b| b == b'\n')
    {
        complete = &head[..end];
    }
    let mut counts: [Vec<usize>; 3] = Default::default();
    let mut lines = 0;
    let mut in_quotes = false;
    let mut line_counts = [0usize; 3];
    let mut line_has_content = false;
    for &b in complete.iter().chain(std::iter::once(&b'\n')) {
        if b == b'"' {
            in_quotes = !in_quotes;
        }
        if b == b'\n' && !in_quotes {
            if line_has_content {
                for (all, n) in counts.iter_mut().zip(line_counts) {
                    all.push(n);
                }
                lines += 1;
                if lines == SNIFF_LINES {
                    break;
                }
            }
            line_counts = [0; 3];
            line_has_content = false;
            continue;
        }
        if !b.is_ascii_whitespace() || b == b'\t' {
            line_has_content = true;
        }
        if !in_quotes && let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
            line_counts[i] += 1;
        }
    }
    let score = |all: &Vec<usize>| -> (usize, usize) {
        let mut best = (0, 0);
        for &n in all.iter().filter(|&&n| n > 0) {
            let lines_with_n = all.iter().filter(|&&m| m == n).count();
            best = best.max((lines_with_n, n));
        }
        best
    };
    let mut best = (b',', (0, 0));
    for (c, all) in CANDIDATES.iter().zip(&counts) {
        let s = score(all);
        if s > best.1 {
            best = (*c, s);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_win_over_commas_inside_a_programme_list() {
        let head =
            b"NIK;Nama;Program\n6401041708850001;Ahmad;JKK, JKM\n6401041708850002;Budi;JKK, JKM\n";
        assert_eq!(sniff_delimiter(head), b';');
    }

    #[test]
    fn quoted_commas_do_not_count() {
        let head = b"a;\"x, y, z\";c\nd;\"p, q, r\";f\n";
        assert_eq!(sniff_delimiter(head), b';');
    }

    #[test]
    fn tabs_and_commas_are_recognised() {
        assert_eq!(sniff_delimiter(b"a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter(b"just one column\n"), b',');
        assert_eq!(sniff_delimiter(b""), b',');
    }

    #[test]
    fn a_title_line_does_not_mislead_the_sniffer() {
        let head = b"DAFTAR PEKERJA, KAB. PASER\n\nNIK;Nama;Desa\n1;a;b\n2;c;d\n";
        assert_eq!(sniff_delimiter(head), b';');
    }

    #[test]
    fn windows_1252_bytes_decode_to_their_characters() {
        assert_eq!(
            field_cell(b"Jos\xe9 \x93Ucok\x94"),
            Cell::Text("José “Ucok”".into())
        );
        assert_eq!(field_cell(b"  "), Cell::Empty);
        assert_eq!(field_cell("Dédé".as_bytes()), Cell::Text("Dédé".into()));
    }
}
