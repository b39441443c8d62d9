//! The one-tap vote on a topic, on the board and on the topic's page. It shows the vote at
//! once and rolls back with the server's reason if refused; without JavaScript it is a plain
//! form post.
use crate::api::Vote;
use leptos::prelude::*;

#[component]
pub fn VoteButton(
    slug: String,
    topic_id: i64,
    /// The count as last confirmed (by an answer or the live stream).
    #[prop(into)]
    votes: Signal<u32>,
    #[prop(into)] voted: Signal<bool>,
    signed_in: bool,
    /// The event is over: the count stays, voting is closed.
    #[prop(optional)]
    closed: bool,
    /// Called with (voted, count) once the server has counted the vote.
    on_counted: Callback<(bool, u32)>,
) -> impl IntoView {
    if !signed_in || closed {
        // Nothing to send, so no form: a board's page of cards hydrates that many fewer actions.
        let title = if closed {
            "Voting closed with the event"
        } else {
            "Sign in to vote"
        };
        return view! {
            <div class="vote-form">
                <button type="button" class="vote-button" disabled=true title=title
                    aria-pressed=move || voted.get().to_string()>
                    <span class="vote-count" aria-label="votes">{votes}</span>
                    <span>{move || if voted.get() { "Voted" } else { "Vote" }}</span>
                </button>
            </div>
        }
        .into_any();
    }
    let vote = ServerAction::<Vote>::new();
    // The action forgets its input once answered, so the last one is kept here.
    let last_on = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        if let Some(input) = vote.input().get() {
            last_on.set(Some(input.on));
        }
    });
    Effect::new(move |_| {
        if let (Some(Ok(count)), Some(on)) = (vote.value().get(), last_on.get_untracked()) {
            on_counted.run((on, count));
        }
    });
    let pending_on = move || vote.input().get().map(|input| input.on);
    let shown_voted = move || pending_on().unwrap_or_else(|| voted.get());
    let shown_votes = move || match (pending_on(), voted.get()) {
        (Some(true), false) => votes.get() + 1,
        (Some(false), true) => votes.get().saturating_sub(1),
        _ => votes.get(),
    };
    let error = move || match vote.value().get() {
        Some(Err(error)) => Some(error.to_string()),
        _ => None,
    };
    view! {
        <ActionForm action=vote attr:class="vote-form">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="topic_id" value=topic_id />
            <input type="hidden" name="on" value=move || (!shown_voted()).to_string() />
            <button
                type="submit"
                class="vote-button"
                aria-pressed=move || shown_voted().to_string()
            >
                <span class="vote-count" aria-label="votes">{shown_votes}</span>
                <span>{move || if shown_voted() { "Voted" } else { "Vote" }}</span>
            </button>
        </ActionForm>
        <p class="form-error vote-error" role="alert">{error}</p>
    }
    .into_any()
}
