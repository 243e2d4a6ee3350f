//! Contributions and budget plans against the seed figures of DOMAIN.md and the rule changes in
//! data/contribution_rates.csv.

use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::codes::{Funding, Programme, ProgrammeSet, Segment};
use paritrana_core::contribution::GapCost;
use paritrana_core::contribution::{
    Cohort, CohortInput, ContributionError, EnrolledGroup, PlanInputError, PlanProblem,
    RateDateError, RateFileError, RateTable, RiskClass, cost_plan, gap_cost, read_plan_input,
    read_plan_rows, registry_cost,
};
use paritrana_core::import::Cell;
use paritrana_core::lang::Localized;
use paritrana_core::worker::{EnrolmentProblem, Rupiah};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn table() -> &'static RateTable {
    RateTable::bundled().expect("the bundled rates parse")
}

fn set(list: &str) -> ProgrammeSet {
    ProgrammeSet::parse(list).unwrap()
}

fn bpu(count: u64, income: i64, programmes: &str, months: u32, funding: Funding) -> Cohort {
    Cohort {
        label: "Pekerja rentan".into(),
        count,
        segment: Segment::Bpu,
        income: Rupiah(income),
        risk_class: None,
        programmes: set(programmes),
        months,
        funding,
        start: None,
    }
}

fn amount(c: &paritrana_core::contribution::Contribution, p: Programme) -> i64 {
    c.items.iter().find(|i| i.programme == p).unwrap().amount.0
}

#[test]
fn the_cheapest_protection_is_16_800_a_month() {
    let c = table()
        .monthly(
            Segment::Bpu,
            Rupiah(1_000_000),
            None,
            set("JKK,JKM"),
            d(2024, 1, 1),
        )
        .unwrap();
    assert_eq!(amount(&c, Programme::Jkk), 10_000, "1 % of Rp 1,000,000");
    assert_eq!(amount(&c, Programme::Jkm), 6_800);
    assert_eq!(c.total, Rupiah(16_800));
    assert_eq!(
        c.funded(),
        Rupiah(16_800),
        "the budget pays all of a BPU worker"
    );
    assert!(c.items[0].legal_basis.contains("PP 44/2015"));
    assert_eq!(table().cheapest_protection(d(2024, 1, 1)).unwrap(), c);
}

#[test]
fn paser_2024_apbd_protection_is_9_38_miliar() {
    let plan = [bpu(46_510, 1_000_000, "JKK,JKM", 12, Funding::ApbdKabkota)];
    let cost = cost_plan(table(), &plan, d(2024, 1, 1)).unwrap();
    assert_eq!(cost.per_month, Rupiah(781_368_000));
    assert_eq!(
        cost.total,
        Rupiah(9_376_416_000),
        "≈ the 'Rp 9 miliar' budgeted"
    );
    assert_eq!(cost.per_year, Rupiah(9_376_416_000));
    assert_eq!(cost.by_funding.len(), 1);
    assert_eq!(cost.by_funding[0].funding, Funding::ApbdKabkota);
    assert_eq!(cost.by_funding[0].total, Rupiah(9_376_416_000));
    assert_eq!(cost.by_programme[0].total, Rupiah(5_581_200_000), "JKK");
    assert_eq!(cost.by_programme[1].total, Rupiah(3_795_216_000), "JKM");
}

#[test]
fn the_planners_question_adding_workers_and_jht_for_teachers() {
    // 32,268 protected, 14,242 more, and 1,200 honorary teachers (BPU, Rp 1,500,000) who get
    // JHT on top of JKK and JKM.
    let mut teachers = bpu(1_200, 1_500_000, "JKK,JKM,JHT", 12, Funding::ApbdKabkota);
    teachers.label = "Guru honorer".into();
    let plan = [
        bpu(32_268, 1_000_000, "JKK,JKM", 12, Funding::ApbdKabkota),
        bpu(14_242, 1_000_000, "JKK,JKM", 12, Funding::ApbdKabkota),
        teachers,
    ];
    let cost = cost_plan(table(), &plan, d(2025, 1, 1)).unwrap();
    assert_eq!(cost.cohorts[0].total, Rupiah(6_505_228_800));
    assert_eq!(
        cost.cohorts[1].total,
        Rupiah(2_871_187_200),
        "what the 14,242 add"
    );
    let t = &cost.cohorts[2];
    assert_eq!(t.per_worker.as_ref().unwrap().total, Rupiah(51_800));
    assert_eq!(t.total, Rupiah(745_920_000));
    assert_eq!(cost.workers, 47_710);
    assert_eq!(cost.per_month, Rupiah(843_528_000));
    assert_eq!(cost.total, Rupiah(10_122_336_000));
    let by: Vec<(Programme, i64)> = cost
        .by_programme
        .iter()
        .map(|p| (p.programme, p.total.0))
        .collect();
    assert_eq!(
        by,
        vec![
            (Programme::Jkk, 5_797_200_000),
            (Programme::Jkm, 3_893_136_000),
            (Programme::Jht, 432_000_000),
        ]
    );
}

