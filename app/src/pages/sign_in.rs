//! `/signin`: sign in with email and password.
use crate::api::SignIn;
use crate::auth::{field_error, form_error, use_auth};
use crate::components::FormField;
use crate::model::{return_to, with_return_to};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    use_auth().follow(action);
    let value = action.value();
    // Where the person was before: kept through the form, checked by the server.
    let query = use_query_map();
    let back = query
        .with_untracked(|query| query.get("return_to"))
        .unwrap_or_default();
    let other = with_return_to("/signup", return_to(Some(&back)));
    view! {
        <Title text="Sign in" />
        <section class="form-page">
            <h1>"Sign in"</h1>
            <ActionForm action attr:class="form" attr:novalidate="">
                <input type="hidden" name="return_to" value=back />
                <FormField name="email" label="Email" kind="email" autocomplete="email" required=true
                    maxlength=254 error=field_error(value, "email") />
                <FormField name="password" label="Password" kind="password" autocomplete="current-password"
                    required=true error=field_error(value, "password") />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    "Sign in"
                </button>
            </ActionForm>
            <p><A href="/password/forgot">"Forgot your password?"</A></p>
            <p>"New here? " <A href=other>"Create an account"</A></p>
        </section>
    }
}
