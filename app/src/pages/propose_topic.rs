//! `/events/{slug}/topics/new`: propose a topic, with the fields of the seed's wiki page.
use crate::api::ProposeTopic;
use crate::auth::{field_error, form_error, use_auth};
use crate::components::{ErrorView, FormField};
use crate::error::AppError;
use crate::kept_form::{kept, provide_kept};
use crate::model::{Difficulty, Gsoc, TopicForm, TITLE_MAX};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProposeTopicPage() -> impl IntoView {
    provide_kept::<ProposeTopic>();
    let auth = use_auth();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    view! {
        <Title text="Propose a topic" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(_)) => view! { <ProposeForm slug=slug() /> }.into_any(),
                    Ok(None) => view! { <ErrorView error=AppError::SignInRequired /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProposeForm(slug: String) -> impl IntoView {
    let propose = ServerAction::<ProposeTopic>::new();
    let value = propose.value();
    // A refused plain post comes back with what was typed.
    let form = kept::<ProposeTopic>().map_or_else(
        || TopicForm {
            difficulty: "n/a".into(),
            gsoc: "n/a".into(),
            ..TopicForm::default()
        },
        |refused| refused.topic,
    );
    view! {
        <section class="form-page">
            <h1>"Propose a topic"</h1>
            <div class="help">
                <p>
                    "Something to discuss, code or work on at the event. Say what it is, what you "
                    "hope comes out of it, and who knows most about it. Others vote and comment; "
                    "organisers mark it verified and put the most wanted on the agenda."
                </p>
                <p class="muted">"The description and outcomes take Markdown."</p>
            </div>
            <ActionForm action=propose attr:class="form" attr:novalidate="">
                <input type="hidden" name="slug" value=slug />
                <TopicFields form value />
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button" disabled=move || propose.pending().get()>
                    "Propose topic"
                </button>
            </ActionForm>
        </section>
    }
}

/// The topic's fields, for proposing and for editing; errors show next to their field.
#[component]
pub fn TopicFields<V>(form: TopicForm, value: V) -> impl IntoView
where
    V: With<Value = Option<Result<(), AppError>>> + Copy + Send + Sync + 'static,
{
    let err = move |name: &str| field_error(value, format!("topic[{name}]"));
    let difficulties = Difficulty::ALL
        .iter()
        .map(|d| (d.as_str(), d.label()))
        .collect();
    let answers = Gsoc::ALL.iter().map(|g| (g.as_str(), g.label())).collect();
    view! {
        <FormField name="topic[title]" label="Title" value=form.title required=true
            maxlength=TITLE_MAX hint="3 to 140 characters, like “Merging PVH into HVM”."
            error=err("title") />
        <FormField name="topic[description_md]" label="Description" value=form.description_md
            rows=8 hint="What it is about and why it matters." error=err("description_md") />
        <FormField name="topic[outcomes_md]" label="Expected outcomes" value=form.outcomes_md
            rows=3 hint="A plan, a patch series, a decision…" error=err("outcomes_md") />
        <FormField name="topic[contacts]" label="Technical contacts" value=form.contacts
            hint="Who knows most about it; several names are fine." error=err("contacts") />
        <FormField name="topic[mailing_list]" label="Mailing list or forum"
            value=form.mailing_list error=err("mailing_list") />
        <FormField name="topic[chat_channel]" label="Chat channel" value=form.chat_channel
            hint="IRC or other, like #xen-devel." error=err("chat_channel") />
        <FormField name="topic[difficulty]" label="Difficulty" options=difficulties
            value=form.difficulty error=err("difficulty") />
        <FormField name="topic[skills]" label="Skills needed" value=form.skills
            error=err("skills") />
        <FormField name="topic[gsoc]" label="Suitable for Google Summer of Code" options=answers
            value=form.gsoc error=err("gsoc") />
    }
}
