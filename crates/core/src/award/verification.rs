//! Kode verifikasi piagam — the code printed on every award certificate, with which anyone can
//! check the certificate on the public page `{base}/piagam/{code}`.
//!
//! The format is `PA26-7A8G-FZJW-W`:
//! - `PA` (Paritrana Award), then the last two digits of the cycle's year;
//! - eight symbols of Crockford's base 32 (`0–9`, `A–Z` without `I`, `L`, `O`, `U`) carrying 40
//!   random bits chosen by the caller (this module draws no random numbers);
//! - one check symbol over the year and the random part.
//!
//! Reading is forgiving where it cannot be wrong and strict where it could: case, dashes and
//! spaces are ignored, and `I`/`L` read as `1` and `O` as `0` (Crockford's rule, since they are
//! the same key strokes for a person copying a printed code). Any other single mistyped
//! character is caught by the check symbol, and so is a swap of two neighbouring symbols.
//!
//! The check symbol: the symbols `d₁…d₁₀` (two year digits and eight random symbols) are
//! elements of the field GF(32) (polynomial `x⁵ + x² + 1`); the check is `c = Σ αⁱ·dᵢ` with
//! α = `x` and the weights falling from `α¹⁰` to `α¹`, so that `α·(…) + c = 0` holds for a valid
//! code. A substituted symbol changes the sum by `αᵏ·e` with `e ≠ 0`, which is never zero in a
//! field; a swap of neighbours changes it by `αᵏ·(α + 1)·(dᵢ + dᵢ₊₁)`, zero only when the two
//! symbols were equal.

use crate::Lang;
use crate::lang::Localized;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Crockford's base-32 alphabet, value = position.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols before the check: two year digits and eight random symbols.
const BODY: usize = 10;
const PREFIX: &str = "PA";
/// How many random bytes a code carries (40 bits, eight symbols).
pub const RANDOM_BYTES: usize = 5;

/// A valid verification code. Built by [`VerificationCode::new`] from fresh random bytes, or
/// read by [`VerificationCode::parse`]; displayed as `PA26-7A8G-FZJW-W`.
///
/// ```
/// use paritrana_core::award::verification::VerificationCode;
///
/// let code = VerificationCode::new(2026, [0x3a, 0x91, 0x07, 0xfe, 0x5c]);
/// let text = code.to_string();
/// assert!(text.starts_with("PA26-"));
/// assert_eq!(VerificationCode::parse(&text.to_lowercase().replace('-', "")), Ok(code));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VerificationCode {
    /// Year digits then random symbols, each a value 0–31.
    body: [u8; BODY],
}

/// Why a text is not a verification code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerificationCodeError {
    #[error(
        "`{input}` is not a certificate code: it has {found} characters besides dashes, a code has 13 (PA26-XXXX-XXXX-X)"
    )]
    Length { input: String, found: usize },
    #[error("`{input}` is not a certificate code: it must start with PA")]
    Prefix { input: String },
    #[error(
        "`{input}` is not a certificate code: `{ch}` (character {position}) cannot appear in a code"
    )]
    Character {
        input: String,
        ch: char,
        position: usize,
    },
    #[error("`{input}` is not a certificate code: PA must be followed by two digits of the year")]
    Year { input: String },
    #[error("`{input}` is not a valid certificate code: a character is mistyped (check symbol)")]
    Check { input: String },
}

