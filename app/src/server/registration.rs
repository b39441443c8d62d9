//! Registration: attendees ask for an invitation, organisers decide, and the place count
//! holds however many act at once (the store decides inside one transaction). Everyone
//! invited, put on the waiting list, declined or moved up from it is told by email.
use super::live::{Audience, Outgoing};
use super::mail::{send, unix_now};
use super::{
    rights, AppState, Mail, RegistrationChange, RegistrationChanged, RegistrationKey,
    RegistrationMark, RegistrationSettings, RegistrationUpdate, StoredEvent, StoredRegistration,
};
use crate::error::AppError;
use crate::model::{
    business_days, stipend_totals, Action, AttendanceCounts, Attendee, AttendeeGroup, Decision,
    HistoryLine, LiveMessage, Mark, MyRegistration, Part, QueueEntry, Refusal, RegistrationForm,
    RegistrationPanel, RegistrationQueue, RegistrationState, StipendDecision, User, VisaLetter,
    CURRENCIES, STIPEND_MAX,
};
use std::collections::HashMap;

/// The most places an event may have: beyond it, a typo.
pub const CAPACITY_MAX: u32 = 10_000;

/// The largest stipend budget, in whole units: beyond it, a typo.
pub const BUDGET_MAX: u32 = 100 * STIPEND_MAX;

/// A past event takes no more requests, whatever its setting says.
fn is_over(event: &StoredEvent) -> bool {
    event.details.ends_on < chrono::Utc::now().date_naive()
}

pub(super) fn refused(refusal: Refusal) -> AppError {
    AppError::Conflict(refusal.message())
}

/// The event's place count and stipend budget; the event was just read, so a missing one was
/// deleted meanwhile.
async fn settings_of(
    state: &AppState,
    event: &StoredEvent,
) -> Result<RegistrationSettings, AppError> {
    let settings = state.store.find_registration_settings(event.id).await?;
    settings.ok_or(AppError::NotFound)
}

/// Everyone sees the new counts; organisers also hear which registration moved, to refresh
/// their queue.
pub fn announce(counts: &AttendanceCounts, moved: Option<i64>) -> Vec<Outgoing> {
    let changed = LiveMessage::AttendanceChanged {
        counts: counts.clone(),
    };
    let mut outgoing = vec![Outgoing::new(Audience::Everyone, &changed)];
    if let Some(registration_id) = moved {
        let moved = LiveMessage::RegistrationChanged { registration_id };
        outgoing.push(Outgoing::new(Audience::Organisers, &moved));
    }
    outgoing
}

/// Anyone: the counts, and the caller's own request.
pub async fn panel(
    state: &AppState,
    user: Option<User>,
    slug: &str,
) -> Result<RegistrationPanel, AppError> {
    let event = rights::event(state, slug).await?;
    let settings = settings_of(state, &event).await?;
    let counts = state.store.count_attendance(event.id).await?;
    let over = is_over(&event);
    let (mine, organiser) = match &user {
        Some(user) => {
            let key = RegistrationKey::User(user.id);
            let mine = state.store.find_registration(event.id, key).await?;
            let mine = mine.map(|stored| MyRegistration {
                state: stored.state,
                request: stored.request,
                fee: stored.fee,
                stipend_decision: stored.stipend_decision,
                visa_cleared: stored.visa_cleared,
            });
            (mine, rights::can_edit(state, user, &event).await?)
        }
        None => (None, false),
    };
    let affiliation = mine
        .as_ref()
        .map(|mine| mine.request.affiliation.clone())
        .filter(|affiliation| !affiliation.is_empty())
        .or_else(|| user.as_ref().map(|user| user.affiliation.clone()))
        .unwrap_or_default();
    let attendees = state
        .store
        .list_registrations(event.id)
        .await?
        .into_iter()
        .filter(|stored| stored.request.listed)
        .filter_map(|stored| {
            let visa_pending = stored.request.needs_visa && !stored.visa_cleared;
            let group = AttendeeGroup::of(stored.state, visa_pending)?;
            Some(Attendee {
                name: stored.person.display_name,
                affiliation: stored.person.affiliation,
                group,
                days: stored.request.days,
            })
        })
        .collect();
    Ok(RegistrationPanel {
        attendees,
        slug: event.details.slug,
        open: settings.open && !over,
        over,
        counts,
        signed_in: user.is_some(),
        organiser,
        mine,
        affiliation,
    })
}

