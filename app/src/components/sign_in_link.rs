//! A link to sign in (or up) that brings the person back to the page they were on.
use crate::model::with_return_to;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn SignInLink(
    /// `/signin` or `/signup`.
    #[prop(default = "/signin")]
    form: &'static str,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let location = use_location();
    let href = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        if search.is_empty() {
            with_return_to(form, &path)
        } else {
            with_return_to(form, &format!("{path}?{search}"))
        }
    };
    view! { <a href=href class=(!class.is_empty()).then_some(class)>{children()}</a> }
}
