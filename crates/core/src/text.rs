//! Normalisation of free text typed by people, so that matching ignores case, accents,
//! punctuation and spacing ("Ketua RT/RW" == "ketua rt-rw" == "KETUA_RT_RW").

/// Lower-cases, strips accents (via transliteration) and keeps only ASCII letters and digits.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s);
    ascii
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Like [`fold`] but keeps single spaces between words, for prefix handling of names.
pub fn fold_words(s: &str) -> String {
    let ascii = deunicode::deunicode(s);
    let mut out = String::with_capacity(ascii.len());
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Ketua RT/RW"), "ketuartrw");
        assert_eq!(fold("KETUA_RT_RW"), "ketuartrw");
        assert_eq!(fold("Regapu’u"), "regapuu");
        assert_eq!(fold("Pénéléh"), "peneleh");
    }

    #[test]
    fn fold_words_keeps_word_boundaries() {
        assert_eq!(fold_words("  Kab.  Paser "), "kab paser");
        assert_eq!(
            fold_words("Kota Adm. Jakarta-Barat"),
            "kota adm jakarta barat"
        );
    }
}