#[test]
fn teachers_as_wage_earners_with_jht_and_jp() {
    let c = table()
        .monthly(
            Segment::Pu,
            Rupiah(2_000_000),
            Some(RiskClass::VeryLow),
            set("JKK,JKM,JHT,JP"),
            d(2024, 6, 1),
        )
        .unwrap();
    assert_eq!(amount(&c, Programme::Jkk), 4_800, "0.24 %");
    assert_eq!(amount(&c, Programme::Jkm), 6_000, "0.30 %");
    assert_eq!(amount(&c, Programme::Jht), 114_000, "5.7 %");
    assert_eq!(amount(&c, Programme::Jp), 60_000, "3 %");
    assert_eq!(c.employer, Rupiah(124_800));
    assert_eq!(c.worker, Rupiah(60_000));
    assert_eq!(c.total, Rupiah(184_800));
    assert_eq!(
        c.funded(),
        Rupiah(124_800),
        "the Pemda pays the employer's share"
    );
    assert_eq!(c.deducted_from_wage(), Rupiah(60_000));
}

#[test]
fn one_village_with_100_vulnerable_workers_from_dana_desa() {
    let plan = [bpu(100, 1_000_000, "JKK,JKM", 12, Funding::DanaDesa)];
    let cost = cost_plan(table(), &plan, d(2025, 1, 1)).unwrap();
    assert_eq!(cost.total, Rupiah(20_160_000));
    assert_eq!(cost.by_funding[0].funding, Funding::DanaDesa);
}

#[test]
fn jp_ceiling_before_and_after_each_march() {
    let jp = |date| {
        let c = table()
            .monthly(
                Segment::Pu,
                Rupiah(12_000_000),
                Some(RiskClass::VeryLow),
                set("JKK,JKM,JHT,JP"),
                date,
            )
            .unwrap();
        let item = c
            .items
            .iter()
            .find(|i| i.programme == Programme::Jp)
            .unwrap();
        (item.basis.0, item.employer.0, item.worker.0)
    };
    assert_eq!(jp(d(2015, 7, 1)), (7_000_000, 140_000, 70_000));
    assert_eq!(jp(d(2022, 2, 28)).0, 8_754_600);
    assert_eq!(jp(d(2022, 3, 1)).0, 9_077_600);
    assert_eq!(jp(d(2023, 2, 28)).0, 9_077_600);
    assert_eq!(jp(d(2023, 3, 1)), (9_559_600, 191_192, 95_596));
    assert_eq!(jp(d(2024, 2, 29)).0, 9_559_600);
    assert_eq!(jp(d(2024, 3, 1)), (10_042_300, 200_846, 100_423));
    assert_eq!(jp(d(2025, 3, 1)).0, 10_547_400);
    // Below the ceiling the whole wage counts.
    let c = table()
        .monthly(
            Segment::Pu,
            Rupiah(5_000_000),
            Some(RiskClass::Low),
            set("JKK,JKM,JHT,JP"),
            d(2024, 3, 1),
        )
        .unwrap();
    assert_eq!(amount(&c, Programme::Jp), 150_000);
    assert_eq!(amount(&c, Programme::Jkk), 27_000, "0.54 % at class 2");
}

