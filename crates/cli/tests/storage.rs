//! Files on disk and storage faults, against the real binary: everything under the data
//! folder is private (0700/0600) after uploads and imports, nothing lands in the system temp
//! folder, a crash's leftovers are swept at start; a full database makes `/healthz` answer
//! 503 and a save say why; a damaged database is found by `paritrana check` and refused by
//! `serve`; `backup` / `restore` keep every figure and the audit chain (docs/security/storage.md).

mod common;

use common::{Server, add_user, fixture, json, paritrana, run};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn add_admin(dir: &Path) {
    add_user(
        dir,
        "admin",
        "admin",
        "nasional",
        "teh manis di samarinda 1",
    );
}

fn write_token(dir: &Path) -> String {
    let out = run(paritrana(dir).args(["token", "create", "admin", "--name", "uji", "--write"]));
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn upload(server: &Server, token: &str, file: &str, query: &str) -> reqwest::blocking::Response {
    upload_path(server, token, &fixture(file), query)
}

fn upload_path(
    server: &Server,
    token: &str,
    path: &Path,
    query: &str,
) -> reqwest::blocking::Response {
    let name = path.file_name().unwrap().to_string_lossy();
    reqwest::blocking::Client::new()
        .post(format!(
            "{}/api/v1/imports/participants?file_name={name}{query}",
            server.base
        ))
        .bearer_auth(token)
        .body(std::fs::read(path).unwrap())
        .send()
        .unwrap()
}

/// Every file and folder under `dir` with group or other permission bits.
fn shared_entries(dir: &Path) -> Vec<(PathBuf, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let meta = e.metadata().unwrap();
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                found.push((e.path(), mode));
            }
            if meta.is_dir() {
                todo.push(e.path());
            }
        }
    }
    found
}

fn temp_uploads() -> Vec<String> {
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("paritrana-unggahan-"))
        .collect()
}

#[test]
fn uploads_and_imports_leave_only_private_files_and_a_crash_s_leftovers_are_swept() {
    let tmp = tempfile::tempdir().unwrap();
    // A data folder Paritrana creates itself (the tempdir's own mode is already 0700).
    let data = tmp.path().join("data");
    add_admin(&data);
    let token = write_token(&data);
    let out = run(paritrana(&data).args([
        "import",
        "participants",
        fixture("peserta_kukar.csv").to_str().unwrap(),
    ]));
    assert!(out.status.success());
    // What a server killed mid-upload leaves: an arrival and a link under the user's name.
    let uploads = data.join("impor/pratinjau");
    std::fs::create_dir_all(uploads.join(".nama-mati")).unwrap();
    std::fs::write(uploads.join(".masuk-mati"), "NIK,Nama\n").unwrap();
    std::fs::write(uploads.join(".nama-mati/daftar rahasia.csv"), "NIK\n").unwrap();

    let before = temp_uploads();
    let server = Server::start(&data, &[]);
    assert!(!uploads.join(".masuk-mati").exists(), "stale arrival swept");
    assert!(!uploads.join(".nama-mati").exists(), "stale link swept");
    let r = upload(&server, &token, "peserta_english.csv", "&dry_run=true");
    assert_eq!(r.status(), 200, "{}", r.text().unwrap());
    let r = upload(&server, &token, "peserta_english.csv", "");
    assert_eq!(r.status(), 201, "{}", r.text().unwrap());
    let done: serde_json::Value = r.json().unwrap();
    let id = done["summary"]["import_id"].as_i64().unwrap();
    assert!(data.join(format!("impor/laporan/{id}.jsonl")).is_file());
    drop(server);

    let new_in_temp: Vec<_> = temp_uploads()
        .into_iter()
        .filter(|n| !before.contains(n))
        .collect();
    assert!(
        new_in_temp.is_empty(),
        "uploads in the system temp folder: {new_in_temp:?}"
    );
    let shared = shared_entries(&data);
    assert!(shared.is_empty(), "readable by others: {shared:?}");
    // Nothing on disk is named after the user's file.
    let mut todo = vec![data.clone()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(!name.contains("peserta_english"), "{}", e.path().display());
            if e.path().is_dir() {
                todo.push(e.path());
            }
        }
    }
}

