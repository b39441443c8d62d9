//! The demo's invented attendees and their registrations. The archive has the shape of the
//! 2014 wiki's lists: 37 confirmed (one for the first day only), 2 provisional while their
//! visas were pending and 2 on the waiting list. A dozen of them come back for the upcoming
//! event, where a few requests still wait for the organiser. Written straight to the store:
//! the services take no requests for an event that is over, and these people cannot sign in.
use anyhow::Context;
use chrono::NaiveDate;
use hackboard_app::model::{Action, Decision, RegistrationRequest};
use hackboard_app::server::{
    registration, AppState, NewUser, RegistrationChange, RegistrationKey, RegistrationSettings,
    RegistrationUpdate,
};

/// (name, affiliation), in the order they confirmed for 2014.
const CONFIRMED: [(&str, &str); 36] = [
    ("Bastien Moreau", "Vatelier"),
    ("Céline Aubert", "Vatelier"),
    ("Iwan Llewelyn", "Cloudwright"),
    ("Daniela Berger", "Red Lantern Linux"),
    ("Piotr Kowalczyk", "Oakridge Systems"),
    ("Dwayne Sutton", "Northwind Telecom"),
    ("Stefania Rinaldi", "Cloudwright"),
    ("Tobias Lindqvist", "Independent"),
    ("Nikos Papadakis", "OnRamp Hosting"),
    ("Eleni Alexiou", "OnRamp Hosting"),
    ("Xanthe Georgiou", "OnRamp Hosting"),
    ("Rui Martins", "Pacifica Labs Europe"),
    ("Dorothy Keane", "Northwind Telecom"),
    ("Davide Ferraro", "Cloudwright"),
    ("Antoine Perrin", "Cloudwright"),
    ("Gareth Dunmore", "Cloudwright"),
    ("Ivor Jenkins", "Cloudwright"),
    ("Filipa Moura", "Pacifica Labs Europe"),
    ("Ramon Puig", "Cloudwright"),
    ("Jonah Garside", "Stackhouse"),
    ("Boris Orlov", "Oakridge Systems"),
    ("Thea Lindgren", "University of Cambridge"),
    ("Arun Mehta", "University of Cambridge"),
    ("Dafydd Scott", "Cloudwright"),
    ("Jonas Lund", "Cloudwright"),
    ("Kasia Wróbel", "Oakridge Systems"),
    ("Wen Li", "Cloudwright"),
    ("Alistair Cobb", "Harbour Group"),
    ("Juliette Granger", "Armada Silicon"),
    ("Dmitri Volkov", "Cloudwright"),
    ("Andrea Cooke", "Cloudwright"),
    ("Johanna Berg", "Suedwerk"),
    ("Sunil Kalra", "Hanul Electronics"),
    ("Kiran Sandhu", "Red Lantern Linux"),
    ("Dana Kessler", "Red Lantern Linux"),
    // The wiki's "29th only".
    ("Marek Zielinski", "Armada Silicon"),
];

/// Confirmed, with a visa invitation letter not yet through.
const PROVISIONAL: [(&str, &str); 2] = [
    ("Andriy Tkachenko", "Lviv Software"),
    ("Malcolm Croft", "Cloudwright"),
];

const WAITING: [(&str, &str); 2] = [
    ("Zoltan Kerekes", "Cloudwright"),
    ("Euan Hale", "Cloudwright"),
];

/// The invented attendee with `name` comes only on the first day.
const ONE_DAY: &str = "Marek Zielinski";

/// An invented attendee, as stored.
#[derive(Clone, Copy, Debug)]
pub struct Attendee {
    pub id: i64,
    name: &'static str,
    affiliation: &'static str,
}

/// Creates the invented attendees: the confirmed first, in order, then the provisional and
/// the waiting. No password hash can match "!", so signing in as one is a wrong password.
pub async fn attendees(state: &AppState) -> anyhow::Result<Vec<Attendee>> {
    let everyone = CONFIRMED.iter().chain(&PROVISIONAL).chain(&WAITING);
    let mut created = Vec::new();
    for (number, &(name, affiliation)) in everyone.enumerate() {
        let user = NewUser {
            email: format!("attendee{}@demo.hackboard.example", number + 1),
            display_name: name.into(),
            affiliation: affiliation.into(),
            password_hash: "!".into(),
            is_admin: false,
        };
        let id = state
            .store
            .insert_user(&user)
            .await?
            .context("a demo attendee's email is taken")?;
        created.push(Attendee {
            id,
            name,
            affiliation,
        });
    }
    Ok(created)
}