impl Localized for VerificationCodeError {
    fn message(&self, lang: Lang) -> String {
        use VerificationCodeError::*;
        match (self, lang) {
            (Length { input, found }, Lang::Id) => format!(
                "`{input}` bukan kode piagam: berisi {found} karakter selain tanda hubung, \
                 sedangkan kode berisi 13 (PA26-XXXX-XXXX-X)"
            ),
            (Prefix { input }, Lang::Id) => {
                format!("`{input}` bukan kode piagam: kode diawali PA")
            }
            (
                Character {
                    input,
                    ch,
                    position,
                },
                Lang::Id,
            ) => format!(
                "`{input}` bukan kode piagam: `{ch}` (karakter ke-{position}) tidak dipakai dalam kode"
            ),
            (Year { input }, Lang::Id) => {
                format!("`{input}` bukan kode piagam: setelah PA harus ada dua angka tahun")
            }
            (Check { input }, Lang::Id) => format!(
                "`{input}` bukan kode piagam yang sah: ada karakter yang salah ketik (simbol pemeriksa)"
            ),
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// The value of a code symbol, with Crockford's aliases (`I`, `L` → 1, `O` → 0); `None` for
/// anything else (`U` included).
fn symbol_value(ch: char) -> Option<u8> {
    let upper = ch.to_ascii_uppercase();
    let upper = match upper {
        'I' | 'L' => '1',
        'O' => '0',
        c => c,
    };
    ALPHABET
        .iter()
        .position(|&a| char::from(a) == upper)
        .map(|p| p as u8)
}

/// Multiplication by α = x in GF(32) modulo x⁵ + x² + 1.
fn times_alpha(v: u8) -> u8 {
    let shifted = v << 1;
    if shifted & 0x20 != 0 {
        (shifted ^ 0b10_0101) & 0x1f
    } else {
        shifted
    }
}

/// The check symbol's value for a body.
fn check_value(body: &[u8]) -> u8 {
    let sum = body.iter().fold(0u8, |acc, &d| times_alpha(acc) ^ d);
    times_alpha(sum)
}

impl VerificationCode {
    /// The code of a certificate of `year` (only its last two digits are printed) with 40 random
    /// bits from the caller, who must draw them from a cryptographic source and make sure the
    /// code is not already in use.
    pub fn new(year: u16, random: [u8; RANDOM_BYTES]) -> VerificationCode {
        let yy = (year % 100) as u8;
        let mut body = [0u8; BODY];
        body[0] = yy / 10;
        body[1] = yy % 10;
        let bits = random
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        for (i, slot) in body[2..].iter_mut().enumerate() {
            *slot = ((bits >> (35 - 5 * i)) & 0x1f) as u8;
        }
        VerificationCode { body }
    }

    /// Reads a code as people type it: any case, with or without dashes and spaces, `I`/`L`
    /// for `1` and `O` for `0`.
    pub fn parse(input: &str) -> Result<VerificationCode, VerificationCodeError> {
        let owned = || input.to_string();
        let significant: Vec<(usize, char)> = input
            .chars()
            .enumerate()
            .filter(|(_, c)| !matches!(c, '-' | '‐' | '–' | '—') && !c.is_whitespace())
            .collect();
        if significant.len() != PREFIX.len() + BODY + 1 {
            return Err(VerificationCodeError::Length {
                input: owned(),
                found: significant.len(),
            });
        }
        let prefix: String = significant[..PREFIX.len()]
            .iter()
            .map(|(_, c)| c.to_ascii_uppercase())
            .collect();
        if prefix != PREFIX {
            return Err(VerificationCodeError::Prefix { input: owned() });
        }
        let mut values = [0u8; BODY + 1];
        for (slot, &(index, ch)) in values.iter_mut().zip(&significant[PREFIX.len()..]) {
            *slot = symbol_value(ch).ok_or(VerificationCodeError::Character {
                input: owned(),
                ch,
                position: index + 1,
            })?;
        }
        if values[0] > 9 || values[1] > 9 {
            return Err(VerificationCodeError::Year { input: owned() });
        }
        let mut body = [0u8; BODY];
        body.copy_from_slice(&values[..BODY]);
        if check_value(&body) != values[BODY] {
            return Err(VerificationCodeError::Check { input: owned() });
        }
        Ok(VerificationCode { body })
    }

    /// Whether `input` reads as a valid code ([`VerificationCode::parse`] succeeds).
    pub fn is_valid(input: &str) -> bool {
        VerificationCode::parse(input).is_ok()
    }

    /// The last two digits of the cycle's year (26 for 2026).
    pub fn year_digits(self) -> u8 {
        self.body[0] * 10 + self.body[1]
    }

    /// Whether the code was made for a certificate of `year`.
    pub fn is_for_year(self, year: u16) -> bool {
        u16::from(self.year_digits()) == year % 100
    }

    /// The public page that confirms the certificate: `{base}/piagam/{code}`.
    pub fn url(self, base: &str) -> String {
        format!("{}/piagam/{self}", base.trim_end_matches('/'))
    }
}

impl fmt::Display for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let symbol = |v: u8| char::from(ALPHABET[usize::from(v)]);
        let text: String = self.body.iter().map(|&v| symbol(v)).collect();
        write!(
            f,
            "{PREFIX}{}-{}-{}-{}",
            &text[..2],
            &text[2..6],
            &text[6..],
            symbol(check_value(&self.body))
        )
    }
}

impl TryFrom<String> for VerificationCode {
    type Error = VerificationCodeError;
    fn try_from(s: String) -> Result<VerificationCode, VerificationCodeError> {
        VerificationCode::parse(&s)
    }
}

impl From<VerificationCode> for String {
    fn from(c: VerificationCode) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A few codes spread over the random space.
    fn samples() -> Vec<VerificationCode> {
        let mut codes = vec![
            VerificationCode::new(2026, [0; 5]),
            VerificationCode::new(2026, [0xff; 5]),
            VerificationCode::new(2031, [0x3a, 0x91, 0x07, 0xfe, 0x5c]),
        ];
        // A cheap deterministic spread (no RNG in core tests either).
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for year in 2024..2040 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let b = x.to_be_bytes();
            codes.push(VerificationCode::new(year, [b[0], b[1], b[2], b[3], b[4]]));
        }
        codes
    }

