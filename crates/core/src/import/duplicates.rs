//! A NIK repeated within one file: the first row (the lowest line) wins, later rows are refused.
//! The one place this rule lives; the import pipeline applies it through [`split_by_nik`].

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
    /// The refused row's position in the rows as [`split_by_nik`] left them (sorted).
    pub index: usize,
}

impl InFileDuplicate {
    /// The problem reported for the refused row.
    pub fn issue(&self) -> RowIssue {
        RowIssue::duplicate_in_file(self.line, &self.nik.to_string(), self.first_line)
    }
}

/// Sorts `rows` by NIK then line (`key` gives both) and keeps the first row of each NIK:
/// `keep` is called with each kept row, in NIK order — the order a batch is handed to the
/// store in. Every later row of the same NIK is returned as a duplicate naming the kept row's
/// line, in line order. (One pass over the sorted rows: a million rows are read once.)
pub fn split_by_nik<'a, T>(
    rows: &'a mut [T],
    key: impl Fn(&T) -> (Nik, u64),
    mut keep: impl FnMut(&'a T),
) -> Vec<InFileDuplicate> {
    rows.sort_unstable_by_key(|r| key(r));
    let rows: &'a [T] = rows;
    let mut duplicates = Vec::new();
    let mut first: Option<(Nik, u64)> = None;
    for (index, row) in rows.iter().enumerate() {
        let (nik, line) = key(row);
        match first {
            Some((kept, first_line)) if kept == nik => duplicates.push(InFileDuplicate {
                line,
                first_line,
                nik,
                index,
            }),
            _ => {
                first = Some((nik, line));
                keep(row);
            }
        }
    }
    duplicates.sort_unstable_by_key(|d| d.line);
    duplicates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lowest_line_wins_whatever_the_order_given() {
        let a = Nik::from_stored(6_401_011_708_850_003).unwrap();
        let b = Nik::from_stored(6_401_015_708_850_001).unwrap();
        let mut rows = vec![(9, a), (6, b), (7, a), (5, a), (10, b)];
        let mut kept = Vec::new();
        let dups = split_by_nik(&mut rows, |&(line, nik)| (nik, line), |r| kept.push(*r));
        assert_eq!(kept, vec![(5, a), (6, b)]);
        let pairs: Vec<(u64, u64)> = dups.iter().map(|d| (d.line, d.first_line)).collect();
        assert_eq!(pairs, vec![(7, 5), (9, 5), (10, 6)]);
        assert_eq!(rows, vec![(5, a), (7, a), (9, a), (6, b), (10, b)]);
        assert!(
            dups.iter()
                .all(|d| rows[d.index].0 == d.line && rows[d.index].1 == d.nik)
        );
    }

    #[test]
    fn no_rows_no_duplicates() {
        let mut rows: Vec<(u64, Nik)> = Vec::new();
        let mut kept = 0;
        assert!(split_by_nik(&mut rows, |&(line, nik)| (nik, line), |_| kept += 1).is_empty());
        assert_eq!(kept, 0);
    }
}
