//! The home page, event pages, their server functions and their failures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{Backend, TestApp};
use hackboard_app::error::AppError;
use hackboard_app::model::{Event, EventIndex};
use hackboard_server::demo;

on_both_backends!(
    home_lists_the_upcoming_event_before_the_archive,
    event_page_shows_dates_venue_hotels_and_travel_notes,
    hotel_order_in_the_url_is_applied_by_the_server,
    unknown_events_and_paths_are_real_404_pages,
    server_functions_return_the_event_and_typed_errors,
    loading_the_demo_twice_adds_nothing,
    markdown_from_organisers_cannot_run_scripts,
    database_failure_shows_a_friendly_500_page,
    health_check_answers_when_the_database_does,
);

async fn home_lists_the_upcoming_event_before_the_archive(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (status, body) = app.page("/").await;
    assert_eq!(status, 200);
    let upcoming = body
        .find("London Hackathon")
        .expect("upcoming event listed");
    let archive = body.find(">Archive<").expect("archive heading");
    let past = body
        .find("Xen Project Hackathon 2014")
        .expect("2014 event listed");
    assert!(
        upcoming < archive && archive < past,
        "upcoming, then the archive"
    );
    assert!(body.contains(r#"href="/events/london-2014""#));
    app.stop().await;
}

async fn event_page_shows_dates_venue_hotels_and_travel_notes(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (status, body) = app.page("/events/london-2014").await;
    assert_eq!(status, 200);
    for expected in [
        "<title>Xen Project Hackathon 2014 · Hackboard</title>",
        r#"property="og:title" content="Xen Project Hackathon 2014""#,
        "Thu 29 – Fri 30 May 2014",
        "09:00–17:00",
        "Europe/London (BST, UTC+01:00)",
        "Rackspace Ltd",
        "5 Millington Road",
        "Evening social",
        "StayCity Serviced Apartments",
        "Hotel Xanadu",
        "Hilton London Paddington",
        "Hotel Indigo London Paddington",
        "Mercure London Paddington Hotel",
        "£68–£90",
        "£200–£280",
        "~5 min from venue",
        "<strong>Heathrow Express</strong>",
        "community dot manager at xenproject dot org",
        "This event is over",
    ] {
        assert!(body.contains(expected), "event page lacks {expected:?}");
    }
    app.stop().await;
}

async fn hotel_order_in_the_url_is_applied_by_the_server(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let body = app
        .page_as(&app.client, "/events/london-2014?hotels=cheapest")
        .await;
    let at = |name: &str| body.find(&format!("<h3>{name}</h3>")).expect(name);
    assert!(at("StayCity Serviced Apartments") < at("Hotel Xanadu"));
    assert!(at("Mercure London Paddington Hotel") < at("Hilton London Paddington"));
    assert!(at("Hilton London Paddington") < at("Hotel Indigo London Paddington"));
    assert!(body.contains(r#"aria-current="true""#));
    app.stop().await;
}

async fn unknown_events_and_paths_are_real_404_pages(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    for path in [
        "/events/no-such-event",
        "/events/NOT..A..SLUG",
        "/no/such/page",
    ] {
        let (status, body) = app.page(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(
            body.contains("<h1>Not found</h1>"),
            "{path} shows the not-found page"
        );
    }
    app.stop().await;
}

async fn server_functions_return_the_event_and_typed_errors(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let event: Event = app
        .get("/api/get_event?slug=london-2014")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(event.hotels.len(), 5);
    assert_eq!(event.venue.name, "Rackspace Ltd");

    let index: EventIndex = app.get("/api/list_events").await.json().await.unwrap();
    assert_eq!(index.upcoming.len(), 1);
    assert_eq!(
        index.archive.iter().map(|y| y.year).collect::<Vec<_>>(),
        [2014]
    );

    let missing = app.get("/api/get_event?slug=no-such-event").await;
    assert_eq!(missing.status(), 404);
    let error: AppError = missing.json().await.unwrap();
    assert_eq!(error, AppError::NotFound);
    app.stop().await;
}

async fn loading_the_demo_twice_adds_nothing(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    demo::load(&app.state).await.unwrap();
    assert_eq!(app.store.count_events().await.unwrap(), 2);
    let event = app
        .store
        .find_event(demo::ARCHIVED_SLUG)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(event.details.hotels.len(), 5);
    app.stop().await;
}

async fn markdown_from_organisers_cannot_run_scripts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut event = demo::london_2014();
    event.slug = "hostile".into();
    event.transport_md =
        "<script>alert('transport')</script>\n\n[map](javascript:alert('link'))".into();
    event.visa_md = r#"<img src="x" onerror="alert('visa')"> **Write to us**"#.into();
    assert!(app.store.insert_event(&event).await.unwrap().is_some());

    let (status, body) = app.page("/events/hostile").await;
    assert_eq!(status, 200);
    assert!(body.contains("<strong>Write to us</strong>"));
    for payload in ["alert('transport')", "javascript:alert", "onerror"] {
        assert!(!body.contains(payload), "{payload} reached the page");
    }
    app.stop().await;
}

async fn database_failure_shows_a_friendly_500_page(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    app.database().execute("DROP TABLE hotels").await;

    let (status, body) = app.page("/events/london-2014").await;
    assert_eq!(status, 500);
    assert!(body.contains("Something went wrong on our side"));
    assert!(
        !body.to_lowercase().contains("hotels"),
        "the cause stays in the log"
    );
    app.stop().await;
}

async fn health_check_answers_when_the_database_does(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, body) = app.page("/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok\n"));
    app.stop().await;
}
