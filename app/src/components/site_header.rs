//! The bar at the top of every page: home, and who is signed in.
use super::SignInLink;
use crate::auth::use_auth;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"#"</span>
                "Hackboard"
            </A>
            <nav class="account" aria-label="Account">
                <Transition fallback=|| ()>
                    <AccountLinks />
                </Transition>
            </nav>
        </header>
    }
}

#[component]
fn AccountLinks() -> impl IntoView {
    let auth = use_auth();
    move || {
        Suspend::new(async move {
            match auth.user.await {
                Ok(Some(user)) => view! {
                    <A href="/account" attr:class="account-name" attr:title="Your account">
                        {user.display_name}
                    </A>
                    <ActionForm action=auth.sign_out attr:class="inline-form">
                        <button type="submit" class="link-button">"Sign out"</button>
                    </ActionForm>
                }
                .into_any(),
                _ => view! {
                    <SignInLink>"Sign in"</SignInLink>
                    <SignInLink form="/signup" class="button-link">"Sign up"</SignInLink>
                }
                .into_any(),
            }
        })
    }
}
