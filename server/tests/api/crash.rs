//! The real binary killed with SIGKILL in the middle of a write load: after a restart every
//! comment it acknowledged is there. On SQLite a backup taken during the load is consistent
//! and restores in place of the database.
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

/// Runs the binary to completion with `DATABASE_URL` set to `database`.
async fn hackboard(database: &TestDatabase, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hackboard"))
        .args(args)
        .env("DATABASE_URL", url_of(database))
        .env("RUST_LOG", "warn")
        .output()
        .await
        .unwrap()
}

/// Comments "comment W-N" by writer W: true when each writer's are 0..k with none missing.
fn no_gaps(bodies: &[String]) -> bool {
    let mut by_writer: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
    for body in bodies {
        let (writer, n) = body.trim_start_matches("comment ").split_once('-').unwrap();
        by_writer
            .entry(writer)
            .or_default()
            .push(n.parse().unwrap());
    }
    by_writer.values_mut().all(|ns| {
        ns.sort_unstable();
        ns.iter().enumerate().all(|(i, n)| *n as usize == i)
    })
}

async fn comments(address: &str, topic: i64) -> Vec<String> {
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
    page.comments.into_iter().map(|c| c.markdown).collect()
}

#[tokio::test]
async fn a_backup_taken_under_write_load_is_consistent_and_restores() {
    let app = TestApp::spawn_with_open_event(Backend::Sqlite).await;
    let (writer, _) = app.account(EMAIL, false).await;
    let form = crate::helpers::topic_form("Backed-up storage");
    let topic = topics::propose(&app.state, Some(writer), OPEN_SLUG, &form)
        .await
        .unwrap();
    let database = app.keep_database().await;
    let folder = tempfile::tempdir().unwrap();
    let backup = folder.path().join("backup.db");
    let backup_arg = backup.to_str().unwrap();

    let (mut server, address) = serve(&database).await;
    let client = signed_in(&address).await;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let mut writers = Vec::new();
    for writer in 0..4 {
        let (client, address) = (client.clone(), address.clone());
        let (stop, acknowledged) = (Arc::clone(&stop), Arc::clone(&acknowledged));
        writers.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let body = format!("comment {writer}-{n}");
                let form = [
                    ("slug", OPEN_SLUG.to_owned()),
                    ("on", format!("topic:{topic}")),
                    ("body", body.clone()),
                ];
                let response = client
                    .post(format!("{address}/api/add_comment"))
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
                acknowledged.lock().unwrap().push(body);
                n += 1;
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = acknowledged.lock().unwrap().len();
    let made = hackboard(&database, &["backup", backup_arg]).await;
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for writer in writers {
        writer.await.unwrap();
    }
    let all = acknowledged.lock().unwrap().len();

    // Not while the server runs: it would go on writing to the file it has open.
    let refused = hackboard(&database, &["restore", backup_arg]).await;
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("stop it, then restore"));
    server.start_kill().unwrap();
    server.wait().await.unwrap();

    let restored = hackboard(&database, &["restore", backup_arg]).await;
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(String::from_utf8_lossy(&restored.stdout).contains("is kept as"));
    let (mut server, address) = serve(&database).await;
    let kept = comments(&address, topic).await;
    // Everything acknowledged before the backup began, nothing after it ended, no gaps.
    assert!(
        kept.len() >= before && kept.len() < all,
        "{before} ≤ {} < {all}",
        kept.len()
    );
    assert!(no_gaps(&kept), "{kept:?}");
    server.start_kill().unwrap();
    server.wait().await.unwrap();
}
