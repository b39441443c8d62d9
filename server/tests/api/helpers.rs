//! Spawning the app on a free port with a fresh database, and a client to talk to it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hackboard_app::server::Store;
use hackboard_server::config::{leptos_options, Config};
use hackboard_server::db::{self, DatabaseUrl};
use hackboard_server::startup::Application;
use sqlx::{Connection, Executor};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use tokio::sync::oneshot;

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running app with its own database; call `stop` at the end of the test.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub store: Arc<dyn Store>,
    database: TestDatabase,
    shutdown: oneshot::Sender<()>,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
}

pub struct TestDatabase {
    pub url: DatabaseUrl,
    /// SQLite: the folder holding the file. PostgreSQL: the server URL and database name.
    _folder: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let folder = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}/test.db", folder.path().display());
                TestDatabase {
                    url: DatabaseUrl::Sqlite(url),
                    _folder: Some(folder),
                    postgres: None,
                }
            }
            Backend::Postgres => {
                let server = std::env::var("HACKBOARD_TEST_POSTGRES_URL").expect(
                    "HACKBOARD_TEST_POSTGRES_URL is not set: run scripts/test.sh, which starts a \
                     throwaway PostgreSQL, or point it at a server you may create databases on",
                );
                let name = unique_name();
                let mut conn = sqlx::PgConnection::connect(&server).await.unwrap();
                conn.execute(format!(r#"CREATE DATABASE "{name}""#).as_str())
                    .await
                    .unwrap();
                let url = match server.rsplit_once('/') {
                    Some((base, _)) => format!("{base}/{name}"),
                    None => panic!("HACKBOARD_TEST_POSTGRES_URL needs a database part"),
                };
                TestDatabase {
                    url: DatabaseUrl::Postgres(url),
                    _folder: None,
                    postgres: Some((server, name)),
                }
            }
        }
    }

    /// Runs one statement behind the app's back, as a broken or hostile database would.
    pub async fn execute(&self, statement: &str) {
        match &self.url {
            DatabaseUrl::Sqlite(url) => {
                let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
                conn.execute(statement).await.unwrap();
            }
            DatabaseUrl::Postgres(url) => {
                let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
                conn.execute(statement).await.unwrap();
            }
        }
    }

    pub async fn drop(self) {
        if let Some((server, name)) = self.postgres {
            let mut conn = sqlx::PgConnection::connect(&server).await.unwrap();
            conn.execute(format!(r#"DROP DATABASE "{name}" WITH (FORCE)"#).as_str())
                .await
                .unwrap();
        }
    }
}

fn unique_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "hackboard_test_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

impl TestApp {
    /// Starts the app on a fresh, empty database.
    pub async fn spawn(backend: Backend) -> Self {
        let database = TestDatabase::create(backend).await;
        let config = Config {
            database: database.url.clone(),
            leptos: leptos_options("127.0.0.1:0".parse().unwrap(), "target/site"),
            secure_cookies: false,
        };
        let opened = db::open(&config.database).await.unwrap();
        let store = opened.store.clone();
        let app = Application::build(&config, &opened).await.unwrap();
        let address = format!("http://{}", app.addr());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until_stopped(async {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp {
            address,
            client,
            store,
            database,
            shutdown,
            server,
        }
    }

    /// A browser of its own: its own cookies, no redirects followed.
    pub fn new_client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// Starts the app with the demo events loaded.
    pub async fn spawn_with_demo(backend: Backend) -> Self {
        let app = Self::spawn(backend).await;
        hackboard_server::demo::load(app.store.as_ref())
            .await
            .unwrap();
        app
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    /// GETs a page and returns its status and body.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    pub fn database(&self) -> &TestDatabase {
        &self.database
    }

    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        self.server.await.unwrap().unwrap();
        drop(self.store);
        self.database.drop().await;
    }
}
