//! Reading one cell into one typed value. Each reader returns the value or the reason it could
//! not; [`super::row`] decides which fields are required and attributes the issues to columns.

use super::cell::{Cell, number_text};
use super::problem::{MAX_NAME_CHARS, RowProblem};
use super::row::RowContext;
use crate::codes::{Funding, Programme, ProgrammeSet};
use crate::date::{date_from_serial, parse_date};
use crate::nik::{self, Nik, NikFacts, NikProblem, NikWarning, Sex};
use crate::region::{Level, RegionCode};
use crate::text::{fold, fold_words};
use chrono::NaiveDate;
use std::borrow::Cow;

/// The cell's text, trimmed, with Excel's leading text-marker apostrophe removed; `None` when
/// empty. Text cells are borrowed, other cells shown as the user sees them.
pub(crate) fn text(cell: &Cell) -> Option<Cow<'_, str>> {
    let t: Cow<'_, str> = match cell {
        Cell::Empty => return None,
        Cell::Text(s) => {
            let s = s.trim();
            Cow::Borrowed(s.strip_prefix('\'').unwrap_or(s).trim())
        }
        other => Cow::Owned(other.display()),
    };
    (!t.is_empty()).then_some(t)
}

/// 2^53: from here on a float cannot hold every integer, so a NIK this large was rounded.
const EXACT_FLOAT_LIMIT: f64 = 9_007_199_254_740_992.0;
/// The smallest 16-digit number.
const SIXTEEN_DIGITS: f64 = 1e15;

/// A valid NIK with what it says and its warnings.
pub(super) struct ReadNik {
    pub nik: Nik,
    pub facts: NikFacts,
    pub warnings: Vec<NikWarning>,
}

/// Reads the NIK cell. Numbers and number-shaped texts that bear the marks of Excel's 15-digit
/// floats are refused as [`RowProblem::ExcelRoundedNik`]: a 16-digit number at or above 2^53,
/// ending in 0 or with a fraction, and texts in scientific notation or ending in `.0`.
pub(super) fn nik(cell: &Cell, ctx: &RowContext) -> Result<ReadNik, Vec<RowProblem>> {
    let digits: Cow<'_, str> = match cell {
        Cell::Number(n) => Cow::Owned(number_nik(*n).map_err(|p| vec![p])?),
        Cell::DateTime(_) | Cell::Bool(_) => {
            return Err(vec![RowProblem::Nik(NikProblem::NotDigits)]);
        }
        _ => {
            let t = text(cell).unwrap_or_default();
            if looks_excel_rounded(&t) {
                return Err(vec![RowProblem::ExcelRoundedNik]);
            }
            t
        }
    };
    let check = nik::check(&digits, ctx.tree, ctx.today);
    match (check.nik, check.facts) {
        (Some(nik), Some(facts)) if check.valid => Ok(ReadNik {
            nik,
            facts,
            warnings: check.warnings,
        }),
        _ => Err(check.problems.into_iter().map(RowProblem::Nik).collect()),
    }
}

fn number_nik(n: f64) -> Result<String, RowProblem> {
    if !n.is_finite() || n < 0.0 {
        return Err(RowProblem::Nik(NikProblem::NotDigits));
    }
    if n >= EXACT_FLOAT_LIMIT {
        return Err(RowProblem::ExcelRoundedNik);
    }
    if n >= SIXTEEN_DIGITS && (n.fract() != 0.0 || (n as u64).is_multiple_of(10)) {
        return Err(RowProblem::ExcelRoundedNik);
    }
    if n.fract() != 0.0 {
        return Err(RowProblem::Nik(NikProblem::NotDigits));
    }
    // Below 2^53 and not ending in 0: written exactly by a tool other than Excel.
    Ok(format!("{}", n as u64))
}

