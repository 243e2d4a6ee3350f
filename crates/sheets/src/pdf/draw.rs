//! Draws a [`Plan`] with krilla: title, header row, striped rows, footnotes and page numbers.
//! Every position comes from the plan; this module only turns it into PDF drawing operations.

use super::PdfTable;
use super::error::PdfError;
use super::fonts::{Face, Fonts, single_line};
use super::layout::*;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::TextDirection;
use paritrana_core::Lang;

/// An sRGB colour as red, green, blue.
type Rgb = (u8, u8, u8);

const TEXT: Rgb = (0, 0, 0);
/// Subtitle, running title, footnotes and page numbers.
const MUTED: Rgb = (85, 85, 85);
const HEADER_FILL: Rgb = (221, 229, 238);
/// Every other row, so a long row can be followed across the page.
const STRIPE_FILL: Rgb = (243, 245, 247);
const RULE: Rgb = (120, 130, 140);
const RULE_WIDTH: f32 = 0.6;

/// Draws every page of `plan` and returns the PDF's bytes.
pub(super) fn render(
    table: &PdfTable<'_>,
    fonts: &Fonts,
    plan: &Plan,
) -> Result<Vec<u8>, PdfError> {
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(table.title.to_string())
            .creator("Paritrana".to_string())
            .language(
                match table.lang {
                    Lang::Id => "id",
                    Lang::En => "en",
                }
                .to_string(),
            ),
    );
    let settings = PageSettings::from_wh(plan.page_width, plan.page_height).ok_or_else(|| {
        PdfError::Render {
            detail: format!("invalid page size {}×{}", plan.page_width, plan.page_height),
        }
    })?;
    let total = plan.pages.len();
    for (index, page_plan) in plan.pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut pen = Pen {
            surface: &mut surface,
            fonts,
        };
        if index == 0 {
            pen.title_block(plan);
        } else {
            pen.running_title(table.title, plan);
        }
        if let Some(top) = page_plan.table_top {
            pen.header_row(plan, top);
            pen.rows(table, plan, page_plan, top + plan.header_height);
        }
        pen.notes(plan, page_plan);
        pen.page_number(plan, index + 1, total, table.lang);
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|error| PdfError::Render {
        detail: error.to_string(),
    })
}

/// A surface with the fonts at hand.
struct Pen<'s, 'p, 'f> {
    surface: &'s mut Surface<'p>,
    fonts: &'f Fonts,
}

/// Horizontal placement of a line of text.
enum Align {
    Left(f32),
    Right(f32),
}