#[test]
fn jkp_from_2021_and_its_2025_recomposition() {
    let all = set("JKK,JKM,JHT,JP,JKP");
    let jkp = |date| {
        table()
            .monthly(
                Segment::Pu,
                Rupiah(8_000_000),
                Some(RiskClass::VeryLow),
                all,
                date,
            )
            .map(|c| {
                let i = c
                    .items
                    .iter()
                    .find(|i| i.programme == Programme::Jkp)
                    .unwrap();
                (
                    i.basis.0,
                    i.government.0,
                    i.recomposed.0,
                    i.amount.0,
                    c.total.0,
                )
            })
    };
    assert_eq!(
        jkp(d(2021, 2, 1)),
        Err(ContributionError::NoRule {
            segment: Segment::Pu,
            programme: Programme::Jkp,
            date: d(2021, 2, 1)
        }),
        "no JKP before PP 37/2021"
    );
    // Wage capped at Rp 5,000,000: 0.22 % by the state, 0.24 % moved out of JKK and JKM.
    let (basis, gov, recomposed, amount_2024, total_2024) = jkp(d(2024, 6, 1)).unwrap();
    assert_eq!(
        (basis, gov, recomposed, amount_2024),
        (5_000_000, 11_000, 12_000, 11_000)
    );
    assert_eq!(jkp(d(2025, 2, 6)).unwrap().2, 12_000);
    let (_, gov, recomposed, _, total_2025) = jkp(d(2025, 2, 7)).unwrap();
    assert_eq!((gov, recomposed), (11_000, 7_000), "PP 6/2025: 0.36 %");
    // JKK 19,200 + JKM 24,000 + JHT 456,000 + JP 240,000 + JKP 11,000 of the state.
    assert_eq!(total_2024, 19_200 + 24_000 + 456_000 + 240_000 + 11_000);
    assert_eq!(
        total_2025, total_2024,
        "the recomposition costs nobody extra"
    );
}

#[test]
fn covid_relief_before_during_and_after() {
    let total = |date| {
        table()
            .monthly(Segment::Bpu, Rupiah(1_000_000), None, set("JKK,JKM"), date)
            .unwrap()
            .total
            .0
    };
    assert_eq!(total(d(2020, 7, 31)), 16_800);
    assert_eq!(total(d(2020, 8, 1)), 168, "99 % off: Rp 100 + Rp 68");
    assert_eq!(total(d(2021, 1, 31)), 168);
    assert_eq!(total(d(2021, 2, 1)), 16_800);
    let pu = table()
        .monthly(
            Segment::Pu,
            Rupiah(2_500_000),
            Some(RiskClass::VeryLow),
            set("JKK,JKM"),
            d(2020, 10, 1),
        )
        .unwrap();
    assert_eq!(amount(&pu, Programme::Jkk), 60, "0.0024 % of Rp 2,500,000");
    assert_eq!(amount(&pu, Programme::Jkm), 75);
    assert!(pu.items[0].legal_basis.contains("PP 49/2020"));
}

#[test]
fn rounding_is_half_up_per_payer_share() {
    let c = table()
        .monthly(
            Segment::Pu,
            Rupiah(3_333_333),
            Some(RiskClass::Medium),
            set("JKK,JKM,JHT"),
            d(2024, 1, 1),
        )
        .unwrap();
    assert_eq!(
        amount(&c, Programme::Jkk),
        29_667,
        "0.89 % = 29,666.66 → 29,667"
    );
    assert_eq!(
        amount(&c, Programme::Jkm),
        10_000,
        "0.30 % = 9,999.999 → 10,000"
    );
    let jht = c
        .items
        .iter()
        .find(|i| i.programme == Programme::Jht)
        .unwrap();
    assert_eq!(jht.employer, Rupiah(123_333), "3.7 % = 123,333.321");
    assert_eq!(jht.worker, Rupiah(66_667), "2 % = 66,666.66");
    assert_eq!(
        jht.amount,
        Rupiah(190_000),
        "the shares add up to the amount"
    );
    // A declared income below the lowest band is raised to it.
    let low = table()
        .monthly(
            Segment::Bpu,
            Rupiah(800_000),
            None,
            set("JKK,JKM"),
            d(2024, 1, 1),
        )
        .unwrap();
    assert_eq!(low.items[0].basis, Rupiah(1_000_000));
    assert_eq!(low.total, Rupiah(16_800));
}

#[test]
fn construction_projects_pay_by_contract_value_bands() {
    let items = table()
        .construction_project(Rupiah(1_000_000_000), d(2024, 1, 1))
        .unwrap();
    // JKK 0.21 % of 100 jt + 0.17 % of 400 jt + 0.13 % of 500 jt.
    assert_eq!(items[0].amount, Rupiah(1_540_000));
    // JKM 0.03 % + 0.02 % + 0.02 %.
    assert_eq!(items[1].amount, Rupiah(210_000));
    let small = table()
        .construction_project(Rupiah(50_000_000), d(2024, 1, 1))
        .unwrap();
    assert_eq!(small[0].amount, Rupiah(105_000));
    assert_eq!(small[1].amount, Rupiah(15_000));
    let relief = table()
        .construction_project(Rupiah(50_000_000), d(2020, 9, 1))
        .unwrap();
    assert_eq!(relief[0].amount, Rupiah(1_050));
    // With known wages: the highest JKK class.
    let c = table()
        .monthly(
            Segment::Jakon,
            Rupiah(3_000_000),
            None,
            set("JKK,JKM"),
            d(2024, 1, 1),
        )
        .unwrap();
    assert_eq!(c.total, Rupiah(52_200 + 9_000));
}

