//! Comments under a topic (its peer review) or a write-up, with their replies one level deep,
//! kept current by the live stream. Each thread keeps its own reply form, so a comment arriving elsewhere on
//! the page never clears what someone is typing.
use crate::api::{AddComment, DeleteComment, EditComment, HideComment};
use crate::auth::{field_error, form_error};
use crate::components::{FormField, SignInLink};
use crate::error::AppError;
use crate::kept_form::kept;
use crate::live::Live;
use crate::model::{threads, upsert, Comment, LiveMessage, Subject, Thread, COMMENT_MAX};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// What every part of the section needs.
#[derive(Clone, Copy)]
struct Review {
    slug: StoredValue<String>,
    subject: Subject,
    viewer: Option<i64>,
    organiser: bool,
    comments: RwSignal<Vec<Comment>>,
    threads: Memo<Vec<Thread>>,
}

impl Review {
    fn find(self, id: i64) -> Option<Comment> {
        self.threads.with(|threads| {
            threads
                .iter()
                .flat_map(|t| std::iter::once(&t.comment).chain(&t.replies))
                .find(|c| c.id == id)
                .cloned()
        })
    }

    /// Puts each comment an action answers with in place, at once: the live stream brings
    /// the same again to the other pages.
    fn keep<S>(self, action: ServerAction<S>)
    where
        S: ServerFn<Output = Comment, Error = AppError> + Send + Sync + Clone + 'static,
    {
        Effect::new(move |_| {
            if let Some(Ok(comment)) = action.value().get() {
                self.comments.update(|list| upsert(list, comment));
            }
        });
    }
}

