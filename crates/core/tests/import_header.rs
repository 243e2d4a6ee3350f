//! Finding the header row of a Pemda participant list below its title rows.

use paritrana_core::Lang;
use paritrana_core::import::{Cell, Field, HeaderError, find_header, is_blank};
use paritrana_core::lang::Localized;

fn text_row(cells: &[&str]) -> Vec<Cell> {
    cells
        .iter()
        .map(|c| {
            if c.is_empty() {
                Cell::Empty
            } else {
                Cell::Text((*c).to_string())
            }
        })
        .collect()
}

fn paser_sheet() -> Vec<Vec<Cell>> {
    vec![
        text_row(&["DAFTAR PESERTA BPJS KETENAGAKERJAAN"]),
        text_row(&["PEMERINTAH KABUPATEN PASER"]),
        vec![],
        text_row(&["", "", ""]),
        text_row(&[
            "No",
            "NIK",
            "Nama Lengkap",
            "Tempat Lahir",
            "Tgl. Lahir",
            "L/P",
            "Desa",
            "Kecamatan",
            "Segmen",
            "Kategori Pekerja",
            "Pekerjaan",
            "Sumber Dana",
            "Program",
            "Tanggal Mulai",
            "",
        ]),
        text_row(&["1", "6401011708850003", "Budi"]),
    ]
}

#[test]
fn header_is_found_below_title_rows_and_unknown_columns_are_ignored() {
    let h = find_header(&paser_sheet()).unwrap();
    assert_eq!(h.row_index, 4);
    assert_eq!(h.column_of(Field::Nik), Some(1));
    assert_eq!(h.column_of(Field::Name), Some(2));
    assert_eq!(h.column_of(Field::BirthDate), Some(4));
    assert_eq!(h.column_of(Field::Sex), Some(5));
    assert_eq!(h.column_of(Field::VillageName), Some(6));
    assert_eq!(h.column_of(Field::DistrictName), Some(7));
    assert_eq!(h.column_of(Field::Sector), Some(10));
    assert_eq!(h.column_of(Field::VillageCode), None);
    assert_eq!(h.ignored, ["No", "Tempat Lahir"]);
    assert_eq!(h.names[2], "Nama Lengkap");
    assert_eq!(h.columns[0], None);
    assert_eq!(h.column_name(Field::Name), "Nama Lengkap");
    assert_eq!(h.column_name(Field::Wage), "Upah/Penghasilan");
}

#[test]
fn header_names_ignore_case_punctuation_and_notes() {
    let rows = vec![text_row(&[
        "no. nik",
        "NAMA PESERTA (sesuai KTP)",
        "kode_desa",
        "SEGMEN*",
        "kategori",
        "sumber-dana",
        "PROGRAM BPJS",
        "tgl mulai",
        "Upah/Penghasilan",
        "Nama Perusahaan",
    ])];
    let h = find_header(&rows).unwrap();
    assert_eq!(h.column_of(Field::Nik), Some(0));
    assert_eq!(h.column_of(Field::Name), Some(1));
    assert_eq!(h.column_of(Field::VillageCode), Some(2));
    assert_eq!(h.column_of(Field::Wage), Some(8));
    assert_eq!(h.column_of(Field::CsrCompany), Some(9));
    assert!(h.ignored.is_empty());
}

#[test]
fn english_headers_are_understood() {
    let rows = vec![text_row(&[
        "NIK",
        "Full Name",
        "Date of Birth",
        "Gender",
        "Village Code",
        "Segment",
        "Category",
        "Occupation",
        "Funding Source",
        "Company",
        "Programmes",
        "Start Date",
        "End Date",
        "Income",
    ])];
    let h = find_header(&rows).unwrap();
    for (i, field) in [
        Field::Nik,
        Field::Name,
        Field::BirthDate,
        Field::Sex,
        Field::VillageCode,
        Field::Segment,
        Field::Category,
        Field::Sector,
        Field::Funding,
        Field::CsrCompany,
        Field::Programmes,
        Field::Start,
        Field::End,
        Field::Wage,
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(h.column_of(field), Some(i), "{field:?}");
    }
}

