//! `/admin/outbox`: every email the app sent or queued, for admins; without SMTP this is
//! where reset links are read.
use crate::api::list_outbox;
use crate::components::ErrorView;
use crate::model::OutboxMail;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let mails = Resource::new(|| (), |_| list_outbox());
    view! {
        <Title text="Outbox" />
        <section class="editor">
            <h1>"Outbox"</h1>
            <p class="muted">"The newest 100 emails. “Queued” ones wait for an SMTP server."</p>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match mails.await {
                        Ok(mails) if mails.is_empty() => {
                            view! { <p class="empty">"No email yet."</p> }.into_any()
                        }
                        Ok(mails) => view! {
                            <ol class="outbox">
                                {mails.into_iter().map(|mail| view! { <MailView mail /> }).collect_view()}
                            </ol>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn attempts(count: u32) -> String {
    match count {
        1 => "1 attempt".into(),
        n => format!("{n} attempts"),
    }
}

#[component]
fn MailView(mail: OutboxMail) -> impl IntoView {
    let when = |at: i64| {
        chrono::DateTime::from_timestamp(at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default()
    };
    let state = match (mail.sent_at, &mail.last_error, mail.retry_at) {
        (Some(at), ..) => format!("Sent {}", when(at)),
        (None, Some(_), Some(retry)) => format!(
            "Not sent: {} failed; next try {}",
            attempts(mail.attempts),
            when(retry)
        ),
        (None, Some(_), None) => format!("Not sent: gave up after {}", attempts(mail.attempts)),
        (None, None, _) => format!("Queued {}", when(mail.created_at)),
    };
    let failed = mail.sent_at.is_none() && mail.last_error.is_some();
    let error = mail
        .last_error
        .filter(|_| failed)
        .map(|error| view! { <p class="form-error">"The mail server said: " {error}</p> });
    view! {
        <li class="card" class:mail-failed=failed>
            <p class="big">{mail.subject}</p>
            <p class="muted">"To " {mail.recipient} " · " {state}</p>
            {error}
            <pre class="mail-body">{mail.body}</pre>
        </li>
    }
}
