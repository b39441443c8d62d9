//! Signing up, in and out over HTTP, with the session cookie a browser would keep.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{error_of, Backend, TestApp, PASSWORD};
use hackboard_app::error::AppError;
use hackboard_app::model::User;

on_both_backends!(
    sign_up_signs_in_and_sign_out_really_ends_the_session,
    signing_in_gives_a_new_session_id,
    wrong_email_and_wrong_password_get_the_same_answer,
    bad_sign_up_fields_are_named_in_the_error,
    another_site_cannot_act_for_a_signed_in_user,
    a_participant_edits_their_profile,
    changing_the_password_needs_the_current_one,
    sign_in_attempts_are_limited_per_account,
    signing_in_or_up_returns_to_the_page_that_asked_and_only_on_this_site,
);

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    function: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.post(client, function, form).await
}

async fn sign_up(app: &TestApp, client: &reqwest::Client, email: &str) -> reqwest::Response {
    let form = [
        ("email", email),
        ("display_name", "Ada Lovelace"),
        ("affiliation", "Engines Ltd"),
        ("password", PASSWORD),
    ];
    post(app, client, "sign_up", &form).await
}

async fn sign_in(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    post(
        app,
        client,
        "sign_in",
        &[("email", email), ("password", password)],
    )
    .await
}

/// Asks who is signed in, presenting `cookie` (`name=value`) by hand.
async fn current_user_with(app: &TestApp, client: &reqwest::Client, cookie: &str) -> Option<User> {
    let url = format!("{}/api/current_user", app.address);
    client
        .get(url)
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The session cookie a response sets, as `name=value`, with its attributes.
fn session_cookie(response: &reqwest::Response) -> (String, String) {
    let header = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("hackboard_session="))
        .expect("a session cookie");
    let (pair, attributes) = header.split_once(';').unwrap_or((&header, ""));
    (pair.to_owned(), attributes.to_owned())
}

async fn sign_up_signs_in_and_sign_out_really_ends_the_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = TestApp::new_client();
    let response = sign_up(&app, &client, "  Ada@Example.org").await;
    assert_eq!(response.status(), 200);
    let (cookie, attributes) = session_cookie(&response);
    assert!(
        attributes.contains("HttpOnly") && attributes.contains("SameSite=Lax"),
        "{attributes}"
    );
    assert!(
        !attributes.contains("Secure"),
        "plain http in tests: {attributes}"
    );
    let user: User = response.json().await.unwrap();
    assert_eq!(
        (user.email.as_str(), user.display_name.as_str()),
        ("ada@example.org", "Ada Lovelace")
    );
    assert_eq!(app.current_user(&client).await, Some(user.clone()));

    // Someone who copied the cookie is signed in with it, until the owner signs out.
    let thief = TestApp::new_client();
    assert_eq!(current_user_with(&app, &thief, &cookie).await, Some(user));
    assert_eq!(post(&app, &client, "sign_out", &[]).await.status(), 200);
    assert_eq!(app.current_user(&client).await, None);
    assert_eq!(current_user_with(&app, &thief, &cookie).await, None);
    app.stop().await;
}

async fn signing_in_gives_a_new_session_id(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = TestApp::new_client();
    let (before, _) = session_cookie(&sign_up(&app, &client, "ada@example.org").await);

    let signed_in = sign_in(&app, &client, "ada@example.org", PASSWORD).await;
    assert_eq!(signed_in.status(), 200);
    let (after, _) = session_cookie(&signed_in);
    assert_ne!(before, after, "the session id changes at sign-in");
    assert!(app.current_user(&client).await.is_some());

    let old = TestApp::new_client();
    assert_eq!(
        current_user_with(&app, &old, &before).await,
        None,
        "the old id is dead"
    );
    app.stop().await;
}

async fn wrong_email_and_wrong_password_get_the_same_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    sign_up(&app, &TestApp::new_client(), "ada@example.org").await;
    let client = TestApp::new_client();

    let wrong_password = sign_in(&app, &client, "ada@example.org", "not the password").await;
    let wrong_email = sign_in(&app, &client, "bob@example.org", PASSWORD).await;
    let expected = AppError::invalid("password", "Wrong email or password.");
    assert_eq!(error_of(wrong_password).await, expected);
    assert_eq!(error_of(wrong_email).await, expected);
    assert_eq!(app.current_user(&client).await, None);
    app.stop().await;
}

