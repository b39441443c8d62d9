//! The links a topic's outcome points at: notes, mailing-list threads, patches.
use leptos::prelude::*;

#[component]
pub fn OutcomeLinks(links: Vec<String>) -> impl IntoView {
    let items = links.into_iter().map(|link| {
        let text = link.clone();
        // Written by participants: no referrer, and no ranking passed on to spam.
        view! { <li><a href=link rel="noopener nofollow ugc">{text}</a></li> }
    });
    view! { <ul class="outcome-links">{items.collect_view()}</ul> }
}
