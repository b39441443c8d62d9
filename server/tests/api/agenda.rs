//! The agenda through its services on both databases: organisers build it, a change based on
//! an old version is refused, two at once never both win, and bad changes change nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{propose_as, Backend, TestApp, OPEN_SLUG};
use hackboard_app::error::AppError;
use hackboard_app::model::{Agenda, SlotForm, User};
use hackboard_app::server::agenda::{self, Item};

on_both_backends!(
    organisers_place_move_swap_and_unschedule_in_the_events_time_zone,
    a_change_based_on_an_old_version_is_refused_and_one_of_two_at_once_wins,
    bad_agenda_changes_are_refused_and_change_nothing,
    the_calendar_feed_keeps_uids_and_counts_changes,
    stars_make_my_agenda_its_private_feed_and_emails_when_a_session_moves,
    conference_apps_get_a_versioned_schedule_with_stable_guids,
    the_agenda_kept_for_anonymous_visitors_follows_every_change,
);

const ARCHIVED: &str = "london-2014";

fn upcoming() -> String {
    hackboard_server::demo::upcoming(chrono::Utc::now().date_naive()).slug
}

async fn organiser(app: &TestApp, slug: &str) -> User {
    let (user, _) = app.account("olu@example.org", false).await;
    app.make_organiser(slug, user.id).await;
    user
}

async fn read(app: &TestApp, slug: &str) -> Agenda {
    agenda::agenda(&app.state, None, slug).await.unwrap()
}

fn slot(agenda: &Agenda, room: usize, day: usize, start: &str, end: &str) -> SlotForm {
    SlotForm {
        room_id: agenda.rooms[room].id.to_string(),
        day: agenda.days[day].to_string(),
        start: start.into(),
        end: end.into(),
    }
}

/// Two rooms on the upcoming event, and its agenda.
async fn with_rooms(app: &TestApp, olu: &User, slug: &str) -> Agenda {
    for (name, seats) in [("Hayes", "40"), ("Boardroom", "8")] {
        let version = read(app, slug).await.version;
        agenda::add_room(&app.state, Some(olu.clone()), slug, version, name, seats)
            .await
            .unwrap();
    }
    read(app, slug).await
}

async fn organisers_place_move_swap_and_unschedule_in_the_events_time_zone(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let slug = upcoming();
    // The demo's own proposals and votes came before.
    let before = app.store.find_event(&slug).await.unwrap().unwrap().live_seq;
    let olu = organiser(&app, &slug).await;
    let topic = propose_as(&app, &olu, &slug, "Xen on ARM: the roadmap").await;
    let agenda = with_rooms(&app, &olu, &slug).await;
    assert_eq!(agenda.rooms.len(), 2);
    assert!(agenda.sessions.is_empty());
    let me = Some(olu.clone());

    let at_ten = slot(&agenda, 0, 0, "10:00", "11:00");
    let topic_item = Item::Topic(topic);
    let version = agenda::place(
        &app.state,
        me.clone(),
        &slug,
        agenda.version,
        topic_item,
        &at_ten,
    )
    .await
    .unwrap();
    let lunch = slot(&agenda, 0, 0, "12:30", "13:30");
    let version = agenda::place(
        &app.state,
        me.clone(),
        &slug,
        version,
        Item::Plain("Lunch".into()),
        &lunch,
    )
    .await
    .unwrap();
    let agenda = read(&app, &slug).await;
    assert_eq!(agenda.version, version);
    let titles: Vec<(&str, String)> = agenda
        .sessions
        .iter()
        .map(|s| (s.title.as_str(), s.hours()))
        .collect();
    assert_eq!(
        titles,
        [
            ("Xen on ARM: the roadmap", "10:00–11:00".to_owned()),
            ("Lunch", "12:30–13:30".to_owned())
        ]
    );
    let first = &agenda.sessions[0];
    assert!(
        !agenda.topics.iter().any(|t| t.id == topic),
        "placed topics leave the side list"
    );

    // Moved to the boardroom on the second day, longer: its sequence moves too.
    let later = slot(&agenda, 1, 1, "14:00", "15:30");
    let version = agenda::move_session(&app.state, me.clone(), &slug, version, first.id, &later)
        .await
        .unwrap();
    let moved = read(&app, &slug).await;
    let session = moved.sessions.iter().find(|s| s.id == first.id).unwrap();
    assert_eq!(
        (session.room_id, session.day(), session.hours()),
        (moved.rooms[1].id, moved.days[1], "14:00–15:30".to_owned())
    );
    assert_eq!(session.sequence, 1);

    // Swapped with lunch: each takes the other's room and start and keeps its length.
    let lunch_id = moved
        .sessions
        .iter()
        .find(|s| s.title == "Lunch")
        .unwrap()
        .id;
    let version = agenda::swap(&app.state, me.clone(), &slug, version, first.id, lunch_id)
        .await
        .unwrap();
    let swapped = read(&app, &slug).await;
    let topic_session = swapped.sessions.iter().find(|s| s.id == first.id).unwrap();
    let lunch_session = swapped.sessions.iter().find(|s| s.id == lunch_id).unwrap();
    assert_eq!(
        (topic_session.day(), topic_session.hours()),
        (swapped.days[0], "12:30–14:00".to_owned())
    );
    assert_eq!(
        (
            lunch_session.room_id,
            lunch_session.day(),
            lunch_session.hours()
        ),
        (
            swapped.rooms[1].id,
            swapped.days[1],
            "14:00–15:00".to_owned()
        )
    );

    agenda::unschedule(&app.state, me, &slug, version, lunch_id)
        .await
        .unwrap();
    let left = read(&app, &slug).await;
    assert_eq!(left.sessions.len(), 1);
    // Everyone watching heard of each change.
    let event = app.store.find_event(&slug).await.unwrap().unwrap();
    let live = app.store.list_live(event.id, before, 100).await.unwrap();
    let changes = live
        .iter()
        .filter(|m| m.body.contains("agenda_changed"))
        .count();
    assert_eq!(
        changes, 7,
        "two rooms, two placements, a move, a swap, an unscheduling"
    );
    app.stop().await;
}

