//! UNBUILT DRAFT (wip/demo-seed, issue 17 item 6): not yet compiled or wired into `demo.rs`.
//!
//! The archive's registrations in the shape of the 2014 wiki's lists: 37 confirmed (one for
//! the first day only), 2 provisional while their visas were pending and 2 on the waiting
//! list. The people are invented and cannot sign in. Written straight to the store: the
//! event is over, so the services take no requests for it.
use anyhow::Context;
use chrono::NaiveDate;
use hackboard_app::model::{Action, Decision, RegistrationRequest};
use hackboard_app::server::{
    AppState, NewUser, RegistrationChange, RegistrationKey, RegistrationSettings,
};

/// (name, affiliation), in the order they confirmed.
const CONFIRMED: [(&str, &str); 37] = [
    ("Rhiannon Pryce", "Hackboard demo"),
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

const WAITING: [(&str, &str); 2] = [("Zoltan Kerekes", "Cloudwright"), ("Euan Hale", "Cloudwright")];

/// Fills the archive's places as the wiki listed them. A free place and a waiting list cannot
/// both exist (a free place invites the first in line), so the event holds the 39 places the
/// wiki's lists took. [Decide: or 40, with the demo organiser holding one.]
pub async fn load(
    state: &AppState,
    event_id: i64,
    organiser_id: i64,
    first_day: NaiveDate,
    now: i64,
) -> anyhow::Result<()> {
    let store = state.store.as_ref();
    let places = |open| RegistrationSettings {
        capacity: 39,
        open,
        stipend_budget: None,
        stipend_currency: "GBP".into(),
    };
    store.set_registration(event_id, places(true), now).await?;
    let groups = [
        (&CONFIRMED[..], false),
        (&PROVISIONAL[..], true),
        (&WAITING[..], false),
    ];
    let mut number = 0;
    for (people, needs_visa) in groups {
        for &(name, affiliation) in people {
            number += 1;
            // No password hash can match "!": these people cannot sign in. [Check that the
            // sign-in refuses it as a wrong password and does not fail with a 500.]
            let user = NewUser {
                email: format!("attendee{number}@demo.hackboard.example"),
                display_name: name.into(),
                affiliation: affiliation.into(),
                password_hash: "!".into(),
                is_admin: false,
            };
            let id = store
                .insert_user(&user)
                .await?
                .context("a demo attendee's email is taken")?;
            let one_day = name == "Marek Zielinski";
            let request = RegistrationRequest {
                days: if one_day { vec![first_day] } else { Vec::new() },
                affiliation: affiliation.into(),
                needs_visa,
                stipend: None,
                note: String::new(),
                listed: true,
            };
            let key = RegistrationKey::User(id);
            let change = |action, by, request| RegistrationChange {
                action,
                by,
                request,
                message: String::new(),
            };
            let steps = [
                change(Action::Request, id, Some(request)),
                // When the places are taken, approving puts the request on the waiting list.
                change(Action::Decide(Decision::Approve), organiser_id, None),
            ];
            for step in steps {
                store
                    .change_registration(event_id, key, &step, now)
                    .await?
                    .map_err(|refusal| anyhow::anyhow!("{}", refusal.message()))?;
            }
            if people.as_ptr() != WAITING.as_ptr() {
                let confirm = change(Action::Confirm, id, None);
                store
                    .change_registration(event_id, key, &confirm, now)
                    .await?
                    .map_err(|refusal| anyhow::anyhow!("{}", refusal.message()))?;
            }
        }
    }
    store.set_registration(event_id, places(false), now).await?;
    Ok(())
}
