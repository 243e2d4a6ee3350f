//! Validation of imported participant rows: every field, every reason, all issues at once.

use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::codes::{Category, Funding, Sector, Segment};
use paritrana_core::date::DateProblem;
use paritrana_core::import::{
    Cell, Field, FirstOfNik, Header, RowContext, RowIssue, RowProblem, ValidRow, find_header,
    validate_row,
};
use paritrana_core::lang::Localized;
use paritrana_core::nik::{Nik, NikProblem, NikWarning, Sex};
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_core::worker::{EnrolmentProblem, Rupiah};

const REGIONS: &str = "code,parent_code,level,name,kind
64,,province,Kalimantan Timur,
64.01,64,regency,Kabupaten Paser,KABUPATEN
64.01.01,64.01,district,Batu Sopang,
64.01.01.2001,64.01.01,village,Batu Kajang,DESA
64.01.01.2002,64.01.01,village,Sempulang,DESA
64.01.02,64.01,district,Tanah Grogot,
64.01.02.1001,64.01.02,village,Tanah Grogot,KELURAHAN
64.01.02.2002,64.01.02,village,Sempulang,DESA
64.71,64,regency,Kota Balikpapan,KOTA
64.71.01,64.71,district,Balikpapan Timur,
64.71.01.1001,64.71.01,village,Manggar,KELURAHAN
";

const COLUMNS: [&str; 16] = [
    "No",
    "NIK",
    "Nama",
    "Tanggal Lahir",
    "L/P",
    "Kode Desa",
    "Desa/Kelurahan",
    "Kecamatan",
    "Segmen",
    "Kategori",
    "Sektor",
    "Sumber Dana",
    "Program",
    "Mulai",
    "Selesai",
    "Upah",
];

fn tree() -> RegionTree {
    RegionTree::from_csv(REGIONS).unwrap()
}

fn ctx(tree: &RegionTree) -> RowContext<'_> {
    RowContext {
        tree,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        regency: Some(RegionCode::parse("64.01").unwrap()),
        scope: paritrana_core::auth::Scope::National,
    }
}

fn header_of(columns: &[&str]) -> Header {
    let row = columns.iter().map(|c| Cell::Text(c.to_string())).collect();
    find_header(&[row]).unwrap()
}

