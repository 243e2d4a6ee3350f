//! Text that a spreadsheet program would run as a formula (CSV injection): a cell starting
//! with `=`, `+`, `-`, `@`, a tab or a carriage return. Values in reports and exports come from
//! uploaded files and typed forms, so a hostile value could plant `=HYPERLINK(…)` or a DDE
//! command in a file an operator opens in Excel. CSV writers pass every text through
//! [`defuse_formula`]; XLSX writers store text as string cells, which Excel never evaluates.

use std::borrow::Cow;

/// The value, prefixed with `'` when a spreadsheet program would take it for a formula.
/// Numbers keep their sign: the reason for a wage of `-500000` must show that value, and a
/// phone number `+62812…` stays readable.
pub fn defuse_formula(value: &str) -> Cow<'_, str> {
    if starts_like_formula(value) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// Whether `value` would be run as a formula by a spreadsheet program (see [`defuse_formula`]).
pub fn starts_like_formula(value: &str) -> bool {
    let mut chars = value.chars();
    match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        // A lone sign is a placeholder ("-"), a sign before a digit a number.
        Some('+' | '-') => chars.next().is_some_and(|c| !c.is_ascii_digit()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_but_negative_numbers_are_kept() {
        assert_eq!(defuse_formula("=1+1"), "'=1+1");
        assert_eq!(defuse_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse_formula("+A1"), "'+A1");
        assert_eq!(defuse_formula("\t=cmd"), "'\t=cmd");
        assert_eq!(defuse_formula("-500000"), "-500000");
        assert_eq!(defuse_formula("+62812"), "+62812");
        assert_eq!(defuse_formula("-"), "-");
        assert_eq!(defuse_formula("6401014508900001"), "6401014508900001");
        assert_eq!(defuse_formula(""), "");
    }
}
