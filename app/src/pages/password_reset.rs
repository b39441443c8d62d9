//! `/password/forgot` asks for a reset link; `/password/reset?token=…` sets a new password.
use crate::api::{RequestPasswordReset, ResetPassword};
use crate::auth::{field_error, form_error, use_auth};
use crate::components::FormField;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let value = action.value();
    let sent = move || use_query_map().read().get("sent").is_some();
    view! {
        <Title text="Forgot your password?" />
        <section class="form-page">
            <h1>"Forgot your password?"</h1>
            <p class="lede">"We email you a link to choose a new one. It works once, within an hour."</p>
            <Show when=sent>
                <p class="notice notice-ok" role="status">
                    "If an account uses that address, the link is on its way. Check your inbox."
                </p>
            </Show>
            <ActionForm action attr:class="form" attr:novalidate="">
                <FormField name="email" label="Email" kind="email" autocomplete="email"
                    required=true maxlength=254 error=field_error(value, "email") />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    "Send the link"
                </button>
            </ActionForm>
            <p><A href="/signin">"Back to sign in"</A></p>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    use_auth().follow(action);
    let value = action.value();
    let token = use_query_map()
        .get_untracked()
        .get("token")
        .unwrap_or_default();
    let expired = field_error(value, "token");
    view! {
        <Title text="Choose a new password" />
        <section class="form-page">
            <h1>"Choose a new password"</h1>
            <Show when=move || expired.get().is_some()>
                <p class="notice" role="alert">
                    {move || expired.get()} " " <A href="/password/forgot">"Ask for a new link"</A>
                </p>
            </Show>
            <ActionForm action attr:class="form" attr:novalidate="">
                <input type="hidden" name="token" value=token.clone() />
                <FormField name="new_password" label="New password" kind="password"
                    autocomplete="new-password" required=true hint="At least 10 characters."
                    error=field_error(value, "new_password") />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    "Set password and sign in"
                </button>
            </ActionForm>
        </section>
    }
}
