//! Reading a wage or declared income in rupiah as Pemda staff type it.

use super::cell::Cell;
use super::fields::text;
use super::problem::RowProblem;
use crate::worker::Rupiah;
use std::borrow::Cow;

/// A wage: a number cell, or text such as "Rp 1.000.000", "1,000,000" or "1.000.000,00" ('.'
/// groups thousands and ',' marks decimals in Indonesian; a lone separator followed by exactly
/// three digits groups thousands). A non-zero fraction of a rupiah is refused.
pub(crate) fn read(cell: &Cell) -> Result<Option<Rupiah>, RowProblem> {
    match cell {
        Cell::Number(n) => number_wage(*n).map(Some),
        Cell::DateTime(_) | Cell::Bool(_) => Err(RowProblem::InvalidWage),
        other => match text(other) {
            None => Ok(None),
            Some(t) => text_wage(&t).map(Some),
        },
    }
}

fn number_wage(n: f64) -> Result<Rupiah, RowProblem> {
    if !n.is_finite() || n.abs() >= 9e15 {
        return Err(RowProblem::InvalidWage);
    }
    if n.fract() != 0.0 {
        return Err(RowProblem::WageFraction);
    }
    Ok(Rupiah(n as i64))
}

fn text_wage(t: &str) -> Result<Rupiah, RowProblem> {
    let mut s = t.trim();
    for prefix in ["Rp.", "Rp", "IDR"] {
        // `get`, not slicing: a letter of several bytes may straddle the prefix's length
        // ("Xaé" once panicked here).
        if s.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        {
            s = s[prefix.len()..].trim_start();
            break;
        }
    }
    // "1.000.000,-" is how rupiah amounts are often written.
    s = s
        .strip_suffix(",-")
        .or_else(|| s.strip_suffix(".-"))
        .unwrap_or(s);
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let s: Cow<'_, str> = if s.contains(char::is_whitespace) {
        // "1 000 000" and non-breaking spaces as thousands separators.
        Cow::Owned(s.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(s)
    };
    let (whole, fraction) = split_decimal(&s).ok_or(RowProblem::InvalidWage)?;
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowProblem::InvalidWage);
    }
    let mut value: i64 = 0;
    for b in whole.bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(b - b'0')))
            .ok_or(RowProblem::InvalidWage)?;
    }
    if fraction.bytes().any(|b| b != b'0') {
        return Err(RowProblem::WageFraction);
    }
    Ok(Rupiah(if negative { -value } else { value }))
}

/// Splits an amount into its integer digits (thousands separators removed) and its decimal
/// digits. `None` when the grouping is not valid thousands grouping.
fn split_decimal(s: &str) -> Option<(String, &str)> {
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) if dots > 1 => None,
        (0, _) if commas > 1 => None,
        (1, 0) | (0, 1) => {
            let at = s.find(['.', ','])?;
            (s.len() - at - 1 != 3).then_some(at)
        }
        _ => {
            let last = s.rfind(['.', ','])?;
            let last_char = s[last..].chars().next()?;
            // The separator written last marks the decimals; it must appear only once.
            if s.matches(last_char).count() != 1 {
                return None;
            }
            Some(last)
        }
    };
    let (int_part, fraction) = match decimal {
        Some(at) => (&s[..at], &s[at + 1..]),
        None => (s, ""),
    };
    let mut groups = int_part.split(['.', ',']);
    let first = groups.next()?;
    let mut digits = String::with_capacity(int_part.len());
    let is_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !is_digits(first) {
        return None;
    }
    let grouped = int_part.len() != first.len();
    if grouped && first.len() > 3 {
        return None;
    }
    digits.push_str(first);
    for g in groups {
        if g.len() != 3 || !is_digits(g) {
            return None;
        }
        digits.push_str(g);
    }
    Some((digits, fraction))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_of_several_bytes_after_two_ascii_is_refused_not_a_panic() {
        // Found by the fuzz targets import_row and plan (corpus import_row/edge_cases.csv).
        for text in ["Xaé", "Rpé", "IDé", "ab€"] {
            assert_eq!(
                read(&Cell::Text(text.into())),
                Err(RowProblem::InvalidWage),
                "{text}"
            );
        }
        assert_eq!(read(&Cell::Text("Rp 1.000".into())), Ok(Some(Rupiah(1000))));
    }
}
