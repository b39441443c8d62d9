//! `/events/{slug}/registrations`: the organisers' queue. Every request with its age (the
//! seed promises an answer within five business days, so old ones are flagged), the
//! decisions, and the number of places.
use crate::api::{get_registration_queue, ConfigureRegistration, DecideRegistration};
use crate::auth::{field_error, form_error};
use crate::components::{ErrorView, FormField};
use crate::model::{QueueEntry, RegistrationQueue, RegistrationState, ANSWER_SOON};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let decide = ServerAction::<DecideRegistration>::new();
    let configure = ServerAction::<ConfigureRegistration>::new();
    let queue = Resource::new(
        move || (slug(), decide.version().get(), configure.version().get()),
        |(slug, ..)| get_registration_queue(slug),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading requests…"</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(queue) => view! { <Queue queue decide configure /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Queue(
    queue: RegistrationQueue,
    decide: ServerAction<DecideRegistration>,
    configure: ServerAction<ConfigureRegistration>,
) -> impl IntoView {
    let slug = queue.slug.clone();
    let counts = &queue.counts;
    let summary = format!(
        "{} confirmed · {} provisional · {} on the waiting list · {} places",
        counts.confirmed, counts.provisional, counts.waiting, queue.capacity
    );
    let value = configure.value();
    let entries = queue
        .entries
        .iter()
        .cloned()
        .map(|entry| view! { <Entry entry slug=slug.clone() decide /> })
        .collect_view();
    let empty = queue
        .entries
        .is_empty()
        .then(|| view! { <p class="empty">"No requests yet."</p> });
    view! {
        <Title text=format!("Requests · {}", queue.event_title) />
        <section class="registrations">
            <p class="event-status"><a href=format!("/events/{slug}")>{queue.event_title.clone()}</a></p>
            <h1>"Requests and attendees"</h1>
            <p class="lede">{summary}</p>
            <ActionForm action=configure attr:class="form registration-settings" attr:novalidate="">
                <input type="hidden" name="slug" value=slug.clone() />
                <FormField name="capacity" label="Places" inputmode="numeric"
                    value=queue.capacity.to_string() error=field_error(value, "capacity") />
                <label class="check">
                    <input type="checkbox" name="open" checked=queue.open />
                    " Registration is open"
                </label>
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button">"Save"</button>
            </ActionForm>
            <p class="form-error" role="alert">{form_error(decide.value())}</p>
            {empty}
            <ol class="request-list">{entries}</ol>
        </section>
    }
}

#[component]
fn Entry(
    entry: QueueEntry,
    slug: String,
    decide: ServerAction<DecideRegistration>,
) -> impl IntoView {
    let id = entry.id;
    let soon = entry.waiting_days.filter(|days| *days >= ANSWER_SOON);
    let age = entry.waiting_days.map(|days| match days {
        0 => "asked today".to_owned(),
        1 => "waiting 1 business day".to_owned(),
        n => format!("waiting {n} business days"),
    });
    let days = if entry.request.days.is_empty() {
        "every day".to_owned()
    } else {
        entry
            .request
            .days
            .iter()
            .map(|day| format!("{} only", day.format("%-d %b")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let stipend = entry.request.stipend.clone().map(|s| {
        view! { <p>"Stipend: " {s.amount} " " {s.currency} " · " {s.reason}</p> }
    });
    let note = (!entry.request.note.is_empty())
        .then(|| view! { <p class="muted">{entry.request.note.clone()}</p> });
    let open = entry.state.is_open();
    let button = move |decision: &'static str, label: &'static str, slug: String| {
        view! {
            <ActionForm action=decide attr:class="inline-form">
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="registration_id" value=id />
                <input type="hidden" name="decision" value=decision />
                <button type="submit" class="button-link">{label}</button>
            </ActionForm>
        }
    };
    let approve = matches!(
        entry.state,
        RegistrationState::Requested | RegistrationState::Waiting
    )
    .then(|| button("approve", "Approve", slug.clone()));
    let wait = (entry.state == RegistrationState::Requested)
        .then(|| button("wait", "Waiting list", slug.clone()));
    let decline = open.then(|| {
        view! {
            <ActionForm action=decide attr:class="inline-form decline-form">
                <input type="hidden" name="slug" value=slug.clone() />
                <input type="hidden" name="registration_id" value=id />
                <input type="hidden" name="decision" value="decline" />
                <input type="text" name="message" aria-label="Message with the decline (optional)"
                    placeholder="Message (optional)" maxlength="2000" />
                <button type="submit" class="button-link">"Decline"</button>
            </ActionForm>
        }
    });
    view! {
        <li class="request" class:answer-soon=soon.is_some()>
            <p class="request-head">
                <strong>{entry.person.display_name.clone()}</strong>
                {(!entry.person.affiliation.is_empty()).then(|| format!(" ({})", entry.person.affiliation))}
                " " <span class="badge">{entry.state.label()}</span>
            </p>
            <p class="muted">
                {entry.email.clone()} " · asked " {entry.requested_on.format("%-d %b").to_string()}
                {age.map(|age| format!(" · {age}"))}
                " · " {days}
                {entry.request.needs_visa.then_some(" · needs a visa letter")}
            </p>
            {stipend}
            {note}
            <div class="actions">{approve}{wait}{decline}</div>
        </li>
    }
}
