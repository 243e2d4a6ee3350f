//! PDF tables written and read back: page count from the file itself, text through `pdftotext`
//! (poppler-utils) when it is installed.

use paritrana_core::Lang;
use paritrana_core::lang::{Localized, format_count};
use paritrana_sheets::{PdfError, PdfTable, write_table_pdf};
use std::path::PathBuf;
use std::process::Command;

fn s(text: &str) -> String {
    text.to_string()
}

fn data_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name)
}

/// (code, name) of every region of `level` in `data/regions.csv`, in file order.
fn regions(level: &str) -> Vec<(String, String)> {
    let mut reader = csv::Reader::from_path(data_file("regions.csv")).unwrap();
    reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[2] == level)
        .map(|r| (r[0].to_string(), r[3].to_string()))
        .collect()
}

/// A coverage-shaped row: target, registered and coverage formatted as the report prints them.
fn coverage_cells(i: usize) -> [String; 3] {
    let target = 1_000 + (i * 7_919) % 90_000;
    let registered = target * (40 + i % 55) / 100;
    let permille = registered * 1000 / target;
    [
        group(target),
        group(registered),
        format!("{},{}%", permille / 10, permille % 10),
    ]
}

fn group(n: usize) -> String {
    format_count(n as u64, Lang::Id)
}

/// Pages in the file, counted without a PDF parser: page objects are dictionaries with
/// `/Type/Page` (the page tree's own is `/Type/Pages`). krilla writes no space between the two
/// names and does not hide dictionaries in compressed object streams.
fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type/Page";
    let pages = pdf
        .windows(needle.len() + 1)
        .filter(|w| w.starts_with(needle) && w[needle.len()] != b's')
        .count();
    // The page tree's `/Count` must agree.
    let text = String::from_utf8_lossy(pdf);
    let start = text.find("/Type/Pages/Count ").unwrap() + "/Type/Pages/Count ".len();
    let count: usize = text[start..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        pages, count,
        "page objects and the page tree's /Count differ"
    );
    pages
}

/// The page's `/MediaBox` width and height, from the first page object.
fn first_media_box(pdf: &[u8]) -> (f32, f32) {
    let text = String::from_utf8_lossy(pdf);
    let start = text.find("/MediaBox[").unwrap() + "/MediaBox[".len();
    let numbers: Vec<f32> = text[start..]
        .split(']')
        .next()
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    (numbers[2] - numbers[0], numbers[3] - numbers[1])
}

/// The PDF's text as `pdftotext -layout` reads it, or `None` (with a message) when poppler-utils
/// is not installed.
fn extracted_text(pdf: &[u8]) -> Option<String> {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("pdftotext not found (apt-get install poppler-utils): text checks skipped");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("table.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success(), "pdftotext failed: {output:?}");
    Some(String::from_utf8(output.stdout).unwrap())
}

/// 600 kecamatan with their coverage, in a 6-column table: portrait.
fn six_hundred_kecamatan() -> (Vec<String>, Vec<Vec<String>>) {
    let regencies: std::collections::HashMap<String, String> =
        regions("regency").into_iter().collect();
    let headers = vec![
        s("No"),
        s("Kecamatan"),
        s("Kabupaten/Kota"),
        s("Target pekerja"),
        s("Terdaftar aktif"),
        s("Cakupan"),
    ];
    let rows = regions("district")
        .into_iter()
        .take(600)
        .enumerate()
        .map(|(i, (code, name))| {
            let parent = &code[..5];
            let [target, registered, coverage] = coverage_cells(i);
            vec![
                (i + 1).to_string(),
                name,
                regencies[parent].clone(),
                target,
                registered,
                coverage,
            ]
        })
        .collect();
    (headers, rows)
}

#[test]
fn six_hundred_kecamatan_fill_fourteen_portrait_pages_with_numbers() {
    let (headers, rows) = six_hundred_kecamatan();
    let notes = vec![
        s("* target perkiraan (estimasi) — TPAK × penduduk usia 15+ • sumber BPS → Sakernas"),
        s("Cakupan = terdaftar aktif ÷ target, dalam %."),
    ];
    let started = std::time::Instant::now();
    let pdf = write_table_pdf(&PdfTable {
        title: "Cakupan UCJ — Kecamatan di Aceh dan sekitarnya, 2023-12-31",
        subtitle: Some("Sumber: Paritrana, data contoh. Dibuat 2026-11-23 10:00 WITA."),
        headers: &headers,
        rows: &rows,
        right_aligned: &[true, false, false, true, true, true],
        notes: &notes,
        lang: Lang::Id,
    })
    .unwrap();
    eprintln!("600 rows: {} bytes in {:?}", pdf.len(), started.elapsed());

    assert!(pdf.starts_with(b"%PDF-"));
    // The long kecamatan names leave too little room for the number headers on one line, so the
    // header row has two lines. That leaves 44 rows under the title on page 1 and 46 on each
    // later page: 44 + 12 × 46 = 596, and the last 4 rows and both notes go on page 14.
    assert_eq!(page_count(&pdf), 14);
    let (width, height) = first_media_box(&pdf);
    assert!(
        width < height,
        "6 columns print portrait, got {width}×{height}"
    );

    let Some(text) = extracted_text(&pdf) else {
        return;
    };
    for expected in [
        "Cakupan UCJ — Kecamatan di Aceh dan sekitarnya, 2023-12-31",
        "Sumber: Paritrana",
        "Kecamatan",
        "Kabupaten/Kota",
        &rows[0][1],
        &rows[0][2],
        &rows[0][5],
        &rows[599][1],
        &rows[599][3],
        &rows[599][5],
        "Halaman 1 dari 14",
        "Halaman 14 dari 14",
        "* target perkiraan (estimasi) — TPAK × penduduk usia 15+ • sumber BPS → Sakernas",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from:\n{text}"
        );
    }
    // The header row is repeated on every page.
    assert_eq!(text.matches("Terdaftar").count(), 14);
}

