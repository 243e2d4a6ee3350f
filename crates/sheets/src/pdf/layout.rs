//! Where everything goes: page size, column widths, header lines, and which rows and footnote
//! lines land on which page. Measures text but draws nothing; [`super::draw`] follows this plan.
//!
//! All lengths are PDF points (1/72 inch), measured from the page's top-left corner downwards.

use super::PdfTable;
use super::error::PdfError;
use super::fonts::{Face, Fonts, single_line};
use std::ops::Range;

const MM: f32 = 72.0 / 25.4;
const A4_SHORT: f32 = 210.0 * MM;
const A4_LONG: f32 = 297.0 * MM;
pub(super) const MARGIN_X: f32 = 15.0 * MM;
pub(super) const MARGIN_TOP: f32 = 15.0 * MM;
pub(super) const MARGIN_BOTTOM: f32 = 15.0 * MM;
/// Space kept above the bottom margin for the page number.
const FOOTER_ZONE: f32 = 16.0;

pub(super) const TITLE_SIZE: f32 = 14.0;
pub(super) const TITLE_LINE: f32 = 18.0;
pub(super) const SUBTITLE_SIZE: f32 = 9.0;
pub(super) const SUBTITLE_LINE: f32 = 12.0;
/// Space between the title block and the table on the first page.
const TITLE_GAP: f32 = 10.0;
/// Later pages repeat the title in small print.
pub(super) const RUNNING_SIZE: f32 = 8.0;
pub(super) const RUNNING_LINE: f32 = 11.0;
const RUNNING_GAP: f32 = 6.0;

pub(super) const BODY_SIZE: f32 = 9.0;
pub(super) const ROW_HEIGHT: f32 = 15.0;
pub(super) const HEADER_SIZE: f32 = 9.0;
pub(super) const HEADER_LINE: f32 = 11.0;
pub(super) const HEADER_PAD_Y: f32 = 4.0;
const MAX_HEADER_LINES: usize = 3;
/// Space left and right of the text in each cell.
pub(super) const CELL_PAD_X: f32 = 4.0;
/// No column is made narrower than this, so every cell still shows a few characters.
const MIN_COLUMN: f32 = 28.0;

pub(super) const NOTE_SIZE: f32 = 8.0;
pub(super) const NOTE_LINE: f32 = 11.0;
const NOTE_GAP: f32 = 8.0;
pub(super) const FOOTER_SIZE: f32 = 8.0;

/// One column as it will be printed.
pub(super) struct Column {
    /// Left edge.
    pub(super) x: f32,
    pub(super) width: f32,
    pub(super) right_aligned: bool,
    /// The header text, wrapped to the column.
    pub(super) header_lines: Vec<String>,
}

impl Column {
    /// Room for text inside the column.
    pub(super) fn text_width(&self) -> f32 {
        (self.width - 2.0 * CELL_PAD_X).max(0.0)
    }
}

/// What one page holds.
pub(super) struct Page {
    /// Data rows on this page (empty for a page of footnotes only, or for an empty table).
    pub(super) rows: Range<usize>,
    /// Top of the header row, or `None` when the page holds only footnotes.
    pub(super) table_top: Option<f32>,
    /// Footnote lines (indices into [`Plan::note_lines`]) on this page.
    pub(super) notes: Range<usize>,
    /// Top of the first footnote line on this page.
    pub(super) notes_top: f32,
}

/// The whole layout.
pub(super) struct Plan {
    pub(super) page_width: f32,
    pub(super) page_height: f32,
    pub(super) columns: Vec<Column>,
    pub(super) header_height: f32,
    pub(super) title_lines: Vec<String>,
    pub(super) subtitle_lines: Vec<String>,
    pub(super) note_lines: Vec<String>,
    pub(super) pages: Vec<Page>,
}

impl Plan {
    /// Left edge of the text area.
    pub(super) fn left(&self) -> f32 {
        MARGIN_X
    }

    /// Right edge of the text area.
    pub(super) fn right(&self) -> f32 {
        self.page_width - MARGIN_X
    }

    /// Width of the table (at most the text area's).
    pub(super) fn table_width(&self) -> f32 {
        self.columns.iter().map(|c| c.width).sum()
    }

    /// Baseline of the page number.
    pub(super) fn footer_baseline(&self) -> f32 {
        self.page_height - MARGIN_BOTTOM
    }
}

/// What the cells ask for, before the page decides: all widths include the cell padding.
struct Demand {
    /// Widest body cell.
    body: f32,
    /// The header on one line.
    header: f32,
    /// The header's longest word: the narrowest the header gets by wrapping.
    header_word: f32,
}

impl Demand {
    /// Width with the header on one line.
    fn natural(&self) -> f32 {
        self.body.max(self.header)
    }

    /// Width with the header wrapped, nothing cut.
    fn compact(&self) -> f32 {
        self.body.max(self.header_word)
    }
}

