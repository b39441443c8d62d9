//! The live stream at `/events/{slug}/live`: what a page hears, what it catches up on after a
//! reconnect, who counts as watching, and two server processes sharing one PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{
    editable, propose_as, save_event, voters, Backend, TestApp, TestDatabase, PASSWORD,
};
use hackboard_app::model::{LiveMessage, Person, Subject, TopicVotes};
use hackboard_app::server::live::{Audience, Outgoing};
use hackboard_server::db::DatabaseUrl;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

on_both_backends!(
    an_organisers_save_reaches_every_open_page,
    a_page_that_reconnects_is_sent_what_it_missed_in_order,
    a_page_too_far_behind_is_told_to_reload,
    open_pages_are_counted_as_viewers,
    messages_reach_only_their_audience,
    one_address_cannot_open_endless_streams,
    shutting_down_ends_every_stream,
    proposals_and_votes_reach_open_pages,
    concurrent_votes_reach_open_pages_in_batches_ending_on_the_exact_count,
    a_vote_a_stopped_process_never_announced_reaches_open_pages,
    comments_reach_open_pages_and_hidden_ones_only_organisers,
);

/// A page's connection to the stream: reads server-sent events as a browser does.
struct Stream {
    response: reqwest::Response,
    buffer: String,
    /// How long `next` waits for a message before failing the test.
    patience: Duration,
}

/// One server-sent event: its stored position, if any, and the message.
type Received = (Option<u64>, LiveMessage);

impl Stream {
    async fn open(client: &reqwest::Client, url: String) -> Stream {
        let response = client.get(url).send().await.unwrap();
        assert_eq!(response.status(), 200, "the stream opens");
        let kind = response.headers()["content-type"].to_str().unwrap();
        assert!(kind.starts_with("text/event-stream"), "{kind}");
        Stream {
            response,
            buffer: String::new(),
            patience: Duration::from_secs(5),
        }
    }

    /// The next event, failing the test after `patience` of silence.
    async fn next(&mut self) -> Received {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut id, mut data) = (None, String::new());
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("id:") {
                        id = Some(value.trim().parse().unwrap());
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push_str(value.trim_start());
                    }
                }
                if !data.is_empty() {
                    return (id, serde_json::from_str(&data).unwrap());
                }
                continue;
            }
            let chunk = tokio::time::timeout(self.patience, self.response.chunk())
                .await
                .expect("a message in time")
                .unwrap()
                .expect("the stream stays open");
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// Skips viewer counts until the next other message.
    async fn next_change(&mut self) -> Received {
        loop {
            let received = self.next().await;
            if !matches!(received.1, LiveMessage::Viewers { .. }) {
                return received;
            }
        }
    }

    /// Waits for the viewer count to read `count`.
    async fn expect_viewers(&mut self, count: u32) {
        loop {
            if let (_, LiveMessage::Viewers { count: now }) = self.next().await {
                if now == count {
                    return;
                }
            }
        }
    }

    /// Whether the server ends the stream within 5 s.
    async fn ends(mut self) -> bool {
        let waited = tokio::time::timeout(Duration::from_secs(5), async {
            while let Ok(Some(_)) = self.response.chunk().await {}
        });
        waited.await.is_ok()
    }
}

fn live_url(address: &str, slug: &str, after: Option<i64>) -> String {
    match after {
        Some(after) => format!("{address}/events/{slug}/live?after={after}"),
        None => format!("{address}/events/{slug}/live"),
    }
}

fn tagline_of(received: &Received) -> &str {
    match &received.1 {
        LiveMessage::EventChanged { event } => &event.tagline,
        other => panic!("expected the event to change, got {other:?}"),
    }
}

/// An organiser of the archived demo event and its stream position now.
async fn organiser(app: &TestApp) -> (reqwest::Client, i64) {
    let (user, client) = app.account("olu@example.org", false).await;
    app.make_organiser(SLUG, user.id).await;
    (client, head(app).await)
}

const SLUG: &str = crate::helpers::OPEN_SLUG;

async fn head(app: &TestApp) -> i64 {
    app.store.find_event(SLUG).await.unwrap().unwrap().live_seq
}

async fn retag(address: &str, client: &reqwest::Client, tagline: &str) {
    retag_event(address, client, SLUG, tagline).await;
}

async fn retag_event(address: &str, client: &reqwest::Client, slug: &str, tagline: &str) {
    let current = editable(address, client, slug).await;
    let mut form = current.form.clone();
    form.tagline = tagline.into();
    let saved = save_event(address, client, &current, &form, None).await;
    assert!(saved.status().is_success(), "{}", saved.status());
}

