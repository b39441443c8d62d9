//! `hackboard backup` and `hackboard restore` for SQLite. A backup is `VACUUM INTO`: one read
//! transaction, so it is consistent while the server goes on writing. A restore needs the
//! server stopped (the serving lock says whether it is), checks the file before touching
//! anything, and keeps the database it replaces beside it. PostgreSQL has its own tools
//! (`pg_dump`, `pg_restore`; see docs/DEPLOY.md).
use crate::db::DatabaseUrl;
use anyhow::{bail, Context};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Held by `serve` for as long as it runs, so that `restore` can tell it must wait, and a
/// second server does not share the file (its live updates would not reach the first's pages).
pub struct ServingLock {
    _file: File,
}

/// The SQLite file behind `url`, or why there is none.
fn sqlite_file(url: &DatabaseUrl, command: &str) -> anyhow::Result<PathBuf> {
    match url {
        DatabaseUrl::Sqlite(raw) => Ok(SqliteConnectOptions::from_str(raw)
            .with_context(|| format!("DATABASE_URL {raw:?} is not a valid SQLite URL"))?
            .get_filename()
            .to_owned()),
        DatabaseUrl::Postgres(_) => bail!(
            "{command} is for SQLite; for PostgreSQL use pg_dump and pg_restore (docs/DEPLOY.md)"
        ),
    }
}

fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".serving");
    PathBuf::from(name)
}

/// Takes the serving lock of an SQLite database; nothing to take for PostgreSQL.
pub fn serving_lock(url: &DatabaseUrl) -> anyhow::Result<Option<ServingLock>> {
    let DatabaseUrl::Sqlite(_) = url else {
        return Ok(None);
    };
    let path = lock_path(&sqlite_file(url, "serve")?);
    let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    if file.try_lock().is_err() {
        bail!(
            "another hackboard is already serving {}: stop it first, or give this one its own \
             DATABASE_URL",
            url.redacted()
        );
    }
    Ok(Some(ServingLock { _file: file }))
}

async fn connect(file: &Path, read_only: bool) -> anyhow::Result<SqliteConnection> {
    SqliteConnectOptions::new()
        .filename(file)
        .read_only(read_only)
        .connect()
        .await
        .with_context(|| format!("cannot open {} as a database", file.display()))
}

/// Writes a consistent copy of the running database to `target`, which must not exist yet.
pub async fn backup(url: &DatabaseUrl, target: &Path) -> anyhow::Result<()> {
    let file = sqlite_file(url, "backup")?;
    if target.exists() {
        bail!(
            "{} already exists: choose a new name, so no backup is overwritten",
            target.display()
        );
    }
    let mut source = connect(&file, true).await?;
    sqlx::query("VACUUM INTO ?")
        .bind(target.to_string_lossy().as_ref())
        .execute(&mut source)
        .await
        .with_context(|| format!("cannot write the backup to {}", target.display()))?;
    source.close().await?;
    check(target).await
}

/// Why `file` is not a Hackboard database this version can open, if it is not.
async fn check(file: &Path) -> anyhow::Result<()> {
    let mut conn = connect(file, true).await?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{} is not an SQLite database", file.display()))?;
    if integrity != "ok" {
        bail!("{} is damaged: {integrity}", file.display());
    }
    let newest: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{} is not a Hackboard database", file.display()))?;
    let known = crate::db::newest_migration();
    if newest.is_some_and(|newest| newest > known) {
        bail!(
            "{} was written by a newer Hackboard (schema {}, this one knows {known}): upgrade first",
            file.display(),
            newest.unwrap_or_default()
        );
    }
    conn.close().await?;
    Ok(())
}

/// Puts the backup `source` in place of the database, keeping the replaced one beside it.
/// Returns where the replaced database went, if there was one.
pub async fn restore(url: &DatabaseUrl, source: &Path) -> anyhow::Result<Option<PathBuf>> {
    let file = sqlite_file(url, "restore")?;
    check(source).await?;
    let lock = lock_path(&file);
    let held = File::create(&lock).with_context(|| format!("cannot create {}", lock.display()))?;
    if held.try_lock().is_err() {
        bail!(
            "hackboard is serving {}: stop it, then restore",
            url.redacted()
        );
    }
    // Copied first and renamed, so the database is never half written.
    let incoming = sibling(&file, ".restoring");
    std::fs::copy(source, &incoming)
        .with_context(|| format!("cannot copy {} next to the database", source.display()))?;
    File::open(&incoming)?.sync_all()?;
    let kept = if file.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
        let kept = sibling(&file, &format!(".before-restore-{stamp}"));
        // A clean checkpoint folds the write-ahead log into the file that is kept.
        let mut current = connect(&file, false).await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut current)
            .await?;
        current.close().await?;
        std::fs::rename(&file, &kept)?;
        Some(kept)
    } else {
        None
    };
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling(&file, suffix));
    }
    std::fs::rename(&incoming, &file)?;
    Ok(kept)
}

fn sibling(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
