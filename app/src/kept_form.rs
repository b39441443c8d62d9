//! What a refused plain form post typed, filled back into its form.
//!
//! Without JavaScript a refused post comes back to its page (Leptos redirects to the Referer
//! with the error in `__err`), and the page draws its forms as they first were: what was
//! typed would be lost. The server keeps the refused post's fields in the session for the one
//! render that follows (`server/src/kept_form.rs`). The page offers them to its form with
//! `provide_kept::<RequestInvitation>()`, and the form reads `kept::<RequestInvitation>()`:
//! that server function's refused arguments, if any. The value goes to the browser with the
//! page, so hydration draws the same form; it is made once by the page, outside any
//! Suspense, which SSR may run twice.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// A refused plain post: the server function's path and its form body, without secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptForm {
    pub path: String,
    pub body: String,
}

#[derive(Clone)]
struct Kept<S>(Option<S>);

/// Offers the page's forms the arguments of the post to `S` that the server just refused.
pub fn provide_kept<S>()
where
    S: ServerFn + Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    provide_context(Kept(SharedValue::new(refused::<S>).into_inner()));
}

/// The refused post to `S`, as its form sent it, if the page offers it (`provide_kept`).
pub fn kept<S: Clone + Send + Sync + 'static>() -> Option<S> {
    use_context::<Kept<S>>().and_then(|kept| kept.0)
}

#[cfg(feature = "ssr")]
fn refused<S: ServerFn + DeserializeOwned>() -> Option<S> {
    let parts = use_context::<http::request::Parts>()?;
    let kept = parts.extensions.get::<KeptForm>()?;
    if kept.path != S::PATH {
        return None;
    }
    // As the server function decodes its form (`server_fn::codec::PostUrl`).
    serde_qs::Config::new(5, false)
        .deserialize_str(&kept.body)
        .ok()
}

#[cfg(not(feature = "ssr"))]
fn refused<S>() -> Option<S> {
    None
}
