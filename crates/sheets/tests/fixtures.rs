//! The real-shaped files of `tests/fixtures/` (made by `make_fixtures.py` with openpyxl and
//! Python's csv module) read back through [`paritrana_sheets::open`].

use paritrana_core::codes::{Category, Funding, Programme, ProgrammeSet, Sector, Segment};
use paritrana_core::date::{from_excel_serial, parse_date};
use paritrana_core::import::Cell;
use paritrana_core::nik;
use paritrana_core::region::{RegionCode, RegionTree};
use paritrana_sheets::open;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

fn rows(name: &str) -> Vec<Vec<Cell>> {
    open(&fixture(name))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

fn text(cell: Option<&Cell>) -> &str {
    match cell {
        Some(Cell::Text(s)) => s,
        other => panic!("expected text, found {other:?}"),
    }
}

fn texts(row: &[Cell]) -> Vec<&str> {
    row.iter().map(|c| text(Some(c))).collect()
}

fn tree() -> RegionTree {
    RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap()
}

const XLSX_HEADERS: [&str; 16] = [
    "No",
    "Nama",
    "NIK",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Kode Desa",
    "Kategori",
    "Sektor",
    "Segmen",
    "Sumber Dana",
    "Perusahaan CSR",
    "Program",
    "Mulai",
    "Selesai",
    "Upah",
];

/// Header on Excel row 4, after the two title rows and a blank row.
fn assert_titled_layout(rows: &[Vec<Cell>]) {
    assert_eq!(
        text(rows[0].first()),
        "DAFTAR PEKERJA YANG DIDAFTARKAN PROGRAM BPJS KETENAGAKERJAAN"
    );
    assert!(text(rows[1].first()).starts_with("Pemerintah Kabupaten/Kota"));
    assert!(rows[2].is_empty(), "row 3 is blank: {:?}", rows[2]);
    assert_eq!(texts(&rows[3]), XLSX_HEADERS);
}

/// A date cell or date text as ISO `YYYY-MM-DD`.
fn date_of(cell: &Cell) -> String {
    match cell {
        Cell::DateTime(serial) => from_excel_serial(*serial).unwrap().to_string(),
        Cell::Text(s) => parse_date(s).unwrap().to_string(),
        other => panic!("expected a date, found {other:?}"),
    }
}

#[test]
fn paser_good_list_has_25_workers_under_titles_and_every_row_is_valid() {
    let rows = rows("peserta_paser_baik.xlsx");
    assert_eq!(rows.len(), 4 + 25);
    assert_titled_layout(&rows);

    let tree = tree();
    let today = parse_date("2025-06-30").unwrap();
    let paser = RegionCode::parse("64.01").unwrap();
    let col = |name: &str| XLSX_HEADERS.iter().position(|h| *h == name).unwrap();
    let (mut date_cells, mut text_dates) = (0, 0);
    for row in &rows[4..] {
        let nik_text = text(row.get(col("NIK")));
        let check = nik::check(nik_text, &tree, today);
        assert!(check.valid, "{nik_text}: {:?}", check.problems);
        assert!(
            check.warnings.is_empty(),
            "{nik_text}: {:?}",
            check.warnings
        );
        let facts = check.facts.unwrap();
        assert!(facts.district.is_within(paser));
        assert_eq!(
            date_of(&row[col("Tanggal Lahir")]),
            facts.birth_date.to_string()
        );
        assert_eq!(text(row.get(col("Jenis Kelamin"))), facts.sex.code());
        match row[col("Tanggal Lahir")] {
            Cell::DateTime(_) => date_cells += 1,
            Cell::Text(ref s) => {
                assert!(s.split(' ').count() == 3, "{s}");
                text_dates += 1;
            }
            _ => unreachable!(),
        }

        let village = RegionCode::parse(text(row.get(col("Kode Desa")))).unwrap();
        assert!(tree.contains(village) && village.is_within(facts.district));

        let segment = Segment::parse(text(row.get(col("Segmen")))).unwrap();
        let category = Category::parse(text(row.get(col("Kategori")))).unwrap();
        let funding = Funding::parse(text(row.get(col("Sumber Dana")))).unwrap();
        let programmes = ProgrammeSet::parse(text(row.get(col("Program")))).unwrap();
        assert!(programmes.contains(Programme::Jkk) && programmes.contains(Programme::Jkm));
        if segment != Segment::Pu {
            assert!(!programmes.contains(Programme::Jp) && !programmes.contains(Programme::Jkp));
        }
        if category == Category::PekerjaRentan {
            Sector::parse(text(row.get(col("Sektor")))).unwrap();
        }
        if funding == Funding::Csr {
            assert!(!text(row.get(col("Perusahaan CSR"))).is_empty());
        }
        assert!(matches!(row[col("Upah")], Cell::Number(w) if w > 0.0));
        assert!(matches!(
            row[col("Mulai")],
            Cell::DateTime(_) | Cell::Text(_)
        ));
    }
    assert!(
        date_cells > 10 && text_dates > 5,
        "{date_cells} {text_dates}"
    );
}

#[test]
fn paser_dirty_list_points_its_expected_rejections_at_real_rows_and_columns() {
    let rows = rows("peserta_paser_kotor.xlsx");
    assert_eq!(rows.len(), 4 + 25);
    assert_titled_layout(&rows);

    let expected = std::fs::read_to_string(fixture("peserta_paser_kotor.expected.csv")).unwrap();
    let mut lines = expected.lines();
    assert_eq!(lines.next(), Some("row,column,reason_code"));
    let tree = tree();
    let today = parse_date("2025-06-30").unwrap();
    let mut bad_rows = Vec::new();
    let mut count = 0;
    for line in lines {
        let parts: Vec<&str> = line.split(',').collect();
        let row: usize = parts[0].parse().unwrap();
        assert!(row > 4 && row <= rows.len(), "{line}");
        assert!(XLSX_HEADERS.contains(&parts[1]), "{line}");
        // The "No" column counts data rows, so Excel row = No + 4.
        assert!(matches!(rows[row - 1][0], Cell::Number(n) if n as usize + 4 == row));
        let nik_text = match &rows[row - 1][2] {
            Cell::Text(s) => s.clone(),
            other => panic!("{other:?}"),
        };
        let valid = nik::check(&nik_text, &tree, today).valid;
        let nik_defect = parts[1] == "NIK" && parts[2] != "duplicate_in_file";
        assert_eq!(valid, !nik_defect, "{line}: {nik_text}");
        bad_rows.push(row);
        count += 1;
    }
    assert_eq!(count, 15);
    for (i, row) in rows.iter().enumerate().skip(4) {
        if !bad_rows.contains(&(i + 1)) {
            assert!(
                nik::check(text(row.get(2)), &tree, today).valid,
                "row {}",
                i + 1
            );
        }
    }
    // The impossible start date is text, kept as typed.
    assert!(
        rows.iter()
            .any(|r| r.get(13) == Some(&Cell::Text("31/02/2023".into())))
    );
}

#[test]
fn niks_typed_as_numbers_arrive_as_numbers_that_lost_their_last_digit() {
    let rows = rows("peserta_nik_angka.xlsx");
    assert_eq!(rows.len(), 4 + 7);
    assert_titled_layout(&rows);
    for row in &rows[4..9] {
        match row[2] {
            Cell::Number(n) => {
                assert!(n > 6.4e15 && n < 6.5e15, "{n}");
                assert_eq!(n as u64 % 10, 0, "{n}");
            }
            ref other => panic!("expected a number, found {other:?}"),
        }
    }
    for row in &rows[9..] {
        assert_eq!(text(row.get(2)).len(), 16);
    }
}

#[test]
fn english_csv_is_comma_separated_with_ten_workers() {
    let reader = open(&fixture("peserta_english.csv")).unwrap();
    assert_eq!(reader.delimiter(), Some(b','));
    let rows: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 11);
    assert_eq!(
        texts(&rows[0]),
        [
            "NIK",
            "Full Name",
            "Sex",
            "Birth Date",
            "Village Code",
            "Segment",
            "Category",
            "Sector",
            "Funding Source",
            "Programmes",
            "Start Date",
            "End Date",
            "Wage"
        ]
    );
    assert_eq!(text(rows[1].get(9)), "JKK, JKM");
    // An empty Sector of a non-ASN row is an empty cell, not an empty string.
    assert_eq!(rows[3][7], Cell::Empty);
    assert!(rows[1..].iter().all(|r| r.len() == 13));
}

#[test]
fn semicolon_csv_with_a_bom_reads_its_first_header_cleanly() {
    let reader = open(&fixture("peserta_titik_koma.csv")).unwrap();
    assert_eq!(reader.delimiter(), Some(b';'));
    let rows: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 11);
    assert_eq!(text(rows[0].first()), "NIK");
    assert_eq!(text(rows[0].get(5)), "Desa/Kelurahan");
    assert_eq!(text(rows[1].get(13)), "Rp 1.000.000");
    assert_eq!(text(rows[1].get(3)), "04/07/1982");

    // Every village resolves by name, once, within Kab. Paser and the named kecamatan.
    let tree = tree();
    let paser = RegionCode::parse("64.01").unwrap();
    for row in &rows[1..] {
        let hits = tree.villages_named(text(row.get(5)), paser);
        assert_eq!(hits.len(), 1, "{:?}", row[5]);
        let district = tree.get(hits[0].code.parent().unwrap()).unwrap();
        assert_eq!(district.name, text(row.get(4)));
    }
}
