//! `/events/{slug}/edit`: organisers keep their event page up to date; admins name organisers.
use crate::api::{event_editor, AddOrganiser, RemoveOrganiser, UpdateEvent};
use crate::auth::{field_error, form_error};
use crate::components::{ErrorView, FormField};
use crate::kept_form::{kept, provide_kept};
use crate::model::{EditableEvent, HotelForm, HotelOp, Person};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn EventEditPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let search = use_location().search;
    // Every save redirects to a new `?saved=REVISION`, so the form reloads what was stored;
    // a failed save leaves the URL, and the form with what was typed, alone.
    let editor = Resource::new(
        move || (slug(), search.get()),
        |(slug, _)| event_editor(slug),
    );
    let organisers = OrganiserList::new(slug);
    provide_kept::<UpdateEvent>();
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the editor…"</p> }>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(editable) => view! { <Editor editable organisers /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The organisers box reloads on its own after an add or remove, so that unsaved edits in the
/// main form survive. Its resource lives at page level: SSR may run a component inside a
/// Suspense twice and drop the first run, and a resource made there would lose its context
/// while its query is still in flight.
#[derive(Clone, Copy)]
struct OrganiserList {
    add: ServerAction<AddOrganiser>,
    remove: ServerAction<RemoveOrganiser>,
    list: Resource<Result<EditableEvent, crate::error::AppError>>,
}

impl OrganiserList {
    fn new(slug: impl Fn() -> String + Send + Sync + 'static) -> Self {
        let add = ServerAction::<AddOrganiser>::new();
        let remove = ServerAction::<RemoveOrganiser>::new();
        let list = Resource::new(
            move || (slug(), add.version().get(), remove.version().get()),
            |(slug, ..)| event_editor(slug),
        );
        Self { add, remove, list }
    }
}

#[component]
fn Editor(editable: EditableEvent, organisers: OrganiserList) -> impl IntoView {
    let save = ServerAction::<UpdateEvent>::new();
    let value = save.value();
    let err = move |name: &str| field_error(value, format!("event[{name}]"));
    let saved = use_location().search.get_untracked().contains("saved=");
    let public = format!("/events/{}", editable.slug);
    let (slug, revision) = (editable.slug.clone(), editable.revision);
    // A refused plain save comes back with what was typed.
    let form = kept::<UpdateEvent>().map_or(editable.form, |refused| refused.event);
    let hotel_count = form.hotels.len();
    let mut rows = form.hotels.clone();
    rows.push(HotelForm::default());
    let hotels = rows
        .into_iter()
        .enumerate()
        .map(|(row, hotel)| view! { <HotelRow row hotel count=hotel_count value /> })
        .collect_view();
    view! {
        <Title text=format!("Edit {}", editable.title) />
        <section class="editor">
            <header class="editor-header">
                <h1>"Edit " {editable.title.clone()}</h1>
                <p>
                    <A href=public.clone()>"View the event page"</A>
                </p>
                {saved.then(|| view! {
                    <p class="notice notice-ok" role="status">
                        "Saved. Visitors see the changes now."
                    </p>
                })}
            </header>
            <ActionForm action=save attr:class="form" attr:novalidate="">
                // Enter in a field submits with the first button: make that a plain save.
                <button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true">
                    "Save"
                </button>
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="revision" value=revision />
                <fieldset class="editor-section">
                    <legend>"The event"</legend>
                    <FormField name="event[title]" label="Title" value=form.title required=true
                        maxlength=120 error=err("title") />
                    <FormField name="event[tagline]" label="Tagline" value=form.tagline maxlength=200
                        hint="One sentence under the title." error=err("tagline") />
                </fieldset>
                <fieldset class="editor-section">
                    <legend>"Dates and hours"</legend>
                    <div class="field-pair">
                        <FormField name="event[starts_on]" label="First day" kind="date"
                            value=form.starts_on required=true error=err("starts_on") />
                        <FormField name="event[ends_on]" label="Last day" kind="date"
                            value=form.ends_on required=true error=err("ends_on") />
                    </div>
                    <div class="field-pair">
                        <FormField name="event[day_starts]" label="Doors open" kind="time"
                            value=form.day_starts required=true error=err("day_starts") />
                        <FormField name="event[day_ends]" label="Day ends" kind="time"
                            value=form.day_ends required=true error=err("day_ends") />
                    </div>
                    <FormField name="event[time_zone]" label="Time zone" value=form.time_zone
                        required=true hint="Where the event happens, like Europe/London."
                        error=err("time_zone") />
                </fieldset>
                <fieldset class="editor-section">
                    <legend>"Venue"</legend>
                    <FormField name="event[venue_name]" label="Name" value=form.venue_name
                        required=true maxlength=120 error=err("venue_name") />
                    <FormField name="event[venue_address]" label="Address" value=form.venue_address
                        rows=3 error=err("venue_address") />
                    <FormField name="event[map_url]" label="Map link" kind="url" value=form.map_url
                        hint="https://…, opened by the “Open in map” button." error=err("map_url") />
                </fieldset>
                <fieldset class="editor-section">
                    <legend>"Evening social"</legend>
                    <FormField name="event[social_on]" label="Date" kind="date" value=form.social_on
                        hint="Leave empty if there is none." error=err("social_on") />
                    <FormField name="event[social_md]" label="Details" value=form.social_md rows=3
                        hint="Markdown." error=err("social_md") />
                </fieldset>
                <fieldset class="editor-section">
                    <legend>"Hotels"</legend>
                    <p class="hint">
                        "In the order visitors see them. Fill in the last, empty hotel to add one."
                    </p>
                    <ol class="hotel-rows">{hotels}</ol>
                </fieldset>
                <fieldset class="editor-section">
                    <legend>"Getting there and visas"</legend>
                    <FormField name="event[transport_md]" label="Getting there" value=form.transport_md
                        rows=6 hint="Markdown: airports, trains, parking." error=err("transport_md") />
                    <FormField name="event[visa_md]" label="Visa invitation letters" value=form.visa_md
                        rows=4 hint="Markdown: who to ask, and how early." error=err("visa_md") />
                </fieldset>
                <p class="form-error" role="alert">{form_error(value)}</p>
                <div class="editor-actions">
                    <button type="submit" class="button" disabled=move || save.pending().get()>
                        "Save changes"
                    </button>
                    <A href=public>"Cancel"</A>
                </div>
            </ActionForm>
            <Organisers slug=editable.slug can_name=editable.can_name_organisers organisers />
        </section>
    }
}

