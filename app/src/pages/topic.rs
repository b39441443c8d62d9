//! `/events/{slug}/topics/{id}`: one topic, its votes and peer review, and for its proposer
//! and the organisers the forms to edit, verify or withdraw it.
use crate::api::{
    get_topic, AddComment, EditTopic, FeatureOutcome, RecordOutcome, VerifyTopic, WithdrawTopic,
};
use crate::auth::{field_error, form_error};
use crate::components::{ErrorView, FormField, OutcomeLinks, VoteButton};
use crate::kept_form::provide_kept;
use crate::live::{Live, LiveBadge};
use crate::model::{LiveMessage, Outcome, Subject, TopicPage, OUTCOME_MAX};
use crate::pages::comments::Comments;
use crate::pages::propose_topic::TopicFields;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn TopicDetailPage() -> impl IntoView {
    provide_kept::<AddComment>();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let topic_id = move || {
        params
            .read()
            .get("topic")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let live = Live::new();
    provide_context(live);
    // Changes to the topic itself reload it: the page needs its long texts anyway.
    let reloads = RwSignal::new(0u32);
    let topic = Resource::new(
        move || (slug(), topic_id(), live.resyncs.get(), reloads.get()),
        |(slug, id, _, _)| get_topic(slug, id),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading topic…"</p> }>
            {move || topic.get().map(|loaded| match loaded {
                Ok(page) => view! { <TopicView page live reloads /> }.into_any(),
                Err(error) => view! { <ErrorView error /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn TopicView(page: TopicPage, live: Live, reloads: RwSignal<u32>) -> impl IntoView {
    live.follow(&page.slug, page.live_seq);
    let id = page.card.id;
    let votes = RwSignal::new(page.card.votes);
    live.on_message(move |message| match message {
        LiveMessage::VotesChanged { counts } => {
            if let Some(count) = counts.iter().find(|count| count.topic_id == id) {
                votes.set(count.votes);
            }
        }
        LiveMessage::TopicChanged { topic } if topic.id == id => reloads.update(|n| *n += 1),
        LiveMessage::TopicWithdrawn { topic_id } if *topic_id == id => reloads.update(|n| *n += 1),
        // An outcome may be this topic's.
        LiveMessage::WriteupsChanged => reloads.update(|n| *n += 1),
        _ => {}
    });
    let voted = RwSignal::new(page.voted);
    let on_counted = Callback::new(move |(on, count): (bool, u32)| {
        voted.set(on);
        votes.set(count);
    });
    let slug = page.slug.clone();
    let (verify_slug, edit_slug, comments_slug) = (slug.clone(), slug.clone(), slug.clone());
    let outcome_slug = slug.clone();
    let card = page.card.clone();
    let board = format!("/events/{slug}/topics");
    let summary = format!("{} · {}", card.difficulty.label(), page.event_title);
    let facts = [
        ("Technical contacts", page.contacts.clone()),
        ("Mailing list or forum", page.mailing_list.clone()),
        ("Chat channel", page.chat_channel.clone()),
        ("Difficulty", card.difficulty.label().to_owned()),
        ("Skills needed", card.skills.clone()),
        ("Google Summer of Code", card.gsoc.label().to_owned()),
        ("Proposed", card.created_at.format("%-d %B %Y").to_string()),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty())
    .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
    .collect_view();
    let verified = page.verified.clone().map(|(by, at)| {
        view! {
            <p class="notice notice-ok">
                {format!("Verified by {by} on {}", at.format("%-d %B %Y"))}
            </p>
        }
    });
    view! {
        <Title text=card.title.clone() />
        <Meta property="og:title" content=card.title.clone() />
        <Meta property="og:description" content=summary />
        <Meta property="og:type" content="article" />
        <article class="topic">
            <header class="event-header">
                <p class="event-status">
                    <a href=board>{format!("Topics · {}", page.event_title)}</a>
                    <LiveBadge />
                </p>
                <h1>{card.title.clone()}</h1>
                <p class="muted">
                    "Proposed by " {card.proposer.display_name.clone()}
                    {(!card.proposer.affiliation.is_empty())
                        .then(|| format!(" ({})", card.proposer.affiliation))}
                </p>
            </header>
            {verified}
            {page.carried_from.clone().map(|origin| view! {
                <p class="notice" role="note">
                    "Carried over from "
                    <a href=format!("/events/{}/topics/{}", origin.slug, origin.topic_id)>
                        {origin.title}
                    </a>
                    {format!(" at {}.", origin.event_title)}
                    {page.verified.is_none().then_some(" Not verified again yet.")}
                </p>
            })}
            {page.archived.then(|| view! {
                <p class="notice" role="note">
                    "This event is over: the topic and its votes are kept as they were."
                </p>
            })}
            <VoteButton slug topic_id=id votes voted signed_in=page.signed_in closed=page.archived
                on_counted />
            {(!page.description_html.is_empty()).then(|| view! {
                <section class="section" aria-labelledby="description-heading">
                    <h2 id="description-heading">"Description"</h2>
                    <div class="prose" inner_html=page.description_html.clone()></div>
                </section>
            })}
            {(!page.outcomes_html.is_empty()).then(|| view! {
                <section class="section" aria-labelledby="outcomes-heading">
                    <h2 id="outcomes-heading">"Expected outcomes"</h2>
                    <div class="prose" inner_html=page.outcomes_html.clone()></div>
                </section>
            })}
            <OutcomeSection slug=outcome_slug id outcome=page.outcome.clone()
                can_record=page.can_record_outcome organiser=page.organiser />
            <dl class="topic-facts">{facts}</dl>
            {(page.organiser && !page.archived).then(|| view! { <VerifyForm slug=verify_slug id verified=page.verified.is_some() /> })}
            {page.edit.clone().map(|form| view! { <EditForm slug=edit_slug id form /> })}
            <Comments slug=comments_slug subject=Subject::Topic(id) comments=page.comments.clone()
                viewer=page.viewer organiser=page.organiser closed=page.comments_closed
                live />
        </article>
    }
}

#[component]
fn VerifyForm(slug: String, id: i64, verified: bool) -> impl IntoView {
    let verify = ServerAction::<VerifyTopic>::new();
    view! {
        <ActionForm action=verify attr:class="inline-form">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="topic_id" value=id />
            <input type="hidden" name="verified" value=(!verified).to_string() />
            <button type="submit" class="button-link">
                {if verified { "Take back verified" } else { "Mark verified" }}
            </button>
        </ActionForm>
    }
}

#[component]
fn EditForm(slug: String, id: i64, form: crate::model::TopicForm) -> impl IntoView {
    let edit = ServerAction::<EditTopic>::new();
    let withdraw = ServerAction::<WithdrawTopic>::new();
    let value = edit.value();
    let withdraw_slug = slug.clone();
    view! {
        <details class="section">
            <summary><h2>"Edit this topic"</h2></summary>
            <ActionForm action=edit attr:class="form" attr:novalidate="">
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="topic_id" value=id />
                <TopicFields form value />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button">"Save topic"</button>
            </ActionForm>
            <ActionForm action=withdraw attr:class="inline-form">
                <input type="hidden" name="slug" value=withdraw_slug />
                <input type="hidden" name="topic_id" value=id />
                <button type="submit" class="button-link">"Withdraw this topic"</button>
            </ActionForm>
        </details>
    }
}

/// What came out of the topic, and for its proposer and organisers the form to record it.
#[component]
fn OutcomeSection(
    slug: String,
    id: i64,
    outcome: Option<Outcome>,
    can_record: bool,
    organiser: bool,
) -> impl IntoView {
    if outcome.is_none() && !can_record {
        return None;
    }
    let record = ServerAction::<RecordOutcome>::new();
    let feature = ServerAction::<FeatureOutcome>::new();
    let value = record.value();
    let (markdown, links) = outcome
        .as_ref()
        .map(|o| (o.markdown.clone(), o.links.join("\n")))
        .unwrap_or_default();
    let featured = outcome.as_ref().is_some_and(|o| o.featured);
    let recorded = outcome.is_some();
    let shown = outcome.map(|outcome| {
        view! {
            {outcome.featured.then(|| view! { <p><span class="badge">"Highlight"</span></p> })}
            <div class="prose" inner_html=outcome.html></div>
            <OutcomeLinks links=outcome.links />
        }
    });
    let feature_slug = slug.clone();
    Some(view! {
        <section class="section outcome" aria-labelledby="outcome-heading">
            <h2 id="outcome-heading">"What came out of it"</h2>
            {shown}
            {(organiser && recorded).then(|| view! {
                <ActionForm action=feature attr:class="inline-form">
                    <input type="hidden" name="slug" value=feature_slug />
                    <input type="hidden" name="topic_id" value=id />
                    <input type="hidden" name="on" value=if featured { "no" } else { "yes" } />
                    <button type="submit" class="button-link">
                        {if featured { "Stop featuring" } else { "Feature as a highlight" }}
                    </button>
                </ActionForm>
            })}
            {can_record.then(|| view! {
                <details class="outcome-form" open=!recorded>
                    <summary>{if recorded { "Edit the outcome" } else { "Record the outcome" }}</summary>
                    <ActionForm action=record attr:class="form" attr:novalidate="">
                        <input type="hidden" name="slug" value=slug />
                        <input type="hidden" name="topic_id" value=id />
                        <FormField name="outcome[outcome]" label="What came out of it" rows=5
                            maxlength=OUTCOME_MAX value=markdown
                            hint="Markdown. Against the expected outcomes: a plan, a draft proposal, patches…"
                            error=field_error(value, "outcome[outcome]") />
                        <FormField name="outcome[links]" label="Links, one per line" rows=3
                            value=links
                            hint="Notes, mailing-list threads, patches (https://…)."
                            error=field_error(value, "outcome[links]") />
                        <p class="form-error" role="alert">{form_error(value)}</p>
                        <button type="submit" class="button">"Save outcome"</button>
                    </ActionForm>
                </details>
            })}
        </section>
    })
}
