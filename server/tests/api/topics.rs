//! The topic board through its server functions: proposing, bad input, editing rights,
//! verifying, withdrawing, and votes that add up under concurrency.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::OPEN_SLUG as SLUG;
use crate::helpers::{error_of, propose_as, read_board, topic_form, voters, Backend, TestApp};
use hackboard_app::error::AppError;
use hackboard_app::model::{Board, Difficulty, Subject, TopicPage};
use hackboard_app::server::topics;

on_both_backends!(
    a_proposal_appears_on_the_board_and_has_its_page,
    bad_proposals_name_the_field_and_store_nothing,
    only_the_proposer_and_organisers_edit_and_withdraw,
    organisers_verify_and_everyone_sees_by_whom,
    votes_toggle_and_a_repeat_changes_nothing,
    two_hundred_concurrent_voters_give_an_exact_count,
    proposals_and_comments_at_the_same_moment_all_land,
    votes_on_withdrawn_or_other_events_topics_are_refused,
    the_board_kept_for_anonymous_visitors_follows_every_change,
    a_long_board_shows_a_page_of_cards_and_a_link_to_the_next,
);

fn proposal(title: &str) -> Vec<(String, String)> {
    [
        ("slug", SLUG),
        ("topic[title]", title),
        (
            "topic[description_md]",
            "Make **PVH** a special case of HVM.",
        ),
        ("topic[outcomes_md]", "A plan, and hopefully some code!"),
        ("topic[contacts]", "Tim Deegan"),
        ("topic[mailing_list]", "xen-devel@"),
        ("topic[chat_channel]", "#xen-devel"),
        ("topic[difficulty]", "moderate"),
        ("topic[skills]", "Hypervisor internals"),
        ("topic[gsoc]", "unknown"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

async fn board(app: &TestApp, client: &reqwest::Client) -> Board {
    read_board(app, client, &[]).await
}

async fn page(app: &TestApp, client: &reqwest::Client, id: i64) -> reqwest::Response {
    let url = format!("{}/api/get_topic?slug={SLUG}&topic_id={id}", app.address);
    client.get(url).send().await.unwrap()
}

/// Proposes as `client` and returns the new topic's id.
async fn propose(app: &TestApp, client: &reqwest::Client, title: &str) -> i64 {
    let response = app.post(client, "propose_topic", &proposal(title)).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let board = board(app, client).await;
    board
        .topics
        .iter()
        .find(|t| t.title == title)
        .expect("on the board")
        .id
}

async fn vote(app: &TestApp, client: &reqwest::Client, id: i64, on: bool) -> reqwest::Response {
    let id = id.to_string();
    let on = on.to_string();
    let form = [("slug", SLUG), ("topic_id", &id), ("on", &on)];
    app.post(client, "vote", &form).await
}

async fn a_proposal_appears_on_the_board_and_has_its_page(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, client) = app.account("tim@example.org", false).await;
    let id = propose(&app, &client, "Merging PVH into HVM").await;

    let card = board(&app, &TestApp::new_client()).await.topics[0].clone();
    assert_eq!(card.id, id);
    assert_eq!(card.difficulty, Difficulty::Moderate);
    assert_eq!(card.proposer.id, tim.id);
    assert_eq!((card.votes, card.comments, card.verified), (0, 0, false));

    let response = page(&app, &TestApp::new_client(), id).await;
    assert_eq!(response.status(), 200);
    let topic: TopicPage = response.json().await.unwrap();
    assert_eq!(
        topic.description_html,
        "<p>Make <strong>PVH</strong> a special case of HVM.</p>\n"
    );
    assert_eq!(topic.chat_channel, "#xen-devel");
    assert!(topic.edit.is_none(), "a visitor cannot edit");
    let own: TopicPage = page(&app, &client, id).await.json().await.unwrap();
    assert_eq!(
        own.edit.map(|form| form.skills).as_deref(),
        Some("Hypervisor internals")
    );
    app.stop().await;
}

async fn bad_proposals_name_the_field_and_store_nothing(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (_, client) = app.account("tim@example.org", false).await;
    let cases: &[(&str, &str, &str)] = &[
        ("topic[title]", "Xe", "at least 3"),
        ("topic[title]", &"x".repeat(141), "at most 140"),
        ("topic[title]", "Line\u{0}break", "one line"),
        (
            "topic[description_md]",
            &"x".repeat(20_001),
            "at most 20000",
        ),
        ("topic[difficulty]", "expert", "listed difficulties"),
        ("topic[gsoc]", "maybe", "listed answers"),
    ];
    for (field, value, says) in cases {
        let mut form = proposal("A fine title");
        form.retain(|(name, _)| name != field);
        form.push(((*field).to_owned(), (*value).to_owned()));
        let error = error_of(app.post(&client, "propose_topic", &form).await).await;
        let AppError::Invalid {
            field: named,
            message,
        } = error
        else {
            panic!("{field}: {error:?}")
        };
        assert_eq!(named, *field);
        assert!(message.contains(says), "{field}: {message}");
    }
    assert!(board(&app, &client).await.topics.is_empty());
    app.stop().await;
}

async fn only_the_proposer_and_organisers_edit_and_withdraw(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (_, tim) = app.account("tim@example.org", false).await;
    let (_, other) = app.account("jan@example.org", false).await;
    let (olu, organiser) = app.account("olu@example.org", false).await;
    app.make_organiser(SLUG, olu.id).await;
    let id = propose(&app, &tim, "VirtIO and Xen").await;

    let mut form = proposal("VirtIO on Xen");
    form.push(("topic_id".into(), id.to_string()));
    let refused = app.post(&other, "edit_topic", &form).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(app.post(&tim, "edit_topic", &form).await.status(), 200);
    form.retain(|(name, _)| name != "topic[title]");
    form.push(("topic[title]".into(), "VirtIO and Xen, again".into()));
    assert_eq!(
        app.post(&organiser, "edit_topic", &form).await.status(),
        200
    );
    assert_eq!(
        board(&app, &tim).await.topics[0].title,
        "VirtIO and Xen, again"
    );

    let ids = [("slug", SLUG.to_owned()), ("topic_id", id.to_string())];
    assert_eq!(app.post(&other, "withdraw_topic", &ids).await.status(), 403);
    assert_eq!(app.post(&tim, "withdraw_topic", &ids).await.status(), 200);
    assert!(board(&app, &tim).await.topics.is_empty());
    assert_eq!(page(&app, &tim, id).await.status(), 404);
    let late = error_of(app.post(&organiser, "edit_topic", &form).await).await;
    assert!(matches!(late, AppError::Conflict(_)), "{late:?}");
    app.stop().await;
}

async fn organisers_verify_and_everyone_sees_by_whom(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (_, tim) = app.account("tim@example.org", false).await;
    let (olu, organiser) = app.account("olu@example.org", false).await;
    app.make_organiser(SLUG, olu.id).await;
    let id = propose(&app, &tim, "NFV on Xen").await;
    let form = [
        ("slug", SLUG.to_owned()),
        ("topic_id", id.to_string()),
        ("verified", "true".into()),
    ];
    assert_eq!(app.post(&tim, "verify_topic", &form).await.status(), 403);
    assert_eq!(
        app.post(&organiser, "verify_topic", &form).await.status(),
        200
    );

    let topic: TopicPage = page(&app, &TestApp::new_client(), id)
        .await
        .json()
        .await
        .unwrap();
    assert!(topic.card.verified);
    let (by, _) = topic.verified.expect("verified");
    assert_eq!(by, "olu");
    assert!(!topic.organiser);
    app.stop().await;
}

async fn votes_toggle_and_a_repeat_changes_nothing(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (_, tim) = app.account("tim@example.org", false).await;
    let (_, jan) = app.account("jan@example.org", false).await;
    let id = propose(&app, &tim, "Xen 4.5 roadmap").await;

    let count = |response: reqwest::Response| async move {
        assert_eq!(response.status(), 200);
        response.json::<u32>().await.unwrap()
    };
    assert_eq!(count(vote(&app, &jan, id, true).await).await, 1);
    assert_eq!(count(vote(&app, &jan, id, true).await).await, 1, "a repeat");
    assert_eq!(count(vote(&app, &tim, id, true).await).await, 2);
    assert_eq!(board(&app, &jan).await.my_votes, vec![id]);
    assert_eq!(count(vote(&app, &jan, id, false).await).await, 1);
    assert_eq!(
        count(vote(&app, &jan, id, false).await).await,
        1,
        "a repeat"
    );
    assert!(board(&app, &jan).await.my_votes.is_empty());
    let anonymous = vote(&app, &TestApp::new_client(), id, true).await;
    assert_eq!(anonymous.status(), 401);
    app.stop().await;
}

async fn two_hundred_concurrent_voters_give_an_exact_count(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (_, tim) = app.account("tim@example.org", false).await;
    let id = propose(&app, &tim, "QEMU and SeaBIOS regression testing").await;
    let voters = voters(&app, 200).await;
    let votes = voters.into_iter().map(|voter| {
        let state = app.state.clone();
        tokio::spawn(async move { topics::vote(&state, Some(voter), SLUG, id, true).await })
    });
    for vote in futures::future::join_all(votes).await {
        vote.unwrap().unwrap();
    }
    let card = board(&app, &tim).await.topics[0].clone();
    assert_eq!(card.votes, 200);
    app.stop().await;
}

/// On SQLite a second writer used to fail at once ("database is locked") instead of waiting.
async fn proposals_and_comments_at_the_same_moment_all_land(backend: Backend) {
    use hackboard_app::server::comments;
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, _) = app.account("tim@example.org", false).await;
    let id = propose_as(&app, &tim, SLUG, "Xen 4.5 roadmap").await;
    let writes = (0..60).map(|n| {
        let (state, tim) = (app.state.clone(), tim.clone());
        tokio::spawn(async move {
            if n % 2 == 0 {
                let form = topic_form(&format!("Topic {n}"));
                topics::propose(&state, Some(tim), SLUG, &form)
                    .await
                    .map(|_| ())
            } else {
                let body = format!("Comment {n}");
                let added = comments::add(&state, Some(tim), SLUG, Subject::Topic(id), None, &body);
                added.await.map(|_| ())
            }
        })
    });
    for write in futures::future::join_all(writes).await {
        write.unwrap().unwrap();
    }
    let board = board(&app, &TestApp::new_client()).await;
    assert_eq!(board.matching, 31);
    let first = board.topics.iter().find(|t| t.id == id).unwrap();
    assert_eq!(first.comments, 30);
    app.stop().await;
}

async fn votes_on_withdrawn_or_other_events_topics_are_refused(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (_, tim) = app.account("tim@example.org", false).await;
    let id = propose(&app, &tim, "KVP in Linux with Xen").await;

    // The same topic under the upcoming event's address.
    let upcoming = hackboard_server::demo::upcoming(chrono::Utc::now().date_naive()).slug;
    let form = [
        ("slug", upcoming),
        ("topic_id", id.to_string()),
        ("on", "true".into()),
    ];
    assert_eq!(app.post(&tim, "vote", &form).await.status(), 404);

    let ids = [("slug", SLUG.to_owned()), ("topic_id", id.to_string())];
    assert_eq!(app.post(&tim, "withdraw_topic", &ids).await.status(), 200);
    // Voting on a withdrawn topic is refused as editing it is: the same conflict, said alike.
    let voted = error_of(vote(&app, &tim, id, true).await).await;
    let mut form = proposal("KVM in Linux with Xen");
    form.push(("topic_id".into(), id.to_string()));
    let edited = error_of(app.post(&tim, "edit_topic", &form).await).await;
    assert!(matches!(voted, AppError::Conflict(_)), "{voted:?}");
    assert!(voted.to_string().contains("withdrawn"), "{voted:?}");
    assert_eq!(voted, edited);
    app.stop().await;
}

/// Anonymous visitors share one kept render of the board (`server/src/page_cache.rs`): a
/// change must replace it on the next read, and a signed-in visitor must never be given it.
async fn the_board_kept_for_anonymous_visitors_follows_every_change(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (_, tim) = app.account("tim@example.org", false).await;
    let path = format!("/events/{SLUG}/topics");
    let before = app.page_as(&app.client, &path).await;
    assert!(!before.contains("Merging PVH into HVM"));

    let id = propose(&app, &tim, "Merging PVH into HVM").await;
    let after = app.page_as(&app.client, &path).await;
    assert!(after.contains("Merging PVH into HVM"));

    assert_eq!(vote(&app, &tim, id, true).await.status(), 200);
    let url = format!("{}{path}", app.address);
    let own = app.page_as(&tim, &path).await;
    assert!(own.contains(r#"aria-pressed="true""#), "tim sees his vote");
    let anonymous = app.page_as(&app.client, &path).await;
    assert!(!anonymous.contains(r#"aria-pressed="true""#));

    // Phones get it compressed.
    let compressed = TestApp::new_client()
        .get(&url)
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "br");
    app.stop().await;
}

/// A phone would load and hydrate every card of a 300-topic board at once: the page carries
/// and shows 25, most wanted first, and a plain link (it works before the WASM, and can be
/// shared) for 25 more.
async fn a_long_board_shows_a_page_of_cards_and_a_link_to_the_next(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, _) = app.account("tim@example.org", false).await;
    let mut ids = Vec::new();
    for n in 1..=55 {
        ids.push(propose_as(&app, &tim, SLUG, &format!("Topic number {n:02}")).await);
    }
    // The newest first: topic 55 is at the top, topic 31 the last of the first 25.
    let path = format!("/events/{SLUG}/topics?sort=new");
    let first = app.page_as(&app.client, &path).await;
    assert_eq!(first.matches(r#"class="topic-card""#).count(), 25);
    let card = |id: i64| format!(r#"id="topic-{id}""#);
    assert!(first.contains(&card(ids[54])) && first.contains(&card(ids[30])));
    assert!(!first.contains(&card(ids[29])), "only 25 at first");
    // Not even in the data the browser hydrates from.
    assert!(!first.contains("Topic number 30") && !first.contains("Topic number 01"));
    assert!(first.contains("Showing 25 of 55 topics."));
    let next = format!(r#"href="?sort=new&amp;show=50#topic-{}""#, ids[29]);
    assert!(first.contains(&next), "the link keeps the sort: {next}");
    assert!(first.contains("Show 25 more"));

    let second = app.page_as(&app.client, &format!("{path}&show=50")).await;
    assert_eq!(second.matches(r#"class="topic-card""#).count(), 50);
    assert!(second.contains("Showing 50 of 55 topics."));
    assert!(second.contains("Show 5 more"));
    let all = app.page_as(&app.client, &format!("{path}&show=75")).await;
    assert_eq!(all.matches(r#"class="topic-card""#).count(), 55);
    assert!(all.contains(&card(ids[0])));
    assert!(!all.contains("board-more"), "nothing more to show");

    // Filters and sort are applied before the first 25 are picked.
    let anyone = TestApp::new_client();
    let board = read_board(&app, &anyone, &[("sort", "new")]).await;
    assert_eq!((board.topics.len(), board.matching), (25, 55));
    assert_eq!((board.topics[0].id, board.next), (ids[54], Some(ids[29])));
    let board = read_board(&app, &anyone, &[("q", "number 07")]).await;
    assert_eq!(
        board.topics.iter().map(|t| t.id).collect::<Vec<_>>(),
        [ids[6]]
    );
    assert_eq!((board.matching, board.next), (1, None));
    let board = read_board(
        &app,
        &anyone,
        &[("difficulty", "advanced"), ("show", "100")],
    )
    .await;
    assert_eq!((board.topics.len(), board.matching), (0, 0));
    app.stop().await;
}
