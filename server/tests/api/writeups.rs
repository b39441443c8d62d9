//! After the event: write-ups and their comments, topic outcomes, the archive's read-only
//! rules and write-up window, next year's event, and the Atom feed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{error_of, propose_as, Backend, TestApp, OPEN_SLUG};
use hackboard_app::error::AppError;
use hackboard_app::model::{
    OutcomeForm, RegistrationForm, Subject, WriteupForm, WriteupPage, Writeups,
};
use hackboard_app::server::{agenda, comments, registration, topics, writeups};
use hackboard_server::demo::ARCHIVED_SLUG;

on_both_backends!(
    write_ups_list_pinned_first_and_take_comments,
    an_archived_event_is_read_only_and_takes_write_ups_only_in_its_window,
    outcomes_show_on_the_topic_and_in_the_summary,
    next_year_copies_the_event_and_carries_unfinished_topics,
);

fn form(title: &str, body: &str, topics: Vec<i64>) -> WriteupForm {
    WriteupForm {
        title: title.into(),
        body: body.into(),
        topics,
    }
}

async fn summary(app: &TestApp, slug: &str) -> Writeups {
    writeups::page(&app.state, None, slug).await.unwrap()
}

fn conflict(result: Result<impl std::fmt::Debug, AppError>) -> String {
    match result {
        Err(AppError::Conflict(why)) => why,
        other => panic!("not refused as a conflict: {other:?}"),
    }
}

async fn write_ups_list_pinned_first_and_take_comments(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (pat, pat_client) = app.account("pat@example.org", false).await;
    let (olu, _) = app.account("olu@example.org", false).await;
    app.make_organiser(OPEN_SLUG, olu.id).await;
    let topic = propose_as(&app, &pat, OPEN_SLUG, "Hybrid dom0 boot").await;

    // A participant's impression, linked to a topic of the event and one of another event.
    let elsewhere = {
        let upcoming = hackboard_server::demo::upcoming(chrono::Utc::now().date_naive()).slug;
        propose_as(&app, &pat, &upcoming, "Not this event's").await
    };
    let impression = form(
        "Impressions",
        "Watching *Dom0 hybrid boot* line by line. <script>alert(1)</script>",
        vec![topic, elsewhere],
    );
    let pats = writeups::post(&app.state, Some(pat.clone()), OPEN_SLUG, &impression, false)
        .await
        .unwrap();
    // Only organisers pin.
    let pinned = writeups::post(&app.state, Some(pat.clone()), OPEN_SLUG, &impression, true);
    assert_eq!(pinned.await.unwrap_err(), AppError::Forbidden);
    let thanks = form("Thank you!", "Thanks to everybody who attended.", vec![]);
    let olus = writeups::post(&app.state, Some(olu.clone()), OPEN_SLUG, &thanks, true)
        .await
        .unwrap();

    let page = summary(&app, OPEN_SLUG).await;
    let titles: Vec<_> = page.writeups.iter().map(|w| w.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Thank you!", "Impressions"],
        "the pinned post first"
    );
    let mine = &page.writeups[1];
    assert_eq!(mine.topics.len(), 1, "only the event's own topic is linked");
    assert_eq!(mine.topics[0].title, "Hybrid dom0 boot");
    assert!(mine.html.contains("<em>Dom0 hybrid boot</em>"));
    assert!(!mine.html.contains("<script"), "{}", mine.html);

    // Bad input: a clear message on the field, nothing posted.
    let empty = form("  ", "Words", vec![]);
    let refused = writeups::post(&app.state, Some(pat.clone()), OPEN_SLUG, &empty, false).await;
    assert!(
        matches!(refused, Err(AppError::Invalid { ref field, .. }) if field == "writeup[title]"),
        "{refused:?}"
    );
    assert_eq!(summary(&app, OPEN_SLUG).await.writeups.len(), 2);

    // Comments on a write-up go through the same endpoint as a topic's, counted on the list.
    let on = format!("writeup:{pats}");
    let fields = [
        ("slug", OPEN_SLUG),
        ("on", on.as_str()),
        ("body", "Great demo!"),
    ];
    let response = app.post(&pat_client, "add_comment", &fields).await;
    assert_eq!(response.status(), 200);
    let added: hackboard_app::model::Comment = response.json().await.unwrap();
    assert_eq!(added.subject, Subject::Writeup(pats));
    let reply = comments::add(
        &app.state,
        Some(olu.clone()),
        OPEN_SLUG,
        Subject::Writeup(pats),
        Some(added.id),
        "Thanks for coming.",
    );
    reply.await.unwrap();
    // A reply must answer a comment of the same write-up.
    let crossed = comments::add(
        &app.state,
        Some(olu.clone()),
        OPEN_SLUG,
        Subject::Writeup(olus),
        Some(added.id),
        "Wrong thread",
    );
    assert!(matches!(crossed.await, Err(AppError::Invalid { .. })));
    // Organisers moderate them as they do a topic's.
    comments::hide(&app.state, Some(olu.clone()), OPEN_SLUG, added.id, true)
        .await
        .unwrap();
    let read: WriteupPage = writeups::writeup_page(&app.state, None, OPEN_SLUG, pats)
        .await
        .unwrap();
    assert_eq!(read.comments.len(), 2);
    assert!(read.comments[0].gone, "hidden from everyone but organisers");
    let counts: Vec<u32> = summary(&app, OPEN_SLUG)
        .await
        .writeups
        .iter()
        .map(|w| w.comments)
        .collect();
    assert_eq!(counts, [0, 1]);

    // The author edits; someone else may not; an organiser removes one.
    let edited = form("Impressions, day 2", "More.", vec![topic]);
    writeups::edit(&app.state, Some(pat.clone()), OPEN_SLUG, pats, &edited)
        .await
        .unwrap();
    let other = writeups::edit(&app.state, Some(olu.clone()), OPEN_SLUG, pats, &edited);
    assert_eq!(other.await.unwrap_err(), AppError::Forbidden);
    writeups::remove(&app.state, Some(olu.clone()), OPEN_SLUG, pats)
        .await
        .unwrap();
    let page = summary(&app, OPEN_SLUG).await;
    assert_eq!(page.writeups.len(), 1);
    // A removed write-up takes no more comments and its page is gone.
    let late = comments::add(
        &app.state,
        Some(pat.clone()),
        OPEN_SLUG,
        Subject::Writeup(pats),
        None,
        "Hello?",
    );
    assert_eq!(late.await.unwrap_err(), AppError::NotFound);

    // The Atom feed lists what the page lists; an unknown event's is not found.
    let feed = app.get(&format!("/events/{OPEN_SLUG}/writeups.atom")).await;
    assert_eq!(feed.status(), 200);
    let kind = feed.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("application/atom+xml"), "{kind}");
    let feed = feed.text().await.unwrap();
    assert!(feed.contains("<title>Thank you!</title>"), "{feed}");
    assert!(feed.contains(&format!("/events/{OPEN_SLUG}/writeups/{olus}</id>")));
    assert!(
        !feed.contains("Impressions"),
        "removed write-ups leave the feed"
    );
    let missing = app.get("/events/no-such-event/writeups.atom").await;
    assert_eq!(missing.status(), 404);
    app.stop().await;
}

