//! The password rule (after NIST SP 800-63B): long rather than complicated. At least 10
//! characters, at most 128, not the user name, not one repeated character, not a well-known
//! password. Hashing (argon2id) happens in the web crate; this module only judges the choice.

use crate::Lang;
use crate::lang::Localized;

pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 128;

/// Passwords that attackers try first, and names everybody here would guess.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789012",
    "0123456789",
    "qwertyuiop",
    "password123",
    "password1234",
    "passw0rd123",
    "admin12345",
    "administrator",
    "bismillah123",
    "indonesia123",
    "indonesia45",
    "jakarta123",
    "paritrana",
    "paritrana123",
    "bpjsketenagakerjaan",
    "jamsostek123",
    "rahasia123",
    "katasandi123",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must be at least {MIN_LEN} characters long")]
    TooShort,
    #[error("the password must be at most {MAX_LEN} characters long")]
    TooLong,
    #[error("the password must not contain the user name")]
    ContainsUsername,
    #[error("the password is too easy to guess")]
    Common,
}

impl Localized for PasswordError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Id => match self {
                PasswordError::TooShort => {
                    format!("kata sandi minimal {MIN_LEN} karakter")
                }
                PasswordError::TooLong => format!("kata sandi maksimal {MAX_LEN} karakter"),
                PasswordError::ContainsUsername => {
                    "kata sandi tidak boleh memuat nama pengguna".into()
                }
                PasswordError::Common => "kata sandi terlalu mudah ditebak".into(),
            },
        }
    }
}

/// Judges a new password for the account `username`.
pub fn check(password: &str, username: &str) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(PasswordError::TooShort);
    }
    if n > MAX_LEN {
        return Err(PasswordError::TooLong);
    }
    let lower = password.to_lowercase();
    if !username.is_empty() && lower.contains(&username.to_lowercase()) {
        return Err(PasswordError::ContainsUsername);
    }
    let mut chars = lower.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) || COMMON.contains(&lower.as_str()) {
        return Err(PasswordError::Common);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_uncommon_passwords_pass() {
        assert_eq!(check("kopi tubruk di balikpapan", "budi"), Ok(()));
        assert_eq!(check("pendek", "budi"), Err(PasswordError::TooShort));
        assert_eq!(
            check("budi-12345678", "budi"),
            Err(PasswordError::ContainsUsername)
        );
        assert_eq!(check("aaaaaaaaaaaa", "budi"), Err(PasswordError::Common));
        assert_eq!(check("Paritrana123", "budi"), Err(PasswordError::Common));
        assert_eq!(check(&"x".repeat(129), "budi"), Err(PasswordError::TooLong));
    }
}
