//! Award certificates written and read back: text through `pdftotext`, the page rendered by
//! `pdftoppm` and its QR code decoded (poppler-utils; the checks are skipped with a message
//! when it is not installed, as in `pdf.rs`).

use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::award::certificate::{AwardLevel, Certificate, Place, Signatory};
use paritrana_core::award::ids::Label;
use paritrana_core::award::verification::VerificationCode;
use paritrana_core::lang::Localized;
use paritrana_sheets::{CertificatePdfError, certificate_pdf};
use std::path::Path;
use std::process::Command;

const BASE: &str = "https://paritrana.bpjsketenagakerjaan.go.id";

fn signatory(name: &str, id: &str, en: &str) -> Signatory {
    Signatory {
        name: name.into(),
        title: Label::new(id, en),
    }
}

fn national_winner() -> Certificate {
    let code = VerificationCode::new(2026, [0x3a, 0x91, 0x07, 0xfe, 0x5c]);
    Certificate {
        recipient: "Kabupaten Paser".into(),
        place: Place::First,
        category: Label::new("Pemerintah Kabupaten", "Regency government"),
        level: AwardLevel::National,
        year: 2026,
        date: NaiveDate::from_ymd_opt(2026, 12, 9).unwrap(),
        city: "Jakarta".into(),
        signatories: vec![
            signatory(
                "Dr. Siti Rahmawati, S.H., M.H.",
                "Menteri Ketenagakerjaan Republik Indonesia",
                "Minister of Manpower of the Republic of Indonesia",
            ),
            signatory(
                "Ir. Bambang Suryadi, M.Sc.",
                "Direktur Utama BPJS Ketenagakerjaan",
                "President Director of BPJS Ketenagakerjaan",
            ),
        ],
        code,
        url: code.url(BASE),
    }
}

fn have_poppler() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok()
        && Command::new("pdftoppm").arg("-v").output().is_ok();
    if !ok {
        eprintln!("pdftotext/pdftoppm not found (apt-get install poppler-utils): checks skipped");
    }
    ok
}

