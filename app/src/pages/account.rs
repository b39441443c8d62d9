//! `/account`: a participant's name, affiliation, listing and password.
use crate::api::{ChangePassword, UpdateProfile};
use crate::auth::{field_error, form_error, use_auth};
use crate::components::{ErrorView, FormField};
use crate::error::AppError;
use crate::model::User;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Title text="Your account" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) => view! { <AccountForms user /> }.into_any(),
                    Ok(None) => view! { <ErrorView error=AppError::SignInRequired /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AccountForms(user: User) -> impl IntoView {
    let profile = ServerAction::<UpdateProfile>::new();
    let password = ServerAction::<ChangePassword>::new();
    use_auth().follow(profile);
    let (profile_value, password_value) = (profile.value(), password.value());
    // Tracked: with JavaScript the save navigates to `?saved=…` while this form stays mounted.
    let query = use_query_map();
    let note = move |what: &'static str, text: &'static str| {
        move || {
            query
                .with(|query| query.get("saved").as_deref() == Some(what))
                .then(|| {
                    view! { <p class="notice notice-ok" role="status">{text}</p> }
                })
        }
    };
    view! {
        <section class="form-page">
            <h1>"Your account"</h1>
            <p class="muted">"Signed in as " {user.email.clone()}</p>
            <h2>"Profile"</h2>
            {note("profile", "Your profile is saved.")}
            <ActionForm action=profile attr:class="form" attr:novalidate="">
                <FormField name="display_name" label="Name" value=user.display_name.clone()
                    autocomplete="name" required=true maxlength=80
                    error=field_error(profile_value, "display_name") />
                <FormField name="affiliation" label="Company or project"
                    value=user.affiliation.clone() autocomplete="organization" maxlength=120
                    error=field_error(profile_value, "affiliation") />
                <div class="field field-check">
                    <input type="checkbox" id="field-listed" name="listed" checked=user.listed />
                    <label for="field-listed">"Show me in public attendee lists"</label>
                </div>
                <p class="form-error" role="alert">{form_error(profile_value)}</p>
                <button type="submit" class="button" disabled=move || profile.pending().get()>
                    "Save profile"
                </button>
            </ActionForm>
            {user.is_admin.then(|| view! {
                <h2>"Administration"</h2>
                <ul class="admin-links">
                    <li><A href="/events/new">"Create an event"</A></li>
                    <li><A href="/admin/outbox">"Outbox: the emails the app sent"</A></li>
                </ul>
            })}
            <h2>"Password"</h2>
            {note("password", "Your password is changed.")}
            <ActionForm action=password attr:class="form" attr:novalidate="">
                <FormField name="current_password" label="Current password" kind="password"
                    autocomplete="current-password" required=true
                    error=field_error(password_value, "current_password") />
                <FormField name="new_password" label="New password" kind="password"
                    autocomplete="new-password" required=true hint="At least 10 characters."
                    error=field_error(password_value, "new_password") />
                <p class="form-error" role="alert">{form_error(password_value)}</p>
                <button type="submit" class="button" disabled=move || password.pending().get()>
                    "Change password"
                </button>
            </ActionForm>
        </section>
    }
}
