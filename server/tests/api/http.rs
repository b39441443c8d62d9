//! What every response carries and how the server meets bad clients: oversized and malformed
//! bodies, slow requests, floods of connections. These are about HTTP, not storage: SQLite only.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::helpers::{Backend, TestApp};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn pages_carry_a_policy_their_own_scripts_satisfy() {
    let app = TestApp::spawn_with_demo(Backend::Sqlite).await;
    let response = app.get("/").await;
    let headers = response.headers().clone();
    let header = |name: &str| headers.get(name).unwrap().to_str().unwrap().to_owned();
    let policy = header("content-security-policy");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "strict-origin-when-cross-origin");
    assert_eq!(header("x-frame-options"), "DENY");

    // Every inline script carries the nonce the policy names, and no other.
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap()
        .to_owned();
    let body = response.text().await.unwrap();
    let inline = body.matches("<script").count() - body.matches("<script src=").count();
    assert!(inline > 0, "the page has inline scripts to check");
    assert_eq!(body.matches(&format!("nonce=\"{nonce}\"")).count(), inline);

    // A second visitor's page has another nonce.
    let again = app.get("/events/london-2014").await;
    let other = again.headers()["content-security-policy"].to_str().unwrap();
    assert!(!other.contains(&nonce));
    app.stop().await;
}

#[tokio::test]
async fn pages_are_compressed_for_browsers_that_ask() {
    let app = TestApp::spawn_with_demo(Backend::Sqlite).await;
    let url = format!("{}/events/london-2014", app.address);
    for encoding in ["br", "gzip"] {
        let response = app
            .client
            .get(&url)
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
    app.stop().await;
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413_and_the_server_goes_on() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let big = "x".repeat(2 * 1024 * 1024);
    let response = app
        .post(&app.client, "sign_in", &[("email", big.as_str())])
        .await;
    assert_eq!(response.status(), 413);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("larger than the 1024 KB"));

    // Without a declared length the body is cut off where it passes the limit.
    let chunks =
        futures::stream::iter((0..40).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 64 * 1024])));
    let response = app
        .client
        .post(format!("{}/api/sign_in", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_client_error(),
        "a streamed 2.5 MB body: {}",
        response.status()
    );

    assert_eq!(app.get("/healthz").await.status(), 200);
    app.stop().await;
}

#[tokio::test]
async fn a_form_that_is_not_utf8_gets_a_400_that_says_so() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let response = app
        .client
        .post(format!("{}/api/sign_in", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"email=\xff\xfe%FF&password=\xc3\x28".to_vec())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 400, "{text}");
    assert!(!text.is_empty());

    // A path that is not UTF-8 once decoded is a page that does not exist.
    let (status, _) = app.page("/events/%FF%FE").await;
    assert_eq!(status, 404);
    app.stop().await;
}

