//! After the event. `/events/{slug}/writeups`: the summary (attendance, highlights, write-ups,
//! what came out of each topic) with the form to post a write-up; `/events/{slug}/writeups/{id}`:
//! one write-up and its comments. Both read themselves again when the live stream says
//! something changed.
use crate::api::{
    get_writeup, get_writeups, AddComment, CopyEvent, EditWriteup, MarkWriteup, PostWriteup,
    RemoveWriteup, SetWriteupWindow,
};
use crate::auth::{field_error, form_error};
use crate::components::{ErrorView, FormField, OutcomeLinks, SignInLink};
use crate::error::AppError;
use crate::kept_form::{kept, provide_kept};
use crate::live::{Live, LiveBadge};
use crate::model::{
    next_year, LiveMessage, Outcome, Phase, Subject, TopicLink, Writeup, WriteupPage, Writeups,
    WRITEUP_MAX, WRITEUP_TITLE_MAX,
};
use crate::pages::comments::Comments;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

/// A reload counter bumped by the messages that change what these pages show.
fn reload_on_change(live: Live) -> RwSignal<u32> {
    let reloads = RwSignal::new(0u32);
    live.on_message(move |message| {
        if matches!(
            message,
            LiveMessage::WriteupsChanged
                | LiveMessage::AttendanceChanged { .. }
                | LiveMessage::CommentCount {
                    subject: Subject::Writeup(_),
                    ..
                }
        ) {
            reloads.update(|n| *n += 1);
        }
    });
    reloads
}

/// Reloads once an action succeeds, at once for this page (the live echo comes too).
fn reload_after<S>(action: ServerAction<S>, reloads: RwSignal<u32>)
where
    S: ServerFn<Output = (), Error = AppError> + Send + Sync + Clone + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            reloads.update(|n| *n += 1);
        }
    });
}