fn header() -> Header {
    header_of(&COLUMNS)
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A fisher of Batu Kajang, funded by the kabupaten, as a Pemda would type the row.
fn fisher() -> Vec<Cell> {
    vec![
        Cell::Number(1.0),
        t("'6401011708850003"),
        t("  Budi   Santoso "),
        t("17/08/1985"),
        t("L"),
        t("64.01.01.2001"),
        t("Batu Kajang"),
        t("Batu Sopang"),
        t("BPU"),
        t("Pekerja Rentan"),
        t("Nelayan"),
        t("APBD Kabupaten"),
        t("JKK, JKM"),
        Cell::DateTime(45155.0),
        t("31/12/2023"),
        t("Rp 1.000.000"),
    ]
}

fn with(mut cells: Vec<Cell>, column: &str, value: Cell) -> Vec<Cell> {
    let i = COLUMNS.iter().position(|c| *c == column).unwrap();
    cells[i] = value;
    cells
}

fn validate(cells: &[Cell]) -> Result<ValidRow, Vec<RowIssue>> {
    let tree = tree();
    validate_row(7, cells, &header(), &ctx(&tree))
}

fn problems(cells: &[Cell]) -> Vec<(String, RowProblem)> {
    validate(cells)
        .unwrap_err()
        .into_iter()
        .map(|i| (i.column, i.problem))
        .collect()
}

fn only_problem(cells: &[Cell]) -> RowProblem {
    let mut p = problems(cells);
    assert_eq!(p.len(), 1, "{p:?}");
    p.remove(0).1
}

#[test]
fn a_fisher_row_becomes_a_person_and_a_period() {
    let row = validate(&fisher()).unwrap();
    assert_eq!(row.line, 7);
    assert_eq!(row.person.nik.to_string(), "6401011708850003");
    assert_eq!(row.person.name, "Budi Santoso");
    assert_eq!(row.person.sex, Sex::Male);
    assert_eq!(
        row.person.birth_date,
        NaiveDate::from_ymd_opt(1985, 8, 17).unwrap()
    );
    assert_eq!(row.person.village.to_string(), "64.01.01.2001");
    let e = &row.enrolment;
    assert_eq!(e.segment, Segment::Bpu);
    assert_eq!(e.category, Category::PekerjaRentan);
    assert_eq!(e.sector, Some(Sector::Nelayan));
    assert_eq!(e.funding, Funding::ApbdKabkota);
    assert_eq!(e.programmes.to_string(), "JKK,JKM");
    assert_eq!(e.start, NaiveDate::from_ymd_opt(2023, 8, 17).unwrap());
    assert_eq!(e.end, NaiveDate::from_ymd_opt(2023, 12, 31));
    assert_eq!(e.wage, Some(Rupiah(1_000_000)));
    assert!(row.warnings.is_empty());
}

#[test]
fn nik_typed_as_number_in_excel_is_rejected_with_that_reason() {
    let rounded = with(fisher(), "NIK", Cell::Number(6_401_011_708_850_000.0));
    assert_eq!(only_problem(&rounded), RowProblem::ExcelRoundedNik);
    let issue = validate(&rounded).unwrap_err().remove(0);
    assert_eq!(issue.value, "6401011708850000");
    let id = issue.message(Lang::Id);
    assert!(id.contains("Excel") && id.contains("Teks"), "{id}");
    assert!(
        issue
            .message(Lang::En)
            .contains("format the NIK column as Text")
    );
}

#[test]
fn nik_shown_in_scientific_notation_is_rejected_as_excel_rounded() {
    for text in [
        "6.40101E+15",
        "6,40101E+15",
        "6.40101e15",
        "6401011708850003.0",
    ] {
        let row = with(fisher(), "NIK", t(text));
        assert_eq!(only_problem(&row), RowProblem::ExcelRoundedNik, "{text}");
    }
}

#[test]
fn nik_numbers_beyond_float_precision_or_with_fractions_are_excel_rounded() {
    // Papua's NIKs start with 9x and are all above 2^53
    let papua = with(fisher(), "NIK", Cell::Number(9_101_011_708_850_003.0));
    assert_eq!(only_problem(&papua), RowProblem::ExcelRoundedNik);
    // below 2^52 a float still holds halves: 1101011708850003.5 cannot be a NIK
    let fraction = with(fisher(), "NIK", Cell::Number(1_101_011_708_850_003.5));
    assert_eq!(only_problem(&fraction), RowProblem::ExcelRoundedNik);
}

#[test]
fn exact_nik_number_from_another_tool_is_accepted() {
    let row = with(fisher(), "NIK", Cell::Number(6_401_011_708_850_003.0));
    assert_eq!(
        validate(&row).unwrap().person.nik.to_string(),
        "6401011708850003"
    );
}

#[test]
fn nik_problems_are_reported_each_on_the_nik_column() {
    let row = with(fisher(), "NIK", t("6499013208850000"));
    assert_eq!(
        problems(&row),
        vec![
            (
                "NIK".to_string(),
                RowProblem::Nik(NikProblem::UnknownRegency {
                    regency: "64.99".into()
                })
            ),
            (
                "NIK".to_string(),
                RowProblem::Nik(NikProblem::InvalidBirthDate {
                    day: 32,
                    month: 8,
                    year: 1985
                })
            ),
            ("NIK".to_string(), RowProblem::Nik(NikProblem::ZeroSerial)),
        ]
    );
    assert_eq!(
        only_problem(&with(fisher(), "NIK", Cell::Empty)),
        RowProblem::Nik(NikProblem::Empty)
    );
    assert_eq!(
        only_problem(&with(fisher(), "NIK", Cell::Bool(true))),
        RowProblem::Nik(NikProblem::NotDigits)
    );
}

#[test]
fn nik_of_a_kecamatan_before_a_split_is_a_warning() {
    let row = with(fisher(), "NIK", t("6401991708850003"));
    let valid = validate(&row).unwrap();
    assert_eq!(valid.warnings.len(), 1);
    assert_eq!(
        valid.warnings[0].problem,
        RowProblem::NikSuspect(NikWarning::UnknownDistrict {
            district: "64.01.99".into()
        })
    );
}

#[test]
fn name_is_required_bounded_and_has_letters() {
    assert_eq!(
        only_problem(&with(fisher(), "Nama", t("   "))),
        RowProblem::Required
    );
    assert_eq!(
        only_problem(&with(fisher(), "Nama", t(&"a".repeat(101)))),
        RowProblem::NameTooLong { length: 101 }
    );
    assert!(validate(&with(fisher(), "Nama", t(&"é".repeat(100)))).is_ok());
    assert_eq!(
        only_problem(&with(fisher(), "Nama", Cell::Number(123.0))),
        RowProblem::NameWithoutLetter
    );
}

#[test]
fn sex_must_be_known_and_agree_with_the_nik() {
    assert_eq!(
        only_problem(&with(fisher(), "L/P", t("X"))),
        RowProblem::UnknownSex
    );
    assert_eq!(
        only_problem(&with(fisher(), "L/P", t("Perempuan"))),
        RowProblem::SexMismatch {
            given: Sex::Female,
            from_nik: Sex::Male
        }
    );
    assert!(validate(&with(fisher(), "L/P", t("laki-laki"))).is_ok());
    assert!(validate(&with(fisher(), "L/P", Cell::Empty)).is_ok());
}

#[test]
fn birth_date_must_equal_the_nik_birth_date() {
    let p = only_problem(&with(fisher(), "Tanggal Lahir", t("18/08/1985")));
    assert_eq!(
        p,
        RowProblem::BirthDateMismatch {
            given: NaiveDate::from_ymd_opt(1985, 8, 18).unwrap(),
            from_nik: NaiveDate::from_ymd_opt(1985, 8, 17).unwrap()
        }
    );
    let id = p.message(Lang::Id);
    assert!(
        id.contains("18/08/1985") && id.contains("17/08/1985"),
        "{id}"
    );
    assert!(validate(&with(fisher(), "Tanggal Lahir", t("17 Agustus 1985"))).is_ok());
    assert!(validate(&with(fisher(), "Tanggal Lahir", Cell::DateTime(31276.0))).is_ok());
    assert_eq!(
        only_problem(&with(fisher(), "Tanggal Lahir", t("17/08/85"))),
        RowProblem::Date(DateProblem::TwoDigitYear { year: 85 })
    );
}

#[test]
fn village_code_must_name_an_existing_desa_or_kelurahan() {
    assert!(validate(&with(fisher(), "Kode Desa", t("6401012001"))).is_ok());
    let number = with(fisher(), "Kode Desa", Cell::Number(6_401_012_001.0));
    assert_eq!(
        validate(&number).unwrap().person.village.to_string(),
        "64.01.01.2001"
    );
    assert_eq!(
        only_problem(&with(fisher(), "Kode Desa", t("64.01.01.2099"))),
        RowProblem::UnknownVillage {
            code: RegionCode::parse("64.01.01.2099").unwrap()
        }
    );
    assert_eq!(
        only_problem(&with(fisher(), "Kode Desa", t("64.01.01"))),
        RowProblem::NotAVillage {
            code: RegionCode::parse("64.01.01").unwrap(),
            level: Level::District
        }
    );
    assert_eq!(
        only_problem(&with(fisher(), "Kode Desa", t("Batu Kajang"))),
        RowProblem::MalformedVillageCode
    );
}

#[test]
fn village_code_wins_over_village_name() {
    let row = with(fisher(), "Desa/Kelurahan", t("Manggar"));
    assert_eq!(
        validate(&row).unwrap().person.village.to_string(),
        "64.01.01.2001"
    );
}

#[test]
fn village_is_found_by_name_within_the_kabupaten() {
    let row = with(fisher(), "Kode Desa", Cell::Empty);
    assert_eq!(
        validate(&row).unwrap().person.village.to_string(),
        "64.01.01.2001"
    );
    let kelurahan = with(
        with(row.clone(), "Desa/Kelurahan", t("Kel. Tanah Grogot")),
        "Kecamatan",
        Cell::Empty,
    );
    assert_eq!(
        validate(&kelurahan).unwrap().person.village.to_string(),
        "64.01.02.1001"
    );
}

#[test]
fn village_name_shared_by_two_kecamatan_needs_the_kecamatan() {
    let sempulang = with(
        with(fisher(), "Kode Desa", Cell::Empty),
        "Desa/Kelurahan",
        t("SEMPULANG"),
    );
    let ambiguous = with(sempulang.clone(), "Kecamatan", Cell::Empty);
    let p = only_problem(&ambiguous);
    assert_eq!(
        p,
        RowProblem::VillageAmbiguous {
            candidates: vec![
                RegionCode::parse("64.01.01.2002").unwrap(),
                RegionCode::parse("64.01.02.2002").unwrap()
            ]
        }
    );
    assert!(p.message(Lang::Id).contains("64.01.01.2002, 64.01.02.2002"));
    let narrowed = with(sempulang, "Kecamatan", t("Kec. Tanah Grogot"));
    assert_eq!(
        validate(&narrowed).unwrap().person.village.to_string(),
        "64.01.02.2002"
    );
}

#[test]
fn village_name_not_in_the_kabupaten_names_the_kabupaten() {
    let row = with(
        with(fisher(), "Kode Desa", Cell::Empty),
        "Desa/Kelurahan",
        t("Manggar"),
    );
    let row = with(row, "Kecamatan", Cell::Empty);
    let p = only_problem(&row);
    assert_eq!(
        p,
        RowProblem::VillageNotFound {
            regency: "Kabupaten Paser".into(),
            district: None
        }
    );
    assert!(p.message(Lang::Id).contains("Kabupaten Paser"));
    let wrong_district = with(
        with(fisher(), "Kode Desa", Cell::Empty),
        "Kecamatan",
        t("Tanah Grogot"),
    );
    assert_eq!(
        only_problem(&wrong_district),
        RowProblem::VillageNotFound {
            regency: "Kabupaten Paser".into(),
            district: Some("Tanah Grogot".into())
        }
    );
}

#[test]
fn village_name_without_a_chosen_kabupaten_is_refused() {
    let tree = tree();
    let ctx = RowContext {
        regency: None,
        ..ctx(&tree)
    };
    let row = with(fisher(), "Kode Desa", Cell::Empty);
    let issues = validate_row(7, &row, &header(), &ctx).unwrap_err();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].problem, RowProblem::RegencyNeededForVillageName);
    assert_eq!(issues[0].column, "Desa/Kelurahan");
}

