//! One row of a target file in, a [`Target`] out — or every issue of the row. Cells are read as
//! the participant import reads them: the same text trimming and the same reading of
//! digit-grouped numbers ("90.052" is ninety thousand and fifty-two, as Indonesians write it).

use super::header::{TargetColumn, TargetHeader};
use super::problem::{MAX_SOURCE_CHARS, TargetIssue, TargetProblem};
use super::{Target, TargetKey, is_target_level};
use crate::codes::Segment;
use crate::import::Cell;
use crate::import::fields::text;
use crate::import::wage;
use crate::region::{Level, MatchQuality, RegionCode, RegionTree};
use crate::text::fold;
use chrono::{Datelike, NaiveDate};
use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// The earliest target year accepted.
pub const FIRST_YEAR: i32 = 2000;
/// The most workers a target may have: more than Indonesia's population is a typo.
pub const MAX_WORKERS: u64 = 300_000_000;

/// What a row is checked against, and the values of absent optional columns.
#[derive(Debug, Clone, Copy)]
pub struct TargetRowContext<'a> {
    pub tree: &'a RegionTree,
    /// Years up to next year are accepted.
    pub today: NaiveDate,
    /// The source of rows whose Sumber cell is empty (or of a file without that column).
    pub default_source: &'a str,
    /// The estimate flag of rows whose Estimasi cell is empty.
    pub default_estimate: bool,
    /// The region the importing account may change: rows for other regions are refused.
    pub scope: crate::auth::Scope,
}

/// A row that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTarget {
    pub line: u64,
    pub target: Target,
    /// The column the region was read from (code or name) and its value, to report a duplicate.
    pub region_column: TargetColumn,
    pub region_value: String,
}

static EMPTY: Cell = Cell::Empty;

struct Row<'a> {
    line: u64,
    cells: &'a [Cell],
    header: &'a TargetHeader,
    issues: Vec<TargetIssue>,
}

impl<'a> Row<'a> {
    fn cell(&self, column: TargetColumn) -> &'a Cell {
        self.header
            .column_of(column)
            .and_then(|c| self.cells.get(c))
            .unwrap_or(&EMPTY)
    }

    fn report(&mut self, column: TargetColumn, problem: TargetProblem) {
        self.issues.push(TargetIssue {
            line: self.line,
            column: self.header.column_name(column).to_string(),
            value: self.cell(column).display(),
            problem,
        });
    }

    fn take<T>(&mut self, column: TargetColumn, read: Result<T, TargetProblem>) -> Option<T> {
        read.map_err(|p| self.report(column, p)).ok()
    }
}

/// Validates one data row of a target file. Every cell is read and every issue returned; `line`
/// is the row number the spreadsheet shows.
pub fn validate_target_row(
    line: u64,
    cells: &[Cell],
    header: &TargetHeader,
    ctx: &TargetRowContext,
) -> Result<ValidTarget, Vec<TargetIssue>> {
    let mut row = Row {
        line,
        cells,
        header,
        issues: Vec::new(),
    };
    let region = region(&mut row, ctx.tree).and_then(|(code, column)| {
        if ctx.scope.contains(code) {
            return Some((code, column));
        }
        row.report(
            column,
            TargetProblem::OutsideScope {
                scope: ctx.scope.to_string(),
            },
        );
        None
    });
    let year = row.take(
        TargetColumn::Year,
        year(row.cell(TargetColumn::Year), ctx.today),
    );
    let workers = row.take(
        TargetColumn::Workers,
        workers(row.cell(TargetColumn::Workers)),
    );
    let segment = row.take(
        TargetColumn::Segment,
        segment(row.cell(TargetColumn::Segment)),
    );
    let source = row.take(
        TargetColumn::Source,
        source(row.cell(TargetColumn::Source), ctx.default_source),
    );
    let estimate = row.take(
        TargetColumn::Estimate,
        estimate(row.cell(TargetColumn::Estimate), ctx.default_estimate),
    );
    let (
        Some((region, region_column)),
        Some(year),
        Some(workers),
        Some(segment),
        Some(source),
        Some(estimate),
    ) = (region, year, workers, segment, source, estimate)
    else {
        return Err(row.issues);
    };
    Ok(ValidTarget {
        line,
        region_value: row.cell(region_column).display(),
        region_column,
        target: Target {
            region,
            year,
            segment,
            workers,
            source,
            estimate,
        },
    })
}

