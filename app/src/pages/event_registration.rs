//! The event page's "Attend" section: places left, live for everyone, and the visitor's own
//! request: the form, where it stands, confirm or release.
use crate::api::{CancelRegistration, ConfirmPlace, RequestInvitation};
use crate::auth::{field_error, form_error};
use crate::components::{FormField, SignInLink};
use crate::kept_form::kept;
use crate::live::Live;
use crate::model::{
    AttendanceCounts, Attendee, AttendeeGroup, Fee, LiveMessage, MyRegistration, RegistrationPanel,
    RegistrationState, StipendDecision, CURRENCIES,
};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

/// The actions of the section, made by the page so its data reloads after each.
#[derive(Clone, Copy)]
pub struct RegistrationActions {
    pub request: ServerAction<RequestInvitation>,
    pub confirm: ServerAction<ConfirmPlace>,
    pub cancel: ServerAction<CancelRegistration>,
    /// Bumped when the visitor's own request may have moved (an organiser decided).
    pub reloads: RwSignal<u32>,
}

impl RegistrationActions {
    pub fn new() -> Self {
        RegistrationActions {
            request: ServerAction::new(),
            confirm: ServerAction::new(),
            cancel: ServerAction::new(),
            reloads: RwSignal::new(0),
        }
    }

    /// Changes whenever one of them is answered, or a reload is asked for.
    pub fn versions(&self) -> (usize, usize, usize, u32) {
        (
            self.request.version().get(),
            self.confirm.version().get(),
            self.cancel.version().get(),
            self.reloads.get(),
        )
    }
}

#[component]
pub fn RegistrationSection(
    panel: RegistrationPanel,
    live: Live,
    actions: RegistrationActions,
) -> impl IntoView {
    let counts = RwSignal::new(panel.counts.clone());
    // Counts come whole with the message; where the visitor's own request stands (an
    // organiser may just have invited them) is read again.
    let has_request = panel.mine.as_ref().is_some_and(|mine| mine.state.is_open());
    live.on_message(move |message| {
        if let LiveMessage::AttendanceChanged { counts: now } = message {
            counts.set(now.clone());
            if has_request {
                actions.reloads.update(|n| *n += 1);
            }
        }
    });
    let days: Vec<NaiveDate> = panel.counts.per_day.iter().map(|(day, _)| *day).collect();
    let slug = panel.slug.clone();
    let own = match (&panel.mine, panel.signed_in) {
        _ if panel.over => ().into_any(),
        (_, false) => view! {
            <p><SignInLink class="button-link">"Sign in to ask for an invitation"</SignInLink></p>
        }
        .into_any(),
        (Some(mine), true) if mine.state.is_open() => {
            view! { <OwnRequest slug=slug.clone() mine=mine.clone() actions /> }.into_any()
        }
        (mine, true) if panel.open => {
            let before = mine.as_ref().map(|mine| {
                view! { <p class="muted">{state_text(mine.state)}" You can ask again."</p> }
            });
            let affiliation = panel.affiliation.clone();
            view! { {before} <RequestForm slug=slug.clone() days affiliation actions /> }.into_any()
        }
        (mine, true) => {
            let before = mine
                .as_ref()
                .map(|mine| view! { <p>{state_text(mine.state)}</p> });
            view! { {before} <p class="muted">"Registration is closed."</p> }.into_any()
        }
    };
    let queue = panel.organiser.then(|| {
        view! {
            <p><a class="button-link" href=format!("/events/{slug}/registrations")>
                "Requests and attendees"
            </a></p>
        }
    });
    let over = panel.over;
    let attendees = (!panel.attendees.is_empty())
        .then(|| view! { <AttendeeList attendees=panel.attendees.clone() over /> });
    view! {
        <section id="attend" class="section card" aria-labelledby="attend-heading">
            <h2 id="attend-heading">{if over { "Who came" } else { "Attend" }}</h2>
            <Counts counts over />
            {own}
            {queue}
            {attendees}
        </section>
    }
}

