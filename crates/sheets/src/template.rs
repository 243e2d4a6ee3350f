//! The import template (templat impor): the XLSX workbook Pemda operators download, fill in and
//! upload again. Sheet "Peserta" holds the columns the import reads, with text-formatted NIK and
//! village-code cells, date formats, dropdowns for the code columns and two example rows; sheet
//! "Petunjuk" explains every column in Bahasa Indonesia.
//!
//! The template does not validate anything: the dropdowns only warn, because the import also
//! accepts labels ("Pekerja rentan") and aliases, not just codes.

use crate::error::SheetError;
use crate::report::xlsx_error;
use paritrana_core::Lang;
use paritrana_core::codes::{Category, Funding, Programme, Sector, Segment};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, FormatAlign, Workbook,
    Worksheet, XlsxError,
};
use std::path::Path;

/// The template's column headers, in order: the standard participant columns.
pub const TEMPLATE_HEADERS: [&str; 14] = paritrana_core::import::STANDARD_HEADERS;

/// The template's title, in its first row.
pub const TEMPLATE_TITLE: &str = "DAFTAR PEKERJA YANG DIDAFTARKAN PROGRAM BPJS KETENAGAKERJAAN";

/// 0-based index of the header row on sheet "Peserta" (Excel row 4: two titles and a blank row
/// come first, as in the lists Pemda offices already keep).
pub const TEMPLATE_HEADER_ROW: u32 = 3;

/// How many data rows get the dropdowns (the text and date formats cover whole columns).
const FORMATTED_ROWS: u32 = 1_000;

const COL_NIK: u16 = 0;
const COL_BIRTH: u16 = 3;
const COL_VILLAGE: u16 = 4;
const COL_SEGMENT: u16 = 5;
const COL_CATEGORY: u16 = 6;
const COL_SECTOR: u16 = 7;
const COL_FUNDING: u16 = 8;
const COL_START: u16 = 11;
const COL_END: u16 = 12;
const COL_WAGE: u16 = 13;

/// One example row. Both are valid Kab. Paser (64.01) workers: the NIKs were registered in the
/// kecamatan of the village, and the woman's birth day carries the +40.
struct Example {
    nik: &'static str,
    name: &'static str,
    sex: &'static str,
    birth: (u16, u8, u8),
    village: &'static str,
    segment: Segment,
    category: Category,
    sector: Option<Sector>,
    funding: Funding,
    programmes: &'static str,
    start: (u16, u8, u8),
    end: (u16, u8, u8),
    wage: f64,
}

const EXAMPLES: [Example; 2] = [
    // A fisher of Muara Pasir, Kec. Tanah Grogot (64.01.04), born 17 August 1985.
    Example {
        nik: "6401041708850001",
        name: "Ahmad Syahrani",
        sex: "L",
        birth: (1985, 8, 17),
        village: "64.01.04.2010",
        segment: Segment::Bpu,
        category: Category::PekerjaRentan,
        sector: Some(Sector::Nelayan),
        funding: Funding::ApbdKabkota,
        programmes: "JKK, JKM",
        start: (2024, 1, 1),
        end: (2024, 12, 31),
        wage: 1_000_000.0,
    },
    // A woman farmer of Padang Jaya, Kec. Kuaro (64.01.05), born 12 March 1990 (day 12 + 40).
    Example {
        nik: "6401055203900001",
        name: "Siti Rahmawati",
        sex: "P",
        birth: (1990, 3, 12),
        village: "64.01.05.2010",
        segment: Segment::Bpu,
        category: Category::PekerjaRentan,
        sector: Some(Sector::Petani),
        funding: Funding::ApbdKabkota,
        programmes: "JKK, JKM",
        start: (2024, 1, 1),
        end: (2024, 12, 31),
        wage: 1_000_000.0,
    },
];

/// Writes the import template to `path` (which should end in `.xlsx`).
pub fn write_template(path: &Path) -> Result<(), SheetError> {
    build_template()
        .and_then(|mut wb| wb.save(path))
        .map_err(|e| xlsx_error(path, e))
}

/// The import template as XLSX bytes: the same workbook [`write_template`] writes (the web app
/// serves it at `/impor/templat.xlsx`).
pub fn template_xlsx_bytes() -> Result<Vec<u8>, SheetError> {
    build_template()
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| xlsx_error(Path::new("templat-peserta.xlsx"), e))
}