impl Pen<'_, '_, '_> {
    fn title_block(&mut self, plan: &Plan) {
        let fonts = self.fonts;
        let mut top = MARGIN_TOP;
        for line in &plan.title_lines {
            let baseline = centred_baseline(&fonts.bold, TITLE_SIZE, top, TITLE_LINE);
            self.text(
                &fonts.bold,
                TITLE_SIZE,
                TEXT,
                Align::Left(plan.left()),
                baseline,
                line,
            );
            top += TITLE_LINE;
        }
        for line in &plan.subtitle_lines {
            let baseline = centred_baseline(&fonts.regular, SUBTITLE_SIZE, top, SUBTITLE_LINE);
            self.text(
                &fonts.regular,
                SUBTITLE_SIZE,
                MUTED,
                Align::Left(plan.left()),
                baseline,
                line,
            );
            top += SUBTITLE_LINE;
        }
    }

    fn running_title(&mut self, title: &str, plan: &Plan) {
        let fonts = self.fonts;
        let title = single_line(title);
        let title = fonts
            .regular
            .fit(&title, RUNNING_SIZE, plan.right() - plan.left());
        let baseline = centred_baseline(&fonts.regular, RUNNING_SIZE, MARGIN_TOP, RUNNING_LINE);
        self.text(
            &fonts.regular,
            RUNNING_SIZE,
            MUTED,
            Align::Left(plan.left()),
            baseline,
            &title,
        );
    }

    fn header_row(&mut self, plan: &Plan, top: f32) {
        let fonts = self.fonts;
        self.rect(
            plan.left(),
            top,
            plan.table_width(),
            plan.header_height,
            HEADER_FILL,
        );
        // Header text sits at the bottom of the row, next to the data it names.
        let lines = plan
            .columns
            .iter()
            .map(|c| c.header_lines.len())
            .max()
            .unwrap_or(1);
        for column in &plan.columns {
            let first = lines - column.header_lines.len();
            for (i, line) in column.header_lines.iter().enumerate() {
                let line_top = top + HEADER_PAD_Y + (first + i) as f32 * HEADER_LINE;
                let baseline = centred_baseline(&fonts.bold, HEADER_SIZE, line_top, HEADER_LINE);
                self.text(
                    &fonts.bold,
                    HEADER_SIZE,
                    TEXT,
                    cell_align(column),
                    baseline,
                    line,
                );
            }
        }
        let bottom = top + plan.header_height;
        self.rule(plan.left(), plan.left() + plan.table_width(), bottom);
    }

    fn rows(&mut self, table: &PdfTable<'_>, plan: &Plan, page: &Page, top: f32) {
        let fonts = self.fonts;
        let mut row_top = top;
        if table.rows.is_empty() {
            let message = match table.lang {
                Lang::Id => "Tidak ada data.",
                Lang::En => "No data.",
            };
            let baseline = centred_baseline(&fonts.regular, BODY_SIZE, row_top, ROW_HEIGHT);
            self.text(
                &fonts.regular,
                BODY_SIZE,
                MUTED,
                Align::Left(plan.left() + CELL_PAD_X),
                baseline,
                message,
            );
            row_top += ROW_HEIGHT;
        }
        for index in page.rows.clone() {
            // Stripes count from the table's first row, so they continue across pages.
            if index % 2 == 1 {
                self.rect(
                    plan.left(),
                    row_top,
                    plan.table_width(),
                    ROW_HEIGHT,
                    STRIPE_FILL,
                );
            }
            let baseline = centred_baseline(&fonts.regular, BODY_SIZE, row_top, ROW_HEIGHT);
            for (column, cell) in plan.columns.iter().zip(&table.rows[index]) {
                let cell = single_line(cell);
                let text = fonts.regular.fit(&cell, BODY_SIZE, column.text_width());
                self.text(
                    &fonts.regular,
                    BODY_SIZE,
                    TEXT,
                    cell_align(column),
                    baseline,
                    &text,
                );
            }
            row_top += ROW_HEIGHT;
        }
        self.rule(plan.left(), plan.left() + plan.table_width(), row_top);
    }

    fn notes(&mut self, plan: &Plan, page: &Page) {
        let fonts = self.fonts;
        let mut top = page.notes_top;
        for line in &plan.note_lines[page.notes.clone()] {
            let baseline = centred_baseline(&fonts.regular, NOTE_SIZE, top, NOTE_LINE);
            self.text(
                &fonts.regular,
                NOTE_SIZE,
                MUTED,
                Align::Left(plan.left()),
                baseline,
                line,
            );
            top += NOTE_LINE;
        }
    }

    fn page_number(&mut self, plan: &Plan, number: usize, total: usize, lang: Lang) {
        let label = match lang {
            Lang::Id => format!("Halaman {number} dari {total}"),
            Lang::En => format!("Page {number} of {total}"),
        };
        let fonts = self.fonts;
        self.text(
            &fonts.regular,
            FOOTER_SIZE,
            MUTED,
            Align::Right(plan.right()),
            plan.footer_baseline(),
            &label,
        );
    }

    fn text(
        &mut self,
        face: &Face,
        size: f32,
        color: Rgb,
        align: Align,
        baseline: f32,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let x = match align {
            Align::Left(x) => x,
            Align::Right(right) => right - face.width(text, size),
        };
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(fill(color)));
        self.surface.draw_text(
            Point::from_xy(x, baseline),
            face.pdf.clone(),
            size,
            text,
            false,
            TextDirection::LeftToRight,
        );
    }

    fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, color: Rgb) {
        let Some(rect) = Rect::from_xywh(x, y, width, height) else {
            return;
        };
        let mut builder = PathBuilder::new();
        builder.push_rect(rect);
        self.path(builder.finish(), Some(fill(color)), None);
    }

    /// A thin horizontal rule from `x1` to `x2` at height `y`.
    fn rule(&mut self, x1: f32, x2: f32, y: f32) {
        let mut builder = PathBuilder::new();
        builder.move_to(x1, y);
        builder.line_to(x2, y);
        let stroke = Stroke {
            paint: rgb::Color::new(RULE.0, RULE.1, RULE.2).into(),
            width: RULE_WIDTH,
            ..Stroke::default()
        };
        self.path(builder.finish(), None, Some(stroke));
    }

    fn path(&mut self, path: Option<Path>, fill: Option<Fill>, stroke: Option<Stroke>) {
        if let Some(path) = path {
            self.surface.set_fill(fill);
            self.surface.set_stroke(stroke);
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }
}

fn fill((red, green, blue): Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(red, green, blue).into(),
        ..Fill::default()
    }
}

fn cell_align(column: &Column) -> Align {
    if column.right_aligned {
        Align::Right(column.x + column.width - CELL_PAD_X)
    } else {
        Align::Left(column.x + CELL_PAD_X)
    }
}

/// The baseline that centres capital letters of `face` at `size` in a band `height` tall.
fn centred_baseline(face: &Face, size: f32, top: f32, height: f32) -> f32 {
    top + (height + face.cap_height * size) / 2.0
}