async fn a_change_based_on_an_old_version_is_refused_and_one_of_two_at_once_wins(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    let (ana, _) = app.account("ana@example.org", false).await;
    app.make_organiser(&slug, ana.id).await;
    let agenda = with_rooms(&app, &olu, &slug).await;
    let seen = agenda.version;
    let welcome = slot(&agenda, 0, 0, "09:00", "09:30");
    agenda::place(
        &app.state,
        Some(olu.clone()),
        &slug,
        seen,
        Item::Plain("Welcome".into()),
        &welcome,
    )
    .await
    .unwrap();
    // Ana still looks at the agenda before Olu's change.
    let coffee = slot(&agenda, 1, 0, "09:00", "09:30");
    let stale = agenda::place(
        &app.state,
        Some(ana.clone()),
        &slug,
        seen,
        Item::Plain("Coffee".into()),
        &coffee,
    )
    .await;
    assert!(
        matches!(stale, Err(AppError::Conflict(ref m)) if m.contains("changed the agenda")),
        "{stale:?}"
    );
    assert_eq!(
        read(&app, &slug).await.sessions.len(),
        1,
        "nothing of Ana's change was kept"
    );

    // Both from the same version, at once: exactly one is kept.
    let now = read(&app, &slug).await.version;
    let attempts = [(olu, "Keynote"), (ana, "Intro")].map(|(who, title)| {
        let (state, slug, slot) = (
            app.state.clone(),
            slug.clone(),
            slot(&agenda, 1, 1, "09:00", "10:00"),
        );
        tokio::spawn(async move {
            agenda::place(
                &state,
                Some(who),
                &slug,
                now,
                Item::Plain(title.into()),
                &slot,
            )
            .await
        })
    });
    let results = futures::future::join_all(attempts).await;
    let won = results
        .iter()
        .filter(|r| r.as_ref().unwrap().is_ok())
        .count();
    assert_eq!(won, 1);
    assert_eq!(read(&app, &slug).await.sessions.len(), 2);
    app.stop().await;
}