/// Organiser: every request, oldest first, with how long unanswered ones have waited and
/// everything that happened to each.
pub async fn queue(
    state: &AppState,
    user: Option<User>,
    slug: &str,
) -> Result<RegistrationQueue, AppError> {
    let (_, event) = rights::organiser(state, user, slug).await?;
    let settings = settings_of(state, &event).await?;
    let counts = state.store.count_attendance(event.id).await?;
    let mut history: HashMap<i64, Vec<HistoryLine>> = HashMap::new();
    for (id, line) in state.store.list_registration_history(event.id).await? {
        history.entry(id).or_default().push(line);
    }
    let mut letters: HashMap<i64, VisaLetter> = state
        .store
        .list_visa_letters(event.id)
        .await?
        .into_iter()
        .collect();
    let today = chrono::Utc::now().date_naive();
    let entries: Vec<QueueEntry> = state
        .store
        .list_registrations(event.id)
        .await?
        .into_iter()
        .map(|stored| {
            let requested_on = stored.created_at.date_naive();
            QueueEntry {
                id: stored.id,
                person: stored.person,
                email: stored.email,
                state: stored.state,
                request: stored.request,
                requested_on,
                waiting_days: (stored.state == RegistrationState::Requested)
                    .then(|| business_days(requested_on, today)),
                fee: stored.fee,
                stipend_decision: stored.stipend_decision,
                visa_cleared: stored.visa_cleared,
                visa_letter: letters.remove(&stored.id),
                history: history.remove(&stored.id).unwrap_or_default(),
            }
        })
        .collect();
    Ok(RegistrationQueue {
        live_seq: u64::try_from(event.live_seq).unwrap_or_default(),
        slug: event.details.slug,
        event_title: event.details.title,
        capacity: settings.capacity,
        open: settings.open,
        counts,
        stipend_totals: stipend_totals(&entries, &settings.stipend_currency),
        stipend_budget: settings.stipend_budget,
        stipend_currency: settings.stipend_currency,
        entries,
    })
}

/// Asks for an invitation to the event (or again, after cancelling).
pub async fn request(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    form: &RegistrationForm,
) -> Result<StoredRegistration, AppError> {
    let user = rights::participant(user)?;
    let event = rights::event(state, slug).await?;
    rights::writable(state, &event, Part::Planning).await?;
    let details = &event.details;
    if is_over(&event) {
        return Err(refused(Refusal::Closed));
    }
    let request = form
        .check(details.starts_on, details.ends_on)
        .map_err(|(field, message)| AppError::invalid(field, message))?;
    let change = RegistrationChange {
        action: Action::Request,
        by: user.id,
        request: Some(request),
        message: String::new(),
    };
    let key = RegistrationKey::User(user.id);
    let changed = change_and_tell(state, &event, key, &change).await?;
    Ok(changed.registration)
}

/// The attendee confirms the place they were offered.
pub async fn confirm(state: &AppState, user: Option<User>, slug: &str) -> Result<(), AppError> {
    attendee_acts(state, user, slug, Action::Confirm).await
}

/// The attendee withdraws their request, or releases their place to the waiting list.
pub async fn cancel(state: &AppState, user: Option<User>, slug: &str) -> Result<(), AppError> {
    attendee_acts(state, user, slug, Action::Cancel).await
}

async fn attendee_acts(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    action: Action,
) -> Result<(), AppError> {
    let user = rights::participant(user)?;
    let event = rights::event(state, slug).await?;
    rights::writable(state, &event, Part::Planning).await?;
    let change = RegistrationChange {
        action,
        by: user.id,
        request: None,
        message: String::new(),
    };
    change_and_tell(state, &event, RegistrationKey::User(user.id), &change).await?;
    Ok(())
}

/// Organiser: approves (a place if one is free, else the waiting list), waitlists or
/// declines a request, with an optional word to the attendee.
pub async fn decide(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    registration_id: i64,
    decision: Decision,
    message: &str,
) -> Result<RegistrationState, AppError> {
    let (organiser, event) = rights::organiser(state, user, slug).await?;
    rights::writable(state, &event, Part::Planning).await?;
    let message = crate::model::text::text(message, 2_000)
        .map_err(|rule| AppError::invalid("message", format!("The message {rule}.")))?;
    let change = RegistrationChange {
        action: Action::Decide(decision),
        by: organiser.id,
        request: None,
        message,
    };
    let key = RegistrationKey::Id(registration_id);
    let changed = change_and_tell(state, &event, key, &change).await?;
    Ok(changed.registration.state)
}

/// Organiser: sets the place count, whether requests are taken and the stipend budget.
pub async fn configure(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    settings: RegistrationSettings,
) -> Result<(), AppError> {
    let (_, event) = rights::organiser(state, user, slug).await?;
    rights::writable(state, &event, Part::Planning).await?;
    if settings.capacity > CAPACITY_MAX {
        return Err(AppError::invalid(
            "capacity",
            format!("More than {CAPACITY_MAX} places: please check the number."),
        ));
    }
    if settings
        .stipend_budget
        .is_some_and(|budget| budget > BUDGET_MAX)
    {
        return Err(AppError::invalid(
            "stipend_budget",
            format!("More than {BUDGET_MAX}: please check the budget."),
        ));
    }
    if !CURRENCIES.contains(&settings.stipend_currency.as_str()) {
        return Err(AppError::invalid(
            "stipend_currency",
            format!("Pick a currency from the list: {}.", CURRENCIES.join(", ")),
        ));
    }
    let promoted = state
        .store
        .update_registration_settings(event.id, settings, unix_now(), announce)
        .await?;
    for registration in &promoted {
        tell(state, &event, registration, "").await?;
    }
    Ok(())
}

