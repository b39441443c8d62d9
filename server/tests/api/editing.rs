//! Organisers edit their event page; admins create events and name organisers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{editable, error_of, save_event, Backend, TestApp};
use hackboard_app::error::AppError;
use hackboard_server::demo::ARCHIVED_SLUG;

on_both_backends!(
    an_organiser_edits_a_hotel_and_the_public_page_shows_it,
    hotels_move_and_go,
    a_save_from_a_stale_page_is_refused_and_changes_nothing,
    a_bad_field_is_named_and_nothing_is_saved,
    only_organisers_see_the_edit_link,
    an_admin_creates_an_event_and_names_its_organiser,
);

async fn organiser(app: &TestApp) -> reqwest::Client {
    let (user, client) = app.account("olu@example.org", false).await;
    app.make_organiser(ARCHIVED_SLUG, user.id).await;
    client
}

async fn hotel_names(app: &TestApp) -> Vec<String> {
    let event = app.store.find_event(ARCHIVED_SLUG).await.unwrap().unwrap();
    event.details.hotels.into_iter().map(|h| h.name).collect()
}

async fn an_organiser_edits_a_hotel_and_the_public_page_shows_it(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let client = organiser(&app).await;
    let before = editable(&app.address, &client, ARCHIVED_SLUG).await;
    let mut form = before.form.clone();
    form.hotels[1].name = "The Brand New Lodge".into();
    form.hotels[1].rate_min = "71".into();
    form.hotels[1].rate_max = "99".into();
    form.hotels[1].currency = "GBP".into();
    form.transport_md = "Take the **Elizabeth line** to Hayes & Harlington.".into();

    let response = save_event(&app.address, &client, &before, &form, None).await;
    assert_eq!(response.status(), 200);
    let (status, page) = app.page(&format!("/events/{ARCHIVED_SLUG}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("The Brand New Lodge"),
        "the new name is public"
    );
    assert!(page.contains("£71–£99"), "the new rate is public");
    assert!(page.contains("<strong>Elizabeth line</strong>"));
    let after = editable(&app.address, &client, ARCHIVED_SLUG).await;
    assert_eq!(after.revision, before.revision + 1);
    assert_eq!(after.form, form);
    app.stop().await;
}

async fn hotels_move_and_go(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let client = organiser(&app).await;
    let names = hotel_names(&app).await;

    let current = editable(&app.address, &client, ARCHIVED_SLUG).await;
    save_event(&app.address, &client, &current, &current.form, Some("up-1")).await;
    let moved = hotel_names(&app).await;
    assert_eq!((&moved[0], &moved[1]), (&names[1], &names[0]));

    let current = editable(&app.address, &client, ARCHIVED_SLUG).await;
    let mut form = current.form.clone();
    form.hotels[0].rate_min = "not a number".into();
    let removed = save_event(&app.address, &client, &current, &form, Some("remove-0")).await;
    assert_eq!(removed.status(), 200, "a broken row can still be removed");
    assert_eq!(hotel_names(&app).await, &moved[1..]);

    let current = editable(&app.address, &client, ARCHIVED_SLUG).await;
    let mut form = current.form.clone();
    form.hotels.push(hackboard_app::model::HotelForm {
        name: "Added Inn".into(),
        ..Default::default()
    });
    save_event(&app.address, &client, &current, &form, None).await;
    assert_eq!(hotel_names(&app).await.last().unwrap(), "Added Inn");
    app.stop().await;
}

async fn a_save_from_a_stale_page_is_refused_and_changes_nothing(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let client = organiser(&app).await;
    let (admin, admin_client) = app.account("root@example.org", true).await;
    assert!(admin.is_admin);
    let seen_by_both = editable(&app.address, &client, ARCHIVED_SLUG).await;

    let mut first = seen_by_both.form.clone();
    first.tagline = "First!".into();
    let saved = save_event(&app.address, &admin_client, &seen_by_both, &first, None).await;
    assert_eq!(saved.status(), 200);

    let mut second = seen_by_both.form.clone();
    second.title = "Second".into();
    let refused = save_event(&app.address, &client, &seen_by_both, &second, None).await;
    assert_eq!(refused.status(), 409);
    assert!(matches!(error_of(refused).await, AppError::Conflict(_)));
    let stored = editable(&app.address, &client, ARCHIVED_SLUG).await.form;
    assert_eq!(
        (stored.title, stored.tagline),
        (seen_by_both.form.title, "First!".into())
    );
    app.stop().await;
}

async fn a_bad_field_is_named_and_nothing_is_saved(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let client = organiser(&app).await;
    let before = editable(&app.address, &client, ARCHIVED_SLUG).await;
    let mut form = before.form.clone();
    form.title = "Renamed".into();
    form.hotels[2].rate_min = "-5".into();
    let refused = save_event(&app.address, &client, &before, &form, None).await;
    assert_eq!(refused.status(), 400);
    match error_of(refused).await {
        AppError::Invalid { field, message } => {
            assert_eq!(field, "event[hotels][2][rate_min]");
            assert!(message.contains("whole number"), "{message}");
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    assert_eq!(editable(&app.address, &client, ARCHIVED_SLUG).await, before);
    app.stop().await;
}

async fn only_organisers_see_the_edit_link(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let organiser = organiser(&app).await;
    let (_, participant) = app.account("pat@example.org", false).await;
    let path = format!("/events/{ARCHIVED_SLUG}");
    assert!(app
        .page_as(&organiser, &path)
        .await
        .contains("Edit event page"));
    assert!(!app
        .page_as(&participant, &path)
        .await
        .contains("Edit event page"));
    assert!(!app
        .page_as(&TestApp::new_client(), &path)
        .await
        .contains("Edit event page"));
    app.stop().await;
}

async fn an_admin_creates_an_event_and_names_its_organiser(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, admin) = app.account("root@example.org", true).await;
    let (_, olu) = app.account("olu@example.org", false).await;
    let new_event = [
        ("slug", "fosdem-fringe"),
        ("title", "FOSDEM Fringe"),
        ("starts_on", "2027-01-30"),
        ("ends_on", "2027-01-31"),
        ("time_zone", "Europe/Brussels"),
        ("venue_name", "ULB"),
    ];
    let created = app.post(&admin, "create_event", &new_event).await;
    assert_eq!(created.status(), 200);
    match error_of(app.post(&admin, "create_event", &new_event).await).await {
        AppError::Invalid { field, .. } => assert_eq!(field, "slug"),
        other => panic!("expected a taken slug, got {other:?}"),
    }
    let (status, page) = app.page("/events/fosdem-fringe").await;
    assert_eq!(status, 200);
    assert!(page.contains("FOSDEM Fringe") && page.contains("ULB"));

    let url = format!("{}/api/event_editor?slug=fosdem-fringe", app.address);
    assert_eq!(olu.get(&url).send().await.unwrap().status(), 403);
    let name = [("slug", "fosdem-fringe"), ("email", "OLU@example.org")];
    assert_eq!(app.post(&admin, "add_organiser", &name).await.status(), 200);
    let editable = editable(&app.address, &olu, "fosdem-fringe").await;
    assert_eq!(editable.organisers.len(), 1);
    assert!(!editable.can_name_organisers);

    let olu_id = editable.organisers[0].id.to_string();
    let remove = [("slug", "fosdem-fringe"), ("user_id", olu_id.as_str())];
    assert_eq!(
        app.post(&admin, "remove_organiser", &remove).await.status(),
        200
    );
    assert_eq!(olu.get(&url).send().await.unwrap().status(), 403);

    let nobody = [("slug", "fosdem-fringe"), ("email", "nobody@example.org")];
    match error_of(app.post(&admin, "add_organiser", &nobody).await).await {
        AppError::Invalid { field, .. } => assert_eq!(field, "email"),
        other => panic!("expected an unknown email, got {other:?}"),
    }
    app.stop().await;
}
