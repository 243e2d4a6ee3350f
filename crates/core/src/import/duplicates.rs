//! A NIK repeated within one file: the first row wins, later rows are refused.

use crate::nik::Nik;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// For each row whose NIK already appeared on an earlier row, `(its line, the first line)`, in
/// the order of `rows`. Build the issue with [`RowIssue::duplicate_in_file`](super::RowIssue::duplicate_in_file).
pub fn duplicate_niks(rows: &[(u64, Nik)]) -> Vec<(u64, u64)> {
    let mut first: HashMap<Nik, u64> = HashMap::with_capacity(rows.len());
    let mut out = Vec::new();
    for &(line, nik) in rows {
        match first.entry(nik) {
            Entry::Occupied(e) => out.push((line, *e.get())),
            Entry::Vacant(e) => {
                e.insert(line);
            }
        }
    }
    out
}
