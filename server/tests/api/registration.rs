//! Registration through its services on both databases: the place count under a rush of
//! approvals, the waiting list moving up, and requests that must be refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{voters, Backend, TestApp, FUTURE_SLUG};
use hackboard_app::error::AppError;
use hackboard_app::model::{AttendeeGroup, Decision, RegistrationForm, RegistrationState, User};
use hackboard_app::server::registration;
use hackboard_app::server::{RegistrationKey, RegistrationSettings, StoredRegistration};

on_both_backends!(
    three_hundred_approvals_at_once_fill_exactly_forty_places,
    a_freed_place_goes_to_the_first_in_line_who_is_told_by_email,
    bad_requests_are_refused_and_change_nothing,
    the_attendee_list_shows_those_who_chose_it_in_their_groups,
    bulk_approval_fills_the_places_in_order_and_skips_decided_ones,
    fee_stipend_and_visa_marks_show_in_the_queue_with_their_history,
    the_reminder_goes_out_once_and_its_link_hands_the_place_on,
    a_visa_letter_is_approved_printed_and_forgotten_after_the_event,
    an_event_that_is_over_shows_who_came_and_takes_no_requests,
    the_request_form_starts_with_the_accounts_affiliation,
);

fn places(capacity: u32, open: bool) -> RegistrationSettings {
    RegistrationSettings {
        capacity,
        open,
        stipend_budget: None,
        stipend_currency: "EUR".into(),
    }
}

