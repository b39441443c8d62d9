//! `/events/{slug}/release?token=…`: the reminder's "release my place" link. One button, no
//! sign-in: the token in the link is the permission.
use crate::api::ReleasePlace;
use crate::auth::{field_error, form_error};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ReleasePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = params.read_untracked().get("slug").unwrap_or_default();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let action = ServerAction::<ReleasePlace>::new();
    let value = action.value();
    let released = move || {
        query.read().get("released").is_some() || value.get().is_some_and(|result| result.is_ok())
    };
    let event_link = format!("/events/{slug}");
    view! {
        <Title text="Release your place" />
        <section class="form-page">
            <h1>"Release your place"</h1>
            <Show
                when=released
                fallback=move || {
                    let (slug, token) = (slug.clone(), token.clone());
                    view! {
                    <p class="lede">
                        "Cannot come after all? Release your place and the first person on the \
                         waiting list is invited at once."
                    </p>
                    <ActionForm action attr:class="form">
                        <input type="hidden" name="slug" value=slug />
                        <input type="hidden" name="token" value=token />
                        <p class="form-error" role="alert">{field_error(value, "token")}</p>
                        <p class="form-error" role="alert">{form_error(value)}</p>
                        <button type="submit" class="button" disabled=move || action.pending().get()>
                            "Release my place"
                        </button>
                    </ActionForm>
                    }
                }
            >
                <p class="notice notice-ok" role="status">
                    "Your place is released. Thank you for telling us: someone from the waiting \
                     list can come instead."
                </p>
            </Show>
            <p><a href=event_link>"Back to the event"</a></p>
        </section>
    }
}
