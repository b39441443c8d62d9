//! Text that tries to end the element it lands in (`</title>`, `</textarea>`, `</style>`, a
//! closing quote) stays text on every page that shows it. The CSP would stop an injected script
//! from running; these tests check that there is none to stop. Escaping does not depend on the
//! database: SQLite only.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::helpers::{propose_as, topic_form, Backend, TestApp};
use hackboard_app::model::EventDetails;

const PAYLOAD: &str = "\"'></title></textarea></style></noscript><script>alert(1)</script>";
const SLUG: &str = "hostile";

/// Every `<script` in `body` is one of the page's own: loaded from a file, or inline with
/// the response's nonce.
fn foreign_scripts(body: &str, nonce: &str) -> Vec<String> {
    let own = format!("nonce=\"{nonce}\"");
    body.match_indices("<script")
        .map(|(at, _)| {
            let tag = &body[at..];
            tag[..tag.find('>').map_or(tag.len(), |end| end + 1)].to_owned()
        })
        .filter(|tag| !tag.starts_with("<script src=") && !tag.contains(&own))
        .collect()
}

fn nonce_of(response: &reqwest::Response) -> String {
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn no_page_carries_a_script_that_user_text_opened() {
    let app = TestApp::spawn_with_demo(Backend::Sqlite).await;
    let today = chrono::Utc::now().date_naive();
    let demo = hackboard_server::demo::london_2014();
    let event = EventDetails {
        slug: SLUG.into(),
        title: PAYLOAD.into(),
        tagline: PAYLOAD.into(),
        starts_on: today,
        ends_on: today + chrono::Days::new(1),
        social_on: Some(today),
        social_md: PAYLOAD.into(),
        transport_md: PAYLOAD.into(),
        visa_md: PAYLOAD.into(),
        venue: hackboard_app::model::Venue {
            name: PAYLOAD.into(),
            ..demo.venue.clone()
        },
        ..demo
    };
    app.store.insert_event(&event).await.unwrap().unwrap();
    let (organiser, client) = app.account("olu@example.org", false).await;
    app.make_organiser(SLUG, organiser.id).await;
    let form = hackboard_app::model::TopicForm {
        description_md: PAYLOAD.into(),
        ..topic_form(PAYLOAD)
    };
    let topic = hackboard_app::server::topics::propose(&app.state, Some(organiser), SLUG, &form)
        .await
        .unwrap();
    let comment = [
        ("slug", SLUG.to_owned()),
        ("on", format!("topic:{topic}")),
        ("body", PAYLOAD.to_owned()),
    ];
    assert_eq!(
        app.post(&client, "add_comment", &comment).await.status(),
        200
    );
    let other = propose_as(
        &app,
        &app.account("tim@example.org", false).await.0,
        SLUG,
        "Plain",
    )
    .await;

    let pages = [
        format!("/events/{SLUG}"),
        format!("/events/{SLUG}/edit"),
        format!("/events/{SLUG}/topics"),
        format!("/events/{SLUG}/topics/{topic}"),
        format!("/events/{SLUG}/topics/{other}"),
        format!("/events/{SLUG}/agenda"),
        format!("/events/{SLUG}/agenda?mine=yes"),
        format!("/events/{SLUG}/agenda/edit"),
        format!("/events/{SLUG}/agenda/now"),
        format!("/events/{SLUG}/agenda/screen"),
        format!("/events/{SLUG}/registrations"),
        format!("/events/{SLUG}/writeups"),
        "/".to_owned(),
    ];
    let anonymous = TestApp::new_client();
    for (visitor, signed_in) in [(&client, true), (&anonymous, false)] {
        for page in &pages {
            let response = visitor
                .get(format!("{}{page}", app.address))
                .send()
                .await
                .unwrap();
            let status = response.status();
            let nonce = nonce_of(&response);
            let body = response.text().await.unwrap();
            // Visitors are refused the organisers' pages, with a page of their own.
            assert!(
                status.is_success() || (!signed_in && status.is_client_error()),
                "{page}: {status}\n{body}"
            );
            let foreign = foreign_scripts(&body, &nonce);
            assert!(foreign.is_empty(), "{page} ({status}) carries {foreign:?}");
            assert!(!body.contains(PAYLOAD), "{page} writes the text unescaped");
        }
    }
    let event_page = app.page_as(&app.client, &format!("/events/{SLUG}")).await;
    assert!(
        event_page.contains("<title>\"'&gt;&lt;/title&gt;"),
        "the title shows the text as written, escaped"
    );
    app.stop().await;
}
