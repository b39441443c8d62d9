//! Configuration from the environment, with defaults that run on a laptop as they are.
use crate::db::DatabaseUrl;
use anyhow::Context;
use leptos::config::{Env, LeptosOptions};
use std::net::SocketAddr;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/hackboard.db";

#[derive(Clone, Debug)]
pub struct Config {
    pub database: DatabaseUrl,
    pub leptos: LeptosOptions,
    /// Marks the session cookie `Secure`; set when the site is served over https.
    pub secure_cookies: bool,
    /// Sign-in, sign-up and reset attempts an account gets a minute.
    pub attempts_per_minute: u32,
    /// Live streams one address may hold open: a conference's wifi puts everyone behind one.
    pub live_per_ip: u32,
    /// Where people reach the site, for links in emails.
    pub public_url: String,
    /// Without it, mail stays in the outbox for admins to read.
    pub smtp: Option<Smtp>,
    pub limits: Limits,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`client_ip.rs`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How often `serve` does its chores (`reminders.rs`); tests make it short.
    pub chores_every: Duration,
    /// How often failed emails whose wait is over are tried again (`mail_retry.rs`).
    pub mail_retry_every: Duration,
}

/// What one client may ask of the server.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time a client has to send a request's headers, and to start its next one.
    pub header_timeout: Duration,
    /// Time a request has to be answered; a live stream only has to start.
    pub request_timeout: Duration,
    /// Open connections, live streams included; past it a connection is answered 503.
    pub max_connections: usize,
    /// The largest request body, except an event imported by an admin.
    pub max_body: usize,
    /// The largest event file an admin imports.
    pub max_import: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 10_000,
            max_body: 1024 * 1024,
            max_import: 32 * 1024 * 1024,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Smtp {
    /// `smtps://user:password@host` or `smtp://host:25`, as lettre reads it.
    pub url: String,
    /// The sender, like `Hackboard <hackboard@hack.example>`.
    pub from: String,
}

impl Config {
    /// Reads `DATABASE_URL`, `LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT`; nothing is read from files.
    pub fn from_env() -> anyhow::Result<Self> {
        let database = DatabaseUrl::parse(&var_or("DATABASE_URL", DEFAULT_DATABASE_URL)?)?;
        let addr = var_or("LEPTOS_SITE_ADDR", "127.0.0.1:3000")?;
        let site_addr: SocketAddr = addr.parse().with_context(|| {
            format!("LEPTOS_SITE_ADDR {addr:?} is not an address such as 127.0.0.1:3000")
        })?;
        let site_root = var_or("LEPTOS_SITE_ROOT", "target/site")?;
        let secure_cookies = match var_or("HACKBOARD_SECURE_COOKIES", "false")?.as_str() {
            "true" | "1" => true,
            "false" | "0" => false,
            other => anyhow::bail!("HACKBOARD_SECURE_COOKIES {other:?} should be true or false"),
        };
        let attempts = var_or("HACKBOARD_ATTEMPTS_PER_MINUTE", "10")?;
        let attempts_per_minute = attempts.parse().ok().filter(|n| *n > 0).with_context(|| {
            format!("HACKBOARD_ATTEMPTS_PER_MINUTE {attempts:?} should be a whole number above 0")
        })?;
        let live = var_or("HACKBOARD_LIVE_PER_IP", "256")?;
        let live_per_ip = live.parse().ok().filter(|n| *n > 0).with_context(|| {
            format!("HACKBOARD_LIVE_PER_IP {live:?} should be a whole number above 0")
        })?;
        let public_url = var_or("HACKBOARD_PUBLIC_URL", &format!("http://{site_addr}"))?;
        if !public_url.starts_with("http://") && !public_url.starts_with("https://") {
            anyhow::bail!(
                "HACKBOARD_PUBLIC_URL {public_url:?} should be the site's address, like \
                 https://hack.example"
            );
        }
        let smtp = match std::env::var("HACKBOARD_SMTP_URL") {
            Ok(url) if !url.trim().is_empty() => Some(Smtp {
                url,
                from: var_or("HACKBOARD_MAIL_FROM", "Hackboard <hackboard@localhost>")?,
            }),
            _ => None,
        };
        let connections = var_or("HACKBOARD_MAX_CONNECTIONS", "10000")?;
        let max_connections = connections
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .with_context(|| {
                format!(
                    "HACKBOARD_MAX_CONNECTIONS {connections:?} should be a whole number above 0"
                )
            })?;
        let trusted_proxies =
            crate::client_ip::parse_trusted(&var_or("HACKBOARD_TRUSTED_PROXIES", "")?)
                .map_err(|why| anyhow::anyhow!("HACKBOARD_TRUSTED_PROXIES: {why}"))?;
        Ok(Config {
            database,
            leptos: leptos_options(site_addr, &site_root),
            secure_cookies,
            attempts_per_minute,
            live_per_ip,
            public_url,
            smtp,
            limits: Limits {
                max_connections,
                ..Limits::default()
            },
            trusted_proxies,
            chores_every: crate::reminders::EVERY,
            mail_retry_every: crate::mail_retry::EVERY,
        })
    }
}

/// The options Leptos renders with; cargo-leptos names the bundle after the workspace metadata.
pub fn leptos_options(site_addr: SocketAddr, site_root: &str) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("hackboard"))
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(site_addr)
        .hash_files(bundle_is_hashed())
        .env(if cfg!(debug_assertions) {
            Env::DEV
        } else {
            Env::PROD
        })
        .build()
}

/// cargo-leptos writes the bundle's hashed names (`hash-files`) to `hash.txt` beside the
/// binary, and Leptos reads them from there.
fn bundle_is_hashed() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("hash.txt")))
        .is_some_and(|file| file.exists())
}

fn var_or(name: &str, default: &str) -> anyhow::Result<String> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value),
        Ok(_) | Err(std::env::VarError::NotPresent) => Ok(default.to_owned()),
        Err(std::env::VarError::NotUnicode(_)) => anyhow::bail!("{name} is not valid UTF-8"),
    }
}
