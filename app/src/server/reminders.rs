//! Against no-shows, the reason for the seed's fee: a few days before the event everyone
//! holding a place is asked whether they still come, with a link that releases the place to
//! the waiting list in one click, signed in or not.
use super::mail::{send, unix_now};
use super::registration::{change_and_tell, refused};
use super::{
    random_token, rights, token_hash, AppState, Mail, RegistrationChange, RegistrationKey,
    ReminderClaim, StoredEvent,
};
use crate::error::AppError;
use crate::model::{Action, RegistrationState};
use chrono::NaiveDate;
use std::collections::HashMap;

/// How many days before the first day the reminder goes out.
pub const REMIND_DAYS_BEFORE: i64 = 5;

/// Sends the reminders due on `today`: to everyone holding a place at an event starting
/// within `REMIND_DAYS_BEFORE` days, once. Returns how many went out.
pub async fn send_reminders(state: &AppState, today: NaiveDate) -> Result<usize, AppError> {
    let until = today + chrono::Duration::days(REMIND_DAYS_BEFORE);
    let due = state.store.list_due_reminders(today, until).await?;
    let mut sent = 0;
    let mut events: HashMap<String, StoredEvent> = HashMap::new();
    for (slug, registration_id) in due {
        // Usually one event has many places due: read it once.
        let event = match events.get(&slug) {
            Some(event) => event.clone(),
            None => {
                let event = rights::event(state, &slug).await?;
                events.insert(slug.clone(), event.clone());
                event
            }
        };
        let key = RegistrationKey::Id(registration_id);
        let Some(registration) = state.store.find_registration(event.id, key).await? else {
            continue;
        };
        let token = random_token();
        let claimed = state
            .store
            .update_reminder_sent(registration_id, &token_hash(&token), unix_now())
            .await?;
        if claimed == ReminderClaim::Skipped {
            continue;
        }
        let details = &event.details;
        let base = state.public_url.trim_end_matches('/');
        let release = format!("{base}/events/{slug}/release?token={token}");
        let confirm = match registration.state {
            RegistrationState::Invited => format!(
                "You have not confirmed your place yet: please do, on the event page:\n{base}/events/{slug}#attend\n\n"
            ),
            _ => String::new(),
        };
        let body = format!(
            "{title} starts on {day}. Are you still coming?\n\n\
             {confirm}If you are, there is nothing to do: see you there.\n\n\
             If you cannot come after all, please release your place so that the first person \
             on the waiting list can come instead. One click:\n{release}",
            title = details.title,
            day = details.starts_on.format("%A %-d %B"),
        );
        let mail = Mail {
            recipient: registration.email,
            subject: format!("Still coming to {}?", details.title),
            body,
        };
        send(state, mail).await?;
        sent += 1;
    }
    Ok(sent)
}

/// Releases the place the reminder's token names, for whoever holds the link.
pub async fn release(state: &AppState, slug: &str, token: &str) -> Result<(), AppError> {
    let event = rights::event(state, slug).await?;
    let invalid = || {
        AppError::invalid(
            "token",
            "This link does not release any place: it may be mistyped. Sign in to see your \
             registration on the event page.",
        )
    };
    let registration = state
        .store
        .find_registration_by_release_token(&token_hash(token.trim()))
        .await?
        .filter(|registration| registration.event_id == event.id)
        .ok_or_else(invalid)?;
    if !registration.state.holds_place() {
        return Err(refused(crate::model::Refusal::Decided(registration.state)));
    }
    let change = RegistrationChange {
        action: Action::Cancel,
        by: registration.person.id,
        request: None,
        message: String::new(),
    };
    change_and_tell(state, &event, RegistrationKey::Id(registration.id), &change).await?;
    Ok(())
}
