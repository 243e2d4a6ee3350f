//! The client's address, for the audit trail and sign-in throttling. Behind a reverse proxy
//! every request comes from the proxy, so one person's failures would slow everyone; with
//! `serve --trust-proxy ADDR[,ADDR…]` the `X-Forwarded-For` header is honoured, but only when
//! the direct peer is one of those addresses (anybody else could write the header), and only
//! its right-most address that is not itself a trusted proxy (the left part is whatever the
//! client chose to send).

use axum::http::HeaderMap;
use std::net::IpAddr;

/// The address a request is attributed to: the peer, or, when the peer is a trusted proxy,
/// the right-most untrusted address of `X-Forwarded-For`.
pub fn client_addr(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    // Several headers are one list, in order.
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        // A hop we cannot read was not written by a proxy we trust: stop at the last known one.
        let Some(addr) = parse_hop(hop) else {
            return client;
        };
        client = addr;
        if !trusted.contains(&addr) {
            return addr;
        }
    }
    client
}

/// `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]:443` or `203.0.113.7:443`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    hop.parse::<std::net::SocketAddr>().ok().map(|s| s.ip())
}

/// Parses `serve --trust-proxy`: addresses separated by commas.
pub fn parse_trusted(list: &str) -> Result<Vec<IpAddr>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpAddr>().map_err(|_| {
                format!(
                    "--trust-proxy: \"{s}\" bukan alamat IP (mis. 127.0.0.1) / is not an IP address"
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_header_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        let h = forwarded(&["198.51.100.9"]);
        assert_eq!(client_addr(ip("203.0.113.5"), &h, &[]), ip("203.0.113.5"));
        assert_eq!(
            client_addr(ip("203.0.113.5"), &h, &[ip("10.0.0.1")]),
            ip("203.0.113.5")
        );
        assert_eq!(
            client_addr(ip("10.0.0.1"), &h, &[ip("10.0.0.1")]),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_wins_over_what_the_client_wrote() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        // The client wrote "1.2.3.4" itself; the first proxy appended the real address.
        let h = forwarded(&["1.2.3.4, 198.51.100.9", "10.0.0.2"]);
        assert_eq!(
            client_addr(ip("10.0.0.1"), &h, &trusted),
            ip("198.51.100.9")
        );
        let junk = forwarded(&["not-an-address, 198.51.100.9:5000"]);
        assert_eq!(
            client_addr(ip("10.0.0.1"), &junk, &trusted),
            ip("198.51.100.9")
        );
        let only_proxies = forwarded(&["10.0.0.2"]);
        assert_eq!(
            client_addr(ip("10.0.0.1"), &only_proxies, &trusted),
            ip("10.0.0.2")
        );
        assert_eq!(
            client_addr(ip("10.0.0.1"), &HeaderMap::new(), &trusted),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn the_option_lists_addresses() {
        assert_eq!(
            parse_trusted("127.0.0.1, ::1").unwrap(),
            vec![ip("127.0.0.1"), ip("::1")]
        );
        assert!(parse_trusted("10.0.0.0/8").is_err());
    }
}
