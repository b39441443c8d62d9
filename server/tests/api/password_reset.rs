//! Forgotten passwords: the emailed link, read from the outbox as an admin would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{error_of, Backend, TestApp, PASSWORD};
use hackboard_app::error::AppError;
use hackboard_app::model::OutboxMail;
use hackboard_app::server::{token_hash, NewReset};

on_both_backends!(
    a_reset_link_works_once_and_signs_in,
    unknown_emails_get_the_same_answer_and_no_mail,
    an_expired_link_is_refused,
    admins_read_the_outbox,
);

const NEW_PASSWORD: &str = "a fresh passphrase";

async fn request(app: &TestApp, email: &str) -> reqwest::Response {
    let client = TestApp::new_client();
    app.post(&client, "request_password_reset", &[("email", email)])
        .await
}

/// The token of the newest reset link in the outbox.
async fn token_in_outbox(app: &TestApp) -> String {
    let mail = app.store.list_mail(1).await.unwrap().remove(0);
    let start = mail.body.find("?token=").expect("a link") + "?token=".len();
    mail.body[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

async fn reset(
    app: &TestApp,
    client: &reqwest::Client,
    token: &str,
    password: &str,
) -> reqwest::Response {
    let form = [("token", token), ("new_password", password)];
    app.post(client, "reset_password", &form).await
}

async fn a_reset_link_works_once_and_signs_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.account("ada@example.org", false).await;
    assert_eq!(request(&app, " Ada@Example.org ").await.status(), 200);
    let mail = &app.store.list_mail(10).await.unwrap()[0];
    assert_eq!(mail.recipient, "ada@example.org");
    assert!(
        mail.body
            .contains("http://hackboard.test/password/reset?token="),
        "{}",
        mail.body
    );
    assert_eq!(mail.sent_at, None, "no SMTP in tests: it stays queued");
    let token = token_in_outbox(&app).await;

    let client = TestApp::new_client();
    match error_of(reset(&app, &client, &token, "short").await).await {
        AppError::Invalid { field, .. } => assert_eq!(field, "new_password"),
        other => panic!("expected a password error, got {other:?}"),
    }
    let done = reset(&app, &client, &token, NEW_PASSWORD).await;
    assert_eq!(
        done.status(),
        200,
        "a too-short try did not use up the link"
    );
    let me = app.current_user(&client).await.unwrap();
    assert_eq!(me.email, "ada@example.org");

    let again = reset(
        &app,
        &TestApp::new_client(),
        &token,
        "yet another passphrase",
    )
    .await;
    match error_of(again).await {
        AppError::Invalid { field, .. } => assert_eq!(field, "token"),
        other => panic!("expected a used link, got {other:?}"),
    }
    let old = [("email", "ada@example.org"), ("password", PASSWORD)];
    assert_eq!(
        app.post(&TestApp::new_client(), "sign_in", &old)
            .await
            .status(),
        400
    );
    let new = [("email", "ada@example.org"), ("password", NEW_PASSWORD)];
    assert_eq!(
        app.post(&TestApp::new_client(), "sign_in", &new)
            .await
            .status(),
        200
    );
    app.stop().await;
}

async fn unknown_emails_get_the_same_answer_and_no_mail(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = request(&app, "nobody@example.org").await;
    assert_eq!(response.status(), 200);
    assert!(app.store.list_mail(10).await.unwrap().is_empty());
    match error_of(request(&app, "not an email").await).await {
        AppError::Invalid { field, .. } => assert_eq!(field, "email"),
        other => panic!("expected an email error, got {other:?}"),
    }
    app.stop().await;
}

async fn an_expired_link_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (user, _) = app.account("ada@example.org", false).await;
    let stale = NewReset {
        token_hash: token_hash("stale-token"),
        user_id: user.id,
        expires_at: chrono::Utc::now().timestamp() - 1,
    };
    app.store.insert_reset(&stale).await.unwrap();
    let refused = reset(&app, &TestApp::new_client(), "stale-token", NEW_PASSWORD).await;
    assert!(matches!(error_of(refused).await, AppError::Invalid { field, .. } if field == "token"));
    app.stop().await;
}

async fn admins_read_the_outbox(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, admin) = app.account("root@example.org", true).await;
    app.account("ada@example.org", false).await;
    request(&app, "ada@example.org").await;
    let url = format!("{}/api/list_outbox", app.address);
    let mails: Vec<OutboxMail> = admin.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Reset your Hackboard password");
    let (status, page) = {
        let response = admin
            .get(format!("{}/admin/outbox", app.address))
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(page.contains("Reset your Hackboard password") && page.contains("ada@example.org"));
    app.stop().await;
}
