//! `/events/{slug}/agenda/edit`: the organisers' editor. A grid of rooms × time per day:
//! pick a topic (most-voted first) or a session, then a free slot, by tap or by dragging with a
//! mouse; the form below fills in, shows the conflicts the change would make, and saves it.
//! Every form also works typed by hand, before the WASM loads. Each save names the agenda
//! version it was based on: a stale one is refused and the editor shows the current agenda.
use super::agenda::use_live_agenda;
use crate::api::{AddRoom, MoveSession, ScheduleSession, SwapSessions, UnscheduleSession};
use crate::auth::{field_error, form_error};
use crate::components::{ErrorView, FormField};
use crate::live::{Live, LiveBadge};
use crate::model::{conflicts, Agenda, Session, SlotForm};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;

/// The grid's first and last half hour, unless sessions reach further.
const DAY_START: u32 = 8 * 60;
const DAY_END: u32 = 20 * 60;
const STEP: u32 = 30;

#[derive(Clone, Copy)]
struct EditorActions {
    room: ServerAction<AddRoom>,
    schedule: ServerAction<ScheduleSession>,
    moves: ServerAction<MoveSession>,
    swap: ServerAction<SwapSessions>,
    unschedule: ServerAction<UnscheduleSession>,
}

impl EditorActions {
    /// Moves whenever one of them is answered.
    fn versions(&self) -> usize {
        self.room.version().get()
            + self.schedule.version().get()
            + self.moves.version().get()
            + self.swap.version().get()
            + self.unschedule.version().get()
    }
}

/// What the organiser is about to do, as the forms hold it.
#[derive(Clone, Debug, Default, PartialEq)]
struct Draft {
    /// The session being moved; `None`: a new one.
    session_id: Option<i64>,
    /// The session to swap it with.
    swap_with: Option<i64>,
    topic_id: String,
    title: String,
    slot: SlotForm,
}

#[component]
pub fn AgendaEditPage() -> impl IntoView {
    let live = Live::new();
    provide_context(live);
    let actions = EditorActions {
        room: ServerAction::new(),
        schedule: ServerAction::new(),
        moves: ServerAction::new(),
        swap: ServerAction::new(),
        unschedule: ServerAction::new(),
    };
    let agenda = use_live_agenda(live, move || actions.versions());
    let draft = RwSignal::new(Draft::default());
    // A saved change empties the draft; the agenda reloads with the action's answer.
    Effect::new(move |_| {
        actions.versions();
        let saved = [
            actions.schedule.value().with(|v| matches!(v, Some(Ok(_)))),
            actions.moves.value().with(|v| matches!(v, Some(Ok(_)))),
            actions.swap.value().with(|v| matches!(v, Some(Ok(_)))),
            actions
                .unschedule
                .value()
                .with(|v| matches!(v, Some(Ok(_)))),
        ];
        if saved.contains(&true) {
            draft.set(Draft::default());
        }
    });
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the agenda…"</p> }>
            {move || agenda.get().map(|loaded| match loaded {
                Ok(agenda) if agenda.can_edit => {
                    live.follow(&agenda.slug, agenda.live_seq);
                    view! { <Editor agenda actions draft /> }.into_any()
                }
                Ok(_) => view! { <ErrorView error=crate::error::AppError::Forbidden /> }.into_any(),
                Err(error) => view! { <ErrorView error /> }.into_any(),
            })}
        </Transition>
    }
}

/// Brings the form that saves the change into view, its bottom at the screen's bottom so the
/// grid stays in sight above it.
fn show_draft() {
    #[cfg(feature = "hydrate")]
    if let Some(form) = document().get_element_by_id("draft") {
        form.scroll_into_view_with_bool(false);
    }
}

fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The agenda as it would be with the draft saved, for the conflict preview.
fn preview(agenda: &Agenda, draft: &Draft) -> Option<Vec<Session>> {
    let mut sessions = agenda.sessions.clone();
    if let (Some(first), Some(second)) = (draft.session_id, draft.swap_with) {
        let a = sessions.iter().position(|s| s.id == first)?;
        let b = sessions.iter().position(|s| s.id == second)?;
        let (a_len, b_len) = (
            sessions[a].local_end - sessions[a].local_start,
            sessions[b].local_end - sessions[b].local_start,
        );
        let (a_room, a_start) = (sessions[a].room_id, sessions[a].local_start);
        let (b_room, b_start) = (sessions[b].room_id, sessions[b].local_start);
        sessions[a].room_id = b_room;
        sessions[a].local_start = b_start;
        sessions[a].local_end = b_start + a_len;
        sessions[b].room_id = a_room;
        sessions[b].local_start = a_start;
        sessions[b].local_end = a_start + b_len;
        return Some(sessions);
    }
    let slot = draft.slot.check(&agenda.days).ok()?;
    match draft.session_id {
        Some(id) => {
            let session = sessions.iter_mut().find(|s| s.id == id)?;
            session.room_id = slot.room_id;
            session.local_start = slot.local_start();
            session.local_end = slot.local_end();
        }
        None => {
            let topic = agenda
                .topics
                .iter()
                .find(|t| t.id.to_string() == draft.topic_id);
            sessions.push(Session {
                id: 0,
                room_id: slot.room_id,
                topic_id: topic.map(|t| t.id),
                title: topic.map_or_else(|| draft.title.clone(), |t| t.title.clone()),
                starts_at: slot.local_start().and_utc(),
                ends_at: slot.local_end().and_utc(),
                local_start: slot.local_start(),
                local_end: slot.local_end(),
                sequence: 0,
                contacts: topic.map(|t| t.contacts.clone()).unwrap_or_default(),
                interest: topic.map_or(0, |t| t.votes),
            });
        }
    }
    Some(sessions)
}

