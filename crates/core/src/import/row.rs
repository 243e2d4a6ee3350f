//! One imported row in, a person and a coverage period out — or every issue of the row.

use super::cell::{Cell, EMPTY};
use super::fields::{self, ReadNik};
use super::header::{Field, Header};
use super::problem::{RowIssue, RowProblem};
use super::wage;
use crate::auth::Scope;
use crate::codes::{Category, Sector, Segment};
use crate::nik::Nik;
use crate::region::{RegionCode, RegionTree};
use crate::worker::{Enrolment, EnrolmentProblem, Person};
use chrono::NaiveDate;

/// What a row is checked against.
#[derive(Debug, Clone, Copy)]
pub struct RowContext<'a> {
    pub tree: &'a RegionTree,
    /// The reference date for NIK birth dates.
    pub today: NaiveDate,
    /// Resolves village names: the kab/kota the file belongs to.
    pub regency: Option<RegionCode>,
    /// The region the importing account may change: rows living elsewhere are refused.
    pub scope: Scope,
}

/// A row that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRow {
    pub line: u64,
    pub person: Person,
    pub enrolment: Enrolment,
    /// Doubts that do not refuse the row (an old kecamatan code in the NIK).
    pub warnings: Vec<RowIssue>,
}

/// Collects the issues of one row, each attributed to its column.
struct Row<'a> {
    line: u64,
    cells: &'a [Cell],
    header: &'a Header,
    issues: Vec<RowIssue>,
}

impl<'a> Row<'a> {
    fn cell(&self, field: Field) -> &'a Cell {
        self.header
            .column_of(field)
            .and_then(|c| self.cells.get(c))
            .unwrap_or(&EMPTY)
    }

    fn issue(&self, field: Field, problem: RowProblem) -> RowIssue {
        RowIssue {
            line: self.line,
            column: self.header.column_name(field).to_string(),
            value: self.cell(field).display(),
            problem,
        }
    }

    fn report(&mut self, field: Field, problem: RowProblem) {
        let issue = self.issue(field, problem);
        self.issues.push(issue);
    }

    /// The value, or `None` after recording the problem.
    fn take<T>(&mut self, field: Field, read: Result<T, RowProblem>) -> Option<T> {
        read.map_err(|p| self.report(field, p)).ok()
    }

    /// A required value: an empty cell is reported as [`RowProblem::Required`].
    fn require<T>(&mut self, field: Field, read: Result<Option<T>, RowProblem>) -> Option<T> {
        match self.take(field, read) {
            Some(Some(v)) => Some(v),
            Some(None) => {
                self.report(field, RowProblem::Required);
                None
            }
            None => None,
        }
    }
}

/// Validates one data row against the header. Every field is read and every issue of the row is
/// returned, not just the first; a valid row may still carry warnings. `line` is the row number
/// the spreadsheet shows (1-based). Cells past the end of `cells` are empty.
pub fn validate_row(
    line: u64,
    cells: &[Cell],
    header: &Header,
    ctx: &RowContext,
) -> Result<ValidRow, Vec<RowIssue>> {
    let mut row = Row {
        line,
        cells,
        header,
        issues: Vec::new(),
    };
    let mut warnings = Vec::new();

    let nik = match fields::nik(row.cell(Field::Nik), ctx) {
        Ok(read) => {
            for w in &read.warnings {
                warnings.push(row.issue(Field::Nik, RowProblem::NikSuspect(w.clone())));
            }
            Some(read)
        }
        Err(problems) => {
            for p in problems {
                row.report(Field::Nik, p);
            }
            None
        }
    };
    let name = row.take(Field::Name, fields::name(row.cell(Field::Name)));
    check_against_nik(&mut row, nik.as_ref());
    let village = village(&mut row, ctx);

    let segment = row.require(
        Field::Segment,
        fields::code(
            row.cell(Field::Segment),
            Segment::ALL,
            Segment::code,
            Segment::parse,
            RowProblem::UnknownSegment,
        ),
    );
    let category = row.require(
        Field::Category,
        fields::code(
            row.cell(Field::Category),
            Category::ALL,
            Category::code,
            Category::parse,
            RowProblem::UnknownCategory,
        ),
    );
    let sector = row
        .take(
            Field::Sector,
            fields::code(
                row.cell(Field::Sector),
                Sector::ALL,
                Sector::code,
                Sector::parse,
                RowProblem::UnknownSector,
            ),
        )
        .flatten();
    let funding = row.require(Field::Funding, fields::funding(row.cell(Field::Funding)));
    let company_column = row
        .take(
            Field::CsrCompany,
            fields::free_text(row.cell(Field::CsrCompany)),
        )
        .flatten();
    let programmes = row.take(
        Field::Programmes,
        fields::programmes(row.cell(Field::Programmes)),
    );
    let start = row.require(Field::Start, fields::date(row.cell(Field::Start)));
    let end = row
        .take(Field::End, fields::date(row.cell(Field::End)))
        .flatten();
    let wage = row
        .take(Field::Wage, wage::read(row.cell(Field::Wage)))
        .flatten();

    let (
        Some(nik),
        Some(name),
        Some(village),
        Some(segment),
        Some(category),
        Some((funding, funding_company)),
        Some(programmes),
        Some(start),
    ) = (
        nik, name, village, segment, category, funding, programmes, start,
    )
    else {
        return Err(row.issues);
    };
    let csr_company = (funding == crate::codes::Funding::Csr)
        .then(|| company_column.or(funding_company))
        .flatten();
    let enrolment = Enrolment {
        segment,
        category,
        sector,
        funding,
        csr_company,
        programmes,
        start,
        end,
        wage,
    };
    for problem in enrolment.problems() {
        let field = enrolment_field(&problem, header);
        // An unreadable sector is already reported; "sector required" would say it twice.
        let column = header.column_name(field);
        if !row.issues.iter().any(|i| i.column == column) {
            row.report(field, RowProblem::Enrolment(problem));
        }
    }
    if !row.issues.is_empty() {
        return Err(row.issues);
    }
    if let Some(problem) = start_warning(enrolment.start, ctx.today) {
        warnings.push(row.issue(Field::Start, problem));
    }
    let ReadNik { nik, facts, .. } = nik;
    Ok(ValidRow {
        line,
        person: person(nik, name, facts, village),
        enrolment,
        warnings,
    })
}