#[test]
fn a_row_without_any_village_is_refused_on_the_code_column() {
    let row = with(
        with(fisher(), "Kode Desa", Cell::Empty),
        "Desa/Kelurahan",
        Cell::Empty,
    );
    assert_eq!(
        problems(&row),
        vec![("Kode Desa".to_string(), RowProblem::Required)]
    );
}

#[test]
fn codes_accept_labels_and_list_the_accepted_codes_when_unknown() {
    assert_eq!(
        only_problem(&with(fisher(), "Segmen", t("Honorer"))),
        RowProblem::UnknownSegment
    );
    assert!(
        RowProblem::UnknownSegment
            .message(Lang::Id)
            .contains("PU, BPU, JAKON, PMI")
    );
    assert_eq!(
        only_problem(&with(fisher(), "Kategori", t("Pejabat"))),
        RowProblem::UnknownCategory
    );
    assert_eq!(
        only_problem(&with(fisher(), "Sektor", t("Astronot"))),
        RowProblem::UnknownSector
    );
    assert_eq!(
        only_problem(&with(fisher(), "Sumber Dana", t("Hibah"))),
        RowProblem::UnknownFunding
    );
    assert!(
        RowProblem::UnknownFunding
            .message(Lang::En)
            .contains("DANA_DESA")
    );
    assert_eq!(
        only_problem(&with(fisher(), "Segmen", Cell::Empty)),
        RowProblem::Required
    );
}

