//! `/`: upcoming events first, then the archive by year.
use crate::api::list_events;
use crate::components::{ErrorView, EventCardView};
use crate::model::{ArchiveYear, EventIndex};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let index = Resource::new(|| (), |_| list_events());
    view! {
        <Title text="" />
        <Meta name="description" content="Hackathons and unconferences: topics, registration and the live agenda." />
        <Suspense fallback=|| view! { <p class="loading">"Loading events…"</p> }>
            {move || Suspend::new(async move {
                match index.await {
                    Ok(index) => view! { <EventLists index /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EventLists(index: EventIndex) -> impl IntoView {
    let upcoming = if index.upcoming.is_empty() {
        view! { <p class="empty">"No events are planned yet. Check back soon."</p> }.into_any()
    } else {
        let cards = index
            .upcoming
            .into_iter()
            .map(|card| view! { <EventCardView card /> });
        view! { <ul class="event-list">{cards.collect_view()}</ul> }.into_any()
    };
    let archive = (!index.archive.is_empty()).then(|| {
        let years = index
            .archive
            .into_iter()
            .map(|year| view! { <ArchiveYearView year /> });
        view! {
            <section class="archive" aria-labelledby="archive-heading">
                <h2 id="archive-heading">"Archive"</h2>
                {years.collect_view()}
            </section>
        }
    });
    view! {
        <section class="hero">
            <h1>"Hackathons and unconferences"</h1>
            <p class="lede">
                "Propose topics, vote, register and follow the agenda live, on any screen."
            </p>
        </section>
        <section aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">"Upcoming"</h2>
            {upcoming}
        </section>
        {archive}
    }
}

#[component]
fn ArchiveYearView(year: ArchiveYear) -> impl IntoView {
    let cards = year
        .events
        .into_iter()
        .map(|card| view! { <EventCardView card /> });
    view! {
        <h3 class="archive-year">{year.year}</h3>
        <ul class="event-list">{cards.collect_view()}</ul>
    }
}
