//! `/signup`: create an account.
use crate::api::SignUp;
use crate::auth::{field_error, form_error, use_auth};
use crate::components::FormField;
use crate::model::{return_to, with_return_to};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    use_auth().follow(action);
    let value = action.value();
    // Where the person was before: kept through the form, checked by the server.
    let query = use_query_map();
    let back = query
        .with_untracked(|query| query.get("return_to"))
        .unwrap_or_default();
    let other = with_return_to("/signin", return_to(Some(&back)));
    view! {
        <Title text="Create an account" />
        <section class="form-page">
            <h1>"Create an account"</h1>
            <p class="lede">"Propose topics, vote, and request an invitation."</p>
            <ActionForm action attr:class="form" attr:novalidate="">
                <input type="hidden" name="return_to" value=back />
                <FormField name="email" label="Email" kind="email" autocomplete="email" required=true
                    maxlength=254 error=field_error(value, "email") />
                <FormField name="display_name" label="Name" autocomplete="name" required=true
                    maxlength=80 hint="Shown next to what you write." error=field_error(value, "display_name") />
                <FormField name="affiliation" label="Company or project" autocomplete="organization"
                    maxlength=120 hint="Optional, as in an attendee list: “Citrix”, “University of Cambridge”."
                    error=field_error(value, "affiliation") />
                <FormField name="password" label="Password" kind="password" autocomplete="new-password"
                    required=true hint="At least 10 characters." error=field_error(value, "password") />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    "Create account"
                </button>
            </ActionForm>
            <p>"Already have an account? " <A href=other>"Sign in"</A></p>
        </section>
    }
}