/// A start date far ahead of the import, or before Jamsostek existed: stored, with a warning.
fn start_warning(start: chrono::NaiveDate, today: chrono::NaiveDate) -> Option<RowProblem> {
    if (start - today).num_days() > super::problem::FUTURE_START_DAYS {
        Some(RowProblem::StartFarInFuture { start })
    } else if start < super::problem::PROGRAMME_START {
        Some(RowProblem::StartBeforeProgramme { start })
    } else {
        None
    }
}

fn person(nik: Nik, name: String, facts: crate::nik::NikFacts, village: RegionCode) -> Person {
    Person {
        nik,
        name,
        sex: facts.sex,
        birth_date: facts.birth_date,
        village,
    }
}

/// Sex and birth date columns are optional; when given they must agree with the NIK.
fn check_against_nik(row: &mut Row, nik: Option<&ReadNik>) {
    let sex = row
        .take(Field::Sex, fields::sex(row.cell(Field::Sex)))
        .flatten();
    let birth = row
        .take(Field::BirthDate, fields::date(row.cell(Field::BirthDate)))
        .flatten();
    let Some(facts) = nik.map(|n| &n.facts) else {
        return;
    };
    if let Some(given) = sex.filter(|s| *s != facts.sex) {
        row.report(
            Field::Sex,
            RowProblem::SexMismatch {
                given,
                from_nik: facts.sex,
            },
        );
    }
    if let Some(given) = birth.filter(|d| *d != facts.birth_date) {
        row.report(
            Field::BirthDate,
            RowProblem::BirthDateMismatch {
                given,
                from_nik: facts.birth_date,
            },
        );
    }
}

/// The village by code when the code cell is filled, else by name; it must lie in the scope.
fn village(row: &mut Row, ctx: &RowContext) -> Option<RegionCode> {
    let (code, field) = village_anywhere(row, ctx)?;
    if ctx.scope.contains(code) {
        return Some(code);
    }
    row.report(
        field,
        RowProblem::OutsideScope {
            scope: ctx.scope.to_string(),
        },
    );
    None
}

/// The village by code when the code cell is filled, else by name, with the field it came from.
fn village_anywhere(row: &mut Row, ctx: &RowContext) -> Option<(RegionCode, Field)> {
    match fields::village_code(row.cell(Field::VillageCode), ctx) {
        Ok(Some(code)) => return Some((code, Field::VillageCode)),
        Err(problem) => {
            row.report(Field::VillageCode, problem);
            return None;
        }
        Ok(None) => {}
    }
    let Some(name) = fields::text(row.cell(Field::VillageName)) else {
        let field = if row.header.column_of(Field::VillageCode).is_some() {
            Field::VillageCode
        } else {
            Field::VillageName
        };
        row.report(field, RowProblem::Required);
        return None;
    };
    let district = fields::text(row.cell(Field::DistrictName));
    let read = fields::village_named(&name, district.as_deref(), ctx);
    row.take(Field::VillageName, read)
        .map(|c| (c, Field::VillageName))
}

/// The column an enrolment problem is shown on.
fn enrolment_field(problem: &EnrolmentProblem, header: &Header) -> Field {
    use EnrolmentProblem::*;
    match problem {
        EndBeforeStart { .. } => Field::End,
        NoProgramme
        | MissingBaseProgrammes
        | ProgrammeNotForSegment { .. }
        | JkpWithoutPrerequisites => Field::Programmes,
        SectorRequired => Field::Sector,
        CsrCompanyRequired if header.column_of(Field::CsrCompany).is_some() => Field::CsrCompany,
        CsrCompanyRequired => Field::Funding,
        WageNotPositive { .. } => Field::Wage,
    }
}