#[test]
fn every_alias_and_label_names_its_own_field() {
    for field in Field::ALL {
        for alias in field.aliases() {
            assert_eq!(Field::from_header(alias), Some(field), "{alias}");
        }
        for lang in [Lang::Id, Lang::En] {
            assert_eq!(Field::from_header(field.label(lang)), Some(field));
        }
    }
    assert_eq!(Field::from_header("Tempat Lahir"), None);
}

#[test]
fn a_title_mentioning_nik_is_not_a_header() {
    let rows = vec![
        text_row(&["NIK", "Data per Desember 2023"]),
        text_row(&["NIK", "Nama", "Desa", "Segmen"]),
    ];
    let err = find_header(&rows).unwrap_err();
    // the second row is the header (NIK + 3 fields) but lacks required columns
    assert!(matches!(err, HeaderError::MissingColumns { .. }), "{err:?}");
}

#[test]
fn a_field_named_twice_is_refused_naming_both_columns() {
    let rows = vec![text_row(&[
        "NIK",
        "Nama",
        "Desa",
        "Kelurahan",
        "Segmen",
        "Kategori",
        "Sumber Dana",
        "Program",
        "Mulai",
    ])];
    let err = find_header(&rows).unwrap_err();
    assert_eq!(
        err,
        HeaderError::DuplicateColumn {
            field: Field::VillageName,
            first: "Desa".into(),
            second: "Kelurahan".into()
        }
    );
    let id = err.message(Lang::Id);
    assert!(id.contains("Desa") && id.contains("Kelurahan"), "{id}");
}

#[test]
fn no_header_says_what_was_looked_for() {
    let rows = vec![
        text_row(&["DAFTAR PESERTA"]),
        text_row(&["1", "6401011708850003", "Budi"]),
    ];
    let err = find_header(&rows).unwrap_err();
    assert_eq!(err, HeaderError::NotFound { rows_searched: 2 });
    let id = err.message(Lang::Id);
    assert!(id.contains("No KTP") && id.contains("Sumber Dana"), "{id}");
    assert!(err.message(Lang::En).contains("looked for"));
}

#[test]
fn header_below_row_thirty_is_not_searched() {
    let mut rows: Vec<Vec<Cell>> = (0..30).map(|_| text_row(&["judul"])).collect();
    rows.push(text_row(&["NIK", "Nama", "Segmen", "Kategori"]));
    assert_eq!(
        find_header(&rows).unwrap_err(),
        HeaderError::NotFound { rows_searched: 30 }
    );
}

#[test]
fn missing_required_columns_are_listed() {
    let rows = vec![text_row(&["NIK", "Nama", "Segmen", "Upah"])];
    let err = find_header(&rows).unwrap_err();
    assert_eq!(
        err,
        HeaderError::MissingColumns {
            missing: vec![
                Field::Category,
                Field::Funding,
                Field::Programmes,
                Field::Start
            ],
            village: true
        }
    );
    assert_eq!(
        err.message(Lang::Id),
        "kolom wajib tidak ada: Kategori, Sumber Dana, Program, Mulai, Kode Desa atau Desa/Kelurahan"
    );
}

#[test]
fn blank_rows_are_recognised() {
    assert!(is_blank(&[]));
    assert!(is_blank(&[Cell::Empty, Cell::Text("  ".into())]));
    assert!(!is_blank(&[Cell::Empty, Cell::Number(0.0)]));
}

#[test]
fn cells_display_as_the_user_sees_them() {
    assert_eq!(
        Cell::Number(6_401_011_708_850_000.0).display(),
        "6401011708850000"
    );
    assert_eq!(Cell::Number(1.5).display(), "1.5");
    assert_eq!(Cell::DateTime(45155.0).display(), "2023-08-17");
    assert_eq!(Cell::Bool(true).display(), "TRUE");
    assert_eq!(Cell::Empty.display(), "");
}
