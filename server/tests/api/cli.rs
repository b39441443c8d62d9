//! The `hackboard` binary: help, clean shutdown, and one clear line for each bad setup.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn hackboard(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hackboard"));
    command
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("LEPTOS_SITE_ADDR")
        .env("RUST_LOG", "warn");
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

/// Runs to completion (it must fail fast) and returns the output.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let started = Instant::now();
    let output = hackboard(args, env).stdin(Stdio::null()).output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    output
}

/// A failure is exactly one line on stderr, starting "error:", with no panic or backtrace.
fn one_clear_line(output: &Output) -> String {
    assert!(!output.status.success(), "expected a failure");
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    assert_eq!(stderr.lines().count(), 1, "one line, got:\n{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    stderr
}

#[test]
fn logs_are_json_lines_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/hackboard.db", dir.path().display());
    let output = run(
        &["migrate"],
        &[
            ("DATABASE_URL", &url),
            ("RUST_LOG", "info"),
            ("HACKBOARD_LOG_FORMAT", "json"),
        ],
    );
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let ready = lines
        .iter()
        .find(|line| line["message"] == "schema is up to date")
        .expect("the migrate line");
    assert_eq!(ready["level"], "INFO");
    assert!(ready["database"].as_str().unwrap().starts_with("sqlite://"));
}

#[test]
fn help_explains_serve_demo_and_migrate() {
    let output = run(&["--help"], &[]);
    let help = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "serve",
        "migrate",
        "DATABASE_URL",
        "LEPTOS_SITE_ADDR",
        "RUST_LOG",
    ] {
        assert!(help.contains(expected), "--help lacks {expected}");
    }
    let serve = run(&["serve", "--help"], &[]);
    assert!(String::from_utf8_lossy(&serve.stdout).contains("--demo"));
}

#[test]
fn malformed_database_url_names_the_accepted_forms() {
    let line = one_clear_line(&run(
        &["migrate"],
        &[("DATABASE_URL", "mysql://root:hunter2@db/hb")],
    ));
    assert!(
        line.contains("sqlite://") && line.contains("postgres://"),
        "{line}"
    );
    assert!(!line.contains("hunter2"), "the password is hidden: {line}");
}

#[test]
fn unreachable_postgres_fails_fast_with_a_hint() {
    let line = one_clear_line(&run(
        &["migrate"],
        &[("DATABASE_URL", "postgres://hb:pw@127.0.0.1:1/hb")],
    ));
    assert!(
        line.contains("cannot connect") && line.contains("PostgreSQL running"),
        "{line}"
    );
    assert!(!line.contains(":pw@"), "the password is hidden: {line}");
}

#[test]
fn unwritable_data_folder_says_what_to_change() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("data");
    std::fs::write(&not_a_folder, "a file where the folder should be").unwrap();
    let url = format!("sqlite://{}/inner/hackboard.db", not_a_folder.display());
    let line = one_clear_line(&run(&["migrate"], &[("DATABASE_URL", &url)]));
    assert!(
        line.contains("cannot create the data folder") && line.contains("DATABASE_URL"),
        "{line}"
    );
}

#[test]
fn taken_port_says_how_to_pick_another() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/hackboard.db", dir.path().display());
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let line = one_clear_line(&run(
        &["serve"],
        &[("DATABASE_URL", &url), ("LEPTOS_SITE_ADDR", &addr)],
    ));
    assert!(
        line.contains(&format!("cannot listen on {addr}")) && line.contains("LEPTOS_SITE_ADDR"),
        "{line}"
    );
}

#[test]
fn malformed_listen_address_is_explained() {
    let line = one_clear_line(&run(&["serve"], &[("LEPTOS_SITE_ADDR", "localhost")]));
    assert!(
        line.contains("LEPTOS_SITE_ADDR") && line.contains("127.0.0.1:3000"),
        "{line}"
    );
}

#[test]
fn migrate_creates_the_database_file_on_first_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fresh/hackboard.db");
    let output = run(
        &["migrate"],
        &[("DATABASE_URL", &format!("sqlite://{}", file.display()))],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(file.exists());
}

