//! Registration through its services on both databases: the place count under a rush of
//! approvals, the waiting list moving up, and requests that must be refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{voters, Backend, TestApp};
use hackboard_app::error::AppError;
use hackboard_app::model::{AttendeeGroup, Decision, RegistrationForm, RegistrationState, User};
use hackboard_app::server::registration;
use hackboard_app::server::{RegistrationKey, StoredRegistration};

on_both_backends!(
    three_hundred_approvals_at_once_fill_exactly_forty_places,
    a_freed_place_goes_to_the_first_in_line_who_is_told_by_email,
    bad_requests_are_refused_and_change_nothing,
    the_attendee_list_shows_those_who_chose_it_in_their_groups,
);

/// The demo's upcoming event, which starts with 40 places.
fn upcoming() -> String {
    hackboard_server::demo::upcoming(chrono::Utc::now().date_naive()).slug
}

async fn organiser(app: &TestApp, slug: &str) -> User {
    let (user, _) = app.account("olu@example.org", false).await;
    app.make_organiser(slug, user.id).await;
    user
}

async fn registrations(app: &TestApp, slug: &str) -> Vec<StoredRegistration> {
    let event = app.store.find_event(slug).await.unwrap().unwrap();
    app.store.list_registrations(event.id).await.unwrap()
}

fn count(list: &[StoredRegistration], state: RegistrationState) -> usize {
    list.iter().filter(|r| r.state == state).count()
}

async fn three_hundred_approvals_at_once_fill_exactly_forty_places(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    let people = voters(&app, 300).await;
    let requests = people.iter().map(|person| {
        let (state, person, slug) = (app.state.clone(), person.clone(), slug.clone());
        tokio::spawn(async move {
            let form = RegistrationForm::default();
            registration::request(&state, Some(person), &slug, &form).await
        })
    });
    let mut ids = Vec::new();
    for request in futures::future::join_all(requests).await {
        ids.push(request.unwrap().unwrap().id);
    }

    let approvals = ids.into_iter().map(|id| {
        let (state, olu, slug) = (app.state.clone(), olu.clone(), slug.clone());
        tokio::spawn(async move {
            registration::decide(&state, Some(olu), &slug, id, Decision::Approve, "").await
        })
    });
    for approval in futures::future::join_all(approvals).await {
        approval.unwrap().unwrap();
    }

    let list = registrations(&app, &slug).await;
    assert_eq!(count(&list, RegistrationState::Invited), 40);
    assert_eq!(count(&list, RegistrationState::Waiting), 260);
    let event = app.store.find_event(&slug).await.unwrap().unwrap();
    let counts = app.store.attendance(event.id).await.unwrap();
    assert_eq!(
        (
            counts.capacity,
            counts.confirmed,
            counts.provisional,
            counts.waiting
        ),
        (40, 0, 40, 260)
    );
    assert!(counts.per_day.iter().all(|(_, held)| *held == 40));
    app.stop().await;
}

async fn a_freed_place_goes_to_the_first_in_line_who_is_told_by_email(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    registration::configure(&app.state, Some(olu.clone()), &slug, 2, true)
        .await
        .unwrap();
    let people = voters(&app, 4).await;
    let mut ids = Vec::new();
    for person in &people {
        let form = RegistrationForm::default();
        let asked = registration::request(&app.state, Some(person.clone()), &slug, &form).await;
        ids.push(asked.unwrap().id);
    }
    let mut states = Vec::new();
    for id in &ids {
        let decided = registration::decide(
            &app.state,
            Some(olu.clone()),
            &slug,
            *id,
            Decision::Approve,
            "",
        );
        states.push(decided.await.unwrap());
    }
    use RegistrationState::*;
    assert_eq!(states, [Invited, Invited, Waiting, Waiting]);

    // The first invited confirms, the second releases the place: the third moves up.
    registration::confirm(&app.state, Some(people[0].clone()), &slug)
        .await
        .unwrap();
    registration::cancel(&app.state, Some(people[1].clone()), &slug)
        .await
        .unwrap();
    let event = app.store.find_event(&slug).await.unwrap().unwrap();
    let state_of = |n: usize| {
        let store = app.store.clone();
        let user_id = people[n].id;
        async move {
            let key = RegistrationKey::User(user_id);
            store
                .find_registration(event.id, key)
                .await
                .unwrap()
                .unwrap()
                .state
        }
    };
    assert_eq!(state_of(0).await, Confirmed);
    assert_eq!(state_of(1).await, Cancelled);
    assert_eq!(state_of(2).await, Invited);
    assert_eq!(state_of(3).await, Waiting);
    let mail = app.store.list_mail(50).await.unwrap();
    let invitations: Vec<&str> = mail
        .iter()
        .filter(|m| m.subject.starts_with("You are invited"))
        .map(|m| m.recipient.as_str())
        .collect();
    assert!(
        invitations.contains(&people[2].email.as_str()),
        "{invitations:?}"
    );
    assert!(!invitations.contains(&people[3].email.as_str()));

    // Two more places: the last in line is invited at once.
    registration::configure(&app.state, Some(olu), &slug, 4, true)
        .await
        .unwrap();
    assert_eq!(state_of(3).await, Invited);
    app.stop().await;
}