    #[test]
    fn a_code_reads_back_in_any_case_with_or_without_dashes() {
        let code = VerificationCode::new(2026, [0x3a, 0x91, 0x07, 0xfe, 0x5c]);
        let text = code.to_string();
        // The example of the docs.
        assert_eq!(text, "PA26-7A8G-FZJW-W");
        assert!(text.starts_with("PA26-"), "{text}");
        assert_eq!(&text[9..10], "-");
        assert_eq!(&text[14..15], "-");
        for typed in [
            text.clone(),
            text.to_lowercase(),
            text.replace('-', ""),
            text.replace('-', " "),
            format!("  {}  ", text.to_lowercase().replace('-', "")),
            text.replace('-', "–"),
        ] {
            assert_eq!(VerificationCode::parse(&typed), Ok(code), "{typed}");
        }
        assert_eq!(code.year_digits(), 26);
        assert!(code.is_for_year(2026));
        assert!(!code.is_for_year(2027));
        assert_eq!(
            code.url("https://paritrana.example.id/"),
            format!("https://paritrana.example.id/piagam/{text}")
        );
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(
            serde_json::from_str::<VerificationCode>(&json).unwrap(),
            code
        );
        assert!(serde_json::from_str::<VerificationCode>("\"PA26-0000-0000-1\"").is_err());
    }

    #[test]
    fn the_random_bits_all_reach_the_code() {
        // Flipping any one of the 40 bits gives another code.
        let base = VerificationCode::new(2026, [0; 5]);
        let mut seen = std::collections::BTreeSet::new();
        for bit in 0..40 {
            let mut random = [0u8; 5];
            random[bit / 8] = 1 << (bit % 8);
            let code = VerificationCode::new(2026, random);
            assert_ne!(code, base);
            assert!(seen.insert(code), "bit {bit}");
        }
    }

    #[test]
    fn every_single_mistyped_character_is_refused() {
        let keys: Vec<char> = ('0'..='9')
            .chain('A'..='Z')
            .chain(['-', '*', ' '])
            .collect();
        for code in samples() {
            let text = code.to_string();
            for (i, original) in text.chars().enumerate() {
                for &typed in &keys {
                    if typed == original {
                        continue;
                    }
                    let mut chars: Vec<char> = text.chars().collect();
                    chars[i] = typed;
                    let mistyped: String = chars.into_iter().collect();
                    let same_symbol = original != '-'
                        && i >= 2
                        && symbol_value(typed).is_some()
                        && symbol_value(typed) == symbol_value(original);
                    let dash_for_dash = original == '-' && matches!(typed, ' ');
                    let result = VerificationCode::parse(&mistyped);
                    if same_symbol || dash_for_dash {
                        // `O` for `0`, `I`/`L` for `1`, a space for a dash: the same code.
                        assert_eq!(result, Ok(code), "{mistyped}");
                    } else {
                        assert!(result.is_err(), "{text} → {mistyped} was accepted");
                    }
                }
            }
        }
    }

    #[test]
    fn swapped_neighbours_are_refused() {
        for code in samples() {
            let symbols: Vec<char> = code.to_string().chars().filter(|c| *c != '-').collect();
            for i in 2..symbols.len() - 1 {
                if symbols[i] == symbols[i + 1] {
                    continue;
                }
                let mut swapped = symbols.clone();
                swapped.swap(i, i + 1);
                let swapped: String = swapped.into_iter().collect();
                assert!(VerificationCode::parse(&swapped).is_err(), "{swapped}");
            }
        }
    }

    #[test]
    fn errors_name_the_problem_in_both_languages() {
        let code = VerificationCode::new(2026, [1, 2, 3, 4, 5]).to_string();
        let cases: Vec<(String, &str, &str)> = vec![
            ("PA26-1234".into(), "13", "13"),
            (code.replacen("PA", "PB", 1), "diawali PA", "start with PA"),
            (
                format!("{}U{}", &code[..5], &code[6..]),
                "`U` (karakter ke-6)",
                "`U` (character 6)",
            ),
            (
                code.replacen("26", "2Z", 1),
                "dua angka tahun",
                "two digits",
            ),
        ];
        for (input, id, en) in cases {
            let err = VerificationCode::parse(&input).unwrap_err();
            assert!(err.message(Lang::Id).contains(id), "{err:?}");
            assert!(err.message(Lang::En).contains(en), "{err:?}");
        }
        assert!(!VerificationCode::is_valid(""));
        assert!(VerificationCode::is_valid(&code));
    }
}
