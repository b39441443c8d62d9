//! Moving an event between installations: an export from SQLite imported into PostgreSQL
//! (and back) reads the same, and a malformed or hostile file changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{error_of, propose_as, Backend, TestApp, OPEN_SLUG};
use hackboard_app::error::AppError;
use hackboard_app::model::{
    BoardView, Decision, OutcomeForm, RegistrationForm, SlotForm, Subject, WriteupForm,
};
use hackboard_app::server::agenda::{self, Item};
use hackboard_app::server::{comments, registration, topics, writeups, LoginKey};
use serde_json::Value;

on_both_backends!(a_malformed_or_hostile_file_is_refused_and_changes_nothing);

/// The open event with something of every kind: topics, votes, comments and a hidden one,
/// write-ups, an outcome, rooms and a session, a registration and its history.
async fn busy_event(app: &TestApp) -> reqwest::Client {
    let (pat, _) = app.account("pat@example.org", false).await;
    let (ana, _) = app.account("ana@example.org", false).await;
    let (olu, olu_client) = app.account("olu@example.org", false).await;
    app.make_organiser(OPEN_SLUG, olu.id).await;
    let state = &app.state;
    let first = propose_as(app, &pat, OPEN_SLUG, "Merging PVH into HVM").await;
    let second = propose_as(app, &ana, OPEN_SLUG, "NFV on Xen").await;
    let gone = propose_as(app, &ana, OPEN_SLUG, "Withdrawn").await;
    topics::withdraw(state, Some(ana.clone()), OPEN_SLUG, gone)
        .await
        .unwrap();
    topics::verify(state, Some(olu.clone()), OPEN_SLUG, first, true)
        .await
        .unwrap();
    for user in [&pat, &ana] {
        topics::vote(state, Some(user.clone()), OPEN_SLUG, first, true)
            .await
            .unwrap();
    }
    let question = comments::add(
        state,
        Some(ana.clone()),
        OPEN_SLUG,
        Subject::Topic(first),
        None,
        "What about *CPUID*?",
    );
    let question = question.await.unwrap();
    comments::add(
        state,
        Some(pat.clone()),
        OPEN_SLUG,
        Subject::Topic(first),
        Some(question.id),
        "Handled.",
    )
    .await
    .unwrap();
    let spam = comments::add(
        state,
        Some(ana.clone()),
        OPEN_SLUG,
        Subject::Topic(second),
        None,
        "Buy now",
    );
    let spam = spam.await.unwrap();
    comments::hide(state, Some(olu.clone()), OPEN_SLUG, spam.id, true)
        .await
        .unwrap();
    let outcome = OutcomeForm {
        outcome: "A plan.".into(),
        links: "https://lists.xen.org/archives/html/xen-devel/2014-06/msg00001.html".into(),
    };
    writeups::record_outcome(state, Some(pat.clone()), OPEN_SLUG, first, &outcome)
        .await
        .unwrap();
    let thanks = WriteupForm {
        title: "Thank you!".into(),
        body: "Thanks to everybody.".into(),
        topics: vec![first],
    };
    let thanks = writeups::post(state, Some(olu.clone()), OPEN_SLUG, &thanks, true)
        .await
        .unwrap();
    comments::add(
        state,
        Some(pat.clone()),
        OPEN_SLUG,
        Subject::Writeup(thanks),
        None,
        "Thanks for hosting.",
    )
    .await
    .unwrap();
    let version = agenda::agenda(state, None, OPEN_SLUG)
        .await
        .unwrap()
        .version;
    agenda::add_room(state, Some(olu.clone()), OPEN_SLUG, version, "Hayes", "40")
        .await
        .unwrap();
    let read = agenda::agenda(state, None, OPEN_SLUG).await.unwrap();
    let slot = SlotForm {
        room_id: read.rooms[0].id.to_string(),
        day: read.days[0].to_string(),
        start: "10:00".into(),
        end: "11:00".into(),
    };
    agenda::place(
        state,
        Some(olu.clone()),
        OPEN_SLUG,
        read.version,
        Item::Topic(first),
        &slot,
    )
    .await
    .unwrap();
    let request = RegistrationForm {
        affiliation: "Citrix".into(),
        note: "Vegetarian".into(),
        listed: true,
        ..Default::default()
    };
    let asked = registration::request(state, Some(pat.clone()), OPEN_SLUG, &request)
        .await
        .unwrap();
    registration::decide(
        state,
        Some(olu.clone()),
        OPEN_SLUG,
        asked.id,
        Decision::Approve,
        "Welcome",
    )
    .await
    .unwrap();
    writeups::set_window(state, Some(olu), OPEN_SLUG, "2099-01-01")
        .await
        .unwrap();
    olu_client
}

