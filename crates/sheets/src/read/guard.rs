//! Bounds on what a zipped workbook (XLSX, XLSM, ODS) may inflate to, checked before calamine
//! reads it: a few hundred kilobytes of deflated XML can inflate to gigabytes (a "zip bomb"),
//! and calamine holds the shared strings, and an ODS sheet, whole in memory.
//!
//! [`check_zip`] looks at the central directory first (declared sizes and compression ratios),
//! then inflates every entry once, streaming, counting the bytes actually produced, since a
//! declared size can lie. While inflating the XML it also bounds one text run (a cell holds at
//! most 32,767 characters in Excel), one tag, one shared string or cell, and, for ODS, the
//! cells that repeated rows and columns would expand to. Nothing is kept in memory but a
//! small buffer. The limits are in [`crate::limits`]. This module does not read cells.

use crate::error::{LimitKind, SheetError};
use crate::limits;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Checks a zipped workbook against the limits; `Ok` means calamine may read it.
pub(crate) fn check_zip(path: &Path) -> Result<(), SheetError> {
    let file = File::open(path).map_err(|e| SheetError::io(path, e))?;
    let mut archive = match zip::ZipArchive::new(file) {
        Ok(a) => a,
        // Not a zip at all: calamine says so in its own words.
        Err(_) => return Ok(()),
    };
    let refuse = |kind: LimitKind, entry: &str, found: u64| SheetError::TooLarge {
        path: path.to_path_buf(),
        entry: entry.to_string(),
        kind,
        found,
    };
    if archive.len() > limits::MAX_ZIP_ENTRIES {
        return Err(refuse(LimitKind::Entries, "", archive.len() as u64));
    }
    // The central directory first: refusing on declared sizes costs nothing.
    let mut declared_total = 0u64;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let (size, packed) = (entry.size(), entry.compressed_size());
        check_entry_size(&name, size).map_err(|(k, n)| refuse(k, &name, n))?;
        if size > limits::RATIO_CHECKED_FROM && size / packed.max(1) > limits::MAX_ZIP_RATIO {
            return Err(refuse(LimitKind::Ratio, &name, size / packed.max(1)));
        }
        declared_total = declared_total.saturating_add(size);
    }
    if declared_total > limits::MAX_ZIP_TOTAL_BYTES {
        return Err(refuse(LimitKind::Total, "", declared_total));
    }
    // Then what the entries really inflate to.
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            // A damaged entry: calamine reports it if it needs it.
            continue;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut scanner = XmlScanner::for_entry(&name);
        let packed = entry.compressed_size();
        let mut inflated = 0u64;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                // Damaged data is calamine's to report; the bytes so far were within bounds.
                Err(_) => break,
            };
            inflated += n as u64;
            total += n as u64;
            check_entry_size(&name, inflated).map_err(|(k, n)| refuse(k, &name, n))?;
            if total > limits::MAX_ZIP_TOTAL_BYTES {
                return Err(refuse(LimitKind::Total, "", total));
            }
            if inflated > limits::RATIO_CHECKED_FROM
                && inflated / packed.max(1) > limits::MAX_ZIP_RATIO
            {
                return Err(refuse(LimitKind::Ratio, &name, inflated / packed.max(1)));
            }
            if let Some(s) = scanner.as_mut() {
                s.feed(&buf[..n])
                    .map_err(|(k, found)| refuse(k, &name, found))?;
            }
        }
    }
    Ok(())
}

/// The bound on one entry's inflated size, by what calamine does with it.
fn check_entry_size(name: &str, size: u64) -> Result<(), (LimitKind, u64)> {
    let max = if is_shared_strings(name) || name == "content.xml" {
        // Held whole in memory by calamine.
        limits::MAX_HELD_ENTRY_BYTES
    } else {
        limits::MAX_ENTRY_BYTES
    };
    if size > max {
        Err((LimitKind::EntryBytes, size))
    } else {
        Ok(())
    }
}

fn is_shared_strings(name: &str) -> bool {
    name.eq_ignore_ascii_case("xl/sharedStrings.xml")
}

/// A byte-level XML walker: no tree, no allocation beyond one tag's bytes.
struct XmlScanner {
    /// The element whose whole content is bounded (`si`, `c`, `table:table-cell`).
    item: &'static [u8],
    ods: bool,
    in_tag: bool,
    tag: Vec<u8>,
    quote: Option<u8>,
    text_run: u64,
    in_item: bool,
    item_bytes: u64,
    /// ODS: the current row's repeat count, the position reached, and the far corner of the
    /// cells holding something (what calamine's dense range will span).
    row_repeat: u64,
    row: u64,
    col: u64,
    last_row: u64,
    last_col: u64,
}

