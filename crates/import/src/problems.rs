//! The problems of one import, kept within a bounded amount of memory.
//!
//! A file of junk rows yields several problems a row: 300,000 rows made 2.1 million problems,
//! gigabytes once held as a list. Here only the first [`KEPT_IN_MEMORY`] problems of each
//! source stay in memory; the rest go, one JSON line each, to an unnamed temporary file (no
//! name on disk, gone when the import ends, even after a crash). At most [`MAX_LISTED`]
//! problems are listed; every problem is counted, per column, reason and severity, whatever
//! the number.
//!
//! Problems come from three sources: row validation (in row order), duplicates within the file
//! and conflicts with the registry (both found in NIK order, as the rows are merged and stored,
//! so they are sorted by row through [`Runs`] on disk). [`Problems::iter`] merges the three into
//! row order (for a row, errors before warnings), as the report shows them.

use crate::report::{Issue, Severity};
use crate::runs::{Record, Runs};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

/// Problems of each source kept in memory; the rest wait on disk.
pub const KEPT_IN_MEMORY: usize = 1_000;

/// Duplicates or conflicts sorted in memory at a time (about 300 bytes each); beyond, they are
/// sorted in runs on disk.
const SORTED_IN_MEMORY: usize = 20_000;

/// Problems listed (in reports, pages and the API) per import; beyond, they are only counted.
pub const MAX_LISTED: u64 = 1_000_000;

/// How many problems share a column, a reason and a severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReasonCount {
    pub column: String,
    pub code: String,
    pub severity: Severity,
    pub count: u64,
}

/// Every problem counted, listed or not.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProblemCounts {
    /// All problems found.
    pub total: u64,
    /// Problems that refused their row.
    pub errors: u64,
    /// Remarks on rows that were stored.
    pub warnings: u64,
    /// Problems listed (the first [`MAX_LISTED`]).
    pub listed: u64,
    /// Problems per column, reason and severity, most frequent first.
    pub by_reason: Vec<ReasonCount>,
}

/// One source of problems, in row order.
#[derive(Debug, Default)]
struct Source {
    memory: Vec<Issue>,
    writer: Option<BufWriter<File>>,
    file: Option<File>,
}

impl Source {
    fn push(&mut self, issue: Issue, dir: Option<&Path>) -> std::io::Result<()> {
        if self.memory.len() < KEPT_IN_MEMORY {
            self.memory.push(issue);
            return Ok(());
        }
        if self.writer.is_none() {
            // Unnamed (O_TMPFILE where possible): the values of other people's rows never get
            // a name on disk, and the file vanishes with the process.
            let file = match dir {
                Some(d) => {
                    std::fs::create_dir_all(d)?;
                    tempfile::tempfile_in(d)?
                }
                None => tempfile::tempfile()?,
            };
            self.writer = Some(BufWriter::new(file.try_clone()?));
            self.file = Some(file);
        }
        if let Some(w) = self.writer.as_mut() {
            serde_json::to_writer(&mut *w, &issue)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Ends writing; the problems can be read from the start.
    fn rewind(&mut self) -> std::io::Result<()> {
        if let Some(mut w) = self.writer.take() {
            w.flush()?;
        }
        if let Some(f) = self.file.as_mut() {
            f.rewind()?;
        }
        Ok(())
    }

    fn iter(&mut self) -> std::io::Result<impl Iterator<Item = Issue> + '_> {
        self.rewind()?;
        let on_disk = self.file.as_ref().map(|f| BufReader::new(f).lines());
        Ok(self
            .memory
            .iter()
            .cloned()
            .chain(on_disk.into_iter().flatten().map_while(|line| {
                match line.map(|l| serde_json::from_str::<Issue>(&l)) {
                    Ok(Ok(issue)) => Some(issue),
                    Ok(Err(e)) => {
                        tracing::warn!(error = %e, "spilled problem unreadable");
                        None
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "spilled problems unreadable");
                        None
                    }
                }
            })))
    }
}

/// A problem in a sort run: one JSON line.
impl Record for Issue {
    type Key = (u64, Severity);

    fn key(&self) -> (u64, Severity) {
        (self.line, self.severity)
    }

    fn encode(&self, out: &mut Vec<u8>) {
        // An `Issue` is plain strings and numbers: it always serialises.
        serde_json::to_writer(&mut *out, self).expect("an issue serialises");
        out.push(b'\n');
    }

