//! Fuzz targets over whole files read by the sheets crate: CSV (arbitrary bytes, and rows
//! written with each delimiter, line ending and BOM) and XLSX (workbooks written with arbitrary
//! cells, and damaged ones: bytes of the zip flipped, inserted or cut, or the XML inside
//! mutated and zipped again). Properties: no panic, a refusal is a `SheetError` with a message
//! in both languages, and what was written is what is read back.

use paritrana_core::import::Cell;
use paritrana_core::lang::{Lang, Localized};
use paritrana_fuzz::{budget, corpus, replay, run};
use proptest::prelude::*;
use std::io::{Read, Write};
use std::path::Path;

/// Rows read from a file, at most this many (a hostile file may claim a million).
const MAX_ROWS: usize = 5_000;

/// Writes `bytes` as `name` in a fresh folder and reads every row: the rows, or the error.
fn read_file(name: &str, bytes: &[u8]) -> Result<Vec<Vec<Cell>>, paritrana_sheets::SheetError> {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    read_path(&path)
}

fn read_path(path: &Path) -> Result<Vec<Vec<Cell>>, paritrana_sheets::SheetError> {
    let reader = paritrana_sheets::open(path)?;
    let mut rows = Vec::new();
    for row in reader.take(MAX_ROWS) {
        rows.push(row?);
    }
    Ok(rows)
}

/// Reads and checks only that nothing panicked and a refusal explains itself.
fn survive(name: &str, bytes: &[u8]) {
    if let Err(e) = read_file(name, bytes) {
        assert!(!e.message(Lang::Id).is_empty() && !e.message(Lang::En).is_empty());
    }
}

// ---------------------------------------------------------------- CSV

/// Bytes shaped like a CSV file: fields of text, quotes, delimiters and line ends, with the
/// occasional byte that is not UTF-8.
fn csv_like_bytes() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            Just(b"\"".to_vec()),
            Just(b",".to_vec()),
            Just(b";".to_vec()),
            Just(b"\t".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\r".to_vec()),
            Just(b"\xEF\xBB\xBF".to_vec()),
            Just(b"\xE9".to_vec()),
            Just(b"\x00".to_vec()),
            "[A-Za-z0-9 ]{1,6}".prop_map(String::into_bytes),
            any::<u8>().prop_map(|b| vec![b]),
        ],
        0..200,
    )
    .prop_map(|parts| parts.concat())
}

/// A plain field: letters and digits with inner spaces, or nothing.
fn plain_field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Za-z0-9]([A-Za-z0-9 ]{0,6}[A-Za-z0-9])?"
    ]
}

#[derive(Debug, Clone)]
struct CsvFile {
    rows: Vec<Vec<String>>,
    delimiter: u8,
    crlf: bool,
    bom: bool,
}

impl CsvFile {
    fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if self.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let end: &[u8] = if self.crlf { b"\r\n" } else { b"\n" };
        for row in &self.rows {
            out.extend_from_slice(row.join(&char::from(self.delimiter).to_string()).as_bytes());
            out.extend_from_slice(end);
        }
        out
    }

    /// The rows as the reader must give them: empty fields are empty cells, trailing ones
    /// dropped.
    fn expected(&self) -> Vec<Vec<Cell>> {
        self.rows
            .iter()
            .map(|row| {
                let mut cells: Vec<Cell> = row
                    .iter()
                    .map(|f| match f.as_str() {
                        "" => Cell::Empty,
                        t => Cell::Text(t.to_string()),
                    })
                    .collect();
                while cells.last() == Some(&Cell::Empty) {
                    cells.pop();
                }
                cells
            })
            .collect()
    }
}

fn csv_file() -> impl Strategy<Value = CsvFile> {
    (
        1usize..6,
        proptest::collection::vec(proptest::collection::vec(plain_field(), 6), 1..20),
        prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(width, rows, delimiter, crlf, bom)| {
            let mut rows: Vec<Vec<String>> =
                rows.into_iter().map(|r| r[..width].to_vec()).collect();
            // A last line of nothing is no row in any reader: end on a filled one.
            if let Some(last) = rows.last_mut() {
                last[0] = "x".into();
            }
            CsvFile {
                rows,
                delimiter,
                crlf,
                bom,
            }
        })
}

/// Corpus inputs whose rows are known, as Excel numbers them: blank lines are empty rows, and a
/// CR, an LF or a CRLF ends one line.
fn known_csv_rows() -> Vec<(&'static str, Vec<Vec<Cell>>)> {
    vec![
        // Issue 14: the blank first line of a CRLF file was lost, every row one too high.
        (
            "leading_blank_crlf.csv",
            vec![vec![], vec![Cell::Text("x".into())]],
        ),
        (
            "line_ends.csv",
            vec![
                vec![],
                vec![],
                vec![],
                vec![],
                vec![Cell::Text("\0\0".into())],
            ],
        ),
    ]
}

#[test]
fn csv() {
    replay("csv", |bytes| survive("berkas.csv", bytes));
    let files = corpus("csv");
    for (name, expected) in known_csv_rows() {
        let (_, bytes) = files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("corpus/csv/{name} is missing"));
        let rows = read_file("berkas.csv", bytes).expect("a known corpus file reads");
        assert_eq!(rows, expected, "corpus/csv/{name}");
    }
    run(
        "csv",
        budget(2),
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..2048),
            csv_like_bytes()
        ],
        |b| b.clone(),
        |bytes| {
            survive("berkas.csv", &bytes);
            Ok(())
        },
    );
    run("csv", budget(2), csv_file(), CsvFile::bytes, |file| {
        let rows = read_file("daftar.csv", &file.bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(rows, file.expected());
        Ok(())
    });
}

