//! Event pages as anonymous visitors get them, kept rendered until something changes.
//!
//! Everyone who is not signed in gets the same bytes for the same address: the board of 300
//! topics or a two-day agenda takes milliseconds to render, and on the day most phones ask
//! for it at once. So the first render is kept and served to the next visitors until
//! something changes (`Hub::changes`, for every event: at once for this process's own commits,
//! on the wake-up for other processes sharing the database), or `FRESH` passes, which bounds
//! what changes without a live message (a proposer renaming their account, the date turning).
//!
//! Signed-in visitors, who see their own votes and rights, are always rendered afresh.
use crate::live::Hub;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a kept page may be served while no live message says it changed.
const FRESH: Duration = Duration::from_secs(10);

/// The most the kept pages take, in bytes of body.
const CAPACITY: usize = 32 * 1024 * 1024;

/// A page is not worth keeping past this size: it would crowd out the rest.
const LARGEST: usize = 4 * 1024 * 1024;

/// The session cookie's name: its presence means the visitor may be signed in.
const SESSION_COOKIE: &str = "hackboard_session";

pub struct PageCache {
    hub: Arc<Hub>,
    pages: Mutex<Pages>,
}

#[derive(Default)]
struct Pages {
    kept: HashMap<Key, Page>,
    bytes: usize,
}

/// The address with its query, and the encodings the browser accepts (the body is kept as
/// sent, compressed or not).
type Key = (String, Option<HeaderValue>);

struct Page {
    changes: u64,
    rendered: Instant,
    headers: HeaderMap,
    body: Bytes,
}

impl PageCache {
    pub fn new(hub: Arc<Hub>) -> Arc<PageCache> {
        Arc::new(PageCache {
            hub,
            pages: Mutex::default(),
        })
    }

    fn get(&self, key: &Key) -> Option<Response> {
        let pages = self.lock();
        let page = pages.kept.get(key)?;
        if page.changes != self.hub.changes() || page.rendered.elapsed() > FRESH {
            return None;
        }
        let mut response = Response::new(Body::from(page.body.clone()));
        *response.headers_mut() = page.headers.clone();
        Some(response)
    }

    fn put(&self, key: Key, page: Page) {
        let changes = self.hub.changes();
        let mut pages = self.lock();
        if let Some(old) = pages.kept.remove(&key) {
            pages.bytes -= old.body.len();
        }
        if pages.bytes + page.body.len() > CAPACITY {
            // Out-of-date pages go first, then the oldest, until the new one fits.
            pages
                .kept
                .retain(|_, kept| kept.changes == changes && kept.rendered.elapsed() <= FRESH);
            pages.bytes = pages.kept.values().map(|kept| kept.body.len()).sum();
            while pages.bytes + page.body.len() > CAPACITY {
                let Some(oldest) = pages
                    .kept
                    .iter()
                    .min_by_key(|(_, kept)| kept.rendered)
                    .map(|(key, _)| key.clone())
                else {
                    break;
                };
                if let Some(old) = pages.kept.remove(&oldest) {
                    pages.bytes -= old.body.len();
                }
            }
        }
        pages.bytes += page.body.len();
        pages.kept.insert(key, page);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pages> {
        self.pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Middleware: serves a kept page when there is one, and keeps what it renders otherwise.
pub async fn serve(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    let Some(key) = key(&request) else {
        return next.run(request).await;
    };
    if let Some(kept) = cache.get(&key) {
        return kept;
    }
    // Read before rendering: a change landing during the render makes the page out of date.
    let changes = cache.hub.changes();
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, LARGEST).await {
        Ok(body) => body,
        Err(error) => {
            tracing::warn!(%error, "cannot read a rendered page");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let page = Page {
        changes,
        rendered: Instant::now(),
        headers: parts.headers.clone(),
        body: body.clone(),
    };
    cache.put(key, page);
    Response::from_parts(parts, Body::from(body))
}

/// The cache key of an anonymous visitor's GET of an event page, the board or a topic;
/// `None` for everything else.
fn key(request: &Request) -> Option<Key> {
    if request.method() != Method::GET || signed_in(request.headers()) {
        return None;
    }
    let uri = request.uri();
    if !is_event_page(uri.path()) {
        return None;
    }
    let address = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    let encodings = request.headers().get(header::ACCEPT_ENCODING).cloned();
    Some((address, encodings))
}

fn signed_in(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .any(|cookie| cookie.trim_start().starts_with(SESSION_COOKIE))
}

/// The pages everyone reads and nobody's rights change: the event, its board, a topic, the
/// agenda in its three views, and the schedule feeds calendars and conference apps poll.
fn is_event_page(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let ["", "events", slug, rest @ ..] = parts.as_slice() else {
        return false;
    };
    !slug.is_empty()
        && match rest {
            [] | ["topics"] | ["agenda"] | ["agenda", "now" | "screen"] => true,
            ["agenda.ics" | "schedule.xml" | "schedule.json"] => true,
            ["topics", id] => !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(path: &str, cookie: Option<&str>) -> Request {
        let mut request = Request::get(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.body(Body::empty()).expect("a request")
    }

    #[test]
    fn only_anonymous_gets_of_event_pages_are_kept() {
        let kept = |path, cookie| key(&get(path, cookie)).is_some();
        assert!(kept("/events/london-2014", None));
        assert!(kept("/events/london-2014/topics?sort=new&q=xen", None));
        assert!(kept("/events/london-2014/topics/12", None));
        assert!(kept("/events/london-2014/agenda", None));
        assert!(kept("/events/london-2014/agenda/now", None));
        assert!(kept("/events/london-2014/agenda/screen?room=2", None));
        assert!(kept("/events/london-2014/agenda.ics", None));
        assert!(kept("/events/london-2014/schedule.xml", None));
        assert!(kept("/events/london-2014/schedule.json", None));
        assert!(kept("/events/london-2014/topics", Some("theme=dark")));
        assert!(!kept(
            "/events/london-2014/topics",
            Some("theme=dark; hackboard_session=abc")
        ));
        assert!(!kept("/events/london-2014/topics/new", None));
        assert!(!kept("/events/london-2014/edit", None));
        assert!(!kept("/events/london-2014/live", None));
        assert!(!kept("/events/london-2014/agenda/edit", None));
        assert!(!kept("/events/london-2014/my-agenda.ics?token=x", None));
        assert!(!kept("/events/london-2014/registrations.csv", None));
        assert!(!kept("/events//topics", None));
        assert!(!kept("/", None));
        assert!(!kept("/api/vote", None));
        let post = Request::post("/events/london-2014/topics")
            .body(Body::empty())
            .expect("a request");
        assert!(key(&post).is_none());
    }

    #[test]
    fn the_query_and_the_encodings_make_different_pages() {
        let plain = key(&get("/events/a/topics", None));
        let sorted = key(&get("/events/a/topics?sort=new", None));
        let mut compressed = get("/events/a/topics", None);
        compressed
            .headers_mut()
            .insert(header::ACCEPT_ENCODING, HeaderValue::from_static("br"));
        assert_ne!(plain, sorted);
        assert_ne!(plain, key(&compressed));
    }
}
