//! Budget plans at the edges of arithmetic (issue 14): a cohort's worker count is bounded, and
//! no count, wage or month can make a plan's totals wrap around or panic.

use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::codes::{Funding, ProgrammeSet, Segment};
use paritrana_core::contribution::{
    Cohort, MAX_COHORT_WORKERS, PlanInputError, PlanProblem, RateTable, cost_plan, read_plan_rows,
};
use paritrana_core::import::Cell;
use paritrana_core::lang::Localized;
use paritrana_core::worker::Rupiah;

fn table() -> &'static RateTable {
    RateTable::bundled().expect("the bundled rates parse")
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
}

fn sheet(rows: &[&[&str]]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|r| r.iter().map(|c| Cell::Text(c.to_string())).collect())
        .collect()
}

const HEADER: &[&str] = &[
    "Uraian",
    "Jumlah Pekerja",
    "Segmen",
    "Penghasilan",
    "Program",
    "Bulan",
    "Sumber Dana",
];

fn cohort(count: u64, segment: Segment, income: i64, programmes: &str) -> Cohort {
    Cohort {
        label: "Batas".into(),
        count,
        segment,
        income: Rupiah(income),
        risk_class: None,
        programmes: ProgrammeSet::parse(programmes).unwrap(),
        months: 120,
        funding: Funding::ApbdKabkota,
        start: None,
    }
}

#[test]
fn a_cohort_larger_than_indonesias_workforce_is_refused_by_row_column_value_and_reason() {
    let rows = sheet(&[
        HEADER,
        &[
            "Batas",
            "300.000.000",
            "BPU",
            "1000000",
            "JKK,JKM",
            "12",
            "APBD",
        ],
        &[
            "Salah ketik",
            "300.000.001",
            "BPU",
            "1000000",
            "JKK,JKM",
            "12",
            "APBD",
        ],
        &[
            "Terbesar",
            "9223372036854775807",
            "BPU",
            "1000000",
            "JKK,JKM",
            "12",
            "APBD",
        ],
    ]);
    let err = read_plan_rows(&rows, table(), date()).unwrap_err();
    let PlanInputError::Rows { issues } = &err else {
        panic!("{err:?}");
    };
    let found: Vec<(u64, &str, &str, &PlanProblem)> = issues
        .iter()
        .map(|i| (i.line, i.column.as_str(), i.value.as_str(), &i.problem))
        .collect();
    let too_many = PlanProblem::TooManyWorkers {
        max: MAX_COHORT_WORKERS,
    };
    assert_eq!(
        found,
        [
            (3, "Jumlah Pekerja", "300.000.001", &too_many),
            (4, "Jumlah Pekerja", "9223372036854775807", &too_many),
        ]
    );
    assert_eq!(too_many.code(), "too_many_workers");
    let id = err.message(Lang::Id);
    assert!(
        id.contains(
            "Baris 3, kolom Jumlah Pekerja (\"300.000.001\"): jumlah pekerja melebihi \
             300.000.000 orang, lebih dari seluruh angkatan kerja Indonesia; periksa angkanya"
        ),
        "{id}"
    );
    let en = err.message(Lang::En);
    assert!(
        en.contains(
            "Row 3, column Jumlah Pekerja (\"300.000.001\"): the number of workers exceeds \
             300,000,000, more than Indonesia's whole workforce; check the figure"
        ),
        "{en}"
    );
}

#[test]
fn two_cohorts_at_the_limit_add_up_exactly() {
    let rows = sheet(&[
        HEADER,
        &[
            "A",
            "300.000.000",
            "BPU",
            "1000000",
            "JKK,JKM",
            "120",
            "APBD",
        ],
        &[
            "B",
            "300.000.000",
            "BPU",
            "1000000",
            "JKK,JKM",
            "120",
            "APBD",
        ],
    ]);
    let cohorts = read_plan_rows(&rows, table(), date()).unwrap();
    let cost = cost_plan(table(), &cohorts, date()).unwrap();
    assert_eq!(cost.workers, 2 * MAX_COHORT_WORKERS);
    // Rp 16.800 a worker a month (JKK + JKM of BPU on Rp 1.000.000).
    let per_month = 2 * 300_000_000 * 16_800;
    assert_eq!(cost.per_month, Rupiah(per_month));
    assert_eq!(cost.total, Rupiah(per_month * 120));
    assert_eq!(cost.by_funding[0].workers, 2 * MAX_COHORT_WORKERS);
    assert_eq!(cost.by_funding[0].total, Rupiah(per_month * 120));
}

#[test]
fn totals_past_the_largest_amount_stop_there_instead_of_wrapping() {
    // The largest wage the reader takes, on JKK class 5 and JHT (no wage ceiling), at the limit:
    // one cohort costs more a month than an i64 holds; two of them more still.
    let rows = sheet(&[
        &[HEADER, &["Kelas Risiko"]].concat(),
        &[
            "A",
            "300.000.000",
            "PU",
            "9223372036854775807",
            "JKK,JKM,JHT",
            "120",
            "APBD",
            "5",
        ],
        &[
            "B",
            "300.000.000",
            "PU",
            "9223372036854775807",
            "JKK,JKM,JHT",
            "120",
            "APBD",
            "5",
        ],
    ]);
    let cohorts = read_plan_rows(&rows, table(), date()).unwrap();
    let cost = cost_plan(table(), &cohorts, date()).unwrap();
    assert_eq!(cost.workers, 2 * MAX_COHORT_WORKERS);
    let max = Rupiah(i64::MAX);
    for amount in [
        cost.per_month,
        cost.per_year,
        cost.total,
        cost.deducted_from_wage,
    ] {
        assert_eq!(amount, max, "{cost:?}");
    }
    assert!(cost.by_programme.iter().all(|p| p.total == max));
    assert!(
        cost.cohorts
            .iter()
            .all(|c| c.funded == max && c.total == max)
    );

    // Cohorts built in code are not bounded by the plan reader: counts saturate too.
    let huge = cohort(u64::MAX, Segment::Bpu, 1_000_000, "JKK,JKM");
    let cost = cost_plan(table(), &[huge.clone(), huge], date()).unwrap();
    assert_eq!(cost.workers, u64::MAX);
    assert_eq!(cost.by_funding[0].workers, u64::MAX);
    for amount in [
        cost.per_month,
        cost.per_year,
        cost.total,
        cost.by_funding[0].total,
    ] {
        assert_eq!(amount, max, "{cost:?}");
    }
}