async fn an_organisers_save_reaches_every_open_page(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (organiser, start) = organiser(&app).await;
    let url = live_url(&app.address, SLUG, None);
    let mut visitor = Stream::open(&TestApp::new_client(), url.clone()).await;
    let mut own_page = Stream::open(&organiser, url).await;
    assert!(matches!(
        visitor.next().await.1,
        LiveMessage::Viewers { count: 1 }
    ));

    retag(&app.address, &organiser, "Now with more hacking").await;

    for stream in [&mut visitor, &mut own_page] {
        let received = stream.next_change().await;
        assert_eq!(received.0, Some(start as u64 + 1), "the message's position");
        assert_eq!(tagline_of(&received), "Now with more hacking");
        let LiveMessage::EventChanged { event } = received.1 else {
            unreachable!()
        };
        assert!(
            !event.can_edit,
            "the broadcast copy offers nobody the editor"
        );
    }
    app.stop().await;
}

async fn a_page_that_reconnects_is_sent_what_it_missed_in_order(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (organiser, start) = organiser(&app).await;
    for tagline in ["first", "second", "third"] {
        retag(&app.address, &organiser, tagline).await;
    }

    let url = live_url(&app.address, SLUG, Some(start + 1));
    let mut back = Stream::open(&TestApp::new_client(), url).await;
    let second = back.next().await;
    let third = back.next().await;
    assert_eq!(
        (second.0, tagline_of(&second)),
        (Some(start as u64 + 2), "second")
    );
    assert_eq!(
        (third.0, tagline_of(&third)),
        (Some(start as u64 + 3), "third")
    );
    assert!(matches!(back.next().await.1, LiveMessage::Viewers { .. }));

    // EventSource's own reconnect sends the position as a header instead.
    let request = TestApp::new_client()
        .get(live_url(&app.address, SLUG, None))
        .header("Last-Event-ID", (start + 2).to_string());
    let response = request.send().await.unwrap();
    let mut by_header = Stream {
        response,
        buffer: String::new(),
        patience: Duration::from_secs(5),
    };
    assert_eq!(tagline_of(&by_header.next().await), "third");

    // A fresh page starts at the position its snapshot was read at: nothing is replayed.
    let mut fresh = Stream::open(&TestApp::new_client(), live_url(&app.address, SLUG, None)).await;
    assert!(matches!(fresh.next().await.1, LiveMessage::Viewers { .. }));
    retag(&app.address, &organiser, "fourth").await;
    assert_eq!(tagline_of(&fresh.next_change().await), "fourth");
    app.stop().await;
}

async fn a_page_too_far_behind_is_told_to_reload(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (organiser, start) = organiser(&app).await;
    retag(&app.address, &organiser, "changed").await;
    // A position from before a database restore: the stream has never been there.
    let url = live_url(&app.address, SLUG, Some(start + 50));
    let mut lost = Stream::open(&TestApp::new_client(), url).await;
    let received = lost.next().await;
    assert_eq!(received.0, None, "a resync has no position of its own");
    assert_eq!(
        received.1,
        LiveMessage::Resync {
            seq: start as u64 + 1
        }
    );
    app.stop().await;
}

async fn open_pages_are_counted_as_viewers(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let url = live_url(&app.address, SLUG, None);
    let mut first = Stream::open(&TestApp::new_client(), url.clone()).await;
    first.expect_viewers(1).await;
    let mut second = Stream::open(&TestApp::new_client(), url).await;
    second.expect_viewers(2).await;
    first.expect_viewers(2).await;
    drop(second);
    first.expect_viewers(1).await;
    app.stop().await;
}

async fn messages_reach_only_their_audience(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (organiser, _) = organiser(&app).await;
    let url = live_url(&app.address, SLUG, None);
    let mut visitor = Stream::open(&TestApp::new_client(), url.clone()).await;
    let mut own_page = Stream::open(&organiser, url).await;

    // A hidden comment: organisers see it marked hidden, everyone else sees it go.
    let comment = hackboard_app::model::Comment {
        id: 9,
        subject: Subject::Topic(4),
        reply_to: None,
        author: Person {
            id: 1,
            display_name: "Troll".into(),
            affiliation: String::new(),
        },
        html: "<p>abuse</p>".into(),
        markdown: "abuse".into(),
        created_at: chrono::Utc::now(),
        edited: false,
        hidden: true,
        gone: false,
    };
    let removed = LiveMessage::CommentChanged {
        comment: comment.clone().tombstone(),
    };
    let hidden = LiveMessage::CommentChanged { comment };
    let stored = app.store.find_event(SLUG).await.unwrap().unwrap();
    let live = [
        Outgoing::new(Audience::Organisers, &hidden),
        Outgoing::new(Audience::Public, &removed),
    ];
    let details = &stored.details;
    let published = app
        .store
        .update_event(stored.id, stored.revision, details, &live);
    assert_eq!(
        published.await.unwrap(),
        hackboard_app::server::Updated::Made
    );

    assert_eq!(visitor.next_change().await.1, removed);
    assert_eq!(own_page.next_change().await.1, hidden);
    // Neither got the other's: the next change both see is the same one.
    retag(&app.address, &organiser, "after").await;
    assert_eq!(tagline_of(&visitor.next_change().await), "after");
    assert_eq!(tagline_of(&own_page.next_change().await), "after");
    app.stop().await;
}

