//! Refuses state-changing requests that a browser sent from another site (CSRF), so a page
//! elsewhere cannot act with a signed-in person's cookie.
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The origin people reach the site at (`HACKBOARD_PUBLIC_URL`), as browsers write it in
/// `Origin`: scheme, host and port, without a default port or a path.
#[derive(Clone)]
pub struct PublicOrigin(Arc<str>);

impl PublicOrigin {
    pub fn new(public_url: &str) -> Self {
        let origin = normalise(public_url).unwrap_or_else(|| public_url.to_owned());
        PublicOrigin(origin.into())
    }
}

pub async fn same_origin_only(
    State(public): State<PublicOrigin>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && is_cross_site(request.headers(), &public) {
        tracing::warn!(uri = %request.uri(), "refused a cross-site request");
        return (
            StatusCode::FORBIDDEN,
            "Refused: this request came from another site.\n",
        )
            .into_response();
    }
    next.run(request).await
}

/// Browsers say where a request comes from in `Sec-Fetch-Site`, or failing that in `Origin`.
/// A request with neither is not a browser acting for another site (curl, scripts, tests).
/// The whole origin counts: `https://host` is another site than `http://host`.
fn is_cross_site(headers: &HeaderMap, public: &PublicOrigin) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = text(header::ORIGIN) else {
        return false;
    };
    let Some(origin) = normalise(origin) else {
        return true;
    };
    // This server speaks plain HTTP; behind a TLS proxy the public URL names the https origin.
    let own = text(header::HOST).and_then(|host| normalise(&format!("http://{host}")));
    origin != *public.0 && Some(&origin) != own.as_ref()
}

/// "HTTPS://Hack.example:443/path" → "https://hack.example"; "null" and other oddities → None.
fn normalise(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    Some(format!("{scheme}://{authority}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    fn cross(pairs: &[(&'static str, &'static str)]) -> bool {
        is_cross_site(&headers(pairs), &PublicOrigin::new("http://127.0.0.1:3000"))
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(!cross(&[("sec-fetch-site", "same-origin")]));
        assert!(!cross(&[("sec-fetch-site", "none")]));
        assert!(cross(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://a.test"),
            ("host", "a.test")
        ]));
        assert!(cross(&[("sec-fetch-site", "same-site")]));
    }

    #[test]
    fn origin_must_match_the_request_with_its_scheme() {
        assert!(!cross(&[
            ("origin", "http://hack.example"),
            ("host", "hack.example")
        ]));
        assert!(!cross(&[
            ("origin", "http://hack.example"),
            ("host", "hack.example:80")
        ]));
        assert!(cross(&[
            ("origin", "https://hack.example:3000"),
            ("host", "hack.example:3000")
        ]));
        assert!(cross(&[
            ("origin", "https://evil.example"),
            ("host", "hack.example")
        ]));
        assert!(cross(&[("origin", "null"), ("host", "hack.example")]));
        assert!(cross(&[("origin", "http://hack.example")]));
    }

    #[test]
    fn the_public_url_is_the_origin_behind_a_tls_proxy() {
        let public = PublicOrigin::new("https://Hack.example:443/");
        let from = |origin| {
            is_cross_site(
                &headers(&[("origin", origin), ("host", "127.0.0.1:3000")]),
                &public,
            )
        };
        assert!(!from("https://hack.example"));
        assert!(from("http://hack.example"));
        assert!(from("https://hack.example:8443"));
    }

    #[test]
    fn requests_without_browser_headers_pass() {
        assert!(!cross(&[("host", "hack.example")]));
    }
}
