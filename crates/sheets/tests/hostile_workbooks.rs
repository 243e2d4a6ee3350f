//! Hostile workbooks: decompression bombs, huge cells and vast sparse sheets are refused (or
//! read in bounded memory) before calamine can take gigabytes. The files are built here.

use paritrana_core::Lang;
use paritrana_core::import::Cell;
use paritrana_core::lang::Localized;
use paritrana_sheets::{LimitKind, SheetError, open};
use std::io::Write;
use std::path::Path;
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// An XLSX with the given sheet XML body (inside `<sheetData>`) and shared strings (each
/// `<si>` content), `repeat` copies of the last shared string's text.
fn xlsx(path: &Path, sheet_data: &str, strings: &[&str], repeat: usize) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        z.start_file(name, opts).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    )
    .unwrap();
    z.start_file("xl/sharedStrings.xml", opts).unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
    )
    .unwrap();
    for (i, s) in strings.iter().enumerate() {
        z.write_all(b"<si><t>").unwrap();
        let times = if i + 1 == strings.len() { repeat } else { 1 };
        for _ in 0..times {
            z.write_all(s.as_bytes()).unwrap();
        }
        z.write_all(b"</t></si>").unwrap();
    }
    z.write_all(b"</sst>").unwrap();
    z.finish().unwrap();
}

fn refusal(path: &Path) -> (LimitKind, String, String) {
    match open(path).and_then(|r| r.collect::<Result<Vec<_>, _>>()) {
        Err(e @ SheetError::TooLarge { .. }) => {
            let SheetError::TooLarge { kind, entry, .. } = &e else {
                unreachable!()
            };
            (*kind, entry.clone(), e.message(Lang::Id))
        }
        Err(other) => panic!("refused for another reason: {other}"),
        Ok(rows) => panic!("read {} rows", rows.len()),
    }
}

#[test]
fn a_shared_string_bomb_is_refused_naming_the_part_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.xlsx");
    // 64 MiB of one letter: about 64 KB on disk.
    xlsx(
        &path,
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
        &[&"A".repeat(1 << 20)],
        64,
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    let (kind, entry, id) = refusal(&path);
    assert_eq!(entry, "xl/sharedStrings.xml");
    assert!(
        matches!(kind, LimitKind::Ratio | LimitKind::TextBytes),
        "{kind:?}"
    );
    assert!(id.starts_with("Berkas bom.xlsx ditolak"), "{id}");
    assert!(id.contains("bom dekompresi"), "{id}");
}

#[test]
fn a_cell_longer_than_excel_allows_is_refused_even_when_it_compresses_poorly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("panjang.xlsx");
    // 300,000 varied characters: a ratio no bomb detector would flag.
    let text: String = (0..300_000u32)
        .map(|i| char::from(b'a' + ((i * 7919 + i / 13) % 26) as u8))
        .collect();
    xlsx(
        &path,
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
        &[&text],
        1,
    );
    let (kind, entry, _) = refusal(&path);
    assert_eq!(kind, LimitKind::TextBytes);
    assert_eq!(entry, "xl/sharedStrings.xml");
}

#[test]
fn a_vast_sparse_sheet_is_streamed_not_filled_in() {
    // A1 and XFD1048576: calamine's rectangle would be 17 billion cells.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jarang.xlsx");
    xlsx(
        &path,
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1048576"><c r="XFD1048576" t="s"><v>0</v></c></row>"#,
        &["NIK"],
        1,
    );
    let mut reader = open(&path).unwrap();
    assert_eq!(reader.sheet_name(), Some("Data"));
    let first = reader.next().unwrap().unwrap();
    assert_eq!(first, [Cell::Text("NIK".into())]);
    let mut rows = 1;
    let mut last = Vec::new();
    for row in reader {
        last = row.unwrap();
        rows += 1;
    }
    assert_eq!(rows, 1_048_576, "row numbers are kept");
    assert_eq!(last.len(), 16_384);
}

#[test]
fn rows_out_of_order_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acak.xlsx");
    xlsx(
        &path,
        r#"<row r="5"><c r="A5" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></c></row>"#,
        &["x"],
        1,
    );
    let err = open(&path)
        .and_then(|r| r.collect::<Result<Vec<_>, _>>())
        .unwrap_err();
    assert!(matches!(err, SheetError::Workbook { .. }), "{err}");
}