async fn an_archived_event_is_read_only_and_takes_write_ups_only_in_its_window(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (pat, _) = app.account("pat@example.org", false).await;
    let (olu, _) = app.account("olu@example.org", false).await;
    app.make_organiser(ARCHIVED_SLUG, olu.id).await;
    let me = Some(pat.clone());

    // Topics, votes, registration and the agenda are closed.
    let topic = hackboard_app::model::TopicForm {
        title: "Too late".into(),
        difficulty: "n/a".into(),
        gsoc: "n/a".into(),
        ..Default::default()
    };
    let why = conflict(topics::propose(&app.state, me.clone(), ARCHIVED_SLUG, &topic).await);
    assert!(why.contains("archived"), "{why}");
    conflict(topics::vote(&app.state, me.clone(), ARCHIVED_SLUG, 1, true).await);
    let nothing = RegistrationForm::default();
    conflict(registration::request(&app.state, me.clone(), ARCHIVED_SLUG, &nothing).await);
    let room = agenda::add_room(
        &app.state,
        Some(olu.clone()),
        ARCHIVED_SLUG,
        0,
        "Garden",
        "20",
    );
    conflict(room.await);

    // Write-ups closed 30 days after the event...
    let note = form("Late thoughts", "Years later.", vec![]);
    let why = conflict(writeups::post(&app.state, me.clone(), ARCHIVED_SLUG, &note, false).await);
    assert!(why.contains("closed on 29 June 2014"), "{why}");
    let page = summary(&app, ARCHIVED_SLUG).await;
    assert!(page.closed.is_some());

    // ...until the organisers open the window again.
    let window = |day: &'static str| {
        let (state, olu) = (app.state.clone(), olu.clone());
        async move { writeups::set_window(&state, Some(olu), ARCHIVED_SLUG, day).await }
    };
    let early = window("2014-05-01").await;
    assert!(
        matches!(early, Err(AppError::Invalid { ref field, .. }) if field == "closes_on"),
        "{early:?}"
    );
    let garbled = window("next week").await;
    assert!(matches!(garbled, Err(AppError::Invalid { .. })));
    let by_pat = writeups::set_window(&app.state, me.clone(), ARCHIVED_SLUG, "2099-01-01");
    assert_eq!(by_pat.await.unwrap_err(), AppError::Forbidden);
    window("2099-01-01").await.unwrap();
    let id = writeups::post(&app.state, me.clone(), ARCHIVED_SLUG, &note, false)
        .await
        .unwrap();
    let comment = comments::add(
        &app.state,
        me.clone(),
        ARCHIVED_SLUG,
        Subject::Writeup(id),
        None,
        "Still here.",
    );
    let comment = comment.await.unwrap();
    // Closed again: no more comments, nor edits to them; the page says so.
    window("2014-06-01").await.unwrap();
    let refused = comments::add(
        &app.state,
        me.clone(),
        ARCHIVED_SLUG,
        Subject::Writeup(id),
        None,
        "And now?",
    );
    conflict(refused.await);
    let edit = comments::edit(&app.state, me.clone(), ARCHIVED_SLUG, comment.id, "Edited");
    conflict(edit.await);
    let read = writeups::writeup_page(&app.state, None, ARCHIVED_SLUG, id)
        .await
        .unwrap();
    assert!(read.closed.unwrap().contains("1 June 2014"));
    // Organisers can still take abuse down.
    writeups::remove(&app.state, Some(olu.clone()), ARCHIVED_SLUG, id)
        .await
        .unwrap();
    app.stop().await;
}

