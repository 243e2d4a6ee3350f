//! Helpers for tests that run the real `paritrana` binary.

#![allow(dead_code)]

use paritrana_core::award::defaults::{default_cycle, default_framework};
use paritrana_core::award::framework::{Scale, Stage};
use paritrana_core::award::points::Points;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const TODAY: &str = "2026-11-23";

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A fixture under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// `paritrana` with a private data dir and a fixed "today".
pub fn paritrana(data_dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_paritrana"));
    c.env("PARITRANA_TODAY", TODAY)
        .env("PARITRANA_LOG", "warn")
        .env_remove("PARITRANA_DATABASE_URL")
        .env_remove("PARITRANA_LANG")
        .arg("--data-dir")
        .arg(data_dir);
    c
}

/// Creates an account through `paritrana user add … --password-stdin`, as an administrator
/// would at the console.
pub fn add_user(data_dir: &Path, name: &str, role: &str, scope: &str, password: &str) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = paritrana(data_dir)
        .args(["user", "add", name, "--role", role, "--scope", scope])
        .arg("--password-stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "user add {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs and returns the output, printing stderr on failure to help debugging.
pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("paritrana runs");
    if !out.status.success() {
        eprintln!("stderr: {}", String::from_utf8_lossy(&out.stderr));
    }
    out
}

/// Parses stdout as JSON.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Counts rows of a table straight from the database file.
pub fn count(data_dir: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(data_dir.join("paritrana.db")).unwrap();
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// `paritrana serve` on a free loopback port, stopped when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub base: String,
}

impl Server {
    /// Starts the server on `data_dir` with extra `serve` arguments and waits for its address.
    pub fn start(data_dir: &Path, args: &[&str]) -> Server {
        use std::io::{BufRead, BufReader};
        let mut child = paritrana(data_dir)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
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

    /// GET a path and parse the JSON body.
    pub fn json(&self, path: &str) -> serde_json::Value {
        get(&format!("{}{path}", self.base)).json().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A blocking GET.
pub fn get(url: &str) -> reqwest::blocking::Response {
    reqwest::blocking::get(url).unwrap()
}

/// The text of a PDF as `pdftotext -layout` reads it, or `None` (with a message) when
/// poppler-utils is not installed (`.ci/run` installs it).
pub fn pdf_text(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    match Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        _ => {
            eprintln!("pdftotext not available: PDF text not checked");
            None
        }
    }
}

/// A data folder with the demo award cycle: `asesor.satu` on the provincial panel of
/// Kalimantan Timur, assigned to every entry; `asesor.luar` an assessor on no panel.
pub fn award_demo(dir: &Path) -> u16 {
    add_user(
        dir,
        "asesor.satu",
        "assessor",
        "nasional",
        "kopi susu di balikpapan 7",
    );
    add_user(
        dir,
        "asesor.luar",
        "assessor",
        "nasional",
        "kopi susu di balikpapan 7",
    );
    let out = paritrana(dir)
        .args(["award-demo", "--assessor", "asesor.satu"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conn = rusqlite::Connection::open(dir.join("paritrana.db")).unwrap();
    conn.query_row("SELECT year FROM award_cycles", [], |r| r.get(0))
        .unwrap()
}

/// A value `level` percent into an indicator's scale.
fn scale_value(scale: &Scale, level: i64) -> Points {
    match scale {
        Scale::Range { min, max } => {
            Points::from_milli(min.milli() + (max.milli() - min.milli()) * level / 100)
        }
        Scale::Rubric { levels } => levels[(level as usize / 25).min(levels.len() - 1)].score,
    }
}

/// The document-stage sheet of a regency entry as CSV (`;`, as Excel writes it in Indonesia),
/// every indicator at `level` percent, and the number of indicators.
pub fn award_sheet(year: u16, level: i64) -> (String, usize) {
    let cycle = default_cycle(year);
    let pemkab = cycle
        .categories
        .iter()
        .find(|c| c.code.as_str() == "PEMKAB")
        .unwrap();
    let framework = default_framework(year, pemkab);
    let mut csv = String::from("Indikator;Nilai;Catatan\n");
    let mut n = 0;
    for (_, i) in framework.indicators(Stage::Document) {
        csv.push_str(&format!(
            "{};{};Dokumen {} lengkap\n",
            i.code.as_str(),
            scale_value(&i.scale, level).to_string().replace('.', ","),
            i.code.as_str()
        ));
        n += 1;
    }
    (csv, n)
}

/// Runs a command to its end and returns its output with its peak resident memory in MB,
/// from `/usr/bin/time` when installed, else by sampling VmHWM while it runs.
pub fn run_measured(cmd: &mut Command) -> (std::process::Output, u64) {
    let time = Path::new("/usr/bin/time");
    if time.exists() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("rss");
        let mut wrapped = Command::new(time);
        wrapped
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&report)
            .arg(cmd.get_program())
            .args(cmd.get_args());
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => wrapped.env(k, v),
                None => wrapped.env_remove(k),
            };
        }
        let out = wrapped.output().unwrap();
        let kb: u64 = std::fs::read_to_string(&report)
            .unwrap()
            .lines()
            .last()
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        return (out, kb / 1024);
    }
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut peak = 0;
    let sampler = std::thread::spawn(move || {
        while let Some(kb) = vm_hwm_kb(pid) {
            peak = peak.max(kb);
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        peak
    });
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            r.read_to_end(&mut v).unwrap();
            v
        })
    };
    let (o, e) = (read(Box::new(stdout)), read(Box::new(stderr)));
    let status = child.wait().unwrap();
    let out = std::process::Output {
        status,
        stdout: o.join().unwrap(),
        stderr: e.join().unwrap(),
    };
    (out, sampler.join().unwrap() / 1024)
}

/// The peak resident memory of a running process, in kB.
pub fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