async fn bad_agenda_changes_are_refused_and_change_nothing(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    let (pat, _) = app.account("pat@example.org", false).await;
    let topic = propose_as(&app, &pat, &slug, "Mirage unikernels").await;
    let withdrawn = propose_as(&app, &pat, &slug, "Withdrawn idea").await;
    hackboard_app::server::topics::withdraw(&app.state, Some(pat.clone()), &slug, withdrawn)
        .await
        .unwrap();
    let elsewhere = propose_as(&app, &pat, OPEN_SLUG, "An old topic").await;
    app.make_organiser(OPEN_SLUG, olu.id).await;
    let old = with_rooms(&app, &olu, OPEN_SLUG).await;
    let agenda = with_rooms(&app, &olu, &slug).await;
    let me = Some(olu.clone());
    let v = agenda.version;
    let good = slot(&agenda, 0, 0, "10:00", "11:00");
    agenda::place(&app.state, me.clone(), &slug, v, Item::Topic(topic), &good)
        .await
        .unwrap();
    let v = read(&app, &slug).await.version;

    let field = |result: Result<i64, AppError>| match result {
        Err(AppError::Invalid { field, .. }) => field,
        Err(AppError::Conflict(message)) => format!("conflict: {message}"),
        other => panic!("not refused: {other:?}"),
    };
    let try_place = |item: Item, slot: SlotForm| {
        let (state, me, slug) = (app.state.clone(), me.clone(), slug.clone());
        async move { agenda::place(&state, me, &slug, v, item, &slot).await }
    };
    let plain = || Item::Plain("Break".into());
    let backwards = slot(&agenda, 0, 0, "11:00", "10:00");
    assert_eq!(field(try_place(plain(), backwards).await), "end");
    let outside = SlotForm {
        day: "2001-01-01".into(),
        ..slot(&agenda, 0, 0, "10:00", "11:00")
    };
    assert_eq!(field(try_place(plain(), outside).await), "day");
    let other_room = SlotForm {
        room_id: old.rooms[0].id.to_string(),
        ..slot(&agenda, 0, 0, "15:00", "16:00")
    };
    assert_eq!(field(try_place(plain(), other_room).await), "room_id");
    let free = slot(&agenda, 1, 0, "15:00", "16:00");
    assert_eq!(
        field(try_place(Item::Topic(withdrawn), free.clone()).await),
        "topic_id"
    );
    assert_eq!(
        field(try_place(Item::Topic(elsewhere), free.clone()).await),
        "topic_id"
    );
    assert_eq!(
        field(try_place(Item::Topic(topic), free.clone()).await),
        "topic_id"
    );
    assert_eq!(
        field(try_place(Item::Plain(" ".into()), free).await),
        "title"
    );
    let overlapping = slot(&agenda, 0, 0, "10:30", "11:30");
    assert!(field(try_place(plain(), overlapping).await).contains("Mirage unikernels"));
    let nameless = agenda::add_room(&app.state, me.clone(), &slug, v, "Hayes", "20").await;
    assert_eq!(field(nameless), "name");
    let seats = agenda::add_room(&app.state, me, &slug, v, "Garden", "lots").await;
    assert_eq!(field(seats), "capacity");
    let participant = try_place_as(&app, &pat, &slug, v, &agenda).await;
    assert_eq!(participant.unwrap_err(), AppError::Forbidden);

    let after = read(&app, &slug).await;
    assert_eq!(
        (after.version, after.sessions.len(), after.rooms.len()),
        (v, 1, 2)
    );
    app.stop().await;
}

async fn try_place_as(
    app: &TestApp,
    user: &User,
    slug: &str,
    version: i64,
    agenda: &Agenda,
) -> Result<i64, AppError> {
    let at = slot(agenda, 1, 0, "17:00", "18:00");
    agenda::place(
        &app.state,
        Some(user.clone()),
        slug,
        version,
        Item::Plain("Party".into()),
        &at,
    )
    .await
}

async fn the_calendar_feed_keeps_uids_and_counts_changes(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    let agenda = with_rooms(&app, &olu, &slug).await;
    let me = Some(olu.clone());
    let lunch = slot(&agenda, 0, 0, "12:30", "13:30");
    let plain = Item::Plain("Lunch; pizza, salad".into());
    let version = agenda::place(&app.state, me.clone(), &slug, agenda.version, plain, &lunch)
        .await
        .unwrap();
    let id = read(&app, &slug).await.sessions[0].id;
    let later = slot(&agenda, 1, 0, "13:00", "14:00");
    agenda::move_session(&app.state, me, &slug, version, id, &later)
        .await
        .unwrap();

    let response = app.get(&format!("/events/{slug}/agenda.ics")).await;
    assert_eq!(response.status(), 200);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("text/calendar"), "{kind}");
    let feed = response.text().await.unwrap();
    assert!(feed.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(
        feed.contains(&format!("UID:{slug}-session-{id}@")),
        "{feed}"
    );
    assert!(feed.contains("SEQUENCE:1\r\n"));
    assert!(
        feed.contains("SUMMARY:Lunch\\; pizza\\, salad\r\n"),
        "{feed}"
    );
    assert!(feed.contains("LOCATION:Boardroom\r\n"));
    let missing = app.get("/events/no-such-event/agenda.ics").await;
    assert_eq!(missing.status(), 404);
    let qr = app.get(&format!("/events/{slug}/qr.svg")).await;
    assert_eq!(qr.status(), 200);
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(qr.text().await.unwrap().contains("<svg"));
    app.stop().await;
}