/// Who is coming, in the seed's three groups, with partial days ("17th only").
#[component]
fn AttendeeList(attendees: Vec<Attendee>, over: bool) -> impl IntoView {
    let groups = AttendeeGroup::ALL
        .into_iter()
        .filter_map(|group| {
            let people: Vec<Attendee> = attendees
                .iter()
                .filter(|a| a.group == group)
                .cloned()
                .collect();
            (!people.is_empty()).then(|| {
                let items = people
                    .into_iter()
                    .map(|person| {
                        let affiliation = (!person.affiliation.is_empty())
                            .then(|| format!(" ({})", person.affiliation));
                        let days = (!person.days.is_empty()).then(|| {
                            let days = person
                                .days
                                .iter()
                                .map(|day| ordinal(day.day()))
                                .collect::<Vec<_>>()
                                .join(", ");
                            view! { <span class="muted">" · "{days}" only"</span> }
                        });
                        view! { <li>{person.name}{affiliation}{days}</li> }
                    })
                    .collect_view();
                view! {
                    <h4>{group.heading()}</h4>
                    <ul class="attendee-list">{items}</ul>
                }
            })
        })
        .collect_view();
    view! {
        <div class="attendees">
            <h3>{if over { "The attendee list" } else { "Who is coming" }}</h3>
            {groups}
        </div>
    }
}

/// "29th", as the seed writes partial days.
fn ordinal(day: u32) -> String {
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}