// ---------------------------------------------------------------- XLSX

/// A cell written to a generated workbook.
#[derive(Debug, Clone)]
enum Written {
    Text(String),
    Number(f64),
    Bool(bool),
}

fn written() -> impl Strategy<Value = Written> {
    prop_oneof![
        any::<String>().prop_map(|s| Written::Text(s.chars().take(60).collect())),
        "[A-Za-z0-9 .,/-]{1,20}".prop_map(Written::Text),
        any::<f64>()
            .prop_filter("a finite number", |n| n.is_finite())
            .prop_map(Written::Number),
        any::<bool>().prop_map(Written::Bool),
    ]
}

type Sheet = Vec<((u32, u16), Written)>;

fn workbook_bytes(cells: &Sheet) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for ((row, col), value) in cells {
        let done = match value {
            Written::Text(s) => sheet.write_string(*row, *col, s).map(|_| ()),
            Written::Number(n) => sheet.write_number(*row, *col, *n).map(|_| ()),
            Written::Bool(b) => sheet.write_boolean(*row, *col, *b).map(|_| ()),
        };
        done.expect("a cell within the sheet");
    }
    book.save_to_buffer().expect("the workbook is written")
}

/// Whether the text survives XML unchanged (control characters are escaped by writers in ways
/// readers need not undo; whitespace-only cells read as empty).
fn plain_text(s: &str) -> bool {
    !s.trim().is_empty() && !s.chars().any(|c| c.is_control() || c == '_')
}

fn sheet() -> impl Strategy<Value = Sheet> {
    proptest::collection::vec(((0u32..30, 0u16..12), written()), 1..25)
}

/// A change to a file's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, mask: u8 },
    Insert { at: usize, bytes: Vec<u8> },
    Delete { at: usize, len: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Delete { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let n = bytes.len().max(1);
        match m {
            Mutation::Flip { at, mask } => {
                if let Some(b) = bytes.get_mut(at % n) {
                    *b ^= mask;
                }
            }
            Mutation::Insert { at, bytes: extra } => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, extra.iter().copied());
            }
            Mutation::Delete { at, len } => {
                let at = at % n;
                let end = (at + len).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Mutation::Truncate { at } => bytes.truncate(at % n),
        }
    }
    bytes
}

/// The entries of a zip archive.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("an entry");
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("the entry reads");
            (entry.name().expect("a name").to_string(), data)
        })
        .collect()
}

fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        out.start_file(name.as_str(), options).expect("an entry");
        out.write_all(data).expect("written");
    }
    out.finish().expect("the zip closes").into_inner()
}

/// The small valid workbooks mutations start from: the corpus's.
fn bases() -> Vec<Vec<u8>> {
    corpus("xlsx").into_iter().map(|(_, b)| b).collect()
}

#[test]
fn xlsx() {
    replay("xlsx", |bytes| survive("berkas.xlsx", bytes));
    // Written cells are read back where they were put, with their values.
    run("xlsx", budget(8), sheet(), workbook_bytes, |cells| {
        let rows = read_file("daftar.xlsx", &workbook_bytes(&cells))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut last = std::collections::HashMap::new();
        for ((r, c), v) in &cells {
            last.insert((*r as usize, *c as usize), v.clone());
        }
        for ((r, c), v) in last {
            let got = rows
                .get(r)
                .and_then(|row| row.get(c))
                .unwrap_or(&Cell::Empty);
            match v {
                Written::Text(s) if plain_text(&s) => {
                    prop_assert_eq!(got, &Cell::Text(s.clone()))
                }
                Written::Text(_) => {}
                Written::Number(n) => prop_assert_eq!(got, &Cell::Number(n)),
                Written::Bool(b) => prop_assert_eq!(got, &Cell::Bool(b)),
            }
        }
        Ok(())
    });
    let bases = bases();
    // Damaged archives: bytes flipped, inserted, deleted, cut.
    run(
        "xlsx",
        budget(4),
        (0..bases.len(), proptest::collection::vec(mutation(), 1..6)),
        |(i, m)| mutate(bases[*i].clone(), m),
        |(i, m)| {
            survive("rusak.xlsx", &mutate(bases[i].clone(), &m));
            Ok(())
        },
    );
    // Damaged XML inside a sound archive: reaches the XML readers past the zip's checksums.
    run(
        "xlsx",
        budget(4),
        (
            0..bases.len(),
            any::<prop::sample::Index>(),
            proptest::collection::vec(mutation(), 1..6),
        ),
        |(i, entry, m)| {
            let mut entries = unzip(&bases[*i]);
            let k = entry.index(entries.len());
            entries[k].1 = mutate(std::mem::take(&mut entries[k].1), m);
            rezip(&entries)
        },
        |(i, entry, m)| {
            let mut entries = unzip(&bases[i]);
            let k = entry.index(entries.len());
            entries[k].1 = mutate(std::mem::take(&mut entries[k].1), &m);
            survive("rusak.xlsx", &rezip(&entries));
            Ok(())
        },
    );
}