impl XmlScanner {
    fn for_entry(name: &str) -> Option<XmlScanner> {
        let lower = name.to_ascii_lowercase();
        let (item, ods): (&'static [u8], bool) = if is_shared_strings(name) {
            (b"si", false)
        } else if lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") {
            (b"c", false)
        } else if lower == "content.xml" {
            (b"table:table-cell", true)
        } else if lower.ends_with(".xml") {
            (b"", false)
        } else {
            return None;
        };
        Some(XmlScanner {
            item,
            ods,
            in_tag: false,
            tag: Vec::new(),
            quote: None,
            text_run: 0,
            in_item: false,
            item_bytes: 0,
            row_repeat: 1,
            row: 0,
            col: 0,
            last_row: 0,
            last_col: 0,
        })
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), (LimitKind, u64)> {
        for &b in bytes {
            if self.in_item {
                self.item_bytes += 1;
                if self.item_bytes > limits::MAX_ITEM_BYTES {
                    return Err((LimitKind::ItemBytes, self.item_bytes));
                }
            }
            if self.in_tag {
                match self.quote {
                    Some(q) if b == q => self.quote = None,
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => self.quote = Some(b),
                    None if b == b'>' => {
                        self.in_tag = false;
                        self.end_tag()?;
                        continue;
                    }
                    None => {}
                }
                self.tag.push(b);
                if self.tag.len() as u64 > limits::MAX_TAG_BYTES {
                    return Err((LimitKind::TagBytes, self.tag.len() as u64));
                }
            } else if b == b'<' {
                self.in_tag = true;
                self.tag.clear();
                self.text_run = 0;
            } else {
                self.text_run += 1;
                if self.text_run > limits::MAX_TEXT_BYTES {
                    return Err((LimitKind::TextBytes, self.text_run));
                }
            }
        }
        Ok(())
    }

    /// A tag just closed; `self.tag` holds what was between `<` and `>`.
    fn end_tag(&mut self) -> Result<(), (LimitKind, u64)> {
        let tag = std::mem::take(&mut self.tag);
        let closing = tag.first() == Some(&b'/');
        let self_closing = tag.last() == Some(&b'/');
        let body = if closing { &tag[1..] } else { &tag[..] };
        let name_end = body
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(body.len());
        let name = &body[..name_end];
        if !self.item.is_empty() && name == self.item {
            if closing {
                self.in_item = false;
            } else if !self_closing {
                self.in_item = true;
                self.item_bytes = 0;
            }
        }
        if self.ods {
            self.ods_tag(name, body, closing, self_closing)?;
        }
        self.tag = tag;
        self.tag.clear();
        Ok(())
    }

    fn ods_tag(
        &mut self,
        name: &[u8],
        body: &[u8],
        closing: bool,
        self_closing: bool,
    ) -> Result<(), (LimitKind, u64)> {
        match name {
            b"table:table" if !closing => {
                self.row = 0;
            }
            b"table:table-row" if !closing => {
                self.row_repeat = attribute(body, b"table:number-rows-repeated").unwrap_or(1);
                self.col = 0;
                if self_closing {
                    self.row += self.row_repeat;
                }
            }
            b"table:table-row" => self.row += self.row_repeat,
            b"table:table-cell" | b"table:covered-table-cell" if !closing => {
                let repeat = attribute(body, b"table:number-columns-repeated").unwrap_or(1);
                self.col = self.col.saturating_add(repeat);
                // A cell with content (not `<table:table-cell/>`) is copied into every
                // repeated position of the dense range calamine builds.
                if !self_closing {
                    self.last_col = self.last_col.max(self.col);
                    self.last_row = self.last_row.max(self.row.saturating_add(self.row_repeat));
                    let cells = self.last_col.saturating_mul(self.last_row);
                    if cells > limits::MAX_CELLS {
                        return Err((LimitKind::Cells, cells));
                    }
                }
            }
            b"text:s" if !closing => {
                let spaces = attribute(body, b"text:c").unwrap_or(1);
                if spaces > limits::MAX_CELL_CHARS {
                    return Err((LimitKind::TextBytes, spaces));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The number in `name="123"` inside a tag, if present and numeric.
fn attribute(tag: &[u8], name: &[u8]) -> Option<u64> {
    let mut pattern = name.to_vec();
    pattern.extend_from_slice(b"=\"");
    let start = tag
        .windows(pattern.len())
        .position(|w| w == pattern.as_slice())?
        + pattern.len();
    let digits: &[u8] = &tag[start..];
    let end = digits.iter().position(|b| !b.is_ascii_digit())?;
    std::str::from_utf8(&digits[..end]).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(name: &str, xml: &[u8]) -> Result<(), (LimitKind, u64)> {
        let mut s = XmlScanner::for_entry(name).unwrap();
        // Fed in small pieces: limits hold across buffer boundaries.
        for piece in xml.chunks(7) {
            s.feed(piece)?;
        }
        Ok(())
    }

    #[test]
    fn a_long_shared_string_is_refused_and_a_normal_one_passes() {
        let ok = b"<sst><si><t>Ahmad Yani</t></si><si/></sst>";
        assert!(scan("xl/sharedStrings.xml", ok).is_ok());
        let long = format!("<sst><si><t>{}</t></si></sst>", "a".repeat(300_000));
        assert_eq!(
            scan("xl/sharedStrings.xml", long.as_bytes()).unwrap_err().0,
            LimitKind::TextBytes
        );
        // Many short rich-text runs in one string add up.
        let runs = format!(
            "<sst><si>{}</si></sst>",
            "<r><t>abcdefghij</t></r>".repeat(60_000)
        );
        assert_eq!(
            scan("xl/sharedStrings.xml", runs.as_bytes()).unwrap_err().0,
            LimitKind::ItemBytes
        );
    }

    #[test]
    fn ods_repeats_are_bounded_by_the_cells_they_expand_to() {
        let trailing = br#"<table:table><table:table-row table:number-rows-repeated="1048553"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert!(
            scan("content.xml", trailing).is_ok(),
            "empty repeats are cheap"
        );
        let bomb = br#"<table:table><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
        assert_eq!(scan("content.xml", bomb).unwrap_err().0, LimitKind::Cells);
        let spaces = br#"<text:p>a<text:s text:c="4000000000"/>b</text:p>"#;
        assert_eq!(
            scan("content.xml", spaces).unwrap_err().0,
            LimitKind::TextBytes
        );
    }

    #[test]
    fn attributes_are_read_as_numbers() {
        assert_eq!(
            attribute(
                br#"table:table-row a="1" table:number-rows-repeated="42""#,
                b"table:number-rows-repeated"
            ),
            Some(42)
        );
        assert_eq!(attribute(b"table:table-row", b"x"), None);
    }
}
