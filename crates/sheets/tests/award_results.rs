//! An award round's results exported through the report table: XLSX read back with calamine
//! (scores are numbers with three decimals), PDF text through `pdftotext` (skipped with a
//! message when poppler-utils is not installed).

use calamine::{Data, Reader, Xlsx};
use paritrana_core::Lang;
use paritrana_core::award::Aggregation;
use paritrana_core::award::category::Category;
use paritrana_core::award::decision::FinalDecision;
use paritrana_core::award::entry::Entry;
use paritrana_core::award::framework::Stage;
use paritrana_core::award::ids::{AssessorId, CategoryCode, EntryId};
use paritrana_core::award::nomination::{Basis, Nomination};
use paritrana_core::award::panel::Round;
use paritrana_core::award::points::Points;
use paritrana_core::award::ranking::{StageResult, Standing, rank};
use paritrana_core::award::round::{GroupRanking, Unranked};
use paritrana_core::region::RegionCode;
use paritrana_sheets::{AwardResults, ReportCell, award_results_table};
use std::process::Command;

fn code(c: &str) -> RegionCode {
    RegionCode::parse(c).unwrap()
}

fn region_name(c: RegionCode) -> Option<String> {
    let name = match c.to_string().as_str() {
        "64" => "Kalimantan Timur",
        "64.01" => "Kabupaten Paser",
        "64.02" => "Kabupaten Kutai Kartanegara",
        "64.03" => "Kabupaten Berau",
        "64.05" => "Kabupaten Kutai Barat",
        "64.08" => "Kabupaten Kutai Timur",
        _ => return None,
    };
    Some(name.into())
}

fn entry(id: u32, name: &str, region: &str) -> Entry {
    Entry {
        id: EntryId(id),
        category: CategoryCode::parse("PEMKAB").unwrap(),
        name: name.into(),
        region: code(region),
        company: None,
    }
}

/// (entry, document, interview, figure) in milli-points / thousandths.
fn standing(entry: u32, document: i64, interview: i64, figure: Option<i64>) -> Standing {
    let stage = |stage, milli| StageResult {
        stage,
        score: Points::from_milli(milli),
        assessors: 3,
    };
    // Documents 60 %, interview 40 %, rounded half away from zero as core does.
    let final_milli = (document * 60 + interview * 40 + 50) / 100;
    Standing {
        entry: EntryId(entry),
        final_score: Points::from_milli(final_milli),
        stages: vec![
            stage(Stage::Document, document),
            stage(Stage::Interview, interview),
        ],
        figure,
    }
}

fn entries() -> Vec<Entry> {
    vec![
        entry(11, "Kabupaten Paser", "64.01"),
        entry(12, "Kabupaten Kutai Kartanegara", "64.02"),
        entry(13, "Kabupaten Berau", "64.03"),
        entry(14, "Kabupaten Kutai Barat", "64.05"),
        entry(15, "Kabupaten Kutai Timur", "64.08"),
    ]
}

/// Kab. Paser first; Berau and Kutai Kartanegara tie on every score and Berau's UCJ coverage
/// decides; the panel nominates Kutai Barat (fourth) instead of Kutai Kartanegara; Kutai Timur
/// has no interview score.
fn provincial_ranking() -> GroupRanking {
    GroupRanking {
        category: CategoryCode::parse("PEMKAB").unwrap(),
        province: Some(code("64")),
        ranked: rank(
            vec![
                standing(11, 87_125, 90_000, Some(90_430)),
                standing(12, 80_000, 75_500, Some(61_250)),
                standing(13, 80_000, 75_500, Some(72_800)),
                standing(14, 70_000, 70_000, Some(55_000)),
            ],
            None,
        ),
        unranked: vec![Unranked {
            entry: EntryId(15),
            stage: Stage::Interview,
        }],
        incomplete: vec![],
    }
}

fn nominations() -> Vec<Nomination> {
    let n = |place, entry, basis| Nomination {
        category: CategoryCode::parse("PEMKAB").unwrap(),
        province: code("64"),
        place,
        entry: EntryId(entry),
        basis,
    };
    vec![
        n(1, 11, Basis::Ranking),
        n(2, 13, Basis::Ranking),
        n(
            3,
            14,
            Basis::Override {
                replaced: EntryId(12),
                by: AssessorId(7),
                reason: "verifikasi lapangan".into(),
            },
        ),
    ]
}

fn read_xlsx(bytes: &[u8]) -> calamine::Range<Data> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.sheet_names()[0].clone();
    book.worksheet_range(&sheet).unwrap()
}

fn pdf_text(pdf: &[u8]) -> Option<String> {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("pdftotext not found (apt-get install poppler-utils): text checks skipped");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success());
    Some(String::from_utf8(output.stdout).unwrap())
}

