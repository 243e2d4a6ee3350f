//! Password hashing with argon2id (the crate's defaults: 19 MiB, 2 passes, 1 lane — OWASP's
//! recommended minimum), stored as PHC strings that carry their own parameters.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// Hashes a password with a fresh random salt.
pub fn hash(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Does `password` match the stored hash? A malformed hash never matches.
pub fn verify(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the time of one verification, so an unknown user name answers as slowly as a known
/// one with a wrong password.
pub fn verify_dummy(password: &str) {
    static DUMMY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash("paritrana-dummy-password").unwrap_or_default());
    let _ = verify(&DUMMY, password);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("kopi tubruk di balikpapan").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&h, "kopi tubruk di balikpapan"));
        assert!(!verify(&h, "kopi tubruk di samarinda"));
        assert!(!verify("not a hash", "x"));
        assert_ne!(h, hash("kopi tubruk di balikpapan").unwrap(), "salted");
    }
}