#[component]
pub fn Comments(
    slug: String,
    subject: Subject,
    comments: Vec<Comment>,
    viewer: Option<i64>,
    organiser: bool,
    /// Why nobody may comment now (an archived event after its window), if so.
    closed: Option<String>,
    live: Live,
) -> impl IntoView {
    let comments = RwSignal::new(comments);
    live.on_message(move |message| {
        if let LiveMessage::CommentChanged { comment } = message {
            if comment.subject == subject {
                comments.update(|list| upsert(list, comment.clone()));
            }
        }
    });
    let review = Review {
        slug: StoredValue::new(slug),
        subject,
        viewer,
        organiser,
        comments,
        threads: Memo::new(move |_| threads(&comments.read())),
    };
    let thread_ids = move || {
        review
            .threads
            .with(|threads| threads.iter().map(|t| t.comment.id).collect::<Vec<_>>())
    };
    let (title, invitation) = match subject {
        Subject::Topic(_) => (
            "Peer review",
            "No comments yet. Questions, doubts and pointers help the proposer.",
        ),
        Subject::Writeup(_) => (
            "Comments",
            "No comments yet. Were you there? Add what you remember.",
        ),
    };
    let heading = move || match comments.with(|list| list.iter().filter(|c| !c.gone).count()) {
        0 => title.to_owned(),
        n => format!("{title} ({n})"),
    };
    let empty = move || review.threads.with(Vec::is_empty);
    view! {
        <section class="section comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading">{heading}</h2>
            <p class="muted" hidden=move || !empty()>
                {invitation}
            </p>
            <ol class="threads">
                <For each=thread_ids key=|id| *id let:id>
                    <ThreadView review id />
                </For>
            </ol>
            {match (closed, viewer) {
                (Some(why), _) => view! { <p class="muted">{why}</p> }.into_any(),
                (None, Some(_)) => view! { <CommentForm review reply_to=None /> }.into_any(),
                (None, None) => view! {
                    <p class="muted">
                        <SignInLink>"Sign in"</SignInLink> " to comment."
                    </p>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn ThreadView(review: Review, id: i64) -> impl IntoView {
    let reply_ids = move || {
        review.threads.with(|threads| {
            threads
                .iter()
                .find(|t| t.comment.id == id)
                .map(|t| t.replies.iter().map(|r| r.id).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let answerable = move || review.find(id).is_some_and(|c| !c.gone && !c.hidden);
    view! {
        <li class="thread">
            <CommentView review id />
            <ol class="replies">
                <For each=reply_ids key=|id| *id let:reply>
                    <li><CommentView review id=reply /></li>
                </For>
            </ol>
            {review.viewer.is_some().then(|| view! {
                <details class="reply" hidden=move || !answerable()>
                    <summary>"Reply"</summary>
                    <CommentForm review reply_to=Some(id) />
                </details>
            })}
        </li>
    }
}

/// One comment; it redraws itself when it changes.
#[component]
fn CommentView(review: Review, id: i64) -> impl IntoView {
    move || {
        let comment = review.find(id)?;
        let anchor = format!("comment-{id}");
        if comment.gone {
            let why = if comment.hidden {
                "Hidden by the organisers."
            } else {
                "Comment deleted."
            };
            return Some(
                view! {
                    <article class="comment comment-gone" id=anchor>
                        <p class="muted">{why}</p>
                    </article>
                }
                .into_any(),
            );
        }
        let mine = review.viewer == Some(comment.author.id);
        let when = comment
            .created_at
            .format("%-d %b %Y, %H:%M UTC")
            .to_string();
        let affiliation = comment.author.affiliation.clone();
        Some(
            view! {
                <article class="comment" class:comment-hidden=comment.hidden id=anchor>
                    <header class="comment-meta">
                        <strong>{comment.author.display_name.clone()}</strong>
                        {(!affiliation.is_empty()).then(|| view! {
                            <span class="muted">{affiliation}</span>
                        })}
                        <time datetime=comment.created_at.to_rfc3339()>{when}</time>
                        {comment.edited.then(|| view! { <span class="muted">"(edited)"</span> })}
                        {comment.hidden.then(|| view! {
                            <span class="badge">"Hidden from participants"</span>
                        })}
                    </header>
                    <div class="prose" inner_html=comment.html.clone()></div>
                    <div class="comment-actions">
                        {mine.then(|| view! { <EditCommentForm review comment=comment.clone() /> })}
                        {mine.then(|| view! { <DeleteCommentForm review id /> })}
                        {review.organiser.then(|| view! {
                            <HideCommentForm review id hidden=comment.hidden />
                        })}
                    </div>
                </article>
            }
            .into_any(),
        )
    }
}

/// A new comment, or a reply to the comment `reply_to`; empty again once posted.
#[component]
fn CommentForm(review: Review, reply_to: Option<i64>) -> impl IntoView {
    let add = ServerAction::<AddComment>::new();
    review.keep(add);
    let value = add.value();
    // Empty again after a successful post; a refused one keeps the text.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(form)) = (value.get(), form.get_untracked()) {
            form.reset();
        }
    });
    let typed = kept::<AddComment>()
        .filter(|refused| refused.on == review.subject && refused.reply_to == reply_to)
        .map(|refused| refused.body)
        .unwrap_or_default();
    let (label, button, id) = match reply_to {
        None => ("Your comment", "Post comment", "field-comment".to_owned()),
        Some(to) => ("Your reply", "Post reply", format!("field-reply-{to}")),
    };
    view! {
        <ActionForm action=add node_ref=form attr:class="form comment-form" attr:novalidate="">
            <input type="hidden" name="slug" value=review.slug.get_value() />
            <input type="hidden" name="on" value=review.subject.to_string() />
            {reply_to.map(|to| view! { <input type="hidden" name="reply_to" value=to /> })}
            <FormField name="body" id label rows=4 maxlength=COMMENT_MAX value=typed
                hint=match review.subject {
                    Subject::Topic(_) => "Markdown. Questions welcome: the proposer answers here.",
                    Subject::Writeup(_) => "Markdown.",
                }
                error=field_error(value, "body") />
            <p class="form-error" role="alert">{form_error(value)}</p>
            <button type="submit" class="button" disabled=move || add.pending().get()>
                {button}
            </button>
        </ActionForm>
    }
}

#[component]
fn EditCommentForm(review: Review, comment: Comment) -> impl IntoView {
    let edit = ServerAction::<EditComment>::new();
    review.keep(edit);
    let value = edit.value();
    view! {
        <details class="comment-edit">
            <summary>"Edit"</summary>
            <ActionForm action=edit attr:class="form" attr:novalidate="">
                <input type="hidden" name="slug" value=review.slug.get_value() />
                <input type="hidden" name="comment_id" value=comment.id />
                <FormField name="body" id=format!("field-edit-{}", comment.id) label="Edit your comment"
                    rows=4 maxlength=COMMENT_MAX value=comment.markdown.clone()
                    error=field_error(value, "body") />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button">"Save comment"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn DeleteCommentForm(review: Review, id: i64) -> impl IntoView {
    let delete = ServerAction::<DeleteComment>::new();
    review.keep(delete);
    view! {
        <ActionForm action=delete attr:class="inline-form">
            <input type="hidden" name="slug" value=review.slug.get_value() />
            <input type="hidden" name="comment_id" value=id />
            <button type="submit" class="button-link">"Delete"</button>
        </ActionForm>
        <p class="form-error" role="alert">{form_error(delete.value())}</p>
    }
}

#[component]
fn HideCommentForm(review: Review, id: i64, hidden: bool) -> impl IntoView {
    let hide = ServerAction::<HideComment>::new();
    review.keep(hide);
    view! {
        <ActionForm action=hide attr:class="inline-form">
            <input type="hidden" name="slug" value=review.slug.get_value() />
            <input type="hidden" name="comment_id" value=id />
            <input type="hidden" name="hidden" value=(!hidden).to_string() />
            <button type="submit" class="button-link">
                {if hidden { "Show again" } else { "Hide" }}
            </button>
        </ActionForm>
        <p class="form-error" role="alert">{form_error(hide.value())}</p>
    }
}
