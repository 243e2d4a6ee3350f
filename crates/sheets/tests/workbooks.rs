//! Workbook reading: sheet choice, absolute row and column positions, cell types.

use paritrana_core::import::Cell;
use paritrana_sheets::open;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn t(s: &str) -> Cell {
    Cell::Text(s.into())
}

#[test]
fn rows_and_columns_keep_their_excel_positions_when_data_starts_at_c3() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("geser.XLSX");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(2, 2, "NIK").unwrap();
    ws.write_string(2, 3, "Nama").unwrap();
    ws.write_string(4, 2, "6401041708850001").unwrap();
    ws.write_string(4, 3, "Ahmad").unwrap();
    wb.save(&path).unwrap();

    let rows: Vec<_> = open(&path).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(
        rows,
        [
            vec![],
            vec![],
            vec![Cell::Empty, Cell::Empty, t("NIK"), t("Nama")],
            vec![],
            vec![Cell::Empty, Cell::Empty, t("6401041708850001"), t("Ahmad")],
        ]
    );
}

#[test]
fn cell_types_map_onto_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jenis.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_number(0, 0, 6401041708850000.0).unwrap();
    ws.write_date_with_format(0, 1, ExcelDateTime::from_ymd(2023, 8, 17).unwrap(), &date)
        .unwrap();
    ws.write_boolean(0, 2, true).unwrap();
    ws.write_string(0, 3, "17 Agustus 2023").unwrap();
    ws.write_string(0, 4, "   ").unwrap();
    ws.write_number(0, 5, 1_000_000.0).unwrap();
    wb.save(&path).unwrap();

    let rows: Vec<_> = open(&path).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row[0], Cell::Number(6401041708850000.0));
    assert_eq!(row[1], Cell::DateTime(45155.0));
    assert_eq!(row[2], Cell::Bool(true));
    assert_eq!(row[3], t("17 Agustus 2023"));
    assert_eq!(row[4], Cell::Empty);
    assert_eq!(row[5], Cell::Number(1_000_000.0));
}

#[test]
fn the_first_visible_sheet_with_data_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lembar.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Kosong").unwrap();
    let lists = wb.add_worksheet();
    lists.set_name("Daftar").unwrap();
    lists.write_string(0, 0, "NELAYAN").unwrap();
    lists.set_hidden(true);
    let data = wb.add_worksheet();
    data.set_name("Peserta").unwrap();
    data.write_string(0, 0, "NIK").unwrap();
    data.set_active(true);
    wb.save(&path).unwrap();

    let reader = open(&path).unwrap();
    assert_eq!(reader.sheet_name(), Some("Peserta"));
    let rows: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(rows, [vec![t("NIK")]]);
}

#[test]
fn a_workbook_without_data_has_no_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kosong.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet();
    wb.save(&path).unwrap();
    let reader = open(&path).unwrap();
    assert_eq!(reader.sheet_name(), None);
    assert_eq!(reader.count(), 0);
}

#[test]
fn a_damaged_workbook_is_a_workbook_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rusak.xlsx");
    std::fs::write(&path, b"bukan zip").unwrap();
    let err = open(&path).err().unwrap();
    assert!(
        matches!(err, paritrana_sheets::SheetError::Workbook { .. }),
        "{err:?}"
    );
    use paritrana_core::lang::Localized;
    assert!(err.message(paritrana_core::Lang::Id).contains("rusak.xlsx"));
}