/// The in-file duplicate rule of targets over rows in file order: the first row of each
/// (region, year, segment) is kept, every later row with the same key is an issue naming it.
/// Holds one entry per kept target, so a file of repeated rows costs no more than its distinct
/// targets.
#[derive(Debug, Default)]
pub struct FirstTarget {
    first: HashMap<TargetKey, u64>,
}

impl FirstTarget {
    pub fn new() -> FirstTarget {
        FirstTarget::default()
    }

    /// `Ok(row)` to keep it, or the duplicate's issue.
    pub fn admit(
        &mut self,
        row: ValidTarget,
        header: &TargetHeader,
    ) -> Result<ValidTarget, TargetIssue> {
        match self.first.entry(row.target.key()) {
            Entry::Occupied(e) => Err(TargetIssue {
                line: row.line,
                column: header.column_name(row.region_column).to_string(),
                value: row.region_value,
                problem: TargetProblem::DuplicateInFile {
                    first_line: *e.get(),
                },
            }),
            Entry::Vacant(e) => {
                e.insert(row.line);
                Ok(row)
            }
        }
    }
}

/// Splits rows (in file order) into the first row of each (region, year, segment) and an issue
/// for every later row with the same key ([`FirstTarget`]).
pub fn split_duplicates(
    rows: Vec<ValidTarget>,
    header: &TargetHeader,
) -> (Vec<ValidTarget>, Vec<TargetIssue>) {
    let mut rule = FirstTarget::new();
    let mut kept = Vec::with_capacity(rows.len());
    let mut issues = Vec::new();
    for row in rows {
        match rule.admit(row, header) {
            Ok(row) => kept.push(row),
            Err(issue) => issues.push(issue),
        }
    }
    (kept, issues)
}

/// The region by code when the code cell is filled, else by name.
fn region(row: &mut Row, tree: &RegionTree) -> Option<(RegionCode, TargetColumn)> {
    let code_cell = row.cell(TargetColumn::RegionCode);
    if !code_cell.is_empty() {
        let read = region_code(code_cell, tree);
        return row
            .take(TargetColumn::RegionCode, read)
            .map(|c| (c, TargetColumn::RegionCode));
    }
    match text(row.cell(TargetColumn::RegionName)) {
        Some(name) => {
            let read = find_target_region(&name, tree);
            row.take(TargetColumn::RegionName, read)
                .map(|c| (c, TargetColumn::RegionName))
        }
        None => {
            let column = if row.header.column_of(TargetColumn::RegionCode).is_some() {
                TargetColumn::RegionCode
            } else {
                TargetColumn::RegionName
            };
            row.report(column, TargetProblem::Required);
            None
        }
    }
}

fn is_nation_word(t: &str) -> bool {
    matches!(
        fold(t).as_str(),
        "id" | "indonesia" | "nasional" | "national" | "nation"
    )
}

/// A code, dotted or undotted. A spreadsheet may have turned "64.10" into the number 64.1, so
/// fractional numbers are read back with two decimals.
fn region_code(cell: &Cell, tree: &RegionTree) -> Result<RegionCode, TargetProblem> {
    let t: Cow<'_, str> = match cell {
        Cell::Number(n) if n.fract() != 0.0 => Cow::Owned(format!("{n:.2}")),
        other => text(other).unwrap_or_default(),
    };
    if is_nation_word(&t) {
        return Ok(RegionCode::NATION);
    }
    let code = RegionCode::parse(&t).map_err(|_| TargetProblem::MalformedRegionCode)?;
    check_level(code, tree)
}

