//! Who is asking. Behind a reverse proxy every connection comes from the proxy, and the
//! per-address limits (sign-in attempts, live streams) would treat all attendees as one. For
//! the proxies named in `HACKBOARD_TRUSTED_PROXIES`, the client is read from the
//! `X-Forwarded-For` they append to: the right-most address that is not itself a trusted
//! proxy. Anyone else's header is ignored, since a client can write whatever it likes there.
use axum::http::HeaderMap;
use std::net::IpAddr;

pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map_while(|hop| hop.trim().parse().ok())
        .collect();
    hops.iter()
        .rev()
        .find(|hop| !trusted.contains(hop))
        .or(hops.first())
        .copied()
        .unwrap_or(peer)
}

/// Reads `HACKBOARD_TRUSTED_PROXIES`: addresses separated by commas.
pub fn parse_trusted(text: &str) -> Result<Vec<IpAddr>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse()
                .map_err(|_| format!("{part:?} is not an IP address such as 127.0.0.1"))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let trusted = [ip("127.0.0.1")];
        let headers = forwarded("198.51.100.7");
        assert_eq!(
            client_ip(ip("127.0.0.1"), &headers, &trusted),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn a_forged_hop_before_the_proxys_own_is_not_believed() {
        // The client wrote "10.0.0.1"; the proxy appended the address it saw.
        let trusted = [ip("127.0.0.1")];
        let headers = forwarded("10.0.0.1, 203.0.113.9");
        assert_eq!(
            client_ip(ip("127.0.0.1"), &headers, &trusted),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn chained_trusted_proxies_are_skipped() {
        let trusted = [ip("127.0.0.1"), ip("10.0.0.2")];
        let headers = forwarded("203.0.113.9, 10.0.0.2");
        assert_eq!(
            client_ip(ip("127.0.0.1"), &headers, &trusted),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn anyone_elses_header_is_ignored() {
        let headers = forwarded("10.0.0.1");
        assert_eq!(
            client_ip(ip("203.0.113.9"), &headers, &[ip("127.0.0.1")]),
            ip("203.0.113.9")
        );
        assert_eq!(client_ip(ip("127.0.0.1"), &headers, &[]), ip("127.0.0.1"));
    }

    #[test]
    fn a_proxy_without_the_header_is_the_client() {
        let trusted = [ip("127.0.0.1")];
        assert_eq!(
            client_ip(ip("127.0.0.1"), &HeaderMap::new(), &trusted),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn the_setting_names_what_is_wrong() {
        assert_eq!(parse_trusted(" 127.0.0.1, ::1 ").unwrap().len(), 2);
        assert_eq!(parse_trusted("").unwrap(), Vec::<IpAddr>::new());
        assert!(parse_trusted("127.0.0.1, proxy")
            .unwrap_err()
            .contains("\"proxy\""));
    }
}