#[test]
fn serve_with_demo_answers_then_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/hackboard.db", dir.path().display());
    let mut child = hackboard(
        &["serve", "--demo"],
        &[("DATABASE_URL", &url), ("LEPTOS_SITE_ADDR", "127.0.0.1:0")],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    // The demo accounts come first, then the address once the server listens: that line is
    // the readiness signal.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    while !printed.contains("serving at") {
        assert!(stdout.read_line(&mut printed).unwrap() > 0, "{printed}");
    }
    assert!(
        printed.contains("admin        organiser@demo.hackboard.example"),
        "{printed}"
    );
    assert_eq!(
        printed.matches("@demo.hackboard.example").count(),
        4,
        "{printed}"
    );
    let last_line = printed.lines().last().unwrap();
    let address = last_line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(address.starts_with("http://127.0.0.1:"), "{last_line}");

    let page = get_text(&format!("{address}/events/london-2014"));
    assert!(page.contains("Xen Project Hackathon 2014"));

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    loop {
        if let Some(exit) = child.try_wait().unwrap() {
            assert!(exit.success(), "exit status {exit:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A plain GET from a synchronous test, on a runtime of its own.
fn get_text(url: &str) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async { reqwest::get(url).await.unwrap().text().await.unwrap() })
}

/// Runs with `input` on stdin, as a script piping a password would.
fn run_with_stdin(args: &[&str], env: &[(&str, &str)], input: &str) -> Output {
    use std::io::Write;
    let mut child = hackboard(args, env)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn user_create_makes_an_admin_with_a_piped_password() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/hackboard.db", dir.path().display());
    let args = [
        "user",
        "create",
        "--admin",
        "--email",
        "Root@Example.org",
        "--name",
        "Site Admin",
    ];
    let output = run_with_stdin(&args, &[("DATABASE_URL", &url)], "correct horse battery\n");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "Created admin Site Admin <root@example.org>"
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let login = runtime.block_on(async {
        let database = hackboard_server::db::open(&hackboard_server::db::DatabaseUrl::Sqlite(url))
            .await
            .unwrap();
        let key = hackboard_app::server::LoginKey::Email("root@example.org");
        database.store.find_login(key).await.unwrap().unwrap()
    });
    assert!(login.user.is_admin);
    assert!(
        login.password_hash.starts_with("$argon2id$"),
        "stored hashed"
    );
}

#[test]
fn user_create_explains_a_bad_password_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/hackboard.db", dir.path().display());
    let args = [
        "user",
        "create",
        "--email",
        "ada@example.org",
        "--name",
        "Ada",
    ];
    let output = run_with_stdin(&args, &[("DATABASE_URL", &url)], "short\n");
    let line = one_clear_line(&output);
    assert!(
        line.contains("password: Use at least 10 characters"),
        "{line}"
    );

    let again = run_with_stdin(&args, &[("DATABASE_URL", &url)], "correct horse battery\n");
    assert!(again.status.success(), "the email is still free");
}

#[test]
fn passwords_are_never_taken_from_the_command_line() {
    let help = run(&["user", "create", "--help"], &[]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("--admin") && text.contains("stdin"), "{text}");
    assert!(!text.contains("--password"), "{text}");
}

#[test]
fn export_and_import_say_what_is_wrong_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/hackboard.db", dir.path().display());
    let env = [("DATABASE_URL", url.as_str())];
    let line = one_clear_line(&run(&["export", "no-such-event"], &env));
    assert!(
        line.contains("no event has the short name \"no-such-event\""),
        "{line}"
    );
    let file = dir.path().join("old.json");
    std::fs::write(&file, r#"{"format": "hackboard-event", "version": 9}"#).unwrap();
    let line = one_clear_line(&run(&["import", file.to_str().unwrap()], &env));
    assert!(line.contains("this Hackboard reads version 1"), "{line}");
}

#[tokio::test]
async fn an_exported_event_imports_into_another_database() {
    let app = crate::helpers::TestApp::spawn_with_demo(crate::helpers::Backend::Sqlite).await;
    let stored = app.store.find_event("london-2014").await.unwrap().unwrap();
    let exported = app.store.export_event(&stored).await.unwrap();
    app.stop().await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("london-2014.json");
    std::fs::write(&file, &exported).unwrap();
    let url = format!("sqlite://{}/other.db", dir.path().display());
    let env = [("DATABASE_URL", url.as_str())];
    let imported = run(&["import", file.to_str().unwrap()], &env);
    assert!(imported.status.success(), "{imported:?}");
    assert!(String::from_utf8_lossy(&imported.stdout).contains("/events/london-2014"));
    let again = run(&["export", "london-2014"], &env);
    assert!(again.status.success(), "{again:?}");
    let first: serde_json::Value = serde_json::from_str(&exported).unwrap();
    let second: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(first, second);
    assert!(first["writeups"].as_array().is_some_and(|w| w.len() == 2));
}

#[test]
fn backup_and_restore_refuse_what_they_cannot_do_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/hackboard.db", dir.path().display());
    let env = [("DATABASE_URL", url.as_str())];
    assert!(run(&["migrate"], &env).status.success());

    let taken = dir.path().join("taken.db");
    std::fs::write(&taken, "not a database").unwrap();
    let taken = taken.to_str().unwrap();
    assert!(one_clear_line(&run(&["backup", taken], &env)).contains("already exists"));
    assert!(one_clear_line(&run(&["restore", taken], &env)).contains("not an SQLite database"));
    assert_eq!(std::fs::read_to_string(taken).unwrap(), "not a database");

    let postgres = [("DATABASE_URL", "postgres://hb@localhost/hb")];
    let refused = one_clear_line(&run(&["backup", "/tmp/never.db"], &postgres));
    assert!(refused.contains("pg_dump"), "{refused}");
}