/// Organiser: records the fee, a stipend decision or a granted visa. The attendee is told of
/// a stipend decision by email; the rest they see on the page.
pub async fn mark(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    registration_id: i64,
    mark: Mark,
) -> Result<(), AppError> {
    let (organiser, event) = rights::organiser(state, user, slug).await?;
    let marked = RegistrationMark {
        registration_id,
        mark,
        by: organiser.id,
    };
    let marked = state
        .store
        .update_registration_mark(event.id, &marked, unix_now(), announce)
        .await?
        .ok_or_else(|| refused(Refusal::NoRequest))?;
    if let Mark::Stipend(Some(decision)) = mark {
        tell_stipend(state, &event, &marked, decision).await?;
    }
    Ok(())
}

/// What a bulk approval did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Approved {
    pub invited: u32,
    pub waiting: u32,
    /// Already decided by someone else, or gone.
    pub skipped: u32,
}

/// Organiser: approves several requests, oldest first, each in its own turn at the place
/// count: places go to the first ones, the rest join the waiting list.
pub async fn approve_many(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    mut ids: Vec<i64>,
) -> Result<Approved, AppError> {
    let (organiser, event) = rights::organiser(state, user, slug).await?;
    rights::writable(state, &event, Part::Planning).await?;
    if ids.is_empty() {
        return Err(AppError::invalid(
            "ids",
            "Tick the requests to approve first.",
        ));
    }
    ids.sort_unstable();
    ids.dedup();
    let change = RegistrationChange {
        action: Action::Decide(Decision::Approve),
        by: organiser.id,
        request: None,
        message: String::new(),
    };
    let mut approved = Approved::default();
    for id in ids {
        match change_and_tell(state, &event, RegistrationKey::Id(id), &change).await {
            Ok(changed) if changed.registration.state == RegistrationState::Invited => {
                approved.invited += 1
            }
            Ok(_) => approved.waiting += 1,
            Err(AppError::Conflict(_)) => approved.skipped += 1,
            Err(error) => return Err(error),
        }
    }
    Ok(approved)
}

pub(super) async fn change_and_tell(
    state: &AppState,
    event: &StoredEvent,
    key: RegistrationKey,
    change: &RegistrationChange,
) -> Result<RegistrationChanged, AppError> {
    let update = state
        .store
        .update_registration(event.id, key, change, unix_now(), announce)
        .await?;
    let changed = match update {
        RegistrationUpdate::Made(changed) => *changed,
        RegistrationUpdate::Refused(refusal) => return Err(refused(refusal)),
    };
    if matches!(change.action, Action::Decide(_)) {
        tell(state, event, &changed.registration, &change.message).await?;
    }
    for registration in &changed.promoted {
        tell(state, event, registration, "").await?;
    }
    Ok(changed)
}

/// Emails the attendee where their request now stands.
async fn tell(
    state: &AppState,
    event: &StoredEvent,
    registration: &StoredRegistration,
    message: &str,
) -> Result<(), AppError> {
    let title = &event.details.title;
    let link = format!(
        "{}/events/{}",
        state.public_url.trim_end_matches('/'),
        event.details.slug
    );
    let (subject, text) = match registration.state {
        RegistrationState::Invited => (
            format!("You are invited to {title}"),
            format!("A place at {title} is yours. Please confirm that you are coming:\n\n{link}"),
        ),
        RegistrationState::Waiting => (
            format!("On the waiting list for {title}"),
            format!(
                "{title} is full for now, so you are on the waiting list. When a place frees up, \
                 the first in line is invited and told by email.\n\n{link}"
            ),
        ),
        RegistrationState::Declined => (
            format!("Your request for {title}"),
            format!("The organisers of {title} could not offer you a place.\n\n{link}"),
        ),
        _ => return Ok(()),
    };
    let body = if message.is_empty() {
        text
    } else {
        format!("{text}\n\nFrom the organisers:\n{message}")
    };
    let mail = Mail {
        recipient: registration.email.clone(),
        subject,
        body,
    };
    send(state, mail).await
}

async fn tell_stipend(
    state: &AppState,
    event: &StoredEvent,
    registration: &StoredRegistration,
    decision: StipendDecision,
) -> Result<(), AppError> {
    let Some(stipend) = &registration.request.stipend else {
        return Ok(());
    };
    let title = &event.details.title;
    let link = format!(
        "{}/events/{}#attend",
        state.public_url.trim_end_matches('/'),
        event.details.slug
    );
    let amount = format!("{} {}", stipend.amount, stipend.currency);
    let text = match decision {
        StipendDecision::Granted => {
            format!("The organisers of {title} granted your travel stipend of {amount}.")
        }
        StipendDecision::Refused => format!(
            "The organisers of {title} could not grant your travel stipend of {amount}. \
             Your request for a place stands as it was."
        ),
    };
    let mail = Mail {
        recipient: registration.email.clone(),
        subject: format!("Your travel stipend for {title}"),
        body: format!("{text}\n\n{link}"),
    };
    send(state, mail).await
}