#[test]
fn csr_funding_may_carry_the_company_name() {
    for text in [
        "CSR PT Pertamina",
        "CSR - PT Pertamina",
        "csr: PT Pertamina",
    ] {
        let row = validate(&with(fisher(), "Sumber Dana", t(text))).unwrap();
        assert_eq!(row.enrolment.funding, Funding::Csr, "{text}");
        assert_eq!(row.enrolment.csr_company.as_deref(), Some("PT Pertamina"));
    }
    assert_eq!(
        problems(&with(fisher(), "Sumber Dana", t("CSR"))),
        vec![(
            "Sumber Dana".to_string(),
            RowProblem::Enrolment(EnrolmentProblem::CsrCompanyRequired)
        )]
    );
}

#[test]
fn csr_company_column_wins_over_the_funding_text() {
    let mut columns = COLUMNS.to_vec();
    columns.push("Perusahaan CSR");
    let mut cells = with(fisher(), "Sumber Dana", t("CSR PT Lain"));
    cells.push(t("PT Kideco Jaya Agung"));
    let tree = tree();
    let row = validate_row(7, &cells, &header_of(&columns), &ctx(&tree)).unwrap();
    assert_eq!(
        row.enrolment.csr_company.as_deref(),
        Some("PT Kideco Jaya Agung")
    );
}

