//! Rejected-row reports written and read back.

use paritrana_core::Lang;
use paritrana_core::import::Cell;
use paritrana_sheets::{ReportRow, open, write_report, write_report_to};

fn t(s: &str) -> Cell {
    Cell::Text(s.into())
}

fn rows() -> Vec<ReportRow> {
    vec![
        ReportRow {
            line: 6,
            column: "NIK".into(),
            value: "640104180386000".into(),
            reason: "NIK harus 16 digit, bukan 15".into(),
        },
        ReportRow {
            line: 24,
            column: "NIK".into(),
            value: "6401046501780001".into(),
            reason: "NIK sama dengan baris 11".into(),
        },
        ReportRow {
            line: 29,
            column: "Upah".into(),
            value: "-500000".into(),
            reason: "upah/penghasilan harus lebih dari 0, bukan -500000".into(),
        },
        ReportRow {
            line: 30,
            column: "Nama".into(),
            value: "=HYPERLINK(\"x\")".into(),
            reason: "baris uji; \"kutip\"\ndan baris baru".into(),
        },
    ]
}

#[test]
fn xlsx_report_reads_back_with_niks_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("laporan.xlsx");
    write_report(&path, &rows(), Lang::Id).unwrap();
    let back: Vec<_> = open(&path).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(back.len(), 5);
    assert_eq!(back[0], [t("Baris"), t("Kolom"), t("Nilai"), t("Alasan")]);
    for (got, want) in back[1..].iter().zip(rows()) {
        assert_eq!(got[0], Cell::Number(want.line as f64));
        assert_eq!(got[1], t(&want.column));
        // Written as text, never as a number: all 16 digits survive.
        assert_eq!(got[2], t(&want.value));
        assert_eq!(got[3], t(&want.reason));
    }
}

#[test]
fn english_xlsx_report_has_english_headers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.XLSX");
    write_report(&path, &[], Lang::En).unwrap();
    let back: Vec<_> = open(&path).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(back, [vec![t("Row"), t("Column"), t("Value"), t("Reason")]]);
}

#[test]
fn csv_report_reads_back_through_the_csv_reader() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("laporan.csv");
    write_report(&path, &rows(), Lang::Id).unwrap();
    let back: Vec<_> = open(&path).unwrap().collect::<Result<_, _>>().unwrap();
    // The reason with an embedded newline stays one row, so row numbers stay one per problem.
    assert_eq!(back.len(), 5);
    assert_eq!(back[0], [t("Baris"), t("Kolom"), t("Nilai"), t("Alasan")]);
    for (got, want) in back[1..].iter().zip(rows()) {
        assert_eq!(got[0], t(&want.line.to_string()));
        assert_eq!(got[1], t(&want.column));
        assert_eq!(got[3], t(&want.reason));
    }
    assert_eq!(back[3][2], t("-500000"));
    assert_eq!(back[2][2], t("6401046501780001"));
    // A value that Excel would run as a formula is defused.
    assert_eq!(back[4][2], t("'=HYPERLINK(\"x\")"));
}

#[test]
fn csv_report_streams_to_any_writer() {
    let mut out = Vec::new();
    write_report_to(&mut out, &rows()[..1], Lang::En).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "\u{feff}Row,Column,Value,Reason\n6,NIK,640104180386000,\"NIK harus 16 digit, bukan 15\"\n"
    );
}

#[test]
fn reports_refuse_other_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let err = write_report(&dir.path().join("laporan.ods"), &rows(), Lang::Id)
        .err()
        .unwrap();
    use paritrana_core::lang::Localized;
    let msg = err.message(Lang::Id);
    assert!(
        msg.contains("laporan.ods") && msg.contains(".xlsx, .csv"),
        "{msg}"
    );
}

#[test]
fn table_csv_defuses_formulas() {
    use paritrana_sheets::{ReportCell, ReportColumn, ReportTable};
    let table = ReportTable {
        title: "Peserta".into(),
        subtitle: String::new(),
        columns: vec![
            ReportColumn::text("Lembaga"),
            ReportColumn::text("Perubahan"),
        ],
        rows: vec![vec![
            ReportCell::Text("=HYPERLINK(\"http://x\",\"klik\")".into()),
            ReportCell::Text("-12".into()),
        ]],
        footnotes: vec![],
        notes: vec![],
        lang: Lang::Id,
    };
    let csv = String::from_utf8(table.to_csv().unwrap()).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(csv.contains(",-12"), "{csv}");
}

#[test]
fn reports_written_row_by_row_match_the_slice_writer() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    write_report(&a, &rows(), Lang::Id).unwrap();
    paritrana_sheets::write_report_rows(&b, rows(), Lang::Id).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let x = dir.path().join("x.xlsx");
    paritrana_sheets::write_report_rows(&x, rows(), Lang::Id).unwrap();
    let back: Vec<_> = open(&x).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(back.len(), rows().len() + 1);
}
