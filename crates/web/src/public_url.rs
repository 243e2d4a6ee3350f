//! The deployment's public address: the base of URLs that leave the server and must keep
//! working for years, such as the verification URL printed and QR-encoded on every piagam
//! (`{base}/piagam/{code}`).
//!
//! A deployment names it with `serve --public-url https://paritrana.example.go.id`
//! (`PARITRANA_PUBLIC_URL`), and should: behind a proxy the server cannot know the address
//! people use. Without it, [`PublicUrl::from_host`] takes the request's `Host` header, but only a
//! plain host name or IP address with an optional port (anything else is refused, so a forged
//! header cannot put a foreign path or query on a piagam). The scheme is then `http` for a
//! loopback host (`localhost`, `127.x.x.x`, `[::1]`) or a server whose cookies are not marked
//! secure (`--insecure-cookies`, a plain-HTTP deployment), and `https` otherwise.

use paritrana_core::Lang;
use paritrana_core::lang::Localized;
use std::fmt;

/// A valid public base address: `http(s)://host[:port][/path]`, without a trailing slash, a
/// query or a fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(String);

/// Why an address cannot be the public base address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublicUrlError {
    #[error("public URL `{0}`: it must start with http:// or https://")]
    Scheme(String),
    #[error("public URL `{0}`: the host must be a host name or IP address with an optional port")]
    Host(String),
    #[error(
        "public URL `{0}`: the path may hold letters, digits and - . _ ~ / only (no query or fragment)"
    )]
    Path(String),
}

impl Localized for PublicUrlError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PublicUrlError::Scheme(u), Lang::Id) => {
                format!("alamat publik `{u}`: harus diawali http:// atau https://")
            }
            (PublicUrlError::Host(u), Lang::Id) => format!(
                "alamat publik `{u}`: host harus berupa nama host atau alamat IP, boleh dengan port"
            ),
            (PublicUrlError::Path(u), Lang::Id) => format!(
                "alamat publik `{u}`: path hanya boleh berisi huruf, angka, dan - . _ ~ / (tanpa query atau fragmen)"
            ),
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// A port: one to five digits.
fn valid_port(port: &str) -> bool {
    !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit())
}

/// `host[:port]` with a host name, an IPv4 address or a bracketed IPv6 address.
fn valid_authority(authority: &str) -> bool {
    if let Some(rest) = authority.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return false;
        };
        let address_ok =
            !inside.is_empty() && inside.chars().all(|c| c.is_ascii_hexdigit() || c == ':');
        return address_ok && (after.is_empty() || after.strip_prefix(':').is_some_and(valid_port));
    }
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && !host.starts_with(['.', '-'])
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    host_ok && port.is_none_or(valid_port)
}

fn is_loopback(authority: &str) -> bool {
    let host = if authority.starts_with('[') {
        authority.split(']').next().map_or("", |h| &h[1..])
    } else {
        authority.split(':').next().unwrap_or("")
    };
    host.eq_ignore_ascii_case("localhost")
        || host == "::1"
        || (host.starts_with("127.") && host.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

impl PublicUrl {
    /// Reads a configured address (`https://paritrana.example.go.id`, `http://10.0.0.5:8080/p`).
    pub fn parse(input: &str) -> Result<PublicUrl, PublicUrlError> {
        let text = input.trim().trim_end_matches('/');
        let (scheme, rest) = text
            .split_once("://")
            .filter(|(s, _)| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"))
            .ok_or_else(|| PublicUrlError::Scheme(input.to_string()))?;
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if !valid_authority(authority) {
            return Err(PublicUrlError::Host(input.to_string()));
        }
        if !path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/'))
        {
            return Err(PublicUrlError::Path(input.to_string()));
        }
        Ok(PublicUrl(format!(
            "{}://{}{path}",
            scheme.to_ascii_lowercase(),
            authority.to_ascii_lowercase()
        )))
    }

    /// The address a request came to, from its `Host` header: `None` when the header is not a
    /// plain `host[:port]`. `secure_cookies` is the server's cookie setting (see the module).
    pub fn from_host(host: &str, secure_cookies: bool) -> Option<PublicUrl> {
        let host = host.trim();
        if !valid_authority(host) {
            return None;
        }
        let scheme = if is_loopback(host) || !secure_cookies {
            "http"
        } else {
            "https"
        };
        Some(PublicUrl(format!(
            "{scheme}://{}",
            host.to_ascii_lowercase()
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_address_is_kept_without_its_trailing_slash() {
        let u = PublicUrl::parse("https://Paritrana.Example.go.id/").unwrap();
        assert_eq!(u.as_str(), "https://paritrana.example.go.id");
        let u = PublicUrl::parse("http://10.0.0.5:8080/paritrana").unwrap();
        assert_eq!(u.as_str(), "http://10.0.0.5:8080/paritrana");
        assert!(matches!(
            PublicUrl::parse("paritrana.example.go.id"),
            Err(PublicUrlError::Scheme(_))
        ));
        assert!(matches!(
            PublicUrl::parse("ftp://x.id"),
            Err(PublicUrlError::Scheme(_))
        ));
        assert!(matches!(
            PublicUrl::parse("https://x.id/a?b=c"),
            Err(PublicUrlError::Path(_))
        ));
        assert!(matches!(
            PublicUrl::parse("https://user@x.id"),
            Err(PublicUrlError::Host(_))
        ));
        assert!(
            PublicUrl::parse("https://:80")
                .unwrap_err()
                .message(Lang::Id)
                .contains("nama host")
        );
    }

    #[test]
    fn a_host_header_gives_an_address_only_when_it_is_a_plain_host() {
        let at = |h: &str, secure| PublicUrl::from_host(h, secure).map(|u| u.to_string());
        assert_eq!(
            at("127.0.0.1:38211", true).as_deref(),
            Some("http://127.0.0.1:38211")
        );
        assert_eq!(
            at("localhost:8080", true).as_deref(),
            Some("http://localhost:8080")
        );
        assert_eq!(at("[::1]:8080", true).as_deref(), Some("http://[::1]:8080"));
        assert_eq!(
            at("paritrana.example.go.id", true).as_deref(),
            Some("https://paritrana.example.go.id")
        );
        assert_eq!(
            at("paritrana.example.go.id", false).as_deref(),
            Some("http://paritrana.example.go.id")
        );
        for forged in [
            "evil.example/phish?",
            "a.id:80/x",
            "a.id:port",
            "",
            "a b",
            "[::1",
            "-x.id",
        ] {
            assert_eq!(at(forged, true), None, "{forged}");
        }
    }
}