#[test]
fn provincial_results_keep_scores_as_numbers_and_name_the_rules() {
    let (rankings, entries, nominations) = (vec![provincial_ranking()], entries(), nominations());
    let categories = Category::defaults();
    let results = AwardResults {
        year: 2026,
        round: Round::Provincial,
        method: Aggregation::TrimmedMean { min_assessors: 5 },
        rankings: &rankings,
        entries: &entries,
        categories: &categories,
        nominations: &nominations,
        decisions: &[],
        region_name: &region_name,
    };
    let table = award_results_table(&results, Lang::Id);
    // One group: category and province in the subtitle; governments are named after their
    // region, so no region column.
    assert_eq!(
        table.subtitle,
        "Babak provinsi · PEMKAB — Pemerintah Kabupaten · Provinsi Kalimantan Timur"
    );
    assert_eq!(
        table.headers(),
        vec![
            "Peringkat",
            "No. daftar",
            "Peserta",
            "Nilai dokumen",
            "Nilai wawancara",
            "Nilai akhir",
            "Angka penentu",
            "Ditentukan oleh",
            "Keterangan"
        ]
    );
    let text = table.text_rows();
    assert_eq!(
        text[0],
        vec![
            "1",
            "11",
            "Kabupaten Paser",
            "87,125",
            "90,000",
            "88,275",
            "90,430",
            "-",
            "Juara I, nominasi nasional"
        ]
    );
    // The tie on every score is decided by the figure: Berau above Kutai Kartanegara.
    assert_eq!(text[1][2], "Kabupaten Berau");
    assert_eq!(text[1][7], "nilai akhir");
    assert_eq!(text[1][8], "Juara II, nominasi nasional");
    assert_eq!(text[2][2], "Kabupaten Kutai Kartanegara");
    assert_eq!(text[2][7], "angka penentu");
    assert_eq!(text[2][8], "");
    assert_eq!(text[3][0], "4");
    assert_eq!(text[3][8], "Juara III, nominasi nasional (menggantikan 12)");
    assert_eq!(text[4][0], "-");
    assert_eq!(text[4][8], "tidak diperingkat: nilai wawancara kurang");
    let notes = table.notes.join("\n");
    assert!(notes.contains("PEMKAB = Pemerintah Kabupaten"), "{notes}");
    assert!(notes.contains("rata-rata terpangkas"), "{notes}");
    assert!(notes.contains("paling sedikit 5 penilai"), "{notes}");
    assert!(notes.contains("angka penentu tertinggi"), "{notes}");
    assert!(notes.contains("nomor pendaftaran terkecil"), "{notes}");
    assert!(
        notes.contains(
            "peserta 14 menggantikan peserta 12 sebagai nominasi; alasan: verifikasi lapangan"
        ),
        "{notes}"
    );

    // CSV for scripts: plain decimals.
    let csv = String::from_utf8(table.to_csv().unwrap()).unwrap();
    assert!(
        csv.contains("1,11,Kabupaten Paser,87.125,90.000,88.275,90.430,-,\"Juara I,"),
        "{csv}"
    );

    // XLSX: the header on row 4 (index 3), then the rows; scores are numbers.
    let cells = read_xlsx(&table.to_xlsx().unwrap());
    let at = |r: u32, c: u32| cells.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(at(3, 5), Data::String("Nilai akhir".into()));
    assert_eq!(at(4, 0), Data::Float(1.0));
    assert_eq!(at(4, 3), Data::Float(87.125));
    assert_eq!(at(4, 5), Data::Float(88.275));
    assert_eq!(at(4, 6), Data::Float(90.43));
    assert_eq!(at(5, 5), Data::Float(78.2));
    assert_eq!(at(7, 0), Data::Float(4.0));
    assert_eq!(at(8, 2), Data::String("Kabupaten Kutai Timur".into()));
    assert_eq!(at(8, 5), Data::String("-".into()));
    match table.rows[0][5] {
        ReportCell::Milli(88_275) => {}
        ref other => panic!("final score cell {other:?}"),
    }

    // PDF: every rank and entrant is printed.
    let pdf = table.to_pdf().unwrap();
    if let Some(text) = pdf_text(&pdf) {
        assert!(
            text.contains("Hasil Penilaian Paritrana Award 2026"),
            "{text}"
        );
        for line in [
            ("1", "Kabupaten Paser", "88,275"),
            ("2", "Kabupaten Berau", "78,200"),
            ("3", "Kabupaten Kutai Kartanegara", "78,200"),
        ] {
            let row = text
                .lines()
                .find(|l| l.contains(line.1) && l.contains(line.2))
                .unwrap_or_else(|| panic!("no row for {line:?} in {text}"));
            assert!(
                row.split_whitespace().any(|w| w == line.0),
                "rank {} missing from {row}",
                line.0
            );
        }
        assert!(text.contains("Juara I, nominasi nasional"), "{text}");
        assert!(text.contains("tidak diperingkat"), "{text}");
    }
}

