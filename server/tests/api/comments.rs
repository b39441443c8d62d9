//! Peer-review comments through their server functions: threads, authors' edits and deletes,
//! organisers hiding, bad input; and the board's full-text search.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::OPEN_SLUG as SLUG;
use crate::helpers::{error_of, read_board, topic_form, Backend, TestApp};
use hackboard_app::error::AppError;
use hackboard_app::model::{threads, Comment, Subject, TopicForm, TopicPage, User};
use hackboard_app::server::topics;

on_both_backends!(
    replies_thread_under_the_comment_they_answer,
    authors_edit_and_delete_only_their_own,
    organisers_hide_a_comment_from_everyone_else,
    bad_comments_are_refused_and_store_nothing,
    search_finds_topics_by_words_of_title_or_description,
);

async fn propose(app: &TestApp, user: &User, title: &str, description: &str) -> i64 {
    let form = TopicForm {
        description_md: description.into(),
        ..topic_form(title)
    };
    topics::propose(&app.state, Some(user.clone()), SLUG, &form)
        .await
        .unwrap()
}

async fn comment(
    app: &TestApp,
    client: &reqwest::Client,
    topic_id: i64,
    reply_to: Option<i64>,
    body: &str,
) -> reqwest::Response {
    let mut form = vec![
        ("slug", SLUG.to_owned()),
        ("on", format!("topic:{topic_id}")),
        ("body", body.to_owned()),
    ];
    if let Some(id) = reply_to {
        form.push(("reply_to", id.to_string()));
    }
    app.post(client, "add_comment", &form).await
}

async fn posted(response: reqwest::Response) -> Comment {
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn page(app: &TestApp, client: &reqwest::Client, id: i64) -> TopicPage {
    let url = format!("{}/api/get_topic?slug={SLUG}&topic_id={id}", app.address);
    client.get(url).send().await.unwrap().json().await.unwrap()
}

async fn comment_count(app: &TestApp, id: i64) -> u32 {
    page(app, &TestApp::new_client(), id).await.card.comments
}

async fn replies_thread_under_the_comment_they_answer(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, tim_client) = app.account("tim@example.org", false).await;
    let (_, aiko) = app.account("aiko@example.org", false).await;
    let id = propose(&app, &tim, "NFV on Xen", "Network functions on Xen.").await;

    let question = posted(comment(&app, &aiko, id, None, "What is **NFV**?").await).await;
    assert_eq!(question.author.display_name, "aiko");
    assert!(
        question.html.contains("<strong>NFV</strong>"),
        "{}",
        question.html
    );
    let answer = comment(
        &app,
        &tim_client,
        id,
        Some(question.id),
        "Network functions.",
    )
    .await;
    let answer = posted(answer).await;
    // Answering the answer joins the same thread: one level deep.
    let thanks = posted(comment(&app, &aiko, id, Some(answer.id), "Thanks!").await).await;
    assert_eq!(thanks.reply_to, Some(question.id));
    let other = posted(comment(&app, &aiko, id, None, "Is there a GSoC slot?").await).await;

    let seen = page(&app, &TestApp::new_client(), id).await;
    let shape: Vec<(i64, Vec<i64>)> = threads(&seen.comments)
        .iter()
        .map(|t| (t.comment.id, t.replies.iter().map(|r| r.id).collect()))
        .collect();
    assert_eq!(
        shape,
        [
            (question.id, vec![answer.id, thanks.id]),
            (other.id, vec![])
        ]
    );
    assert_eq!(seen.card.comments, 4);
    app.stop().await;
}