#[test]
fn migrant_workers_pay_once_per_placement() {
    let t = table();
    let sum = |months, date| -> Result<i64, ContributionError> {
        Ok(t.migrant_package(months, date)?
            .iter()
            .map(|(a, _)| a.0)
            .sum())
    };
    assert_eq!(sum(24, d(2024, 1, 1)), Ok(370_000));
    assert_eq!(sum(12, d(2024, 1, 1)), Ok(226_500));
    assert_eq!(sum(6, d(2024, 1, 1)), Ok(145_500));
    assert_eq!(sum(30, d(2024, 1, 1)), Ok(370_000 + 6 * 13_500));
    assert_eq!(
        sum(12, d(2022, 1, 1)),
        Ok(370_000),
        "one package before 2023"
    );
    assert_eq!(
        sum(30, d(2022, 1, 1)),
        Err(ContributionError::NoPackage {
            months: 30,
            date: d(2022, 1, 1)
        })
    );
    let mut pmi = bpu(10, 0, "JKK,JKM", 24, Funding::Mandiri);
    pmi.segment = Segment::Pmi;
    let cost = cost_plan(t, &[pmi], d(2024, 1, 1)).unwrap();
    assert_eq!(cost.total, Rupiah(3_700_000));
    assert_eq!(cost.per_month, Rupiah(0), "one-off, not monthly");
    assert_eq!(
        t.monthly(Segment::Pmi, Rupiah(1), None, set("JKK,JKM"), d(2024, 1, 1)),
        Err(ContributionError::OneOffSegment)
    );
}

#[test]
fn bad_questions_are_refused_with_clear_messages() {
    let t = table();
    let before = t
        .monthly(
            Segment::Bpu,
            Rupiah(1_000_000),
            None,
            set("JKK,JKM"),
            d(2015, 6, 30),
        )
        .unwrap_err();
    assert_eq!(
        before,
        ContributionError::Date(RateDateError::BeforeAnyRule {
            date: d(2015, 6, 30),
            first: d(2015, 7, 1)
        })
    );
    assert!(before.message(Lang::Id).contains("mulai 2015-07-01"));
    assert!(t.rules_on(d(2015, 6, 30)).is_err());
    assert!(!t.rules_on(d(2015, 7, 1)).unwrap().is_empty());

    let jp = t
        .monthly(
            Segment::Bpu,
            Rupiah(1_000_000),
            None,
            set("JKK,JKM,JP"),
            d(2024, 1, 1),
        )
        .unwrap_err();
    assert_eq!(
        jp,
        ContributionError::Enrolment(EnrolmentProblem::ProgrammeNotForSegment {
            programme: Programme::Jp,
            segment: Segment::Bpu
        })
    );
    assert!(
        jp.message(Lang::Id)
            .contains("tidak berlaku untuk segmen BPU")
    );
    assert!(
        jp.message(Lang::En)
            .contains("not available to segment BPU")
    );
    assert_eq!(
        t.monthly(
            Segment::Pu,
            Rupiah(3_000_000),
            Some(RiskClass::Low),
            set("JKK,JKM,JKP"),
            d(2024, 1, 1)
        ),
        Err(ContributionError::Enrolment(
            EnrolmentProblem::JkpWithoutPrerequisites
        ))
    );
    assert_eq!(
        t.monthly(
            Segment::Pu,
            Rupiah(3_000_000),
            None,
            set("JKK,JKM"),
            d(2024, 1, 1)
        ),
        Err(ContributionError::RiskClassRequired)
    );
    assert_eq!(
        t.monthly(Segment::Bpu, Rupiah(0), None, set("JKK,JKM"), d(2024, 1, 1)),
        Err(ContributionError::WageRequired)
    );
    assert_eq!(
        t.monthly(
            Segment::Bpu,
            Rupiah(1_000_000),
            None,
            set("JHT"),
            d(2024, 1, 1)
        ),
        Err(ContributionError::Enrolment(
            EnrolmentProblem::MissingBaseProgrammes
        ))
    );
}