async fn stars_make_my_agenda_its_private_feed_and_emails_when_a_session_moves(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    let agenda = with_rooms(&app, &olu, &slug).await;
    let me = Some(olu.clone());
    let mut version = agenda.version;
    for (title, start, end) in [("Keynote", "09:00", "10:00"), ("Lunch", "12:30", "13:30")] {
        let at = slot(&agenda, 0, 0, start, end);
        let item = Item::Plain(title.into());
        version = agenda::place(&app.state, me.clone(), &slug, version, item, &at)
            .await
            .unwrap();
    }
    let sessions = read(&app, &slug).await.sessions;
    let (keynote, lunch) = (sessions[0].id, sessions[1].id);
    let (aiko, _) = app.account("aiko@example.org", false).await;
    let (tomas, _) = app.account("tomas@example.org", false).await;
    let mine = |user: &User| agenda::agenda(&app.state, Some(user.clone()), &slug);

    // Nothing starred, no feed yet; a visitor has no "mine" at all.
    assert_eq!(
        mine(&aiko).await.unwrap().mine.unwrap().starred,
        Vec::<i64>::new()
    );
    assert!(read(&app, &slug).await.mine.is_none());

    for person in [&aiko, &tomas] {
        agenda::star(&app.state, Some(person.clone()), &slug, keynote, true)
            .await
            .unwrap();
    }
    agenda::star(&app.state, Some(aiko.clone()), &slug, lunch, true)
        .await
        .unwrap();
    // Starring twice is one star; unstarring takes it away.
    agenda::star(&app.state, Some(aiko.clone()), &slug, lunch, true)
        .await
        .unwrap();
    assert_eq!(
        mine(&aiko).await.unwrap().mine.unwrap().starred,
        [keynote, lunch]
    );
    agenda::star(&app.state, Some(aiko.clone()), &slug, lunch, false)
        .await
        .unwrap();
    let my_agenda = mine(&aiko).await.unwrap().mine.unwrap();
    assert_eq!(my_agenda.starred, [keynote]);

    // Signed out, another event's session, no such session: refused, nothing starred.
    let signed_out = agenda::star(&app.state, None, &slug, keynote, true).await;
    assert_eq!(signed_out, Err(AppError::SignInRequired));
    let elsewhere = agenda::star(&app.state, Some(tomas.clone()), ARCHIVED, keynote, true).await;
    assert!(
        matches!(elsewhere, Err(AppError::Conflict(_))),
        "{elsewhere:?}"
    );
    assert_eq!(mine(&tomas).await.unwrap().mine.unwrap().starred, [keynote]);

    // The private feed has the starred session only, and a wrong token finds nothing.
    let feed_url = my_agenda
        .feed_url
        .expect("a feed once something is starred");
    let path = feed_url
        .split_once("/events/")
        .map(|(_, p)| format!("/events/{p}"))
        .unwrap();
    let feed = app.get(&path).await;
    assert_eq!(feed.status(), 200);
    let feed = feed.text().await.unwrap();
    assert!(feed.contains("SUMMARY:Keynote\r\n"), "{feed}");
    assert!(!feed.contains("SUMMARY:Lunch"), "{feed}");
    let wrong = app
        .get(&format!("/events/{slug}/my-agenda.ics?token=not-a-token"))
        .await;
    assert_eq!(wrong.status(), 404);

    // Aiko asks to be emailed; Tomas does not. The keynote moves: only Aiko hears of it.
    agenda::choose_mail_on_move(&app.state, Some(aiko.clone()), &slug, true)
        .await
        .unwrap();
    assert!(mine(&aiko).await.unwrap().mine.unwrap().mail_on_move);
    let later = slot(&agenda, 1, 0, "10:00", "11:00");
    version = agenda::move_session(&app.state, me.clone(), &slug, version, keynote, &later)
        .await
        .unwrap();
    let mail = app.store.list_mail(50).await.unwrap();
    let told: Vec<_> = mail
        .iter()
        .filter(|m| m.subject == "Agenda change: Keynote")
        .collect();
    assert_eq!(told.len(), 1, "{mail:?}");
    assert_eq!(told[0].recipient, aiko.email);
    assert!(
        told[0].body.contains("10:00–11:00 in Boardroom"),
        "{}",
        told[0].body
    );

    // Taken off the agenda: told so, and the star goes with the session.
    agenda::unschedule(&app.state, me, &slug, version, keynote)
        .await
        .unwrap();
    let mail = app.store.list_mail(50).await.unwrap();
    assert!(mail
        .iter()
        .any(|m| m.recipient == aiko.email && m.body.contains("was taken off the agenda")));
    assert!(mine(&aiko).await.unwrap().mine.unwrap().starred.is_empty());
    app.stop().await;
}

