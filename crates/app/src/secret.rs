//! Random secrets (session ids, CSRF tokens, API tokens, one-time passwords) and their
//! stored form.

use rand::Rng;
use sha2::{Digest, Sha256};

/// 32 random bytes from the operating system's generator (through a ChaCha thread RNG seeded
/// from it), as 64 hex characters.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// A readable one-time password: 4 groups of 4 letters and digits, without look-alikes.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..4)
        .map(|_| {
            (0..4)
                .map(|_| {
                    let i = (rng.next_u32() as usize) % ALPHABET.len();
                    ALPHABET[i] as char
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// An API token: `ptk_` and 64 hex characters.
pub fn api_token() -> String {
    format!("ptk_{}", random_hex())
}

/// What is stored of a secret: its SHA-256, hex.
pub fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Compares two secrets in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_stored_hashed() {
        let a = random_hex();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_hex());
        assert!(api_token().starts_with("ptk_"));
        assert_eq!(digest("x").len(), 64);
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert_eq!(one_time_password().len(), 19);
    }
}