async fn one_address_cannot_open_endless_streams(backend: Backend) {
    // The test app allows 8 streams an address.
    let app = TestApp::spawn_with_open_event(backend).await;
    let url = live_url(&app.address, SLUG, None);
    let client = TestApp::new_client();
    let mut open = Vec::new();
    for _ in 0..8 {
        open.push(Stream::open(&client, url.clone()).await);
    }
    let refused = client.get(url.clone()).send().await.unwrap();
    assert_eq!(refused.status(), 429);
    assert!(refused.text().await.unwrap().contains("Close some tabs"));
    open.pop();
    tokio::time::sleep(Duration::from_millis(100)).await;
    Stream::open(&client, url).await;
    app.stop().await;
}

async fn shutting_down_ends_every_stream(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let mut stream = Stream::open(&TestApp::new_client(), live_url(&app.address, SLUG, None)).await;
    stream.next().await;
    let stopping = tokio::spawn(app.stop());
    assert!(stream.ends().await, "the stream ends with the server");
    tokio::time::timeout(Duration::from_secs(5), stopping)
        .await
        .expect("the server stops within 5 s")
        .unwrap();
}

async fn proposals_and_votes_reach_open_pages(backend: Backend) {
    use hackboard_app::server::topics;
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, _) = app.account("tim@example.org", false).await;
    let mut stream = Stream::open(&TestApp::new_client(), live_url(&app.address, SLUG, None)).await;
    let id = propose_as(&app, &tim, SLUG, "Xen 4.5 roadmap").await;
    let LiveMessage::TopicCreated { topic } = stream.next_change().await.1 else {
        panic!("expected the new topic")
    };
    assert_eq!((topic.id, topic.title.as_str()), (id, "Xen 4.5 roadmap"));

    topics::vote(&app.state, Some(tim), SLUG, id, true)
        .await
        .unwrap();
    assert_eq!(
        stream.next_change().await.1,
        LiveMessage::VotesChanged {
            counts: vec![TopicVotes {
                topic_id: id,
                votes: 1
            }]
        }
    );
    app.stop().await;
}

/// Votes are announced in batches, not one message each, and the last batch has every vote.
async fn concurrent_votes_reach_open_pages_in_batches_ending_on_the_exact_count(backend: Backend) {
    use hackboard_app::server::topics;
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, _) = app.account("tim@example.org", false).await;
    let first = propose_as(&app, &tim, SLUG, "Xen 4.5 roadmap").await;
    let second = propose_as(&app, &tim, SLUG, "QEMU upstream").await;
    let mut stream = Stream::open(&TestApp::new_client(), live_url(&app.address, SLUG, None)).await;
    let voters = voters(&app, 100).await;
    let votes = voters.into_iter().enumerate().map(|(n, voter)| {
        let state = app.state.clone();
        let id = if n % 2 == 0 { first } else { second };
        tokio::spawn(async move { topics::vote(&state, Some(voter), SLUG, id, true).await })
    });
    for vote in futures::future::join_all(votes).await {
        vote.unwrap().unwrap();
    }

    let mut shown = std::collections::HashMap::new();
    let mut messages = 0;
    while shown.get(&first) != Some(&50) || shown.get(&second) != Some(&50) {
        match stream.next_change().await.1 {
            LiveMessage::VotesChanged { counts } => {
                messages += 1;
                shown.extend(counts.iter().map(|c| (c.topic_id, c.votes)));
            }
            LiveMessage::TopicCreated { .. } => {}
            other => panic!("expected vote counts, got {other:?}"),
        }
    }
    assert!(messages < 100, "{messages} messages for 100 votes");
    app.stop().await;
}

