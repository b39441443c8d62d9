//! `/metrics` in Prometheus's text format: requests by route and status, a latency histogram
//! by route, open live streams, the database pool and the process's memory. Routes are the
//! router's patterns (`/events/{slug}/board`), never raw paths, so the series stay few.
use crate::db::Pool;
use crate::live::Hub;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct RouteStats {
    by_status: BTreeMap<u16, u64>,
    /// Requests at or under each bound, not yet cumulative.
    buckets: [u64; BUCKETS.len()],
    seconds: f64,
    count: u64,
}

/// What `/metrics` reports; one per process.
#[derive(Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<String, RouteStats>>,
}

impl Metrics {
    fn observe(&self, route: String, status: u16, seconds: f64) {
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let stats = routes.entry(route).or_default();
        *stats.by_status.entry(status).or_default() += 1;
        if let Some(bucket) = BUCKETS.iter().position(|bound| seconds <= *bound) {
            stats.buckets[bucket] += 1;
        }
        stats.seconds += seconds;
        stats.count += 1;
    }

    fn render_requests(&self, out: &mut String) {
        let routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        out.push_str(
            "# HELP hackboard_http_requests_total Requests answered, by route and status.\n",
        );
        out.push_str("# TYPE hackboard_http_requests_total counter\n");
        for (route, stats) in routes.iter() {
            for (status, count) in &stats.by_status {
                let route = label(route);
                let _ = writeln!(
                    out,
                    "hackboard_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {count}"
                );
            }
        }
        out.push_str(
            "# HELP hackboard_http_request_duration_seconds Time to the response's headers.\n",
        );
        out.push_str("# TYPE hackboard_http_request_duration_seconds histogram\n");
        for (route, stats) in routes.iter() {
            let route = label(route);
            let mut below = 0;
            for (bound, count) in BUCKETS.iter().zip(stats.buckets) {
                below += count;
                let _ = writeln!(
                    out,
                    "hackboard_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {below}"
                );
            }
            let _ = writeln!(
                out,
                "hackboard_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                 hackboard_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 hackboard_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                stats.count, stats.seconds, stats.count
            );
        }
    }
}

/// Escapes a label value as the text format asks.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The route a request counts under: the router's pattern, or one name for all the rest.
fn route_of(request: &Request) -> String {
    match request.extensions().get::<MatchedPath>() {
        Some(path) => path.as_str().to_owned(),
        None if request.uri().path().starts_with("/pkg/") => "/pkg/{file}".to_owned(),
        None => "other".to_owned(),
    }
}

/// Counts every request and how long its answer took to start.
pub async fn record(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = route_of(&request);
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe(
        route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// What `/metrics` reads besides the requests.
#[derive(Clone)]
pub struct Sources {
    pub metrics: Arc<Metrics>,
    pub hub: Arc<Hub>,
    pub pool: Pool,
}

pub async fn serve(State(sources): State<Sources>) -> Response {
    let mut out = String::new();
    sources.metrics.render_requests(&mut out);
    let _ = writeln!(
        out,
        "# HELP hackboard_live_streams Live streams open on this process.\n\
         # TYPE hackboard_live_streams gauge\nhackboard_live_streams {}",
        sources.hub.streams()
    );
    let pool = sources.pool.stats();
    let _ = writeln!(
        out,
        "# HELP hackboard_db_connections Database connections, by state.\n\
         # TYPE hackboard_db_connections gauge\n\
         hackboard_db_connections{{state=\"idle\"}} {}\n\
         hackboard_db_connections{{state=\"busy\"}} {}\n\
         # HELP hackboard_db_connections_max The most the pool opens.\n\
         # TYPE hackboard_db_connections_max gauge\nhackboard_db_connections_max {}",
        pool.idle,
        pool.open.saturating_sub(pool.idle),
        pool.max
    );
    if let Some(bytes) = resident_bytes() {
        let _ = writeln!(
            out,
            "# HELP process_resident_memory_bytes Resident memory.\n\
             # TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes {bytes}"
        );
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

/// Linux only: the second field of `/proc/self/statm`, in pages of 4 KiB.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_is_cumulative_and_ends_with_every_request() {
        let metrics = Metrics::default();
        metrics.observe("/events/{slug}".into(), 200, 0.003);
        metrics.observe("/events/{slug}".into(), 200, 0.2);
        metrics.observe("/events/{slug}".into(), 404, 30.0);
        let mut out = String::new();
        metrics.render_requests(&mut out);
        assert!(out.contains("route=\"/events/{slug}\",status=\"200\"} 2"));
        assert!(out.contains("route=\"/events/{slug}\",status=\"404\"} 1"));
        assert!(out.contains("route=\"/events/{slug}\",le=\"0.0025\"} 0"));
        assert!(out.contains("route=\"/events/{slug}\",le=\"0.005\"} 1"));
        assert!(out.contains("route=\"/events/{slug}\",le=\"10\"} 2"));
        assert!(out.contains("route=\"/events/{slug}\",le=\"+Inf\"} 3"));
        assert!(out.contains("_count{route=\"/events/{slug}\"} 3"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