/// Every kab/kota with coverage and budget, in an 8-column table: landscape.
fn all_kabkota() -> (Vec<String>, Vec<Vec<String>>) {
    let headers: Vec<String> = [
        "Kode",
        "Kabupaten/Kota",
        "Jenis",
        "Target pekerja rentan",
        "Terdaftar",
        "Aktif",
        "Cakupan",
        "Anggaran (Rp)",
    ]
    .map(s)
    .to_vec();
    let rows: Vec<Vec<String>> = regions("regency")
        .into_iter()
        .enumerate()
        .map(|(i, (code, name))| {
            let [target, registered, coverage] = coverage_cells(i);
            let kind = if name.starts_with("Kota") {
                "Kota"
            } else {
                "Kabupaten"
            };
            vec![
                code,
                name,
                s(kind),
                target,
                registered.clone(),
                registered,
                coverage,
                group(16_800 * (1_000 + i * 37)),
            ]
        })
        .collect();
    (headers, rows)
}

#[test]
fn all_514_kabkota_with_eight_columns_print_landscape() {
    let (headers, rows) = all_kabkota();
    assert_eq!(rows.len(), 514);
    let pdf = write_table_pdf(&PdfTable {
        title: "Rencana anggaran UCJ — seluruh kabupaten/kota, 2024",
        subtitle: None,
        headers: &headers,
        rows: &rows,
        right_aligned: &[false, false, false, true, true, true, true, true],
        notes: &[],
        lang: Lang::Id,
    })
    .unwrap();
    let (width, height) = first_media_box(&pdf);
    assert!(
        width > height,
        "8 columns print landscape, got {width}×{height}"
    );
    // A landscape page holds 29 rows under the title and 30 on later pages:
    // 29 + 16 × 30 = 509, so the last 5 rows go on page 18.
    let pages = page_count(&pdf);
    assert_eq!(pages, 18);

    let Some(text) = extracted_text(&pdf) else {
        return;
    };
    assert!(text.contains("Kabupaten Aceh Selatan"));
    assert!(text.contains(&rows[513][1]), "last kab/kota missing");
    assert!(text.contains(&format!("Halaman {pages} dari {pages}")));
}

#[test]
fn a_cell_too_wide_for_the_page_is_cut_with_an_ellipsis() {
    let headers = vec![s("Wilayah"), s("Keterangan"), s("Cakupan")];
    let long = "Desa dengan nama yang sangat panjang sekali ".repeat(12) + "AKHIR";
    let rows = vec![
        vec![s("Kab. Paser"), long.clone(), s("90,43%")],
        vec![
            s("Kab. Berau"),
            s("pendek\tdengan\nbaris baru"),
            s("88,10%"),
        ],
    ];
    let pdf = write_table_pdf(&PdfTable {
        title: "Cakupan",
        subtitle: None,
        headers: &headers,
        rows: &rows,
        right_aligned: &[false, false, true],
        notes: &[],
        lang: Lang::En,
    })
    .unwrap();
    assert_eq!(page_count(&pdf), 1);
    let Some(text) = extracted_text(&pdf) else {
        return;
    };
    assert!(text.contains("Desa dengan nama yang sangat panjang"));
    assert!(
        text.contains('…'),
        "the long cell should end with …:\n{text}"
    );
    assert!(!text.contains("AKHIR"), "the cut part must not be printed");
    // Short columns keep their full text.
    assert!(text.contains("Kab. Paser") && text.contains("90,43%"));
    // Tabs and line breaks in a cell print as spaces, on one line.
    assert!(text.contains("pendek dengan baris baru"), "{text}");
    assert!(text.contains("Page 1 of 1"));
}

#[test]
fn an_empty_table_prints_its_header_and_says_there_is_no_data() {
    let headers = vec![s("Wilayah"), s("Cakupan")];
    let pdf = write_table_pdf(&PdfTable {
        title: "Cakupan UCJ — Kab. Paser",
        subtitle: None,
        headers: &headers,
        rows: &[],
        right_aligned: &[false, true],
        notes: &[s("Belum ada data untuk periode ini.")],
        lang: Lang::Id,
    })
    .unwrap();
    assert_eq!(page_count(&pdf), 1);
    let Some(text) = extracted_text(&pdf) else {
        return;
    };
    for expected in [
        "Wilayah",
        "Tidak ada data.",
        "Belum ada data",
        "Halaman 1 dari 1",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from:\n{text}"
        );
    }
}