fn check_level(code: RegionCode, tree: &RegionTree) -> Result<RegionCode, TargetProblem> {
    match tree.get(code) {
        None => Err(TargetProblem::UnknownRegion { region: code }),
        Some(r) if !is_target_level(r.level) => Err(TargetProblem::NotATargetLevel {
            region: code,
            level: r.level,
        }),
        Some(_) => Ok(code),
    }
}

/// The region that can hold a target named by `name`: a province or kab/kota by its exact,
/// unambiguous name ("Kab. Paser", "Kota Balikpapan", "Kalimantan Timur") or code; "Indonesia" or
/// "Nasional" is the nation.
pub fn find_target_region(name: &str, tree: &RegionTree) -> Result<RegionCode, TargetProblem> {
    if is_nation_word(name) {
        return Ok(RegionCode::NATION);
    }
    if let Ok(code) = RegionCode::parse(name) {
        return check_level(code, tree);
    }
    let candidates: Vec<RegionCode> = tree
        .find(name, None, 200)
        .into_iter()
        .filter(|(r, q)| {
            *q == MatchQuality::Exact && matches!(r.level, Level::Province | Level::Regency)
        })
        .map(|(r, _)| r.code)
        .collect();
    match candidates.as_slice() {
        [one] => Ok(*one),
        [] => Err(TargetProblem::RegionNotFound),
        _ => Err(TargetProblem::RegionAmbiguous { candidates }),
    }
}

fn year(cell: &Cell, today: NaiveDate) -> Result<i32, TargetProblem> {
    let value: i64 = match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e9 => *n as i64,
        Cell::Number(_) | Cell::DateTime(_) | Cell::Bool(_) => {
            return Err(TargetProblem::InvalidYear);
        }
        other => {
            let t = text(other).ok_or(TargetProblem::Required)?;
            if t.len() > 9 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(TargetProblem::InvalidYear);
            }
            t.parse().map_err(|_| TargetProblem::InvalidYear)?
        }
    };
    let max = today.year() + 1;
    if !(i64::from(FIRST_YEAR)..=i64::from(max)).contains(&value) {
        return Err(TargetProblem::YearOutOfRange {
            year: value,
            min: FIRST_YEAR,
            max,
        });
    }
    Ok(value as i32)
}

/// A number of workers: a whole number cell, or text with '.' or ',' grouping thousands.
fn workers(cell: &Cell) -> Result<u64, TargetProblem> {
    use crate::import::RowProblem;
    let n = match wage::read(cell) {
        Ok(Some(n)) => n.0,
        Ok(None) => return Err(TargetProblem::Required),
        Err(RowProblem::WageFraction) => return Err(TargetProblem::NotWholeNumber),
        Err(_) => return Err(TargetProblem::InvalidNumber),
    };
    match u64::try_from(n) {
        Err(_) => Err(TargetProblem::NegativeNumber),
        Ok(0) => Err(TargetProblem::ZeroWorkers),
        Ok(n) if n > MAX_WORKERS => Err(TargetProblem::TooManyWorkers { max: MAX_WORKERS }),
        Ok(n) => Ok(n),
    }
}

fn segment(cell: &Cell) -> Result<Option<Segment>, TargetProblem> {
    let Some(t) = text(cell) else {
        return Ok(None);
    };
    Segment::ALL
        .iter()
        .find(|s| s.code().eq_ignore_ascii_case(&t))
        .copied()
        .or_else(|| Segment::parse(&t))
        .map(Some)
        .ok_or(TargetProblem::UnknownSegment)
}

fn source(cell: &Cell, default: &str) -> Result<String, TargetProblem> {
    let Some(t) = text(cell) else {
        return Ok(default.to_string());
    };
    let source = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let length = source.chars().count();
    if length > MAX_SOURCE_CHARS {
        return Err(TargetProblem::SourceTooLong { length });
    }
    Ok(source)
}

