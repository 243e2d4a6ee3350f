//! The import template read back with our own reader.

use paritrana_core::Lang;
use paritrana_core::codes::{Category, Funding, Sector, Segment};
use paritrana_core::date::{from_excel_serial, parse_date};
use paritrana_core::import::Cell;
use paritrana_core::nik;
use paritrana_core::region::{RegionCode, RegionTree};
use paritrana_sheets::{
    TEMPLATE_HEADER_ROW, TEMPLATE_HEADERS, TEMPLATE_TITLE, open, write_template,
};

fn text(cell: &Cell) -> &str {
    match cell {
        Cell::Text(s) => s,
        other => panic!("expected text, found {other:?}"),
    }
}

fn template_rows() -> Vec<Vec<Cell>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("templat_peserta.xlsx");
    write_template(&path).unwrap();
    let reader = open(&path).unwrap();
    assert_eq!(reader.sheet_name(), Some("Peserta"));
    reader.collect::<Result<_, _>>().unwrap()
}

#[test]
fn template_has_titles_a_blank_row_then_the_headers() {
    let rows = template_rows();
    assert_eq!(text(&rows[0][0]), TEMPLATE_TITLE);
    assert_eq!(text(&rows[1][0]), "Pemerintah Kabupaten/Kota: ........");
    assert!(rows[2].is_empty());
    assert_eq!(TEMPLATE_HEADER_ROW, 3);
    let headers: Vec<&str> = rows[3].iter().map(text).collect();
    assert_eq!(
        headers,
        [
            "NIK",
            "Nama",
            "Jenis Kelamin",
            "Tanggal Lahir",
            "Kode Desa",
            "Segmen",
            "Kategori",
            "Sektor",
            "Sumber Dana",
            "Perusahaan CSR",
            "Program",
            "Mulai",
            "Selesai",
            "Upah"
        ]
    );
    assert_eq!(headers, TEMPLATE_HEADERS);
    // The 1,000 pre-formatted rows hold no values, so the reader stops after the examples.
    assert_eq!(rows.len(), 6);
}

#[test]
fn template_examples_are_valid_paser_workers() {
    let rows = template_rows();
    let tree = RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap();
    let today = parse_date("2025-06-30").unwrap();
    let paser = RegionCode::parse("64.01").unwrap();
    let fishers = rows[4..]
        .iter()
        .filter(|r| r.get(7) == Some(&Cell::Text("NELAYAN".into())))
        .count();
    assert_eq!(fishers, 1);
    for row in &rows[4..] {
        let check = nik::check(text(&row[0]), &tree, today);
        assert!(check.valid && check.warnings.is_empty(), "{check:?}");
        let facts = check.facts.unwrap();
        assert!(facts.district.is_within(paser));
        assert_eq!(text(&row[2]), facts.sex.code());
        match row[3] {
            Cell::DateTime(serial) => {
                assert_eq!(from_excel_serial(serial), Some(facts.birth_date))
            }
            ref other => panic!("birth date should be a date cell, found {other:?}"),
        }
        let village = RegionCode::parse(text(&row[4])).unwrap();
        assert!(tree.contains(village) && village.is_within(facts.district));
        assert_eq!(Segment::parse(text(&row[5])), Some(Segment::Bpu));
        assert_eq!(
            Category::parse(text(&row[6])),
            Some(Category::PekerjaRentan)
        );
        assert!(Sector::parse(text(&row[7])).is_some());
        assert_eq!(Funding::parse(text(&row[8])), Some(Funding::ApbdKabkota));
        assert_eq!(row[9], Cell::Empty);
        assert_eq!(text(&row[10]), "JKK, JKM");
        assert!(matches!(row[11], Cell::DateTime(_)));
        assert!(matches!(row[12], Cell::DateTime(_)));
        assert_eq!(row[13], Cell::Number(1_000_000.0));
    }
}

#[test]
fn instructions_sheet_explains_codes_dates_and_nik_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("templat.xlsx");
    write_template(&path).unwrap();
    // Read the second sheet directly: `open` only reads the first sheet with data.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["Peserta", "Petunjuk"]);
    let range = wb.worksheet_range("Petunjuk").unwrap();
    let all: String = range
        .used_cells()
        .map(|(_, _, d)| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    for header in TEMPLATE_HEADERS {
        assert!(all.contains(header), "{header}");
    }
    for s in Segment::ALL {
        assert!(all.contains(&format!("{} = {}", s.code(), s.label(Lang::Id))));
    }
    for s in Sector::ALL {
        assert!(all.contains(&format!("{} = {}", s.code(), s.label(Lang::Id))));
    }
    for c in Category::ALL {
        assert!(all.contains(c.code()));
    }
    for f in Funding::ALL {
        assert!(all.contains(f.code()));
    }
    for d in ["2023-08-17", "17/08/2023", "17-08-2023", "17 Agustus 2023"] {
        assert!(all.contains(d), "{d}");
    }
    assert!(all.contains("16 digit") && all.contains("TEKS"));
    assert!(all.contains("JKK, JKM"));
    assert!(all.contains("rupiah utuh"));
}