async fn authors_edit_and_delete_only_their_own(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, tim_client) = app.account("tim@example.org", false).await;
    let (_, aiko) = app.account("aiko@example.org", false).await;
    let id = propose(&app, &tim, "NFV on Xen", "").await;
    let question = posted(comment(&app, &aiko, id, None, "What is NFV?").await).await;
    let answer = comment(
        &app,
        &tim_client,
        id,
        Some(question.id),
        "Network functions.",
    )
    .await;
    let answer = posted(answer).await;

    let edit = |comment_id: i64, body: &str| {
        vec![
            ("slug", SLUG.to_owned()),
            ("comment_id", comment_id.to_string()),
            ("body", body.to_owned()),
        ]
    };
    let forged = app
        .post(&tim_client, "edit_comment", &edit(question.id, "Spam"))
        .await;
    assert_eq!(forged.status(), 403);
    let form = edit(question.id, "What is NFV, exactly?");
    let edited = posted(app.post(&aiko, "edit_comment", &form).await).await;
    assert!(
        edited.edited && edited.html.contains("exactly"),
        "{edited:?}"
    );

    let delete = [
        ("slug", SLUG.to_owned()),
        ("comment_id", question.id.to_string()),
    ];
    assert_eq!(
        app.post(&tim_client, "delete_comment", &delete)
            .await
            .status(),
        403
    );
    let deleted = posted(app.post(&aiko, "delete_comment", &delete).await).await;
    assert!(deleted.gone && deleted.html.is_empty());
    // Again: no error, nothing changes.
    assert_eq!(
        app.post(&aiko, "delete_comment", &delete).await.status(),
        200
    );
    let late = error_of(
        app.post(&aiko, "edit_comment", &edit(question.id, "Back"))
            .await,
    )
    .await;
    assert!(matches!(late, AppError::Conflict(_)), "{late:?}");

    // The answer keeps its place under the deleted question, whose words are gone everywhere.
    let seen = page(&app, &TestApp::new_client(), id).await;
    let thread = threads(&seen.comments).remove(0);
    assert!(thread.comment.gone && thread.comment.markdown.is_empty());
    assert_eq!(thread.replies[0].id, answer.id);
    assert!(!serde_json::to_string(&seen).unwrap().contains("exactly"));
    assert_eq!(seen.card.comments, 1);
    app.stop().await;
}

async fn organisers_hide_a_comment_from_everyone_else(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, _) = app.account("tim@example.org", false).await;
    let (_, aiko) = app.account("aiko@example.org", false).await;
    let (olu, organiser) = app.account("olu@example.org", false).await;
    app.make_organiser(SLUG, olu.id).await;
    let id = propose(&app, &tim, "NFV on Xen", "").await;
    let abuse = posted(comment(&app, &aiko, id, None, "Buy cheap watches").await).await;
    assert_eq!(comment_count(&app, id).await, 1);

    let hide = |hidden: &str| {
        vec![
            ("slug", SLUG.to_owned()),
            ("comment_id", abuse.id.to_string()),
            ("hidden", hidden.to_owned()),
        ]
    };
    assert_eq!(
        app.post(&aiko, "hide_comment", &hide("true"))
            .await
            .status(),
        403
    );
    let hidden = posted(app.post(&organiser, "hide_comment", &hide("true")).await).await;
    assert!(hidden.hidden && hidden.html.contains("watches"));

    let public = page(&app, &TestApp::new_client(), id).await;
    assert!(!serde_json::to_string(&public).unwrap().contains("watches"));
    assert!(
        threads(&public.comments).is_empty(),
        "gone, with no replies to hold"
    );
    let organisers = page(&app, &organiser, id).await;
    assert!(organisers.comments[0].hidden && organisers.comments[0].html.contains("watches"));
    assert_eq!(public.card.comments, 0);
    // Its author can no longer change it, nor reply under it.
    let edit = [
        ("slug", SLUG.to_owned()),
        ("comment_id", abuse.id.to_string()),
        ("body", "Sorry".to_owned()),
    ];
    let refused = error_of(app.post(&aiko, "edit_comment", &edit).await).await;
    assert!(refused.to_string().contains("hid"), "{refused:?}");
    let reply = error_of(comment(&app, &aiko, id, Some(abuse.id), "Really cheap").await).await;
    assert!(matches!(reply, AppError::Invalid { ref field, .. } if field == "body"));

    posted(app.post(&organiser, "hide_comment", &hide("false")).await).await;
    assert_eq!(comment_count(&app, id).await, 1);
    app.stop().await;
}

