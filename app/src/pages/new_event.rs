//! `/events/new`: an admin starts an event; the editor takes it from there.
use crate::api::{CreateEvent, ImportEvent};
use crate::auth::{field_error, form_error, use_auth};
use crate::components::{ErrorView, FormField};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewEventPage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Title text="New event" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) if user.is_admin => view! { <NewEventForm /> <ImportForm /> }.into_any(),
                    Ok(Some(_)) => view! { <ErrorView error=AppError::Forbidden /> }.into_any(),
                    Ok(None) => view! { <ErrorView error=AppError::SignInRequired /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NewEventForm() -> impl IntoView {
    let action = ServerAction::<CreateEvent>::new();
    let value = action.value();
    view! {
        <section class="form-page">
            <h1>"New event"</h1>
            <p class="lede">"The essentials first; you fill in the rest in the editor."</p>
            <ActionForm action attr:class="form" attr:novalidate="">
                <FormField name="title" label="Title" required=true maxlength=120
                    error=field_error(value, "title") />
                <FormField name="slug" label="Short name" required=true maxlength=64
                    hint="In the address: /events/short-name. Lowercase letters, digits, hyphens; it cannot change later."
                    error=field_error(value, "slug") />
                <div class="field-pair">
                    <FormField name="starts_on" label="First day" kind="date" required=true
                        error=field_error(value, "starts_on") />
                    <FormField name="ends_on" label="Last day" kind="date" required=true
                        error=field_error(value, "ends_on") />
                </div>
                <FormField name="time_zone" label="Time zone" required=true value="Europe/London"
                    error=field_error(value, "time_zone") />
                <FormField name="venue_name" label="Venue" required=true maxlength=120
                    error=field_error(value, "venue_name") />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    "Create event"
                </button>
            </ActionForm>
        </section>
    }
}

/// An event exported from another Hackboard (its `export.json`), pasted in.
#[component]
fn ImportForm() -> impl IntoView {
    let action = ServerAction::<ImportEvent>::new();
    let value = action.value();
    view! {
        <details class="section form-page">
            <summary><h2>"Import an event"</h2></summary>
            <p class="muted">
                "Paste the file an organiser downloaded from another Hackboard (the event's "
                "export.json), or run " <code>"hackboard import FILE"</code> " on the server for "
                "large events. People are matched by email; nothing is kept if anything is wrong."
            </p>
            <ActionForm action attr:class="form" attr:novalidate="">
                <FormField name="archive" label="Exported event (JSON)" rows=8 required=true
                    error=field_error(value, "archive") />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    "Import event"
                </button>
            </ActionForm>
        </details>
    }
}
