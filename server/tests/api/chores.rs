//! The chores `serve` runs on a clock, run by the task itself: the tests here call nothing
//! but the services a person uses, move the event's dates, and wait for the task to act.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{eventually, voters, Backend, TestApp};
use hackboard_app::model::{RegistrationForm, VisaForm};
use hackboard_app::server::{registration, visa};
use std::time::Duration;

on_both_backends!(the_task_reminds_attendees_before_and_forgets_passports_after_the_event,);

async fn the_task_reminds_attendees_before_and_forgets_passports_after_the_event(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.chores_every = Duration::from_millis(100);
    })
    .await;
    hackboard_server::demo::load(&app.state).await.unwrap();
    let today = chrono::Utc::now().date_naive();
    let slug = hackboard_server::demo::upcoming(today).slug;
    let (organiser, _) = app.account("olu@example.org", false).await;
    app.make_organiser(&slug, organiser.id).await;
    let people = voters(&app, 2).await;
    let (traveller, local) = (people[0].clone(), people[1].clone());
    let asks_visa = RegistrationForm {
        needs_visa: true,
        ..Default::default()
    };
    let mut ids = Vec::new();
    for (person, form) in [
        (&traveller, asks_visa),
        (&local, RegistrationForm::default()),
    ] {
        let asked = registration::request(&app.state, Some(person.clone()), &slug, &form).await;
        ids.push(asked.unwrap().id);
    }
    registration::approve_many(&app.state, Some(organiser), &slug, ids)
        .await
        .unwrap();
    let event = app.store.find_event(&slug).await.unwrap().unwrap();
    let day = |offset: i64| (event.details.starts_on + chrono::Duration::days(offset)).to_string();
    let passport = VisaForm {
        full_name: "Adaeze Okonkwo".into(),
        nationality: "Nigerian".into(),
        passport_number: "A01234567".into(),
        born_on: "1990-05-29".into(),
        arrives_on: day(-1),
        leaves_on: day(3),
    };
    visa::submit(&app.state, Some(traveller.clone()), &slug, &passport)
        .await
        .unwrap();

    // Three days to go: the reminder is due, and the task sends it unasked.
    let move_to = |starts_in: i64| {
        let (store, slug) = (app.store.clone(), slug.clone());
        async move {
            let event = store.find_event(&slug).await.unwrap().unwrap();
            let length = event.details.ends_on - event.details.starts_on;
            let mut details = event.details.clone();
            details.starts_on = today + chrono::Duration::days(starts_in);
            details.ends_on = details.starts_on + length;
            let saved = store.update_event(event.id, event.revision, &details, &[]);
            assert_eq!(
                saved.await.unwrap(),
                hackboard_app::server::Updated::Made,
                "nobody else edits the event"
            );
        }
    };
    move_to(3).await;
    eventually(
        "the reminder reaches the local attendee's outbox",
        || async {
            let mail = app.store.list_mail(50).await.unwrap();
            mail.iter()
                .any(|m| m.recipient == local.email && m.subject.starts_with("Still coming"))
        },
    )
    .await;
    let letter = visa::letter_page(&app.state, Some(traveller.clone()), &slug).await;
    assert!(
        letter.unwrap().letter.is_some(),
        "kept until the event is over"
    );

    // Over since yesterday: the passport details go.
    move_to(-4).await;
    eventually("the passport details are deleted", || async {
        let page = visa::letter_page(&app.state, Some(traveller.clone()), &slug).await;
        page.unwrap().letter.is_none()
    })
    .await;
    app.stop().await;
}
