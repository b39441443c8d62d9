//! HTTP-level tests of the real app: every backend test runs on SQLite and on PostgreSQL.

/// Generates `sqlite::name` and `postgres::name` tests from `async fn name(backend: Backend)`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name(crate::helpers::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() { super::$name(crate::helpers::Backend::Postgres).await })*
        }
    };
}

mod accounts;
mod agenda;
mod chores;
mod cli;
mod comments;
mod crash;
mod demo;
mod editing;
mod events;
mod helpers;
mod hostile_text;
mod http;
mod live;
mod mail;
mod password_reset;
mod registration;
mod rights;
mod topics;
mod transfer;
mod users;
mod writeups;
