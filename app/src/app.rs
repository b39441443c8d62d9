//! The HTML shell, the root component and the route table.
use crate::auth::Auth;
use crate::bundle::{Hydration, Stylesheet};
use crate::components::SiteHeader;
use crate::pages::{
    AccountPage, AgendaEditPage, AgendaNowPage, AgendaPage, AgendaScreenPage, EventEditPage,
    EventPage, ForgotPasswordPage, HomePage, NewEventPage, NotFoundPage, OutboxPage,
    ProposeTopicPage, RegistrationsPage, ReleasePage, ResetPasswordPage, SignInPage, SignUpPage,
    TopicBoardPage, TopicDetailPage, VisaLetterRoute, WriteupDetailPage, WriteupsPage,
};
use crate::raw_text::raw_text;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The document around every page, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <script src="/sw-register.js" defer></script>
                <Stylesheet options=options.clone() />
                <AutoReload options=options.clone() />
                <Hydration options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Auth::provide();
    // Only the WASM runs effects: this marks the page as interactive (tests wait for it).
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title formatter=|title: String| {
            raw_text(if title.is_empty() { "Hackboard".to_owned() } else { format!("{title} · Hackboard") })
        } />
        <Router>
            <SiteHeader />
            <main id="main">
                // Async: the status code (404, 500) and the Open Graph tags are known before the
                // first byte, and pages arrive complete for crawlers and slow phones alike.
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/events/new") view=NewEventPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug") view=EventPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/edit") view=EventEditPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/agenda") view=AgendaPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/agenda/edit") view=AgendaEditPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/agenda/now") view=AgendaNowPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/agenda/screen") view=AgendaScreenPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/registrations") view=RegistrationsPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/release") view=ReleasePage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/visa-letter") view=VisaLetterRoute ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/topics") view=TopicBoardPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/topics/new") view=ProposeTopicPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/topics/:topic") view=TopicDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/writeups") view=WriteupsPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:slug/writeups/:writeup") view=WriteupDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/password/forgot") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/password/reset") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/outbox") view=OutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/signup") view=SignUpPage ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}
