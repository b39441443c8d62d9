//! `serve --demo` as a newcomer meets it: the 2014 archive is the seed's event, with its
//! topics, outcomes, review and attendees, and the upcoming event has a life of its own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{Backend, TestApp};
use hackboard_app::error::AppError;
use hackboard_app::model::RegistrationState;
use hackboard_server::demo;

on_both_backends!(
    the_archive_is_the_seeds_event,
    the_upcoming_event_has_its_own_board_and_registrations,
);

/// The 2014 wiki's topics, four of which the demo once lacked.
const SEED_TITLES: [&str; 5] = [
    "Merging PVH into HVM",
    "Dealing with the XSA-77 fallout",
    "HVM guest ballooning vs PoD",
    "EFI + GRUB2 + Xen",
    "Docker for driver domains, service VMs and unikernels: can it be done?",
];

async fn the_archive_is_the_seeds_event(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let archive = app
        .store
        .find_event(demo::ARCHIVED_SLUG)
        .await
        .unwrap()
        .unwrap();
    let topics = app.store.list_topics(archive.id).await.unwrap();
    assert_eq!(topics.len(), 14, "{topics:?}");
    assert!(topics.iter().all(|topic| topic.votes > 0), "{topics:?}");

    let (status, board) = app.page("/events/london-2014/topics").await;
    assert_eq!(status, 200);
    for title in SEED_TITLES {
        assert!(
            board.contains(&title.replace('&', "&amp;")),
            "{title}: {board}"
        );
    }

    // The wiki's peer review, answered.
    let nfv = topics.iter().find(|t| t.title == "NFV on Xen").unwrap();
    let (_, page) = app
        .page(&format!("/events/london-2014/topics/{}", nfv.id))
        .await;
    assert!(page.contains("What is NFV?"), "{page}");
    assert!(page.contains("Network Function Virtualisation"), "{page}");

    let writeups = app
        .page_as(&app.client, "/events/london-2014/writeups")
        .await;
    assert!(writeups.contains("The feature list for 4.5"), "{writeups}");

    // The wiki's lists: 37 confirmed, one of them for the first day only; 2 provisional
    // while their visas were pending; 2 waiting.
    let counts = app.store.count_attendance(archive.id).await.unwrap();
    let held = (counts.confirmed, counts.provisional, counts.waiting);
    assert_eq!(held, (37, 2, 2), "{counts:?}");
    let days: Vec<u32> = counts.per_day.iter().map(|(_, held)| *held).collect();
    assert_eq!(days, [39, 38]);
    let event = app.page_as(&app.client, "/events/london-2014").await;
    assert!(
        event.contains("Marek Zielinski (Armada Silicon)"),
        "{event}"
    );

    // The invented attendees cannot sign in: a wrong password, not a failure.
    let form = [
        ("email", "attendee1@demo.hackboard.example"),
        ("password", "!"),
    ];
    let refused = app.post(&TestApp::new_client(), "sign_in", &form).await;
    assert_eq!(refused.status(), 400);
    let error: AppError = refused.json().await.unwrap();
    assert!(
        error.to_string().contains("Wrong email or password"),
        "{error:?}"
    );
    app.stop().await;
}

async fn the_upcoming_event_has_its_own_board_and_registrations(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let slug = demo::upcoming(chrono::Utc::now().date_naive()).slug;
    let upcoming = app.store.find_event(&slug).await.unwrap().unwrap();
    let topics = app.store.list_topics(upcoming.id).await.unwrap();
    assert!(topics.len() >= 6, "{topics:?}");
    for title in SEED_TITLES {
        assert!(topics.iter().all(|topic| topic.title != title), "{title}");
    }
    assert!(topics.iter().any(|topic| topic.comments > 0), "{topics:?}");

    let counts = app.store.count_attendance(upcoming.id).await.unwrap();
    assert_eq!(counts.capacity, 40);
    assert!(counts.confirmed >= 10 && counts.waiting == 0, "{counts:?}");

    // The organiser has requests to answer.
    let list = app.store.list_registrations(upcoming.id).await.unwrap();
    let asked = list
        .iter()
        .filter(|r| r.state == RegistrationState::Requested);
    assert_eq!(asked.count(), 2, "{list:?}");
    app.stop().await;
}
