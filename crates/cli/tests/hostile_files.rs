//! Resource budgets on hostile files, measured on the real binary: a decompression-bomb
//! workbook and a CSV of 300,000 junk rows, through `paritrana import participants` and
//! through the web upload, each within [`BUDGET_MB`] of peak memory (VmHWM) and refused or
//! stopped with a clear message. The hostile files are built here, not kept in the repository.
//! docs/security/files.md lists the limits these tests stand for.

mod common;

use common::{Server, paritrana, run, run_measured, vm_hwm_kb};
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

/// The peak resident memory a hostile file may cost the importer or the server.
const BUDGET_MB: u64 = 512;

const HEADER: &str = "NIK,Nama,Jenis Kelamin,Tanggal Lahir,Kode Desa,Segmen,Kategori,Sektor,Sumber Dana,Program,Mulai,Selesai,Upah";
const VALID_ROW: &str = "6401040407820031,Arsyad,L,04/07/1982,64.01.04.2010,BPU,PEKERJA_RENTAN,NELAYAN,APBD_KABKOTA,\"JKK, JKM\",2024-01-01,,1000000";

/// A minimal XLSX whose one shared string is `inflated` bytes of `A`: a few hundred kilobytes
/// on disk (deflate squeezes a run about 1,000 times).
fn bomb_xlsx(path: &Path, inflated: usize) {
    use zip::write::SimpleFileOptions;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(inflated > u32::MAX as usize / 2);
    let parts: [(&str, &str); 4] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
    ];
    for (name, body) in parts {
        z.start_file(name, opts).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#).unwrap();
    z.start_file("xl/sharedStrings.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#).unwrap();
    let chunk = vec![b'A'; 1 << 20];
    let mut left = inflated;
    while left > 0 {
        let n = left.min(chunk.len());
        z.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    z.write_all(b"</t></si></sst>").unwrap();
    z.finish().unwrap();
}

/// A CSV: the header, then `rows` junk rows (`x`), one valid row every `valid_every` rows
/// (0: none).
fn junk_csv(path: &Path, rows: usize, valid_every: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "{HEADER}").unwrap();
    for i in 1..=rows {
        if valid_every > 0 && i % valid_every == 0 {
            writeln!(out, "{VALID_ROW}").unwrap();
        } else {
            writeln!(out, "x").unwrap();
        }
    }
    out.flush().unwrap();
}

#[test]
fn a_decompression_bomb_is_refused_by_the_cli_within_the_memory_budget() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("daftar.xlsx");
    bomb_xlsx(&bomb, 800 * 1024 * 1024);
    let size = std::fs::metadata(&bomb).unwrap().len();
    assert!(size < 2 * 1024 * 1024, "the bomb is small on disk: {size}");
    let (out, peak) = run_measured(
        paritrana(dir.path())
            .args(["import", "participants"])
            .arg(&bomb)
            .args(["--format", "json"]),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("daftar.xlsx ditolak"), "{stderr}");
    assert!(stderr.contains("xl/sharedStrings.xml"), "{stderr}");
    assert!(stderr.contains("bom dekompresi"), "{stderr}");
    assert!(peak < BUDGET_MB, "peak {peak} MB");
    eprintln!("bomb XLSX ({size} bytes on disk): CLI peak {peak} MB");
}

#[test]
fn three_hundred_thousand_junk_rows_stop_early_within_the_memory_budget() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("sampah.csv");
    junk_csv(&junk, 300_000, 0);
    let report = dir.path().join("laporan.csv");
    let (out, peak) = run_measured(
        paritrana(dir.path())
            .args(["import", "participants"])
            .arg(&junk)
            .args(["--format", "json", "--report"])
            .arg(&report),
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stopped_early"], true);
    assert_eq!(v["read"], 1000);
    assert_eq!(v["committed"], false);
    assert!(
        v["stop_reason"].as_str().unwrap().starts_with(
            "1.000 baris pertama semuanya ditolak; periksa apakah ini berkas yang benar"
        ),
        "{v}"
    );
    let total = v["issues_total"].as_u64().unwrap();
    assert!(total >= 1000, "every refused row has a problem: {total}");
    assert!(v["issues"].as_array().unwrap().len() <= 1000);
    let lines = std::fs::read_to_string(&report).unwrap().lines().count() as u64;
    assert_eq!(lines, total + 1, "the report lists every problem");
    assert!(peak < BUDGET_MB, "peak {peak} MB");
    eprintln!("300,000 junk rows: CLI peak {peak} MB, {total} problems");
}

