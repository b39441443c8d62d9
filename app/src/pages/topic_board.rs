//! `/events/{slug}/topics`: the topic board, kept current by the event's live stream.
use crate::api::topic_board;
use crate::components::{ErrorView, VoteButton};
use crate::live::{Live, LiveBadge};
use crate::model::{
    Board, BoardView, Difficulty, Gsoc, LiveMessage, Subject, TopicCard, TopicSort, BOARD_PAGE,
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::Form;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

#[component]
pub fn TopicBoardPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let query = use_query_map();
    let live = Live::new();
    provide_context(live);
    let board = Resource::new(
        move || (slug(), query.get()),
        |(slug, query)| read_board(slug, &query),
    );
    // "Show more" links to its first new card: the browser goes there before the WASM runs;
    // after, the router does not scroll, so the card takes the focus once it is on the page.
    let location = use_location();
    Effect::new(move |focused: Option<String>| {
        let hash = location.hash.get();
        let loaded = board.with(|board| matches!(board, Some(Ok(_))));
        if loaded && focused.as_deref() != Some(hash.as_str()) && focus_card(&hash) {
            hash
        } else {
            focused.unwrap_or_default()
        }
    });
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading topics…"</p> }>
            {move || board.get().map(|loaded| match loaded {
                Ok(board) => view! { <LiveBoard board live /> }.into_any(),
                Err(error) => view! { <ErrorView error /> }.into_any(),
            })}
        </Transition>
    }
}

/// The cards the address asks for, read from the server.
fn read_board(
    slug: String,
    query: &ParamsMap,
) -> impl std::future::Future<Output = Result<Board, crate::error::AppError>> {
    let get = |key: &str| query.get(key);
    topic_board(
        slug,
        get("q"),
        get("difficulty"),
        get("gsoc"),
        get("verified"),
        get("scheduled"),
        get("sort"),
        get("show"),
    )
}

/// "Showing 50 of 80 topics." and the link to the next cards, when some are not shown.
#[derive(Clone)]
struct MoreLink {
    summary: String,
    href: String,
    label: String,
}

impl MoreLink {
    fn of(board: &Board, query: &ParamsMap) -> Option<Self> {
        let first_hidden = board.next?;
        let showing = board.topics.len();
        let shown_next = (showing + BOARD_PAGE).to_string();
        Some(Self {
            summary: format!("Showing {showing} of {} topics.", board.matching),
            href: format!(
                "{}#topic-{first_hidden}",
                with_param(query, "show", shown_next)
            ),
            label: format!("Show {} more", BOARD_PAGE.min(board.matching - showing)),
        })
    }
}

/// The board's address with one parameter set and the others kept.
fn with_param(query: &ParamsMap, key: &'static str, value: String) -> String {
    let mut pairs = query.clone();
    pairs.replace(key, value);
    format!("?{}", pairs.to_query_string().trim_start_matches('?'))
}

/// Moves the focus to the title link of the card `#topic-{id}` names, and the card to the top
/// of the screen; `false` if no such card is on the page (yet).
fn focus_card(hash: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(id) = hash.strip_prefix("#topic-") else {
            return false;
        };
        let Some(card) = document().get_element_by_id(&format!("topic-{id}")) else {
            return false;
        };
        let link = card
            .query_selector("h2 a")
            .ok()
            .flatten()
            .and_then(|link| link.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        if let Some(link) = link {
            let _ = link.focus();
        }
        card.scroll_into_view();
        true
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = hash;
        false
    }
}

