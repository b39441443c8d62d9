//! The hotel suggestions, sortable by distance or price.
//!
//! The order lives in the URL (`?hotels=nearest`): before the WASM loads a sort link is a plain
//! link the server answers; after, the router re-sorts in place without a request.
use crate::model::{Hotel, HotelOrder};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HotelList(slug: String, hotels: Vec<Hotel>) -> impl IntoView {
    let query = use_query_map();
    let order = Memo::new(move |_| HotelOrder::from_query(query.read().get("hotels").as_deref()));
    let sorted = move || {
        let mut list = hotels.clone();
        order.get().sort(&mut list);
        list
    };
    let sort_links = HotelOrder::ALL.map(|choice| {
        let href = format!("/events/{slug}?hotels={}#hotels", choice.query_value());
        let current = move || (order.get() == choice).then_some("true");
        // A plain link: the router still handles it client-side, and unlike `<A>` it does not
        // mark every sort link as the current page.
        view! {
            <a href=href class="chip" data-noscroll="" aria-current=current>
                {choice.label()}
            </a>
        }
    });

    view! {
        <nav class="sort-links" aria-label="Sort hotels">
            <span class="sort-label">"Sort:"</span>
            {sort_links}
        </nav>
        <ol class="hotel-list">
            {move || sorted().into_iter().map(|hotel| view! { <HotelCard hotel /> }).collect_view()}
        </ol>
    }
}

#[component]
fn HotelCard(hotel: Hotel) -> impl IntoView {
    let travel = hotel.travel_minutes.map(|m| {
        view! { <span class="badge">{format!("~{m} min from venue")}</span> }
    });
    let rate = hotel.rate.map(|r| {
        view! {
            <div class="fact">
                <dt>"Per night"</dt>
                <dd>{r.display()}</dd>
            </div>
        }
    });
    let station = (!hotel.nearest_station.is_empty()).then(|| {
        view! {
            <div class="fact">
                <dt>"Nearest station"</dt>
                <dd>{hotel.nearest_station}</dd>
            </div>
        }
    });
    let distance = (!hotel.distance_note.is_empty()).then(|| {
        view! {
            <div class="fact">
                <dt>"Distance"</dt>
                <dd>{hotel.distance_note}</dd>
            </div>
        }
    });
    let directions = hotel.directions_url.map(|url| {
        view! {
            <a class="button-link" href=url rel="noopener" target="_blank">
                "Directions"
            </a>
        }
    });
    view! {
        <li class="card hotel">
            <div class="hotel-head">
                <h3>{hotel.name}</h3>
                {travel}
            </div>
            <p class="address">{hotel.address}</p>
            <dl class="facts">{rate} {station} {distance}</dl>
            {directions}
        </li>
    }
}
