//! Email through a real SMTP server, the one `scripts/smtp.sh` starts for the tests: a message
//! goes out through lettre and is marked sent; one the server could not take shows in the
//! admins' outbox with the reason, and goes out on a later try.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{eventually, Backend, TestApp};
use hackboard_app::model::OutboxMail;
use hackboard_server::config::Smtp;
use std::path::PathBuf;
use std::time::Duration;

on_both_backends!(
    an_email_goes_out_through_smtp_and_is_marked_sent,
    a_failed_email_is_shown_in_the_outbox_and_sent_on_a_later_try,
);

/// The test mail server's URL and the folder it writes each message to.
fn mail_server() -> (String, PathBuf) {
    let var = |name| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{name} is not set: run scripts/test.sh, or `source scripts/smtp.sh` first")
        })
    };
    (
        var("HACKBOARD_TEST_SMTP_URL"),
        var("HACKBOARD_TEST_SMTP_DIR").into(),
    )
}

fn smtp(url: String) -> Option<Smtp> {
    Some(Smtp {
        url,
        from: "Hackboard <hackboard@test.example>".into(),
    })
}

/// An address no other test uses, so the shared mail folder tells its messages apart.
fn recipient(backend: Backend) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("mail-{backend:?}-{nanos}@example.org").to_lowercase()
}

/// The message the mail server received for `to`, if it has.
fn received(dir: &PathBuf, to: &str) -> Option<String> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "eml"))
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .find(|message| message.contains(to))
}

async fn reset_mail(app: &TestApp, to: &str) -> Option<OutboxMail> {
    let list = app.store.list_mail(100).await.unwrap();
    list.into_iter().find(|mail| mail.recipient == to)
}

async fn ask_for_a_reset(app: &TestApp, to: &str) {
    app.account(to, false).await;
    let client = TestApp::new_client();
    let asked = app
        .post(&client, "request_password_reset", &[("email", to)])
        .await;
    assert_eq!(asked.status(), 200);
}

async fn an_email_goes_out_through_smtp_and_is_marked_sent(backend: Backend) {
    let (url, dir) = mail_server();
    let app = TestApp::spawn_with(backend, |config| config.smtp = smtp(url)).await;
    let to = recipient(backend);
    ask_for_a_reset(&app, &to).await;

    eventually("the message reaches the mail server", || async {
        received(&dir, &to).is_some()
    })
    .await;
    let message = received(&dir, &to).unwrap();
    assert!(
        message.contains("From: Hackboard <hackboard@test.example>"),
        "{message}"
    );
    assert!(message.contains("?token="), "{message}");
    eventually("the outbox marks it sent", || async {
        reset_mail(&app, &to)
            .await
            .is_some_and(|mail| mail.sent_at.is_some())
    })
    .await;
    let mail = reset_mail(&app, &to).await.unwrap();
    assert_eq!((mail.attempts, mail.retry_at), (1, None), "{mail:?}");
    app.stop().await;
}

async fn a_failed_email_is_shown_in_the_outbox_and_sent_on_a_later_try(backend: Backend) {
    let (url, dir) = mail_server();
    // A port nobody answers on, for now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::spawn_with(backend, |config| {
        config.smtp = smtp(format!("smtp://127.0.0.1:{port}"));
        config.mail_retry_every = Duration::from_millis(100);
    })
    .await;
    let to = recipient(backend);
    ask_for_a_reset(&app, &to).await;
    eventually("the failed attempt is recorded", || async {
        reset_mail(&app, &to)
            .await
            .is_some_and(|mail| mail.attempts == 1)
    })
    .await;
    let failed = reset_mail(&app, &to).await.unwrap();
    assert!(
        failed.sent_at.is_none() && failed.last_error.is_some(),
        "{failed:?}"
    );
    // The next try waits a minute.
    let wait = failed.retry_at.unwrap() - chrono::Utc::now().timestamp();
    assert!((50..=60).contains(&wait), "{failed:?}");

    let (_, admin) = app.account("admin@example.org", true).await;
    let outbox = admin
        .get(format!("{}/admin/outbox", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        outbox.contains("Not sent: 1 attempt failed; next try"),
        "{outbox}"
    );
    assert!(outbox.contains("The mail server said:"), "{outbox}");

    // The mail server is back on that port, and the wait is over.
    let forward = forward(port, &url).await;
    app.database()
        .execute("UPDATE outbox SET retry_at = 0 WHERE sent_at IS NULL")
        .await;
    eventually("the later try reaches the mail server", || async {
        received(&dir, &to).is_some()
    })
    .await;
    eventually("the outbox marks it sent", || async {
        reset_mail(&app, &to)
            .await
            .is_some_and(|mail| mail.sent_at.is_some())
    })
    .await;
    let sent = reset_mail(&app, &to).await.unwrap();
    assert_eq!((sent.attempts, sent.retry_at), (2, None), "{sent:?}");
    forward.abort();
    app.stop().await;
}

/// Passes every connection to `port` on to the test mail server at `url`.
async fn forward(port: u16, url: &str) -> tokio::task::JoinHandle<()> {
    let target = url.trim_start_matches("smtp://").to_owned();
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            let target = target.clone();
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    })
}