#[component]
fn LiveBoard(board: Board, live: Live) -> impl IntoView {
    live.follow(&board.slug, board.live_seq);
    let topics = RwSignal::new(board.topics.clone());
    let mine = RwSignal::new(board.my_votes.clone());
    let query = use_query_map();
    let more_link = RwSignal::new(MoreLink::of(&board, &query.get_untracked()));
    let cards_slug = StoredValue::new(board.slug.clone());
    // Which cards the address picks after a proposal, an edit or an agenda change only the
    // server knows. They are read again and changed in place, not made anew: a vote on its
    // way stays on its card, typed search text stays in its field, and nothing moves under
    // a finger other than the cards that changed.
    let asked = StoredValue::new(0u32);
    let refresh = move || {
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        let address = query.get_untracked();
        let reading = read_board(cards_slug.get_value(), &address);
        leptos::task::spawn_local(async move {
            // An answer older than the last one asked for, or for a board no longer on the
            // screen, is dropped.
            if let (Ok(board), Some(true)) = (reading.await, asked.try_with_value(|n| *n == this)) {
                more_link.set(MoreLink::of(&board, &address));
                mine.set(board.my_votes);
                topics.set(board.topics);
            }
        });
    };
    // A gap in the stream: whatever was missed is read again.
    Effect::new(move |seen: Option<u32>| {
        let resyncs = live.resyncs.get();
        if seen.is_some_and(|seen| seen != resyncs) {
            refresh();
        }
        resyncs
    });
    live.on_message(move |message| match message {
        LiveMessage::TopicCreated { .. }
        | LiveMessage::TopicChanged { .. }
        | LiveMessage::TopicWithdrawn { .. }
        | LiveMessage::AgendaChanged { .. } => refresh(),
        LiveMessage::CommentCount {
            subject: Subject::Topic(topic_id),
            comments,
        } => topics.update(|list| {
            if let Some(topic) = list.iter_mut().find(|t| t.id == *topic_id) {
                topic.comments = *comments;
            }
        }),
        LiveMessage::VotesChanged { counts } => topics.update(|list| {
            for count in counts {
                if let Some(topic) = list.iter_mut().find(|t| t.id == count.topic_id) {
                    topic.votes = count.votes;
                }
            }
        }),
        _ => {}
    });
    let view_of = move || BoardView::parse(|key| query.read().get(key));
    let sort = move || view_of().sort;
    // Votes move the cards shown; cards outside come in at the next reload.
    let shown = move || {
        let mut list = topics.get();
        sort().apply(&mut list);
        list
    };
    let more = move || {
        more_link.get().map(
            |MoreLink {
                 summary,
                 href,
                 label,
             }| {
                view! {
                    <p class="board-more">
                        <span class="muted">{summary}</span>
                        " "
                        <a class="button-link" href=href data-noscroll=true>{label}</a>
                    </p>
                }
            },
        )
    };
    let narrowed = move || !view_of().filter.is_empty();
    let slug = board.slug.clone();
    // Sorting keeps the filters, and filtering keeps the sort.
    let sort_links = TopicSort::ALL
        .into_iter()
        .map(|option| {
            let href = move || with_param(&query.get(), "sort", option.as_str().to_owned());
            let current = move || (sort() == option).then_some("true");
            view! {
                <a class="chip" href=href aria-current=current>{option.label()}</a>
            }
        })
        .collect_view();
    let signed_in = board.signed_in;
    let archived = board.archived;
    view! {
        <Title text=format!("Topics · {}", board.event_title) />
        <Meta name="description" content=format!("The topics proposed for {}: vote for them and review them.", board.event_title) />
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
                {if archived {
                    view! {
                        <p class="notice" role="note">
                            "This event is over: its topics and votes are kept as they were. "
                            <a href=format!("/events/{slug}/writeups")>"See what came out of them"</a>
                            "."
                        </p>
                    }
                    .into_any()
                } else {
                    view! {
                        <p class="actions">
                            <a class="button-link" href=format!("/events/{slug}/topics/new")>
                                "Propose a topic"
                            </a>
                        </p>
                    }
                    .into_any()
                }}
            </header>
            <Filters query />
            <nav class="sort-links" aria-label="Sort topics">
                <span class="sort-label">"Sort:"</span>
                {sort_links}
            </nav>
            <Show
                when=move || topics.with(|list| !list.is_empty())
                fallback=move || if narrowed() {
                    view! {
                        <p class="empty">
                            "No topic matches. " <a href="?">"Show all topics"</a>
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <p class="empty">"No topics yet. Be the first to propose one."</p>
                    }.into_any()
                }
            >
                <ol class="topic-list">
                    <For
                        each=shown
                        // Counts change in place (a card made anew would drop a vote on its
                        // way); an edited title or verification makes the card anew.
                        key=|topic| (topic.id, topic.verified, topic.title.clone())
                        let:topic
                    >
                        <TopicCardView topic slug=cards_slug.get_value() topics mine signed_in archived />
                    </For>
                </ol>
                {more}
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
    archived: bool,
) -> impl IntoView {
    let id = topic.id;
    let href = format!("/events/{slug}/topics/{id}");
    let count = move |of: fn(&TopicCard) -> u32| {
        topics.with(|list| list.iter().find(|t| t.id == id).map_or(0, of))
    };
    let votes = Signal::derive(move || count(|t| t.votes));
    let comments = move || match count(|t| t.comments) {
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    };
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
        <li class="topic-card" id=format!("topic-{id}")>
            <div class="topic-main">
                <h2><a href=href>{topic.title.clone()}</a></h2>
                <p class="topic-meta">
                    <span class="badge">{topic.difficulty.label()}</span>
                    {topic.verified.then(|| view! { <span class="badge badge-live">"Verified"</span> })}
                    {topic.scheduled.then(|| view! { <span class="badge">"On the agenda"</span> })}
                    {(!topic.skills.is_empty()).then(|| view! { <span class="skills">{topic.skills.clone()}</span> })}
                </p>
                <p class="muted">
                    "Proposed by " {topic.proposer.display_name.clone()}
                    {(!topic.proposer.affiliation.is_empty())
                        .then(|| format!(" ({})", topic.proposer.affiliation))}
                    " · " {comments}
                </p>
            </div>
            <VoteButton
                slug
                topic_id=id
                votes
                voted=Signal::derive(move || mine.with(|mine| mine.contains(&id)))
                signed_in
                closed=archived
                on_counted
            />
        </li>
    }
}

