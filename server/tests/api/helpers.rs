//! Spawning the app on a free port with a fresh database, and a client to talk to it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hackboard_app::error::AppError;
use hackboard_app::model::{Board, EditableEvent, EventForm, TopicForm, User};
use hackboard_app::server::accounts::{create_account, AccountForm};
use hackboard_app::server::{AppState, Store};
use hackboard_server::config::{leptos_options, Config, Limits};
use hackboard_server::db::{self, DatabaseUrl};
use hackboard_server::startup::Application;
use sqlx::{Connection, Executor};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

/// The password of every account the tests create.
pub const PASSWORD: &str = "correct horse battery";

/// An event happening today (`spawn_with_open_event`): its topics, votes and registration are
/// open, unlike the archived demo event's.
pub const OPEN_SLUG: &str = "hack-open";
/// An empty event a few weeks ahead, with the 40 places and open registration of a new event.
pub const FUTURE_SLUG: &str = "hack-future";

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
    /// What the server's services see, for setting up data as the app itself would.
    pub state: AppState,
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
        Self::spawn_with_attempts(backend, 1000).await
    }

    /// Starts the app allowing `attempts_per_minute` sign-ins per account.
    pub async fn spawn_with_attempts(backend: Backend, attempts_per_minute: u32) -> Self {
        Self::spawn_with(backend, |config| {
            config.attempts_per_minute = attempts_per_minute
        })
        .await
    }

    /// Starts the app on a fresh, empty database, with the tests' configuration changed by
    /// `configure`.
    pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut Config)) -> Self {
        let database = TestDatabase::create(backend).await;
        let mut config = Config {
            database: database.url.clone(),
            leptos: leptos_options("127.0.0.1:0".parse().unwrap(), "target/site"),
            secure_cookies: false,
            attempts_per_minute: 1000,
            live_per_ip: 8,
            public_url: "http://hackboard.test".into(),
            smtp: None,
            limits: Limits {
                header_timeout: Duration::from_secs(1),
                request_timeout: Duration::from_secs(5),
                max_connections: 400,
                ..Limits::default()
            },
            // As behind a proxy on the same machine; requests without `X-Forwarded-For` are
            // the proxy's own, so tests that do not send it see 127.0.0.1 as before.
            trusted_proxies: vec![std::net::Ipv4Addr::LOCALHOST.into()],
            chores_every: hackboard_server::reminders::EVERY,
            mail_retry_every: std::time::Duration::from_secs(30),
        };
        configure(&mut config);
        let opened = db::open(&config.database).await.unwrap();
        let store = opened.store.clone();
        let state = hackboard_server::startup::app_state(&config, &opened).unwrap();
        let app = Application::build(&config, &opened).await.unwrap();
        let address = format!("http://{}", app.addr());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until_stopped(async {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        TestApp {
            address,
            client,
            store,
            state,
            database,
            shutdown,
            server,
        }
    }

    /// A browser of its own: its own cookies, no redirects followed.
    ///
    /// It never keeps a connection for the next request: the test server closes idle ones after
    /// its 1 s header timeout, and a pooled connection reused just as the server closes it fails
    /// the request (seen after a slow Argon2 sign-in).
    pub fn new_client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .build()
            .unwrap()
    }

    /// Starts the app with the demo events loaded.
    pub async fn spawn_with_demo(backend: Backend) -> Self {
        let app = Self::spawn(backend).await;
        hackboard_server::demo::load(&app.state).await.unwrap();
        app
    }

    /// Starts the app with the demo events and `FUTURE_SLUG`, an empty event four weeks after the
    /// demo's upcoming one, which already has registrations (and so reminders to send).
    pub async fn spawn_with_future_event(backend: Backend) -> Self {
        let app = Self::spawn_with_demo(backend).await;
        let upcoming = hackboard_server::demo::upcoming(chrono::Utc::now().date_naive());
        let later = chrono::Days::new(28);
        let future = hackboard_app::model::EventDetails {
            slug: FUTURE_SLUG.into(),
            title: "Future Hackathon".into(),
            starts_on: upcoming.starts_on + later,
            ends_on: upcoming.ends_on + later,
            social_on: None,
            ..upcoming
        };
        app.store.insert_event(&future).await.unwrap().unwrap();
        app
    }

    /// Starts the app with the demo events and `OPEN_SLUG`, an empty event running today at
    /// the archived one's venue.
    pub async fn spawn_with_open_event(backend: Backend) -> Self {
        let app = Self::spawn_with_demo(backend).await;
        let today = chrono::Utc::now().date_naive();
        let open = hackboard_app::model::EventDetails {
            slug: OPEN_SLUG.into(),
            title: "Open Hackathon".into(),
            starts_on: today - chrono::Days::new(1),
            ends_on: today + chrono::Days::new(1),
            social_on: None,
            ..hackboard_server::demo::london_2014()
        };
        app.store.insert_event(&open).await.unwrap().unwrap();
        app
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    /// GETs a page and returns its status and body, without the empty comments (`<!>`) that
    /// mark where Leptos hydrates text: nobody sees them, and they split what people read.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .unwrap_or_else(|e| panic!("GET {path} answered {status}, then its body failed: {e}"));
        (status, body.replace("<!>", ""))
    }

    /// GETs a page as `client` (its cookies, so its account) and returns the body as `page`
    /// does; anything but 200 fails the test with the status and body seen.
    pub async fn page_as(&self, client: &reqwest::Client, path: &str) -> String {
        let response = client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path} failed: {e}"));
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .unwrap_or_else(|e| panic!("GET {path} answered {status}, then its body failed: {e}"));
        assert_eq!(status, 200, "GET {path} answered {status}: {body}");
        body.replace("<!>", "")
    }

    /// Posts a form to a server function, as a browser with JavaScript does.
    pub async fn post<K: AsRef<str>, V: AsRef<str>>(
        &self,
        client: &reqwest::Client,
        function: &str,
        form: &[(K, V)],
    ) -> reqwest::Response {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
        client
            .post(format!("{}/api/{function}", self.address))
            .form(&pairs)
            .send()
            .await
            .unwrap()
    }

    /// Creates an account as `hackboard user create` would, and a client signed in with it.
    pub async fn account(&self, email: &str, admin: bool) -> (User, reqwest::Client) {
        let form = AccountForm {
            email: email.into(),
            display_name: email.split('@').next().unwrap().into(),
            affiliation: String::new(),
            password: PASSWORD.into(),
        };
        let user = create_account(&self.state, form, admin).await.unwrap();
        let client = Self::new_client();
        self.sign_in(&client, email).await;
        (user, client)
    }

    pub async fn sign_in(&self, client: &reqwest::Client, email: &str) {
        let form = [("email", email), ("password", PASSWORD)];
        let response = self.post(client, "sign_in", &form).await;
        assert_eq!(response.status(), 200, "{email} signs in");
    }

    /// Who `client` is signed in as.
    pub async fn current_user(&self, client: &reqwest::Client) -> Option<User> {
        let url = format!("{}/api/current_user", self.address);
        client.get(url).send().await.unwrap().json().await.unwrap()
    }

    /// Makes `user_id` an organiser of the event with `slug`.
    pub async fn make_organiser(&self, slug: &str, user_id: i64) {
        let event = self.store.find_event(slug).await.unwrap().unwrap();
        self.store
            .insert_organiser(event.id, user_id)
            .await
            .unwrap();
    }

    pub fn database(&self) -> &TestDatabase {
        &self.database
    }

    /// Stops the server and hands over its database, for a test that serves it otherwise.
    pub async fn keep_database(self) -> TestDatabase {
        let _ = self.shutdown.send(());
        self.server.await.unwrap().unwrap();
        drop(self.store);
        drop(self.state);
        self.database
    }

    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        self.server.await.unwrap().unwrap();
        drop(self.store);
        drop(self.state);
        self.database.drop().await;
    }
}

