//! Refuses state-changing requests that a browser sent from another site (CSRF), so a page
//! elsewhere cannot act with a signed-in person's cookie.
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn same_origin_only(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && is_cross_site(request.headers()) {
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
fn is_cross_site(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return !matches!(site, "same-origin" | "none");
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => origin_authority(origin) != Some(host),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// "https://hack.example:8443" → "hack.example:8443"; "null" and other oddities → None.
fn origin_authority(origin: &str) -> Option<&str> {
    origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
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

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(is_cross_site(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://a.test"),
            ("host", "a.test")
        ])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
    }

    #[test]
    fn origin_must_match_host() {
        assert!(!is_cross_site(&headers(&[
            ("origin", "https://hack.example"),
            ("host", "hack.example")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "hack.example")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "null"),
            ("host", "hack.example")
        ])));
    }

    #[test]
    fn requests_without_browser_headers_pass() {
        assert!(!is_cross_site(&headers(&[("host", "hack.example")])));
    }
}