/// A process that counted a vote and stopped before its batch went out: the count is marked
/// unannounced in the database, and the running server's sweep announces it.
async fn a_vote_a_stopped_process_never_announced_reaches_open_pages(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, _) = app.account("tim@example.org", false).await;
    let id = propose_as(&app, &tim, SLUG, "Xen 4.5 roadmap").await;
    let mut stream = Stream::open(&TestApp::new_client(), live_url(&app.address, SLUG, None)).await;
    let other_process = hackboard_server::db::open(&app.database().url)
        .await
        .unwrap();
    let now = chrono::Utc::now().timestamp();
    let event_id = app.store.find_event(SLUG).await.unwrap().unwrap().id;
    let counted = other_process
        .store
        .update_vote(event_id, id, tim.id, true, now);
    let counted = counted.await;
    assert_eq!(counted.unwrap(), Some(1));
    drop(other_process);

    stream.patience = Duration::from_secs(12); // a sweep is every 5 s
    let counts = loop {
        if let LiveMessage::VotesChanged { counts } = stream.next_change().await.1 {
            break counts;
        }
    };
    assert_eq!(
        counts,
        [TopicVotes {
            topic_id: id,
            votes: 1
        }]
    );
    assert!(app.store.list_unpublished_votes().await.unwrap().is_empty());
    app.stop().await;
}

async fn comments_reach_open_pages_and_hidden_ones_only_organisers(backend: Backend) {
    use hackboard_app::server::comments;
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, _) = app.account("tim@example.org", false).await;
    let id = propose_as(&app, &tim, SLUG, "NFV on Xen").await;
    let (organiser_client, _) = organiser(&app).await;
    let organiser_user = app.current_user(&organiser_client).await.unwrap();
    let url = live_url(&app.address, SLUG, None);
    let mut public = Stream::open(&TestApp::new_client(), url.clone()).await;
    let mut organisers = Stream::open(&organiser_client, url).await;

    let added = comments::add(
        &app.state,
        Some(tim),
        SLUG,
        Subject::Topic(id),
        None,
        "What is *NFV*?",
    );
    let added = added.await.unwrap();
    for stream in [&mut public, &mut organisers] {
        let LiveMessage::CommentChanged { comment } = stream.next_change().await.1 else {
            panic!("expected the comment")
        };
        assert_eq!(comment, added);
        assert_eq!(
            stream.next_change().await.1,
            LiveMessage::CommentCount {
                subject: Subject::Topic(id),
                comments: 1
            }
        );
    }

    let hidden = comments::hide(&app.state, Some(organiser_user), SLUG, added.id, true);
    hidden.await.unwrap();
    let LiveMessage::CommentChanged { comment } = organisers.next_change().await.1 else {
        panic!("expected the hidden comment")
    };
    assert!(comment.hidden && comment.html.contains("NFV"));
    let LiveMessage::CommentChanged { comment } = public.next_change().await.1 else {
        panic!("expected the placeholder")
    };
    assert!(comment.gone && comment.html.is_empty() && comment.markdown.is_empty());
    let count = LiveMessage::CommentCount {
        subject: Subject::Topic(id),
        comments: 0,
    };
    assert_eq!(public.next_change().await.1, count);
    assert_eq!(organisers.next_change().await.1, count);
    app.stop().await;
}

/// A `hackboard serve` process of its own, killed when dropped.
struct Process {
    address: String,
    _child: Child,
}

async fn serve(database: &TestDatabase, demo: bool) -> Process {
    let DatabaseUrl::Postgres(url) = &database.url else {
        unreachable!("two processes share a PostgreSQL database")
    };
    let mut command = Command::new(env!("CARGO_BIN_EXE_hackboard"));
    command.arg("serve");
    if demo {
        command.arg("--demo");
    }
    let mut child = command
        .env("DATABASE_URL", url)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("HACKBOARD_DEMO_PASSWORD", PASSWORD)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(address) = line.strip_prefix("Hackboard is serving at ") {
                return address.to_owned();
            }
        }
        panic!("the server exited before serving");
    })
    .await
    .expect("the server starts within 30 s");
    // Keep reading, so a full pipe never blocks the server.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Process {
        address,
        _child: child,
    }
}

#[tokio::test]
async fn two_processes_on_one_postgres_share_the_stream() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let one = serve(&database, true).await;
    let other = serve(&database, false).await;

    // The demo organiser organises the upcoming event.
    let upcoming = hackboard_server::demo::upcoming(chrono::Utc::now().date_naive()).slug;
    let url = live_url(&other.address, &upcoming, None);
    let mut watching_other = Stream::open(&TestApp::new_client(), url).await;
    watching_other.expect_viewers(1).await;
    // Viewers add up across processes.
    let url = live_url(&one.address, &upcoming, None);
    let _watching_one = Stream::open(&TestApp::new_client(), url).await;
    watching_other.expect_viewers(2).await;

    let organiser = TestApp::new_client();
    let form = [
        ("email", "organiser@demo.hackboard.example"),
        ("password", PASSWORD),
    ];
    let signed_in = organiser
        .post(format!("{}/api/sign_in", one.address))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let tagline = "Changed through the other process";
    retag_event(&one.address, &organiser, &upcoming, tagline).await;

    let received = watching_other.next_change().await;
    assert_eq!(tagline_of(&received), tagline);
    drop((one, other));
    database.drop().await;
}
