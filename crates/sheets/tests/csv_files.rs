//! CSV reading: delimiter sniffing, BOM, Windows-1252 fallback, row numbers that match Excel's,
//! and streaming a million rows.

use paritrana_core::Lang;
use paritrana_core::import::Cell;
use paritrana_core::lang::Localized;
use paritrana_sheets::{SheetError, open};
use std::io::Write;
use std::path::PathBuf;

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn read(path: &std::path::Path) -> Vec<Vec<Cell>> {
    open(path).unwrap().collect::<Result<_, _>>().unwrap()
}

fn t(s: &str) -> Cell {
    Cell::Text(s.into())
}

#[test]
fn semicolon_file_from_indonesian_excel_is_split_on_semicolons() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "daftar.csv",
        b"NIK;Nama;Program\r\n6401041708850001;Ahmad;JKK, JKM\r\n",
    );
    let reader = open(&path).unwrap();
    assert_eq!(reader.delimiter(), Some(b';'));
    let rows: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(
        rows,
        [
            vec![t("NIK"), t("Nama"), t("Program")],
            vec![t("6401041708850001"), t("Ahmad"), t("JKK, JKM")]
        ]
    );
}

#[test]
fn tab_separated_text_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "DAFTAR.TXT", b"NIK\tNama\n1\tBudi\n");
    let reader = open(&path).unwrap();
    assert_eq!(reader.delimiter(), Some(b'\t'));
    assert_eq!(reader.count(), 2);
}

#[test]
fn a_utf8_bom_is_not_part_of_the_first_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "bom.csv", "\u{feff}NIK,Nama\n1,Dédé\n".as_bytes());
    let rows = read(&path);
    assert_eq!(rows[0][0], t("NIK"));
    assert_eq!(rows[1][1], t("Dédé"));
}

#[test]
fn windows_1252_names_are_decoded_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    // "José" and "Müller" as Excel on Windows saves them, with a curly apostrophe (0x92).
    let path = write(
        &dir,
        "latin1.csv",
        b"Nama;Desa\nJos\xe9;Jone\nM\xfcller;Ma\x92ruf\n",
    );
    let rows = read(&path);
    assert_eq!(rows[1], [t("José"), t("Jone")]);
    assert_eq!(rows[2], [t("Müller"), t("Ma’ruf")]);
}

#[test]
fn blank_lines_and_short_rows_keep_excel_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "judul.csv",
        b"DAFTAR PEKERJA\n\nNIK,Nama,Desa\n1,\"Nama\ndua baris\",Jone\n\n2,Budi\n3,  ,x,extra\n",
    );
    let rows = read(&path);
    assert_eq!(
        rows,
        [
            vec![t("DAFTAR PEKERJA")],
            vec![],
            vec![t("NIK"), t("Nama"), t("Desa")],
            vec![t("1"), t("Nama\ndua baris"), t("Jone")],
            vec![],
            vec![t("2"), t("Budi")],
            vec![t("3"), Cell::Empty, t("x"), t("extra")],
        ]
    );
}

#[test]
fn blank_lines_count_with_windows_line_ends_and_no_final_line_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "crlf.csv", b"a\r\n\r\n\r\nb");
    assert_eq!(read(&path), [vec![t("a")], vec![], vec![], vec![t("b")]]);
}

#[test]
fn whitespace_only_and_trailing_empty_cells_are_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "kosong.csv", b"a;  ;b;;\n;;;\n");
    let rows = read(&path);
    assert_eq!(rows, [vec![t("a"), Cell::Empty, t("b")], vec![]]);
}

#[test]
fn empty_file_has_no_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "nol.csv", b"");
    assert_eq!(read(&path).len(), 0);
}

#[test]
fn a_million_rows_stream_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("besar.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(out, "NIK;Nama").unwrap();
    for i in 0..1_000_000u64 {
        writeln!(out, "{};P{}", 6401041708850001u64 + i, i % 10).unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let mut count = 0u64;
    let mut last = Vec::new();
    for row in open(&path).unwrap() {
        last = row.unwrap();
        count += 1;
    }
    assert_eq!(count, 1_000_001);
    assert_eq!(last, [t("6401041709850000"), t("P9")]);
}

#[test]
fn unknown_extension_is_refused_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "daftar.pdf", b"%PDF");
    let err = open(&path).err().unwrap();
    assert!(matches!(err, SheetError::UnsupportedExtension { .. }));
    let msg = err.message(Lang::Id);
    assert!(
        msg.contains("daftar.pdf") && msg.contains(".pdf") && msg.contains(".xlsx"),
        "{msg}"
    );
}

#[test]
fn missing_file_names_the_file() {
    let err = open(std::path::Path::new("/tidak/ada/daftar.csv"))
        .err()
        .unwrap();
    assert!(matches!(err, SheetError::Io { .. }));
    assert_eq!(
        err.message(Lang::Id),
        "Berkas daftar.csv tidak dapat dibuka atau disimpan: berkas tidak ditemukan."
    );
    assert!(
        err.message(Lang::En)
            .starts_with("File daftar.csv cannot be opened")
    );
}

/// Issue 14 (found by the `csv` fuzz target, corpus `csv/leading_blank_crlf.csv`): the blank
/// line above the first record was lost when lines end in CRLF, so every row number after it was
/// one lower than Excel's.
#[test]
fn a_blank_first_line_is_row_one_whatever_the_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let x = || vec![t("x")];
    let y = || vec![t("y")];
    let cases: [(&[u8], Vec<Vec<Cell>>); 12] = [
        (b"\r\nx\r\n", vec![vec![], x()]),
        (b"\nx\n", vec![vec![], x()]),
        (b"\xEF\xBB\xBF\r\nx\r\n", vec![vec![], x()]),
        (b"\xEF\xBB\xBF\nx\n", vec![vec![], x()]),
        (b"\r\n\r\nx\r\ny", vec![vec![], vec![], x(), y()]),
        (b"\n\nx\ny", vec![vec![], vec![], x(), y()]),
        (b"\r\nx", vec![vec![], x()]),
        (b"x\n\ny", vec![x(), vec![], y()]),
        (b"x\r\n\r\ny", vec![x(), vec![], y()]),
        // Classic Mac OS line ends, and a file that mixes all three.
        (b"\rx\r\ry\r", vec![vec![], x(), vec![], y()]),
        (
            b"\n\r\nx\r\r\ny\n\n",
            vec![vec![], vec![], x(), vec![], y()],
        ),
        (b"\"x\r\n\"\r\n\r\ny", vec![vec![t("x\r\n")], vec![], y()]),
    ];
    for (bytes, expected) in cases {
        let path = write(&dir, "kosong_di_atas.csv", bytes);
        assert_eq!(
            read(&path),
            expected,
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}
