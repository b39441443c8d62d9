//! `/events/{slug}/topics`: the topic board, kept current by the event's live stream.
use crate::api::topic_board;
use crate::components::{ErrorView, VoteButton};
use crate::live::{Live, LiveBadge};
use crate::model::{Board, LiveMessage, TopicCard, TopicSort};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn TopicBoardPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let live = Live::new();
    provide_context(live);
    let board = Resource::new(
        move || (slug(), live.resyncs.get()),
        |(slug, _)| topic_board(slug),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading topics…"</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(board) => view! { <LiveBoard board live /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Puts a new or changed card in place of the old one.
fn upsert(topics: &mut Vec<TopicCard>, card: &TopicCard) {
    match topics.iter_mut().find(|t| t.id == card.id) {
        Some(old) => *old = card.clone(),
        None => topics.push(card.clone()),
    }
}

#[component]
fn LiveBoard(board: Board, live: Live) -> impl IntoView {
    live.follow(&board.slug, board.live_seq);
    let topics = RwSignal::new(board.topics);
    let mine = RwSignal::new(board.my_votes);
    live.on_message(move |message| match message {
        LiveMessage::TopicCreated { topic } | LiveMessage::TopicChanged { topic } => {
            topics.update(|list| upsert(list, topic));
        }
        LiveMessage::TopicWithdrawn { topic_id } => {
            topics.update(|list| list.retain(|t| t.id != *topic_id));
        }
        LiveMessage::VotesChanged { topic_id, votes } => topics.update(|list| {
            if let Some(topic) = list.iter_mut().find(|t| t.id == *topic_id) {
                topic.votes = *votes;
            }
        }),
        _ => {}
    });
    let query = use_query_map();
    let sort = move || TopicSort::parse(query.read().get("sort").as_deref());
    let sorted = move || {
        let mut list = topics.get();
        sort().apply(&mut list);
        list
    };
    let slug = board.slug.clone();
    let sort_links = TopicSort::ALL
        .into_iter()
        .map(|option| {
            let href = format!("?sort={}", option.as_str());
            let current = move || (sort() == option).then_some("true");
            view! {
                <a class="chip" href=href aria-current=current>{option.label()}</a>
            }
        })
        .collect_view();
    let signed_in = board.signed_in;
    let cards_slug = StoredValue::new(slug.clone());
    view! {
        <Title text=format!("Topics · {}", board.event_title) />
        <section class="board">
            <header class="board-header">
                <p class="event-status">
                    <a href=format!("/events/{slug}")>{board.event_title}</a>
                    <LiveBadge />
                </p>
                <h1>"Topics"</h1>
                <p class="lede">
                    "What people want to discuss, code or work on. Vote for what you would join; "
                    "the organisers build the agenda from the most wanted."
                </p>
                <p class="actions">
                    <a class="button-link" href=format!("/events/{slug}/topics/new")>
                        "Propose a topic"
                    </a>
                </p>
            </header>
            <nav class="sort-links" aria-label="Sort topics">
                <span class="sort-label">"Sort:"</span>
                {sort_links}
            </nav>
            <Show
                when=move || topics.with(|t| !t.is_empty())
                fallback=|| view! {
                    <p class="empty">"No topics yet. Be the first to propose one."</p>
                }
            >
                <ol class="topic-list">
                    <For
                        each=sorted
                        key=|topic| (topic.id, topic.votes, topic.verified, topic.title.clone())
                        let:topic
                    >
                        <TopicCardView topic slug=cards_slug.get_value() topics mine signed_in />
                    </For>
                </ol>
            </Show>
        </section>
    }
}

#[component]
fn TopicCardView(
    topic: TopicCard,
    slug: String,
    topics: RwSignal<Vec<TopicCard>>,
    mine: RwSignal<Vec<i64>>,
    signed_in: bool,
) -> impl IntoView {
    let id = topic.id;
    let href = format!("/events/{slug}/topics/{id}");
    let on_counted = Callback::new(move |(on, count): (bool, u32)| {
        mine.update(|mine| {
            mine.retain(|t| *t != id);
            if on {
                mine.push(id);
            }
        });
        topics.update(|list| {
            if let Some(topic) = list.iter_mut().find(|t| t.id == id) {
                topic.votes = count;
            }
        });
    });
    view! {
        <li class="topic-card">
            <div class="topic-main">
                <h2><a href=href>{topic.title.clone()}</a></h2>
                <p class="topic-meta">
                    <span class="badge">{topic.difficulty.label()}</span>
                    {topic.verified.then(|| view! { <span class="badge badge-live">"Verified"</span> })}
                    {(!topic.skills.is_empty()).then(|| view! { <span class="skills">{topic.skills.clone()}</span> })}
                </p>
                <p class="muted">
                    "Proposed by " {topic.proposer.display_name.clone()}
                    {(!topic.proposer.affiliation.is_empty())
                        .then(|| format!(" ({})", topic.proposer.affiliation))}
                    " · " {format!("{} comments", topic.comments)}
                </p>
            </div>
            <VoteButton
                slug
                topic_id=id
                votes=topic.votes
                voted=Signal::derive(move || mine.with(|mine| mine.contains(&id)))
                signed_in
                on_counted
            />
        </li>
    }
}