#[test]
fn problems_past_the_first_thousand_are_counted_and_reported_not_held() {
    // One valid row in 500: the file is read to its end; 59,880 junk rows make about
    // 420,000 problems.
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("campur.csv");
    junk_csv(&junk, 60_000, 500);
    let report = dir.path().join("laporan.csv");
    let (out, peak) = run_measured(
        paritrana(dir.path())
            .args(["import", "participants"])
            .arg(&junk)
            .args(["--format", "json", "--dry-run", "--report"])
            .arg(&report),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stopped_early"], false);
    assert_eq!(v["read"], 60_000);
    let total = v["issues_total"].as_u64().unwrap();
    let per_reason: u64 = v["issue_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    assert_eq!(per_reason, total, "every problem is counted by reason");
    assert!(total > 100_000, "{total}");
    assert_eq!(v["issues"].as_array().unwrap().len(), 1000);
    let text = std::fs::read_to_string(&report).unwrap();
    assert_eq!(text.lines().count() as u64, total + 1);
    // Row order survives the spill: duplicates of the valid NIK sit among the junk rows.
    let rows: Vec<u64> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert!(rows.windows(2).all(|w| w[0] <= w[1]), "row order");
    assert!(
        text.contains("hanya baris pertama yang dipakai"),
        "duplicates listed"
    );
    assert!(peak < BUDGET_MB, "peak {peak} MB");
    eprintln!("60,000 mixed rows: CLI peak {peak} MB, {total} problems");
}

#[test]
fn a_target_file_of_a_million_rows_is_refused_as_it_is_read() {
    // Targets are a row per region, year and segment: a file past MAX_TARGET_ROWS is not a
    // target list. It used to be read whole before anything was checked.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("target.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(out, "Kode Wilayah,Tahun,Target,Keterangan").unwrap();
    let filler = "x".repeat(200);
    for i in 0..1_000_001u64 {
        writeln!(out, "64.01,{},{},{filler}", 2000 + i % 27, i + 1).unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let (out, peak) = run_measured(
        paritrana(dir.path())
            .args(["import", "targets"])
            .arg(&path)
            .args(["--format", "json"]),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("berkas target berisi lebih dari 1.000.000 baris"),
        "{stderr}"
    );
    assert_eq!(common::count(dir.path(), "targets"), 0, "nothing stored");
    assert!(peak < BUDGET_MB, "peak {peak} MB");
    eprintln!("1,000,001 target rows (226 MB): CLI peak {peak} MB");
}

#[test]
fn the_server_survives_both_files_within_the_memory_budget() {
    let dir = tempfile::tempdir().unwrap();
    let mut add = paritrana(dir.path());
    add.args([
        "user",
        "add",
        "admin",
        "--role",
        "admin",
        "--scope",
        "nasional",
        "--password-stdin",
    ])
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = add.spawn().unwrap();
    writeln!(child.stdin.take().unwrap(), "teh manis di samarinda 1").unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let out =
        run(paritrana(dir.path()).args(["token", "create", "admin", "--name", "uji", "--write"]));
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();

    let bomb = dir.path().join("bom.xlsx");
    bomb_xlsx(&bomb, 800 * 1024 * 1024);
    let junk = dir.path().join("sampah.csv");
    junk_csv(&junk, 300_000, 0);

    let server = Server::start(dir.path(), &[]);
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(300))
        .build()
        .unwrap();
    let upload = |name: &str, path: &Path| {
        client
            .post(format!(
                "{}/api/v1/imports/participants?file_name={name}",
                server.base
            ))
            .bearer_auth(&token)
            .body(std::fs::read(path).unwrap())
            .send()
            .unwrap()
    };
    let r = upload("bom.xlsx", &bomb);
    assert_eq!(r.status(), 400);
    let body = r.text().unwrap();
    assert!(body.contains("bom dekompresi"), "{body}");

    let r = upload("sampah.csv", &junk);
    assert_eq!(r.status(), 200, "nothing stored");
    let v: serde_json::Value = r.json().unwrap();
    assert_eq!(v["summary"]["stopped_early"], true);
    assert!(
        v["notice"]
            .as_str()
            .unwrap()
            .contains("1.000 baris pertama")
    );
    assert!(v["issues"].as_array().unwrap().len() <= 1000);

    // Still serving.
    assert_eq!(
        client
            .get(format!("{}/api/v1/status", server.base))
            .send()
            .unwrap()
            .status(),
        200
    );
    let peak = vm_hwm_kb(server.child.id()).unwrap() / 1024;
    assert!(peak < BUDGET_MB, "server peak {peak} MB");
    eprintln!("server after the bomb and the junk CSV: peak {peak} MB");
}