#[component]
fn Editor(agenda: Agenda, actions: EditorActions, draft: RwSignal<Draft>) -> impl IntoView {
    let slug = agenda.slug.clone();
    let shared = StoredValue::new(agenda.clone());
    let errors = view! {
        <p class="form-error" role="alert">{form_error(actions.schedule.value())}</p>
        <p class="form-error" role="alert">{form_error(actions.moves.value())}</p>
        <p class="form-error" role="alert">{form_error(actions.swap.value())}</p>
        <p class="form-error" role="alert">{form_error(actions.unschedule.value())}</p>
    };
    let found = conflicts(&agenda.rooms, &agenda.sessions);
    let has_conflicts = !found.is_empty();
    let now_conflicts = found
        .into_iter()
        .map(|c| view! { <li>{c.message()}</li> })
        .collect_view();
    let topics = agenda
        .topics
        .iter()
        .map(|topic| {
            let id = topic.id.to_string();
            let picked = {
                let id = id.clone();
                move || draft.with(|d| d.session_id.is_none() && d.topic_id == id)
            };
            let pick = {
                move || {
                    draft.update(|d| {
                        d.session_id = None;
                        d.swap_with = None;
                        d.topic_id = id.clone();
                    })
                }
            };
            let pick_on_drag = pick.clone();
            view! {
                <li>
                    <button type="button" class="topic-pick" draggable="true"
                        aria-pressed=move || picked().to_string()
                        on:click=move |_| pick()
                        on:dragstart=move |_| pick_on_drag()>
                        <span>{topic.title.clone()}</span>
                        <span class="muted">" · " {topic.votes} " votes"</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    let days = agenda
        .days
        .iter()
        .map(|day| view! { <DayGrid day=*day agenda=agenda.clone() draft /> })
        .collect_view();
    let preview_conflicts = move || {
        let draft = draft.get();
        if draft == Draft::default() {
            return None;
        }
        let sessions = shared.with_value(|agenda| preview(agenda, &draft))?;
        let found = shared.with_value(|agenda| conflicts(&agenda.rooms, &sessions));
        Some(if found.is_empty() {
            view! { <p class="notice notice-ok">"No conflicts."</p> }.into_any()
        } else {
            let items = found
                .into_iter()
                .map(|c| view! { <li>{c.message()}</li> })
                .collect_view();
            view! {
                <div class="conflicts" role="status">
                    <p><strong>"If you save this:"</strong></p>
                    <ul>{items}</ul>
                </div>
            }
            .into_any()
        })
    };
    view! {
        <Title text=format!("Edit the agenda · {}", agenda.event_title) />
        <section class="agenda-editor">
            <p class="event-status">
                <a href=format!("/events/{slug}/agenda")>{agenda.event_title.clone()}</a>
                " " <LiveBadge />
            </p>
            <h1>"Edit the agenda"</h1>
            <p class="muted">
                "Pick a topic or a session, then a free slot (tap, or drag with a mouse). Times in "
                {agenda.time_zone.clone()} "."
            </p>
            {errors}
            {has_conflicts.then(|| view! {
                <div class="conflicts"><p><strong>"Conflicts now:"</strong></p><ul>{now_conflicts}</ul></div>
            })}
            <div class="editor-layout">
                <aside class="to-place">
                    <h2>"To place"</h2>
                    <p class="muted">"Most-voted first."</p>
                    <ul class="topic-picks">{topics}</ul>
                    <RoomForm slug=slug version=agenda.version action=actions.room />
                </aside>
                <div class="editor-days">{days}</div>
            </div>
            <section id="draft" class="draft" aria-labelledby="draft-heading">
                <h2 id="draft-heading">"Change"</h2>
                {preview_conflicts}
                <DraftForms agenda=agenda.clone() actions draft />
            </section>
            <SessionList agenda actions />
        </section>
    }
}

/// One day's grid: rooms across, half hours down. Free slots and sessions are buttons.
#[component]
fn DayGrid(day: NaiveDate, agenda: Agenda, draft: RwSignal<Draft>) -> impl IntoView {
    let sessions: Vec<Session> = agenda
        .sessions
        .iter()
        .filter(|s| s.day() == day)
        .cloned()
        .collect();
    let first = sessions
        .iter()
        .map(|s| s.start_minute())
        .min()
        .unwrap_or(DAY_START)
        .min(DAY_START)
        / STEP
        * STEP;
    let last = sessions
        .iter()
        .map(|s| s.end_minute())
        .max()
        .unwrap_or(DAY_END)
        .max(DAY_END);
    let row = move |minute: u32| (minute - first) / STEP + 2;
    let day_text = day.to_string();
    let heads = agenda
        .rooms
        .iter()
        .enumerate()
        .map(|(index, room)| {
            let style = format!("grid-column: {}; grid-row: 1", index + 1);
            view! { <div class="grid-room" style=style>{room.name.clone()} <span class="muted">" · " {room.capacity}</span></div> }
        })
        .collect_view();
    let mut cells = Vec::new();
    for (index, room) in agenda.rooms.iter().enumerate() {
        for minute in (first..last).step_by(STEP as usize) {
            let busy = sessions.iter().any(|s| {
                s.room_id == room.id && s.start_minute() <= minute && minute < s.end_minute()
            });
            if busy {
                continue;
            }
            let style = format!("grid-column: {}; grid-row: {}", index + 1, row(minute));
            let label = format!("{} · {} {}", room.name, day.format("%a"), hhmm(minute));
            let (room_id, day_text) = (room.id.to_string(), day_text.clone());
            let lengths: Vec<(i64, u32)> = agenda
                .sessions
                .iter()
                .map(|s| (s.id, s.end_minute().saturating_sub(s.start_minute())))
                .collect();
            let choose = move || {
                draft.update(|d| {
                    let length = d
                        .session_id
                        .and_then(|id| lengths.iter().find(|(s, _)| *s == id).map(|(_, l)| *l))
                        .unwrap_or(60);
                    d.swap_with = None;
                    d.slot = SlotForm {
                        room_id: room_id.clone(),
                        day: day_text.clone(),
                        start: hhmm(minute),
                        end: hhmm((minute + length).min(24 * 60 - 1)),
                    };
                });
                show_draft();
            };
            let on_drop = choose.clone();
            let hour_mark = minute % 60 == 0;
            cells.push(view! {
                <button type="button" class="grid-free" class:hour=hour_mark style=style aria-label=label
                    on:click=move |_| choose()
                    on:dragover=|ev| ev.prevent_default()
                    on:drop=move |ev| { ev.prevent_default(); on_drop() }>
                    {hour_mark.then(|| hhmm(minute))}
                </button>
            });
        }
    }
    let blocks = sessions
        .iter()
        .filter_map(|session| {
            let column = agenda.rooms.iter().position(|r| r.id == session.room_id)? + 1;
            let start = session.start_minute();
            let end = session.end_minute().max(start + STEP);
            let style = format!(
                "grid-column: {column}; grid-row: {} / {}",
                row(start),
                row(end.div_ceil(STEP) * STEP).max(row(start) + 1)
            );
            let id = session.id;
            let slot = SlotForm {
                room_id: session.room_id.to_string(),
                day: session.day().to_string(),
                start: session.local_start.format("%H:%M").to_string(),
                end: session.local_end.format("%H:%M").to_string(),
            };
            let select = move || {
                draft.update(|d| match d.session_id {
                    // A second session picked: swap the two.
                    Some(first) if first != id => d.swap_with = Some(id),
                    _ => {
                        *d = Draft {
                            session_id: Some(id),
                            slot: slot.clone(),
                            ..Draft::default()
                        }
                    }
                })
            };
            let on_drag = select.clone();
            let picked =
                move || draft.with(|d| d.session_id == Some(id) || d.swap_with == Some(id));
            Some(view! {
                <button type="button" class="grid-session" class:plain=session.topic_id.is_none()
                    style=style draggable="true"
                    aria-pressed=move || picked().to_string()
                    on:click=move |_| select()
                    on:dragstart=move |_| on_drag()>
                    <span class="grid-time">{session.hours()}</span>
                    <span class="agenda-title">{session.title.clone()}</span>
                </button>
            })
        })
        .collect_view();
    let columns = format!(
        "grid-template-columns: repeat({}, minmax(7rem, 1fr))",
        agenda.rooms.len().max(1)
    );
    view! {
        <section class="editor-day">
            <h2>{day.format("%A %-d %B").to_string()}</h2>
            {agenda.rooms.is_empty().then(|| view! { <p class="muted">"Add a room first."</p> })}
            <div class="agenda-grid editor-grid" style=columns>{heads}{cells}{blocks}</div>
        </section>
    }
}

/// The forms the draft fills in: place a topic or plain item, move, swap, unschedule.
#[component]
fn DraftForms(agenda: Agenda, actions: EditorActions, draft: RwSignal<Draft>) -> impl IntoView {
    let slug = agenda.slug.clone();
    let version = agenda.version;
    let title_of = {
        let sessions = agenda.sessions.clone();
        move |id: i64| {
            sessions
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.title.clone())
                .unwrap_or_default()
        }
    };
    let swap_form = {
        let (slug, title_of) = (slug.clone(), title_of.clone());
        move || {
            let d = draft.get();
            let (first, second) = (d.session_id?, d.swap_with?);
            let slug = slug.clone();
            let text = format!("Swap “{}” and “{}”", title_of(first), title_of(second));
            Some(view! {
                <ActionForm action=actions.swap attr:class="form">
                    <input type="hidden" name="slug" value=slug />
                    <input type="hidden" name="version" value=version />
                    <input type="hidden" name="first" value=first />
                    <input type="hidden" name="second" value=second />
                    <p>{text}</p>
                    <div class="actions">
                        <button type="submit" class="button">"Swap them"</button>
                        <button type="button" class="button-link" on:click=move |_| draft.set(Draft::default())>"Cancel"</button>
                    </div>
                </ActionForm>
            })
        }
    };
    let move_form = {
        let (slug, agenda) = (slug.clone(), agenda.clone());
        move || {
            let d = draft.get();
            let id = d.session_id?;
            if d.swap_with.is_some() {
                return None;
            }
            let title = title_of(id);
            let (slug, slug_again, agenda) = (slug.clone(), slug.clone(), agenda.clone());
            Some(view! {
                <ActionForm action=actions.moves attr:class="form">
                    <input type="hidden" name="slug" value=slug />
                    <input type="hidden" name="version" value=version />
                    <input type="hidden" name="session_id" value=id />
                    <p>"Move or resize “" {title} "”: pick a free slot, or change the times."</p>
                    <SlotFields agenda draft value=Signal::derive(move || actions.moves.value().get()) />
                    <div class="actions">
                        <button type="submit" class="button">"Save"</button>
                        <button type="button" class="button-link" on:click=move |_| draft.set(Draft::default())>"Cancel"</button>
                    </div>
                </ActionForm>
                <ActionForm action=actions.unschedule attr:class="inline-form">
                    <input type="hidden" name="slug" value=slug_again />
                    <input type="hidden" name="version" value=version />
                    <input type="hidden" name="session_id" value=id />
                    <button type="submit" class="button-link">"Take it off the agenda"</button>
                </ActionForm>
            })
        }
    };
    let topics = agenda
        .topics
        .iter()
        .map(|t| {
            let id = t.id.to_string();
            let selected = {
                let id = id.clone();
                move || draft.with(|d| d.topic_id == id)
            };
            view! { <option value=id selected=selected>{t.title.clone()} " (" {t.votes} ")"</option> }
        })
        .collect_view();
    let value = actions.schedule.value();
    let plain = move || draft.with(|d| d.topic_id.is_empty());
    view! {
        {swap_form}
        {move_form}
        <ActionForm action=actions.schedule attr:class="form schedule-form" attr:novalidate=""
            attr:hidden=move || draft.with(|d| d.session_id.is_some())>
            <input type="hidden" name="slug" value=slug.clone() />
            <input type="hidden" name="version" value=version />
            <div class="field">
                <label for="field-topic_id">"What"</label>
                <select id="field-topic_id" name="topic_id"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        draft.update(|d| d.topic_id = value);
                    }>
                    <option value="" selected=plain>"A plain item (welcome, lunch, social…)"</option>
                    {topics}
                </select>
                <p class="form-error" role="alert">{field_error(value, "topic_id")}</p>
            </div>
            <div class="field" class:hidden-field=move || !plain()>
                <label for="field-title">"Title of the plain item"</label>
                <input id="field-title" name="title" maxlength="140"
                    prop:value=move || draft.with(|d| d.title.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        draft.update(|d| d.title = value);
                    } />
                <p class="form-error" role="alert">{field_error(value, "title")}</p>
            </div>
            <SlotFields agenda=agenda.clone() draft value=Signal::derive(move || value.get()) />
            <button type="submit" class="button">"Put it on the agenda"</button>
        </ActionForm>
    }
}

/// Room, day, start and end, bound to the draft.
#[component]
fn SlotFields(
    agenda: Agenda,
    draft: RwSignal<Draft>,
    value: Signal<Option<Result<i64, crate::error::AppError>>>,
) -> impl IntoView {
    let rooms = agenda
        .rooms
        .iter()
        .map(|room| {
            let id = room.id.to_string();
            let selected = {
                let id = id.clone();
                move || draft.with(|d| d.slot.room_id == id)
            };
            view! { <option value=id selected=selected>{room.name.clone()}</option> }
        })
        .collect_view();
    let days = agenda
        .days
        .iter()
        .map(|day| {
            let text = day.to_string();
            let selected = {
                let text = text.clone();
                move || draft.with(|d| d.slot.day == text)
            };
            view! { <option value=text selected=selected>{day.format("%A %-d %B").to_string()}</option> }
        })
        .collect_view();
    let time = |name: &'static str,
                label: &'static str,
                get: fn(&Draft) -> String,
                set: fn(&mut Draft, String)| {
        view! {
            <div class="field">
                <label for=format!("field-{name}")>{label}</label>
                <input id=format!("field-{name}") name=name type="time" step="300" required
                    prop:value=move || draft.with(get)
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        draft.update(|d| set(d, value));
                    } />
                <p class="form-error" role="alert">{field_error(value, name)}</p>
            </div>
        }
    };
    let select =
        |name: &'static str, label: &'static str, options: AnyView, set: fn(&mut Draft, String)| {
            view! {
                <div class="field">
                    <label for=format!("field-{name}")>{label}</label>
                    <select id=format!("field-{name}") name=name
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            draft.update(|d| set(d, value));
                        }>
                        {options}
                    </select>
                    <p class="form-error" role="alert">{field_error(value, name)}</p>
                </div>
            }
        };
    view! {
        <div class="slot-fields">
            {select("room_id", "Room", rooms.into_any(), |d, v| d.slot.room_id = v)}
            {select("day", "Day", days.into_any(), |d, v| d.slot.day = v)}
            {time("start", "Starts", |d| d.slot.start.clone(), |d, v| d.slot.start = v)}
            {time("end", "Ends", |d| d.slot.end.clone(), |d, v| d.slot.end = v)}
        </div>
    }
}