/// "6.40101E+15", "6,40101E+15", "6401011708850000.0".
fn looks_excel_rounded(t: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some((mantissa, exponent)) = t.split_once(['e', 'E']) {
        let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
        let mantissa_ok = match mantissa.split_once(['.', ',']) {
            Some((whole, frac)) => digits(whole) && digits(frac),
            None => digits(mantissa),
        };
        return mantissa_ok && digits(exponent);
    }
    match t.rsplit_once(['.', ',']) {
        Some((whole, frac)) => digits(whole) && digits(frac) && frac.bytes().all(|b| b == b'0'),
        None => false,
    }
}

/// A person's name: inner whitespace collapsed, at most [`MAX_NAME_CHARS`] characters, with
/// at least one letter.
pub(super) fn name(cell: &Cell) -> Result<String, RowProblem> {
    let raw = text(cell).ok_or(RowProblem::Required)?;
    let raw = without_hidden_characters(&raw);
    let mut name = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(word);
    }
    let length = name.chars().count();
    if length > MAX_NAME_CHARS {
        return Err(RowProblem::NameTooLong { length });
    }
    if !name.chars().any(char::is_alphabetic) {
        return Err(RowProblem::NameWithoutLetter);
    }
    if starts_like_formula(&name) {
        return Err(RowProblem::StartsLikeFormula);
    }
    Ok(name)
}

/// A free text stored as typed (a CSR company's name): hidden characters dropped, spaces
/// collapsed, refused when it starts like a formula. `None` when empty.
pub(super) fn free_text(cell: &Cell) -> Result<Option<String>, RowProblem> {
    let Some(raw) = text(cell) else {
        return Ok(None);
    };
    let clean = without_hidden_characters(&raw)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if clean.is_empty() {
        return Ok(None);
    }
    if starts_like_formula(&clean) {
        return Err(RowProblem::StartsLikeFormula);
    }
    Ok(Some(clean))
}

/// The text without invisible characters that are never part of a name: control characters
/// (NUL, escape, C1 controls; tabs and line breaks become spaces), bidirectional overrides
/// (which make a name display as something else) and zero-width characters. Dropping them is
/// safe, since nobody can see them, and keeps names searchable and reports clean.
fn without_hidden_characters(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && !c.is_whitespace())
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    };
    if text.chars().any(hidden) {
        text.chars()
            .filter(|c| !hidden(*c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// Whether a spreadsheet would run the text as a formula: it starts with `=`, `+`, `-` or `@`
/// (the same rule as the report writers' in `paritrana_sheets`, stricter on signs: a name
/// never starts with one).
fn starts_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@'])
}

/// An optional sex column.
pub(super) fn sex(cell: &Cell) -> Result<Option<Sex>, RowProblem> {
    match text(cell) {
        None => Ok(None),
        Some(t) => Sex::parse(&t).map(Some).ok_or(RowProblem::UnknownSex),
    }
}

/// A date cell: date-formatted and number cells are Excel serials, texts go to [`parse_date`].
/// `None` when empty.
pub(crate) fn date(cell: &Cell) -> Result<Option<NaiveDate>, RowProblem> {
    let read = match cell {
        Cell::DateTime(serial) | Cell::Number(serial) => date_from_serial(*serial),
        other => match text(other) {
            None => return Ok(None),
            Some(t) => parse_date(&t),
        },
    };
    read.map(Some).map_err(RowProblem::Date)
}

/// An optional code column read with the code list's `parse`. Cells holding the exact code (as
/// the template writes them) are matched without folding, which allocates.
pub(crate) fn code<T: Copy>(
    cell: &Cell,
    all: &[T],
    code_of: fn(T) -> &'static str,
    parse: fn(&str) -> Option<T>,
    unknown: RowProblem,
) -> Result<Option<T>, RowProblem> {
    let Some(t) = text(cell) else {
        return Ok(None);
    };
    if let Some(v) = all.iter().find(|v| code_of(**v).eq_ignore_ascii_case(&t)) {
        return Ok(Some(*v));
    }
    parse(&t).map(Some).ok_or(unknown)
}

/// The programme list; "JKK, JKM" and the like are read without folding.
pub(crate) fn programmes(cell: &Cell) -> Result<ProgrammeSet, RowProblem> {
    let Some(t) = text(cell) else {
        return Ok(ProgrammeSet::EMPTY);
    };
    let mut fast = ProgrammeSet::EMPTY;
    let all_codes = t
        .split(|c: char| matches!(c, ',' | ';' | '+' | '/' | '&') || c.is_ascii_whitespace())
        .filter(|p| !p.is_empty())
        .all(|part| {
            Programme::ALL
                .iter()
                .find(|p| p.code().eq_ignore_ascii_case(part))
                .map(|p| fast.insert(*p))
                .is_some()
        });
    if all_codes {
        return Ok(fast);
    }
    ProgrammeSet::parse(&t).map_err(|e| RowProblem::UnknownProgramme { programme: e.0 })
}

/// Funding, possibly carrying the CSR company ("CSR PT Pertamina", "CSR - PT Pertamina").
pub(crate) fn funding(cell: &Cell) -> Result<Option<(Funding, Option<String>)>, RowProblem> {
    let Some(t) = text(cell) else {
        return Ok(None);
    };
    if let Some(f) = Funding::ALL
        .iter()
        .find(|f| f.code().eq_ignore_ascii_case(&t))
        .copied()
        .or_else(|| Funding::parse(&t))
    {
        return Ok(Some((f, None)));
    }
    let company = t
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("csr"))
        .and_then(|_| t.get(3..))
        .filter(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
        .map(|rest| {
            rest.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '-' | '–' | ':' | '/' | '(')
            })
            .trim_end_matches(|c: char| c.is_whitespace() || c == ')')
        })
        .filter(|rest| !rest.is_empty());
    match company {
        Some(c) => Ok(Some((Funding::Csr, Some(c.to_string())))),
        None => Err(RowProblem::UnknownFunding),
    }
}