    fn decode(input: &mut impl std::io::Read) -> std::io::Result<Option<Issue>> {
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        loop {
            match input.read(&mut byte)? {
                0 if line.is_empty() => return Ok(None),
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                _ if byte[0] == b'\n' => break,
                _ => line.push(byte[0]),
            }
        }
        serde_json::from_slice(&line)
            .map(Some)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
}

/// The problems of one import; see the module documentation.
#[derive(Debug)]
pub struct Problems {
    dir: Option<PathBuf>,
    validation: Source,
    duplicates: Runs<Issue>,
    conflicts: Runs<Issue>,
    counts: BTreeMap<(String, String, Severity), u64>,
    total: u64,
    errors: u64,
    listed: u64,
    /// The listing limit; 0 means [`MAX_LISTED`] (tests lower it).
    cap: u64,
}

impl Problems {
    /// No problems yet; spilled problems go to an unnamed file in `dir` (the system's
    /// temporary folder when `None`).
    pub fn new(dir: Option<&Path>) -> Problems {
        Problems {
            dir: dir.map(Path::to_path_buf),
            validation: Source::default(),
            duplicates: Runs::new(dir, SORTED_IN_MEMORY),
            conflicts: Runs::new(dir, SORTED_IN_MEMORY),
            counts: BTreeMap::new(),
            total: 0,
            errors: 0,
            listed: 0,
            cap: 0,
        }
    }

    /// Problems already gathered in a list, in row order (a target file, read whole).
    pub fn from_issues(issues: Vec<Issue>) -> std::io::Result<Problems> {
        let mut p = Problems::new(None);
        for issue in issues {
            p.push_validation(issue)?;
        }
        Ok(p)
    }

    fn count(&mut self, issue: &Issue) -> bool {
        self.total += 1;
        if issue.severity == Severity::Error {
            self.errors += 1;
        }
        *self
            .counts
            .entry((issue.column.clone(), issue.code.clone(), issue.severity))
            .or_default() += 1;
        let cap = if self.cap == 0 { MAX_LISTED } else { self.cap };
        let list = self.listed < cap;
        if list {
            self.listed += 1;
        }
        list
    }

    /// A problem found while validating rows (they arrive in row order).
    pub(crate) fn push_validation(&mut self, issue: Issue) -> std::io::Result<()> {
        if self.count(&issue) {
            self.validation.push(issue, self.dir.as_deref())?;
        }
        Ok(())
    }

    /// A row repeating an earlier NIK of the file (in any order).
    pub(crate) fn push_duplicate(&mut self, issue: Issue) -> std::io::Result<()> {
        if self.count(&issue) {
            self.duplicates.push(issue)?;
        }
        Ok(())
    }

    /// A row conflicting with the registry (in any order).
    pub(crate) fn push_conflict(&mut self, issue: Issue) -> std::io::Result<()> {
        if self.count(&issue) {
            self.conflicts.push(issue)?;
        }
        Ok(())
    }

    /// All problems found, listed or not.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Whether problems were found beyond [`MAX_LISTED`] (counted, not listed).
    pub fn truncated(&self) -> bool {
        self.total > self.listed
    }

    /// The counts, per reason most frequent first.
    pub fn counts(&self) -> ProblemCounts {
        let mut by_reason: Vec<ReasonCount> = self
            .counts
            .iter()
            .map(|((column, code, severity), count)| ReasonCount {
                column: column.clone(),
                code: code.clone(),
                severity: *severity,
                count: *count,
            })
            .collect();
        by_reason.sort_by_key(|r| std::cmp::Reverse(r.count));
        ProblemCounts {
            total: self.total,
            errors: self.errors,
            warnings: self.total - self.errors,
            listed: self.listed,
            by_reason,
        }
    }

    /// The listed problems in row order (for a row, errors first), read back from memory and
    /// disk as the iterator advances. One iteration at a time (it takes `&mut self`).
    pub fn iter(&mut self) -> std::io::Result<impl Iterator<Item = Issue> + '_> {
        Ok(Merge {
            sources: [
                Box::new(self.validation.iter()?.peekable()) as Box<dyn PeekIssue + '_>,
                Box::new(readable(self.duplicates.iter()?).peekable()),
                Box::new(readable(self.conflicts.iter()?).peekable()),
            ],
        })
    }

