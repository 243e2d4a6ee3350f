//! Integrity between regions (docs/transfers.md), end to end through files and the SQLite
//! store: an operator of one kab/kota cannot take, rename or close the enrolment of a worker
//! actively registered in another; a wider scope may move them, recorded as a transfer; a
//! worker whose enrolment ended may be enrolled anywhere.

use chrono::NaiveDate;
use paritrana_core::auth::Scope;
use paritrana_core::coverage::{CoverageSource, Dimension, day};
use paritrana_core::nik::Nik;
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_core::transfer::TransferStatus;
use paritrana_import::{Issue, Options, Summary, import_participants};
use paritrana_store::Store;
use paritrana_store::audit::AuditQuery;
use paritrana_store::transfers::TransferFilter;
use std::path::Path;

const HEADER: &str = "NIK,Nama,Jenis Kelamin,Tanggal Lahir,Kode Desa,Segmen,Kategori,Sektor,Sumber Dana,Program,Mulai,Selesai,Upah";
/// A man registered by Kab. Kutai Kartanegara, living in Perian (64.02.01.2001).
const KUKAR_NIK: &str = "6402010407820031";
/// A woman registered by Kab. Paser, living in Muara Pasir (64.01.04.2010).
const PASER_NIK: &str = "6401044507850002";
const KUKAR_VILLAGE: &str = "64.02.01.2001";
const PASER_VILLAGE: &str = "64.01.04.2010";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn row(
    nik: &str,
    name: &str,
    sex: &str,
    born: &str,
    village: &str,
    start: &str,
    end: &str,
) -> String {
    format!(
        "{nik},{name},{sex},{born},{village},BPU,PEKERJA_RENTAN,NELAYAN,APBD_KABKOTA,\"JKK,JKM\",{start},{end},1000000"
    )
}

fn kukar_worker(name: &str, village: &str, start: &str, end: &str) -> String {
    row(KUKAR_NIK, name, "L", "04/07/1982", village, start, end)
}

struct Fixture {
    dir: tempfile::TempDir,
    store: Box<dyn Store>,
    tree: RegionTree,
    n: u32,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let store = Box::new(paritrana_store_sqlite::open(None, dir.path()).unwrap());
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/regions.csv");
        let tree = RegionTree::from_csv(&std::fs::read_to_string(root).unwrap()).unwrap();
        Fixture {
            dir,
            store,
            tree,
            n: 0,
        }
    }

    fn import_as(&mut self, scope: &str, rows: &[String]) -> (Summary, Vec<Issue>) {
        self.n += 1;
        let path = self.dir.path().join(format!("daftar-{}.csv", self.n));
        std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
        let opts = Options {
            strict: false,
            dry_run: false,
            regency: None,
            today: today(),
            actor: paritrana_store::Actor::system(&format!("operator {scope}")),
            scope: Scope::parse(scope).unwrap(),
            spill_dir: None,
        };
        let (summary, mut problems) =
            import_participants(self.store.as_ref(), &self.tree, &path, &opts, &|_, _| {}).unwrap();
        let issues = problems.iter().unwrap().collect();
        (summary, issues)
    }

    /// Protected workers of a kab/kota today, from the aggregates.
    fn covered(&self, regency: &str) -> u64 {
        let cube = self.store.coverage_cube().unwrap();
        let r = code(regency);
        cube.count(r, Level::Regency, day(today()), Dimension::None)
            .get(&r)
            .map_or(0, |a| a.total)
    }

    /// The same, counted directly from the workers living there.
    fn covered_directly(&self, regency: &str) -> u64 {
        let r = code(regency);
        let list = self.store.coverage_periods(r).unwrap();
        list.periods
            .iter()
            .filter(|p| p.start <= day(today()) && p.end.is_none_or(|e| e >= day(today())))
            .count() as u64
    }

    fn kukar_worker(&self) -> paritrana_store::WorkerRecord {
        let nik = Nik::from_stored(KUKAR_NIK.parse().unwrap()).unwrap();
        self.store.worker(nik).unwrap().expect("stored")
    }

    fn seed(&mut self) {
        let (s, issues) = self.import_as(
            "nasional",
            &[
                kukar_worker("BUDI SANTOSO", KUKAR_VILLAGE, "01/01/2023", ""),
                row(
                    PASER_NIK,
                    "SITI AMINAH",
                    "P",
                    "05/07/1985",
                    PASER_VILLAGE,
                    "01/01/2023",
                    "",
                ),
            ],
        );
        assert_eq!(s.imported, 2, "{issues:?}");
    }
}