async fn bad_requests_are_refused_and_change_nothing(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    let people = voters(&app, 2).await;
    let (ana, ben) = (people[0].clone(), people[1].clone());
    let request = |form: RegistrationForm, who: &User| {
        let (state, who, slug) = (app.state.clone(), who.clone(), slug.clone());
        async move { registration::request(&state, Some(who), &slug, &form).await }
    };

    let outside = RegistrationForm {
        days: "1999-01-01".into(),
        ..Default::default()
    };
    let refused = request(outside, &ana).await.unwrap_err();
    assert!(
        matches!(refused, AppError::Invalid { ref field, .. } if field == "days"),
        "{refused:?}"
    );
    let absurd = RegistrationForm {
        stipend_amount: "1000000000".into(),
        stipend_currency: "EUR".into(),
        stipend_reason: "Flights".into(),
        ..Default::default()
    };
    let refused = request(absurd, &ana).await.unwrap_err();
    assert!(matches!(refused, AppError::Invalid { ref field, .. } if field == "stipend_amount"));
    assert!(
        registrations(&app, &slug).await.is_empty(),
        "nothing stored"
    );

    request(RegistrationForm::default(), &ana).await.unwrap();
    let again = request(RegistrationForm::default(), &ana)
        .await
        .unwrap_err();
    assert!(matches!(again, AppError::Conflict(_)), "{again:?}");
    let not_invited = registration::confirm(&app.state, Some(ana.clone()), &slug).await;
    assert!(matches!(not_invited, Err(AppError::Conflict(_))));
    let id = registrations(&app, &slug).await[0].id;
    let not_organiser = registration::decide(
        &app.state,
        Some(ben.clone()),
        &slug,
        id,
        Decision::Approve,
        "",
    );
    assert!(matches!(not_organiser.await, Err(AppError::Forbidden)));

    registration::configure(&app.state, Some(olu), &slug, 40, false)
        .await
        .unwrap();
    let closed = request(RegistrationForm::default(), &ben)
        .await
        .unwrap_err();
    assert!(
        matches!(closed, AppError::Conflict(ref m) if m.contains("closed")),
        "{closed:?}"
    );
    let list = registrations(&app, &slug).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].state, RegistrationState::Requested);
    app.stop().await;
}

async fn the_attendee_list_shows_those_who_chose_it_in_their_groups(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    registration::configure(&app.state, Some(olu.clone()), &slug, 1, true)
        .await
        .unwrap();
    let first_day = app
        .store
        .find_event(&slug)
        .await
        .unwrap()
        .unwrap()
        .details
        .starts_on;
    let people = voters(&app, 3).await;
    let forms = [
        RegistrationForm {
            days: first_day.format("%Y-%m-%d").to_string(),
            listed: true,
            ..Default::default()
        },
        RegistrationForm::default(), // not listed
        RegistrationForm {
            listed: true,
            ..Default::default()
        },
    ];
    for (person, form) in people.iter().zip(&forms) {
        let asked = registration::request(&app.state, Some(person.clone()), &slug, form);
        let id = asked.await.unwrap().id;
        let approved = registration::decide(
            &app.state,
            Some(olu.clone()),
            &slug,
            id,
            Decision::Approve,
            "",
        );
        approved.await.unwrap();
    }
    registration::confirm(&app.state, Some(people[0].clone()), &slug)
        .await
        .unwrap();

    let panel = registration::panel(&app.state, None, &slug).await.unwrap();
    let listed: Vec<(&str, AttendeeGroup, usize)> = panel
        .attendees
        .iter()
        .map(|a| (a.name.as_str(), a.group, a.days.len()))
        .collect();
    assert_eq!(
        listed,
        [
            ("Voter 0", AttendeeGroup::Confirmed, 1),
            ("Voter 2", AttendeeGroup::Waiting, 0)
        ]
    );
    assert_eq!((panel.counts.confirmed, panel.counts.waiting), (1, 2));
    app.stop().await;
}