async fn export(app: &TestApp, client: &reqwest::Client, slug: &str) -> String {
    let response = client
        .get(format!("{}/events/{slug}/export.json", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

async fn admin(app: &TestApp) -> reqwest::Client {
    let (_, client) = app.account("root@example.org", true).await;
    client
}

async fn import(app: &TestApp, client: &reqwest::Client, archive: &str) -> reqwest::Response {
    app.post(client, "import_event", &[("archive", archive)])
        .await
}

#[tokio::test]
async fn an_event_round_trips_from_sqlite_to_postgres_and_back() {
    let source = TestApp::spawn_with_open_event(Backend::Sqlite).await;
    let organiser = busy_event(&source).await;
    let exported = export(&source, &organiser, OPEN_SLUG).await;
    // No secrets: neither password hashes nor tokens travel.
    assert!(!exported.contains("argon2"), "password hashes stay home");
    assert!(exported.contains("pat@example.org"));

    let target = TestApp::spawn(Backend::Postgres).await;
    let root = admin(&target).await;
    let imported = import(&target, &root, &exported).await;
    assert!(imported.status().is_success() || imported.status().is_redirection());
    // The imported event works: its page, board and agenda read as they did.
    let board = topics::board(&target.state, None, OPEN_SLUG, &BoardView::default())
        .await
        .unwrap();
    let pvh = board
        .topics
        .iter()
        .find(|t| t.title == "Merging PVH into HVM")
        .unwrap();
    assert_eq!((pvh.votes, pvh.comments, pvh.verified), (2, 2, true));
    let stored = target.store.find_event(OPEN_SLUG).await.unwrap().unwrap();
    let again = target.store.export_event(&stored).await.unwrap();
    let first: Value = serde_json::from_str(&exported).unwrap();
    let second: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(first, second);

    // And back into a fresh SQLite.
    let back = TestApp::spawn(Backend::Sqlite).await;
    let root = admin(&back).await;
    let imported = import(&back, &root, &exported).await;
    assert!(imported.status().is_success() || imported.status().is_redirection());
    let stored = back.store.find_event(OPEN_SLUG).await.unwrap().unwrap();
    let third: Value =
        serde_json::from_str(&back.store.export_event(&stored).await.unwrap()).unwrap();
    assert_eq!(first, third);
    for app in [source, target, back] {
        app.stop().await;
    }
}

async fn a_malformed_or_hostile_file_is_refused_and_changes_nothing(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let organiser = busy_event(&app).await;
    let good = export(&app, &organiser, OPEN_SLUG).await;
    let root = admin(&app).await;
    let events = app.store.list_events().await.unwrap().len();

    // Only admins import; only organisers export.
    let (_, pat) = app.account("pat2@example.org", false).await;
    assert_eq!(import(&app, &pat, &good).await.status(), 403);
    let anonymous = TestApp::new_client();
    let url = format!("{}/events/{OPEN_SLUG}/export.json", app.address);
    assert_eq!(anonymous.get(&url).send().await.unwrap().status(), 401);
    assert_eq!(pat.get(&url).send().await.unwrap().status(), 403);

    let value: Value = serde_json::from_str(&good).unwrap();
    let renamed = |value: &mut Value| value["event"]["slug"] = "moved-here".into();
    let variant = |change: &dyn Fn(&mut Value)| {
        let mut copy = value.clone();
        renamed(&mut copy);
        change(&mut copy);
        copy.to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        (good.clone(), "already uses the short name"),
        ("{not json".into(), "not JSON"),
        (variant(&|v| v["version"] = 2.into()), "version 2"),
        (
            variant(&|v| v["format"] = "pretalx".into()),
            "not a Hackboard event export",
        ),
        (
            variant(&|v| {
                v.as_object_mut().unwrap().remove("topics");
            }),
            "missing field `topics`",
        ),
        (
            variant(&|v| v["topics"][0]["title"] = "x".repeat(200_000).into()),
            ".topics[0].title is longer",
        ),
        (
            variant(&|v| v["topics"][1]["id"] = v["topics"][0]["id"].clone()),
            "Two topics have the id",
        ),
        (
            variant(&|v| v["votes"][0]["user_id"] = 999.into()),
            "names person 999",
        ),
        // Passes the file's own checks, breaks a rule of the database: rolled back, with the
        // account it would have made for a new person.
        (
            variant(&|v| {
                v["people"][0]["email"] = "newcomer@example.org".into();
                v["rooms"][0]["capacity"] = 0.into();
            }),
            "does not fit this installation's rules",
        ),
    ];
    for (archive, why) in cases {
        let refused = import(&app, &root, &archive).await;
        let error = error_of(refused).await;
        match error {
            AppError::Invalid { field, message } => {
                assert_eq!(field, "archive");
                assert!(message.contains(why), "{why:?} not in {message:?}");
            }
            other => panic!("{why}: {other:?}"),
        }
    }
    assert_eq!(app.store.list_events().await.unwrap().len(), events);
    assert!(app.store.find_event("moved-here").await.unwrap().is_none());
    let newcomer = app
        .store
        .find_login(LoginKey::Email("newcomer@example.org"));
    assert!(newcomer.await.unwrap().is_none(), "no account left behind");
    app.stop().await;
}
