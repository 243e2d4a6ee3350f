//! Coverage tables exported as XLSX, PDF and CSV from the Kab. Paser 2023 seed (81,436 of
//! 90,052 workers protected on 31 December 2023 = 90.43 %), read back: the workbook through
//! calamine (numbers stay numbers, the header is bold, filtered and frozen), the PDF through
//! `pdftotext`.

mod common;
use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;
use paritrana_core::region::RegionTree;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A data dir holding the Paser seed lists and target, imported once for all tests here.
fn seeded() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("coverage_export_seed");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let tree = RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap();
        let list = dir.join("paser.csv");
        let lists = paritrana_core::generate::seed::paser_2023(&tree, 1).unwrap();
        std::fs::write(&list, lists.concat()).unwrap();
        for (what, file) in [
            ("participants", list),
            ("targets", fixture("target_paser_2023.csv")),
        ] {
            let out = run(paritrana(&dir).args(["import", what]).arg(file));
            assert!(out.status.success(), "import {what}");
        }
        dir
    })
}

/// Runs `paritrana coverage ARGS --out FILE` and returns the file's bytes.
fn export(args: &[&str], file: &str) -> Vec<u8> {
    let out_dir = tempfile::tempdir().unwrap();
    let path = out_dir.path().join(file);
    let out = run(paritrana(seeded())
        .arg("coverage")
        .args(args)
        .arg("--out")
        .arg(&path));
    assert!(out.status.success(), "{args:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains(file), "names the file written: {said}");
    std::fs::read(&path).unwrap()
}

/// A workbook read back: its cell values, styles, defined names and first sheet's XML.
struct Workbook {
    sheet: String,
    cells: calamine::Range<Data>,
    styles: calamine::StyleRange,
    defined_names: Vec<(String, String)>,
    sheet_xml: String,
}

fn read_xlsx(bytes: &[u8]) -> Workbook {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let cells = book.worksheet_range(&sheet).unwrap();
    let styles = book.worksheet_style(&sheet).unwrap();
    let defined_names = book.defined_names().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet_xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet_xml)
        .unwrap();
    Workbook {
        sheet,
        cells,
        styles,
        defined_names,
        sheet_xml,
    }
}

impl Workbook {
    /// The value at an Excel-style 0-based (row, column).
    fn at(&self, row: u32, col: u32) -> Data {
        self.cells
            .get_value((row, col))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    fn text(&self, row: u32, col: u32) -> String {
        match self.at(row, col) {
            Data::String(s) => s,
            other => panic!("({row}, {col}) is not text: {other:?}"),
        }
    }

    fn number(&self, row: u32, col: u32) -> f64 {
        match self.at(row, col) {
            Data::Float(n) => n,
            Data::Int(n) => n as f64,
            other => panic!("({row}, {col}) is not a number: {other:?}"),
        }
    }

    fn row_texts(&self, row: u32) -> Vec<String> {
        (0..self.cells.width() as u32)
            .map(|c| match self.at(row, c) {
                Data::String(s) => s,
                Data::Empty => String::new(),
                other => other.to_string(),
            })
            .collect()
    }

    fn number_format(&self, row: u32, col: u32) -> String {
        self.styles
            .get((row, col))
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone())
            .unwrap_or_default()
    }

