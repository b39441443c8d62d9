//! `/events/{slug}`: everything an attendee needs to get there and be there.
use super::event_registration::{RegistrationActions, RegistrationSection};
use crate::api::{get_event, get_registration, RequestInvitation};
use crate::components::{ErrorView, HotelList};
use crate::kept_form::provide_kept;
use crate::live::{Live, LiveBadge};
use crate::model::{format_date_range, format_hours, Event, LiveMessage, Phase};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let live = Live::new();
    provide_context(live);
    // A resync (the page missed too much while away) reloads the page's data in place.
    let event = Resource::new(
        move || (slug(), live.resyncs.get()),
        |(slug, _)| get_event(slug),
    );
    let actions = RegistrationActions::new();
    provide_kept::<RequestInvitation>();
    let registration = Resource::new(
        move || (slug(), live.resyncs.get(), actions.versions()),
        |(slug, ..)| get_registration(slug),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading event…"</p> }>
            {move || match (event.get(), registration.get()) {
                (Some(Ok(event)), Some(Ok(panel))) => Some(view! {
                    <LiveEvent event live />
                    <RegistrationSection panel live actions />
                }
                .into_any()),
                (Some(Err(error)), _) | (_, Some(Err(error))) => {
                    Some(view! { <ErrorView error /> }.into_any())
                }
                _ => None,
            }}
        </Transition>
    }
}

/// The page, kept current by the event's live stream.
#[component]
fn LiveEvent(event: Event, live: Live) -> impl IntoView {
    live.follow(&event.slug, event.live_seq);
    let current = RwSignal::new(event);
    live.on_message(move |message| {
        if let LiveMessage::EventChanged { event } = message {
            current.update(|current| {
                let can_edit = current.can_edit;
                *current = Event {
                    can_edit,
                    ..(**event).clone()
                };
            });
        }
    });
    move || view! { <EventView event=current.get() /> }
}

#[component]
fn EventView(event: Event) -> impl IntoView {
    let dates = format_date_range(event.starts_on, event.ends_on);
    let hours = format_hours(event.day_starts, event.day_ends);
    let zone = if event.zone_offset.is_empty() {
        event.time_zone.clone()
    } else {
        format!("{} ({})", event.time_zone, event.zone_offset)
    };
    let summary = format!("{dates} · {} · {}", event.venue.name, event.tagline);
    let writeups = format!("/events/{}/writeups", event.slug);
    let archived = (event.phase == Phase::Past).then(|| {
        view! {
            <p class="notice" role="note">
                "This event is over. Its page stays here as an archive: read the "
                <a href=writeups.clone()>"write-ups and what came out of each topic"</a>
                "."
            </p>
        }
    });
    let map = event.venue.map_url.clone().map(|url| {
        view! {
            <a class="button-link" href=url rel="noopener" target="_blank">
                "Open in map"
            </a>
        }
    });
    let social = event.social.clone().map(|social| {
        view! {
            <div class="fact-block">
                <h3>"Evening social"</h3>
                <p>
                    <time datetime=social.on.to_string()>
                        {social.on.format("%A %-d %B").to_string()}
                    </time>
                </p>
                <div class="prose" inner_html=social.html></div>
            </div>
        }
    });
    let hotels = (!event.hotels.is_empty()).then(|| {
        view! {
            <section id="hotels" class="section" aria-labelledby="hotels-heading">
                <h2 id="hotels-heading">"Where to stay"</h2>
                <HotelList slug=event.slug.clone() hotels=event.hotels.clone() />
            </section>
        }
    });

    view! {
        <Title text=event.title.clone() />
        <Meta name="description" content=summary.clone() />
        <Meta property="og:title" content=event.title.clone() />
        <Meta property="og:description" content=summary />
        <Meta property="og:type" content="website" />
        <article class="event">
            <header class="event-header">
                <p class="event-status">
                    <span class="badge">{event.phase.label()}</span>
                    <LiveBadge />
                </p>
                <h1>{event.title.clone()}</h1>
                <p class="lede">{event.tagline.clone()}</p>
                <p class="actions">
                    <a class="button-link" href="#attend">"Attend"</a>
                    <a class="button-link" href=format!("/events/{}/topics", event.slug)>
                        "Topic board"
                    </a>
                    <a class="button-link" href=format!("/events/{}/agenda", event.slug)>
                        "Agenda"
                    </a>
                    {(event.phase != Phase::Upcoming).then(|| view! {
                        <a class="button-link" href=writeups.clone()>"Write-ups"</a>
                    })}
                    {event.can_edit.then(|| view! {
                        <a class="button-link" href=format!("/events/{}/edit", event.slug)>
                            "Edit event page"
                        </a>
                    })}
                    {(event.can_edit && event.phase == Phase::Past).then(|| view! {
                        <a class="button-link" href=format!("/events/{}/writeups#next-year", event.slug)>
                            "Copy to next year"
                        </a>
                    })}
                </p>
            </header>
            {archived}
            <div class="grid-2">
                <section class="card" aria-labelledby="when-heading">
                    <h2 id="when-heading">"When"</h2>
                    <p class="big">
                        <time datetime=event.starts_on.to_string()>{dates}</time>
                    </p>
                    <p>"Every day " <strong>{hours}</strong></p>
                    <p class="muted">"Times are in " {zone}</p>
                    {social}
                </section>
                <section class="card" aria-labelledby="where-heading">
                    <h2 id="where-heading">"Where"</h2>
                    <p class="big">{event.venue.name.clone()}</p>
                    <p class="address">{event.venue.address.clone()}</p>
                    {map}
                </section>
            </div>
            {hotels}
            <details class="section" open>
                <summary>
                    <h2>"Getting there"</h2>
                </summary>
                <div class="prose" inner_html=event.transport_html></div>
            </details>
            <details class="section" open>
                <summary>
                    <h2>"Visa invitation letters"</h2>
                </summary>
                <div class="prose" inner_html=event.visa_html></div>
            </details>
            <section class="section card on-your-phone" aria-labelledby="phone-heading">
                <h2 id="phone-heading">"On your phone"</h2>
                <img class="qr" src=format!("/events/{}/qr.svg", event.slug) width="160" height="160"
                    alt="QR code of the agenda's address" />
                <ul class="feed-links">
                    <li><a href=format!("/events/{}/agenda", event.slug)>"The agenda, live"</a></li>
                    <li><a href=format!("/events/{}/agenda/now", event.slug)>"Now / Next"</a></li>
                    <li>
                        <a href=format!("/events/{}/agenda.ics", event.slug)>"Calendar feed (iCal)"</a>
                        " · subscribe and your calendar follows every change"
                    </li>
                    <li>
                        "For conference apps (Giggity, EventFahrplan, ConfClerk): "
                        <a href=format!("/events/{}/schedule.xml", event.slug)>"schedule.xml"</a>
                        " · "
                        <a href=format!("/events/{}/schedule.json", event.slug)>"schedule.json"</a>
                    </li>
                </ul>
            </section>
        </article>
    }
}
