//! The `hackboard` command line.
use crate::{backup, config::Config, db, demo, startup::Application, users};
use anyhow::Context;
use clap::{Parser, Subcommand};

const ENVIRONMENT: &str = "\
Environment:
  DATABASE_URL       sqlite://PATH or postgres://USER:PASSWORD@HOST/DATABASE
                     [default: sqlite://data/hackboard.db, created on first run]
  LEPTOS_SITE_ADDR   address to listen on [default: 127.0.0.1:3000]
  LEPTOS_SITE_ROOT   folder with the built site (pkg/, favicon) [default: target/site]
  HACKBOARD_SECURE_COOKIES
                     true when the site is served over https [default: false]
  RUST_LOG           log filter, such as info or hackboard=debug,tower_http=debug [default: info]
  HACKBOARD_LOG_FORMAT
                     json for one JSON object a line [default: readable text]";

/// Hackboard runs developer hackathons and unconferences: the event page, the topic board,
/// registration, the live agenda and the write-ups after.
#[derive(Debug, Parser)]
#[command(name = "hackboard", version, after_help = ENVIRONMENT)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web app at LEPTOS_SITE_ADDR, bringing the database schema up to date first.
    /// Stops cleanly on Ctrl-C or SIGTERM.
    Serve {
        /// Before serving, load two demo events (the London 2014 hackathon, archived, and an
        /// upcoming one at the same venue) if the database has no events yet.
        #[arg(long)]
        demo: bool,
    },
    /// Create or update the database schema, then exit. `serve` does this too.
    Migrate,
    /// Write an event (everything but secrets and passport data) as a JSON file that
    /// `import` reads on another installation.
    Export {
        /// The event's short name, as in /events/{slug}.
        slug: String,
        /// Where to write the file; standard output when left out.
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
    /// Add an event exported by another installation, in one transaction. People are matched
    /// by email; new ones get an account without a password ("forgot password" sets one).
    Import {
        /// The file `export` wrote.
        file: std::path::PathBuf,
    },
    /// Write a consistent copy of the SQLite database to FILE while the server runs.
    /// (PostgreSQL: pg_dump; see docs/DEPLOY.md.)
    Backup {
        /// A new file; an existing one is never overwritten.
        file: std::path::PathBuf,
    },
    /// Put a backup in place of the SQLite database. Stop the server first; the replaced
    /// database is kept beside it, named .before-restore-DATE.
    Restore {
        /// A file `backup` wrote.
        file: std::path::PathBuf,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account. The password is asked for twice (or read as one line from stdin when
    /// piped), never taken from the command line, where other users and shell history see it.
    Create {
        /// The email address people sign in with.
        #[arg(long)]
        email: String,
        /// The name shown next to what they write.
        #[arg(long)]
        name: String,
        /// Company or project, as in an attendee list.
        #[arg(long, default_value = "")]
        affiliation: String,
        /// Make the account a site admin, who creates events and names their organisers.
        #[arg(long)]
        admin: bool,
    },
}

impl Cli {
    pub async fn run(self) -> anyhow::Result<()> {
        let config = Config::from_env()?;
        // These work on the file itself, before anything opens the database.
        match &self.command {
            Command::Backup { file } => {
                backup::backup(&config.database, file).await?;
                println!("Backed up to {}", file.display());
                return Ok(());
            }
            Command::Restore { file } => {
                let kept = backup::restore(&config.database, file).await?;
                db::open(&config.database).await?;
                println!("Restored {}", file.display());
                if let Some(kept) = kept {
                    println!("The database it replaced is kept as {}", kept.display());
                }
                return Ok(());
            }
            _ => {}
        }
        let database = db::open(&config.database).await?;
        let state = crate::startup::app_state(&config, &database)?;
        match self.command {
            Command::User {
                command:
                    UserCommand::Create {
                        email,
                        name,
                        affiliation,
                        admin,
                    },
            } => {
                users::create(
                    &state,
                    users::NewAccount {
                        email,
                        name,
                        affiliation,
                        admin,
                    },
                )
                .await?;
            }
            Command::Export { slug, output } => {
                let event = state
                    .store
                    .find_event(&slug)
                    .await?
                    .with_context(|| format!("no event has the short name \"{slug}\""))?;
                let json = state.store.export_event(&event).await?;
                match output {
                    Some(path) => std::fs::write(&path, json)
                        .with_context(|| format!("cannot write {}", path.display()))?,
                    None => println!("{json}"),
                }
            }
            Command::Import { file } => {
                let json = std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                match state.store.import_event(&json).await? {
                    hackboard_app::server::Imported::Made { slug } => {
                        println!("Imported the event at /events/{slug}")
                    }
                    hackboard_app::server::Imported::Refused(why) => {
                        anyhow::bail!("{} was not imported: {why}", file.display())
                    }
                }
            }
            Command::Migrate => {
                tracing::info!(database = %config.database.redacted(), "schema is up to date");
            }
            Command::Backup { .. } | Command::Restore { .. } => {}
            Command::Serve { demo } => {
                let _serving = backup::serving_lock(&config.database)?;
                if demo {
                    demo::load(&state).await?;
                }
                let app = Application::build(&config, &database).await?;
                tracing::info!(database = %config.database.redacted(), "database ready");
                println!("Hackboard is serving at http://{}", app.addr());
                app.run_until_stopped(crate::startup::shutdown_signal())
                    .await?;
            }
        }
        Ok(())
    }
}
