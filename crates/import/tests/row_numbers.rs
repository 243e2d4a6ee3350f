//! The row numbers of an import's problems are the rows Excel shows, whatever the file's line
//! ends: blank lines above the header are rows too (issue 14: a blank first line of a CRLF file
//! was lost, and every reported row was one too low).

use chrono::NaiveDate;
use paritrana_core::region::RegionTree;
use paritrana_import::{Options, import_participants};
use std::path::Path;

const HEADER: &str = "NIK,Nama,Jenis Kelamin,Tanggal Lahir,Kode Desa,Segmen,Kategori,Sektor,Sumber Dana,Program,Mulai,Selesai,Upah";
const GOOD: &str = "6401040407820031,Arsyad,L,04/07/1982,64.01.04.2010,BPU,PEKERJA_RENTAN,NELAYAN,APBD_KABKOTA,\"JKK, JKM\",2023-01-01,2023-12-31,1000000";
/// One digit short: refused on its NIK.
const BAD_NIK: &str = "640104040782003,Budi,L,04/07/1982,64.01.04.2010,BPU,PEKERJA_RENTAN,NELAYAN,APBD_KABKOTA,\"JKK, JKM\",2023-01-01,2023-12-31,1000000";

fn tree() -> RegionTree {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/regions.csv");
    RegionTree::from_csv(&std::fs::read_to_string(root).unwrap()).unwrap()
}

/// Imports `bytes` as a CSV (dry run) and returns the header row and the rows of the problems.
fn rows_reported(tree: &RegionTree, bytes: &[u8]) -> (u64, Vec<(u64, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let store = paritrana_store_sqlite::open(None, dir.path()).unwrap();
    let path = dir.path().join("daftar.csv");
    std::fs::write(&path, bytes).unwrap();
    let opts = Options {
        strict: false,
        dry_run: true,
        regency: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        actor: paritrana_store::Actor::system("test"),
        scope: paritrana_core::auth::Scope::National,
        spill_dir: None,
    };
    let (summary, mut problems) =
        import_participants(&store, tree, &path, &opts, &|_, _| {}).unwrap();
    let issues = problems
        .iter()
        .unwrap()
        .map(|i| (i.line, i.column))
        .collect();
    (summary.header_row, issues)
}

#[test]
fn a_blank_first_line_keeps_excel_row_numbers_in_the_report() {
    let tree = tree();
    for end in ["\r\n", "\n", "\r"] {
        for bom in ["", "\u{feff}"] {
            // Excel: row 1 blank, row 2 the header, row 3 a good row, row 4 blank, row 5 bad.
            let file = format!("{bom}{end}{HEADER}{end}{GOOD}{end}{end}{BAD_NIK}{end}");
            let (header_row, issues) = rows_reported(&tree, file.as_bytes());
            let case = format!("line end {end:?}, BOM {}", !bom.is_empty());
            assert_eq!(header_row, 2, "{case}");
            assert_eq!(issues, [(5, "NIK".to_string())], "{case}");
        }
    }
}
