//! Visa invitation letters: the attendee gives the details a consulate expects, an organiser
//! approves, the attendee prints the letter. Passport data is shown to the attendee and the
//! organisers only, and forgotten once the event is over.
use super::mail::{send, unix_now};
use super::registration::refused;
use super::{
    rights, AppState, Mail, RegistrationKey, RegistrationMark, StoredEvent, StoredRegistration,
};
use crate::error::AppError;
use crate::model::{Mark, Refusal, User, VisaForm, VisaLetterPage};

/// The caller's registration, if it asked for a visa letter and still counts.
async fn own_registration(
    state: &AppState,
    user: &User,
    event: &StoredEvent,
) -> Result<StoredRegistration, AppError> {
    let key = RegistrationKey::User(user.id);
    let registration = state.store.find_registration(event.id, key).await?;
    match registration {
        Some(registration) if registration.request.needs_visa && registration.state.is_open() => {
            Ok(registration)
        }
        Some(_) => Err(AppError::Conflict(
            "Your request for this event asks for no visa letter. Cancel it and ask again with \
             \"I need a visa invitation letter\" ticked."
                .into(),
        )),
        None => Err(refused(Refusal::NoRequest)),
    }
}

/// The attendee: their letter page, with the details given so far.
pub async fn letter_page(
    state: &AppState,
    user: Option<User>,
    slug: &str,
) -> Result<VisaLetterPage, AppError> {
    let user = rights::participant(user)?;
    let event = rights::event(state, slug).await?;
    let registration = own_registration(state, &user, &event).await?;
    let letter = state.store.find_visa_letter(registration.id).await?;
    let details = event.details;
    Ok(VisaLetterPage {
        slug: details.slug,
        event_title: details.title,
        starts_on: details.starts_on,
        ends_on: details.ends_on,
        venue: details.venue.name,
        address: details.venue.address,
        letter,
    })
}

/// The attendee gives (or corrects) the details; organisers approve them again.
pub async fn submit(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    form: &VisaForm,
) -> Result<(), AppError> {
    let user = rights::participant(user)?;
    let event = rights::event(state, slug).await?;
    let registration = own_registration(state, &user, &event).await?;
    let today = chrono::Utc::now().date_naive();
    let details = form
        .check(event.details.starts_on, event.details.ends_on, today)
        .map_err(|(field, message)| AppError::invalid(field, message))?;
    state
        .store
        .update_visa_details(registration.id, &details, unix_now())
        .await?;
    Ok(())
}

/// Organiser: approves the letter, and the attendee is told it is ready to print.
pub async fn approve(
    state: &AppState,
    user: Option<User>,
    slug: &str,
    registration_id: i64,
) -> Result<(), AppError> {
    let (organiser, event) = rights::organiser(state, user, slug).await?;
    // Another event's letter is refused below, where the registration's event is checked.
    if state
        .store
        .find_visa_letter(registration_id)
        .await?
        .is_none()
    {
        return Err(AppError::Conflict(
            "There are no details to approve yet: the attendee has not given them.".into(),
        ));
    }
    let registration = state
        .store
        .update_registration_mark(
            event.id,
            &RegistrationMark {
                registration_id,
                mark: Mark::LetterApproved,
                by: organiser.id,
            },
            unix_now(),
            super::registration::announce,
        )
        .await?
        .ok_or_else(|| refused(Refusal::NoRequest))?;
    let title = &event.details.title;
    let link = format!(
        "{}/events/{}/visa-letter",
        state.public_url.trim_end_matches('/'),
        event.details.slug
    );
    let mail = Mail {
        recipient: registration.email,
        subject: format!("Your visa invitation letter for {title}"),
        body: format!(
            "The organisers of {title} approved your visa invitation letter. Print it, or save \
             it as a PDF, from:\n\n{link}"
        ),
    };
    send(state, mail).await
}