async fn bad_sign_up_fields_are_named_in_the_error(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = TestApp::new_client();
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[
                ("email", "ada"),
                ("display_name", "Ada"),
                ("affiliation", ""),
                ("password", PASSWORD),
            ],
            "email",
        ),
        (
            &[
                ("email", "ada@example.org"),
                ("display_name", " "),
                ("affiliation", ""),
                ("password", PASSWORD),
            ],
            "display_name",
        ),
        (
            &[
                ("email", "ada@example.org"),
                ("display_name", "Ada"),
                ("affiliation", &"x".repeat(121)),
                ("password", PASSWORD),
            ],
            "affiliation",
        ),
        (
            &[
                ("email", "ada@example.org"),
                ("display_name", "Ada"),
                ("affiliation", ""),
                ("password", "short"),
            ],
            "password",
        ),
    ];
    for (form, field) in cases {
        match error_of(post(&app, &client, "sign_up", form).await).await {
            AppError::Invalid { field: got, .. } => assert_eq!(got, field),
            other => panic!("expected Invalid {field}, got {other:?}"),
        }
    }
    assert_eq!(
        sign_up(&app, &client, "ada@example.org").await.status(),
        200
    );
    match error_of(sign_up(&app, &TestApp::new_client(), "ADA@example.org").await).await {
        AppError::Invalid { field, message } => {
            assert_eq!(field, "email");
            assert!(message.contains("already exists"), "{message}");
        }
        other => panic!("expected a taken email, got {other:?}"),
    }
    app.stop().await;
}

async fn another_site_cannot_act_for_a_signed_in_user(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = TestApp::new_client();
    sign_up(&app, &client, "ada@example.org").await;
    let host = app.address.trim_start_matches("http://").to_owned();

    let forged = client
        .post(format!("{}/api/sign_out", app.address))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let other_scheme = client
        .post(format!("{}/api/sign_out", app.address))
        .header("origin", format!("https://{host}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        other_scheme.status(),
        403,
        "https://{host} is another origin"
    );
    let from_a_page_elsewhere = client
        .post(format!("{}/api/sign_out", app.address))
        .header("sec-fetch-site", "cross-site")
        .header("origin", format!("http://{host}"))
        .send()
        .await
        .unwrap();
    assert_eq!(from_a_page_elsewhere.status(), 403);
    assert!(app.current_user(&client).await.is_some(), "still signed in");

    let own_page = client
        .post(format!("{}/api/sign_out", app.address))
        .header("origin", format!("http://{host}"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(own_page.status(), 200);
    assert!(app.current_user(&client).await.is_none());
    app.stop().await;
}

async fn a_participant_edits_their_profile(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, client) = app.account("ada@example.org", false).await;
    let form = [
        ("display_name", "  Ada  King "),
        ("affiliation", "Analytical Engines"),
    ];
    let response = post(&app, &client, "update_profile", &form).await;
    assert_eq!(response.status(), 200);
    let user = app.current_user(&client).await.unwrap();
    assert_eq!(
        (
            user.display_name.as_str(),
            user.affiliation.as_str(),
            user.listed
        ),
        ("Ada King", "Analytical Engines", false),
        "an unticked box hides them from attendee lists"
    );

    let form = [
        ("display_name", "Ada"),
        ("affiliation", ""),
        ("listed", "on"),
    ];
    post(&app, &client, "update_profile", &form).await;
    assert!(app.current_user(&client).await.unwrap().listed);

    let form = [("display_name", ""), ("affiliation", "")];
    let refused = post(&app, &client, "update_profile", &form).await;
    assert_eq!(refused.status(), 400);
    match error_of(refused).await {
        AppError::Invalid { field, .. } => assert_eq!(field, "display_name"),
        other => panic!("expected a name error, got {other:?}"),
    }
    assert_eq!(app.current_user(&client).await.unwrap().display_name, "Ada");
    app.stop().await;
}

async fn changing_the_password_needs_the_current_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, client) = app.account("ada@example.org", false).await;
    let new = "a brand new passphrase";
    let wrong = [
        ("current_password", "not my password"),
        ("new_password", new),
    ];
    match error_of(post(&app, &client, "change_password", &wrong).await).await {
        AppError::Invalid { field, .. } => assert_eq!(field, "current_password"),
        other => panic!("expected a current-password error, got {other:?}"),
    }
    let right = [("current_password", PASSWORD), ("new_password", new)];
    assert_eq!(
        post(&app, &client, "change_password", &right)
            .await
            .status(),
        200
    );
    assert!(app.current_user(&client).await.is_some(), "still signed in");

    let other = TestApp::new_client();
    let old = sign_in(&app, &other, "ada@example.org", PASSWORD).await;
    assert_eq!(old.status(), 400, "the old password no longer works");
    assert_eq!(
        sign_in(&app, &other, "ada@example.org", new).await.status(),
        200
    );
    app.stop().await;
}

