//! CSV (and `.txt`) files: streamed with `csv-core`, delimiter sniffed, BOM skipped,
//! Windows-1252 fallback for fields that are not UTF-8, blank lines kept as empty rows.

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

/// The rows of a CSV file, record by record.
///
/// The parser skips blank lines, which Excel shows as empty rows, so they are counted here from
/// the bytes the parser consumed: every line end (CR, LF or CRLF, as the parser reads them)
/// before a record's first byte is a blank line. The `csv` crate's line count was not used: it
/// counts `\n` only, and a CRLF's `\n` is consumed with the *next* record, so the blank line
/// above a first record in a CRLF file went uncounted (issue 14).
pub(super) struct DelimitedRows {
    path: PathBuf,
    input: BufReader<File>,
    parser: csv_core::Reader,
    delimiter: u8,
    /// The record being read: its bytes, and where each of its fields ends.
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// The last byte consumed was a `\r`: a `\n` right after it ends the same line.
    after_cr: bool,
    /// Nothing was read yet (the parser strips one more BOM on its first read).
    first_read: bool,
    /// Empty rows still owed for blank lines before the record held in `pending`.
    blank_rows: u64,
    pending: Option<csv::ByteRecord>,
    rows_read: u64,
    done: bool,
}

impl DelimitedRows {
    pub(super) fn open(path: &Path) -> Result<DelimitedRows, SheetError> {
        let file = File::open(path).map_err(|e| SheetError::io(path, e))?;
        let mut input = BufReader::with_capacity(SNIFF_BYTES, file);
        let head = input.fill_buf().map_err(|e| SheetError::io(path, e))?;
        let bom = head.starts_with(BOM);
        let start = if bom { BOM.len() } else { 0 };
        let delimiter = sniff_delimiter(&head[start..]);
        if bom {
            input.consume(BOM.len());
        }
        let parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        Ok(DelimitedRows {
            path: path.to_path_buf(),
            input,
            parser,
            delimiter,
            fields: vec![0; 1024],
            ends: vec![0; 32],
            after_cr: false,
            first_read: true,
            blank_rows: 0,
            pending: None,
            rows_read: 0,
            done: false,
        })
    }

    pub(super) fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Reads the next record, counting the blank lines before it into `blank_rows`.
    fn read_record(&mut self) -> Result<Option<csv::ByteRecord>, SheetError> {
        use csv_core::ReadRecordResult;
        let (mut out, mut nends) = (0, 0);
        let mut blank = 0u64;
        let mut before_record = true;
        loop {
            let input = match self.input.fill_buf() {
                Ok(input) => input,
                Err(e) => {
                    return Err(SheetError::Csv {
                        path: self.path.clone(),
                        row: self.rows_read + self.blank_rows + blank + 1,
                        detail: e.to_string(),
                    });
                }
            };
            let (result, nin, nout, nend) =
                self.parser
                    .read_record(input, &mut self.fields[out..], &mut self.ends[nends..]);
            let mut consumed = &input[..nin];
            if std::mem::take(&mut self.first_read) && consumed.starts_with(BOM) {
                consumed = &consumed[BOM.len()..];
            }
            if before_record {
                before_record = count_line_ends(consumed, &mut self.after_cr, &mut blank);
            }
            if let Some(&last) = consumed.last() {
                self.after_cr = last == b'\r';
            }
            self.input.consume(nin);
            out += nout;
            nends += nend;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let len = self.fields.len();
                    self.fields.resize(len.saturating_mul(2), 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len.saturating_mul(2), 0);
                }
                ReadRecordResult::Record => {
                    self.blank_rows = blank;
                    let mut record = csv::ByteRecord::with_capacity(out, nends);
                    let mut start = 0;
                    for &end in &self.ends[..nends] {
                        record.push_field(&self.fields[start..end]);
                        start = end;
                    }
                    return Ok(Some(record));
                }
                // Blank lines after the last record are no rows.
                ReadRecordResult::End => return Ok(None),
            }
        }
    }
}

/// Counts the line ends at the start of `consumed` into `blank`, a CRLF once (also when its CR
/// was consumed earlier, as `after_cr` says). Returns whether `consumed` held nothing else, that
/// is whether the record has not started yet.
fn count_line_ends(consumed: &[u8], after_cr: &mut bool, blank: &mut u64) -> bool {
    for &b in consumed {
        match b {
            b'\n' if *after_cr => *after_cr = false,
            b'\n' => *blank += 1,
            b'\r' => {
                *blank += 1;
                *after_cr = true;
            }
            _ => return false,
        }
    }
    true
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
    fn cr_lf_and_crlf_each_end_one_line() {
        let count = |bytes: &[u8], mut after_cr: bool| {
            let mut blank = 0;
            let only_line_ends = count_line_ends(bytes, &mut after_cr, &mut blank);
            (blank, only_line_ends, after_cr)
        };
        assert_eq!(count(b"\r\n\n\r", false), (3, true, true));
        // The `\n` of a CRLF whose `\r` ended the previous record is no blank line.
        assert_eq!(count(b"\n\r\nx", true), (1, false, false));
        assert_eq!(count(b"\n\nx\n", false), (2, false, false));
        assert_eq!(count(b"", true), (0, true, true));
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