#[test]
fn a_paser_operator_cannot_take_a_worker_active_in_kutai_kartanegara() {
    let mut f = Fixture::new();
    f.seed();
    let before = f.kukar_worker();
    let (kukar, paser) = (f.covered("64.02"), f.covered("64.01"));
    assert_eq!((kukar, paser), (1, 1));

    // The hostile row: the same NIK, renamed, in a Paser village, starting a new scheme (which
    // would close Kukar's open period under the registry rule).
    let (s, issues) = f.import_as(
        "64.01",
        &[
            kukar_worker("NAMA LAIN", PASER_VILLAGE, "01/06/2026", ""),
            row(
                PASER_NIK,
                "SITI AMINAH",
                "P",
                "05/07/1985",
                PASER_VILLAGE,
                "01/01/2023",
                "",
            ),
        ],
    );
    assert!(s.committed, "the rest of the file goes on");
    assert_eq!((s.rejected, s.unchanged), (1, 1), "{issues:?}");
    let refused: Vec<&Issue> = issues
        .iter()
        .filter(|i| i.code == "registered_elsewhere")
        .collect();
    assert_eq!(refused.len(), 1, "{issues:?}");
    let i = refused[0];
    assert_eq!((i.line, i.column.as_str()), (2, "NIK"));
    assert_eq!(i.value, KUKAR_NIK);
    assert!(
        i.reason_id.starts_with(
            "NIK ini terdaftar aktif di wilayah lain: Kabupaten Kutai Kartanegara (64.02); ajukan pemindahan"
        ),
        "{}",
        i.reason_id
    );
    assert!(i.reason_en.contains("Kabupaten Kutai Kartanegara (64.02)"));

    // Nothing of Kukar's changed: name, village, periods, coverage.
    let after = f.kukar_worker();
    assert_eq!(after.person, before.person);
    assert_eq!(after.periods, before.periods);
    assert_eq!((f.covered("64.02"), f.covered("64.01")), (kukar, paser));
    for r in ["64.02", "64.01"] {
        assert_eq!(f.covered(r), f.covered_directly(r), "{r}");
    }
    let none = f
        .store
        .transfers(&TransferFilter {
            within: Scope::National,
            status: None,
            limit: 10,
        })
        .unwrap();
    assert!(none.is_empty());
}

#[test]
fn a_kecamatan_operator_is_refused_a_neighbouring_kecamatans_worker_too() {
    let mut f = Fixture::new();
    f.seed();
    // Kec. Tanah Grogot's operator imports Kukar's worker into their own village.
    let (s, issues) = f.import_as(
        "64.01.04",
        &[kukar_worker(
            "BUDI SANTOSO",
            PASER_VILLAGE,
            "01/01/2023",
            "",
        )],
    );
    assert_eq!(s.rejected, 1);
    assert!(issues[0].reason_id.contains("(64.02)"), "{issues:?}");
    assert_eq!(f.kukar_worker().person.village, code(KUKAR_VILLAGE));
}

#[test]
fn a_province_import_moves_the_worker_as_a_recorded_transfer() {
    let mut f = Fixture::new();
    f.seed();
    let (s, issues) = f.import_as(
        "64",
        &[kukar_worker(
            "BUDI SANTOSO",
            PASER_VILLAGE,
            "01/01/2023",
            "",
        )],
    );
    assert_eq!((s.updated, s.rejected), (1, 0), "{issues:?}");
    assert_eq!(f.kukar_worker().person.village, code(PASER_VILLAGE));
    assert_eq!((f.covered("64.02"), f.covered("64.01")), (0, 2));
    for r in ["64.02", "64.01"] {
        assert_eq!(f.covered(r), f.covered_directly(r), "{r}");
    }
    let moved = f
        .store
        .transfers(&TransferFilter {
            within: Scope::parse("64.02").unwrap(),
            status: Some(TransferStatus::Imported),
            limit: 10,
        })
        .unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].from_village, code(KUKAR_VILLAGE));
    assert_eq!(moved[0].to_village, code(PASER_VILLAGE));
    assert_eq!(moved[0].import_id, s.import_id);
    let entries = f
        .store
        .audit_search(&AuditQuery {
            action: Some("transfer.import".into()),
            limit: 10,
            ..AuditQuery::default()
        })
        .unwrap();
    let mut regions: Vec<String> = entries.iter().filter_map(|e| e.region.clone()).collect();
    regions.sort();
    assert_eq!(regions, [PASER_VILLAGE, KUKAR_VILLAGE]);
}

#[test]
fn a_worker_whose_enrolment_ended_may_be_enrolled_by_another_region() {
    let mut f = Fixture::new();
    let (s, _) = f.import_as(
        "nasional",
        &[kukar_worker(
            "BUDI SANTOSO",
            KUKAR_VILLAGE,
            "01/01/2022",
            "31/12/2022",
        )],
    );
    assert_eq!(s.imported, 1);
    let (s, issues) = f.import_as(
        "64.01",
        &[kukar_worker(
            "BUDI SANTOSO",
            PASER_VILLAGE,
            "01/01/2026",
            "",
        )],
    );
    assert_eq!((s.updated, s.rejected), (1, 0), "{issues:?}");
    assert_eq!(f.kukar_worker().person.village, code(PASER_VILLAGE));
    assert_eq!(f.covered("64.01"), 1);
}