    /// Every text cell in column A from `from` down: the notes under the table.
    fn column_a_from(&self, from: u32) -> String {
        (from..self.cells.height() as u32)
            .filter_map(|r| match self.at(r, 0) {
                Data::String(s) => Some(s),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The header row: title, subtitle, an empty row, then the headers.
const HEADER: u32 = 3;

#[test]
fn paser_coverage_as_a_workbook_keeps_numbers_as_numbers() {
    let args = [
        "--region",
        "Kab. Paser",
        "--date",
        "2023-12-31",
        "--by",
        "group",
    ];
    let book = read_xlsx(&export(
        &[&args[..], &["--format", "xlsx"]].concat(),
        "cakupan.xlsx",
    ));
    assert_eq!(book.sheet, "Laporan");
    assert_eq!(book.text(0, 0), "Cakupan UCJ — Kabupaten Paser, 2023-12-31");
    let subtitle = book.text(1, 0);
    assert!(subtitle.contains("Kabupaten Paser (64.01)"), "{subtitle}");
    assert!(subtitle.contains("Rincian: kelompok pekerja"), "{subtitle}");
    assert_eq!(
        book.row_texts(HEADER),
        [
            "Kode",
            "Wilayah",
            "Terlindungi",
            "Target",
            "Cakupan",
            "FORMAL",
            "INFORMAL"
        ]
    );
    let row = HEADER + 1;
    assert_eq!(book.text(row, 0), "64.01");
    assert_eq!(book.text(row, 1), "Kabupaten Paser");
    assert_eq!(book.number(row, 2), 81_436.0);
    assert_eq!(book.number(row, 3), 90_052.0);
    assert!(
        (book.number(row, 4) - 0.9043).abs() < 1e-12,
        "a fraction shown as 90,43%"
    );
    assert_eq!(book.number(row, 5), 37_521.0);
    assert_eq!(book.number(row, 6), 43_915.0);

    // Number formats: digit grouping and a percentage, drawn with the reader's separators.
    assert_eq!(book.number_format(row, 2), "#,##0");
    assert_eq!(book.number_format(row, 3), "#,##0");
    assert_eq!(book.number_format(row, 4), "0.00%");
    // The header: bold on a fill, with an autofilter, and the panes frozen under it.
    let header = book.styles.get((HEADER, 2)).unwrap();
    assert!(header.font.as_ref().unwrap().is_bold());
    assert!(header.fill.as_ref().unwrap().is_visible());
    assert!(
        book.defined_names
            .iter()
            .any(|(name, range)| name == "_xlnm._FilterDatabase" && range.contains("$A$4:$G$5")),
        "{:?}",
        book.defined_names
    );
    assert!(
        book.sheet_xml.contains(r#"ySplit="4""#) && book.sheet_xml.contains(r#"state="frozen""#),
        "frozen below row 4"
    );
    assert!(book.sheet_xml.contains(r#"<autoFilter ref="A4:G5""#));

    let notes = book.column_a_from(row + 1);
    assert!(notes.contains("FORMAL = Formal dan non-ASN"), "{notes}");
    assert!(
        notes.contains("Sumber target: BPS Sakernas Agustus 2023"),
        "{notes}"
    );
    assert!(notes.contains("Sumber data: registri Paritrana"), "{notes}");
}

#[test]
fn english_workbook_headers_and_a_ranking_with_areas_without_target() {
    let book = read_xlsx(&export(
        &[
            "--lang",
            "en",
            "--region",
            "64",
            "--rank",
            "--date",
            "2023-12-31",
        ],
        // The format follows the file's extension.
        "ranking.xlsx",
    ));
    assert_eq!(book.sheet, "Report");
    assert_eq!(
        book.text(0, 0),
        "UCJ coverage ranking — Kalimantan Timur, 2023-12-31"
    );
    assert_eq!(
        book.row_texts(HEADER),
        ["Rank", "Code", "Region", "Protected", "Target", "Coverage"]
    );
    assert_eq!(book.number(HEADER + 1, 0), 1.0);
    assert_eq!(book.text(HEADER + 1, 1), "64.01");
    assert_eq!(book.number(HEADER + 1, 3), 81_436.0);
    // The nine other kab/kota: not ranked, no target — words for people, not zeros.
    for row in HEADER + 2..HEADER + 11 {
        assert_eq!(book.text(row, 0), "-");
        assert_eq!(book.number(row, 3), 0.0);
        assert_eq!(book.text(row, 4), "-");
        assert_eq!(book.text(row, 5), "no target");
    }
    let notes = book.column_a_from(HEADER + 11);
    assert!(
        notes.contains("Areas without a target are not ranked"),
        "{notes}"
    );
}

#[test]
fn growth_and_series_workbooks_hold_changes_and_dates() {
    let book = read_xlsx(&export(
        &[
            "--region",
            "64.01",
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
            "--by",
            "group",
            "--format",
            "xlsx",
        ],
        "pertumbuhan.xlsx",
    ));
    assert_eq!(
        book.row_texts(HEADER),
        [
            "Kode",
            "Wilayah",
            "Rincian",
            "Awal",
            "Akhir",
            "Perubahan",
            "Pertumbuhan"
        ]
    );
    let total = HEADER + 1;
    assert_eq!(book.text(total, 2), "Jumlah");
    assert_eq!(
        [3, 4, 5].map(|c| book.number(total, c)),
        [65_894.0, 81_436.0, 15_542.0]
    );
    assert!((book.number(total, 6) - 0.2359).abs() < 1e-12);
    assert_eq!(book.number_format(total, 5), "+#,##0;-#,##0;0");
    assert_eq!(book.number_format(total, 6), "+0.00%;-0.00%;0.00%");
    assert_eq!(book.text(total + 1, 2), "Formal dan non-ASN");
    assert_eq!(book.number(total + 1, 3), 34_052.0);
    assert_eq!(book.text(total + 2, 2), "Informal dan rentan");
    assert_eq!(book.number(total + 2, 4), 43_915.0);

    let book = read_xlsx(&export(
        &[
            "--region",
            "64.01",
            "--series",
            "monthly",
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
        ],
        "deret.xlsx",
    ));
    let december = HEADER + 12;
    match book.at(december, 0) {
        Data::DateTime(d) => assert_eq!(
            paritrana_core::date::from_excel_serial(d.as_f64()).map(|d| d.to_string()),
            Some("2023-12-31".to_string())
        ),
        other => panic!("a date cell, not {other:?}"),
    }
    assert_eq!(book.number(december, 1), 81_436.0);
    assert!((book.number(december, 3) - 0.9043).abs() < 1e-12);
    assert_eq!(book.number_format(december, 0), "yyyy-mm-dd");
}

#[test]
fn paser_coverage_as_pdf_reads_81_436_and_90_43() {
    let args = ["--region", "64.01", "--date", "2023-12-31", "--by", "group"];
    let bytes = export(&[&args[..], &["--format", "pdf"]].concat(), "cakupan.pdf");
    assert!(bytes.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&bytes) {
        for says in [
            "Cakupan UCJ — Kabupaten Paser, 2023-12-31",
            "Terlindungi",
            "81.436",
            "90.052",
            "90,43 %",
            "37.521",
            "43.915",
            "INFORMAL = Informal dan rentan",
            "Halaman 1 dari 1",
        ] {
            assert!(text.contains(says), "{says}: {text}");
        }
    }

    // In English, with the format taken from the extension.
    let bytes = export(&[&["--lang", "en"], &args[..]].concat(), "coverage.pdf");
    if let Some(text) = pdf_text(&bytes) {
        for says in [
            "UCJ coverage — Kabupaten Paser",
            "Protected",
            "Coverage",
            "81,436",
            "90.43 %",
            "Page 1 of 1",
        ] {
            assert!(text.contains(says), "{says}: {text}");
        }
    }
}

#[test]
fn csv_and_table_outputs_are_unchanged_and_can_go_to_a_file() {
    let args = [
        "coverage",
        "--region",
        "64.01",
        "--date",
        "2023-12-31",
        "--by",
        "group",
    ];
    let expected_csv = "Code,Region,Protected,Target,Coverage,FORMAL,INFORMAL\n\
                        64.01,Kabupaten Paser,81436,90052,90.43,37521,43915\n";
    let out = run(paritrana(seeded()).args(args).args(["--format", "csv"]));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected_csv);
    let csv = export(&args[1..], "cakupan.csv");
    assert_eq!(String::from_utf8(csv).unwrap(), expected_csv);

    let out = run(paritrana(seeded()).args(args));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Cakupan UCJ — Kabupaten Paser, 2023-12-31\n\
         Kode   Wilayah          Terlindungi  Target  Cakupan  FORMAL  INFORMAL\n\
         64.01  Kabupaten Paser       81.436  90.052  90,43 %  37.521    43.915\n"
    );
}

#[test]
fn a_workbook_is_not_written_to_a_terminal() {
    // `script` gives the command a terminal for stdout.
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "'{}' --data-dir '{}' coverage --format xlsx",
        env!("CARGO_BIN_EXE_paritrana"),
        dir.path().display()
    );
    let Ok(out) = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("PARITRANA_LANG")
        .output()
    else {
        eprintln!("`script` not available: terminal refusal not checked");
        return;
    };
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("tidak ditulis ke terminal: pakai --out FILE.xlsx"),
        "{said}"
    );
}

#[test]
fn the_api_downloads_what_the_cli_exports() {
    let server = Server::start(seeded(), &[]);
    let url = |query: &str| {
        format!(
            "{}/api/v1/coverage?region=64.01&date=2023-12-31&by=group&{query}",
            server.base
        )
    };

    let xlsx = get(&url("format=xlsx"));
    assert_eq!(xlsx.status(), 200);
    assert_eq!(
        xlsx.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        xlsx.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("cakupan.xlsx")
    );
    let book = read_xlsx(&xlsx.bytes().unwrap());
    assert_eq!(book.number(HEADER + 1, 2), 81_436.0);
    assert_eq!(book.text(HEADER, 2), "Terlindungi");

    let english = read_xlsx(&get(&url("format=xlsx&lang=en")).bytes().unwrap());
    assert_eq!(english.text(HEADER, 2), "Protected");

    let csv = get(&url("format=csv")).text().unwrap();
    let cli = run(paritrana(seeded()).args([
        "coverage",
        "--region",
        "64.01",
        "--date",
        "2023-12-31",
        "--by",
        "group",
        "--format",
        "csv",
    ]));
    assert_eq!(csv.as_bytes(), cli.stdout);

    let pdf = get(&url("format=pdf")).bytes().unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&pdf) {
        assert!(
            text.contains("81.436") && text.contains("90,43 %"),
            "{text}"
        );
    }

    let bad = get(&url("format=docx"));
    assert_eq!(bad.status(), 400);
    let body: serde_json::Value = bad.json().unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("format `docx` tidak dikenal")
    );
}