async fn conference_apps_get_a_versioned_schedule_with_stable_guids(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    let agenda = with_rooms(&app, &olu, &slug).await;
    let me = Some(olu.clone());
    let at = slot(&agenda, 0, 0, "09:00", "10:30");
    let item = Item::Plain("Welcome & coffee".into());
    let version = agenda::place(&app.state, me.clone(), &slug, agenda.version, item, &at)
        .await
        .unwrap();
    let path = format!("/events/{slug}/schedule.json");
    let talk_of = |json: &serde_json::Value| {
        let day = &json["schedule"]["conference"]["days"][0]["rooms"];
        let talks: Vec<serde_json::Value> = day
            .as_object()
            .unwrap()
            .values()
            .flat_map(|talks| talks.as_array().unwrap().clone())
            .collect();
        assert_eq!(talks.len(), 1, "{json}");
        talks[0].clone()
    };
    let before = read_json(&app, &path).await;
    let talk = talk_of(&before);
    assert_eq!(talk["title"], "Welcome & coffee");
    assert_eq!(talk["start"], "09:00");
    assert_eq!(talk["duration"], "01:30");
    assert_eq!(talk["room"], "Hayes");

    let id = read(&app, &slug).await.sessions[0].id;
    let later = slot(&agenda, 1, 0, "11:00", "12:30");
    agenda::move_session(&app.state, me, &slug, version, id, &later)
        .await
        .unwrap();
    let after = read_json(&app, &path).await;
    let moved = talk_of(&after);
    assert_eq!(moved["guid"], talk["guid"]);
    assert_eq!(moved["room"], "Boardroom");
    assert_eq!(moved["start"], "11:00");
    let number = |json: &serde_json::Value| -> i64 {
        json["schedule"]["version"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(number(&after) > number(&before));

    let xml = app.get(&format!("/events/{slug}/schedule.xml")).await;
    assert_eq!(xml.status(), 200);
    let xml = xml.text().await.unwrap();
    let guid = talk["guid"].as_str().unwrap();
    assert!(xml.contains(&format!("guid=\"{guid}\"")), "{xml}");
    assert!(xml.contains("<title>Welcome &amp; coffee</title>"), "{xml}");
    let missing = app.get("/events/no-such-event/schedule.xml").await;
    assert_eq!(missing.status(), 404);
    app.stop().await;
}

async fn read_json(app: &TestApp, path: &str) -> serde_json::Value {
    app.get(path).await.json().await.unwrap()
}

/// The agenda and its feeds are kept for anonymous visitors (`server/src/page_cache.rs`): on
/// the day every phone reads them, and each change by the organisers must show at once.
async fn the_agenda_kept_for_anonymous_visitors_follows_every_change(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let slug = upcoming();
    let olu = organiser(&app, &slug).await;
    let agenda = with_rooms(&app, &olu, &slug).await;
    let views = [
        format!("/events/{slug}/agenda"),
        format!("/events/{slug}/agenda/now"),
        format!("/events/{slug}/agenda.ics"),
        format!("/events/{slug}/schedule.json"),
    ];
    for view in &views {
        let (status, page) = app.page(view).await;
        assert_eq!(status, 200, "{view}");
        assert!(!page.contains("Keynote"), "{view}");
    }

    let keynote = Item::Plain("Keynote".into());
    let opening = slot(&agenda, 0, 0, "09:30", "10:15");
    agenda::place(
        &app.state,
        Some(olu),
        &slug,
        agenda.version,
        keynote,
        &opening,
    )
    .await
    .unwrap();
    // The next read, not one some moments later: on PostgreSQL the wake-up takes a round
    // trip through the database, and a visitor reloading at once must not get the old page.
    for view in &views {
        let page = app.page_as(&app.client, view).await;
        assert!(page.contains("Keynote"), "{view}");
    }
    app.stop().await;
}
