//! The two languages the product speaks: Bahasa Indonesia (default) and English.

use serde::{Deserialize, Serialize};

/// A user-facing language. Bahasa Indonesia is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// Parses `id`/`en` (and a few spellings people type); anything else is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "in" | "ind" | "indonesia" | "bahasa" => Some(Lang::Id),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Something that can explain itself to a user in either language.
pub trait Localized {
    /// The message in the given language.
    fn message(&self, lang: Lang) -> String;
}