    /// The first `n` listed problems in row order.
    pub fn first(&mut self, n: usize) -> std::io::Result<Vec<Issue>> {
        Ok(self.iter()?.take(n).collect())
    }
}

/// The issues of a sorted source until one does not read back (logged: the list ends there,
/// the counts stay whole).
fn readable(issues: impl Iterator<Item = std::io::Result<Issue>>) -> impl Iterator<Item = Issue> {
    issues.map_while(|r| {
        r.map_err(|e| tracing::warn!(error = %e, "sorted problems unreadable"))
            .ok()
    })
}

/// A peekable stream of issues, boxed so that the three sources' iterator types can differ.
trait PeekIssue {
    fn peek_key(&mut self) -> Option<(u64, Severity)>;
    fn take(&mut self) -> Option<Issue>;
}

impl<I: Iterator<Item = Issue>> PeekIssue for std::iter::Peekable<I> {
    fn peek_key(&mut self) -> Option<(u64, Severity)> {
        self.peek().map(|i| (i.line, i.severity))
    }
    fn take(&mut self) -> Option<Issue> {
        self.next()
    }
}

/// Merges the sources by (row, severity); on a tie the earlier source comes first, as a
/// stable sort of their concatenation would order them.
struct Merge<'a> {
    sources: [Box<dyn PeekIssue + 'a>; 3],
}

impl Iterator for Merge<'_> {
    type Item = Issue;

    fn next(&mut self) -> Option<Issue> {
        let mut best: Option<(usize, (u64, Severity))> = None;
        for (i, s) in self.sources.iter_mut().enumerate() {
            if let Some(k) = s.peek_key()
                && best.is_none_or(|(_, b)| k < b)
            {
                best = Some((i, k));
            }
        }
        let (i, _) = best?;
        self.sources[i].take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(line: u64, severity: Severity, code: &str) -> Issue {
        Issue {
            line,
            column: "NIK".into(),
            value: format!("v{line}"),
            severity,
            code: code.into(),
            reason_id: "alasan".into(),
            reason_en: "reason".into(),
        }
    }

    #[test]
    fn problems_beyond_memory_are_read_back_from_disk_in_row_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Problems::new(Some(dir.path()));
        let n = KEPT_IN_MEMORY as u64 * 3;
        for line in 1..=n {
            p.push_validation(issue(line, Severity::Error, "wrong_length"))
                .unwrap();
        }
        p.push_duplicate(issue(5, Severity::Error, "duplicate_in_file"))
            .unwrap();
        p.push_conflict(issue(2, Severity::Error, "overlaps_recorded_period"))
            .unwrap();
        assert_eq!(
            p.validation.memory.len(),
            KEPT_IN_MEMORY,
            "the rest is on disk"
        );
        assert!(
            std::fs::read_dir(dir.path()).unwrap().next().is_none(),
            "the spill file has no name"
        );
        let lines: Vec<u64> = p.iter().unwrap().map(|i| i.line).collect();
        assert_eq!(lines.len() as u64, n + 2);
        assert!(lines.windows(2).all(|w| w[0] <= w[1]), "row order");
        let codes: Vec<String> = p.iter().unwrap().take(3).map(|i| i.code).collect();
        assert_eq!(
            codes,
            ["wrong_length", "wrong_length", "overlaps_recorded_period"]
        );
        let c = p.counts();
        assert_eq!(c.total, n + 2);
        assert_eq!(c.by_reason[0].code, "wrong_length");
        assert_eq!(c.by_reason[0].count, n);
    }

    #[test]
    fn problems_past_the_listing_limit_are_counted_not_listed() {
        let mut p = Problems::new(None);
        p.cap = 10;
        for line in 1..=25 {
            p.push_validation(issue(line, Severity::Error, "missing"))
                .unwrap();
        }
        assert_eq!(p.total(), 25);
        assert!(p.truncated());
        assert_eq!(p.iter().unwrap().count(), 10);
        assert_eq!(p.counts().by_reason[0].count, 25);
    }

    #[test]
    fn errors_come_before_warnings_of_the_same_row() {
        let mut p = Problems::new(None);
        p.push_validation(issue(4, Severity::Warning, "start_date_far_future"))
            .unwrap();
        p.push_duplicate(issue(4, Severity::Error, "duplicate_in_file"))
            .unwrap();
        let got: Vec<Severity> = p.iter().unwrap().map(|i| i.severity).collect();
        assert_eq!(got, [Severity::Error, Severity::Warning]);
    }
}