/// Sends `head` and reads until the server closes, or `limit` passes.
async fn answer_to(address: &str, head: &[u8], limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(address.trim_start_matches("http://"))
        .await
        .unwrap();
    stream.write_all(head).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(limit, stream.read_to_end(&mut answer)).await;
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off_while_others_are_served() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    // The test server gives a second for headers (the default is ten).
    let slow = tokio::spawn({
        let address = app.address.clone();
        async move {
            answer_to(
                &address,
                b"GET / HTTP/1.1\r\nHost: hackboard.test\r\nX-Slow: ",
                Duration::from_secs(10),
            )
            .await
        }
    });
    for _ in 0..5 {
        assert_eq!(app.get("/healthz").await.status(), 200);
    }
    let (answer, took) = slow.await.unwrap();
    assert!(took < Duration::from_secs(5), "cut off after {took:?}");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_body_that_trickles_in_is_answered_408() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let head = b"POST /api/sign_in HTTP/1.1\r\nHost: hackboard.test\r\n\
content-type: application/x-www-form-urlencoded\r\ncontent-length: 100\r\n\r\nemail=a";
    let (answer, took) = answer_to(&app.address, head, Duration::from_secs(15)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < Duration::from_secs(10), "answered after {took:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_flood_of_connections_is_turned_away_with_503_and_the_server_recovers() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let address = app.address.trim_start_matches("http://").to_owned();
    // The test server holds 400 connections. These 450 say nothing.
    let mut flood = Vec::new();
    for _ in 0..450 {
        flood.push(TcpStream::connect(&address).await.unwrap());
    }
    // Each is answered at once with 503 or, once its header timeout passes, closed: read every
    // one to its end, so the server has let go of them all before it is asked again.
    let mut busy = 0;
    for stream in &mut flood {
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut answer))
            .await
            .expect("a silent connection is closed after the header timeout")
            .ok();
        if answer.starts_with(b"HTTP/1.1 503") {
            busy += 1;
        }
    }
    assert!(busy >= 50, "{busy} of the 450 were told the server is busy");

    // Everyone is served again.
    for _ in 0..20 {
        let response = app.get("/healthz").await;
        assert_eq!(response.status(), 200, "{:?}", response.text().await);
    }
    drop(flood);
    app.stop().await;
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_show_streams_and_the_pool() {
    let app = TestApp::spawn_with_demo(Backend::Sqlite).await;
    for _ in 0..3 {
        assert_eq!(app.get("/events/london-2014").await.status(), 200);
    }
    assert_eq!(app.get("/events/no-such-event").await.status(), 404);
    let stream = app.get("/events/london-2014/live").await;
    assert_eq!(stream.status(), 200);

    let response = app.get("/metrics").await;
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.unwrap();
    let line = |start: &str| {
        text.lines()
            .find(|line| line.starts_with(start))
            .unwrap_or_else(|| panic!("no {start} in:\n{text}"))
            .to_owned()
    };
    // By the router's pattern, never the raw path.
    let pages = "hackboard_http_requests_total{route=\"/events/{slug}\"";
    assert_eq!(
        line(&format!("{pages},status=\"200\"}}")),
        format!("{pages},status=\"200\"}} 3")
    );
    assert!(line(&format!("{pages},status=\"404\"}}")).ends_with(" 1"));
    assert!(!text.contains("no-such-event"));
    let count = "hackboard_http_request_duration_seconds_count{route=\"/events/{slug}\"}";
    assert_eq!(line(count), format!("{count} 4"));
    assert!(line(
        "hackboard_http_request_duration_seconds_bucket{route=\"/events/{slug}\",le=\"+Inf\"}"
    )
    .ends_with(" 4"));
    assert_eq!(line("hackboard_live_streams "), "hackboard_live_streams 1");
    assert_eq!(
        line("hackboard_db_connections_max "),
        "hackboard_db_connections_max 8"
    );
    assert!(line("process_resident_memory_bytes ").len() > "process_resident_memory_bytes ".len());
    drop(stream);
    app.stop().await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_limits_count_each_forwarded_client() {
    // The test app trusts 127.0.0.1 as its proxy and allows 8 live streams an address.
    let app = TestApp::spawn_with_open_event(Backend::Sqlite).await;
    let url = format!("{}/events/{}/live", app.address, crate::helpers::OPEN_SLUG);
    let open = |client: &'static str| {
        app.client
            .get(&url)
            .header("x-forwarded-for", client)
            .send()
    };
    let mut streams = Vec::new();
    for _ in 0..8 {
        let stream = open("198.51.100.1").await.unwrap();
        assert_eq!(stream.status(), 200);
        streams.push(stream);
    }
    assert_eq!(open("198.51.100.1").await.unwrap().status(), 429);
    // Another attendee behind the same proxy is not held to the first one's streams.
    assert_eq!(open("198.51.100.2").await.unwrap().status(), 200);
    // A hop the client wrote itself, before the proxy's, changes nothing.
    assert_eq!(
        open("203.0.113.5, 198.51.100.1").await.unwrap().status(),
        429
    );
    drop(streams);
    app.stop().await;
}
