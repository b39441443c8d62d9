//! Accounts in storage: one account per email, whatever the race.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::{Backend, TestApp};
use hackboard_app::server::{LoginKey, NewUser};

on_both_backends!(
    accounts_are_found_by_id_and_email,
    one_account_per_email_even_when_racing
);

fn new_user(email: &str) -> NewUser {
    NewUser {
        email: email.into(),
        display_name: "Ada Lovelace".into(),
        affiliation: "Analytical Engines".into(),
        password_hash: "$argon2id$placeholder".into(),
        is_admin: false,
    }
}

async fn accounts_are_found_by_id_and_email(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app
        .store
        .insert_user(&new_user("ada@example.org"))
        .await
        .unwrap()
        .expect("inserted");

    let by_email = app
        .store
        .find_login(LoginKey::Email("ada@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_email.user.id, id);
    assert_eq!(by_email.user.affiliation, "Analytical Engines");
    assert!(by_email.user.listed && !by_email.user.is_admin);
    assert_eq!(by_email.password_hash, "$argon2id$placeholder");

    let by_id = app
        .store
        .find_login(LoginKey::Id(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_id.user, by_email.user);
    assert!(app
        .store
        .find_login(LoginKey::Email("nobody@example.org"))
        .await
        .unwrap()
        .is_none());
    app.stop().await;
}

async fn one_account_per_email_even_when_racing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let attempts = (0..20).map(|_| {
        let store = app.store.clone();
        tokio::spawn(async move {
            store
                .insert_user(&new_user("race@example.org"))
                .await
                .unwrap()
        })
    });
    let mut created = 0;
    for attempt in attempts {
        created += usize::from(attempt.await.unwrap().is_some());
    }
    assert_eq!(created, 1, "exactly one of 20 concurrent sign-ups wins");
    app.stop().await;
}
