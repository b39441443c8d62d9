//! `/events/{slug}/registrations`: the organisers' queue. Every request with its age (the
//! seed promises an answer within five business days, so old ones are flagged), filters,
//! the decisions one by one or in bulk, the fee, stipend and visa marks, each request's
//! history, the stipend budget and the CSV export. It follows the live stream, so two
//! organisers see each other's decisions.
use crate::api::{
    get_registration_queue, ApproveRegistrations, ApproveVisaLetter, ConfigureRegistration,
    DecideRegistration, MarkRegistration,
};
use crate::auth::{field_error, form_error};
use crate::components::{ErrorView, FormField};
use crate::live::{Live, LiveBadge};
use crate::model::{
    Decision, Fee, HistoryLine, LiveMessage, Mark, QueueEntry, QueueFilter, RegistrationQueue,
    RegistrationState, StipendDecision, StipendTotal, ANSWER_SOON, CURRENCIES,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The actions of the page, made once so the queue reloads after each.
#[derive(Clone, Copy)]
struct QueueActions {
    decide: ServerAction<DecideRegistration>,
    approve: ServerAction<ApproveRegistrations>,
    mark: ServerAction<MarkRegistration>,
    configure: ServerAction<ConfigureRegistration>,
    letter: ServerAction<ApproveVisaLetter>,
    /// The requests ticked for bulk approval, so a row drawn afresh (a live change) keeps its
    /// tick.
    ticked: RwSignal<Vec<i64>>,
}

#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let query = use_query_map();
    let filter =
        Memo::new(move |_| QueueFilter::parse(&query.read().get("show").unwrap_or_default()));
    let actions = QueueActions {
        decide: ServerAction::new(),
        approve: ServerAction::new(),
        mark: ServerAction::new(),
        configure: ServerAction::new(),
        letter: ServerAction::new(),
        ticked: RwSignal::new(Vec::new()),
    };
    // Ticks given before the WASM arrived are in the page only: take them over.
    Effect::new(move |_| {
        actions
            .ticked
            .update(|ticked| ticked.extend(ticked_in_page()))
    });
    Effect::new(move |_| {
        if actions.approve.value().with(|v| matches!(v, Some(Ok(_)))) {
            actions.ticked.set(Vec::new());
        }
    });
    let live = Live::new();
    provide_context(live);
    let reloads = RwSignal::new(0u32);
    live.on_message(move |message| {
        if matches!(message, LiveMessage::RegistrationChanged { .. }) {
            reloads.update(|n| *n += 1);
        }
    });
    let queue = Resource::new(
        move || {
            (
                slug(),
                actions.decide.version().get(),
                actions.approve.version().get(),
                actions.mark.version().get(),
                actions.configure.version().get(),
                actions.letter.version().get(),
                reloads.get(),
                live.resyncs.get(),
            )
        },
        |(slug, ..)| get_registration_queue(slug),
    );
    // Read synchronously, not through `Suspend`: an action and its live echo reload the queue
    // twice in a row, and two racing `Suspend` rebuilds leave a half-updated list
    // (leptos-rs/leptos#4693).
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading requests…"</p> }>
            {move || queue.get().map(|loaded| match loaded {
                Ok(queue) => {
                    live.follow(&queue.slug, queue.live_seq);
                    view! { <Queue queue filter=filter.get() actions /> }.into_any()
                }
                Err(error) => view! { <ErrorView error /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Queue(queue: RegistrationQueue, filter: QueueFilter, actions: QueueActions) -> impl IntoView {
    let slug = queue.slug.clone();
    let counts = &queue.counts;
    let summary = format!(
        "{} confirmed · {} provisional · {} on the waiting list · {} places",
        counts.confirmed, counts.provisional, counts.waiting, queue.capacity
    );
    let chips = QueueFilter::ALL
        .into_iter()
        .map(|option| {
            let n = queue.entries.iter().filter(|e| option.matches(e)).count();
            let href = match option {
                QueueFilter::All => format!("/events/{slug}/registrations"),
                other => format!("/events/{slug}/registrations?show={}", other.as_str()),
            };
            view! {
                <a class="chip" href=href aria-current=(option == filter).then_some("true")>
                    {option.label()} " (" {n} ")"
                </a>
            }
        })
        .collect_view();
    let shown: Vec<QueueEntry> = queue
        .entries
        .iter()
        .filter(|e| filter.matches(e))
        .cloned()
        .collect();
    let bulk = shown.iter().any(approvable);
    let empty = shown.is_empty().then(|| {
        let text = if queue.entries.is_empty() {
            "No requests yet."
        } else {
            "None of the requests is in this group."
        };
        view! { <p class="empty">{text}</p> }
    });
    let entry_slug = slug.clone();
    let approved = actions.approve.value();
    let approved_text = move || approved.get().and_then(Result::ok);
    view! {
        <Title text=format!("Requests · {}", queue.event_title) />
        <section class="registrations">
            <p class="event-status">
                <a href=format!("/events/{slug}")>{queue.event_title.clone()}</a>
                " " <LiveBadge />
            </p>
            <h1>"Requests and attendees"</h1>
            <p class="lede">{summary}</p>
            <Settings queue=queue.clone() configure=actions.configure />
            <Stipends
                budget=queue.stipend_budget
                currency=queue.stipend_currency.clone()
                totals=queue.stipend_totals.clone()
            />
            <p>
                <a class="button-link" href=format!("/events/{slug}/registrations.csv") download="">
                    "Download the list (CSV)"
                </a>
            </p>
            <nav class="queue-filters" aria-label="Show requests">{chips}</nav>
            <p class="form-error" role="alert">{form_error(actions.decide.value())}</p>
            <p class="form-error" role="alert">{form_error(actions.mark.value())}</p>
            <p class="form-error" role="alert">{form_error(actions.letter.value())}</p>
            {bulk.then(|| view! {
                <ActionForm action=actions.approve attr:id="bulk-approve" attr:class="bulk-approve">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <button type="submit" class="button">"Approve the ticked requests"</button>
                    <span class="muted">" Places go to the oldest first; the rest join the waiting list."</span>
                </ActionForm>
            })}
            <p class="notice" role="status" hidden=move || approved_text().is_none()>
                {move || approved_text().map(|text| format!("Approved: {text}"))}
            </p>
            <p class="form-error" role="alert">{form_error(approved)}</p>
            {empty}
            // Keyed by content: a request redraws only when it changed.
            <ol class="request-list">
                <For each=move || shown.clone() key=entry_key let(entry)>
                    <Entry entry slug=entry_slug.clone() actions />
                </For>
            </ol>
        </section>
    }
}

/// The requests ticked in the page itself.
fn ticked_in_page() -> Vec<i64> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        // The bulk form's data holds the ticked boxes: they belong to it by `form=`.
        let form = document()
            .get_element_by_id("bulk-approve")
            .and_then(|form| form.dyn_into::<leptos::web_sys::HtmlFormElement>().ok());
        let Some(data) = form.and_then(|f| leptos::web_sys::FormData::new_with_form(&f).ok())
        else {
            return Vec::new();
        };
        data.get_all("ids[]")
            .iter()
            .filter_map(|value| value.as_string()?.parse().ok())
            .collect()
    }
    #[cfg(not(feature = "hydrate"))]
    Vec::new()
}

/// Everything a request shows, so the list redraws exactly the requests that changed.
fn entry_key(entry: &QueueEntry) -> String {
    serde_json::to_string(entry).unwrap_or_default()
}

/// Whether bulk approval can take the request.
fn approvable(entry: &QueueEntry) -> bool {
    matches!(
        entry.state,
        RegistrationState::Requested | RegistrationState::Waiting
    )
}

#[component]
fn Settings(
    queue: RegistrationQueue,
    configure: ServerAction<ConfigureRegistration>,
) -> impl IntoView {
    let value = configure.value();
    let currencies = CURRENCIES
        .iter()
        .map(|c| {
            let selected = *c == queue.stipend_currency;
            view! { <option value=*c selected=selected>{*c}</option> }
        })
        .collect_view();
    view! {
        <ActionForm action=configure attr:class="form registration-settings" attr:novalidate="">
            <input type="hidden" name="slug" value=queue.slug.clone() />
            <FormField name="capacity" label="Places" inputmode="numeric"
                value=queue.capacity.to_string() error=field_error(value, "capacity") />
            <label class="check">
                <input type="checkbox" name="open" checked=queue.open />
                " Registration is open"
            </label>
            <FormField name="stipend_budget" label="Travel-stipend budget" inputmode="numeric"
                hint="Whole units; leave empty for no budget."
                value=queue.stipend_budget.map(|b| b.to_string()).unwrap_or_default()
                error=field_error(value, "stipend_budget") />
            <div class="field">
                <label for="field-budget-currency">"Budget currency"</label>
                <select id="field-budget-currency" name="stipend_currency">{currencies}</select>
                <p class="form-error" role="alert">{field_error(value, "stipend_currency")}</p>
            </div>
            <p class="form-error" role="alert">{form_error(value)}</p>
            <button type="submit" class="button">"Save"</button>
        </ActionForm>
    }
}

/// Requested and granted stipends against the budget.
#[component]
fn Stipends(budget: Option<u32>, currency: String, totals: Vec<StipendTotal>) -> impl IntoView {
    if totals.is_empty() && budget.is_none() {
        return None;
    }
    let lines = if totals.is_empty() {
        let budget = budget.unwrap_or_default();
        view! { <li>"Budget " {budget} " " {currency} "; no stipend asked yet."</li> }.into_any()
    } else {
        totals
            .into_iter()
            .map(|total| {
                let budget = budget.filter(|_| total.currency == currency);
                let against = budget.map(|budget| {
                    let left = i64::from(budget) - i64::from(total.granted);
                    format!(" · budget {budget}, {left} not yet granted")
                });
                let over = budget.is_some_and(|budget| total.requested > budget);
                view! {
                    <li class:over-budget=over>
                        <strong>{total.requested} " " {total.currency.clone()}</strong>
                        " asked · " {total.granted} " granted" {against}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    Some(view! {
        <div class="stipend-totals">
            <h2>"Travel stipends"</h2>
            <ul>{lines}</ul>
        </div>
    })
}

#[component]
fn Entry(entry: QueueEntry, slug: String, actions: QueueActions) -> impl IntoView {
    let id = entry.id;
    let soon = entry.waiting_days.filter(|days| *days >= ANSWER_SOON);
    let age = entry.waiting_days.map(|days| match days {
        0 => "asked today".to_owned(),
        1 => "waiting 1 business day".to_owned(),
        n => format!("waiting {n} business days"),
    });
    let days = if entry.request.days.is_empty() {
        "every day".to_owned()
    } else {
        let days = entry
            .request
            .days
            .iter()
            .map(|day| day.format("%-d %b").to_string())
            .collect::<Vec<_>>()
            .join(", ");
        format!("{days} only")
    };
    let decide = actions.decide;
    let decision_button = move |decision: Decision, label: &'static str, slug: String| {
        view! {
            <ActionForm action=decide attr:class="inline-form">
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="registration_id" value=id />
                <input type="hidden" name="decision" value=decision.as_str() />
                <button type="submit" class="button-link">{label}</button>
            </ActionForm>
        }
    };
    let mark_action = actions.mark;
    let mark_button = move |mark: Mark, label: &'static str, slug: String| {
        view! {
            <ActionForm action=mark_action attr:class="inline-form">
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="registration_id" value=id />
                <input type="hidden" name="mark" value=mark.as_string() />
                <button type="submit" class="button-link">{label}</button>
            </ActionForm>
        }
    };
    let state = entry.state;
    let ticked = actions.ticked;
    let tick = approvable(&entry).then(|| {
        view! {
            <label class="check tick">
                // The attribute, not the property: hydration leaves a tick given before it.
                <input type="checkbox" name="ids[]" value=id form="bulk-approve"
                    checked=move || ticked.with(|t| t.contains(&id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        ticked.update(|t| {
                            t.retain(|other| *other != id);
                            if on {
                                t.push(id);
                            }
                        });
                    } />
                <span class="visually-hidden">"Select " {entry.person.display_name.clone()}</span>
            </label>
        }
    });
    let approve =
        approvable(&entry).then(|| decision_button(Decision::Approve, "Approve", slug.clone()));
    let wait = (state == RegistrationState::Requested)
        .then(|| decision_button(Decision::Wait, "Waiting list", slug.clone()));
    let decline_slug = slug.clone();
    let decline = state.is_open().then(move || {
        view! {
            <ActionForm action=decide attr:class="inline-form decline-form">
                <input type="hidden" name="slug" value=decline_slug />
                <input type="hidden" name="registration_id" value=id />
                <input type="hidden" name="decision" value=Decision::Decline.as_str() />
                <input type="text" name="message" aria-label="Message with the decline (optional)"
                    placeholder="Message (optional)" maxlength="2000" />
                <button type="submit" class="button-link">"Decline"</button>
            </ActionForm>
        }
    });
    // The fee matters once someone holds a place; afterwards it can still be corrected.
    let fee = (state.holds_place() || entry.fee != Fee::Unpaid).then(|| match entry.fee {
        Fee::Unpaid => view! {
            {mark_button(Mark::Fee(Fee::Paid), "Fee paid", slug.clone())}
            {mark_button(Mark::Fee(Fee::Waived), "Waive fee", slug.clone())}
        }
        .into_any(),
        _ => mark_button(
            Mark::Fee(Fee::Unpaid),
            "Fee not paid after all",
            slug.clone(),
        )
        .into_any(),
    });
    let stipend = entry.request.stipend.clone().map(|s| {
        let decision = match entry.stipend_decision {
            None => "to decide",
            Some(StipendDecision::Granted) => "granted",
            Some(StipendDecision::Refused) => "refused",
        };
        view! {
            <p>
                "Stipend: " <strong>{s.amount} " " {s.currency}</strong> " · " {s.reason}
                " " <span class="badge">{decision}</span>
            </p>
        }
    });
    let stipend_buttons = (entry.request.stipend.is_some() && state.is_open()).then(|| {
        match entry.stipend_decision {
            None => view! {
                {mark_button(Mark::Stipend(Some(StipendDecision::Granted)), "Grant stipend", slug.clone())}
                {mark_button(Mark::Stipend(Some(StipendDecision::Refused)), "Refuse stipend", slug.clone())}
            }
            .into_any(),
            Some(_) => mark_button(Mark::Stipend(None), "Reopen stipend", slug.clone()).into_any(),
        }
    });
    let visa = entry.request.needs_visa.then(|| {
        let (text, button) = if entry.visa_cleared {
            (
                "visa granted",
                mark_button(
                    Mark::VisaCleared(false),
                    "Visa not granted after all",
                    slug.clone(),
                ),
            )
        } else {
            (
                "needs a visa letter",
                mark_button(Mark::VisaCleared(true), "Visa granted", slug.clone()),
            )
        };
        (text, state.is_open().then_some(button))
    });
    let (visa_text, visa_button) = match visa {
        Some((text, button)) => (Some(format!(" · {text}")), button),
        None => (None, None),
    };
    let note = (!entry.request.note.is_empty())
        .then(|| view! { <p class="muted">{entry.request.note.clone()}</p> });
    let letter = entry.visa_letter.clone().map(|letter| {
        let d = &letter.details;
        let summary = format!(
            "Visa letter: {} · {} · passport {} · born {} · {} to {}",
            d.full_name, d.nationality, d.passport_number, d.born_on, d.arrives_on, d.leaves_on
        );
        let approve = actions.letter;
        let action = match &letter.approval {
            Some(approval) => view! {
                " " <span class="badge">"approved by " {approval.by.clone()}</span>
            }
            .into_any(),
            None => view! {
                <ActionForm action=approve attr:class="inline-form">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <input type="hidden" name="registration_id" value=id />
                    <button type="submit" class="button-link">"Approve the letter"</button>
                </ActionForm>
            }
            .into_any(),
        };
        view! { <div class="visa-details"><p>{summary}</p>{action}</div> }
    });
    let fee_badge = state
        .holds_place()
        .then(|| view! { " " <span class="badge">{entry.fee.label()}</span> });
    let history = entry.history.clone();
    view! {
        <li class="request" class:answer-soon=soon.is_some()>
            <p class="request-head">
                {tick}
                <strong>{entry.person.display_name.clone()}</strong>
                {(!entry.person.affiliation.is_empty()).then(|| format!(" ({})", entry.person.affiliation))}
                " " <span class="badge state-badge">{state.label()}</span>
                {fee_badge}
            </p>
            <p class="muted">
                {entry.email.clone()} " · asked " {entry.requested_on.format("%-d %b").to_string()}
                {age.map(|age| format!(" · {age}"))}
                " · " {days}
                {visa_text}
            </p>
            {stipend}
            {letter}
            {note}
            <div class="actions">{approve}{wait}{decline}</div>
            <div class="actions">{fee}{stipend_buttons}{visa_button}</div>
            <History lines=history />
        </li>
    }
}

/// Every transition and mark, who made it and when.
#[component]
fn History(lines: Vec<HistoryLine>) -> impl IntoView {
    let count = lines.len();
    let items = lines
        .into_iter()
        .map(|line| {
            let by = line.by.clone().unwrap_or_else(|| "automatically".into());
            let message = (!line.message.is_empty()).then(|| format!(": “{}”", line.message));
            view! {
                <li>
                    <time datetime=line.at.to_rfc3339()>{line.at.format("%-d %b %H:%M UTC").to_string()}</time>
                    " · " {line.what()} " · " {by} {message}
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="history">
            <summary>"History (" {count} ")"</summary>
            <ol>{items}</ol>
        </details>
    }
}