/// A village given by code (Text or Number, dotted or undotted).
pub(super) fn village_code(
    cell: &Cell,
    ctx: &RowContext,
) -> Result<Option<RegionCode>, RowProblem> {
    let t = match cell {
        Cell::Number(n) if n.fract() == 0.0 && *n > 0.0 => Cow::Owned(number_text(*n)),
        other => match text(other) {
            None => return Ok(None),
            Some(t) => t,
        },
    };
    let code = RegionCode::parse(&t).map_err(|_| RowProblem::MalformedVillageCode)?;
    match ctx.tree.get(code) {
        None => Err(RowProblem::UnknownVillage { code }),
        Some(r) if r.level != Level::Village => Err(RowProblem::NotAVillage {
            code,
            level: r.level,
        }),
        Some(_) => Ok(Some(code)),
    }
}

/// A village given by name, within the file's kab/kota and, when given, the kecamatan.
pub(super) fn village_named(
    name: &str,
    district: Option<&str>,
    ctx: &RowContext,
) -> Result<RegionCode, RowProblem> {
    let regency = ctx.regency.ok_or(RowProblem::RegencyNeededForVillageName)?;
    let mut candidates: Vec<RegionCode> = ctx
        .tree
        .villages_named(name, regency)
        .iter()
        .map(|r| r.code)
        .collect();
    if let Some(d) = district {
        let key = district_key(d);
        candidates.retain(|v| {
            v.parent()
                .and_then(|p| ctx.tree.get(p))
                .is_some_and(|p| fold(&p.name) == key)
        });
    }
    match candidates.as_slice() {
        [one] => Ok(*one),
        [] => Err(RowProblem::VillageNotFound {
            regency: ctx
                .tree
                .get(regency)
                .map_or_else(|| regency.to_string(), |r| r.name.clone()),
            district: district.map(str::to_string),
        }),
        _ => Err(RowProblem::VillageAmbiguous { candidates }),
    }
}

/// "Kec. Batu Sopang", "Kecamatan Batu Sopang", "BATU SOPANG" → "batusopang".
fn district_key(text: &str) -> String {
    let words = fold_words(text);
    let rest = ["kecamatan ", "kec "]
        .iter()
        .find_map(|p| words.strip_prefix(p))
        .unwrap_or(&words);
    rest.replace(' ', "")
}