#[test]
fn national_results_mark_the_chairs_decision_in_english() {
    let mut ranking = provincial_ranking();
    ranking.province = None;
    ranking.unranked.clear();
    ranking.ranked.pop();
    let rankings = vec![ranking];
    let entries = entries();
    let categories = Category::defaults();
    let decisions = vec![FinalDecision {
        category: CategoryCode::parse("PEMKAB").unwrap(),
        chair: AssessorId(1),
        winners: vec![EntryId(11), EntryId(12)],
        reason: "temuan verifikasi lapangan".into(),
    }];
    let results = AwardResults {
        year: 2026,
        round: Round::National,
        method: Aggregation::ZScore,
        rankings: &rankings,
        entries: &entries,
        categories: &categories,
        nominations: &[],
        decisions: &decisions,
        region_name: &region_name,
    };
    let table = award_results_table(&results, Lang::En);
    assert_eq!(table.columns.len(), 9);
    assert_eq!(
        table.subtitle,
        "National round · PEMKAB — Regency government"
    );
    assert_eq!(table.title, "Paritrana Award 2026 Results");
    let text = table.text_rows();
    assert_eq!(text[0][5], "88.275");
    assert_eq!(text[0][8], "First place (decided)");
    assert_eq!(text[1][8], "", "Berau ranks second but was not chosen");
    assert_eq!(text[2][8], "Second place (decided)");
    let notes = table.notes.join("\n");
    assert!(notes.contains("z-score"), "{notes}");
    assert!(
        notes.contains(
            "although rank 2 is entry 13; the national chair's reason: temuan verifikasi lapangan"
        ),
        "{notes}"
    );
    let pdf = table.to_pdf().unwrap();
    if let Some(text) = pdf_text(&pdf) {
        assert!(text.contains("First place (decided)"), "{text}");
        assert!(text.contains("Kabupaten Paser"), "{text}");
    }
}

#[test]
fn several_groups_and_businesses_get_category_province_and_region_columns() {
    let company = Entry {
        id: EntryId(31),
        category: CategoryCode::parse("BU_KECIL").unwrap(),
        name: "CV Sumber Rejeki Paser".into(),
        region: code("64.01"),
        company: Some(paritrana_core::award::ids::CompanyId::parse("NPP-31").unwrap()),
    };
    let mut entries = entries();
    entries.push(company);
    let business = GroupRanking {
        category: CategoryCode::parse("BU_KECIL").unwrap(),
        province: Some(code("64")),
        ranked: rank(vec![standing(31, 91_500, 88_250, None)], None),
        unranked: vec![],
        incomplete: vec![],
    };
    let rankings = vec![business, provincial_ranking()];
    let categories = Category::defaults();
    let table = award_results_table(
        &AwardResults {
            year: 2026,
            round: Round::Provincial,
            method: Aggregation::Mean,
            rankings: &rankings,
            entries: &entries,
            categories: &categories,
            nominations: &[],
            decisions: &[],
            region_name: &region_name,
        },
        Lang::Id,
    );
    assert_eq!(table.subtitle, "Babak provinsi · per kategori dan provinsi");
    let headers = table.headers();
    assert_eq!(
        &headers[..6],
        [
            "Kategori",
            "Provinsi",
            "Peringkat",
            "No. daftar",
            "Peserta",
            "Wilayah"
        ]
    );
    let text = table.text_rows();
    assert_eq!(
        &text[0][..9],
        [
            "BU_KECIL",
            "Kalimantan Timur",
            "1",
            "31",
            "CV Sumber Rejeki Paser",
            "Kabupaten Paser",
            "91,500",
            "88,250",
            // 91.5 × 0.6 + 88.25 × 0.4 = 54.9 + 35.3
            "90,200",
        ]
    );
    assert_eq!(text[0][9], "-", "no tie-break figure");
    assert_eq!(text[1][0], "PEMKAB");
    assert_eq!(text.len(), 6);
    let notes = table.notes.join("\n");
    assert!(
        notes.contains("PEMKAB = Pemerintah Kabupaten; BU_KECIL = Badan Usaha Kecil"),
        "{notes}"
    );
    assert!(notes.contains("rata-rata nilai para penilai"), "{notes}");
    let cells = read_xlsx(&table.to_xlsx().unwrap());
    assert_eq!(cells.get_value((4, 8)), Some(&Data::Float(90.2)));
    assert_eq!(cells.get_value((4, 9)), Some(&Data::String("-".into())));
}