#[test]
fn the_cost_of_a_coverage_gap() {
    // Kab. Paser 2023: target 90,052, protected 81,436 → 8,616 to go, for 12 months.
    let GapCost {
        per_month, total, ..
    } = gap_cost(table(), 90_052 - 81_436, 12, d(2024, 1, 1)).unwrap();
    assert_eq!(per_month, Rupiah(144_748_800));
    assert_eq!(total, Rupiah(1_736_985_600));
}

#[test]
fn enrolled_workers_cost_per_month() {
    let groups = [
        EnrolledGroup {
            segment: Segment::Bpu,
            funding: Funding::ApbdKabkota,
            programmes: set("JKK,JKM"),
            wage: Some(Rupiah(1_000_000)),
            workers: 300,
        },
        EnrolledGroup {
            segment: Segment::Bpu,
            funding: Funding::DanaDesa,
            programmes: set("JKK,JKM"),
            wage: None,
            workers: 100,
        },
        EnrolledGroup {
            segment: Segment::Pu,
            funding: Funding::PemberiKerja,
            programmes: set("JKK,JKM,JHT,JP"),
            wage: Some(Rupiah(5_000_000)),
            workers: 1_000,
        },
        EnrolledGroup {
            segment: Segment::Pmi,
            funding: Funding::ApbdProvinsi,
            programmes: set("JKK,JKM"),
            wage: None,
            workers: 20,
        },
    ];
    let r = registry_cost(table(), &groups, d(2024, 1, 1)).unwrap();
    assert_eq!(
        r.not_costed.len(),
        1,
        "migrant workers pay once, not monthly"
    );
    assert_eq!(
        r.cost.workers, 400,
        "private employers' workers are not a public budget"
    );
    assert_eq!(r.cost.per_month, Rupiah(400 * 16_800));
    assert_eq!(
        r.assumptions.len(),
        1,
        "income assumed for the Dana Desa group"
    );
}

#[test]
fn the_bundled_rates_name_their_law_and_dates() {
    let t = table();
    assert!(t.rules().len() > 50);
    for r in t.rules() {
        assert!(!r.legal_basis.is_empty(), "{}", r.id);
        assert!(r.valid_from >= d(2015, 7, 1), "{}", r.id);
    }
    assert_eq!(t.first_day(), d(2015, 7, 1));
}

#[test]
fn a_bad_rates_file_names_line_and_field() {
    let header = paritrana_core::contribution::rules::BUNDLED_RATES_CSV
        .lines()
        .next()
        .unwrap();
    let row = "X-1,PU,JKK,wage_percent,1,,,,0.24,0.24,0,0,0,,,PP 44/2015,2015-07-01,,";
    let ok = format!("{header}\n{row}\n");
    assert!(RateTable::parse(&ok).is_ok());

    let comma = format!(
        "{header}\n{row}\n{}\n",
        row.replace("0.24,0.24", "\"0,24\",0.24")
            .replace("X-1", "X-2")
            .replace("2015-07-01", "2016-01-01")
    );
    match RateTable::parse(&comma).unwrap_err() {
        RateFileError::BadField {
            line, field, value, ..
        } => {
            assert_eq!((line, field.as_str(), value.as_str()), (3, "total", "0,24"));
        }
        other => panic!("{other:?}"),
    }
    let wrong_sum = format!("{header}\n{}\n", row.replace("0.24,0.24", "0.24,0.20"));
    let e = RateTable::parse(&wrong_sum).unwrap_err();
    assert!(
        e.message(Lang::Id).contains("baris 2, kolom `total`"),
        "{}",
        e.message(Lang::Id)
    );
    let overlap = format!("{header}\n{row}\n{}\n", row.replace("X-1", "X-2"));
    assert!(matches!(
        RateTable::parse(&overlap),
        Err(RateFileError::Overlap { line: 3, .. })
    ));
    let bad_date = format!("{header}\n{}\n", row.replace("2015-07-01", "1/7/2015"));
    assert!(matches!(
        RateTable::parse(&bad_date),
        Err(RateFileError::BadField { ref field, .. }) if field == "valid_from"
    ));
    assert!(matches!(
        RateTable::parse("id,segment\n"),
        Err(RateFileError::MissingColumn { .. })
    ));
}

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.into())
    }
}

fn sheet(rows: &[&[&str]]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|r| r.iter().map(|c| text(c)).collect())
        .collect()
}

