//! Which client a request comes from, for the per-client rate limits: the peer's address, or,
//! when the peer is a trusted reverse proxy, the address the proxies say they forwarded for.
//!
//! Forwarding headers (`Forwarded`, RFC 7239, else `X-Forwarded-For`) list the addresses a
//! request passed through, the client first; each proxy appends the address it received the
//! request from. Only the entries added by trusted proxies can be believed, so the list is read
//! from the right: past the trusted proxies, the first address is the client. Anything to its
//! left was written by the client itself and may be forged. From an untrusted peer the headers
//! are ignored altogether.

use std::net::{IpAddr, SocketAddr};

use axum::http::{HeaderMap, header};
use ipnet::IpNet;

/// The client's address. `peer` is `None` for requests that did not come over a socket (in-process
/// tests); they count as the unspecified address.
pub(crate) fn client_address(
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
    trusted: &[IpNet],
) -> IpAddr {
    let peer = peer.map_or(IpAddr::from([0, 0, 0, 0]), |peer| peer.ip());
    let is_trusted = |address: &IpAddr| trusted.iter().any(|net| net.contains(address));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops = forwarded_hops(headers);
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop {
            // An entry the proxy could not or would not name: the last trusted hop is as far
            // as the chain can be followed.
            None => return client,
            Some(address) => {
                client = *address;
                if !is_trusted(address) {
                    return client;
                }
            }
        }
    }
    client
}

/// The forwarded-for addresses of the request, in order (client first); `None` for an entry that
/// is not an address (`unknown`, an obfuscated name, or something that does not parse).
fn forwarded_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all(header::FORWARDED)
        .iter()
        .map(|value| value.to_str().unwrap_or(""))
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|value| value.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, value)| node_address(value))
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| value.to_str().unwrap_or("").split(','))
        .map(node_address)
        .collect()
}

/// The address of a node as forwarding headers write it: `192.0.2.7`, `"192.0.2.7:4711"`,
/// `"[2001:db8::1]:4711"`, `2001:db8::1`.
fn node_address(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    if let Ok(address) = text.parse::<IpAddr>() {
        return Some(address);
    }
    if let Ok(socket) = text.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    text.strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(inside, _)| inside.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|net| net.parse().unwrap()).collect()
    }

    fn peer(text: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(text.parse().unwrap(), 40_000))
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_its_headers_say() {
        let spoofed = headers(&[("x-forwarded-for", "198.51.100.9")]);
        assert_eq!(
            client_address(peer("203.0.113.5"), &spoofed, &nets(&["10.0.0.0/8"])),
            ip("203.0.113.5")
        );
        // With no trusted proxies configured (the default), headers are never read.
        assert_eq!(
            client_address(peer("10.0.0.2"), &spoofed, &[]),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_address_is_the_client() {
        let trusted = nets(&["10.0.0.0/8"]);
        // The client forged the first entry; the proxy appended the real one.
        let forged = headers(&[("x-forwarded-for", "198.51.100.9, 203.0.113.5")]);
        assert_eq!(
            client_address(peer("10.0.0.2"), &forged, &trusted),
            ip("203.0.113.5")
        );
        // Two proxies, both trusted.
        let chain = headers(&[("x-forwarded-for", "203.0.113.5, 10.0.0.3")]);
        assert_eq!(
            client_address(peer("10.0.0.2"), &chain, &trusted),
            ip("203.0.113.5")
        );
        // Header lines count in order.
        let lines = headers(&[
            ("x-forwarded-for", "198.51.100.9"),
            ("x-forwarded-for", "203.0.113.5"),
        ]);
        assert_eq!(
            client_address(peer("10.0.0.2"), &lines, &trusted),
            ip("203.0.113.5")
        );
        // No header: the proxy itself.
        assert_eq!(
            client_address(peer("10.0.0.2"), &HeaderMap::new(), &trusted),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn the_standard_forwarded_header_wins_and_its_forms_are_read() {
        let trusted = nets(&["10.0.0.0/8", "2001:db8:1::/48"]);
        let both = headers(&[
            (
                "forwarded",
                "for=198.51.100.9, for=\"[2001:db8:cafe::17]:4711\";proto=https",
            ),
            ("x-forwarded-for", "192.0.2.1"),
        ]);
        assert_eq!(
            client_address(peer("10.0.0.2"), &both, &trusted),
            ip("2001:db8:cafe::17")
        );
        let with_port = headers(&[("forwarded", "For=\"203.0.113.5:47011\"")]);
        assert_eq!(
            client_address(peer("2001:db8:1::4"), &with_port, &trusted),
            ip("203.0.113.5")
        );
        // An entry that names no address stops the chain at the last trusted hop.
        let hidden = headers(&[("forwarded", "for=198.51.100.9, for=_hidden, for=10.0.0.3")]);
        assert_eq!(
            client_address(peer("10.0.0.2"), &hidden, &trusted),
            ip("10.0.0.3")
        );
    }

    #[test]
    fn requests_without_a_peer_share_the_unspecified_address() {
        assert_eq!(
            client_address(None, &HeaderMap::new(), &nets(&["0.0.0.0/0"])),
            ip("0.0.0.0")
        );
    }
}