#[test]
fn programmes_are_read_and_checked_against_the_segment() {
    assert_eq!(
        only_problem(&with(fisher(), "Program", t("JKK, JKX"))),
        RowProblem::UnknownProgramme {
            programme: "JKX".into()
        }
    );
    assert_eq!(
        problems(&with(fisher(), "Program", t("JKK, JKM, JP"))),
        vec![(
            "Program".to_string(),
            RowProblem::Enrolment(EnrolmentProblem::ProgrammeNotForSegment {
                programme: paritrana_core::codes::Programme::Jp,
                segment: Segment::Bpu
            })
        )]
    );
    assert_eq!(
        only_problem(&with(fisher(), "Program", Cell::Empty)),
        RowProblem::Enrolment(EnrolmentProblem::NoProgramme)
    );
}

#[test]
fn start_is_required_and_end_is_not_before_it() {
    assert_eq!(
        only_problem(&with(fisher(), "Mulai", Cell::Empty)),
        RowProblem::Required
    );
    assert_eq!(
        only_problem(&with(fisher(), "Mulai", t("31/02/2023"))),
        RowProblem::Date(DateProblem::InvalidDate {
            day: 31,
            month: 2,
            year: 2023
        })
    );
    assert!(validate(&with(fisher(), "Selesai", Cell::Empty)).is_ok());
    assert!(validate(&with(fisher(), "Selesai", Cell::Number(45291.0))).is_ok());
    assert_eq!(
        problems(&with(fisher(), "Selesai", t("2023-01-01"))),
        vec![(
            "Selesai".to_string(),
            RowProblem::Enrolment(EnrolmentProblem::EndBeforeStart {
                start: NaiveDate::from_ymd_opt(2023, 8, 17).unwrap(),
                end: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
            })
        )]
    );
}

#[test]
fn vulnerable_worker_without_sector_is_refused_on_the_sector_column() {
    assert_eq!(
        problems(&with(fisher(), "Sektor", Cell::Empty)),
        vec![(
            "Sektor".to_string(),
            RowProblem::Enrolment(EnrolmentProblem::SectorRequired)
        )]
    );
}

#[test]
fn wages_in_indonesian_and_english_notation() {
    let wage = |cell: Cell| validate(&with(fisher(), "Upah", cell)).map(|r| r.enrolment.wage);
    for text in [
        "Rp 1.000.000",
        "Rp. 1.000.000,-",
        "1.000.000",
        "1,000,000",
        "1000000",
        "1.000.000,00",
        "1,000,000.00",
        "IDR 1 000 000",
    ] {
        assert_eq!(wage(t(text)), Ok(Some(Rupiah(1_000_000))), "{text}");
    }
    assert_eq!(wage(t("2.500")), Ok(Some(Rupiah(2_500))));
    assert_eq!(wage(Cell::Number(1_500_000.0)), Ok(Some(Rupiah(1_500_000))));
    assert_eq!(wage(Cell::Empty), Ok(None));
    for (text, reason) in [
        ("1.000.000,50", RowProblem::WageFraction),
        ("1000,5", RowProblem::WageFraction),
        ("satu juta", RowProblem::InvalidWage),
        ("1.00.000", RowProblem::InvalidWage),
        ("Rp", RowProblem::InvalidWage),
    ] {
        assert_eq!(
            only_problem(&with(fisher(), "Upah", t(text))),
            reason,
            "{text}"
        );
    }
    assert_eq!(
        only_problem(&with(fisher(), "Upah", Cell::Number(1_000_000.25))),
        RowProblem::WageFraction
    );
    assert_eq!(
        only_problem(&with(fisher(), "Upah", t("0"))),
        RowProblem::Enrolment(EnrolmentProblem::WageNotPositive { wage: 0 })
    );
}

