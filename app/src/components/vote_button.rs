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
    // The action forgets its input once answered, so the last one is kept here, with the
    // count the button showed when it was tapped.
    let last = RwSignal::new(None::<(bool, u32)>);
    Effect::new(move |_| {
        if let Some(input) = vote.input().get() {
            last.set(Some((input.on, votes.get_untracked())));
        }
    });
    Effect::new(move |_| {
        if let (Some(Ok(answer)), Some((on, base))) = (vote.value().get(), last.get_untracked()) {
            on_counted.run((on, counted(on, base, answer, votes.get_untracked())));
        }
    });
    let pending_on = move || vote.input().get().map(|input| input.on);
    let shown_voted = move || pending_on().unwrap_or_else(|| voted.get());
    // While the vote is on its way, the live stream may already bring a count with it in: a
    // count that moved since the tap is taken to hold it, so the vote is never counted twice.
    let shown_votes = move || {
        let base = last.with(|last| last.map(|(_, base)| base));
        match (pending_on(), voted.get(), base) {
            (Some(true), false, Some(base)) => votes.get().max(base + 1),
            (Some(false), true, Some(base)) => votes.get().min(base.saturating_sub(1)),
            _ => votes.get(),
        }
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

/// The count to show once the server answers a vote: its answer, unless the live stream moved
/// the count since the tap, in which case either may be the newer. Others' votes in between
/// are then taken to go the same way as this one; the next live count corrects it if not.
fn counted(on: bool, base: u32, answer: u32, live: u32) -> u32 {
    match (live == base, on) {
        (true, _) => answer,
        (false, true) => answer.max(live),
        (false, false) => answer.min(live),
    }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn the_answer_stands_when_nothing_came_live_meanwhile() {
        assert_eq!(counted(true, 5, 6, 5), 6);
        assert_eq!(
            counted(true, 5, 4, 5),
            4,
            "others withdrew before the vote counted"
        );
        assert_eq!(counted(false, 5, 4, 5), 4);
    }

    #[test]
    fn a_newer_live_count_is_not_undone_by_an_older_answer() {
        // Voted at 0, counted as 1, then someone else voted and the live 2 came first.
        assert_eq!(counted(true, 0, 1, 2), 2);
        assert_eq!(counted(false, 3, 2, 1), 1);
    }

    #[test]
    fn an_older_live_count_is_not_kept_over_the_answer() {
        // Voted at 5; a live 5 -> 4 from a withdrawal counted before this vote arrived first.
        assert_eq!(counted(true, 5, 5, 4), 5);
        assert_eq!(counted(false, 5, 5, 6), 5);
    }
}