/// What happens to one registration, in order.
#[derive(Clone, Copy)]
enum Steps {
    /// Asked; the organisers have not answered.
    Ask,
    /// Asked and approved: invited if a place is free, else waiting.
    Approve,
    /// Approved and confirmed.
    Come,
}

/// Fills the archive's places as the wiki listed them, the demo organiser first. A free place
/// and a waiting list cannot both exist (a free place invites the first in line), so the
/// archive holds the 39 places the wiki's lists took of its 40.
pub async fn archive(
    state: &AppState,
    event_id: i64,
    organiser_id: i64,
    attendees: &[Attendee],
    first_day: NaiveDate,
    now: i64,
) -> anyhow::Result<()> {
    let places = |open| RegistrationSettings {
        capacity: 39,
        open,
        stipend_budget: None,
        stipend_currency: "GBP".into(),
    };
    let store = state.store.as_ref();
    store
        .update_registration_settings(event_id, places(true), now, registration::announce)
        .await?;
    let organiser = Attendee {
        id: organiser_id,
        name: "",
        affiliation: "Hackboard demo",
    };
    let coming = CONFIRMED.len() + PROVISIONAL.len();
    for (index, attendee) in std::iter::once(&organiser).chain(attendees).enumerate() {
        let needs_visa = index > CONFIRMED.len() && index <= coming;
        let steps = if index <= coming {
            Steps::Come
        } else {
            Steps::Approve
        };
        let day = (attendee.name == ONE_DAY).then_some(first_day);
        register(
            state,
            event_id,
            organiser_id,
            attendee,
            day,
            needs_visa,
            steps,
            now,
        )
        .await?;
    }
    store
        .update_registration_settings(event_id, places(false), now, registration::announce)
        .await?;
    Ok(())
}

/// A dozen of the 2014 attendees are coming back; two more have asked and one is invited, so
/// the organiser's queue has something to decide.
pub async fn upcoming(
    state: &AppState,
    event_id: i64,
    organiser_id: i64,
    attendees: &[Attendee],
    now: i64,
) -> anyhow::Result<()> {
    for (index, attendee) in attendees.iter().take(15).enumerate() {
        let steps = match index {
            0..12 => Steps::Come,
            12 => Steps::Approve,
            _ => Steps::Ask,
        };
        // One of those coming back waits for a visa again.
        let needs_visa = index == 11;
        register(
            state,
            event_id,
            organiser_id,
            attendee,
            None,
            needs_visa,
            steps,
            now,
        )
        .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn register(
    state: &AppState,
    event_id: i64,
    organiser_id: i64,
    attendee: &Attendee,
    day: Option<NaiveDate>,
    needs_visa: bool,
    steps: Steps,
    now: i64,
) -> anyhow::Result<()> {
    let request = RegistrationRequest {
        days: day.into_iter().collect(),
        affiliation: attendee.affiliation.into(),
        needs_visa,
        stipend: None,
        note: String::new(),
        listed: true,
    };
    let change = |action, by, request| RegistrationChange {
        action,
        by,
        request,
        message: String::new(),
    };
    let mut changes = vec![change(Action::Request, attendee.id, Some(request))];
    if matches!(steps, Steps::Approve | Steps::Come) {
        changes.push(change(
            Action::Decide(Decision::Approve),
            organiser_id,
            None,
        ));
    }
    if matches!(steps, Steps::Come) {
        changes.push(change(Action::Confirm, attendee.id, None));
    }
    let key = RegistrationKey::User(attendee.id);
    for step in changes {
        let update = state
            .store
            .update_registration(event_id, key, &step, now, registration::announce)
            .await?;
        if let RegistrationUpdate::Refused(refusal) = update {
            anyhow::bail!("demo registration: {}", refusal.message());
        }
    }
    Ok(())
}