/// Search and filters: a plain GET form, so the result is a link to share, with or without
/// JavaScript.
#[component]
fn Filters(query: Memo<ParamsMap>) -> impl IntoView {
    let current = move |key: &str| query.read().get(key).unwrap_or_default();
    let select = move |name: &'static str,
                       label: &'static str,
                       options: Vec<(&'static str, &'static str)>| {
        let chosen = current(name);
        let options = std::iter::once(("", "Any"))
            .chain(options)
            .map(|(value, text)| {
                view! { <option value=value selected=value == chosen>{text}</option> }
            })
            .collect_view();
        view! {
            <label class="filter">
                <span>{label}</span>
                <select name=name>{options}</select>
            </label>
        }
    };
    let difficulty = Difficulty::ALL
        .iter()
        .map(|d| (d.as_str(), d.label()))
        .collect();
    let gsoc = Gsoc::ALL.iter().map(|g| (g.as_str(), g.label())).collect();
    let sort = current("sort");
    view! {
        <Form method="GET" action="" attr:class="board-filters" attr:role="search">
            <label class="filter filter-search">
                <span>"Search"</span>
                <input type="search" name="q" value=current("q")
                    placeholder="Words in a title or description" />
            </label>
            {select("difficulty", "Difficulty", difficulty)}
            {select("gsoc", "GSoC", gsoc)}
            {select("verified", "Verified", vec![("yes", "Verified"), ("no", "Not yet")])}
            {select("scheduled", "On the agenda", vec![("yes", "Scheduled"), ("no", "Not yet")])}
            {(!sort.is_empty()).then(|| view! { <input type="hidden" name="sort" value=sort /> })}
            <button type="submit" class="button">"Show"</button>
        </Form>
    }
}