/// An event ahead with 40 places and nobody registered.
fn upcoming() -> String {
    FUTURE_SLUG.into()
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
    let app = TestApp::spawn_with_future_event(backend).await;
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
    let counts = app.store.count_attendance(event.id).await.unwrap();
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
    let app = TestApp::spawn_with_future_event(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    registration::configure(&app.state, Some(olu.clone()), &slug, places(2, true))
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
    registration::configure(&app.state, Some(olu), &slug, places(4, true))
        .await
        .unwrap();
    assert_eq!(state_of(3).await, Invited);
    app.stop().await;
}

async fn bad_requests_are_refused_and_change_nothing(backend: Backend) {
    let app = TestApp::spawn_with_future_event(backend).await;
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

    registration::configure(&app.state, Some(olu), &slug, places(40, false))
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
    let app = TestApp::spawn_with_future_event(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    registration::configure(&app.state, Some(olu.clone()), &slug, places(1, true))
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

async fn bulk_approval_fills_the_places_in_order_and_skips_decided_ones(backend: Backend) {
    let app = TestApp::spawn_with_future_event(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    registration::configure(&app.state, Some(olu.clone()), &slug, places(2, true))
        .await
        .unwrap();
    let people = voters(&app, 4).await;
    let mut ids = Vec::new();
    for person in &people {
        let form = RegistrationForm::default();
        let asked = registration::request(&app.state, Some(person.clone()), &slug, &form).await;
        ids.push(asked.unwrap().id);
    }
    registration::decide(
        &app.state,
        Some(olu.clone()),
        &slug,
        ids[3],
        Decision::Decline,
        "",
    )
    .await
    .unwrap();

    let approved = registration::approve_many(&app.state, Some(olu.clone()), &slug, ids.clone())
        .await
        .unwrap();
    assert_eq!(
        (approved.invited, approved.waiting, approved.skipped),
        (2, 1, 1)
    );
    let list = registrations(&app, &slug).await;
    let state_of = |id: i64| list.iter().find(|r| r.id == id).unwrap().state;
    use RegistrationState::*;
    assert_eq!(
        ids.iter().map(|id| state_of(*id)).collect::<Vec<_>>(),
        [Invited, Invited, Waiting, Declined]
    );
    let nothing = registration::approve_many(&app.state, Some(olu), &slug, vec![]).await;
    assert!(
        matches!(nothing, Err(AppError::Invalid { ref field, .. }) if field == "ids"),
        "{nothing:?}"
    );
    let stranger = people[0].clone();
    let refused = registration::approve_many(&app.state, Some(stranger), &slug, ids).await;
    assert_eq!(refused.unwrap_err(), AppError::Forbidden);
    app.stop().await;
}

async fn fee_stipend_and_visa_marks_show_in_the_queue_with_their_history(backend: Backend) {
    use hackboard_app::model::{Fee, Mark, QueueFilter, StipendDecision};
    let app = TestApp::spawn_with_future_event(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    let budget = RegistrationSettings {
        stipend_budget: Some(1_000),
        ..places(40, true)
    };
    registration::configure(&app.state, Some(olu.clone()), &slug, budget)
        .await
        .unwrap();
    let people = voters(&app, 2).await;
    let form = |amount: &str| RegistrationForm {
        needs_visa: true,
        stipend_amount: amount.into(),
        stipend_currency: "EUR".into(),
        stipend_reason: "Flight from Lagos".into(),
        ..Default::default()
    };
    let mut ids = Vec::new();
    for (person, amount) in people.iter().zip(["600", "700"]) {
        let form = form(amount);
        let asked = registration::request(&app.state, Some(person.clone()), &slug, &form);
        ids.push(asked.await.unwrap().id);
    }
    let id = ids[0];
    registration::decide(
        &app.state,
        Some(olu.clone()),
        &slug,
        id,
        Decision::Approve,
        "",
    )
    .await
    .unwrap();
    registration::confirm(&app.state, Some(people[0].clone()), &slug)
        .await
        .unwrap();
    let event = app.store.find_event(&slug).await.unwrap().unwrap();
    let counts = app.store.count_attendance(event.id).await.unwrap();
    assert_eq!(
        (counts.confirmed, counts.provisional),
        (0, 1),
        "waiting for a visa"
    );
    for mark in [
        Mark::Fee(Fee::Paid),
        Mark::Stipend(Some(StipendDecision::Granted)),
        Mark::VisaCleared(true),
    ] {
        registration::mark(&app.state, Some(olu.clone()), &slug, id, mark)
            .await
            .unwrap();
    }

    let queue = registration::queue(&app.state, Some(olu.clone()), &slug)
        .await
        .unwrap();
    let entry = queue.entries.iter().find(|e| e.id == id).unwrap();
    assert_eq!(entry.fee, Fee::Paid);
    assert_eq!(entry.stipend_decision, Some(StipendDecision::Granted));
    assert!(entry.visa_cleared);
    let history: Vec<(&str, Option<&str>)> = entry
        .history
        .iter()
        .map(|line| (line.what(), line.by.as_deref()))
        .collect();
    let (attendee, organiser) = (people[0].display_name.as_str(), olu.display_name.as_str());
    assert_eq!(
        history,
        [
            ("Requested", Some(attendee)),
            ("Invited", Some(organiser)),
            ("Confirmed", Some(attendee)),
            ("Fee paid", Some(organiser)),
            ("Stipend granted", Some(organiser)),
            ("Visa granted", Some(organiser)),
        ]
    );
    // Requested against the budget: both, 1,300 EUR of 1,000; granted: 600.
    assert_eq!(queue.stipend_budget, Some(1_000));
    let euros = &queue.stipend_totals[0];
    assert_eq!(
        (euros.currency.as_str(), euros.requested, euros.granted),
        ("EUR", 1_300, 600)
    );
    let counts = app.store.count_attendance(event.id).await.unwrap();
    assert_eq!(
        (counts.confirmed, counts.provisional),
        (1, 0),
        "the visa is granted"
    );
    let stipend_left: Vec<i64> = queue
        .entries
        .iter()
        .filter(|e| QueueFilter::Stipend.matches(e))
        .map(|e| e.id)
        .collect();
    assert_eq!(stipend_left, [ids[1]]);
    // The attendee sees the decision, and was told by email.
    let panel = registration::panel(&app.state, Some(people[0].clone()), &slug)
        .await
        .unwrap();
    let mine = panel.mine.unwrap();
    assert_eq!(mine.stipend_decision, Some(StipendDecision::Granted));
    let mail = app.store.list_mail(50).await.unwrap();
    assert!(mail
        .iter()
        .any(|m| m.recipient == people[0].email && m.subject.contains("travel stipend")));

    // Marks on another event's request, and unknown ones, are refused.
    let stranger = registration::mark(
        &app.state,
        Some(olu.clone()),
        &slug,
        999_999,
        Mark::Fee(Fee::Waived),
    );
    assert!(matches!(stranger.await, Err(AppError::Conflict(_))));
    let participant = registration::mark(
        &app.state,
        Some(people[1].clone()),
        &slug,
        id,
        Mark::Fee(Fee::Waived),
    );
    assert_eq!(participant.await.unwrap_err(), AppError::Forbidden);
    let absurd = RegistrationSettings {
        stipend_budget: Some(u32::MAX),
        ..places(40, true)
    };
    let refused = registration::configure(&app.state, Some(olu.clone()), &slug, absurd).await;
    assert!(
        matches!(refused, Err(AppError::Invalid { ref field, .. }) if field == "stipend_budget")
    );
    let unknown = RegistrationSettings {
        stipend_currency: "XYZ".into(),
        ..places(40, true)
    };
    let refused = registration::configure(&app.state, Some(olu), &slug, unknown).await;
    assert!(
        matches!(refused, Err(AppError::Invalid { ref field, .. }) if field == "stipend_currency")
    );
    app.stop().await;
}

async fn the_reminder_goes_out_once_and_its_link_hands_the_place_on(backend: Backend) {
    use hackboard_app::server::reminders::{release, send_reminders};
    let app = TestApp::spawn_with_future_event(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    registration::configure(&app.state, Some(olu.clone()), &slug, places(2, true))
        .await
        .unwrap();
    let people = voters(&app, 3).await;
    let mut ids = Vec::new();
    for person in &people {
        let form = RegistrationForm::default();
        let asked = registration::request(&app.state, Some(person.clone()), &slug, &form).await;
        ids.push(asked.unwrap().id);
    }
    registration::approve_many(&app.state, Some(olu), &slug, ids)
        .await
        .unwrap();
    registration::confirm(&app.state, Some(people[0].clone()), &slug)
        .await
        .unwrap();
    let event = app.store.find_event(&slug).await.unwrap().unwrap();
    let starts_on = event.details.starts_on;

    let too_early = send_reminders(&app.state, starts_on - chrono::Duration::days(10)).await;
    assert_eq!(too_early.unwrap(), 0);
    let three_days_before = starts_on - chrono::Duration::days(3);
    assert_eq!(
        send_reminders(&app.state, three_days_before).await.unwrap(),
        2
    );
    assert_eq!(
        send_reminders(&app.state, three_days_before).await.unwrap(),
        0,
        "once"
    );
    let mail = app.store.list_mail(50).await.unwrap();
    let reminder = mail
        .iter()
        .find(|m| m.recipient == people[0].email && m.subject.starts_with("Still coming"))
        .expect("a reminder");
    assert!(!mail
        .iter()
        .any(|m| m.recipient == people[2].email && m.subject.starts_with("Still coming")));
    let token = reminder
        .body
        .split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a release link")
        .to_owned();

    let wrong = release(&app.state, &slug, "not-the-token").await;
    assert!(matches!(wrong, Err(AppError::Invalid { ref field, .. }) if field == "token"));
    release(&app.state, &slug, &token).await.unwrap();
    let key = |n: usize| RegistrationKey::User(people[n].id);
    let state_of = |n: usize| {
        let store = app.store.clone();
        async move {
            store
                .find_registration(event.id, key(n))
                .await
                .unwrap()
                .unwrap()
                .state
        }
    };
    assert_eq!(state_of(0).await, RegistrationState::Cancelled);
    assert_eq!(
        state_of(2).await,
        RegistrationState::Invited,
        "first in line moves up"
    );
    let again = release(&app.state, &slug, &token).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    app.stop().await;
}

async fn a_visa_letter_is_approved_printed_and_forgotten_after_the_event(backend: Backend) {
    use hackboard_app::model::VisaForm;
    use hackboard_app::server::visa;
    let app = TestApp::spawn_with_future_event(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    let people = voters(&app, 2).await;
    let (traveller, local) = (people[0].clone(), people[1].clone());
    let asks_visa = RegistrationForm {
        needs_visa: true,
        ..Default::default()
    };
    registration::request(&app.state, Some(traveller.clone()), &slug, &asks_visa)
        .await
        .unwrap();
    let form = RegistrationForm::default();
    let local_request = registration::request(&app.state, Some(local.clone()), &slug, &form);
    local_request.await.unwrap();
    let event = app.store.find_event(&slug).await.unwrap().unwrap();
    let day = |offset: i64| (event.details.starts_on + chrono::Duration::days(offset)).to_string();
    let details = VisaForm {
        full_name: "Adaeze Okonkwo".into(),
        nationality: "Nigerian".into(),
        passport_number: "a0 1234 567".into(),
        born_on: "1990-05-29".into(),
        arrives_on: day(-1),
        leaves_on: day(3),
    };

    // Bad details are refused by field, and nothing is kept.
    let late = VisaForm {
        arrives_on: day(30),
        ..details.clone()
    };
    let refused = visa::submit(&app.state, Some(traveller.clone()), &slug, &late).await;
    assert!(matches!(refused, Err(AppError::Invalid { ref field, .. }) if field == "arrives_on"));
    let page = visa::letter_page(&app.state, Some(traveller.clone()), &slug).await;
    assert_eq!(page.unwrap().letter, None);
    // Someone who asked for no letter has no letter page.
    let other = visa::letter_page(&app.state, Some(local.clone()), &slug).await;
    assert!(matches!(other, Err(AppError::Conflict(_))), "{other:?}");

    visa::submit(&app.state, Some(traveller.clone()), &slug, &details)
        .await
        .unwrap();
    let queue = registration::queue(&app.state, Some(olu.clone()), &slug)
        .await
        .unwrap();
    let entry = queue
        .entries
        .iter()
        .find(|e| e.person.id == traveller.id)
        .unwrap();
    let letter = entry
        .visa_letter
        .clone()
        .expect("the organisers see the details");
    assert_eq!(letter.details.passport_number, "A01234567");
    assert_eq!(letter.approval, None);
    let id = entry.id;
    let not_theirs = visa::approve(&app.state, Some(local.clone()), &slug, id).await;
    assert_eq!(not_theirs.unwrap_err(), AppError::Forbidden);
    let local_id = queue
        .entries
        .iter()
        .find(|e| e.person.id == local.id)
        .unwrap()
        .id;
    let nothing = visa::approve(&app.state, Some(olu.clone()), &slug, local_id).await;
    assert!(matches!(nothing, Err(AppError::Conflict(_))), "{nothing:?}");

    visa::approve(&app.state, Some(olu.clone()), &slug, id)
        .await
        .unwrap();
    let page = visa::letter_page(&app.state, Some(traveller.clone()), &slug)
        .await
        .unwrap();
    let approval = page.letter.unwrap().approval.expect("approved");
    assert_eq!(approval.by, olu.display_name);
    let mail = app.store.list_mail(50).await.unwrap();
    assert!(mail
        .iter()
        .any(|m| m.recipient == traveller.email && m.subject.contains("visa invitation letter")));
    // New details need a new approval.
    let corrected = VisaForm {
        leaves_on: day(2),
        ..details.clone()
    };
    visa::submit(&app.state, Some(traveller.clone()), &slug, &corrected)
        .await
        .unwrap();
    let page = visa::letter_page(&app.state, Some(traveller.clone()), &slug)
        .await
        .unwrap();
    assert_eq!(page.letter.unwrap().approval, None);

    // Once the event is over, the passport data is gone.
    app.store
        .delete_visa_details(event.details.ends_on)
        .await
        .unwrap();
    let kept = visa::letter_page(&app.state, Some(traveller.clone()), &slug).await;
    assert!(kept.unwrap().letter.is_some(), "not before it ends");
    let after = event.details.ends_on + chrono::Duration::days(1);
    app.store.delete_visa_details(after).await.unwrap();
    let page = visa::letter_page(&app.state, Some(traveller), &slug)
        .await
        .unwrap();
    assert_eq!(page.letter, None);
    app.stop().await;
}

async fn an_event_that_is_over_shows_who_came_and_takes_no_requests(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (_, client) = app.account("ada@example.org", false).await;
    let signed_in = client
        .get(format!("{}/events/london-2014", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (status, anonymous) = app.page("/events/london-2014").await;
    assert_eq!(status, 200);
    for page in [anonymous, signed_in.replace("<!>", "")] {
        assert!(page.contains("Who came"), "{page}");
        assert!(page.contains("The event is over"), "{page}");
        for invitation in ["places left", "Sign in to ask", "Ask for an invitation"] {
            assert!(!page.contains(invitation), "{invitation}: {page}");
        }
    }
    app.stop().await;
}

async fn the_request_form_starts_with_the_accounts_affiliation(backend: Backend) {
    use hackboard_app::server::accounts::{create_account, AccountForm};
    let app = TestApp::spawn_with_future_event(backend).await;
    let form = AccountForm {
        email: "ada@example.org".into(),
        display_name: "Ada".into(),
        affiliation: "Analytical Engines Ltd".into(),
        password: crate::helpers::PASSWORD.into(),
    };
    create_account(&app.state, form, false).await.unwrap();
    let client = TestApp::new_client();
    app.sign_in(&client, "ada@example.org").await;
    let response = client
        .get(format!("{}/events/{}", app.address, upcoming()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    let input = page
        .split("<input")
        .find(|tag| tag.contains(r#"name="affiliation""#))
        .and_then(|tag| tag.split('>').next())
        .expect("the request form's affiliation field");
    assert!(
        input.contains(r#"value="Analytical Engines Ltd""#),
        "{input}"
    );
    app.stop().await;
}
