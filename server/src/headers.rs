//! The headers every response carries: a Content-Security-Policy the app satisfies, the
//! browser hardening headers, and cache lifetimes (a year for the bundle, whose file names
//! change with its content; revalidation for everything else served from `public/`).
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;

/// Scripts come from this origin or carry the page's nonce (Leptos's hydration and resource
/// scripts do); the WASM may compile. Style attributes stay allowed: the agenda grid places
/// each session with one, and must render before (or without) the WASM.
fn policy(nonce: &Nonce) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Whether the bundle's file names carry a hash of their content (`hash-files` in the
/// workspace metadata), so they can be kept for a year.
#[derive(Clone, Copy)]
pub struct HashedBundle(pub bool);

/// Makes the page's nonce, hands it to the renderer (see `startup::router`) and sends the
/// headers. It runs inside the page cache, so a kept page keeps the nonce its scripts carry.
pub async fn secure(
    State(HashedBundle(hashed)): State<HashedBundle>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let bundle = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&policy(&nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        let cache = if bundle && hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_nonce_and_forbids_framing() {
        let nonce = Nonce::from_value("abc123");
        let policy = policy(&nonce);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("'unsafe-eval'"));
        assert!(HeaderValue::from_str(&policy).is_ok());
    }
}