#[test]
fn every_issue_of_a_row_is_reported_at_once() {
    let mut row = fisher();
    row = with(row, "NIK", Cell::Number(6_401_011_708_850_000.0));
    row = with(row, "Nama", Cell::Empty);
    row = with(row, "Kode Desa", t("64.01.01.2099"));
    row = with(row, "Segmen", t("XYZ"));
    row = with(row, "Mulai", t("17/08/23"));
    row = with(row, "Upah", t("sejuta"));
    let issues = validate(&row).unwrap_err();
    let columns: Vec<&str> = issues.iter().map(|i| i.column.as_str()).collect();
    assert_eq!(
        columns,
        ["NIK", "Nama", "Kode Desa", "Segmen", "Mulai", "Upah"]
    );
    assert!(issues.iter().all(|i| i.line == 7));
    let message = issues[3].message(Lang::Id);
    assert!(
        message.starts_with("Baris 7, kolom Segmen (\"XYZ\"): segmen tidak dikenal"),
        "{message}"
    );
    assert!(
        issues[1]
            .message(Lang::En)
            .starts_with("Row 7, column Nama: is required")
    );
}

#[test]
fn short_rows_read_missing_cells_as_empty() {
    let issues = validate(&fisher()[..3]).unwrap_err();
    let columns: Vec<&str> = issues.iter().map(|i| i.column.as_str()).collect();
    assert_eq!(
        columns,
        ["Kode Desa", "Segmen", "Kategori", "Sumber Dana", "Mulai"]
    );
}

#[test]
fn first_occurrence_of_a_nik_in_a_file_wins() {
    let a = Nik::from_stored(6_401_011_708_850_003).unwrap();
    let b = Nik::from_stored(6_401_015_708_850_001).unwrap();
    let mut rows = [(5, a), (6, b), (7, a), (9, a), (10, b)];
    rows.sort_by_key(|&(line, nik)| (nik, line));
    let mut rule = FirstOfNik::new();
    let mut duplicates: Vec<_> = rows
        .iter()
        .filter_map(|&(line, nik)| rule.admit(nik, line))
        .collect();
    duplicates.sort_by_key(|d| d.line);
    let dups: Vec<(u64, u64)> = duplicates.iter().map(|d| (d.line, d.first_line)).collect();
    assert_eq!(dups, vec![(7, 5), (9, 5), (10, 6)]);
    let issue = duplicates[0].issue();
    assert_eq!(issue, RowIssue::duplicate_in_file(7, &a.to_string(), 5));
    assert_eq!(issue.column, "NIK");
    assert_eq!(issue.value, "6401011708850003");
    assert_eq!(issue.problem, RowProblem::DuplicateInFile { first_line: 5 });
    assert!(issue.message(Lang::Id).contains("baris 5"));
    let ktp = header_of(&[
        "No KTP",
        "Nama",
        "Desa",
        "Segmen",
        "Kategori",
        "Sumber Dana",
        "Program",
        "Mulai",
    ]);
    let on_file_column = RowIssue::on(
        &ktp,
        7,
        Field::Nik,
        a.to_string(),
        RowProblem::DuplicateInFile { first_line: 5 },
    );
    assert_eq!(on_file_column.column, "No KTP");
}

#[test]
fn every_row_problem_speaks_both_languages() {
    let code = RegionCode::parse("64.01.01.2001").unwrap();
    let d = NaiveDate::from_ymd_opt(1985, 8, 17).unwrap();
    let all = [
        RowProblem::Required,
        RowProblem::Nik(NikProblem::NotDigits),
        RowProblem::NikSuspect(NikWarning::UnknownDistrict {
            district: "64.01.99".into(),
        }),
        RowProblem::ExcelRoundedNik,
        RowProblem::NameTooLong { length: 101 },
        RowProblem::NameWithoutLetter,
        RowProblem::UnknownSex,
        RowProblem::SexMismatch {
            given: Sex::Female,
            from_nik: Sex::Male,
        },
        RowProblem::Date(DateProblem::Unrecognised),
        RowProblem::BirthDateMismatch {
            given: d,
            from_nik: d,
        },
        RowProblem::MalformedVillageCode,
        RowProblem::UnknownVillage { code },
        RowProblem::NotAVillage {
            code,
            level: Level::District,
        },
        RowProblem::VillageNotFound {
            regency: "Kabupaten Paser".into(),
            district: None,
        },
        RowProblem::VillageAmbiguous {
            candidates: vec![code],
        },
        RowProblem::RegencyNeededForVillageName,
        RowProblem::UnknownSegment,
        RowProblem::UnknownCategory,
        RowProblem::UnknownSector,
        RowProblem::UnknownFunding,
        RowProblem::UnknownProgramme {
            programme: "JKX".into(),
        },
        RowProblem::InvalidWage,
        RowProblem::WageFraction,
        RowProblem::Enrolment(EnrolmentProblem::NoProgramme),
        RowProblem::DuplicateInFile { first_line: 3 },
    ];
    for p in all {
        let (id, en) = (p.message(Lang::Id), p.message(Lang::En));
        assert!(!id.is_empty() && !en.is_empty() && id != en, "{p:?}");
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["code"], p.code(), "{p:?}");
    }
}

