//! A NIK repeated within one file: the first row (the lowest line) wins, later rows are refused.
//! The one place this rule lives. The import pipeline hands rows to [`FirstOfNik`] in NIK order
//! (then line), as it merges them from its sorted runs, so the rule needs no memory but the
//! NIK being read: a file of 45 million rows is checked with the same few bytes as one of ten.

use super::RowIssue;
use crate::nik::Nik;

/// A row refused because its NIK appeared on an earlier line of the same file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InFileDuplicate {
    /// The refused row's line.
    pub line: u64,
    /// The line of the row kept for this NIK.
    pub first_line: u64,
    pub nik: Nik,
}

impl InFileDuplicate {
    /// The problem reported for the refused row.
    pub fn issue(&self) -> RowIssue {
        RowIssue::duplicate_in_file(self.line, &self.nik.to_string(), self.first_line)
    }
}

/// The rule over rows that come sorted by NIK, then line: the first row of each NIK is kept,
/// every later one is a duplicate naming the kept row's line.
#[derive(Debug, Default, Clone)]
pub struct FirstOfNik {
    /// The NIK being read and the line of its kept row.
    current: Option<(Nik, u64)>,
}

impl FirstOfNik {
    pub fn new() -> FirstOfNik {
        FirstOfNik::default()
    }

    /// `None` to keep the row, or the duplicate it is. Rows must come in (NIK, line) order;
    /// a row before the one last seen is a fault of the caller (debug builds panic).
    pub fn admit(&mut self, nik: Nik, line: u64) -> Option<InFileDuplicate> {
        match self.current {
            Some((kept, first_line)) if kept == nik => {
                debug_assert!(line > first_line, "rows must come sorted by NIK, then line");
                Some(InFileDuplicate {
                    line,
                    first_line,
                    nik,
                })
            }
            previous => {
                debug_assert!(
                    previous.is_none_or(|(kept, _)| kept < nik),
                    "rows must come sorted by NIK, then line"
                );
                self.current = Some((nik, line));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lowest_line_wins() {
        let a = Nik::from_stored(6_401_011_708_850_003).unwrap();
        let b = Nik::from_stored(6_401_015_708_850_001).unwrap();
        let mut rows = vec![(9, a), (6, b), (7, a), (5, a), (10, b)];
        rows.sort_by_key(|&(line, nik)| (nik, line));
        let mut rule = FirstOfNik::new();
        let mut kept = Vec::new();
        let mut dups = Vec::new();
        for &(line, nik) in &rows {
            match rule.admit(nik, line) {
                None => kept.push((line, nik)),
                Some(d) => dups.push((d.line, d.first_line, d.nik)),
            }
        }
        assert_eq!(kept, vec![(5, a), (6, b)]);
        assert_eq!(dups, vec![(7, 5, a), (9, 5, a), (10, 6, b)]);
    }

    #[test]
    fn the_issue_names_the_kept_line() {
        let a = Nik::from_stored(6_401_011_708_850_003).unwrap();
        let mut rule = FirstOfNik::new();
        assert!(rule.admit(a, 4).is_none());
        let d = rule.admit(a, 12).expect("a duplicate");
        let issue = d.issue();
        assert_eq!(issue.line, 12);
        assert!(format!("{issue:?}").contains('4'), "{issue:?}");
    }
}
