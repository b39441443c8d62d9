//! One event in a list: title, dates and venue, linking to its page.
use crate::model::{format_date_range, EventCard};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn EventCardView(card: EventCard) -> impl IntoView {
    let href = format!("/events/{}", card.slug);
    let dates = format_date_range(card.starts_on, card.ends_on);
    let running = (card.phase == crate::model::Phase::Running).then(|| {
        view! { <span class="badge badge-live">{card.phase.label()}</span> }
    });
    view! {
        <li class="event-card">
            <A href=href>
                <span class="event-card-title">{card.title}</span>
            </A>
            {running}
            <p class="event-card-meta">
                <time datetime=card.starts_on.to_string()>{dates}</time>
                " · "
                {card.venue_name}
            </p>
            <p class="event-card-tagline">{card.tagline}</p>
        </li>
    }
}
