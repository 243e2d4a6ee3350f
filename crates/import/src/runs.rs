//! Sorting more records than memory holds: records are gathered in memory up to a limit, each
//! full buffer is sorted and written to an unnamed temporary file (a *run*), and reading merges
//! the runs and the last buffer with a heap, in key order. Memory is the buffer, plus one record
//! and one read buffer per run — whatever the number of records: a file of 45 million rows is
//! sorted with the memory of a few hundred thousand.
//!
//! Runs are unnamed files (O_TMPFILE where possible) in the import's spill folder: other people's
//! rows never get a name on disk, and the files vanish with the import, even after a crash. A
//! run takes about as many bytes as its rows had in the file, so the disk used is bounded by the
//! file's size.
//!
//! (No well-kept crate does this for typed records with our own encoding; the merge is the
//! textbook one.)

use rayon::slice::ParallelSliceMut;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Bytes buffered per run when writing or reading it.
const IO_BUFFER: usize = 64 * 1024;

/// A record that can be sorted on disk: its key, and its encoding in a run.
pub(crate) trait Record: Sized + Send + Clone {
    type Key: Ord + Copy + Send;
    fn key(&self) -> Self::Key;
    /// Appends the record's bytes to `out`.
    fn encode(&self, out: &mut Vec<u8>);
    /// Reads the next record; `None` at the end of the run.
    fn decode(input: &mut impl Read) -> io::Result<Option<Self>>;
}

/// Records gathered for sorting; see the module documentation.
#[derive(Debug)]
pub(crate) struct Runs<T: Record> {
    dir: Option<PathBuf>,
    limit: usize,
    buffer: Vec<T>,
    /// Whether `buffer` is sorted (reading sorts it once).
    sorted: bool,
    files: Vec<File>,
}

impl<T: Record> Runs<T> {
    /// Runs of at most `limit` records, spilled to `dir` (the system's temporary folder when
    /// `None`).
    pub(crate) fn new(dir: Option<&Path>, limit: usize) -> Runs<T> {
        Runs {
            dir: dir.map(Path::to_path_buf),
            limit: limit.max(1),
            buffer: Vec::new(),
            sorted: true,
            files: Vec::new(),
        }
    }

    /// Runs written to disk so far.
    pub(crate) fn runs_on_disk(&self) -> usize {
        self.files.len()
    }

    pub(crate) fn push(&mut self, record: T) -> io::Result<()> {
        self.buffer.push(record);
        self.sorted = false;
        if self.buffer.len() >= self.limit {
            self.spill()?;
        }
        Ok(())
    }

    fn sort_buffer(&mut self) {
        if !self.sorted {
            // Stable: records of equal keys keep the order they were pushed in.
            self.buffer.par_sort_by_key(T::key);
            self.sorted = true;
        }
    }

    /// Sorts the buffer and writes it out as a run.
    fn spill(&mut self) -> io::Result<()> {
        self.sort_buffer();
        let file = match &self.dir {
            Some(d) => {
                paritrana_store::files::private_dir_if_missing(d)?;
                tempfile::tempfile_in(d)?
            }
            None => tempfile::tempfile()?,
        };
        let mut out = BufWriter::with_capacity(IO_BUFFER, file);
        let mut bytes = Vec::with_capacity(256);
        for r in self.buffer.drain(..) {
            bytes.clear();
            r.encode(&mut bytes);
            out.write_all(&bytes)?;
        }
        let file = out.into_inner().map_err(|e| e.into_error())?;
        self.files.push(file);
        self.buffer = Vec::with_capacity(self.limit.min(1 << 20));
        Ok(())
    }

    /// Every record in key order (records of equal keys in the order pushed), read back as the
    /// iterator advances; the buffer is cloned as it is read. Can be read again (one reading at
    /// a time: it takes `&mut self`).
    pub(crate) fn iter(&mut self) -> io::Result<Merge<'_, T>> {
        self.sort_buffer();
        let mut sources: Vec<Source<'_, T>> = Vec::with_capacity(self.files.len() + 1);
        for f in &self.files {
            let mut f = f.try_clone()?;
            f.rewind()?;
            sources.push(Source::Disk(BufReader::with_capacity(IO_BUFFER, f)));
        }
        sources.push(Source::Borrowed(self.buffer.iter()));
        Merge::new(sources)
    }

    /// Every record in key order, taking the buffer rather than cloning it.
    pub(crate) fn into_sorted(mut self) -> io::Result<Merge<'static, T>> {
        self.sort_buffer();
        let mut sources: Vec<Source<'static, T>> = Vec::with_capacity(self.files.len() + 1);
        for mut f in std::mem::take(&mut self.files) {
            f.rewind()?;
            sources.push(Source::Disk(BufReader::with_capacity(IO_BUFFER, f)));
        }
        sources.push(Source::Owned(std::mem::take(&mut self.buffer).into_iter()));
        Merge::new(sources)
    }
}

/// Where a merged record comes from.
enum Source<'a, T> {
    Disk(BufReader<File>),
    Borrowed(std::slice::Iter<'a, T>),
    Owned(std::vec::IntoIter<T>),
}