/// The error a failed call answered with.
/// Waits until `check` holds, asking again every 50 ms for at most 20 s; a background task
/// is then done, however busy the machine. Panics with `what` if it never holds.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never happened: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn error_of(response: reqwest::Response) -> AppError {
    assert!(!response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

/// The editor's fields for `form`, named as the page names them (`event[hotels][0][name]`),
/// with the slug and revision a save needs.
pub fn editor_form(
    slug: &str,
    revision: i64,
    form: &hackboard_app::model::EventForm,
) -> Vec<(String, String)> {
    fn flatten(prefix: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    flatten(format!("{prefix}[{key}]"), value, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (index, value) in items.iter().enumerate() {
                    flatten(format!("{prefix}[{index}]"), value, out);
                }
            }
            serde_json::Value::String(text) => out.push((prefix, text.clone())),
            other => out.push((prefix, other.to_string())),
        }
    }
    let mut out = vec![
        ("slug".to_owned(), slug.to_owned()),
        ("revision".to_owned(), revision.to_string()),
    ];
    flatten(
        "event".into(),
        &serde_json::to_value(form).unwrap(),
        &mut out,
    );
    out
}

/// What the editor at `address` loads for the event.
pub async fn editable(address: &str, client: &reqwest::Client, slug: &str) -> EditableEvent {
    let url = format!("{address}/api/event_editor?slug={slug}");
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Saves the editor's form as the page does, with a hotel `op` if given.
pub async fn save_event(
    address: &str,
    client: &reqwest::Client,
    editable: &EditableEvent,
    form: &EventForm,
    op: Option<&str>,
) -> reqwest::Response {
    let mut fields = editor_form(&editable.slug, editable.revision, form);
    if let Some(op) = op {
        fields.push(("op".into(), op.into()));
    }
    client
        .post(format!("{address}/api/update_event"))
        .form(&fields)
        .send()
        .await
        .unwrap()
}

/// The board of the open event as `client` reads it through `/api/topic_board`, with the
/// board's address parameters in `query`.
pub async fn read_board(app: &TestApp, client: &reqwest::Client, query: &[(&str, &str)]) -> Board {
    client
        .get(format!("{}/api/topic_board", app.address))
        .query(&[("slug", OPEN_SLUG)])
        .query(query)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A proposal with only the fields a topic cannot go without.
pub fn topic_form(title: &str) -> TopicForm {
    TopicForm {
        title: title.into(),
        difficulty: "n/a".into(),
        gsoc: "n/a".into(),
        ..TopicForm::default()
    }
}

/// Proposes `title` for the event `slug` as `user`, through the service; returns its id.
pub async fn propose_as(app: &TestApp, user: &User, slug: &str, title: &str) -> i64 {
    let form = topic_form(title);
    hackboard_app::server::topics::propose(&app.state, Some(user.clone()), slug, &form)
        .await
        .unwrap()
}

/// `count` accounts straight in the store: that many Argon2 sign-ins would test the hashing,
/// not what the accounts then do.
pub async fn voters(app: &TestApp, count: usize) -> Vec<User> {
    let mut voters = Vec::new();
    for n in 0..count {
        let user = hackboard_app::server::NewUser {
            email: format!("voter{n}@example.org"),
            display_name: format!("Voter {n}"),
            affiliation: String::new(),
            password_hash: "not used".into(),
            is_admin: false,
        };
        let user_id = app.store.insert_user(&user).await.unwrap().unwrap();
        voters.push(User {
            id: user_id,
            email: user.email,
            display_name: user.display_name,
            affiliation: String::new(),
            is_admin: false,
            listed: true,
        });
    }
    voters
}
