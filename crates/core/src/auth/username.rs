//! Account names: 3–32 characters of lower-case letters, digits, `.`, `_` and `-`, starting
//! with a letter. Case is folded so `Budi.S` and `budi.s` are one account.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Username(String);

/// Why a user name is refused (messages in Indonesian and English).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    #[error("the user name must be 3 to 32 characters long")]
    Length,
    #[error("the user name must start with a letter")]
    Start,
    #[error("the user name may hold only letters, digits, '.', '_' and '-' (found {0:?})")]
    Character(char),
}

impl crate::lang::Localized for UsernameError {
    fn message(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::En => self.to_string(),
            crate::Lang::Id => match self {
                UsernameError::Length => "nama pengguna harus 3 sampai 32 karakter".into(),
                UsernameError::Start => "nama pengguna harus diawali huruf".into(),
                UsernameError::Character(c) => format!(
                    "nama pengguna hanya boleh berisi huruf, angka, '.', '_' dan '-' (ditemukan {c:?})"
                ),
            },
        }
    }
}

impl Username {
    pub fn parse(input: &str) -> Result<Username, UsernameError> {
        let s = input.trim().to_lowercase();
        let n = s.chars().count();
        if !(3..=32).contains(&n) {
            return Err(UsernameError::Length);
        }
        if !s.starts_with(|c: char| c.is_ascii_lowercase()) {
            return Err(UsernameError::Start);
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(*c)))
        {
            return Err(UsernameError::Character(c));
        }
        Ok(Username(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_folded_and_checked() {
        assert_eq!(Username::parse(" Budi.S ").unwrap().as_str(), "budi.s");
        assert_eq!(Username::parse("ab"), Err(UsernameError::Length));
        assert_eq!(Username::parse("1abc"), Err(UsernameError::Start));
        assert_eq!(
            Username::parse("a' OR 1=1"),
            Err(UsernameError::Character('\''))
        );
    }
}
