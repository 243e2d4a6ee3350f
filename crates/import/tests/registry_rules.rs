//! The duplicate rule against the registry (docs/import.md), end to end through files and the
//! SQLite store: revisions keep history, open periods close, overlaps are refused, re-enrolment
//! adds a period, and nothing is ever overwritten.

use chrono::NaiveDate;
use paritrana_core::nik::Nik;
use paritrana_core::region::RegionTree;
use paritrana_import::{Issue, Options, Summary, import_participants};
use paritrana_store::Store;
use std::path::Path;

const HEADER: &str = "NIK,Nama,Jenis Kelamin,Tanggal Lahir,Kode Desa,Segmen,Kategori,Sektor,Sumber Dana,Program,Mulai,Selesai,Upah";
// A man born 4 July 1982 in Kec. Tanah Grogot (64.01.04), village Muara Pasir (64.01.04.2010).
const NIK: &str = "6401040407820031";

fn tree() -> RegionTree {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/regions.csv");
    RegionTree::from_csv(&std::fs::read_to_string(root).unwrap()).unwrap()
}

fn row(name: &str, funding: &str, programmes: &str, start: &str, end: &str) -> String {
    format!(
        "{NIK},{name},L,04/07/1982,64.01.04.2010,BPU,PEKERJA_RENTAN,NELAYAN,{funding},\"{programmes}\",{start},{end},1000000"
    )
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
        Fixture {
            dir,
            store,
            tree: tree(),
            n: 0,
        }
    }

    fn import(&mut self, rows: &[String]) -> (Summary, Vec<Issue>) {
        self.n += 1;
        let path = self.dir.path().join(format!("list-{}.csv", self.n));
        std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
        let opts = Options {
            strict: false,
            dry_run: false,
            regency: None,
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            actor: paritrana_store::Actor::system("test"),
            scope: paritrana_core::auth::Scope::National,
            spill_dir: None,
        };
        let (summary, mut problems) =
            import_participants(self.store.as_ref(), &self.tree, &path, &opts, &|_, _| {}).unwrap();
        let issues = problems.iter().unwrap().collect();
        (summary, issues)
    }

    /// The worker's periods as (funding, start, end).
    fn periods(&self) -> Vec<(String, String, Option<String>)> {
        let nik = Nik::from_stored(NIK.parse().unwrap()).unwrap();
        let w = self.store.worker(nik).unwrap().expect("worker is stored");
        w.periods
            .iter()
            .map(|p| {
                (
                    p.funding.code().to_owned(),
                    p.start.to_string(),
                    p.end.map(|e| e.to_string()),
                )
            })
            .collect()
    }

    fn history_rows(&self) -> i64 {
        let conn = rusqlite::Connection::open(self.dir.path().join("paritrana.db")).unwrap();
        conn.query_row("SELECT COUNT(*) FROM enrolment_history", [], |r| r.get(0))
            .unwrap()
    }
}

#[test]
fn same_start_revises_and_keeps_the_former_version() {
    let mut f = Fixture::new();
    let (s, _) = f.import(&[row(
        "Arsyad",
        "APBD_KABKOTA",
        "JKK, JKM",
        "2023-01-01",
        "2023-06-30",
    )]);
    assert_eq!(s.imported, 1);
    let (s, _) = f.import(&[row(
        "Arsyad",
        "APBD_KABKOTA",
        "JKK, JKM",
        "2023-01-01",
        "2023-06-30",
    )]);
    assert_eq!((s.imported, s.updated, s.unchanged), (0, 0, 1));
    assert_eq!(f.history_rows(), 0);

    // The region extended the period to the end of the year.
    let (s, _) = f.import(&[row(
        "Arsyad",
        "APBD_KABKOTA",
        "JKK, JKM",
        "2023-01-01",
        "2023-12-31",
    )]);
    assert_eq!(s.updated, 1);
    assert_eq!(
        f.periods(),
        [(
            "APBD_KABKOTA".into(),
            "2023-01-01".into(),
            Some("2023-12-31".into())
        )]
    );
    assert_eq!(
        f.history_rows(),
        1,
        "the former end date is kept in history"
    );
}

#[test]
fn open_period_is_closed_when_the_worker_moves_to_another_scheme() {
    let mut f = Fixture::new();
    f.import(&[row("Arsyad", "APBD_KABKOTA", "JKK, JKM", "2023-01-01", "")]);
    let (s, issues) = f.import(&[row("Arsyad", "DANA_DESA", "JKK, JKM", "2024-03-01", "")]);
    assert_eq!(s.updated, 1, "{issues:?}");
    assert_eq!(
        f.periods(),
        [
            (
                "APBD_KABKOTA".into(),
                "2023-01-01".into(),
                Some("2024-02-29".into())
            ),
            ("DANA_DESA".into(), "2024-03-01".into(), None),
        ]
    );
}

#[test]
fn overlapping_period_is_refused_and_nothing_changes() {
    let mut f = Fixture::new();
    f.import(&[row(
        "Arsyad",
        "APBD_KABKOTA",
        "JKK, JKM",
        "2023-01-01",
        "2023-12-31",
    )]);
    let (s, issues) = f.import(&[row(
        "Arsyad",
        "DANA_DESA",
        "JKK, JKM",
        "2023-07-01",
        "2024-06-30",
    )]);
    assert_eq!(s.rejected, 1);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].code, "overlaps_recorded_period");
    assert!(
        issues[0].reason_id.contains("2023-01-01"),
        "{}",
        issues[0].reason_id
    );
    assert_eq!(f.periods().len(), 1);
}

#[test]
fn re_enrolment_adds_a_period_beside_the_history() {
    let mut f = Fixture::new();
    f.import(&[row(
        "Arsyad",
        "APBD_KABKOTA",
        "JKK, JKM",
        "2023-01-01",
        "2023-12-31",
    )]);
    let (s, _) = f.import(&[row(
        "Muhammad Arsyad",
        "APBD_KABKOTA",
        "JKK, JKM, JHT",
        "2025-01-01",
        "2025-12-31",
    )]);
    assert_eq!(s.updated, 1);
    assert_eq!(f.periods().len(), 2);
    let nik = Nik::from_stored(NIK.parse().unwrap()).unwrap();
    let w = f.store.worker(nik).unwrap().unwrap();
    assert_eq!(w.person.name, "Muhammad Arsyad", "the name is updated");
}

#[test]
fn a_nik_twice_in_one_file_keeps_the_first_row() {
    let mut f = Fixture::new();
    let (s, issues) = f.import(&[
        row(
            "Arsyad",
            "APBD_KABKOTA",
            "JKK, JKM",
            "2023-01-01",
            "2023-12-31",
        ),
        row(
            "Arsyad",
            "APBD_KABKOTA",
            "JKK, JKM",
            "2024-01-01",
            "2024-12-31",
        ),
    ]);
    assert_eq!((s.imported, s.rejected), (1, 1));
    assert_eq!(issues[0].code, "duplicate_in_file");
    assert_eq!(issues[0].line, 3);
    assert_eq!(f.periods()[0].1, "2023-01-01");
}