/// The text `pdftotext` reads, with runs of white space (line breaks included) made single
/// spaces, so wrapped text reads as one line.
fn text(dir: &Path, pdf: &[u8]) -> String {
    let path = dir.join("piagam.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success(), "pdftotext failed: {output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page rendered at 150 dpi, decoded: every QR code found on it.
fn qr_codes(dir: &Path, pdf: &[u8]) -> Vec<String> {
    if let Ok(out) = std::env::var("PIAGAM_DUMP") {
        let n = std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
        std::fs::write(format!("{out}/p{n}.pdf"), pdf).unwrap();
    }
    let path = dir.join("render.pdf");
    std::fs::write(&path, pdf).unwrap();
    let prefix = dir.join("page");
    let output = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(&path)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(output.status.success(), "pdftoppm failed: {output:?}");
    let page = image::open(dir.join("page.png")).unwrap().to_luma8();
    // A4 landscape at 150 dpi: 297 × 210 mm.
    assert_eq!(page.width(), 1754);
    assert!((1240..=1241).contains(&page.height()), "{}", page.height());
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        page.width() as usize,
        page.height() as usize,
        |x, y| page.get_pixel(x as u32, y as u32).0[0],
    );
    prepared
        .detect_grids()
        .into_iter()
        .map(|grid| grid.decode().expect("a QR code that does not decode").1)
        .collect()
}

#[test]
fn the_piagam_names_recipient_place_category_year_and_code() {
    let certificate = national_winner();
    let pdf = certificate_pdf(&certificate, Lang::Id).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // Deterministic: the same certificate gives the same file.
    assert_eq!(pdf, certificate_pdf(&certificate, Lang::Id).unwrap());
    // Fonts are embedded (a subset of DejaVu Sans).
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("/FontFile2"), "no embedded TrueType font");
    assert!(raw.contains("DejaVuSans"));
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = text(dir.path(), &pdf);
    let code = certificate.code.to_string();
    for expected in [
        "PIAGAM PENGHARGAAN",
        "Paritrana Award 2026",
        "diberikan kepada",
        "Kabupaten Paser",
        "sebagai",
        "Juara I Kategori Pemerintah Kabupaten Tingkat Nasional",
        "Jakarta, 9 Desember 2026",
        "Menteri Ketenagakerjaan Republik Indonesia",
        "Dr. Siti Rahmawati, S.H., M.H.",
        "Direktur Utama BPJS Ketenagakerjaan",
        "Ir. Bambang Suryadi, M.Sc.",
        code.as_str(),
        certificate.url.as_str(),
    ] {
        assert!(text.contains(expected), "`{expected}` missing from: {text}");
    }
    assert_eq!(qr_codes(dir.path(), &pdf), vec![certificate.url.clone()]);
}

#[test]
fn the_english_piagam_says_the_same_in_english() {
    let mut certificate = national_winner();
    certificate.place = Place::Third;
    certificate.level = AwardLevel::Provincial {
        province: "Kalimantan Timur".into(),
    };
    certificate.signatories.truncate(1);
    let pdf = certificate_pdf(&certificate, Lang::En).unwrap();
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = text(dir.path(), &pdf);
    for expected in [
        "CERTIFICATE OF AWARD",
        "Paritrana Award 2026",
        "is presented to",
        "Kabupaten Paser",
        "Third Place, Regency government category, provincial level, Kalimantan Timur",
        "Jakarta, 9 December 2026",
        "Minister of Manpower of the Republic of Indonesia",
        &certificate.code.to_string(),
    ] {
        assert!(text.contains(expected), "`{expected}` missing from: {text}");
    }
    assert!(!text.contains("PIAGAM"));
    assert_eq!(qr_codes(dir.path(), &pdf), vec![certificate.url]);
}

#[test]
fn a_very_long_name_and_three_signatories_still_print_every_word() {
    let mut certificate = national_winner();
    certificate.recipient = "Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro bersama \
                             Seluruh Perangkat Daerah, Pemerintah Kecamatan dan Pemerintah Desa \
                             se-Kabupaten Kepulauan Siau Tagulandang Biaro"
        .into();
    certificate.category = Label::new(
        "Badan Usaha Menengah Sektor Perkebunan, Kehutanan dan Perikanan",
        "Medium business",
    );
    certificate.level = AwardLevel::Provincial {
        province: "Kepulauan Bangka Belitung".into(),
    };
    certificate.signatories.push(signatory(
        "Prof. Dr. H. Muhammad Abdurrahman Wahid Kusumaatmadja, S.E., M.Si.",
        "Gubernur Kepulauan Bangka Belitung selaku Ketua Tim Koordinasi Daerah",
        "Governor",
    ));
    let pdf = certificate_pdf(&certificate, Lang::Id).unwrap();
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = text(dir.path(), &pdf);
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        words(&certificate.recipient),
        words(&certificate.achievement(Lang::Id)),
        words(&certificate.signatories[2].name),
        words(&certificate.signatories[2].title.id),
        certificate.code.to_string(),
        certificate.url.clone(),
    ] {
        assert!(
            text.contains(&expected),
            "`{expected}` missing from: {text}"
        );
    }
    assert!(!text.contains('…'), "something was cut: {text}");
    assert_eq!(qr_codes(dir.path(), &pdf), vec![certificate.url]);
}

#[test]
fn an_incomplete_certificate_is_not_printed() {
    let mut certificate = national_winner();
    certificate.signatories.clear();
    let err = certificate_pdf(&certificate, Lang::Id).unwrap_err();
    assert!(matches!(err, CertificatePdfError::Invalid(_)));
    assert!(err.message(Lang::Id).contains("1 sampai 3 orang"), "{err}");
    let mut certificate = national_winner();
    certificate.url = "https://contoh.id/lain".into();
    let err = certificate_pdf(&certificate, Lang::En).unwrap_err();
    assert!(err.message(Lang::En).contains("/piagam/PA26-"), "{err}");
}
