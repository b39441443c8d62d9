//! The real binary killed with SIGKILL in the middle of a write load: after a restart every
//! comment it acknowledged is there. On SQLite a backup taken during the load is consistent
//! and restores in place of the database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{Backend, TestApp, TestDatabase, OPEN_SLUG, PASSWORD};
use hackboard_app::model::TopicPage;
use hackboard_app::server::topics;
use hackboard_server::db::DatabaseUrl;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::task::JoinHandle;

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

/// An open event with one topic, then the in-process server steps aside for the binary.
async fn database_with_topic(backend: Backend, title: &str) -> (TestDatabase, i64) {
    let app = TestApp::spawn_with_open_event(backend).await;
    let (writer, _) = app.account(EMAIL, false).await;
    let form = crate::helpers::topic_form(title);
    let topic = topics::propose(&app.state, Some(writer), OPEN_SLUG, &form)
        .await
        .unwrap();
    (app.keep_database().await, topic)
}

/// Signed-in writers posting "comment W-N" on a topic until stopped or the server is gone.
struct Writers {
    stop: Arc<AtomicBool>,
    acknowledged: Arc<Mutex<Vec<String>>>,
    handles: Vec<JoinHandle<()>>,
}

impl Writers {
    async fn start(address: &str, topic: i64, count: usize) -> Writers {
        let client = signed_in(address).await;
        let stop = Arc::new(AtomicBool::new(false));
        let acknowledged = Arc::new(Mutex::new(Vec::new()));
        let handles = (0..count)
            .map(|writer| {
                let (client, address) = (client.clone(), address.to_owned());
                let (stop, acknowledged) = (Arc::clone(&stop), Arc::clone(&acknowledged));
                tokio::spawn(async move {
                    let mut n = 0;
                    while !stop.load(Ordering::Relaxed) {
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
                        n += 1;
                    }
                })
            })
            .collect();
        Writers {
            stop,
            acknowledged,
            handles,
        }
    }

    fn acknowledged(&self) -> usize {
        self.acknowledged.lock().unwrap().len()
    }

    /// Returns once `n` writes in all are acknowledged, however long a busy machine takes.
    async fn until_acknowledged(&self, n: usize) {
        let waited = tokio::time::timeout(Duration::from_secs(120), async {
            while self.acknowledged() < n {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await;
        assert!(
            waited.is_ok(),
            "only {} of {n} writes acknowledged",
            self.acknowledged()
        );
    }

    /// Stops the writers (if the server has not) and returns what was acknowledged.
    async fn finish(self) -> Vec<String> {
        self.stop.store(true, Ordering::Relaxed);
        for handle in self.handles {
            handle.await.unwrap();
        }
        self.acknowledged.lock().unwrap().clone()
    }
}

async fn kill(mut server: Child) {
    server.start_kill().unwrap();
    server.wait().await.unwrap();
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

async fn acknowledged_comments_survive_sigkill(backend: Backend) {
    let (database, topic) = database_with_topic(backend, "Crash-proof storage").await;
    let (server, address) = serve(&database).await;
    let writers = Writers::start(&address, topic, 8).await;
    writers.until_acknowledged(40).await;
    kill(server).await;
    let acknowledged = writers.finish().await;

    let (server, address) = serve(&database).await;
    let stored = comments(&address, topic).await;
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|body| !stored.contains(body))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged comments lost: {lost:?}",
        lost.len(),
        acknowledged.len()
    );
    kill(server).await;
    database.drop().await;
}

#[tokio::test]
async fn a_backup_taken_under_write_load_is_consistent_and_restores() {
    let (database, topic) = database_with_topic(Backend::Sqlite, "Backed-up storage").await;
    let folder = tempfile::tempdir().unwrap();
    let backup = folder.path().join("backup.db");
    let backup_arg = backup.to_str().unwrap();

    let (server, address) = serve(&database).await;
    let writers = Writers::start(&address, topic, 4).await;
    writers.until_acknowledged(20).await;
    let before = writers.acknowledged();
    let made = hackboard(&database, &["backup", backup_arg]).await;
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    // Writes go on after the backup ended; none of them may be in it.
    writers
        .until_acknowledged(writers.acknowledged() + 10)
        .await;
    let all = writers.finish().await.len();

    // Not while the server runs: it would go on writing to the file it has open.
    let refused = hackboard(&database, &["restore", backup_arg]).await;
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("stop it, then restore"));
    kill(server).await;

    let restored = hackboard(&database, &["restore", backup_arg]).await;
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(String::from_utf8_lossy(&restored.stdout).contains("is kept as"));
    let (server, address) = serve(&database).await;
    let kept = comments(&address, topic).await;
    // Everything acknowledged before the backup began, nothing after it ended, no gaps.
    assert!(
        kept.len() >= before && kept.len() < all,
        "{before} ≤ {} < {all}",
        kept.len()
    );
    assert!(no_gaps(&kept), "{kept:?}");
    kill(server).await;
}