#[component]
fn Counts(counts: RwSignal<AttendanceCounts>, over: bool) -> impl IntoView {
    let summary = move || {
        counts.with(|c| {
            let held = c.confirmed + c.provisional;
            let left = c.capacity.saturating_sub(held);
            let places = match left {
                _ if over => format!(
                    "The event is over: {held} of {} places were taken",
                    c.capacity
                ),
                0 => "No places left".to_owned(),
                1 => format!("1 place left of {}", c.capacity),
                n => format!("{n} places left of {}", c.capacity),
            };
            (places, c.confirmed, c.provisional, c.waiting)
        })
    };
    let per_day = move || {
        counts.with(|c| {
            (c.per_day.len() > 1).then(|| {
                c.per_day
                    .iter()
                    .map(|(day, held)| format!("{}: {held}", day.format("%a %-d %b")))
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
        })
    };
    view! {
        <p class="big places" aria-live="polite">{move || summary().0}</p>
        <p class="attendance-counts">
            <span><strong>{move || summary().1}</strong>" confirmed"</span>
            <span><strong>{move || summary().2}</strong>" provisional"</span>
            <span><strong>{move || summary().3}</strong>" on the waiting list"</span>
        </p>
        <p class="muted">{per_day}</p>
    }
}

fn state_text(state: RegistrationState) -> &'static str {
    match state {
        RegistrationState::Requested => {
            "You asked for an invitation. The organisers answer within five business days."
        }
        RegistrationState::Invited => "A place is yours: please confirm that you are coming.",
        RegistrationState::Confirmed => "You are coming. See you there!",
        RegistrationState::Waiting => {
            "You are on the waiting list. When a place frees up, the first in line is invited \
             and told by email."
        }
        RegistrationState::Declined => "The organisers could not offer you a place.",
        RegistrationState::Cancelled => "You cancelled your request.",
    }
}

#[component]
fn OwnRequest(slug: String, mine: MyRegistration, actions: RegistrationActions) -> impl IntoView {
    let state = mine.state;
    let confirm_slug = slug.clone();
    let confirm = (state == RegistrationState::Invited).then(move || {
        view! {
            <ActionForm action=actions.confirm attr:class="inline-form">
                <input type="hidden" name="slug" value=confirm_slug />
                <button type="submit" class="button">"Confirm I am coming"</button>
            </ActionForm>
        }
    });
    let release = if state.holds_place() {
        "Release my place"
    } else if state == RegistrationState::Waiting {
        "Leave the waiting list"
    } else {
        "Withdraw my request"
    };
    let visa = (mine.request.needs_visa && !mine.visa_cleared && state.holds_place()).then(
        || view! { <p class="muted">"Your place is provisional until your visa is granted."</p> },
    );
    let letter = mine.request.needs_visa.then(|| {
        view! {
            <p><a class="button-link" href=format!("/events/{slug}/visa-letter")>
                "Visa invitation letter"
            </a></p>
        }
    });
    let fee = state.holds_place().then(|| {
        let text = match mine.fee {
            Fee::Unpaid => "Fee: not paid yet.",
            Fee::Paid => "Fee: paid, thank you.",
            Fee::Waived => "Fee: waived.",
        };
        view! { <p class="muted">{text}</p> }
    });
    let stipend = mine.request.stipend.clone().map(|s| {
        let decision = match mine.stipend_decision {
            None => "not decided yet",
            Some(StipendDecision::Granted) => "granted",
            Some(StipendDecision::Refused) => "refused",
        };
        view! {
            <p class="muted stipend-decision">
                "Travel stipend of " {s.amount} " " {s.currency} ": " <strong>{decision}</strong>
            </p>
        }
    });
    let days = if mine.request.days.is_empty() {
        "Every day".to_owned()
    } else {
        mine.request
            .days
            .iter()
            .map(|day| day.format("%A %-d %B").to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <p class="registration-state">
            <span class="badge">{state.label()}</span>" "{state_text(state)}
        </p>
        <p class="muted">"Days: " {days}</p>
        {visa}
        {letter}
        {fee}
        {stipend}
        <div class="actions">
            {confirm}
            <ActionForm action=actions.cancel attr:class="inline-form">
                <input type="hidden" name="slug" value=slug />
                <button type="submit" class="button-link">{release}</button>
            </ActionForm>
        </div>
        <p class="form-error" role="alert">{form_error(actions.confirm.value())}</p>
        <p class="form-error" role="alert">{form_error(actions.cancel.value())}</p>
    }
}

#[component]
fn RequestForm(
    slug: String,
    days: Vec<NaiveDate>,
    /// Filled in from the account, so most people need not type it.
    affiliation: String,
    actions: RegistrationActions,
) -> impl IntoView {
    let value = actions.request.value();
    // After a refused plain post, the form as it was sent; otherwise as it starts.
    let kept = kept::<RequestInvitation>();
    let ticked = |day: &str| {
        kept.as_ref()
            .is_none_or(|k| k.days.iter().flatten().any(|d| d == day))
    };
    let day_boxes = days
        .iter()
        .map(|day| {
            let value = day.format("%Y-%m-%d").to_string();
            let label = day.format("%A %-d %B").to_string();
            let checked = ticked(&value);
            view! {
                <label class="check">
                    <input type="checkbox" name="days[]" value=value checked=checked />
                    " " {label}
                </label>
            }
        })
        .collect_view();
    let currency = kept.as_ref().map(|k| k.stipend_currency.clone());
    let currencies = CURRENCIES
        .iter()
        .map(|c| {
            let selected = currency.as_deref() == Some(*c);
            view! { <option value=*c selected=selected>{*c}</option> }
        })
        .collect_view();
    let needs_visa = kept.as_ref().is_some_and(|k| k.needs_visa.is_some());
    let listed = kept.as_ref().is_none_or(|k| k.listed.is_some());
    let typed = |field: fn(&RequestInvitation) -> &String| {
        kept.as_ref().map(|k| field(k).clone()).unwrap_or_default()
    };
    let affiliation = kept.as_ref().map_or(affiliation, |k| k.affiliation.clone());
    let (amount, reason, note) = (
        typed(|k| &k.stipend_amount),
        typed(|k| &k.stipend_reason),
        typed(|k| &k.note),
    );
    let several_days = days.len() > 1;
    view! {
        <ActionForm action=actions.request attr:class="form registration-form" attr:novalidate="">
            <input type="hidden" name="slug" value=slug />
            {several_days.then(|| view! {
                <fieldset class="field days">
                    <legend>"Which days"</legend>
                    <input type="hidden" name="pick_days" value="on" />
                    {day_boxes}
                    <p class="form-error" role="alert">{field_error(value, "days")}</p>
                </fieldset>
            })}
            <FormField name="affiliation" label="Affiliation" maxlength=120 value=affiliation
                hint="Company, project or university, as the attendee list shows it."
                error=field_error(value, "affiliation") />
            <label class="check">
                <input type="checkbox" name="needs_visa" checked=needs_visa />
                " I need a visa invitation letter"
            </label>
            <fieldset class="stipend">
                <legend>"Travel stipend (optional)"</legend>
                <FormField name="stipend_amount" label="Amount" inputmode="numeric" value=amount
                    hint="Whole units; leave empty if you need none."
                    error=field_error(value, "stipend_amount") />
                <div class="field">
                    <label for="field-stipend-currency">"Currency"</label>
                    <select id="field-stipend-currency" name="stipend_currency">{currencies}</select>
                    <p class="form-error" role="alert">{field_error(value, "stipend_currency")}</p>
                </div>
                <FormField name="stipend_reason" label="What it would pay for" rows=2 value=reason
                    error=field_error(value, "stipend_reason") />
            </fieldset>
            <FormField name="note" label="Note to the organisers (optional)" rows=3 value=note
                error=field_error(value, "note") />
            <label class="check">
                <input type="checkbox" name="listed" checked=listed />
                " Show my name on the public attendee list"
            </label>
            <p class="form-error" role="alert">{form_error(value)}</p>
            <button type="submit" class="button" disabled=move || actions.request.pending().get()>
                "Ask for an invitation"
            </button>
        </ActionForm>
    }
}