async fn bad_comments_are_refused_and_store_nothing(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, tim_client) = app.account("tim@example.org", false).await;
    let id = propose(&app, &tim, "NFV on Xen", "").await;
    let other = propose(&app, &tim, "ARM on Xen", "").await;
    let elsewhere = posted(comment(&app, &tim_client, other, None, "Elsewhere").await).await;

    for (body, reply_to, says) in [
        (" \n ", None, "Write something"),
        (&*"x".repeat(10_001), None, "at most 10000"),
        ("bell \u{7}", None, "control characters"),
        ("Answering another topic", Some(elsewhere.id), "gone"),
    ] {
        let error = error_of(comment(&app, &tim_client, id, reply_to, body).await).await;
        match error {
            AppError::Invalid { field, message } => {
                assert_eq!(field, "body");
                assert!(message.contains(says), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
    let anonymous = comment(&app, &TestApp::new_client(), id, None, "Hi").await;
    assert_eq!(anonymous.status(), 401);
    // A topic of this event under the other event's address is not found.
    let upcoming = hackboard_server::demo::upcoming(chrono::Utc::now().date_naive()).slug;
    let form = [
        ("slug", upcoming),
        ("on", format!("topic:{id}")),
        ("body", "Hi".to_owned()),
    ];
    assert_eq!(
        app.post(&tim_client, "add_comment", &form).await.status(),
        404
    );

    let ids = [("slug", SLUG.to_owned()), ("topic_id", id.to_string())];
    assert_eq!(
        app.post(&tim_client, "withdraw_topic", &ids).await.status(),
        200
    );
    let late = error_of(comment(&app, &tim_client, id, None, "Hello?").await).await;
    assert!(late.to_string().contains("withdrawn"), "{late:?}");
    assert!(app
        .store
        .list_comments(Subject::Topic(id))
        .await
        .unwrap()
        .is_empty());
    app.stop().await;
}

async fn search_finds_topics_by_words_of_title_or_description(backend: Backend) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (tim, _) = app.account("tim@example.org", false).await;
    let pvh = propose(
        &app,
        &tim,
        "Merging PVH into HVM",
        "Make PVH a special case.",
    )
    .await;
    let nfv = propose(&app, &tim, "NFV on Xen", "Network functions, virtualised.").await;
    let arm = propose(
        &app,
        &tim,
        "Xen on ARM servers",
        "Booting on 64-bit hardware.",
    )
    .await;
    let anyone = TestApp::new_client();
    let search = |words: &'static str| {
        let (app, anyone) = (&app, &anyone);
        async move {
            let board = read_board(app, anyone, &[("q", words)]).await;
            let mut ids: Vec<i64> = board.topics.iter().map(|t| t.id).collect();
            ids.sort();
            ids
        }
    };
    assert_eq!(search("pvh").await, [pvh]);
    assert_eq!(search("network virt").await, [nfv], "prefixes, every word");
    assert_eq!(search("XEN").await, [nfv, arm], "any case");
    assert_eq!(search("hardware ARM").await, [arm]);
    assert!(search("kernel").await.is_empty());
    // Query syntax of either database is just text here.
    assert!(search("\"pvh* OR (nfv").await.is_empty());
    assert_eq!(search("pvh:* | nfv").await, Vec::<i64>::new());
    assert_eq!(search(" -*:() ").await.len(), 3, "no words: everything");

    topics::withdraw(&app.state, Some(tim), SLUG, arm)
        .await
        .unwrap();
    assert_eq!(search("xen").await, [nfv], "withdrawn topics are not found");
    app.stop().await;
}