async fn outcomes_show_on_the_topic_and_in_the_summary(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (pat, _) = app.account("pat@example.org", false).await;
    let (ana, _) = app.account("ana@example.org", false).await;
    let (olu, olu_client) = app.account("olu@example.org", false).await;
    app.make_organiser(OPEN_SLUG, olu.id).await;
    let topic = propose_as(&app, &pat, OPEN_SLUG, "Dirty memory tricks in libxl").await;
    let outcome = |text: &str, links: &str| OutcomeForm {
        outcome: text.into(),
        links: links.into(),
    };
    let record = |user: &hackboard_app::model::User, form: OutcomeForm| {
        let (state, user) = (app.state.clone(), user.clone());
        async move { writeups::record_outcome(&state, Some(user), OPEN_SLUG, topic, &form).await }
    };

    let bad = record(&pat, outcome("A proposal", "javascript:alert(1)")).await;
    assert!(
        matches!(bad, Err(AppError::Invalid { ref field, .. }) if field == "outcome[links]"),
        "{bad:?}"
    );
    let stranger = record(&ana, outcome("Mine now", "")).await;
    assert_eq!(stranger.unwrap_err(), AppError::Forbidden);
    let thread = "https://lists.xen.org/archives/html/xen-devel/2014-06/msg00001.html";
    record(
        &pat,
        outcome("A detailed proposal went to **xen-devel**.", thread),
    )
    .await
    .unwrap();

    let page = topics::topic_page(&app.state, None, OPEN_SLUG, topic)
        .await
        .unwrap();
    let shown = page.outcome.expect("the outcome is on the topic");
    assert!(shown.html.contains("<strong>xen-devel</strong>"));
    assert_eq!(shown.links, [thread]);
    let summary_page = summary(&app, OPEN_SLUG).await;
    assert_eq!(summary_page.outcomes.len(), 1);
    assert!(!summary_page.outcomes[0].featured);

    // Organisers feature it among the highlights, over HTTP as the page does.
    let id = topic.to_string();
    let fields = [
        ("slug", OPEN_SLUG),
        ("topic_id", id.as_str()),
        ("on", "yes"),
    ];
    let response = app.post(&olu_client, "feature_outcome", &fields).await;
    assert_eq!(response.status(), 200);
    assert!(summary(&app, OPEN_SLUG).await.outcomes[0].featured);

    // An empty outcome takes it back.
    record(&pat, outcome("", "")).await.unwrap();
    assert!(summary(&app, OPEN_SLUG).await.outcomes.is_empty());

    // Before the event starts there is nothing to record.
    let upcoming = hackboard_server::demo::upcoming(chrono::Utc::now().date_naive()).slug;
    let early = propose_as(&app, &pat, &upcoming, "Next month").await;
    let form = outcome("Done already", "");
    let refused = writeups::record_outcome(&app.state, Some(pat.clone()), &upcoming, early, &form);
    let why = conflict(refused.await);
    assert!(why.contains("first day"), "{why}");
    app.stop().await;
}