#[component]
pub fn WriteupsPage() -> impl IntoView {
    provide_kept::<PostWriteup>();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let live = Live::new();
    provide_context(live);
    let reloads = reload_on_change(live);
    let page = Resource::new(
        move || (slug(), live.resyncs.get(), reloads.get()),
        |(slug, ..)| get_writeups(slug),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading write-ups…"</p> }>
            {move || page.get().map(|loaded| match loaded {
                Ok(page) => {
                    live.follow(&page.slug, page.live_seq);
                    view! { <WriteupsView page reloads /> }.into_any()
                }
                Err(error) => view! { <ErrorView error /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn WriteupsView(page: Writeups, reloads: RwSignal<u32>) -> impl IntoView {
    let slug = page.slug.clone();
    let event_url = format!("/events/{slug}");
    let heading = format!("After the event · {}", page.event_title);
    let highlights: Vec<Writeup> = page
        .writeups
        .iter()
        .filter(|w| w.featured)
        .cloned()
        .collect();
    let featured_outcomes: Vec<Outcome> = page
        .outcomes
        .iter()
        .filter(|o| o.featured)
        .cloned()
        .collect();
    let has_highlights = !highlights.is_empty() || !featured_outcomes.is_empty();
    let window = match &page.closed {
        Some(why) => why.clone(),
        None => format!(
            "Write-ups and comments are open until {}.",
            page.closes_on.format("%-d %B %Y")
        ),
    };
    // An event run before Hackboard kept no registrations: no count rather than "0 attended".
    let attended = match page.attendees {
        0 => String::new(),
        n => format!("{n} attended · "),
    };
    let stats = format!(
        "{attended}{} write-up{} · {} topic outcome{}",
        page.writeups.len(),
        if page.writeups.len() == 1 { "" } else { "s" },
        page.outcomes.len(),
        if page.outcomes.len() == 1 { "" } else { "s" },
    );
    let cards = page.writeups.clone().into_iter().map(|writeup| {
        let slug = slug.clone();
        view! { <WriteupCard slug writeup organiser=page.organiser viewer=page.viewer reloads /> }
    });
    let outcomes = page
        .outcomes
        .clone()
        .into_iter()
        .map(|outcome| view! { <OutcomeCard slug=slug.clone() outcome /> });
    let can_post = page.closed.is_none() && page.viewer.is_some();
    view! {
        <Title text=heading />
        <Meta name="description" content=format!("Write-ups and outcomes of {}", page.event_title) />
        <link rel="alternate" type="application/atom+xml" title=format!("{}: write-ups", page.event_title)
            href=format!("/events/{slug}/writeups.atom") />
        <article class="writeups">
            <header class="event-header">
                <p class="event-status">
                    <a href=event_url>{page.event_title.clone()}</a>
                    <LiveBadge />
                </p>
                <h1>"After the event"</h1>
                <p class="lede">{stats}</p>
                <p class="muted">{window}</p>
                <p class="actions">
                    <a class="button-link" href=format!("/events/{slug}/agenda")>"Agenda"</a>
                    <a class="button-link" href=format!("/events/{slug}/topics")>"Topics"</a>
                    <a class="button-link" href=format!("/events/{slug}/writeups.atom")>"Atom feed"</a>
                    {can_post.then(|| view! {
                        <a class="button-link" href="#post-writeup">"Write yours"</a>
                    })}
                </p>
            </header>
            {has_highlights.then(|| {
                let writeups = highlights.into_iter().map(|w| {
                    let href = format!("/events/{}/writeups/{}", page.slug, w.id);
                    view! { <li><a href=href>{w.title}</a>{format!(" · {}", w.author.display_name)}</li> }
                });
                let outcomes = featured_outcomes.into_iter().map(|o| {
                    let href = format!("/events/{}/topics/{}", page.slug, o.topic.id);
                    view! { <li><a href=href>{o.topic.title}</a>" · outcome"</li> }
                });
                view! {
                    <section class="section card highlights" aria-labelledby="highlights-heading">
                        <h2 id="highlights-heading">"Highlights"</h2>
                        <ul>{writeups.collect_view()}{outcomes.collect_view()}</ul>
                    </section>
                }
            })}
            <section class="section" aria-labelledby="writeups-heading">
                <h2 id="writeups-heading">"Write-ups"</h2>
                {page.writeups.is_empty().then(|| view! {
                    <p class="empty">"No write-ups yet. Were you there? Tell how it went."</p>
                })}
                <ol class="writeup-list">{cards.collect_view()}</ol>
            </section>
            <section class="section" aria-labelledby="outcomes-heading">
                <h2 id="outcomes-heading">"What came out of the topics"</h2>
                {page.outcomes.is_empty().then(|| view! {
                    <p class="empty">
                        "No outcomes recorded yet. Proposers record them on their topic's page."
                    </p>
                })}
                <ul class="outcome-list">{outcomes.collect_view()}</ul>
            </section>
            {can_post.then(|| view! {
                <PostForm slug=slug.clone() topics=page.topics.clone() organiser=page.organiser />
            })}
            {(page.closed.is_none() && page.viewer.is_none()).then(|| view! {
                <p class="muted"><SignInLink>"Sign in"</SignInLink> " to post a write-up."</p>
            })}
            {page.organiser.then(|| view! {
                <WindowForm slug=slug.clone() chosen=page.chosen_close reloads />
                <p class="muted">
                    <a href=format!("/events/{slug}/export.json") download="">
                        "Download the whole event"
                    </a>
                    " (JSON, to move it to another Hackboard; it lists participants' emails)"
                </p>
            })}
            {(page.organiser && page.phase == Phase::Past).then(|| view! {
                <NextYearForm slug=slug.clone() title=page.event_title.clone()
                    starts_on=page.starts_on />
            })}
        </article>
    }
}

/// How a write-up reads in the list: all of it, with a link to its comments.
#[component]
fn WriteupCard(
    slug: String,
    writeup: Writeup,
    organiser: bool,
    viewer: Option<i64>,
    reloads: RwSignal<u32>,
) -> impl IntoView {
    let href = format!("/events/{slug}/writeups/{}", writeup.id);
    let comments = match writeup.comments {
        0 => "Comment".to_owned(),
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    };
    let mine = viewer == Some(writeup.author.id);
    view! {
        <li class="writeup" class:writeup-pinned=writeup.pinned id=format!("writeup-{}", writeup.id)>
            <WriteupBody slug=slug.clone() writeup=writeup.clone() link=true />
            // A div: forms cannot sit inside a paragraph (the parser would close it).
            <div class="writeup-actions">
                <a class="button-link" href=format!("{href}#comments-heading")>{comments}</a>
                {organiser.then(|| view! {
                    <MarkForm slug=slug.clone() id=writeup.id pinned=writeup.pinned
                        featured=writeup.featured reloads />
                })}
                {(organiser || mine).then(|| view! { <RemoveForm slug=slug.clone() id=writeup.id /> })}
            </div>
        </li>
    }
}

/// Title, byline, topic links and text of a write-up.
#[component]
fn WriteupBody(slug: String, writeup: Writeup, link: bool) -> impl IntoView {
    let href = format!("/events/{slug}/writeups/{}", writeup.id);
    let when = writeup.created_at.format("%-d %B %Y").to_string();
    let title = if link {
        view! { <h3><a href=href>{writeup.title.clone()}</a></h3> }.into_any()
    } else {
        view! { <h1>{writeup.title.clone()}</h1> }.into_any()
    };
    let topics = writeup.topics.iter().map(|topic| {
        view! { <li><a href=format!("/events/{slug}/topics/{}", topic.id)>{topic.title.clone()}</a></li> }
    });
    let affiliation = writeup.author.affiliation.clone();
    view! {
        <header>
            <p class="writeup-badges">
                {writeup.pinned.then(|| view! { <span class="badge">"From the organisers"</span> })}
                {writeup.featured.then(|| view! { <span class="badge">"Highlight"</span> })}
            </p>
            {title}
            <p class="muted">
                {writeup.author.display_name.clone()}
                {(!affiliation.is_empty()).then(|| format!(" ({affiliation})"))}
                " · "
                <time datetime=writeup.created_at.to_rfc3339()>{when}</time>
                {writeup.edited.then_some(" · edited")}
            </p>
        </header>
        {(!writeup.topics.is_empty()).then(|| view! {
            <ul class="topic-links" aria-label="Topics">{topics.collect_view()}</ul>
        })}
        <div class="prose" inner_html=writeup.html.clone()></div>
    }
}

#[component]
fn OutcomeCard(slug: String, outcome: Outcome) -> impl IntoView {
    view! {
        <li class="outcome-card">
            <h3>
                <a href=format!("/events/{slug}/topics/{}", outcome.topic.id)>{outcome.topic.title}</a>
                {outcome.featured.then(|| view! { " " <span class="badge">"Highlight"</span> })}
            </h3>
            {(!outcome.expected_html.is_empty()).then(|| view! {
                <details>
                    <summary>"Expected"</summary>
                    <div class="prose" inner_html=outcome.expected_html></div>
                </details>
            })}
            <div class="prose" inner_html=outcome.html></div>
            <OutcomeLinks links=outcome.links />
        </li>
    }
}

/// The write-up fields, shared by posting and editing: title, text, the topics it is about.
#[component]
fn WriteupFields<V>(
    value: V,
    topics: Vec<TopicLink>,
    #[prop(optional)] title: String,
    #[prop(optional)] body: String,
    #[prop(optional)] linked: Vec<i64>,
    /// Keeps ids unique when the page has two of these forms.
    id: &'static str,
) -> impl IntoView
where
    V: With<Value = Option<Result<(), AppError>>> + Copy + Send + Sync + 'static,
{
    let has_topics = !topics.is_empty();
    let boxes = topics.into_iter().enumerate().map(|(index, topic)| {
        let checked = linked.contains(&topic.id);
        view! {
            <label class="check">
                <input type="checkbox" name=format!("writeup[topics][{index}]") value=topic.id
                    checked=checked />
                {topic.title}
            </label>
        }
    });
    view! {
        <FormField name="writeup[title]" id=format!("{id}-title") label="Title" value=title
            maxlength=WRITEUP_TITLE_MAX required=true
            error=field_error(value, "writeup[title]") />
        <FormField name="writeup[body]" id=format!("{id}-body") label="Your write-up" rows=10
            value=body maxlength=WRITEUP_MAX required=true
            hint="Markdown. What you worked on, who you met, what comes next."
            error=field_error(value, "writeup[body]") />
        {has_topics.then(|| view! {
            <fieldset class="topic-choice">
                <legend>"Topics it is about (optional)"</legend>
                {boxes.collect_view()}
                <p class="field-error" role="alert">
                    {move || field_error(value, "writeup[topics]").get()}
                </p>
            </fieldset>
        })}
    }
}

#[component]
fn PostForm(slug: String, topics: Vec<TopicLink>, organiser: bool) -> impl IntoView {
    let post = ServerAction::<PostWriteup>::new();
    let value = post.value();
    // A refused plain post comes back with what was typed.
    let typed = kept::<PostWriteup>()
        .map(|refused| refused.writeup)
        .unwrap_or_default();
    view! {
        <section class="section card" id="post-writeup" aria-labelledby="post-heading">
            <h2 id="post-heading">"Post a write-up"</h2>
            <ActionForm action=post attr:class="form" attr:novalidate="">
                <input type="hidden" name="slug" value=slug />
                <WriteupFields value topics id="post" title=typed.title body=typed.body
                    linked=typed.topics />
                {organiser.then(|| view! {
                    <label class="check">
                        <input type="checkbox" name="pinned" value="yes" />
                        "Pin as the organisers' thank-you post"
                    </label>
                })}
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button" disabled=move || post.pending().get()>
                    "Post write-up"
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn MarkForm(
    slug: String,
    id: i64,
    pinned: bool,
    featured: bool,
    reloads: RwSignal<u32>,
) -> impl IntoView {
    let pin = ServerAction::<MarkWriteup>::new();
    let feature = ServerAction::<MarkWriteup>::new();
    reload_after(pin, reloads);
    reload_after(feature, reloads);
    let pin_slug = slug.clone();
    view! {
        <ActionForm action=pin attr:class="inline-form">
            <input type="hidden" name="slug" value=pin_slug />
            <input type="hidden" name="writeup_id" value=id />
            <input type="hidden" name="mark" value=if pinned { "unpin" } else { "pin" } />
            <button type="submit" class="button-link">{if pinned { "Unpin" } else { "Pin" }}</button>
        </ActionForm>
        <ActionForm action=feature attr:class="inline-form">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="writeup_id" value=id />
            <input type="hidden" name="mark" value=if featured { "unfeature" } else { "feature" } />
            <button type="submit" class="button-link">
                {if featured { "Stop featuring" } else { "Feature" }}
            </button>
        </ActionForm>
    }
}

#[component]
fn RemoveForm(slug: String, id: i64) -> impl IntoView {
    let remove = ServerAction::<RemoveWriteup>::new();
    view! {
        <ActionForm action=remove attr:class="inline-form">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="writeup_id" value=id />
            <button type="submit" class="button-link">"Remove"</button>
        </ActionForm>
        <p class="form-error" role="alert">{form_error(remove.value())}</p>
    }
}

/// Organisers choose how long write-ups and comments stay open.
#[component]
fn WindowForm(
    slug: String,
    chosen: Option<chrono::NaiveDate>,
    reloads: RwSignal<u32>,
) -> impl IntoView {
    let set = ServerAction::<SetWriteupWindow>::new();
    reload_after(set, reloads);
    let value = set.value();
    view! {
        <details class="section">
            <summary><h2>"Write-up window"</h2></summary>
            <ActionForm action=set attr:class="form" attr:novalidate="">
                <input type="hidden" name="slug" value=slug />
                <FormField name="closes_on" kind="date" label="Last day for write-ups and comments"
                    value=chosen.map(|day| day.to_string()).unwrap_or_default()
                    hint="Empty: 30 days after the event ends."
                    error=field_error(value, "closes_on") />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button">"Save"</button>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn WriteupDetailPage() -> impl IntoView {
    provide_kept::<AddComment>();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let writeup_id = move || {
        params
            .read()
            .get("writeup")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let live = Live::new();
    provide_context(live);
    let reloads = RwSignal::new(0u32);
    live.on_message(move |message| {
        if matches!(message, LiveMessage::WriteupsChanged) {
            reloads.update(|n| *n += 1);
        }
    });
    let page = Resource::new(
        move || (slug(), writeup_id(), live.resyncs.get(), reloads.get()),
        |(slug, id, ..)| get_writeup(slug, id),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading write-up…"</p> }>
            {move || page.get().map(|loaded| match loaded {
                Ok(page) => {
                    live.follow(&page.slug, page.live_seq);
                    view! { <WriteupView page live /> }.into_any()
                }
                Err(error) => view! { <ErrorView error /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn WriteupView(page: WriteupPage, live: Live) -> impl IntoView {
    let slug = page.slug.clone();
    let writeup = page.writeup.clone();
    let mine = page.viewer == Some(writeup.author.id);
    let list = format!("/events/{slug}/writeups");
    view! {
        <Title text=writeup.title.clone() />
        <Meta property="og:title" content=writeup.title.clone() />
        <Meta property="og:type" content="article" />
        <article class="writeup writeup-page">
            <p class="event-status">
                <a href=list>{format!("Write-ups · {}", page.event_title)}</a>
                <LiveBadge />
            </p>
            <WriteupBody slug=slug.clone() writeup=writeup.clone() link=false />
            {(mine && page.closed.is_none()).then(|| view! {
                <EditForm slug=slug.clone() writeup=writeup.clone() topics=page.topics.clone() />
            })}
            {(mine || page.organiser).then(|| view! { <RemoveForm slug=slug.clone() id=writeup.id /> })}
            <Comments slug subject=Subject::Writeup(writeup.id) comments=page.comments.clone()
                viewer=page.viewer organiser=page.organiser closed=page.closed live />
        </article>
    }
}

#[component]
fn EditForm(slug: String, writeup: Writeup, topics: Vec<TopicLink>) -> impl IntoView {
    let edit = ServerAction::<EditWriteup>::new();
    let value = edit.value();
    let linked: Vec<i64> = writeup.topics.iter().map(|t| t.id).collect();
    view! {
        <details class="section">
            <summary><h2>"Edit your write-up"</h2></summary>
            <ActionForm action=edit attr:class="form" attr:novalidate="">
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="writeup_id" value=writeup.id />
                <WriteupFields value topics title=writeup.title.clone()
                    body=writeup.markdown.clone() linked id="edit" />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button">"Save write-up"</button>
            </ActionForm>
        </details>
    }
}

/// Organisers of a past event create next year's from it.
#[component]
fn NextYearForm(slug: String, title: String, starts_on: chrono::NaiveDate) -> impl IntoView {
    let copy = ServerAction::<CopyEvent>::new();
    let value = copy.value();
    let (new_slug, new_title, new_start) = next_year(&slug, &title, starts_on);
    view! {
        <details class="section" id="next-year">
            <summary><h2>"Next year's event"</h2></summary>
            <p class="muted">
                "Copies the venue, hotels, transport, visa text, rooms and organisers. You edit
                 the rest next."
            </p>
            <ActionForm action=copy attr:class="form" attr:novalidate="">
                <input type="hidden" name="slug" value=slug />
                <FormField name="new_slug" label="Short name (in its address)" value=new_slug
                    required=true error=field_error(value, "new_slug") />
                <FormField name="title" label="Title" value=new_title required=true
                    error=field_error(value, "title") />
                <FormField name="starts_on" kind="date" label="First day" value=new_start.to_string()
                    required=true error=field_error(value, "starts_on") />
                <label class="check">
                    <input type="checkbox" name="carry_topics" value="yes" checked />
                    "Carry over the topics without a recorded outcome (unverified until checked again)"
                </label>
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button">"Create next year's event"</button>
            </ActionForm>
        </details>
    }
}