/// Every session with its own move and remove forms: the editor without the grid, and
/// before the WASM loads.
#[component]
fn SessionList(agenda: Agenda, actions: EditorActions) -> impl IntoView {
    let rows = agenda
        .sessions
        .iter()
        .map(|session| {
            let room = agenda.room(session.room_id).map(|r| r.name.clone()).unwrap_or_default();
            let text = format!(
                "{} {} · {} · {}",
                session.local_start.format("%a"),
                session.hours(),
                room,
                session.title
            );
            let rooms = agenda
                .rooms
                .iter()
                .map(|r| view! { <option value=r.id selected=r.id == session.room_id>{r.name.clone()}</option> })
                .collect_view();
            let days = agenda
                .days
                .iter()
                .map(|d| view! { <option value=d.to_string() selected=*d == session.day()>{d.format("%a %-d %b").to_string()}</option> })
                .collect_view();
            let (slug, version, id) = (agenda.slug.clone(), agenda.version, session.id);
            let slug_again = slug.clone();
            let (start, end) = (
                session.local_start.format("%H:%M").to_string(),
                session.local_end.format("%H:%M").to_string(),
            );
            view! {
                <li>
                    <details>
                        <summary>{text}</summary>
                        <ActionForm action=actions.moves attr:class="form slot-fields">
                            <input type="hidden" name="slug" value=slug />
                            <input type="hidden" name="version" value=version />
                            <input type="hidden" name="session_id" value=id />
                            <label>"Room " <select name="room_id">{rooms}</select></label>
                            <label>"Day " <select name="day">{days}</select></label>
                            <label>"Starts " <input type="time" name="start" value=start /></label>
                            <label>"Ends " <input type="time" name="end" value=end /></label>
                            <button type="submit" class="button-link">"Move"</button>
                        </ActionForm>
                        <ActionForm action=actions.unschedule attr:class="inline-form">
                            <input type="hidden" name="slug" value=slug_again />
                            <input type="hidden" name="version" value=version />
                            <input type="hidden" name="session_id" value=id />
                            <button type="submit" class="button-link">"Take it off the agenda"</button>
                        </ActionForm>
                    </details>
                </li>
            }
        })
        .collect_view();
    (!agenda.sessions.is_empty()).then(|| {
        view! {
            <section class="session-list">
                <h2>"On the agenda"</h2>
                <ol>{rows}</ol>
            </section>
        }
    })
}

#[component]
fn RoomForm(slug: String, version: i64, action: ServerAction<AddRoom>) -> impl IntoView {
    let value = action.value();
    view! {
        <ActionForm action attr:class="form room-form" attr:novalidate="">
            <h2>"Add a room"</h2>
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="version" value=version />
            <FormField name="name" label="Name" maxlength=60 error=field_error(value, "name") />
            <FormField name="capacity" label="Seats" inputmode="numeric" error=field_error(value, "capacity") />
            <p class="form-error" role="alert">{form_error(value)}</p>
            <button type="submit" class="button">"Add the room"</button>
        </ActionForm>
    }
}