const HEADER: &[&str] = &[
    "No",
    "Uraian",
    "Jumlah Pekerja",
    "Segmen",
    "Penghasilan",
    "Program",
    "Bulan",
    "Sumber Dana",
];

#[test]
fn plan_sheets_with_title_rows_are_read() {
    let rows = sheet(&[
        &["RENCANA ANGGARAN IURAN JAMSOSTEK"],
        &["Kabupaten Paser 2024"],
        &[],
        HEADER,
        &[
            "1",
            "Pekerja rentan",
            "46.510",
            "BPU",
            "Rp 1.000.000",
            "JKK, JKM",
            "12",
            "APBD",
        ],
        &[],
        &["", "Jumlah", "46.510"],
    ]);
    let cohorts = read_plan_rows(&rows, table(), d(2024, 1, 1)).unwrap();
    assert_eq!(cohorts.len(), 1);
    assert_eq!(cohorts[0].count, 46_510);
    assert_eq!(cohorts[0].funding, Funding::ApbdKabkota);
    let cost = cost_plan(table(), &cohorts, d(2024, 1, 1)).unwrap();
    assert_eq!(cost.total, Rupiah(9_376_416_000));
}

#[test]
fn bad_plan_rows_are_refused_by_row_column_value_and_reason() {
    let rows = sheet(&[
        HEADER,
        &[
            "1", "Negatif", "-5", "BPU", "1000000", "JKK,JKM", "12", "APBD",
        ],
        &[
            "2",
            "Program salah",
            "10",
            "BPU",
            "1000000",
            "JKK,JKX",
            "12",
            "APBD",
        ],
        &[
            "3",
            "JP untuk BPU",
            "10",
            "BPU",
            "1000000",
            "JKK,JKM,JP",
            "12",
            "Dana Desa",
        ],
        &[
            "4",
            "Bulan nol",
            "10",
            "BPU",
            "1000000",
            "JKK,JKM",
            "0",
            "CSR",
        ],
    ]);
    let err = read_plan_rows(&rows, table(), d(2024, 1, 1)).unwrap_err();
    let PlanInputError::Rows { issues } = &err else {
        panic!("{err:?}");
    };
    let found: Vec<(u64, &str, &str, &str)> = issues
        .iter()
        .map(|i| {
            (
                i.line,
                i.column.as_str(),
                i.value.as_str(),
                i.problem.code(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (2, "Jumlah Pekerja", "-5", "negative_count"),
            (3, "Program", "JKK,JKX", "unknown_programme"),
            (4, "Program", "JKK,JKM,JP", "programme_not_for_segment"),
            (5, "Bulan", "0", "invalid_months"),
        ]
    );
    let id = err.message(Lang::Id);
    assert!(
        id.contains("Baris 2, kolom Jumlah Pekerja (\"-5\"): jumlah pekerja tidak boleh negatif"),
        "{id}"
    );
    assert!(id.contains("program `JKX` tidak dikenal"), "{id}");
    assert!(err.message(Lang::En).contains("Row 4, column Program"));
    assert!(matches!(
        issues[0].problem,
        PlanProblem::NegativeCount { count: -5 }
    ));
}

#[test]
fn json_plans_go_through_the_same_checks() {
    let plan: paritrana_core::contribution::PlanInput = serde_json::from_str(
        r#"{"date": "2024-01-01", "cohorts": [
            {"label": "Pekerja rentan", "count": 46510, "segment": "BPU", "income": 1000000,
             "programmes": ["JKK", "JKM"], "months": 12, "funding": "APBD_KABKOTA"},
            {"count": "", "segment": ""},
            {"label": "Salah", "count": -1, "segment": "BPU", "income": 1000000,
             "programmes": "JKK,JKM", "months": 12, "funding": "APBD_KABKOTA"}
        ]}"#,
    )
    .unwrap();
    let err = read_plan_input(&plan.cohorts, table(), d(2024, 1, 1)).unwrap_err();
    let PlanInputError::Rows { issues } = err else {
        panic!()
    };
    assert_eq!(issues.len(), 1);
    assert_eq!((issues[0].line, issues[0].column.as_str()), (3, "count"));
    let ok: Vec<CohortInput> = plan.cohorts[..1].to_vec();
    let cohorts = read_plan_input(&ok, table(), d(2024, 1, 1)).unwrap();
    assert_eq!(
        cost_plan(table(), &cohorts, d(2024, 1, 1)).unwrap().total,
        Rupiah(9_376_416_000)
    );
}