/// One hotel's fields; the row after the last hotel is empty, for adding one.
#[component]
fn HotelRow(
    row: usize,
    hotel: HotelForm,
    /// How many hotels there are, not counting the empty row.
    count: usize,
    value: MappedSignal<Option<Result<(), crate::error::AppError>>>,
) -> impl IntoView {
    let name = move |field: &str| format!("event[hotels][{row}][{field}]");
    let err = move |field: &str| field_error(value, name(field));
    let is_new = row == count;
    let legend = if is_new {
        "Add a hotel".to_owned()
    } else {
        format!("Hotel {}: {}", row + 1, hotel.name)
    };
    let button = move |op: HotelOp, label: &'static str, shown: bool| {
        shown.then(|| {
            view! {
                <button type="submit" class="chip" name="op" value=op.value()>
                    {label}
                </button>
            }
        })
    };
    view! {
        <li class="hotel-row" class:hotel-row-new=is_new>
            <fieldset>
                <legend>{legend}</legend>
                <FormField name=name("name") label="Name" value=hotel.name maxlength=120
                    error=err("name") />
                <FormField name=name("address") label="Address" value=hotel.address rows=2
                    error=err("address") />
                <div class="field-pair">
                    <FormField name=name("nearest_station") label="Nearest station"
                        value=hotel.nearest_station error=err("nearest_station") />
                    <FormField name=name("travel_minutes") label="Minutes to the venue"
                        value=hotel.travel_minutes inputmode="numeric" error=err("travel_minutes") />
                </div>
                <FormField name=name("distance_note") label="Distance note" value=hotel.distance_note
                    hint="Like “4 minute walk to the venue”." error=err("distance_note") />
                <div class="field-trio">
                    <FormField name=name("rate_min") label="Rate from" value=hotel.rate_min
                        inputmode="numeric" error=err("rate_min") />
                    <FormField name=name("rate_max") label="Rate to" value=hotel.rate_max
                        inputmode="numeric" error=err("rate_max") />
                    <FormField name=name("currency") label="Currency" value=hotel.currency
                        maxlength=3 error=err("currency") />
                </div>
                <FormField name=name("directions_url") label="Directions link" kind="url"
                    value=hotel.directions_url error=err("directions_url") />
                {(!is_new).then(|| view! {
                    <div class="row-actions">
                        {button(HotelOp::Up(row), "Move up", row > 0)}
                        {button(HotelOp::Down(row), "Move down", row + 1 < count)}
                        {button(HotelOp::Remove(row), "Remove", true)}
                    </div>
                })}
            </fieldset>
        </li>
    }
}

/// Who organises the event; admins add and remove organisers here.
#[component]
fn Organisers(slug: String, can_name: bool, organisers: OrganiserList) -> impl IntoView {
    let OrganiserList { add, remove, list } = organisers;
    let added = add.value();
    let person_row = move |person: Person, slug: String| {
        let name = person.display_name.clone();
        let remove_form = can_name.then(|| {
            view! {
                <ActionForm action=remove attr:class="inline-form">
                    <input type="hidden" name="slug" value=slug />
                    <input type="hidden" name="user_id" value=person.id />
                    <button type="submit" class="link-button">
                        "Remove " <span class="visually-hidden">{name}</span>
                    </button>
                </ActionForm>
            }
        });
        view! {
            <li>
                <span>{person.display_name.clone()}</span>
                " "
                <span class="muted">{person.affiliation}</span>
                " "
                {remove_form}
            </li>
        }
    };
    let people = {
        let slug = slug.clone();
        move || {
            let slug = slug.clone();
            Suspend::new(async move {
                let organisers = list.await.map(|e| e.organisers).unwrap_or_default();
                if organisers.is_empty() {
                    return view! { <li class="empty">"Nobody yet."</li> }.into_any();
                }
                organisers
                    .into_iter()
                    .map(|person| person_row(person, slug.clone()))
                    .collect_view()
                    .into_any()
            })
        }
    };
    let add_form = can_name.then(|| {
        view! {
            <ActionForm action=add attr:class="form" attr:novalidate="">
                <input type="hidden" name="slug" value=slug.clone() />
                <FormField name="email" label="Add an organiser by email" kind="email"
                    hint="They need an account first." error=field_error(added, "email") />
                <p class="form-error" role="alert">{form_error(added)}</p>
                <button type="submit" class="button" disabled=move || add.pending().get()>
                    "Add organiser"
                </button>
            </ActionForm>
        }
    });
    view! {
        <section class="editor-section organisers" aria-labelledby="organisers-heading">
            <h2 id="organisers-heading">"Organisers"</h2>
            <ul class="people">
                <Transition fallback=|| ()>{people.clone()}</Transition>
            </ul>
            {add_form}
        </section>
    }
}
