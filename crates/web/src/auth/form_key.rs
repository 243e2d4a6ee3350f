//! The sign-in form's CSRF token, bound to its cookie so that nobody can choose the pair.
//!
//! The form arrives before any session exists, so it uses a double-submit cookie: the cookie
//! `__Host-paritrana_csrf` holds a random nonce, and the form's hidden field holds an expiry
//! time and the HMAC-SHA256 of nonce and expiry under a key known only to this server process.
//! A planted cookie (`paritrana_csrf=abc` with `csrf=abc`, which a sibling sub-domain or a
//! plain-HTTP network attacker could set) no longer matches, because its field cannot be
//! computed without the key; the `__Host-` prefix keeps sub-domains from setting the cookie at
//! all. The key is random per process: a form opened before a restart is refused once.

use super::secret::{hex, random_hex, same};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};

/// How long a sign-in form stays valid.
pub const FORM_LIFETIME: Duration = Duration::hours(2);

/// The server's secret for binding form tokens to their cookies.
#[derive(Clone)]
pub struct FormKey([u8; 32]);

impl std::fmt::Debug for FormKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormKey(…)")
    }
}

impl Default for FormKey {
    fn default() -> FormKey {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        FormKey(key)
    }
}

impl FormKey {
    /// A new (cookie nonce, form field) pair, valid until `now + FORM_LIFETIME`.
    pub fn issue(&self, now: DateTime<Utc>) -> (String, String) {
        let nonce = random_hex();
        let expiry = (now + FORM_LIFETIME).timestamp();
        let field = format!("{expiry}.{}", self.mac(&nonce, expiry));
        (nonce, field)
    }

    /// Does the submitted field belong to the cookie's nonce, and is it still valid?
    pub fn verify(&self, nonce: &str, field: &str, now: DateTime<Utc>) -> bool {
        let Some((expiry, mac)) = field.split_once('.') else {
            return false;
        };
        let Ok(expiry) = expiry.parse::<i64>() else {
            return false;
        };
        expiry > now.timestamp() && same(&self.mac(nonce, expiry), mac)
    }

    fn mac(&self, nonce: &str, expiry: i64) -> String {
        hex(&hmac_sha256(
            &self.0,
            format!("paritrana-masuk:{nonce}:{expiry}").as_bytes(),
        ))
    }
}

/// HMAC-SHA256 (RFC 2104) over SHA-256, which the crate already uses: no extra dependency for
/// a dozen lines. The key is 32 bytes, shorter than the 64-byte block, so it is only padded.
fn hmac_sha256(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_an_independent_implementation() {
        // python3: hmac.new(b"\x0b" * 32, b"Hi There", hashlib.sha256).hexdigest()
        let mac = hmac_sha256(&[0x0b; 32], b"Hi There");
        assert_eq!(
            hex(&mac),
            "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7"
        );
    }

    #[test]
    fn only_the_servers_pair_passes() {
        let key = FormKey::default();
        let now = Utc::now();
        let (nonce, field) = key.issue(now);
        assert!(key.verify(&nonce, &field, now));
        // A cookie and field chosen by someone else.
        assert!(!key.verify("abc", "abc", now));
        assert!(!key.verify(&random_hex(), &field, now));
        // Another process's pair.
        assert!(!FormKey::default().verify(&nonce, &field, now));
        // An old form.
        assert!(!key.verify(&nonce, &field, now + FORM_LIFETIME + Duration::seconds(1)));
    }
}