#[test]
fn a_full_database_makes_health_say_so_and_a_save_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    add_admin(&data);
    let token = write_token(&data);
    {
        let server = Server::start(&data, &[]);
        let r = common::get(&format!("{}/healthz", server.base));
        assert_eq!(r.status(), 200);
        assert_eq!(server.json("/api/v1/status")["storage"]["writable"], true);
    }
    // The database may not grow past its present size: as a full disk, but runnable as root.
    let mut cmd = paritrana(&data);
    cmd.env("PARITRANA_MAX_DB_PAGES", "1");
    let server = start_with(cmd);
    let r = common::get(&format!("{}/healthz", server.base));
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().unwrap();
    assert_eq!(body["error"]["reason"], "full", "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("penuh"));
    assert!(
        body["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("full")
    );
    let status = server.json("/api/v1/status");
    assert_eq!(status["storage"]["writable"], false, "{status}");
    // Big enough to need new pages (a few rows fit in the pages already there).
    let list = tmp.path().join("peserta.csv");
    let out = run(paritrana(&data).args([
        "gen",
        "participants",
        "--rows",
        "3000",
        "--out",
        list.to_str().unwrap(),
    ]));
    assert!(out.status.success());
    let r = upload_path(&server, &token, &list, "");
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().unwrap();
    assert!(
        body["error"]["message"].as_str().unwrap().contains("penuh"),
        "{body}"
    );
    assert!(
        body["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("full")
    );
    drop(server);
    assert_eq!(common::count(&data, "workers"), 0, "nothing was stored");
}

/// `chmod` does not stop root (CI runs as root): this runs only where it does.
#[test]
fn a_read_only_data_folder_makes_health_say_so() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    add_admin(&data);
    let server = Server::start(&data, &[]);
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o500)).unwrap();
    let probe = data.join("probe");
    if std::fs::write(&probe, b"x").is_ok() {
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
        eprintln!("running as root: chmod does not make the folder read-only; skipped");
        return;
    }
    std::thread::sleep(Duration::from_secs(6));
    let r = common::get(&format!("{}/healthz", server.base));
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().unwrap();
    assert_eq!(body["error"]["reason"], "read_only", "{body}");
}

/// `serve` with a prepared command (extra environment), waiting for its address.
fn start_with(mut cmd: std::process::Command) -> Server {
    use std::io::{BufRead, BufReader};
    let mut child = cmd
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server prints its address")
            .unwrap();
        if let Some(url) = line.strip_prefix("Paritrana: ") {
            break url.trim_end_matches('/').to_owned();
        }
    };
    Server { child, base }
}

/// Overwrites the start of the root page of index `index` (the database must be checkpointed:
/// no process has it open).
fn damage_index(db: &Path, index: &str) {
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(db).unwrap();
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                [index],
                |r| r.get(0),
            )
            .unwrap();
        let size = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        (root, size)
    };
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start(((root - 1) * page_size) as u64))
        .unwrap();
    f.write_all(&[0xA5; 64]).unwrap();
}

#[test]
fn a_damaged_index_is_found_by_check_and_refused_by_serve() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = run(paritrana(&data).args([
        "import",
        "participants",
        fixture("peserta_kukar.csv").to_str().unwrap(),
    ]));
    assert!(out.status.success());
    let out = run(paritrana(&data).args(["check", "--format", "json"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = json(&out);
    assert_eq!(report["aggregates"]["differing"], 0);
    assert!(report["aggregates"]["stored_rows"].as_u64().unwrap() > 0);

    damage_index(&data.join("paritrana.db"), "workers_village");
    let out = paritrana(&data).args(["check", "--full"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("GAGAL"), "{text}");
    assert!(text.contains("paritrana restore"), "{text}");

    // serve refuses to start, saying why (and is killed if it starts anyway).
    let mut child = paritrana(&data)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("serve started on a damaged database");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(!status.success());
    assert!(
        err.contains("rusak") && err.contains("paritrana restore"),
        "{err}"
    );
}

fn coverage_json(data: &Path) -> serde_json::Value {
    let out = run(paritrana(data).args(["coverage", "--format", "json", "--region", "64"]));
    assert!(out.status.success());
    json(&out)
}

#[test]
fn a_backup_taken_while_others_read_restores_the_same_figures_and_chain() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    add_admin(&data);
    for f in ["peserta_kukar.csv", "peserta_english.csv"] {
        let out =
            run(paritrana(&data).args(["import", "participants", fixture(f).to_str().unwrap()]));
        assert!(out.status.success());
    }
    let figures = coverage_json(&data);

    // Another process reads the database the whole time the backup is written.
    let reader = {
        let db = data.join("paritrana.db");
        std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&db).unwrap();
            let started = Instant::now();
            let mut reads = 0;
            while started.elapsed() < Duration::from_millis(800) {
                let n: i64 = conn
                    .query_row("SELECT COUNT(*) FROM enrolments", [], |r| r.get(0))
                    .unwrap();
                assert!(n > 0);
                reads += 1;
            }
            reads
        })
    };
    let copy = tmp.path().join("cadangan.db");
    let out = run(paritrana(&data).args(["backup", copy.to_str().unwrap()]));
    assert!(out.status.success());
    assert!(reader.join().unwrap() > 0);
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // Never overwritten.
    let out = paritrana(&data)
        .args(["backup", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());

    let fresh = tmp.path().join("pulih");
    let out = run(paritrana(&fresh).args(["restore", copy.to_str().unwrap()]));
    assert!(out.status.success());
    assert_eq!(coverage_json(&fresh), figures);
    let out = run(paritrana(&fresh).args(["audit", "verify"]));
    assert!(out.status.success());
    let out = run(paritrana(&fresh).args(["check"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(shared_entries(&fresh).is_empty());

    // Not a Paritrana database: refused, nothing changed.
    let out = paritrana(&fresh)
        .args(["restore", fixture("peserta_kukar.csv").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bukan basis data Paritrana"));
    // A running server holds the database: refused.
    let server = Server::start(&fresh, &[]);
    let out = paritrana(&fresh)
        .args(["restore", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("sedang dibuka proses lain"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(server);
    assert_eq!(coverage_json(&fresh), figures);
}