impl<T: Record> Source<'_, T> {
    fn next(&mut self) -> io::Result<Option<T>> {
        match self {
            Source::Disk(r) => T::decode(r),
            Source::Borrowed(i) => Ok(i.next().cloned()),
            Source::Owned(i) => Ok(i.next()),
        }
    }
}

/// The k-way merge of sorted sources.
pub(crate) struct Merge<'a, T: Record> {
    sources: Vec<Source<'a, T>>,
    /// The next record of each source.
    heads: Vec<Option<T>>,
    /// (key, source) of every head: the smallest first; on equal keys the earlier source,
    /// which holds the records pushed earlier.
    heap: BinaryHeap<Reverse<(T::Key, usize)>>,
}

impl<'a, T: Record> Merge<'a, T> {
    fn new(mut sources: Vec<Source<'a, T>>) -> io::Result<Merge<'a, T>> {
        let mut heads = Vec::with_capacity(sources.len());
        let mut heap = BinaryHeap::with_capacity(sources.len());
        for (i, s) in sources.iter_mut().enumerate() {
            let head = s.next()?;
            if let Some(h) = &head {
                heap.push(Reverse((h.key(), i)));
            }
            heads.push(head);
        }
        Ok(Merge {
            sources,
            heads,
            heap,
        })
    }
}

impl<T: Record> Iterator for Merge<'_, T> {
    type Item = io::Result<T>;

    fn next(&mut self) -> Option<io::Result<T>> {
        let Reverse((_, i)) = self.heap.pop()?;
        let record = self.heads[i].take()?;
        match self.sources[i].next() {
            Ok(Some(next)) => {
                self.heap.push(Reverse((next.key(), i)));
                self.heads[i] = Some(next);
            }
            Ok(None) => {}
            Err(e) => {
                self.heap.clear();
                return Some(Err(e));
            }
        }
        Some(Ok(record))
    }
}

/// Reads exactly `N` bytes, or `None` at a clean end of the input (no byte left).
pub(crate) fn read_array<const N: usize>(input: &mut impl Read) -> io::Result<Option<[u8; N]>> {
    let mut buf = [0u8; N];
    let mut filled = 0;
    while filled < N {
        match input.read(&mut buf[filled..]) {
            Ok(0) if filled == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(Some(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A number with a payload, ordered by the number only.
    #[derive(Debug, Clone, PartialEq)]
    struct Pair(u32, u8);

    impl Record for Pair {
        type Key = u32;
        fn key(&self) -> u32 {
            self.0
        }
        fn encode(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.0.to_le_bytes());
            out.push(self.1);
        }
        fn decode(input: &mut impl Read) -> io::Result<Option<Pair>> {
            let Some(n) = read_array::<4>(input)? else {
                return Ok(None);
            };
            let p = read_array::<1>(input)?.ok_or(io::ErrorKind::UnexpectedEof)?;
            Ok(Some(Pair(u32::from_le_bytes(n), p[0])))
        }
    }

    #[test]
    fn many_runs_merge_into_key_order_keeping_the_push_order_of_equal_keys() {
        let dir = tempfile::tempdir().unwrap();
        let mut runs = Runs::new(Some(dir.path()), 7);
        // 100 records, keys repeating: (k * 37) % 23, payload the push order.
        let pushed: Vec<Pair> = (0..100u32).map(|i| Pair((i * 37) % 23, i as u8)).collect();
        for p in &pushed {
            runs.push(p.clone()).unwrap();
        }
        assert_eq!(runs.runs_on_disk(), 14, "100 records in runs of 7");
        assert!(
            std::fs::read_dir(dir.path()).unwrap().next().is_none(),
            "the runs have no names"
        );
        let mut expected = pushed.clone();
        expected.sort_by_key(|p| p.0);
        let once: Vec<Pair> = runs.iter().unwrap().map(Result::unwrap).collect();
        assert_eq!(once, expected);
        let again: Vec<Pair> = runs.iter().unwrap().map(Result::unwrap).collect();
        assert_eq!(again, expected, "read a second time");
        let taken: Vec<Pair> = runs.into_sorted().unwrap().map(Result::unwrap).collect();
        assert_eq!(taken, expected);
    }

    #[test]
    fn records_that_fit_stay_in_memory() {
        let mut runs = Runs::new(None, 1000);
        for i in (0..10u32).rev() {
            runs.push(Pair(i, 0)).unwrap();
        }
        assert_eq!(runs.runs_on_disk(), 0);
        let keys: Vec<u32> = runs.into_sorted().unwrap().map(|p| p.unwrap().0).collect();
        assert_eq!(keys, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn a_damaged_run_is_an_error_not_a_short_list() {
        let mut runs = Runs::new(None, 2);
        for i in 0..4u32 {
            runs.push(Pair(i, 0)).unwrap();
        }
        // Cut the first run in the middle of a record.
        runs.files[0].set_len(7).unwrap();
        let got: Vec<io::Result<Pair>> = runs.iter().unwrap().collect();
        assert!(got.iter().any(|r| r.is_err()), "{got:?}");
    }
}