async fn sign_in_attempts_are_limited_per_account(backend: Backend) {
    let app = TestApp::spawn_with_attempts(backend, 3).await;
    sign_up(&app, &TestApp::new_client(), "ada@example.org").await;
    let client = TestApp::new_client();
    // The sign-up was the account's first attempt of the minute.
    for _ in 0..2 {
        let guess = sign_in(&app, &client, "ada@example.org", "a wrong guess!").await;
        assert_eq!(guess.status(), 400);
    }
    let refused = sign_in(&app, &client, "ADA@example.org", PASSWORD).await;
    assert_eq!(refused.status(), 429, "even the right password waits");
    match error_of(refused).await {
        error @ AppError::TooManyRequests(seconds) => {
            assert!((1..=60).contains(&seconds), "{seconds}");
            assert!(error.to_string().contains("Please wait"), "{error}");
        }
        other => panic!("expected a wait, got {other:?}"),
    }
    let other = sign_in(&app, &client, "bob@example.org", PASSWORD).await;
    assert_eq!(other.status(), 400, "another account is not locked");
    app.stop().await;
}

/// Posts `form` to `function` as a plain form (no JavaScript) and returns where it redirects.
async fn plain_form_goes_to(app: &TestApp, function: &str, form: &[(&str, &str)]) -> String {
    let response = TestApp::new_client()
        .post(format!("{}/api/{function}", app.address))
        .header("accept", "text/html")
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let location = response.headers().get("location").cloned();
    let body = response.text().await.unwrap();
    assert!(status.is_redirection(), "{function}: {status} {body}");
    location.unwrap().to_str().unwrap().to_owned()
}

async fn signing_in_or_up_returns_to_the_page_that_asked_and_only_on_this_site(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let proposing = "/events/london-2014/topics?sort=new&q=arm";
    let signed_up = plain_form_goes_to(
        &app,
        "sign_up",
        &[
            ("email", "ada@example.org"),
            ("display_name", "Ada Lovelace"),
            ("affiliation", ""),
            ("password", PASSWORD),
            ("return_to", proposing),
        ],
    )
    .await;
    assert_eq!(signed_up, proposing);
    for (asked, lands) in [
        (
            "/events/london-2014/topics/new",
            "/events/london-2014/topics/new",
        ),
        ("//evil.example/phish", "/"),
        ("/\\evil.example/phish", "/"),
        ("https://evil.example/phish", "/"),
        ("", "/"),
    ] {
        let form = [
            ("email", "ada@example.org"),
            ("password", PASSWORD),
            ("return_to", asked),
        ];
        assert_eq!(
            plain_form_goes_to(&app, "sign_in", &form).await,
            lands,
            "{asked:?}"
        );
    }
    let form = [("email", "ada@example.org"), ("password", PASSWORD)];
    assert_eq!(plain_form_goes_to(&app, "sign_in", &form).await, "/");

    // The page keeps where to go in its form, escaped like any other text.
    let (status, page) = app.page("/signin?return_to=/events/x%22%3E%3Cb%3E").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"name="return_to" value="/events/x&quot;&gt;&lt;b&gt;""#),
        "{page}"
    );
    app.stop().await;
}