fn estimate(cell: &Cell, default: bool) -> Result<bool, TargetProblem> {
    match cell {
        Cell::Bool(b) => Ok(*b),
        Cell::Number(n) if *n == 1.0 => Ok(true),
        Cell::Number(n) if *n == 0.0 => Ok(false),
        Cell::Number(_) | Cell::DateTime(_) => Err(TargetProblem::UnknownEstimate),
        other => match text(other) {
            None => Ok(default),
            Some(t) => match fold(&t).as_str() {
                "ya" | "y" | "yes" | "true" | "benar" | "1" | "estimasi" => Ok(true),
                "tidak" | "no" | "n" | "false" | "salah" | "bukan" | "0" => Ok(false),
                _ => Err(TargetProblem::UnknownEstimate),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::header::find_target_header;
    use super::*;

    const SAMPLE: &str = "code,parent_code,level,name,kind
17,,province,Bengkulu,
17.71,17,regency,Kota Bengkulu,KOTA
17.71.01,17.71,district,Selebar,
64,,province,Kalimantan Timur,
64.01,64,regency,Kabupaten Paser,KABUPATEN
64.01.01,64.01,district,Batu Sopang,
64.71,64,regency,Kota Balikpapan,KOTA
64.71.01,64.71,district,Balikpapan Timur,
";

    fn tree() -> RegionTree {
        RegionTree::from_csv(SAMPLE).unwrap()
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn header() -> TargetHeader {
        find_target_header(&[vec![
            t("Kode Wilayah"),
            t("Kabupaten/Kota"),
            t("Tahun"),
            t("Target"),
            t("Segmen"),
            t("Sumber"),
            t("Estimasi"),
        ]])
        .unwrap()
    }

    fn check(cells: Vec<Cell>) -> Result<ValidTarget, Vec<TargetIssue>> {
        let tree = tree();
        let ctx = TargetRowContext {
            tree: &tree,
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            default_source: "berkas uji",
            default_estimate: false,
            scope: crate::auth::Scope::National,
        };
        validate_target_row(7, &cells, &header(), &ctx)
    }

    fn codes(r: Result<ValidTarget, Vec<TargetIssue>>) -> Vec<(String, &'static str)> {
        r.unwrap_err()
            .into_iter()
            .map(|i| (i.column, i.problem.code()))
            .collect()
    }

    #[test]
    fn paser_by_name_with_indonesian_digit_grouping() {
        let v = check(vec![
            Cell::Empty,
            t("Kab. Paser"),
            t("2023"),
            t("90.052"),
            Cell::Empty,
            t("BPS Sakernas Agustus 2023"),
        ])
        .unwrap();
        assert_eq!(v.target.region.to_string(), "64.01");
        assert_eq!(v.target.year, 2023);
        assert_eq!(v.target.workers, 90_052);
        assert_eq!(v.target.segment, None);
        assert_eq!(v.target.source, "BPS Sakernas Agustus 2023");
        assert!(!v.target.estimate);
        assert_eq!(v.region_column, TargetColumn::RegionName);
    }

    #[test]
    fn numbers_codes_defaults_and_flags() {
        let v = check(vec![
            Cell::Number(6471.0),
            Cell::Empty,
            Cell::Number(2024.0),
            Cell::Number(330_000.0),
            t("bukan penerima upah"),
            Cell::Empty,
            t("Ya"),
        ])
        .unwrap();
        assert_eq!(v.target.region.to_string(), "64.71");
        assert_eq!(v.target.segment, Some(Segment::Bpu));
        assert_eq!(v.target.source, "berkas uji");
        assert!(v.target.estimate);
        // Excel turned "64.10"-style codes into numbers; 64.01 reads back.
        let v = check(vec![
            Cell::Number(64.01),
            Cell::Empty,
            t("2023"),
            t("90,052"),
        ])
        .unwrap();
        assert_eq!(v.target.region.to_string(), "64.01");
        assert_eq!(v.target.workers, 90_052);
        let v = check(vec![Cell::Empty, t("Indonesia"), t("2023"), t("1.234.567")]).unwrap();
        assert_eq!(v.target.region, RegionCode::NATION);
        assert_eq!(v.target.workers, 1_234_567);
    }

    #[test]
    fn each_bad_cell_has_its_reason() {
        let row = |code: &str, name: &str, year: &str, target: &str| {
            check(vec![t(code), t(name), t(year), t(target)])
        };
        assert_eq!(
            codes(row("", "", "2023", "5")),
            [("Kode Wilayah".into(), "required")]
        );
        assert_eq!(
            codes(row("64.1", "", "2023", "5")),
            [("Kode Wilayah".into(), "malformed_region_code")]
        );
        assert_eq!(codes(row("64.99", "", "2023", "5"))[0].1, "unknown_region");
        assert_eq!(
            codes(row("64.01.01", "", "2023", "5"))[0].1,
            "not_a_target_level"
        );
        assert_eq!(
            codes(row("", "Kab. Antah Berantah", "2023", "5")),
            [("Kabupaten/Kota".into(), "region_not_found")]
        );
        assert_eq!(
            codes(row("", "Bengkulu", "2023", "5"))[0].1,
            "region_ambiguous"
        );
        assert!(row("", "Kota Bengkulu", "2023", "5").is_ok());
        assert!(row("", "Provinsi Bengkulu", "2023", "5").is_ok());
        assert_eq!(
            codes(row("64.01", "", "dua ribu", "5"))[0].1,
            "invalid_year"
        );
        assert_eq!(
            codes(row("64.01", "", "1999", "5"))[0].1,
            "year_out_of_range"
        );
        assert_eq!(
            codes(row("64.01", "", "2028", "5"))[0].1,
            "year_out_of_range"
        );
        assert!(
            row("64.01", "", "2027", "5").is_ok(),
            "next year is allowed"
        );
        assert_eq!(
            codes(row("64.01", "", "2023", "sembilan"))[0].1,
            "invalid_number"
        );
        assert_eq!(
            codes(row("64.01", "", "2023", "90,5"))[0].1,
            "not_whole_number"
        );
        assert_eq!(
            codes(row("64.01", "", "2023", "-90052"))[0].1,
            "negative_number"
        );
        assert_eq!(codes(row("64.01", "", "2023", "0"))[0].1, "zero_workers");
        assert_eq!(
            codes(row("64.01", "", "2023", "400.000.000"))[0].1,
            "too_many_workers"
        );
        assert_eq!(
            codes(row("", "", "", "")),
            [
                ("Kode Wilayah".into(), "required"),
                ("Tahun".into(), "required"),
                ("Target".into(), "required")
            ]
        );
        assert_eq!(
            codes(check(vec![
                t("64.01"),
                Cell::Empty,
                t("2023"),
                Cell::Number(90.052)
            ]))[0]
                .1,
            "not_whole_number",
            "a spreadsheet decimal is never taken for thousands"
        );
        let more = check(vec![
            t("64.01"),
            Cell::Empty,
            t("2023"),
            t("5"),
            t("PNS"),
            t(&"x".repeat(301)),
            t("mungkin"),
        ]);
        assert_eq!(
            codes(more),
            [
                ("Segmen".into(), "unknown_segment"),
                ("Sumber".into(), "source_too_long"),
                ("Estimasi".into(), "unknown_estimate")
            ]
        );
    }

    #[test]
    fn later_rows_with_the_same_key_are_duplicates() {
        let h = header();
        let rows: Vec<ValidTarget> = [(5, "6401"), (6, "64.71"), (7, "64.01")]
            .iter()
            .map(|(line, code)| {
                let mut v = check(vec![t(code), Cell::Empty, t("2023"), t("5")]).unwrap();
                v.line = *line;
                v
            })
            .collect();
        let (kept, issues) = split_duplicates(rows, &h);
        assert_eq!(kept.len(), 2);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].line, 7);
        assert_eq!(issues[0].column, "Kode Wilayah");
        assert_eq!(issues[0].value, "64.01");
        assert_eq!(
            issues[0].problem,
            TargetProblem::DuplicateInFile { first_line: 5 }
        );
    }
}