/// The template as CSV for those who keep lists in plain text: the header row and the two
/// example rows of the workbook, UTF-8 with a byte-order mark so Excel shows it correctly.
pub fn template_csv_bytes() -> Vec<u8> {
    let mut out = "\u{feff}".to_string();
    out.push_str(&TEMPLATE_HEADERS.join(","));
    out.push('\n');
    for e in &EXAMPLES {
        let date = |d: (u16, u8, u8)| format!("{:02}/{:02}/{}", d.2, d.1, d.0);
        let cells = [
            e.nik.to_string(),
            e.name.to_string(),
            e.sex.to_string(),
            date(e.birth),
            e.village.to_string(),
            e.segment.code().to_string(),
            e.category.code().to_string(),
            e.sector.map(|s| s.code().to_string()).unwrap_or_default(),
            e.funding.code().to_string(),
            String::new(),
            format!("\"{}\"", e.programmes),
            date(e.start),
            date(e.end),
            format!("{}", e.wage as u64),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

fn build_template() -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    write_participants(workbook.add_worksheet())?;
    write_instructions(workbook.add_worksheet())?;
    Ok(workbook)
}

fn ymd(date: (u16, u8, u8)) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(date.0, date.1, date.2)
}

fn dropdown(codes: &[&str], title: &str, column: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(codes)?
        // A warning, not a stop: labels and aliases are accepted by the import too.
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title(title)?
        .set_error_message(format!(
            "Nilai ini bukan kode {column} yang dikenal. Lihat lembar Petunjuk untuk daftar nilai \
             yang diterima."
        ))
}

fn write_participants(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_name("Peserta")?;
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_background_color("#D9E1F2")
        .set_align(FormatAlign::Center)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let rupiah = Format::new().set_num_format("#,##0");

    sheet.write_string_with_format(0, 0, TEMPLATE_TITLE, &title)?;
    sheet.write_string(1, 0, "Pemerintah Kabupaten/Kota: ........")?;
    let h = TEMPLATE_HEADER_ROW;
    for (col, name) in (0u16..).zip(TEMPLATE_HEADERS) {
        sheet.write_string_with_format(h, col, name, &header)?;
    }

    let first = h + 1;
    let last = h + FORMATTED_ROWS;
    // Whole-column formats rather than `set_range_format`: rust_xlsxwriter only writes formatted
    // blank cells inside the range that holds data, so formats on rows 7–1004 would be dropped;
    // a column format also covers an operator who types past row 1004.
    for col in [COL_NIK, COL_VILLAGE] {
        sheet.set_column_format(col, &text)?;
    }
    for col in [COL_BIRTH, COL_START, COL_END] {
        sheet.set_column_format(col, &date)?;
    }
    sheet.set_column_format(COL_WAGE, &rupiah)?;

    let codes = |list: &[&'static str]| list.to_vec();
    let segments = codes(&Segment::ALL.iter().map(|s| s.code()).collect::<Vec<_>>());
    let categories = codes(&Category::ALL.iter().map(|s| s.code()).collect::<Vec<_>>());
    let sectors = codes(&Sector::ALL.iter().map(|s| s.code()).collect::<Vec<_>>());
    let fundings = codes(&Funding::ALL.iter().map(|s| s.code()).collect::<Vec<_>>());
    for (col, list, name) in [
        (COL_SEGMENT, &segments, "Segmen"),
        (COL_CATEGORY, &categories, "Kategori"),
        (COL_SECTOR, &sectors, "Sektor"),
        (COL_FUNDING, &fundings, "Sumber Dana"),
    ] {
        let validation = dropdown(list, &format!("{name} tidak dikenal"), name)?;
        sheet.add_data_validation(first, col, last, col, &validation)?;
    }

    for (row, ex) in (first..).zip(EXAMPLES.iter()) {
        sheet.write_string_with_format(row, COL_NIK, ex.nik, &text)?;
        sheet.write_string(row, 1, ex.name)?;
        sheet.write_string(row, 2, ex.sex)?;
        sheet.write_date_with_format(row, COL_BIRTH, ymd(ex.birth)?, &date)?;
        sheet.write_string_with_format(row, COL_VILLAGE, ex.village, &text)?;
        sheet.write_string(row, COL_SEGMENT, ex.segment.code())?;
        sheet.write_string(row, COL_CATEGORY, ex.category.code())?;
        if let Some(sector) = ex.sector {
            sheet.write_string(row, COL_SECTOR, sector.code())?;
        }
        sheet.write_string(row, COL_FUNDING, ex.funding.code())?;
        sheet.write_string(row, 10, ex.programmes)?;
        sheet.write_date_with_format(row, COL_START, ymd(ex.start)?, &date)?;
        sheet.write_date_with_format(row, COL_END, ymd(ex.end)?, &date)?;
        sheet.write_number_with_format(row, COL_WAGE, ex.wage, &rupiah)?;
    }

    for (col, width) in (0u16..).zip([
        20.0, 28.0, 14.0, 14.0, 16.0, 10.0, 22.0, 22.0, 18.0, 22.0, 18.0, 12.0, 12.0, 14.0,
    ]) {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(first, 0)?;
    Ok(())
}

/// Lines of the "Petunjuk" sheet: (column, required?, explanation).
fn column_notes() -> Vec<(&'static str, &'static str, String)> {
    let list = |items: Vec<String>| items.join("\n");
    let coded = |pairs: Vec<(&'static str, &'static str)>| {
        list(
            pairs
                .into_iter()
                .map(|(code, label)| format!("{code} = {label}"))
                .collect(),
        )
    };
    vec![
        (
            "NIK",
            "Wajib",
            "Nomor Induk Kependudukan, 16 digit. Ketik sebagai TEKS (kolom ini sudah diformat \
             teks; bila menempel dari tempat lain, awali dengan tanda petik ' ). Excel menyimpan \
             angka panjang hanya sampai 15 digit, sehingga digit terakhir NIK yang diketik sebagai \
             angka berubah menjadi 0 dan baris itu akan ditolak."
                .to_string(),
        ),
        ("Nama", "Wajib", "Nama lengkap sesuai KTP.".to_string()),
        (
            "Jenis Kelamin",
            "Tidak wajib",
            "L (laki-laki) atau P (perempuan). Bila diisi, harus sesuai dengan NIK (tanggal lahir \
             perempuan ditambah 40 pada NIK)."
                .to_string(),
        ),
        (
            "Tanggal Lahir",
            "Tidak wajib",
            "Bila diisi, harus sesuai dengan tanggal lahir pada NIK. Format tanggal: lihat di \
             bawah."
                .to_string(),
        ),
        (
            "Kode Desa",
            "Wajib",
            "Kode desa/kelurahan Kemendagri tempat tinggal pekerja, 10 digit, mis. 64.01.04.2010 \
             (boleh tanpa titik: 6401042010). Ketik sebagai teks."
                .to_string(),
        ),
        (
            "Segmen",
            "Wajib",
            coded(
                Segment::ALL
                    .iter()
                    .map(|v| (v.code(), v.label(Lang::Id)))
                    .collect(),
            ),
        ),
        (
            "Kategori",
            "Wajib",
            coded(
                Category::ALL
                    .iter()
                    .map(|v| (v.code(), v.label(Lang::Id)))
                    .collect(),
            ),
        ),
        (
            "Sektor",
            "Wajib untuk kategori PEKERJA_RENTAN",
            coded(
                Sector::ALL
                    .iter()
                    .map(|v| (v.code(), v.label(Lang::Id)))
                    .collect(),
            ),
        ),
        (
            "Sumber Dana",
            "Wajib",
            coded(
                Funding::ALL
                    .iter()
                    .map(|v| (v.code(), v.label(Lang::Id)))
                    .collect(),
            ),
        ),
        (
            "Perusahaan CSR",
            "Wajib bila Sumber Dana = CSR",
            "Nama perusahaan yang membayar iuran melalui CSR.".to_string(),
        ),
        (
            "Program",
            "Wajib",
            format!(
                "Daftar program dipisah koma, mis. JKK, JKM. Harus memuat JKK dan JKM. JP dan JKP \
                 hanya untuk segmen PU; JKP hanya bersama JKK, JKM, JHT dan JP.\n{}",
                coded(
                    Programme::ALL
                        .iter()
                        .map(|v| (v.code(), v.label(Lang::Id)))
                        .collect()
                )
            ),
        ),
        (
            "Mulai",
            "Wajib",
            "Tanggal mulai kepesertaan (hari pertama dilindungi).".to_string(),
        ),
        (
            "Selesai",
            "Tidak wajib",
            "Tanggal akhir kepesertaan (hari terakhir dilindungi); kosongkan bila masih berjalan. \
             Tidak boleh sebelum tanggal Mulai."
                .to_string(),
        ),
        (
            "Upah",
            "Tidak wajib",
            "Upah (PU) atau penghasilan (BPU) sebulan dalam rupiah utuh, tanpa sen, lebih dari 0, \
             mis. 1000000. Untuk BPU, penghasilan terendah yang dapat dilaporkan Rp 1.000.000."
                .to_string(),
        ),
    ]
}

fn write_instructions(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_name("Petunjuk")?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold().set_background_color("#D9E1F2");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top_bold = Format::new().set_bold().set_align(FormatAlign::Top);

    sheet.write_string_with_format(0, 0, "PETUNJUK PENGISIAN TEMPLAT PESERTA", &title)?;
    sheet.write_string(
        1,
        0,
        "Isi lembar Peserta mulai baris 5 (ganti atau hapus dua baris contoh). Jangan mengubah \
         judul kolom pada baris 4. Satu baris untuk satu pekerja.",
    )?;
    let mut row = 3;
    for (col, name) in (0u16..).zip(["Kolom", "Wajib?", "Keterangan dan nilai yang diterima"]) {
        sheet.write_string_with_format(row, col, name, &bold)?;
    }
    for (column, required, note) in column_notes() {
        row += 1;
        sheet.write_string_with_format(row, 0, column, &top_bold)?;
        sheet.write_string_with_format(row, 1, required, &wrap)?;
        sheet.write_string_with_format(row, 2, &note, &wrap)?;
    }

    row += 2;
    sheet.write_string_with_format(row, 0, "Format tanggal", &bold)?;
    for line in [
        "Kolom Tanggal Lahir, Mulai dan Selesai menerima tanggal Excel atau teks dalam salah satu \
         bentuk berikut:",
        "2023-08-17",
        "17/08/2023",
        "17-08-2023",
        "17 Agustus 2023",
        "Tanggal berupa angka selalu dibaca hari-bulan-tahun (urutan Indonesia).",
    ] {
        row += 1;
        sheet.write_string(row, 0, line)?;
    }

    row += 2;
    sheet.write_string_with_format(row, 0, "Kode dan label", &bold)?;
    row += 1;
    sheet.write_string(
        row,
        0,
        "Kolom Segmen, Kategori, Sektor dan Sumber Dana boleh diisi kode (mis. PEKERJA_RENTAN) \
         atau labelnya (mis. Pekerja rentan); huruf besar/kecil tidak dibedakan.",
    )?;

    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 22)?;
    sheet.set_column_width(2, 90)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_template_has_the_workbooks_header_and_examples() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("templat.csv");
        std::fs::write(&path, template_csv_bytes()).unwrap();
        let rows: Vec<_> = crate::open(&path)
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        let header = paritrana_core::import::find_header(&rows).unwrap();
        assert!(header.ignored.is_empty(), "{:?}", header.ignored);
        assert_eq!(rows.len(), 3);
        let text = String::from_utf8(template_csv_bytes()).unwrap();
        assert!(text.contains("6401041708850001,Ahmad Syahrani,L,17/08/1985,64.01.04.2010,BPU"));
        assert!(text.contains("\"JKK, JKM\""));
    }

    #[test]
    fn template_bytes_are_an_xlsx_archive() {
        let bytes = template_xlsx_bytes().unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }

    #[test]
    fn dropdown_lists_fit_excels_255_character_limit() {
        let sectors: Vec<&str> = Sector::ALL.iter().map(|s| s.code()).collect();
        assert!(sectors.join(",").len() <= 255);
        let categories: Vec<&str> = Category::ALL.iter().map(|s| s.code()).collect();
        assert!(categories.join(",").len() <= 255);
    }

    #[test]
    fn instructions_cover_every_template_column() {
        let notes = column_notes();
        let names: Vec<&str> = notes.iter().map(|(c, _, _)| *c).collect();
        assert_eq!(names, TEMPLATE_HEADERS);
        let program = &notes[10].2;
        assert!(program.contains("JKK = Jaminan Kecelakaan Kerja"));
        assert!(notes[7].2.contains("NELAYAN = Nelayan"));
    }
}