/// Lays `table` out. The caller has checked that it has columns and that rows are rectangular.
pub(super) fn plan(table: &PdfTable<'_>, fonts: &Fonts) -> Result<Plan, PdfError> {
    let right_aligned = |i: usize| table.right_aligned.get(i).copied().unwrap_or(false);
    let demands: Vec<Demand> = (0..table.headers.len())
        .map(|i| demand(table, fonts, i))
        .collect();

    let portrait_width = A4_SHORT - 2.0 * MARGIN_X;
    let compact_total: f32 = demands.iter().map(Demand::compact).sum();
    let landscape =
        table.headers.len() > super::PORTRAIT_MAX_COLUMNS || compact_total > portrait_width;
    let (page_width, page_height) = if landscape {
        (A4_LONG, A4_SHORT)
    } else {
        (A4_SHORT, A4_LONG)
    };
    let content_width = page_width - 2.0 * MARGIN_X;

    let widths = column_widths(&demands, content_width)?;
    let mut x = MARGIN_X;
    let columns: Vec<Column> = widths
        .iter()
        .enumerate()
        .map(|(i, &width)| {
            let column = Column {
                x,
                width,
                right_aligned: right_aligned(i),
                header_lines: header_lines(
                    &fonts.bold,
                    &table.headers[i],
                    width - 2.0 * CELL_PAD_X,
                ),
            };
            x += width;
            column
        })
        .collect();
    let header_lines = columns
        .iter()
        .map(|c| c.header_lines.len())
        .max()
        .unwrap_or(1);
    let header_height = header_lines as f32 * HEADER_LINE + 2.0 * HEADER_PAD_Y;

    let title_lines = fonts.bold.wrap(table.title, TITLE_SIZE, content_width);
    let subtitle_lines = table
        .subtitle
        .map(|s| fonts.regular.wrap(s, SUBTITLE_SIZE, content_width))
        .unwrap_or_default();
    let note_lines: Vec<String> = table
        .notes
        .iter()
        .flat_map(|note| fonts.regular.wrap(note, NOTE_SIZE, content_width))
        .collect();

    let first_top = MARGIN_TOP
        + title_lines.len() as f32 * TITLE_LINE
        + subtitle_lines.len() as f32 * SUBTITLE_LINE
        + TITLE_GAP;
    let later_top = MARGIN_TOP + RUNNING_LINE + RUNNING_GAP;
    let bottom = page_height - MARGIN_BOTTOM - FOOTER_ZONE;
    let pages = paginate(
        table.rows.len(),
        note_lines.len(),
        header_height,
        first_top,
        later_top,
        bottom,
    );

    Ok(Plan {
        page_width,
        page_height,
        columns,
        header_height,
        title_lines,
        subtitle_lines,
        note_lines,
        pages,
    })
}

fn demand(table: &PdfTable<'_>, fonts: &Fonts, column: usize) -> Demand {
    let header = &table.headers[column];
    let body = table
        .rows
        .iter()
        .map(|row| fonts.regular.width(&single_line(&row[column]), BODY_SIZE))
        .fold(0.0, f32::max);
    let header_word = header
        .split_whitespace()
        .map(|word| fonts.bold.width(word, HEADER_SIZE))
        .fold(0.0, f32::max);
    let header_full = header
        .lines()
        .map(|line| fonts.bold.width(line.trim(), HEADER_SIZE))
        .fold(0.0, f32::max);
    let pad = 2.0 * CELL_PAD_X;
    Demand {
        body: body + pad,
        header: header_full + pad,
        header_word: header_word + pad,
    }
}

/// Chooses column widths that add up to at most `available`.
///
/// In order of preference: every header on one line; headers wrapped; the widest columns narrowed
/// (their longest cells then get cut). Any width left over is spread over all columns, so the
/// table always spans the text area.
fn column_widths(demands: &[Demand], available: f32) -> Result<Vec<f32>, PdfError> {
    let natural: Vec<f32> = demands.iter().map(Demand::natural).collect();
    let compact: Vec<f32> = demands.iter().map(Demand::compact).collect();
    let natural_total: f32 = natural.iter().sum();
    let compact_total: f32 = compact.iter().sum();

    let mut widths = if natural_total <= available {
        natural
    } else if compact_total <= available {
        // Give back to each header part of what wrapping took from it, in proportion.
        let share = (available - compact_total) / (natural_total - compact_total);
        compact
            .iter()
            .zip(&natural)
            .map(|(c, n)| c + (n - c) * share)
            .collect()
    } else {
        let floor_total: f32 = compact.iter().map(|c| c.min(MIN_COLUMN)).sum();
        if floor_total > available {
            return Err(PdfError::TooManyColumns {
                columns: demands.len(),
                max: (available / MIN_COLUMN) as usize,
            });
        }
        let cap = narrowing_cap(&compact, available);
        compact
            .iter()
            .map(|&c| c.min(cap.max(MIN_COLUMN)))
            .collect()
    };

    // Spread what is left over all columns in proportion to their width, as a browser does with
    // a full-width table: names get most of it, numbers a little air.
    let used: f32 = widths.iter().sum();
    if used > 0.0 && used < available {
        let scale = available / used;
        for w in &mut widths {
            *w *= scale;
        }
    }
    Ok(widths)
}

