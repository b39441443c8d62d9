//! The real binary killed with SIGKILL in the middle of a write load: after a restart every
//! comment it acknowledged is there. On SQLite a backup taken during the load is consistent
//! and restores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{Backend, TestApp, TestDatabase, OPEN_SLUG, PASSWORD};
use hackboard_app::model::TopicPage;
use hackboard_app::server::topics;
use hackboard_server::db::DatabaseUrl;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

on_both_backends!(acknowledged_comments_survive_sigkill);

const EMAIL: &str = "writer@hackboard.test";

fn url_of(database: &TestDatabase) -> String {
    match &database.url {
        DatabaseUrl::Sqlite(url) | DatabaseUrl::Postgres(url) => url.clone(),
    }
}

/// Starts `hackboard serve` on `database` and returns it with the address it serves at.
async fn serve(database: &TestDatabase) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hackboard"))
        .arg("serve")
        .env("DATABASE_URL", url_of(database))
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("the server printed its address");
        if let Some(address) = line.strip_prefix("Hackboard is serving at ") {
            return (child, address.trim().to_owned());
        }
    }
}

async fn signed_in(address: &str) -> reqwest::Client {
    let client = TestApp::new_client();
    let response = client
        .post(format!("{address}/api/sign_in"))
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    client
}

async fn acknowledged_comments_survive_sigkill(backend: Backend) {
    // An open event with one topic, then the in-process server steps aside for the binary.
    let app = TestApp::spawn_with_open_event(backend).await;
    let (writer, _) = app.account(EMAIL, false).await;
    let form = crate::helpers::topic_form("Crash-proof storage");
    let topic = topics::propose(&app.state, Some(writer), OPEN_SLUG, &form)
        .await
        .unwrap();
    let database = app.keep_database().await;

    let (mut server, address) = serve(&database).await;
    let client = signed_in(&address).await;
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let mut writers = Vec::new();
    for writer in 0..8 {
        let (client, address, acknowledged) =
            (client.clone(), address.clone(), Arc::clone(&acknowledged));
        writers.push(tokio::spawn(async move {
            for n in 0.. {
                let body = format!("comment {writer}-{n}");
                let form = [
                    ("slug", OPEN_SLUG.to_owned()),
                    ("on", format!("topic:{topic}")),
                    ("body", body.clone()),
                ];
                let sent = client
                    .post(format!("{address}/api/add_comment"))
                    .form(&form)
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status() == 200 => {
                        acknowledged.lock().unwrap().push(body)
                    }
                    Ok(response) => panic!("refused: {}", response.status()),
                    // The server is gone: this one was never acknowledged.
                    Err(_) => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.start_kill().unwrap();
    server.wait().await.unwrap();
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 20,
        "only {} writes before the kill",
        acknowledged.len()
    );

    let (mut server, address) = serve(&database).await;
    let page: TopicPage = TestApp::new_client()
        .get(format!(
            "{address}/api/get_topic?slug={OPEN_SLUG}&topic_id={topic}"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored: Vec<&str> = page.comments.iter().map(|c| c.markdown.as_str()).collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|b| !stored.contains(&b.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged comments lost: {lost:?}",
        lost.len(),
        acknowledged.len()
    );
    server.start_kill().unwrap();
    server.wait().await.unwrap();
    database.drop().await;
}