async fn next_year_copies_the_event_and_carries_unfinished_topics(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (pat, _) = app.account("pat@example.org", false).await;
    let (olu, olu_client) = app.account("olu@example.org", false).await;
    app.make_organiser(OPEN_SLUG, olu.id).await;
    let done = propose_as(&app, &pat, OPEN_SLUG, "Finished topic").await;
    let open = propose_as(&app, &pat, OPEN_SLUG, "Unfinished topic").await;
    topics::verify(&app.state, Some(olu.clone()), OPEN_SLUG, open, true)
        .await
        .unwrap();
    let finished = OutcomeForm {
        outcome: "Merged.".into(),
        links: String::new(),
    };
    writeups::record_outcome(&app.state, Some(pat.clone()), OPEN_SLUG, done, &finished)
        .await
        .unwrap();
    let version = agenda::agenda(&app.state, None, OPEN_SLUG)
        .await
        .unwrap()
        .version;
    agenda::add_room(
        &app.state,
        Some(olu.clone()),
        OPEN_SLUG,
        version,
        "Garden",
        "20",
    )
    .await
    .unwrap();

    let copy = |new_slug: &'static str, starts_on: &'static str| {
        vec![
            ("slug", OPEN_SLUG),
            ("new_slug", new_slug),
            ("title", "Open Hackathon, next year"),
            ("starts_on", starts_on),
            ("carry_topics", "yes"),
        ]
    };
    // Only its organisers copy an event.
    let (_, pat_client) = app.account("pat2@example.org", false).await;
    let refused = app
        .post(&pat_client, "copy_event", &copy("next", "2031-05-29"))
        .await;
    assert_eq!(refused.status(), 403);
    // A taken short name or a bad day is refused on its field; nothing is created.
    let taken = app
        .post(
            &olu_client,
            "copy_event",
            &copy("london-2014", "2031-05-29"),
        )
        .await;
    assert_eq!(
        error_of(taken).await,
        AppError::invalid(
            "new_slug",
            "An event already uses this short name; pick another."
        )
    );
    let garbled = app
        .post(&olu_client, "copy_event", &copy("next", "soon"))
        .await;
    assert!(
        matches!(error_of(garbled).await, AppError::Invalid { field, .. } if field == "starts_on")
    );
    assert!(app.store.find_event("next").await.unwrap().is_none());

    let made = app
        .post(&olu_client, "copy_event", &copy("next", "2031-05-29"))
        .await;
    assert!(
        made.status().is_success() || made.status().is_redirection(),
        "{}",
        made.status()
    );
    let old = app.store.find_event(OPEN_SLUG).await.unwrap().unwrap();
    let new = app.store.find_event("next").await.unwrap().unwrap();
    assert_eq!(new.details.title, "Open Hackathon, next year");
    assert_eq!(new.details.starts_on.to_string(), "2031-05-29");
    assert_eq!(
        new.details.ends_on - new.details.starts_on,
        old.details.ends_on - old.details.starts_on,
        "as long as the old one"
    );
    assert_eq!(new.details.venue, old.details.venue);
    assert_eq!(new.details.hotels, old.details.hotels);
    assert_eq!(new.details.visa_md, old.details.visa_md);
    assert!(app.store.is_organiser(new.id, olu.id).await.unwrap());
    let rooms = agenda::agenda(&app.state, None, "next")
        .await
        .unwrap()
        .rooms;
    assert_eq!(
        rooms.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Garden"]
    );

    let carried = app.store.list_topics(new.id).await.unwrap();
    assert_eq!(carried.len(), 1, "only the unfinished topic carries over");
    assert_eq!(carried[0].title, "Unfinished topic");
    let page = topics::topic_page(&app.state, None, "next", carried[0].id)
        .await
        .unwrap();
    assert!(page.verified.is_none(), "unverified until checked again");
    let origin = page.carried_from.expect("linked to its history");
    assert_eq!((origin.slug.as_str(), origin.topic_id), (OPEN_SLUG, open));
    app.stop().await;
}