#[test]
fn header_fields_absent_from_the_file_are_named_by_their_label() {
    let columns = [
        "NIK",
        "Nama",
        "Desa",
        "Segmen",
        "Kategori",
        "Sumber Dana",
        "Program",
        "Mulai",
    ];
    let cells: Vec<Cell> = [
        "6401011708850003",
        "Budi",
        "Batu Kajang",
        "BPU",
        "Pekerja Rentan",
        "APBD",
        "JKK,JKM",
        "2023-08-17",
    ]
    .iter()
    .map(|s| t(s))
    .collect();
    let tree = tree();
    let issues = validate_row(3, &cells, &header_of(&columns), &ctx(&tree)).unwrap_err();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].column, "Sektor");
    assert_eq!(issues[0].value, "");
    assert_eq!(Field::Sector.label(Lang::Id), "Sektor");
}

#[test]
fn a_row_outside_the_importers_region_is_refused_on_the_village_column() {
    let tree = tree();
    let elsewhere = RowContext {
        scope: paritrana_core::auth::Scope::parse("64.02").unwrap(),
        ..ctx(&tree)
    };
    let issues = validate_row(7, &fisher(), &header(), &elsewhere).unwrap_err();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].problem.code(), "outside_scope");
    assert_eq!(issues[0].column, "Kode Desa");
    assert!(
        issues[0]
            .message(paritrana_core::Lang::Id)
            .contains("di luar wilayah kewenangan akun Anda (64.02)")
    );
    let paser = RowContext {
        scope: paritrana_core::auth::Scope::parse("64.01").unwrap(),
        ..ctx(&tree)
    };
    assert!(validate_row(7, &fisher(), &header(), &paser).is_ok());
}

#[test]
fn control_characters_are_dropped_from_names() {
    let row = validate(&with(
        fisher(),
        "Nama",
        t("Bu\u{0}di\u{1b}[31m\u{202e} Santoso\u{200b}\tJr"),
    ))
    .unwrap();
    assert_eq!(row.person.name, "Budi[31m Santoso Jr");
    assert!(row.person.name.chars().all(|c| !c.is_control()));
}

#[test]
fn names_starting_like_a_formula_are_refused() {
    for hostile in [
        "=HYPERLINK(\"http://x\",\"Budi\")",
        "+Budi",
        "-Budi",
        "@SUM(A1)",
        "\t=cmd|' /C calc'!A0",
    ] {
        let p = only_problem(&with(fisher(), "Nama", t(hostile)));
        assert_eq!(p, RowProblem::StartsLikeFormula, "{hostile}");
        assert_eq!(p.code(), "starts_like_formula");
        assert!(p.message(Lang::Id).contains("rumus"));
    }
    // A sign inside a name is fine.
    assert!(validate(&with(fisher(), "Nama", t("Budi-Santoso"))).is_ok());
}

#[test]
fn start_dates_far_ahead_or_before_jamsostek_are_warned() {
    let warned = |start: &str| {
        let row = validate(&with(
            with(fisher(), "Mulai", t(start)),
            "Selesai",
            Cell::Empty,
        ))
        .unwrap();
        row.warnings
            .iter()
            .map(|w| (w.column.clone(), w.problem.code()))
            .collect::<Vec<_>>()
    };
    // The import's date is 2026-11-23.
    assert_eq!(warned("2027-11-23"), [], "within a year");
    assert_eq!(
        warned("2062-01-01"),
        [("Mulai".to_string(), "start_far_in_future")]
    );
    assert_eq!(warned("1992-02-17"), [], "Jamsostek's first day");
    assert_eq!(
        warned("1985-08-17"),
        [("Mulai".to_string(), "start_before_programme")]
    );
}