/// The largest cap such that capping every width at it (but never below [`MIN_COLUMN`]) fits
/// `available`: the widest columns give up width first.
fn narrowing_cap(widths: &[f32], available: f32) -> f32 {
    let total = |cap: f32| -> f32 { widths.iter().map(|&w| w.min(cap.max(MIN_COLUMN))).sum() };
    let (mut low, mut high) = (
        MIN_COLUMN,
        widths.iter().copied().fold(MIN_COLUMN, f32::max),
    );
    for _ in 0..40 {
        let mid = (low + high) / 2.0;
        if total(mid) <= available {
            low = mid;
        } else {
            high = mid;
        }
    }
    low
}

/// A header wrapped to `width`, at most [`MAX_HEADER_LINES`] lines; what does not fit on the last
/// line is cut with "…".
fn header_lines(bold: &Face, header: &str, width: f32) -> Vec<String> {
    let mut lines = bold.wrap(header, HEADER_SIZE, width);
    if lines.len() > MAX_HEADER_LINES {
        let rest = lines.split_off(MAX_HEADER_LINES - 1).join(" ");
        lines.push(bold.fit(&rest, HEADER_SIZE, width).into_owned());
    }
    lines
}

/// Splits the rows, then the footnote lines, over pages. The first page starts lower (under the
/// title); every page with rows starts with the header row. An empty table still gets a page
/// with its header and a one-row "no data" line.
fn paginate(
    rows: usize,
    notes: usize,
    header_height: f32,
    first_top: f32,
    later_top: f32,
    bottom: f32,
) -> Vec<Page> {
    let mut pages = Vec::new();
    let page_top = |count: usize| if count == 0 { first_top } else { later_top };

    let mut next = 0;
    loop {
        let top = page_top(pages.len());
        let fit = ((bottom - top - header_height) / ROW_HEIGHT)
            .floor()
            .max(1.0) as usize;
        let end = rows.min(next + fit);
        pages.push(Page {
            rows: next..end,
            table_top: Some(top),
            notes: 0..0,
            notes_top: 0.0,
        });
        next = end;
        if next >= rows {
            break;
        }
    }

    // The table's last page: footnotes follow its last row (or the "no data" row).
    let mut notes_top = match pages.last() {
        Some(page) => {
            let shown = page.rows.len().max(1);
            page.table_top.unwrap_or(later_top)
                + header_height
                + shown as f32 * ROW_HEIGHT
                + NOTE_GAP
        }
        None => later_top,
    };
    let mut next = 0;
    while next < notes {
        let fit = ((bottom - notes_top) / NOTE_LINE).floor().max(0.0) as usize;
        if fit == 0 {
            pages.push(Page {
                rows: 0..0,
                table_top: None,
                notes: 0..0,
                notes_top: later_top,
            });
            notes_top = later_top;
            continue;
        }
        let end = notes.min(next + fit);
        if let Some(page) = pages.last_mut() {
            page.notes = next..end;
            page.notes_top = notes_top;
        }
        next = end;
        notes_top = bottom;
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demand(body: f32, header: f32, header_word: f32) -> Demand {
        Demand {
            body,
            header,
            header_word,
        }
    }

    #[test]
    fn spare_width_is_shared_in_proportion() {
        let widths = column_widths(
            &[demand(100.0, 50.0, 50.0), demand(40.0, 60.0, 30.0)],
            320.0,
        )
        .unwrap();
        assert_eq!(widths, vec![200.0, 120.0]);
    }

    #[test]
    fn headers_wrap_before_cells_are_cut() {
        let widths = column_widths(
            &[demand(100.0, 50.0, 50.0), demand(40.0, 120.0, 60.0)],
            180.0,
        )
        .unwrap();
        assert!((widths[0] - 100.0).abs() < 0.01, "{widths:?}");
        assert!((widths[1] - 80.0).abs() < 0.01, "{widths:?}");
    }

    #[test]
    fn widest_column_is_narrowed_first() {
        let widths = column_widths(
            &[demand(400.0, 50.0, 50.0), demand(60.0, 60.0, 60.0)],
            200.0,
        )
        .unwrap();
        assert!((widths[0] - 140.0).abs() < 0.01, "{widths:?}");
        assert_eq!(widths[1], 60.0);
    }

    #[test]
    fn too_many_columns_is_an_error() {
        let demands: Vec<Demand> = (0..10).map(|_| demand(50.0, 50.0, 50.0)).collect();
        let error = column_widths(&demands, 200.0).unwrap_err();
        assert_eq!(
            error,
            PdfError::TooManyColumns {
                columns: 10,
                max: 7
            }
        );
    }

    #[test]
    fn notes_that_do_not_fit_go_to_a_new_page() {
        // 10 rows fill the only page exactly; 3 note lines need a page of their own.
        let pages = paginate(10, 3, 20.0, 0.0, 0.0, 20.0 + 10.0 * ROW_HEIGHT);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].rows, 0..10);
        assert_eq!(pages[1].table_top, None);
        assert_eq!(pages[1].notes, 0..3);
    }
}
