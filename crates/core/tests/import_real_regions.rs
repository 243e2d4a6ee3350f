//! Imported rows resolved against the shipped region tree (`data/regions.csv`): villages of
//! Kab. Paser (64.01) found by name, as the Paser Disnaker lists them.

use chrono::NaiveDate;
use paritrana_core::import::{Cell, RowContext, RowProblem, find_header, validate_row};
use paritrana_core::region::{RegionCode, RegionTree};
use std::sync::LazyLock;

static TREE: LazyLock<RegionTree> =
    LazyLock::new(|| RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap());

fn ctx(regency: &str) -> RowContext<'static> {
    RowContext {
        tree: &TREE,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        regency: Some(RegionCode::parse(regency).unwrap()),
        scope: paritrana_core::auth::Scope::National,
    }
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn sheet(village: &str, district: &str) -> (Vec<Vec<Cell>>, Vec<Cell>) {
    let rows = vec![
        vec![t("DAFTAR PESERTA BPJS KETENAGAKERJAAN PEKERJA RENTAN")],
        vec![t("PEMERINTAH KABUPATEN PASER")],
        vec![],
        [
            "No",
            "NIK",
            "Nama",
            "Desa/Kelurahan",
            "Kecamatan",
            "Segmen",
            "Kategori",
            "Sektor",
            "Sumber Dana",
            "Program",
            "Mulai",
        ]
        .iter()
        .map(|s| t(s))
        .collect(),
    ];
    let row = vec![
        Cell::Number(1.0),
        t("6401011708850003"),
        t("Siti Aminah"),
        t(village),
        if district.is_empty() {
            Cell::Empty
        } else {
            t(district)
        },
        t("BPU"),
        t("PEKERJA_RENTAN"),
        t("Petani"),
        t("APBD_KABKOTA"),
        t("JKK+JKM"),
        t("1 Januari 2024"),
    ];
    (rows, row)
}

fn village_of(village: &str, district: &str, regency: &str) -> Result<String, Vec<RowProblem>> {
    let (rows, row) = sheet(village, district);
    let header = find_header(&rows).unwrap();
    assert_eq!(header.row_index, 3);
    validate_row(5, &row, &header, &ctx(regency))
        .map(|r| r.person.village.to_string())
        .map_err(|issues| issues.into_iter().map(|i| i.problem).collect())
}

#[test]
fn paser_villages_are_found_by_name() {
    assert_eq!(
        village_of("Batu Kajang", "", "64.01"),
        Ok("64.01.01.2011".into())
    );
    assert_eq!(
        village_of("Kelurahan Tanah Grogot", "Tanah Grogot", "64.01"),
        Ok("64.01.04.1001".into())
    );
    assert_eq!(
        village_of("SEMPULANG", "", "64.01"),
        Ok("64.01.04.2007".into())
    );
    assert_eq!(
        village_of("sungai tuak", "Kec. Tanah Grogot", "64.01"),
        Ok("64.01.04.2006".into())
    );
}

#[test]
fn a_name_shared_with_another_province_resolves_within_paser() {
    // Batu Kajang also exists in Kalimantan Utara (65.02.13.2004)
    assert_eq!(
        village_of("Batu Kajang", "", "64.01"),
        Ok("64.01.01.2011".into())
    );
}

#[test]
fn a_village_of_another_kabupaten_is_not_found_in_paser() {
    assert_eq!(
        village_of("Sidomulyo", "", "64.01"),
        Err(vec![RowProblem::VillageNotFound {
            regency: "Kabupaten Paser".into(),
            district: None
        }])
    );
}

#[test]
fn kukar_has_two_sidomulyo_and_the_kecamatan_decides() {
    assert_eq!(
        village_of("Sidomulyo", "", "64.02"),
        Err(vec![RowProblem::VillageAmbiguous {
            candidates: vec![
                RegionCode::parse("64.02.04.2007").unwrap(),
                RegionCode::parse("64.02.12.2010").unwrap()
            ]
        }])
    );
    assert_eq!(
        village_of("Sidomulyo", "Tabang", "64.02"),
        Ok("64.02.12.2010".into())
    );
}