#[test]
fn the_same_table_gives_the_same_bytes() {
    let (headers, rows) = six_hundred_kecamatan();
    let table = PdfTable {
        title: "Cakupan",
        subtitle: None,
        headers: &headers,
        rows: &rows[..50],
        right_aligned: &[true, false, false, true, true, true],
        notes: &[],
        lang: Lang::Id,
    };
    assert_eq!(
        write_table_pdf(&table).unwrap(),
        write_table_pdf(&table).unwrap()
    );
}

#[test]
fn a_ragged_row_is_refused_with_its_number() {
    let headers = vec![s("Wilayah"), s("Cakupan")];
    let rows = vec![vec![s("Kab. Paser"), s("90,43%")], vec![s("Kab. Berau")]];
    let error = write_table_pdf(&PdfTable {
        title: "Cakupan",
        subtitle: None,
        headers: &headers,
        rows: &rows,
        right_aligned: &[],
        notes: &[],
        lang: Lang::Id,
    })
    .unwrap_err();
    assert_eq!(
        error,
        PdfError::RowLength {
            row: 2,
            found: 1,
            expected: 2
        }
    );
    assert!(
        error
            .message(Lang::Id)
            .contains("Baris 2 tabel berisi 1 sel")
    );
    assert!(error.message(Lang::En).contains("row 2 has 1 cells"));
}

#[test]
fn a_table_without_columns_or_with_forty_columns_is_refused() {
    let no_columns = write_table_pdf(&PdfTable {
        title: "Kosong",
        subtitle: None,
        headers: &[],
        rows: &[],
        right_aligned: &[],
        notes: &[],
        lang: Lang::Id,
    });
    assert_eq!(no_columns.unwrap_err(), PdfError::NoColumns);

    let headers: Vec<String> = (1..=40).map(|i| format!("Kolom {i}")).collect();
    let rows = vec![headers.iter().map(|_| s("123.456.789")).collect::<Vec<_>>()];
    let error = write_table_pdf(&PdfTable {
        title: "Terlalu lebar",
        subtitle: None,
        headers: &headers,
        rows: &rows,
        right_aligned: &[],
        notes: &[],
        lang: Lang::Id,
    })
    .unwrap_err();
    assert!(
        matches!(error, PdfError::TooManyColumns { columns: 40, .. }),
        "{error:?}"
    );
    assert!(error.message(Lang::Id).contains("unduh sebagai XLSX"));
}

#[test]
#[ignore = "writes sample PDFs to the temp dir, to look at by hand (pdftoppm -png)"]
fn write_samples_for_inspection() {
    let dir = std::env::temp_dir().join("paritrana-pdf-samples");
    std::fs::create_dir_all(&dir).unwrap();
    let (headers, rows) = six_hundred_kecamatan();
    let notes = vec![s(
        "* target perkiraan (estimasi) — TPAK × penduduk usia 15+ • sumber BPS → Sakernas",
    )];
    let pdf = write_table_pdf(&PdfTable {
        title: "Cakupan UCJ — Kecamatan di Aceh dan sekitarnya, 2023-12-31",
        subtitle: Some("Sumber: Paritrana, data contoh. Dibuat 2026-11-23 10:00 WITA."),
        headers: &headers,
        rows: &rows,
        right_aligned: &[true, false, false, true, true, true],
        notes: &notes,
        lang: Lang::Id,
    })
    .unwrap();
    std::fs::write(dir.join("600-kecamatan.pdf"), pdf).unwrap();
    let (headers, rows) = all_kabkota();
    let pdf = write_table_pdf(&PdfTable {
        title: "Rencana anggaran UCJ — seluruh kabupaten/kota, 2024",
        subtitle: None,
        headers: &headers,
        rows: &rows,
        right_aligned: &[false, false, false, true, true, true, true, true],
        notes: &[],
        lang: Lang::Id,
    })
    .unwrap();
    std::fs::write(dir.join("514-kabkota.pdf"), pdf).unwrap();
    let headers = vec![s("Wilayah"), s("Keterangan"), s("Cakupan")];
    let long = "Desa dengan nama yang sangat panjang sekali ".repeat(12) + "AKHIR";
    let rows = vec![
        vec![s("Kab. Paser"), long, s("90,43%")],
        vec![
            s("Kab. Berau"),
            s("pendek\tdengan tab\ndan baris baru"),
            s("88,10%"),
        ],
    ];
    let pdf = write_table_pdf(&PdfTable {
        title: "Cakupan",
        subtitle: None,
        headers: &headers,
        rows: &rows,
        right_aligned: &[false, false, true],
        notes: &[],
        lang: Lang::En,
    })
    .unwrap();
    std::fs::write(dir.join("cut.pdf"), pdf).unwrap();
    eprintln!("samples written to {}", dir.display());
}
